//! The whistle-blower's side of the conversation: come back with the receipt, read the
//! investigators' questions, answer with text and files.
//!
//! The receipt is parsed, looked up by its keyed hash and turned into the whistle-blower key
//! `K_wb`, then forgotten: what the browser keeps is a short-lived follow-up pass
//! (`crypto::conversation`). Everything the whistle-blower does is recorded by the day only,
//! and nothing they do is written to the audit log (whose entries carry exact times) or to a
//! log line with a case id.

use std::num::NonZeroU32;
use std::sync::Arc;

use age::x25519;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::clock::Clock;
use crate::crypto::conversation::{self, FollowupPass, PassKeys, ReadError};
use crate::crypto::receipt_keys;
use crate::crypto::recipients::AgeRecipient;
use crate::crypto::seal::{SealError, Sealer};
use crate::crypto::sealed::ObjectMac;
use crate::crypto::sealed::{IntegrityKey, ObjectKind, ObjectRef, Record};
use crate::domain::case::{CaseId, ReceivedDay};
use crate::domain::document::{AttachmentInfo, MessageDoc, Sender};
use crate::domain::followup::{MAX_ANSWER_CHARS, PublicState, typed_text};
use crate::domain::identifiers;
use crate::domain::receipt::{Receipt, ReceiptError};
use crate::domain::sms::phone::PhoneNumber;
use crate::services::attachments::{FileError, FileSealer};
use crate::services::audit::Audit;
use crate::services::rate::Rate;
use crate::services::spool::SpooledFile;
use crate::store::{FormSpend, NewMessage, Store, StoreError};

/// A pass ends after this long without a request (seconds).
pub const PASS_IDLE_SECS: u64 = 15 * 60;
/// A pass ends this long after the receipt was typed, however active (seconds).
pub const PASS_ABSOLUTE_SECS: u64 = 2 * 3600;
/// Receipt attempts per second, server-wide (not per client: everyone on Tor shares a few
/// addresses). At this rate, guessing one of a million cases' 86-bit receipts takes ~10^17
/// years; the limit protects capacity, the receipt's entropy protects cases.
pub const RECEIPT_ATTEMPTS_PER_SECOND: u32 = 20;
/// Attempts allowed at once before the rate applies. After a flood stops, the full burst is
/// back within `BURST / RATE` seconds, so the right receipt is never locked out for long.
pub const RECEIPT_ATTEMPTS_BURST: u32 = 100;

/// When a pass used at `now` runs out if nothing more happens: [`PASS_IDLE_SECS`] later,
/// rounded up to a whole minute. The minute is all the idle check needs, and all the row keeps.
fn idle_deadline(now: u64) -> i64 {
    unix(
        now.saturating_add(PASS_IDLE_SECS)
            .div_ceil(60)
            .saturating_mul(60),
    )
}

