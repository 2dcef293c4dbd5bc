//! Accessibility and reach in a real headless Chromium, every public page in every language:
//! axe-core's WCAG 2.1 A/AA rules find nothing; a keyboard alone completes a report, a
//! follow-up and a check, with a visible focus ring and a skip link first; at 320 px, and at
//! 320 px zoomed to 200 %, nothing scrolls sideways.
//!
//! axe-core comes from the npm package pinned in `tests/browser/package-lock.json`, installed
//! by `.ci/run` (`npm ci --prefix tests/browser`) and injected through WebDriver: never fetched
//! from the internet, never served to users. The probes run as WebDriver scripts, so the
//! measuring sessions have JavaScript on; Filimbi's pages have no script of their own and the
//! keyboard flows run with JavaScript off.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use filimbi::i18n::Lang;

use crate::browser::{Browser, session_with};
use crate::common::{fill_and_send, wait_for};

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/browser/node_modules/axe-core/axe.min.js"
);

pub(crate) fn axe_source() -> String {
    std::fs::read_to_string(AXE).unwrap_or_else(|e| {
        panic!(
            "{AXE}: {e}. Install the pinned axe-core: npm ci --prefix tests/browser (.ci/run does)"
        )
    })
}

/// The pages reachable by address, for every language.
fn addresses(lang: Lang) -> Vec<String> {
    let l = lang.code();
    [
        "/".to_owned(),
        "/report/fake-certificate".to_owned(),
        "/report/fake-website".to_owned(),
        "/report/illegal-trade".to_owned(),
        "/report/other".to_owned(),
        "/report/delisting-request".to_owned(),
        "/followup".to_owned(),
        "/warnings".to_owned(),
        "/check?q=www.fake-certs.example".to_owned(),
        "/check?q=ceecicglr-certification.org".to_owned(),
        "/check?q=ceec-icglr.org".to_owned(),
        "/check?q=192.0.2.1".to_owned(),
        "/nowhere".to_owned(),
    ]
    .into_iter()
    .map(|p| {
        let sep = if p.contains('?') { '&' } else { '?' };
        format!("{p}{sep}lang={l}")
    })
    .collect()
}

/// Sends a report in the browser, returns the receipt shown.
pub(crate) async fn report(
    client: &Client,
    base: &str,
    lang: Lang,
) -> Result<String, fantoccini::error::CmdError> {
    client
        .goto(&format!("{base}/report/other?lang={}", lang.code()))
        .await?;
    fill_and_send(
        client,
        &[("f-description", "Vyeti vya kughushi vinauzwa sokoni.")],
        Locator::Css("form button[type=submit]"),
    )
    .await?;
    wait_for(client, Locator::Id("receipt")).await?.text().await
}

/// Types `receipt` on the follow-up page and sends it; the caller waits for what follows.
pub(crate) async fn follow_up(
    client: &Client,
    base: &str,
    lang: Lang,
    receipt: &str,
) -> Result<(), fantoccini::error::CmdError> {
    client
        .goto(&format!("{base}/followup?lang={}", lang.code()))
        .await?;
    fill_and_send(
        client,
        &[("receipt", receipt)],
        Locator::Css("form button[type=submit]"),
    )
    .await
}

