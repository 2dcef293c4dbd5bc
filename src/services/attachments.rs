//! Files that come with a report or an answer: decrypted from their spool, cleaned of hidden
//! metadata where Filimbi knows the format, sealed to the case's readers and streamed into a
//! staged blob. One instance serves intake and follow-up answers, so the server-wide budgets
//! (concurrent sealing, memory for cleaning) hold across both.

use std::io::{BufReader, Cursor, Read};
use std::sync::Arc;

use age::x25519;
use tokio::sync::{Semaphore, mpsc};
use zeroize::Zeroizing;

use crate::cleaner::{Cleaners, Session};
use crate::crypto::attachment::{safe_name, seal_attachment};
use crate::crypto::seal::SealError;
use crate::crypto::sealed::Ciphertext;
use crate::domain::case::ReceivedDay;
use crate::domain::document::{AttachmentInfo, PREVIEW_SUFFIX, PreviewInfo};
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
    /// marked. Memory for cleaning is also capped across all uploads (see `FileSealer::new`).
    pub scrub_max_bytes: u64,
    /// Files being received or awaiting sealing, server-wide; beyond it uploads are refused
    /// as busy. Bounds the memory and file handles of many small files.
    pub max_concurrent_files: usize,
    /// Bytes of ciphertext all spool files may hold together, charged as written; beyond it
    /// uploads are refused as busy.
    pub spool_budget_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_files: 5,
            max_file_bytes: 100 * MIB,
            scrub_max_bytes: 32 * MIB,
            max_concurrent_files: 4096,
            spool_budget_bytes: 2048 * MIB,
        }
    }
}

/// Why a file could not be cleaned and sealed. Its own type, so intake and the follow-up
/// (which both seal files) convert from it, and file sealing depends on neither. None of
/// these carries file content or names.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Sealing (or the randomness for a blob name) failed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// Storing a staged blob or its chunks failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading a spool or writing ciphertext failed.
    #[error("attachment processing failed: {0}")]
    Io(#[from] std::io::Error),
    /// A worker task did not complete.
    #[error("sealing task failed")]
    Task,
}

/// Files up to this size are cleaned and sealed in the small lane (see [`FileSealer`]): a
/// phone photo sent by a messaging app, a screenshot, a one-page scan. Its cleaning costs
/// milliseconds, whatever it is: the worker's bounds scale with the file.
pub const SMALL_FILE: u64 = MIB;

/// Cleans (in worker processes) and seals attachments.
///
/// Work on the blocking pool is admitted in two lanes, by size. Large files take places in
/// `sealing` and memory in `scrub_memory`; files of at most [`SMALL_FILE`] and the reports'
/// own sealing take places in `small`, and no memory permits (a small place holds at most
/// four times [`SMALL_FILE`], so the lane's memory is bounded by its places). A crafted large
/// file may keep its worker busy up to the per-file CPU budget (`src/cleaner`), and eight
/// of them at once hold every large place; without a lane of its own a 190-byte photo sent
/// then waited behind all eight. Size is what the server knows before cleaning, and a small
/// file cannot cost much: the lane is never held long, so a report with a small photo gets
/// its receipt in about the time it takes on an idle server. Places rather than priorities,
/// because the blocking pool has no priorities and a semaphore queue is first come first
/// served within each lane.
pub struct FileSealer {
    store: Store,
    limits: Limits,
    cleaners: Cleaners,
    /// Places on the blocking pool for large files.
    sealing: Arc<Semaphore>,
    /// Places on the blocking pool for small files and reports' own sealing.
    small: Arc<Semaphore>,
    /// Memory for cleaning large files in memory, in MiB permits: four times the largest file
    /// cleaned.
    scrub_memory: Arc<Semaphore>,
}