/// Unix seconds as the database stores them.
fn unix(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

fn attempt_limiter(rate: Rate) -> DefaultDirectRateLimiter {
    let per_second = NonZeroU32::new(rate.per_second).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
    RateLimiter::direct(Quota::per_second(per_second).allow_burst(burst))
}

/// A case opened with its receipt, for one SMS or USSD screen: nothing of it outlives the
/// request.
pub struct Visit {
    /// The case.
    pub case: CaseId,
    /// Its whistle-blower key (derived from the receipt).
    pub identity: x25519::Identity,
}

/// A receipt attempt that [`Followup::admit`] let through: the only way to [`Followup::enter`],
/// so no lookup runs outside the attempts' budget.
pub struct Attempt {
    receipt: Receipt,
}

/// Why a receipt did not open a case.
#[derive(Debug, thiserror::Error)]
pub enum EnterError {
    /// Not 28 digits.
    #[error("not a receipt")]
    WrongShape,
    /// 28 digits whose check digits fail: a typo.
    #[error("the receipt looks mistyped")]
    Mistyped,
    /// Well-formed, but no case has it.
    #[error("no report has this receipt")]
    Unknown,
    /// Too many attempts server-wide just now.
    #[error("busy")]
    Busy,
    /// Something failed on our side.
    #[error("internal: {0}")]
    Internal(String),
}

/// Why a follow-up page or answer failed.
#[derive(Debug, thiserror::Error)]
pub enum FollowupError {
    /// The pass names a case that no longer exists.
    #[error("no such case")]
    NotFound,
    /// Empty or overlong answer.
    #[error("invalid answer")]
    Invalid,
    /// The gateway delivered this message already: it is stored once.
    #[error("delivered already")]
    Delivered,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Cleaning or sealing an answer's files failed.
    #[error(transparent)]
    Files(#[from] FileError),
    /// The case's header (its recipients) failed its integrity check: nothing is sealed to
    /// keys that were written into the database (audited, deferred).
    #[error("{0}; nothing was sealed to its keys")]
    Integrity(crate::crypto::sealed::IntegrityError),
    /// Something else failed on our side.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<SealError> for FollowupError {
    fn from(e: SealError) -> Self {
        Self::Internal(e.to_string())
    }
}

/// Where an answer goes: its case, the case's checked recipient, the day.
struct AnswerTo<'a> {
    case: &'a CaseId,
    recipient: &'a x25519::Recipient,
    day: ReceivedDay,
}

/// A staged answer file to link: `(blob, name, MAC)`.
type AnswerLink = (crate::store::BlobId, String, ObjectMac);

/// One entry of the conversation as the whistle-blower sees it.
pub enum Entry {
    /// An investigator's message, decrypted with the receipt's key.
    Question {
        /// Day written.
        day: String,
        /// The text.
        text: String,
    },
    /// The whistle-blower wrote on this day (their words are not shown again).
    Answered {
        /// Day written.
        day: String,
    },
}

/// The follow-up page's content.
pub struct Conversation {
    /// The report's state in plain words.
    pub state: PublicState,
    /// Day received.
    pub received_day: ReceivedDay,
    /// Day an investigator acknowledged it.
    pub acknowledged_day: Option<ReceivedDay>,
    /// Questions and the days of answers, in order.
    pub entries: Vec<Entry>,
}

/// The follow-up service.
pub struct Followup {
    store: Store,
    clock: Arc<dyn Clock>,
    sealer: Arc<Sealer>,
    integrity: Arc<IntegrityKey>,
    passes: PassKeys,
    files: Arc<FileSealer>,
    /// Receipt attempts, server-wide; `None` when rate limits are off.
    attempts: Option<DefaultDirectRateLimiter>,
    notifier: Option<Arc<crate::services::notify::Notifier>>,
    /// Where integrity failures are reported, deferred: a whistle-blower's visit is never
    /// dated by an audit entry.
    audit: Option<Arc<Audit>>,
}

impl Followup {
    /// The service.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        sealer: Arc<Sealer>,
        integrity: Arc<IntegrityKey>,
        passes: PassKeys,
        files: Arc<FileSealer>,
    ) -> Self {
        Self {
            store,
            clock,
            sealer,
            integrity,
            passes,
            files,
            attempts: Some(attempt_limiter(Rate::new(
                RECEIPT_ATTEMPTS_PER_SECOND,
                RECEIPT_ATTEMPTS_BURST,
            ))),
            notifier: None,
            audit: None,
        }
    }

    /// Reports integrity failures met here to this audit log (deferred).
    pub fn with_audit(mut self, audit: Arc<Audit>) -> Self {
        self.audit = Some(audit);
        self
    }

    /// The case's recipients, once its header verified: what an answer is sealed to.
    async fn checked_case_recipient(&self, case: &CaseId) -> Result<AgeRecipient, FollowupError> {
        let header = self
            .store
            .case_header(case)
            .await?
            .ok_or(FollowupError::NotFound)?;
        if let Err(e) = self
            .integrity
            .verify_record(&header.record(), header.mac.as_deref())
        {
            if let Some(a) = &self.audit {
                a.defer_integrity(&e);
            }
            return Err(FollowupError::Integrity(e));
        }
        AgeRecipient::parse(&header.case_recipient)
            .ok_or_else(|| FollowupError::Internal("stored case recipient".to_owned()))
    }

    /// Limits receipt attempts server-wide to `rate` (`None`: no limit). The default is
    /// [`RECEIPT_ATTEMPTS_PER_SECOND`], burst [`RECEIPT_ATTEMPTS_BURST`].
    pub fn with_attempt_limit(mut self, rate: Option<Rate>) -> Self {
        self.attempts = rate.map(attempt_limiter);
        self
    }

    /// Sends the (content-free, delayed) e-mail notice when an answer arrives.
    pub fn with_notifier(mut self, notifier: Arc<crate::services::notify::Notifier>) -> Self {
        self.notifier = Some(notifier);
        self
    }

    /// The attachment limits (the same as for reports).
    pub fn limits(&self) -> crate::services::intake::Limits {
        self.files.limits()
    }

    /// Admits one receipt attempt: what a person typed has a receipt's shape, and the
    /// server-wide budget of attempts has room for it. Writes nothing and looks nothing up,
    /// so the caller can refuse here before any durable step (the form token is spent only
    /// once admitted): a refused attempt costs no write.
    pub fn admit(&self, typed: &str) -> Result<Attempt, EnterError> {
        let receipt = match Receipt::parse(typed) {
            Ok(r) => r,
            Err(ReceiptError::Mistyped) => return Err(EnterError::Mistyped),
            Err(_) => return Err(EnterError::WrongShape),
        };
        self.admit_receipt(receipt)
    }

    /// [`Followup::admit`] for a receipt already read (from a text message or a USSD screen):
    /// the same server-wide budget of attempts as the web form.
    pub fn admit_receipt(&self, receipt: Receipt) -> Result<Attempt, EnterError> {
        if self.attempts.as_ref().is_some_and(|a| a.check().is_err()) {
            return Err(EnterError::Busy);
        }
        Ok(Attempt { receipt })
    }

    /// Opens a case with an admitted attempt; returns the pass to hand to the browser. A
    /// known and an unknown receipt cost the same work (the key is derived either way).
    pub async fn enter(&self, attempt: Attempt) -> Result<String, EnterError> {
        let internal = |e: &dyn std::fmt::Display| EnterError::Internal(e.to_string());
        let Visit { case, identity } = self.open(attempt).await?;
        let now = self.clock.now_unix();
        let (cookie, pass) = self
            .passes
            .issue(case, identity, now)
            .map_err(|e| internal(&e))?;
        self.store
            .insert_followup_pass(&pass.record, idle_deadline(now), unix(now))
            .await
            .map_err(|e| internal(&e))?;
        Ok(cookie)
    }

    /// Opens a case with an admitted attempt, for a channel without cookies (SMS, USSD): the
    /// case and its whistle-blower key, for this one message or screen. A known and an
    /// unknown receipt cost the same work (the key is derived either way).
    pub async fn open(&self, attempt: Attempt) -> Result<Visit, EnterError> {
        let Attempt { receipt } = attempt;
        let internal = |e: &dyn std::fmt::Display| EnterError::Internal(e.to_string());
        let lookup = self
            .sealer
            .receipt_keys()
            .lookup(&receipt)
            .map_err(|e| internal(&e))?;
        let found = self
            .store
            .case_by_receipt(&lookup)
            .await
            .map_err(|e| internal(&e))?;
        let mut salt = [0u8; 16];
        if let Some(c) = &found {
            hex::decode_to_slice(&c.salt, &mut salt).map_err(|e| internal(&e))?;
        }
        let identity =
            receipt_keys::whistleblower_identity(&receipt, &salt).map_err(|e| internal(&e))?;
        let Some(case) = found else {
            return Err(EnterError::Unknown);
        };
        if AgeRecipient::from(identity.to_public()) != case.whistleblower_recipient {
            return Err(EnterError::Internal(
                "the receipt's key does not match the case".to_owned(),
            ));
        }
        Ok(Visit {
            case: case.id,
            identity,
        })
    }

    /// The pass in a cookie, if it is this server's, young enough, and still live on the
    /// server (not left, not idle for [`PASS_IDLE_SECS`]); its idle deadline moves on. The
    /// check and the move are one statement, so any replica can serve any page of a visit.
    pub async fn pass(&self, cookie: &str) -> Result<Option<FollowupPass>, FollowupError> {
        let now = self.clock.now_unix();
        let Some(pass) = self.passes.open(cookie, now, PASS_ABSOLUTE_SECS) else {
            return Ok(None);
        };
        let live = self
            .store
            .touch_followup_pass(&pass.record, idle_deadline(now), unix(now))
            .await?;
        Ok(live.then_some(pass))
    }

    /// Ends the pass in a cookie for every copy of it ("Leave now"). A cookie that does not
    /// open names no record, so there is nothing to end. An old pass is ended too: its record
    /// may not have been swept yet.
    pub async fn leave(&self, cookie: &str) -> Result<(), FollowupError> {
        if let Some(pass) = self.passes.open(cookie, 0, u64::MAX) {
            self.store.delete_followup_pass(&pass.record).await?;
        }
        Ok(())
    }

    /// What the whistle-blower sees. A question whose MAC fails is left out: a message forged
    /// into the database could ask the person to give themselves away.
    pub async fn view(&self, pass: &FollowupPass) -> Result<Conversation, FollowupError> {
        self.view_case(&pass.case, &pass.identity).await
    }

    /// What the holder of `identity` (the whistle-blower key of `case`) sees: [`Followup::view`]
    /// without a pass, for SMS and USSD.
    pub async fn view_case(
        &self,
        case: &CaseId,
        identity: &x25519::Identity,
    ) -> Result<Conversation, FollowupError> {
        let facts = self
            .store
            .followup_facts(case)
            .await?
            .ok_or(FollowupError::NotFound)?;
        let mut entries = Vec::new();
        for m in self.store.messages(case).await? {
            match m.sender {
                Sender::Whistleblower => entries.push(Entry::Answered { day: m.day }),
                Sender::Investigator => {
                    let name = m.seq.to_string();
                    let obj = ObjectRef::new(case, ObjectKind::Message, &name);
                    let checked = self
                        .integrity
                        .check(obj, &m.object.bytes, m.object.mac.as_deref())
                        .and_then(|v| {
                            self.integrity
                                .verify_record(&m.authorship(case), m.author_mac.as_deref())
                                .map(|()| v)
                        });
                    let checked = match checked {
                        Ok(v) => v,
                        Err(e) => {
                            // Not shown, and audited later (never dated by this visit).
                            if let Some(a) = &self.audit {
                                a.defer_integrity(&e);
                            }
                            continue;
                        }
                    };
                    match conversation::open_as_whistleblower(identity, checked, case) {
                        Ok(doc) => entries.push(Entry::Question {
                            day: doc.day().to_owned(),
                            text: doc.text().to_owned(),
                        }),
                        Err(ReadError::NotForThisKey | ReadError::Document(_)) => {
                            tracing::warn!("a stored message did not open with its receipt");
                        }
                    }
                }
            }
        }
        Ok(Conversation {
            state: PublicState::of(facts.status),
            received_day: facts.received_day,
            acknowledged_day: facts.acknowledged_day,
            entries,
        })
    }

    /// Stores an answer: its files cleaned and sealed like a report's, the text sealed like
    /// report content, both bound to the case; stored whole or not at all.
    pub async fn answer(
        &self,
        pass: &FollowupPass,
        text: &str,
        files: Vec<SpooledFile>,
    ) -> Result<(), FollowupError> {
        self.answer_case(&pass.case, text, files, None, None).await
    }

    /// [`Followup::answer`] on an opened case, for SMS and USSD; `once` (a gateway message
    /// id's keyed digest) is recorded with the answer, so a message delivered twice is stored
    /// once ([`FollowupError::Delivered`]). `sender`, the number the answer came from, is
    /// never taken as one of its identifiers.
    pub async fn answer_case(
        &self,
        case: &CaseId,
        text: &str,
        files: Vec<SpooledFile>,
        once: Option<FormSpend>,
        sender: Option<&PhoneNumber>,
    ) -> Result<(), FollowupError> {
        let text = typed_text(text);
        let text = text.as_str();
        if (text.is_empty() && files.is_empty()) || text.chars().count() > MAX_ANSWER_CHARS {
            return Err(FollowupError::Invalid);
        }
        let case_recipient = self.checked_case_recipient(case).await?.key().clone();
        let day = ReceivedDay::new(self.clock.today());
        let mut staged = Vec::with_capacity(files.len());
        let result = self
            .store_answer(
                AnswerTo {
                    case,
                    recipient: &case_recipient,
                    day,
                },
                text,
                files,
                &mut staged,
                (once.as_ref(), sender),
            )
            .await;
        if result.is_err() {
            self.files.discard(&staged).await;
        } else if let Some(n) = &self.notifier {
            n.new_report();
        }
        result
    }

    async fn store_answer(
        &self,
        to: AnswerTo<'_>,
        text: &str,
        files: Vec<SpooledFile>,
        staged: &mut Vec<crate::store::BlobId>,
        (once, sender): (Option<&FormSpend>, Option<&PhoneNumber>),
    ) -> Result<(), FollowupError> {
        let AnswerTo {
            case,
            recipient: case_recipient,
            day,
        } = to;
        let (links, infos) = self
            .seal_answer_files(case, case_recipient, day, files, staged)
            .await?;
        let doc = MessageDoc::new(case, Sender::Whistleblower, day, text, infos);
        let offline = self.sealer.recipients().clone();
        let recipient = case_recipient.clone();
        let _permit = self.files.sealing_permit().await?;
        let ids = identifiers::of_text(text, sender);
        let of_case = case.clone();
        let (ct, ids_ct) = tokio::task::spawn_blocking(move || {
            let ids_ct = crate::crypto::identifiers::encrypt_identifiers(
                &of_case, &recipient, &offline, &ids,
            )?;
            Ok::<_, SealError>((
                conversation::seal_answer(&recipient, &offline, &doc)?,
                ids_ct,
            ))
        })
        .await
        .map_err(|_| FollowupError::Internal("sealing task failed".to_owned()))??;
        let integrity = &self.integrity;
        let message = NewMessage {
            case,
            sender: Sender::Whistleblower,
            day,
            author: None,
            attachments: &links,
            once,
        };
        self.store
            .add_message(&message, |seq| {
                let name = seq.to_string();
                let by = integrity.record_tag(&Record::Authorship {
                    case,
                    kind: ObjectKind::Message,
                    seq,
                    sender: Sender::Whistleblower.as_str(),
                    author: None,
                });
                let sealed = integrity.seal(ObjectRef::new(case, ObjectKind::Message, &name), ct);
                let ids = integrity.seal(crate::crypto::identifiers::object(case, &name), ids_ct);
                (sealed, by, Some(ids))
            })
            .await
            .map_err(|e| match e {
                StoreError::Spent => FollowupError::Delivered,
                e => FollowupError::Store(e),
            })?;
        Ok(())
    }

    /// Forgets the number sealed with a case (the sender texted STOP after the receipt):
    /// no SMS goes to it again. `false` if the case had none.
    pub async fn forget_number(&self, case: &CaseId) -> Result<bool, FollowupError> {
        Ok(self.store.delete_contact(case).await?)
    }

    /// Cleans and seals an answer's files like a report's, into staged blobs with random
    /// names (two answers sent at once never collide; `filimbi export` names each file after
    /// its message). Returns what links them to the answer, and what the answer lists.
    async fn seal_answer_files(
        &self,
        case: &CaseId,
        case_recipient: &x25519::Recipient,
        day: ReceivedDay,
        files: Vec<SpooledFile>,
        staged: &mut Vec<crate::store::BlobId>,
    ) -> Result<(Vec<AnswerLink>, Vec<AttachmentInfo>), FollowupError> {
        let mut readers = vec![case_recipient.clone()];
        let offline = self.sealer.recipients().entries();
        readers.extend(offline.iter().map(|e| e.recipient.clone()));
        let names = (0..files.len())
            .map(|_| {
                crate::crypto::random_bytes::<8>().map(|r| format!("answer-{}", hex::encode(r)))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(SealError::from)?;
        let name = |i: usize| names.get(i).cloned().unwrap_or_default();
        let sealed = self
            .files
            .seal_files(&readers, day, files, name, staged)
            .await?;
        let mut links = Vec::with_capacity(sealed.len());
        let mut infos = Vec::with_capacity(sealed.len());
        let link = |blob, file: &str, sha256: &str| {
            let mut digest = [0u8; 32];
            hex::decode_to_slice(sha256, &mut digest)
                .map_err(|_| FollowupError::Internal("attachment checksum".to_owned()))?;
            let obj = ObjectRef::new(case, ObjectKind::Attachment, file);
            Ok::<_, FollowupError>((blob, file.to_owned(), self.integrity.tag(obj, &digest)))
        };
        for f in sealed {
            links.push(link(f.blob, &f.info.file, &f.info.sha256)?);
            // The preview's blob was staged right after its file's, and is linked so.
            if let (Some(blob), Some(p)) = (f.preview, &f.info.preview) {
                links.push(link(blob, &p.file, &p.sha256)?);
            }
            infos.push(f.info);
        }
        Ok((links, infos))
    }
}
