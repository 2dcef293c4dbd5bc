//! Once a receipt is shown, nothing the whistle-blower sent may be lost: not when the server
//! is killed (`kill -9`) under load, and on PostgreSQL not when the database server restarts
//! under load either. A test target of its own: cargo runs test targets one after another, so
//! restarting PostgreSQL here disturbs no other test.
//!
//! On PostgreSQL the restart needs the command that restarts the throw-away cluster, in
//! `FILIMBI_TEST_PG_RESTART` (`.ci/postgres` sets it; README, "Tests").

// Helpers here are test code even outside #[test] fns: a failed step must fail the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "it/common.rs"]
mod common;
#[path = "it/database.rs"]
mod database;
#[path = "it/http_client.rs"]
mod http_client;

use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use common::{TestApp, encode};

/// The server process, killed (SIGKILL) when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `filimbi serve` on `app`'s data, rate limits off (this is load), on `addr`.
async fn serve(app: &TestApp, addr: SocketAddr) -> Server {
    let server = Server(
        database::command(app.dir.path())
            .current_dir(app.dir.path())
            .args([
                "--listen",
                &addr.to_string(),
                "--rate-limits",
                "off",
                "serve",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start filimbi"),
    );
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server does not listen");
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
}

/// One report sent as a browser would (form page, then the form); the receipt if one was
/// shown, `None` if the request failed in any way (server gone, database down).
async fn report(addr: SocketAddr, n: usize) -> Option<String> {
    let form = http_client::try_send(
        addr,
        Request::get("/report/other").body(Body::empty()).ok()?,
    )
    .await
    .ok()?;
    let token = form.token()?;
    let text = format!("crash test report {n}");
    let sent = http_client::try_send(
        addr,
        Request::post("/report/other")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(&[
                ("token", &token),
                ("description", &text),
            ])))
            .ok()?,
    )
    .await
    .ok()?;
    (sent.status == StatusCode::OK)
        .then(|| sent.receipt())
        .flatten()
}

/// Whether `receipt` opens its case on the server at `addr`.
async fn opens(addr: SocketAddr, receipt: &str) -> bool {
    let page =
        http_client::send(addr, Request::get("/followup").body(Body::empty()).unwrap()).await;
    let token = page.token().expect("follow-up form token");
    let r = http_client::send(
        addr,
        Request::post("/followup")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(&[
                ("token", &token),
                ("receipt", receipt),
            ])))
            .unwrap(),
    )
    .await;
    r.status == StatusCode::SEE_OTHER
        && r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/followup/case"))
}

