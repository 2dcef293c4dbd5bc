//! Encrypted backups (`crypto::backup`), by hand (`filimbi backup`) or on a schedule
//! (`--backup-dir`, `--backup-every-hours`, `--backup-keep`).
//!
//! A backup is a tar archive encrypted with age to every offline key in `keys/`: a consistent
//! snapshot of the database taken while the server runs (`VACUUM INTO`), `server.key`
//! (receipt lookups, object MACs, form tokens, follow-up passes), `feed-signing.key` (the
//! public feeds' signatures) and a manifest. Without an offline identity it reveals nothing;
//! with one, `age -d -i OFFLINE.key FILE | tar -t` lists it. Scheduled files are named by day
//! and a number (`filimbi-backup-2026-11-28-1.age`): no time of day.
//!
//! Every backup is signed with the feed-signing key (`FILE.sig` beside it, an SSHSIG in the
//! namespace `filimbi-backup`): the offline recipients are public, so anyone can build an
//! archive that decrypts and whose audit chain and MACs check under the `server.key` inside
//! it. Only the signature, checked by `filimbi restore --signer-key` against the key this
//! server publishes, says the file came from this server. A detached file rather than a
//! signature inside the archive: the `.age` stays a plain age file, and anyone verifies the
//! pair with stock `ssh-keygen -Y verify` before decrypting anything.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::crypto::backup::seal_backup;
use crate::crypto::feed_signing::{BACKUP_NAMESPACE, DigestWriter, FeedSigner};
use crate::crypto::recipients::Recipients;
use crate::crypto::{feed_signing, server_secret};
use crate::services::audit::{Audit, AuditAction};
use crate::store::Store;

/// The format written into every backup's manifest.
pub const FORMAT: &str = "filimbi-backup-1";
/// The manifest's name in the archive.
pub const MANIFEST: &str = "manifest.json";
/// The database snapshot's name in the archive.
pub const DATABASE: &str = "filimbi.sqlite3";

/// What a backup says about itself, in clear inside the encryption.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// `filimbi-backup-1`.
    pub format: String,
    /// The UTC day it was taken (a day, like every date Filimbi keeps).
    pub day: String,
    /// The version of Filimbi that wrote it.
    pub version: String,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// Bytes of the encrypted file.
    pub bytes: u64,
    /// Offline keys it is encrypted to.
    pub recipients: usize,
    /// The detached signature written beside it.
    pub signature: PathBuf,
}

/// Where the signature of backup `file` goes: `FILE.sig`, beside it.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// Why a backup was not written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackupError(pub String);

fn at(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError(format!("{}: {e}", path.display()))
}

/// Writes one backup to `out` (a new file) and its signature to `out.sig`, audited.
/// `keys_dir` holds the offline keys it is encrypted to; `data_dir` the secrets and the
/// feed-signing key that signs it. On failure nothing is left at either path.
pub async fn write_backup(
    store: &Store,
    audit: &Audit,
    keys_dir: &Path,
    data_dir: &Path,
    out: &Path,
) -> Result<Written, BackupError> {
    for path in [out.to_path_buf(), signature_path(out)] {
        if path.exists() {
            return Err(BackupError(format!(
                "{}: exists; a backup never overwrites a file",
                path.display()
            )));
        }
    }
    let recipients = Recipients::load_dir(keys_dir).map_err(|e| BackupError(e.to_string()))?;
    let swept = sweep_scratch(data_dir);
    if swept > 0 {
        tracing::warn!(
            folders = swept,
            "removed database snapshots an interrupted backup left behind"
        );
    }
    let scratch = Scratch::new(data_dir)?;
    let snapshot = scratch.path.join(DATABASE);
    store
        .snapshot_into(&snapshot)
        .await
        .map_err(|e| BackupError(format!("database snapshot: {e}")))?;
    let written = {
        let (snapshot, out, data_dir) =
            (snapshot.clone(), out.to_path_buf(), data_dir.to_path_buf());
        tokio::task::spawn_blocking(move || write_archive(&data_dir, &recipients, &snapshot, &out))
            .await
            .map_err(|e| BackupError(e.to_string()))?
    };
    drop(scratch);
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_file(out);
            let _ = fs::remove_file(signature_path(out));
            return Err(e);
        }
    };
    audit
        .record(
            "backup",
            AuditAction::Backup,
            "all",
            &format!("{} bytes", written.bytes),
        )
        .await
        .map_err(|e| BackupError(e.to_string()))?;
    Ok(written)
}

