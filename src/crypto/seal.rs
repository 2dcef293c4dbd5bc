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
//! 5. derives the receipt's lookup hash and the whistle-blower's public recipient;
//! 6. seals the identifiers the report names (`crypto::identifiers`) to the report's readers.
//!
//! Plaintext buffers are zeroed when dropped. Nothing here writes to disk or logs.

use std::io::Write;
use std::sync::Arc;

use age::x25519;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, Channel, ReceivedDay};
use crate::domain::document::{AttachmentInfo, ContactDoc, ReportDoc};
use crate::domain::identifiers;
use crate::domain::receipt::Receipt;
use crate::domain::report::{Category, Report};
use crate::domain::sms::phone::PhoneNumber;
use crate::i18n::Lang;

use super::padding;
use super::receipt_keys::{self, ReceiptKeys};
use super::recipients::{AgeRecipient, Recipients};
use super::sealed::{Ciphertext, IntegrityKey, ObjectKind, ObjectMac, ObjectRef, Record, Sealed};

/// Everything the store keeps for a new case: metadata in clear, the rest sealed objects
/// (ciphertext with its MAC) or hashes. Built only by [`OpenCase::seal_report`]; read-only.
pub struct SealedCase {
    id: CaseId,
    category: Category,
    received_day: ReceivedDay,
    case_recipient: AgeRecipient,
    receipt_lookup: String,
    receipt_salt: String,
    whistleblower_recipient: String,
    report: Sealed,
    case_key_escrow: Sealed,
    account_wraps: Vec<AccountWrap>,
    attachment_macs: Vec<(String, ObjectMac)>,
    header_mac: ObjectMac,
    channel: Channel,
    contact: Option<Sealed>,
    identifiers: Sealed,
}

impl SealedCase {
    /// The MAC of the case's header (id, both recipients, receipt salt, kind): checked before
    /// anything is later sealed to the recipients it names.
    pub fn header_mac(&self) -> ObjectMac {
        self.header_mac
    }
    /// Random case id.
    pub fn id(&self) -> &CaseId {
        &self.id
    }
    /// Kind of report (clear: investigators triage on it).
    pub fn category(&self) -> Category {
        self.category
    }
    /// Day received (UTC).
    pub fn received_day(&self) -> ReceivedDay {
        self.received_day
    }
    /// age recipient of the per-case key (public).
    pub fn case_recipient(&self) -> &AgeRecipient {
        &self.case_recipient
    }
    /// Keyed hash of the receipt.
    pub fn receipt_lookup(&self) -> &str {
        &self.receipt_lookup
    }
    /// Per-case HKDF salt for the whistle-blower key, hex.
    pub fn receipt_salt(&self) -> &str {
        &self.receipt_salt
    }
    /// Whistle-blower's public age recipient.
    pub fn whistleblower_recipient(&self) -> &str {
        &self.whistleblower_recipient
    }
    /// The report, age-encrypted to the case key and every offline recipient.
    pub fn report(&self) -> &Sealed {
        &self.report
    }
    /// The per-case identity, age-encrypted to every offline recipient.
    pub fn case_key_escrow(&self) -> &Sealed {
        &self.case_key_escrow
    }
    /// The per-case identity, age-encrypted to each account.
    pub fn account_wraps(&self) -> &[AccountWrap] {
        &self.account_wraps
    }
    /// The MAC of each attachment blob already staged, by blob name (`attachment-01`…).
    pub fn attachment_macs(&self) -> &[(String, ObjectMac)] {
        &self.attachment_macs
    }
    /// How the report came in.
    pub fn channel(&self) -> Channel {
        self.channel
    }
    /// The sender's sealed phone contact, for a report by SMS (or USSD, when asked for).
    pub fn contact(&self) -> Option<&Sealed> {
        self.contact.as_ref()
    }
    /// The identifiers the report names (`crypto::identifiers`), sealed like the report
    /// (an empty list too).
    pub fn identifiers(&self) -> &Sealed {
        &self.identifiers
    }
}

/// How a report came in, and how its sender can be texted (if at all).
#[derive(Debug)]
pub struct Origin {
    /// The channel.
    pub channel: Channel,
    /// The number the report came from (SMS, USSD): never taken as an identifier of the
    /// report, even when typed in its text, and kept only as `contact` says.
    pub sender: Option<PhoneNumber>,
    /// The number to seal with the case, and the language the sender wrote in.
    pub contact: Option<(PhoneNumber, Lang)>,
}

impl Origin {
    /// A report from the web form: nobody to text.
    pub const WEB: Origin = Origin {
        channel: Channel::Web,
        sender: None,
        contact: None,
    };
}

/// The per-case key wrapped to one investigator account.
pub struct AccountWrap {
    account_id: AccountId,
    recipient: AgeRecipient,
    key_mac: String,
    wrap: Sealed,
}

