//! The investigator workspace: the queue, reading a case, triage actions, grants.
//!
//! Every read of case content goes through the session's identity: the account's key wrap is
//! opened with it, and the case key decrypts the report, notes and attachments in memory. An
//! account without a wrap for a case sees its triage fields but cannot open it. Every action
//! is audited.

mod conversation;

pub use conversation::{ConversationMessage, MAX_TEMPLATE_TITLE_CHARS};

use std::io::{BufReader, Read};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::crypto::case_access::{self, CaseKey, OpenError};
use crate::crypto::recipients::{AgeRecipient, Recipients};
use crate::crypto::seal::{AccountReader, ESCROW_READER};
use crate::crypto::sealed::{
    IntegrityError, IntegrityKey, ObjectKind, ObjectRef, Record, Verified,
};
use crate::domain::account::{Account, AccountName, AccountState};
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::document::{NoteDoc, ReportDoc, Sender};
use crate::domain::queue::{Deadlines, Filter, QueueItem, Sort};
use crate::services::accounts::Session;
use crate::services::audit::{Audit, AuditAction};
use crate::store::{BlobId, CaseHeader, Stats, Store, StoreError, StoredObject};
use crate::store::{QueueClock, QueueCounts, QueuePageRows};

/// Cases per queue page.
pub const PAGE_SIZE: i64 = 50;

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Why a workspace action failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkspaceError {
    /// No such case (or attachment).
    #[error("not found")]
    NotFound,
    /// This account holds no key for the case.
    #[error("no access to this case")]
    NoAccess,
    /// Input refused (empty or too long label or note, unknown colleague…).
    #[error("invalid input")]
    Invalid,
    /// Stored content did not decrypt or verify.
    #[error("stored content failed to verify: {0}")]
    Integrity(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Crypto or a task failed.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<OpenError> for WorkspaceError {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::NoAccess => Self::NoAccess,
            other => Self::Integrity(other.to_string()),
        }
    }
}

/// An opened case.
pub struct OpenedCase {
    /// Triage fields.
    pub item: QueueItem,
    /// The decrypted report document.
    pub report: ReportDoc,
    /// Decrypted notes, oldest first; a note that fails to verify or decrypt is shown as such.
    pub notes: Vec<Result<NoteDoc, NoteFailure>>,
    /// The conversation with the whistle-blower, in order.
    pub conversation: Vec<ConversationMessage>,
}

/// Why a note is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteFailure {
    /// Its MAC is missing or wrong: it was not written by this server (audited).
    Integrity,
    /// It verified but did not decrypt or parse.
    Unreadable,
}

/// An attachment being decrypted for download.
pub struct Download {
    /// The original file name (cleaned of paths and control characters).
    pub name: String,
    /// Plaintext chunks.
    pub chunks: mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
}

/// The workspace service.
pub struct Workspace {
    store: Store,
    clock: Arc<dyn Clock>,
    offline: Recipients,
    audit: Arc<Audit>,
    deadlines: Deadlines,
    integrity: Arc<IntegrityKey>,
}

