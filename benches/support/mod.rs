//! Load phases shared by the HTTP benchmarks: `CONCURRENCY` workers repeat a request until a
//! deadline; the phase reports requests per second and latency percentiles.

#![allow(dead_code)]

pub mod cases;
pub mod check_load;
pub mod fairness;
pub mod nginx;
pub mod uploads;
pub mod wrk_reports;

use std::time::{Duration, Instant};

/// What a benchmark's steps return. Benchmarks obey the crate's no-unwrap lints too: a failed
/// step ends the run with its message instead of a panic.
pub type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Requests in flight at once.
pub const CONCURRENCY: usize = 8;

pub struct Phase {
    pub ok: usize,
    pub errors: usize,
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
}

impl Phase {
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
    pub fn pct(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let mut l = self.latencies.clone();
        l.sort();
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
        l[i]
    }
    pub fn print(&self, name: &str) {
        println!(
            "{name:<22} {:>9.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ok {:>7}  errors {}",
            self.rate(),
            self.pct(0.50).as_secs_f64() * 1e3,
            self.pct(0.99).as_secs_f64() * 1e3,
            self.ok,
            self.errors
        );
    }
}

pub async fn run_phase<F, Fut>(secs: u64, make: F) -> Phase
where
    F: Fn(usize) -> Fut + Send + Sync + 'static + Clone,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for worker in 0..CONCURRENCY {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut lat) = (0, 0, Vec::new());
            while Instant::now() < deadline {
                let t0 = Instant::now();
                if make(worker).await {
                    ok += 1;
                    lat.push(t0.elapsed());
                } else {
                    errors += 1;
                }
            }
            (ok, errors, lat)
        }));
    }
    let mut phase = Phase {
        ok: 0,
        errors: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for t in tasks {
        if let Ok((ok, errors, lat)) = t.await {
            phase.ok += ok;
            phase.errors += errors;
            phase.latencies.extend(lat);
        }
    }
    phase.elapsed = start.elapsed();
    phase
}

/// The hidden form token of a form page (a token is spent once: every submission fetches its
/// form first).
pub fn token_from(html: &str) -> Option<String> {
    let marker = "name=\"token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

/// Whether a submission's answer is a receipt page.
pub async fn shows_receipt(r: reqwest::Result<reqwest::Response>) -> bool {
    match r {
        Ok(r) if r.status().is_success() => r
            .text()
            .await
            .map(|t| t.contains("id=\"receipt\""))
            .unwrap_or(false),
        _ => false,
    }
}

/// The fields of [`text_report`]'s form but its token, URL-encoded.
pub fn text_report_fields() -> &'static str {
    static FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let description = "A website copying the certification authority asked an exporter \
            for USD 450 and a passport scan before it would 'verify' a certificate. "
            .repeat(4);
        format!(
            "web_address=www.example-fake-icglr.org&found_how=e-mail&description={}",
            description.replace(' ', "+").replace('\'', "%27")
        )
    });
    &FIELDS
}

