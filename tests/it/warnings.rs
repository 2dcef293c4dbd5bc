//! Public fraud warnings end to end: the warning page, the check (HTML and JSON), the feeds
//! and their signatures checked with the stock tools (`ssh-keygen -Y verify`,
//! `named-checkzone`), publishing under the two-person rule, withdrawal, delisting requests and
//! the `filimbi warnings` commands. Stock tools are required: a missing one fails the test.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use axum::http::StatusCode;
use serde_json::Value;

use crate::common::*;
use crate::staff::*;

/// The four fake sites the scheme names itself, listed from the first start (ids 1–4).
const SEEDED: [&str; 4] = [
    "www.ceecertification.com",
    "www.ceecicglrcertification.org",
    "www.icglr-icglr.cd",
    "www.icglr-lricg.org",
];

/// The default official domain.
const OFFICIAL: &str = "ceec-icglr.org";

/// Every feed served under `/feeds/`.
const FEEDS: [&str; 6] = [
    "fake-websites.json",
    "fake-websites.csv",
    "fake-websites.txt",
    "fake-websites.hosts",
    "fake-websites.rpz",
    "warnings.atom",
];

/// A made-up internationalised fake domain and its punycode (computed independently, with
/// Python's `'icglr-vérifier.cd'.encode('idna')`).
const IDN: &str = "icglr-vérifier.cd";
const IDN_ASCII: &str = "xn--icglr-vrifier-hhb.cd";

/// Text as askama writes it into HTML, so page bodies can be searched for it.
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// A query-string value, percent-encoded.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The `done=` code of a staff redirect.
fn done(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers["location"].to_str().expect("location");
    location
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("done="))
        .unwrap_or_default()
        .to_owned()
}

/// The verdict word of a `/check` page (its `verdict-…` CSS class).
fn page_verdict(body: &str) -> Option<String> {
    let marker = "class=\"verdict verdict-";
    let start = body.find(marker)? + marker.len();
    let len = body[start..].find('"')?;
    Some(body[start..start + len].to_owned())
}

/// The text of the first `<pre class="key">` (the feed key on the warning page).
fn page_key(body: &str) -> Option<String> {
    let marker = "<pre class=\"key\">";
    let start = body.find(marker)? + marker.len();
    let len = body[start..].find("</pre>")?;
    Some(body[start..start + len].trim().to_owned())
}

