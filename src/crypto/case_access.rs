//! The investigator's side of the per-case key (docs/crypto.md, "Reading in the browser").
//!
//! A case's content is encrypted to its per-case key; each reader (the offline escrow keys,
//! each investigator account) holds a *wrap* of that key, encrypted to them. Opening a case in
//! the workspace means: open the account's wrap with the session's identity, then decrypt the
//! content with the case key. Granting a colleague access re-encrypts the case key to their
//! recipient — no content is re-encrypted. Internal notes are sealed here, like report content,
//! to the case key and every offline key.

use std::io::Read;

use age::x25519;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::recipients::Recipients;
use super::seal::{SealError, encrypt, seal_document};
use super::sealed::{Ciphertext, ObjectKind, Verified};
use crate::domain::case::CaseId;
use crate::domain::document::{DocumentError, NoteDoc, ReportDoc};

/// Why a case could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// This identity holds no wrap that opens, or the ciphertext was altered.
    #[error("this key cannot open the case")]
    NoAccess,
    /// The decrypted key is not in a known format.
    #[error("decrypted content is malformed")]
    Malformed,
    /// The decrypted document is refused (shape, format, or another case's).
    #[error(transparent)]
    Document(#[from] DocumentError),
}

/// The per-case identity, in memory only while a request uses it.
pub struct CaseKey(x25519::Identity);

impl CaseKey {
    /// Opens a checked key wrap with a reader's identity.
    pub fn unwrap(wrap: Verified<'_>, reader: &x25519::Identity) -> Result<Self, OpenError> {
        let plain = decrypt_with(reader, expect(wrap, ObjectKind::KeyWrap)?)?;
        let text = std::str::from_utf8(&plain).map_err(|_| OpenError::Malformed)?;
        text.trim()
            .parse::<x25519::Identity>()
            .map(Self)
            .map_err(|_| OpenError::Malformed)
    }

    /// Re-encrypts this case key to another reader (a grant).
    pub fn wrap_for(&self, recipient: &x25519::Recipient) -> Result<Ciphertext, SealError> {
        let text = Zeroizing::new(format!("{}\n", self.0.to_string().expose_secret()));
        encrypt(&[recipient as &dyn age::Recipient], text.as_bytes())
    }

    /// The public half, to check a key against `cases.case_recipient`.
    pub fn recipient(&self) -> x25519::Recipient {
        self.0.to_public()
    }

    /// Decrypts a small checked object (report, note, message) made to this case.
    pub(crate) fn decrypt(
        &self,
        object: Verified<'_>,
        kind: ObjectKind,
    ) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        decrypt_with(&self.0, expect(object, kind)?)
    }

    /// A streaming decryptor over a large ciphertext (attachments).
    pub fn reader<R: std::io::BufRead>(
        &self,
        ciphertext: R,
    ) -> Result<impl Read + use<R>, OpenError> {
        let decryptor =
            age::Decryptor::new_buffered(ciphertext).map_err(|_| OpenError::NoAccess)?;
        decryptor
            .decrypt(std::iter::once(&self.0 as &dyn age::Identity))
            .map_err(|_| OpenError::NoAccess)
    }
}

/// The bytes of `object`, if it was checked as `kind`.
fn expect(object: Verified<'_>, kind: ObjectKind) -> Result<&[u8], OpenError> {
    if object.kind() == kind {
        Ok(object.bytes())
    } else {
        Err(OpenError::Malformed)
    }
}

fn decrypt_with(
    identity: &x25519::Identity,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| OpenError::NoAccess)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|_| OpenError::NoAccess)?;
    let mut out = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut out)
        .map_err(|_| OpenError::NoAccess)?;
    Ok(out)
}

/// Seals an internal note to the case key and every offline key, padded like reports, so
/// `age -d -i offline.key` opens notes exactly as it opens reports.
pub fn seal_note(
    case_recipient: &x25519::Recipient,
    offline: &Recipients,
    note: &NoteDoc,
) -> Result<Ciphertext, SealError> {
    seal_document(&[case_recipient], offline, note)
}

impl CaseKey {
    /// Decrypts and parses a checked note.
    pub fn open_note(&self, note: Verified<'_>) -> Result<NoteDoc, OpenError> {
        Ok(NoteDoc::parse(&self.decrypt(note, ObjectKind::Note)?)?)
    }

    /// Decrypts the checked report of case `case` and parses it; a report naming another
    /// case is refused.
    pub fn open_report(&self, report: Verified<'_>, case: &CaseId) -> Result<ReportDoc, OpenError> {
        Ok(ReportDoc::parse(
            &self.decrypt(report, ObjectKind::Report)?,
            case.as_str(),
        )?)
    }
}
