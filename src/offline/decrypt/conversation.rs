//! The conversation in an export: `message-001.age`, `message-002.age`… (the names sort in
//! conversation order) and the files sent with answers, `message-002-answer-….age`. Written
//! out as `conversation.txt`, answer files into `attachments/` after their checksums are
//! checked against the answer that lists them.

use std::fmt::Write as _;
use std::path::Path;

use super::{decrypt as age_decrypt, extract_attachment, sha256_file, write_private};
use crate::domain::document::{MessageDoc, Sender};
use crate::offline::OfflineError;

/// For an export file of the conversation: its message number, and for a file sent with an
/// answer, the file's stored name (`answer-…`).
pub(super) fn message_of(rel: &str) -> Option<(i64, Option<&str>)> {
    let name = rel.rsplit('/').next()?.strip_suffix(".age")?;
    let rest = name.strip_prefix("message-")?;
    let (num, file) = match rest.split_once('-') {
        Some((n, f)) => (n, Some(f)),
        None => (rest, None),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((num.parse().ok()?, file.filter(|f| f.starts_with("answer-"))))
        .filter(|(_, f)| f.is_some() || !rest.contains('-'))
}

/// Decrypts the messages in order into `conversation.txt` and extracts answer files; refuses
/// an answer file no answer lists, or one whose checksum differs.
pub(super) fn decrypt(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
    report_rel: &str,
    case_id: &str,
    files: &[String],
) -> Result<(), OfflineError> {
    let mut messages: Vec<(i64, &String)> = files
        .iter()
        .filter_map(|f| match message_of(f) {
            Some((seq, None)) => Some((seq, f)),
            _ => None,
        })
        .collect();
    messages.sort();
    let answer_files: Vec<&String> = files
        .iter()
        .filter(|f| matches!(message_of(f), Some((_, Some(_)))))
        .collect();
    if messages.is_empty() && answer_files.is_empty() {
        return Ok(());
    }
    let case_prefix = report_rel.trim_end_matches("report.age");
    let mut listed: Vec<(String, String)> = Vec::new();
    let mut out = String::new();
    for (seq, rel) in &messages {
        let doc = open_message(identities, &dir.join(rel), case_id)?;
        write_message(&mut out, *seq, &doc);
        for a in doc.attachments() {
            let preview = a.preview.iter().map(|p| (&p.file, &p.sha256));
            for (file, sha256) in std::iter::once((&a.file, &a.sha256)).chain(preview) {
                listed.push((
                    format!("{case_prefix}message-{seq:03}-{file}.age"),
                    sha256.clone(),
                ));
            }
        }
    }
    for rel in &answer_files {
        let Some((_, expected)) = listed.iter().find(|(l, _)| l == *rel) else {
            return Err(OfflineError::path(
                &dir.join(rel),
                "is not listed in any encrypted answer (added to the export or database by someone else)",
            ));
        };
        let path = dir.join(rel);
        if sha256_file(&path)? != *expected {
            return Err(OfflineError::path(
                &path,
                "does not match the checksum in its encrypted answer (swapped or altered)",
            ));
        }
        extract_attachment(identities, dir, rel)?;
    }
    let case_dir = dir.join(case_prefix);
    write_private(&case_dir.join("conversation.txt"), out.as_bytes())
}

fn open_message(
    identities: &[Box<dyn age::Identity + Send + Sync>],
    path: &Path,
    case_id: &str,
) -> Result<MessageDoc, OfflineError> {
    let ciphertext = std::fs::read(path).map_err(|e| OfflineError::path(path, e))?;
    let plain = age_decrypt(identities, &ciphertext).map_err(|e| OfflineError::path(path, e))?;
    MessageDoc::parse(&plain, case_id).map_err(|e| OfflineError::path(path, e))
}

/// One message laid out for reading: number, day, who, the text indented, its files.
fn write_message(out: &mut String, seq: i64, doc: &MessageDoc) {
    let who = match doc.from() {
        Sender::Investigator => "investigators",
        Sender::Whistleblower => "whistle-blower",
    };
    let _ = writeln!(out, "[{seq}] {} — {who}:", doc.day());
    for line in doc.text().lines() {
        let _ = writeln!(out, "  {line}");
    }
    for a in doc.attachments() {
        let _ = writeln!(out, "  file: {} — {}, {} bytes", a.name, a.mime, a.size);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_files_are_recognised_by_name() {
        assert_eq!(message_of("c/message-003.age"), Some((3, None)));
        assert_eq!(
            message_of("c/message-012-answer-0a1b2c3d4e5f6071.age"),
            Some((12, Some("answer-0a1b2c3d4e5f6071")))
        );
        assert_eq!(message_of("c/message-x.age"), None);
        assert_eq!(message_of("c/message-003-attachment-01.age"), None);
        assert_eq!(message_of("c/report.age"), None);
    }
}