impl FileSealer {
    /// One per server.
    pub fn new(store: Store, limits: Limits, cleaners: Cleaners) -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let scrub_mib = usize::try_from((4 * limits.scrub_max_bytes).div_ceil(MIB))
            .unwrap_or(usize::MAX)
            .clamp(1, Semaphore::MAX_PERMITS);
        Self {
            store,
            limits,
            cleaners,
            sealing: Arc::new(Semaphore::new(workers * 2)),
            small: Arc::new(Semaphore::new(workers * 2)),
            scrub_memory: Arc::new(Semaphore::new(scrub_mib)),
        }
    }

    /// The attachment limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A place on the blocking pool for other sealing work (the report itself, small and of
    /// bounded cost: the small lane).
    pub async fn sealing_permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, FileError> {
        self.small.acquire().await.map_err(|_| FileError::Task)
    }

    /// Seals `files` into new staged blobs named by `name(i)` (0-based), each pushed on
    /// `staged` as soon as it exists so the caller can discard them if anything fails.
    ///
    /// The files are one report's (or one answer's): they share one cleaning worker, which
    /// ends when they are sealed, so no later stranger's file meets it.
    ///
    /// A file the worker drew a preview of gets a second staged blob, `NAME.preview`, pushed
    /// on `staged` right after the file's and listed in its [`AttachmentInfo::preview`].
    pub async fn seal_files(
        &self,
        recipients: &[x25519::Recipient],
        day: ReceivedDay,
        files: Vec<SpooledFile>,
        name: impl Fn(usize) -> String,
        staged: &mut Vec<BlobId>,
    ) -> Result<Vec<SealedFile>, FileError> {
        let session = Arc::new(std::sync::Mutex::new(self.cleaners.session()));
        let sealed = self
            .seal_each(&session, recipients, day, files, name, staged)
            .await;
        // Ending the worker waits for it to exit: a moment, on a blocking thread.
        let _ = tokio::task::spawn_blocking(move || drop(session)).await;
        sealed
    }

    async fn seal_each(
        &self,
        session: &Arc<std::sync::Mutex<Session>>,
        recipients: &[x25519::Recipient],
        day: ReceivedDay,
        files: Vec<SpooledFile>,
        name: impl Fn(usize) -> String,
        staged: &mut Vec<BlobId>,
    ) -> Result<Vec<SealedFile>, FileError> {
        let mut out = Vec::with_capacity(files.len());
        for (i, file) in files.into_iter().enumerate() {
            let blob_name = name(i);
            let blob =
                BlobId::from_random(crate::crypto::random_bytes::<16>().map_err(SealError::from)?);
            self.store.stage_blob(&blob, &blob_name, day).await?;
            staged.push(blob.clone());
            let (mut info, preview) = self
                .seal_file(
                    Arc::clone(session),
                    recipients.to_vec(),
                    file,
                    blob_name,
                    &blob,
                )
                .await?;
            let preview_blob = match preview {
                Some(png) => {
                    let (id, listed) = self
                        .seal_preview(recipients, day, &info, png, staged)
                        .await?;
                    info.preview = Some(listed);
                    Some(id)
                }
                None => None,
            };
            out.push(SealedFile {
                blob,
                info,
                preview: preview_blob,
            });
        }
        Ok(out)
    }

    /// Seals a preview like a file (`crypto::attachment`: a one-file tar archive, padded,
    /// to the same readers), into a staged blob `FILE.preview` pushed on `staged`.
    async fn seal_preview(
        &self,
        recipients: &[x25519::Recipient],
        day: ReceivedDay,
        file: &AttachmentInfo,
        png: Preview,
        staged: &mut Vec<BlobId>,
    ) -> Result<(BlobId, PreviewInfo), FileError> {
        let name = format!("{}{PREVIEW_SUFFIX}", file.file);
        // Inside the archive, named after the file it shows (`IMG_0042.jpg.preview.png`),
        // so `filimbi decrypt` and `tar -x` put it beside the file, not over another.
        let inner = safe_name(&format!("{}.preview.png", file.name));
        let blob =
            BlobId::from_random(crate::crypto::random_bytes::<16>().map_err(SealError::from)?);
        self.store.stage_blob(&blob, &name, day).await?;
        staged.push(blob.clone());
        let readers = recipients.to_vec();
        let permit = self.sealing_permit().await?;
        let Preview { png, width, height } = png;
        let (chunks, sealed) = tokio::task::spawn_blocking(move || {
            let readers: Vec<&dyn age::Recipient> =
                readers.iter().map(|r| r as &dyn age::Recipient).collect();
            let mut chunks = Vec::new();
            let size = png.len() as u64;
            let sealed = seal_attachment(
                &readers,
                &inner,
                size,
                Cursor::new(&png[..]),
                CHUNK_SIZE,
                |c| {
                    chunks.push(c);
                    Ok(())
                },
            )?;
            Ok::<_, std::io::Error>((chunks, sealed))
        })
        .await
        .map_err(|_| FileError::Task)??;
        drop(permit);
        for (index, chunk) in chunks.iter().enumerate() {
            self.store.append_chunk(&blob, index, chunk).await?;
        }
        let listed = PreviewInfo {
            file: name,
            sha256: sealed.sha256,
            width,
            height,
        };
        Ok((blob, listed))
    }

    /// Deletes staged blobs after a failure (logged, never raised: a leftover is swept later).
    pub async fn discard(&self, staged: &[BlobId]) {
        if staged.is_empty() {
            return;
        }
        if let Err(e) = self.store.discard_staged(staged).await {
            tracing::error!(error = %e, "could not delete staged attachments; they are removed at next start");
        }
    }

    /// Decrypts one spool, cleans it if it can, seals it to `recipients` and streams
    /// the ciphertext into the staged blob, 1 MiB per row.
    async fn seal_file(
        &self,
        session: Arc<std::sync::Mutex<Session>>,
        recipients: Vec<x25519::Recipient>,
        file: SpooledFile,
        blob_name: String,
        blob: &BlobId,
    ) -> Result<(AttachmentInfo, Option<Preview>), FileError> {
        let kind = Kind::detect(&file.head);
        let small = file.size <= SMALL_FILE;
        let memory = if small {
            Ok(kind.is_scrubbable().then_some(CleaningMemory::SmallLane))
        } else {
            self.reserve_cleaning_memory(kind, file.size).await
        }?;
        let lane = if small { &self.small } else { &self.sealing };
        let sealing = Arc::clone(lane)
            .acquire_owned()
            .await
            .map_err(|_| FileError::Task)?;
        let (tx, mut rx) = mpsc::channel::<Ciphertext>(2);
        let task = tokio::task::spawn_blocking(move || -> Result<Sealed, FileError> {
            let _held = sealing;
            let send = move |chunk: Ciphertext| {
                tx.blocking_send(chunk)
                    .map_err(|_| std::io::Error::other("blob writer stopped"))
            };
            let clean = memory.map(|permit| Cleaning {
                session: &session,
                _memory: permit,
            });
            clean_and_seal(&file, kind, clean, &recipients, blob_name, send)
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
        let info = task.await.map_err(|_| FileError::Task)?;
        match store_error {
            Some(e) => Err(e.into()),
            None => info,
        }
    }
}

impl FileSealer {
    /// Memory for cleaning a file in memory, or `None` when it will be stored as sent (a type
    /// Filimbi does not clean, or larger than the cleaning limit). Pictures need the file and
    /// its cleaned copy; PDF and office parsers hold parsed or decompressed structures besides
    /// (bounded in `scrub`), so reserve more.
    async fn reserve_cleaning_memory(
        &self,
        kind: Kind,
        size: u64,
    ) -> Result<Option<CleaningMemory>, FileError> {
        if !(kind.is_scrubbable() && size <= self.limits.scrub_max_bytes) {
            return Ok(None);
        }
        let factor = match kind {
            Kind::Pdf | Kind::Zip => 4,
            _ => 2,
        };
        let mib = u32::try_from((factor * size).div_ceil(MIB).max(1)).unwrap_or(u32::MAX);
        Arc::clone(&self.scrub_memory)
            .acquire_many_owned(mib)
            .await
            .map(|p| Some(CleaningMemory::Reserved { _permit: p }))
            .map_err(|_| FileError::Task)
    }
}

/// Memory held for cleaning one file in memory.
enum CleaningMemory {
    /// A large file's share of `scrub_memory`.
    Reserved {
        _permit: tokio::sync::OwnedSemaphorePermit,
    },
    /// A small file: its place in the small lane bounds it.
    SmallLane,
}

/// Cleaning one file: the report's worker, and the server's memory held for the file and its
/// cleaned copy while they cross the pipe.
struct Cleaning<'a> {
    session: &'a std::sync::Mutex<Session>,
    _memory: CleaningMemory,
}

