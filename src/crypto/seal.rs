//! **The one place where a whistle-blower's words become ciphertext.**
//!
//! For each new case this module, in memory only:
//! 1. draws the receipt, the case id and a fresh per-case X25519 identity;
//! 2. serialises the report to the plaintext format (JSON, `docs/crypto.md`), pads it to a length
//!    bucket, and encrypts it with age to the per-case recipient **and** every offline recipient
//!    from `keys/` — so stock `age -d -i offline.key` opens it;
//! 3. encrypts the per-case identity to the offline recipients (the "escrow" key wrap), so a key
//!    holder can later grant the case to another investigator without re-encrypting content;
//! 4. encrypts the per-case identity to each active investigator account's recipient (one
//!    wrap per account), so they can read the case in the workspace;
//! 5. derives the receipt's lookup hash and the whistle-blower's public recipient.
//!
//! Plaintext buffers are zeroed when dropped. Nothing here writes to disk or logs.

use std::io::Write;

use age::x25519;
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::ser::SerializeMap;
use zeroize::Zeroizing;

use crate::domain::case::{CaseId, ReceivedDay};
use crate::domain::receipt::Receipt;
use crate::domain::report::{Category, Report};

use super::padding;
use super::receipt_keys::{self, ReceiptKeys};
use super::recipients::Recipients;

/// Name of the plaintext format inside the ciphertext.
pub const REPORT_FORMAT: &str = "filimbi/report";
/// Version of the plaintext format.
pub const REPORT_VERSION: u32 = 1;

/// Everything the store keeps for a new case: metadata in clear, the rest ciphertext or hashes.
pub struct SealedCase {
    /// Random case id.
    pub id: CaseId,
    /// Kind of report (clear: investigators triage on it).
    pub category: Category,
    /// Day received (UTC).
    pub received_day: ReceivedDay,
    /// age recipient of the per-case key (public).
    pub case_recipient: String,
    /// Keyed hash of the receipt.
    pub receipt_lookup: String,
    /// Per-case HKDF salt for the whistle-blower key, hex.
    pub receipt_salt: String,
    /// Whistle-blower's public age recipient.
    pub whistleblower_recipient: String,
    /// The report, age-encrypted to the case key and every offline recipient.
    pub report: Vec<u8>,
    /// The per-case identity, age-encrypted to every offline recipient.
    pub case_key_escrow: Vec<u8>,
    /// The per-case identity, age-encrypted to each account: `(account id, its recipient,
    /// ciphertext)`.
    pub account_wraps: Vec<(String, String, Vec<u8>)>,
}

/// An investigator account that receives new cases.
#[derive(Clone)]
pub struct AccountReader {
    /// Account id.
    pub account_id: String,
    /// The account's public age recipient.
    pub recipient: x25519::Recipient,
}

impl AccountReader {
    /// The `case_key_wraps.reader` value for an account.
    pub fn label(account_id: &str) -> String {
        format!("account:{account_id}")
    }
}

