//! Receiving a file while it arrives: bytes go through a bounded channel to a blocking thread
//! that age-encrypts them to an ephemeral key into a spool file (`crypto::spool`). Memory per
//! upload is bounded by the channel (16 network chunks); plaintext never reaches the disk.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::crypto::server_secret::create_private;
use crate::crypto::spool::SpoolKey;

/// How many bytes of a file's start are kept in memory for type detection.
pub const HEAD_BYTES: usize = 8192;
const QUEUE: usize = 16;

/// A fully received upload, encrypted on disk. The spool file is deleted when this is dropped.
pub struct SpooledFile {
    path: PathBuf,
    /// The file name the browser sent.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// The first bytes, for type detection.
    pub head: Vec<u8>,
    /// The key the spool is encrypted to.
    pub key: SpoolKey,
}

impl SpooledFile {
    /// Where the ciphertext lies.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SpooledFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The spool directory.
#[derive(Clone)]
pub struct Spooler {
    dir: PathBuf,
}

/// A file being received.
pub struct SpoolWriter {
    tx: mpsc::Sender<Bytes>,
    task: JoinHandle<std::io::Result<SpooledFile>>,
    size: u64,
    head: Vec<u8>,
}

impl Spooler {
    /// Uses `dir` (created, mode 0700) for spool files.
    pub fn new(dir: PathBuf) -> std::io::Result<Self> {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&dir)?;
        Ok(Self { dir })
    }

    /// Deletes every spool file: at start, those are leftovers of uploads cut off by a crash.
    pub fn sweep(&self) -> std::io::Result<usize> {
        let mut n = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.is_file() {
                std::fs::remove_file(&path)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Starts receiving a file called `name`.
    pub fn begin(&self, name: String) -> std::io::Result<SpoolWriter> {
        let id = crate::crypto::random_bytes::<16>().map_err(std::io::Error::other)?;
        let path = self.dir.join(format!("{}.spool", hex::encode(id)));
        let file = create_private(&path)?;
        let key = SpoolKey::new();
        let (tx, mut rx) = mpsc::channel::<Bytes>(QUEUE);
        let task = tokio::task::spawn_blocking(move || {
            let mut spooled = SpooledFile {
                path,
                name,
                size: 0,
                head: Vec::new(),
                key,
            };
            let mut writer = spooled.key.writer(BufWriter::new(file))?;
            while let Some(chunk) = rx.blocking_recv() {
                writer.write_all(&chunk)?;
                spooled.size += chunk.len() as u64;
            }
            writer.finish()?.flush()?;
            Ok(spooled)
        });
        Ok(SpoolWriter {
            tx,
            task,
            size: 0,
            head: Vec::new(),
        })
    }
}

impl SpoolWriter {
    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a chunk (waits while the writer thread is behind: back-pressure on the client).
    pub async fn write(&mut self, chunk: Bytes) -> std::io::Result<()> {
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.size += chunk.len() as u64;
        self.tx
            .send(chunk)
            .await
            .map_err(|_| std::io::Error::other("spool writer stopped"))
    }

    /// Completes the file. Dropping a `SpoolWriter` instead abandons it (the file is deleted).
    pub async fn finish(self) -> std::io::Result<SpooledFile> {
        drop(self.tx);
        let mut spooled = self
            .task
            .await
            .map_err(|_| std::io::Error::other("spool task failed"))??;
        spooled.head = self.head;
        Ok(spooled)
    }
}