/// One sealed file: its staged blob, what the report lists of it, and its preview's staged
/// blob if it has one.
pub struct SealedFile {
    /// The file's staged blob.
    pub blob: BlobId,
    /// What the message lists (the preview included).
    pub info: AttachmentInfo,
    /// The preview's staged blob.
    pub preview: Option<BlobId>,
}

/// A preview as the worker drew it, checked to be a PNG of sensible size.
struct Preview {
    png: Zeroizing<Vec<u8>>,
    width: u32,
    height: u32,
}

impl Preview {
    /// Takes the worker's preview if its header is a PNG's of at most
    /// `scrub::preview::MAX_SIDE` pixels a side (read from the header alone: the server
    /// decodes nothing a worker made). A worker could only send a wrong picture of the
    /// file it was given, which the investigator's own download would show anyway.
    fn checked(png: Vec<u8>) -> Option<Self> {
        let png = Zeroizing::new(png);
        let header = png.get(..24)?;
        if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
            return None;
        }
        let side = |at: usize| {
            let b: [u8; 4] = header.get(at..at + 4)?.try_into().ok()?;
            let v = u32::from_be_bytes(b);
            (1..=scrub::preview::MAX_SIDE).contains(&v).then_some(v)
        };
        let (width, height) = (side(16)?, side(20)?);
        Some(Self { png, width, height })
    }
}

