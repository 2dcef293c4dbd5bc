//! `filimbi decrypt`: opens an export on an investigator's offline machine. For each case it
//! writes `report.json` (the decrypted document, padding removed) and `report.txt` (the same,
//! laid out for reading). Key wraps (`case-key-*.age`) are left encrypted: a case key in clear
//! on disk would be one more secret to lose.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{MANIFEST_FILE, Manifest, OfflineError, open_private, write_private};
use crate::crypto::seal::{REPORT_FORMAT, REPORT_VERSION};
use crate::i18n::{Lang, Tr};

/// Decrypts every case in the export at `dir`; prints progress to stderr.
pub fn run(identity: &Path, dir: &Path) -> Result<(), OfflineError> {
    let identities = age::IdentityFile::from_file(identity.display().to_string())
        .and_then(|f| {
            f.into_identities()
                .map_err(|e| std::io::Error::other(e.to_string()))
        })
        .map_err(|e| {
            OfflineError::path(identity, format!("not a usable age identity file: {e}"))
        })?;
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest: Manifest = std::fs::read(&manifest_path)
        .map_err(|e| OfflineError::path(&manifest_path, e))
        .and_then(|b| {
            serde_json::from_slice(&b).map_err(|e| OfflineError::path(&manifest_path, e))
        })?;
    let total = manifest.cases.len();
    let mut failed = 0usize;
    for (i, case) in manifest.cases.iter().enumerate() {
        let report = case.files.iter().find(|f| f.ends_with("/report.age"));
        let outcome = match report {
            Some(rel) => decrypt_report(&identities, dir, rel, &case.id)
                .and_then(|doc| extract_attachments(&identities, dir, rel, &doc, &case.files)),
            None => Err(OfflineError::Other("no report.age listed".to_owned())),
        };
        match outcome {
            Ok(()) => eprintln!("[{}/{total}] {} decrypted", i + 1, case.id),
            Err(e) => {
                failed += 1;
                eprintln!("[{}/{total}] {} FAILED: {e}", i + 1, case.id);
            }
        }
    }
    if failed > 0 {
        return Err(OfflineError::Other(format!(
            "{failed} of {total} case(s) could not be decrypted with this identity"
        )));
    }
    eprintln!("decrypted {total} case(s) in {}", dir.display());
    Ok(())
}

fn decrypt_report(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
    rel: &str,
    case_id: &str,
) -> Result<serde_json::Value, OfflineError> {
    let path = dir.join(rel);
    let ciphertext = std::fs::read(&path).map_err(|e| OfflineError::path(&path, e))?;
    let plaintext = decrypt(identities, &ciphertext).map_err(|e| OfflineError::path(&path, e))?;
    let doc: serde_json::Value =
        serde_json::from_slice(&plaintext).map_err(|e| OfflineError::path(&path, e))?;
    if doc["format"] != REPORT_FORMAT || doc["version"] != REPORT_VERSION {
        return Err(OfflineError::path(&path, "unknown report format"));
    }
    if doc["case_id"] != case_id {
        return Err(OfflineError::path(
            &path,
            "belongs to another case (the export was tampered with)",
        ));
    }
    let case_dir = path.parent().unwrap_or(dir);
    let json = serde_json::to_vec_pretty(&doc).map_err(|e| OfflineError::Other(e.to_string()))?;
    let json_path = case_dir.join("report.json");
    write_private(&json_path, &json)?;
    let txt_path = case_dir.join("report.txt");
    write_private(&txt_path, as_text(&doc).as_bytes())?;
    Ok(doc)
}

