//! `filimbi backup` and `filimbi restore`.
//!
//! A backup is a tar archive encrypted with age to every offline key in `keys/`
//! (`crypto::backup`): a consistent snapshot of the database taken while the server runs
//! (`VACUUM INTO`), `server.key` (receipt lookups, object MACs, form tokens, follow-up passes)
//! and `feed-signing.key` (the public feeds' signatures), and a manifest. Without the offline
//! identity it reveals nothing; with it, `age -d -i OFFLINE.key FILE | tar -t` lists it.
//!
//! A restore goes into an empty or missing data directory only, then opens what it wrote and
//! checks it: the audit chain and every sealed object's MAC.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OfflineError;
use crate::app::{self, AppOptions};
use crate::crypto::backup::{open_backup, seal_backup};
use crate::crypto::recipients::Recipients;
use crate::crypto::{feed_signing, server_secret};
use crate::services::audit::AuditAction;
use crate::store::Store;

/// The format written into every backup's manifest.
pub const FORMAT: &str = "filimbi-backup-1";
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "filimbi.sqlite3";

/// What a backup says about itself, in clear inside the encryption.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    /// The UTC day it was taken (a day, like every date Filimbi keeps).
    day: String,
    /// The version of Filimbi that wrote it.
    version: String,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// Bytes of the encrypted file.
    pub bytes: u64,
    /// Offline keys it is encrypted to.
    pub recipients: usize,
}

/// `filimbi backup --out FILE`: refuses to overwrite; prints progress on stderr.
pub async fn backup(opts: &AppOptions, out: &Path) -> Result<Written, OfflineError> {
    if out.exists() {
        return Err(OfflineError::path(
            out,
            "exists; a backup never overwrites a file",
        ));
    }
    let db = Store::default_path(&opts.data_dir);
    if opts.database_url.is_some() {
        return Err(OfflineError::Usage(
            "backup covers the embedded SQLite database; for PostgreSQL use pg_dump".to_owned(),
        ));
    }
    if !db.exists() {
        return Err(OfflineError::path(
            &db,
            "no database here (wrong --data-dir?)",
        ));
    }
    let recipients =
        Recipients::load_dir(&opts.keys_dir).map_err(|e| OfflineError::Other(e.to_string()))?;
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let scratch = Scratch::new(&opts.data_dir)?;
    let snapshot = scratch.0.join(DATABASE);
    let taken = services.store.snapshot_into(&snapshot).await;
    let result = match taken {
        Ok(()) => write_archive(opts, &recipients, &snapshot, out),
        Err(e) => Err(OfflineError::Other(format!("database snapshot: {e}"))),
    };
    drop(scratch);
    if result.is_err() {
        let _ = fs::remove_file(out);
    }
    let audited = match &result {
        Ok(w) => services
            .audit
            .record(
                "cli",
                AuditAction::Backup,
                "all",
                &format!("{} bytes", w.bytes),
            )
            .await
            .map_err(|e| OfflineError::Other(e.to_string())),
        Err(_) => Ok(()),
    };
    services.store.close().await;
    let written = result?;
    audited?;
    Ok(written)
}

