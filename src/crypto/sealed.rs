//! The types on the encryption boundary.
//!
//! [`Ciphertext`] can only be built inside `crypto` (its constructor is `pub(in crate::crypto)`),
//! and every store function that writes content takes one: code outside `crypto` that tries to
//! hand plaintext to the store does not compile.
//!
//! ```compile_fail
//! // Outside `crypto`, bytes cannot be dressed up as ciphertext.
//! let forged = filimbi::crypto::sealed::Ciphertext::new(b"plain words".to_vec());
//! ```
//!
//! ```compile_fail
//! // Nor through the tuple field.
//! let forged = filimbi::crypto::sealed::Ciphertext(b"plain words".to_vec());
//! ```
//!
//! The read side is typed the same way: [`IntegrityKey::check`] is the only way to get a
//! [`Verified`], and `CaseKey::unwrap`, `open_report`, `open_note`, `open_message` and
//! `open_as_whistleblower` take nothing else. A reader that forgets the MAC check does not
//! compile:
//!
//! ```compile_fail,E0308
//! // Stored bytes straight from the database, unchecked, cannot be opened.
//! fn read(
//!     key: &filimbi::crypto::case_access::CaseKey,
//!     case: &filimbi::domain::case::CaseId,
//!     stored: &[u8],
//! ) {
//!     let _ = key.open_report(stored, case);
//! }
//! ```
//!
//! ```compile_fail,E0624
//! // Nor can they be dressed up as checked.
//! let forged = filimbi::crypto::sealed::Verified::new(b"stored bytes");
//! ```
//!
//! ```compile_fail,E0451
//! // Nor through its fields.
//! let forged = filimbi::crypto::sealed::Verified {
//!     bytes: b"stored bytes",
//!     kind: filimbi::crypto::sealed::ObjectKind::Report,
//! };
//! ```
//!
//! Secrecy is not integrity: recipients are public, so anyone able to write the database could
//! encrypt a forged report or note to a case's public key. Every sealed object of a case
//! therefore also carries an [`ObjectMac`]: HMAC-SHA256 under a key derived from `server.key`
//! over the case id, the object's kind and name, and the SHA-256 of its ciphertext
//! (`docs/crypto.md`, "Integrity of sealed objects"). It is checked on every read.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::server_secret::ServerSecret;
use crate::domain::case::CaseId;

/// HKDF label of the object MAC key.
const MAC_KEY_LABEL: &str = "filimbi/v1/sealed-object-mac";
/// Domain separation inside the MAC input.
const MAC_CONTEXT: &[u8] = b"filimbi sealed object v1";

/// Bytes that came out of an encryption in `crypto` (age, or XChaCha20-Poly1305 for vaults and
/// sessions). Read-only outside `crypto`.
#[derive(Clone, PartialEq, Eq)]
pub struct Ciphertext(Vec<u8>);

impl Ciphertext {
    /// Only `crypto` dresses bytes as ciphertext, right after encrypting them.
    pub(in crate::crypto) fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The bytes, to store or send.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty (never, for real ciphertext).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// SHA-256 of the bytes: what the object MAC and the report's attachment list bind.
    pub fn sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.0).into()
    }
}

impl std::fmt::Debug for Ciphertext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ciphertext({} bytes)", self.0.len())
    }
}

/// What a sealed object of a case is. The string is part of the MAC input: never change one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// The report (`blobs.name = 'report'`).
    Report,
    /// An attachment (`attachment-NN`).
    Attachment,
    /// An internal note (`case_notes.seq`).
    Note,
    /// A message of the conversation with the whistle-blower (`case_messages.seq`).
    Message,
    /// A wrap of the per-case key (`case_key_wraps.reader`).
    KeyWrap,
    /// The number a case's sender can be texted at (`case_contacts`, name `contact`).
    Contact,
    /// The identifiers a report or an answer names (`case_identifiers`, name `report` or the
    /// answer's message number).
    Identifiers,
}

impl ObjectKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Attachment => "attachment",
            Self::Note => "note",
            Self::Message => "message",
            Self::KeyWrap => "key-wrap",
            Self::Contact => "contact",
            Self::Identifiers => "identifiers",
        }
    }

    /// The kind of a stored blob, by its name (`report`, `attachment-01`, `answer-…`).
    pub fn of_blob(name: &str) -> Self {
        if name == "report" {
            Self::Report
        } else {
            Self::Attachment
        }
    }
}

