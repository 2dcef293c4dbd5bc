//! The public warning page and the check, as people and scripts use them.

use super::*;

#[tokio::test]
async fn the_warning_page_lists_the_seeded_sites_with_the_notice_and_the_official_references() {
    let app = TestApp::new().await;
    let page = app.get("/warnings").await;
    assert_eq!(page.status, StatusCode::OK);
    for (i, site) in SEEDED.iter().enumerate() {
        assert!(
            page.body.contains(&format!("id=\"entry-{}\"", i + 1)) && page.body.contains(site),
            "{site} listed"
        );
    }
    assert!(
        page.body
            .contains("Not being on this list does not mean genuine"),
        "the not-listed notice"
    );
    assert!(page.body.contains(
        "Only three countries issue ICGLR certificates: Burundi, the Democratic Republic of Congo and Rwanda."
    ));
    assert!(
        page.body
            .contains(&format!("<strong dir=\"ltr\">{OFFICIAL}</strong>"))
    );
    // The key printed for people to compare is the key the feeds are signed with.
    let key = app.feed("signing-key.pub").await.body;
    assert!(key.starts_with("ssh-ed25519 "), "{key}");
    assert_eq!(page_key(&page.body).as_deref(), Some(key.trim()));
    assert!(!page.body.contains("<script"), "no JavaScript");
    assert!(page.body.contains("href=\"/report/delisting-request"));

    let fr = app.get("/warnings?lang=fr").await;
    assert_eq!(fr.status, StatusCode::OK);
    assert!(fr.body.contains("<html lang=\"fr\""), "French page");
    for site in SEEDED {
        assert!(fr.body.contains(site));
    }
    assert!(fr.body.contains(&html(
        "Ne pas figurer sur cette liste ne prouve pas l'authenticité."
    )));
    assert!(fr.body.contains(
        "Seuls trois pays délivrent des certificats CIRGL : le Burundi, la République démocratique du Congo et le Rwanda."
    ));
    assert!(
        fr.body
            .contains(&format!("<strong dir=\"ltr\">{OFFICIAL}</strong>"))
    );
    assert_eq!(page_key(&fr.body).as_deref(), Some(key.trim()));
    assert!(!fr.body.contains("<script"));
}

