//! Follow-up throughput against a real server on loopback, next to first submissions in the same
//! run: first reports per second (the baseline), follow-up page views per second
//! (`GET /followup/case` with a valid pass, for cases with one or two investigator messages to
//! decrypt) and text answers per second (`POST /followup/case`), each also as a ratio to first
//! submissions, so the figures mean something on a noisy shared machine.
//!
//! Run: `cargo bench --bench followup` (FILIMBI_BENCH_SECS sets each phase's length, default
//! 10; FILIMBI_BENCH_FOLLOWUP_CASES the number of cases followed up, default 64). Everything is
//! real: two offline recipients and one investigator account, age encryption, durable SQLite
//! commits in a temporary directory; forms are sent as Chromium sends them (multipart, with
//! the file input left empty). Setup (not timed): the cases are reported through the form, an
//! investigator writes to each (one or two messages), and every receipt is typed once at
//! `POST /followup`, all at once, since each answer there takes at least 400 ms by design.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use filimbi::crypto::totp::TotpSecret;
use filimbi::domain::document::Sender;
use secrecy::{ExposeSecret, SecretString};

mod support;
use support::{BenchResult, CONCURRENCY, run_phase};

/// The pass cookie's name with the default (secure) cookie settings.
const PASS_COOKIE: &str = "__Host-filimbi-followup";
const BOUNDARY: &str = "----filimbi-bench-followup-boundary";
const PASSWORD: &str = "gold travels by night 42";
/// Attempts at one receipt while the server-wide receipt rate limit says "busy".
const MAX_BUSY_RETRIES: usize = 60;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The value of the hidden `name` field in a page.
fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

/// The text of the element with `id="receipt"` (its two lines' `<span>` tags dropped).
fn receipt_in(html: &str) -> Option<String> {
    let start = html.find("id=\"receipt\"")?;
    let rest = &html[start..];
    let open = rest.find('>')? + 1;
    let close = rest[open..].find("</p>")?;
    let inner = rest[open..open + close]
        .replace("<span class=\"line\">", "")
        .replace("</span>", "");
    Some(inner.trim().to_owned())
}

/// The form as Chromium sends it (`multipart/form-data`): the text fields, then the file input
/// with no file chosen (an empty part with an empty file name).
fn multipart(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n\r\n--{BOUNDARY}--\r\n"
    ));
    body.into_bytes()
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// The pass a response sets, if any.
fn pass_from(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let (kv, _) = v.split_once(';')?;
            let (k, val) = kv.split_once('=')?;
            (k == PASS_COOKIE && !val.is_empty()).then(|| val.to_owned())
        })
}

/// Passes, one per case, each replaced by the renewed one a page sets (as a browser would).
type Passes = Arc<Vec<Mutex<String>>>;

fn current(passes: &Passes, i: usize) -> Option<String> {
    passes
        .get(i % passes.len())
        .and_then(|m| m.lock().ok().map(|p| p.clone()))
}

fn renew(passes: &Passes, i: usize, res: &reqwest::Response) {
    if let (Some(new), Some(slot)) = (pass_from(res), passes.get(i % passes.len()))
        && let Ok(mut p) = slot.lock()
    {
        *p = new;
    }
}

