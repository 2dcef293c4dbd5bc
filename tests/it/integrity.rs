//! Integrity, not only secrecy: someone who can write the database can encrypt to a case's
//! public recipient, so every sealed object carries a MAC under a key derived from
//! `server.key`. These tests forge a report, a note and a key wrap the way such a person would
//! and check that nothing forged is shown, that each attempt is audited, that `audit verify`
//! and `decrypt --server-key` name it, and that an investigator without access cannot change a
//! case.

use axum::http::StatusCode;

use crate::cli::{filimbi, stderr};
use crate::common::*;

/// A connection to the instance's database, as an attacker with file access has.
async fn db(app: &TestApp) -> sqlx::AnyPool {
    app.db().await
}

/// Encrypts `plain` with the age crate to a public recipient (anyone can).
fn encrypt_to(recipient: &str, plain: &[u8]) -> Vec<u8> {
    let r: age::x25519::Recipient = recipient.parse().expect("recipient");
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .expect("encryptor");
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).expect("wrap");
    std::io::Write::write_all(&mut w, plain).expect("write");
    w.finish().expect("finish");
    out
}

async fn case_recipient(pool: &sqlx::AnyPool, case: &str) -> String {
    sqlx::query_scalar("SELECT case_recipient FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(pool)
        .await
        .expect("recipient")
}

/// `(subject, detail)` of every audit entry with `action`.
pub async fn audited(app: &TestApp, action: &str) -> Vec<(String, String)> {
    let (rows, _) = app.state.staff.audit.recent(1000).await.expect("audit");
    rows.into_iter()
        .filter(|r| r.action == action)
        .map(|r| (r.subject, r.detail))
        .collect()
}

#[tokio::test]
async fn a_report_reencrypted_with_forged_text_is_refused_audited_and_named() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app
        .submit_case("The real report names the real site.")
        .await;
    let login = app.login(&who).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);

    // Forged text, well-formed, encrypted to the case's public key, written over the report.
    let pool = db(&app).await;
    let forged = format!(
        r#"{{"format":"filimbi/report","version":1,"case_id":"{case}","category":"fake-website","received_day":"2026-11-23","fields":{{"web_address":"innocent.example","description":"FORGED-REPORT nothing to see"}},"attachments":[]}}"#
    );
    let ct = encrypt_to(&case_recipient(&pool, &case).await, forged.as_bytes());
    sqlx::query(
        "UPDATE blob_chunks SET data = $1 WHERE chunk = 0 AND blob_id = \
         (SELECT id FROM blobs WHERE case_id = $2 AND name = 'report')",
    )
    .bind(&ct)
    .bind(&case)
    .execute(&pool)
    .await
    .expect("forge");
    pool.close().await;

    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        page.body.contains("Stored data failed its check"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("FORGED-REPORT"));
    let fails = audited(&app, "integrity.fail").await;
    assert_eq!(fails.len(), 1, "{fails:?}");
    assert_eq!(fails[0].0, case);
    assert!(
        fails[0].1.contains("report report: MAC mismatch"),
        "{fails:?}"
    );

    // The store-wide check names it without decrypting anything.
    let key = integrity_key(&app);
    let (checked, failures) = app.store.verify_objects(&key).await.expect("scan");
    assert!(checked >= 3, "report, escrow wrap, account wrap: {checked}");
    assert_eq!(failures.len(), 1);
    assert_eq!(
        (failures[0].kind, failures[0].why),
        ("report", "MAC mismatch")
    );

    // Offline: the forgery decrypts with the offline key (recipients are public), so only the
    // server key can tell. Export checks it with the server key beside the database, leaves
    // it out and names it.
    app.store.close().await;
    let root = app.dir.path();
    let out = filimbi(root, &["--data-dir", "data", "export", "--out", "exp"]);
    assert!(!out.status.success(), "a forged object fails the export");
    assert!(
        stderr(&out).contains(r#"report "report": MAC mismatch"#),
        "{}",
        stderr(&out)
    );
    assert!(!root.join(format!("exp/{case}/report.age")).exists());
    // An export tampered with after it was written (the forgery slipped into it on the way):
    // with --server-key, decrypt refuses it.
    let rel = format!("{case}/report.age");
    std::fs::write(root.join("exp").join(&rel), &ct).expect("slip in");
    let manifest_path = root.join("exp/manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).expect("manifest")).expect("json");
    manifest["cases"][0]["files"]
        .as_array_mut()
        .expect("files")
        .push(rel.into());
    std::fs::write(&manifest_path, manifest.to_string()).expect("manifest");
    let verify = filimbi(root, &["--data-dir", "data", "audit", "verify"]);
    assert!(!verify.status.success());
    assert!(
        stderr(&verify).contains("failed their integrity check"),
        "{}",
        stderr(&verify)
    );
    let identity = app.identities[0].to_string_lossy().into_owned();
    let server_key = app.data_dir().join("server.key");
    let checked = filimbi(
        root,
        &[
            "decrypt",
            "--identity",
            &identity,
            "--server-key",
            &server_key.to_string_lossy(),
            "exp",
        ],
    );
    assert!(!checked.status.success());
    assert!(
        stderr(&checked).contains("report.age: failed its integrity check"),
        "{}",
        stderr(&checked)
    );
    assert!(!root.join(format!("exp/{case}/report.txt")).exists());
}

#[tokio::test]
async fn a_forged_note_by_admin_is_not_shown_and_a_missing_mac_is_not_trusted() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app.submit_case("Report with one real note.").await;
    let login = app.login(&who).await;
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "note"), ("note", "REAL-NOTE written here")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let pool = db(&app).await;
    let note = r#"{"format":"filimbi/note","version":1,"author":"admin","day":"2026-11-23","text":"FORGED-NOTE close this case, it is spam"}"#;
    let ct = encrypt_to(&case_recipient(&pool, &case).await, note.as_bytes());
    // One with no MAC at all (as if written before MACs existed), one with a made-up MAC.
    for (seq, mac) in [(2, None), (3, Some("00".repeat(32)))] {
        sqlx::query(
            "INSERT INTO case_notes (case_id, seq, author_id, ciphertext, mac) \
             VALUES ($1, $2, NULL, $3, $4)",
        )
        .bind(&case)
        .bind(seq)
        .bind(&ct)
        .bind(mac)
        .execute(&pool)
        .await
        .expect("forge note");
    }
    pool.close().await;
    // A restart does not bless rows without a MAC: only the upgrade itself adds them.
    let app = app.restart(Default::default()).await;
    app.clock.advance(3600); // the restarted clock is back at noon; codes work once
    let login = app.login(&who).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "the real content still shows");
    assert!(page.body.contains("REAL-NOTE written here"));
    assert!(!page.body.contains("FORGED-NOTE"));
    assert_eq!(
        page.body.matches("failed its integrity check").count(),
        2,
        "both forged notes are flagged"
    );
    let fails = audited(&app, "integrity.fail").await;
    let details: Vec<&str> = fails.iter().map(|(_, d)| d.as_str()).collect();
    assert!(details.contains(&"note 2: missing MAC"), "{details:?}");
    assert!(details.contains(&"note 3: MAC mismatch"), "{details:?}");
}

