//! Triage: a case's status, feedback day, assignee, labels, spam flag and internal notes. Only
//! an account that can open a case changes it (admins may assign any), and every change is
//! audited.

use crate::crypto::case_access;
use crate::crypto::sealed::{ObjectKind, ObjectRef, Record};
use crate::domain::account::{Account, AccountName, AccountState};
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::document::{NoteDoc, Sender};
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;

use super::{Workspace, WorkspaceError};

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 40;

/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;

impl Workspace {
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

    pub(super) async fn active_colleague(
        &self,
        name: &AccountName,
    ) -> Result<Account, WorkspaceError> {
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
}

/// Trims and lower-cases a label; refuses empty, overlong or control-character labels.
pub fn normalise_label(raw: &str) -> Option<String> {
    let l: String = raw.trim().to_lowercase();
    let n = l.chars().count();
    (n > 0 && n <= MAX_LABEL_CHARS && !l.chars().any(char::is_control)).then_some(l)
}