/// Runs a stock tool; the test fails (never skips) when it is not installed.
fn stock(tool: &str, package: &str, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut cmd = Command::new(tool);
    cmd.args(args);
    if let Some(file) = stdin {
        cmd.stdin(Stdio::from(std::fs::File::open(file).expect("stdin file")));
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("`{tool}` must be installed (apt-get install {package}): {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `named-checkzone` on an RPZ feed: BIND must load it as a zone.
fn named_checkzone(dir: &Path, rpz: &str) {
    let file = dir.join("fake-websites.rpz");
    std::fs::write(&file, rpz).expect("write zone");
    let out = stock(
        "named-checkzone",
        "bind9-utils",
        &["rpz.filimbi.test", &file.to_string_lossy()],
        None,
    );
    assert!(out.status.success(), "named-checkzone: {}", text(&out));
    assert!(text(&out).contains("OK"), "{}", text(&out));
}

/// `ssh-keygen -Y verify` of `data` against `sig` with the served `allowed_signers`.
fn ssh_verify(dir: &Path, allowed_signers: &str, data: &[u8], sig: &str) -> Output {
    let (allowed, file, sig_file) = (
        dir.join("allowed_signers"),
        dir.join("feed"),
        dir.join("feed.sig"),
    );
    std::fs::write(&allowed, allowed_signers).expect("allowed_signers");
    std::fs::write(&file, data).expect("feed");
    std::fs::write(&sig_file, sig).expect("sig");
    stock(
        "ssh-keygen",
        "openssh-client",
        &[
            "-Y",
            "verify",
            "-f",
            &allowed.to_string_lossy(),
            "-I",
            "feeds@filimbi",
            "-n",
            "filimbi-feeds",
            "-s",
            &sig_file.to_string_lossy(),
        ],
        Some(&file),
    )
}

/// Atom entries as (title, category term, summary), checked to be well-formed XML.
fn atom_entries(xml: &str) -> Vec<(String, String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut entries = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    let mut field = String::new();
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("Atom is well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                if name == "entry" {
                    current = Some(Default::default());
                }
                field.clear();
                path.push(name);
            }
            Event::Empty(e) if e.name().as_ref() == "category" => {
                let term = e
                    .try_get_attribute("term")
                    .expect("attribute")
                    .expect("category term");
                if let Some(c) = current.as_mut() {
                    c.1 = term
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("value")
                        .into_owned();
                }
            }
            Event::Text(t) => field.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let raw = format!("&{};", r.xml10_content());
                field.push_str(&quick_xml::escape::unescape(&raw).expect("entity"));
            }
            Event::End(e) => {
                let name = path.pop().unwrap_or_default();
                assert_eq!(name, e.name().as_ref(), "balanced tags");
                match (name.as_str(), current.as_mut()) {
                    ("title", Some(c)) => c.0 = field.clone(),
                    ("summary", Some(c)) => c.2 = field.clone(),
                    ("entry", Some(_)) => entries.extend(current.take()),
                    _ => {}
                }
                field.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "every element closed");
    entries
}

impl TestApp {
    /// `GET /api/v1/check?q=…` as JSON.
    async fn check_json(&self, q: &str) -> (StatusCode, Value, Reply) {
        let r = self.get(&format!("/api/v1/check?q={}", enc(q))).await;
        let v: Value = serde_json::from_str(&r.body).expect("the API answers JSON");
        (r.status, v, r)
    }

    /// The verdict word of the JSON check, asserting a 200.
    async fn verdict(&self, q: &str) -> String {
        let (status, v, _) = self.check_json(q).await;
        assert_eq!(status, StatusCode::OK, "{q}: {v}");
        v["verdict"].as_str().expect("verdict").to_owned()
    }

    /// `GET /check?q=…&lang=…`.
    async fn check_page(&self, q: &str, lang: &str) -> Reply {
        self.get(&format!("/check?q={}&lang={lang}", enc(q))).await
    }

    /// A feed (or its signature, key…), asserting a 200.
    async fn feed(&self, name: &str) -> Reply {
        let r = self.get(&format!("/feeds/{name}")).await;
        assert_eq!(r.status, StatusCode::OK, "/feeds/{name}");
        r
    }

    async fn feed_json(&self) -> Value {
        serde_json::from_str(&self.feed("fake-websites.json").await.body).expect("JSON feed")
    }

    /// Marks `case` verified, as the case page's status form does.
    async fn mark_verified(&self, login: &Login, case: &str) {
        let r = self
            .staff_post(
                &format!("/staff/case/{case}"),
                login,
                &[("action", "status"), ("status", "verified")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }

    /// Drafts a warning from `case` through the case page's form; returns the `done=` code.
    async fn draft_warning(
        &self,
        login: &Login,
        case: &str,
        target: &str,
        en: &str,
        fr: &str,
    ) -> String {
        done(
            &self
                .staff_post(
                    &format!("/staff/case/{case}/warning"),
                    login,
                    &[("target", target), ("reason_en", en), ("reason_fr", fr)],
                )
                .await,
        )
    }

    /// A new fake-website case, marked verified by `login`.
    async fn verified_case(&self, login: &Login, description: &str) -> String {
        let case = self.submit_case(description).await;
        self.mark_verified(login, &case).await;
        case
    }

    /// Posts an action on `/staff/warnings`; returns the `done=` code.
    async fn warnings_action(&self, login: &Login, fields: &[(&str, &str)]) -> String {
        done(&self.staff_post("/staff/warnings", login, fields).await)
    }

    /// The entry id the check reports for `q`.
    async fn entry_id(&self, q: &str) -> i64 {
        let (_, v, _) = self.check_json(q).await;
        v["entry"]["id"].as_i64().expect("entry id")
    }

    /// Audit actions, oldest first, as (actor, action, subject).
    async fn audit_actions(&self) -> Vec<(String, String, String)> {
        let (rows, _) = self.state.staff.audit.recent(1000).await.expect("audit");
        rows.into_iter()
            .rev()
            .map(|r| (r.actor, r.action, r.subject))
            .collect()
    }
}

/// An instance with the two-person rule off and one logged-in investigator: for tests about
/// what publishing does rather than who may publish.
struct Solo {
    app: TestApp,
    who: Investigator,
    login: Login,
}

impl Solo {
    async fn new() -> Self {
        let app = TestApp::with_options(|o| o.two_person_rule = false).await;
        let who = app.investigator("amani", true).await;
        let login = app.login(&who).await;
        Self { app, who, login }
    }

    /// A day later: sessions last 12 hours at most, so the investigator logs in again.
    async fn next_day(&mut self) {
        self.app.clock.advance(86_400);
        self.login = self.app.login(&self.who).await;
    }

    /// Publishes `target` from a freshly verified case.
    async fn publish(&self, target: &str, en: &str, fr: &str) {
        let case = self
            .app
            .verified_case(&self.login, &format!("Evidence about {target}."))
            .await;
        assert_eq!(
            self.app
                .draft_warning(&self.login, &case, target, en, fr)
                .await,
            "warning-published",
            "{target}"
        );
    }

    async fn withdraw(&self, entry: i64, en: &str, fr: &str) {
        let entry = entry.to_string();
        let code = self
            .app
            .warnings_action(
                &self.login,
                &[
                    ("action", "withdraw"),
                    ("entry", &entry),
                    ("reason_en", en),
                    ("reason_fr", fr),
                ],
            )
            .await;
        assert_eq!(code, "warning-withdrawn");
    }
}

// ---------------------------------------------------------------------------------------------
// The public page

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
    assert!(page.body.contains(&format!("<strong>{OFFICIAL}</strong>")));
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
    assert!(fr.body.contains(&format!("<strong>{OFFICIAL}</strong>")));
    assert_eq!(page_key(&fr.body).as_deref(), Some(key.trim()));
    assert!(!fr.body.contains("<script"));
}

#[tokio::test]
async fn the_certificate_search_finds_a_published_number_however_it_is_typed() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let none = app.get("/warnings").await;
    assert!(
        none.body
            .contains("No forged certificate numbers have been published yet.")
    );
    solo.publish(
        "CD-2026-4417",
        "Forged Congolese export certificate.",
        "Faux certificat d'exportation congolais.",
    )
    .await;
    // People copy a number with whatever separators their document shows.
    for typed in [
        "CD-2026-4417",
        "cd-2026-4417",
        "2026-4417",
        "CD/2026/4417",
        "CD 2026 4417",
    ] {
        let page = app.get(&format!("/warnings?cert={}", enc(typed))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&html(&format!(
                "Published forged certificate numbers matching \"{typed}\":"
            ))),
            "{typed}: match message"
        );
        assert!(page.body.contains("CD-2026-4417"), "{typed}: number shown");
    }
    let miss = app.get("/warnings?cert=BI-1999-0001").await;
    assert_eq!(miss.status, StatusCode::OK);
    assert!(miss.body.contains(&html(
        "No published forged certificate number matches \"BI-1999-0001\". This does not mean the certificate is genuine."
    )));
    assert!(
        !miss.body.contains("CD-2026-4417"),
        "non-matching numbers hidden"
    );
    let fr = app.get("/warnings?cert=BI-1999-0001&lang=fr").await;
    assert!(fr.body.contains(&html(
        "Aucun numéro de faux certificat publié ne correspond à « BI-1999-0001 »."
    )));
}