#[tokio::test]
async fn the_search_finds_a_published_number_however_it_is_typed() {
    let solo = Solo::new().await;
    let app = &solo.app;
    solo.publish(
        "CD-2026-4417",
        "Forged Congolese export certificate.",
        "Faux certificat d'exportation congolais.",
    )
    .await;
    // People copy a number with whatever separators their document shows; links made for
    // the older certificate-only search (`cert=`) still work.
    for (param, typed) in [
        ("q", "CD-2026-4417"),
        ("q", "cd-2026-4417"),
        ("q", "2026-4417"),
        ("cert", "CD/2026/4417"),
        ("q", "CD 2026 4417"),
    ] {
        let page = app.get(&format!("/warnings?{param}={}", enc(typed))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&html(&format!(
                "One published warning matches \"{typed}\":"
            ))),
            "{typed}: match message"
        );
        assert!(page.body.contains("CD-2026-4417"), "{typed}: number shown");
    }
    let miss = app.get("/warnings?q=BI-1999-0001").await;
    assert_eq!(miss.status, StatusCode::OK);
    assert!(miss.body.contains(&html(
        "Nothing on the list matches \"BI-1999-0001\". This does not mean it is genuine."
    )));
    assert!(
        !miss.body.contains("CD-2026-4417"),
        "non-matching numbers hidden"
    );
    let fr = app.get("/warnings?q=BI-1999-0001&lang=fr").await;
    assert!(fr.body.contains(&html(
        "Rien dans la liste ne correspond à « BI-1999-0001 »."
    )));
    let bad = app.get("/warnings?page=two").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_list_comes_a_page_at_a_time_newest_first_within_budget_in_every_language() {
    let solo = Solo::new().await;
    let app = &solo.app;
    // 25 listings with reasons of the longest allowed length, imported as an operator would.
    let long = "x".repeat(490);
    let items: Vec<String> = (0..25)
        .map(|i| {
            format!(
                r#"{{"target": "fake-{i:02}.example", "reason": {{"en": "{i:02} {long}", "fr": "{i:02} {long}"}}}}"#
            )
        })
        .collect();
    let file = app.dir.path().join("import.json");
    std::fs::write(&file, format!("{{\"entries\": [{}]}}", items.join(","))).expect("write");
    let items = filimbi::offline::warnings::read_import(&file).expect("read");
    app.state
        .warnings
        .import("test", &items)
        .await
        .expect("import");
    let css = app.get("/style.css").await.body.len();
    for lang in filimbi::i18n::Lang::ALL {
        let code = lang.code();
        let mut seen = Vec::new();
        let mut next = format!("/warnings?lang={code}");
        for page in 1.. {
            let reply = app.get(&next).await;
            assert_eq!(reply.status, StatusCode::OK, "{next}");
            assert!(
                reply.body.len() + css <= 30 * 1024,
                "{next}: {} bytes with the stylesheet",
                reply.body.len() + css
            );
            seen.extend(
                reply
                    .body
                    .match_indices("class=\"target\" dir=\"ltr\">")
                    .map(|(at, m)| {
                        let rest = &reply.body[at + m.len()..];
                        rest[..rest.find('<').unwrap_or(0)].to_owned()
                    }),
            );
            let Some(at) = reply.body.find("id=\"older\"") else {
                break;
            };
            let href = &reply.body[..at];
            let href = &href[href.rfind("href=\"").expect("link") + 6..];
            next = href[..href.find('"').expect("end")]
                .replace("&amp;", "&")
                .replace("&#38;", "&");
            assert!(next.contains(&format!("page={}", page + 1)), "{next}");
            assert!(next.contains(&format!("lang={code}")), "{next}");
        }
        // Every entry once, most recent first (the same day: the later listed first).
        let fakes: Vec<&String> = seen.iter().filter(|t| t.starts_with("fake-")).collect();
        let expected: Vec<String> = (0..25)
            .rev()
            .map(|i| format!("fake-{i:02}.example"))
            .collect();
        assert_eq!(fakes, expected.iter().collect::<Vec<_>>(), "{code}");
    }
    // The language links keep the search and the page.
    let second = app.get("/warnings?q=fake&page=2&lang=sw").await;
    let fr = second.body.find("hreflang=\"fr\"").expect("French link");
    let href = &second.body[..fr];
    let href = &href[href.rfind("href=\"").expect("href") + 6..];
    let href = href[..href.find('"').expect("end")]
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert_eq!(href, "/warnings?q=fake&page=2&lang=fr");
    // A search keeps its words through the pages.
    let found = app.get("/warnings?q=fake-1").await;
    assert!(
        found
            .body
            .contains(&html("10 published warnings match \"fake-1\":"))
    );
    assert!(!found.body.contains("id=\"older\""));
}

// The check