/// Types one receipt at `POST /followup` (as printed, with its spaces); retries while the
/// server-wide rate limit answers 429. Returns the pass.
async fn enter(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    receipt: &str,
) -> BenchResult<String> {
    let body = format!(
        "token={token}&receipt={}",
        receipt.replace(' ', "+").replace('-', "%2D")
    );
    for _ in 0..MAX_BUSY_RETRIES {
        let res = client
            .post(format!("{base}/followup?lang=en"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await?;
        match res.status().as_u16() {
            303 => return pass_from(&res).ok_or_else(|| "303 without a pass cookie".into()),
            429 => tokio::time::sleep(Duration::from_secs(1)).await,
            s => return Err(format!("POST /followup answered {s}").into()),
        }
    }
    Err("the receipt rate limit stayed busy".into())
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let secs = support::phase_secs();
    let cases = env_num("FILIMBI_BENCH_FOLLOWUP_CASES", 64).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        support::two_keys(dir.path())?;
        let support::Served {
            built,
            base,
            server,
            ..
        } = support::serve(dir.path().join("data"), dir.path().join("keys")).await?;
        // Redirects are measured, not followed: the 303 is the answer a browser gets.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(CONCURRENCY)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let setup_started = Instant::now();

        let page = client
            .get(format!("{base}/report/fake-website?lang=en"))
            .send()
            .await?
            .text()
            .await?;
        let token = hidden(&page, "token").ok_or("the report form has no token")?;
        let description = "A website copying the certification authority asked an exporter \
            for USD 450 and a passport scan before it would 'verify' a certificate. "
            .repeat(4);
        let report = Arc::new(multipart(&[
            ("token", &token),
            ("web_address", "www.example-fake-icglr.org"),
            ("found_how", "e-mail"),
            ("description", &description),
        ]));

        // Setup 1: an investigator account, active before the cases arrive (a case's key is
        // wrapped for the investigators active when it is reported).
        let staff = &built.state.staff;
        let name = filimbi::domain::account::AccountName::parse("bench-investigator")
            .ok_or("a valid account name")?;
        let link = staff.accounts.create("bench", &name, false).await?;
        let totp = TotpSecret::generate()?;
        let now = built.clock.now_unix();
        // Setup takes the previous step's code, login the current one (one step of skew).
        staff
            .accounts
            .complete_setup(
                link.0.expose_secret(),
                SecretString::from(PASSWORD),
                SecretString::from(PASSWORD),
                totp.clone(),
                &totp.code_at(now.saturating_sub(30)),
            )
            .await?;
        let (cookie, _) = staff
            .accounts
            .login(
                "bench-investigator",
                SecretString::from(PASSWORD),
                &totp.code_at(built.clock.now_unix()),
            )
            .await?;
        let session = staff
            .accounts
            .session(cookie.expose_secret())
            .await
            .map_err(|e| format!("session: {e:?}"))?;

        // Setup 2: the cases to follow up, reported through the form.
        let mut receipts = Vec::with_capacity(cases);
        let mut tasks = Vec::new();
        let next = Arc::new(AtomicUsize::new(0));
        for _ in 0..CONCURRENCY {
            let (c, b, body, next) = (
                client.clone(),
                Arc::clone(&base),
                Arc::clone(&report),
                Arc::clone(&next),
            );
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < cases {
                    let html = c
                        .post(format!("{b}/report/fake-website?lang=en"))
                        .header("content-type", multipart_type())
                        .body(body.as_ref().clone())
                        .send()
                        .await?
                        .text()
                        .await?;
                    got.push(receipt_in(&html).ok_or("no receipt shown")?);
                }
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(got)
            }));
        }
        for t in tasks {
            receipts.extend(t.await??);
        }

        // Setup 3: the investigator writes one message to half the cases, two to the others.
        let ids: Vec<_> = built
            .store
            .list_cases(None)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let mut questions = 0;
        for (i, id) in ids.iter().enumerate() {
            for n in 0..(1 + i % 2) {
                staff
                    .workspace
                    .reply(
                        &session,
                        id,
                        &format!(
                            "Thank you for the report. Question {}: where did you first see \
                             the site, and did you pay anything?",
                            n + 1
                        ),
                    )
                    .await?;
                questions += 1;
            }
        }

        // Setup 4: every receipt typed once, all at once (each answer takes >= 400 ms).
        let entry = client
            .get(format!("{base}/followup?lang=en"))
            .send()
            .await?
            .text()
            .await?;
        let entry_token = Arc::new(hidden(&entry, "token").ok_or("no token on /followup")?);
        let mut tasks = Vec::new();
        for r in receipts {
            let (c, b, t) = (client.clone(), Arc::clone(&base), Arc::clone(&entry_token));
            tasks.push(tokio::spawn(async move { enter(&c, &b, &t, &r).await }));
        }
        let mut pass_list = Vec::with_capacity(cases);
        for t in tasks {
            pass_list.push(Mutex::new(t.await??));
        }
        let passes: Passes = Arc::new(pass_list);

        // Every pass opens its case, with its one or two messages; the answer form's token.
        let mut seen_questions = 0;
        let mut answer_token = String::new();
        for i in 0..passes.len() {
            let pass = current(&passes, i).ok_or("pass")?;
            let res = client
                .get(format!("{base}/followup/case?lang=en"))
                .header("cookie", format!("{PASS_COOKIE}={pass}"))
                .send()
                .await?;
            let html = res.text().await?;
            let n = html.matches("<article class=\"message\">").count();
            if !html.contains("id=\"state\"") || !(1..=2).contains(&n) {
                return Err(format!("a pass did not show its case ({n} messages)").into());
            }
            seen_questions += n;
            answer_token = hidden(&html, "token").ok_or("no token on the case page")?;
        }
        if seen_questions != questions {
            return Err(format!("{questions} messages written, {seen_questions} shown").into());
        }
        println!(
            "filimbi follow-up benchmark: concurrency {CONCURRENCY}, {secs} s per phase, \
             2 recipients, {cases} cases followed up with {questions} investigator messages \
             (setup {:.1} s)",
            setup_started.elapsed().as_secs_f64()
        );

        // Phase 1, the baseline: first submissions.
        let (c, b, body) = (client.clone(), Arc::clone(&base), Arc::clone(&report));
        let submit = run_phase(secs, move |_| {
            let (c, b, body) = (c.clone(), Arc::clone(&b), Arc::clone(&body));
            async move {
                let r = c
                    .post(format!("{b}/report/fake-website?lang=en"))
                    .header("content-type", multipart_type())
                    .body(body.as_ref().clone())
                    .send()
                    .await;
                support::shows_receipt(r).await
            }
        })
        .await;
        submit.print("POST /report (first)");

        // Phase 2: follow-up page views, rotating over the passes.
        let turn = Arc::new(AtomicUsize::new(0));
        let (c, b, p, tn) = (
            client.clone(),
            Arc::clone(&base),
            Arc::clone(&passes),
            Arc::clone(&turn),
        );
        let views = run_phase(secs, move |_| {
            let (c, b, p) = (c.clone(), Arc::clone(&b), Arc::clone(&p));
            let i = tn.fetch_add(1, Ordering::Relaxed);
            async move {
                let Some(pass) = current(&p, i) else {
                    return false;
                };
                let r = c
                    .get(format!("{b}/followup/case?lang=en"))
                    .header("cookie", format!("{PASS_COOKIE}={pass}"))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        renew(&p, i, &r);
                        r.text()
                            .await
                            .map(|t| t.contains("id=\"state\"") && t.contains("class=\"message\""))
                            .unwrap_or(false)
                    }
                    _ => false,
                }
            }
        })
        .await;
        views.print("GET /followup/case");

        // Phase 3: text answers, rotating over the passes.
        let answer = Arc::new(multipart(&[
            ("token", &answer_token),
            (
                "answer",
                "I saw it in a WhatsApp group of exporters in Bukavu on 3 March. I did not pay; \
                 the broker who shared it said others had paid 300 USD.",
            ),
        ]));
        let (c, b, p, tn, body) = (
            client.clone(),
            Arc::clone(&base),
            Arc::clone(&passes),
            Arc::clone(&turn),
            Arc::clone(&answer),
        );
        let answers = run_phase(secs, move |_| {
            let (c, b, p, body) = (c.clone(), Arc::clone(&b), Arc::clone(&p), Arc::clone(&body));
            let i = tn.fetch_add(1, Ordering::Relaxed);
            async move {
                let Some(pass) = current(&p, i) else {
                    return false;
                };
                let r = c
                    .post(format!("{b}/followup/case?lang=en"))
                    .header("cookie", format!("{PASS_COOKIE}={pass}"))
                    .header("content-type", multipart_type())
                    .body(body.as_ref().clone())
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().as_u16() == 303 => {
                        renew(&p, i, &r);
                        r.headers()
                            .get("location")
                            .and_then(|l| l.to_str().ok())
                            .is_some_and(|l| l.ends_with("&sent=1"))
                    }
                    _ => false,
                }
            }
        })
        .await;
        answers.print("POST /followup/case");

        let base_rate = submit.rate().max(1e-9);
        println!(
            "ratio to first submissions/s: follow-up views {:.2}x, answers {:.2}x",
            views.rate() / base_rate,
            answers.rate() / base_rate
        );
        server.abort();

        let stored_cases = built.store.count_cases().await?;
        let mut stored_answers = 0;
        for id in &ids {
            stored_answers += built
                .store
                .messages(id)
                .await?
                .iter()
                .filter(|m| m.sender == Sender::Whistleblower)
                .count();
        }
        println!("cases stored: {stored_cases}   answers stored: {stored_answers}");
        if usize::try_from(stored_cases)? != cases + submit.ok {
            return Err(format!(
                "every receipt shown should be a stored case: {} receipts, {stored_cases} cases",
                cases + submit.ok
            )
            .into());
        }
        if stored_answers != answers.ok {
            return Err(format!(
                "every answer confirmed should be stored: {} confirmed, {stored_answers} stored",
                answers.ok
            )
            .into());
        }
        Ok(())
    })
}