/// The name of the scratch folders a backup snapshots the database into (`.backup-<hex>` in
/// the data directory).
const SCRATCH_PREFIX: &str = ".backup-";
/// A file in each scratch folder that its backup holds locked (`flock`) for as long as it
/// runs: a sweep can tell a live backup's folder from one a crash left behind.
const SCRATCH_LOCK: &str = "in-use";

/// A private folder in the data directory for the snapshot, removed when dropped. A backup
/// that crashes (killed, power lost) leaves it, with a full copy of the database inside:
/// [`sweep_scratch`] removes it at the next start or backup.
struct Scratch {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    _lock: nix::fcntl::Flock<File>,
}

impl Scratch {
    fn new(data_dir: &Path) -> Result<Self, BackupError> {
        let suffix = hex::encode(
            crate::crypto::random_bytes::<8>().map_err(|e| BackupError(e.to_string()))?,
        );
        let path = data_dir.join(format!("{SCRATCH_PREFIX}{suffix}"));
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(at(&path))?;
        let lock_path = path.join(SCRATCH_LOCK);
        let lock = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&lock_path)
            .map_err(at(&lock_path))?;
        #[cfg(target_os = "linux")]
        let lock = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|(_, e)| BackupError(format!("{}: {e}", lock_path.display())))?;
        #[cfg(not(target_os = "linux"))]
        drop(lock);
        Ok(Self {
            path,
            #[cfg(target_os = "linux")]
            _lock: lock,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Removes the snapshot folders that crashed backups left in `data_dir` (each a full copy of
/// the database, outside every retention and purge); returns how many. A folder whose backup
/// still runs (its lock held, or made in the last minute and not yet locked) is left alone.
/// Run at server start and at the start of every backup.
pub fn sweep_scratch(data_dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(data_dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_scratch = name.to_str().is_some_and(|n| n.starts_with(SCRATCH_PREFIX));
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_scratch
            && is_dir
            && left_behind(&entry.path())
            && fs::remove_dir_all(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// True when no running backup owns scratch folder `dir`.
fn left_behind(dir: &Path) -> bool {
    match File::open(dir.join(SCRATCH_LOCK)) {
        #[cfg(target_os = "linux")]
        Ok(lock) => {
            // Free: its backup is gone (the kernel drops a dead process's locks). Nobody
            // locks an existing folder again, so releasing it at once is safe.
            nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusiveNonblock).is_ok()
        }
        // Without flock, only what is clearly stale.
        #[cfg(not(target_os = "linux"))]
        Ok(_) => older_than(dir, Duration::from_secs(24 * 3600)),
        // Not locked yet: a backup that is just starting, or one that died before it could.
        Err(_) => older_than(dir, Duration::from_secs(60)),
    }
}

fn older_than(dir: &Path, age: Duration) -> bool {
    fs::metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|e| e > age)
}

fn write_archive(
    data_dir: &Path,
    recipients: &Recipients,
    snapshot: &Path,
    out: &Path,
) -> Result<Written, BackupError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e: std::io::Error| BackupError(format!("{}: {e}", p.display()))
    };
    // The key the server publishes; refused before anything is written if it is missing.
    let signer = FeedSigner::load(data_dir).map_err(|e| BackupError(e.to_string()))?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(out)
        .map_err(io(out))?;
    let sealed = seal_backup(recipients, DigestWriter::new(BufWriter::new(file)))
        .map_err(|e| BackupError(e.to_string()))?;
    let mut tar = tar::Builder::new(sealed);
    let manifest = serde_json::to_vec_pretty(&Manifest {
        format: FORMAT.to_owned(),
        day: time::OffsetDateTime::now_utc().date().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
    .map_err(|e| BackupError(e.to_string()))?;
    append(&mut tar, MANIFEST, manifest.len() as u64, &manifest[..]).map_err(io(out))?;
    let size = fs::metadata(snapshot).map_err(io(snapshot))?.len();
    let db = File::open(snapshot).map_err(io(snapshot))?;
    append(&mut tar, DATABASE, size, Progress::new(db, size)).map_err(io(out))?;
    for name in [server_secret::FILE_NAME, feed_signing::FILE_NAME] {
        let path = data_dir.join(name);
        let bytes = fs::read(&path).map_err(io(&path))?;
        append(&mut tar, name, bytes.len() as u64, &bytes[..]).map_err(io(out))?;
    }
    let sealed = tar.into_inner().map_err(io(out))?;
    let (writer, digest) = sealed.finish().map_err(io(out))?.finish();
    let file = writer.into_inner().map_err(|e| io(out)(e.into_error()))?;
    file.sync_all().map_err(io(out))?;
    let signature = signer
        .sign_digest(BACKUP_NAMESPACE, &digest)
        .map_err(|e| BackupError(e.to_string()))?;
    let sig_path = signature_path(out);
    let mut sig_file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&sig_path)
        .map_err(io(&sig_path))?;
    sig_file
        .write_all(signature.as_bytes())
        .and_then(|()| sig_file.sync_all())
        .map_err(io(&sig_path))?;
    Ok(Written {
        bytes: file.metadata().map_err(io(out))?.len(),
        recipients: recipients.len(),
        signature: sig_path,
    })
}

/// One file in the archive: mode 0600, owner 0, time 0 (no clock in the archive).
fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    size: u64,
    data: impl Read,
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, name, data)
}

/// Reports every 64 MiB read, on stderr, for long snapshots.
struct Progress<R> {
    inner: R,
    total: u64,
    done: u64,
    next: u64,
}

impl<R> Progress<R> {
    fn new(inner: R, total: u64) -> Self {
        Self {
            inner,
            total,
            done: 0,
            next: 64 << 20,
        }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if self.done >= self.next {
            eprintln!(
                "backup: {} of {} MiB of the database",
                self.done >> 20,
                self.total >> 20
            );
            self.next += 64 << 20;
        }
        Ok(n)
    }
}

/// How and where backups are made on a schedule.
#[derive(Debug, Clone)]
pub struct BackupSchedule {
    /// Where scheduled backups go (copy them off the machine from there).
    pub dir: PathBuf,
    /// How often.
    pub every: Duration,
    /// How many to keep; older ones are deleted.
    pub keep: usize,
}

const PREFIX: &str = "filimbi-backup-";

/// The scheduled backups in `dir`, oldest first (by name: day, then number).
fn scheduled(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".age"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|p| (sort_key(p), p.clone()));
    files
}