/// Names one sealed object: the case, the kind, and its name within the case (blob name, note
/// number, or key-wrap reader).
#[derive(Debug, Clone, Copy)]
pub struct ObjectRef<'a> {
    /// The case.
    pub case: &'a CaseId,
    /// What it is.
    pub kind: ObjectKind,
    /// Which one.
    pub name: &'a str,
}

impl<'a> ObjectRef<'a> {
    /// Names an object.
    pub fn new(case: &'a CaseId, kind: ObjectKind, name: &'a str) -> Self {
        Self { case, kind, name }
    }
}

/// An object MAC (32 bytes, stored as 64 hex digits).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ObjectMac([u8; 32]);

impl ObjectMac {
    /// As stored.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// From a stored value; `None` if it is not 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(Self(out))
    }
}

impl std::fmt::Debug for ObjectMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ObjectMac({})", self.to_hex())
    }
}

/// Ciphertext with its MAC, as the store writes it.
#[derive(Debug, Clone)]
pub struct Sealed {
    ciphertext: Ciphertext,
    mac: ObjectMac,
}

impl Sealed {
    /// The ciphertext.
    pub fn ciphertext(&self) -> &Ciphertext {
        &self.ciphertext
    }

    /// Its MAC.
    pub fn mac(&self) -> ObjectMac {
        self.mac
    }
}

/// Stored bytes whose object MAC checked, for the object they were checked as. Made only by
/// [`IntegrityKey::check`]; what every function that opens a stored object takes.
#[derive(Clone, Copy)]
pub struct Verified<'a> {
    bytes: &'a [u8],
    kind: ObjectKind,
}

impl<'a> Verified<'a> {
    /// Only [`IntegrityKey::check`] vouches for bytes.
    fn new(bytes: &'a [u8], kind: ObjectKind) -> Self {
        Self { bytes, kind }
    }

    /// The checked bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// What they were checked as: an opener refuses bytes checked as another kind (a note
    /// handed over as a report).
    pub fn kind(&self) -> ObjectKind {
        self.kind
    }
}

impl std::fmt::Debug for Verified<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Verified({:?}, {} bytes)", self.kind, self.bytes.len())
    }
}

/// The key of the object MACs, derived from `server.key`.
pub struct IntegrityKey(SecretBox<[u8; 32]>);

/// A stored object or clear record whose MAC is missing or does not verify.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.describe())]
pub struct IntegrityError {
    /// Case id; for an account row, the account's name; empty for a warning entry.
    pub case: String,
    /// Object kind.
    pub kind: &'static str,
    /// Object name.
    pub name: String,
    /// `missing MAC` or `MAC mismatch`.
    pub why: &'static str,
}

impl IntegrityError {
    fn describe(&self) -> String {
        let Self {
            case,
            kind,
            name,
            why,
        } = self;
        match *kind {
            "case-header" => {
                format!("the header of case {case} failed its integrity check ({why})")
            }
            "account" => {
                format!("the key row of account {case} failed its integrity check ({why})")
            }
            "warning" => format!("warning entry {name} failed its integrity check ({why})"),
            _ => format!("{kind} {name} of case {case} failed its integrity check ({why})"),
        }
    }

    /// What the audit log's detail says: the kind, the name if any, and why.
    pub fn detail(&self) -> String {
        if self.name.is_empty() {
            format!("{}: {}", self.kind, self.why)
        } else {
            format!("{} {}: {}", self.kind, self.name, self.why)
        }
    }
}

impl IntegrityKey {
    /// Derives the key.
    pub fn new(secret: &ServerSecret) -> Self {
        Self(secret.derive(MAC_KEY_LABEL))
    }

    /// A second handle on the same key, for the store, which signs and checks warning
    /// entries in the transactions that change them.
    pub(crate) fn duplicate(&self) -> Self {
        Self(SecretBox::new(Box::new(*self.0.expose_secret())))
    }

