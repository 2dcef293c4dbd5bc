//! Queries on cases and their encrypted content.

use sqlx::Row;

use crate::crypto::seal::SealedCase;
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::report::Category;

use super::{CHUNK_SIZE, Store, StoreError};

/// A case as listed for export or triage: clear fields only.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// Case id.
    pub id: CaseId,
    /// Kind of report.
    pub category: Category,
    /// Triage status.
    pub status: Status,
    /// Day received.
    pub received_day: ReceivedDay,
}

/// One stored ciphertext, reassembled from its chunks.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    /// Name within the case (`report`, …).
    pub name: String,
    /// age ciphertext.
    pub ciphertext: Vec<u8>,
}

impl Store {
    /// Stores a sealed case, its content and its escrow key wrap in one transaction.
    /// Returns only once the commit is durable.
    pub async fn insert_case(&self, case: &SealedCase) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO cases (id, category, status, received_day, case_recipient, \
             receipt_lookup, receipt_salt, whistleblower_recipient) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(case.id.as_str())
        .bind(case.category.slug())
        .bind(Status::New.as_str())
        .bind(case.received_day.iso())
        .bind(&case.case_recipient)
        .bind(&case.receipt_lookup)
        .bind(&case.receipt_salt)
        .bind(&case.whistleblower_recipient)
        .execute(&mut *tx)
        .await?;
        for (i, chunk) in case.report.chunks(CHUNK_SIZE).enumerate() {
            sqlx::query(
                "INSERT INTO case_blobs (case_id, name, chunk, data) VALUES ($1, $2, $3, $4)",
            )
            .bind(case.id.as_str())
            .bind("report")
            .bind(i64::try_from(i).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            .bind(chunk)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("INSERT INTO case_key_wraps (case_id, reader, ciphertext) VALUES ($1, $2, $3)")
            .bind(case.id.as_str())
            .bind("escrow")
            .bind(&case.case_key_escrow)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every case (or the one given), oldest day first.
    pub async fn list_cases(&self, only: Option<&CaseId>) -> Result<Vec<CaseRow>, StoreError> {
        let rows = match only {
            Some(id) => {
                sqlx::query("SELECT id, category, status, received_day FROM cases WHERE id = $1")
                    .bind(id.as_str())
                    .fetch_all(&self.read)
                    .await?
            }
            None => {
                sqlx::query(
                    "SELECT id, category, status, received_day FROM cases \
                     ORDER BY received_day, id",
                )
                .fetch_all(&self.read)
                .await?
            }
        };
        rows.iter().map(case_row).collect()
    }

    /// The ciphertexts of a case (content blobs, then key wraps named `case-key-<reader>`).
    pub async fn case_blobs(&self, id: &CaseId) -> Result<Vec<StoredBlob>, StoreError> {
        let rows = sqlx::query(
            "SELECT name, data FROM case_blobs WHERE case_id = $1 ORDER BY name, chunk",
        )
        .bind(id.as_str())
        .fetch_all(&self.read)
        .await?;
        let mut blobs: Vec<StoredBlob> = Vec::new();
        for row in rows {
            let name: String = row.try_get("name")?;
            let data: Vec<u8> = row.try_get("data")?;
            match blobs.last_mut() {
                Some(last) if last.name == name => last.ciphertext.extend_from_slice(&data),
                _ => blobs.push(StoredBlob {
                    name,
                    ciphertext: data,
                }),
            }
        }
        let wraps = sqlx::query(
            "SELECT reader, ciphertext FROM case_key_wraps WHERE case_id = $1 ORDER BY reader",
        )
        .bind(id.as_str())
        .fetch_all(&self.read)
        .await?;
        for row in wraps {
            let reader: String = row.try_get("reader")?;
            blobs.push(StoredBlob {
                name: format!("case-key-{reader}"),
                ciphertext: row.try_get("ciphertext")?,
            });
        }
        Ok(blobs)
    }

    /// Number of cases stored (tests and health checks).
    pub async fn count_cases(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.read)
            .await?)
    }
}

fn case_row(row: &sqlx::sqlite::SqliteRow) -> Result<CaseRow, StoreError> {
    let id: String = row.try_get("id")?;
    let category: String = row.try_get("category")?;
    let status: String = row.try_get("status")?;
    let day: String = row.try_get("received_day")?;
    Ok(CaseRow {
        id: CaseId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))?,
        category: Category::parse(&category)
            .ok_or_else(|| StoreError::Corrupt(format!("category {category:?}")))?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        received_day: ReceivedDay::parse(&day)
            .ok_or_else(|| StoreError::Corrupt(format!("day {day:?}")))?,
    })
}
