//! The conversation with the whistle-blower (`docs/crypto.md`, "The follow-up conversation").
//!
//! - An investigator's message is encrypted to the whistle-blower key `K_wb` (derived from the
//!   receipt; only its public half is stored), to `K_case` and to every offline key: the
//!   receipt's holder, the case's readers and escrow can all read it; the database alone cannot.
//! - The whistle-blower's answer is sealed exactly like report content: to `K_case` and every
//!   offline key, **not** to `K_wb`. A seized receipt reads the questions, never the answers
//!   or the report.
//! - Between the receipt form and the answer, the browser holds a short-lived *follow-up pass*:
//!   a session cookie with a random pass id, the case id and `K_wb`, sealed
//!   (XChaCha20-Poly1305) under a subkey of `server.key`. The server keeps only a keyed hash of
//!   the pass id and an idle deadline (`followup_passes`): that row is what makes the pass live,
//!   so "Leave" or the idle time ends it for every copy of the cookie, and the row alone opens
//!   nothing. The receipt itself is in neither.

use age::x25519;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

use super::case_access::{CaseKey, OpenError};
use super::recipients::Recipients;
use super::seal::{SealError, seal_document};
use super::sealed::{Ciphertext, ObjectKind, Verified};
use super::server_secret::ServerSecret;
use super::vault;
use crate::domain::case::CaseId;
use crate::domain::document::{DocumentError, MessageDoc};

/// HKDF label of the follow-up pass key.
const PASS_KEY_LABEL: &str = "filimbi/v1/followup-pass";
/// HKDF label of the key that hashes a pass id into its server-side record's key.
const PASS_RECORD_LABEL: &str = "filimbi/v1/followup-pass-record";
/// Associated data of the pass (v2: with a pass id; a v1 pass, which had none, opens nothing).
const PASS_CONTEXT: &[u8] = b"filimbi followup pass v2";

/// Seals an investigator's message: to the whistle-blower, the case and every offline key.
pub fn seal_question(
    whistleblower: &x25519::Recipient,
    case: &x25519::Recipient,
    offline: &Recipients,
    doc: &MessageDoc,
) -> Result<Ciphertext, SealError> {
    seal_document(&[whistleblower, case], offline, doc)
}

/// Seals a whistle-blower's answer like report content: to the case and every offline key.
pub fn seal_answer(
    case: &x25519::Recipient,
    offline: &Recipients,
    doc: &MessageDoc,
) -> Result<Ciphertext, SealError> {
    seal_document(&[case], offline, doc)
}

impl CaseKey {
    /// Decrypts a checked message of the conversation (either side) with the case key.
    pub fn open_message(
        &self,
        message: Verified<'_>,
        case: &CaseId,
    ) -> Result<MessageDoc, OpenError> {
        Ok(MessageDoc::parse(
            &self.decrypt(message, ObjectKind::Message)?,
            case.as_str(),
        )?)
    }
}

/// Why a message could not be read with the whistle-blower key.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not encrypted to this key (an answer, or another case's message).
    #[error("not readable with this receipt")]
    NotForThisKey,
    /// Decrypted but refused.
    #[error(transparent)]
    Document(#[from] DocumentError),
}

/// Decrypts a checked investigator's message with the whistle-blower key.
pub fn open_as_whistleblower(
    identity: &x25519::Identity,
    message: Verified<'_>,
    case: &CaseId,
) -> Result<MessageDoc, ReadError> {
    if message.kind() != ObjectKind::Message {
        return Err(ReadError::NotForThisKey);
    }
    let decryptor =
        age::Decryptor::new_buffered(message.bytes()).map_err(|_| ReadError::NotForThisKey)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|_| ReadError::NotForThisKey)?;
    let mut plain = Zeroizing::new(Vec::new());
    std::io::Read::read_to_end(&mut reader, &mut plain).map_err(|_| ReadError::NotForThisKey)?;
    Ok(MessageDoc::parse(&plain, case.as_str())?)
}

/// What a follow-up pass carries.
pub struct FollowupPass {
    /// The case.
    pub case: CaseId,
    /// The whistle-blower key of the case.
    pub identity: x25519::Identity,
    /// When the receipt was typed (unix seconds): the pass ends some time after, however
    /// active.
    pub issued_at: u64,
    /// The key of its server-side record: while that row lives, so does the pass.
    pub record: PassRecord,
}

/// The key of a pass's server-side record: HMAC-SHA256 of the random pass id under a subkey
/// of `server.key`, hex. Keyed, so the stored value cannot be checked against a cookie without
/// the server secret; it says nothing of the case.
#[derive(Clone, PartialEq, Eq)]
pub struct PassRecord(String);

impl PassRecord {
    /// The hex value stored in `followup_passes`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PassRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassRecord(..)")
    }
}

/// Makes and opens follow-up passes.
pub struct PassKeys {
    seal: SecretBox<[u8; 32]>,
    record: SecretBox<[u8; 32]>,
}

impl PassKeys {
    /// Derives the keys from the server secret.
    pub fn new(secret: &ServerSecret) -> Self {
        Self {
            seal: secret.derive(PASS_KEY_LABEL),
            record: secret.derive(PASS_RECORD_LABEL),
        }
    }

