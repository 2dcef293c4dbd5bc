//! Persistence, through sqlx. SQLite (embedded) today; every query is written in SQL PostgreSQL
//! also accepts (`$n` placeholders, no SQLite-only functions) so that a PostgreSQL backend is a
//! matter of a second pool type and its own migrations folder.
//!
//! Only sealed data reaches this module: every function that writes content takes
//! `crypto::sealed::Ciphertext` or `Sealed` (ciphertext with its object MAC), which only
//! `crypto` can make; the rest is hashes and the few triage fields kept in clear. What it reads
//! back is untrusted bytes with the MAC as stored (`StoredObject`), checked by the reader.
//!
//! SQLite has one writer. Writes go through a pool of exactly one connection, so concurrent
//! submissions queue in memory instead of sleeping in SQLite's busy handler; reads use a
//! separate pool. WAL with `synchronous = FULL` makes every commit durable before it returns:
//! a receipt is shown only after that.

mod accounts;
mod audit;
mod blobs;
mod cases;
mod integrity;
mod messages;
mod queue;
mod retention;
mod spent_tokens;
mod triage;
mod warnings;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use crate::crypto::sealed::IntegrityKey;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{SessionRow, SetupRecord, VaultRow};
pub use audit::{AuditRow, GENESIS as AUDIT_GENESIS};
pub use blobs::{BlobEntry, BlobId, StoredObject};
pub use cases::CaseRow;
pub use messages::{FollowupFacts, MessageRow, NewMessage, ReceiptCase, TemplateRow};
pub use queue::{QueueClock, QueueCounts, QueuePageRows};
pub use retention::PurgePlan;
pub use triage::{NoteRow, Stats};
pub use warnings::{Change, DraftRow};

/// Size of one stored ciphertext chunk. Text reports fit in one; attachments span several.
pub const CHUNK_SIZE: usize = 1024 * 1024;

/// Handle to the database.
#[derive(Clone)]
pub struct Store {
    write: SqlitePool,
    read: SqlitePool,
    macs_added: Option<u64>,
}

/// Storage failures. Messages never contain stored values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL is not one this build supports.
    #[error(
        "unsupported database URL (this build supports sqlite: URLs; PostgreSQL support is planned)"
    )]
    UnsupportedUrl,
    /// Database error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Migration error.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value does not parse (damaged or hand-edited database).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The change conflicts with what is stored (a name taken).
    #[error("conflict: {0}")]
    Conflict(String),
}

impl Store {
    /// The default database location inside a data directory.
    pub fn default_path(data_dir: &Path) -> PathBuf {
        data_dir.join("filimbi.sqlite3")
    }

    /// Opens (creating if missing) the database at `url` and runs pending migrations. The
    /// process that applies the object-MAC migration adds the MACs of older rows with
    /// `integrity` (`store::integrity`).
    pub async fn open(url: &str, integrity: &IntegrityKey) -> Result<Self, StoreError> {
        if !(url.starts_with("sqlite:") || url.starts_with("sqlite://")) {
            return Err(StoreError::UnsupportedUrl);
        }
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted ciphertext is overwritten, not left in free pages (retention, purge).
            .pragma("secure_delete", "ON")
            // A new database gives freed pages back on `PRAGMA incremental_vacuum`.
            .auto_vacuum(sqlx::sqlite::SqliteAutoVacuum::Incremental)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts.clone())
            .await?;
        let upgraded_before = integrity::mac_migration_applied(&write).await?;
        sqlx::migrate!("./migrations/sqlite").run(&write).await?;
        let macs_added = if upgraded_before {
            None
        } else {
            Some(integrity::add_missing_macs(&write, integrity).await?)
        };
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        Ok(Self {
            write,
            read,
            macs_added,
        })
    }

    /// Opens the SQLite file at `path`.
    pub async fn open_file(path: &Path, integrity: &IntegrityKey) -> Result<Self, StoreError> {
        Self::open(&sqlite_url(path), integrity).await
    }

    /// `(journal_mode, synchronous)` of the writer connection, e.g. `("wal", 2)`; 2 is FULL.
    /// Lets tests and health checks confirm a commit is durable when it returns.
    pub async fn durability(&self) -> Result<(String, i64), StoreError> {
        let mut conn = self.write.acquire().await?;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await?;
        Ok((mode, sync))
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// `sqlite:` URL for a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

impl Store {
    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`). A deferred
    /// one that reads before it writes fails with `SQLITE_BUSY_SNAPSHOT`, busy timeout or not,
    /// when another process (an offline command beside the server) wrote in between.
    pub(crate) async fn write_tx(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        Ok(self.write.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// The newest day a case was received (for `filimbi doctor`'s clock check).
    pub async fn newest_received_day(&self) -> Result<Option<time::Date>, StoreError> {
        let day: Option<String> = sqlx::query_scalar("SELECT MAX(received_day) FROM cases")
            .fetch_one(&self.read)
            .await?;
        Ok(day
            .as_deref()
            .and_then(crate::domain::case::ReceivedDay::parse)
            .map(|d| d.date()))
    }

    /// Writes a consistent copy of the whole database to `path` (a new file) while the server
    /// keeps writing: SQLite's `VACUUM INTO` reads one snapshot and writes it compacted.
    pub async fn snapshot_into(&self, path: &Path) -> Result<(), StoreError> {
        let target = path
            .to_str()
            .ok_or(StoreError::Corrupt("snapshot path is not UTF-8".to_owned()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.read)
            .await?;
        Ok(())
    }
}
