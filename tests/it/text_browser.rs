//! A text browser can report: Lynx (no CSS, no JavaScript, no images), driven by a keystroke
//! script in a pseudo-terminal, fills in the report form of a real server in Swahili, sends it
//! and shows the receipt, which then opens the case on the follow-up page. Requires `lynx`
//! (installed by `.ci/run`); never skipped.

use std::io::Read;
use std::process::{Command, Stdio};

use axum::http::StatusCode;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_sent_with_lynx_gets_a_receipt_that_opens_the_case() {
    let (dir, server, addr) = crate::slowloris::start_open_server(&[]).await;
    let url = format!("http://{addr}/report/other?lang=sw");
    let get =
        format!("GET /report/other?lang=sw HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let form = exchange(addr, get.into_bytes()).await.body;
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
    let commands = dir.path().join("keys.txt");
    std::fs::write(&commands, keys(&steps)).expect("keys");

    let lynx = format!(
        "lynx -accept_all_cookies -cmd_script={} '{url}'",
        commands.display()
    );
    let screen = tokio::task::spawn_blocking(move || {
        let mut child = Command::new("timeout")
            .args(["120", "script", "-qec", &lynx, "/dev/null"])
            .env("TERM", "vt100")
            .env_remove("LYNX_CFG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
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
    assert!(screen.0.success(), "lynx: {:?}", screen.0);
    // The terminal output, cursor movements and attributes dropped.
    let text = String::from_utf8_lossy(&screen.1);
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
        .unwrap_or_else(|| panic!("no receipt on Lynx's screen:\n{plain}"))
        .to_owned();
    assert!(plain.contains("Ripoti yako imepokelewa"), "{plain}");

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
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    drop(server);
}
