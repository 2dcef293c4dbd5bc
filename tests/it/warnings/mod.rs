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

/// Every feed served under `/feeds/` that names the domains it lists (the MISP feed's
/// `misp/hashes.csv` names them by their MD5, and its event files by uuid: `interop.rs`).
const FEEDS: [&str; 9] = [
    "fake-websites.json",
    "fake-websites.csv",
    "fake-websites.txt",
    "fake-websites.hosts",
    "fake-websites.rpz",
    "warnings.atom",
    "fake-websites-adblock.txt",
    "fake-websites.stix.json",
    "misp/manifest.json",
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
    let marker = "<pre class=\"key\" dir=\"ltr\">";
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
pub(crate) struct Solo {
    pub(crate) app: TestApp,
    who: Investigator,
    login: Login,
}

impl Solo {
    pub(crate) async fn new() -> Self {
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
    pub(crate) async fn publish(&self, target: &str, en: &str, fr: &str) {
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

mod at_scale;
mod cli;
mod feeds;
mod interop;
mod page_and_check;
mod publishing;
mod replicas;
mod stored;
