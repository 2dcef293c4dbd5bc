//! Backups: one tar archive (the database snapshot, `server.key`, `feed-signing.key` and a
//! manifest) encrypted with age to every offline key in `keys/`, streamed, never written in
//! clear. The secrets that make receipts and feeds work leave the server only this way.
//!
//! Anyone holding one offline identity opens a backup with stock tools:
//! `age -d -i OFFLINE.key backup.age | tar -t`.

use std::io::{Read, Write};

use super::recipients::Recipients;

/// Backups cannot be made without someone to open them.
#[derive(Debug, thiserror::Error)]
pub enum BackupSealError {
    /// `keys/` holds no offline key.
    #[error("no offline key in the keys directory: a backup must be encrypted to at least one")]
    NoRecipients,
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Wraps `out` so that what is written is encrypted to every offline recipient. Call
/// `finish` on the result when done.
pub fn seal_backup<W: Write>(
    recipients: &Recipients,
    out: W,
) -> Result<age::stream::StreamWriter<W>, BackupSealError> {
    if recipients.is_empty() {
        return Err(BackupSealError::NoRecipients);
    }
    let readers = recipients
        .entries()
        .iter()
        .map(|e| &e.recipient as &dyn age::Recipient);
    let encryptor = age::Encryptor::with_recipients(readers).map_err(std::io::Error::other)?;
    Ok(encryptor.wrap_output(out)?)
}

/// Opens a backup with offline identities.
pub fn open_backup<'a, R: std::io::BufRead + 'a>(
    input: R,
    identities: &'a [Box<dyn age::Identity + Send + Sync>],
) -> std::io::Result<impl Read + 'a> {
    let decryptor = age::Decryptor::new_buffered(input).map_err(std::io::Error::other)?;
    decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|_| std::io::Error::other("this identity does not open the backup"))
}
