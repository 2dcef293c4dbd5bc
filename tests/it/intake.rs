//! The whistle-blower's path: pages, each kind of report, receipt, decryption by investigators.

use filimbi::domain::receipt::Receipt;

use crate::common::*;

#[tokio::test]
async fn home_page_explains_and_links_every_kind_of_report() {
    let app = TestApp::new().await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    for slug in ["fake-certificate", "fake-website", "illegal-trade", "other"] {
        assert!(
            page.body
                .contains(&format!("href=\"/report/{slug}?lang=en\"")),
            "{slug}"
        );
    }
    assert!(page.body.contains("Tor Browser"));
    assert!(page.body.contains("work computer"));
    assert!(!page.body.contains("closed"), "intake is open");
}

#[tokio::test]
async fn every_kind_of_report_decrypts_back_to_what_was_typed() {
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "fake-certificate",
            vec![
                ("certificate_number", "RW/ICGLR/2026/00417"),
                ("issuer_state", "kenya"),
                ("exporter", "Great Lakes Minerals Ltd"),
                ("mineral", "tantalum"),
                ("seen_where", "Sent by a buyer in Dubai"),
                (
                    "description",
                    "Stamp is wrong.\nKenya does not issue these.",
                ),
            ],
        ),
        (
            "fake-website",
            vec![
                ("web_address", "https://www.icglr-lricg.org/verify"),
                ("found_how", "E-mail from a \"broker\""),
                ("asked_for", "USD 450 and a passport scan"),
                (
                    "description",
                    "Looks like the real site <b>but</b> asks for money & ID.",
                ),
            ],
        ),
        (
            "illegal-trade",
            vec![
                ("place", "Near Rubaya"),
                ("mineral", "tin"),
                ("involved", "An armed group and two traders"),
                ("route", "Bunagana border post"),
                ("when_month", "03"),
                ("when_year", "2026"),
                (
                    "description",
                    "Bags moved at night. Enfants au travail — 子供.",
                ),
            ],
        ),
        (
            "other",
            vec![("description", "Certificates sold at the market.")],
        ),
    ];
    for (category, fields) in cases {
        let app = TestApp::new().await;
        let reply = app.submit(category, &fields).await;
        assert_eq!(reply.status, 200, "{category}: {}", reply.body);
        let receipt = reply.receipt().expect("receipt shown");
        assert!(Receipt::parse(&receipt).is_ok(), "receipt checks out");
        assert_eq!(app.case_count().await, 1);

        let export = app.export().await;
        let doc = decrypt_single_report(&export, &app.identities[0]);
        assert_eq!(doc["format"], "filimbi/report");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["category"], category);
        assert_eq!(doc["received_day"], "2026-11-23");
        let got = doc["fields"].as_object().expect("fields");
        assert_eq!(got.len(), fields.len(), "{category}: {got:?}");
        for (name, value) in &fields {
            assert_eq!(got[*name], *value, "{category}.{name}");
        }
    }
}

#[tokio::test]
async fn the_receipt_is_shown_in_seven_groups_of_four_digits() {
    let app = TestApp::new().await;
    let reply = app.submit("other", &[("description", "x")]).await;
    let receipt = reply.receipt().expect("receipt");
    let groups: Vec<&str> = receipt.split(' ').collect();
    assert_eq!(groups.len(), 7, "{receipt}");
    assert!(
        groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
    );
    let second = app.submit("other", &[("description", "x")]).await;
    assert_ne!(second.receipt(), Some(receipt), "receipts are random");
}

#[tokio::test]
async fn a_report_is_encrypted_to_every_offline_key_and_stock_age_opens_it() {
    let app = TestApp::with_keys(2).await;
    app.submit(
        "fake-website",
        &[
            ("web_address", "www.ceecertification.com"),
            ("description", "d"),
        ],
    )
    .await;
    let export = app.export().await;
    for identity in &app.identities {
        let doc = decrypt_single_report(&export, identity);
        assert_eq!(doc["fields"]["web_address"], "www.ceecertification.com");
    }
    // The escrowed per-case key also opens with stock age, and is an age identity.
    let key_file = std::fs::read_dir(&export)
        .expect("export dir")
        .flatten()
        .find(|e| e.path().is_dir())
        .expect("case dir")
        .path()
        .join("case-key-escrow.age");
    let key = stock_age_decrypt(&app.identities[1], &key_file);
    assert!(String::from_utf8_lossy(&key).starts_with("AGE-SECRET-KEY-1"));
}

#[tokio::test]
async fn keys_made_by_stock_age_keygen_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let identity = dir.path().join("offline.key");
    let status = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&identity)
        .output()
        .expect("stock age-keygen must be installed");
    assert!(status.status.success());
    let recipient = std::process::Command::new("age-keygen")
        .arg("-y")
        .arg(&identity)
        .output()
        .expect("age-keygen -y");
    std::fs::create_dir(dir.path().join("keys")).expect("keys dir");
    std::fs::write(dir.path().join("keys/offline.pub"), &recipient.stdout).expect("pub");
    let app = TestApp::start(dir, vec![identity.clone()]).await;
    let reply = app
        .submit("other", &[("description", "made with age-keygen")])
        .await;
    assert_eq!(reply.status, 200);
    let doc = decrypt_single_report(&app.export().await, &identity);
    assert_eq!(doc["fields"]["description"], "made with age-keygen");
}