#[tokio::test]
async fn a_key_wrap_written_into_the_database_opens_nothing() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    let eve = app.investigator("eve", false).await;
    let case = app
        .submit_case("Only amani and eve hold wraps at intake.")
        .await;
    // Eve's own wrap is genuine; replace it with amani's wrap (a swap between readers).
    let pool = db(&app).await;
    let ids: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM accounts")
        .fetch_all(&pool)
        .await
        .expect("accounts");
    let id_of = |n: &str| {
        ids.iter()
            .find(|(_, name)| name == n)
            .map(|(i, _)| i.clone())
    };
    let (amani_id, eve_id) = (id_of("amani").expect("amani"), id_of("eve").expect("eve"));
    sqlx::query(
        "UPDATE case_key_wraps SET ciphertext = (SELECT ciphertext FROM case_key_wraps \
         WHERE case_id = $1 AND reader = $2), mac = (SELECT mac FROM case_key_wraps \
         WHERE case_id = $1 AND reader = $2) WHERE case_id = $1 AND reader = $3",
    )
    .bind(&case)
    .bind(format!("account:{amani_id}"))
    .bind(format!("account:{eve_id}"))
    .execute(&pool)
    .await
    .expect("swap");
    pool.close().await;
    let login = app.login(&eve).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    let fails = audited(&app, "integrity.fail").await;
    assert!(
        fails[0]
            .1
            .starts_with(&format!("key-wrap account:{eve_id}")),
        "{fails:?}"
    );
    // Amani is unaffected.
    let login = app.login(&admin).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn an_investigator_who_cannot_open_a_case_cannot_change_it_but_an_admin_can_assign_it() {
    let app = TestApp::new().await;
    let case = app
        .submit_case("Arrived before anyone had an account.")
        .await;
    let admin = app.investigator("amani", true).await;
    let colleague = app.investigator("baraka", false).await;
    let path = format!("/staff/case/{case}");
    let login = app.login(&colleague).await;
    for fields in [
        &[("action", "status"), ("status", "verified")][..],
        &[("action", "feedback")][..],
        &[("action", "label-add"), ("label", "spam")][..],
        &[("action", "note"), ("note", "blind")][..],
        &[("action", "assign"), ("assignee", "baraka")][..],
    ] {
        let r = app.staff_post(&path, &login, fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{fields:?}: {}", r.body);
    }
    let item = app
        .store
        // A viewer who is no account: the triage fields only.
        .queue_items(&filimbi::domain::account::AccountId::from_random([0; 16]))
        .await
        .expect("queue")
        .into_iter()
        .find(|i| i.id.as_str() == case)
        .expect("case");
    assert_eq!(item.status, filimbi::domain::case::Status::New, "unchanged");
    assert!(item.feedback_day.is_none() && item.labels.is_empty() && item.assignee.is_none());

    // An admin shares out work, also cases they cannot read themselves.
    let login = app.login(&admin).await;
    let r = app
        .staff_post(
            &path,
            &login,
            &[("action", "assign"), ("assignee", "baraka")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .staff_post(
            &path,
            &login,
            &[("action", "status"), ("status", "verified")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "but not change its status");
}

fn corrupt<T>(r: Result<T, filimbi::store::StoreError>) -> bool {
    matches!(r, Err(filimbi::store::StoreError::Corrupt(_)))
}

/// What the store reads back is parsed, not trusted: an account's id, name or key, or a case's
/// key, that is not exactly what this server writes is reported as corrupt — never a panic, and
/// never quietly read as some other value.
#[tokio::test]
async fn stored_ids_names_and_keys_that_do_not_parse_are_corrupt() {
    use filimbi::domain::account::AccountName;
    use filimbi::domain::case::CaseId;

    let app = TestApp::new().await;
    app.investigator("amani", true).await;
    let case = app.submit_case("A case whose key is damaged.").await;
    let case_id = CaseId::parse(&case).expect("case id");
    let amani = AccountName::parse("amani").expect("name");
    let store = &app.store;
    let account = store
        .account_by_name(&amani)
        .await
        .expect("account")
        .expect("amani");
    assert!(account.recipient.is_some(), "a genuine key parses");
    assert!(
        store
            .case_recipient(&case_id)
            .await
            .expect("case")
            .is_some()
    );
    let pool = db(&app).await;
    let exec = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query(sql).execute(&pool).await.expect(sql) }
    };

    // The account's key in upper case: Bech32 reads the same key, but it is not the string
    // that SQL compares when a case is wrapped to the account.
    exec("UPDATE accounts SET recipient = upper(recipient) WHERE name = 'amani'").await;
    assert!(corrupt(store.account_by_name(&amani).await));
    assert!(corrupt(store.active_readers().await));
    exec("UPDATE accounts SET recipient = lower(recipient) WHERE name = 'amani'").await;
    assert!(store.account_by_name(&amani).await.is_ok());

    // A case key that is none.
    sqlx::query("UPDATE cases SET case_recipient = 'age1notakey' WHERE id = $1")
        .bind(&case)
        .execute(&pool)
        .await
        .expect("damage the case key");
    assert!(corrupt(store.case_recipient(&case_id).await));
    assert!(corrupt(store.queue_item(&account.id, &case_id).await));

    // A name not in its stored form, then an account whose id is no id.
    exec("UPDATE accounts SET name = 'Amani' WHERE name = 'amani'").await;
    assert!(corrupt(store.account_by_id(&account.id).await));
    exec("UPDATE accounts SET name = 'amani' WHERE name = 'Amani'").await;
    assert!(store.account_by_id(&account.id).await.is_ok());
    exec(
        "INSERT INTO accounts (id, name, is_admin, state, created_day) \
         VALUES ('ghost', 'ghost', 0, 'pending', '2026-01-01')",
    )
    .await;
    assert!(corrupt(store.accounts().await));
    pool.close().await;
}

// ---------------------------------------------------------------------------------------------
// A database writer redirects nothing: the keys new content is sealed to (a case's two
// recipients, an account's recipient) are clear columns, so each row that names them carries a
// MAC under the object key, checked before anything is sealed to or wrapped for it.

/// Decrypts `ct` with `identity`, as an attacker holding that key would.
fn opens_with(identity: &age::x25519::Identity, ct: &[u8]) -> Option<Vec<u8>> {
    let d = age::Decryptor::new_buffered(ct).ok()?;
    let mut r = d
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .ok()?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut r, &mut out).ok()?;
    Some(out)
}

/// The instance's first offline identity (`keys/` holds its public half).
fn offline_identity(app: &TestApp) -> age::x25519::Identity {
    let text = std::fs::read_to_string(&app.identities[0]).expect("identity file");
    text.lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("secret key line")
        .parse()
        .expect("identity")
}

/// Every ciphertext stored with a case: report chunks, key wraps, messages, notes.
async fn case_ciphertexts(pool: &sqlx::AnyPool, case: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (what, sql) in [
        (
            "chunk",
            "SELECT c.data FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id \
             WHERE b.case_id = $1",
        ),
        (
            "wrap",
            "SELECT ciphertext FROM case_key_wraps WHERE case_id = $1",
        ),
        (
            "message",
            "SELECT ciphertext FROM case_messages WHERE case_id = $1",
        ),
        (
            "note",
            "SELECT ciphertext FROM case_notes WHERE case_id = $1",
        ),
    ] {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(sql)
            .bind(case)
            .fetch_all(pool)
            .await
            .expect(sql);
        out.extend(rows.into_iter().map(|ct| (what.to_owned(), ct)));
    }
    out
}

/// Nothing stored for `case` opens with the attacker's key.
async fn nothing_opens_for(app: &TestApp, case: &str, attacker: &age::x25519::Identity) {
    let pool = db(app).await;
    for (what, ct) in case_ciphertexts(&pool, case).await {
        assert!(
            opens_with(attacker, &ct).is_none(),
            "a {what} of case {case} was sealed to the attacker's key"
        );
    }
    pool.close().await;
}

/// A new report is still taken, and sealed to the offline keys: (b) of every swap.
async fn intake_still_seals_to_the_offline_keys(app: &TestApp) -> String {
    let case = app.submit_case("INTAKE-GOES-ON after a swap").await;
    let pool = db(app).await;
    let report: Vec<u8> = sqlx::query_scalar(
        "SELECT c.data FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id \
         WHERE b.case_id = $1 AND b.name = 'report' AND c.chunk = 0",
    )
    .bind(&case)
    .fetch_one(&pool)
    .await
    .expect("report");
    pool.close().await;
    let plain = opens_with(&offline_identity(app), &report).expect("the offline key opens it");
    assert!(contains(&plain, b"INTAKE-GOES-ON"));
    case
}

/// The failures `audit verify` reports (the service function the CLI calls), as
/// `(kind, subject, why)`.
async fn verify_failures(app: &TestApp) -> Vec<(String, String, String)> {
    let (_, failures) = app
        .store
        .verify_objects(&integrity_key(app))
        .await
        .expect("scan");
    failures
        .into_iter()
        .map(|f| (f.kind.to_owned(), f.case, f.why.to_owned()))
        .collect()
}

async fn account_id(pool: &sqlx::AnyPool, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM accounts WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("account id")
}

#[tokio::test]
async fn a_whistle_blower_key_swapped_in_the_database_gets_no_question() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("A case whose receipt key is swapped.").await;
    let attacker = age::x25519::Identity::generate();
    let pool = db(&app).await;
    sqlx::query("UPDATE cases SET whistleblower_recipient = $1 WHERE id = $2")
        .bind(attacker.to_public().to_string())
        .bind(&case)
        .execute(&pool)
        .await
        .expect("swap");
    pool.close().await;

    // (a) The question is refused with a clear message, and nothing is sealed to the key.
    let login = app.login(&amani).await;
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[
                ("action", "reply"),
                ("message", "SECRET-QUESTION where are you?"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert!(
        r.body.contains("Stored data failed its check"),
        "{}",
        r.body
    );
    nothing_opens_for(&app, &case, &attacker).await;
    let pool = db(&app).await;
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_messages WHERE case_id = $1")
        .bind(&case)
        .fetch_one(&pool)
        .await
        .expect("count");
    pool.close().await;
    assert_eq!(messages, 0, "no question was stored");
    // The receipt itself no longer opens the case (its key is not the stored one).
    let r = app.type_receipt(&receipt).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);

    // (c) audited as an integrity failure of the case's header.
    let fails = audited(&app, "integrity.fail").await;
    assert!(
        fails.contains(&(case.clone(), "case-header: MAC mismatch".to_owned())),
        "{fails:?}"
    );
    // (b) intake goes on.
    intake_still_seals_to_the_offline_keys(&app).await;
    // (d) audit verify names it.
    assert_eq!(
        verify_failures(&app).await,
        vec![(
            "case-header".to_owned(),
            case.clone(),
            "MAC mismatch".to_owned()
        )]
    );
    // A header without a MAC is not blessed by a restart: only the upgrade adds them.
    let pool = db(&app).await;
    sqlx::query("UPDATE cases SET header_mac = NULL WHERE id = $1")
        .bind(&case)
        .execute(&pool)
        .await
        .expect("drop the MAC");
    pool.close().await;
    let app = app.restart(Default::default()).await;
    assert_eq!(
        verify_failures(&app).await,
        vec![(
            "case-header".to_owned(),
            case.clone(),
            "missing MAC".to_owned()
        )]
    );
    // The command an operator runs says so, and fails.
    app.store.close().await;
    let verify = filimbi(app.dir.path(), &["--data-dir", "data", "audit", "verify"]);
    assert!(!verify.status.success());
    let err = stderr(&verify);
    assert!(
        err.contains(&format!(
            "the header of case {case} failed its integrity check (missing MAC)"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn a_case_key_swapped_in_the_database_gets_no_answer_and_the_audit_does_not_date_the_visit() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("A case whose case key is swapped.").await;
    let attacker = age::x25519::Identity::generate();
    let pool = db(&app).await;
    sqlx::query("UPDATE cases SET case_recipient = $1 WHERE id = $2")
        .bind(attacker.to_public().to_string())
        .bind(&case)
        .execute(&pool)
        .await
        .expect("swap");
    pool.close().await;

    // (a) The whistle-blower's answer (and its file) is refused: nothing sealed to the key.
    let v = app.come_back(&receipt).await;
    let photo = crate::fixtures::jpeg_with_metadata();
    let r = app
        .answer(
            &v,
            "SECRET-ANSWER the seller is my uncle",
            &[("p.jpg", &photo)],
        )
        .await;
    // Told it was not stored, with the text kept to copy: never lost on an error page.
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("could not be stored"), "{}", r.body);
    assert!(r.body.contains("SECRET-ANSWER the seller is my uncle"));
    nothing_opens_for(&app, &case, &attacker).await;
    assert_eq!(app.staged_count().await, 0, "the staged file is gone too");

    // (c) Audited, but not at the time of the visit: the entry waits for the next
    // investigator action (or the hourly maintenance), so it never dates the whistle-blower.
    assert!(audited(&app, "integrity.fail").await.is_empty());
    let login = app.login(&amani).await;
    let fails = audited(&app, "integrity.fail").await;
    assert_eq!(
        fails,
        vec![(case.clone(), "case-header: MAC mismatch".to_owned())]
    );
    // The investigator's own attempt to write to the case is refused too.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "note"), ("note", "SECRET-NOTE")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    nothing_opens_for(&app, &case, &attacker).await;

    // (b) and (d).
    intake_still_seals_to_the_offline_keys(&app).await;
    assert_eq!(
        verify_failures(&app).await,
        vec![("case-header".to_owned(), case, "MAC mismatch".to_owned())]
    );
}

#[tokio::test]
async fn an_account_row_changed_in_the_database_gets_no_wrap_and_intake_goes_on() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    for name in ["eve", "faith", "gabriel", "hamisi"] {
        app.investigator(name, false).await;
    }
    let gabriel = filimbi::domain::account::AccountName::parse("gabriel").expect("name");
    app.state
        .staff
        .accounts
        .disable("amani", &gabriel)
        .await
        .expect("disable");
    let attacker = age::x25519::Identity::generate();
    let pool = db(&app).await;
    let ids: Vec<String> = {
        let mut v = Vec::new();
        for n in ["amani", "eve", "faith", "gabriel", "hamisi"] {
            v.push(account_id(&pool, n).await);
        }
        v
    };
    // eve's recipient is the attacker's; faith made admin; gabriel active again; hamisi
    // renamed.
    sqlx::query("UPDATE accounts SET recipient = $1 WHERE name = 'eve'")
        .bind(attacker.to_public().to_string())
        .execute(&pool)
        .await
        .expect("recipient");
    for sql in [
        "UPDATE accounts SET is_admin = 1 WHERE name = 'faith'",
        "UPDATE accounts SET state = 'active' WHERE name = 'gabriel'",
        "UPDATE accounts SET name = 'boss' WHERE name = 'hamisi'",
    ] {
        sqlx::query(sql).execute(&pool).await.expect(sql);
    }
    pool.close().await;

    // (b) The report is taken and sealed to the offline keys; (a) only amani gets a wrap, and
    // nothing of it opens with the attacker's key.
    let case = intake_still_seals_to_the_offline_keys(&app).await;
    let pool = db(&app).await;
    let mut readers: Vec<String> =
        sqlx::query_scalar("SELECT reader FROM case_key_wraps WHERE case_id = $1")
            .bind(&case)
            .fetch_all(&pool)
            .await
            .expect("wraps");
    readers.sort();
    pool.close().await;
    let mut expected = vec!["escrow".to_owned(), format!("account:{}", ids[0])];
    expected.sort();
    assert_eq!(readers, expected);
    nothing_opens_for(&app, &case, &attacker).await;

    // (c) Each is audited, deferred past the report (nothing dated by its arrival) ...
    assert!(audited(&app, "integrity.fail").await.is_empty());
    app.state
        .staff
        .accounts
        .purge()
        .await
        .expect("hourly maintenance");
    let mut fails = audited(&app, "integrity.fail").await;
    fails.sort();
    assert_eq!(
        fails,
        ["boss", "eve", "faith", "gabriel"]
            .iter()
            .map(|n| (n.to_string(), "account: MAC mismatch".to_owned()))
            .collect::<Vec<_>>()
    );
    // ... and a grant to the tampered account is refused and audited at once.
    let login = app.login(&amani).await;
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "grant"), ("to", "eve")],
        )
        .await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    nothing_opens_for(&app, &case, &attacker).await;
    let amani_fails = audited(&app, "integrity.fail").await;
    assert_eq!(amani_fails.len(), 5, "{amani_fails:?}");
    // Re-enabling or resetting a tampered account is refused; disabling it works.
    let eve = filimbi::domain::account::AccountName::parse("eve").expect("name");
    let accounts = &app.state.staff.accounts;
    let reset = accounts.reset("amani", &eve).await;
    assert!(
        reset
            .as_ref()
            .is_err_and(|e| e.to_string().contains("changed outside Filimbi")),
        "{:?}",
        reset.err()
    );
    accounts.disable("amani", &eve).await.expect("disable");

    // (d) audit verify names the four accounts, and nothing else (eve, disabled since, stays
    // flagged: disabling a tampered row never blesses it).
    let mut failures = verify_failures(&app).await;
    failures.sort();
    let row = |n: &str, why: &str| ("account".to_owned(), n.to_owned(), why.to_owned());
    assert_eq!(
        failures,
        vec![
            row("boss", "MAC mismatch"),
            row("eve", "missing MAC"),
            row("faith", "MAC mismatch"),
            row("gabriel", "MAC mismatch"),
        ]
    );
}

