//! A person with a real browser, JavaScript off: headless Debian Chromium driven through
//! chromedriver (WebDriver). Opens the home page, picks a kind of report, fills it in, attaches
//! a phone photo, sends it and reads the receipt. Requires `chromium` and `chromium-driver` (installed by `.ci/run`);
//! never skipped.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use filimbi::domain::receipt::Receipt;

use crate::common::*;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

async fn start_chromedriver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver must be installed (apt-get install chromium-driver)");
    let driver = Driver(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (driver, port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

/// How the browser is set up.
#[derive(Clone, Copy)]
pub(crate) struct Browser {
    /// JavaScript on: only for the tests' own probes (axe, layout measurements), which run
    /// through WebDriver; Filimbi's pages have no script of their own either way.
    pub(crate) javascript: bool,
    /// Window width in CSS pixels.
    pub(crate) width: u32,
}

impl Browser {
    /// A careful Tor Browser user on a small phone: JavaScript off, 360 px.
    pub(crate) const PERSON: Browser = Browser {
        javascript: false,
        width: 360,
    };
}

fn capabilities(
    profile: &std::path::Path,
    browser: Browser,
) -> serde_json::Map<String, serde_json::Value> {
    let mut caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--window-size={},800", browser.width),
                format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    if browser.javascript && browser.width < 500 {
        // Headless Chromium keeps windows at least about 500 px wide: a narrower screen is
        // emulated, as its device tools do. Only for the measuring sessions: with JavaScript
        // off, chromedriver's clicks under emulation never return.
        caps["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": { "width": browser.width, "height": 640, "pixelRatio": 1.0 }
        });
    }
    if !browser.javascript {
        // JavaScript off, as a careful Tor Browser user would have it.
        caps["goog:chromeOptions"]["prefs"] =
            serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    caps.as_object().cloned().unwrap_or_default()
}

/// A real server for `app` on a loopback port, and a browser session with JavaScript off.
pub(crate) struct Session {
    pub(crate) addr: std::net::SocketAddr,
    pub(crate) server: tokio::task::JoinHandle<()>,
    pub(crate) client: fantoccini::Client,
    pub(crate) profile: tempfile::TempDir,
    _driver: Driver,
}

pub(crate) async fn session(app: &TestApp) -> Session {
    session_with(app, Browser::PERSON).await
}

/// As [`session`], with the browser set up as `browser` says.
pub(crate) async fn session_with(app: &TestApp, browser: Browser) -> Session {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app.router.clone();
    // The production serve loop (timeouts, connection cap), with its defaults.
    let server = tokio::spawn(filimbi::http::server::run(
        listener,
        router,
        filimbi::http::server::ServerOptions::default(),
        std::future::pending(),
    ));
    let (driver, port) = start_chromedriver().await;
    let profile = tempfile::tempdir().expect("profile dir");
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(profile.path(), browser))
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session");
    Session {
        addr,
        server,
        client,
        profile,
        _driver: driver,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_with_javascript_off_reports_a_fake_website_and_gets_a_receipt() {
    let app = TestApp::new().await;
    let Session {
        addr,
        server,
        client,
        profile,
        _driver,
    } = session(&app).await;

    let photo = profile.path().join("IMG_0042.jpg");
    std::fs::write(&photo, crate::fixtures::jpeg_with_metadata()).expect("photo");
    let result = async {
        client.goto(&format!("http://{addr}/")).await?;
        wait_for(&client, Locator::Css("a[href^='/report/fake-website']"))
            .await?
            .click()
            .await?;
        fill_and_send(
            &client,
            &[
                ("f-web_address", "www.ceecicglrcertification.org"),
                (
                    "f-description",
                    "It asked me to pay for a certificate check.",
                ),
                ("f-files", &photo.display().to_string()),
            ],
            SUBMIT,
        )
        .await?;
        let receipt = wait_for(&client, Locator::Id("receipt"))
            .await?
            .text()
            .await?;
        let scripts = client.find_all(Locator::Css("script")).await?.len();
        Ok::<_, fantoccini::error::CmdError>((receipt, scripts))
    }
    .await;
    let _ = client.close().await;
    server.abort();
    let (receipt, scripts) = result.expect("browser steps");
    assert_eq!(scripts, 0);
    assert!(
        Receipt::parse(&receipt).is_ok(),
        "receipt {receipt:?} checks out"
    );
    assert_eq!(app.case_count().await, 1);
    let doc = decrypt_single_report(&app.export().await, &app.identities[0]);
    assert_eq!(
        doc["fields"]["web_address"],
        "www.ceecicglrcertification.org"
    );
    assert_eq!(
        doc["fields"]["description"],
        "It asked me to pay for a certificate check."
    );
    assert_eq!(doc["attachments"][0]["name"], "IMG_0042.jpg");
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_limit_gives_a_readable_page_in_the_browser() {
    let app = TestApp::with_limits(filimbi::services::intake::Limits {
        max_file_bytes: 1024 * 1024,
        ..Default::default()
    })
    .await;
    let s = session(&app).await;
    let big = s.profile.path().join("scan.bin");
    // 24 MiB of noise: far more than the 1 MiB limit, so the server refuses mid-upload.
    let mut noise = vec![0u8; 24 * 1024 * 1024];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in noise.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    std::fs::write(&big, noise).expect("file");
    let client = &s.client;
    let result = async {
        client
            .goto(&format!("http://{}/report/other", s.addr))
            .await?;
        fill_and_send(
            client,
            &[
                ("f-description", "my words must survive"),
                ("f-files", &big.display().to_string()),
            ],
            SUBMIT,
        )
        .await?;
        let alert = wait_for(client, Locator::Css("[role='alert']"))
            .await?
            .text()
            .await?;
        let kept = client
            .find(Locator::Id("f-description"))
            .await?
            .prop("value")
            .await?;
        Ok::<_, fantoccini::error::CmdError>((alert, kept))
    }
    .await;
    let _ = s.client.clone().close().await;
    s.server.abort();
    let (alert, kept) = result.expect("browser shows the refusal page");
    assert!(
        alert.contains("scan.bin") && alert.contains("too large"),
        "{alert}"
    );
    assert_eq!(kept.as_deref(), Some("my words must survive"));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.spool_files(), 0);
}

/// An investigator logs in with password and TOTP in Chromium (JavaScript off, like every
/// page of Filimbi needs none), opens the queue and reads a case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_investigator_logs_in_and_reads_a_case_in_the_browser() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let case = app
        .submit_case("Forged certificates are sold in Goma for 200 USD.")
        .await;
    app.clock.advance(30);
    let code = who.secret.code_at(app.clock_now());
    let Session {
        addr,
        server,
        client,
        profile: _profile,
        _driver,
    } = session(&app).await;
    let result = async {
        client.goto(&format!("http://{addr}/staff")).await?;
        // Not logged in: the queue sends the browser to the login page.
        log_in_in_browser(&client, "amani", crate::staff::PASSWORD, &code).await?;
        let row = format!("tr[data-case='{case}'] a");
        wait_for(&client, Locator::Css(&row)).await?.click().await?;
        let report = wait_for(&client, Locator::Id("report"))
            .await?
            .text()
            .await?;
        let scripts = client.find_all(Locator::Css("script")).await?.len();
        Ok::<_, fantoccini::error::CmdError>((report, scripts))
    }
    .await;
    let _ = client.close().await;
    server.abort();
    let (report, scripts) = result.expect("browser steps");
    assert!(
        report.contains("Forged certificates are sold in Goma"),
        "{report}"
    );
    assert_eq!(scripts, 0);
}

/// Someone sent a link: with JavaScript off, they open the warning page, paste the address into
/// the check box, send it, and read that the site is a listed fake.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_with_javascript_off_checks_a_web_address_on_the_warning_page() {
    let app = TestApp::new().await;
    let Session {
        addr,
        server,
        client,
        profile: _profile,
        _driver,
    } = session(&app).await;
    let result = async {
        client.goto(&format!("http://{addr}/warnings")).await?;
        // The page has two search forms: the check, and the certificate search.
        fill_and_send(
            &client,
            &[("q", "https://www.ceecertification.com/login")],
            Locator::Css("form.check-form button[type='submit']"),
        )
        .await?;
        let verdict = wait_for(&client, Locator::Css("section.verdict")).await?;
        let class = verdict.attr("class").await?.unwrap_or_default();
        let headline = verdict
            .find(Locator::Css(".headline"))
            .await?
            .text()
            .await?;
        let url = client.current_url().await?;
        let scripts = client.find_all(Locator::Css("script")).await?.len();
        Ok::<_, fantoccini::error::CmdError>((class, headline, url, scripts))
    }
    .await;
    let _ = client.close().await;
    server.abort();
    let (class, headline, url, scripts) = result.expect("browser steps");
    assert_eq!(url.path(), "/check");
    assert!(class.contains("verdict-listed"), "{class}");
    assert_eq!(
        headline,
        "Warning: www.ceecertification.com is listed as a fake website."
    );
    assert_eq!(scripts, 0);
}
