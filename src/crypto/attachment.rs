//! Sealing an attachment: the cleaned file becomes one age file encrypted to the case's
//! recipients (the per-case key and every offline key), so stock `age -d` opens it.
//!
//! The decrypted form is a (GNU) tar archive holding exactly one regular file, under the name
//! the whistle-blower's browser gave (path stripped), with neutral ownership, mode 0600 and
//! time 0. Tar is the container because the padding must not change the file itself: after
//! the end-of-archive marker the archive is padded with zero bytes up to the length bucket
//! (`crypto::padding`), which every tar reader ignores. So:
//! `age -d -i key attachment-01.age | tar -x` yields the cleaned file.

use std::io::{Read, Write};

use sha2::{Digest, Sha256};

use super::padding;
use super::sealed::Ciphertext;

/// What was sealed.
#[derive(Debug, Clone, Copy)]
pub struct SealedSize {
    /// Bytes of the file inside.
    pub content: u64,
    /// Bytes of the padded tar archive (the plaintext age encrypted).
    pub padded: u64,
}

/// Counts bytes passing through to the age stream.
struct Counting<W> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An attachment sealed and handed out in chunks.
#[derive(Debug, Clone)]
pub struct SealedAttachment {
    /// Sizes.
    pub size: SealedSize,
    /// Hex SHA-256 of all the ciphertext, for the report's list and the object MAC.
    pub sha256: String,
}

/// Encrypts `content` (exactly `size` bytes) as the tar entry `name`, padded, to `recipients`,
/// handing the ciphertext to `send` in pieces of `chunk_size` bytes (the last may be shorter).
/// The pieces are [`Ciphertext`]: `send` can store them, nothing else can make one.
pub fn seal_attachment(
    recipients: &[&dyn age::Recipient],
    name: &str,
    size: u64,
    content: impl Read,
    chunk_size: usize,
    send: impl FnMut(Ciphertext) -> std::io::Result<()>,
) -> std::io::Result<SealedAttachment> {
    let sink = ChunkSink {
        buf: Vec::with_capacity(chunk_size),
        chunk_size: chunk_size.max(1),
        send,
        hash: Sha256::new(),
    };
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(std::io::Error::other)?;
    let stream = encryptor.wrap_output(sink)?;
    let mut builder = tar::Builder::new(Counting {
        inner: stream,
        count: 0,
    });
    builder.mode(tar::HeaderMode::Deterministic);
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, safe_name(name), content.take(size))?;
    builder.finish()?;
    let mut counting = builder.into_inner()?;
    let target = padding::bucket(usize::try_from(counting.count).unwrap_or(usize::MAX)) as u64;
    let zeros = [0u8; 8192];
    while counting.count < target {
        let n = usize::try_from((target - counting.count).min(zeros.len() as u64)).unwrap_or(0);
        counting.write_all(&zeros[..n])?;
    }
    let padded = counting.count;
    let sink = counting.inner.finish()?;
    Ok(SealedAttachment {
        size: SealedSize {
            content: size,
            padded,
        },
        sha256: sink.finish()?,
    })
}

/// A `Write` at the end of the age stream: cuts the ciphertext into pieces and hashes it.
struct ChunkSink<F> {
    buf: Vec<u8>,
    chunk_size: usize,
    send: F,
    hash: Sha256,
}

impl<F: FnMut(Ciphertext) -> std::io::Result<()>> ChunkSink<F> {
    fn send(&mut self) -> std::io::Result<()> {
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(self.chunk_size));
        self.hash.update(&full);
        (self.send)(Ciphertext::new(full))
    }

    /// Sends what is left; returns the hex SHA-256 of all the ciphertext.
    fn finish(mut self) -> std::io::Result<String> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(hex::encode(self.hash.finalize()))
    }
}

impl<F: FnMut(Ciphertext) -> std::io::Result<()>> Write for ChunkSink<F> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = self.chunk_size - self.buf.len();
        let n = room.min(data.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == self.chunk_size {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file name safe to put in a tar archive, to show, and to write on an investigator's disk
/// (Linux, macOS or Windows): the last path component only; no control characters; no
/// invisible characters that change how it reads (bidirectional overrides and isolates, which
/// make `photo\u{202E}gpj.exe` show as `photoexe.jpg`; zero-width characters); Windows'
/// forbidden characters replaced; no leading dots, no trailing dots or spaces; a Windows
/// device name (`CON`, `nul.txt`, `COM1`…) prefixed with `_`; at most 200 bytes.
///
/// Written here rather than taken from a crate: the file-name crates handle reserved names and
/// forbidden characters but keep the bidirectional controls, which are the deception that
/// matters for a file sent by someone who wants an investigator to open it.
pub fn safe_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .map(|c| if "<>:\"|?*".contains(c) { '_' } else { c })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .to_owned();
    while name.len() > 200 {
        name.pop();
    }
    if name.is_empty() {
        name = "attachment".to_owned();
    }
    if is_windows_device(&name) {
        name.insert(0, '_');
    }
    name
}

/// Characters that change how a name reads without showing: bidirectional marks, embeddings,
/// overrides and isolates; zero-width spaces and joiners; the word joiner and BOM.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, with any extension: names Windows
/// opens as devices.
fn is_windows_device(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem
                .as_bytes()
                .get(3)
                .is_some_and(|d| (b'1'..=b'9').contains(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_control_characters_and_leading_dots() {
        assert_eq!(safe_name("C:\\Users\\amani\\photo.jpg"), "photo.jpg");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name(".."), "attachment");
        assert_eq!(safe_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(safe_name(&"é".repeat(150)).len(), 200);
    }

    #[test]
    fn names_cannot_lie_about_their_type_or_name_a_device() {
        // Shown as "certificatefdp.exe" read right to left: the override goes, the truth shows.
        assert_eq!(
            safe_name("certificate\u{202E}fdp.exe"),
            "certificatefdp.exe"
        );
        assert_eq!(
            safe_name("a\u{2066}b\u{2069}\u{200B}c\u{FEFF}.jpg"),
            "abc.jpg"
        );
        assert_eq!(safe_name("report.pdf. . "), "report.pdf");
        assert_eq!(safe_name("what?<is>:this*.txt"), "what__is__this_.txt");
        assert_eq!(safe_name("CON"), "_CON");
        assert_eq!(safe_name("nul.txt"), "_nul.txt");
        assert_eq!(safe_name("com7.jpg"), "_com7.jpg");
        assert_eq!(safe_name("COM0.jpg"), "COM0.jpg");
        assert_eq!(safe_name("console.log"), "console.log");
        assert_eq!(safe_name("\u{202E}"), "attachment");
    }
}
