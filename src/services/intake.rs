//! Taking in a report: clean and seal its attachments into staged blobs, seal the report, and
//! store the case in one short transaction; hand back the receipt.
//!
//! The receipt is returned only after the commit has returned, and the commit is durable
//! (`synchronous = FULL`), so a receipt a person has seen always refers to a complete case. If
//! anything fails, staged blobs are deleted and nothing of the submission remains.

use std::io::{BufReader, Cursor, Read};
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};

use crate::clock::Clock;
use crate::crypto::attachment::{safe_name, seal_attachment};
use crate::crypto::seal::{OpenCase, SealError, Sealer};
use crate::crypto::sealed::Ciphertext;
use crate::domain::case::ReceivedDay;
use crate::domain::document::AttachmentInfo;
use crate::domain::receipt::Receipt;
use crate::domain::report::Report;
use crate::scrub::{self, Kind, Outcome, Reason, Scrubbed};
use crate::services::spool::SpooledFile;
use crate::store::{BlobId, CHUNK_SIZE, Store, StoreError};

const MIB: u64 = 1024 * 1024;

/// Limits on attachments.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files per report.
    pub max_files: usize,
    /// Bytes per file.
    pub max_file_bytes: u64,
    /// Largest file cleaned in memory; larger files of known types are stored unchanged and
    /// marked. Memory for cleaning is also capped across all uploads (see `Intake::new`).
    pub scrub_max_bytes: u64,
    /// Files being received or awaiting sealing, server-wide; beyond it uploads are refused
    /// as busy. Bounds spool disk use to this times `max_file_bytes`.
    pub max_concurrent_files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_files: 5,
            max_file_bytes: 100 * MIB,
            scrub_max_bytes: 32 * MIB,
            max_concurrent_files: 64,
        }
    }
}

/// The intake use case.
pub struct Intake {
    sealer: Arc<Sealer>,
    store: Store,
    clock: Arc<dyn Clock>,
    limits: Limits,
    /// Bounds concurrent sealing on the blocking pool.
    sealing: Arc<Semaphore>,
    /// Memory for in-memory cleaning, in MiB permits: four times the largest file cleaned.
    scrub_memory: Arc<Semaphore>,
    /// E-mail notice of new reports, if configured.
    notifier: Option<Arc<crate::services::notify::Notifier>>,
}

/// Why a report was not taken in. None of these carries report content.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// No recipient configured: refuse rather than store anything unencrypted.
    #[error("intake is closed: no investigator keys are configured")]
    Closed,
    /// Sealing failed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// Storing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading a spool or writing ciphertext failed.
    #[error("attachment processing failed: {0}")]
    Io(#[from] std::io::Error),
    /// A worker task did not complete.
    #[error("sealing task failed")]
    Task,
}

