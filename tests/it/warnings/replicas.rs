//! Several `filimbi serve` processes on one database, any request on any of them: the test
//! starts two real servers on one instance's data (on PostgreSQL one schema, on SQLite one
//! file) and speaks HTTP to both, as a load balancer would send a person's requests.

use std::time::{Duration, Instant};

use crate::slowloris::start_server_logged;

use super::*;

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
    let (entries, _) = app
        .state
        .staff
        .audit
        .verify()
        .await
        .expect("audit")
        .expect("one chain, no fork");
    assert!(entries >= 6, "{entries} entries");
}