    /// MAC of an object whose ciphertext has SHA-256 `digest`.
    pub fn tag(&self, obj: ObjectRef<'_>, digest: &[u8; 32]) -> ObjectMac {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable_hmac());
        for part in [
            MAC_CONTEXT,
            obj.case.as_str().as_bytes(),
            obj.kind.as_str().as_bytes(),
            obj.name.as_bytes(),
            digest.as_slice(),
        ] {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part);
        }
        ObjectMac(m.finalize().into_bytes().into())
    }

    /// Seals ciphertext made for `obj`: attaches its MAC.
    pub fn seal(&self, obj: ObjectRef<'_>, ciphertext: Ciphertext) -> Sealed {
        let mac = self.tag(obj, &ciphertext.sha256());
        Sealed { ciphertext, mac }
    }

    /// Checks a stored object: `stored` is the MAC column as read (`None` when NULL).
    pub fn verify(
        &self,
        obj: ObjectRef<'_>,
        digest: &[u8; 32],
        stored: Option<&str>,
    ) -> Result<(), IntegrityError> {
        let fail = |why| IntegrityError {
            case: obj.case.as_str().to_owned(),
            kind: obj.kind.as_str(),
            name: obj.name.to_owned(),
            why,
        };
        let stored = stored
            .and_then(ObjectMac::from_hex)
            .ok_or_else(|| fail("missing MAC"))?;
        let expected = self.tag(obj, digest);
        if bool::from(expected.0.ct_eq(&stored.0)) {
            Ok(())
        } else {
            Err(fail("MAC mismatch"))
        }
    }

    /// Checks a small stored object whose bytes are at hand, and vouches for them: the
    /// [`Verified`] that opening it needs.
    pub fn check<'a>(
        &self,
        obj: ObjectRef<'_>,
        bytes: &'a [u8],
        stored: Option<&str>,
    ) -> Result<Verified<'a>, IntegrityError> {
        self.verify_bytes(obj, bytes, stored)?;
        Ok(Verified::new(bytes, obj.kind))
    }

    /// Checks a small stored object whose bytes are at hand.
    pub fn verify_bytes(
        &self,
        obj: ObjectRef<'_>,
        bytes: &[u8],
        stored: Option<&str>,
    ) -> Result<(), IntegrityError> {
        self.verify(obj, &Sha256::digest(bytes).into(), stored)
    }
}

/// Domain separation of the record MACs (one label per record, below).
const RECORD_CONTEXT: &[u8] = b"filimbi record v1";

/// A row of clear fields that decides whom new content is sealed to, who wrote something, or
/// what the public warning list says. Recipients are public and these fields are stored in
/// clear, so whoever can write the database could otherwise redirect every later question,
/// answer or case key to a key of their own (`docs/crypto.md`, "Integrity of clear records").
/// Each field is the string exactly as stored; the label is part of the MAC input: never
/// change one.
#[derive(Debug, Clone, Copy)]
pub enum Record<'a> {
    /// `cases`: id, both recipients, receipt salt and kind (category slug).
    CaseHeader {
        /// Case id.
        case: &'a CaseId,
        /// `case_recipient`.
        case_recipient: &'a str,
        /// `whistleblower_recipient`.
        whistleblower_recipient: &'a str,
        /// `receipt_salt`.
        receipt_salt: &'a str,
        /// `category`.
        kind: &'a str,
    },
    /// `accounts`: the key row (id, name, recipient, role, state). Not the login counters,
    /// which change on every attempt and decide nothing about keys.
    Account {
        /// `id`.
        id: &'a str,
        /// `name`.
        name: &'a str,
        /// `recipient` (`None` while pending).
        recipient: Option<&'a str>,
        /// `is_admin`.
        is_admin: bool,
        /// `state`.
        state: &'a str,
    },
    /// Who wrote a message or a note: `case_messages.sender` and `author_id`, or
    /// `case_notes.author_id` (sender `investigator`).
    Authorship {
        /// The case.
        case: &'a CaseId,
        /// [`ObjectKind::Message`] or [`ObjectKind::Note`].
        kind: ObjectKind,
        /// The message's or note's number.
        seq: i64,
        /// `investigator` or `whistleblower`.
        sender: &'a str,
        /// The investigator's account id, if any.
        author: Option<&'a str>,
    },
    /// A published warning entry: its row and the SHA-256 of its public history
    /// (`store::warnings`, the digest of its events in order).
    Warning {
        /// `id`.
        id: i64,
        /// `kind`.
        kind: &'a str,
        /// `target`.
        target: &'a str,
        /// `status`.
        status: &'a str,
        /// `listed_day`.
        listed_day: &'a str,
        /// `changed_day`.
        changed_day: &'a str,
        /// SHA-256 over its events (day, action, both reasons), in order.
        events: &'a [u8; 32],
    },
}

