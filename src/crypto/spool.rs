//! Spooling an upload while it arrives, as ciphertext.
//!
//! An attachment is sealed as a tar entry whose header states its size, and it must be cleaned
//! before sealing, so nothing can be sealed until the whole file has arrived — over Tor that can
//! take half an hour. Meanwhile the bytes are streamed to a spool file, age-encrypted to an
//! ephemeral key that exists only in this process's memory: the spool on disk is unreadable
//! ciphertext, and becomes permanently so when the process forgets the key. Spool files are
//! deleted when the request ends, and any left by a crash are deleted at start.

use std::io::{BufRead, Read, Write};

use age::x25519;

/// The per-upload ephemeral key.
pub struct SpoolKey(x25519::Identity);

impl Default for SpoolKey {
    fn default() -> Self {
        Self::new()
    }
}

impl SpoolKey {
    /// A fresh key.
    pub fn new() -> Self {
        Self(x25519::Identity::generate())
    }

    /// Wraps `out` so that what is written is encrypted to this key. Call `finish` on the
    /// result when done.
    pub fn writer<W: Write>(&self, out: W) -> std::io::Result<age::stream::StreamWriter<W>> {
        let recipient = self.0.to_public();
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(std::io::Error::other)?
            .wrap_output(out)
    }

    /// Reads back what [`SpoolKey::writer`] wrote.
    pub fn reader<R: BufRead>(&self, input: R) -> std::io::Result<impl Read + use<R>> {
        let decryptor = age::Decryptor::new_buffered(input).map_err(std::io::Error::other)?;
        decryptor
            .decrypt(std::iter::once(&self.0 as &dyn age::Identity))
            .map_err(std::io::Error::other)
    }
}
