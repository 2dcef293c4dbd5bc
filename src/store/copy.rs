//! Copying a whole database from one store into another, across engines: how `filimbi
//! backup` snapshots PostgreSQL (into an SQLite file, so every backup has the same format and
//! opens anywhere), and how `filimbi restore` fills a PostgreSQL database from a backup — which
//! is also the way from the embedded default to PostgreSQL.
//!
//! The source is read in one snapshot (PostgreSQL: a repeatable-read, read-only transaction;
//! SQLite: one read transaction), the target written in one transaction: a copy is whole or
//! absent. Values are copied as stored — ciphertext, MACs, hashes — and nothing is decrypted.

use futures_util::TryStreamExt;
use sqlx::Row;

use super::sql::Sql;
use super::{Backend, Store, StoreError};

/// Every table, parents before children (foreign keys), with its columns. `case_tally` is
/// not copied: the target's triggers count the cases as they arrive. Generated columns
/// (`queue_rule`) are computed by the target. A test holds this list to the schema.
pub const TABLES: &[(&str, &[(&str, Kind)])] = {
    use Kind::{Bytes as B, Int as I, Text as T};
    &[
        (
            "accounts",
            &[
                ("id", T),
                ("name", T),
                ("is_admin", I),
                ("state", T),
                ("recipient", T),
                ("kdf_salt", B),
                ("kdf_m_kib", I),
                ("kdf_t", I),
                ("kdf_p", I),
                ("vault", B),
                ("totp_last_step", I),
                ("failed_logins", I),
                ("locked_until", I),
                ("created_day", T),
                ("key_mac", T),
            ],
        ),
        (
            "cases",
            &[
                ("id", T),
                ("category", T),
                ("status", T),
                ("received_day", T),
                ("case_recipient", T),
                ("receipt_lookup", T),
                ("receipt_salt", T),
                ("whistleblower_recipient", T),
                ("assignee", T),
                ("acknowledged_day", T),
                ("feedback_day", T),
                ("unread_answers", I),
                ("possible_spam", I),
                ("queue_run", I),
                ("header_mac", T),
                ("channel", T),
            ],
        ),
        (
            "blobs",
            &[
                ("id", T),
                ("case_id", T),
                ("name", T),
                ("staged_day", T),
                ("mac", T),
                ("message_seq", I),
            ],
        ),
        (
            "blob_chunks",
            &[("id", I), ("blob_id", T), ("chunk", I), ("data", B)],
        ),
        (
            "case_key_wraps",
            &[("case_id", T), ("reader", T), ("ciphertext", B), ("mac", T)],
        ),
        ("case_labels", &[("case_id", T), ("label", T)]),
        (
            "case_contacts",
            &[("case_id", T), ("ciphertext", B), ("mac", T)],
        ),
        (
            "case_identifiers",
            &[
                ("id", I),
                ("case_id", T),
                ("name", T),
                ("ciphertext", B),
                ("mac", T),
            ],
        ),
        (
            "case_notes",
            &[
                ("case_id", T),
                ("seq", I),
                ("author_id", T),
                ("ciphertext", B),
                ("mac", T),
                ("author_mac", T),
            ],
        ),
        (
            "case_messages",
            &[
                ("case_id", T),
                ("seq", I),
                ("sender", T),
                ("day", T),
                ("author_id", T),
                ("ciphertext", B),
                ("mac", T),
                ("author_mac", T),
                ("sms", T),
            ],
        ),
        (
            "sessions",
            &[
                ("id_hash", T),
                ("account_id", T),
                ("created_at", I),
                ("last_seen", I),
                ("identity", B),
            ],
        ),
        (
            "setup_links",
            &[("token_hash", T), ("account_id", T), ("expires_at", I)],
        ),
        (
            "audit_log",
            &[
                ("seq", I),
                ("at", T),
                ("actor", T),
                ("action", T),
                ("subject", T),
                ("detail", T),
                ("prev", T),
                ("mac", T),
            ],
        ),
        (
            "warning_entries",
            &[
                ("id", I),
                ("kind", T),
                ("target", T),
                ("status", T),
                ("listed_day", T),
                ("changed_day", T),
                ("case_id", T),
                ("mac", T),
            ],
        ),
        (
            "warning_events",
            &[
                ("seq", I),
                ("entry_id", I),
                ("day", T),
                ("action", T),
                ("reason_en", T),
                ("reason_fr", T),
            ],
        ),
        (
            "warning_drafts",
            &[
                ("id", T),
                ("kind", T),
                ("target", T),
                ("reason_en", T),
                ("reason_fr", T),
                ("case_id", T),
                ("drafted_by", T),
                ("drafted_day", T),
            ],
        ),
        (
            "message_templates",
            &[
                ("id", T),
                ("position", I),
                ("title_en", T),
                ("title_fr", T),
                ("body_en", T),
                ("body_fr", T),
            ],
        ),
        ("spent_form_tokens", &[("token_mac", T), ("expiry_day", T)]),
        ("key_checks", &[("name", T), ("check_value", T)]),
    ]
};