/// One text report as a browser sends it: the form first (a token is spent once), then the
/// description of a fake website (about 550 characters) and how it was found. Whether the
/// answer is a receipt page.
pub async fn text_report(c: &reqwest::Client, base: &str) -> bool {
    let page = match c.get(format!("{base}/report/fake-website")).send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => return false,
    };
    let Some(token) = token_from(&page) else {
        return false;
    };
    let r = c
        .post(format!("{base}/report/fake-website"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={token}&{}", text_report_fields()))
        .send()
        .await;
    shows_receipt(r).await
}

/// Whether an SMS reply carries a receipt: seven groups of four digits, as the reply spells
/// it (`1234 5678 …`).
pub fn sms_has_receipt(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let group = |w: &&str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    words.windows(7).any(|w| w.iter().all(group))
}

/// Two offline keys (`alice`, `bob`) in `dir/keys`: every report is sealed to both.
pub fn two_keys(dir: &std::path::Path) -> BenchResult {
    for name in ["alice", "bob"] {
        filimbi::offline::keygen::generate(
            name,
            &dir.join(format!("{name}.key")),
            &dir.join("keys"),
        )?;
    }
    Ok(())
}

/// The baseline of a run: `GET /style.css` from the same process, printed.
pub async fn static_baseline(
    client: &reqwest::Client,
    base: &std::sync::Arc<String>,
    secs: u64,
) -> Phase {
    let (c, b) = (client.clone(), std::sync::Arc::clone(base));
    let phase = run_phase(secs, move |_| {
        let (c, b) = (c.clone(), std::sync::Arc::clone(&b));
        async move {
            match c.get(format!("{b}/style.css")).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await;
    phase.print("GET /style.css");
    phase
}

/// Web text reports (each fetching its form first), printed under `label`.
pub async fn web_reports(
    client: &reqwest::Client,
    base: &std::sync::Arc<String>,
    secs: u64,
    label: &str,
) -> Phase {
    let (c, b) = (client.clone(), std::sync::Arc::clone(base));
    let phase = run_phase(secs, move |_| {
        let (c, b) = (c.clone(), std::sync::Arc::clone(&b));
        async move { text_report(&c, &b).await }
    })
    .await;
    phase.print(label);
    phase
}

/// A new, empty schema `bench_{label}_{pid}` in the PostgreSQL database at `server` (dropped
/// first if a run before left it), and a URL to the database whose `search_path` is it.
pub async fn pg_schema(server: &str, label: &str) -> BenchResult<String> {
    let schema = format!("bench_{label}_{}", std::process::id());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(server).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    )))
    .execute(&mut conn)
    .await?;
    let sep = if server.contains('?') { '&' } else { '?' };
    Ok(format!("{server}{sep}options=-c%20search_path%3D{schema}"))
}

/// Drops the schemas [`pg_schema`] made in this process for `labels`.
pub async fn drop_pg_schemas(server: &str, labels: &[&str]) -> BenchResult {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(server).await?;
    let pid = std::process::id();
    for label in labels {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS bench_{label}_{pid} CASCADE"
        )))
        .execute(&mut conn)
        .await?;
    }
    Ok(())
}

/// The PostgreSQL database the benches that measure both engines use too
/// (`FILIMBI_BENCH_DATABASE_URL`, which `benches/table.sh` sets from a throw-away cluster).
pub fn bench_database_url() -> Option<String> {
    std::env::var("FILIMBI_BENCH_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Seconds per phase: `FILIMBI_BENCH_SECS`, default 10.
pub fn phase_secs() -> u64 {
    std::env::var("FILIMBI_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

/// The real application on a loopback port, with a keep-alive client for it.
pub struct Served {
    /// The application (store, state).
    pub built: filimbi::app::Built,
    /// `http://127.0.0.1:PORT`.
    pub base: std::sync::Arc<String>,
    /// A client that keeps `CONCURRENCY` connections open.
    pub client: reqwest::Client,
    /// The server task.
    pub server: tokio::task::JoinHandle<()>,
}

/// Builds the application on `data`/`keys` with default options and serves it on loopback.
pub async fn serve(data: std::path::PathBuf, keys: std::path::PathBuf) -> BenchResult<Served> {
    serve_with(data, keys, |_| {}).await
}

/// As [`serve`], with `adjust` changing the options first (an SMS gateway, say).
pub async fn serve_with(
    data: std::path::PathBuf,
    keys: std::path::PathBuf,
    adjust: impl FnOnce(&mut filimbi::app::AppOptions),
) -> BenchResult<Served> {
    // Capacity is what the benches measure: the rate limits (`--rate-limits off`) stay out.
    let mut opts = filimbi::app::AppOptions::new(data, keys);
    opts.rate_limits = filimbi::services::rate::RateLimits::OFF;
    // Files are cleaned by the real binary's worker, not by this bench harness.
    opts.cleaner.program = env!("CARGO_BIN_EXE_filimbi").into();
    adjust(&mut opts);
    filimbi::services::texting::install_tls_provider();
    let built = filimbi::app::build(opts).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    // The production serve loop (timeouts, connection cap), with its defaults.
    let server = tokio::spawn(filimbi::http::server::run(
        listener,
        built.router.clone(),
        filimbi::http::server::ServerOptions::default(),
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()?;
    Ok(Served {
        built,
        base: std::sync::Arc::new(format!("http://{addr}")),
        client,
        server,
    })
}
