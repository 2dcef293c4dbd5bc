//! Encrypted blobs: staged while an upload arrives, linked to their case at commit.

use sqlx::Row;

use crate::crypto::sealed::Ciphertext;
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
}

/// A blob of a case, as listed for export and reading.
#[derive(Debug, Clone)]
pub struct BlobEntry {
    /// Blob id.
    pub id: BlobId,
    /// Name within the case (`report`, `attachment-01`…).
    pub name: String,
    /// Its object MAC as stored (hex; `None` if missing: an integrity failure).
    pub mac: Option<String>,
    /// For a file sent with an answer: the number of that message.
    pub message_seq: Option<i64>,
}

/// Stored ciphertext read back, with its object MAC as stored. Untrusted until the MAC is
/// checked (`crypto::sealed::IntegrityKey::verify`).
#[derive(Debug, Clone)]
pub struct StoredObject {
    /// The ciphertext bytes.
    pub bytes: Vec<u8>,
    /// The MAC column.
    pub mac: Option<String>,
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
        data: &Ciphertext,
    ) -> Result<(), StoreError> {
        let index = i64::try_from(index).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO blob_chunks (id, blob_id, chunk, data) VALUES ($1, $2, $3, $4)")
            .bind(random_row_id()?)
            .bind(id.as_str())
            .bind(index)
            .bind(data.as_bytes())
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
        let rows = sqlx::query(
            "SELECT id, name, mac, message_seq FROM blobs WHERE case_id = $1 ORDER BY name",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(blob_entry).collect()
    }

    /// A case's blob by name (`report`, `attachment-01`…).
    pub async fn case_blob(
        &self,
        case: &CaseId,
        name: &str,
    ) -> Result<Option<BlobEntry>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, mac, message_seq FROM blobs WHERE case_id = $1 AND name = $2",
        )
        .bind(case.as_str())
        .bind(name)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(blob_entry).transpose()
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

    /// The per-case key wraps of a case: `(reader, wrap)`.
    pub async fn key_wraps(
        &self,
        case: &CaseId,
    ) -> Result<Vec<(String, StoredObject)>, StoreError> {
        let rows = sqlx::query(
            "SELECT reader, ciphertext, mac FROM case_key_wraps WHERE case_id = $1 ORDER BY reader",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("reader")?,
                    StoredObject {
                        bytes: r.try_get("ciphertext")?,
                        mac: r.try_get("mac")?,
                    },
                ))
            })
            .collect()
    }
}

fn blob_entry(r: &super::DbRow) -> Result<BlobEntry, StoreError> {
    Ok(BlobEntry {
        id: BlobId(r.try_get("id")?),
        name: r.try_get("name")?,
        mac: r.try_get("mac")?,
        message_seq: r.try_get("message_seq")?,
    })
}

/// A random positive row id for `blob_chunks` (see the migration: sequential ids would record
/// arrival order).
pub(super) fn random_row_id() -> Result<i64, StoreError> {
    let bytes =
        crate::crypto::random_bytes::<8>().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(i64::from_le_bytes(bytes) & i64::MAX)
}
