//! Inbound SMS reports per second next to web reports per second, one server, one run (issue
//! 25's proof): the same process serves a static file, web text reports, SMS posted in
//! Kannel's shape straight to `/sms/kannel/SECRET`, and SMS through a real Kannel (Debian's
//! bearerbox and smsbox, with kannel-extras' `fakesmsc` as the phone network), so the ratios
//! mean something on a noisy shared machine.
//!
//! Run: `cargo bench --bench sms` (FILIMBI_BENCH_SECS sets each phase's length, default 10;
//! FILIMBI_BENCH_SMS the messages sent through Kannel, default as many as the direct phase
//! stored in one phase's time). Every report is real: two offline recipients, age encryption,
//! the sender's number sealed to the case, a durable commit, rate limits off. SQLite, then,
//! when `FILIMBI_BENCH_DATABASE_URL` names a PostgreSQL database (`benches/table.sh` makes
//! one), the same on PostgreSQL in a schema of its own.
//!
//! The Kannel phase is not driven at concurrency 8 but as a phone network drives it: one
//! fakesmsc sends every message as fast as it can on the inbound link, bearerbox queues them,
//! and smsbox posts them to Filimbi with its own number of requests in flight. The clock
//! runs from the first send until every message is a stored case; then every reply must have
//! reached the handset link with a receipt in it.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use filimbi::services::texting::{PhoneConfig, SmsGateway};
use filimbi::store::Store;

// The test harness's real Kannel: test code, which fails loudly (panics) when Kannel does.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "../tests/it/kannel.rs"]
mod kannel;
mod support;
use support::{BenchResult, CONCURRENCY, Phase, run_phase};

/// The gateway paths' secret (`--sms-secret-file`).
const SECRET: &str = "bench-gateway-secret-0123456789abcdef";

/// What a trader at the border might text: 200 characters, GSM 7-bit. On a real network that
/// is two segments, which bearerbox joins before smsbox posts them; fakesmsc hands it over as
/// one message (given several, it sends them in random order, so it cannot send parts), so
/// the post Filimbi gets is the same and only the join, Kannel's work, is left out.
const TEXT: &str = "Goma border post, Monday: a truck of tin ore had an ICGLR certificate \
    saying Rwanda, but the bags were filled at Walikale. The agent took USD 200 to stamp it, \
    and he is back there each Friday evening.";

/// SMS on, through Kannel; no outbound link (the bench sends no questions).
fn phone() -> PhoneConfig {
    PhoneConfig {
        sms: Some(SmsGateway::Kannel),
        ussd: false,
        secret: secrecy::SecretString::from(SECRET),
        secret_file: "/dev/null".into(),
        outbound: None,
        default_lang: filimbi::i18n::Lang::En,
        sms_number: Some(kannel::SHORT_CODE.to_owned()),
        ussd_code: None,
    }
}

/// One SMS as smsbox posts it for `post-url = ".../sms/kannel/SECRET?from=%p&to=%P&id=%I"`
/// with `send-sender = true`, as `deploy/kannel.conf` runs it (the headers Kannel 1.4.5
/// sends): message `n`, from a number of its own, with an id of its own. Whether the reply
/// holds a receipt.
async fn kannel_post(c: &reqwest::Client, base: &str, n: u64) -> bool {
    let from = format!("+2507{n:08}");
    let id = format!("00000000-0000-4000-8000-{n:012x}");
    let r = c
        .post(format!(
            "{base}/sms/kannel/{SECRET}?from=%2B{}&to={}&id={id}",
            &from[1..],
            kannel::SHORT_CODE
        ))
        .header("user-agent", "Kannel/1.4.5")
        .header("content-type", "text/plain; charset=\"UTF-8\"")
        .header("x-kannel-from", &from)
        .header("x-kannel-to", kannel::SHORT_CODE)
        .header("x-kannel-time", "2026-12-06 19:16:10")
        .header("x-kannel-smsc", "operator")
        .header("x-kannel-coding", "0")
        .header("x-kannel-service", "default")
        .body(TEXT)
        .send()
        .await;
    match r {
        Ok(r) if r.status().is_success() => {
            r.text().await.is_ok_and(|t| support::sms_has_receipt(&t))
        }
        _ => false,
    }
}

/// Cases stored since `before` must be the receipts shown: none lost, none made twice; and a
/// phase in which nothing got a receipt measured nothing.
fn check(what: &str, stored: i64, receipts: usize) -> BenchResult {
    if receipts == 0 {
        return Err(format!("{what}: not one receipt shown").into());
    }
    if usize::try_from(stored)? != receipts {
        return Err(format!("{what}: {receipts} receipts shown, {stored} cases stored").into());
    }
    Ok(())
}

