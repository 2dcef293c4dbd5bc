//! `filimbi export`: copies stored ciphertexts out of the database as `*.age` files plus a
//! `manifest.json`. Nothing is decrypted; the export can be carried to an offline machine and
//! opened there with `filimbi decrypt` or stock `age -d`.
//!
//! Nothing read from the database is trusted to name a file: someone who can write the
//! database could store an object named `../../home/x/.bashrc`. Only the names Filimbi itself
//! writes are accepted ([`blob_name_ok`], [`wrap_reader_ok`]); every file is created new
//! (never overwriting, never following a planted link) and readable by the owner only; and
//! every object's MAC is checked with the `server.key` beside the database before it is
//! written. An object that fails either check is left out and named, and the command fails.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{MANIFEST_FILE, MANIFEST_FORMAT, Manifest, ManifestCase, OfflineError};
use crate::app::{self, AppOptions};
use crate::crypto::seal::ESCROW_READER;
use crate::crypto::sealed::{IntegrityKey, ObjectKind, ObjectRef};
use crate::domain::account::AccountId;
use crate::domain::case::CaseId;
use crate::domain::document::PREVIEW_SUFFIX;
use crate::services::audit::Audit;
use crate::services::audit::AuditAction;
use crate::store::{CaseRow, Store, StoredObject};

/// What an export wrote, and what it left out.
#[derive(Debug, Default)]
pub struct Exported {
    /// Cases exported.
    pub cases: usize,
    /// Stored objects refused (a name Filimbi never writes, or a failed MAC), each described
    /// for the operator.
    pub refused: Vec<Refused>,
}

/// One stored object an export left out.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The case it belongs to.
    pub case: String,
    /// Why, naming the object (names are quoted and escaped: they are the attacker's text).
    pub why: String,
    /// True for a failed MAC (audited as `integrity.fail`).
    pub integrity: bool,
}

/// Runs the export against the configured database; prints progress to stderr. Fails (after
/// writing everything that checked) when any stored object was refused.
pub async fn run(opts: &AppOptions, out: &Path, case: Option<&str>) -> Result<(), OfflineError> {
    let only = match case {
        Some(c) => Some(CaseId::parse(c).ok_or_else(|| {
            OfflineError::Usage(format!("invalid case id {c:?}: expected 32 hex digits"))
        })?),
        None => None,
    };
    // Opening creates a missing database; an export of nothing from a new one would hide a
    // wrong --data-dir.
    let path = Store::default_path(&opts.data_dir);
    if opts.database_url.is_none() && !path.exists() {
        return Err(OfflineError::path(
            &path,
            "no database here (wrong --data-dir?)",
        ));
    }
    let services = app::services(opts)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let store = &services.store;
    let result = export(store, &services.integrity, out, only.as_ref()).await;
    let audited = match &result {
        Ok(done) => audit_export(&services.audit, case.unwrap_or("all"), done).await,
        Err(_) => Ok(()),
    };
    store.close().await;
    let done = result?;
    audited?;
    if !done.refused.is_empty() {
        for r in &done.refused {
            eprintln!("refused: case {}: {}", r.case, r.why);
        }
        return Err(OfflineError::Other(format!(
            "{} stored object(s) refused and left out of the export (listed above; the \
             database was written to by something other than Filimbi); {} case(s) written \
             to {}",
            done.refused.len(),
            done.cases,
            out.display()
        )));
    }
    eprintln!("exported {} case(s) to {}", done.cases, out.display());
    Ok(())
}

/// Appends `export` to the audit log (who took ciphertext out, of what, how many cases), and
/// an `integrity.fail` entry for each object whose MAC failed.
async fn audit_export(audit: &Audit, subject: &str, done: &Exported) -> Result<(), OfflineError> {
    let err = |e: crate::store::StoreError| OfflineError::Other(e.to_string());
    for r in done.refused.iter().filter(|r| r.integrity) {
        audit
            .record("cli", AuditAction::IntegrityFail, &r.case, &r.why)
            .await
            .map_err(err)?;
    }
    let detail = match done.refused.len() {
        0 => format!("{} cases", done.cases),
        n => format!("{} cases, {n} objects refused", done.cases),
    };
    audit
        .record("cli", AuditAction::Export, subject, &detail)
        .await
        .map_err(err)
}