impl Workspace {
    /// The service.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        offline: Recipients,
        audit: Arc<Audit>,
        deadlines: Deadlines,
        integrity: Arc<IntegrityKey>,
    ) -> Self {
        Self {
            store,
            clock,
            offline,
            audit,
            deadlines,
            integrity,
        }
    }

    /// The deadlines in force.
    pub fn deadlines(&self) -> Deadlines {
        self.deadlines
    }

    /// Today (UTC).
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }

    fn today_iso(&self) -> String {
        ReceivedDay::new(self.clock.today()).iso()
    }

    /// One page (1-based, [`PAGE_SIZE`] cases) of the queue for this session, filtered and
    /// sorted in the database, with the counts shown above it.
    pub async fn queue_page(
        &self,
        session: &Session,
        filter: &Filter,
        sort: Sort,
        page: u32,
    ) -> Result<(QueuePageRows, QueueCounts), StoreError> {
        let clock = QueueClock {
            deadlines: self.deadlines,
            today: self.today(),
        };
        let offset = i64::from(page.max(1) - 1) * PAGE_SIZE;
        let rows = self
            .store
            .queue_page(&session.account.id, filter, sort, &clock, offset, PAGE_SIZE)
            .await?;
        let counts = self.store.queue_counts(&clock).await?;
        Ok((rows, counts))
    }

    /// Files a case as possible spam, or moves it back to the queue (audited). Like every
    /// change, only by an account that can open the case.
    pub async fn set_possible_spam(
        &self,
        session: &Session,
        id: &CaseId,
        spam: bool,
    ) -> Result<(), WorkspaceError> {
        self.require_access(session, id).await?;
        if !self.store.set_possible_spam(id, spam).await? {
            return Err(WorkspaceError::NotFound);
        }
        let detail = if spam { "possible-spam" } else { "queue" };
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseSpam,
                id.as_str(),
                detail,
            )
            .await?;
        Ok(())
    }

    /// Labels in use.
    pub async fn labels(&self) -> Result<Vec<String>, StoreError> {
        self.store.all_labels().await
    }

    /// Accounts that can be assigned or granted cases (active ones).
    pub async fn colleagues(&self) -> Result<Vec<Account>, StoreError> {
        Ok(self
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.state == AccountState::Active)
            .collect())
    }

    async fn item(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<(QueueItem, AgeRecipient), WorkspaceError> {
        self.store
            .queue_item(&session.account.id, id)
            .await?
            .ok_or(WorkspaceError::NotFound)
    }

    async fn case_key(
        &self,
        session: &Session,
        id: &CaseId,
        recipient: &AgeRecipient,
    ) -> Result<CaseKey, WorkspaceError> {
        let label = AccountReader::label(&session.account.id);
        let wrap = self
            .store
            .key_wrap(id, &label)
            .await?
            .ok_or(WorkspaceError::NoAccess)?;
        let wrap = self
            .check(
                &session.account.name,
                ObjectRef::new(id, ObjectKind::KeyWrap, &label),
                &wrap,
            )
            .await?;
        let key = CaseKey::unwrap(wrap, &session.identity)?;
        key_of_case(key, recipient)
    }

    /// A case's triage fields, whether or not this account can open it.
    pub async fn triage(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<QueueItem, WorkspaceError> {
        Ok(self.item(session, id).await?.0)
    }

    /// Decrypts a case for reading. Audited as `case.view`.
    pub async fn open(&self, session: &Session, id: &CaseId) -> Result<OpenedCase, WorkspaceError> {
        let (item, key, report) = self.open_report(session, id).await?;
        let mut notes = Vec::new();
        for n in self.store.notes(id).await? {
            let name = n.seq.to_string();
            let actor = &session.account.name;
            let checked = match self
                .check(
                    actor,
                    ObjectRef::new(id, ObjectKind::Note, &name),
                    &n.object,
                )
                .await
            {
                Ok(v) => self
                    .check_record(actor, &n.authorship(id), n.author_mac.as_deref())
                    .await
                    .map(|()| v),
                Err(e) => Err(e),
            };
            let note = match checked {
                Ok(v) => key.open_note(v).map_err(|_| NoteFailure::Unreadable),
                Err(WorkspaceError::Integrity(_)) => Err(NoteFailure::Integrity),
                Err(e) => return Err(e),
            };
            notes.push(note);
        }
        let conversation = self.conversation(session, id, &key).await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseView,
                id.as_str(),
                "",
            )
            .await?;
        Ok(OpenedCase {
            item,
            report,
            notes,
            conversation,
        })
    }

    /// Opens the case key and the report, checking the report belongs to this case. Not
    /// audited itself: callers audit what they do with it.
    async fn open_report(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<(QueueItem, CaseKey, ReportDoc), WorkspaceError> {
        let (item, recipient) = self.item(session, id).await?;
        let key = self.case_key(session, id, &recipient).await?;
        let blob = self
            .store
            .case_blob(id, "report")
            .await?
            .ok_or_else(|| WorkspaceError::Integrity("report missing".into()))?;
        let stored = StoredObject {
            bytes: self.store.read_blob(&blob.id).await?,
            mac: blob.mac,
        };
        let checked = self
            .check(
                &session.account.name,
                ObjectRef::new(id, ObjectKind::Report, "report"),
                &stored,
            )
            .await?;
        let report = key.open_report(checked, id)?;
        Ok((item, key, report))
    }

    /// Checks a stored object's MAC and vouches for its bytes (what opening it needs); a
    /// failure is audited (`integrity.fail`, naming the object) and refused.
    async fn check<'a>(
        &self,
        actor: &str,
        obj: ObjectRef<'_>,
        stored: &'a StoredObject,
    ) -> Result<Verified<'a>, WorkspaceError> {
        match self
            .integrity
            .check(obj, &stored.bytes, stored.mac.as_deref())
        {
            Ok(v) => Ok(v),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    async fn check_digest(
        &self,
        actor: &str,
        obj: ObjectRef<'_>,
        digest: &[u8; 32],
        mac: Option<&str>,
    ) -> Result<(), WorkspaceError> {
        match self.integrity.verify(obj, digest, mac) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    /// Checks a clear record's MAC; a failure is audited and refused.
    pub(super) async fn check_record(
        &self,
        actor: &str,
        record: &Record<'_>,
        mac: Option<&str>,
    ) -> Result<(), WorkspaceError> {
        match self.integrity.verify_record(record, mac) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    /// A case's header, checked: what a new question, note or grant is sealed to comes only
    /// from a header whose MAC verifies. A failure is audited and refuses the step.
    pub(super) async fn checked_header(
        &self,
        actor: &str,
        id: &CaseId,
    ) -> Result<CaseHeader, WorkspaceError> {
        let header = self
            .store
            .case_header(id)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        match self
            .integrity
            .verify_record(&header.record(), header.mac.as_deref())
        {
            Ok(()) => Ok(header),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(format!(
                    "{e}: its keys may have been replaced, nothing was sealed to them"
                )))
            }
        }
    }

    /// A colleague's account, checked: a case key is wrapped only for a key row whose MAC
    /// verifies (a recipient written into the database gets nothing). Audited when it fails.
    async fn checked_colleague(&self, actor: &str, to: &Account) -> Result<(), WorkspaceError> {
        let row = self
            .store
            .account_key_row(&to.id)
            .await?
            .ok_or(WorkspaceError::Invalid)?;
        match self
            .integrity
            .verify_record(&row.record(), row.mac.as_deref())
        {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(format!(
                    "{e}: no case key was wrapped for it"
                )))
            }
        }
    }

    async fn audit_integrity(&self, actor: &str, e: &IntegrityError) -> Result<(), WorkspaceError> {
        tracing::warn!(
            kind = e.kind,
            why = e.why,
            "a stored object failed its integrity check"
        );
        self.audit
            .record(actor, AuditAction::IntegrityFail, &e.case, &e.detail())
            .await?;
        Ok(())
    }

    /// Starts decrypting attachment `file` (`attachment-01`…) of a case. The ciphertext's
    /// SHA-256 is checked against the report's list before any byte is sent. Audited as
    /// `case.download`.
    pub async fn download(
        &self,
        session: &Session,
        id: &CaseId,
        file: &str,
    ) -> Result<Download, WorkspaceError> {
        let (_, key, report) = self.open_report(session, id).await?;
        let entry = self
            .store
            .case_blob(id, file)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        // A report's file is vouched for by the report, an answer's by its answer.
        let listed = match report.attachment(file) {
            Some(a) => a.sha256.clone(),
            None => {
                self.answer_file_listing(session, id, &key, file, entry.message_seq)
                    .await?
            }
        };
        let blob = entry.id;
        let digest = self.digest(&blob).await?;
        self.check_digest(
            &session.account.name,
            ObjectRef::new(id, ObjectKind::Attachment, file),
            &digest,
            entry.mac.as_deref(),
        )
        .await?;
        if listed != hex::encode(digest) {
            return Err(WorkspaceError::Integrity(
                "attachment does not match the message that lists it".into(),
            ));
        }
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseDownload,
                id.as_str(),
                file,
            )
            .await?;
        let (tx, rx) = mpsc::channel(4);
        let (name_tx, name_rx) = tokio::sync::oneshot::channel();
        let store = self.store.clone();
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let source = BufReader::new(ChunkReader::new(store, blob, handle));
            let result = stream_attachment(&key, source, &tx, name_tx);
            if let Err(e) = result {
                let _ = tx.blocking_send(Err(e));
            }
        });
        let name = name_rx
            .await
            .map_err(|_| WorkspaceError::Integrity("attachment did not decrypt".into()))?;
        Ok(Download { name, chunks: rx })
    }

    async fn digest(&self, blob: &BlobId) -> Result<[u8; 32], StoreError> {
        let mut h = Sha256::new();
        let mut i = 0;
        while let Some(chunk) = self.store.read_chunk(blob, i).await? {
            h.update(&chunk);
            i += 1;
        }
        Ok(h.finalize().into())
    }

    /// Only an account that can open a case may change it (its status is a precondition for
    /// publishing, its feedback day a legal deadline): the same check as reading, unaudited.
    async fn require_access(&self, session: &Session, id: &CaseId) -> Result<(), WorkspaceError> {
        let (_, recipient) = self.item(session, id).await?;
        self.case_key(session, id, &recipient).await.map(|_| ())
    }

    /// Changes a case's status.
    pub async fn set_status(
        &self,
        session: &Session,
        id: &CaseId,
        status: Status,
    ) -> Result<(), WorkspaceError> {
        self.require_access(session, id).await?;
        if !self.store.set_status(id, status, &self.today_iso()).await? {
            return Err(WorkspaceError::NotFound);
        }
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseStatus,
                id.as_str(),
                status.as_str(),
            )
            .await?;
        Ok(())
    }

    /// Records that feedback was given to the whistle-blower today.
    pub async fn record_feedback(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<(), WorkspaceError> {
        self.require_access(session, id).await?;
        if !self.store.set_feedback_day(id, &self.today_iso()).await? {
            return Err(WorkspaceError::NotFound);
        }
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseFeedback,
                id.as_str(),
                "",
            )
            .await?;
        Ok(())
    }

    /// Assigns a case to an active account by name, or to nobody (`None`).
    pub async fn assign(
        &self,
        session: &Session,
        id: &CaseId,
        to: Option<&AccountName>,
    ) -> Result<(), WorkspaceError> {
        // Admins share out work, including cases they cannot read themselves.
        if !session.account.is_admin {
            self.require_access(session, id).await?;
        }
        let account = match to {
            Some(name) => Some(self.active_colleague(name).await?),
            None => None,
        };
        if !self
            .store
            .set_assignee(id, account.as_ref().map(|a| &a.id))
            .await?
        {
            return Err(WorkspaceError::NotFound);
        }
        let detail = account.as_ref().map_or("", |a| a.name.as_str());
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseAssign,
                id.as_str(),
                detail,
            )
            .await?;
        Ok(())
    }

    async fn active_colleague(&self, name: &AccountName) -> Result<Account, WorkspaceError> {
        self.store
            .account_by_name(name)
            .await?
            .filter(|a| a.state == AccountState::Active && a.recipient.is_some())
            .ok_or(WorkspaceError::Invalid)
    }

    /// Adds (`add = true`) or removes a label.
    pub async fn label(
        &self,
        session: &Session,
        id: &CaseId,
        label: &str,
        add: bool,
    ) -> Result<(), WorkspaceError> {
        let label = normalise_label(label).ok_or(WorkspaceError::Invalid)?;
        self.require_access(session, id).await?;
        if add {
            self.store.add_label(id, &label).await?;
        } else {
            self.store.remove_label(id, &label).await?;
        }
        let action = if add {
            AuditAction::CaseLabelAdd
        } else {
            AuditAction::CaseLabelRemove
        };
        self.audit
            .record(&session.account.name, action, id.as_str(), &label)
            .await?;
        Ok(())
    }

    /// Adds an internal note, encrypted to the case key and the offline keys. Needs access to
    /// the case (a note on a case one cannot read would be written blind).
    pub async fn add_note(
        &self,
        session: &Session,
        id: &CaseId,
        text: &str,
    ) -> Result<(), WorkspaceError> {
        let text = crate::domain::followup::typed_text(text);
        let text = text.as_str();
        if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
            return Err(WorkspaceError::Invalid);
        }
        let (_, recipient) = self.item(session, id).await?;
        self.case_key(session, id, &recipient).await?;
        self.checked_header(&session.account.name, id).await?;
        let note = NoteDoc::new(&session.account.name, ReceivedDay::new(self.today()), text);
        let ct = case_access::seal_note(recipient.key(), &self.offline, &note)
            .map_err(|e| WorkspaceError::Internal(e.to_string()))?;
        let integrity = &self.integrity;
        let author = session.account.id.as_str();
        self.store
            .add_note(id, &session.account.id, |seq| {
                let by = integrity.record_tag(&Record::Authorship {
                    case: id,
                    kind: ObjectKind::Note,
                    seq,
                    sender: Sender::Investigator.as_str(),
                    author: Some(author),
                });
                let sealed =
                    integrity.seal(ObjectRef::new(id, ObjectKind::Note, &seq.to_string()), ct);
                (sealed, by)
            })
            .await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseNote,
                id.as_str(),
                "",
            )
            .await?;
        Ok(())
    }

    /// Grants a colleague access to one case: the case key, re-encrypted to their key.
    pub async fn grant(
        &self,
        session: &Session,
        id: &CaseId,
        to: &AccountName,
    ) -> Result<(), WorkspaceError> {
        let colleague = self.active_colleague(to).await?;
        let (_, recipient) = self.item(session, id).await?;
        let key = self.case_key(session, id, &recipient).await?;
        self.grant_key(&session.account.name, &key, id, &colleague)
            .await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseGrant,
                id.as_str(),
                &colleague.name,
            )
            .await?;
        Ok(())
    }

    /// Grants a colleague every case this session can read (after a colleague's reset).
    /// Each grant is audited; a case whose key does not open is skipped. Returns how many
    /// cases were granted.
    pub async fn grant_all(
        &self,
        session: &Session,
        to: &AccountName,
    ) -> Result<usize, WorkspaceError> {
        let colleague = self.active_colleague(to).await?;
        let items = self.store.queue_items(&session.account.id).await?;
        let mut n = 0;
        for item in items.iter().filter(|i| i.readable) {
            let (_, recipient) = self.item(session, &item.id).await?;
            let key = match self.case_key(session, &item.id, &recipient).await {
                Ok(k) => k,
                Err(WorkspaceError::NoAccess | WorkspaceError::Integrity(_)) => continue,
                Err(e) => return Err(e),
            };
            self.grant_key(&session.account.name, &key, &item.id, &colleague)
                .await?;
            self.audit
                .record(
                    &session.account.name,
                    AuditAction::CaseGrant,
                    item.id.as_str(),
                    &colleague.name,
                )
                .await?;
            n += 1;
        }
        Ok(n)
    }

    async fn grant_key(
        &self,
        actor: &str,
        key: &CaseKey,
        id: &CaseId,
        to: &Account,
    ) -> Result<(), WorkspaceError> {
        self.checked_colleague(actor, to).await?;
        let recipient = to.recipient.as_ref().ok_or(WorkspaceError::Invalid)?;
        let label = AccountReader::label(&to.id);
        let wrap = key
            .wrap_for(recipient.key())
            .map_err(|e| WorkspaceError::Internal(e.to_string()))?;
        let sealed = self
            .integrity
            .seal(ObjectRef::new(id, ObjectKind::KeyWrap, &label), wrap);
        self.store.put_key_wrap(id, &label, &sealed).await?;
        Ok(())
    }

    /// Grants `to` one case by opening its escrow wrap with an offline identity (the operator's
    /// `investigator grant-all --identity`). Returns `false` when none of `identities` opens
    /// it. Content is not touched; the grant is audited under `actor`.
    pub async fn grant_from_escrow(
        &self,
        actor: &str,
        id: &CaseId,
        identities: &[age::x25519::Identity],
        to: &Account,
    ) -> Result<bool, WorkspaceError> {
        let Some(wrap) = self.store.key_wrap(id, ESCROW_READER).await? else {
            return Ok(false);
        };
        let wrap = self
            .check(
                actor,
                ObjectRef::new(id, ObjectKind::KeyWrap, ESCROW_READER),
                &wrap,
            )
            .await?;
        let Some(key) = identities
            .iter()
            .find_map(|i| CaseKey::unwrap(wrap, i).ok())
        else {
            return Ok(false);
        };
        let recipient = self
            .store
            .case_recipient(id)
            .await?
            .ok_or_else(key_mismatch)?;
        let key = key_of_case(key, &recipient)?;
        self.grant_key(actor, &key, id, to).await?;
        self.audit
            .record(actor, AuditAction::CaseGrant, id.as_str(), &to.name)
            .await?;
        Ok(true)
    }

    /// Counts for the dashboard.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        self.store.stats().await
    }
}

