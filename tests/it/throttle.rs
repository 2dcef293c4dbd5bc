//! Guessing locks no one out: a per-account throttle slows guesses at one account without ever
//! keeping its owner out, every refused login is answered at one fixed time (so neither a
//! busy key-derivation queue nor a name that does not exist shows in the timing), and the
//! throttle is shown to operators and cleared by `filimbi investigator unlock`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use filimbi::domain::account::LoginPolicy;
use filimbi::store::AuditRow;

use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::staff::*;

/// A wrong password that passes no check.
const WRONG: &str = "not the password at all";

/// The audit entries of `action`, oldest first.
async fn audited(app: &TestApp, action: &str) -> Vec<AuditRow> {
    let (mut rows, _) = app.state.staff.audit.recent(5000).await.unwrap();
    rows.reverse();
    rows.retain(|r| r.action == action);
    rows
}

/// Posts the login form (its token fetched first) and times the POST alone.
async fn timed_login(app: &TestApp, name: &str, password: &str, code: &str) -> (Reply, Duration) {
    let token = app.get("/staff/login").await.token().expect("login token");
    let started = Instant::now();
    let reply = app
        .post_form(
            "/staff/login",
            &[
                ("token", &token),
                ("name", name),
                ("password", password),
                ("code", code),
            ],
        )
        .await;
    (reply, started.elapsed())
}