/// axe's WCAG 2.1 A and AA violations on the current page, as `rule: selectors`.
pub(crate) async fn axe(
    client: &Client,
    source: &str,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let script = format!(
        "{source}\n;const done = arguments[arguments.length - 1];
        axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }} }})
          .then(r => done(r.passes.length === 0 ? ['axe checked nothing'] :
             r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));"
    );
    let found = client.execute_async(&script, vec![]).await?;
    Ok(serde_json::from_value(found.clone())
        .unwrap_or_else(|_| vec![format!("unreadable: {found}")]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_on_any_public_page_in_any_language() {
    let source = axe_source();
    let solo = crate::languages::app_with_a_warning().await;
    let session = session_with(
        &solo.app,
        Browser {
            javascript: true,
            width: 360,
        },
    )
    .await;
    let (addr, client) = (session.addr, session.client.clone());
    let base = format!("http://{addr}");
    let result = async {
        let mut found = Vec::new();
        let mut pages = 0;
        for lang in Lang::ALL {
            for path in addresses(lang) {
                client.goto(&format!("{base}{path}")).await?;
                wait_for(&client, Locator::Css("main")).await?;
                pages += 1;
                for v in axe(&client, &source).await? {
                    found.push(format!("{path}: {v}"));
                }
            }
            // The pages behind a form: the receipt, the follow-up with it, a mistyped receipt.
            let receipt = report(&client, &base, lang).await?;
            for v in axe(&client, &source).await? {
                found.push(format!("receipt in {lang:?}: {v}"));
            }
            follow_up(&client, &base, lang, &receipt).await?;
            wait_for(&client, Locator::Css("#answer-form")).await?;
            for v in axe(&client, &source).await? {
                found.push(format!("follow-up case in {lang:?}: {v}"));
            }
            follow_up(&client, &base, lang, "1234 5678 9012 3456 7890 1234 5678").await?;
            wait_for(&client, Locator::Css("#notice")).await?;
            for v in axe(&client, &source).await? {
                found.push(format!("mistyped receipt in {lang:?}: {v}"));
            }
            pages += 3;
        }
        Ok::<_, fantoccini::error::CmdError>((found, pages))
    }
    .await;
    let _ = client.close().await;
    session.server.abort();
    let (found, pages) = result.expect("browser session");
    assert_eq!(pages, 16 * Lang::ALL.len());
    assert!(found.is_empty(), "axe violations:\n{}", found.join("\n"));
}

/// The focused element's tag, id and outline style.
async fn focused(
    client: &Client,
) -> Result<(String, String, String, String), fantoccini::error::CmdError> {
    let e = client.active_element().await?;
    let tag = e.tag_name().await?;
    let id = e.attr("id").await?.unwrap_or_default();
    let href = e.attr("href").await?.unwrap_or_default();
    let outline = e.css_value("outline-style").await?;
    Ok((tag, id, href, outline))
}

/// Presses and releases `key` on the keyboard (not into an element: a file field would
/// take a key sent to it as a file name).
async fn press(client: &Client, key: Key) -> Result<(), fantoccini::error::CmdError> {
    let key: char = key.into();
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await
}

/// Presses Tab until `wanted` says the focused element is the one, at most 60 times; every
/// element reached on the way must show a focus ring.
async fn tab_to(
    client: &Client,
    wanted: impl Fn(&str, &str, &str) -> bool,
) -> Result<(), fantoccini::error::CmdError> {
    for _ in 0..60 {
        press(client, Key::Tab).await?;
        let (tag, id, href, outline) = focused(client).await?;
        assert_ne!(
            outline, "none",
            "no focus ring on <{tag} id={id} href={href}>"
        );
        if wanted(&tag, &id, &href) {
            return Ok(());
        }
    }
    panic!("Tab never reached the element");
}

async fn type_text(client: &Client, text: &str) -> Result<(), fantoccini::error::CmdError> {
    client.active_element().await?.send_keys(text).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyboard_alone_reports_follows_up_and_checks() {
    let solo = crate::languages::app_with_a_warning().await;
    let session = session_with(&solo.app, Browser::PERSON).await;
    let (addr, client) = (session.addr, session.client.clone());
    let base = format!("http://{addr}");
    let result = async {
        // Report, in Swahili: the first Tab reaches the skip link, which leads to the content.
        client.goto(&format!("{base}/?lang=sw")).await?;
        wait_for(&client, Locator::Css("main")).await?;
        tab_to(&client, |_, _, href| href.contains("#main")).await?;
        let (tag, _, _, _) = focused(&client).await?;
        assert_eq!(tag, "a");
        press(&client, Key::Enter).await?;
        tab_to(&client, |_, _, href| href.contains("/report/other")).await?;
        press(&client, Key::Enter).await?;
        wait_for(&client, Locator::Css("#f-description")).await?;
        tab_to(&client, |_, id, _| id == "f-description").await?;
        type_text(&client, "Mtu mmoja anauza vyeti vya kughushi mpakani.").await?;
        tab_to(&client, |tag, _, _| tag == "button").await?;
        press(&client, Key::Space).await?;
        let receipt = wait_for(&client, Locator::Css("#receipt"))
            .await?
            .text()
            .await?;

        // Follow up, in Portuguese, and answer.
        client.goto(&format!("{base}/?lang=pt")).await?;
        wait_for(&client, Locator::Css("main")).await?;
        tab_to(&client, |_, id, _| id == "nav-followup").await?;
        press(&client, Key::Enter).await?;
        wait_for(&client, Locator::Css("#receipt")).await?;
        tab_to(&client, |_, id, _| id == "receipt").await?;
        type_text(&client, &receipt).await?;
        press(&client, Key::Enter).await?;
        wait_for(&client, Locator::Css("#answer-form")).await?;
        tab_to(&client, |_, id, _| id == "answer").await?;
        type_text(&client, "Sim, vi o certificado na fronteira.").await?;
        tab_to(&client, |tag, _, _| tag == "button").await?;
        press(&client, Key::Enter).await?;
        let sent = wait_for(&client, Locator::Css("#notice"))
            .await?
            .text()
            .await?;

        // Check a domain, in Arabic.
        client.goto(&format!("{base}/warnings?lang=ar")).await?;
        wait_for(&client, Locator::Css("#q")).await?;
        tab_to(&client, |_, id, _| id == "q").await?;
        type_text(&client, "www.fake-certs.example").await?;
        press(&client, Key::Enter).await?;
        let verdict = wait_for(&client, Locator::Css(".verdict"))
            .await?
            .attr("class")
            .await?;
        Ok::<_, fantoccini::error::CmdError>((receipt, sent, verdict))
    }
    .await;
    let _ = client.close().await;
    session.server.abort();
    let (receipt, sent, verdict) = result.expect("browser session");
    assert_eq!(receipt.split(' ').count(), 7, "{receipt}");
    let catalogue = filimbi::i18n::catalogue();
    assert_eq!(sent, catalogue.get(Lang::Pt, "followup-sent", &[]));
    assert_eq!(verdict.as_deref(), Some("verdict verdict-listed"));
}

/// The page zoomed to `zoom` %: its `scrollWidth`, its `clientWidth`, and the elements that
/// stick out sideways (for the failure message).
async fn widths(
    client: &Client,
    zoom: u32,
) -> Result<(u64, u64, String), fantoccini::error::CmdError> {
    let got = client
        .execute(
            "const z = arguments[0]; const e = document.documentElement;
             e.style.zoom = z + '%';
             const w = e.clientWidth;
             const out = [...document.body.querySelectorAll('*')].filter(n => {
               if (n.closest('.skip, .hp')) return false;
               const r = n.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1);
             }).slice(0, 4).map(n => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className ? '.' + n.className : '')
               + '[' + Math.round(n.getBoundingClientRect().left) + ',' + Math.round(n.getBoundingClientRect().right) + ']').join(' ');
             return [e.scrollWidth, w, out];",
            vec![serde_json::json!(zoom)],
        )
        .await?;
    let found: (u64, u64, String) =
        serde_json::from_value(got).unwrap_or((u64::MAX, 0, String::new()));
    Ok(found)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_scrolls_sideways_at_320_px_nor_at_200_percent_zoom() {
    let solo = crate::languages::app_with_a_warning().await;
    let session = session_with(
        &solo.app,
        Browser {
            javascript: true,
            width: 320,
        },
    )
    .await;
    let (addr, client) = (session.addr, session.client.clone());
    let base = format!("http://{addr}");
    let result = async {
        let mut wide = Vec::new();
        let mut measured = 0;
        for lang in Lang::ALL {
            let receipt = report(&client, &base, lang).await?;
            let mut pages = addresses(lang);
            pages.push(String::new()); // the receipt page, already open
            for path in pages {
                if !path.is_empty() {
                    client.goto(&format!("{base}{path}")).await?;
                    wait_for(&client, Locator::Css("main")).await?;
                }
                for zoom in [100, 200] {
                    let (scroll, client_width, out) = widths(&client, zoom).await?;
                    measured += 1;
                    if scroll > client_width {
                        wide.push(format!(
                            "{path} at {zoom}%: {scroll} > {client_width}: {out}"
                        ));
                    }
                }
            }
            follow_up(&client, &base, lang, &receipt).await?;
            wait_for(&client, Locator::Css("#answer-form")).await?;
            for zoom in [100, 200] {
                let (scroll, client_width, out) = widths(&client, zoom).await?;
                measured += 1;
                if scroll > client_width {
                    wide.push(format!(
                        "follow-up in {lang:?} at {zoom}%: {scroll} > {client_width}: {out}"
                    ));
                }
            }
        }
        Ok::<_, fantoccini::error::CmdError>((wide, measured))
    }
    .await;
    let _ = client.close().await;
    session.server.abort();
    let (wide, measured) = result.expect("browser session");
    assert_eq!(measured, 2 * 15 * Lang::ALL.len());
    assert!(
        wide.is_empty(),
        "horizontal scrolling:\n{}",
        wide.join("\n")
    );
}
