//! Deleting cases a retention policy no longer keeps (`domain::retention`), in small
//! transactions so that intake is never held up for long, then giving the space back.
//!
//! `secure_delete` is on for every connection (`Store::open`), so deleted ciphertext is
//! overwritten, not left in free pages; the file shrinks through incremental vacuum.

use sqlx::Row;

use super::sql::Sql;
use time::Date;

use crate::domain::retention::Kept;

use super::{Store, StoreError};

/// Cases deleted per transaction.
const BATCH: i64 = 500;

/// `AND …` selecting the cases of one rule received on or before `last`.
fn push_rule(qb: &mut Sql, kept: Kept, last: Date) {
    match kept {
        Kept::PossibleSpam => {
            qb.push(" AND possible_spam <> 0");
        }
        Kept::Finished(status) => {
            qb.push(" AND possible_spam = 0 AND status = ");
            qb.push_bind(status.as_str());
        }
    }
    qb.push(" AND received_day <= ");
    qb.push_bind(last.to_string());
}

/// What one rule would delete: `(received day, cases)`, oldest first.
pub type PurgePlan = Vec<(String, i64)>;

impl Store {
    /// The cases a rule would delete, counted per received day (no content, no ids).
    pub async fn purge_plan(&self, kept: Kept, last: Date) -> Result<PurgePlan, StoreError> {
        let mut qb = Sql::new("SELECT received_day, COUNT(*) AS n FROM cases WHERE 1 = 1");
        push_rule(&mut qb, kept, last);
        qb.push(" GROUP BY received_day ORDER BY received_day");
        let rows = qb.build()?.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((r.try_get("received_day")?, r.try_get("n")?)))
            .collect()
    }

    /// Deletes the cases of one rule (with everything that belongs to them: blobs, notes,
    /// messages, key wraps, labels) a batch at a time; returns how many.
    pub async fn purge(&self, kept: Kept, last: Date) -> Result<u64, StoreError> {
        let mut total = 0;
        loop {
            let mut tx = self.write_tx().await?;
            let mut qb =
                Sql::new("DELETE FROM cases WHERE id IN (SELECT id FROM cases WHERE 1 = 1");
            push_rule(&mut qb, kept, last);
            qb.push(" LIMIT ");
            qb.push_bind(BATCH);
            qb.push(")");
            let done = qb.build()?.execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            self.identifiers_changed();
            total += done;
            if done < u64::try_from(BATCH).unwrap_or(u64::MAX) {
                return Ok(total);
            }
        }
    }

    /// Gives free pages back to the file system. A database made before incremental vacuum
    /// was switched on is converted once with a full `VACUUM`. PostgreSQL: a plain `VACUUM`
    /// of the tables a purge deletes from marks the dead rows' space for reuse (new rows then
    /// overwrite it); `docs/operations.md` says what PostgreSQL keeps until then.
    pub async fn reclaim(&self) -> Result<(), StoreError> {
        if self.backend == super::Backend::Postgres {
            sqlx::raw_sql(
                "VACUUM cases, blobs, blob_chunks, case_key_wraps, case_notes, case_messages, \
                 case_labels, spent_form_tokens",
            )
            .execute(&self.write)
            .await?;
            return Ok(());
        }
        let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum")
            .fetch_one(&self.write)
            .await?;
        if mode == 2 {
            sqlx::query("PRAGMA incremental_vacuum")
                .execute(&self.write)
                .await?;
        } else {
            sqlx::query("PRAGMA auto_vacuum = INCREMENTAL")
                .execute(&self.write)
                .await?;
            sqlx::query("VACUUM").execute(&self.write).await?;
        }
        Ok(())
    }
}