#[tokio::test]
async fn ciphertext_length_does_not_reveal_text_length() {
    let app = TestApp::new().await;
    app.submit("other", &[("description", "short")]).await;
    app.submit("other", &[("description", &"long ".repeat(150))])
        .await;
    let export = app.export().await;
    let sizes: Vec<usize> = all_files(&export)
        .into_iter()
        .filter(|(p, _)| p.ends_with("report.age"))
        .map(|(_, b)| age_payload_len(&b))
        .collect();
    assert_eq!(sizes.len(), 2);
    assert_eq!(sizes[0], sizes[1], "both fall in the 1 KiB bucket");
    // 16-byte nonce + 1024-byte bucket + 16-byte tag.
    assert_eq!(sizes[0], 16 + 1024 + 16);
}

#[tokio::test]
async fn a_shown_receipt_refers_to_a_case_that_is_already_durable() {
    let app = TestApp::new().await;
    let reply = app.submit("other", &[("description", "durable")]).await;
    assert!(reply.receipt().is_some());
    // A second, independent connection sees the committed case at once.
    let url = crate::database::url_of(&app.data_dir()).await;
    let other = filimbi::store::Store::open(&url, &integrity_key(&app))
        .await
        .expect("open");
    assert_eq!(other.count_cases().await.expect("count"), 1);
    other.close().await;
    let durability = app.store.durability().await.expect("settings");
    let expected = match app.store.backend() {
        // WAL, synchronous = FULL (2): the commit is on disk when it returns.
        filimbi::store::Backend::Sqlite => ("wal", "2"),
        // fsync on, and every commit waits for its WAL flush.
        filimbi::store::Backend::Postgres => ("fsync on", "on"),
    };
    assert_eq!((durability.0.as_str(), durability.1.as_str()), expected);
}

#[tokio::test]
async fn pages_follow_the_chosen_language() {
    let app = TestApp::new().await;
    let fr = app.get("/report/fake-certificate?lang=fr").await;
    assert!(fr.body.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(
        fr.body
            .contains("Seuls le Burundi, la République démocratique du Congo et le Rwanda")
    );
    assert!(
        fr.body
            .contains("action=\"/report/fake-certificate?lang=fr\"")
    );
    let by_header = app.get_with("/", "accept-language", "fr-CD,fr;q=0.9").await;
    assert!(by_header.body.contains("<html lang=\"fr\" dir=\"ltr\">"));
    let link_wins = app
        .get_with("/?lang=en", "accept-language", "fr-CD,fr;q=0.9")
        .await;
    assert!(link_wins.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(
        link_wins.body.contains("href=\"/?lang=fr\""),
        "visible language link"
    );
    let token = app.token("other").await;
    let refused = app
        .post_form(
            "/report/other?lang=fr",
            &[("token", &token), ("description", " ")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Ce champ doit être rempli."));
}

#[tokio::test]
async fn certificate_form_offers_member_states_and_minerals() {
    let app = TestApp::new().await;
    let page = app.get("/report/fake-certificate").await;
    for state in [
        "angola",
        "burundi",
        "central-african-republic",
        "republic-of-congo",
        "drc",
        "kenya",
        "uganda",
        "rwanda",
        "south-sudan",
        "sudan",
        "tanzania",
        "zambia",
        "other",
        "unknown",
    ] {
        assert!(
            page.body.contains(&format!("<option value=\"{state}\"")),
            "{state}"
        );
    }
    for mineral in [
        "tin",
        "tantalum",
        "tungsten",
        "gold",
        "cobalt",
        "copper",
        "diamonds",
        "bauxite",
        "manganese",
        "phosphate",
    ] {
        assert!(
            page.body.contains(&format!("<option value=\"{mineral}\"")),
            "{mineral}"
        );
    }
    assert!(
        page.body
            .contains("Only Burundi, the Democratic Republic of Congo and Rwanda issue")
    );
}

#[tokio::test]
async fn every_whistleblower_page_with_its_css_weighs_under_30_kb() {
    let app = TestApp::new().await;
    let css = app.get("/style.css").await;
    assert_eq!(css.status, 200);
    let mut pages = vec![app.get("/").await, app.get("/?lang=fr").await];
    for slug in ["fake-certificate", "fake-website", "illegal-trade", "other"] {
        pages.push(app.get(&format!("/report/{slug}")).await);
        pages.push(app.get(&format!("/report/{slug}?lang=fr")).await);
    }
    pages.push(app.submit("other", &[("description", "x")]).await);
    for page in pages {
        let total = page.body.len() + css.body.len();
        assert!(total <= 30 * 1024, "{total} bytes");
        assert!(!page.body.contains("<script"), "no scripts");
        assert!(
            !page.body.contains("http://") && !page.body.contains("https://"),
            "no external resources"
        );
    }
}
