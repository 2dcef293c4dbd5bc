//! Spent form tokens: a keyed digest of each token used to send a form, until its expiry day
//! is over.

use crate::domain::case::ReceivedDay;

use super::{Store, StoreError};

impl Store {
    /// Records a token as spent; `false` if it already was. One statement, so two requests
    /// racing with the same token cannot both win.
    pub async fn spend_form_token(
        &self,
        token_mac: &str,
        expiry_day: ReceivedDay,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO spent_form_tokens (token_mac, expiry_day) VALUES ($1, $2) \
             ON CONFLICT (token_mac) DO NOTHING",
        )
        .bind(token_mac)
        .bind(expiry_day.iso())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes the records of tokens that expired on a day before `today`: those tokens are
    /// refused as expired whatever is stored. Returns how many went.
    pub async fn purge_spent_form_tokens(&self, today: ReceivedDay) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM spent_form_tokens WHERE expiry_day < $1")
            .bind(today.iso())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Number of spent-token records (tests).
    pub async fn count_spent_form_tokens(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM spent_form_tokens")
            .fetch_one(&self.read)
            .await?)
    }
}
