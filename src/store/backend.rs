//! What differs between the two engines: how a URL is recognised, how pools are opened and
//! set up for durability, which migrations run, and the settings checked before a byte is
//! stored. Queries themselves are the same on both (see the module above).

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::{SqliteAutoVacuum, SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

use super::StoreError;

/// The database type every query is written for.
pub(crate) type Db = sqlx::Any;
/// One connection (inside a transaction or not).
pub(crate) type Conn = sqlx::AnyConnection;
/// A row as read.
pub(crate) type DbRow = sqlx::any::AnyRow;

/// Key of the PostgreSQL advisory lock that serialises read-then-write transactions across
/// every replica (`Store::write_tx`). Any fixed number works; this one spells "filimbi1".
pub(crate) const WRITER_LOCK: i64 = 0x6669_6c69_6d62_6931;

/// The PostgreSQL notification channel a change to the warning list is announced on.
pub(crate) const WARNINGS_CHANNEL: &str = "filimbi_warnings";

/// Connections a PostgreSQL replica opens at most. Requests wait in memory for one, so this
/// bounds the server's share of `max_connections`, not the load it takes.
const PG_CONNECTIONS: u32 = 16;

/// The engine behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file, embedded (the default).
    Sqlite,
    /// A PostgreSQL database, possibly shared by several replicas.
    Postgres,
}

impl Backend {
    /// The engine a URL names, if this build knows it.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// `(write pool, read pool)` for `url`. SQLite: one writer connection and four readers,
    /// every connection with the durability and privacy pragmas. PostgreSQL: one pool for both
    /// (its writers do not exclude each other), after the server's settings pass [`check_pg`].
    pub(super) async fn connect(self, url: &str) -> Result<(AnyPool, AnyPool), StoreError> {
        sqlx::any::install_default_drivers();
        match self {
            Self::Sqlite => {
                create_sqlite(url).await?;
                let opts = quiet(AnyConnectOptions::from_str(url)?);
                let write = sqlite_pool(1, WRITER_PRAGMAS)
                    .connect_with(opts.clone())
                    .await?;
                let read = sqlite_pool(4, READER_PRAGMAS).connect_with(opts).await?;
                Ok((write, read))
            }
            Self::Postgres => {
                let opts = quiet(AnyConnectOptions::from_str(url)?);
                let mut first = opts.connect().await?;
                check_pg(&mut first).await?;
                first.close().await?;
                let pool = AnyPoolOptions::new()
                    .max_connections(PG_CONNECTIONS)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // A receipt is shown after the commit: the commit must be on disk.
                            conn.execute("SET synchronous_commit = on").await?;
                            conn.execute("SET TIME ZONE 'UTC'").await?;
                            Ok(())
                        })
                    })
                    .connect_with(opts)
                    .await?;
                Ok((pool.clone(), pool))
            }
        }
    }

    /// Runs this engine's pending migrations.
    pub(super) async fn migrate(self, pool: &AnyPool) -> Result<(), StoreError> {
        match self {
            Self::Sqlite => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Self::Postgres => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }
}

/// Options that log no statement, slow or not: a log line naming `INSERT INTO cases` would
/// date a report, and log lines get timestamps wherever they are collected (journald).
fn quiet(opts: AnyConnectOptions) -> AnyConnectOptions {
    opts.disable_statement_logging()
}

/// Creates the SQLite file with the settings only a new file takes (incremental auto-vacuum)
/// and switches it to WAL, which stays set in the file.
async fn create_sqlite(url: &str) -> Result<(), StoreError> {
    let conn = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .auto_vacuum(SqliteAutoVacuum::Incremental)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10))
        .disable_statement_logging()
        .connect()
        .await?;
    conn.close().await?;
    Ok(())
}

/// The writer's own settings.
/// - A 16 MiB page cache. Each report changes a dozen B-tree leaves at random places (ids are
///   random), and with SQLite's default 2 MiB most had been evicted and were read back, half a
///   dozen reads a report.
/// - Checkpoints only as a safety net, every 10,000 WAL pages (40 MiB). The server copies the
///   WAL into the database file once a second on another connection
///   ([`super::Store::checkpoint`], `services::maintenance`). A checkpoint on the writer's
///   connection runs right after a commit, and every commit behind it waits for its page
///   copies and its two fsyncs; at SQLite's default of 1,000 pages that was four times a
///   second under load. The net still matters: the WAL starts over only after a checkpoint
///   that caught up with it, which the writer's own does (nothing is appended meanwhile).
const WRITER_PRAGMAS: &[&str] = &[
    "PRAGMA cache_size = -16384",
    "PRAGMA wal_autocheckpoint = 10000",
];

/// A reader's settings: SQLite's default page cache, 2 MiB (there are four readers).
const READER_PRAGMAS: &[&str] = &["PRAGMA cache_size = -2048"];

