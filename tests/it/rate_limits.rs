//! Rate limits per class of route, never per client: each class is limited on its own, a
//! limited whistle-blower gets the form back with what they typed, machines get 429 with
//! `Retry-After`, `--rate-limits off` switches everything off, and logins with made-up names
//! cost no key derivation.

use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use filimbi::services::rate::{Rate, RateLimits};

use crate::common::{Reply, TestApp, wrong_receipt};

/// Tiny limits: a burst of 3, refilled once a second.
pub(crate) fn tiny() -> RateLimits {
    let r = Rate::new(1, 3);
    RateLimits {
        enabled: true,
        submit: r,
        // Room for the report forms these tests fetch; the form class has a test of its own.
        form: Rate::new(100, 100),
        followup: r,
        receipt: r,
        login: r,
        public: r,
        staff: r,
        gateway: r,
    }
}

fn retry_after(r: &Reply) -> u64 {
    r.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After on {}: {}", r.status, r.body))
}

fn content_type(r: &Reply) -> String {
    r.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// `n` report forms sent at once, each with its own fresh token, as `n` people would.
async fn reports_at_once(app: &TestApp, n: usize, description: &str) -> Vec<Reply> {
    let mut tokens = Vec::new();
    for _ in 0..n {
        tokens.push(app.token("other").await);
    }
    futures_util::future::join_all(tokens.iter().map(|t| async move {
        app.post_form(
            "/report/other",
            &[("token", t.as_str()), ("description", description)],
        )
        .await
    }))
    .await
}

/// Sends `n` requests at once and returns the replies.
async fn flood(app: &TestApp, path: &str, n: usize) -> Vec<Reply> {
    futures_util::future::join_all((0..n).map(|_| app.get(path))).await
}

#[tokio::test]
async fn a_flood_of_checks_gets_429_with_retry_after_and_leaves_submissions_working() {
    let app = TestApp::with_options(|o| o.rate_limits = tiny()).await;

    let api = flood(&app, "/api/v1/check?q=example.org", 8).await;
    assert_eq!(
        api.iter().filter(|r| r.status == StatusCode::OK).count(),
        3,
        "the burst passes, the rest is refused"
    );
    let refused = api
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a refused check");
    assert!(retry_after(refused) >= 1);
    assert!(content_type(refused).starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&refused.body).expect("JSON");
    assert_eq!(json["error"], "busy");

    // The same class's budget is spent for the feeds and the check page too.
    let feed = app.get("/feeds/fake-websites.json").await;
    assert_eq!(feed.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&feed) >= 1);
    assert!(
        content_type(&feed).starts_with("text/plain"),
        "{feed:?}",
        feed = feed.body
    );
    assert!(feed.body.contains("busy"));
    let page = app.get("/check?q=example.org&lang=fr").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&page) >= 1);
    assert!(content_type(&page).starts_with("text/html"));
    assert!(
        page.body.contains("Occupé, merci de réessayer"),
        "{}",
        page.body
    );

    // Reports are another class: untouched by the flood.
    let r = app
        .submit("other", &[("description", "Gold leaves Bukavu at night.")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.receipt().is_some());
    // Pages outside every class stay open.
    assert_eq!(app.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_limited_report_comes_back_busy_with_every_word_kept_in_its_language() {
    let app = TestApp::with_options(|o| o.rate_limits = tiny()).await;
    let canary = "RATE-CANARY trucks cross at Goma without certificates";
    let replies = reports_at_once(&app, 6, canary).await;
    let stored = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(stored, 3, "the burst of 3 is stored");
    assert_eq!(app.case_count().await, 3);
    let busy = replies
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a refused report");
    assert!(retry_after(busy) >= 1);
    assert!(busy.body.contains(canary), "the typed text is kept");
    assert!(busy.body.contains("please send it again in a minute"));
    assert!(busy.token().is_some(), "a fresh token to send it again");

    // In French, and with a file: the text is kept, the file must be chosen again.
    let token = app.token("other").await;
    let fr = app
        .post_multipart(
            "/report/other?lang=fr",
            &[("token", &token), ("description", canary)],
            &[("scan.txt", b"a scanned note".as_slice())],
        )
        .await;
    assert_eq!(fr.status, StatusCode::TOO_MANY_REQUESTS, "{}", fr.body);
    assert!(retry_after(&fr) >= 1);
    assert!(fr.body.contains(canary));
    assert!(
        fr.body.contains("envoyer de nouveau dans une minute"),
        "{}",
        fr.body
    );
    assert!(fr.body.contains("veuillez choisir vos fichiers à nouveau"));
    assert_eq!(app.case_count().await, 3, "nothing more stored");
    assert_eq!(app.staged_count().await, 0);

    // Once the budget refills, the same form goes through.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fresh = busy.token().expect("token");
    let again = app
        .post_form(
            "/report/other",
            &[("token", fresh.as_str()), ("description", canary)],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(app.case_count().await, 4);
}

#[tokio::test]
async fn a_flood_of_submissions_or_logins_leaves_staff_pages_working() {
    // Staff pages keep the default budget; reports and logins get tiny ones.
    let app = TestApp::with_options(|o| {
        o.rate_limits = RateLimits {
            submit: Rate::new(1, 2),
            login: Rate::new(1, 3),
            ..RateLimits::DEFAULT
        }
    })
    .await;
    let who = app.investigator("amani", true).await;
    let login = app.login(&who).await; // GET + POST: 2 of the login burst of 3

    let replies = reports_at_once(&app, 8, "flood").await;
    assert!(
        replies
            .iter()
            .any(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
    );
    let logins = flood(&app, "/staff/login", 4).await;
    assert!(
        logins
            .iter()
            .any(|r| r.status == StatusCode::TOO_MANY_REQUESTS && retry_after(r) >= 1)
    );

    for path in ["/staff", "/staff/dashboard", "/staff/accounts"] {
        let r = app.staff_get(path, &login.cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }
}

#[tokio::test]
async fn rate_limits_off_switches_every_class_off() {
    let app = TestApp::with_options(|o| {
        o.rate_limits = RateLimits {
            enabled: false,
            ..tiny()
        }
    })
    .await;
    for r in flood(&app, "/api/v1/check?q=example.org", 10).await {
        assert_eq!(r.status, StatusCode::OK);
    }
    for r in flood(&app, "/feeds/fake-websites.json", 10).await {
        assert_eq!(r.status, StatusCode::OK);
    }
    for r in flood(&app, "/staff/login", 10).await {
        assert_eq!(r.status, StatusCode::OK);
    }
    for r in flood(&app, "/followup", 10).await {
        assert_eq!(r.status, StatusCode::OK);
    }
    for r in reports_at_once(&app, 6, "no limit").await {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(app.case_count().await, 6);
    // Receipt attempts too: wrong receipts are answered "unknown", never "busy".
    // A form token is spent once: each try comes with its own.
    let wrong = app.wrong_receipt_tries(6).await;
    let replies = app.post_receipts_at_once(&wrong).await;
    for r in replies {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn logins_with_unknown_names_do_no_key_derivation_and_still_take_the_fixed_time() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let accounts = &app.state.staff.accounts;
    let before = accounts.kdf_runs();

    let started = Instant::now();
    let app = &app;
    let replies = futures_util::future::join_all((0..20).map(|i| {
        let name = format!("nobody{i}");
        async move {
            app.login_with(&name, "a long wrong password", "123456")
                .await
        }
    }))
    .await;
    let elapsed = started.elapsed();
    for r in &replies {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    assert_eq!(accounts.kdf_runs(), before, "no Argon2id for unknown names");
    let fixed = filimbi::domain::account::LoginPolicy::default().refusal_time;
    assert!(elapsed >= fixed, "refusals keep the fixed time");
    // Twenty refusals in parallel wait out one fixed time together: nothing queued them.
    assert!(elapsed < fixed + Duration::from_secs(2), "{elapsed:?}");

    // A known name with a wrong password does the real work, once.
    let r = app
        .login_with(&who.name, "a long wrong password", "123456")
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(accounts.kdf_runs(), before + 1);
    app.login(&who).await;
    assert_eq!(accounts.kdf_runs(), before + 2);
}

/// Rows in the table of spent form tokens: every durable write a form post makes first.
async fn spent_tokens(app: &TestApp) -> i64 {
    let db = app.db().await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM spent_form_tokens")
        .fetch_one(&db)
        .await
        .expect("count");
    db.close().await;
    n
}

#[tokio::test]
async fn a_receipt_attempt_refused_by_the_limit_writes_nothing() {
    let app = TestApp::with_options(|o| {
        o.rate_limits = RateLimits {
            receipt: Rate::new(1, 3),
            ..RateLimits::DEFAULT
        }
    })
    .await;
    let tries = app.wrong_receipt_tries(10).await;
    let before = spent_tokens(&app).await;
    let replies = app.post_receipts_at_once(&tries).await;
    let refused = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let looked_up = replies
        .iter()
        .filter(|r| r.status == StatusCode::NOT_FOUND)
        .count();
    assert_eq!(refused + looked_up, tries.len(), "only busy or unknown");
    assert!(refused >= 5, "the burst of 3 passes, the rest is refused");
    assert_eq!(
        spent_tokens(&app).await - before,
        i64::try_from(looked_up).expect("small"),
        "a token is spent only by an admitted attempt"
    );
    // A refused attempt's token was not spent: once the budget refills, it is still good.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (token, w) = tries
        .iter()
        .zip(&replies)
        .find(|(_, r)| r.status == StatusCode::TOO_MANY_REQUESTS)
        .map(|(t, _)| t)
        .expect("a refused try");
    let again = app
        .post_form("/followup", &[("token", token), ("receipt", w)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
}

#[tokio::test]
async fn a_forms_token_is_refused_by_every_other_form_with_a_clear_page() {
    let app = TestApp::new().await;
    let before = spent_tokens(&app).await;

    // A report form's token at the receipt form: the receipt form again, nothing looked up.
    let report_token = app.token("other").await;
    let r = app
        .post_form(
            "/followup?lang=fr",
            &[("token", &report_token), ("receipt", &wrong_receipt())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("data-notice=\"form-again\""), "{}", r.body);
    assert!(
        r.body.contains("pas pu être vérifié ou a expiré"),
        "{}",
        r.body
    );
    assert!(r.token().is_some(), "a fresh receipt-form token");
    // Nor does a staff login form's token open the receipt form.
    let login_token = app.get("/staff/login").await.token().expect("token");
    let r = app
        .post_form(
            "/followup",
            &[("token", &login_token), ("receipt", &wrong_receipt())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The receipt form's token at a report form: the report form again, every word kept.
    let receipt_token = app.get("/followup").await.token().expect("token");
    app.clock.advance(30);
    let words = "PURPOSE-CANARY the depot at Uvira";
    let r = app
        .post_form(
            "/report/other",
            &[("token", &receipt_token), ("description", words)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        r.body
            .contains("This form could not be checked, so nothing was sent")
    );
    assert!(r.body.contains(words), "the text is kept");
    assert_eq!(app.case_count().await, 0);
    assert_eq!(spent_tokens(&app).await, before, "no token was spent");

    // Each form still takes its own token.
    let fresh = r.token().expect("a fresh report token");
    let r = app
        .post_form(
            "/report/other",
            &[("token", &fresh), ("description", words)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn report_form_pages_mint_tokens_within_their_own_class() {
    let app = TestApp::with_options(|o| {
        o.rate_limits = RateLimits {
            form: Rate::new(1, 3),
            ..RateLimits::DEFAULT
        }
    })
    .await;
    let pages = flood(&app, "/report/other?lang=fr", 8).await;
    assert_eq!(
        pages.iter().filter(|r| r.status == StatusCode::OK).count(),
        3,
        "the burst passes, the rest is refused"
    );
    let refused = pages
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a refused form page");
    assert!(retry_after(refused) >= 1);
    assert!(content_type(refused).starts_with("text/html"));
    assert!(
        refused.body.contains("Occupé, merci de réessayer"),
        "{}",
        refused.body
    );
    assert!(refused.token().is_none(), "a refused page mints no token");
    // A form already on screen is still sent: submissions are another class.
    let token = pages
        .iter()
        .find_map(|r| (r.status == StatusCode::OK).then(|| r.token()).flatten())
        .expect("a served form");
    app.clock.advance(30);
    let r = app
        .post_form(
            "/report/other",
            &[("token", &token), ("description", "x y z")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn the_warnings_search_is_limited_and_an_overlong_search_gets_a_clear_page() {
    let app = TestApp::with_options(|o| {
        o.rate_limits = RateLimits {
            public: Rate::new(1, 3),
            ..RateLimits::DEFAULT
        }
    })
    .await;
    let searches = flood(&app, "/warnings?q=example&lang=sw", 8).await;
    assert_eq!(
        searches
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .count(),
        3,
        "the public class's burst passes, the rest is refused"
    );
    let refused = searches
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a refused search");
    assert!(retry_after(refused) >= 1);
    assert!(
        refused.body.contains("<html lang=\"sw\""),
        "{}",
        refused.body
    );

    let app = TestApp::new().await;
    let longest = "a".repeat(filimbi::domain::warnings::list::MAX_SEARCH_CHARS);
    let r = app.get(&format!("/warnings?q={longest}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (lang, words) in [("en", "Search too long"), ("fr", "Recherche trop longue")] {
        let r = app
            .get(&format!("/warnings?q={longest}b&lang={lang}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains(words), "{lang}: {}", r.body);
        // The older name of the search too.
        let r = app
            .get(&format!("/warnings?cert={longest}b&lang={lang}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    }
}

/// Every `STATUS×N` the summaries in `log` give for `status`, summed.
fn summed(log: &str, status: u16) -> u64 {
    log.lines()
        .filter(|l| l.contains("refused in the last"))
        .flat_map(|l| l.split([' ', ',']))
        .filter_map(|w| w.strip_prefix(&format!("{status}×")))
        .filter_map(|n| n.parse::<u64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_refusals_is_summed_up_never_logged_line_by_line() {
    use crate::slowloris::{exchange, start_open_server};

    let (dir, server, addr) =
        start_open_server(&["--refusal-summary-secs", "2", "--rate-public", "1/3"]).await;
    let log_path = dir.path().join("server.log");
    let read_log = || std::fs::read_to_string(&log_path).expect("log");
    // Whatever the server says at start, said before the flood.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let lines_before = read_log().lines().count();

    let get =
        |path: &str| format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let cross_site = |body: &str| {
        format!(
            "POST /report/other HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Sec-Fetch-Site: cross-site\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    // Refused on its Content-Length alone, before the body is read (so none is sent).
    let huge = format!(
        "POST /report/other HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        600 * 1024
    );
    let mut requests: Vec<(String, StatusCode)> = Vec::new();
    for i in 0..150 {
        requests.push((get(&format!("/no-such-page-{i}")), StatusCode::NOT_FOUND));
    }
    for _ in 0..40 {
        requests.push((cross_site("description=x"), StatusCode::FORBIDDEN));
    }
    for _ in 0..5 {
        requests.push((huge.clone(), StatusCode::PAYLOAD_TOO_LARGE));
    }
    for chunk in requests.chunks(25) {
        let replies = futures_util::future::join_all(
            chunk
                .iter()
                .map(|(raw, _)| exchange(addr, raw.clone().into_bytes())),
        )
        .await;
        for (reply, (_, want)) in replies.iter().zip(chunk) {
            assert_eq!(reply.status, *want, "{}", reply.body);
        }
    }
    // Checks past the public class's burst of 3.
    let checks = futures_util::future::join_all(
        (0..30).map(|_| exchange(addr, get("/check?q=example.org").into_bytes())),
    )
    .await;
    let limited = checks
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(limited >= 20, "{limited} refused");

    // The summaries come within a period or two.
    let mut log = String::new();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        log = read_log();
        if summed(&log, 404) == 150 && summed(&log, 429) == limited as u64 {
            break;
        }
    }
    drop(server);
    assert_eq!(summed(&log, 404), 150, "{log}");
    assert_eq!(summed(&log, 403), 40, "{log}");
    assert_eq!(summed(&log, 413), 5, "{log}");
    assert_eq!(summed(&log, 429), limited as u64, "{log}");
    let new_lines = log.lines().count() - lines_before;
    assert!(
        new_lines <= 4,
        "{} refused requests made {new_lines} log lines:\n{log}",
        195 + limited
    );
    assert!(
        !log.contains("request refused") && !log.contains("cross-site request"),
        "{log}"
    );
}
