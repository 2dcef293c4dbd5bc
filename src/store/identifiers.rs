//! Sealed identifiers of cases (`crypto::identifiers`), and what an investigator's session
//! reads to build its in-memory index: only the rows of cases that account holds a key wrap
//! for, each with that wrap, so nothing else can even be tried.

use std::sync::atomic::Ordering;

use sqlx::Row;

use crate::crypto::sealed::Sealed;
use crate::domain::case::CaseId;

use super::blobs::StoredObject;
use super::sql::Sql;
use super::{Store, StoreError};

/// Case ids per query when fetching rows by case (well below both engines' bind limits).
const BATCH: usize = 500;

/// Stores sealed identifiers inside the transaction that stores their report or answer.
pub(super) async fn insert_in(
    conn: &mut super::Conn,
    case: &CaseId,
    name: &str,
    ids: &Sealed,
) -> Result<(), StoreError> {
    let mut q = Sql::new("");
    push_insert(&mut q, case, name, ids)?;
    q.build()?.execute(&mut *conn).await?;
    Ok(())
}

/// `INSERT INTO case_identifiers … SELECT` the values, with no condition yet: the caller
/// may add one (`WHERE …`).
pub(super) fn push_insert(
    q: &mut Sql,
    case: &CaseId,
    name: &str,
    ids: &Sealed,
) -> Result<(), StoreError> {
    q.push("INSERT INTO case_identifiers (id, case_id, name, ciphertext, mac) SELECT ")
        .push_bind(super::blobs::random_row_id()?)
        .push_next(case.as_str())
        .push_next(name)
        .push_next(ids.ciphertext().as_bytes())
        .push_next(ids.mac().to_hex());
    Ok(())
}

/// One sealed identifier list of a case a reader holds a wrap for, with what opens it.
#[derive(Debug, Clone)]
pub struct IdentifierRow {
    /// The case.
    pub case: CaseId,
    /// `report`, or an answer's number.
    pub name: String,
    /// The sealed list, unchecked.
    pub object: StoredObject,
    /// The case's `case_recipient` as stored (the opened key is compared with it).
    pub case_recipient: String,
    /// The reader's key wrap of the case, unchecked.
    pub wrap: StoredObject,
    /// The case's received day (ISO), to list related cases newest first.
    pub received_day: String,
}

const JOIN: &str = "FROM case_identifiers i \
     JOIN case_key_wraps w ON w.case_id = i.case_id AND w.reader = ";

impl Store {
    /// How many writes of this process so far changed which identifier lists a reader can
    /// open (a case or an answer stored, a key wrap granted or removed, cases purged). A
    /// session index compares it to skip asking the database (`workspace::index`).
    pub fn identifier_generation(&self) -> u64 {
        self.identifier_writes.load(Ordering::Acquire)
    }

    /// Called after such a write has committed; also by whatever writes those rows without
    /// this store (the related-cases benchmark).
    pub fn identifiers_changed(&self) {
        self.identifier_writes.fetch_add(1, Ordering::AcqRel);
    }

    /// How many identifier lists `reader` can open: an index whose count differs is
    /// brought up to date.
    pub async fn identifier_count(&self, reader: &str) -> Result<i64, StoreError> {
        let mut qb = Sql::new(format!("SELECT COUNT(*) {JOIN}"));
        qb.push_bind(reader.to_owned());
        Ok(qb.build_query_scalar()?.fetch_one(&self.read).await?)
    }

    /// `(case, name)` of every identifier list `reader` can open.
    pub async fn identifier_keys(&self, reader: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut qb = Sql::new(format!("SELECT i.case_id, i.name {JOIN}"));
        qb.push_bind(reader.to_owned());
        let rows = qb.build()?.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((r.try_get("case_id")?, r.try_get("name")?)))
            .collect()
    }

    /// The identifier lists of `cases` that `reader` can open, each with the reader's wrap.
    pub async fn identifier_rows(
        &self,
        reader: &str,
        cases: &[CaseId],
    ) -> Result<Vec<IdentifierRow>, StoreError> {
        let mut out = Vec::new();
        for batch in cases.chunks(BATCH) {
            let mut qb = Sql::new(
                "SELECT i.case_id, i.name, i.ciphertext, i.mac, c.case_recipient, \
                 c.received_day, w.ciphertext AS wrap, w.mac AS wrap_mac \
                 FROM case_identifiers i JOIN cases c ON c.id = i.case_id \
                 JOIN case_key_wraps w ON w.case_id = i.case_id AND w.reader = ",
            );
            qb.push_bind(reader.to_owned());
            qb.push(" WHERE i.case_id IN (");
            qb.push_list(batch.iter().map(|c| c.as_str().to_owned()));
            qb.push(")");
            for r in qb.build()?.fetch_all(&self.read).await? {
                let id: String = r.try_get("case_id")?;
                out.push(IdentifierRow {
                    case: CaseId::parse(&id)
                        .ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))?,
                    name: r.try_get("name")?,
                    object: StoredObject {
                        bytes: r.try_get("ciphertext")?,
                        mac: r.try_get("mac")?,
                    },
                    case_recipient: r.try_get("case_recipient")?,
                    wrap: StoredObject {
                        bytes: r.try_get("wrap")?,
                        mac: r.try_get("wrap_mac")?,
                    },
                    received_day: r.try_get("received_day")?,
                });
            }
        }
        Ok(out)
    }

    /// A case's sealed identifier lists, unchecked (`audit verify`).
    pub async fn case_identifiers(
        &self,
        case: &CaseId,
    ) -> Result<Vec<(String, StoredObject)>, StoreError> {
        let rows: Vec<(String, Vec<u8>, Option<String>)> = sqlx::query_as(
            "SELECT name, ciphertext, mac FROM case_identifiers WHERE case_id = $1 ORDER BY name",
        )
        .bind(case.as_str())
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(name, bytes, mac)| (name, StoredObject { bytes, mac }))
            .collect())
    }
}
