//! The benchmark table (README, "Benchmarks"): the same measurements on SQLite and, when
//! `FILIMBI_BENCH_DATABASE_URL` names a PostgreSQL database, on PostgreSQL, each figure beside
//! its reference measured in the same run on the same machine (two shared, noisy cores: the
//! ratios mean more than the absolute numbers).
//!
//! Run: `bash benches/table.sh` (makes a throw-away PostgreSQL cluster when the server is
//! installed, then `cargo bench --bench table`). `FILIMBI_BENCH_SECS` sets each load phase
//! (default 10), `FILIMBI_BENCH_QUEUE` the large queue (default 100 000 cases).
//!
//! Everything runs against the real release binary on loopback, with rate limits off (capacity
//! is what is measured), two offline keys, and durable commits. Each PostgreSQL measurement
//! gets a schema of its own in the named database, dropped at the end; after the queue's bulk
//! insert its statistics are refreshed (`ANALYZE`), as autovacuum does within a minute.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use filimbi::domain::account::AccountId;
use filimbi::domain::queue::{Deadlines, Filter, Sort};
use filimbi::store::{QueueClock, Store};

mod support;
use support::cases::{Rng, VIEWER_HEX, insert};
use support::nginx::{Nginx, cpu_seconds, disk_writes};
use support::uploads::{Server, env_num, send_all, sink, status_kib};
use support::{BenchResult, Phase, run_phase};

/// One engine's figures, as printed cells.
#[derive(Default)]
struct Column {
    static_file: String,
    check_url: String,
    submit: String,
    replicas: String,
    uploads: String,
    check: String,
    queue_small: String,
    queue_large: String,
    idle: String,
    start: String,
    fairness: String,
    /// (row, cell) of the check and the search on long lists (`support::check_load`).
    listings: Vec<(String, String)>,
}

/// Which cell of a column a row of the table shows.
type Cell = fn(&Column) -> &String;

/// Where an instance's database lives.
struct Engine {
    name: &'static str,
    /// PostgreSQL server URL; `None` for SQLite in the data directory.
    postgres: Option<String>,
}

impl Engine {
    /// A new, empty database: `None` on SQLite (the data directory's file), else a URL whose
    /// `search_path` is a new schema.
    async fn fresh(&self, label: &str) -> BenchResult<Option<String>> {
        let Some(server) = &self.postgres else {
            return Ok(None);
        };
        Ok(Some(support::pg_schema(server, label).await?))
    }

    /// Drops the schemas this run made.
    async fn cleanup(&self) -> BenchResult {
        if let Some(server) = &self.postgres {
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(server).await?;
            let pid = std::process::id();
            for label in ["serve", "queue", "listings"] {
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS bench_{label}_{pid} CASCADE"
                )))
                .execute(&mut conn)
                .await?;
            }
        }
        Ok(())
    }
}

