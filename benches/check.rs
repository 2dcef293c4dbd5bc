//! The public check against a real server on loopback: `GET /api/v1/check` and `GET /check`
//! requests per second at concurrency 8, next to a static-file baseline (`GET /style.css`)
//! served by the same process in the same run, so the ratio means something on a noisy shared
//! machine. Then the in-memory lookup alone, on a list of 10 000 entries, in checks per second.
//!
//! Run: `cargo bench --bench check` (FILIMBI_BENCH_SECS sets each phase's length, default 10);
//! with `FILIMBI_BENCH_LISTINGS=1`, only the benchmark table's rows at 10 000 and 100 000
//! listings (`support::check_load`), against the release binary.
//! The queries rotate through every verdict: a listed URL with path and port, a subdomain of a
//! listing, an official address, a Cyrillic lookalike, an unknown name, a certificate number.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use filimbi::domain::warnings::target::parse_target;
use filimbi::domain::warnings::{
    DomainName, Entry, EntryStatus, Event, EventAction, Officials, PublicReason, WarningList,
};

mod support;
use support::{BenchResult, run_phase};

const QUERIES: &[&str] = &[
    "https%3A%2F%2Fuser%40WWW.ceecertification.com%3A443%2Flogin%3Fnext%3D1",
    "pay.icglr-lricg.org",
    "info%40ceec-icglr.org",
    "%D1%81eec-icglr.org",
    "example.org",
    "RW-2024-00123",
    "ceec-icg1r.com",
];

/// A list of `n` made-up active domain entries.
fn big_list(n: usize) -> BenchResult<WarningList> {
    let day = time::macros::date!(2026 - 11 - 23);
    let reason = PublicReason::new("Fake", "Faux")?;
    let entries = (0..n)
        .map(|i| -> BenchResult<Entry> {
            let id = i64::try_from(i)? + 1;
            Ok(Entry {
                id,
                target: parse_target(&format!("www.fake-site-{i}.example"))?,
                status: EntryStatus::Active,
                listed_day: day,
                changed_day: day,
                history: vec![Event {
                    seq: id,
                    day,
                    action: EventAction::Listed,
                    reason: reason.clone(),
                }],
            })
        })
        .collect::<BenchResult<Vec<_>>>()?;
    let official = DomainName::parse("ceec-icglr.org")?;
    Ok(WarningList::new(entries, Officials::new(vec![official])))
}

fn main() -> BenchResult {
    support::install_tls();
    let secs = support::phase_secs();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if std::env::var_os("FILIMBI_BENCH_LISTINGS").is_some() {
        // The table's rows on long lists alone (`support::check_load`), against the binary.
        return rt.block_on(async {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(support::CONCURRENCY)
                .build()?;
            for (row, cell) in support::check_load::rows(&client, None, None).await? {
                println!("| {row} | {cell} |");
            }
            BenchResult::Ok(())
        });
    }
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        let support::Served {
            base,
            client,
            server,
            ..
        } = support::serve(dir.path().join("data"), dir.path().join("keys")).await?;
        println!(
            "filimbi check benchmark: concurrency {}, {secs} s per phase, {} query forms",
            support::CONCURRENCY,
            QUERIES.len()
        );

        let get = |path: &'static str, rotate: bool| {
            let (c, b) = (client.clone(), Arc::clone(&base));
            move |worker: usize| {
                let (c, b) = (c.clone(), Arc::clone(&b));
                async move {
                    let url = if rotate {
                        let q = QUERIES[worker % QUERIES.len()];
                        format!("{b}{path}{q}")
                    } else {
                        format!("{b}{path}")
                    };
                    match c.get(url).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    }
                }
            }
        };
        let baseline = run_phase(secs, get("/style.css", false)).await;
        baseline.print("GET /style.css");
        let api = run_phase(secs, get("/api/v1/check?q=", true)).await;
        api.print("GET /api/v1/check");
        let page = run_phase(secs, get("/check?q=", true)).await;
        page.print("GET /check (HTML)");
        println!(
            "check requests/s as a share of static-file req/s: API {:.1}%, HTML {:.1}%",
            100.0 * api.rate() / baseline.rate().max(1e-9),
            100.0 * page.rate() / baseline.rate().max(1e-9),
        );
        server.abort();
        BenchResult::Ok(())
    })?;

    // The lookup itself, without HTTP: what a list 2 500× the seeded one costs per check.
    let list = big_list(10_000)?;
    let raw = [
        "https://www.fake-site-9876.example/login",
        "deep.sub.fake-site-42.example",
        "xn--eec-icglr-u3h.org",
        "unrelated.example.com",
        "ceec-icg1r.com",
    ];
    let targets = raw
        .iter()
        .map(|q| parse_target(q))
        .collect::<Result<Vec<_>, _>>()?;
    let rounds = 200_000;
    let t0 = Instant::now();
    for i in 0..rounds {
        black_box(list.check(black_box(&targets[i % targets.len()])).word());
    }
    let lookup = rounds as f64 / t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    for i in 0..rounds {
        black_box(parse_target(black_box(raw[i % raw.len()])).is_ok());
    }
    let parse = rounds as f64 / t0.elapsed().as_secs_f64();
    println!(
        "in memory, 10 000 entries: {lookup:.0} checks/s (lookup incl. lookalike test), {parse:.0} parses/s (canonicalisation)"
    );
    Ok(())
}