/// Four clients sending reports as fast as they can, until `stop`; every receipt shown.
fn load(
    addr: SocketAddr,
    stop: Arc<Mutex<bool>>,
) -> (tokio::task::JoinSet<()>, Arc<Mutex<Vec<String>>>) {
    let shown = Arc::new(Mutex::new(Vec::new()));
    let mut clients = tokio::task::JoinSet::new();
    for c in 0..4 {
        let (shown, stop) = (Arc::clone(&shown), Arc::clone(&stop));
        clients.spawn(async move {
            let mut n = c * 1_000_000;
            while !*stop.lock().unwrap() {
                n += 1;
                match report(addr, n).await {
                    Some(receipt) => shown.lock().unwrap().push(receipt),
                    None => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        });
    }
    (clients, shown)
}

/// Waits until at least `n` receipts were shown.
async fn until_shown(shown: &Mutex<Vec<String>>, n: usize) {
    let start = Instant::now();
    while shown.lock().unwrap().len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no progress under load"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The tests here restart or reconfigure the database server: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `FILIMBI_TEST_PG_RESTART` (no pipes: the restarted postmaster would hold them open
/// for as long as it runs).
fn restart_postgres() {
    let restart = std::env::var("FILIMBI_TEST_PG_RESTART").expect(
        "FILIMBI_TEST_PG_RESTART: the command that restarts the test cluster (README, Tests)",
    );
    let status = std::process::Command::new("sh")
        .args(["-c", &restart])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("restart PostgreSQL");
    assert!(status.success(), "{restart}: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_shown_receipt_is_lost_when_the_server_or_the_database_dies_under_load() {
    let _one = ONE_AT_A_TIME.lock().await;
    let app = TestApp::new().await;
    let addr = free_port();
    let server = serve(&app, addr).await;
    let stop = Arc::new(Mutex::new(false));
    let (mut clients, shown) = load(addr, Arc::clone(&stop));

    // kill -9 in the middle of the load: whatever had its receipt shown is stored.
    until_shown(&shown, 40).await;
    drop(server);
    *stop.lock().unwrap() = true;
    while clients.join_next().await.is_some() {}
    let before_kill = shown.lock().unwrap().clone();
    let server = serve(&app, addr).await;
    for r in &before_kill {
        assert!(
            opens(addr, r).await,
            "a receipt shown before kill -9 opens its case"
        );
    }
    println!("kill -9: {} receipts shown, all open", before_kill.len());

    if database::on_postgres() {
        // PostgreSQL restarts (fast shutdown: open transactions roll back) under load; the
        // server stays up, gets errors meanwhile, and carries on once it is back.
        let stop = Arc::new(Mutex::new(false));
        let (mut clients, shown) = load(addr, Arc::clone(&stop));
        until_shown(&shown, 40).await;
        restart_postgres();
        let at_restart = shown.lock().unwrap().len();
        // The server recovers by itself: receipts are shown again after the restart.
        until_shown(&shown, at_restart + 20).await;
        *stop.lock().unwrap() = true;
        while clients.join_next().await.is_some() {}
        let all = shown.lock().unwrap().clone();
        for r in &all {
            assert!(
                opens(addr, r).await,
                "a receipt shown around a database restart opens"
            );
        }
        println!("PostgreSQL restart: {} receipts shown, all open", all.len());
    }
    drop(server);
}

/// Runs `filimbi investigator list` on `app`'s database; its stderr if it failed.
fn refused(app: &TestApp) -> Option<String> {
    let out = database::command(app.dir.path())
        .current_dir(app.dir.path())
        .args(["investigator", "list"])
        .output()
        .expect("run filimbi");
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Sets a PostgreSQL server setting (`ALTER SYSTEM`) and reloads; `None` resets it.
async fn set(setting: &str, value: Option<&str>) {
    use sqlx::Connection;
    let url = database::postgres().expect("on PostgreSQL");
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
    let sql = match value {
        Some(v) => format!("ALTER SYSTEM SET {setting} = {v}"),
        None => format!("ALTER SYSTEM RESET {setting}"),
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("ALTER SYSTEM (the test URL must be a superuser's)");
    sqlx::query("SELECT pg_reload_conf()")
        .execute(&mut conn)
        .await
        .expect("reload");
    conn.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_would_keep_arrival_times_or_lose_commits_is_refused() {
    let _one = ONE_AT_A_TIME.lock().await;
    let app = TestApp::new().await;
    if !database::on_postgres() {
        // SQLite has no server to misconfigure: its durability is set by Filimbi itself on
        // every connection, and holds.
        let (journal, sync) = app.store.durability().await.expect("durability");
        assert_eq!((journal.as_str(), sync.as_str()), ("wal", "2"));
        assert!(refused(&app).is_none());
        return;
    }
    assert!(refused(&app).is_none(), "a well-set server is accepted");

    // What is not refused but keeps arrival times, `filimbi doctor` names.
    let doctor = || {
        let out = database::command(app.dir.path())
            .current_dir(app.dir.path())
            .arg("doctor")
            .output()
            .expect("run filimbi doctor");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let said = doctor();
    assert!(said.contains("PostgreSQL keeps no statement log"), "{said}");
    set("log_connections", Some("on")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let said = doctor();
    set("log_connections", None).await;
    assert!(
        said.contains("log_connections dates every request"),
        "{said}"
    );

    // fsync off (takes effect on reload): a shown receipt could be lost in a crash.
    set("fsync", Some("off")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let said = refused(&app);
    set("fsync", None).await;
    let said = said.expect("refused with fsync off");
    assert!(said.contains("fsync"), "{said}");

    // Commit timestamps (take effect on restart): every report's arrival time.
    set("track_commit_timestamp", Some("on")).await;
    restart_postgres();
    let said = refused(&app);
    set("track_commit_timestamp", None).await;
    restart_postgres();
    let said = said.expect("refused with track_commit_timestamp on");
    assert!(said.contains("track_commit_timestamp"), "{said}");
    assert!(refused(&app).is_none(), "accepted again once it is off");
}
