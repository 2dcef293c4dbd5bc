//! USSD through Africa's Talking's callback, with its documented request shape: the menu from
//! the path alone, nothing stored before the last screen, a report and a follow-up end to end.

use axum::http::StatusCode;
use filimbi::services::texting::{Outbound, SmsGateway};
use secrecy::SecretString;

use crate::common::{Reply, TestApp, decrypt_single_report};
use crate::phone::{NUMBER, SECRET, app_with, config, receipt_in};

/// One request of session `session` with the inputs so far.
pub(crate) async fn dial(app: &TestApp, session: &str, text: &str) -> Reply {
    app.post_form(
        &format!("/ussd/africastalking/{SECRET}"),
        &[
            ("sessionId", session),
            ("serviceCode", "*384*4545#"),
            ("phoneNumber", NUMBER),
            ("networkCode", "63510"),
            ("text", text),
        ],
    )
    .await
}

/// The inputs of a certificate report in English up to its confirmation screen: the menu
/// keys, the certificate number and the text (the confirming `1` is the caller's).
pub(crate) fn certificate_report<'a>(certificate: &'a str, text: &'a str) -> Vec<&'a str> {
    vec!["1", "1", "1", "3", certificate, text]
}

/// Walks `inputs` one screen at a time as a phone does; every screen but the last goes on
/// (`CON`), every one fits a screen. Returns the last answer.
pub(crate) async fn walk(app: &TestApp, session: &str, inputs: &[&str]) -> Reply {
    let mut path: Vec<&str> = Vec::new();
    let mut last = dial(app, session, "").await;
    for input in inputs {
        assert_eq!(last.status, StatusCode::OK, "{}", last.body);
        assert!(last.body.starts_with("CON "), "{path:?}: {}", last.body);
        assert!(
            last.body.chars().count() - 4 <= 182,
            "{path:?}: {}",
            last.body
        );
        path.push(input);
        last = dial(app, session, &path.join("*")).await;
    }
    assert!(last.body.chars().count() - 4 <= 182, "{}", last.body);
    last
}

