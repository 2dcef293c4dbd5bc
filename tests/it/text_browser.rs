//! A text browser can report: Lynx (no CSS, no JavaScript, no images), driven by a keystroke
//! script in a pseudo-terminal, fills in the report form of a real server in Swahili (and in the
//! Kinyarwanda and Kirundi drafts, switched on), sends it
//! and shows the receipt, which then opens the case on the follow-up page. And a text browser
//! can follow up over plain HTTP on the onion address, with default settings: Lynx and w3m
//! each type the receipt, read the question, answer, and leave (which ends the pass on the
//! server). Requires `lynx` and `w3m` (installed by `.ci/run`); never skipped.

use std::io::Read;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use filimbi::i18n::Lang;

use crate::common::*;
use crate::slowloris::exchange;

/// How many times Lynx's Down arrow must be pressed from the first link to reach the
/// element starting at byte `at`: Lynx stops on every link and every visible form field, in
/// document order.
fn stops_before(html: &str, at: usize) -> usize {
    let before = &html[..at];
    let links = before.matches("<a ").count();
    let inputs = before.matches("<input").count() - before.matches("type=\"hidden\"").count();
    let others = before.matches("<select").count() + before.matches("<button").count();
    links + inputs + others
}

/// Keystrokes in Lynx's `-cmd_script` language.
fn keys(steps: &[&str]) -> String {
    steps.iter().map(|k| format!("key {k}\n")).collect()
}

/// One keystroke per character. (Lynx's script language has no way to say a space, so the
/// test types words joined by dashes.)
fn typed(text: &str) -> Vec<String> {
    text.chars().map(|c| c.to_string()).collect()
}

/// Runs Lynx (default settings, cookies accepted without asking) on `url` with the keystroke
/// script `commands` in a pseudo-terminal, through the HTTP proxy `proxy` if given (how a test
/// reaches an onion name: Lynx then sends the full URL and `Host: ….onion` to the proxy, here
/// Filimbi itself). Returns how it ended and its screen as text.
async fn run_lynx(
    commands: &std::path::Path,
    url: &str,
    proxy: Option<std::net::SocketAddr>,
) -> (std::process::ExitStatus, String) {
    // A screen tall enough for the longest form: the keystrokes count stops, and Lynx's paging
    // (a field split across two screens) would otherwise depend on how many lines the page's
    // header takes (one per offered language).
    let lynx = format!(
        "stty rows 120 cols 80; lynx -accept_all_cookies -cmd_script={} '{url}'",
        commands.display()
    );
    let (status, out) = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new("timeout");
        cmd.args(["120", "script", "-qec", &lynx, "/dev/null"])
            .env("TERM", "vt100")
            .env_remove("LYNX_CFG")
            .env_remove("no_proxy")
            .env_remove("NO_PROXY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match proxy {
            Some(addr) => cmd.env("http_proxy", format!("http://{addr}/")),
            None => cmd.env_remove("http_proxy"),
        };
        let mut child = cmd
            .spawn()
            .expect("lynx (apt-get install lynx) and script (bsdutils)");
        // `script` ends when its input does: keep a pipe open (CI has no terminal) until Lynx
        // has quit by itself.
        let keep_open = child.stdin.take();
        let mut out = Vec::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = stdout.read_to_end(&mut out);
        }
        let status = child.wait().expect("wait for lynx");
        drop(keep_open);
        (status, out)
    })
    .await
    .expect("lynx ran");
    (status, plain_screen(&out))
}