#[tokio::test]
async fn accounts_changed_through_filimbi_keep_a_valid_key_row() {
    let app = TestApp::new().await;
    app.investigator("amani", true).await;
    app.investigator("baraka", false).await;
    let name = filimbi::domain::account::AccountName::parse("baraka").expect("name");
    let accounts = &app.state.staff.accounts;
    accounts.disable("amani", &name).await.expect("disable");
    assert!(accounts.enable("amani", &name).await.expect("enable"));
    accounts.reset("amani", &name).await.expect("reset");
    accounts
        .create(
            "amani",
            &filimbi::domain::account::AccountName::parse("chausiku").expect("n"),
            false,
        )
        .await
        .expect("create");
    assert!(verify_failures(&app).await.is_empty());
    // Set up again with a new key: the new recipient is covered, and gets new cases.
    let link = app.new_account_link("dora", false).await;
    let (r, _) = app.complete_setup(&link, crate::staff::PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let case = app.submit_case("after the changes").await;
    let pool = db(&app).await;
    let dora = account_id(&pool, "dora").await;
    let wraps: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM case_key_wraps WHERE case_id = $1 AND reader = $2",
    )
    .bind(&case)
    .bind(format!("account:{dora}"))
    .fetch_one(&pool)
    .await
    .expect("wrap");
    pool.close().await;
    assert_eq!(wraps, 1);
    assert!(verify_failures(&app).await.is_empty());
}