impl Intake {
    /// Builds the service.
    pub fn new(sealer: Arc<Sealer>, store: Store, clock: Arc<dyn Clock>, limits: Limits) -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let scrub_mib = usize::try_from((4 * limits.scrub_max_bytes).div_ceil(MIB))
            .unwrap_or(usize::MAX)
            .clamp(1, Semaphore::MAX_PERMITS);
        Self {
            sealer,
            store,
            clock,
            limits,
            sealing: Arc::new(Semaphore::new(workers * 2)),
            scrub_memory: Arc::new(Semaphore::new(scrub_mib)),
            notifier: None,
        }
    }

    /// Sends the (content-free, delayed) "new reports" e-mail after each stored report.
    pub fn with_notifier(mut self, notifier: Arc<crate::services::notify::Notifier>) -> Self {
        self.notifier = Some(notifier);
        self
    }

    /// False when reports cannot be accepted (no recipients).
    pub fn is_open(&self) -> bool {
        !self.sealer.is_closed()
    }

    /// The attachment limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Seals and stores `report` with its `files`; returns the receipt to show once.
    pub async fn submit(
        &self,
        report: Report,
        files: Vec<SpooledFile>,
    ) -> Result<Receipt, IntakeError> {
        if self.sealer.is_closed() {
            return Err(IntakeError::Closed);
        }
        let day = ReceivedDay::new(self.clock.today());
        let readers = self.store.active_readers().await?;
        let case = self.sealer.open_case(day, readers)?;
        let mut staged = Vec::with_capacity(files.len());
        let result = self.store_case(case, report, files, &mut staged).await;
        if result.is_err() && !staged.is_empty() {
            if let Err(e) = self.store.discard_staged(&staged).await {
                tracing::error!(error = %e, "could not delete staged attachments; they are removed at next start");
            }
        }
        if result.is_ok() {
            // Debug level only: an info line per report, timestamped by the log system, would
            // record the exact arrival time the database deliberately leaves out.
            tracing::debug!(attachments = staged.len(), "report stored");
            if let Some(n) = &self.notifier {
                n.new_report();
            }
        }
        result
    }

    async fn store_case(
        &self,
        case: OpenCase,
        report: Report,
        files: Vec<SpooledFile>,
        staged: &mut Vec<BlobId>,
    ) -> Result<Receipt, IntakeError> {
        let mut infos = Vec::with_capacity(files.len());
        for (i, file) in files.into_iter().enumerate() {
            let name = format!("attachment-{:02}", i + 1);
            let blob =
                BlobId::from_random(crate::crypto::random_bytes::<16>().map_err(SealError::from)?);
            self.store
                .stage_blob(&blob, &name, case.received_day())
                .await?;
            staged.push(blob.clone());
            infos.push(self.seal_file(&case, file, name, &blob).await?);
        }
        let report_blob =
            BlobId::from_random(crate::crypto::random_bytes::<16>().map_err(SealError::from)?);
        let permit = self
            .sealing
            .acquire()
            .await
            .map_err(|_| IntakeError::Task)?;
        let sealer = Arc::clone(&self.sealer);
        let (sealed, receipt) = tokio::task::spawn_blocking(move || {
            case.seal_report(&report, infos, sealer.receipt_keys())
        })
        .await
        .map_err(|_| IntakeError::Task)??;
        drop(permit);
        self.store
            .insert_case(&sealed, &report_blob, staged)
            .await?;
        Ok(receipt)
    }

    /// Decrypts one spool, cleans it if it can, seals it to the case's recipients and streams
    /// the ciphertext into the staged blob, 1 MiB per row.
    async fn seal_file(
        &self,
        case: &OpenCase,
        file: SpooledFile,
        blob_name: String,
        blob: &BlobId,
    ) -> Result<AttachmentInfo, IntakeError> {
        let kind = Kind::detect(&file.head);
        let fits = file.size <= self.limits.scrub_max_bytes;
        let memory = if kind.is_scrubbable() && fits {
            // Pictures need the file and its cleaned copy; PDF and office parsers hold parsed
            // or decompressed structures besides (bounded in `scrub`), so reserve more.
            let factor = match kind {
                Kind::Pdf | Kind::Zip => 4,
                _ => 2,
            };
            let mib = u32::try_from((factor * file.size).div_ceil(MIB).max(1)).unwrap_or(u32::MAX);
            Some(
                Arc::clone(&self.scrub_memory)
                    .acquire_many_owned(mib)
                    .await
                    .map_err(|_| IntakeError::Task)?,
            )
        } else {
            None
        };
        let sealing = Arc::clone(&self.sealing)
            .acquire_owned()
            .await
            .map_err(|_| IntakeError::Task)?;
        let recipients = case.content_recipients();
        let (tx, mut rx) = mpsc::channel::<Ciphertext>(2);
        let task = tokio::task::spawn_blocking(move || -> Result<AttachmentInfo, IntakeError> {
            let _held = (memory.as_ref(), sealing);
            let mut plain = file
                .key
                .reader(BufReader::new(std::fs::File::open(file.path())?))?;
            let original = safe_name(&file.name);
            let dyn_recipients: Vec<&dyn age::Recipient> = recipients
                .iter()
                .map(|r| r as &dyn age::Recipient)
                .collect();
            let send = move |chunk: Ciphertext| {
                tx.blocking_send(chunk)
                    .map_err(|_| std::io::Error::other("blob writer stopped"))
            };
            let (info_base, sealed) = if memory.is_some() {
                let mut bytes = Vec::with_capacity(usize::try_from(file.size).unwrap_or(0));
                plain.read_to_end(&mut bytes)?;
                let cleaned = scrub::scrub(bytes);
                let size = cleaned.bytes.len() as u64;
                let info = describe(&cleaned, size);
                let sealed = seal_attachment(
                    &dyn_recipients,
                    &original,
                    size,
                    Cursor::new(cleaned.bytes),
                    CHUNK_SIZE,
                    send,
                )?;
                (info, sealed)
            } else {
                let reason = if kind.is_scrubbable() {
                    Reason::TooLarge
                } else {
                    Reason::UnknownType
                };
                let info = describe(&scrub::unchanged(Vec::new(), kind, reason), file.size);
                let sealed = seal_attachment(
                    &dyn_recipients,
                    &original,
                    file.size,
                    &mut plain,
                    CHUNK_SIZE,
                    send,
                )?;
                (info, sealed)
            };
            let mut info = info_base;
            info.file = blob_name;
            info.name = original;
            info.sha256 = sealed.sha256;
            Ok(info)
        });
        let mut index = 0;
        let mut store_error = None;
        while let Some(chunk) = rx.recv().await {
            if let Err(e) = self.store.append_chunk(blob, index, &chunk).await {
                store_error = Some(e);
                break;
            }
            index += 1;
        }
        drop(rx);
        let info = task.await.map_err(|_| IntakeError::Task)?;
        match store_error {
            Some(e) => Err(e.into()),
            None => info,
        }
    }
}

fn describe(s: &Scrubbed, size: u64) -> AttachmentInfo {
    let (removed, note) = match s.outcome {
        Outcome::Cleaned => (true, None),
        Outcome::NotRemoved(r) => (false, Some(r.code().to_owned())),
    };
    AttachmentInfo {
        file: String::new(),
        name: String::new(),
        sha256: String::new(),
        size,
        mime: s.mime().to_owned(),
        metadata_removed: removed,
        note,
    }
}