    /// A new pass for `case`, opened with `identity` at `issued_at`: its cookie value and the
    /// pass (whose record the caller stores). The pass id is fresh randomness, so two visits
    /// with the same receipt get unrelated cookies and records.
    pub fn issue(
        &self,
        case: CaseId,
        identity: x25519::Identity,
        issued_at: u64,
    ) -> Result<(String, FollowupPass), SealError> {
        let id = Zeroizing::new(
            super::random_bytes::<32>().map_err(|e| SealError::Encrypt(e.to_string()))?,
        );
        let text = Zeroizing::new(format!(
            "{}\n{}\n{}\n{}",
            hex::encode(id.as_slice()),
            case.as_str(),
            identity.to_string().expose_secret(),
            issued_at,
        ));
        let sealed = vault::seal(self.seal.expose_secret(), PASS_CONTEXT, text.as_bytes())
            .map_err(|e| SealError::Encrypt(e.to_string()))?;
        let pass = FollowupPass {
            case,
            identity,
            issued_at,
            record: self.record_of(id.as_slice()),
        };
        Ok((URL_SAFE_NO_PAD.encode(sealed.as_bytes()), pass))
    }

    /// Opens a cookie value; `None` if forged, damaged, or older than `absolute` seconds. Whether
    /// it is still live (not left, not idle) is the server-side record's to say.
    pub fn open(&self, cookie: &str, now: u64, absolute: u64) -> Option<FollowupPass> {
        let raw = URL_SAFE_NO_PAD.decode(cookie.trim()).ok()?;
        let plain = vault::open(self.seal.expose_secret(), PASS_CONTEXT, &raw).ok()?;
        let text = std::str::from_utf8(&plain).ok()?;
        let mut parts = text.split('\n');
        let mut id = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(parts.next()?, id.as_mut_slice()).ok()?;
        let case = CaseId::parse(parts.next()?)?;
        let identity: x25519::Identity = parts.next()?.parse().ok()?;
        let issued_at: u64 = parts.next()?.parse().ok()?;
        let fresh = now.saturating_sub(issued_at) <= absolute;
        (fresh && parts.next().is_none()).then(|| FollowupPass {
            case,
            identity,
            issued_at,
            record: self.record_of(id.as_slice()),
        })
    }

    fn record_of(&self, id: &[u8]) -> PassRecord {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(self.record.expose_secret())
            .unwrap_or_else(|_| super::sealed::unreachable_hmac());
        mac.update(b"filimbi/v1/followup-pass-id\n");
        mac.update(id);
        PassRecord(hex::encode(mac.finalize().into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_opens_only_with_its_key_and_only_while_young_enough() {
        let keys = PassKeys::new(&ServerSecret::from_bytes([1; 32]));
        let case = CaseId::from_random([2; 16]);
        let identity = x25519::Identity::generate();
        let public = identity.to_public().to_string();
        let (cookie, pass) = keys.issue(case.clone(), identity, 1000).unwrap();
        let back = keys.open(&cookie, 1200, 7200).unwrap();
        assert_eq!(back.case, case);
        assert_eq!(back.identity.to_public().to_string(), public);
        assert_eq!(back.record, pass.record, "the same record, found again");
        assert_eq!(back.record.as_str().len(), 64);
        assert!(keys.open(&cookie, 1000 + 7201, 7200).is_none(), "too old");
        let other = PassKeys::new(&ServerSecret::from_bytes([9; 32]));
        assert!(
            other.open(&cookie, 1200, 7200).is_none(),
            "another server's key"
        );
        assert!(keys.open("not a pass", 1200, 7200).is_none());
        assert!(
            !cookie.contains(case.as_str()),
            "the case id is not readable"
        );
        // A second visit of the same case: another cookie, another record.
        let (again, second) = keys
            .issue(case.clone(), x25519::Identity::generate(), 1000)
            .unwrap();
        assert_ne!(again, cookie);
        assert_ne!(second.record, pass.record);
    }

    #[test]
    fn the_receipt_reads_questions_but_not_answers() {
        use crate::crypto::sealed::{IntegrityKey, ObjectRef, Sealed};
        let case = CaseId::from_random([5; 16]);
        let wb = x25519::Identity::generate();
        let case_key = x25519::Identity::generate();
        let offline = Recipients::default();
        let day = crate::domain::case::ReceivedDay::parse("2026-11-24").unwrap();
        let q = MessageDoc::new(
            &case,
            crate::domain::document::Sender::Investigator,
            day,
            "Q?",
            vec![],
        );
        let a = MessageDoc::new(
            &case,
            crate::domain::document::Sender::Whistleblower,
            day,
            "A.",
            vec![],
        );
        let q_ct = seal_question(&wb.to_public(), &case_key.to_public(), &offline, &q).unwrap();
        let a_ct = seal_answer(&case_key.to_public(), &offline, &a).unwrap();
        // As stored and read back: sealed with a MAC, checked into a `Verified`.
        let mac_key = IntegrityKey::new(&ServerSecret::from_bytes([3; 32]));
        let (q_sealed, a_sealed) = (
            mac_key.seal(ObjectRef::new(&case, ObjectKind::Message, "1"), q_ct),
            mac_key.seal(ObjectRef::new(&case, ObjectKind::Message, "2"), a_ct),
        );
        fn checked<'a>(k: &IntegrityKey, case: &CaseId, name: &str, s: &'a Sealed) -> Verified<'a> {
            let obj = ObjectRef::new(case, ObjectKind::Message, name);
            let mac = s.mac().to_hex();
            k.check(obj, s.ciphertext().as_bytes(), Some(&mac)).unwrap()
        }
        let q_ct = checked(&mac_key, &case, "1", &q_sealed);
        let a_ct = checked(&mac_key, &case, "2", &a_sealed);
        assert_eq!(
            open_as_whistleblower(&wb, q_ct, &case).unwrap().text(),
            "Q?"
        );
        assert!(matches!(
            open_as_whistleblower(&wb, a_ct, &case),
            Err(ReadError::NotForThisKey)
        ));
        let other_case = CaseId::from_random([6; 16]);
        assert!(matches!(
            open_as_whistleblower(&wb, q_ct, &other_case),
            Err(ReadError::Document(DocumentError::WrongCase))
        ));
    }
}
