//! Downloading an attachment: its ciphertext's SHA-256 checked against the message that lists
//! it (the report, or an answer) before any byte is sent, then decrypted on a blocking thread
//! and streamed.

use std::io::{BufReader, Read};

use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::crypto::case_access::CaseKey;
use crate::crypto::sealed::{ObjectKind, ObjectRef};
use crate::domain::case::CaseId;
use crate::domain::document::PREVIEW_SUFFIX;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;
use crate::store::{BlobId, Store, StoreError};

use super::{Workspace, WorkspaceError};

/// An attachment being decrypted for download.
pub struct Download {
    /// The original file name (cleaned of paths and control characters).
    pub name: String,
    /// Plaintext chunks.
    pub chunks: mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
}

impl Workspace {
    /// Starts decrypting attachment `file` (`attachment-01`…) of a case. The ciphertext's
    /// SHA-256 is checked against the report's list before any byte is sent. Audited as
    /// `case.download`.
    pub async fn download(
        &self,
        session: &Session,
        id: &CaseId,
        file: &str,
    ) -> Result<Download, WorkspaceError> {
        let (key, blob) = self.listed_blob(session, id, file, false).await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseDownload,
                id.as_str(),
                file,
            )
            .await?;
        let (tx, rx) = mpsc::channel(4);
        let (name_tx, name_rx) = tokio::sync::oneshot::channel();
        let store = self.store.clone();
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let source = BufReader::new(ChunkReader::new(store, blob, handle));
            let result = stream_attachment(&key, source, &tx, name_tx);
            if let Err(e) = result {
                let _ = tx.blocking_send(Err(e));
            }
        });
        let name = name_rx
            .await
            .map_err(|_| WorkspaceError::Integrity("attachment did not decrypt".into()))?;
        Ok(Download { name, chunks: rx })
    }

    /// The safe preview of attachment `file` (`attachment-01`…): a small PNG the cleaning
    /// worker drew from its pixels, checked like a download (MAC, and the SHA-256 its
    /// message lists) and decrypted whole (it is at most a few hundred KiB).
    ///
    /// Not audited on its own: the case page that shows it is (`case.view`), and a preview
    /// shows nothing the page's reader cannot already download.
    pub async fn preview(
        &self,
        session: &Session,
        id: &CaseId,
        file: &str,
    ) -> Result<Zeroizing<Vec<u8>>, WorkspaceError> {
        let (key, blob) = self.listed_blob(session, id, file, true).await?;
        let store = self.store.clone();
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let source = BufReader::new(ChunkReader::new(store, blob, handle));
            let plain = key
                .reader(source)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let mut archive = tar::Archive::new(plain);
            let mut entries = archive.entries()?;
            let entry = entries
                .next()
                .ok_or_else(|| std::io::Error::other("empty preview archive"))??;
            let mut png = Zeroizing::new(Vec::new());
            entry.take(MAX_PREVIEW + 1).read_to_end(&mut png)?;
            if png.len() as u64 > MAX_PREVIEW {
                return Err(std::io::Error::other("preview too large"));
            }
            Ok(png)
        })
        .await
        .map_err(|_| WorkspaceError::Integrity("preview did not decrypt".into()))?
        .map_err(|_| WorkspaceError::Integrity("preview did not decrypt".into()))
    }

    /// The case key and the blob of attachment `file` (or of its preview), once the blob's
    /// MAC and the SHA-256 its message lists (the report, or an answer) are checked.
    async fn listed_blob(
        &self,
        session: &Session,
        id: &CaseId,
        file: &str,
        preview: bool,
    ) -> Result<(CaseKey, BlobId), WorkspaceError> {
        let (_, key, report) = self.open_report(session, id).await?;
        let name = if preview {
            format!("{file}{PREVIEW_SUFFIX}")
        } else {
            file.to_owned()
        };
        let entry = self
            .store
            .case_blob(id, &name)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        // A report's file is vouched for by the report, an answer's by its answer; a
        // preview by the same listing, under its file.
        let info = match report.attachment(file) {
            Some(a) => a.clone(),
            None => {
                self.answer_file_listing(session, id, &key, file, entry.message_seq)
                    .await?
            }
        };
        let listed = if preview {
            match &info.preview {
                Some(p) if p.file == name => p.sha256.clone(),
                _ => return Err(WorkspaceError::NotFound),
            }
        } else {
            info.sha256.clone()
        };
        let blob = entry.id;
        let digest = self.digest(&blob).await?;
        self.check_digest(
            &session.account.name,
            ObjectRef::new(id, ObjectKind::Attachment, &name),
            &digest,
            entry.mac.as_deref(),
        )
        .await?;
        if listed != hex::encode(digest) {
            return Err(WorkspaceError::Integrity(
                "attachment does not match the message that lists it".into(),
            ));
        }
        Ok((key, blob))
    }

    async fn digest(&self, blob: &BlobId) -> Result<[u8; 32], StoreError> {
        let mut h = Sha256::new();
        let mut i = 0;
        while let Some(chunk) = self.store.read_chunk(blob, i).await? {
            h.update(&chunk);
            i += 1;
        }
        Ok(h.finalize().into())
    }
}

/// The largest preview a case page shows: far more than a 480-pixel PNG needs.
const MAX_PREVIEW: u64 = 2 << 20;

/// Decrypts an attachment (a one-file tar archive) and sends the file's bytes down `tx`.
fn stream_attachment(
    key: &CaseKey,
    source: impl std::io::BufRead,
    tx: &mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    name_tx: tokio::sync::oneshot::Sender<String>,
) -> Result<(), std::io::Error> {
    let plain = key
        .reader(source)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut archive = tar::Archive::new(plain);
    let mut entries = archive.entries()?;
    let mut entry = entries
        .next()
        .ok_or_else(|| std::io::Error::other("empty attachment archive"))??;
    let raw_name = entry
        .path()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = name_tx.send(crate::crypto::attachment::safe_name(&raw_name));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = entry.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        if tx.blocking_send(Ok(buf[..n].to_vec())).is_err() {
            return Ok(()); // the client went away
        }
    }
}

/// Reads a blob's chunks in order from a blocking thread.
struct ChunkReader {
    store: Store,
    blob: BlobId,
    handle: tokio::runtime::Handle,
    next: usize,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl ChunkReader {
    fn new(store: Store, blob: BlobId, handle: tokio::runtime::Handle) -> Self {
        Self {
            store,
            blob,
            handle,
            next: 0,
            current: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.current.len() {
            if self.done {
                return Ok(0);
            }
            let chunk = self
                .handle
                .block_on(self.store.read_chunk(&self.blob, self.next))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            match chunk {
                Some(c) => {
                    self.current = c;
                    self.pos = 0;
                    self.next += 1;
                }
                None => self.done = true,
            }
        }
        let n = buf.len().min(self.current.len() - self.pos);
        buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
