//! Several `filimbi serve` processes on one database, any request on any of them: the test
//! starts two real servers on one instance's data (on PostgreSQL one schema, on SQLite one
//! file) and speaks HTTP to both, as a load balancer would send a person's requests.

use std::time::{Duration, Instant};

use crate::slowloris::start_server_logged;

use super::*;

/// The audit chain's length, asserting it verifies: one head, no fork.
async fn chain_entries(app: &TestApp) -> i64 {
    let (entries, _) = app
        .state
        .staff
        .audit
        .verify()
        .await
        .expect("audit")
        .expect("one chain, no fork");
    entries
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_share_cases_sessions_and_the_warning_list() {
    // The harness's own instance makes the keys, the database and two investigators; the
    // two servers then run on exactly that (server.key and feed-signing.key shared).
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let baraka = app.investigator("baraka", true).await;
    let (_server_a, addr_a) = start_server_logged(app.dir.path(), &[], "server-a.log").await;
    let (_server_b, addr_b) = start_server_logged(app.dir.path(), &[], "server-b.log").await;
    let a = app.remote(addr_a);
    let b = app.remote(addr_b);

    // A whistle-blower reports on A (form from B, sent to A: the form token is shared too)
    // and gets a receipt; an investigator logged in on B reads the case.
    let form = b.get("/report/fake-website").await;
    let token = form.token().expect("form token from B");
    let sent = a
        .post_form(
            "/report/fake-website",
            &[
                ("token", &token),
                ("web_address", "icglr-replica-test.example"),
                ("description", "REPLICA-CANARY seen on a forged certificate"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let receipt = sent.receipt().expect("receipt from A");
    let case = app
        .store
        .list_cases(None)
        .await
        .expect("cases")
        .into_iter()
        .next()
        .expect("the case is stored")
        .id
        .as_str()
        .to_owned();
    let on_b = b.login(&baraka).await;
    let page = b
        .staff_get(&format!("/staff/case/{case}"), &on_b.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("REPLICA-CANARY"), "B decrypts A's case");

    // The session and CSRF token made on B work on A: A marks it verified and drafts.
    let queue = a.staff_get("/staff", &on_b.cookie).await;
    assert_eq!(queue.status, StatusCode::OK, "B's session on A");
    a.mark_verified(&on_b, &case).await;
    let target = "icglr-replica-test.example";
    let (en, fr) = (
        "Imitates the certification authority's verification page.",
        "Imite la page de vérification de l'autorité de certification.",
    );
    assert_eq!(
        a.draft_warning(&on_b, &case, target, en, fr).await,
        "warning-drafted"
    );

    // The whistle-blower comes back on B with the receipt A showed, and A shows the case.
    let visitor = b.come_back(&receipt).await;
    let followup = a.visit(&visitor, "/followup/case").await;
    assert_eq!(followup.status, StatusCode::OK, "B's follow-up pass on A");

    // The second investigator approves on B; A serves it, signed, within two seconds.
    // (A view of its own, so that its clock asks for a code of the current TOTP step.)
    let on_b2 = app.remote(addr_b).login(&amani).await;
    let list = b.staff_get("/staff/warnings", &on_b2.cookie).await;
    let draft = hidden(&list.body, "draft").expect("draft listed on B");
    let etag_before = a.feed("fake-websites.txt").await.headers["etag"].clone();
    assert_eq!(
        b.warnings_action(&on_b2, &[("action", "approve"), ("draft", &draft)])
            .await,
        "warning-approved"
    );
    let approved = Instant::now();
    let served = loop {
        let feed = a.feed("fake-websites.txt").await;
        if feed.body.contains(target) {
            break feed;
        }
        assert!(
            approved.elapsed() < Duration::from_secs(2),
            "A serves B's approval within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    println!("A served B's approval after {:?}", approved.elapsed());
    assert_ne!(served.headers["etag"], etag_before, "a new ETag");
    assert_eq!(a.verdict(target).await, "listed", "A's check knows it");
    let dir = tempfile::tempdir().expect("tempdir");
    let allowed = a.feed("allowed_signers").await.body;
    let sig = a.feed("fake-websites.txt.sig").await.body;
    let verified = ssh_verify(dir.path(), &allowed, served.body.as_bytes(), &sig);
    assert!(verified.status.success(), "{}", text(&verified));
    // Both sign with the one shared key: B's signature of the same feed verifies as well.
    let from_b = b.feed("fake-websites.txt").await;
    assert_eq!(from_b.body, served.body);
    let sig_b = b.feed("fake-websites.txt.sig").await.body;
    let verified = ssh_verify(dir.path(), &allowed, from_b.body.as_bytes(), &sig_b);
    assert!(verified.status.success(), "{}", text(&verified));

    // One audit chain, written by both, intact.
    let entries = chain_entries(&app).await;
    assert!(entries >= 6, "{entries} entries");
}

#[tokio::test]
async fn a_server_with_other_secret_files_refuses_the_shared_database() {
    let app = TestApp::new().await;
    let url = crate::database::url_of(&app.data_dir()).await;
    let other = tempfile::tempdir().expect("tempdir");
    let data = other.path().join("data");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_filimbi"))
            .env("DATABASE_URL", &url)
            .arg("--data-dir")
            .arg(&data)
            .arg("--keys-dir")
            .arg(app.dir.path().join("keys"))
            .args(["investigator", "list"])
            .output()
            .expect("run filimbi")
    };
    // A second server whose data directory was not copied: it made its own server.key.
    let out = run();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("server.key") && said.contains("not the one this database was made with"),
        "{said}"
    );
    // With server.key copied, the feed key is the next to differ.
    std::fs::copy(app.data_dir().join("server.key"), data.join("server.key"))
        .expect("copy server.key");
    let said = String::from_utf8_lossy(&run().stderr).into_owned();
    assert!(said.contains("feed-signing.key"), "{said}");
    std::fs::copy(
        app.data_dir().join("feed-signing.key"),
        data.join("feed-signing.key"),
    )
    .expect("copy feed-signing.key");
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_on_two_servers_at_once_keep_ids_tokens_and_the_audit_chain_whole() {
    // Publishing without a second approval, so that every draft is a write of the list.
    let app = TestApp::with_options(|o| o.two_person_rule = false).await;
    let amani = app.investigator("amani", true).await;
    let baraka = app.investigator("baraka", true).await;
    let args = ["--two-person-rule", "false"];
    let (_server_a, addr_a) = start_server_logged(app.dir.path(), &args, "server-a.log").await;
    let (_server_b, addr_b) = start_server_logged(app.dir.path(), &args, "server-b.log").await;
    let (a, b) = (app.remote(addr_a), app.remote(addr_b));
    let (on_a, on_b) = (a.login(&amani).await, b.login(&baraka).await);

    // An account made on A is set up on B, through its one-time link.
    let made = a
        .staff_post(
            "/staff/accounts",
            &on_a,
            &[("action", "create"), ("name", "chausiku")],
        )
        .await;
    let link_url = by_id(&made.body, "setup-link").expect("setup link shown on A");
    let link = link_url.rsplit('/').next().expect("link token").to_owned();
    let (set_up, _) = app.remote(addr_b).complete_setup(&link, PASSWORD).await;
    assert_eq!(set_up.status, StatusCode::SEE_OTHER, "{}", set_up.body);
    let again = a.get(&format!("/staff/setup/{link}")).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "used once, on B: gone on A too"
    );

    // One form token sent to both servers at the same moment: one report, one receipt.
    let token = a.get("/report/other").await.token().expect("token");
    let fields = [
        ("token", token.as_str()),
        ("description", "sent twice at once"),
    ];
    let (ra, rb) = tokio::join!(
        a.post_form("/report/other", &fields),
        b.post_form("/report/other", &fields)
    );
    let receipts = [ra.receipt(), rb.receipt()];
    assert_eq!(
        receipts.iter().filter(|r| r.is_some()).count(),
        1,
        "a spent token is spent on every server"
    );

    // Twelve listings published at once, half through each server.
    let mut cases = Vec::new();
    for i in 0..12 {
        let case = a.submit_case(&format!("Concurrent listing {i}.")).await;
        a.mark_verified(&on_a, &case).await;
        cases.push(case);
    }
    let mut drafts = tokio::task::JoinSet::new();
    for (i, case) in cases.into_iter().enumerate() {
        let (server, login) = if i % 2 == 0 {
            (app.remote(addr_a), on_a.clone())
        } else {
            (app.remote(addr_b), on_b.clone())
        };
        drafts.spawn(async move {
            let target = format!("concurrent-{i}.icglr-fake.example");
            server
                .draft_warning(&login, &case, &target, "A fake.", "Un faux.")
                .await
        });
    }
    while let Some(done) = drafts.join_next().await {
        assert_eq!(done.expect("task"), "warning-published");
    }
    // Each server serves all twelve within 2 s (the other's half arrives by NOTIFY on
    // PostgreSQL, by the one-second re-check on SQLite).
    let started = Instant::now();
    for server in [&a, &b] {
        loop {
            let feed = server.feed("fake-websites.txt").await.body;
            if feed.matches(".icglr-fake.example").count() == 12 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(2), "{feed}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    for i in 0..12 {
        let target = format!("concurrent-{i}.icglr-fake.example");
        let (_, v, _) = b.check_json(&target).await;
        assert_eq!(v["verdict"], "listed", "{target}");
        ids.insert(v["entry"]["id"].as_i64().expect("entry id"));
    }
    assert_eq!(ids.len(), 12, "twelve distinct entry ids");
    let entries = chain_entries(&app).await;
    // At least, per listing: the case marked verified and the listing published.
    assert!(entries >= 12 * 2 + 2, "{entries}");
}