/// A file sealed on a blocking thread: what the report lists, and the preview to seal next.
type Sealed = (AttachmentInfo, Option<Preview>);

/// On a blocking thread: decrypts the spool, has a worker clean the file if memory was
/// reserved for it (else streams it through unchanged, marked), and seals it, handing out
/// ciphertext chunks. Returns the preview the worker drew, if any, to be sealed next.
fn clean_and_seal(
    file: &SpooledFile,
    kind: Kind,
    clean: Option<Cleaning<'_>>,
    recipients: &[x25519::Recipient],
    blob_name: String,
    send: impl FnMut(Ciphertext) -> std::io::Result<()>,
) -> Result<Sealed, FileError> {
    let mut plain = file
        .key
        .reader(BufReader::new(std::fs::File::open(file.path())?))?;
    let original = safe_name(&file.name);
    let readers: Vec<&dyn age::Recipient> = recipients
        .iter()
        .map(|r| r as &dyn age::Recipient)
        .collect();
    let (mut info, sealed, preview) = if let Some(clean) = clean {
        let mut bytes = Vec::with_capacity(usize::try_from(file.size).unwrap_or(0));
        plain.read_to_end(&mut bytes)?;
        // A poisoned lock only means an earlier file's cleaning panicked; the session still
        // holds (or replaces) its worker.
        let cleaned = match clean.session.lock() {
            Ok(mut session) => session.clean(bytes),
            Err(poisoned) => poisoned.into_inner().clean(bytes),
        };
        let size = cleaned.bytes.len() as u64;
        let info = describe(&cleaned, size);
        let preview = cleaned.preview.and_then(Preview::checked);
        let content = Cursor::new(cleaned.bytes);
        let sealed = seal_attachment(&readers, &original, size, content, CHUNK_SIZE, send)?;
        (info, sealed, preview)
    } else {
        let reason = if kind.is_scrubbable() {
            Reason::TooLarge
        } else {
            Reason::UnknownType
        };
        let info = describe(&scrub::unchanged(Vec::new(), kind, reason), file.size);
        let sealed = seal_attachment(&readers, &original, file.size, &mut plain, CHUNK_SIZE, send)?;
        (info, sealed, None)
    };
    info.file = blob_name;
    info.name = original;
    info.sha256 = sealed.sha256;
    Ok((info, preview))
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
        preview: None,
    }
}