/// A terminal's output as text: cursor movements and attributes dropped (each escape sequence
/// becomes a line break).
fn plain_screen(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut plain = String::new();
    let mut escape = false;
    for c in text.chars() {
        match c {
            '\u{1b}' => escape = true,
            c if escape && c.is_ascii_alphabetic() => {
                escape = false;
                plain.push('\n');
            }
            _ if escape => {}
            '\u{e}' | '\u{f}' => {}
            c => plain.push(c),
        }
    }
    plain
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_sent_with_lynx_gets_a_receipt_that_opens_the_case() {
    // Swahili, and the drafts as an operator switches them on: one server for the three.
    let (dir, server, addr) =
        crate::slowloris::start_open_server(&["--languages", "en,fr,sw,pt,ar,rw,rn"]).await;
    for lang in [Lang::Sw, Lang::Rw, Lang::Rn] {
        let receipt = report_with_lynx(dir.path(), addr, lang).await;
        // The receipt Lynx showed opens the case.
        let get = format!("GET /followup HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        let token = exchange(addr, get.into_bytes())
            .await
            .token()
            .expect("follow-up form token");
        let body = format!("token={}&receipt={}", token, receipt.replace(' ', "+"));
        let post = format!(
            "POST /followup HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let opened = exchange(addr, post.into_bytes()).await;
        assert_eq!(
            opened.status,
            StatusCode::SEE_OTHER,
            "{lang:?}: {}",
            opened.body
        );
    }
    drop(server);
}

/// Fills in and sends the report form in `lang` with Lynx on the server at `addr`; returns
/// the receipt Lynx showed, under the receipt page's title in `lang`.
async fn report_with_lynx(dir: &std::path::Path, addr: std::net::SocketAddr, lang: Lang) -> String {
    let l = lang.code();
    let url = format!("http://{addr}/report/other?lang={l}");
    let get =
        format!("GET /report/other?lang={l} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let form = exchange(addr, get.into_bytes()).await.body;
    assert!(form.contains(&format!("<html lang=\"{l}\"")), "{form}");
    let textarea = form.find("<textarea").expect("the description field");
    let rows: usize = form[textarea..]
        .split_once("rows=\"")
        .and_then(|(_, r)| r.split('"').next())
        .and_then(|r| r.parse().ok())
        .expect("textarea rows");
    let button = form
        .find("<button type=\"submit\"")
        .expect("the send button");

    // To the description, type it, down through the rest of its lines and the fields after
    // it to the button, press Enter; then quit.
    let mut script: Vec<String> = vec!["Down Arrow".into(); stops_before(&form, textarea)];
    script.extend(typed("Vyeti-bandia-vinauzwa-sokoni"));
    // Each line of the description is a stop of its own; then the fields between it and the
    // button; then the button.
    let between = stops_before(&form, button) - stops_before(&form, textarea);
    script.extend(vec!["Down Arrow".to_owned(); rows - 1 + between + 1]);
    script.extend(["^J", "q", "y"].map(String::from));
    let steps: Vec<&str> = script.iter().map(String::as_str).collect();
    let commands = dir.join(format!("keys-{l}.txt"));
    std::fs::write(&commands, keys(&steps)).expect("keys");

    let (status, plain) = run_lynx(&commands, &url, None).await;
    assert!(status.success(), "lynx in {l}: {status:?}");
    let receipt = plain
        .lines()
        .map(str::trim)
        .find(|l| {
            let groups: Vec<_> = l.split(' ').collect();
            groups.len() == 7
                && groups
                    .iter()
                    .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or_else(|| panic!("no receipt on Lynx's screen in {l}:\n{plain}"))
        .to_owned();
    let title = filimbi::i18n::catalogue().get(lang, "receipt-title", &[]);
    assert!(plain.contains(&title), "{l}: {title:?} not in\n{plain}");
    receipt
}

/// A real server (the production serve loop) for `app` on a loopback port.
async fn serve(app: &TestApp) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(filimbi::http::server::run(
        listener,
        app.router.clone(),
        filimbi::http::server::ServerOptions::default(),
        std::future::pending(),
    ));
    (addr, server)
}

/// A case with a question waiting, and the two pages a text browser will meet, as this server
/// draws them: `(app, receipt, case, question, receipt form, case page)`.
async fn case_with_a_question() -> (TestApp, String, String, String, String, String) {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("text browser follow-up").await;
    let login = app.login(&amani).await;
    // One word, so it stays on one line of an 80-column screen.
    let question = "TEXT-BROWSER-QUESTION-CANARY".to_owned();
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "reply"), ("message", &question)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let entry = app.get("/followup?lang=en").await.body;
    let probe = app.come_back(&receipt).await;
    let case_page = app.visit(&probe, "/followup/case?lang=en").await.body;
    assert!(case_page.contains(&question));
    (app, receipt, case, question, entry, case_page)
}

/// What the person's visit left: the messages of the case (the question, then any answer) and
/// how many passes are live.
async fn after_visit(app: &TestApp, case: &str) -> (usize, i64) {
    let id = filimbi::domain::case::CaseId::parse(case).expect("id");
    let messages = app.store.messages(&id).await.expect("messages").len();
    (
        messages,
        app.store.count_followup_passes().await.expect("count"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lynx_user_on_the_onion_address_reads_the_question_answers_and_leaves() {
    let (app, receipt, case, question, entry, case_page) = case_with_a_question().await;
    // The probe visit above is one live pass; Lynx's is another, ended by "Leave now".
    let (_, live_before) = after_visit(&app, &case).await;
    let (addr, server) = serve(&app).await;
    let dir = tempfile::tempdir().expect("tempdir");

    // The receipt form: down to the field, type the receipt, down to the button, Enter.
    let field = entry.find("<input id=\"receipt\"").expect("receipt field");
    let open = entry.find("<button type=\"submit\"").expect("open button");
    let mut script: Vec<String> = vec!["Down Arrow".into(); stops_before(&entry, field)];
    script.extend(typed(&receipt.replace(' ', "")));
    script.extend(vec![
        "Down Arrow".to_owned();
        stops_before(&entry, open) - stops_before(&entry, field)
    ]);
    script.push("^J".into());
    // The case page: down to the answer (each of its lines a stop), type, down to Send, Enter.
    let textarea = case_page.find("<textarea").expect("answer field");
    let rows: usize = case_page[textarea..]
        .split_once("rows=\"")
        .and_then(|(_, r)| r.split('"').next())
        .and_then(|r| r.parse().ok())
        .expect("textarea rows");
    let send = case_page[textarea..]
        .find("<button type=\"submit\"")
        .map(|i| textarea + i)
        .expect("send button");
    script.extend(vec![
        "Down Arrow".to_owned();
        stops_before(&case_page, textarea)
    ]);
    script.extend(typed("LYNX-ANSWER-CANARY"));
    let between = stops_before(&case_page, send) - stops_before(&case_page, textarea);
    script.extend(vec!["Down Arrow".to_owned(); rows - 1 + between + 1]);
    script.push("^J".into());
    // Back on the case page ("sent"), down past the answer form to "Leave now", Enter; quit.
    let leave = case_page
        .find("action=\"/followup/leave")
        .and_then(|f| case_page[f..].find("<button").map(|b| f + b))
        .expect("leave button");
    script.extend(vec![
        "Down Arrow".to_owned();
        stops_before(&case_page, leave) + rows
    ]);
    script.extend(["^J", "q", "y"].map(String::from));
    let steps: Vec<&str> = script.iter().map(String::as_str).collect();
    let commands = dir.path().join("keys.txt");
    std::fs::write(&commands, keys(&steps)).expect("keys");

    // Plain HTTP to an onion name, default settings (no --insecure-cookies).
    let url = format!("http://{}/followup?lang=en", crate::followup_pass::ONION);
    let (status, plain) = run_lynx(&commands, &url, Some(addr)).await;
    server.abort();
    assert!(status.success(), "lynx: {status:?}\n{plain}");
    assert!(
        plain.contains(&question),
        "the question on Lynx's screen:\n{plain}"
    );
    assert!(
        plain.contains("Your answer was encrypted and stored"),
        "{plain}"
    );
    assert!(!plain.contains("Your visit has ended"), "{plain}");
    let (messages, live) = after_visit(&app, &case).await;
    assert_eq!(messages, 2, "the question and Lynx's answer");
    assert_eq!(
        live, live_before,
        "Leave now ended Lynx's pass on the server"
    );
}

/// Runs w3m (Debian's default settings: cookies accepted) on `url` through the HTTP proxy
/// `proxy`, in a pseudo-terminal, typing `keys` in turn — each a burst of keystrokes, sent
/// once w3m has had a moment to draw the page the previous one led to. The answer field is a
/// textarea, which w3m hands to an editor: `editor` stands in for the person's. Returns how it
/// ended and its screen as text.
async fn run_w3m(
    url: &str,
    proxy: std::net::SocketAddr,
    editor: &std::path::Path,
    keys: Vec<String>,
) -> (std::process::ExitStatus, String) {
    use std::io::Write;
    let w3m = format!("w3m -o editor={} '{url}'", editor.display());
    let home = editor
        .parent()
        .unwrap_or(std::path::Path::new("/tmp"))
        .to_owned();
    let (status, out) = tokio::task::spawn_blocking(move || {
        let mut child = Command::new("timeout")
            .args(["120", "script", "-qec", &w3m, "/dev/null"])
            .env("TERM", "vt100")
            .env("COLUMNS", "100")
            .env("LINES", "60")
            .env("http_proxy", format!("http://{proxy}/"))
            .env_remove("no_proxy")
            .env_remove("NO_PROXY")
            .env_remove("W3M_DIR")
            // Debian's settings (/etc/w3m/config), none of the user's; history goes there too.
            .env("HOME", &home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("w3m (apt-get install w3m) and script (bsdutils)");
        let mut stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = { stdout }.read_to_end(&mut out);
            out
        });
        for burst in keys {
            std::thread::sleep(std::time::Duration::from_millis(1500));
            let _ = stdin.write_all(burst.as_bytes());
            let _ = stdin.flush();
        }
        let out = reader.join().expect("screen");
        let status = child.wait().expect("wait for w3m");
        drop(stdin);
        (status, out)
    })
    .await
    .expect("w3m ran");
    (status, plain_screen(&out))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_w3m_user_on_the_onion_address_reads_the_question_answers_and_leaves() {
    let (app, receipt, case, question, _, _) = case_with_a_question().await;
    let (_, live_before) = after_visit(&app, &case).await;
    let (addr, server) = serve(&app).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'W3M-ANSWER-CANARY typed in an editor' > \"$1\"\n",
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("chmod");
    // Search (`/`) for a field's label and Tab to the field; Enter on a text field asks for its
    // text; Enter on a button sends its form.
    let keys = vec![
        "/Receipt number\r\t\r".to_owned(),
        format!("{}\r", receipt.replace(' ', "")),
        "\t\r".to_owned(),
        // To the question (so it is drawn; the search names only its end, so what the prompt
        // echoes is not the whole question), then the answer field.
        format!("/{}\r", &question[question.len() - 15..]),
        "/Your answer\r\t\r".to_owned(),
        "/Send answer securely\r\r".to_owned(),
        "/Leave now\r\r".to_owned(),
        "Q".to_owned(),
    ];
    let url = format!("http://{}/followup?lang=en", crate::followup_pass::ONION);
    let (status, plain) = run_w3m(&url, addr, &editor, keys).await;
    server.abort();
    assert!(status.success(), "w3m: {status:?}\n{plain}");
    assert!(
        plain.contains(&question),
        "the question on w3m's screen:\n{plain}"
    );
    let (messages, live) = after_visit(&app, &case).await;
    assert_eq!(messages, 2, "the question and w3m's answer:\n{plain}");
    assert_eq!(
        live, live_before,
        "Leave now ended w3m's pass on the server"
    );
}
