//! Rows written straight into the database (a hand edit, another tool, a configuration changed
//! since): the list built from them still keeps its rules, or refuses to load.

use filimbi::services::warnings::WarningsError;
use filimbi::store::StoreError;

use super::*;

impl TestApp {
    /// Runs one SQL statement on this instance's database file, as someone with shell access
    /// to the server would.
    async fn sql(&self, statement: &'static str) {
        let url = filimbi::store::sqlite_url(&self.data_dir().join("filimbi.sqlite3"));
        let pool = sqlx::SqlitePool::connect(&url).await.expect("database");
        sqlx::query(statement)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
        pool.close().await;
    }

    /// Reloads the list from the database, expecting the store to call it corrupt.
    async fn reload_corrupt(&self) -> String {
        match self.state.warnings.reload().await {
            Err(WarningsError::Store(StoreError::Corrupt(why))) => why,
            other => panic!("expected a corrupt-data error, got {other:?}"),
        }
    }
}

/// A state the code does not know (a typo, another version's name) is reported as corrupt data,
/// never guessed at and never a panic; the list already served stays served.
#[tokio::test]
async fn an_unknown_stored_state_is_corrupt_data_and_the_served_list_stays() {
    let app = TestApp::new().await;
    let before = app.feed("fake-websites.txt").await.body;

    app.sql("UPDATE warning_entries SET status = 'Active' WHERE id = 1")
        .await;
    let why = app.reload_corrupt().await;
    assert!(why.contains("unknown status \"Active\""), "{why}");
    app.sql("UPDATE warning_entries SET status = 'active' WHERE id = 1")
        .await;

    app.sql("UPDATE warning_events SET action = 'delisted' WHERE seq = 2")
        .await;
    let why = app.reload_corrupt().await;
    assert!(why.contains("unknown action \"delisted\""), "{why}");
    app.sql("UPDATE warning_events SET action = 'listed' WHERE seq = 2")
        .await;

    app.sql("UPDATE warning_entries SET kind = 'website' WHERE id = 3")
        .await;
    let why = app.reload_corrupt().await;
    assert!(why.contains("unknown kind \"website\""), "{why}");

    // Nothing half-loaded: the public side still answers from the last good list.
    assert_eq!(app.verdict("www.ceecertification.com").await, "listed");
    assert_eq!(app.feed("fake-websites.txt").await.body, before);

    app.sql("UPDATE warning_entries SET kind = 'domain' WHERE id = 3")
        .await;
    app.state
        .warnings
        .reload()
        .await
        .expect("repaired list loads");
    assert_eq!(app.feed("fake-websites.txt").await.body, before);
}
