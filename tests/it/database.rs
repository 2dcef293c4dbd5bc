//! Which database the suite runs on. SQLite files by default; with `FILIMBI_TEST_DATABASE_URL`
//! set to a PostgreSQL URL (README, "Tests"), every instance gets its own schema in that
//! database instead, named after its temporary directory, so a restarted instance (same
//! directory) finds its data again, as it would find its SQLite file.

use std::path::Path;

use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor};

/// The variable that selects PostgreSQL for the suite.
pub const VAR: &str = "FILIMBI_TEST_DATABASE_URL";

/// The PostgreSQL server URL the suite runs against, if any.
pub fn postgres() -> Option<String> {
    std::env::var(VAR).ok().filter(|u| !u.trim().is_empty())
}

/// Whether this run of the suite is on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres().is_some()
}

/// The database URL of the instance whose directory is `root` (`root/data` its data
/// directory), without making anything: `None` when the suite runs on SQLite, or when the
/// instance already has an SQLite file (a fixture from an older release, which is SQLite's to
/// upgrade); else a URL whose `search_path` is the instance's own schema.
fn url_in(root: &Path) -> Option<String> {
    let server = postgres()?;
    if root.join("data/filimbi.sqlite3").exists() {
        return None;
    }
    let sep = if server.contains('?') { '&' } else { '?' };
    Some(format!(
        "{server}{sep}options=-c%20search_path%3D{}",
        schema_name(root)
    ))
}

/// [`url_in`], with the instance's schema created if missing.
pub async fn url_for(root: &Path) -> Option<String> {
    let url = url_in(root)?;
    let server = postgres()?;
    let mut conn = sqlx::PgConnection::connect(&server)
        .await
        .expect("FILIMBI_TEST_DATABASE_URL answers");
    forget_earlier_runs(&mut conn).await;
    let schema = schema_name(root);
    conn.execute(sqlx::AssertSqlSafe(format!(
        "CREATE SCHEMA IF NOT EXISTS {schema}"
    )))
    .await
    .expect("create schema");
    conn.close().await.expect("close");
    Some(url)
}

/// [`url_for`] from code that may or may not run inside the tests' runtime.
fn url_blocking(root: &Path) -> Option<String> {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(url_for(&root))
    })
    .join()
    .expect("schema set up")
}

/// The real binary, told which database the instance in `root` uses (nothing on SQLite: it
/// finds `root/data/filimbi.sqlite3` itself when run there).
pub fn command(root: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_filimbi"));
    cmd.env_remove("DATABASE_URL");
    if let Some(url) = url_blocking(root) {
        cmd.env("DATABASE_URL", url);
    }
    cmd
}

/// The URL a test opens to look inside an instance's database directly.
pub async fn url_of(data_dir: &Path) -> String {
    let root = data_dir.parent().unwrap_or(data_dir);
    match url_for(root).await {
        Some(url) => url,
        None => filimbi::store::sqlite_url(&data_dir.join("filimbi.sqlite3")),
    }
}

fn schema_name(dir: &Path) -> String {
    let digest = Sha256::digest(dir.as_os_str().as_encoded_bytes());
    format!("t_{}", hex::encode(&digest[..10]))
}

/// Drops the schemas an earlier run of the suite left, once per test process and before this
/// process makes any (the others wait for it).
async fn forget_earlier_runs(conn: &mut sqlx::PgConnection) {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let old: Vec<String> =
            sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 't\\_%'")
                .fetch_all(&mut *conn)
                .await
                .expect("list schemas");
        for s in old {
            conn.execute(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {s} CASCADE"
            )))
            .await
            .expect("drop an earlier run's schema");
        }
    })
    .await;
}

/// Makes the database refuse every new row of `table` for which `condition` (SQL over `NEW`)
/// holds, as a full disk or a constraint would: the write fails inside its transaction, and
/// reads go on working. [`allow_inserts`] takes it back.
#[allow(dead_code)] // the crash tests share this file and tamper with nothing
pub async fn refuse_inserts(db: &sqlx::AnyPool, table: &str, condition: &str) {
    let statements: Vec<String> = if on_postgres() {
        vec![
            format!(
                "CREATE FUNCTION refuse_{table}() RETURNS trigger AS $$ BEGIN \
                 IF {condition} THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW \
                 EXECUTE FUNCTION refuse_{table}()"
            ),
        ]
    } else {
        vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} \
             WHEN {condition} BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )]
    };
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(db)
            .await
            .expect("trigger");
    }
}

/// Takes back [`refuse_inserts`] on `table`.
#[allow(dead_code)]
pub async fn allow_inserts(db: &sqlx::AnyPool, table: &str) {
    let statements: Vec<String> = if on_postgres() {
        vec![
            format!("DROP TRIGGER refuse_{table} ON {table}"),
            format!("DROP FUNCTION refuse_{table}()"),
        ]
    } else {
        vec![format!("DROP TRIGGER refuse_{table}")]
    };
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(db)
            .await
            .expect("drop trigger");
    }
}
