//! The two migration folders describe one schema. Each backend's migrated schema is written out
//! in one neutral form (tables, columns with their kind, nullability, key and generation,
//! unique constraints, foreign keys, indexes) and compared with `tests/fixtures/schema.txt`:
//! the SQLite run and the PostgreSQL run of the suite each hold their engine to it, and so to
//! each other. A migration added to one folder and not the other fails one of the two runs.
//!
//! The same description backs the privacy tests' look at what a table stores
//! ([`columns`], [`stored_values`]).

use std::fmt::Write;

use sqlx::{AnyPool, Row};

use crate::common::*;

const EXPECTED: &str = include_str!("../fixtures/schema.txt");

/// Tables the application owns (sqlx's own bookkeeping left out), sorted.
pub async fn tables(pool: &AnyPool) -> Vec<String> {
    let sql = if crate::database::on_postgres() {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
         ORDER BY table_name"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '_sqlx_migrations' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    };
    sqlx::query_scalar(sql)
        .fetch_all(pool)
        .await
        .expect("tables")
}

/// One column as both engines can say it.
#[derive(Debug)]
pub struct Column {
    pub name: String,
    /// `int`, `text` or `bytes`.
    pub kind: &'static str,
    pub not_null: bool,
    /// Position in the primary key (1-based), 0 if not part of it.
    pub pk: i64,
    /// Computed from other columns (`queue_rule`).
    pub generated: bool,
}

fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "int",
        "text" => "text",
        "blob" | "bytea" => "bytes",
        other => panic!("column type {other} is neither engine's usual"),
    }
}

/// The columns of `table` in their order.
pub async fn columns(pool: &AnyPool, table: &str) -> Vec<Column> {
    if crate::database::on_postgres() {
        let rows = sqlx::query(
            "SELECT CAST(c.column_name AS TEXT) AS name, CAST(c.data_type AS TEXT) AS ty, \
             CAST(c.is_nullable AS TEXT) AS nullable, CAST(c.is_generated AS TEXT) AS generated, \
             CAST(COALESCE(( \
                SELECT k.ordinal_position FROM information_schema.key_column_usage k \
                JOIN information_schema.table_constraints t \
                  ON t.constraint_name = k.constraint_name AND t.table_schema = k.table_schema \
                WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema \
                  AND k.table_name = c.table_name AND k.column_name = c.column_name), 0) \
             AS BIGINT) AS pk \
             FROM information_schema.columns c \
             WHERE c.table_schema = current_schema() AND c.table_name = $1 \
             ORDER BY c.ordinal_position",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("columns");
        rows.iter()
            .map(|r| Column {
                name: r.get("name"),
                kind: kind(&r.get::<String, _>("ty")),
                not_null: r.get::<String, _>("nullable") == "NO",
                pk: r.get("pk"),
                generated: r.get::<String, _>("generated") == "ALWAYS",
            })
            .collect()
    } else {
        let rows = sqlx::query(
            "SELECT name, type, \"notnull\" AS nn, pk, hidden FROM pragma_table_xinfo($1) \
             ORDER BY cid",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("columns");
        rows.iter()
            .map(|r| Column {
                name: r.get("name"),
                kind: kind(&r.get::<String, _>("type")),
                // A primary key column of a WITHOUT ROWID table is NOT NULL whether or not
                // it says so; PostgreSQL makes every primary key column NOT NULL.
                not_null: r.get::<i64, _>("nn") != 0 || r.get::<i64, _>("pk") != 0,
                pk: r.get("pk"),
                generated: r.get::<i64, _>("hidden") >= 2,
            })
            .collect()
    }
}

/// One query in each engine's words, `(PostgreSQL, SQLite)`, taking the table name as `$1`.
type EngineSql = (&'static str, &'static str);

/// The rows of an [`EngineSql`] query for `table`, as sorted strings.
async fn sorted(pool: &AnyPool, table: &str, (postgres, sqlite): EngineSql) -> Vec<String> {
    let sql = if crate::database::on_postgres() {
        postgres
    } else {
        sqlite
    };
    let mut out: Vec<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(pool)
        .await
        .expect(sql);
    out.sort();
    out
}

/// Unique constraints other than the primary key, as sorted column lists.
const UNIQUES: EngineSql = (
    "SELECT CAST(string_agg(k.column_name, ',' ORDER BY k.column_name) AS TEXT) \
             FROM information_schema.table_constraints t \
             JOIN information_schema.key_column_usage k \
               ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema \
             WHERE t.table_schema = current_schema() AND t.table_name = $1 \
               AND t.constraint_type = 'UNIQUE' GROUP BY t.constraint_name",
    "SELECT (SELECT group_concat(name, ',') FROM \
                (SELECT name FROM pragma_index_info(l.name) ORDER BY name)) \
             FROM pragma_index_list($1) l WHERE l.origin = 'u'",
);

/// Foreign keys as `column -> table(column) on delete ACTION`.
const FOREIGN_KEYS: EngineSql = (
    "SELECT CAST(a.attname || ' -> ' || rt.relname || '(' || ra.attname || ') on delete ' \
               || CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
                  WHEN 'r' THEN 'RESTRICT' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END \
               AS TEXT) \
             FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid \
             JOIN pg_class rt ON rt.oid = c.confrelid \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
             JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] \
             WHERE c.contype = 'f' AND t.relname = $1 \
               AND t.relnamespace = CAST(current_schema() AS regnamespace)",
    "SELECT \"from\" || ' -> ' || \"table\" || '(' || \"to\" || ') on delete ' \
             || on_delete FROM pragma_foreign_key_list($1)",
);