#[tokio::test]
async fn every_spelling_of_a_listed_site_is_recognised_and_only_whole_labels_match() {
    let solo = Solo::new().await;
    let app = &solo.app;
    solo.publish(IDN, "Fake verification site.", "Faux site de vérification.")
        .await;
    // (input, canonical form)
    let listed = [
        ("WWW.CeeCertification.COM", "www.ceecertification.com"),
        ("www.ceecertification.com.", "www.ceecertification.com"),
        ("www.ceecertification.com:8443", "www.ceecertification.com"),
        (
            "https://www.ceecertification.com/login/index.php",
            "www.ceecertification.com",
        ),
        (
            "www.ceecertification.com/verify?cert=RW-1#top",
            "www.ceecertification.com",
        ),
        (
            "http://www.ceecertification.com?next=https://ceec-icglr.org",
            "www.ceecertification.com",
        ),
        (
            "https://user:secret@www.ceecertification.com:443/",
            "www.ceecertification.com",
        ),
        ("mailto:desk@ceecertification.com", "ceecertification.com"),
        ("desk@ceecertification.com", "ceecertification.com"),
        // Full-width letters and an ideographic full stop, as some keyboards type them.
        (
            "ｗｗｗ．ｃｅｅｃｅｒｔｉｆｉｃａｔｉｏｎ。ｃｏｍ",
            "www.ceecertification.com",
        ),
        // Subdomains of a listing are covered, at any depth.
        (
            "pay.www.ceecertification.com",
            "pay.www.ceecertification.com",
        ),
        ("login.ceecertification.com", "login.ceecertification.com"),
        // A listing written with www. covers the bare domain.
        ("ceecertification.com", "ceecertification.com"),
        ("ICGLR-LRICG.ORG", "icglr-lricg.org"),
        // An internationalised listing, in Unicode, upper case and punycode.
        (IDN, IDN_ASCII),
        ("ICGLR-VÉRIFIER.CD", IDN_ASCII),
        (IDN_ASCII, IDN_ASCII),
        (
            "https://www.xn--icglr-vrifier-hhb.cd/paiement",
            "www.xn--icglr-vrifier-hhb.cd",
        ),
    ];
    for (input, canonical) in listed {
        let (status, v, _) = app.check_json(input).await;
        assert_eq!(status, StatusCode::OK, "{input}: {v}");
        assert_eq!(v["verdict"], "listed", "{input}: {v}");
        assert_eq!(v["canonical"], canonical, "{input}");
        assert_eq!(v["kind"], "domain", "{input}");
    }
    // The page shows an internationalised entry as people read it, with its listed
    // (punycode) form beside it; a plain ASCII entry is shown once.
    let idn = app.check_page(IDN, "en").await;
    assert!(
        idn.body.contains(&format!(
            "<strong class=\"target\" dir=\"ltr\">{IDN}</strong> <small dir=\"ltr\">{IDN_ASCII}</small>"
        )),
        "{}",
        idn.body
    );
    let plain = app.check_page("www.ceecertification.com", "en").await;
    assert!(
        plain
            .body
            .contains("<strong class=\"target\" dir=\"ltr\">www.ceecertification.com</strong><br>"),
        "{}",
        plain.body
    );

    // Whole labels only: a name that merely ends with a listed one is another site.
    for other in [
        "notceecertification.com",
        "ceecertification.com.evil.example",
    ] {
        assert_ne!(app.verdict(other).await, "listed", "{other}");
    }
    assert_eq!(app.verdict("notceecertification.com").await, "lookalike");
}