/// Tables left out of [`TABLES`] on purpose.
/// `followup_passes` holds only the visits of the last minutes, which will have run out by the
/// time a copy is restored: a copy leaves them out. (An SQLite snapshot, `VACUUM INTO`, keeps
/// the few live rows; the restored server's first sweep deletes them.)
pub const NOT_COPIED: &[&str] = &["case_tally", "followup_passes"];

/// A column's kind, which says how its values are read and bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 64-bit integer.
    Int,
    /// UTF-8 text.
    Text,
    /// Bytes (ciphertext).
    Bytes,
}

/// Rows per `INSERT` for tables of small rows; ciphertext chunks go one at a time.
const BATCH: usize = 200;

/// What a copy moved.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Rows written, every table together.
    pub rows: u64,
    /// Cases among them.
    pub cases: u64,
}

impl Store {
    /// Copies everything this store holds into `target`, which must hold nothing yet but
    /// what its migrations and a first start put there (the four seeded warnings, the reply
    /// templates, the key checks): those are replaced by this store's. Refuses a target with cases, accounts or audit entries.
    pub async fn copy_into(&self, target: &Store) -> Result<Copied, StoreError> {
        let mut from = match self.backend {
            Backend::Postgres => {
                self.read
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?
            }
            Backend::Sqlite => self.read.begin().await?,
        };
        let mut to = target.write_tx().await?;
        for table in ["cases", "accounts", "audit_log"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&mut *to)
                    .await?;
            if n > 0 {
                return Err(StoreError::Conflict(format!(
                    "the target database is not empty ({n} rows in {table}); a copy only goes \
                     into a new one"
                )));
            }
        }
        for table in [
            "warning_events",
            "warning_entries",
            "message_templates",
            "spent_form_tokens",
            "key_checks",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *to)
                .await?;
        }
        let mut copied = Copied::default();
        for (table, columns) in TABLES {
            let n = copy_table(&mut from, &mut to, table, columns).await?;
            copied.rows += n;
            if *table == "cases" {
                copied.cases = n;
            }
        }
        to.commit().await?;
        from.commit().await?;
        Ok(copied)
    }
}

/// Copies one table, streaming its rows.
async fn copy_table(
    from: &mut super::Conn,
    to: &mut super::Conn,
    table: &str,
    columns: &[(&str, Kind)],
) -> Result<u64, StoreError> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let list = names.join(", ");
    // In key order, which is random for everything that arrives (ids are random): the copy's
    // physical order says nothing of arrival, whatever the source's did (PostgreSQL's heap).
    let select = format!("SELECT {list} FROM {table} ORDER BY {}", names[0]);
    let batch = if table == "blob_chunks" { 1 } else { BATCH };
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(&mut *from);
    let mut pending: Vec<Vec<Value>> = Vec::new();
    let mut done = 0u64;
    while let Some(row) = rows.try_next().await? {
        pending.push(values(&row, columns)?);
        if pending.len() == batch {
            done += insert(&mut *to, table, &list, std::mem::take(&mut pending)).await?;
        }
    }
    if !pending.is_empty() {
        done += insert(&mut *to, table, &list, pending).await?;
    }
    Ok(done)
}

/// One value as read.
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

fn values(row: &super::DbRow, columns: &[(&str, Kind)]) -> Result<Vec<Value>, StoreError> {
    columns
        .iter()
        .map(|(name, kind)| {
            Ok(match kind {
                Kind::Int => Value::Int(row.try_get(*name)?),
                Kind::Text => Value::Text(row.try_get(*name)?),
                Kind::Bytes => Value::Bytes(row.try_get(*name)?),
            })
        })
        .collect()
}

async fn insert(
    to: &mut super::Conn,
    table: &str,
    list: &str,
    rows: Vec<Vec<Value>>,
) -> Result<u64, StoreError> {
    let mut q = Sql::new(format!("INSERT INTO {table} ({list}) VALUES "));
    for (i, row) in rows.into_iter().enumerate() {
        q.push(if i == 0 { "(" } else { ", (" });
        for (j, v) in row.into_iter().enumerate() {
            if j > 0 {
                q.push(", ");
            }
            match v {
                Value::Int(v) => q.push_bind(v),
                Value::Text(v) => q.push_bind(v),
                Value::Bytes(v) => q.push_bind(v),
            };
        }
        q.push(")");
    }
    let done = q.build()?.execute(&mut *to).await?;
    Ok(done.rows_affected())
}

/// The type a column kind is read as, for callers that check the list against a schema.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "int",
        Kind::Text => "text",
        Kind::Bytes => "bytes",
    }
}
