//! Downloading an attachment: its ciphertext's SHA-256 checked against the message that lists
//! it (the report, or an answer) before any byte is sent, then decrypted on a blocking thread
//! and streamed.

use std::io::{BufReader, Read};

use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::crypto::case_access::CaseKey;
use crate::crypto::sealed::{ObjectKind, ObjectRef};
use crate::domain::case::CaseId;
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
        let (_, key, report) = self.open_report(session, id).await?;
        let entry = self
            .store
            .case_blob(id, file)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        // A report's file is vouched for by the report, an answer's by its answer.
        let listed = match report.attachment(file) {
            Some(a) => a.sha256.clone(),
            None => {
                self.answer_file_listing(session, id, &key, file, entry.message_seq)
                    .await?
            }
        };
        let blob = entry.id;
        let digest = self.digest(&blob).await?;
        self.check_digest(
            &session.account.name,
            ObjectRef::new(id, ObjectKind::Attachment, file),
            &digest,
            entry.mac.as_deref(),
        )
        .await?;
        if listed != hex::encode(digest) {
            return Err(WorkspaceError::Integrity(
                "attachment does not match the message that lists it".into(),
            ));
        }
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