// ---------------------------------------------------------------------------------------------
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
            "differs from the official name by only 1 characters",
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
    assert!(page.body.contains(&html(
        "Withdrawn: The domain now belongs to a registrar's parking service."
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

// ---------------------------------------------------------------------------------------------
// Feeds

#[tokio::test]
async fn every_feed_parses_back_in_its_own_format() {
    let solo = Solo::new().await;
    let app = &solo.app;
    // A reason with a comma, quotes and a semicolon must survive CSV quoting.
    let tricky_en = "Asks for a \"verification fee\", then vanishes; copies the logo.";
    let tricky_fr = "Exige des « frais de vérification », puis disparaît ; \"copie\" le logo.";
    solo.publish("https://www.icglr-paiement.cd/", tricky_en, tricky_fr)
        .await;
    solo.withdraw(
        3,
        "Taken down by the registry.",
        "Supprimé par le registre.",
    )
    .await;

    // JSON
    let json = app.feed_json().await;
    assert_eq!(json["subdomains_covered"], true);
    assert_eq!(json["official_domains"], serde_json::json!([OFFICIAL]));
    assert!(
        json["notice"]
            .as_str()
            .unwrap()
            .contains("Not listed does not mean genuine")
    );
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 5);
    let by_domain = |d: &str| {
        entries
            .iter()
            .find(|e| e["domain"] == d)
            .unwrap_or_else(|| panic!("{d} in JSON feed"))
            .clone()
    };
    let first = by_domain("www.ceecertification.com");
    assert_eq!(first["covers"], "ceecertification.com");
    assert_eq!(first["status"], "active");
    let gone = by_domain("www.icglr-icglr.cd");
    assert_eq!(gone["status"], "withdrawn");
    assert_eq!(gone["withdrawal_reason"]["fr"], "Supprimé par le registre.");
    let new = by_domain("www.icglr-paiement.cd");
    assert_eq!(new["covers"], "icglr-paiement.cd");
    assert_eq!(new["reason"]["en"], tricky_en);
    assert_eq!(new["first_listed"], "2026-11-23");

    // CSV, read back with a real CSV parser
    let csv_text = app.feed("fake-websites.csv").await.body;
    assert!(
        csv_text
            .starts_with("domain,covers,status,first_listed,last_changed,reason_en,reason_fr,withdrawal_reason_en,withdrawal_reason_fr\r\n")
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "domain",
            "covers",
            "status",
            "first_listed",
            "last_changed",
            "reason_en",
            "reason_fr",
            "withdrawal_reason_en",
            "withdrawal_reason_fr"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV row")).collect();
    assert_eq!(rows.len(), 5);
    let row = |d: &str| {
        rows.iter()
            .find(|r| &r[0] == d)
            .unwrap_or_else(|| panic!("{d} in CSV"))
            .clone()
    };
    let new = row("www.icglr-paiement.cd");
    assert_eq!(&new[1], "icglr-paiement.cd");
    assert_eq!(&new[2], "active");
    assert_eq!(&new[5], tricky_en, "comma and quotes round-trip");
    assert_eq!(&new[6], tricky_fr);
    let gone = row("www.icglr-icglr.cd");
    assert_eq!(&gone[2], "withdrawn");
    assert_eq!(
        &gone[8], "Supprimé par le registre.",
        "withdrawal reason in CSV"
    );
    assert_eq!(&new[7], "", "no withdrawal reason while active");

    // Plain text: one domain per line, both the covering form and the form as listed.
    let txt = app.feed("fake-websites.txt").await.body;
    let lines: Vec<&str> = txt.lines().collect();
    for d in [
        "www.ceecertification.com",
        "ceecertification.com",
        "icglr-paiement.cd",
        "www.icglr-paiement.cd",
    ] {
        assert!(lines.contains(&d), "{d} in txt");
    }
    assert!(
        !txt.contains("icglr-icglr.cd"),
        "withdrawn entries leave the txt feed"
    );
    for l in &lines {
        assert!(
            !l.is_empty() && !l.contains(char::is_whitespace) && l.contains('.'),
            "a bare domain per line: {l:?}"
        );
    }

    // hosts: comments, then 0.0.0.0 lines
    let hosts = app.feed("fake-websites.hosts").await.body;
    let host_lines: Vec<&str> = hosts.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(host_lines.len(), lines.len());
    for l in &host_lines {
        let (ip, name) = l.split_once(' ').expect("two fields");
        assert_eq!(ip, "0.0.0.0");
        assert!(lines.contains(&name), "{name}");
    }

    // Atom: well-formed, one entry per event, newest first.
    let atom = app.feed("warnings.atom").await;
    assert!(
        atom.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let events = atom_entries(&atom.body);
    assert_eq!(
        events.len(),
        6,
        "4 seeded + 1 listed + 1 withdrawn: {events:?}"
    );
    assert_eq!(
        events[0].0,
        "Withdrawn from the list: website www.icglr-icglr.cd"
    );
    assert_eq!(events[0].1, "withdrawn");
    assert_eq!(events[0].2, "Taken down by the registry.");
    assert_eq!(events[1].0, "Listed as fake: website www.icglr-paiement.cd");
    assert_eq!(events[1].1, "listed");
    assert_eq!(events[1].2, tricky_en, "escaped and unescaped intact");
}

#[tokio::test]
async fn the_rpz_feed_is_a_zone_bind_accepts_before_and_after_publishing() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let dir = tempfile::tempdir().expect("tempdir");
    let seeded = app.feed("fake-websites.rpz").await.body;
    named_checkzone(dir.path(), &seeded);
    for site in SEEDED {
        let base = site.strip_prefix("www.").unwrap();
        assert!(
            seeded.contains(&format!("\n{base} CNAME .\n*.{base} CNAME .\n")),
            "{base}"
        );
    }

    solo.publish(
        "icglr-export-permits.com",
        "Sells fake permits.",
        "Vend de faux permis.",
    )
    .await;
    solo.publish(
        &format!("https://{IDN}/"),
        "Fake verification site.",
        "Faux site de vérification.",
    )
    .await;
    let after = app.feed("fake-websites.rpz").await.body;
    assert_ne!(serial(&after), serial(&seeded), "the SOA serial moves on");
    assert!(serial(&after) > serial(&seeded));
    assert!(
        after.contains("\nicglr-export-permits.com CNAME .\n*.icglr-export-permits.com CNAME .\n")
    );
    assert!(
        after.contains(&format!("\n{IDN_ASCII} CNAME .\n*.{IDN_ASCII} CNAME .\n")),
        "punycode in the zone"
    );
    assert!(!after.contains(IDN), "no raw Unicode in a zone file");
    named_checkzone(dir.path(), &after);
}

/// The SOA serial of an RPZ feed.
fn serial(rpz: &str) -> u32 {
    let soa = rpz.lines().find(|l| l.contains(" SOA ")).expect("SOA");
    let inner = soa.split('(').nth(1).expect("SOA fields");
    inner
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect("serial")
}

#[tokio::test]
async fn every_feed_signature_verifies_with_ssh_keygen_and_a_tampered_feed_does_not() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let allowed = app.feed("allowed_signers").await.body;
    assert!(allowed.starts_with("feeds@filimbi namespaces=\"filimbi-feeds\" ssh-ed25519 "));
    // allowed_signers names the same key as signing-key.pub.
    let key = app.feed("signing-key.pub").await.body;
    let key_b64 = key.split_whitespace().nth(1).expect("key");
    assert!(allowed.contains(key_b64));
    for name in FEEDS {
        let body = app.feed(name).await.body;
        let sig = app.feed(&format!("{name}.sig")).await.body;
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"), "{name}");
        let ok = ssh_verify(dir.path(), &allowed, body.as_bytes(), &sig);
        assert!(ok.status.success(), "{name}: {}", text(&ok));
        assert!(
            text(&ok).contains("Good \"filimbi-feeds\" signature for feeds@filimbi"),
            "{}",
            text(&ok)
        );

        // One changed byte, or a signature checked under another namespace, fails.
        let tampered = body.replacen("icglr", "icg1r", 1);
        assert_ne!(tampered, body, "{name} mentions a seeded domain");
        let bad = ssh_verify(dir.path(), &allowed, tampered.as_bytes(), &sig);
        assert!(
            !bad.status.success(),
            "{name}: tampered feed verified: {}",
            text(&bad)
        );
    }
    // A signature of one feed does not vouch for another.
    let txt = app.feed("fake-websites.txt").await.body;
    let hosts_sig = app.feed("fake-websites.hosts.sig").await.body;
    assert!(
        !ssh_verify(dir.path(), &allowed, txt.as_bytes(), &hosts_sig)
            .status
            .success()
    );
}

#[tokio::test]
async fn feeds_answer_304_to_a_matching_etag_until_the_list_changes() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let mut etags = Vec::new();
    for name in FEEDS
        .iter()
        .map(|f| f.to_string())
        .chain(["fake-websites.txt.sig".into()])
    {
        let first = app.feed(&name).await;
        let etag = first.headers["etag"].to_str().unwrap().to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"),
            "strong: {etag}"
        );
        assert_eq!(first.headers["access-control-allow-origin"], "*", "{name}");
        let modified = first.headers["last-modified"].to_str().unwrap();
        assert!(
            httpdate::parse_http_date(modified).is_ok(),
            "{name}: {modified}"
        );

        let again = app
            .get_with(&format!("/feeds/{name}"), "if-none-match", &etag)
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{name}");
        assert!(again.body.is_empty(), "{name}: 304 has no body");
        assert_eq!(again.headers["etag"].to_str().unwrap(), etag);
        assert_eq!(again.headers["access-control-allow-origin"], "*");
        etags.push((name, etag));
    }
    let distinct: std::collections::HashSet<_> = etags.iter().map(|(_, e)| e).collect();
    assert_eq!(distinct.len(), etags.len(), "each feed has its own ETag");

    solo.publish(
        "icglr-licence-check.com",
        "Fake licence checker.",
        "Faux vérificateur de licences.",
    )
    .await;
    for (name, old) in &etags {
        let r = app
            .get_with(&format!("/feeds/{name}"), "if-none-match", old)
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{name}: changed feed is sent again"
        );
        let new = r.headers["etag"].to_str().unwrap();
        assert_ne!(new, old, "{name}: new ETag");
        assert!(!r.body.is_empty());
    }
    let txt = app.feed("fake-websites.txt").await;
    assert!(txt.body.lines().any(|l| l == "icglr-licence-check.com"));
}

