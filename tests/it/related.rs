//! Related cases and search by identifier (issue 29): the identifiers a report names are sealed
//! with it, an investigator's session indexes them in memory only, the case page lists the
//! other cases naming the same site, certificate or number, and the queue finds them — never a
//! case the investigator cannot open, never a readable trace in the data directory, the
//! database, the logs or the audit trail.

use axum::http::StatusCode;
use filimbi::services::texting::SmsGateway;

use crate::common::*;
use crate::phone::{NUMBER, app_with, at_sms, config, receipt_in};
use crate::sms_staff::sms_report;
use crate::staff::*;

/// The part of a page from the element with `id` to the first `end` tag after it ("" if
/// there is no such element).
fn part(body: &str, id: &str, end: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let Some(start) = body.find(&marker) else {
        return String::new();
    };
    let rest = &body[start..];
    rest[..rest.find(end).unwrap_or(rest.len())].to_owned()
}

/// A list (`<ul>`) or a paragraph of a page, by id.
fn section(body: &str, id: &str) -> String {
    let ul = part(body, id, "</ul>");
    let p = part(body, id, "</p>");
    if ul.len() <= p.len() || p.is_empty() {
        ul
    } else {
        p
    }
}

/// The related cases a case page lists.
async fn related(app: &TestApp, login: &Login, case: &str) -> String {
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"related\""), "the section is shown");
    section(&page.body, "related-cases")
}

