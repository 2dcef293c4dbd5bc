//! The identifiers a report or an answer names, sealed (`docs/crypto.md`, "Related cases").
//!
//! Sealed exactly like report content — padded JSON, age-encrypted to the case key and every
//! offline key, with an object MAC (kind `identifiers`) — and kept as their own small object
//! so that an investigator's session can build its index by decrypting a few hundred bytes
//! per case rather than every report. Nothing keyed by the server (no hash, no HMAC) is kept
//! of them: a domain or a certificate number is easy to guess, and any value the server could
//! compute from a guess would let a thief of the database and `server.key` confirm it.

use std::collections::BTreeSet;

use age::x25519;

use super::case_access::{CaseKey, OpenError};
use super::recipients::Recipients;
use super::seal::{SealError, seal_document};
use super::sealed::{Ciphertext, ObjectKind, ObjectRef, Verified};
use crate::domain::case::CaseId;
use crate::domain::identifiers::{Identifier, IdentifiersDoc};

/// The name of a report's identifiers within its case (part of their MAC); an answer's are
/// named by its message number.
pub const REPORT_IDENTIFIERS: &str = "report";

/// Encrypts `ids` of case `case` to `case_key` and every offline key: the readers of the
/// report itself. An empty list is sealed too, so that whether a row exists says nothing
/// about what a report names (and the padding, 1 KiB up to about fifteen identifiers, little
/// about how many). The MAC is added by the caller once the object's name is known
/// ([`object`]: an answer's number is drawn in its transaction).
pub fn encrypt_identifiers(
    case: &CaseId,
    case_key: &x25519::Recipient,
    offline: &Recipients,
    ids: &BTreeSet<Identifier>,
) -> Result<Ciphertext, SealError> {
    seal_document(&[case_key], offline, &IdentifiersDoc::new(case, ids))
}

/// The object a case's identifiers named `name` are: what their MAC covers.
pub fn object<'a>(case: &'a CaseId, name: &'a str) -> ObjectRef<'a> {
    ObjectRef::new(case, ObjectKind::Identifiers, name)
}

impl CaseKey {
    /// Decrypts checked identifiers of case `case`; a list naming another case is refused.
    pub fn open_identifiers(
        &self,
        ids: Verified<'_>,
        case: &CaseId,
    ) -> Result<Vec<Identifier>, OpenError> {
        let doc =
            IdentifiersDoc::parse(&self.decrypt(ids, ObjectKind::Identifiers)?, case.as_str())?;
        Ok(doc.identifiers().collect())
    }
}
