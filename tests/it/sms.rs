//! Reports, answers, STOP and CHECK by SMS through the gateway paths, driven in-process with
//! the requests Kannel and Africa's Talking make (their shapes measured against the real
//! Kannel in `kannel_harness`; the end-to-end run through a real Kannel is `sms_kannel`).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use filimbi::services::rate::{Rate, RateLimits};
use filimbi::services::texting::SmsGateway;

use crate::common::{Reply, TestApp, all_files, contains, stock_age_decrypt};
use crate::phone::{NUMBER, SECRET, SPELLINGS, app_with, config, receipt_in};

/// What Kannel's smsbox sends for a message `text` from [`NUMBER`] with message id `id`.
async fn kannel(app: &TestApp, text: &str, id: &str) -> Reply {
    kannel_raw(
        app,
        SECRET,
        "text/plain; charset=\"UTF-8\"",
        text.as_bytes().to_vec(),
        id,
    )
    .await
}

async fn kannel_raw(app: &TestApp, secret: &str, ctype: &str, body: Vec<u8>, id: &str) -> Reply {
    let uri = format!("/sms/kannel/{secret}?from=%2B250788123456&to=4545&id={id}");
    app.request(
        Request::post(uri)
            .header(header::CONTENT_TYPE, ctype)
            .header("X-Kannel-Time", "2026-12-06 19:16:10")
            .header("X-Kannel-Coding", "0")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn kannel_app() -> TestApp {
    app_with(config(Some(SmsGateway::Kannel), false, None), |_| {}).await
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    let db = app.db().await;
    sqlx::query_scalar(sql).fetch_one(&db).await.unwrap()
}

#[tokio::test]
async fn a_text_message_is_a_sealed_report_and_the_reply_carries_its_receipt() {
    let app = kannel_app().await;
    let r = kannel(
        &app,
        "Fake certificate RW-2026-0417 sold at the Goma market",
        "k-1",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let receipt = receipt_in(&r.body).expect("a receipt in the reply");
    assert_eq!(app.case_count().await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM cases WHERE channel = 'sms'").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_contacts").await, 1);
    // Sealed like a web report: stock age with the offline key opens the report…
    let export = app.export().await;
    let report = crate::common::decrypt_single_report(&export, &app.identities[0]);
    assert_eq!(
        report["fields"]["description"],
        "Fake certificate RW-2026-0417 sold at the Goma market"
    );
    assert_eq!(report["category"], "other");
    // …and the sealed contact, which holds the number; nothing of either is in clear.
    let db = app.db().await;
    let ct: Vec<u8> = sqlx::query_scalar("SELECT ciphertext FROM case_contacts")
        .fetch_one(&db)
        .await
        .unwrap();
    let file = app.data_dir().join("contact.age");
    std::fs::write(&file, &ct).unwrap();
    let contact: serde_json::Value =
        serde_json::from_slice(&stock_age_decrypt(&app.identities[0], &file)).unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!(contact["number"], NUMBER);
    assert_eq!(contact["lang"], "en");
    app.store.close().await;
    for (path, bytes) in all_files(&app.data_dir()) {
        for needle in
            SPELLINGS
                .iter()
                .copied()
                .chain(["Goma market", "2026-12-06 19:16", receipt.as_str()])
        {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle:?} in clear in {}",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn a_message_that_starts_with_the_receipt_is_an_answer_and_stop_forgets_the_number() {
    let app = kannel_app().await;
    let r = kannel(&app, "Forged certificates at the border", "k-1").await;
    let receipt = receipt_in(&r.body).unwrap();
    let grouped: Vec<String> = receipt
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let answer = kannel(
        &app,
        &format!("{} The truck leaves on Monday", grouped.join("-")),
        "k-2",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        receipt_in(&answer.body).is_none(),
        "an answer's reply repeats no receipt"
    );
    assert_eq!(app.case_count().await, 1, "an answer makes no new case");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM case_messages WHERE sender = 'whistleblower'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM cases WHERE unread_answers <> 0").await,
        1
    );
    // A typo in the receipt is told apart from a receipt nobody has.
    let mut typo: Vec<char> = receipt.chars().collect();
    typo[3] = if typo[3] == '1' { '2' } else { '1' };
    let typo: String = typo.into_iter().collect();
    let mistyped = kannel(&app, &format!("{typo} more"), "k-3").await;
    let unknown = kannel(
        &app,
        &format!("{} more", crate::common::wrong_receipt()),
        "k-4",
    )
    .await;
    assert_eq!(
        (mistyped.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_ne!(mistyped.body, unknown.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_messages").await, 1);
    // STOP after the receipt deletes the sealed number at once; the case stays.
    let stop = kannel(&app, &format!("{receipt} STOP"), "k-5").await;
    assert_eq!(stop.status, StatusCode::OK);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_contacts").await, 0);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn a_message_delivered_twice_makes_one_case_and_one_answer() {
    let app = kannel_app().await;
    let first = kannel(&app, "Smuggled tin on the lake", "same-id").await;
    let again = kannel(&app, "Smuggled tin on the lake", "same-id").await;
    assert!(receipt_in(&first.body).is_some());
    assert_eq!(again.status, StatusCode::OK);
    assert!(
        receipt_in(&again.body).is_none(),
        "a second delivery gets no second receipt"
    );
    assert_eq!(app.case_count().await, 1);
    let receipt = receipt_in(&first.body).unwrap();
    for _ in 0..2 {
        kannel(&app, &format!("{receipt} and gold"), "answer-id").await;
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_messages").await, 1);
    // The ids are kept as keyed digests, never as sent.
    let db = app.db().await;
    let kept: Vec<String> = sqlx::query_scalar("SELECT token_mac FROM spent_form_tokens")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|k| k.len() == 64 && !k.contains("same-id")));
}

#[tokio::test]
async fn check_by_sms_answers_from_the_list_and_keeps_nothing() {
    let app = kannel_app().await;
    let official = kannel(&app, "CHECK ceec-icglr.org", "c-1").await;
    let lookalike = kannel(&app, "VERIFIER ceec-icglr.com", "c-2").await;
    let unknown = kannel(&app, "check example.net", "c-3").await;
    for r in [&official, &lookalike, &unknown] {
        assert_eq!(r.status, StatusCode::OK);
        assert!(receipt_in(&r.body).is_none());
    }
    assert_ne!(official.body, unknown.body);
    assert_ne!(lookalike.body, unknown.body);
    assert_eq!(app.case_count().await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM spent_form_tokens").await,
        0,
        "a check keeps nothing, not even its id"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_or_an_unconfigured_gateway_gets_404_and_stores_nothing() {
    let app = kannel_app().await;
    let body = || b"Fake site".to_vec();
    for secret in [
        "wrong-secret-0123456789abcdef",
        "gw-secret-0123456789abcdeF",
        "gw",
        "",
    ] {
        let r = kannel_raw(&app, secret, "text/plain", body(), "x").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{secret:?}");
    }
    let at = app
        .post_form(
            &format!("/sms/africastalking/{SECRET}"),
            &[("from", NUMBER), ("text", "hi")],
        )
        .await;
    assert_eq!(
        at.status,
        StatusCode::NOT_FOUND,
        "Africa's Talking is not configured here"
    );
    let ussd = app
        .post_form(
            &format!("/ussd/africastalking/{SECRET}"),
            &[("phoneNumber", NUMBER), ("text", "")],
        )
        .await;
    assert_eq!(ussd.status, StatusCode::NOT_FOUND);
    let off = TestApp::new().await;
    let r = kannel_raw(&off, SECRET, "text/plain", body(), "x").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.case_count().await + off.case_count().await, 0);
}

#[tokio::test]
async fn bad_input_on_the_gateway_paths_gets_a_4xx_and_stores_nothing() {
    let app = app_with(config(Some(SmsGateway::Kannel), false, None), |_| {}).await;
    let path = |q: &str| format!("/sms/kannel/{SECRET}?{q}");
    let post = |uri: String, ctype: &'static str, body: Vec<u8>| {
        Request::post(uri)
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from(body))
            .unwrap()
    };
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            post(path("to=4545&id=1"), "text/plain", b"no sender".to_vec()),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(path("from=abc&id=1"), "text/plain", b"bad sender".to_vec()),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(path("from=%2B250788123456&id=1"), "text/plain", Vec::new()),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain",
                b"  \n ".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain",
                vec![b'a'; 10 * 1024],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain",
                vec![b'a'; 2000],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain; charset=utf-8",
                vec![0xff, 0xfe, b'a'],
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain; charset=\"UTF-16BE\"",
                vec![0x06, 0x45, 0x06],
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain; charset=\"UTF-16BE\"",
                vec![0xd8, 0x00, 0x00, 0x41],
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "application/octet-stream",
                b"\x00\x01".to_vec(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            post(
                path("from=%2B250788123456&id=1"),
                "text/plain; charset=koi8-r",
                b"abc".to_vec(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            post(path("from=%zz"), "text/plain", b"abc".to_vec()),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (req, want) in cases {
        let what = format!(
            "{} {:?}",
            req.uri(),
            req.headers().get(header::CONTENT_TYPE)
        );
        let r = app.request(req).await;
        assert_eq!(r.status, want, "{what}: {}", r.body);
    }
    assert_eq!(app.case_count().await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM spent_form_tokens").await,
        0
    );
}

#[tokio::test]
async fn an_arabic_message_in_utf16_is_read_and_answered_in_arabic_as_ucs2() {
    let app = kannel_app().await;
    let text = "شهادة مزورة في سوق غوما";
    let body: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let r = kannel_raw(
        &app,
        SECRET,
        "text/plain; charset=\"UTF-16BE\"",
        body,
        "ar-1",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(receipt_in(&r.body).is_some(), "{}", r.body);
    assert_eq!(
        r.headers
            .get("x-kannel-coding")
            .map(|v| v.to_str().unwrap()),
        Some("2")
    );
    assert!(
        r.body
            .chars()
            .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)),
        "answered in Arabic: {}",
        r.body
    );
    let export = app.export().await;
    let report = crate::common::decrypt_single_report(&export, &app.identities[0]);
    assert_eq!(report["fields"]["description"], text);
}

#[tokio::test]
async fn a_report_in_kinyarwanda_or_kirundi_is_answered_in_it_when_switched_on() {
    // The test process offers the drafts (`common::drafts_on`), as `--languages …,rw,rn` does;
    // the language is sealed with the number, for the investigators' questions texted later.
    let app = kannel_app().await;
    let catalogue = filimbi::i18n::catalogue();
    for (text, lang, id) in [
        (
            "RAPORO icyemezo cy'impimbano RW-2026-0417 i Rubavu",
            filimbi::i18n::Lang::Rw,
            "rw-1",
        ),
        (
            "Menyesha: icemezo c'igihimbano i Gitega",
            filimbi::i18n::Lang::Rn,
            "rn-1",
        ),
    ] {
        let r = kannel(&app, text, id).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let receipt = receipt_in(&r.body).expect("a receipt in the reply");
        // The reply is the catalogue's, first line and last, folded to GSM-7 as sent.
        let words = catalogue.get(lang, "sms-receipt", &[("receipt", &receipt)]);
        let (first, last) = (
            words.lines().next().expect("a line"),
            words.lines().last().expect("a line"),
        );
        assert!(
            r.body.starts_with(first) && r.body.ends_with(last),
            "{lang:?}: {}",
            r.body
        );
    }
    assert_eq!(app.case_count().await, 2);
    let db = app.db().await;
    let rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT ciphertext FROM case_contacts")
        .fetch_all(&db)
        .await
        .unwrap();
    let mut langs = Vec::new();
    for (i, ct) in rows.iter().enumerate() {
        let file = app.data_dir().join(format!("contact{i}.age"));
        std::fs::write(&file, ct).unwrap();
        let contact: serde_json::Value =
            serde_json::from_slice(&stock_age_decrypt(&app.identities[0], &file)).unwrap();
        std::fs::remove_file(&file).unwrap();
        langs.push(contact["lang"].as_str().unwrap_or_default().to_owned());
    }
    langs.sort();
    assert_eq!(langs, ["rn", "rw"]);
}

#[tokio::test]
async fn the_gateways_have_a_rate_class_of_their_own_and_a_refused_message_stores_nothing() {
    let app = app_with(config(Some(SmsGateway::Kannel), false, None), |o| {
        o.rate_limits = RateLimits {
            gateway: Rate::new(1, 2),
            ..RateLimits::DEFAULT
        };
    })
    .await;
    let mut refused = 0;
    for i in 0..5 {
        let r = kannel(&app, &format!("report number {i}"), &format!("r-{i}")).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
            assert!(r.headers.contains_key(header::RETRY_AFTER));
        }
    }
    assert!(refused >= 2, "refused {refused}");
    assert_eq!(app.case_count().await, 5 - refused);
    // Other classes are untouched by the gateway's budget.
    assert_eq!(app.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_home_page_gives_the_number_and_code_and_says_plainly_what_they_give_away() {
    let app = app_with(config(Some(SmsGateway::Kannel), true, None), |_| {}).await;
    let home = app.get("/?lang=en").await;
    assert!(home.body.contains("4545"), "{}", home.body);
    assert!(home.body.contains("*384*4545#"));
    assert!(home.body.contains("the phone company sees your number"));
    assert!(home.body.contains("Tor Browser"));
    let fr = app.get("/?lang=fr").await;
    assert!(fr.body.contains("voit votre numéro"), "{}", fr.body);
    let plain = TestApp::new().await;
    assert!(!plain.get("/?lang=en").await.body.contains("id=\"phone\""));
}

#[tokio::test]
async fn audit_verify_names_a_sealed_number_changed_in_the_database() {
    let app = kannel_app().await;
    kannel(&app, "Report with a number to tamper with", "t-1").await;
    let key = crate::common::integrity_key(&app);
    let (_, clean) = app.store.verify_objects(&key).await.unwrap();
    assert!(clean.is_empty(), "{clean:?}");
    let db = app.db().await;
    let mut ct: Vec<u8> = sqlx::query_scalar("SELECT ciphertext FROM case_contacts")
        .fetch_one(&db)
        .await
        .unwrap();
    let last = ct.len() - 1;
    ct[last] ^= 1;
    sqlx::query("UPDATE case_contacts SET ciphertext = $1")
        .bind(ct)
        .execute(&db)
        .await
        .unwrap();
    let (_, failures) = app.store.verify_objects(&key).await.unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        format!("{:?}", failures[0]).contains("contact"),
        "{:?}",
        failures[0]
    );
}

#[tokio::test]
async fn kannel_may_give_the_sender_in_a_header_instead_of_the_url() {
    let app = kannel_app().await;
    let r = app
        .request(
            Request::post(format!("/sms/kannel/{SECRET}?to=4545&id=h-1"))
                .header(header::CONTENT_TYPE, "text/plain; charset=\"UTF-8\"")
                .header("X-Kannel-From", NUMBER)
                .body(Body::from("Fake site icglr-verify.net asks for fees"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(receipt_in(&r.body).is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_contacts").await, 1);
}

#[test]
fn doctor_and_the_options_judge_the_sms_set_up_as_the_server_would_use_it() {
    use crate::cli::{filimbi, stderr};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = filimbi(root, &["keygen", "--name", "first", "--out", "first.key"]);
    assert!(key.status.success(), "{}", stderr(&key));
    // The data directory and database, as a first start makes them.
    let made = filimbi(root, &["investigator", "list"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let secret = root.join("sms-secret");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Nothing listens on port 9: the send interface does not answer.
    let send = root.join("send-url");
    std::fs::write(
        &send,
        "http://127.0.0.1:9/cgi-bin/sendsms?username=filimbi&password=hunter2-not-shown\n",
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec!["--sms-gateway", "kannel", "--sms-secret-file", "sms-secret"];
        a.extend_from_slice(extra);
        a.push("doctor");
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = filimbi(root, &a);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out),
        )
    };
    let (ok, said) = run(args(&[
        "--public-url",
        "https://report.example.org",
        "--sms-send-url-file",
        "send-url",
    ]));
    assert!(ok, "warnings only: {said}");
    assert!(
        said.contains("ok       the SMS gateway secret file is private"),
        "{said}"
    );
    assert!(
        said.contains("warning  the SMS gateway could not be reached"),
        "{said}"
    );
    assert!(
        !said.contains("hunter2"),
        "never the send URL's password: {said}"
    );
    let (_, said) = run(args(&["--public-url", "http://report.example.org"]));
    assert!(said.contains("plain HTTP"), "{said}");
    assert!(said.contains("questions cannot be texted"), "{said}");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, said) = run(args(&[]));
    assert!(!ok, "a readable secret is a problem: {said}");
    assert!(
        said.contains("PROBLEM  the SMS gateway secret file"),
        "{said}"
    );
    // The options themselves: a short secret, or none, stops the start with words that say why.
    std::fs::write(&secret, "short\n").unwrap();
    let (ok, said) = run(args(&[]));
    assert!(!ok && said.contains("at least 16"), "{said}");
    assert!(
        !said.contains("short"),
        "the secret is never quoted: {said}"
    );
    let none = filimbi(root, &["--sms-gateway", "kannel", "doctor"]);
    assert!(!none.status.success());
    assert!(
        stderr(&none).contains("--sms-secret-file is required"),
        "{}",
        stderr(&none)
    );
    let at = filimbi(
        root,
        &[
            "--sms-gateway",
            "africastalking",
            "--sms-secret-file",
            "send-url",
            "doctor",
        ],
    );
    assert!(!at.status.success());
}

#[tokio::test]
async fn retention_deletes_the_sealed_number_with_its_case() {
    let app = kannel_app().await;
    kannel(&app, "A report whose case will be closed and purged", "p-1").await;
    let db = app.db().await;
    // Closed long ago (the command line runs on the real clock).
    sqlx::query("UPDATE cases SET status = 'closed', received_day = '2020-01-06'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_contacts").await, 1);
    let purge = crate::cli::filimbi(app.dir.path(), &["purge"]);
    assert!(purge.status.success(), "{}", crate::cli::stderr(&purge));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_contacts").await, 0);
}

#[tokio::test]
async fn an_answer_africas_talking_cannot_take_is_logged_without_the_number_and_the_report_is_kept()
{
    use filimbi::services::texting::Outbound;
    // Nothing listens on port 9: every send fails.
    let outbound = Outbound::AfricasTalking {
        url: "http://127.0.0.1:9/version1/messaging".to_owned(),
        username: "sandbox".to_owned(),
        api_key: secrecy::SecretString::from("atsk_test"),
        from: None,
    };
    let app = app_with(
        config(Some(SmsGateway::AfricasTalking), false, Some(outbound)),
        |_| {},
    )
    .await;
    let number = "+256772000999";
    let r = app
        .post_form(
            &format!("/sms/africastalking/{SECRET}"),
            &[
                ("from", number),
                ("to", "4545"),
                ("text", "LOGCHECK fake site"),
                ("id", "ATXid_log"),
                ("date", "2026-12-06 10:00:00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        app.case_count().await,
        1,
        "stored whatever happens to the answer"
    );
    let logs = crate::common::captured_logs();
    assert!(
        logs.contains("an SMS answer could not be sent"),
        "the operator learns the gateway fails"
    );
    for n in [
        number,
        "256772000999",
        "0772000999",
        "772000999",
        "LOGCHECK",
        "2026-12-06 10:00",
    ] {
        assert!(!logs.contains(n), "{n} in the server's output");
    }
}
