//! Persistence, through sqlx's `Any` driver: SQLite (embedded, the default) or PostgreSQL
//! (`postgres://` URLs, for several replicas). Every query is written once, in SQL both engines
//! accept (`$n` placeholders, no engine-only functions, integers as 64-bit); what differs
//! (schema details, locks, durability settings, snapshots) is in [`backend`] and in the two
//! migration folders, `migrations/sqlite` and `migrations/postgres`, which a test holds to the
//! same tables, columns and constraints. The `Any` driver has no compile-time checked macros,
//! which is why queries are runtime `sqlx::query` calls, tested on both engines.
//!
//! Only sealed data reaches this module: every function that writes content takes
//! `crypto::sealed::Ciphertext` or `Sealed` (ciphertext with its object MAC), which only
//! `crypto` can make; the rest is hashes and the few triage fields kept in clear. What it reads
//! back is untrusted bytes with the MAC as stored (`StoredObject`), checked by the reader.
//!
//! SQLite has one writer. Writes go through a pool of exactly one connection, so concurrent
//! submissions queue in memory instead of sleeping in SQLite's busy handler; reads use a
//! separate pool. WAL with `synchronous = FULL` makes every commit durable before it returns:
//! a receipt is shown only after that. On PostgreSQL one pool serves both, commits are
//! synchronous (checked at start), and the read-then-write transactions that SQLite's single
//! writer serialised for free take an advisory lock instead ([`Store::write_tx`]).

mod accounts;
mod audit;
mod blobs;
mod cases;
mod contacts;
mod copy;
mod followup_passes;
mod identifiers;
mod integrity;
mod key_checks;
mod messages;
mod new_case;
mod queue;
mod retention;
mod spent_tokens;
mod sql;
mod triage;
mod warnings;

mod backend;

use std::path::{Path, PathBuf};

use crate::crypto::sealed::IntegrityKey;
use sqlx::AnyPool;

pub use accounts::{AccountKeyRow, SessionRow, SetupRecord, VaultRow};
pub use audit::{AuditRow, GENESIS as AUDIT_GENESIS};
pub use backend::{Backend, ChangeListener};
pub(crate) use backend::{Conn, Db, DbRow};
pub use blobs::{BlobEntry, BlobId, StoredObject};
pub use cases::{CaseHeader, CaseRow};
pub use contacts::SmsState;
pub use copy::{Copied, Kind as ColumnKind, NOT_COPIED, TABLES, kind_name};
pub use identifiers::IdentifierRow;
pub use messages::{FollowupFacts, MessageRow, NewMessage, ReceiptCase, TemplateRow};
pub use new_case::{Inserted, NewCase};
pub use queue::{QueueClock, QueueCounts, QueuePageRows};
pub use retention::PurgePlan;
pub use spent_tokens::FormSpend;
pub use triage::{NoteRow, Stats};
pub use warnings::{Change, DraftRow};

/// Size of one stored ciphertext chunk. Text reports fit in one; attachments span several.
pub const CHUNK_SIZE: usize = 1024 * 1024;

/// Handle to the database.
#[derive(Clone)]
pub struct Store {
    write: AnyPool,
    read: AnyPool,
    backend: Backend,
    /// The PostgreSQL URL, kept for the notification listener's own connection.
    listen_url: Option<secrecy::SecretString>,
    macs_added: Option<MacsAdded>,
    /// The record MAC key, when the store was opened with one: warning entries are signed in
    /// the transactions that change them and checked when read (`store::warnings`).
    records: Option<std::sync::Arc<IntegrityKey>>,
    /// New cases' shared commits on SQLite (`store::new_case`).
    committer: new_case::Committer,
    /// Writes by this process that change what a session's identifier index holds
    /// (`store::identifiers`): sessions look at the database again at once after one.
    identifier_writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// What this process added MACs to when it upgraded the database (`store::integrity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacsAdded {
    /// Sealed objects (migration 0004).
    pub objects: u64,
    /// Clear records: case headers, account key rows, authorship, warning entries (0009).
    pub records: u64,
}

