//! `filimbi export`: copies stored ciphertexts out of the database as `*.age` files plus a
//! `manifest.json`. Nothing is decrypted; the export can be carried to an offline machine and
//! opened there with `filimbi decrypt` or stock `age -d`.

use std::io::Write;
use std::path::Path;

use super::{MANIFEST_FILE, MANIFEST_FORMAT, Manifest, ManifestCase, OfflineError};
use crate::app::{self, AppOptions};
use crate::domain::case::CaseId;
use crate::services::audit::Audit;
use crate::services::audit::AuditAction;
use crate::store::{CaseRow, Store, StoredObject};

/// Runs the export against the configured database; prints progress to stderr.
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
    let result = export(store, out, only.as_ref()).await;
    let audited = match &result {
        Ok(n) => audit_export(&services.audit, case.unwrap_or("all"), *n).await,
        Err(_) => Ok(()),
    };
    store.close().await;
    let n = result?;
    audited?;
    eprintln!("exported {n} case(s) to {}", out.display());
    Ok(())
}

/// Appends `export` to the audit log: who took ciphertext out, of what, how many cases.
async fn audit_export(audit: &Audit, subject: &str, cases: usize) -> Result<(), OfflineError> {
    audit
        .record(
            "cli",
            AuditAction::Export,
            subject,
            &format!("{cases} cases"),
        )
        .await
        .map_err(|e| OfflineError::Other(e.to_string()))
}

/// Writes the export; returns the number of cases.
pub async fn export(
    store: &Store,
    out: &Path,
    only: Option<&CaseId>,
) -> Result<usize, OfflineError> {
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
    let total = cases.len();
    for (i, case) in cases.into_iter().enumerate() {
        manifest.cases.push(export_case(store, out, &case).await?);
        if total >= 20 && (i + 1) % 10 == 0 {
            eprintln!("[{}/{total}] exported", i + 1);
        }
    }
    let path = out.join(MANIFEST_FILE);
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| OfflineError::Other(e.to_string()))?;
    std::fs::write(&path, json).map_err(|e| OfflineError::path(&path, e))?;
    Ok(total)
}

/// Writes one case's sealed objects as `.age` files; returns its manifest entry.
async fn export_case(
    store: &Store,
    out: &Path,
    case: &CaseRow,
) -> Result<ManifestCase, OfflineError> {
    let dir = out.join(case.id.as_str());
    std::fs::create_dir(&dir).map_err(|e| OfflineError::path(&dir, e))?;
    let db = |e: crate::store::StoreError| OfflineError::Other(e.to_string());
    let mut files = Vec::new();
    let mut macs = std::collections::BTreeMap::new();
    for blob in store.case_blob_list(&case.id).await.map_err(db)? {
        // A file sent with an answer is named after its message, so it sorts beside it.
        let rel = match blob.message_seq {
            Some(seq) => format!("{}/{}-{}.age", case.id, message_stem(seq), blob.name),
            None => format!("{}/{}.age", case.id, blob.name),
        };
        let path = out.join(&rel);
        let mut file = std::fs::File::create(&path).map_err(|e| OfflineError::path(&path, e))?;
        // Chunk by chunk: an export of large attachments never needs them whole in memory.
        let mut index = 0;
        while let Some(chunk) = store.read_chunk(&blob.id, index).await.map_err(db)? {
            file.write_all(&chunk)
                .map_err(|e| OfflineError::path(&path, e))?;
            index += 1;
        }
        if let Some(mac) = blob.mac {
            macs.insert(rel.clone(), mac);
        }
        files.push(rel);
    }
    // Small objects whose ciphertext sits in their row.
    let mut small: Vec<(String, StoredObject)> = Vec::new();
    for m in store.messages(&case.id).await.map_err(db)? {
        small.push((format!("{}.age", message_stem(m.seq)), m.object));
    }
    for n in store.notes(&case.id).await.map_err(db)? {
        small.push((note_file(n.seq), n.object));
    }
    for (reader, wrap) in store.key_wraps(&case.id).await.map_err(db)? {
        small.push((format!("case-key-{reader}.age"), wrap));
    }
    for (name, object) in small {
        let rel = format!("{}/{name}", case.id);
        let path = out.join(&rel);
        std::fs::write(&path, &object.bytes).map_err(|e| OfflineError::path(&path, e))?;
        if let Some(mac) = object.mac {
            macs.insert(rel.clone(), mac);
        }
        files.push(rel);
    }
    Ok(ManifestCase {
        id: case.id.to_string(),
        category: case.category.slug().to_owned(),
        status: case.status.as_str().to_owned(),
        received_day: case.received_day.iso(),
        files,
        macs,
    })
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
        std::fs::create_dir_all(out).map_err(|e| OfflineError::path(out, e))?;
    }
    Ok(())
}
