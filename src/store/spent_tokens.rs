//! Spent form tokens: a keyed digest of each token used to send a form, until its expiry day
//! is over.

use crate::domain::case::ReceivedDay;

use super::{Store, StoreError};

/// A form token about to be spent: the keyed digest to record and the day the record may go
/// (`crypto::form_token`). Computed without a write, so the record can join the transaction
/// of what the form stores: one durable commit per report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSpend {
    /// `hex(HMAC(K_form, …))` of the token.
    pub token_mac: String,
    /// The day after which the token is refused as expired anyway.
    pub expiry_day: ReceivedDay,
}

/// Records `spend` inside `tx`; `false` if the token was already spent (the caller rolls
/// back). One statement, so two requests racing with the same token cannot both win.
pub(crate) async fn spend_in(
    conn: &mut super::Conn,
    spend: &FormSpend,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO spent_form_tokens (token_mac, expiry_day) VALUES ($1, $2) \
         ON CONFLICT (token_mac) DO NOTHING",
    )
    .bind(&spend.token_mac)
    .bind(spend.expiry_day.iso())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

impl Store {
    /// Whether the token behind `spend` was spent already: a read, so a form sent again is
    /// refused before any sealing work, with no write. The record written with the case
    /// decides a race.
    pub async fn form_token_spent(&self, spend: &FormSpend) -> Result<bool, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM spent_form_tokens WHERE token_mac = $1")
                .bind(&spend.token_mac)
                .fetch_one(&self.read)
                .await?;
        Ok(n > 0)
    }

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
