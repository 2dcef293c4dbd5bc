//! `filimbi decrypt`: opens an export on an investigator's offline machine. For each case it
//! writes `report.json` (the decrypted document, padding removed), `report.txt` (the same,
//! laid out for reading), the attachments, and `notes.txt`. Key wraps (`case-key-*.age`) are
//! left encrypted: a case key in clear on disk would be one more secret to lose.
//!
//! Without `server.key` it checks what the ciphertext itself can vouch for: the report names
//! its case, and lists the SHA-256 of each attachment. It cannot tell a report or note forged
//! by someone who wrote to the database (recipients are public). Given `--server-key` it also
//! checks every file's object MAC from the manifest, which closes that gap.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

mod conversation;

use super::{MANIFEST_FILE, Manifest, ManifestCase, OfflineError, open_private, write_private};
use crate::crypto::sealed::{IntegrityKey, ObjectKind, ObjectRef};
use crate::crypto::server_secret::ServerSecret;
use crate::domain::case::CaseId;
use crate::domain::document::{NoteDoc, ReportDoc};
use crate::i18n::{Lang, Tr};

/// Decrypts every case in the export at `dir`; prints progress to stderr. With `server_key`
/// (the server's `server.key`), every file's object MAC is checked first.
pub fn run(identity: &Path, dir: &Path, server_key: Option<&Path>) -> Result<(), OfflineError> {
    let integrity = server_key
        .map(|p| {
            ServerSecret::load_file(p)
                .map(|s| IntegrityKey::new(&s))
                .map_err(|e| OfflineError::path(p, e))
        })
        .transpose()?;
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
        let checked = layout(case).and_then(|()| match &integrity {
            Some(key) => verify_macs(key, dir, case),
            None => Ok(()),
        });
        let outcome = match (checked, report) {
            (Err(e), _) => Err(e),
            (Ok(()), Some(rel)) => decrypt_report(&identities, dir, rel, &case.id)
                .and_then(|doc| extract_attachments(&identities, dir, rel, &doc, &case.files))
                .and_then(|()| decrypt_notes(&identities, dir, rel, &case.files))
                .and_then(|()| conversation::decrypt(&identities, dir, rel, &case.id, &case.files)),
            (Ok(()), None) => Err(OfflineError::Other("no report.age listed".to_owned())),
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
) -> Result<ReportDoc, OfflineError> {
    let path = dir.join(rel);
    let ciphertext = std::fs::read(&path).map_err(|e| OfflineError::path(&path, e))?;
    let plaintext = decrypt(identities, &ciphertext).map_err(|e| OfflineError::path(&path, e))?;
    let doc = ReportDoc::parse(&plaintext, case_id).map_err(|e| match e {
        crate::domain::document::DocumentError::WrongCase => OfflineError::path(
            &path,
            "belongs to another case (the export was tampered with)",
        ),
        other => OfflineError::path(&path, other),
    })?;
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
    doc: &ReportDoc,
    files: &[String],
) -> Result<(), OfflineError> {
    let case_prefix = report_rel.trim_end_matches("report.age");
    // Each file, and its preview after it (extracted beside it as `NAME.preview.png`).
    let listed: Vec<(String, String)> = doc
        .attachments()
        .iter()
        .flat_map(|f| {
            std::iter::once((f.file.as_str(), &f.sha256))
                .chain(f.preview.iter().map(|p| (p.file.as_str(), &p.sha256)))
        })
        .map(|(file, sha256)| (format!("{case_prefix}{file}.age"), sha256.clone()))
        .collect();
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

/// Decrypts the case's notes (`note-NNNN.age`, in order) into `notes.txt`.
fn decrypt_notes(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
    report_rel: &str,
    files: &[String],
) -> Result<(), OfflineError> {
    let mut notes: Vec<&String> = files.iter().filter(|f| note_seq(f).is_some()).collect();
    if notes.is_empty() {
        return Ok(());
    }
    notes.sort();
    let mut out = String::new();
    for rel in notes {
        let path = dir.join(rel);
        let ciphertext = std::fs::read(&path).map_err(|e| OfflineError::path(&path, e))?;
        let plain = decrypt(identities, &ciphertext).map_err(|e| OfflineError::path(&path, e))?;
        let note = NoteDoc::parse(&plain).map_err(|e| OfflineError::path(&path, e))?;
        let _ = writeln!(out, "{} — {}", note.day(), note.author());
        for line in note.text().lines() {
            let _ = writeln!(out, "  {line}");
        }
        out.push('\n');
    }
    let case_dir = dir.join(report_rel.trim_end_matches("report.age"));
    write_private(&case_dir.join("notes.txt"), out.as_bytes())
}

/// Every file a manifest lists must be one an export writes, in its case's folder
/// (`<case id>/report.age`…): a manifest changed on its way to the offline machine must not
/// make decrypt read, or write its outputs beside, files elsewhere (`../../home/…`).
fn layout(case: &ManifestCase) -> Result<(), OfflineError> {
    let id = CaseId::parse(&case.id)
        .filter(|id| id.as_str() == case.id)
        .ok_or_else(|| OfflineError::Other(format!("invalid case id {:?}", case.id)))?;
    for rel in &case.files {
        let file = rel
            .strip_prefix(id.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .filter(|f| !f.contains(['/', '\\']) && !f.starts_with('.') && f.ends_with(".age"));
        if file.is_none() || object_of(rel).is_none() {
            return Err(OfflineError::Other(format!(
                "the manifest lists {rel:?}, not a file an export writes for this case \
                 (the export was tampered with)"
            )));
        }
    }
    Ok(())
}

/// Checks each listed file against its object MAC in the manifest (`--server-key`).
fn verify_macs(key: &IntegrityKey, dir: &Path, case: &ManifestCase) -> Result<(), OfflineError> {
    let id = CaseId::parse(&case.id)
        .ok_or_else(|| OfflineError::Other(format!("invalid case id {:?}", case.id)))?;
    for rel in &case.files {
        let path = dir.join(rel);
        let (kind, name) = object_of(rel)
            .ok_or_else(|| OfflineError::path(&path, "is not a file an export contains"))?;
        let obj = ObjectRef {
            case: &id,
            kind,
            name: &name,
        };
        let mut digest = [0u8; 32];
        hex::decode_to_slice(sha256_file(&path)?, &mut digest)
            .map_err(|e| OfflineError::path(&path, e))?;
        key.verify(obj, &digest, case.macs.get(rel).map(String::as_str))
            .map_err(|e| {
                OfflineError::path(
                    &path,
                    format!(
                        "failed its integrity check ({}): not written by this server",
                        e.why
                    ),
                )
            })?;
    }
    Ok(())
}

/// The sealed object an export file holds, from its name.
fn object_of(rel: &str) -> Option<(ObjectKind, String)> {
    let file = rel.rsplit('/').next()?.strip_suffix(".age")?;
    if file == "report" {
        Some((ObjectKind::Report, file.to_owned()))
    } else if file.starts_with("attachment-") {
        Some((ObjectKind::Attachment, file.to_owned()))
    } else if let Some(seq) = note_seq(rel) {
        Some((ObjectKind::Note, seq.to_string()))
    } else if let Some((seq, answer_file)) = conversation::message_of(rel) {
        Some(match answer_file {
            Some(f) => (ObjectKind::Attachment, f.to_owned()),
            None => (ObjectKind::Message, seq.to_string()),
        })
    } else {
        file.strip_prefix("case-key-")
            .map(|reader| (ObjectKind::KeyWrap, reader.to_owned()))
    }
}

/// The number of a note file (`…/note-0003.age` → 3).
fn note_seq(rel: &str) -> Option<i64> {
    rel.rsplit('/')
        .next()?
        .strip_prefix("note-")?
        .strip_suffix(".age")?
        .parse()
        .ok()
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
    // A name taken (by an earlier file, or anything planted, a dangling link included) gets a
    // number: the file is always created new, never written through what is there.
    let mut target = out_dir.join(&name);
    let mut n = 2;
    let mut out = loop {
        match open_private(&target) {
            Ok(file) => break file,
            Err(_) if std::fs::symlink_metadata(&target).is_ok() && n < 10_000 => {
                target = out_dir.join(format!("{n}-{name}"));
                n += 1;
            }
            Err(e) => return Err(e),
        }
    };
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
pub fn as_text(doc: &ReportDoc) -> String {
    let t = Tr::new(Lang::En);
    let mut out = String::new();
    let _ = writeln!(out, "Case:     {}", doc.case_id());
    let _ = writeln!(out, "Category: {}", doc.category().slug());
    let _ = writeln!(out, "Received: {}", doc.received_day());
    for (name, value) in doc.fields().iter() {
        let _ = writeln!(out, "\n{}:", t.t(&format!("field-{name}")));
        for line in value.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !doc.attachments().is_empty() {
        let _ = writeln!(out, "\nAttachments (in attachments/):");
        for f in doc.attachments() {
            let state = if f.metadata_removed {
                "hidden metadata removed".to_owned()
            } else {
                format!(
                    "METADATA NOT REMOVED ({}): open it offline, on a machine that holds nothing else",
                    f.note.as_deref().unwrap_or("")
                )
            };
            let _ = writeln!(out, "  {} — {}, {} bytes, {state}", f.name, f.mime, f.size);
        }
    }
    out
}