#[tokio::test]
async fn a_sender_or_author_changed_in_the_database_is_flagged_not_believed() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    app.investigator("baraka", false).await;
    let (receipt, case) = app.report("A case with a conversation.").await;
    let login = app.login(&amani).await;
    let path = format!("/staff/case/{case}");
    for fields in [
        &[("action", "reply"), ("message", "QUESTION-ONE by amani")][..],
        &[("action", "note"), ("note", "NOTE-ONE by amani")][..],
    ] {
        let r = app.staff_post(&path, &login, fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let v = app.come_back(&receipt).await;
    let r = app
        .answer(&v, "ANSWER-ONE from the whistle-blower", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.staff_get(&path, &login.cookie).await;
    assert_eq!(page.body.matches("failed its integrity check").count(), 0);

    // amani's question and note are put in baraka's name; the answer is passed off as a
    // question from the investigators.
    let pool = db(&app).await;
    let baraka = account_id(&pool, "baraka").await;
    for sql in [
        "UPDATE case_messages SET author_id = $1 WHERE case_id = $2 AND seq = 1",
        "UPDATE case_notes SET author_id = $1 WHERE case_id = $2 AND seq = 1",
    ] {
        sqlx::query(sql)
            .bind(&baraka)
            .bind(&case)
            .execute(&pool)
            .await
            .expect(sql);
    }
    sqlx::query(
        "UPDATE case_messages SET sender = 'investigator', author_id = $1 \
         WHERE case_id = $2 AND seq = 2",
    )
    .bind(&baraka)
    .bind(&case)
    .execute(&pool)
    .await
    .expect("flip sender");
    pool.close().await;

    let page = app.staff_get(&path, &login.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("failed its integrity check").count(),
        3,
        "{}",
        page.body
    );
    for text in ["QUESTION-ONE", "NOTE-ONE", "ANSWER-ONE"] {
        assert!(!page.body.contains(text), "{text} shown under a false name");
    }
    let mut fails: Vec<String> = audited(&app, "integrity.fail")
        .await
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    fails.sort();
    assert_eq!(
        fails,
        [
            "message-sender 1: MAC mismatch",
            "message-sender 2: MAC mismatch",
            "note-author 1: MAC mismatch"
        ]
    );
    // The whistle-blower is not shown the question whose author changed either.
    let page = app.visit(&v, "/followup/case").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("QUESTION-ONE"), "{}", page.body);

    let mut failures = verify_failures(&app).await;
    failures.sort();
    let row = |k: &str| (k.to_owned(), case.clone(), "MAC mismatch".to_owned());
    assert_eq!(
        failures,
        vec![
            row("message-sender"),
            row("message-sender"),
            row("note-author")
        ]
    );
}

#[tokio::test]
async fn a_pending_first_admin_changed_in_the_database_does_not_stop_the_server() {
    let app = TestApp::new().await;
    let accounts = &app.state.staff.accounts;
    assert!(
        accounts.bootstrap().await.expect("first start").is_some(),
        "a first admin link"
    );
    let attacker = age::x25519::Identity::generate();
    let pool = db(&app).await;
    sqlx::query("UPDATE accounts SET state = 'active', recipient = $1 WHERE name = 'admin'")
        .bind(attacker.to_public().to_string())
        .execute(&pool)
        .await
        .expect("tamper");
    sqlx::query("UPDATE accounts SET state = 'pending' WHERE name = 'admin'")
        .execute(&pool)
        .await
        .expect("back to pending, key kept");
    pool.close().await;
    // The next start neither re-keys the row nor fails: it starts, and takes reports.
    assert!(accounts.bootstrap().await.expect("starts").is_none());
    let case = intake_still_seals_to_the_offline_keys(&app).await;
    nothing_opens_for(&app, &case, &attacker).await;
    assert_eq!(
        audited(&app, "integrity.fail").await,
        vec![("admin".to_owned(), "account: MAC mismatch".to_owned())]
    );
}

#[tokio::test]
async fn a_role_written_into_the_database_grants_nothing() {
    let app = TestApp::new().await;
    app.investigator("amani", true).await;
    let baraka = app.investigator("baraka", false).await;
    let login = app.login(&baraka).await;
    let admin_page = app.staff_get("/staff/templates", &login.cookie).await;
    assert_eq!(admin_page.status, StatusCode::FORBIDDEN, "admins only");
    let pool = db(&app).await;
    sqlx::query("UPDATE accounts SET is_admin = 1 WHERE name = 'baraka'")
        .execute(&pool)
        .await
        .expect("make baraka an admin");
    pool.close().await;
    // The session ends instead of acting as an admin; the failure is audited.
    let r = app.staff_get("/staff/templates", &login.cookie).await;
    assert_ne!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("Photo of the certificate"), "{}", r.body);
    assert_eq!(
        audited(&app, "integrity.fail").await,
        vec![("baraka".to_owned(), "account: MAC mismatch".to_owned())]
    );
    assert_eq!(
        verify_failures(&app).await,
        vec![(
            "account".to_owned(),
            "baraka".to_owned(),
            "MAC mismatch".to_owned()
        )]
    );
}
