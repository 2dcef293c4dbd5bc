//! `filimbi backup` and `filimbi restore`.
//!
//! A backup is a tar archive encrypted with age to every offline key in `keys/`
//! (`crypto::backup`): a consistent snapshot of the database taken while the server runs
//! (an SQLite file whatever the engine: `VACUUM INTO`, or PostgreSQL copied table by table
//! from one snapshot, `store::copy`), `server.key` (receipt lookups, object MACs, form tokens, follow-up passes)
//! and `feed-signing.key` (the public feeds' signatures), and a manifest. Without the offline
//! identity it reveals nothing; with it, `age -d -i OFFLINE.key FILE | tar -t` lists it.
//!
//! A restore goes into an empty or missing data directory only (and, with `--database-url`,
//! a PostgreSQL database that holds nothing yet, filled from the archive's SQLite file: also
//! the way from the embedded default to PostgreSQL), then opens what it wrote and checks it:
//! the audit chain and every sealed object's MAC.
//!
//! Those checks use the `server.key` inside the archive, so they prove only that the archive
//! is consistent, not where it came from: the offline recipients are public, and anyone can
//! build a consistent archive around a database of their own. So before anything is
//! decrypted, a restore checks the backup's detached signature (`FILE.sig`, made with the
//! feed-signing key) against the public key the operator gives (`--signer-key`, kept from the
//! server's warning page or `/feeds/signing-key.pub`), and after unpacking, that the archive's
//! own `feed-signing.key` is that key.

use std::fs::{self, File, OpenOptions};
use std::io::BufReader;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use super::OfflineError;
use crate::app::{self, AppOptions};
use crate::crypto::backup::open_backup;
use crate::crypto::feed_signing::{BACKUP_NAMESPACE, FeedSigner};
use crate::crypto::{feed_signing, server_secret};
use crate::services::audit::AuditAction;
use crate::services::backups::{self, DATABASE, FORMAT, MANIFEST, Manifest, Written};
use crate::store::Store;

/// `filimbi backup --out FILE`: refuses to overwrite; prints progress on stderr.
pub async fn backup(opts: &AppOptions, out: &Path) -> Result<Written, OfflineError> {
    let db = Store::default_path(&opts.data_dir);
    if opts.database_url.is_none() && !db.exists() {
        return Err(OfflineError::path(
            &db,
            "no database here (wrong --data-dir?)",
        ));
    }
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let written = backups::write_backup(
        &services.store,
        &services.audit,
        &opts.keys_dir,
        &opts.data_dir,
        out,
    )
    .await;
    services.store.close().await;
    written.map_err(|e| OfflineError::Other(e.0))
}

/// What proves a backup came from the operator's server.
#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    /// A file holding the server's public signing key (`ssh-ed25519 AAAA…`).
    pub signer_key: &'a Path,
    /// The detached signature; `None` for `FROM.sig`.
    pub signature: Option<&'a Path>,
}

/// `filimbi restore --from FILE --identity OFFLINE.key --signer-key KEY.pub` into
/// `opts.data_dir`, which must be empty or missing: checks the signature first, then unpacks,
/// opens and checks the audit chain and every sealed object.
pub async fn restore(
    opts: &AppOptions,
    from: &Path,
    identity: &Path,
    provenance: &Provenance<'_>,
) -> Result<(), OfflineError> {
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
    let signer = check_signature(from, provenance)?;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| OfflineError::path(dir, e))?;
    let unpacked = unpack(from, &identities, dir).and_then(|()| same_signer(dir, &signer));
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
    // Into PostgreSQL: the archive's SQLite file is the source, read from beside the data
    // directory's secrets and removed once copied.
    let source = match opts.database_url {
        Some(_) => {
            let scratch = dir.join(".restore.sqlite3");
            fs::rename(dir.join(DATABASE), &scratch).map_err(|e| OfflineError::path(dir, e))?;
            Some(scratch)
        }
        None => None,
    };
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    if let Some(scratch) = source {
        let copied = copy_from_file(&scratch, &services).await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = fs::remove_file(format!("{}{suffix}", scratch.display()));
        }
        services.store.close().await;
        let copied = copied?;
        eprintln!(
            "copied {} rows ({} cases) into PostgreSQL",
            copied.rows, copied.cases
        );
        return verify_restored(opts, from).await;
    }
    verify_opened(services, dir, from).await
}

/// Checks the backup's detached signature against the operator's signer key, before a byte
/// of it is decrypted; returns that key.
fn check_signature(
    from: &Path,
    provenance: &Provenance<'_>,
) -> Result<ssh_key::PublicKey, OfflineError> {
    let key_file = provenance.signer_key;
    let text = fs::read_to_string(key_file).map_err(|e| OfflineError::path(key_file, e))?;
    let signer = feed_signing::parse_public(&text).ok_or_else(|| {
        OfflineError::path(
            key_file,
            "holds no ssh-ed25519 public key (expected the server's signing key, as on its \
             warning page or /feeds/signing-key.pub)",
        )
    })?;
    let sig_path = provenance
        .signature
        .map_or_else(|| backups::signature_path(from), Path::to_path_buf);
    let signature = match fs::read_to_string(&sig_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(OfflineError::path(
                &sig_path,
                "no signature: an unsigned backup is refused, since anyone holding the public \
                 offline keys can build one (copy the .sig written beside the backup)",
            ));
        }
        Err(e) => return Err(OfflineError::path(&sig_path, e)),
    };
    let file = File::open(from).map_err(|e| OfflineError::path(from, e))?;
    feed_signing::verify_stream(&signer, BACKUP_NAMESPACE, &signature, BufReader::new(file))
        .map_err(|e| {
            OfflineError::path(
                from,
                format!(
                    "refused: its signature {}: {e}; this backup cannot be shown to come \
                     from the server whose key is {}",
                    sig_path.display(),
                    signer.fingerprint(ssh_key::HashAlg::Sha256)
                ),
            )
        })?;
    Ok(signer)
}

/// The archive's own signing key must be the one that signed it: a backup restores a server
/// that goes on publishing under the key the operator trusts.
fn same_signer(dir: &Path, signer: &ssh_key::PublicKey) -> Result<(), OfflineError> {
    let inside = FeedSigner::load(dir).map_err(|e| OfflineError::Other(e.to_string()))?;
    let inside = feed_signing::parse_public(inside.public_key());
    if inside.as_ref().map(ssh_key::PublicKey::key_data) != Some(signer.key_data()) {
        return Err(OfflineError::path(
            &dir.join(feed_signing::FILE_NAME),
            "is not the signer key given: refusing the backup",
        ));
    }
    Ok(())
}

/// Copies the SQLite database at `path` into the services' (PostgreSQL) store.
async fn copy_from_file(
    path: &Path,
    services: &app::Services,
) -> Result<crate::store::Copied, OfflineError> {
    let source = Store::open_file(path, &services.integrity)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let copied = source.copy_into(&services.store).await;
    source.close().await;
    copied.map_err(|e| OfflineError::Other(e.to_string()))
}

/// Opens the restored data again (a fresh start, as the server will) and checks it.
async fn verify_restored(opts: &AppOptions, from: &Path) -> Result<(), OfflineError> {
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    verify_opened(services, &opts.data_dir, from).await
}

/// Checks the audit chain and every sealed object of restored data, and audits the restore.
async fn verify_opened(
    services: app::Services,
    dir: &Path,
    from: &Path,
) -> Result<(), OfflineError> {
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