impl Record<'_> {
    /// The record's kind, as audited and as bound into its MAC.
    pub fn label(&self) -> &'static str {
        match self {
            Self::CaseHeader { .. } => "case-header",
            Self::Account { .. } => "account",
            Self::Authorship {
                kind: ObjectKind::Note,
                ..
            } => "note-author",
            Self::Authorship { .. } => "message-sender",
            Self::Warning { .. } => "warning",
        }
    }

    /// What a failure names: `(subject, name)` — the case and the message number, the
    /// account's name, the warning's id.
    fn names(&self) -> (String, String) {
        match self {
            Self::CaseHeader { case, .. } => (case.as_str().to_owned(), String::new()),
            Self::Account { name, .. } => ((*name).to_owned(), String::new()),
            Self::Authorship { case, seq, .. } => (case.as_str().to_owned(), seq.to_string()),
            Self::Warning { id, .. } => (String::new(), id.to_string()),
        }
    }

    fn parts(&self) -> Vec<Vec<u8>> {
        let s = |v: &str| v.as_bytes().to_vec();
        let opt = |v: Option<&str>| match v {
            // A marker byte first: "absent" and "" are different values.
            Some(v) => [b"1", v.as_bytes()].concat(),
            None => b"0".to_vec(),
        };
        match *self {
            Self::CaseHeader {
                case,
                case_recipient,
                whistleblower_recipient,
                receipt_salt,
                kind,
            } => vec![
                s(case.as_str()),
                s(case_recipient),
                s(whistleblower_recipient),
                s(receipt_salt),
                s(kind),
            ],
            Self::Account {
                id,
                name,
                recipient,
                is_admin,
                state,
            } => vec![
                s(id),
                s(name),
                opt(recipient),
                s(if is_admin { "admin" } else { "investigator" }),
                s(state),
            ],
            Self::Authorship {
                case,
                kind,
                seq,
                sender,
                author,
            } => vec![
                s(case.as_str()),
                s(kind.as_str()),
                seq.to_be_bytes().to_vec(),
                s(sender),
                opt(author),
            ],
            Self::Warning {
                id,
                kind,
                target,
                status,
                listed_day,
                changed_day,
                events,
            } => vec![
                id.to_be_bytes().to_vec(),
                s(kind),
                s(target),
                s(status),
                s(listed_day),
                s(changed_day),
                events.to_vec(),
            ],
        }
    }
}

impl IntegrityKey {
    /// MAC of a clear record.
    pub fn record_tag(&self, record: &Record<'_>) -> ObjectMac {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable_hmac());
        let label = record.label().as_bytes();
        let parts = record.parts();
        for part in [RECORD_CONTEXT, label]
            .into_iter()
            .chain(parts.iter().map(Vec::as_slice))
        {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part);
        }
        ObjectMac(m.finalize().into_bytes().into())
    }

    /// Checks a clear record against its stored MAC (`None` when NULL). Callers check
    /// **before** sealing to, wrapping for or showing what the record names.
    pub fn verify_record(
        &self,
        record: &Record<'_>,
        stored: Option<&str>,
    ) -> Result<(), IntegrityError> {
        let (case, name) = record.names();
        let fail = |why| IntegrityError {
            case: case.clone(),
            kind: record.label(),
            name: name.clone(),
            why,
        };
        let stored = stored
            .and_then(ObjectMac::from_hex)
            .ok_or_else(|| fail("missing MAC"))?;
        let expected = self.record_tag(record);
        if bool::from(expected.0.ct_eq(&stored.0)) {
            Ok(())
        } else {
            Err(fail("MAC mismatch"))
        }
    }
}