/// The cases the queue lists for `query`.
async fn found(app: &TestApp, login: &Login, query: &str) -> String {
    let page = app
        .staff_get(&format!("/staff?{query}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    part(&page.body, "cases", "</table>")
}

fn lists(html: &str, case: &str) -> bool {
    html.contains(&format!("data-case=\"{case}\""))
}

#[tokio::test]
async fn three_spellings_of_one_site_relate_each_case_to_the_other_two_and_not_the_unrelated_one() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let url = app
        .submit_case_with(
            "fake-website",
            &[
                ("web_address", "https://WWW.Ceec-Verify.com/x"),
                ("description", "They asked for a verification fee."),
            ],
        )
        .await;
    let dot = app
        .submit_case_with(
            "other",
            &[(
                "description",
                "The site ceec-verify.com. wanted my export licence.",
            )],
        )
        .await;
    let mail = app
        .submit_case_with(
            "other",
            &[(
                "description",
                "An agent wrote to me from agent@Ceec-Verify.COM about gold.",
            )],
        )
        .await;
    let unrelated = app
        .submit_case_with(
            "other",
            &[(
                "description",
                "Trucks cross the border at night without papers.",
            )],
        )
        .await;
    let login = app.login(&who).await;
    let three = [&url, &dot, &mail];
    for case in three {
        let shown = related(&app, &login, case).await;
        for other in three {
            assert_eq!(lists(&shown, other), other != case, "{case} lists {other}?");
        }
        assert!(
            !lists(&shown, &unrelated),
            "the unrelated case is not listed"
        );
        assert!(
            shown.contains("ceec-verify.com"),
            "which identifier links them"
        );
    }
    let page = app
        .staff_get(&format!("/staff/case/{unrelated}"), &login.cookie)
        .await;
    assert!(
        page.body.contains("id=\"related-none\""),
        "the unrelated case lists none"
    );
    assert!(section(&page.body, "related-cases").is_empty());

    // The link to all of them is a queue search, which finds exactly the three.
    let page = app
        .staff_get(&format!("/staff/case/{url}"), &login.cookie)
        .await;
    assert!(
        page.body.contains("All 3 cases naming ceec-verify.com"),
        "{}",
        section(&page.body, "related-all")
    );
    let all = found(&app, &login, "q=ceec-verify.com").await;
    for case in three {
        assert!(lists(&all, case));
    }
    assert!(!lists(&all, &unrelated));

    // A case arriving later joins the index of a session that already built it.
    let later = app
        .submit_case_with(
            "other",
            &[("description", "Again: http://ceec-verify.com/pay")],
        )
        .await;
    assert!(lists(&related(&app, &login, &url).await, &later));

    // Drafting a warning from a verified case says how many other cases name the domain.
    let r = app
        .staff_post(
            &format!("/staff/case/{url}"),
            &login,
            &[("action", "status"), ("status", "verified")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .staff_get(&format!("/staff/case/{url}"), &login.cookie)
        .await;
    assert!(
        section(&page.body, "publish-related")
            .contains("3 other cases you can open name ceec-verify.com."),
        "{}",
        section(&page.body, "publish-related")
    );

    // The index lives with the session: logging out drops it.
    assert_eq!(app.state.staff.workspace.indexed_sessions(), 1);
    let r = app.staff_post("/staff/logout", &login, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.staff.workspace.indexed_sessions(), 0);
}

#[tokio::test]
async fn search_by_certificate_number_finds_the_right_cases_with_the_queues_filters_and_audits_no_term()
 {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let typed = app
        .submit_case_with(
            "fake-certificate",
            &[
                ("certificate_number", "RW-2026-0417"),
                ("description", "Shown at the depot."),
            ],
        )
        .await;
    let spaced = app
        .submit_case_with(
            "fake-certificate",
            &[
                ("certificate_number", "rw 2026 0417"),
                ("description", "Offered by a broker."),
            ],
        )
        .await;
    let in_text = app
        .submit_case_with(
            "other",
            &[(
                "description",
                "The exporter waved certificate RW/2026/0417 at us.",
            )],
        )
        .await;
    let other = app
        .submit_case_with(
            "fake-certificate",
            &[
                ("certificate_number", "CD-2026-0311"),
                ("description", "Another one."),
            ],
        )
        .await;
    let login = app.login(&who).await;

    let hits = found(&app, &login, "q=rw-2026-0417").await;
    for case in [&typed, &spaced, &in_text] {
        assert!(lists(&hits, case), "{case} found");
    }
    assert!(!lists(&hits, &other), "another certificate is not found");
    let page = app.staff_get("/staff?q=rw-2026-0417", &login.cookie).await;
    assert!(
        page.body.contains("Cases naming RW20260417"),
        "says what was searched"
    );

    // The queue's filters still apply.
    let only_certs = found(&app, &login, "q=RW%202026%200417&category=fake-certificate").await;
    assert!(lists(&only_certs, &typed) && lists(&only_certs, &spaced));
    assert!(!lists(&only_certs, &in_text));

    // A term that is no identifier says so and finds nothing.
    let page = app.staff_get("/staff?q=%3F%3F", &login.cookie).await;
    assert!(page.body.contains("id=\"search-unreadable\""));

    let (rows, _) = app.state.staff.audit.recent(200).await.expect("audit");
    assert!(
        rows.iter()
            .filter(|r| r.action == "searched" && r.actor == "amani")
            .count()
            >= 2,
        "every search is audited"
    );
    for r in &rows {
        for field in [&r.subject, &r.detail] {
            for term in ["0417", "RW2026", "RW-2026", "rw-2026"] {
                assert!(!field.contains(term), "the term in the audit log: {r:?}");
            }
        }
    }
}

#[tokio::test]
async fn an_investigator_without_access_to_a_case_never_sees_it_listed_or_found() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let before = app
        .submit_case_with("other", &[("description", "Pay at ceec-verify.com first.")])
        .await;
    // Set up after the first case arrived: no key wrap for it.
    let baraka = app.investigator("baraka", false).await;
    let after = app
        .submit_case_with("other", &[("description", "ceec-verify.com again.")])
        .await;

    let login = app.login(&baraka).await;
    let shown = related(&app, &login, &after).await;
    assert!(
        !lists(&shown, &before),
        "a case without a key is not listed"
    );
    let hits = found(&app, &login, "q=ceec-verify.com").await;
    assert!(lists(&hits, &after));
    assert!(!lists(&hits, &before), "nor found");

    let login = app.login(&amani).await;
    assert!(
        lists(&related(&app, &login, &after).await, &before),
        "amani sees both"
    );
}

#[tokio::test]
async fn identifiers_from_sms_ussd_and_answers_are_found_but_never_the_number_they_came_from() {
    let app = app_with(config(Some(SmsGateway::AfricasTalking), true, None), |_| {}).await;
    let who = app.investigator("amani", true).await;
    // Each sender also types their own number (NUMBER, +250 788 123 456) in the text.
    let by_sms = sms_report(
        &app,
        NUMBER,
        "Buyers send you to gold-desk.com and the broker answers on 0722 555 010; me: 0788 123 456",
        "ATXid_related_1",
    )
    .await;
    let before = app.case_count().await;
    let mut steps =
        crate::ussd::certificate_report("RW-2026-0417", "Broker 0733 444 020, me 0788123456");
    steps.push("1");
    let end = crate::ussd::walk(&app, "ATUid_related", &steps).await;
    assert!(end.body.starts_with("END "), "{}", end.body);
    assert_eq!(app.case_count().await, before + 1);
    let by_ussd: String = sqlx::query_scalar("SELECT id FROM cases WHERE id <> $1")
        .bind(&by_sms)
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    // The USSD reporter answers a question from the same phone, over USSD and by SMS, and
    // types their own number in each answer too.
    let login = app.login(&who).await;
    app.ask(&login, &by_ussd, "Who else buys there?", false)
        .await;
    let ussd_receipt = receipt_in(&end.body).unwrap();
    let answer = "Ask 0744 666 030; me again: +250 788 123 456";
    let stored = crate::ussd::walk(
        &app,
        "ATUid_related_answer",
        &["1", "2", &ussd_receipt, "1", answer],
    )
    .await;
    assert!(stored.body.starts_with("END "), "{}", stored.body);
    let by_text = format!("{ussd_receipt} And 0755 777 040; my number 0788123456");
    let r = at_sms(&app, NUMBER, &by_text, "ATXid_related_2").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.case_count().await, before + 1, "answers, not reports");
    let (receipt, answered) = app.report("A forged certificate at the border.").await;
    let visitor = app.come_back(&receipt).await;
    let r = app
        .answer(
            &visitor,
            "They also wrote from clerk@Gold-Desk.com yesterday.",
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let hits = found(&app, &login, "q=www.gold-desk.com").await;
    assert!(lists(&hits, &by_sms), "the SMS report is found");
    assert!(lists(&hits, &answered), "the answer is found");
    for spelling in ["0722-555-010", "%2B250%20722%20555%20010"] {
        let hits = found(&app, &login, &format!("q={spelling}")).await;
        assert!(
            lists(&hits, &by_sms),
            "a number typed in the text is found as {spelling}"
        );
    }
    for typed in ["q=0733444020", "q=0744666030", "q=0755777040"] {
        let hits = found(&app, &login, typed).await;
        assert_eq!(hits.matches("data-case=").count(), 1, "{typed}: {hits}");
        assert!(lists(&hits, &by_ussd), "{typed}: the report or an answer");
    }
    for own in ["q=%2B250788123456", "q=0788123456"] {
        let hits = found(&app, &login, own).await;
        assert_eq!(
            hits.matches("data-case=").count(),
            0,
            "the number a report or answer came from is never indexed, typed in its text or not: {hits}"
        );
    }
    assert!(lists(&related(&app, &login, &by_sms).await, &answered));
}

#[tokio::test]
async fn identifiers_are_nowhere_in_clear_in_the_data_directory_the_database_or_the_logs() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let needles = [
        "ceec-verify",
        "Ceec-Verify",
        "RW-2026-0417",
        "RW20260417",
        "722555010",
        "722 555 010",
    ];
    app.submit_case_with(
        "fake-website",
        &[
            ("web_address", "https://WWW.Ceec-Verify.com/x"),
            (
                "description",
                "Certificate RW-2026-0417, broker on +250 722 555 010.",
            ),
        ],
    )
    .await;
    app.submit_case_with("other", &[("description", "mail from a@ceec-verify.com")])
        .await;
    // Build the index and search: neither may leave a trace.
    let login = app.login(&who).await;
    let hits = found(&app, &login, "q=ceec-verify.com").await;
    assert_eq!(hits.matches("data-case=").count(), 2, "{hits}");
    let hits = found(&app, &login, "q=RW-2026-0417").await;
    assert_eq!(hits.matches("data-case=").count(), 1, "{hits}");

    let stored = crate::schema::stored_values(&app.db().await).await;
    let sealed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_identifiers")
        .fetch_one(&app.db().await)
        .await
        .expect("count");
    assert_eq!(sealed, 2, "one sealed list per report");
    // Their row ids are random, not a counter numbering them in the order they arrived.
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM case_identifiers")
        .fetch_all(&app.db().await)
        .await
        .expect("ids");
    assert!(ids.iter().all(|id| *id > 1 << 32), "{ids:?}");
    app.store.close().await;
    let files = all_files(&app.data_dir());
    for needle in needles {
        assert!(
            !contains(&stored, needle.as_bytes()),
            "{needle} stored in clear"
        );
        for (path, bytes) in &files {
            assert!(
                !contains(bytes, needle.as_bytes()),
                "{needle} in {}",
                path.display()
            );
        }
        assert!(!captured_logs().contains(needle), "{needle} in the logs");
    }
}

#[tokio::test]
async fn a_sealed_identifier_list_opens_with_stock_age_and_an_offline_key() {
    let app = TestApp::new().await;
    let case = app
        .submit_case_with(
            "fake-website",
            &[
                ("web_address", "https://WWW.Ceec-Verify.com/x"),
                ("description", "Certificate RW-2026-0417."),
            ],
        )
        .await;
    let (name, ct): (String, Vec<u8>) =
        sqlx::query_as("SELECT name, ciphertext FROM case_identifiers WHERE case_id = $1")
            .bind(&case)
            .fetch_one(&app.db().await)
            .await
            .expect("one sealed list");
    assert_eq!(name, "report");
    let file = app.dir.path().join("identifiers.age");
    std::fs::write(&file, &ct).expect("write");
    let plain = stock_age_decrypt(&app.identities[0], &file);
    let doc: serde_json::Value = serde_json::from_slice(&plain).expect("padded JSON");
    assert_eq!(doc["format"], "filimbi/identifiers");
    assert_eq!(doc["case_id"], case.as_str());
    assert_eq!(
        doc["identifiers"],
        serde_json::json!(["domain:ceec-verify.com", "certificate:RW20260417"])
    );
}
