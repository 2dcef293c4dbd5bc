//! Every public page in every language, through the real router: the page speaks the language
//! it was asked in (no English sentence left in its body), runs right to left in Arabic with
//! receipts and domains kept left to right, carries the language through every link and form,
//! names each language in itself, stays within 30 KB with its stylesheet, and the receipt is the
//! same digits whatever the language.

use axum::http::StatusCode;
use filimbi::i18n::Lang;

use crate::common::*;
use crate::followup::location;

/// The public pages' budget for a cheap phone on a slow line: page plus stylesheet.
const PAGE_BUDGET: usize = 30 * 1024;

/// A page's visible text: tags dropped, entities decoded, whitespace collapsed. Text the page
/// marks as English on purpose (investigators' public reasons, `lang="en"`) is left out, and
/// so are the language links, each written in its own language by design.
fn visible_text(html: &str) -> String {
    let body = html.split_once("<body>").map_or(html, |b| b.1);
    let mut s = body.to_owned();
    for (open, close) in [
        ("<nav class=\"langs\"", "</nav>"),
        ("<p lang=\"en\"", "</p>"),
        ("<span lang=\"en\"", "</span>"),
        ("<pre", "</pre>"),
    ] {
        while let Some(start) = s.find(open) {
            let Some(len) = s[start..].find(close) else {
                break;
            };
            s.replace_range(start..start + len + close.len(), " ");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs of three or more English words from the English catalogue: the sentences and phrases
/// a page in another language must not contain. Placeables split a message into runs.
fn english_phrases() -> Vec<String> {
    let source = include_str!("../../templates/i18n/en.ftl");
    let mut phrases = Vec::new();
    for line in source.lines() {
        let Some((_, value)) = line.split_once(" = ") else {
            continue;
        };
        if line.starts_with('#') {
            continue;
        }
        let mut plain = String::new();
        let mut depth = 0;
        for c in value.chars() {
            match c {
                '{' => {
                    depth += 1;
                    plain.push('|');
                }
                '}' => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        for part in plain.split(['|', '.', ':', ';', '?', '!', '(', ')', '"', ',']) {
            let words: Vec<_> = part
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            if words.len() >= 3 {
                phrases.push(words.join(" "));
            }
        }
    }
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Every public page a person can reach in `lang`, by name, with the follow-up pages reached
/// through a receipt received in `lang`.
async fn public_pages(app: &TestApp, lang: Lang) -> Vec<(String, Reply)> {
    let l = lang.code();
    let mut pages = Vec::new();
    let mut get = async |name: &str, path: String| {
        let reply = app.get(&path).await;
        pages.push((format!("{name} ({path})"), reply));
    };
    get("home", format!("/?lang={l}")).await;
    for slug in [
        "fake-certificate",
        "fake-website",
        "illegal-trade",
        "other",
        "delisting-request",
    ] {
        get("report form", format!("/report/{slug}?lang={l}")).await;
    }
    get("follow-up", format!("/followup?lang={l}")).await;
    get("warning list", format!("/warnings?lang={l}")).await;
    get(
        "warning list search",
        format!("/warnings?cert=XX-1&lang={l}"),
    )
    .await;
    for q in [
        "www.fake-certs.example",
        "ceec-icglr.org",
        "ceecicglr-certification.org",
        "honest.example",
        "RW-2024-00123",
        "192.0.2.1",
    ] {
        get("check", format!("/check?q={q}&lang={l}")).await;
    }
    get("not found", format!("/nowhere?lang={l}")).await;

    // A form sent back with a problem, then a receipt, then the follow-up with it.
    let token = app.token("other").await;
    let path = format!("/report/other?lang={l}");
    let again = app.post_form(&path, &[("token", &token)]).await;
    pages.push(("form with a problem".to_owned(), again));
    let token = app.token("other").await;
    let receipt_page = app
        .post_form(
            &path,
            &[("token", &token), ("description", "Mtu ananiuzia")],
        )
        .await;
    let receipt = receipt_page.receipt().expect("a receipt");
    pages.push(("receipt".to_owned(), receipt_page));
    let last = if receipt.ends_with('9') { '8' } else { '9' };
    let mistyped = format!("{}{last}", &receipt[..receipt.len() - 1]);
    let token = app.get("/followup").await.token().expect("token");
    let wrong = app
        .post_form(
            &format!("/followup?lang={l}"),
            &[("token", &token), ("receipt", &mistyped)],
        )
        .await;
    pages.push(("follow-up, mistyped".to_owned(), wrong));
    let visitor = app.come_back(&receipt).await;
    let case = app
        .visit(&visitor, &format!("/followup/case?lang={l}"))
        .await;
    pages.push(("follow-up case".to_owned(), case));
    pages
}

/// A listed domain so the list and the check have an entry to show.
pub(crate) async fn app_with_a_warning() -> crate::warnings::Solo {
    let solo = crate::warnings::Solo::new().await;
    solo.publish(
        "www.fake-certs.example",
        "It sells forged certificates.",
        "Il vend de faux certificats.",
    )
    .await;
    solo
}

#[tokio::test]
async fn every_public_page_speaks_the_language_it_was_asked_in() {
    let solo = app_with_a_warning().await;
    let app = &solo.app;
    let english = english_phrases();
    assert!(english.len() > 150, "{}", english.len());
    let css = app.get("/style.css").await.body.len();
    for lang in Lang::ALL {
        for (name, page) in public_pages(app, lang).await {
            assert!(
                page.status != StatusCode::INTERNAL_SERVER_ERROR,
                "{name}: {}",
                page.body
            );
            let code = lang.code();
            assert!(
                page.body
                    .contains(&format!("<html lang=\"{code}\" dir=\"{}\">", lang.dir())),
                "{name} in {code}: {}",
                &page.body[..200.min(page.body.len())]
            );
            // Every language named in itself, at the top, before the page's own content.
            let nav = page.body.find("class=\"langs\"").expect("language switch");
            assert!(nav < page.body.find("<main").expect("main"), "{name}");
            for other in Lang::ALL {
                assert!(page.body.contains(other.native_name()), "{name}: {other:?}");
            }
            // The first thing a keyboard reaches: the skip link.
            let skip = page.body.find("class=\"skip\"").expect("skip link");
            assert!(skip < nav, "{name}: skip link first");
            // The language travels with every link and form that leads to a page.
            for attr in ["href=\"/", "action=\"/"] {
                for (at, _) in page.body.match_indices(attr) {
                    let rest = &page.body[at + attr.len() - 1..];
                    let url = &rest[..rest.find('"').unwrap_or(0)];
                    let resource = url.starts_with("/style.css") || url.starts_with("/feeds/");
                    // A GET form replaces its action's query: it carries a hidden field.
                    let form = &rest[..rest.find("</form>").unwrap_or(0)];
                    let hidden = attr.starts_with("action")
                        && form.contains(&format!("name=\"lang\" value=\"{code}\""));
                    assert!(
                        resource || hidden || url.contains("lang="),
                        "{name} in {code}: {url} loses the language"
                    );
                }
            }
            assert!(
                page.body.len() + css <= PAGE_BUDGET,
                "{name} in {code}: {} bytes with the stylesheet",
                page.body.len() + css
            );
            let text = visible_text(&page.body);
            let left: Vec<_> = english.iter().filter(|p| text.contains(*p)).collect();
            if lang == Lang::En {
                // The detector sees English where English is.
                assert!(
                    !left.is_empty(),
                    "{name}: no English phrase found in {text}"
                );
            } else {
                assert!(left.is_empty(), "{name} in {code} shows English: {left:?}");
            }
        }
    }
}

#[tokio::test]
async fn arabic_runs_right_to_left_and_keeps_receipts_and_domains_left_to_right() {
    let solo = app_with_a_warning().await;
    let app = &solo.app;
    let page = app.get("/warnings?lang=ar").await;
    assert!(page.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        page.body
            .contains("<strong class=\"target\" dir=\"ltr\">www.fake-certs.example</strong>")
    );
    // The investigators' reason is in English and says so.
    assert!(
        page.body
            .contains("<p lang=\"en\">It sells forged certificates.</p>")
    );
    // A domain inside an Arabic sentence is isolated (what <bdi> does).
    let check = app.get("/check?q=honest.example&lang=ar").await;
    assert!(
        check.body.contains("\u{2068}honest.example\u{2069}"),
        "{}",
        check.body
    );
    let form = app.get("/check?lang=ar").await;
    assert!(
        form.body
            .contains("id=\"q\" name=\"q\" type=\"text\" dir=\"ltr\"")
    );
    let token = app.token("other").await;
    let receipt = app
        .post_form(
            "/report/other?lang=ar",
            &[("token", &token), ("description", "بيع شهادات مزورة")],
        )
        .await;
    assert!(
        receipt
            .body
            .contains("id=\"receipt\" class=\"receipt\" dir=\"ltr\""),
        "{}",
        receipt.body
    );
}

#[tokio::test]
async fn the_receipt_is_the_same_digits_in_every_language_and_opens_the_case_in_any_other() {
    let app = TestApp::new().await;
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        let token = app.token("other").await;
        let page = app
            .post_form(
                &format!("/report/other?lang={}", lang.code()),
                &[("token", &token), ("description", "Vyeti bandia sokoni")],
            )
            .await;
        let receipt = page.receipt().expect("receipt");
        // Seven groups of four ASCII digits: what the follow-up form reads, and what the
        // person copies on paper, whatever script the page is written in.
        let groups: Vec<_> = receipt.split(' ').collect();
        assert_eq!(groups.len(), 7, "{lang:?}: {receipt}");
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit())),
            "{lang:?}: {receipt}"
        );
        // Typed back on the follow-up page of the next language, it opens the case.
        let next = Lang::ALL[(i + 1) % Lang::ALL.len()];
        let token = app.get("/followup").await.token().expect("token");
        let opened = app
            .post_form(
                &format!("/followup?lang={}", next.code()),
                &[("token", &token), ("receipt", &receipt)],
            )
            .await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
        assert!(
            location(&opened).contains(&format!("lang={}", next.code())),
            "{}",
            location(&opened)
        );
    }
}

#[tokio::test]
async fn the_browser_language_is_the_first_guess_and_the_link_wins() {
    let app = TestApp::new().await;
    for (header, code) in [
        ("sw-KE,sw;q=0.9,en;q=0.5", "sw"),
        ("pt-AO", "pt"),
        ("ar-SD,ar;q=0.8", "ar"),
        ("en-US,en;q=0.5", "en"),
        // The drafts, switched on in this test process (`common::drafts_on`).
        ("rw-RW,rw;q=0.9,fr;q=0.5", "rw"),
        ("rn,fr;q=0.5", "rn"),
    ] {
        let page = app.get_with("/", "accept-language", header).await;
        assert!(
            page.body.contains(&format!("<html lang=\"{code}\"")),
            "{header}"
        );
    }
    // Tor Browser asks for en-US whatever the person reads: the switch is on the page.
    let tor = app.get_with("/", "accept-language", "en-US,en;q=0.5").await;
    assert!(tor.body.contains("href=\"/?lang=sw\" lang=\"sw\""));
    assert!(tor.body.contains("dir=\"rtl\" hreflang=\"ar\">العربية</a>"));
    assert!(
        tor.body.contains("hreflang=\"rw\">Ikinyarwanda</a>"),
        "{}",
        tor.body
    );
    let chosen = app
        .get_with("/followup?lang=sw", "accept-language", "en-US")
        .await;
    assert!(chosen.body.contains("<html lang=\"sw\""));
}

#[test]
fn the_stylesheet_mirrors_by_logical_properties_alone() {
    let css = include_str!("../../templates/style.css");
    let rules = css
        .split("*/")
        .last()
        .expect("rules after the header comment");
    for physical in ["left", "right"] {
        assert!(
            !rules.contains(physical),
            "style.css names `{physical}`: use inline-start/inline-end so Arabic mirrors"
        );
    }
}

/// A plain GET on a fresh connection to a real server.
async fn fetch(addr: std::net::SocketAddr, path: &str, accept_language: &str) -> Reply {
    let get = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: {accept_language}\r\nConnection: close\r\n\r\n"
    );
    crate::slowloris::exchange(addr, get.into_bytes()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_chooses_the_languages_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = crate::cli::filimbi(dir.path(), &["--languages", "sw,xx", "serve"]);
    assert!(!bad.status.success());
    let said = crate::cli::stderr(&bad);
    assert!(
        said.contains("--languages") && said.contains("\"xx\""),
        "{said}"
    );

    let (server, addr) =
        crate::slowloris::start_server(dir.path(), &["--languages", "sw,ar"]).await;
    let home = fetch(addr, "/", "en-US,en;q=0.5").await;
    // English is not offered: the first offered language answers, and only the offered
    // languages are linked.
    assert!(home.body.contains("<html lang=\"sw\""), "{}", home.body);
    assert!(home.body.contains("العربية"));
    for absent in ["English", "Français", "Português"] {
        assert!(!home.body.contains(absent), "{absent} offered");
    }
    let asked = fetch(addr, "/followup?lang=fr", "fr").await;
    assert!(asked.body.contains("<html lang=\"sw\""), "{}", asked.body);
    let arabic = fetch(addr, "/warnings", "ar-SD").await;
    assert!(arabic.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    // The workspace stays in English and French.
    let login = fetch(addr, "/staff/login?lang=sw", "sw").await;
    assert!(login.body.contains("<html lang=\"en\""), "{}", login.body);
    assert!(login.body.contains("Français"));
    drop(server);
    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("log");
    assert!(log.contains("sw,ar"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drafts_are_offered_only_when_an_operator_names_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, addr) = crate::slowloris::start_server(dir.path(), &[]).await;
    // Off by default: a Kinyarwanda browser gets its next choice, or English.
    let home = fetch(addr, "/", "rw-RW,rw;q=0.9,fr;q=0.5").await;
    assert!(home.body.contains("<html lang=\"fr\""), "{}", home.body);
    let home = fetch(addr, "/", "rw").await;
    assert!(home.body.contains("<html lang=\"en\""), "{}", home.body);
    let asked = fetch(addr, "/followup?lang=rn", "rn").await;
    assert!(asked.body.contains("<html lang=\"en\""), "{}", asked.body);
    for page in [&home, &asked] {
        assert!(page.body.contains("hreflang=\"sw\""), "{}", page.body);
        for absent in ["lang=rw", "lang=rn", "Ikinyarwanda", "Ikirundi"] {
            assert!(!page.body.contains(absent), "{absent} offered by default");
        }
    }
    drop(server);
    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("log");
    assert!(log.contains("en,fr,sw,pt,ar"), "{log}");
    assert!(!log.contains(",rw"), "{log}");

    // Named in --languages, they answer the header and the links, and are linked.
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, addr) =
        crate::slowloris::start_server(dir.path(), &["--languages", "en,fr,sw,pt,ar,rw,rn"]).await;
    let home = fetch(addr, "/", "rw-RW,rw;q=0.9,fr;q=0.5").await;
    assert!(
        home.body.contains("<html lang=\"rw\" dir=\"ltr\">"),
        "{}",
        home.body
    );
    assert!(home.body.contains("Ikinyarwanda") && home.body.contains("Ikirundi"));
    assert!(home.body.contains("href=\"/?lang=rn\""), "{}", home.body);
    let asked = fetch(addr, "/followup?lang=rn", "en").await;
    assert!(asked.body.contains("<html lang=\"rn\""), "{}", asked.body);
    assert!(
        asked.body.contains("Inomero y&#39;ibanga") || asked.body.contains("Inomero y'ibanga"),
        "{}",
        asked.body
    );
    drop(server);
    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("log");
    assert!(log.contains("en,fr,sw,pt,ar,rw,rn"), "{log}");
}

#[tokio::test]
async fn busy_pages_speak_the_language_too() {
    let app = TestApp::with_options(|o| o.rate_limits = crate::rate_limits::tiny()).await;
    let english = english_phrases();
    for lang in Lang::ALL {
        let code = lang.code();
        // A page refused by the public limit, and a report refused by the submission limit
        // (the form comes back with the text kept).
        let mut refused = Vec::new();
        for _ in 0..6 {
            let r = app.get(&format!("/check?q=example.org&lang={code}")).await;
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                refused.push(r);
                break;
            }
        }
        let mut tokens = Vec::new();
        for _ in 0..6 {
            tokens.push(app.token("other").await);
        }
        let path = format!("/report/other?lang={code}");
        for token in &tokens {
            let r = app
                .post_form(&path, &[("token", token), ("description", "Vyeti-bandia")])
                .await;
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                refused.push(r);
                break;
            }
        }
        assert_eq!(refused.len(), 2, "{code}: both limits reached");
        for page in refused {
            assert!(
                page.body.contains(&format!("<html lang=\"{code}\"")),
                "{code}: {}",
                page.body
            );
            let text = visible_text(&page.body);
            if lang != Lang::En {
                let left: Vec<_> = english.iter().filter(|p| text.contains(*p)).collect();
                assert!(
                    left.is_empty(),
                    "busy page in {code} shows English: {left:?}"
                );
            }
        }
        // Let the budgets refill before the next language.
        tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    }
}
