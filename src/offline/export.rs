//! `filimbi export`: copies stored ciphertexts out of the database as `*.age` files plus a
//! `manifest.json`. Nothing is decrypted; the export can be carried to an offline machine and
//! opened there with `filimbi decrypt` or stock `age -d`.

use std::io::Write;
use std::path::Path;

use super::{MANIFEST_FILE, MANIFEST_FORMAT, Manifest, ManifestCase, OfflineError};
use crate::domain::case::CaseId;
use crate::services::audit::AuditAction;
use crate::store::Store;

/// Runs the export; prints progress to stderr.
pub async fn run(
    data_dir: &Path,
    database_url: Option<&str>,
    out: &Path,
    case: Option<&str>,
) -> Result<(), OfflineError> {
    let only = match case {
        Some(c) => Some(CaseId::parse(c).ok_or_else(|| {
            OfflineError::Usage(format!("invalid case id {c:?}: expected 32 hex digits"))
        })?),
        None => None,
    };
    let store = match database_url {
        Some(url) => Store::open(url).await,
        None => {
            let path = Store::default_path(data_dir);
            if !path.exists() {
                return Err(OfflineError::path(
                    &path,
                    "no database here (wrong --data-dir?)",
                ));
            }
            Store::open_file(&path).await
        }
    }
    .map_err(|e| OfflineError::Other(e.to_string()))?;
    let result = export(&store, out, only.as_ref()).await;
    let audited = match &result {
        Ok(n) => audit_export(data_dir, &store, case.unwrap_or("all"), *n).await,
        Err(_) => Ok(()),
    };
    store.close().await;
    let n = result?;
    audited?;
    eprintln!("exported {n} case(s) to {}", out.display());
    Ok(())
}

/// Appends `export` to the audit log: who took ciphertext out, of what, how many cases.
async fn audit_export(
    data_dir: &Path,
    store: &Store,
    subject: &str,
    cases: usize,
) -> Result<(), OfflineError> {
    let secret = crate::crypto::server_secret::ServerSecret::load_or_create(data_dir)
        .map_err(|e| OfflineError::Other(e.to_string()))?;
    let audit = crate::services::audit::Audit::new(
        store.clone(),
        &secret,
        std::sync::Arc::new(crate::clock::SystemClock),
    );
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
        let dir = out.join(case.id.as_str());
        std::fs::create_dir(&dir).map_err(|e| OfflineError::path(&dir, e))?;
        let db = |e: crate::store::StoreError| OfflineError::Other(e.to_string());
        let mut files = Vec::new();
        for blob in store.case_blob_list(&case.id).await.map_err(db)? {
            let rel = format!("{}/{}.age", case.id, blob.name);
            let path = out.join(&rel);
            let mut file =
                std::fs::File::create(&path).map_err(|e| OfflineError::path(&path, e))?;
            // Chunk by chunk: an export of large attachments never needs them whole in memory.
            let mut index = 0;
            while let Some(chunk) = store.read_chunk(&blob.id, index).await.map_err(db)? {
                file.write_all(&chunk)
                    .map_err(|e| OfflineError::path(&path, e))?;
                index += 1;
            }
            files.push(rel);
        }
        for (reader, ciphertext) in store.key_wraps(&case.id).await.map_err(db)? {
            let rel = format!("{}/case-key-{reader}.age", case.id);
            let path = out.join(&rel);
            std::fs::write(&path, ciphertext).map_err(|e| OfflineError::path(&path, e))?;
            files.push(rel);
        }
        manifest.cases.push(ManifestCase {
            id: case.id.to_string(),
            category: case.category.slug().to_owned(),
            status: case.status.as_str().to_owned(),
            received_day: case.received_day.iso(),
            files,
        });
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