// ---------------------------------------------------------------------------------------------
// Publishing

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

    // Discarding a draft removes it without publishing.
    let case2 = app.verified_case(&a, "Another fake portal.").await;
    assert_eq!(
        app.draft_warning(&a, &case2, "icglr-portail-faux.org", en, fr)
            .await,
        "warning-drafted"
    );
    let page = app.staff_get("/staff/warnings", &b.cookie).await;
    let draft2 = hidden(&page.body, "draft").expect("second draft");
    let code = app
        .warnings_action(&b, &[("action", "discard"), ("draft", &draft2)])
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
            .any(|(w, a, _)| w == "bahati" && a == "warning.discard")
    );
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
        entry.contains("2026-11-23: Listed. Demands fees for certificates."),
        "{entry}"
    );
    assert!(
        entry.contains(
            "2026-11-23: Withdrawn. The owner proved the site was hijacked and restored."
        )
    );
    assert!(entry.contains("class=\"entry withdrawn\""));

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
    assert!(
        page.body
            .contains("2026-11-24: Listed again. Hijacked again and selling certificates.")
    );
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

// ---------------------------------------------------------------------------------------------
// The command line

fn filimbi(data: &Path, keys: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .env_remove("DATABASE_URL")
        .arg("--data-dir")
        .arg(data)
        .arg("--keys-dir")
        .arg(keys)
        .args(args)
        .output()
        .expect("run filimbi")
}