/// Why sealing failed. None of these is caused by the report's content.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// No recipients: intake is closed. Never store anything unencrypted.
    #[error("no recipients are configured")]
    NoRecipients,
    /// The OS RNG failed.
    #[error(transparent)]
    Rng(#[from] super::RngError),
    /// age refused to encrypt.
    #[error("encryption failed: {0}")]
    Encrypt(String),
    /// Key derivation failed.
    #[error(transparent)]
    Derive(#[from] receipt_keys::DeriveError),
}

/// Seals reports to the recipients in force.
pub struct Sealer {
    recipients: Recipients,
    receipt_keys: ReceiptKeys,
}

impl Sealer {
    /// A sealer for the given offline recipients.
    pub fn new(recipients: Recipients, receipt_keys: ReceiptKeys) -> Self {
        Self {
            recipients,
            receipt_keys,
        }
    }

    /// True when there is nobody to encrypt to.
    pub fn is_closed(&self) -> bool {
        self.recipients.is_empty()
    }

    /// The offline recipients.
    pub fn recipients(&self) -> &Recipients {
        &self.recipients
    }

    /// Starts a new case: draws its id, receipt, salt and per-case key. Attachments are sealed
    /// to the returned case's recipients, then [`OpenCase::seal_report`] finishes it.
    pub fn open_case(
        &self,
        received_day: ReceivedDay,
        accounts: Vec<AccountReader>,
    ) -> Result<OpenCase, SealError> {
        if self.recipients.is_empty() {
            return Err(SealError::NoRecipients);
        }
        Ok(OpenCase {
            receipt: Receipt::generate(super::os_random)?,
            id: CaseId::from_random(super::random_bytes::<16>()?),
            salt: super::random_bytes::<16>()?,
            case_key: x25519::Identity::generate(),
            received_day,
            recipients: self.recipients.clone(),
            accounts,
        })
    }

    /// The receipt-derivation keys.
    pub fn receipt_keys(&self) -> &ReceiptKeys {
        &self.receipt_keys
    }
}

/// A case being put together: its secrets exist only in memory until it is sealed.
pub struct OpenCase {
    receipt: Receipt,
    id: CaseId,
    salt: [u8; 16],
    case_key: x25519::Identity,
    received_day: ReceivedDay,
    recipients: Recipients,
    accounts: Vec<AccountReader>,
}

/// What the encrypted report says about one attachment (investigators' view of it).
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentInfo {
    /// Stored blob name (`attachment-01`), the `.age` file name in exports.
    pub file: String,
    /// Original file name, as the browser sent it (path stripped). Only ever inside ciphertext.
    pub name: String,
    /// SHA-256 of the attachment's ciphertext: binds the `.age` file to this report, so an
    /// attachment swapped or added in the database is detected by the reader.
    pub sha256: String,
    /// Size of the stored (cleaned) file in bytes.
    pub size: u64,
    /// Type recognised from the content.
    #[serde(rename = "type")]
    pub mime: String,
    /// Whether hidden metadata was removed.
    pub metadata_removed: bool,
    /// Why not, when it was not (`unknown-type`, `too-large`, `unparseable`, `encrypted`).
    pub note: Option<String>,
}

impl OpenCase {
    /// The case id.
    pub fn id(&self) -> &CaseId {
        &self.id
    }

    /// The day it was received.
    pub fn received_day(&self) -> ReceivedDay {
        self.received_day
    }

    /// Everyone who reads this case's content: the per-case key and every offline key.
    /// Attachments and the report are encrypted to exactly these.
    pub fn content_recipients(&self) -> Vec<x25519::Recipient> {
        let mut all = vec![self.case_key.to_public()];
        all.extend(
            self.recipients
                .entries()
                .iter()
                .map(|e| e.recipient.clone()),
        );
        all
    }

    /// Seals the report (listing the attachments already sealed) and the escrow key wrap, and
    /// derives what the store keeps of the receipt. CPU-bound: call from a blocking thread.
    pub fn seal_report(
        self,
        report: &Report,
        attachments: &[AttachmentInfo],
        receipt_keys: &ReceiptKeys,
    ) -> Result<(SealedCase, Receipt), SealError> {
        let plaintext = plaintext(&self.id, report, self.received_day, attachments)?;
        let readers = self.content_recipients();
        let dyn_readers: Vec<&dyn age::Recipient> =
            readers.iter().map(|r| r as &dyn age::Recipient).collect();
        let report_ct = encrypt(&dyn_readers, &plaintext)?;

        let escrow: Vec<&dyn age::Recipient> = self
            .recipients
            .entries()
            .iter()
            .map(|e| &e.recipient as &dyn age::Recipient)
            .collect();
        let key_text = Zeroizing::new(format!("{}\n", self.case_key.to_string().expose_secret()));
        let case_key_escrow = encrypt(&escrow, key_text.as_bytes())?;
        let account_wraps = self
            .accounts
            .iter()
            .map(|a| {
                encrypt(&[&a.recipient as &dyn age::Recipient], key_text.as_bytes())
                    .map(|ct| (a.account_id.clone(), a.recipient.to_string(), ct))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let whistleblower = receipt_keys::whistleblower_identity(&self.receipt, &self.salt)?;
        let sealed = SealedCase {
            id: self.id,
            category: report.category(),
            received_day: self.received_day,
            case_recipient: self.case_key.to_public().to_string(),
            receipt_lookup: receipt_keys.lookup(&self.receipt)?,
            receipt_salt: hex::encode(self.salt),
            whistleblower_recipient: whistleblower.to_public().to_string(),
            report: report_ct,
            case_key_escrow,
            account_wraps,
        };
        Ok((sealed, self.receipt))
    }
}

/// The plaintext format, version 1: one JSON object, then a newline and spaces up to the length
/// bucket (JSON parsers ignore trailing white space, so `age -d … | jq .` works).
fn plaintext(
    id: &CaseId,
    report: &Report,
    day: ReceivedDay,
    attachments: &[AttachmentInfo],
) -> Result<Zeroizing<Vec<u8>>, SealError> {
    #[derive(Serialize)]
    struct Doc<'a> {
        format: &'static str,
        version: u32,
        case_id: &'a str,
        category: Category,
        received_day: String,
        fields: Fields<'a>,
        attachments: &'a [AttachmentInfo],
    }
    struct Fields<'a>(&'a [(&'static str, String)]);
    impl Serialize for Fields<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    let doc = Doc {
        format: REPORT_FORMAT,
        version: REPORT_VERSION,
        case_id: id.as_str(),
        category: report.category(),
        received_day: day.iso(),
        fields: Fields(report.fields()),
        attachments,
    };
    let mut buf = Zeroizing::new(Vec::with_capacity(4096));
    serde_json::to_writer(&mut *buf, &doc).map_err(|e| SealError::Encrypt(e.to_string()))?;
    buf.push(b'\n');
    let target = padding::bucket(buf.len());
    buf.resize(target, b' ');
    Ok(buf)
}

/// age-encrypts `plaintext` to `recipients` into a new buffer.
pub(crate) fn encrypt(
    recipients: &[&dyn age::Recipient],
    plaintext: &[u8],
) -> Result<Vec<u8>, SealError> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    writer
        .write_all(plaintext)
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(out)
}