async fn contacts(app: &TestApp) -> i64 {
    let db = app.db().await;
    sqlx::query_scalar("SELECT COUNT(*) FROM case_contacts")
        .fetch_one(&db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_certificate_report_over_ussd_ends_with_its_receipt_and_is_sealed_like_any_other() {
    let app = app_with(config(None, true, None), |_| {}).await;
    let steps = certificate_report("RW-2026-0417", "Sold in Goma * at night");
    let before_confirm = walk(&app, "ATUid_1", &steps).await;
    assert!(before_confirm.body.starts_with("CON "));
    assert_eq!(
        app.case_count().await,
        0,
        "nothing is stored before the last screen"
    );
    let mut all = steps.to_vec();
    all.push("1");
    let end = dial(&app, "ATUid_1", &all.join("*")).await;
    assert!(end.body.starts_with("END "), "{}", end.body);
    let receipt = receipt_in(&end.body).expect("the receipt on the last screen");
    assert_eq!(app.case_count().await, 1);
    let db = app.db().await;
    let channel: String = sqlx::query_scalar("SELECT channel FROM cases")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(channel, "ussd");
    assert_eq!(
        contacts(&app).await,
        0,
        "no number kept: questions were not asked for by SMS"
    );
    let report = decrypt_single_report(&app.export().await, &app.identities[0]);
    assert_eq!(report["category"], "fake-certificate");
    assert_eq!(report["fields"]["issuer_state"], "rwanda");
    assert_eq!(report["fields"]["certificate_number"], "RW-2026-0417");
    assert_eq!(report["fields"]["description"], "Sold in Goma * at night");
    // The gateway repeating the last request stores nothing twice and shows no second receipt.
    let again = dial(&app, "ATUid_1", &all.join("*")).await;
    assert!(again.body.starts_with("END "));
    assert!(receipt_in(&again.body).is_none(), "{}", again.body);
    assert_eq!(app.case_count().await, 1);
    // The receipt works on the web too.
    let v = app.come_back(&receipt).await;
    assert_eq!(app.visit(&v, "/followup/case").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_session_that_stops_or_cancels_stores_nothing_and_a_wrong_key_shows_the_menu_again() {
    let app = app_with(config(None, true, None), |_| {}).await;
    let main = dial(&app, "s1", "1").await;
    let wrong = dial(&app, "s1", "1*9").await;
    assert!(wrong.body.starts_with("CON "));
    assert_ne!(main.body, wrong.body, "a 'not a choice' line on top");
    let kinds = dial(&app, "s1", "1*9*1").await;
    assert!(kinds.body.starts_with("CON "));
    let cancelled = walk(
        &app,
        "s2",
        &["2", "1", "4", "Gold smuggled on the lake", "2"],
    )
    .await;
    assert!(cancelled.body.starts_with("END "), "{}", cancelled.body);
    assert!(receipt_in(&cancelled.body).is_none());
    walk(&app, "s3", &["1", "1", "2", "fake-icglr.com"]).await;
    assert_eq!(app.case_count().await, 0);
    let db = app.db().await;
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM spent_form_tokens")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn a_ussd_reporter_who_asks_for_questions_by_sms_has_the_number_sealed_and_no_one_else_does()
{
    let outbound = Outbound::Kannel {
        url: SecretString::from("http://127.0.0.1:9/cgi-bin/sendsms?username=u&password=p"),
    };
    let app = app_with(
        config(Some(SmsGateway::Kannel), true, Some(outbound)),
        |_| {},
    )
    .await;
    let with_sms = walk(&app, "a", &["1", "1", "4", "Armed men tax the mine", "3"]).await;
    assert!(receipt_in(&with_sms.body).is_some(), "{}", with_sms.body);
    assert_eq!(contacts(&app).await, 1);
    let without = walk(&app, "b", &["1", "1", "4", "Another report", "1"]).await;
    assert!(receipt_in(&without.body).is_some());
    assert_eq!(contacts(&app).await, 1);
    // Without SMS configured, choice 3 is not offered and not taken.
    let no_sms = app_with(config(None, true, None), |_| {}).await;
    let r = walk(&no_sms, "c", &["1", "1", "4", "Report", "3"]).await;
    assert!(r.body.starts_with("CON "), "{}", r.body);
    assert_eq!(no_sms.case_count().await, 0);
}

#[tokio::test]
async fn over_ussd_a_whistle_blower_reads_the_latest_question_in_pages_and_answers() {
    let app = app_with(config(None, true, None), |_| {}).await;
    let amani = app.investigator("amani", true).await;
    let end = walk(
        &app,
        "r",
        &["1", "1", "4", "Tin from an armed group's mine", "1"],
    )
    .await;
    let receipt = receipt_in(&end.body).unwrap();
    let case: String = {
        let db = app.db().await;
        sqlx::query_scalar("SELECT id FROM cases")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    // Before any question.
    let none = walk(&app, "f0", &["1", "2", &receipt]).await;
    assert!(none.body.starts_with("CON "), "{}", none.body);
    let login = app.login(&amani).await;
    let question = "USSD-QUESTION-CANARY Which road do the trucks take out of the mine, and on which days of the week do they usually leave? Anything you remember about the drivers helps.";
    app.ask(&login, &case, question, false).await;
    let page1 = walk(&app, "f1", &["1", "2", &receipt]).await;
    assert!(
        page1.body.contains("USSD-QUESTION-CANARY"),
        "{}",
        page1.body
    );
    let page2 = walk(&app, "f1", &["1", "2", &receipt, "2"]).await;
    assert!(page2.body.starts_with("CON "));
    assert_ne!(page1.body, page2.body, "the next page");
    assert!(!page2.body.contains("USSD-QUESTION-CANARY"));
    let ask = walk(&app, "f1", &["1", "2", &receipt, "2", "1"]).await;
    assert!(ask.body.starts_with("CON "));
    let stored = walk(
        &app,
        "f1",
        &["1", "2", &receipt, "2", "1", "The north road, Mondays"],
    )
    .await;
    assert!(stored.body.starts_with("END "), "{}", stored.body);
    let db = app.db().await;
    let answers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM case_messages WHERE sender = 'whistleblower'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(answers, 1);
    // A mistyped and an unknown receipt end differently, and store nothing.
    let mut typo: Vec<char> = receipt.chars().collect();
    typo[5] = if typo[5] == '1' { '2' } else { '1' };
    let typo: String = typo.into_iter().collect();
    let mistyped = dial(&app, "f2", &format!("1*2*{typo}")).await;
    let unknown = dial(
        &app,
        "f3",
        &format!("1*2*{}", crate::common::wrong_receipt().replace(' ', "")),
    )
    .await;
    assert_ne!(mistyped.body, unknown.body);
    assert!(unknown.body.starts_with("END "), "{}", unknown.body);
}

#[tokio::test]
async fn bad_ussd_requests_get_a_4xx_and_store_nothing() {
    let app = app_with(config(None, true, None), |_| {}).await;
    let path = format!("/ussd/africastalking/{SECRET}");
    for (fields, want) in [
        (
            vec![("phoneNumber", NUMBER), ("text", "")],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("sessionId", "x"), ("text", "")],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("sessionId", "x"), ("phoneNumber", NUMBER)],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![
                ("sessionId", "x"),
                ("phoneNumber", "not a number"),
                ("text", ""),
            ],
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = app.post_form(&path, &fields).await;
        assert_eq!(r.status, want, "{fields:?}");
    }
    let r = app
        .post_raw(&path, "text/plain", b"sessionId=x".to_vec())
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = format!(
        "sessionId=x&phoneNumber=%2B250788123456&text={}",
        "1".repeat(10 * 1024)
    );
    let r = app
        .post_raw(&path, "application/x-www-form-urlencoded", big.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            vec![b's', b'=', 0xff],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn the_drafts_switched_on_are_the_last_keys_of_the_first_screen_and_speak_their_menus() {
    // The test process offers the drafts (`common::drafts_on`), as `--languages …,rw,rn` does.
    use filimbi::domain::ussd::fits_screen;
    use filimbi::i18n::{Lang, catalogue};
    let app = app_with(config(None, true, None), |_| {}).await;
    let first = dial(&app, "d1", "").await;
    let screen = first
        .body
        .strip_prefix("CON ")
        .expect("the session goes on");
    assert!(fits_screen(screen), "{screen}");
    assert!(
        screen.ends_with("\n5 العربية\n6 Ikinyarwanda\n7 Ikirundi"),
        "{screen}"
    );
    let wrong = dial(&app, "d1", "8").await;
    let screen = wrong
        .body
        .strip_prefix("CON ")
        .expect("the session goes on");
    assert!(fits_screen(screen), "{screen}");
    assert!(screen.starts_with("?\n1 English"), "{screen}");
    assert!(screen.ends_with("\n7 Kirundi"), "{screen}");
    for (key, lang) in [("6", Lang::Rw), ("7", Lang::Rn)] {
        let main = dial(&app, "d2", key).await;
        let want = catalogue().get(lang, "ussd-main", &[]);
        assert_eq!(main.body, format!("CON {want}"), "{lang:?}");
        let kinds = dial(&app, "d2", &format!("{key}*1")).await;
        let want = catalogue().get(lang, "ussd-kind", &[]);
        assert_eq!(kinds.body, format!("CON {want}"), "{lang:?}");
    }
    // A report made in Kirundi ends with the receipt under Kirundi words.
    let end = walk(
        &app,
        "d3",
        &["7", "1", "4", "Icemezo c'igihimbano i Gitega", "1"],
    )
    .await;
    assert!(end.body.starts_with("END "), "{}", end.body);
    let receipt = receipt_in(&end.body).expect("the receipt");
    let stored = catalogue().get(Lang::Rn, "ussd-stored", &[("receipt", &receipt)]);
    let head = stored.lines().next().expect("a line");
    assert!(end.body.contains(head), "{}", end.body);
    assert_eq!(app.case_count().await, 1);
}
