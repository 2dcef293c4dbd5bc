//! The audit log table. The chain's MAC is computed by the caller (`services::audit`); this
//! module only appends in order and reads back.

use sqlx::Row;

use super::{Store, StoreError};

/// One audit entry as stored.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// RFC 3339 time, UTC.
    pub at: String,
    /// Who (account name or `cli`).
    pub actor: String,
    /// What (`login`, `case.view`, …).
    pub action: String,
    /// On what (case id, account name, or empty).
    pub subject: String,
    /// Details (new status, label…); never report content.
    pub detail: String,
    /// The previous entry's MAC.
    pub prev: String,
    /// This entry's MAC.
    pub mac: String,
}

/// MAC of "no previous entry".
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Store {
    /// Appends an entry. `mac` gets the entry with its `seq` and `prev` filled in and returns
    /// its MAC. Runs in one write transaction, so entries from concurrent requests chain in
    /// order.
    pub async fn append_audit(
        &self,
        mut entry: AuditRow,
        mac: impl FnOnce(&AuditRow) -> String,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let last = sqlx::query("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
        let (seq, prev) = match last {
            Some(r) => (
                r.try_get::<i64, _>("seq")? + 1,
                r.try_get::<String, _>("mac")?,
            ),
            None => (1, GENESIS.to_owned()),
        };
        entry.seq = seq;
        entry.prev = prev;
        entry.mac = mac(&entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev, mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(entry.seq)
        .bind(&entry.at)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(&entry.detail)
        .bind(&entry.prev)
        .bind(&entry.mac)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Entries in chain order, `limit` from `offset` (newest last).
    pub async fn audit_entries(
        &self,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, detail, prev, mac FROM audit_log \
             ORDER BY seq LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    detail: r.try_get("detail")?,
                    prev: r.try_get("prev")?,
                    mac: r.try_get("mac")?,
                })
            })
            .collect()
    }

    /// Number of audit entries.
    pub async fn count_audit(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.read)
            .await?)
    }
}