/// Storage failures. Messages never contain stored values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL is not one this build supports.
    #[error("unsupported database URL (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    /// The PostgreSQL server is set up in a way that breaks a promise Filimbi makes (exact
    /// commit times kept, or commits not durable); the message says which setting.
    #[error("{0}")]
    Refused(String),
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
    /// A once-only record (a gateway's message id) was spent already: nothing was stored.
    #[error("delivered already")]
    Spent,
    /// The commit a report shared with others failed: none of them is stored.
    #[error("database error in a shared commit: {0}")]
    CommitFailed(String),
    /// The task that commits new cases has stopped (the runtime is shutting down).
    #[error("the database writer has stopped")]
    WriterStopped,
}

impl Store {
    /// The default database location inside a data directory.
    pub fn default_path(data_dir: &Path) -> PathBuf {
        data_dir.join("filimbi.sqlite3")
    }

    /// Opens (creating an SQLite file if missing) the database at `url` and runs pending
    /// migrations. The process that applies the object-MAC migration adds the MACs of older
    /// rows with `integrity` (`store::integrity`).
    pub async fn open(url: &str, integrity: &IntegrityKey) -> Result<Self, StoreError> {
        Self::open_with(url, Some(integrity)).await
    }

    /// Creates a new database at `url` (an SQLite file that does not exist yet, or an empty
    /// PostgreSQL database): migrated, holding nothing older than the object MACs, so no
    /// key is needed to upgrade it.
    pub async fn open_new(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, None).await
    }

    /// [`Store::open`]; without a key, rows from before the object MACs are left as they are.
    async fn open_with(url: &str, integrity: Option<&IntegrityKey>) -> Result<Self, StoreError> {
        let backend = Backend::of_url(url).ok_or(StoreError::UnsupportedUrl)?;
        let (write, read) = backend.connect(url).await?;
        let upgraded_before = integrity::mac_migration_applied(&write, backend).await?;
        let records_before =
            integrity::migration_applied(&write, integrity::RECORD_MAC_MIGRATION).await?;
        // A database made now holds only what its migrations put in (seeded warning entries):
        // those get their MACs below, but that is its creation, not an upgrade to audit.
        let fresh = !integrity::migration_applied(&write, 1).await?;
        backend.migrate(&write).await?;
        let objects = match integrity {
            Some(key) if !upgraded_before => Some(integrity::add_missing_macs(&write, key).await?),
            _ => None,
        };
        let records = match integrity {
            Some(key) if !records_before => {
                Some(integrity::add_missing_record_macs(&write, key).await?)
            }
            _ => None,
        };
        let macs_added = (!fresh && (objects.is_some() || records.is_some())).then(|| MacsAdded {
            objects: objects.unwrap_or(0),
            records: records.unwrap_or(0),
        });
        let listen_url = (backend == Backend::Postgres).then(|| url.into());
        Ok(Self {
            write,
            read,
            backend,
            listen_url,
            macs_added,
            records: integrity.map(|k| std::sync::Arc::new(k.duplicate())),
            committer: new_case::Committer::default(),
            identifier_writes: std::sync::Arc::default(),
        })
    }

    /// Opens the SQLite file at `path`.
    pub async fn open_file(path: &Path, integrity: &IntegrityKey) -> Result<Self, StoreError> {
        Self::open(&sqlite_url(path), integrity).await
    }

    /// A listener for warning-list changes announced by any replica, on PostgreSQL; `None` on
    /// SQLite, where only this process (and offline commands) write.
    pub async fn listen_for_warning_changes(&self) -> Result<Option<ChangeListener>, StoreError> {
        use secrecy::ExposeSecret;
        match &self.listen_url {
            Some(url) => Ok(Some(ChangeListener::connect(url.expose_secret()).await?)),
            None => Ok(None),
        }
    }

    /// Which engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How commits are made durable, in the engine's own words: `("wal", "2")` on SQLite
    /// (journal mode, `synchronous` 2 = FULL), `("fsync on", "on")` on PostgreSQL (`fsync`,
    /// `synchronous_commit`). Lets tests and health checks confirm a commit is durable when
    /// it returns.
    pub async fn durability(&self) -> Result<(String, String), StoreError> {
        let mut conn = self.write.acquire().await?;
        backend::durability(self.backend, &mut conn).await
    }

    /// The PostgreSQL settings that decide what the server keeps besides Filimbi's tables
    /// (`filimbi doctor`); `None` on SQLite.
    pub async fn postgres_settings(&self) -> Result<Option<Vec<(String, String)>>, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let mut conn = self.read.acquire().await?;
        Ok(Some(backend::postgres_settings(&mut conn).await?))
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// What one [`Store::checkpoint`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    /// Pages in the WAL.
    pub wal_pages: i64,
    /// Of those, pages now in the database file (all of them unless a reader held some back).
    pub copied: i64,
}

