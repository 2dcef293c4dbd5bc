//! The conversation with the whistle-blower, through the real router: come back with the
//! receipt, read the investigators' questions, answer with text and files — and what must not
//! happen: a receipt in a URL, a question readable from the database, another case's messages,
//! a lost answer.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::*;
use crate::staff::*;

/// The follow-up pass cookie's name in tests (cookies are `Secure`, so `__Host-`).
pub(crate) const PASS: &str = "__Host-filimbi-followup";

/// A whistle-blower's browser: the pass cookie, once the receipt was typed.
pub(crate) struct Visitor {
    pub(crate) pass: String,
}

impl TestApp {
    /// Types `receipt` into the follow-up form, as a person would.
    pub async fn type_receipt(&self, receipt: &str) -> Reply {
        let token = self.get("/followup").await.token().expect("form token");
        self.post_form("/followup", &[("token", &token), ("receipt", receipt)])
            .await
    }

    /// Comes back with `receipt`; panics unless it opens the case.
    pub(crate) async fn come_back(&self, receipt: &str) -> Visitor {
        let r = self.type_receipt(receipt).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(
            location(&r).starts_with("/followup/case"),
            "{}",
            location(&r)
        );
        Visitor {
            pass: pass_cookie(&r).expect("pass cookie"),
        }
    }