impl AccountWrap {
    /// The account.
    pub fn account_id(&self) -> &AccountId {
        &self.account_id
    }
    /// The account's recipient the wrap was made to (stored only if still the account's).
    pub fn recipient(&self) -> &AgeRecipient {
        &self.recipient
    }
    /// The MAC of the account's key row as checked before wrapping (stored only if the row
    /// still carries it).
    pub fn key_mac(&self) -> &str {
        &self.key_mac
    }
    /// The wrap.
    pub fn wrap(&self) -> &Sealed {
        &self.wrap
    }
}

/// An investigator account that receives new cases.
#[derive(Clone)]
pub struct AccountReader {
    /// Account id.
    pub account_id: AccountId,
    /// The account's public age recipient, as stored.
    pub recipient: AgeRecipient,
    /// The MAC of the account's key row, as stored: the caller checks it before handing the
    /// reader to [`Sealer::open_case`].
    pub key_mac: String,
}

impl AccountReader {
    /// The `case_key_wraps.reader` value for an account. Built from an [`AccountId`] only, so
    /// a name or any other string can never become a reader label.
    pub fn label(account_id: &AccountId) -> String {
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
    /// An attachment's listed checksum is not a SHA-256 (a bug, never user input).
    #[error("attachment checksum is malformed")]
    Checksum,
}

/// Seals reports to the recipients in force.
pub struct Sealer {
    recipients: Recipients,
    receipt_keys: ReceiptKeys,
    integrity: Arc<IntegrityKey>,
}

impl Sealer {
    /// A sealer for the given offline recipients.
    pub fn new(
        recipients: Recipients,
        receipt_keys: ReceiptKeys,
        integrity: Arc<IntegrityKey>,
    ) -> Self {
        Self {
            recipients,
            receipt_keys,
            integrity,
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
        let case_key = x25519::Identity::generate();
        Ok(OpenCase {
            receipt: Receipt::generate(super::os_random)?,
            id: CaseId::from_random(super::random_bytes::<16>()?),
            salt: super::random_bytes::<16>()?,
            case_recipient: case_key.to_public(),
            case_key,
            received_day,
            recipients: self.recipients.clone(),
            accounts,
            integrity: Arc::clone(&self.integrity),
        })
    }

    /// The receipt-derivation keys.
    pub fn receipt_keys(&self) -> &ReceiptKeys {
        &self.receipt_keys
    }

    /// The key of the object and record MACs: readers handed to [`Sealer::open_case`] are
    /// checked with it first.
    pub fn integrity(&self) -> &IntegrityKey {
        &self.integrity
    }
}

/// A case being put together: its secrets exist only in memory until it is sealed.
pub struct OpenCase {
    receipt: Receipt,
    id: CaseId,
    salt: [u8; 16],
    case_key: x25519::Identity,
    /// The public half of `case_key`, computed once: deriving it is a scalar multiplication,
    /// about as costly as a third of an age recipient stanza, and it was asked for four times
    /// a report.
    case_recipient: x25519::Recipient,
    received_day: ReceivedDay,
    recipients: Recipients,
    accounts: Vec<AccountReader>,
    integrity: Arc<IntegrityKey>,
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
        let mut all = vec![self.case_recipient.clone()];
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
        attachments: Vec<AttachmentInfo>,
        receipt_keys: &ReceiptKeys,
        origin: &Origin,
    ) -> Result<(SealedCase, Receipt), SealError> {
        let attachment_macs = self.attachment_macs(&attachments)?;
        let contact = match &origin.contact {
            Some((number, lang)) => Some(super::contact::seal_contact(
                &self.id,
                &self.content_recipients(),
                &self.integrity,
                &ContactDoc::new(&self.id, number, *lang),
            )?),
            None => None,
        };
        let identifiers = super::identifiers::encrypt_identifiers(
            &self.id,
            &self.case_recipient,
            &self.recipients,
            &identifiers::of_report(report, origin.sender.as_ref()),
        )?;
        let identifiers = self.integrity.seal(
            super::identifiers::object(&self.id, super::identifiers::REPORT_IDENTIFIERS),
            identifiers,
        );
        let doc = ReportDoc::new(&self.id, report, self.received_day, attachments);
        let plaintext = padded_json(&doc)?;
        let readers = self.content_recipients();
        let dyn_readers: Vec<&dyn age::Recipient> =
            readers.iter().map(|r| r as &dyn age::Recipient).collect();
        let report_ct = self.integrity.seal(
            ObjectRef::new(&self.id, ObjectKind::Report, "report"),
            encrypt(&dyn_readers, &plaintext)?,
        );
        let (case_key_escrow, account_wraps) = self.key_wraps()?;
        let whistleblower = receipt_keys::whistleblower_identity(&self.receipt, &self.salt)?;
        let case_recipient = AgeRecipient::from(self.case_recipient.clone());
        let receipt_salt = hex::encode(self.salt);
        let whistleblower_recipient = whistleblower.to_public().to_string();
        let header_mac = self.integrity.record_tag(&Record::CaseHeader {
            case: &self.id,
            case_recipient: case_recipient.as_str(),
            whistleblower_recipient: &whistleblower_recipient,
            receipt_salt: &receipt_salt,
            kind: report.category().slug(),
        });
        let sealed = SealedCase {
            category: report.category(),
            received_day: self.received_day,
            case_recipient,
            receipt_lookup: receipt_keys.lookup(&self.receipt)?,
            receipt_salt,
            whistleblower_recipient,
            header_mac,
            report: report_ct,
            case_key_escrow,
            account_wraps,
            attachment_macs,
            channel: origin.channel,
            contact,
            identifiers,
            id: self.id,
        };
        Ok((sealed, self.receipt))
    }
}

impl OpenCase {
    /// The MAC of each attachment already sealed, from the checksum the report will list,
    /// each followed by its preview's (in the order their blobs were staged).
    fn attachment_macs(
        &self,
        attachments: &[AttachmentInfo],
    ) -> Result<Vec<(String, ObjectMac)>, SealError> {
        let mac = |file: &str, sha256: &str| {
            let mut digest = [0u8; 32];
            hex::decode_to_slice(sha256, &mut digest).map_err(|_| SealError::Checksum)?;
            let obj = ObjectRef::new(&self.id, ObjectKind::Attachment, file);
            Ok::<_, SealError>((file.to_owned(), self.integrity.tag(obj, &digest)))
        };
        let mut out = Vec::with_capacity(attachments.len() * 2);
        for a in attachments {
            out.push(mac(&a.file, &a.sha256)?);
            if let Some(p) = &a.preview {
                out.push(mac(&p.file, &p.sha256)?);
            }
        }
        Ok(out)
    }