fn free_port() -> BenchResult<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts `filimbi serve` on `root`'s data (and `url`'s database) and returns it with the
/// time from the spawn to its first `200` on `/healthz`.
async fn serve(
    root: &Path,
    url: Option<&str>,
    client: &reqwest::Client,
) -> BenchResult<(Server, u16, Duration)> {
    let port = free_port()?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_filimbi"));
    cmd.current_dir(root)
        .env_remove("DATABASE_URL")
        .env("FILIMBI_LISTEN", format!("127.0.0.1:{port}"))
        .env("FILIMBI_LOG", "warn")
        .env("FILIMBI_RATE_LIMITS", "off")
        .env("FILIMBI_MAX_FILE_MIB", "100")
        .stdout(Stdio::null());
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    let start = Instant::now();
    let server = Server(cmd.spawn()?);
    let health = format!("http://127.0.0.1:{port}/healthz");
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(r) = client.get(&health).send().await
            && r.status().is_success()
        {
            return Ok((server, port, start.elapsed()));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Err("the server did not answer within 60 s".into())
}

/// How long the binary takes to start and exit doing nothing (`--version`): the part of the
/// start that is the process itself.
fn bare_start() -> BenchResult<Duration> {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .arg("--version")
        .output()?;
    if !out.status.success() {
        return Err("filimbi --version failed".into());
    }
    Ok(start.elapsed())
}

/// A phase of `secs` seconds of `GET path` on every base in turn.
async fn gets_for(client: &reqwest::Client, bases: Vec<String>, path: &str, secs: u64) -> Phase {
    let (c, bases, path) = (client.clone(), Arc::new(bases), Arc::<str>::from(path));
    run_phase(secs, move |worker| {
        let (c, bases, path) = (c.clone(), Arc::clone(&bases), Arc::clone(&path));
        async move {
            let base = &bases[worker % bases.len()];
            match c.get(format!("{base}{path}")).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await
}

/// A phase of text reports, spread over `bases` by worker.
async fn reports(client: &reqwest::Client, bases: Vec<String>) -> Phase {
    let (c, bases) = (client.clone(), Arc::new(bases));
    run_phase(support::phase_secs(), move |worker| {
        let (c, bases) = (c.clone(), Arc::clone(&bases));
        async move { support::text_report(&c, &bases[worker % bases.len()]).await }
    })
    .await
}

/// `path` on Filimbi beside nginx's file, in alternating rounds (three each, a third of a
/// phase long) so that the machine's drift touches both alike; the medians, and the cell.
async fn beside_nginx(
    client: &reqwest::Client,
    (base, pid): (&str, u32),
    path: &str,
    nginx: Option<&Nginx>,
) -> (Phase, String) {
    let secs = support::phase_secs().div_ceil(3).max(1);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        if let Some(n) = nginx {
            theirs.push(gets_for(client, vec![n.base.clone()], "/file", secs).await);
        }
        ours.push(gets_for(client, vec![base.to_owned()], path, secs).await);
    }
    let median = |v: &mut Vec<Phase>| {
        v.sort_by(|x, y| x.rate().total_cmp(&y.rate()));
        let mid = v.len() / 2;
        v.swap_remove(mid)
    };
    let ours = median(&mut ours);
    ours.print(path);
    let Some(n) = nginx else {
        let cell = format!(
            "{:.0}/s (nginx not installed: apt-get install nginx-light)",
            ours.rate()
        );
        return (ours, cell);
    };
    let theirs = median(&mut theirs);
    theirs.print("nginx, the same file");
    let client_cell = format!(
        "{:.0}/s — {:.0}% of nginx ({:.0}/s), p99 {:.1} ms",
        ours.rate(),
        100.0 * ours.rate() / theirs.rate().max(1e-9),
        theirs.rate(),
        ms(ours.pct(0.99))
    );
    // The same rounds with wrk, whose lighter client leaves more of the cores to the servers.
    let (mut ours_w, mut theirs_w) = (Vec::new(), Vec::new());
    let nginx_pids = n.pids();
    for _ in 0..3 {
        let (a, b) = (format!("{}/file", n.base), format!("{base}{path}"));
        let pids = nginx_pids.clone();
        let (t, o) = tokio::task::spawn_blocking(move || {
            (
                support::nginx::wrk(&a, secs, &pids),
                support::nginx::wrk(&b, secs, &[pid]),
            )
        })
        .await
        .unwrap_or((None, None));
        theirs_w.extend(t);
        ours_w.extend(o);
    }
    let median = support::nginx::median;
    let cell = match (median(&ours_w), median(&theirs_w)) {
        (Some(o), Some(t)) => {
            println!(
                "{path:<22} wrk {:.0}/s {:.1} µs/request, nginx {:.0}/s {:.1} µs/request",
                o.rate, o.cpu_us, t.rate, t.cpu_us
            );
            format!(
                "{}; the benches' client: {client_cell}",
                support::nginx::cell(o, t)
            )
        }
        _ => format!("{client_cell} (wrk not installed: apt-get install wrk)"),
    };
    (ours, cell)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The queue page's database time (page 1 in deadline order, and the counts above it),
/// median of `rounds`.
async fn queue_time(store: &Store, rounds: usize) -> BenchResult<Duration> {
    let viewer = AccountId::from_random([1; 16]);
    let clock = QueueClock {
        deadlines: Deadlines::default(),
        today: time::macros::date!(2026 - 11 - 23),
    };
    let mut times = Vec::new();
    for round in 0..=rounds {
        let t0 = Instant::now();
        let page = store
            .queue_page(&viewer, &Filter::default(), Sort::Deadline, &clock, 0, 50)
            .await?;
        let counts = store.queue_counts(&clock).await?;
        std::hint::black_box((&page.items, &counts));
        if round > 0 {
            times.push(t0.elapsed());
        }
    }
    times.sort();
    Ok(times[times.len() / 2])
}

async fn measure(engine: &Engine) -> BenchResult<Column> {
    let mut col = Column::default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(support::CONCURRENCY)
        .build()?;
    let dir = tempfile::tempdir()?;
    support::two_keys(dir.path())?;
    let url = engine.fresh("serve").await?;
    let bare = bare_start()?;
    let (server, _, first) = serve(dir.path(), url.as_deref(), &client).await?;
    drop(server);
    let (server, port, again) = serve(dir.path(), url.as_deref(), &client).await?;
    let pid = server.0.id();
    let a = format!("http://127.0.0.1:{port}");
    let _ = client.get(format!("{a}/")).send().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = status_kib(pid, "VmRSS:");
    col.idle = format!("{:.1} MiB", mib(idle));
    col.start = format!(
        "{:.0} ms new database, {:.0} ms restart (`--version`: {:.0} ms)",
        ms(first),
        ms(again),
        ms(bare)
    );
    println!(
        "[{}] start: {}; idle RSS {}",
        engine.name, col.start, col.idle
    );

    // nginx serving Filimbi's own stylesheet, the reference for the HTTP rows.
    let css = client
        .get(format!("{a}/style.css"))
        .send()
        .await?
        .bytes()
        .await?;
    let nginx = Nginx::serve(&css).await?;
    let (stat, static_cell) = beside_nginx(&client, (&a, pid), "/style.css", nginx.as_ref()).await;
    col.static_file = static_cell;
    let (_, check_cell) = beside_nginx(
        &client,
        (&a, pid),
        "/api/v1/check?q=www.ceecertification.com",
        nginx.as_ref(),
    )
    .await;
    col.check = check_cell;
    let (_, url_cell) = beside_nginx(
        &client,
        (&a, pid),
        "/check?q=https%3A%2F%2Fwww.ceecertification.com%2Fverify%3Fid%3D7",
        nginx.as_ref(),
    )
    .await;
    col.check_url = url_cell;
    let a_wrk = a.clone();
    // The client is this process: its CPU a report says how much of the cores it took.
    let me = [std::process::id()];
    let (cpu0, disk0, mine0) = (cpu_seconds(&[pid]), disk_writes(pid), cpu_seconds(&me));
    let one = reports(&client, vec![a.clone()]).await;
    let (cpu1, disk1, mine1) = (cpu_seconds(&[pid]), disk_writes(pid), cpu_seconds(&me));
    one.print("text reports");
    let per_report = |x: f64| x / (one.ok.max(1) as f64);
    let mut cost = String::new();
    if let (Some(c0), Some(c1), Some(m0), Some(m1)) = (cpu0, cpu1, mine0, mine1) {
        cost = format!(
            "; Filimbi's CPU {:.1} ms a report, the client's {:.1} ms",
            per_report(c1 - c0) * 1e3,
            per_report(m1 - m0) * 1e3
        );
    }
    // On PostgreSQL the writes are the database server's, not Filimbi's.
    if let (Some(d0), Some(d1), None) = (disk0, disk1, &engine.postgres) {
        let kib = per_report(d1.saturating_sub(d0) as f64) / 1024.0;
        cost.push_str(&format!(", {kib:.0} KiB written to disk a report"));
    }
    col.submit = format!(
        "the benches' client: {:.0}/s, p99 {:.0} ms, {} errors — {:.1}% of static{cost}",
        one.rate(),
        ms(one.pct(0.99)),
        one.errors,
        100.0 * one.rate() / stat.rate().max(1e-9)
    );
    // The same reports sent by wrk, a client of another make (benches/support/wrk_reports.rs),
    // on a database that now holds the reports above: a report costs more as the database
    // grows, so this phase, second, reads lower.
    let fields = format!("&{}", support::text_report_fields());
    let wrk = tokio::task::spawn_blocking(move || {
        let secs = support::phase_secs();
        support::wrk_reports::wrk_reports(&a_wrk, "/report/fake-website", &fields, secs, &[pid])
    })
    .await??;
    if let Some(w) = wrk {
        println!(
            "text reports (wrk)                {:>8.0}/s  {} sent, {} receipts, {:.1} ms CPU a report",
            w.rate, w.posts, w.receipts, w.cpu_ms
        );
        col.submit = format!(
            "{}; then wrk: {:.0}/s, Filimbi's CPU {:.1} ms a report",
            col.submit, w.rate, w.cpu_ms
        );
    }

    // A second server on the same database, each report to one of the two in turn.
    let (second, port_b, _) = serve(dir.path(), url.as_deref(), &client).await?;
    let b = format!("http://127.0.0.1:{port_b}");
    let two = reports(&client, vec![a.clone(), b]).await;
    two.print("text reports, 2 servers");
    col.replicas = format!(
        "{:.0}/s, p99 {:.0} ms, {} errors — {:.2}× one server",
        two.rate(),
        ms(two.pct(0.99)),
        two.errors,
        two.rate() / one.rate().max(1e-9)
    );
    drop(second);
    drop(server);

    // Uploads on a server of their own, so its peak memory is theirs.
    let (server, port, _) = serve(dir.path(), url.as_deref(), &client).await?;
    let pid = server.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let (uploads, size) = (10, 100 * 1024 * 1024);
    let mut tokens = Vec::new();
    for _ in 0..uploads {
        let page = client
            .get(format!("{base}/report/other"))
            .send()
            .await?
            .text()
            .await?;
        tokens.push(support::token_from(&page).ok_or("no form token")?);
    }
    let sink_addr = sink().await?;
    let (sink_time, _) = send_all(&format!("http://{sink_addr}/"), &tokens, uploads, size).await;
    let (time, ok) = send_all(&format!("{base}/report/other"), &tokens, uploads, size).await;
    let total = (uploads * size) as f64 / 1e6;
    let (rate, sink_rate) = (total / time.as_secs_f64(), total / sink_time.as_secs_f64());
    col.uploads = format!(
        "{rate:.0} MB/s, peak RSS {:.0} MiB, {ok}/{uploads} stored — {:.0}% of a loopback sink ({sink_rate:.0} MB/s)",
        mib(status_kib(pid, "VmHWM:")),
        100.0 * rate / sink_rate.max(1e-9)
    );
    println!("[{}] uploads: {}", engine.name, col.uploads);
    drop(server);
    let (server, port, _) = serve(dir.path(), url.as_deref(), &client).await?;
    let fair = support::fairness::run(&client, &format!("http://127.0.0.1:{port}")).await?;
    col.fairness = fair.cell();
    drop(server);

    // The queue page at 1 000 cases and at the large size, in a database of its own.
    let large = env_num("FILIMBI_BENCH_QUEUE", 100_000);
    let queue_dir = tempfile::tempdir()?;
    let queue_url = match engine.fresh("queue").await? {
        Some(u) => u,
        None => filimbi::store::sqlite_url(&queue_dir.path().join("queue.sqlite3")),
    };
    let store = Store::open_new(&queue_url).await?;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&queue_url).await?;
    sqlx::query(
        "INSERT INTO accounts (id, name, state, created_day) \
         VALUES ($1, 'viewer', 'active', '2026-11-23')",
    )
    .bind(VIEWER_HEX)
    .execute(&pool)
    .await?;
    pool.close().await;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    insert(&queue_url, 1_000, &mut rng).await?;
    let small = queue_time(&store, 15).await?;
    let t0 = Instant::now();
    insert(&queue_url, large - 1_000, &mut rng).await?;
    println!(
        "[{}] inserted {large} cases in {:.0} s",
        engine.name,
        t0.elapsed().as_secs_f64()
    );
    if engine.postgres.is_some() {
        // What autovacuum does by itself within a minute of a change this size: without
        // fresh statistics the planner takes 100 000 rows for a few hundred.
        let pool = sqlx::AnyPool::connect(&queue_url).await?;
        sqlx::raw_sql("ANALYZE").execute(&pool).await?;
        pool.close().await;
    }
    let big = queue_time(&store, 15).await?;
    store.close().await;
    col.queue_small = format!("{:.2} ms", ms(small));
    col.queue_large = format!(
        "{:.2} ms — {:.1}× the time at 1,000",
        ms(big),
        big.as_secs_f64() / small.as_secs_f64().max(1e-9)
    );
    let url = engine.fresh("listings").await?;
    col.listings = support::check_load::rows(&client, url.as_deref(), nginx.as_ref()).await?;
    drop(nginx);
    engine.cleanup().await?;
    Ok(col)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores of {cpu}")
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let mut engines = vec![Engine {
            name: "SQLite",
            postgres: None,
        }];
        match std::env::var("FILIMBI_BENCH_DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => engines.push(Engine {
                name: "PostgreSQL",
                postgres: Some(url),
            }),
            _ => println!(
                "FILIMBI_BENCH_DATABASE_URL is not set: SQLite only (benches/table.sh sets it)"
            ),
        }
        let mut columns = Vec::new();
        for engine in &engines {
            println!("== {}", engine.name);
            columns.push(measure(engine).await?);
        }
        println!();
        println!(
            "Measured {} on {}, concurrency {}, {} s per load phase.",
            time::OffsetDateTime::now_utc().date(),
            machine(),
            support::CONCURRENCY,
            support::phase_secs()
        );
        println!();
        let head: Vec<&str> = engines.iter().map(|e| e.name).collect();
        println!("| | {} |", head.join(" | "));
        println!("|---|{}", "---|".repeat(head.len()));
        let large = format!(
            "queue page, {} cases",
            env_num("FILIMBI_BENCH_QUEUE", 100_000)
        );
        let rows: [(&str, Cell); 11] = [
            ("static file, /style.css (goal ≥ 90% of nginx)", |c| {
                &c.static_file
            }),
            ("public check, domain (API)", |c| &c.check),
            ("public check, URL query (page)", |c| &c.check_url),
            ("text reports/s (goal ≥ 550, 0 errors)", |c| &c.submit),
            ("text reports/s, two servers on one database", |c| {
                &c.replicas
            }),
            ("10 × 100 MiB uploads at once", |c| &c.uploads),
            ("queue page, 1000 cases", |c| &c.queue_small),
            (large.as_str(), |c| &c.queue_large),
            ("idle memory (RSS)", |c| &c.idle),
            ("start to first answer", |c| &c.start),
            (
                "cleaner fairness: small report during 8 hostile PDFs",
                |c| &c.fairness,
            ),
        ];
        for (name, cell) in rows {
            let cells: Vec<&str> = columns.iter().map(|c| cell(c).as_str()).collect();
            println!("| {name} | {} |", cells.join(" | "));
        }
        for (i, (name, _)) in columns
            .first()
            .map_or(&[][..], |c| &c.listings)
            .iter()
            .enumerate()
        {
            let cells: Vec<&str> = columns
                .iter()
                .filter_map(|c| c.listings.get(i))
                .map(|(_, v)| v.as_str())
                .collect();
            println!("| {name} | {} |", cells.join(" | "));
        }
        BenchResult::Ok(())
    })
}