/// Indexes made with CREATE INDEX (not those behind a key or unique constraint), with their
/// columns in order.
const INDEXES: EngineSql = (
    "SELECT CAST(i.relname || '(' || ( \
                SELECT string_agg(a.attname, ',' ORDER BY k.n) \
                FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) \
                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) \
             || ')' AS TEXT) \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_class t ON t.oid = x.indrelid \
             WHERE t.relname = $1 AND t.relnamespace = CAST(current_schema() AS regnamespace) \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
    "SELECT l.name || '(' || (SELECT group_concat(name, ',') FROM \
                (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')' \
             FROM pragma_index_list($1) l WHERE l.origin = 'c'",
);

/// The whole schema in the neutral form of `tests/fixtures/schema.txt`.
pub async fn describe(pool: &AnyPool) -> String {
    let mut out = String::new();
    for table in tables(pool).await {
        let _ = writeln!(out, "table {table}");
        for c in columns(pool, &table).await {
            let _ = writeln!(
                out,
                "  column {} {}{}{}{}",
                c.name,
                c.kind,
                if c.not_null { " not null" } else { "" },
                if c.pk > 0 {
                    format!(" pk{}", c.pk)
                } else {
                    String::new()
                },
                if c.generated { " generated" } else { "" },
            );
        }
        for u in sorted(pool, &table, UNIQUES).await {
            let _ = writeln!(out, "  unique ({u})");
        }
        for f in sorted(pool, &table, FOREIGN_KEYS).await {
            let _ = writeln!(out, "  foreign key {f}");
        }
        for i in sorted(pool, &table, INDEXES).await {
            let _ = writeln!(out, "  index {i}");
        }
    }
    out
}