#[tokio::test]
async fn each_verdict_in_json_and_on_the_page() {
    let solo = Solo::new().await;
    let app = &solo.app;

    // listed
    let (_, v, r) = app
        .check_json("https://www.ceecertification.com/login")
        .await;
    assert_eq!(v["verdict"], "listed");
    assert_eq!(v["entry"]["id"], 1);
    assert_eq!(v["entry"]["target"], "www.ceecertification.com");
    assert_eq!(v["entry"]["status"], "active");
    assert!(
        v["entry"]["reason"]["en"]
            .as_str()
            .unwrap()
            .contains("Named as a fake website")
    );
    assert_eq!(r.headers["access-control-allow-origin"], "*");
    let page = app
        .check_page("https://www.ceecertification.com/login", "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page_verdict(&page.body).as_deref(), Some("listed"));
    assert!(
        page.body
            .contains("Warning: www.ceecertification.com is listed as a fake website.")
    );
    assert!(
        page.body
            .contains("Not being on this list does not mean genuine")
    );
    assert!(!page.body.contains("<script"));
    let fr = app.check_page("www.ceecertification.com", "fr").await;
    assert!(
        fr.body
            .contains("Attention : www.ceecertification.com est inscrit comme faux site.")
    );

    // official: the domain, its subdomains, its e-mail addresses
    for q in [
        OFFICIAL,
        "verify.ceec-icglr.org",
        "info@ceec-icglr.org",
        "HTTPS://CEEC-ICGLR.ORG/",
    ] {
        let (_, v, _) = app.check_json(q).await;
        assert_eq!(v["verdict"], "official", "{q}: {v}");
        assert_eq!(v["official_domain"], OFFICIAL, "{q}");
        let page = app.check_page(q, "en").await;
        assert_eq!(page_verdict(&page.body).as_deref(), Some("official"), "{q}");
    }
    let page = app.check_page("verify.ceec-icglr.org", "en").await;
    assert!(page.body.contains(
        "verify.ceec-icglr.org is an official website of the ICGLR minerals certification scheme (ceec-icglr.org)."
    ));

    // lookalike: made-up imitations of the official name, each with why it resembles it
    let lookalikes = [
        (
            "ceec-icglr.net",
            "edit-distance",
            "It uses the official name under another ending",
        ),
        (
            "ceecicglr.org",
            "edit-distance",
            "differs from the official name by only 1 character.",
        ),
        // Digit one for letter l, under another TLD: the same name once look-alikes are folded.
        (
            "ceec-icg1r.com",
            "edit-distance",
            "It uses the official name under another ending",
        ),
        // Cyrillic с (U+0441) for the first Latin c: looks identical, is another name.
        (
            "\u{441}eec-icglr.org",
            "confusable",
            "look like those of the official name",
        ),
        (
            "www.\u{441}eec-icglr.org",
            "confusable",
            "look like those of the official name",
        ),
        (
            "ceec-verification-portal.com",
            "shared-token",
            "contains &#34;ceec&#34;",
        ),
        (
            "pay-icglr-online.africa",
            "shared-token",
            "contains &#34;icglr&#34;",
        ),
    ];
    for (q, resemblance, says) in lookalikes {
        let (_, v, _) = app.check_json(q).await;
        assert_eq!(v["verdict"], "lookalike", "{q}: {v}");
        assert_eq!(v["official_domain"], OFFICIAL, "{q}");
        assert_eq!(v["resemblance"], resemblance, "{q}: {v}");
        let page = app.check_page(q, "en").await;
        assert_eq!(
            page_verdict(&page.body).as_deref(),
            Some("lookalike"),
            "{q}"
        );
        assert!(
            page.body
                .contains("resembles the official website ceec-icglr.org"),
            "{q}"
        );
        assert!(page.body.contains(says), "{q}: {says}");
        assert!(
            page.body.contains("href=\"/report/fake-website?lang=en\""),
            "{q}"
        );
    }
    // The homoglyph name is checked as its punycode.
    let (_, v, _) = app.check_json("\u{441}eec-icglr.org").await;
    assert!(v["canonical"].as_str().unwrap().starts_with("xn--"), "{v}");

    // unknown: nothing known, which is not the same as genuine
    let (_, v, _) = app.check_json("example.org").await;
    assert_eq!(v["verdict"], "unknown");
    assert!(v.get("entry").is_none() && v.get("official_domain").is_none());
    assert!(
        v["notice"]
            .as_str()
            .unwrap()
            .starts_with("Not listed does not mean genuine")
    );
    let page = app.check_page("example.org", "en").await;
    assert_eq!(page_verdict(&page.body).as_deref(), Some("unknown"));
    assert!(
        page.body
            .contains("example.org is not on our list of fake websites.")
    );
    assert!(
        page.body
            .contains("Not being on this list does not mean genuine")
    );

    // withdrawn, with its public reason
    solo.withdraw(
        2,
        "The domain now belongs to a registrar's parking service.",
        "Le domaine appartient désormais au service de parking d'un registraire.",
    )
    .await;
    let (_, v, _) = app.check_json("www.ceecicglrcertification.org").await;
    assert_eq!(v["verdict"], "withdrawn", "{v}");
    assert_eq!(v["entry"]["status"], "withdrawn");
    let last = v["entry"]["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "withdrawn");
    assert_eq!(
        last["reason"]["en"],
        "The domain now belongs to a registrar's parking service."
    );
    let page = app.check_page("ceecicglrcertification.org", "en").await;
    assert_eq!(page_verdict(&page.body).as_deref(), Some("withdrawn"));
    assert!(
        page.body
            .contains("the listing was withdrawn on 2026-11-23"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(
        "Withdrawn: <span>{}",
        html("The domain now belongs to a registrar's parking service.")
    )));
    let fr = app.check_page("ceecicglrcertification.org", "fr").await;
    assert!(fr.body.contains(&html(
        "Le domaine appartient désormais au service de parking d'un registraire."
    )));

    // certificate numbers: listed, then withdrawn, typed with other separators
    solo.publish(
        "RW-2026-00123",
        "Forged Rwandan certificate seen in Goma.",
        "Faux certificat rwandais vu à Goma.",
    )
    .await;
    for typed in [
        "RW-2026-00123",
        "rw/2026/00123",
        "RW 2026 00123",
        "rw.2026.00123",
    ] {
        let (_, v, _) = app.check_json(typed).await;
        assert_eq!(v["verdict"], "listed", "{typed}: {v}");
        assert_eq!(v["kind"], "certificate", "{typed}");
        assert_eq!(v["entry"]["target"], "RW-2026-00123", "{typed}");
        let page = app.check_page(typed, "en").await;
        assert_eq!(
            page_verdict(&page.body).as_deref(),
            Some("listed"),
            "{typed}"
        );
    }
    let page = app.check_page("rw/2026/00123", "en").await;
    assert!(page.body.contains("is listed as forged"), "{}", page.body);
    assert_eq!(app.verdict("RW-2026-00124").await, "unknown");
    let cert = app.entry_id("RW-2026-00123").await;
    solo.withdraw(
        cert,
        "Issued in error, since cancelled.",
        "Émis par erreur, annulé depuis.",
    )
    .await;
    for typed in ["RW-2026-00123", "rw 2026 00123"] {
        let (_, v, _) = app.check_json(typed).await;
        assert_eq!(v["verdict"], "withdrawn", "{typed}: {v}");
    }
    let page = app.check_page("RW/2026/00123", "en").await;
    assert_eq!(page_verdict(&page.body).as_deref(), Some("withdrawn"));
    assert!(page.body.contains("Issued in error, since cancelled."));
}

#[tokio::test]
async fn input_that_is_neither_a_domain_nor_a_certificate_is_a_clear_400() {
    let app = TestApp::new().await;
    // (input, API code, English message, French message)
    let bad = [
        (
            "not a website!",
            "invalid-domain",
            "This is not a valid website or e-mail address. Type a domain such as ceec-icglr.org.",
            "Ce n'est pas un site ou une adresse e-mail valide.",
        ),
        (
            "https://192.0.2.7/login",
            "ip-address",
            "Websites are listed by name, not by IP address.",
            "Les sites sont inscrits par leur nom, pas par leur adresse IP.",
        ),
        (
            "RW-2024-0001!",
            "invalid-certificate",
            "This is not a valid certificate number.",
            "Ce n'est pas un numéro de certificat valide.",
        ),
    ];
    for (input, code, en, fr) in bad {
        let page = app.check_page(input, "en").await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{input}");
        assert!(page.body.contains("role=\"alert\""), "{input}");
        assert!(page.body.contains(&html(en)), "{input}: {}", page.body);
        assert!(page_verdict(&page.body).is_none(), "no verdict for {input}");
        let page = app.check_page(input, "fr").await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{input}");
        assert!(page.body.contains(&html(fr)), "{input}: {}", page.body);

        let (status, v, r) = app.check_json(input).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{input}");
        assert_eq!(v["error"], code, "{input}: {v}");
        assert!(!v["message"].as_str().unwrap_or_default().is_empty(), "{v}");
        assert!(v.get("verdict").is_none());
        assert_eq!(
            r.headers["access-control-allow-origin"], "*",
            "CORS on errors too"
        );
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
    let (status, v, _) = app.check_json("").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "empty");
    let (status, v, _) = app.check_json(&"a".repeat(3000)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"], "too-long");
    // An empty HTML check is just the form, not an error.
    assert_eq!(app.get("/check").await.status, StatusCode::OK);
}