    pub(crate) async fn visit(&self, v: &Visitor, path: &str) -> Reply {
        self.request(
            Request::get(path)
                .header(header::COOKIE, format!("{PASS}={}", v.pass))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub(crate) async fn answer(&self, v: &Visitor, text: &str, files: &[(&str, &[u8])]) -> Reply {
        let page = self.visit(v, "/followup/case").await;
        let token = page.token().expect("answer form token");
        self.post_answer(
            &v.pass,
            "/followup/case",
            &[("token", &token), ("answer", text)],
            files,
        )
        .await
    }

    /// POSTs the answer form exactly as given (token included) with the pass cookie `pass`.
    pub(crate) async fn post_answer(
        &self,
        pass: &str,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Reply {
        let (ct, body) = multipart(fields, files);
        self.request(
            Request::post(path)
                .header(header::COOKIE, format!("{PASS}={pass}"))
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    /// A report; returns `(receipt as shown, case id)`.
    pub(crate) async fn report(&self, description: &str) -> (String, String) {
        let ids = |cases: Vec<filimbi::store::CaseRow>| -> Vec<String> {
            cases.iter().map(|c| c.id.as_str().to_owned()).collect()
        };
        let before = ids(self.store.list_cases(None).await.expect("list"));
        let reply = self
            .submit(
                "fake-certificate",
                &[
                    ("certificate_number", "CD-2026-0311"),
                    ("description", description),
                ],
            )
            .await;
        let receipt = reply.receipt().expect("receipt");
        let case = ids(self.store.list_cases(None).await.expect("list"))
            .into_iter()
            .find(|id| !before.contains(id))
            .expect("the new case");
        (receipt, case)
    }
}

pub fn location(r: &Reply) -> String {
    r.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

pub(crate) fn pass_cookie(r: &Reply) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{PASS}=")))
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
        .filter(|v| !v.is_empty())
}

pub(crate) fn notice(r: &Reply) -> String {
    r.body
        .split("data-notice=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_owned()
}

/// The receipt as a person might type it: groups joined by dashes, spaces and dots.
fn sloppy(receipt: &str) -> String {
    let groups: Vec<&str> = receipt.split_whitespace().collect();
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        out.push_str(g);
        out.push_str(["-", " ", ".", " - "][i % 4]);
    }
    out
}

#[tokio::test]
async fn a_whistle_blower_reads_a_question_and_answers_with_text_and_a_photo() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("FOLLOWUP-REPORT-CANARY seller in Bukavu").await;

    // Before any question: received, nothing to read yet.
    let v = app.come_back(&sloppy(&receipt)).await;
    let page = app.visit(&v, "/followup/case").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("data-state=\"received\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("No message from the investigators yet"));
    assert!(page.body.len() <= 30 * 1024, "{} bytes", page.body.len());
    assert_eq!(
        page.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );

    // The investigator asks; the first message acknowledges the case.
    let login = app.login(&amani).await;
    let question = "FOLLOWUP-QUESTION-CANARY Can you send a photo of the certificate?";
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "reply"), ("message", question)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let page = app.visit(&v, "/followup/case").await;
    assert!(page.body.contains(question), "{}", page.body);
    assert!(page.body.contains("data-state=\"being-looked-at\""));
    assert!(page.body.contains("first looked at it on 2026-11-23"));
    assert!(!page.body.contains("amani"), "no investigator's name");
    assert!(
        !page.body.contains("FOLLOWUP-REPORT-CANARY"),
        "the report is not shown again"
    );

    // The answer, with a phone photo carrying GPS.
    let photo = crate::fixtures::jpeg_with_metadata();
    let answer = "FOLLOWUP-ANSWER-CANARY here it is, taken at the depot.";
    let r = app.answer(&v, answer, &[("IMG_0042.jpg", &photo)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(location(&r).ends_with("&sent=1"));
    let page = app.visit(&v, "/followup/case?lang=en&sent=1").await;
    assert!(page.body.contains("Your answer was encrypted and stored"));
    assert!(
        page.body
            .contains("You wrote to the investigators on 2026-11-23")
    );
    assert!(
        !page.body.contains("FOLLOWUP-ANSWER-CANARY"),
        "own words not shown again"
    );

    // The queue marks the unread answer; the case page shows it with the cleaned photo.
    let queue = app.staff_get("/staff", &login.cookie).await;
    assert!(
        queue.body.contains("class=\"unread\""),
        "unread answer marked"
    );
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(page.body.contains(answer));
    assert!(page.body.contains(question));
    assert!(page.body.contains("IMG_0042.jpg"));
    let file = page
        .body
        .split("/files/answer-")
        .nth(1)
        .and_then(|s| s.split('?').next())
        .map(|s| format!("answer-{s}"))
        .expect("download link for the answer's photo");
    let queue = app.staff_get("/staff", &login.cookie).await;
    assert!(!queue.body.contains("class=\"unread\""), "read once opened");
    let photo_back = app
        .request(
            Request::get(format!("/staff/case/{case}/files/{file}"))
                .header(header::COOKIE, format!("{COOKIE}={}", login.cookie))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(photo_back.status, StatusCode::OK);
    assert!(
        contains(&photo, b"JPEG-SERIAL-CANARY"),
        "the original carries metadata"
    );
    assert!(photo_back.body.contains("JFIF") || photo_back.body.len() > 100);
    assert!(
        !photo_back.body.contains("CANARY"),
        "the downloaded photo was cleaned"
    );

    // A second message counts as feedback; both are audited without their text.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[
                ("action", "reply"),
                ("message", "Thank you. We are checking it."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let item = app
        .state
        .staff
        .workspace
        .triage(
            &app.state
                .staff
                .accounts
                .session(&login.cookie)
                .await
                .expect("session"),
            &filimbi::domain::case::CaseId::parse(&case).expect("id"),
        )
        .await
        .expect("triage");
    assert!(item.acknowledged_day.is_some() && item.feedback_day.is_some());
    let (rows, _) = app.state.staff.audit.recent(100).await.expect("audit");
    let replies: Vec<_> = rows.iter().filter(|r| r.action == "case.reply").collect();
    assert_eq!(replies.len(), 2);
    assert!(rows.iter().all(|r| !r.detail.contains("CANARY")));

    // At rest and in the logs: no question, answer, report or receipt in clear.
    app.store.close().await;
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    for (path, bytes) in all_files(&app.data_dir()) {
        for needle in [
            "FOLLOWUP-QUESTION-CANARY",
            "FOLLOWUP-ANSWER-CANARY",
            digits.as_str(),
        ] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} in {}",
                path.display()
            );
        }
    }
    let logs = captured_logs();
    for needle in [
        "FOLLOWUP-QUESTION-CANARY",
        "FOLLOWUP-ANSWER-CANARY",
        digits.as_str(),
    ] {
        assert!(!logs.contains(needle), "{needle} in the logs");
    }
}

#[tokio::test]
async fn mistyped_unknown_and_malformed_receipts_get_different_messages_in_the_same_time() {
    let app = TestApp::new().await;
    let (receipt, _) = app.report("a report to come back to").await;
    let digits: Vec<char> = receipt.chars().filter(char::is_ascii_digit).collect();
    // Two neighbouring digits swapped (not equal ones): the check digits catch it.
    let i = (0..27)
        .find(|&i| digits[i] != digits[i + 1])
        .expect("two different digits");
    let mut swapped = digits.clone();
    swapped.swap(i, i + 1);
    let swapped: String = swapped.into_iter().collect();
    let unknown = filimbi::domain::receipt::Receipt::generate(|b: &mut [u8]| getrandom::fill(b))
        .expect("receipt");
    for (typed, status, code) in [
        (
            swapped.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "mistyped",
        ),
        (unknown.grouped().as_str(), StatusCode::NOT_FOUND, "unknown"),
        ("1234 5678", StatusCode::UNPROCESSABLE_ENTITY, "wrong-shape"),
    ] {
        let started = std::time::Instant::now();
        let r = app.type_receipt(typed).await;
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(400),
            "{code}: floor"
        );
        assert_eq!((r.status, notice(&r)), (status, code.to_owned()), "{typed}");
        assert!(pass_cookie(&r).is_none());
    }
    let mistyped = app.type_receipt(&swapped).await.body;
    assert!(mistyped.contains("looks mistyped"));
    let unknown_page = app.type_receipt(&unknown.grouped()).await.body;
    assert!(unknown_page.contains("No report has this receipt"));
    // In French too.
    let token = app.get("/followup?lang=fr").await.token().expect("token");
    let fr = app
        .post_form(
            "/followup?lang=fr",
            &[("token", &token), ("receipt", &swapped)],
        )
        .await;
    assert!(fr.body.contains("semble mal tapé"), "{}", fr.body);
}

#[tokio::test]
async fn the_receipt_never_appears_in_a_url_a_cookie_or_a_page_after_it_is_shown() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("urls").await;
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let login = app.login(&amani).await;
    app.staff_post(
        &format!("/staff/case/{case}"),
        &login,
        &[("action", "reply"), ("message", "A question")],
    )
    .await;
    let r = app.type_receipt(&receipt).await;
    let v = Visitor {
        pass: pass_cookie(&r).expect("pass"),
    };
    for text in [location(&r), v.pass.clone(), format!("{:?}", r.headers)] {
        assert!(
            !text.contains(&digits) && !text.contains(&receipt),
            "{text}"
        );
        assert!(
            !text.contains(&case),
            "no case id in the pass either: {text}"
        );
    }
    let a = app.answer(&v, "an answer", &[]).await;
    for page in [
        app.visit(&v, "/followup/case").await,
        a,
        app.get("/followup").await,
    ] {
        assert!(!page.body.contains(&digits) && !page.body.contains(&receipt));
        assert!(!location(&page).contains(&digits));
    }
}

#[tokio::test]
async fn one_cases_receipt_reads_only_its_own_messages_and_never_an_answer() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt_a, case_a) = app.report("case A").await;
    let (receipt_b, case_b) = app.report("case B").await;
    let login = app.login(&amani).await;
    for (case, q) in [(&case_a, "QUESTION-FOR-A"), (&case_b, "QUESTION-FOR-B")] {
        app.staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "reply"), ("message", q)],
        )
        .await;
    }
    let a = app.come_back(&receipt_a).await;
    let b = app.come_back(&receipt_b).await;
    let page_a = app.visit(&a, "/followup/case").await.body;
    let page_b = app.visit(&b, "/followup/case").await.body;
    assert!(page_a.contains("QUESTION-FOR-A") && !page_a.contains("QUESTION-FOR-B"));
    assert!(page_b.contains("QUESTION-FOR-B") && !page_b.contains("QUESTION-FOR-A"));

    // With the crypto alone: A's receipt key opens none of B's stored messages, and no answer.
    app.answer(&a, "ANSWER-OF-A", &[]).await;
    let salt_a: String = sqlx::query_scalar("SELECT receipt_salt FROM cases WHERE id = $1")
        .bind(&case_a)
        .fetch_one(&app.db().await)
        .await
        .expect("salt");
    let mut salt = [0u8; 16];
    hex::decode_to_slice(&salt_a, &mut salt).expect("hex");
    let key_a = filimbi::crypto::receipt_keys::whistleblower_identity(
        &filimbi::domain::receipt::Receipt::parse(&receipt_a).expect("receipt"),
        &salt,
    )
    .expect("derive");
    let id_b = filimbi::domain::case::CaseId::parse(&case_b).expect("id");
    let id_a = filimbi::domain::case::CaseId::parse(&case_a).expect("id");
    // Each message checked as stored (the only way to open one), then opened with A's key.
    let mac_key = integrity_key(&app);
    let opens = |m: &filimbi::store::MessageRow, case: &filimbi::domain::case::CaseId| {
        let name = m.seq.to_string();
        let obj = filimbi::crypto::sealed::ObjectRef::new(
            case,
            filimbi::crypto::sealed::ObjectKind::Message,
            &name,
        );
        let checked = mac_key
            .check(obj, &m.object.bytes, m.object.mac.as_deref())
            .expect("genuine message");
        filimbi::crypto::conversation::open_as_whistleblower(&key_a, checked, case).is_ok()
    };
    for m in app.store.messages(&id_b).await.expect("messages") {
        assert!(!opens(&m, &id_b));
    }
    let opened: Vec<bool> = app
        .store
        .messages(&id_a)
        .await
        .expect("messages")
        .iter()
        .map(|m| opens(m, &id_a))
        .collect();
    assert_eq!(
        opened,
        [true, false],
        "the question opens, the answer does not"
    );
}

