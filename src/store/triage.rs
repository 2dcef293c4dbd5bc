//! Queries behind the workspace: the queue, triage fields, labels, notes, key wraps, charts.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use crate::crypto::recipients::AgeRecipient;
use crate::crypto::seal::AccountReader;
use crate::crypto::sealed::{ObjectKind, ObjectMac, Record, Sealed};
use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, Status};
use crate::domain::document::Sender;
use crate::domain::queue::QueueItem;

use super::accounts::recipient;
use super::{BlobId, Store, StoreError, StoredObject};

/// A stored note.
pub struct NoteRow {
    /// Order within the case.
    pub seq: i64,
    /// The note's ciphertext and MAC, unchecked.
    pub object: StoredObject,
    /// The author's account id, as stored.
    pub author_id: Option<String>,
    /// The MAC of its authorship (`Record::Authorship`), as stored.
    pub author_mac: Option<String>,
}

impl NoteRow {
    /// The record its authorship MAC covers (a note's sender is always an investigator).
    pub fn authorship<'a>(&'a self, case: &'a CaseId) -> Record<'a> {
        Record::Authorship {
            case,
            kind: ObjectKind::Note,
            seq: self.seq,
            sender: Sender::Investigator.as_str(),
            author: self.author_id.as_deref(),
        }
    }
}

/// Counts for the dashboard.
#[derive(Debug, Default)]
pub struct Stats {
    /// `(status, count)`.
    pub by_status: Vec<(String, i64)>,
    /// `(category, count)`.
    pub by_category: Vec<(String, i64)>,
    /// `(YYYY-MM, count)`, oldest first.
    pub by_month: Vec<(String, i64)>,
}

impl Store {
    /// Every case as the queue lists it, for the viewing account.
    pub async fn queue_items(&self, viewer: &AccountId) -> Result<Vec<QueueItem>, StoreError> {
        self.items(viewer, None).await
    }

    /// One case as the queue lists it, with its public case recipient.
    pub async fn queue_item(
        &self,
        viewer: &AccountId,
        id: &CaseId,
    ) -> Result<Option<(QueueItem, AgeRecipient)>, StoreError> {
        let Some(item) = self.items(viewer, Some(id)).await?.into_iter().next() else {
            return Ok(None);
        };
        let recipient_text: String =
            sqlx::query_scalar("SELECT case_recipient FROM cases WHERE id = $1")
                .bind(id.as_str())
                .fetch_one(&self.read)
                .await?;
        Ok(Some((item, recipient("case recipient", &recipient_text)?)))
    }