    /// The per-case key wrapped to every offline key (escrow) and to each account.
    fn key_wraps(&self) -> Result<(Sealed, Vec<AccountWrap>), SealError> {
        let escrow: Vec<&dyn age::Recipient> = self
            .recipients
            .entries()
            .iter()
            .map(|e| &e.recipient as &dyn age::Recipient)
            .collect();
        let key_text = Zeroizing::new(format!("{}\n", self.case_key.to_string().expose_secret()));
        let case_key_escrow = self.integrity.seal(
            ObjectRef::new(&self.id, ObjectKind::KeyWrap, ESCROW_READER),
            encrypt(&escrow, key_text.as_bytes())?,
        );
        let account_wraps = self
            .accounts
            .iter()
            .map(|a| {
                let label = AccountReader::label(&a.account_id);
                let ct = encrypt(
                    &[a.recipient.key() as &dyn age::Recipient],
                    key_text.as_bytes(),
                )?;
                let obj = ObjectRef::new(&self.id, ObjectKind::KeyWrap, &label);
                Ok(AccountWrap {
                    account_id: a.account_id.clone(),
                    recipient: a.recipient.clone(),
                    key_mac: a.key_mac.clone(),
                    wrap: self.integrity.seal(obj, ct),
                })
            })
            .collect::<Result<Vec<_>, SealError>>()?;
        Ok((case_key_escrow, account_wraps))
    }
}

/// The reader label of the offline (escrow) key wrap.
pub const ESCROW_READER: &str = "escrow";

/// Seals a document (a note, a message) like report content: padded, encrypted to `readers`
/// (the case key, and for a question also the whistle-blower key) and every offline key, so
/// `age -d -i offline.key` opens it as it opens a report.
pub(crate) fn seal_document<T: serde::Serialize>(
    readers: &[&x25519::Recipient],
    offline: &Recipients,
    doc: &T,
) -> Result<Ciphertext, SealError> {
    let plain = padded_json(doc)?;
    let mut all: Vec<&dyn age::Recipient> =
        readers.iter().map(|r| *r as &dyn age::Recipient).collect();
    all.extend(
        offline
            .entries()
            .iter()
            .map(|e| &e.recipient as &dyn age::Recipient),
    );
    encrypt(&all, &plain)
}

/// A document as plaintext: one JSON object, then a newline and spaces up to the length
/// bucket (JSON parsers ignore trailing white space, so `age -d … | jq .` works).
pub(crate) fn padded_json<T: serde::Serialize>(doc: &T) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let mut buf = Zeroizing::new(Vec::with_capacity(4096));
    serde_json::to_writer(&mut *buf, doc).map_err(|e| SealError::Encrypt(e.to_string()))?;
    buf.push(b'\n');
    let target = padding::bucket(buf.len());
    buf.resize(target, b' ');
    Ok(buf)
}

/// age-encrypts `plaintext` to `recipients` into a new buffer.
pub(crate) fn encrypt(
    recipients: &[&dyn age::Recipient],
    plaintext: &[u8],
) -> Result<Ciphertext, SealError> {
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
    Ok(Ciphertext::new(out))
}
