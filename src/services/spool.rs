//! Receiving a file while it arrives: each network chunk is age-encrypted in memory to an
//! ephemeral key (`crypto::spool`) and appended to a spool file asynchronously. Memory per
//! upload is a network chunk, the age stream's 64 KiB buffer and up to 256 KiB of ciphertext
//! waiting to be written; no thread is held while a slow client sends, and plaintext never
//! reaches the disk.
//!
//! Spool disk is a byte budget shared server-wide, charged as ciphertext is actually written
//! to a spool file and given back when the file is deleted (upload refused, abandoned or
//! sealed). Holding a share of it therefore costs a sender the bandwidth to fill it; a sender
//! who stops is cut off by the server's body idle timeout (`http::server`) and loses what it
//! held. A far larger cap on files being received or waiting to be sealed bounds the memory
//! and file handles of many tiny files. Past either, uploads are refused with "busy" rather
//! than queued behind slow senders.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use tokio::io::AsyncWriteExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::crypto::server_secret::create_private;
use crate::crypto::spool::SpoolKey;

/// How many bytes of a file's start are kept in memory for type detection.
pub const HEAD_BYTES: usize = 8192;
/// Ciphertext gathered before a write to the spool file.
const WRITE_BATCH: usize = 256 * 1024;

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
    _slot: OwnedSemaphorePermit,
    /// The share of the byte budget this file's ciphertext holds on disk.
    charged: Option<OwnedSemaphorePermit>,
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

/// Why a spool could not be started or written.
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// Too many uploads in progress, or the spool's byte budget is spent.
    #[error("too many uploads in progress")]
    Busy,
    /// Disk or encryption failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The spool directory, the server-wide cap on files in it and its byte budget.
#[derive(Clone)]
pub struct Spooler {
    dir: PathBuf,
    slots: Arc<Semaphore>,
    /// One permit per byte of ciphertext on disk.
    budget: Arc<Semaphore>,
}

/// A `Write` into a buffer shared with the async side, which moves its bytes to the file.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Shared {
    fn len(&self) -> usize {
        self.0
            .lock()
            .map(|g| g.len())
            .unwrap_or_else(|e| e.into_inner().len())
    }

    fn take(&self) -> Vec<u8> {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *guard)
    }
}

impl Write for Shared {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        guard.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file being received. Dropping it abandons the file (the spool is deleted).
pub struct SpoolWriter {
    file: tokio::fs::File,
    cipher: age::stream::StreamWriter<Shared>,
    out: Shared,
    spooled: SpooledFile,
    budget: Arc<Semaphore>,
}

impl Spooler {
    /// Uses `dir` (created, mode 0700) for spool files; at most `max_files` at once, holding
    /// at most `budget_bytes` of ciphertext together.
    pub fn new(dir: PathBuf, max_files: usize, budget_bytes: u64) -> std::io::Result<Self> {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&dir)?;
        Ok(Self {
            dir,
            slots: Arc::new(Semaphore::new(max_files.clamp(1, Semaphore::MAX_PERMITS))),
            budget: Arc::new(Semaphore::new(
                usize::try_from(budget_bytes)
                    .unwrap_or(usize::MAX)
                    .min(Semaphore::MAX_PERMITS),
            )),
        })
    }

    /// Bytes of the budget not held by any spool file.
    pub fn budget_available(&self) -> u64 {
        self.budget.available_permits() as u64
    }

    /// Deletes spool files last written more than `age` ago: their process is gone (its key
    /// with it), so they are unreadable leftovers. Young files may belong to another server
    /// process sharing the directory during a restart, and are left alone.
    pub fn sweep(&self, age: Duration) -> std::io::Result<usize> {
        let now = SystemTime::now();
        let mut n = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|d| d >= age);
            if meta.is_file() && old {
                std::fs::remove_file(entry.path())?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Starts receiving a file called `name`.
    pub async fn begin(&self, name: String) -> Result<SpoolWriter, SpoolError> {
        let slot = Arc::clone(&self.slots)
            .try_acquire_owned()
            .map_err(|_| SpoolError::Busy)?;
        let id = crate::crypto::random_bytes::<16>().map_err(std::io::Error::other)?;
        let path = self.dir.join(format!("{}.spool", hex::encode(id)));
        let file = tokio::fs::File::from_std(create_private(&path)?);
        let spooled = SpooledFile {
            path,
            name,
            size: 0,
            head: Vec::new(),
            key: SpoolKey::new(),
            _slot: slot,
            charged: None,
        };
        let out = Shared::default();
        let cipher = spooled.key.writer(out.clone())?;
        Ok(SpoolWriter {
            file,
            cipher,
            out,
            spooled,
            budget: Arc::clone(&self.budget),
        })
    }
}

impl SpoolWriter {
    /// Bytes received so far.
    pub fn size(&self) -> u64 {
        self.spooled.size
    }

    /// Encrypts and appends a chunk. `Busy` when the spool's byte budget cannot take the
    /// ciphertext (the caller abandons the file, which gives its share back).
    pub async fn write(&mut self, chunk: Bytes) -> Result<(), SpoolError> {
        let head = &mut self.spooled.head;
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        self.spooled.size += chunk.len() as u64;
        self.cipher.write_all(&chunk)?;
        // Batch small network chunks into fewer, larger file writes (each async file write is
        // a trip to the blocking pool).
        if self.out.len() >= WRITE_BATCH {
            let ciphertext = self.out.take();
            charge(&self.budget, &mut self.spooled.charged, ciphertext.len())?;
            self.file.write_all(&ciphertext).await?;
        }
        Ok(())
    }

    /// Completes the file.
    pub async fn finish(self) -> Result<SpooledFile, SpoolError> {
        let SpoolWriter {
            mut file,
            cipher,
            out,
            mut spooled,
            budget,
        } = self;
        cipher.finish()?;
        let ciphertext = out.take();
        charge(&budget, &mut spooled.charged, ciphertext.len())?;
        file.write_all(&ciphertext).await?;
        file.flush().await?;
        Ok(spooled)
    }
}

/// Takes `bytes` from the budget into `held`, before they are written; `Busy` if it is spent.
fn charge(
    budget: &Arc<Semaphore>,
    held: &mut Option<OwnedSemaphorePermit>,
    bytes: usize,
) -> Result<(), SpoolError> {
    if bytes == 0 {
        return Ok(());
    }
    let n = u32::try_from(bytes).map_err(|_| SpoolError::Busy)?;
    let permit = Arc::clone(budget)
        .try_acquire_many_owned(n)
        .map_err(|_| SpoolError::Busy)?;
    match held {
        Some(p) => p.merge(permit),
        None => *held = Some(permit),
    }
    Ok(())
}