/// `n` wrong guesses at `name`, all at once; every one is refused.
async fn burst(app: &TestApp, name: &str, n: usize) {
    let replies =
        futures_util::future::join_all((0..n).map(|_| app.login_with(name, WRONG, "123456"))).await;
    for r in replies {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
}

/// The line of `investigator list` for `name`.
fn listed(app: &TestApp, name: &str) -> String {
    let out = filimbi(app.dir.path(), &["investigator", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("{name} not listed"))
        .to_owned()
}

#[tokio::test]
async fn twenty_wrong_passwords_for_admin_do_not_keep_the_owner_out() {
    let app = TestApp::new().await;
    let admin = app.investigator("admin", true).await;
    app.clock.advance(30);
    burst(&app, "admin", 20).await;
    // A few seconds after the last guess (the clock moves 4 s), the owner types the right
    // password and a valid code, and is in, after at most a few seconds' wait.
    app.clock.advance(4);
    let code = admin.secret.code_at(app.clock_now());
    let (reply, took) = timed_login(&app, "admin", PASSWORD, &code).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(session_cookie(&reply).is_some());
    assert!(took < Duration::from_secs(6), "the owner waited {took:?}");
    // Audited: once when the throttle engaged, and the login says what came before it.
    let engaged = audited(&app, "login.throttled").await;
    assert_eq!(engaged.len(), 1, "one entry, not one per guess");
    assert_eq!(engaged[0].subject, "admin");
    let login = audited(&app, "login").await;
    let last = login.last().expect("login audited");
    assert!(
        last.detail.starts_with("after 5 unsuccessful attempt"),
        "{}",
        last.detail
    );
    assert!(audited(&app, "login.failed").await.is_empty());
    // The success cleared the throttle.
    assert!(
        listed(&app, "admin").ends_with(" -"),
        "{}",
        listed(&app, "admin")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_parallel_guesses_gets_few_real_checks() {
    let app = Arc::new(TestApp::new().await);
    let who = app.investigator("amani", false).await;
    app.clock.advance(30);
    let accounts = &app.state.staff.accounts;
    let before = accounts.kdf_runs();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let app = Arc::clone(&app);
        tasks.push(tokio::spawn(async move {
            // The right password with wrong codes: only the code stands in the way.
            let code = format!("{:06}", 100_000 + i);
            app.login_with("amani", PASSWORD, &code).await.status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    // The three free checks, then one after 1 s and one after 3 s; the other fifteen found
    // no slot they could wait for, and were refused unchecked.
    let checks = accounts.kdf_runs() - before;
    assert_eq!(checks, 5, "a burst of 20 guesses got {checks} real checks");
    // A later guess waits for the next slot, spaced by the throttle.
    let policy = LoginPolicy::default();
    assert_eq!(policy.wait_after(5), 4);
    // The owner, some seconds on, gets in.
    app.clock.advance(30);
    let code = who.secret.code_at(app.clock_now());
    let r = app.login_with("amani", PASSWORD, &code).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn the_throttle_shows_in_the_list_and_on_the_accounts_page_and_unlock_clears_it() {
    let app = TestApp::new().await;
    let admin = app.investigator("admin", true).await;
    let amani = app.investigator("amani", false).await;
    app.clock.advance(30);
    burst(&app, "amani", 2).await;
    assert!(
        listed(&app, "amani").ends_with(" 2 failed"),
        "{}",
        listed(&app, "amani")
    );
    burst(&app, "amani", 6).await;
    let line = listed(&app, "amani");
    assert!(line.contains("throttled: 5 failed"), "{line}");
    assert!(listed(&app, "admin").ends_with(" -"));

    let login = app.login(&admin).await;
    let page = app.staff_get("/staff/accounts", &login.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = |body: &str, name: &str| {
        let start = body.find(&format!("data-account=\"{name}\"")).expect("row");
        body[start..start + body[start..].find("</tr>").expect("row end")].to_owned()
    };
    let amani_row = row(&page.body, "amani");
    assert!(
        amani_row.contains("throttled: 5 failed attempts"),
        "{amani_row}"
    );
    assert!(
        !row(&page.body, "admin").contains("failed"),
        "the admin logged in: nothing to show"
    );
    let fr = app
        .staff_get("/staff/accounts?lang=fr", &login.cookie)
        .await;
    assert!(
        row(&fr.body, "amani").contains("ralenti : 5 tentatives échouées"),
        "{}",
        row(&fr.body, "amani")
    );

    // `investigator unlock` clears it, and says so in the audit log.
    let out = filimbi(app.dir.path(), &["investigator", "unlock", "amani"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("5 attempt(s) without a success"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        listed(&app, "amani").ends_with(" -"),
        "{}",
        listed(&app, "amani")
    );
    let unlocked = audited(&app, "account.unlock").await;
    assert_eq!(unlocked.len(), 1);
    assert_eq!(
        (unlocked[0].actor.as_str(), unlocked[0].subject.as_str()),
        ("cli", "amani")
    );
    let page = app.staff_get("/staff/accounts", &login.cookie).await;
    assert!(!row(&page.body, "amani").contains("failed"));
    // Its next attempts are checked at once: three wrong ones in parallel, all checked.
    let before = app.state.staff.accounts.kdf_runs();
    burst(&app, "amani", 3).await;
    assert_eq!(app.state.staff.accounts.kdf_runs() - before, 3);
    let missing = filimbi(app.dir.path(), &["investigator", "unlock", "nobody"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no such account"),
        "{}",
        stderr(&missing)
    );

    // An admin clears it from the Accounts page too, where the button shows while it is set.
    let page = app.staff_get("/staff/accounts", &login.cookie).await;
    let amani_row = row(&page.body, "amani");
    assert!(
        amani_row.contains("throttled: 3 failed attempts"),
        "{amani_row}"
    );
    assert!(amani_row.contains("value=\"unlock\""), "{amani_row}");
    assert!(!row(&page.body, "admin").contains("value=\"unlock\""));
    let done = app
        .staff_post(
            "/staff/accounts",
            &login,
            &[("action", "unlock"), ("name", "amani")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        by_id(&done.body, "flash").is_some_and(|f| f.contains("amani")),
        "{}",
        done.body
    );
    assert!(!row(&done.body, "amani").contains("failed"));
    let unlocked = audited(&app, "account.unlock").await;
    assert_eq!(unlocked.len(), 2);
    assert_eq!(
        (unlocked[1].actor.as_str(), unlocked[1].detail.as_str()),
        ("admin", "3 attempts without a success")
    );
    // The owner, meanwhile, was never kept out.
    let ok = app.login(&amani).await;
    assert!(!ok.cookie.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_logins_answer_at_one_fixed_time_even_with_the_key_derivation_queue_busy() {
    let app = Arc::new(TestApp::new().await);
    let fixed = LoginPolicy::default().refusal_time;
    let amani = app.investigator("amani", false).await;
    let mut busy_names = Vec::new();
    for i in 0..4 {
        let name = format!("busy{i}");
        app.investigator(&name, false).await;
        busy_names.push(name);
    }
    app.clock.advance(30);
    let code = amani.secret.code_at(app.clock_now());

    // Quiet queue: an unknown name and a known one with a wrong password.
    let (unknown, t_unknown) = timed_login(&app, "nobody", WRONG, &code).await;
    let (known, t_known) = timed_login(&app, "amani", WRONG, &code).await;
    // Busy queue: twelve real checks (three free ones on each of four accounts) take the two
    // key-derivation slots while the probes run.
    let load = {
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let app = &app;
            futures_util::future::join_all(busy_names.iter().flat_map(|name| {
                (0..3).map(move |_| async move { timed_login(app, name, WRONG, "123456").await })
            }))
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (busy_unknown, t_busy_unknown) = timed_login(&app, "nobody", WRONG, &code).await;
    let (busy_known, t_busy_known) = timed_login(&app, "amani", WRONG, &code).await;
    let loaded = load.await.unwrap();

    let mut times = vec![t_unknown, t_known, t_busy_unknown, t_busy_known];
    for r in [&unknown, &known, &busy_unknown, &busy_known] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    for (r, t) in &loaded {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        times.push(*t);
    }
    eprintln!("refusal times: {times:?}");
    for t in &times {
        assert!(
            *t >= fixed && *t < fixed + Duration::from_millis(400),
            "a refusal answered after {t:?}, not {fixed:?}: {times:?}"
        );
    }
    // A success is not held back: it is answered when done.
    app.clock.advance(30);
    let code = amani.secret.code_at(app.clock_now());
    let (ok, t_ok) = timed_login(&app, "amani", PASSWORD, &code).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    eprintln!("successful login (one Argon2id, quiet queue): {t_ok:?}");
    assert!(t_ok < fixed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_share_one_throttle() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let (_server_a, addr_a) =
        crate::slowloris::start_server_logged(app.dir.path(), &[], "server-a.log").await;
    let (_server_b, addr_b) =
        crate::slowloris::start_server_logged(app.dir.path(), &[], "server-b.log").await;
    let (a, b) = (app.remote(addr_a), app.remote(addr_b));
    // Ten guesses on each server at once, as a balancer would spread them.
    tokio::join!(burst(&a, "amani", 10), burst(&b, "amani", 10));
    // Every attempt that was checked took a slot in the shared row: the two servers together
    // checked as many as one would have (five, or six if a second ticked over meanwhile).
    let throttles = app.state.staff.accounts.throttles().await.unwrap();
    assert_eq!(throttles.len(), 1, "one account");
    let checked = throttles[0].1.failures;
    assert!(
        (5..=6).contains(&checked),
        "{checked} of 20 guesses checked"
    );
    // A few seconds after the guesses, the owner gets in through either server.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let login = b.login(&who).await;
    assert!(!login.cookie.is_empty());
}