/// Writes the export; every object's MAC is checked with `integrity` before it is kept.
pub async fn export(
    store: &Store,
    integrity: &IntegrityKey,
    out: &Path,
    only: Option<&CaseId>,
) -> Result<Exported, OfflineError> {
    prepare_out_dir(out)?;
    let cases = store
        .list_cases(only)
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    if let (Some(id), true) = (only, cases.is_empty()) {
        return Err(OfflineError::Usage(format!("no case {id}")));
    }
    let mut manifest = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        version: 1,
        cases: Vec::with_capacity(cases.len()),
    };
    let mut done = Exported::default();
    let total = cases.len();
    for (i, case) in cases.into_iter().enumerate() {
        let mut exporter = CaseExport {
            store,
            integrity,
            out,
            case: &case,
            files: Vec::new(),
            macs: std::collections::BTreeMap::new(),
            refused: &mut done.refused,
        };
        exporter.run().await?;
        let (files, macs) = (exporter.files, exporter.macs);
        manifest.cases.push(ManifestCase {
            id: case.id.to_string(),
            category: case.category.slug().to_owned(),
            status: case.status.as_str().to_owned(),
            received_day: case.received_day.iso(),
            files,
            macs,
        });
        if total >= 20 && (i + 1) % 10 == 0 {
            eprintln!("[{}/{total}] exported", i + 1);
        }
    }
    done.cases = total;
    let path = out.join(MANIFEST_FILE);
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| OfflineError::Other(e.to_string()))?;
    let mut file = create_new(&path)?;
    file.write_all(&json)
        .and_then(|()| file.sync_all())
        .map_err(|e| OfflineError::path(&path, e))?;
    Ok(done)
}

/// The names Filimbi gives a case's blobs: `report`, `attachment-NN` (numbered from 01),
/// `answer-` with 16 hex digits (a file sent with an answer), and either file's name with
/// `.preview` after it (its safe preview). Anything else in the `blobs` table was not written
/// by Filimbi, and may be a path.
pub fn blob_name_ok(name: &str) -> bool {
    match name.strip_suffix(PREVIEW_SUFFIX) {
        Some(file) => file != "report" && file_name_ok(file),
        None => file_name_ok(name),
    }
}

/// [`blob_name_ok`] without previews.
fn file_name_ok(name: &str) -> bool {
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let hex16 = |s: &str| {
        s.len() == 16
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    name == "report"
        || name
            .strip_prefix("attachment-")
            .is_some_and(|n| digits(n, 2..=4))
        || name.strip_prefix("answer-").is_some_and(hex16)
}

/// The readers Filimbi wraps a case key for: `escrow` (the offline keys) and `account:` with an
/// account id.
pub fn wrap_reader_ok(reader: &str) -> bool {
    reader == ESCROW_READER
        || reader
            .strip_prefix("account:")
            .is_some_and(|id| AccountId::parse(id).is_some())
}

/// One case being exported.
struct CaseExport<'a> {
    store: &'a Store,
    integrity: &'a IntegrityKey,
    out: &'a Path,
    case: &'a CaseRow,
    files: Vec<String>,
    macs: std::collections::BTreeMap<String, String>,
    refused: &'a mut Vec<Refused>,
}