/// Phase 4: `n` messages from one fakesmsc through bearerbox and smsbox to the server at
/// `base`. Messages per second, from the first send until `n` cases are stored.
async fn through_kannel(store: &Store, base: &str, n: u64, web: f64) -> BenchResult {
    let missing: Vec<&str> = [kannel::BEARERBOX, kannel::SMSBOX, kannel::FAKESMSC]
        .into_iter()
        .filter(|p| !std::path::Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        println!(
            "SMS through Kannel: skipped, Kannel is not installed ({} missing: apt-get install \
             kannel kannel-extras)",
            missing.join(", ")
        );
        return Ok(());
    }
    let k = kannel::Kannel::start(&format!("{base}/sms/kannel/{SECRET}?from=%p&to=%P&id=%I")).await;
    let before = store.count_cases().await?;
    let start = Instant::now();
    // `-z 1`: a random number after the sender's prefix, a new one for every message.
    let mut fakesmsc = Command::new(kannel::FAKESMSC)
        .args(["-H", "127.0.0.1", "-r", &k.inbound_port().to_string()])
        .args(["-m", &n.to_string(), "-i", "0", "-z", "1"])
        .arg(format!("+2507 {} text {TEXT}", kannel::SHORT_CODE))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Generous: a tenth of the web rate would still finish.
    let limit = Duration::from_secs(60) + Duration::from_secs_f64(10.0 * n as f64 / web.max(1.0));
    let mut stored = 0;
    let mut all_stored = None;
    let mut replies = Vec::new();
    while start.elapsed() < limit {
        // With `-m N` it stays connected after its last message: gone means it failed.
        if let Some(status) = fakesmsc.try_wait()? {
            return Err(format!("fakesmsc exited ({status}), {stored} of {n} stored").into());
        }
        if all_stored.is_none() {
            stored = store.count_cases().await? - before;
            if stored >= i64::try_from(n)? {
                all_stored = Some(start.elapsed());
            }
        }
        if all_stored.is_some() {
            replies = k.delivered();
            if replies.len() as u64 >= n {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let replied = start.elapsed();
    // fakesmsc stays connected after its last message until it is stopped.
    let _ = fakesmsc.kill();
    let _ = fakesmsc.wait();
    let Some(elapsed) = all_stored else {
        return Err(format!(
            "through Kannel: {stored} of {n} messages stored after {:.0} s",
            limit.as_secs_f64()
        )
        .into());
    };
    let receipts = replies
        .iter()
        .filter(|m| support::sms_has_receipt(&m.text))
        .count();
    let rate = n as f64 / elapsed.as_secs_f64();
    println!(
        "{:<22} {rate:>9.1} msg/s  {n} stored in {:.2} s, {receipts} replies with a receipt \
         on the handset link after {:.2} s",
        "SMS through Kannel",
        elapsed.as_secs_f64(),
        replied.as_secs_f64(),
    );
    println!(
        "  SMS through Kannel / web reports: {:.2}× (smsbox's own concurrency, not {CONCURRENCY})",
        rate / web.max(1e-9)
    );
    let stored = store.count_cases().await? - before;
    check("through Kannel", stored, receipts)
}

/// The four phases on one server whose database is `database` (`None`: SQLite in the data
/// directory).
async fn measure(database: Option<String>) -> BenchResult {
    let secs = support::phase_secs();
    let dir = tempfile::tempdir()?;
    support::two_keys(dir.path())?;
    let support::Served {
        built,
        base,
        client,
        server,
    } = support::serve_with(dir.path().join("data"), dir.path().join("keys"), |o| {
        o.phone = Some(phone());
        o.database_url = database.map(secrecy::SecretString::from);
    })
    .await?;
    let store = &built.store;

    let baseline = support::static_baseline(&client, &base, secs).await;
    let web = support::web_reports(&client, &base, secs, "web GET+POST /report").await;
    let stored = store.count_cases().await?;
    check("web reports", stored, web.ok)?;
    let ratio = |p: &Phase| {
        println!(
            "  {:.1}% of static, {:.2}× web reports",
            100.0 * p.rate() / baseline.rate().max(1e-9),
            p.rate() / web.rate().max(1e-9)
        )
    };
    ratio(&web);

    let before = stored;
    let (c, b, next) = (
        client.clone(),
        Arc::clone(&base),
        Arc::new(AtomicU64::new(0)),
    );
    let direct = run_phase(secs, move |_| {
        let (c, b, next) = (c.clone(), Arc::clone(&b), Arc::clone(&next));
        async move { kannel_post(&c, &b, next.fetch_add(1, Ordering::Relaxed)).await }
    })
    .await;
    direct.print("SMS in Kannel's shape");
    ratio(&direct);
    check(
        "SMS in Kannel's shape",
        store.count_cases().await? - before,
        direct.ok,
    )?;

    let n = std::env::var("FILIMBI_BENCH_SMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| (direct.rate() * secs as f64).clamp(200.0, 50_000.0) as u64);
    let result = through_kannel(store, &base, n, web.rate()).await;
    server.abort();
    built.store.close().await;
    result
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        println!(
            "filimbi SMS benchmark: concurrency {CONCURRENCY}, {} s per phase, 2 recipients",
            support::phase_secs()
        );
        println!("== SQLite");
        measure(None).await?;
        match support::bench_database_url() {
            Some(server) => {
                println!("== PostgreSQL");
                let url = support::pg_schema(&server, "sms").await?;
                let result = measure(Some(url)).await;
                support::drop_pg_schemas(&server, &["sms"]).await?;
                result
            }
            None => {
                println!("FILIMBI_BENCH_DATABASE_URL is not set: SQLite only");
                Ok(())
            }
        }
    })
}
