//! Publishing, the two-person rule, withdrawal and delisting requests.

use super::*;

#[tokio::test]
async fn publishing_needs_a_verified_case_and_a_second_investigator() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let bahati = app.investigator("bahati", false).await;
    let case = app
        .submit_case("This site sells verification certificates for 300 USD.")
        .await;
    let a = app.login(&amani).await;
    let b = app.login(&bahati).await;
    let target = "https://verify.icglr-certificat.com/pay";
    let (en, fr) = (
        "Sells fake verification certificates.",
        "Vend de faux certificats de vérification.",
    );

    // Not verified yet: refused, nothing drafted.
    assert_eq!(
        app.draft_warning(&a, &case, target, en, fr).await,
        "warning-not-verified"
    );
    let page = app.staff_get("/staff/warnings", &a.cookie).await;
    assert!(hidden(&page.body, "draft").is_none());

    app.mark_verified(&a, &case).await;
    let case_page = app
        .staff_get(&format!("/staff/case/{case}"), &a.cookie)
        .await;
    assert!(
        case_page.body.contains("id=\"publish\""),
        "publish form on a verified case"
    );
    // Official domains and nonsense are refused before anything is stored.
    assert_eq!(
        app.draft_warning(&a, &case, "https://verify.ceec-icglr.org/", en, fr)
            .await,
        "warning-official"
    );
    assert_eq!(
        app.draft_warning(&a, &case, "not a site!", en, fr).await,
        "warning-bad-target"
    );
    assert_eq!(
        app.draft_warning(&a, &case, target, en, "").await,
        "warning-bad-reason"
    );
    assert_eq!(
        app.draft_warning(&a, &case, "www.ceecertification.com", en, fr)
            .await,
        "warning-conflict",
        "already listed"
    );
    for covered in ["ceecertification.com", "pay.ceecertification.com"] {
        assert_eq!(
            app.draft_warning(&a, &case, covered, en, fr).await,
            "warning-conflict",
            "{covered} is already covered by the www. listing"
        );
    }
    let page = app.staff_get("/staff/warnings", &a.cookie).await;
    assert!(
        hidden(&page.body, "draft").is_none(),
        "refusals store nothing"
    );

    assert_eq!(
        app.draft_warning(&a, &case, target, en, fr).await,
        "warning-drafted"
    );
    let page = app.staff_get("/staff/warnings", &a.cookie).await;
    let draft = hidden(&page.body, "draft").expect("draft listed");
    assert!(page.body.contains("verify.icglr-certificat.com"));
    assert!(
        page.body
            .contains("Another investigator must approve your draft.")
    );
    // A drafted warning is not public.
    assert_ne!(app.verdict(target).await, "listed");

    // The drafter's own approval is refused, whatever the page offers.
    let code = app
        .warnings_action(&a, &[("action", "approve"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-same-person");
    assert_ne!(app.verdict(target).await, "listed");
    assert!(
        !app.feed("fake-websites.txt")
            .await
            .body
            .contains("icglr-certificat")
    );

    // The second investigator approves: it is public everywhere at once.
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    assert!(
        page.body.contains("value=\"approve\""),
        "B is offered approval"
    );
    let code = app
        .warnings_action(&b, &[("action", "approve"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-approved");

    let public = app.get("/warnings").await;
    assert!(public.body.contains("verify.icglr-certificat.com"));
    assert!(public.body.contains(en));
    let (_, v, _) = app.check_json(target).await;
    assert_eq!(v["verdict"], "listed");
    assert_eq!(v["entry"]["id"], 5);
    assert_eq!(v["entry"]["target"], "verify.icglr-certificat.com");
    assert_eq!(
        app.verdict("a.b.verify.icglr-certificat.com").await,
        "listed",
        "subdomains"
    );
    let txt = app.feed("fake-websites.txt").await.body;
    assert!(txt.lines().any(|l| l == "verify.icglr-certificat.com"));
    let rpz = app.feed("fake-websites.rpz").await.body;
    assert!(rpz.contains("\n*.verify.icglr-certificat.com CNAME .\n"));
    let json = app.feed_json().await;
    assert!(
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["domain"] == "verify.icglr-certificat.com" && e["status"] == "active")
    );
    let atom = atom_entries(&app.feed("warnings.atom").await.body);
    assert_eq!(
        atom[0].0,
        "Listed as fake: website verify.icglr-certificat.com"
    );
    // The approved draft is gone, and it cannot be approved twice.
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    assert!(page.body.contains("No drafts are waiting."));
    let code = app
        .warnings_action(&b, &[("action", "approve"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-not-found");

    // The audit log says who drafted and who approved.
    let audit = app.audit_actions().await;
    let has = |actor: &str, action: &str| {
        audit.iter().any(|(who, what, subject)| {
            who == actor && what == action && subject == "verify.icglr-certificat.com"
        })
    };
    assert!(has("amani", "warning.draft"), "{audit:?}");
    assert!(has("bahati", "warning.approve"), "{audit:?}");
    assert!(app.state.staff.audit.verify().await.expect("audit").is_ok());

    // Discarding a draft removes it without publishing (its drafter may).
    let case2 = app.verified_case(&a, "Another fake portal.").await;
    assert_eq!(
        app.draft_warning(&a, &case2, "icglr-portail-faux.org", en, fr)
            .await,
        "warning-drafted"
    );
    let page = app.staff_get("/staff/warnings", &a.cookie).await;
    let draft2 = hidden(&page.body, "draft").expect("second draft");
    let code = app
        .warnings_action(&a, &[("action", "discard"), ("draft", &draft2)])
        .await;
    assert_eq!(code, "warning-discarded");
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    assert!(hidden(&page.body, "draft").is_none());
    assert!(page.body.contains("No drafts are waiting."));
    assert_ne!(app.verdict("icglr-portail-faux.org").await, "listed");
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(w, a, _)| w == "amani" && a == "warning.discard")
    );
}

#[tokio::test]
async fn only_its_drafter_or_an_admin_may_discard_a_draft() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    let bahati = app.investigator("bahati", false).await;
    let chausiku = app.investigator("chausiku", false).await;
    let (admin, b, c) = (
        app.login(&admin).await,
        app.login(&bahati).await,
        app.login(&chausiku).await,
    );
    let (en, fr) = ("Fake portal.", "Faux portail.");
    let draft_by_b = |target: &'static str, text: &'static str| {
        let (app, b) = (&app, &b);
        async move {
            let case = app.verified_case(b, text).await;
            assert_eq!(
                app.draft_warning(b, &case, target, en, fr).await,
                "warning-drafted"
            );
            let page = app.staff_get("/staff/warnings", &b.cookie).await;
            hidden(&page.body, "draft").expect("draft listed")
        }
    };

    // Another investigator is not offered to discard it, is refused, clearly, if they try
    // anyway, and the draft stays.
    let draft = draft_by_b("icglr-faux-portail.net", "A fake portal.").await;
    let page = app.staff_get("/staff/warnings", &c.cookie).await;
    assert!(page.body.contains("value=\"approve\""), "C may approve");
    assert!(
        !page.body.contains("value=\"discard\""),
        "C may not discard"
    );
    for who in [&b, &admin] {
        let page = app.staff_get("/staff/warnings", &who.cookie).await;
        assert!(page.body.contains("value=\"discard\""));
    }
    let code = app
        .warnings_action(&c, &[("action", "discard"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-not-drafter");
    let page = app
        .staff_get(&format!("/staff/warnings?lang=en&done={code}"), &c.cookie)
        .await;
    assert!(
        page.body
            .contains("Only the investigator who drafted this warning, or an administrator"),
        "{}",
        page.body
    );
    assert_eq!(
        hidden(&page.body, "draft").as_deref(),
        Some(draft.as_str()),
        "the draft is kept"
    );
    assert!(
        !app.audit_actions()
            .await
            .iter()
            .any(|(_, a, _)| a == "warning.discard"),
        "nothing discarded"
    );

    // Its drafter may.
    let code = app
        .warnings_action(&b, &[("action", "discard"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-discarded");
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    assert!(hidden(&page.body, "draft").is_none());

    // An administrator may discard anyone's.
    let draft = draft_by_b("icglr-autre-portail.net", "Another fake portal.").await;
    let code = app
        .warnings_action(&admin, &[("action", "discard"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-discarded");
    let page = app.staff_get("/staff/warnings", &admin.cookie).await;
    assert!(hidden(&page.body, "draft").is_none());
    let discards: Vec<String> = app
        .audit_actions()
        .await
        .into_iter()
        .filter(|(_, a, _)| a == "warning.discard")
        .map(|(w, _, _)| w)
        .collect();
    assert_eq!(discards, ["bahati", "amani"]);
}

#[tokio::test]
async fn without_the_two_person_rule_a_draft_is_published_at_once() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let page = app.staff_get("/staff/warnings", &solo.login.cookie).await;
    assert!(page.body.contains("The two-person rule is off"));
    let case = app
        .verified_case(&solo.login, "Fake site collecting fees.")
        .await;
    let case_page = app
        .staff_get(&format!("/staff/case/{case}"), &solo.login.cookie)
        .await;
    assert!(case_page.body.contains("Publish warning"));
    assert_eq!(
        app.draft_warning(
            &solo.login,
            &case,
            "ceec-frais.net",
            "Collects fees.",
            "Perçoit des frais."
        )
        .await,
        "warning-published"
    );
    assert_eq!(app.verdict("www.ceec-frais.net").await, "listed");
    let page = app.staff_get("/staff/warnings", &solo.login.cookie).await;
    assert!(
        hidden(&page.body, "draft").is_none(),
        "no draft left waiting"
    );
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(w, a, s)| w == "amani" && a == "warning.publish" && s == "ceec-frais.net")
    );
}

#[tokio::test]
async fn a_withdrawal_leaves_the_blocklists_keeps_the_history_and_can_be_undone() {
    let mut solo = Solo::new().await;
    let app = &solo.app;
    let domain = "icglr-fees.com";
    solo.publish(
        domain,
        "Demands fees for certificates.",
        "Exige des frais pour des certificats.",
    )
    .await;
    let id = app.entry_id(domain).await;
    assert_eq!(id, 5);
    solo.withdraw(
        id,
        "The owner proved the site was hijacked and restored.",
        "Le propriétaire a prouvé que le site avait été détourné puis rétabli.",
    )
    .await;
    // Withdrawing twice is a conflict, not a second event.
    let code = app
        .warnings_action(
            &solo.login,
            &[
                ("action", "withdraw"),
                ("entry", "5"),
                ("reason_en", "x"),
                ("reason_fr", "x"),
            ],
        )
        .await;
    assert_eq!(code, "warning-conflict");

    let (_, v, _) = app.check_json(domain).await;
    assert_eq!(v["verdict"], "withdrawn");
    assert_eq!(
        v["entry"]["history"][1]["reason"]["en"],
        "The owner proved the site was hijacked and restored."
    );
    for f in [
        "fake-websites.txt",
        "fake-websites.hosts",
        "fake-websites.rpz",
    ] {
        assert!(
            !app.feed(f).await.body.contains(domain),
            "{domain} left {f}"
        );
    }
    let json = app.feed_json().await;
    let e = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["domain"] == domain)
        .unwrap()
        .clone();
    assert_eq!(e["status"], "withdrawn");
    let csv_text = app.feed("fake-websites.csv").await.body;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == domain)
        .expect("row");
    assert_eq!(&row[2], "withdrawn");

    let page = app.get("/warnings").await;
    let entry = &page.body[page.body.find("id=\"entry-5\"").expect("entry 5")..];
    let entry = &entry[..entry.find("</ol>").expect("history end")];
    assert!(
        entry.contains("2026-11-23</span>: Listed. <span>Demands fees for certificates."),
        "{entry}"
    );
    assert!(entry.contains(
        "2026-11-23</span>: Withdrawn. <span>The owner proved the site was hijacked and restored."
    ));
    assert!(entry.contains("class=\"entry withdrawn\""));
    // The history's stable names come from the enum, next to the translated words.
    assert!(
        entry.contains("<li data-action=\"listed\"><span dir=\"ltr\">2026-11-23</span>: Listed.")
            && entry.contains(
                "<li data-action=\"withdrawn\"><span dir=\"ltr\">2026-11-23</span>: Withdrawn."
            ),
        "{entry}"
    );
    let fr = app.get("/warnings?lang=fr").await.body;
    let fr = &fr[fr.find("id=\"entry-5\"").expect("entry 5")..];
    assert!(
        fr.contains("<span class=\"status\">Retiré</span>")
            && fr.contains(
                "<li data-action=\"withdrawn\"><span dir=\"ltr\">2026-11-23</span>: Retiré."
            ),
        "{fr}"
    );

    // New evidence: publishing it again lists the same entry again.
    solo.next_day().await;
    let app = &solo.app;
    solo.publish(
        domain,
        "Hijacked again and selling certificates.",
        "De nouveau détourné.",
    )
    .await;
    let (_, v, _) = app.check_json(domain).await;
    assert_eq!(v["verdict"], "listed");
    assert_eq!(v["entry"]["id"], 5, "the same entry, not a new one");
    let actions: Vec<&str> = v["entry"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["listed", "withdrawn", "relisted"]);
    assert_eq!(v["entry"]["first_listed"], "2026-11-23");
    assert_eq!(v["entry"]["last_changed"], "2026-11-24");
    assert!(
        app.feed("fake-websites.txt")
            .await
            .body
            .lines()
            .any(|l| l == domain)
    );
    let page = app.get("/warnings").await;
    assert!(page.body.contains(
        "2026-11-24</span>: Listed again. <span>Hijacked again and selling certificates."
    ));
    let atom = atom_entries(&app.feed("warnings.atom").await.body);
    assert_eq!(atom[0].0, "Listed again as fake: website icglr-fees.com");
    assert_eq!(atom[0].1, "relisted");
}

#[tokio::test]
async fn a_delisting_request_is_an_encrypted_report_like_any_other() {
    let app = TestApp::new().await;
    let canary = format!("DELIST-{}-hakuna", std::process::id());
    let form = app.get("/report/delisting-request").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Listed website"));
    let reply = app
        .submit(
            "delisting-request",
            &[
                ("listed_address", "www.ceecertification.com"),
                ("relationship", "owner"),
                (
                    "description",
                    &format!("{canary}: we bought this domain last month."),
                ),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.receipt().is_some(), "a receipt, as for any report");
    let cases = app.store.list_cases(None).await.expect("cases");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].category.slug(), "delisting-request");

    let export = app.export().await;
    app.store.close().await;
    for (path, bytes) in all_files(&app.data_dir()) {
        assert!(
            !contains(&bytes, canary.as_bytes()),
            "request text in {}",
            path.display()
        );
    }
    let doc = decrypt_single_report(&export, &app.identities[0]);
    assert_eq!(doc["category"], "delisting-request");
    assert_eq!(doc["fields"]["listed_address"], "www.ceecertification.com");
    assert_eq!(doc["fields"]["relationship"], "owner");
    assert_eq!(
        doc["fields"]["description"],
        format!("{canary}: we bought this domain last month.")
    );
}

/// Found in review: a draft rests on the case as it is at approval, not as it was; the kind
/// chosen by the investigator is kept (a stored certificate number is never re-read as a
/// domain); a parent of an official domain cannot be listed.
#[tokio::test]
async fn approval_rechecks_the_case_and_the_chosen_kind_is_kept() {
    let app = TestApp::with_options(|o| {
        o.official_domains = vec![
            filimbi::domain::warnings::DomainName::parse("ceec-icglr.org").expect("official"),
            filimbi::domain::warnings::DomainName::parse("minerals.gov.rw").expect("official"),
        ];
    })
    .await;
    let amani = app.investigator("amani", true).await;
    let bahati = app.investigator("bahati", false).await;
    let a = app.login(&amani).await;
    let b = app.login(&bahati).await;
    let case = app
        .verified_case(&a, "Fake portal and forged numbers.")
        .await;
    let (en, fr) = ("Forged.", "Faux.");

    // Listing a parent of an official domain would make the genuine site read as fake.
    assert_eq!(
        app.draft_warning(&a, &case, "www.gov.rw", en, fr).await,
        "warning-official"
    );
    assert_eq!(app.verdict("minerals.gov.rw").await, "official");

    // A certificate number with dots and a letter at the end, drafted as a certificate.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}/warning"),
            &a,
            &[
                ("kind", "certificate"),
                ("target", "RW 2024.A1"),
                ("reason_en", en),
                ("reason_fr", fr),
            ],
        )
        .await;
    assert_eq!(done(&r), "warning-drafted");
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    assert_eq!(page.status, StatusCode::OK, "drafts still load");
    assert!(page.body.contains("RW2024.A1"));
    let draft = hidden(&page.body, "draft").expect("draft");

    // The case is reopened before the second investigator approves: refused.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &a,
            &[("action", "status"), ("status", "investigating")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let code = app
        .warnings_action(&b, &[("action", "approve"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-not-verified");
    assert_eq!(app.verdict("RW2024.A1").await, "unknown");

    // Verified again: approved, listed as a certificate, and the list reloads after a restart.
    app.mark_verified(&a, &case).await;
    let code = app
        .warnings_action(&b, &[("action", "approve"), ("draft", &draft)])
        .await;
    assert_eq!(code, "warning-approved");
    let (_, v, _) = app.check_json("rw-2024-a1").await;
    assert_eq!(v["verdict"], "listed", "{v}");
    assert_eq!(v["entry"]["kind"], "certificate");
    app.state
        .warnings
        .reload()
        .await
        .expect("the stored list parses back");
    assert!(!app.feed("fake-websites.rpz").await.body.contains("a1"));
}

/// Found in review: a name that is not valid UTF-8 gets the site's own 404 page.
#[tokio::test]
async fn a_malformed_feed_name_is_the_sites_own_not_found_page() {
    let app = TestApp::new().await;
    let r = app.get("/feeds/%FF.json").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("<html"), "{}", r.body);
}

/// The site's own error page in French: what a staff request that does not fit gets.
fn french_error_page(r: &Reply) {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{:?}",
        r.headers
    );
    assert!(r.body.contains("<html"), "{}", r.body);
    assert!(
        r.body.contains(&html("Le formulaire n'a pas pu être lu")),
        "{}",
        r.body
    );
}

/// The staff warning page's query and the publishing forms are read into typed structs:
/// missing and extra parameters behave as before, and what does not fit (a repeated parameter,
/// an unknown action or kind) gets the site's own error page in the investigator's language,
/// never the framework's plain-text 400, and changes nothing.
#[tokio::test]
async fn staff_warning_queries_and_forms_that_do_not_fit_get_the_sites_error_page() {
    let solo = Solo::new().await;
    let (app, login) = (&solo.app, &solo.login);

    // Missing: no message. Extra parameters: ignored. An unknown code: no message.
    let r = app.staff_get("/staff/warnings", &login.cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(by_id(&r.body, "flash"), None);
    let r = app
        .staff_get(
            "/staff/warnings?lang=fr&done=warning-withdrawn&from=mail",
            &login.cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        by_id(&r.body, "flash").as_deref(),
        Some(html("Alerte retirée.").as_str())
    );
    let r = app
        .staff_get("/staff/warnings?done=nonsense", &login.cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(by_id(&r.body, "flash"), None);

    // A repeated parameter is not one value.
    let r = app
        .staff_get(
            "/staff/warnings?lang=fr&done=warning-withdrawn&done=warning-approved",
            &login.cookie,
        )
        .await;
    french_error_page(&r);

    // An action this page does not offer, or none.
    for fields in [
        &[("action", "publish"), ("draft", "x")][..],
        &[("draft", "x")],
    ] {
        let r = app
            .staff_post("/staff/warnings?lang=fr", login, fields)
            .await;
        french_error_page(&r);
    }

    // A kind the case page does not offer: refused, not guessed.
    let case = app.verified_case(login, "Evidence of a fake portal.").await;
    let fields = |kind: &'static str| {
        [
            ("kind", kind),
            ("target", "icglr-portail.cd"),
            ("reason_en", "Fake portal."),
            ("reason_fr", "Faux portail."),
            ("utm", "ignored"),
        ]
    };
    let r = app
        .staff_post(
            &format!("/staff/case/{case}/warning?lang=fr"),
            login,
            &fields("website"),
        )
        .await;
    french_error_page(&r);
    assert_ne!(app.verdict("icglr-portail.cd").await, "listed");
    // No choice lets the shape decide; extra fields are ignored.
    let r = app
        .staff_post(&format!("/staff/case/{case}/warning"), login, &fields(""))
        .await;
    assert_eq!(done(&r), "warning-published");
    assert_eq!(app.verdict("icglr-portail.cd").await, "listed");

    // An entry that is not a number names no entry, as before.
    let code = app
        .warnings_action(
            login,
            &[
                ("action", "withdraw"),
                ("entry", "five"),
                ("reason_en", "x"),
                ("reason_fr", "y"),
            ],
        )
        .await;
    assert_eq!(code, "warning-not-found");
}