impl CaseExport<'_> {
    /// Writes the case's sealed objects as `.age` files in a new directory named by its id
    /// (a parsed [`CaseId`]: 32 hex digits, never a path).
    async fn run(&mut self) -> Result<(), OfflineError> {
        let id = &self.case.id;
        let dir = self.out.join(id.as_str());
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(|e| OfflineError::path(&dir, e))?;
        let db = |e: crate::store::StoreError| OfflineError::Other(e.to_string());
        for blob in self.store.case_blob_list(id).await.map_err(db)? {
            if !blob_name_ok(&blob.name) {
                self.refuse(format!("blob {:?}: not a name Filimbi writes", blob.name));
                continue;
            }
            // A file sent with an answer is named after its message, so it sorts beside it.
            let rel = match blob.message_seq {
                Some(seq) => format!("{id}/{}-{}.age", message_stem(seq), blob.name),
                None => format!("{id}/{}.age", blob.name),
            };
            let path = self.out.join(&rel);
            let mut file = create_new(&path)?;
            // Chunk by chunk: an export of large attachments never needs them whole in
            // memory. The MAC is over the whole ciphertext, so it is checked once written;
            // a file that fails is removed.
            let mut hash = Sha256::new();
            let mut index = 0;
            while let Some(chunk) = self.store.read_chunk(&blob.id, index).await.map_err(db)? {
                hash.update(&chunk);
                file.write_all(&chunk)
                    .map_err(|e| OfflineError::path(&path, e))?;
                index += 1;
            }
            file.sync_all().map_err(|e| OfflineError::path(&path, e))?;
            drop(file);
            let obj = ObjectRef::new(id, ObjectKind::of_blob(&blob.name), &blob.name);
            if let Err(e) = self
                .integrity
                .verify(obj, &hash.finalize().into(), blob.mac.as_deref())
            {
                std::fs::remove_file(&path).map_err(|e| OfflineError::path(&path, e))?;
                self.refuse_integrity(e);
                continue;
            }
            self.keep(rel, blob.mac);
        }
        // Small objects whose ciphertext sits in their row.
        let mut small: Vec<(String, ObjectKind, String, StoredObject)> = Vec::new();
        for m in self.store.messages(id).await.map_err(db)? {
            let file = format!("{}.age", message_stem(m.seq));
            small.push((file, ObjectKind::Message, m.seq.to_string(), m.object));
        }
        for n in self.store.notes(id).await.map_err(db)? {
            small.push((
                note_file(n.seq),
                ObjectKind::Note,
                n.seq.to_string(),
                n.object,
            ));
        }
        for (reader, wrap) in self.store.key_wraps(id).await.map_err(db)? {
            if !wrap_reader_ok(&reader) {
                self.refuse(format!(
                    "key wrap for {reader:?}: not a reader Filimbi writes"
                ));
                continue;
            }
            small.push((
                format!("case-key-{reader}.age"),
                ObjectKind::KeyWrap,
                reader,
                wrap,
            ));
        }
        for (file_name, kind, name, object) in small {
            let obj = ObjectRef::new(id, kind, &name);
            if let Err(e) = self
                .integrity
                .verify_bytes(obj, &object.bytes, object.mac.as_deref())
            {
                self.refuse_integrity(e);
                continue;
            }
            let rel = format!("{id}/{file_name}");
            let path = self.out.join(&rel);
            let mut file = create_new(&path)?;
            file.write_all(&object.bytes)
                .and_then(|()| file.sync_all())
                .map_err(|e| OfflineError::path(&path, e))?;
            self.keep(rel, object.mac);
        }
        Ok(())
    }

    fn keep(&mut self, rel: String, mac: Option<String>) {
        if let Some(mac) = mac {
            self.macs.insert(rel.clone(), mac);
        }
        self.files.push(rel);
    }

    fn refuse(&mut self, why: String) {
        self.refused.push(Refused {
            case: self.case.id.to_string(),
            why,
            integrity: false,
        });
    }

    fn refuse_integrity(&mut self, e: crate::crypto::sealed::IntegrityError) {
        self.refused.push(Refused {
            case: self.case.id.to_string(),
            why: format!("{} {:?}: {}", e.kind, e.name, e.why),
            integrity: true,
        });
    }
}

/// Creates `path` for writing: new (an existing file or a planted link is an error, never
/// overwritten or followed), readable by the owner only.
fn create_new(path: &Path) -> Result<std::fs::File, OfflineError> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| OfflineError::path(path, e))
}

/// The export file stem of message `seq` (`message-003`): names sort in conversation order.
pub fn message_stem(seq: i64) -> String {
    format!("message-{seq:03}")
}

/// The export file name of note `seq`: zero-padded, so names sort in writing order.
pub fn note_file(seq: i64) -> String {
    format!("note-{seq:04}.age")
}

fn prepare_out_dir(out: &Path) -> Result<(), OfflineError> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(|e| OfflineError::path(out, e))?;
        if entries.next().is_some() {
            return Err(OfflineError::path(
                out,
                "is not empty; export into a new or empty directory",
            ));
        }
    } else {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(out)
            .map_err(|e| OfflineError::path(out, e))?;
    }
    Ok(())
}