/// Every value stored in every table, as bytes (text as UTF-8, integers in decimal), for
/// tests that search what is at rest for something that must not be there. On SQLite the
/// file itself is searched as well; on PostgreSQL this is what the server was sent.
pub async fn stored_values(pool: &AnyPool) -> Vec<u8> {
    let mut out = Vec::new();
    for table in tables(pool).await {
        let cols = columns(pool, &table).await;
        let sql = format!("SELECT * FROM {table}");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
            .expect("rows");
        for row in &rows {
            for c in &cols {
                match c.kind {
                    "bytes" => {
                        if let Some(b) = row.get::<Option<Vec<u8>>, _>(c.name.as_str()) {
                            out.extend_from_slice(&b);
                        }
                    }
                    "text" => {
                        if let Some(t) = row.get::<Option<String>, _>(c.name.as_str()) {
                            out.extend_from_slice(t.as_bytes());
                        }
                    }
                    _ => {
                        if let Some(n) = row.get::<Option<i64>, _>(c.name.as_str()) {
                            out.extend_from_slice(n.to_string().as_bytes());
                        }
                    }
                }
                out.push(0);
            }
        }
    }
    out
}

#[tokio::test]
async fn the_migrated_schema_is_the_one_both_engines_share() {
    let app = TestApp::new().await;
    let pool = app.db().await;
    let got = describe(&pool).await;
    if got != EXPECTED {
        let engine = app.store.backend();
        panic!(
            "the {engine:?} schema differs from tests/fixtures/schema.txt; a migration is \
             missing from one of migrations/sqlite and migrations/postgres, or the fixture is \
             out of date.\n--- expected\n{EXPECTED}\n--- {engine:?}\n{got}"
        );
    }
}

#[tokio::test]
async fn both_folders_hold_the_same_migrations() {
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(format!("migrations/{dir}"))
            .expect("migrations folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
    assert!(names("sqlite").len() >= 7);
}

#[tokio::test]
async fn a_backup_copy_names_every_table_and_column_there_is() {
    // store::copy lists what a backup of PostgreSQL (and a restore into it) copies: a table
    // or column added by a migration and not listed there would be silently left behind.
    let app = TestApp::new().await;
    let pool = app.db().await;
    let listed: Vec<&str> = filimbi::store::TABLES.iter().map(|(t, _)| *t).collect();
    for table in tables(&pool).await {
        if filimbi::store::NOT_COPIED.contains(&table.as_str()) {
            assert!(!listed.contains(&table.as_str()), "{table}");
            continue;
        }
        let (_, cols) = filimbi::store::TABLES
            .iter()
            .find(|(t, _)| *t == table)
            .unwrap_or_else(|| panic!("store::copy does not copy {table}"));
        let stored: Vec<(String, &str)> = columns(&pool, &table)
            .await
            .into_iter()
            .filter(|c| !c.generated)
            .map(|c| (c.name, c.kind))
            .collect();
        let copied: Vec<(String, &str)> = cols
            .iter()
            .map(|(n, k)| ((*n).to_owned(), filimbi::store::kind_name(*k)))
            .collect();
        assert_eq!(copied, stored, "{table}");
    }
    assert_eq!(
        listed.len() + filimbi::store::NOT_COPIED.len(),
        tables(&pool).await.len()
    );
}

#[tokio::test]
async fn no_counter_numbers_the_rows_in_the_order_they_arrive() {
    let app = TestApp::new().await;
    let pool = app.db().await;
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect(sql)
        }
    };
    if crate::database::on_postgres() {
        // No SERIAL (a sequence as the default) and no identity column anywhere.
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM information_schema.columns \
                 WHERE table_schema = current_schema() \
                 AND (column_default LIKE 'nextval%' OR is_identity = 'YES')"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM information_schema.sequences \
                 WHERE sequence_schema = current_schema()"
            )
            .await,
            0
        );
    } else {
        // No AUTOINCREMENT, and the tables that keep SQLite's rowid are the ones whose
        // numbers are public or staff-side by design, or random (blob_chunks, and the sealed
        // identifier lists: rows too large for a WITHOUT ROWID table's pages).
        assert_eq!(
            count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'").await,
            0
        );
        let with_rowid: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' \
             AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name",
        )
        .fetch_all(&pool)
        .await
        .expect("tables");
        assert_eq!(
            with_rowid,
            [
                "audit_log",
                "blob_chunks",
                "case_identifiers",
                "warning_drafts",
                "warning_entries",
                "warning_events"
            ]
        );
    }
}
