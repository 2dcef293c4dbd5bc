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

/// A file name safe to put in a tar archive and to write on an investigator's disk: the last
/// path component only, no control characters, no `..`, at most 200 bytes.
pub fn safe_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    while name.len() > 200 {
        name.pop();
    }
    if name.is_empty() {
        name = "attachment".to_owned();
    }
    name
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
}
