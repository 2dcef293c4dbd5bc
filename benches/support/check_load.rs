//! The public check and the warnings search on a long list, against the real release binary
//! on loopback: a data directory filled with `n` listings by `filimbi warnings import` (the
//! service writes them, MACs included, so every row is served), then requests per second of
//! `/check?q=<domain>`, `/check?q=<url>`, `/api/v1/check?q=<url>` and `/warnings?q=…`, each
//! beside nginx serving the same stylesheet (or, without nginx, the server's own) measured
//! just before it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::uploads::Server;
use super::{BenchResult, Phase, run_phase};

/// The list sizes the table shows.
pub const SIZES: [usize; 2] = [10_000, 100_000];

/// The requests measured at each size, with the row names the table gives them. Listing `i`
/// is `www.fake-site-{i}.example`; every query names listing 4711, which every size holds,
/// so each answer is a real match found among all the others.
pub const REQUESTS: [(&str, &str); 4] = [
    (
        "public check, domain",
        "/check?q=pay.fake-site-4711.example",
    ),
    (
        "public check, URL",
        "/check?q=https%3A%2F%2Fuser%40WWW.fake-site-4711.example%3A443%2Flogin%3Fnext%3D%2Fa",
    ),
    (
        "public check API, URL",
        "/api/v1/check?q=https%3A%2F%2Fuser%40WWW.fake-site-4711.example%3A443%2Flogin%3Fnext%3D%2Fa",
    ),
    ("warnings search", "/warnings?q=fake-site-4711"),
];

/// The baseline each row is set beside.
pub const STATIC: &str = "/style.css";

/// Writes an import file of listings `0..n` (a tenth of them certificate numbers, so the
/// search's two sides are both full) and imports it with `filimbi warnings import` on
/// `root`'s data (and `url`'s database). Listings already there stay as they are, so a list
/// grows from one size to the next.
pub fn fill(root: &Path, url: Option<&str>, n: usize) -> BenchResult {
    let mut entries = Vec::with_capacity(n + n / 10);
    let reason = r#""reason": {"en": "A copy of the certification site.", "fr": "Une copie du site de certification."}"#;
    for i in 0..n {
        entries.push(format!(
            r#"{{"target": "www.fake-site-{i}.example", {reason}}}"#
        ));
    }
    for i in 0..n / 10 {
        entries.push(format!(r#"{{"target": "CD-2026-{i:06}", {reason}}}"#));
    }
    let file = root.join(format!("listings-{n}.json"));
    std::fs::write(&file, format!("{{\"entries\": [{}]}}", entries.join(",\n")))?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_filimbi"));
    cmd.current_dir(root)
        .env_remove("DATABASE_URL")
        .env("FILIMBI_LOG", "warn")
        .args(["warnings", "import"])
        .arg(&file)
        .stdout(Stdio::null());
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!(
            "filimbi warnings import: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// Starts `filimbi serve` on `root` (rate limits off: capacity is what is measured) and
/// waits for its first answer; a list of 100 000 listings takes seconds to load.
pub async fn start(
    root: &Path,
    url: Option<&str>,
    client: &reqwest::Client,
) -> BenchResult<(Server, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_filimbi"));
    cmd.current_dir(root)
        .env_remove("DATABASE_URL")
        .env("FILIMBI_LISTEN", format!("127.0.0.1:{port}"))
        .env("FILIMBI_LOG", "warn")
        .env("FILIMBI_RATE_LIMITS", "off")
        .stdout(Stdio::null());
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    let server = Server(cmd.spawn()?);
    let base = format!("http://127.0.0.1:{port}");
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(120) {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Ok((server, base));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err("the server did not answer within 120 s".into())
}

/// A phase of `GET path` on `base`; a request counts when it is a 200 read to the end.
pub async fn load(client: &reqwest::Client, base: &str, path: &str) -> Phase {
    let (c, url) = (client.clone(), format!("{base}{path}"));
    run_phase(super::phase_secs(), move |_| {
        let (c, url) = (c.clone(), url.clone());
        async move {
            match c.get(&url).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await
}

/// Every size in turn on one new data directory (and `url`'s database, if any): fill, start,
/// and measure each request after a phase of the reference: `nginx` (its base URL) serving
/// the same stylesheet, or else the server's own. Returns table rows: (name, cell).
pub async fn rows(
    client: &reqwest::Client,
    url: Option<&str>,
    nginx: Option<&super::nginx::Nginx>,
) -> BenchResult<Vec<(String, String)>> {
    let dir = tempfile::tempdir()?;
    super::two_keys(dir.path())?;
    // The first start makes the database and the feed key the import needs.
    drop(start(dir.path(), url, client).await?);
    let reference_name = if nginx.is_some() {
        "nginx serving the stylesheet"
    } else {
        "the stylesheet"
    };
    let mut rows = Vec::new();
    for n in SIZES {
        let t0 = Instant::now();
        fill(dir.path(), url, n)?;
        let filled = t0.elapsed();
        let (server, base) = start(dir.path(), url, client).await?;
        println!(
            "{n} listings: imported in {:.1} s, served after {:.1} s",
            filled.as_secs_f64(),
            (t0.elapsed() - filled).as_secs_f64()
        );
        for (name, path) in REQUESTS {
            // Each request right after the stylesheet: on a shared machine the load changes
            // by the minute, so a ratio means something only between neighbouring phases.
            // The reference is nginx serving the same stylesheet when it is installed.
            let baseline = match nginx {
                Some(reference) => load(client, &reference.base, "/file").await,
                None => load(client, &base, STATIC).await,
            };
            baseline.print(reference_name);
            let phase = load(client, &base, path).await;
            phase.print(name);
            let mut cell = format!(
                "{:.0}/s, p99 {:.1} ms, {} errors — {:.0}% of {reference_name} just before ({:.0}/s)",
                phase.rate(),
                phase.pct(0.99).as_secs_f64() * 1e3,
                phase.errors,
                100.0 * phase.rate() / baseline.rate().max(1e-9),
                baseline.rate()
            );
            // The same pair with wrk, whose lighter client leaves the cores to the servers.
            if let Some(reference) = nginx {
                let secs = super::phase_secs().div_ceil(2).max(1);
                let (a, b) = (format!("{}/file", reference.base), format!("{base}{path}"));
                let (theirs, ours) = (reference.pids(), [server.0.id()]);
                let (t, o) = tokio::task::spawn_blocking(move || {
                    (
                        super::nginx::wrk(&a, secs, &theirs),
                        super::nginx::wrk(&b, secs, &ours),
                    )
                })
                .await
                .unwrap_or((None, None));
                if let (Some(t), Some(o)) = (t, o) {
                    println!(
                        "{name:<22} wrk {:.0}/s {:.1} µs/request, nginx {:.0}/s {:.1} µs/request",
                        o.rate, o.cpu_us, t.rate, t.cpu_us
                    );
                    cell = format!("{}; the benches' client: {cell}", super::nginx::cell(o, t));
                }
            }
            rows.push((format!("{name}, {n} listings"), cell));
        }
        drop(server);
    }
    Ok(rows)
}
