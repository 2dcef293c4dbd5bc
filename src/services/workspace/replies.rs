//! The investigators' side of the conversation with the whistle-blower: reading it with the
//! case, the files that came with answers, and replying.

use crate::crypto::case_access::CaseKey;
use crate::crypto::conversation::seal_question;
use crate::crypto::recipients::AgeRecipient;
use crate::crypto::sealed::{ObjectKind, ObjectRef, Record};
use crate::domain::case::{CaseId, ReceivedDay};
use crate::domain::document::{AttachmentInfo, MessageDoc, Sender};
use crate::domain::followup::{MAX_MESSAGE_CHARS, typed_text};
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;
use crate::store::{NewMessage, SmsState};

use super::{Workspace, WorkspaceError};

/// One message of the conversation, as investigators see it.
pub struct ConversationMessage {
    /// Order within the case.
    pub seq: i64,
    /// Who wrote it.
    pub sender: Sender,
    /// Day written.
    pub day: String,
    /// The investigator who wrote it (staff only).
    pub author: Option<String>,
    /// The decrypted message, or why it is not shown.
    pub doc: Result<MessageDoc, super::NoteFailure>,
    /// Whether an investigator's message also went out by SMS (`None`: it was not asked, or
    /// the case has no number).
    pub sms: Option<SmsState>,
}

impl Workspace {
    /// The case's conversation, decrypted with its key, each message checked first (a failure
    /// is audited and the message is flagged in its place). Opening it marks answers read.
    pub(super) async fn conversation(
        &self,
        session: &Session,
        id: &CaseId,
        key: &CaseKey,
    ) -> Result<Vec<ConversationMessage>, WorkspaceError> {
        let mut out = Vec::new();
        for m in self.store.messages(id).await? {
            let name = m.seq.to_string();
            let obj = ObjectRef::new(id, ObjectKind::Message, &name);
            let actor = &session.account.name;
            // Who wrote it is checked too: a sender or author changed in the database would
            // pass an answer off as a question, or one investigator's words as another's.
            let checked = match self.check(actor, obj, &m.object).await {
                Ok(v) => self
                    .check_record(actor, &m.authorship(id), m.author_mac.as_deref())
                    .await
                    .map(|()| v),
                Err(e) => Err(e),
            };
            let doc = match checked {
                Ok(v) => key
                    .open_message(v, id)
                    .map_err(|_| super::NoteFailure::Unreadable),
                Err(WorkspaceError::Integrity(_)) => Err(super::NoteFailure::Integrity),
                Err(e) => return Err(e),
            };
            out.push(ConversationMessage {
                seq: m.seq,
                sender: m.sender,
                day: m.day,
                author: m.author,
                doc,
                sms: m.sms,
            });
        }
        self.store.mark_answers_read(id).await?;
        Ok(out)
    }

    /// What an answer lists of one of its files (`answer-…`: its SHA-256 and preview), the
    /// answer checked and decrypted first.
    pub(super) async fn answer_file_listing(
        &self,
        session: &Session,
        id: &CaseId,
        key: &CaseKey,
        file: &str,
        message_seq: Option<i64>,
    ) -> Result<AttachmentInfo, WorkspaceError> {
        let seq = message_seq.ok_or(WorkspaceError::NotFound)?;
        let m = self
            .store
            .messages(id)
            .await?
            .into_iter()
            .find(|m| m.seq == seq && m.sender == Sender::Whistleblower)
            .ok_or(WorkspaceError::NotFound)?;
        let name = m.seq.to_string();
        let checked = self
            .check(
                &session.account.name,
                ObjectRef::new(id, ObjectKind::Message, &name),
                &m.object,
            )
            .await?;
        self.check_record(
            &session.account.name,
            &m.authorship(id),
            m.author_mac.as_deref(),
        )
        .await?;
        let doc = key.open_message(checked, id)?;
        doc.attachment(file)
            .cloned()
            .ok_or(WorkspaceError::NotFound)
    }

    /// Sends a message to the whistle-blower: encrypted to their receipt's key, the case key
    /// and every offline key. The first one acknowledges the case; later ones count as
    /// feedback. Audited (never the text). Returns the message's number in the case, which
    /// [`Workspace::text_question`] marks when it is also texted.
    pub async fn reply(
        &self,
        session: &Session,
        id: &CaseId,
        text: &str,
    ) -> Result<i64, WorkspaceError> {
        let text = typed_text(text);
        let text = text.as_str();
        if text.is_empty() || text.chars().count() > MAX_MESSAGE_CHARS {
            return Err(WorkspaceError::Invalid);
        }
        self.require_access(session, id).await?;
        // Both keys from the checked header: a whistle-blower key written into the database
        // would otherwise read every later question.
        let header = self.checked_header(&session.account.name, id).await?;
        let parse = |r: &str| {
            AgeRecipient::parse(r)
                .ok_or_else(|| WorkspaceError::Integrity("stored recipient".to_owned()))
        };
        let whistleblower = parse(&header.whistleblower_recipient)?;
        let case_recipient = parse(&header.case_recipient)?;
        let (whistleblower, case_recipient) = (whistleblower.key(), case_recipient.key());
        let day = ReceivedDay::new(self.today());
        let doc = MessageDoc::new(id, Sender::Investigator, day, text, Vec::new());
        let ct = seal_question(whistleblower, case_recipient, &self.offline, &doc)
            .map_err(|e| WorkspaceError::Internal(e.to_string()))?;
        let integrity = &self.integrity;
        let seq = self
            .store
            .add_message(
                &NewMessage {
                    case: id,
                    sender: Sender::Investigator,
                    day,
                    author: Some(&session.account.id),
                    attachments: &[],
                    once: None,
                },
                |seq| {
                    let name = seq.to_string();
                    let by = integrity.record_tag(&Record::Authorship {
                        case: id,
                        kind: ObjectKind::Message,
                        seq,
                        sender: Sender::Investigator.as_str(),
                        author: Some(session.account.id.as_str()),
                    });
                    let sealed = integrity.seal(ObjectRef::new(id, ObjectKind::Message, &name), ct);
                    (sealed, by, None)
                },
            )
            .await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseReply,
                id.as_str(),
                &format!("message {seq}"),
            )
            .await?;
        Ok(seq)
    }
}