/// Extracts the attachments the report lists, after checking each file's SHA-256 against the
/// report; an attachment file the report does not list is refused.
fn extract_attachments(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
    report_rel: &str,
    doc: &serde_json::Value,
    files: &[String],
) -> Result<(), OfflineError> {
    let case_prefix = report_rel.trim_end_matches("report.age");
    let listed: Vec<(String, String)> = doc["attachments"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    let name = f["file"].as_str().unwrap_or("");
                    (
                        format!("{case_prefix}{name}.age"),
                        f["sha256"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for rel in files.iter().filter(|f| is_attachment(f)) {
        if !listed.iter().any(|(l, _)| l == rel) {
            return Err(OfflineError::path(
                &dir.join(rel),
                "is not listed in the encrypted report (added to the export or database by someone else)",
            ));
        }
    }
    for (rel, expected) in &listed {
        let path = dir.join(rel);
        if sha256_file(&path)? != *expected {
            return Err(OfflineError::path(
                &path,
                "does not match the checksum in the encrypted report (swapped or altered)",
            ));
        }
        extract_attachment(identities, dir, rel)?;
    }
    Ok(())
}

fn sha256_file(path: &Path) -> Result<String, OfflineError> {
    let mut file = std::fs::File::open(path).map_err(|e| OfflineError::path(path, e))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| OfflineError::path(path, e))?;
        if n == 0 {
            return Ok(hex::encode(hash.finalize()));
        }
        hash.update(&buf[..n]);
    }
}

fn is_attachment(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|f| f.starts_with("attachment-") && f.ends_with(".age"))
}

/// Decrypts one attachment (a tar archive holding one file) into `<case>/attachments/`, under
/// its original name, streaming: large files never sit whole in memory.
fn extract_attachment(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
    rel: &str,
) -> Result<(), OfflineError> {
    let path = dir.join(rel);
    let input = std::fs::File::open(&path).map_err(|e| OfflineError::path(&path, e))?;
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(input))
        .map_err(|e| OfflineError::path(&path, e))?;
    let plain = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| OfflineError::path(&path, e))?;
    let mut archive = tar::Archive::new(plain);
    let mut entries = archive
        .entries()
        .map_err(|e| OfflineError::path(&path, e))?;
    let mut entry = entries
        .next()
        .ok_or_else(|| OfflineError::path(&path, "empty attachment archive"))?
        .map_err(|e| OfflineError::path(&path, e))?;
    let raw_name = entry
        .path()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out_dir = path.parent().unwrap_or(dir).join("attachments");
    std::fs::create_dir_all(&out_dir).map_err(|e| OfflineError::path(&out_dir, e))?;
    let name = crate::crypto::attachment::safe_name(&raw_name);
    let mut target = out_dir.join(&name);
    let mut n = 2;
    while target.exists() {
        target = out_dir.join(format!("{n}-{name}"));
        n += 1;
    }
    let mut out = open_private(&target)?;
    std::io::copy(&mut entry, &mut out).map_err(|e| OfflineError::path(&target, e))?;
    Ok(())
}

/// Decrypts an age file with any of `identities`.
pub fn decrypt(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    ciphertext: &[u8],
) -> Result<Vec<u8>, String> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|e| e.to_string())?;
    let mut reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    reader.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// A report laid out for reading, with English field labels.
pub fn as_text(doc: &serde_json::Value) -> String {
    let t = Tr::new(Lang::En);
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    let mut out = String::new();
    let _ = writeln!(out, "Case:     {}", s(&doc["case_id"]));
    let _ = writeln!(out, "Category: {}", s(&doc["category"]));
    let _ = writeln!(out, "Received: {}", s(&doc["received_day"]));
    if let Some(fields) = doc["fields"].as_object() {
        for (name, value) in fields {
            let _ = writeln!(out, "\n{}:", t.t(&format!("field-{name}")));
            for line in s(value).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if let Some(files) = doc["attachments"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(out, "\nAttachments (in attachments/):");
        for f in files {
            let state = if f["metadata_removed"] == true {
                "hidden metadata removed".to_owned()
            } else {
                format!(
                    "METADATA NOT REMOVED ({}): open it offline, on a machine that holds nothing else",
                    s(&f["note"])
                )
            };
            let _ = writeln!(
                out,
                "  {} — {}, {} bytes, {state}",
                s(&f["name"]),
                s(&f["type"]),
                f["size"].as_u64().unwrap_or(0)
            );
        }
    }
    out
}