/// The targets and statuses of a `warnings export` file.
fn listing(export: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = export["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["target"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn warnings_export_and_import_carry_a_list_to_another_server() {
    // The source: one new listing, one seeded entry withdrawn.
    let solo = Solo::new().await;
    solo.publish(
        "icglr-douane.cd",
        "Fake customs portal.",
        "Faux portail douanier.",
    )
    .await;
    solo.withdraw(
        4,
        "Domain expired and was deleted.",
        "Domaine expiré et supprimé.",
    )
    .await;
    let Solo { app, .. } = solo;
    let (data, keys) = (app.data_dir(), app.dir.path().join("keys"));
    app.store.close().await;

    let file = app.dir.path().join("warnings.json");
    let out = filimbi(
        &data,
        &keys,
        &["warnings", "export", "--out", &file.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("5 entries written"), "{}", text(&out));
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("export file")).expect("JSON");
    assert_eq!(exported["format"], "filimbi-warnings/1");

    // A fresh server: only the seeded list.
    let fresh = tempfile::tempdir().expect("tempdir");
    let (data2, keys2) = (fresh.path().join("data"), fresh.path().join("keys"));
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &file.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 listed, 1 withdrawn, 3 unchanged"),
        "the import applies the new listing and the withdrawal: {}",
        text(&out)
    );
    let again = fresh.path().join("again.json");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "export", "--out", &again.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let imported: Value =
        serde_json::from_str(&std::fs::read_to_string(&again).expect("export")).expect("JSON");
    assert_eq!(listing(&imported), listing(&exported), "the lists match");
    let withdrawn = imported["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "www.icglr-lricg.org")
        .unwrap()
        .clone();
    assert_eq!(
        withdrawn["history"][1]["reason"]["en"],
        "Domain expired and was deleted."
    );
    // Importing the same file again changes nothing.
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &file.to_string_lossy()],
    );
    assert!(
        text(&out).contains("0 listed, 0 withdrawn, 5 unchanged"),
        "{}",
        text(&out)
    );

    // A file that lists an official domain is refused as a whole.
    let bad = fresh.path().join("bad.json");
    let doc = serde_json::json!({"format": "filimbi-warnings/1", "entries": [
        {"target": "icglr-nouveau-faux.org", "status": "active", "reason": {"en": "Fake.", "fr": "Faux."}},
        {"target": "https://verify.ceec-icglr.org/", "status": "active", "reason": {"en": "Oops.", "fr": "Oups."}},
    ]});
    std::fs::write(&bad, doc.to_string()).expect("write");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &bad.to_string_lossy()],
    );
    assert!(
        !out.status.success(),
        "official domain imported: {}",
        text(&out)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("official domain"), "{err}");
    assert!(
        err.contains("verify.ceec-icglr.org"),
        "the message names the entry: {err}"
    );
    let after = fresh.path().join("after.json");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "export", "--out", &after.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let unchanged: Value =
        serde_json::from_str(&std::fs::read_to_string(&after).expect("export")).expect("JSON");
    assert_eq!(listing(&unchanged), listing(&exported), "nothing changed");

    // Both audit chains still verify and record the commands.
    for (d, k) in [(&data, &keys), (&data2, &keys2)] {
        let out = filimbi(d, k, &["audit", "verify"]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(text(&out).contains("audit chain intact"));
    }
    let source = app.restart(Default::default()).await;
    let audit = source.audit_actions().await;
    assert!(
        audit
            .iter()
            .any(|(w, a, _)| w == "cli" && a == "warnings.export"),
        "{audit:?}"
    );
    let target = TestApp::start(fresh, Vec::new()).await;
    let audit = target.audit_actions().await;
    let imports = audit
        .iter()
        .filter(|(w, a, _)| w == "cli" && a == "warnings.import");
    assert_eq!(
        imports.count(),
        2,
        "two imports succeeded, the refused one changed nothing: {audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|(w, a, _)| w == "cli" && a == "warnings.export")
    );
}