/// A pool of SQLite connections, each set up like the one that created the file, then with
/// `pragmas` of its own.
///
/// No test before a connection is handed out: sqlx's default pings each one first, a round
/// trip to the connection's worker thread (two context switches) for a file that cannot have
/// gone away; a report took three of them.
fn sqlite_pool(connections: u32, pragmas: &'static [&'static str]) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .test_before_acquire(false)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                // Durable before the commit returns: a receipt is shown only after that.
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                // Deleted ciphertext is overwritten, not left in free pages (retention, purge).
                conn.execute("PRAGMA secure_delete = ON").await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                // Savepoint and statement journals in memory, not in files under /var/tmp: a
                // savepoint's journal takes a copy of every page changed inside it (as many
                // page writes as the WAL itself, when the shared commit gave every report a
                // savepoint), and such files held database pages outside the data directory.
                conn.execute("PRAGMA temp_store = MEMORY").await?;
                for pragma in pragmas {
                    conn.execute(*pragma).await?;
                }
                Ok(())
            })
        })
}

/// Refuses a PostgreSQL server that would keep what Filimbi promises not to, or lose what it
/// promises to keep:
/// - `track_commit_timestamp = on` records the exact time of every commit, which would give
///   back each report's arrival time (the schema keeps only its day);
/// - `fsync = off` can lose a committed report, whose receipt was already shown.
async fn check_pg(conn: &mut Conn) -> Result<(), StoreError> {
    let commit_ts: String = sqlx::query_scalar("SELECT current_setting('track_commit_timestamp')")
        .fetch_one(&mut *conn)
        .await?;
    if commit_ts != "off" {
        return Err(StoreError::Refused(
            "PostgreSQL has track_commit_timestamp on: it would record the exact time each \
             report arrived. Set track_commit_timestamp = off and restart PostgreSQL."
                .to_owned(),
        ));
    }
    let fsync: String = sqlx::query_scalar("SELECT current_setting('fsync')")
        .fetch_one(&mut *conn)
        .await?;
    if fsync != "on" {
        return Err(StoreError::Refused(
            "PostgreSQL has fsync off: a report whose receipt was shown could be lost in a \
             crash. Set fsync = on."
                .to_owned(),
        ));
    }
    Ok(())
}

/// See `Store::durability`.
pub(super) async fn durability(
    backend: Backend,
    conn: &mut Conn,
) -> Result<(String, String), StoreError> {
    let (a, b) = match backend {
        Backend::Sqlite => (
            "PRAGMA journal_mode",
            "SELECT CAST(synchronous AS TEXT) FROM pragma_synchronous",
        ),
        Backend::Postgres => (
            "SELECT 'fsync ' || current_setting('fsync')",
            "SELECT current_setting('synchronous_commit')",
        ),
    };
    let first: String = sqlx::query_scalar(a).fetch_one(&mut *conn).await?;
    let second: String = sqlx::query_scalar(b).fetch_one(&mut *conn).await?;
    Ok((first, second))
}

/// Notifications that the warning list changed, sent by any replica (PostgreSQL only).
pub struct ChangeListener(sqlx::postgres::PgListener);

impl ChangeListener {
    /// Listens on its own connection to `url`.
    pub(super) async fn connect(url: &str) -> Result<Self, StoreError> {
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(WARNINGS_CHANNEL).await?;
        Ok(Self(listener))
    }

    /// Waits for the next announcement. After a lost connection it reconnects (whatever was
    /// announced meanwhile is lost: the caller's periodic re-check covers that).
    pub async fn next(&mut self) -> Result<(), StoreError> {
        self.0.recv().await?;
        Ok(())
    }
}

/// The PostgreSQL settings `filimbi doctor` looks at, as the server reports them.
pub(super) async fn postgres_settings(
    conn: &mut Conn,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for name in [
        "archive_mode",
        "log_statement",
        "log_min_duration_statement",
        "log_connections",
    ] {
        let value: String = sqlx::query_scalar("SELECT current_setting($1)")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
        out.push((name.to_owned(), value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pragma(pool: &AnyPool, name: &'static str) -> i64 {
        let mut conn = pool.acquire().await.unwrap();
        let sql = match name {
            "temp_store" => "PRAGMA temp_store",
            "cache_size" => "PRAGMA cache_size",
            _ => "PRAGMA wal_autocheckpoint",
        };
        sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
    }

    /// Every SQLite connection keeps its journals in memory (2 = MEMORY): no copy of a
    /// database page is written to a temporary file outside the data directory. The writer
    /// has its larger cache and checkpoints only as a safety net; readers keep SQLite's defaults.
    #[tokio::test]
    async fn sqlite_connections_keep_journals_in_memory_and_the_writer_its_cache() {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::store::sqlite_url(&dir.path().join("t.sqlite3"));
        let (write, read) = Backend::Sqlite.connect(&url).await.unwrap();
        for pool in [&write, &read] {
            assert_eq!(pragma(pool, "temp_store").await, 2);
        }
        assert_eq!(pragma(&write, "cache_size").await, -16384);
        assert_eq!(pragma(&write, "wal_autocheckpoint").await, 10000);
        assert_eq!(pragma(&read, "cache_size").await, -2048);
        assert_eq!(pragma(&read, "wal_autocheckpoint").await, 1000);
    }
}