/// The case key, if it is the one `case_recipient` (the case's stored public key) names: a
/// wrap that opens to some other key (rows swapped in the database) is refused. The one place
/// an opened case key is compared with its case, on typed values.
fn key_of_case(key: CaseKey, case_recipient: &AgeRecipient) -> Result<CaseKey, WorkspaceError> {
    if key.recipient() == *case_recipient.key() {
        Ok(key)
    } else {
        Err(key_mismatch())
    }
}

fn key_mismatch() -> WorkspaceError {
    WorkspaceError::Integrity("case key does not match the case".into())
}

/// Trims and lower-cases a label; refuses empty, overlong or control-character labels.
pub fn normalise_label(raw: &str) -> Option<String> {
    let l: String = raw.trim().to_lowercase();
    let n = l.chars().count();
    (n > 0 && n <= MAX_LABEL_CHARS && !l.chars().any(char::is_control)).then_some(l)
}

/// Decrypts an attachment (a one-file tar archive) and sends the file's bytes down `tx`.
fn stream_attachment(
    key: &CaseKey,
    source: impl std::io::BufRead,
    tx: &mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    name_tx: tokio::sync::oneshot::Sender<String>,
) -> Result<(), std::io::Error> {
    let plain = key
        .reader(source)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut archive = tar::Archive::new(plain);
    let mut entries = archive.entries()?;
    let mut entry = entries
        .next()
        .ok_or_else(|| std::io::Error::other("empty attachment archive"))??;
    let raw_name = entry
        .path()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = name_tx.send(crate::crypto::attachment::safe_name(&raw_name));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = entry.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        if tx.blocking_send(Ok(buf[..n].to_vec())).is_err() {
            return Ok(()); // the client went away
        }
    }
}

/// Reads a blob's chunks in order from a blocking thread.
struct ChunkReader {
    store: Store,
    blob: BlobId,
    handle: tokio::runtime::Handle,
    next: usize,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl ChunkReader {
    fn new(store: Store, blob: BlobId, handle: tokio::runtime::Handle) -> Self {
        Self {
            store,
            blob,
            handle,
            next: 0,
            current: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.current.len() {
            if self.done {
                return Ok(0);
            }
            let chunk = self
                .handle
                .block_on(self.store.read_chunk(&self.blob, self.next))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            match chunk {
                Some(c) => {
                    self.current = c;
                    self.pos = 0;
                    self.next += 1;
                }
                None => self.done = true,
            }
        }
        let n = buf.len().min(self.current.len() - self.pos);
        buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
