//! Test harness: a Filimbi instance in a temporary directory, with helpers that speak HTTP to
//! its router the way a browser would.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use filimbi::http::middleware::App;
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

use filimbi::app::{self, AppOptions};
use filimbi::clock::{Clock, FixedClock};
use filimbi::services::intake::Limits;
use filimbi::store::Store;

/// A receipt of the right shape that opens nothing.
pub fn wrong_receipt() -> String {
    filimbi::domain::receipt::Receipt::generate(|b: &mut [u8]| getrandom::fill(b))
        .expect("receipt")
        .grouped()
        .to_string()
}

/// Decrypts `file` with stock age and unpacks it with stock tar into a fresh directory;
/// returns the one file that comes out.
pub fn stock_unpack(identity: &Path, file: &Path) -> PathBuf {
    let out = file.with_extension("unpacked");
    std::fs::create_dir_all(&out).expect("dir");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "age -d -i '{}' '{}' | tar -x -C '{}'",
            identity.display(),
            file.display(),
            out.display()
        ))
        .status()
        .expect("sh");
    assert!(status.success(), "age -d | tar -x failed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("read")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

/// Everything every test's tracing output went to (captured for the canary test).
pub fn captured_logs() -> String {
    let buf = log_buffer();
    let guard = buf.lock().unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&guard).into_owned()
}

fn log_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = SharedWriter(Arc::clone(&buf));
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .try_init();
        buf
    })
    .clone()
}

#[derive(Clone)]
struct SharedWriter(Arc<Mutex<Vec<u8>>>);

