//! Reading a case: its triage fields, its key (opened with the session's identity and checked
//! against the case), the report and the notes. The same key check is what every change
//! asks first ([`Workspace::require_access`]).

use crate::crypto::case_access::CaseKey;
use crate::crypto::recipients::AgeRecipient;
use crate::crypto::seal::AccountReader;
use crate::crypto::sealed::{ObjectKind, ObjectRef};
use crate::domain::case::CaseId;
use crate::domain::document::{NoteDoc, ReportDoc};
use crate::domain::queue::QueueItem;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;
use crate::store::StoredObject;

use super::replies::ConversationMessage;
use super::{Workspace, WorkspaceError};

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

impl Workspace {
    pub(super) async fn item(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<(QueueItem, AgeRecipient), WorkspaceError> {
        self.store
            .queue_item(&session.account.id, id)
            .await?
            .ok_or(WorkspaceError::NotFound)
    }

    pub(super) async fn case_key(
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
    pub(super) async fn open_report(
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

    /// Only an account that can open a case may change it (its status is a precondition for
    /// publishing, its feedback day a legal deadline): the same check as reading, unaudited.
    pub(super) async fn require_access(
        &self,
        session: &Session,
        id: &CaseId,
    ) -> Result<(), WorkspaceError> {
        let (_, recipient) = self.item(session, id).await?;
        self.case_key(session, id, &recipient).await.map(|_| ())
    }
}

/// The case key, if it is the one `case_recipient` (the case's stored public key) names: a
/// wrap that opens to some other key (rows swapped in the database) is refused. The one place
/// an opened case key is compared with its case, on typed values.
pub(super) fn key_of_case(
    key: CaseKey,
    case_recipient: &AgeRecipient,
) -> Result<CaseKey, WorkspaceError> {
    if key.recipient() == *case_recipient.key() {
        Ok(key)
    } else {
        Err(key_mismatch())
    }
}

pub(super) fn key_mismatch() -> WorkspaceError {
    WorkspaceError::Integrity("case key does not match the case".into())
}
