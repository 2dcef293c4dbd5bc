//! Encrypted blobs: staged while an upload arrives, linked to their case at commit.

use sqlx::Row;

use crate::domain::case::{CaseId, ReceivedDay};

use super::{Store, StoreError};

/// Random identifier of a stored blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobId(String);

impl BlobId {
    /// From 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        Self(hex::encode(bytes))
    }

    /// As stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// From a stored id.
    pub(super) fn from_stored(id: String) -> Self {
        Self(id)
    }
}

/// A blob of a case, as listed for export.
#[derive(Debug, Clone)]
pub struct BlobEntry {
    /// Blob id.
    pub id: BlobId,
    /// Name within the case (`report`, `attachment-01`…).
    pub name: String,
}

impl Store {
    /// Creates a staged (unlinked) blob named `name`.
    pub async fn stage_blob(
        &self,
        id: &BlobId,
        name: &str,
        day: ReceivedDay,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO blobs (id, case_id, name, staged_day) VALUES ($1, NULL, $2, $3)")
            .bind(id.as_str())
            .bind(name)
            .bind(day.iso())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Appends chunk `index` of a staged blob, in its own short transaction.
    pub async fn append_chunk(
        &self,
        id: &BlobId,
        index: usize,
        data: &[u8],
    ) -> Result<(), StoreError> {
        let index = i64::try_from(index).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO blob_chunks (id, blob_id, chunk, data) VALUES ($1, $2, $3, $4)")
            .bind(random_row_id()?)
            .bind(id.as_str())
            .bind(index)
            .bind(data)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Deletes staged blobs (an upload failed or was abandoned). Linked blobs are untouched.
    pub async fn discard_staged(&self, ids: &[BlobId]) -> Result<(), StoreError> {
        for id in ids {
            sqlx::query("DELETE FROM blobs WHERE id = $1 AND case_id IS NULL")
                .bind(id.as_str())
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// Deletes staged blobs staged before `day`: leftovers of uploads cut off by a crash or a
    /// failed clean-up (`services::maintenance`).
    pub async fn sweep_staged(&self, before: ReceivedDay) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM blobs WHERE case_id IS NULL AND staged_day < $1")
            .bind(before.iso())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Number of staged blobs (tests, health).
    pub async fn count_staged(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM blobs WHERE case_id IS NULL")
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// The blobs of a case, by name.
    pub async fn case_blob_list(&self, case: &CaseId) -> Result<Vec<BlobEntry>, StoreError> {
        let rows = sqlx::query("SELECT id, name FROM blobs WHERE case_id = $1 ORDER BY name")
            .bind(case.as_str())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(BlobEntry {
                    id: BlobId(r.try_get("id")?),
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    /// Chunk `index` of a blob, if it exists.
    pub async fn read_chunk(
        &self,
        id: &BlobId,
        index: usize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let index = i64::try_from(index).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(
            sqlx::query_scalar("SELECT data FROM blob_chunks WHERE blob_id = $1 AND chunk = $2")
                .bind(id.as_str())
                .bind(index)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    /// The per-case key wraps of a case: `(reader, ciphertext)`.
    pub async fn key_wraps(&self, case: &CaseId) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT reader, ciphertext FROM case_key_wraps WHERE case_id = $1 ORDER BY reader",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("reader")?, r.try_get("ciphertext")?)))
            .collect()
    }
}

/// A random positive row id for `blob_chunks` (see the migration: sequential ids would record
/// arrival order).
pub(super) fn random_row_id() -> Result<i64, StoreError> {
    let bytes =
        crate::crypto::random_bytes::<8>().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(i64::from_le_bytes(bytes) & i64::MAX)
}
