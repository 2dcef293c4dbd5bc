//! Object MACs: the one-time upgrade of rows written before they existed, and the scan that
//! `filimbi audit verify` runs over every sealed object.

use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::crypto::sealed::{IntegrityError, IntegrityKey, ObjectKind, ObjectRef};
use crate::domain::case::CaseId;

use super::{Store, StoreError};

/// The migration that added the MAC columns.
const MAC_MIGRATION: i64 = 4;

/// Whether the MAC migration is already applied (checked before migrating: the process that
/// applies it is the one that adds the MACs of older rows).
pub(super) async fn mac_migration_applied(pool: &SqlitePool) -> Result<bool, StoreError> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    if has_table == 0 {
        return Ok(false);
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1")
        .bind(MAC_MIGRATION)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// Adds the MAC of every linked blob, note and key wrap that has none, in one transaction.
/// Runs only right after the MAC migration was applied by this process: afterwards a missing
/// MAC is an integrity failure, since a forged row could otherwise be blessed by a restart.
pub(super) async fn add_missing_macs(
    pool: &SqlitePool,
    key: &IntegrityKey,
) -> Result<u64, StoreError> {
    let mut tx = pool.begin().await?;
    let mut done = 0u64;
    let blobs = sqlx::query(
        "SELECT id, case_id, name FROM blobs WHERE case_id IS NOT NULL AND mac IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for r in &blobs {
        let (id, case, name): (String, String, String) =
            (r.try_get("id")?, r.try_get("case_id")?, r.try_get("name")?);
        let case = parse_case(&case)?;
        let digest = blob_digest(&mut tx, &id).await?;
        let obj = ObjectRef {
            case: &case,
            kind: ObjectKind::of_blob(&name),
            name: &name,
        };
        sqlx::query("UPDATE blobs SET mac = $1 WHERE id = $2")
            .bind(key.tag(obj, &digest).to_hex())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    let notes = sqlx::query("SELECT case_id, seq, ciphertext FROM case_notes WHERE mac IS NULL")
        .fetch_all(&mut *tx)
        .await?;
    for r in &notes {
        let (case, seq, ct): (String, i64, Vec<u8>) = (
            r.try_get("case_id")?,
            r.try_get("seq")?,
            r.try_get("ciphertext")?,
        );
        let case_id = parse_case(&case)?;
        let name = seq.to_string();
        let obj = ObjectRef {
            case: &case_id,
            kind: ObjectKind::Note,
            name: &name,
        };
        sqlx::query("UPDATE case_notes SET mac = $1 WHERE case_id = $2 AND seq = $3")
            .bind(key.tag(obj, &Sha256::digest(&ct).into()).to_hex())
            .bind(&case)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    let wraps =
        sqlx::query("SELECT case_id, reader, ciphertext FROM case_key_wraps WHERE mac IS NULL")
            .fetch_all(&mut *tx)
            .await?;
    for r in &wraps {
        let (case, reader, ct): (String, String, Vec<u8>) = (
            r.try_get("case_id")?,
            r.try_get("reader")?,
            r.try_get("ciphertext")?,
        );
        let case_id = parse_case(&case)?;
        let obj = ObjectRef {
            case: &case_id,
            kind: ObjectKind::KeyWrap,
            name: &reader,
        };
        sqlx::query("UPDATE case_key_wraps SET mac = $1 WHERE case_id = $2 AND reader = $3")
            .bind(key.tag(obj, &Sha256::digest(&ct).into()).to_hex())
            .bind(&case)
            .bind(&reader)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    tx.commit().await?;
    Ok(done)
}

async fn blob_digest(conn: &mut SqliteConnection, id: &str) -> Result<[u8; 32], StoreError> {
    let chunks: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT data FROM blob_chunks WHERE blob_id = $1 ORDER BY chunk")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let mut h = Sha256::new();
    for c in &chunks {
        h.update(c);
    }
    Ok(h.finalize().into())
}

fn parse_case(id: &str) -> Result<CaseId, StoreError> {
    CaseId::parse(id).ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))
}

impl Store {
    /// How many older objects got their MAC when this process upgraded the database (`None`
    /// when it was already upgraded). The caller audits it.
    pub fn macs_added_at_upgrade(&self) -> Option<u64> {
        self.macs_added
    }

    /// Checks the MAC of every sealed object of every case, without decrypting anything.
    /// Returns the objects that fail.
    pub async fn verify_objects(
        &self,
        key: &IntegrityKey,
    ) -> Result<(u64, Vec<IntegrityError>), StoreError> {
        let mut checked = 0u64;
        let mut failures = Vec::new();
        for case in self.list_cases(None).await? {
            for blob in self.case_blob_list(&case.id).await? {
                let mut h = Sha256::new();
                let mut i = 0;
                while let Some(chunk) = self.read_chunk(&blob.id, i).await? {
                    h.update(&chunk);
                    i += 1;
                }
                let obj = ObjectRef {
                    case: &case.id,
                    kind: ObjectKind::of_blob(&blob.name),
                    name: &blob.name,
                };
                checked += 1;
                if let Err(e) = key.verify(obj, &h.finalize().into(), blob.mac.as_deref()) {
                    failures.push(e);
                }
            }
            for note in self.notes(&case.id).await? {
                let name = note.seq.to_string();
                let obj = ObjectRef {
                    case: &case.id,
                    kind: ObjectKind::Note,
                    name: &name,
                };
                checked += 1;
                if let Err(e) =
                    key.verify_bytes(obj, &note.object.bytes, note.object.mac.as_deref())
                {
                    failures.push(e);
                }
            }
            for m in self.messages(&case.id).await? {
                let name = m.seq.to_string();
                let obj = ObjectRef {
                    case: &case.id,
                    kind: ObjectKind::Message,
                    name: &name,
                };
                checked += 1;
                if let Err(e) = key.verify_bytes(obj, &m.object.bytes, m.object.mac.as_deref()) {
                    failures.push(e);
                }
            }
            for (reader, wrap) in self.key_wraps(&case.id).await? {
                let obj = ObjectRef {
                    case: &case.id,
                    kind: ObjectKind::KeyWrap,
                    name: &reader,
                };
                checked += 1;
                if let Err(e) = key.verify_bytes(obj, &wrap.bytes, wrap.mac.as_deref()) {
                    failures.push(e);
                }
            }
        }
        Ok((checked, failures))
    }
}