#[tokio::test]
async fn an_answer_over_the_file_limit_keeps_the_typed_text() {
    let app = TestApp::with_limits(filimbi::services::intake::Limits {
        max_file_bytes: 1024,
        ..Default::default()
    })
    .await;
    let (receipt, _) = app.report("limits").await;
    let v = app.come_back(&receipt).await;
    let big = vec![b'x'; 4096];
    let typed = "TYPED-ANSWER-KEPT the file was too big";
    let r = app.answer(&v, typed, &[("scan.pdf", &big)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(typed), "text kept");
    assert!(r.body.contains("too large"));
    assert!(r.body.contains("choose your files again"));
    // Nothing was stored.
    let id = app.store.list_cases(None).await.expect("list")[0]
        .id
        .clone();
    assert!(app.store.messages(&id).await.expect("messages").is_empty());
    assert_eq!(app.staged_count().await, 0);
    // An empty answer is refused with a message, not stored.
    let r = app.answer(&v, "   ", &[]).await;
    assert!(r.body.contains("Write an answer or choose a file"));
}

#[tokio::test]
async fn an_answer_typed_after_the_visit_ended_is_kept_and_sent_with_the_receipt() {
    let app = TestApp::new().await;
    let (receipt, _) = app.report("slow writer").await;
    let v = app.come_back(&receipt).await;
    let page = app.visit(&v, "/followup/case").await;
    let token = page.token().expect("token");
    app.clock.advance(16 * 60); // 15 idle minutes end the visit
    let typed = "SLOW-ANSWER written over twenty minutes";
    let r = app
        .post_answer(
            &v.pass,
            "/followup/case",
            &[("token", &token), ("answer", typed)],
            &[],
        )
        .await;
    assert_eq!(notice(&r), "expired");
    assert!(
        r.body.contains(typed),
        "the answer is kept in the receipt form"
    );
    let token = r.token().expect("token");
    let r = app
        .post_form(
            "/followup",
            &[("token", &token), ("receipt", &receipt), ("answer", typed)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(location(&r).ends_with("&sent=1"));
    let id = app.store.list_cases(None).await.expect("list")[0]
        .id
        .clone();
    assert_eq!(app.store.messages(&id).await.expect("messages").len(), 1);
    // The old pass stays dead; "leave" clears the new one.
    assert_eq!(notice(&app.visit(&v, "/followup/case").await), "expired");
    let leave = app.post_form("/followup/leave", &[]).await;
    assert_eq!(leave.status, StatusCode::SEE_OTHER);
    let cleared = leave
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(cleared.starts_with(&format!("{PASS}=;")) && cleared.contains("Max-Age=0"));
}

#[tokio::test]
async fn a_flood_of_wrong_receipts_is_refused_as_busy_and_the_right_one_gets_through_soon_after() {
    let app = TestApp::new().await;
    let (receipt, _) = app.report("flood").await;
    // A form token is spent once: each try comes with its own.
    let wrong = app.wrong_receipt_tries(160).await;
    let replies = app.post_receipts_at_once(&wrong).await;
    let busy: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(!busy.is_empty(), "the global limit applies");
    assert!(
        busy.iter()
            .all(|r| { notice(r) == "busy" && r.headers.get(header::RETRY_AFTER).is_some() })
    );
    assert!(
        replies.iter().all(|r| r.status != StatusCode::SEE_OTHER),
        "no wrong receipt opened anything"
    );
    // The limiter refills at 20 a second: the right receipt opens moments later.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.come_back(&receipt).await;
}

#[tokio::test]
async fn a_question_forged_into_the_database_is_never_shown_to_the_whistle_blower() {
    let app = TestApp::new().await;
    let (receipt, case) = app.report("forgery").await;
    // Someone with database access writes a "question" to the whistle-blower's public key.
    let pool = app.db().await;
    let wb: String = sqlx::query_scalar("SELECT whistleblower_recipient FROM cases WHERE id = $1")
        .bind(&case)
        .fetch_one(&pool)
        .await
        .expect("recipient");
    let r: age::x25519::Recipient = wb.parse().expect("recipient");
    let doc = format!(
        r#"{{"format":"filimbi/message","version":1,"case_id":"{case}","from":"investigator","day":"2026-11-23","text":"FORGED-QUESTION tell us your name and village"}}"#
    );
    let enc =
        age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).expect("enc");
    let mut ct = Vec::new();
    let mut w = enc.wrap_output(&mut ct).expect("wrap");
    std::io::Write::write_all(&mut w, doc.as_bytes()).expect("write");
    w.finish().expect("finish");
    sqlx::query(
        "INSERT INTO case_messages (case_id, seq, sender, day, author_id, ciphertext, mac) \
         VALUES ($1, 1, 'investigator', '2026-11-23', NULL, $2, $3)",
    )
    .bind(&case)
    .bind(&ct)
    .bind("00".repeat(32))
    .execute(&pool)
    .await
    .expect("forge");
    pool.close().await;
    let v = app.come_back(&receipt).await;
    let page = app.visit(&v, "/followup/case").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("FORGED-QUESTION"), "{}", page.body);
    let key = integrity_key(&app);
    let (_, failures) = app.store.verify_objects(&key).await.expect("scan");
    let kinds: Vec<&str> = failures.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        ["message", "message-sender"],
        "its content and its sender"
    );
}