/// `sqlite:` URL for a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

impl Store {
    /// A write transaction for work that reads before it writes (next sequence numbers, the
    /// audit chain's head, warning ids, state checks): no other such transaction runs at the
    /// same time, on this process or any replica. SQLite: `BEGIN IMMEDIATE` takes the one
    /// write lock at once (a deferred one that reads first fails with `SQLITE_BUSY_SNAPSHOT`
    /// when another process wrote in between). PostgreSQL: a transaction-scoped advisory lock
    /// ([`backend::WRITER_LOCK`]), released by the commit or rollback.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, Db>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(self.write.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut tx = self.write.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(backend::WRITER_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// A write transaction for inserts that read nothing they depend on (a new case, its
    /// blobs and key wraps): on PostgreSQL many run at once, which is what lets several
    /// replicas take reports faster than one. SQLite still has its one writer.
    pub(crate) async fn insert_tx(&self) -> Result<sqlx::Transaction<'static, Db>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(self.write.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => Ok(self.write.begin().await?),
        }
    }

    /// SQLite: copies what the WAL holds into the database file, on a reader's connection
    /// (`PRAGMA wal_checkpoint(PASSIVE)`: it neither waits for nor blocks the writer and the
    /// readers, and stops short of pages a reader still needs). The server calls it once a
    /// second (`services::maintenance`), so the writer's commits no longer pay for page copies
    /// and fsyncs (see `backend::WRITER_PRAGMAS`). `None` on PostgreSQL, which checkpoints by
    /// itself.
    pub async fn checkpoint(&self) -> Result<Option<Checkpointed>, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let mut conn = self.read.acquire().await?;
        let (_busy, wal_pages, copied): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&mut *conn)
                .await?;
        Ok(Some(Checkpointed { wal_pages, copied }))
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

    /// Writes a consistent copy of the whole database to `path`, a new SQLite file, while
    /// the server keeps writing. SQLite: `VACUUM INTO` reads one snapshot and writes it
    /// compacted. PostgreSQL: every table is copied from one repeatable-read snapshot into a
    /// new SQLite database (`copy`), so a backup has one format whatever the engine, and
    /// `filimbi restore` can put it back into either.
    pub async fn snapshot_into(&self, path: &Path) -> Result<(), StoreError> {
        let target = path
            .to_str()
            .ok_or(StoreError::Corrupt("snapshot path is not UTF-8".to_owned()))?;
        match self.backend {
            Backend::Sqlite => {
                sqlx::query("VACUUM INTO $1")
                    .bind(target)
                    .execute(&self.read)
                    .await?;
            }
            Backend::Postgres => {
                if path.exists() {
                    return Err(StoreError::Conflict(format!("{target} exists")));
                }
                let snapshot = Store::open_new(&sqlite_url(path)).await?;
                let copied = self.copy_into(&snapshot).await;
                snapshot.close().await;
                copied?;
            }
        }
        Ok(())
    }
}
