//! Object MACs: the one-time upgrade of rows written before they existed, and the scan that
//! `filimbi audit verify` runs over every sealed object.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

use super::{Backend, Conn};

use crate::crypto::sealed::{IntegrityError, IntegrityKey, ObjectKind, ObjectRef, Record};
use crate::domain::case::CaseId;

use super::{Store, StoreError};

/// The migration that added the MAC columns.
const MAC_MIGRATION: i64 = 4;
/// The migration that added the MACs of clear records (case headers, account key rows,
/// authorship, warning entries).
pub(super) const RECORD_MAC_MIGRATION: i64 = 9;

/// Whether migration `version` is already applied, on either engine (checked before migrating,
/// like [`mac_migration_applied`]). A database without the bookkeeping table is a new one.
pub(super) async fn migration_applied(pool: &AnyPool, version: i64) -> Result<bool, StoreError> {
    let n: Result<i64, sqlx::Error> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1")
            .bind(version)
            .fetch_one(pool)
            .await;
    match n {
        Ok(n) => Ok(n > 0),
        // No `_sqlx_migrations` yet: nothing is applied (an empty database).
        Err(sqlx::Error::Database(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Whether the MAC migration is already applied (checked before migrating: the process that
/// applies it is the one that adds the MACs of older rows). PostgreSQL support came after
/// that migration, so no PostgreSQL database holds rows without MACs: it counts as applied.
pub(super) async fn mac_migration_applied(
    pool: &AnyPool,
    backend: Backend,
) -> Result<bool, StoreError> {
    if backend == Backend::Postgres {
        return Ok(true);
    }
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
/// (Messages arrived with migration 0005 and always carry one.)
pub(super) async fn add_missing_macs(
    pool: &AnyPool,
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
        let obj = ObjectRef::new(&case, ObjectKind::of_blob(&name), &name);
        sqlx::query("UPDATE blobs SET mac = $1 WHERE id = $2")
            .bind(key.tag(obj, &digest).to_hex())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    done += mac_rows(&mut tx, key, NOTES, ObjectKind::Note).await?;
    done += mac_rows(&mut tx, key, WRAPS, ObjectKind::KeyWrap).await?;
    tx.commit().await?;
    Ok(done)
}

/// The queries of a table whose ciphertext sits in the row: `(select rows without a MAC as
/// case_id, name, ciphertext; set one row's MAC by case_id and name)`.
type RowQueries = (&'static str, &'static str);

const NOTES: RowQueries = (
    "SELECT case_id, CAST(seq AS TEXT) AS name, ciphertext FROM case_notes WHERE mac IS NULL",
    "UPDATE case_notes SET mac = $1 WHERE case_id = $2 AND CAST(seq AS TEXT) = $3",
);
const WRAPS: RowQueries = (
    "SELECT case_id, reader AS name, ciphertext FROM case_key_wraps WHERE mac IS NULL",
    "UPDATE case_key_wraps SET mac = $1 WHERE case_id = $2 AND reader = $3",
);

/// MACs the rows of one table (notes, key wraps) that have none; the object's name is a
/// note's number or a wrap's reader.
async fn mac_rows(
    tx: &mut Conn,
    key: &IntegrityKey,
    (select, update): RowQueries,
    kind: ObjectKind,
) -> Result<u64, StoreError> {
    let rows = sqlx::query(select).fetch_all(&mut *tx).await?;
    for r in &rows {
        let (case, name, ct): (String, String, Vec<u8>) = (
            r.try_get("case_id")?,
            r.try_get("name")?,
            r.try_get("ciphertext")?,
        );
        let case_id = parse_case(&case)?;
        let obj = ObjectRef::new(&case_id, kind, &name);
        sqlx::query(update)
            .bind(key.tag(obj, &Sha256::digest(&ct).into()).to_hex())
            .bind(&case)
            .bind(&name)
            .execute(&mut *tx)
            .await?;
    }
    Ok(rows.len() as u64)
}

async fn blob_digest(conn: &mut Conn, id: &str) -> Result<[u8; 32], StoreError> {
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

/// Adds the MAC of every case header, account key row, message and note authorship and
/// warning entry that has none, in one transaction. Runs only right after the record-MAC
/// migration was applied by this process (a later NULL is an integrity failure: a restart must
/// not bless a row someone wrote into the database).
pub(super) async fn add_missing_record_macs(
    pool: &AnyPool,
    key: &IntegrityKey,
) -> Result<u64, StoreError> {
    let mut tx = pool.begin().await?;
    let mut done = 0u64;
    let cases = sqlx::query(
        "SELECT id, case_recipient, whistleblower_recipient, receipt_salt, category          FROM cases WHERE header_mac IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for r in &cases {
        let h = super::cases::header_of(r)?;
        sqlx::query("UPDATE cases SET header_mac = $1 WHERE id = $2")
            .bind(key.record_tag(&h.record()).to_hex())
            .bind(h.id.as_str())
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    let accounts = sqlx::query(
        "SELECT id, name, recipient, is_admin, state FROM accounts WHERE key_mac IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for r in &accounts {
        let a = super::accounts::key_row(r)?;
        sqlx::query("UPDATE accounts SET key_mac = $1 WHERE id = $2")
            .bind(key.record_tag(&a.record()).to_hex())
            .bind(&a.id)
            .execute(&mut *tx)
            .await?;
        done += 1;
    }
    for (select, update, kind) in [
        (
            "SELECT case_id, seq, sender, author_id FROM case_messages WHERE author_mac IS NULL",
            "UPDATE case_messages SET author_mac = $1 WHERE case_id = $2 AND seq = $3",
            ObjectKind::Message,
        ),
        (
            "SELECT case_id, seq, 'investigator' AS sender, author_id FROM case_notes \
             WHERE author_mac IS NULL",
            "UPDATE case_notes SET author_mac = $1 WHERE case_id = $2 AND seq = $3",
            ObjectKind::Note,
        ),
    ] {
        let rows = sqlx::query(select).fetch_all(&mut *tx).await?;
        for r in &rows {
            let (case, seq, sender, author): (String, i64, String, Option<String>) = (
                r.try_get("case_id")?,
                r.try_get("seq")?,
                r.try_get("sender")?,
                r.try_get("author_id")?,
            );
            let case_id = parse_case(&case)?;
            let record = Record::Authorship {
                case: &case_id,
                kind,
                seq,
                sender: &sender,
                author: author.as_deref(),
            };
            sqlx::query(update)
                .bind(key.record_tag(&record).to_hex())
                .bind(&case)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
            done += 1;
        }
    }
    done += super::warnings::mac_unsigned_entries(&mut tx, key).await?;
    tx.commit().await?;
    Ok(done)
}

fn parse_case(id: &str) -> Result<CaseId, StoreError> {
    CaseId::parse(id).ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))
}

impl Store {
    /// How many older objects got their MAC when this process upgraded the database (`None`
    /// when it was already upgraded). The caller audits it.
    pub fn macs_added_at_upgrade(&self) -> Option<super::MacsAdded> {
        self.macs_added
    }

    /// Checks the MAC of every sealed object of every case, and of every clear record that
    /// decides where content goes or who wrote it (case headers, account key rows, message and
    /// note authorship, warning entries), without decrypting anything. Returns how many were
    /// checked and those that fail.
    pub async fn verify_objects(
        &self,
        key: &IntegrityKey,
    ) -> Result<(u64, Vec<IntegrityError>), StoreError> {
        let mut checked = 0u64;
        let mut failures = Vec::new();
        for header in self.case_headers().await? {
            checked += 1;
            if let Err(e) = key.verify_record(&header.record(), header.mac.as_deref()) {
                failures.push(e);
            }
        }
        for row in self.account_key_rows().await? {
            checked += 1;
            if let Err(e) = key.verify_record(&row.record(), row.mac.as_deref()) {
                failures.push(e);
            }
        }
        if self.records.is_some() {
            let (n, warnings) = self.verify_warnings().await?;
            checked += n;
            failures.extend(warnings);
        }
        // Who wrote each message and note, checked beside its content; a sender's sealed number
        // too (a number written into the database would otherwise get the next question).
        let mut authorship = Vec::new();
        let mut check = |obj: ObjectRef<'_>, digest: [u8; 32], mac: Option<&str>| {
            checked += 1;
            if let Err(e) = key.verify(obj, &digest, mac) {
                failures.push(e);
            }
        };
        for case in self.list_cases(None).await? {
            let id = &case.id;
            for blob in self.case_blob_list(id).await? {
                let mut h = Sha256::new();
                let mut i = 0;
                while let Some(chunk) = self.read_chunk(&blob.id, i).await? {
                    h.update(&chunk);
                    i += 1;
                }
                let obj = ObjectRef::new(id, ObjectKind::of_blob(&blob.name), &blob.name);
                check(obj, h.finalize().into(), blob.mac.as_deref());
            }
            let digest = |o: &super::StoredObject| -> [u8; 32] { Sha256::digest(&o.bytes).into() };
            for n in self.notes(id).await? {
                let name = n.seq.to_string();
                let obj = ObjectRef::new(id, ObjectKind::Note, &name);
                check(obj, digest(&n.object), n.object.mac.as_deref());
                authorship.push(key.verify_record(&n.authorship(id), n.author_mac.as_deref()));
            }
            for m in self.messages(id).await? {
                let name = m.seq.to_string();
                let obj = ObjectRef::new(id, ObjectKind::Message, &name);
                check(obj, digest(&m.object), m.object.mac.as_deref());
                authorship.push(key.verify_record(&m.authorship(id), m.author_mac.as_deref()));
            }
            for (reader, w) in self.key_wraps(id).await? {
                let obj = ObjectRef::new(id, ObjectKind::KeyWrap, &reader);
                check(obj, digest(&w), w.mac.as_deref());
            }
            for (name, o) in self.case_identifiers(id).await? {
                let obj = crate::crypto::identifiers::object(id, &name);
                check(obj, digest(&o), o.mac.as_deref());
            }
            if let Some(c) = self.case_contact(id).await? {
                let name = crate::crypto::contact::CONTACT_NAME;
                check(
                    ObjectRef::new(id, ObjectKind::Contact, name),
                    digest(&c),
                    c.mac.as_deref(),
                );
            }
        }
        checked += authorship.len() as u64;
        failures.extend(authorship.into_iter().filter_map(Result::err));
        Ok((checked, failures))
    }
}
