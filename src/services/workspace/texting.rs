//! Texting a question to the sender of a case that came by phone (`docs/crypto.md`, "SMS and
//! USSD").
//!
//! The sender's number is the most identifying thing Filimbi holds, so it is opened here and
//! nowhere else on the investigators' side: with the case key of an unlocked session, only
//! after its MAC says this server sealed it for this very case, for the one send, then
//! dropped (zeroed). It is never returned, shown, logged or audited. The question itself is
//! already stored and readable on the web and over USSD before this runs; what happens to the
//! SMS is recorded beside it (sent or failed), and nothing retries it: a retry queue would
//! keep the number in clear until it drained.

use crate::crypto::contact::CONTACT_NAME;
use crate::crypto::sealed::{ObjectKind, ObjectRef};
use crate::domain::case::CaseId;
use crate::domain::followup::typed_text;
use crate::i18n::Lang;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;
use crate::services::texting::Texting;
use crate::store::SmsState;

use super::{Workspace, WorkspaceError};

impl Workspace {
    /// Whether the case's sender can be texted (a sealed number is stored): what the case
    /// page says, and whether it offers to text a question. Reads nothing sealed.
    pub async fn can_text(&self, id: &CaseId) -> Result<bool, WorkspaceError> {
        Ok(self.store.has_contact(id).await?)
    }

    /// Texts message `seq` of case `id` (a question `session` just sent, with its `text`) to
    /// the sender's phone through `texting`, in the words `wording` gives for the sender's
    /// language. One attempt; the outcome is recorded on the message and audited
    /// (`case.reply`, "message N by SMS: sent|failed", never the number or the text).
    ///
    /// Refuses, sending nothing, when the session cannot open the case, when the case has no
    /// number (`NotFound`), and when the stored number fails its MAC check or does not open
    /// (`Integrity`, audited as `integrity.fail`): a number written or copied into the
    /// database is never texted.
    pub async fn text_question(
        &self,
        session: &Session,
        id: &CaseId,
        seq: i64,
        text: &str,
        texting: &Texting,
        wording: impl FnOnce(Lang, &str) -> String,
    ) -> Result<SmsState, WorkspaceError> {
        let (_, recipient) = self.item(session, id).await?;
        let key = self.case_key(session, id, &recipient).await?;
        let actor = &session.account.name;
        let stored = self
            .store
            .case_contact(id)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        let checked = self
            .check(
                actor,
                ObjectRef::new(id, ObjectKind::Contact, CONTACT_NAME),
                &stored,
            )
            .await?;
        let contact = key.open_contact(checked, id)?;
        let number = contact
            .number()
            .map_err(|_| WorkspaceError::Integrity("stored contact number".to_owned()))?;
        let words = wording(contact.lang(), typed_text(text).as_str());
        drop(contact);
        let state = match texting.send(&number, &words).await {
            Ok(()) => SmsState::Sent,
            // Why is not kept: the page says the gateway refused or could not be reached, and
            // the investigator decides whether to try again.
            Err(_) => SmsState::Failed,
        };
        drop(number);
        self.store.set_message_sms(id, seq, state).await?;
        self.audit
            .record(
                actor,
                AuditAction::CaseReply,
                id.as_str(),
                &format!("message {seq} by SMS: {}", state.as_str()),
            )
            .await?;
        Ok(state)
    }
}
