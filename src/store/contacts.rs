//! Sealed phone contacts of cases, and whether a question went out by SMS.

use crate::domain::case::CaseId;

use super::blobs::StoredObject;
use super::{Store, StoreError};

/// Whether an investigator's question also went out by SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsState {
    /// The gateway took it.
    Sent,
    /// The gateway refused it or could not be reached (shown on the case page; no retry).
    Failed,
}

impl SmsState {
    /// Stable name (`case_messages.sms`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    /// Inverse of [`SmsState::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Sent, Self::Failed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

impl Store {
    /// A case's sealed contact, unchecked.
    pub async fn case_contact(&self, case: &CaseId) -> Result<Option<StoredObject>, StoreError> {
        let row: Option<(Vec<u8>, Option<String>)> =
            sqlx::query_as("SELECT ciphertext, mac FROM case_contacts WHERE case_id = $1")
                .bind(case.as_str())
                .fetch_optional(&self.read)
                .await?;
        Ok(row.map(|(bytes, mac)| StoredObject { bytes, mac }))
    }

    /// Whether a case has a contact (without reading it).
    pub async fn has_contact(&self, case: &CaseId) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_contacts WHERE case_id = $1")
            .bind(case.as_str())
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// Deletes a case's contact (the sender texted STOP); `false` if it had none.
    pub async fn delete_contact(&self, case: &CaseId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM case_contacts WHERE case_id = $1")
            .bind(case.as_str())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records whether message `seq` of `case` went out by SMS.
    pub async fn set_message_sms(
        &self,
        case: &CaseId,
        seq: i64,
        state: SmsState,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE case_messages SET sms = $1 WHERE case_id = $2 AND seq = $3")
            .bind(state.as_str())
            .bind(case.as_str())
            .bind(seq)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