/// `(day, number)` from `filimbi-backup-DAY-N.age`, so that 10 sorts after 9.
fn sort_key(p: &Path) -> (String, u64) {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.trim_start_matches(PREFIX).trim_end_matches(".age");
    match stem.rsplit_once('-') {
        Some((day, n)) => (day.to_owned(), n.parse().unwrap_or(0)),
        None => (stem.to_owned(), 0),
    }
}

/// How old the newest scheduled backup in `dir` is (by its file time), if there is one.
pub fn newest_age(dir: &Path) -> Option<Duration> {
    scheduled(dir)
        .iter()
        .filter_map(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
        .and_then(|t| t.elapsed().ok())
}

/// One scheduled backup: a new file for `day`, then the oldest beyond `keep` deleted.
pub async fn run_scheduled(
    store: &Store,
    audit: &Audit,
    keys_dir: &Path,
    data_dir: &Path,
    schedule: &BackupSchedule,
    day: time::Date,
) -> Result<PathBuf, BackupError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&schedule.dir)
        .map_err(at(&schedule.dir))?;
    let out = (1..)
        .map(|n| schedule.dir.join(format!("{PREFIX}{day}-{n}.age")))
        .find(|p| !p.exists())
        .ok_or_else(|| BackupError("no free name".to_owned()))?;
    write_backup(store, audit, keys_dir, data_dir, &out).await?;
    let files = scheduled(&schedule.dir);
    let extra = files.len().saturating_sub(schedule.keep.max(1));
    for old in files.iter().take(extra) {
        let _ = fs::remove_file(old);
        let _ = fs::remove_file(signature_path(old));
    }
    Ok(out)
}

/// Runs [`run_scheduled`] every `schedule.every` for as long as the runtime lives (the first
/// one after one interval, so a restart loop does not fill the disk).
pub fn spawn(
    store: Store,
    audit: Arc<Audit>,
    keys_dir: PathBuf,
    data_dir: PathBuf,
    schedule: BackupSchedule,
    clock: Arc<dyn crate::clock::Clock>,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match run_scheduled(
                &store,
                &audit,
                &keys_dir,
                &data_dir,
                &schedule,
                clock.today(),
            )
            .await
            {
                Ok(path) => tracing::info!(file = %path.display(), "scheduled backup written"),
                Err(e) => tracing::error!(error = %e, "scheduled backup failed"),
            }
        }
    });
}