/// HMAC-SHA256 takes keys of any length; a 32-byte key cannot be refused.
#[cold]
pub(crate) fn unreachable_hmac() -> Hmac<Sha256> {
    tracing::error!("HMAC refused a 32-byte key; this cannot happen");
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> IntegrityKey {
        IntegrityKey::new(&ServerSecret::from_bytes([7; 32]))
    }

    #[test]
    fn a_mac_binds_case_kind_name_and_content() {
        let k = key();
        let a = CaseId::from_random([1; 16]);
        let b = CaseId::from_random([2; 16]);
        let obj = |case, kind, name| ObjectRef { case, kind, name };
        let d = [9u8; 32];
        let mac = k.tag(obj(&a, ObjectKind::Note, "1"), &d).to_hex();
        assert!(
            k.verify(obj(&a, ObjectKind::Note, "1"), &d, Some(&mac))
                .is_ok()
        );
        for other in [
            obj(&b, ObjectKind::Note, "1"),
            obj(&a, ObjectKind::Report, "1"),
            obj(&a, ObjectKind::Note, "2"),
        ] {
            assert!(k.verify(other, &d, Some(&mac)).is_err(), "{other:?}");
        }
        assert!(
            k.verify(obj(&a, ObjectKind::Note, "1"), &[8; 32], Some(&mac))
                .is_err()
        );
        let missing = k.verify(obj(&a, ObjectKind::Note, "1"), &d, None);
        assert_eq!(missing.map_err(|e| e.why), Err("missing MAC"));
        let other_key = IntegrityKey::new(&ServerSecret::from_bytes([8; 32]));
        assert!(
            other_key
                .verify(obj(&a, ObjectKind::Note, "1"), &d, Some(&mac))
                .is_err()
        );
    }

    #[test]
    fn a_record_mac_binds_every_field_and_its_label() {
        let k = key();
        let a = CaseId::from_random([1; 16]);
        let b = CaseId::from_random([2; 16]);
        let header = |case, cr, wr, salt, kind| Record::CaseHeader {
            case,
            case_recipient: cr,
            whistleblower_recipient: wr,
            receipt_salt: salt,
            kind,
        };
        let genuine = header(&a, "age1c", "age1w", "00", "other");
        let mac = k.record_tag(&genuine).to_hex();
        assert!(k.verify_record(&genuine, Some(&mac)).is_ok());
        for changed in [
            header(&b, "age1c", "age1w", "00", "other"),
            header(&a, "age1x", "age1w", "00", "other"),
            header(&a, "age1c", "age1x", "00", "other"),
            header(&a, "age1c", "age1w", "01", "other"),
            header(&a, "age1c", "age1w", "00", "fake-website"),
            // The same strings shifted between fields.
            header(&a, "age1cage1w", "", "00", "other"),
        ] {
            assert_eq!(
                k.verify_record(&changed, Some(&mac)).map_err(|e| e.why),
                Err("MAC mismatch"),
                "{changed:?}"
            );
        }
        let account = |recipient, is_admin, state| Record::Account {
            id: "01",
            name: "amani",
            recipient,
            is_admin,
            state,
        };
        let mac = k.record_tag(&account(None, false, "pending")).to_hex();
        for changed in [
            account(Some(""), false, "pending"),
            account(None, true, "pending"),
            account(None, false, "active"),
        ] {
            assert!(
                k.verify_record(&changed, Some(&mac)).is_err(),
                "{changed:?}"
            );
        }
        // A message's authorship MAC is not a note's, nor an object MAC.
        let by = |kind| Record::Authorship {
            case: &a,
            kind,
            seq: 1,
            sender: "investigator",
            author: Some("01"),
        };
        let mac = k.record_tag(&by(ObjectKind::Message)).to_hex();
        assert!(k.verify_record(&by(ObjectKind::Note), Some(&mac)).is_err());
        let missing = k.verify_record(&by(ObjectKind::Message), None);
        assert_eq!(
            missing.map_err(|e| e.detail()),
            Err("message-sender 1: missing MAC".into())
        );
    }

    #[test]
    fn ciphertext_debug_shows_only_its_length() {
        let c = Ciphertext::new(b"secret".to_vec());
        assert_eq!(format!("{c:?}"), "Ciphertext(6 bytes)");
    }
}
