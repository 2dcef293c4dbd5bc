//! Live follow-up passes (`crypto::conversation`): the keyed hash of each pass id and the
//! minute its idle time runs out. The row is what makes a pass live, so deleting it ends the
//! pass for every copy of its cookie, on every replica.

use crate::crypto::conversation::PassRecord;

use super::{Store, StoreError};

impl Store {
    /// Records a new live pass until `expires_at` (unix seconds, a whole minute), and forgets
    /// the passes that ran out before `now`: the table holds only live passes and those that
    /// ended since the last visit or sweep.
    pub async fn insert_followup_pass(
        &self,
        record: &PassRecord,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        self.purge_followup_passes(now).await?;
        sqlx::query("INSERT INTO followup_passes (pass_mac, expires_at) VALUES ($1, $2)")
            .bind(record.as_str())
            .bind(expires_at)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Checks that a pass is live at `now` and moves its deadline to `expires_at`, in one
    /// statement (two replicas serving the same visit cannot disagree); `false` if it was
    /// left, ran out, or never existed.
    pub async fn touch_followup_pass(
        &self,
        record: &PassRecord,
        expires_at: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE followup_passes SET expires_at = $1 WHERE pass_mac = $2 AND expires_at >= $3",
        )
        .bind(expires_at)
        .bind(record.as_str())
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends a pass ("Leave now").
    pub async fn delete_followup_pass(&self, record: &PassRecord) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM followup_passes WHERE pass_mac = $1")
            .bind(record.as_str())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Deletes the passes that ran out before `now`; returns how many went.
    pub async fn purge_followup_passes(&self, now: i64) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM followup_passes WHERE expires_at < $1")
                .bind(now)
                .execute(&self.write)
                .await?
                .rows_affected(),
        )
    }

    /// Number of pass records, live or not yet swept (tests).
    pub async fn count_followup_passes(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM followup_passes")
            .fetch_one(&self.read)
            .await?)
    }
}