/// A private folder in the data directory for the snapshot, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(data_dir: &Path) -> Result<Self, OfflineError> {
        let suffix = hex::encode(
            crate::crypto::random_bytes::<8>().map_err(|e| OfflineError::Other(e.to_string()))?,
        );
        let path = data_dir.join(format!(".backup-{suffix}"));
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| OfflineError::path(&path, e))?;
        Ok(Self(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn write_archive(
    opts: &AppOptions,
    recipients: &Recipients,
    snapshot: &Path,
    out: &Path,
) -> Result<Written, OfflineError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e: std::io::Error| OfflineError::path(&p, e)
    };
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(out)
        .map_err(io(out))?;
    let sealed = seal_backup(recipients, BufWriter::new(file))
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let mut tar = tar::Builder::new(sealed);
    let manifest = serde_json::to_vec_pretty(&Manifest {
        format: FORMAT.to_owned(),
        day: time::OffsetDateTime::now_utc().date().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
    .map_err(|e| OfflineError::Other(e.to_string()))?;
    append(&mut tar, MANIFEST, manifest.len() as u64, &manifest[..]).map_err(io(out))?;
    let size = fs::metadata(snapshot).map_err(io(snapshot))?.len();
    let db = File::open(snapshot).map_err(io(snapshot))?;
    append(&mut tar, DATABASE, size, Progress::new(db, size)).map_err(io(out))?;
    for name in [server_secret::FILE_NAME, feed_signing::FILE_NAME] {
        let path = opts.data_dir.join(name);
        let bytes = fs::read(&path).map_err(io(&path))?;
        append(&mut tar, name, bytes.len() as u64, &bytes[..]).map_err(io(out))?;
    }
    let sealed = tar.into_inner().map_err(io(out))?;
    let writer = sealed.finish().map_err(io(out))?;
    let file = writer.into_inner().map_err(|e| io(out)(e.into_error()))?;
    file.sync_all().map_err(io(out))?;
    Ok(Written {
        bytes: file.metadata().map_err(io(out))?.len(),
        recipients: recipients.len(),
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

/// `filimbi restore --from FILE --identity OFFLINE.key` into `opts.data_dir`, which must be
/// empty or missing; then opens it and checks the audit chain and every sealed object.
pub async fn restore(opts: &AppOptions, from: &Path, identity: &Path) -> Result<(), OfflineError> {
    let dir = &opts.data_dir;
    if let Ok(mut entries) = fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(OfflineError::path(
            dir,
            "not empty; a restore only goes into an empty or new data directory",
        ));
    }
    let identities = age::IdentityFile::from_file(identity.display().to_string())
        .and_then(|f| {
            f.into_identities()
                .map_err(|e| std::io::Error::other(e.to_string()))
        })
        .map_err(|e| {
            OfflineError::path(identity, format!("not a usable age identity file: {e}"))
        })?;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| OfflineError::path(dir, e))?;
    let unpacked = unpack(from, &identities, dir);
    if let Err(e) = unpacked {
        for name in [
            MANIFEST,
            DATABASE,
            server_secret::FILE_NAME,
            feed_signing::FILE_NAME,
        ] {
            let _ = fs::remove_file(dir.join(name));
        }
        return Err(e);
    }
    let _ = fs::remove_file(dir.join(MANIFEST));
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let chain = services.audit.verify().await;
    let objects = services.store.verify_objects(&services.integrity).await;
    let recorded = services
        .audit
        .record(
            "cli",
            AuditAction::Restore,
            "all",
            &from.display().to_string(),
        )
        .await;
    services.store.close().await;
    let (entries, _) = chain
        .map_err(|e| OfflineError::Other(e.to_string()))?
        .map_err(|b| OfflineError::Other(format!("the restored audit chain is broken: {b}")))?;
    let (checked, failures) = objects.map_err(|e| OfflineError::Other(e.to_string()))?;
    if !failures.is_empty() {
        return Err(OfflineError::Other(format!(
            "{} of {checked} sealed objects failed their check after the restore",
            failures.len()
        )));
    }
    recorded.map_err(|e| OfflineError::Other(e.to_string()))?;
    eprintln!(
        "restored into {}: audit chain intact ({entries} entries), {checked} sealed objects intact",
        dir.display()
    );
    Ok(())
}

/// Decrypts and unpacks the four known files, and nothing else.
fn unpack(
    from: &Path,
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
) -> Result<(), OfflineError> {
    let file = File::open(from).map_err(|e| OfflineError::path(from, e))?;
    let plain =
        open_backup(BufReader::new(file), identities).map_err(|e| OfflineError::path(from, e))?;
    let mut archive = tar::Archive::new(plain);
    let bad = |why: &str| OfflineError::path(from, format!("not a Filimbi backup: {why}"));
    let mut seen = Vec::new();
    for entry in archive.entries().map_err(|e| OfflineError::path(from, e))? {
        let mut entry = entry.map_err(|e| OfflineError::path(from, e))?;
        let name = entry
            .path()
            .map_err(|e| OfflineError::path(from, e))?
            .to_string_lossy()
            .into_owned();
        let known = [
            MANIFEST,
            DATABASE,
            server_secret::FILE_NAME,
            feed_signing::FILE_NAME,
        ];
        let Some(name) = known.into_iter().find(|k| *k == name) else {
            return Err(bad(&format!("unexpected entry {name:?}")));
        };
        if seen.contains(&name) {
            return Err(bad(&format!("{name} twice")));
        }
        let target = dir.join(name);
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&target)
            .map_err(|e| OfflineError::path(&target, e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| OfflineError::path(&target, e))?;
        out.sync_all().map_err(|e| OfflineError::path(&target, e))?;
        seen.push(name);
    }
    let manifest: Manifest = fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| bad("no manifest"))?;
    if manifest.format != FORMAT {
        return Err(bad(&format!("format {:?}", manifest.format)));
    }
    if seen.len() != 4 {
        return Err(bad("a file is missing"));
    }
    Ok(())
}