impl Write for SharedWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        g.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The object-MAC key of an instance (from its `server.key`), to open its store directly.
pub fn integrity_key(app: &TestApp) -> filimbi::crypto::sealed::IntegrityKey {
    let secret = filimbi::crypto::server_secret::ServerSecret::load_or_create(&app.data_dir())
        .expect("server key");
    filimbi::crypto::sealed::IntegrityKey::new(&secret)
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The text of the element with `id="receipt"` (the receipt page draws its groups on two
    /// lines, each in a `<span>`; the tags are dropped).
    pub fn receipt(&self) -> Option<String> {
        let start = self.body.find("id=\"receipt\"")?;
        let rest = &self.body[start..];
        let open = rest.find('>')? + 1;
        let inner = &rest[open..];
        // A `<p>` holds only inline elements: it ends at the first closing tag that is not a span.
        let mut end = 0;
        while let Some(at) = inner[end..].find("</") {
            let at = end + at;
            if inner[at..].starts_with("</span>") {
                end = at + "</span>".len();
            } else {
                end = at;
                break;
            }
        }
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner[..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        Some(text.trim().to_owned())
    }

    /// The hidden form token on a form page.
    pub fn token(&self) -> Option<String> {
        let marker = "name=\"token\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let len = self.body[start..].find('"')?;
        Some(self.body[start..start + len].to_owned())
    }
}

/// A running (in-process) Filimbi with its own data and keys directories.
pub struct TestApp {
    /// Shared with the views of this instance's real servers ([`TestApp::remote`]).
    pub dir: Arc<TempDir>,
    pub router: App,
    pub store: Store,
    pub clock: Arc<FixedClock>,
    /// Identity files of the offline investigators whose `.pub` is in `keys/`.
    pub identities: Vec<PathBuf>,
    /// The application's shared state (accounts, workspace, audit).
    pub state: filimbi::http::AppState,
    /// A real server on this instance's data that requests go to instead of the router.
    pub remote: Option<std::net::SocketAddr>,
}

/// Offers every language in this test process, the drafts too, as `--languages
/// en,fr,sw,pt,ar,rw,rn` does: every in-process check of the public pages (languages, axe,
/// 320 px, text browsers, SMS) then runs in Kinyarwanda and Kirundi as well. The offer is
/// process-wide and set once, so every instance sets it before its first request; what a
/// server offers without `--languages` is checked on a real `filimbi serve`
/// (`languages::the_drafts_are_offered_only_when_an_operator_names_them`).
pub fn drafts_on() {
    let _ = filimbi::i18n::offer(filimbi::i18n::Languages::all());
    assert_eq!(filimbi::i18n::offered(), filimbi::i18n::Languages::all());
}

/// 2026-11-23 12:00:00 UTC.
pub const NOON: u64 = 1_795_435_200;

impl TestApp {
    /// An instance with one offline investigator key (made with `filimbi keygen`'s code path).
    pub async fn new() -> Self {
        Self::with_keys(1).await
    }

    /// An instance with `n` offline investigator keys; 0 means intake closed.
    pub async fn with_keys(n: usize) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut identities = Vec::new();
        for i in 0..n {
            let out = dir.path().join(format!("investigator{i}.key"));
            filimbi::offline::keygen::generate(
                &format!("investigator{i}"),
                &out,
                &dir.path().join("keys"),
            )
            .expect("keygen");
            identities.push(out);
        }
        Self::start(dir, identities).await
    }

    /// Starts on an already prepared directory (`keys/` inside it).
    pub async fn start(dir: TempDir, identities: Vec<PathBuf>) -> Self {
        Self::start_with(dir, identities, Limits::default()).await
    }

    /// An instance with one key and the given attachment limits.
    pub async fn with_limits(limits: Limits) -> Self {
        Self::with_keys(1).await.restart(limits).await
    }

    /// Stops this instance and starts a new one on the same directories, as after a restart.
    pub async fn restart(self, limits: Limits) -> Self {
        let TestApp {
            dir,
            identities,
            store,
            ..
        } = self;
        store.close().await;
        Self::start_with(dir, identities, limits).await
    }

    /// Starts with explicit limits.
    pub async fn start_with(
        dir: impl Into<Arc<TempDir>>,
        identities: Vec<PathBuf>,
        limits: Limits,
    ) -> Self {
        Self::start_custom(dir, identities, |o| o.limits = limits).await
    }

    /// An instance with one offline key and options changed by `adjust`.
    pub async fn with_options(adjust: impl FnOnce(&mut AppOptions)) -> Self {
        let app = Self::with_keys(1).await;
        let TestApp {
            dir,
            identities,
            store,
            ..
        } = app;
        store.close().await;
        Self::start_custom(dir, identities, adjust).await
    }

    /// Starts with default options changed by `adjust`.
    pub async fn start_custom(
        dir: impl Into<Arc<TempDir>>,
        identities: Vec<PathBuf>,
        adjust: impl FnOnce(&mut AppOptions),
    ) -> Self {
        let dir = dir.into();
        let _ = log_buffer();
        drafts_on();
        let clock = Arc::new(FixedClock::at(NOON));
        let mut opts = AppOptions {
            clock: Arc::clone(&clock) as Arc<dyn Clock>,
            ..AppOptions::new(dir.path().join("data"), dir.path().join("keys"))
        };
        // Files are cleaned by the real binary's worker, not by this test harness.
        opts.cleaner.program = PathBuf::from(env!("CARGO_BIN_EXE_filimbi"));
        opts.database_url = crate::database::url_for(dir.path()).await.map(Into::into);
        adjust(&mut opts);
        let built = app::build(opts).await.expect("app builds");
        Self {
            dir,
            router: built.router,
            store: built.store,
            clock,
            identities,
            state: built.state,
            remote: None,
        }
    }

    /// A view of this instance whose requests go to the real server at `addr` (one started
    /// on the same data and database), with a clock at the real time, as that server's is:
    /// every helper (`submit`, `login`, `staff_post` …) then speaks HTTP over loopback.
    pub fn remote(&self, addr: std::net::SocketAddr) -> Self {
        use filimbi::clock::SystemClock;
        Self {
            dir: Arc::clone(&self.dir),
            router: self.router.clone(),
            store: self.store.clone(),
            clock: Arc::new(FixedClock::at(SystemClock.now_unix())),
            identities: self.identities.clone(),
            state: self.state.clone(),
            remote: Some(addr),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The options an offline command (`filimbi investigator …`, `export` …) run on this
    /// instance's data and database would have.
    pub async fn offline_options(&self) -> AppOptions {
        let mut opts = AppOptions::new(self.data_dir(), self.dir.path().join("keys"));
        opts.database_url = crate::database::url_for(self.dir.path())
            .await
            .map(Into::into);
        opts
    }

    /// A pool of its own on this instance's database (SQLite file or PostgreSQL schema), for
    /// tests that look inside or tamper with what is stored.
    pub async fn db(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let url = crate::database::url_of(&self.data_dir()).await;
        sqlx::AnyPool::connect(&url).await.expect("database")
    }

    pub async fn request(&self, req: Request<Body>) -> Reply {
        if let Some(addr) = self.remote {
            return crate::http_client::send(addr, req).await;
        }
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, path: &str, name: &str, value: &str) -> Reply {
        self.request(
            Request::get(path)
                .header(name, value)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// POSTs raw bytes with the given content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        self.request(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    /// POSTs form fields, URL-encoded as a browser does.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_raw(path, "application/x-www-form-urlencoded", encode(fields))
            .await
    }

    /// A valid form token, taken from the form page like a browser would; the clock then
    /// moves on half a minute, the time a person takes to fill the form (a form sent within
    /// seconds is filed as possible spam).
    pub async fn token(&self, category: &str) -> String {
        let token = self
            .get(&format!("/report/{category}"))
            .await
            .token()
            .expect("form has a token");
        self.clock.advance(30);
        token
    }

    /// Fills and sends a report; returns the reply.
    pub async fn submit(&self, category: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.token(category).await;
        let mut all = vec![("token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(&format!("/report/{category}"), &all).await
    }

    /// POSTs a multipart form as a browser does: text fields, then files under `files`.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Reply {
        let (content_type, body) = multipart(fields, files);
        self.post_raw(path, &content_type, body).await
    }

    /// Fills and sends a report with files; returns the reply.
    pub async fn submit_files(
        &self,
        category: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Reply {
        let token = self.token(category).await;
        let mut all = vec![("token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_multipart(&format!("/report/{category}"), &all, files)
            .await
    }

    pub async fn staged_count(&self) -> i64 {
        self.store.count_staged().await.expect("count staged")
    }

    /// Files left in the spool directory.
    pub fn spool_files(&self) -> usize {
        std::fs::read_dir(self.data_dir().join("spool"))
            .map(|rd| rd.count())
            .unwrap_or(0)
    }

    pub async fn case_count(&self) -> i64 {
        self.store.count_cases().await.expect("count")
    }

    /// `n` follow-up attempts with a receipt of the right shape that opens nothing, each with
    /// a form token of its own (a token is spent once): `(token, receipt)`.
    pub async fn wrong_receipt_tries(&self, n: usize) -> Vec<(String, String)> {
        let mut tries = Vec::with_capacity(n);
        for _ in 0..n {
            let token = self.get("/followup").await.token().expect("token");
            tries.push((token, wrong_receipt()));
        }
        tries
    }

    /// Sends all `tries` (`(token, receipt)`) to the follow-up form at once.
    pub async fn post_receipts_at_once(&self, tries: &[(String, String)]) -> Vec<Reply> {
        futures_util::future::join_all(tries.iter().map(|(token, receipt)| async move {
            self.post_form(
                "/followup",
                &[("token", token.as_str()), ("receipt", receipt.as_str())],
            )
            .await
        }))
        .await
    }

    /// Exports every case into a fresh directory and returns it.
    pub async fn export(&self) -> PathBuf {
        let out = self.dir.path().join(format!(
            "export-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let done = filimbi::offline::export::export(&self.store, &integrity_key(self), &out, None)
            .await
            .expect("export");
        assert!(done.refused.is_empty(), "{:?}", done.refused);
        out
    }
}

pub const BOUNDARY: &str = "----filimbi-test-boundary-7MA4YWxkTrZu0gW";

/// `multipart/form-data` encoding: `(content type, body)`.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, data) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// `application/x-www-form-urlencoded` encoding.
pub fn encode(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&enc(k));
        out.push('=');
        out.push_str(&enc(v));
    }
    out.into_bytes()
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Every file under `dir`, recursively, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out
}

/// True when `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs the stock `age` binary to decrypt `file` with `identity`; panics with its stderr.
pub fn stock_age_decrypt(identity: &Path, file: &Path) -> Vec<u8> {
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(file)
        .output()
        .expect("the stock `age` binary must be installed (apt-get install age)");
    assert!(
        out.status.success(),
        "age -d failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Length of an age file's payload (after the header). Sizes are compared on payloads: age
/// adds a random-length "grease" stanza to every header, so whole-file sizes vary by chance.
pub fn age_payload_len(file: &[u8]) -> usize {
    let mac = file
        .windows(5)
        .position(|w| w == b"\n--- ")
        .expect("age header end");
    let end = mac
        + 1
        + file[mac + 1..]
            .iter()
            .position(|&c| c == b'\n')
            .expect("mac line");
    file.len() - end - 1
}

/// Decrypts the report of the only case in an export with stock age, parsed as JSON.
pub fn decrypt_single_report(export: &Path, identity: &Path) -> serde_json::Value {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("manifest.json")).expect("manifest"))
            .expect("manifest json");
    let cases = manifest["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 1, "expected one case");
    let file = cases[0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f.as_str())
        .find(|f| f.ends_with("/report.age"))
        .expect("report.age listed");
    let plain = stock_age_decrypt(identity, &export.join(file));
    serde_json::from_slice(&plain).expect("report is JSON (with trailing padding)")
}

/// Waits (generously: two shared cores also run the rest of the suite meanwhile) for an
/// element of the page a browser is on.
pub async fn wait_for(
    client: &fantoccini::Client,
    loc: fantoccini::Locator<'_>,
) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
    client
        .wait()
        .at_most(std::time::Duration::from_secs(60))
        .for_element(loc)
        .await
}

/// Clicks `target`, which leads to another page, and waits until the page it was on is gone.
/// What is looked for next is then on the page the click led to: a `wait_for` right after a
/// click can find an element with the same id on the page before, which goes stale while it is
/// being read.
///
/// Gone means the document's root element is another one (WebDriver gives every node its own
/// reference), or the old root answers that it is stale. Asking the old root alone is not
/// enough: Chromium 156.0.8078.129's driver answers a node of a replaced document with an
/// "unknown error" (the node "does not belong to the document"), not a stale reference.
pub async fn click_and_leave(
    client: &fantoccini::Client,
    target: fantoccini::elements::Element,
) -> Result<(), fantoccini::error::CmdError> {
    let root = fantoccini::Locator::Css("html");
    let before = client.find(root).await?;
    target.click().await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        // The new document may still be loading: a failed look is not an answer yet.
        if let Ok(now) = client.find(root).await
            && now.element_id() != before.element_id()
        {
            return Ok(());
        }
        if let Err(e) = before.tag_name().await
            && e.is_stale_element_reference()
        {
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            return Err(fantoccini::error::CmdError::WaitTimeout);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The submit button of a page with one form.
pub const SUBMIT: fantoccini::Locator<'static> = fantoccini::Locator::Css("button[type='submit']");

/// Fills a form in the browser as a person would: types each value into the field with that
/// id (a file input takes a local path, as when a person picks a photo), waiting for the first
/// since the page may still be loading, then clicks `submit` and waits until the page has
/// gone ([`click_and_leave`]): what the caller reads next is the answer, never an element of
/// the form page that has the same id. Every form these tests send navigates.
pub async fn fill_and_send(
    client: &fantoccini::Client,
    fields: &[(&str, &str)],
    submit: fantoccini::Locator<'_>,
) -> Result<(), fantoccini::error::CmdError> {
    for (i, (id, value)) in fields.iter().enumerate() {
        let field = if i == 0 {
            wait_for(client, fantoccini::Locator::Id(id)).await?
        } else {
            client.find(fantoccini::Locator::Id(id)).await?
        };
        field.send_keys(value).await?;
    }
    let button = client.find(submit).await?;
    click_and_leave(client, button).await
}

/// Logs in on the staff login page the browser is on (or is being sent to), with a password
/// and the authenticator `code`.
pub async fn log_in_in_browser(
    client: &fantoccini::Client,
    name: &str,
    password: &str,
    code: &str,
) -> Result<(), fantoccini::error::CmdError> {
    fill_and_send(
        client,
        &[("name", name), ("password", password), ("code", code)],
        SUBMIT,
    )
    .await
}