    /// A case's public case recipient.
    pub async fn case_recipient(&self, id: &CaseId) -> Result<Option<AgeRecipient>, StoreError> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT case_recipient FROM cases WHERE id = $1")
                .bind(id.as_str())
                .fetch_optional(&self.read)
                .await?;
        text.map(|t| recipient("case recipient", &t)).transpose()
    }

    async fn items(
        &self,
        viewer: &AccountId,
        only: Option<&CaseId>,
    ) -> Result<Vec<QueueItem>, StoreError> {
        let sql = "SELECT c.id, c.category, c.status, c.received_day, c.assignee, \
                   a.name AS assignee_name, c.acknowledged_day, c.feedback_day, c.unread_answers, \
                   c.possible_spam, c.channel FROM cases c LEFT JOIN accounts a ON a.id = c.assignee \
                   WHERE ($1 = '' OR c.id = $1)";
        let filter = only.map(CaseId::as_str).unwrap_or("");
        let rows = sqlx::query(sql).bind(filter).fetch_all(&self.read).await?;
        let label_rows = sqlx::query(
            "SELECT case_id, label FROM case_labels WHERE ($1 = '' OR case_id = $1) ORDER BY label",
        )
        .bind(filter)
        .fetch_all(&self.read)
        .await?;
        let mut labels: HashMap<String, Vec<String>> = HashMap::new();
        for r in &label_rows {
            labels
                .entry(r.try_get("case_id")?)
                .or_default()
                .push(r.try_get("label")?);
        }
        let readable: HashSet<String> = sqlx::query_scalar(
            "SELECT case_id FROM case_key_wraps WHERE reader = $1 AND ($2 = '' OR case_id = $2)",
        )
        .bind(AccountReader::label(viewer))
        .bind(filter)
        .fetch_all(&self.read)
        .await?
        .into_iter()
        .collect();
        rows.iter()
            .map(|r| {
                let mut item = super::queue::row_item(r)?;
                item.readable = readable.contains(item.id.as_str());
                item.labels = labels.remove(item.id.as_str()).unwrap_or_default();
                Ok(item)
            })
            .collect()
    }

    /// A reader's key wrap for a case.
    pub async fn key_wrap(
        &self,
        case: &CaseId,
        reader: &str,
    ) -> Result<Option<StoredObject>, StoreError> {
        let row = sqlx::query(
            "SELECT ciphertext, mac FROM case_key_wraps WHERE case_id = $1 AND reader = $2",
        )
        .bind(case.as_str())
        .bind(reader)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(StoredObject {
                bytes: r.try_get("ciphertext")?,
                mac: r.try_get("mac")?,
            })
        })
        .transpose()
    }

    /// Stores (or replaces) a reader's key wrap.
    pub async fn put_key_wrap(
        &self,
        case: &CaseId,
        reader: &str,
        wrap: &Sealed,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (case_id, reader) DO UPDATE \
             SET ciphertext = excluded.ciphertext, mac = excluded.mac",
        )
        .bind(case.as_str())
        .bind(reader)
        .bind(wrap.ciphertext().as_bytes())
        .bind(wrap.mac().to_hex())
        .execute(&self.write)
        .await?;
        self.identifiers_changed();
        Ok(())
    }

    /// A whole blob (only for small ones: the report).
    pub async fn read_blob(&self, id: &BlobId) -> Result<Vec<u8>, StoreError> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(chunk) = self.read_chunk(id, i).await? {
            out.extend_from_slice(&chunk);
            i += 1;
        }
        Ok(out)
    }

    /// Sets a case's status; the first move out of `new` records the acknowledgement day.
    pub async fn set_status(
        &self,
        case: &CaseId,
        status: Status,
        today: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE cases SET status = $1, acknowledged_day = CASE \
             WHEN acknowledged_day IS NULL AND $1 <> 'new' THEN $2 ELSE acknowledged_day END \
             WHERE id = $3",
        )
        .bind(status.as_str())
        .bind(today)
        .bind(case.as_str())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the day feedback was given to the whistle-blower.
    pub async fn set_feedback_day(&self, case: &CaseId, today: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE cases SET feedback_day = $1 WHERE id = $2")
            .bind(today)
            .bind(case.as_str())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Assigns a case (or clears the assignment).
    pub async fn set_assignee(
        &self,
        case: &CaseId,
        account: Option<&AccountId>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE cases SET assignee = $1 WHERE id = $2")
            .bind(account.map(AccountId::as_str))
            .bind(case.as_str())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds a label (no-op if present).
    pub async fn add_label(&self, case: &CaseId, label: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO case_labels (case_id, label) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(case.as_str())
        .bind(label)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Removes a label.
    pub async fn remove_label(&self, case: &CaseId, label: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM case_labels WHERE case_id = $1 AND label = $2")
            .bind(case.as_str())
            .bind(label)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Every label in use, for suggestions and the filter.
    pub async fn all_labels(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT label FROM case_labels ORDER BY label")
                .fetch_all(&self.read)
                .await?,
        )
    }

    /// Appends a note. `seal` receives the note's number (it is bound by the note's MACs) and
    /// returns the sealed note and the MAC of its authorship; it runs inside the one short
    /// write transaction.
    pub async fn add_note(
        &self,
        case: &CaseId,
        author: &AccountId,
        seal: impl FnOnce(i64) -> (Sealed, ObjectMac),
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let next: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_notes WHERE case_id = $1",
        )
        .bind(case.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let (note, author_mac) = seal(next);
        sqlx::query(
            "INSERT INTO case_notes (case_id, seq, author_id, ciphertext, mac, author_mac) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case.as_str())
        .bind(next)
        .bind(author.as_str())
        .bind(note.ciphertext().as_bytes())
        .bind(note.mac().to_hex())
        .bind(author_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A case's notes, oldest first.
    pub async fn notes(&self, case: &CaseId) -> Result<Vec<NoteRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, ciphertext, mac, author_id, author_mac FROM case_notes \
             WHERE case_id = $1 ORDER BY seq",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NoteRow {
                    seq: r.try_get("seq")?,
                    object: StoredObject {
                        bytes: r.try_get("ciphertext")?,
                        mac: r.try_get("mac")?,
                    },
                    author_id: r.try_get("author_id")?,
                    author_mac: r.try_get("author_mac")?,
                })
            })
            .collect()
    }

    /// Case counts for the dashboard.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        let pairs = |rows: Vec<super::DbRow>| -> Result<Vec<(String, i64)>, StoreError> {
            rows.iter()
                .map(|r| Ok((r.try_get("k")?, r.try_get("n")?)))
                .collect()
        };
        Ok(Stats {
            by_status: pairs(
                sqlx::query("SELECT status AS k, COUNT(*) AS n FROM cases GROUP BY status")
                    .fetch_all(&self.read)
                    .await?,
            )?,
            by_category: pairs(
                sqlx::query("SELECT category AS k, COUNT(*) AS n FROM cases GROUP BY category")
                    .fetch_all(&self.read)
                    .await?,
            )?,
            by_month: pairs(
                sqlx::query(
                    "SELECT substr(received_day, 1, 7) AS k, COUNT(*) AS n FROM cases \
                     GROUP BY substr(received_day, 1, 7) ORDER BY k",
                )
                .fetch_all(&self.read)
                .await?,
            )?,
        })
    }
}