#[tokio::test]
async fn export_and_stock_age_open_every_message_and_answer_in_order() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("export").await;
    let login = app.login(&amani).await;
    app.staff_post(
        &format!("/staff/case/{case}"),
        &login,
        &[("action", "reply"), ("message", "EXPORT-Q1 first question")],
    )
    .await;
    let v = app.come_back(&receipt).await;
    let pdf = crate::fixtures::pdf_with_metadata();
    let r = app
        .answer(&v, "EXPORT-A1 the answer", &[("scan.pdf", &pdf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.staff_post(
        &format!("/staff/case/{case}"),
        &login,
        &[
            ("action", "reply-template"),
            ("template", "00000000000000000000000000000003"),
            ("tl", "fr"),
        ],
    )
    .await;
    let export = app.export().await;
    let dir = export.join(&case);
    let identity = &app.identities[0];
    let q =
        String::from_utf8(stock_age_decrypt(identity, &dir.join("message-001.age"))).expect("utf8");
    let a =
        String::from_utf8(stock_age_decrypt(identity, &dir.join("message-002.age"))).expect("utf8");
    let t =
        String::from_utf8(stock_age_decrypt(identity, &dir.join("message-003.age"))).expect("utf8");
    assert!(q.contains("EXPORT-Q1") && q.contains(r#""from":"investigator""#));
    assert!(a.contains("EXPORT-A1") && a.contains(r#""from":"whistleblower""#));
    assert!(
        t.contains("Où et quand"),
        "the French template was sent: {t}"
    );
    let answer_file = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("message-002-answer-"))
        .expect("the answer's file, named after its message");
    let tar = stock_age_decrypt(identity, &dir.join(&answer_file));
    assert!(contains(&tar, b"scan.pdf") && contains(&tar, b"%PDF-"));
    assert!(!contains(&tar, b"CANARY"), "the PDF was cleaned");

    // filimbi decrypt, with the server key: every MAC checks, the conversation in order.
    app.store.close().await;
    let out = crate::cli::filimbi(
        app.dir.path(),
        &[
            "decrypt",
            "--identity",
            &identity.to_string_lossy(),
            "--server-key",
            &app.data_dir().join("server.key").to_string_lossy(),
            &export.to_string_lossy(),
        ],
    );
    assert!(out.status.success(), "{}", crate::cli::stderr(&out));
    let text = std::fs::read_to_string(dir.join("conversation.txt")).expect("conversation.txt");
    let order: Vec<usize> = ["EXPORT-Q1", "EXPORT-A1", "Où et quand"]
        .iter()
        .map(|n| text.find(n).expect("in the conversation"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("file: scan.pdf"));
    assert!(dir.join("attachments/scan.pdf").exists());
}

#[tokio::test]
async fn templates_are_for_admins_to_edit_and_everyone_to_send() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    let other = app.investigator("baraka", false).await;
    let login = app.login(&admin).await;
    let page = app.staff_get("/staff/templates", &login.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Photo of the certificate"));
    let r = app
        .staff_post(
            "/staff/templates",
            &login,
            &[
                ("action", "save"),
                ("id", ""),
                ("position", "9"),
                ("title_en", "Mine site"),
                ("title_fr", "Site minier"),
                ("body_en", "Which mine site did the minerals come from?"),
                ("body_fr", "De quel site minier venaient les minerais ?"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.staff_get("/staff/templates", &login.cookie).await;
    assert!(page.body.contains("Which mine site"));
    let rows = app
        .state
        .staff
        .workspace
        .templates()
        .await
        .expect("templates");
    assert_eq!(rows.len(), 5);
    let (entries, _) = app.state.staff.audit.recent(50).await.expect("audit");
    assert!(entries.iter().any(|e| e.action == "template.save"));

    let login = app.login(&other).await;
    assert_eq!(
        app.staff_get("/staff/templates", &login.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .staff_post(
            "/staff/templates",
            &login,
            &[
                ("action", "delete"),
                ("id", "00000000000000000000000000000001"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let case = app.submit_case("templates").await;
    // baraka was set up before the case arrived, so holds its key and may send a template.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[
                ("action", "reply-template"),
                ("template", "00000000000000000000000000000002"),
                ("tl", "en"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(
        page.body
            .contains("Can you send a photo of the certificate?")
    );
}

#[tokio::test]
async fn an_answer_sends_the_same_content_free_notice_as_a_report() {
    let (port, mut mails) = crate::workspace::smtp_sink().await;
    let app = TestApp::with_options(|o| {
        o.notify = Some(filimbi::services::notify::NotifyConfig {
            smtp_url: format!("smtp://127.0.0.1:{port}").into(),
            from: "filimbi@example.org".into(),
            to: vec!["desk@example.org".into()],
            delay: (
                std::time::Duration::ZERO,
                std::time::Duration::from_millis(50),
            ),
        });
    })
    .await;
    let wait = std::time::Duration::from_secs(20);
    let (receipt, case) = app.report("notice").await;
    let first = tokio::time::timeout(wait, mails.recv())
        .await
        .expect("report notice");
    assert!(first.is_some());
    let v = app.come_back(&receipt).await;
    let r = app
        .answer(&v, "NOTICE-ANSWER-CANARY at the Ruzizi bridge", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mail = tokio::time::timeout(wait, mails.recv())
        .await
        .expect("an answer is announced too")
        .expect("mail");
    assert!(
        mail.contains("new reports or answers are waiting"),
        "{mail}"
    );
    for secret in [case.as_str(), &case[..8], "NOTICE-ANSWER-CANARY", "Ruzizi"] {
        assert!(!mail.contains(secret), "mail leaks {secret:?}: {mail}");
    }
}

#[tokio::test]
async fn a_follow_up_form_sent_twice_is_shown_again_with_the_text_kept() {
    let app = TestApp::new().await;
    let (receipt, case) = app.report("twice").await;
    // The answer form.
    let v = app.come_back(&receipt).await;
    let page = app.visit(&v, "/followup/case").await;
    let token = page.token().expect("answer form token");
    let fields = [
        ("token", token.as_str()),
        ("answer", "The trucks were white."),
    ];
    let first = app
        .post_answer(&v.pass, "/followup/case", &fields, &[])
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = app
        .post_answer(&v.pass, "/followup/case", &fields, &[])
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(
        again.body.contains("already been sent once"),
        "{}",
        again.body
    );
    assert!(
        again.body.contains("The trucks were white."),
        "the text is kept"
    );
    let stored = app
        .store
        .messages(&filimbi::domain::case::CaseId::parse(&case).expect("id"))
        .await
        .expect("messages");
    assert_eq!(stored.len(), 1, "the answer is stored once");

    // The receipt form.
    let token = app.get("/followup").await.token().expect("token");
    let fields = [("token", token.as_str()), ("receipt", receipt.as_str())];
    let first = app.post_form("/followup", &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let fields = [
        ("token", token.as_str()),
        ("receipt", receipt.as_str()),
        ("answer", "Kept across the form."),
    ];
    let again = app.post_form("/followup", &fields).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert_eq!(notice(&again), "form-again");
    assert!(again.body.contains("Kept across the form."));
}

#[tokio::test]
async fn line_breaks_count_once_and_an_overlong_answer_is_kept_not_lost() {
    let app = TestApp::new().await;
    let (receipt, case) = app.report("lengths").await;
    let v = app.come_back(&receipt).await;
    // 20,000 characters as the browser counts them, sent with \r\n line breaks.
    let line = "b".repeat(999);
    let at_limit = vec![line.as_str(); 20].join("\r\n");
    assert_eq!(at_limit.replace("\r\n", "\n").chars().count(), 19_999);
    let r = app.answer(&v, &at_limit, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = filimbi::domain::case::CaseId::parse(&case).expect("id");
    assert_eq!(app.store.messages(&id).await.expect("messages").len(), 1);
    // One character too many: the form comes back with the text, nothing is stored.
    let too_long = format!("{}x", "a".repeat(20_000));
    let r = app.answer(&v, &too_long, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("longer than 20,000 characters"));
    assert!(r.body.contains(&too_long), "the text is kept");
    assert_eq!(app.store.messages(&id).await.expect("messages").len(), 1);
    // A form that expired with files attached keeps the text and asks for the files again.
    let page = app.visit(&v, "/followup/case").await;
    assert!(page.token().is_some());
    let r = app
        .post_answer(
            &v.pass,
            "/followup/case",
            &[("token", "forged"), ("answer", "FILES-AGAIN kept")],
            &[("scan.pdf", b"%PDF-1.4 tiny")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("FILES-AGAIN kept"));
    assert!(r.body.contains("choose your files again"), "{}", r.body);
    // A refused form token at the receipt form also takes the full 400 ms.
    let started = std::time::Instant::now();
    let r = app
        .post_form("/followup", &[("token", "forged"), ("receipt", &receipt)])
        .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(400));
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rate_limited_answer_comes_back_busy_with_the_text_kept() {
    let app = TestApp::with_options(|o| {
        o.rate_limits.followup = filimbi::services::rate::Rate::new(1, 5);
    })
    .await;
    let (receipt, case) = app.report("busy answers").await;
    let v = app.come_back(&receipt).await;
    let page = app.visit(&v, "/followup/case?lang=fr").await;
    let token = page.token().expect("answer form token");
    // Someone else spends the follow-up class's whole budget just now.
    while app.state.rate.followup.check().is_ok() {}
    let spent_before = app.store.count_spent_form_tokens().await.expect("count");
    let typed = "BUSY-ANSWER-CANARY the convoy left on Tuesday";
    let r = app
        .post_answer(
            &v.pass,
            "/followup/case?lang=fr",
            &[("token", &token), ("answer", typed)],
            &[("photo.txt", b"a photo".as_slice())],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let secs: u64 = r
        .headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(secs >= 1);
    assert!(r.body.contains(typed), "the answer is kept");
    assert!(r.body.contains("réessayez dans une minute"), "{}", r.body);
    assert!(r.body.contains("veuillez choisir vos fichiers à nouveau"));
    let stored = app
        .store
        .messages(&filimbi::domain::case::CaseId::parse(&case).expect("case id"))
        .await
        .expect("messages");
    assert!(stored.is_empty(), "nothing stored");
    assert_eq!(
        app.store.count_spent_form_tokens().await.expect("count"),
        spent_before,
        "a refused answer writes nothing, not even its spent token"
    );
    // So the same form, sent again once the budget refills, is taken.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = app
        .post_answer(
            &v.pass,
            "/followup/case?lang=fr",
            &[("token", &token), ("answer", typed)],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = app
        .store
        .messages(&filimbi::domain::case::CaseId::parse(&case).expect("case id"))
        .await
        .expect("messages");
    assert_eq!(stored.len(), 1, "the answer is stored once");
}

#[tokio::test]
async fn an_answer_the_database_could_not_store_comes_back_typed_and_is_taken_when_sent_again() {
    let app = TestApp::new().await;
    let (receipt, case) = app.report("answers the database refuses").await;
    let case = filimbi::domain::case::CaseId::parse(&case).expect("case id");
    let v = app.come_back(&receipt).await;
    let page = app.visit(&v, "/followup/case?lang=sw").await;
    let mut token = page.token().expect("answer form token");
    let db = app.db().await;
    let blobs = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blobs")
            .fetch_one(&db)
            .await
            .expect("count");
        n
    };
    let blobs_before = blobs().await;
    let typed = "NOT-STORED-CANARY the trucks cross the border at night";
    // First the token cannot be spent, then the answer itself cannot be written (after its
    // photo was cleaned and sealed): each time the same page comes back, never an error page.
    for table in ["spent_form_tokens", "case_messages"] {
        crate::database::refuse_inserts(&db, table, "1 = 1").await;
        let r = app
            .post_answer(
                &v.pass,
                "/followup/case?lang=sw",
                &[("token", &token), ("answer", typed)],
                &[("photo.txt", b"a photo".as_slice())],
            )
            .await;
        crate::database::allow_inserts(&db, table).await;
        assert_eq!(
            r.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{table}: {}",
            r.body
        );
        assert!(r.body.contains(typed), "{table}: the answer is kept");
        assert!(
            r.body.contains("Jibu lako halikuweza kuhifadhiwa"),
            "{table}: said in the page's language: {}",
            r.body
        );
        assert!(r.body.contains("tafadhali chagua faili zako tena"));
        assert!(
            app.store
                .messages(&case)
                .await
                .expect("messages")
                .is_empty()
        );
        assert_eq!(
            blobs().await,
            blobs_before,
            "{table}: no sealed photo left behind"
        );
        token = r.token().expect("a fresh form token");
    }
    // The page's own form, sent again, is taken once.
    let r = app
        .post_answer(
            &v.pass,
            "/followup/case?lang=sw",
            &[("token", &token), ("answer", typed)],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.messages(&case).await.expect("messages").len(), 1);
}
