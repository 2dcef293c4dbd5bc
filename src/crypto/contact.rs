//! The sender's phone number, sealed (`docs/crypto.md`, "SMS and USSD").
//!
//! A case that came by SMS (or by USSD, when the sender asked to be texted) keeps how to reach
//! its sender as one sealed object: age-encrypted, like report content, to the case key and
//! every offline key, with its object MAC (kind `contact`), so neither the database nor its
//! thief reads it, and a number written into the database is refused before anything is sent
//! to it. It is opened with the case key only while an investigator's unlocked session sends a
//! question, and dropped (zeroed) right after.

use age::x25519;

use super::case_access::{CaseKey, OpenError};
use super::seal::{SealError, encrypt, padded_json};
use super::sealed::{IntegrityKey, ObjectKind, ObjectRef, Sealed, Verified};
use crate::domain::case::CaseId;
use crate::domain::document::ContactDoc;

/// The name of the contact object within its case (part of its MAC).
pub const CONTACT_NAME: &str = "contact";

/// Seals `doc` for case `case` to `readers` (the case key and every offline key: what
/// `OpenCase::content_recipients` gives). CPU-bound but small.
pub fn seal_contact(
    case: &CaseId,
    readers: &[x25519::Recipient],
    integrity: &IntegrityKey,
    doc: &ContactDoc,
) -> Result<Sealed, SealError> {
    let plain = padded_json(doc)?;
    let all: Vec<&dyn age::Recipient> = readers.iter().map(|r| r as &dyn age::Recipient).collect();
    let ct = encrypt(&all, &plain)?;
    Ok(integrity.seal(ObjectRef::new(case, ObjectKind::Contact, CONTACT_NAME), ct))
}

impl CaseKey {
    /// Decrypts the checked contact of case `case`.
    pub fn open_contact(
        &self,
        contact: Verified<'_>,
        case: &CaseId,
    ) -> Result<ContactDoc, OpenError> {
        Ok(ContactDoc::parse(
            &self.decrypt(contact, ObjectKind::Contact)?,
            case.as_str(),
        )?)
    }
}
