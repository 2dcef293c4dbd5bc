//! The warning list at 1 000, 10 000 and 100 000 entries, as an operator importing another
//! list would meet it: the import's time (and its time per entry as a ratio to the smallest
//! list, which is 1.0 when the cost is linear), the time for one more listing to be served by
//! every feed (of this server, and of a second one on the same database that learns of it as
//! a replica does, `Warnings::reload_if_changed`), the size of the feeds plain and gzip-compressed, and — on the largest list —
//! `/warnings` pages, the search and the check in requests per second next to the static
//! stylesheet served by the same process in the same run.
//!
//! Run: `cargo bench --bench warnings` (FILIMBI_BENCH_ENTRIES caps the largest list, default
//! 100000; FILIMBI_BENCH_SECS sets each HTTP phase's length, default 10).

use std::sync::Arc;
use std::time::Instant;

use filimbi::domain::warnings::feeds::Feed;
use filimbi::services::warnings::ImportItem;

mod support;
use support::{BenchResult, run_phase};

/// `n` made-up listings, every tenth a certificate number, as an import file would give them.
fn items(n: usize, from: usize) -> BenchResult<Vec<ImportItem>> {
    let reason = filimbi::domain::warnings::PublicReason::new(
        "Imitates the certification authority and sells fake certificates.",
        "Imite l'autorité de certification et vend de faux certificats.",
    )?;
    (from..from + n)
        .map(|i| -> BenchResult<ImportItem> {
            let raw = if i % 10 == 9 {
                format!("CD-2026-{i:06}")
            } else {
                format!("www.fake-certs-{i}.example")
            };
            Ok(ImportItem {
                target: filimbi::domain::warnings::target::parse_target(&raw)?,
                status: filimbi::domain::warnings::EntryStatus::Active,
                reason: reason.clone(),
                withdrawal: None,
            })
        })
        .collect()
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let secs = support::phase_secs();
    let largest: usize = std::env::var("FILIMBI_BENCH_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let sizes: Vec<usize> = [1_000, 10_000, 100_000]
        .into_iter()
        .filter(|&n| n <= largest)
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        println!("filimbi warning-list benchmark: lists of {sizes:?} entries");
        println!(
            "{:>8} {:>10} {:>14} {:>12} {:>12} {:>10}",
            "entries", "import s", "per entry ×1k", "+1 served s", "txt feed", "gzip"
        );
        println!("{:>8} {:>10} {:>14} {:>12}", "", "", "", "(replica s)");
        let mut per_entry_1k = None;
        let mut last = None;
        for &n in &sizes {
            let dir = tempfile::tempdir()?;
            let served = support::serve(dir.path().join("data"), dir.path().join("keys")).await?;
            let warnings = &served.built.state.warnings;
            let batch = items(n, 0)?;
            let t0 = Instant::now();
            warnings.import("bench", &batch).await?;
            let import = t0.elapsed().as_secs_f64();
            let per_entry = import / n as f64;
            let ratio = per_entry / *per_entry_1k.get_or_insert(per_entry);
            // One more listing, as an approval makes it: written, list rebuilt, every feed
            // re-rendered, signed and compressed; then fetched.
            // A second server on the same database (a replica), already holding the list.
            let mut opts = filimbi::app::AppOptions::new(
                dir.path().join("data"),
                dir.path().join("keys"),
            );
            opts.rate_limits = filimbi::services::rate::RateLimits::OFF;
            let replica = filimbi::app::services(&opts).await?;
            let one = items(1, n)?;
            let t0 = Instant::now();
            warnings.import("bench", &one).await?;
            let url = format!("{}/feeds/fake-websites.txt", served.base);
            let feed = served.client.get(&url).send().await?.bytes().await?;
            let served_after = t0.elapsed().as_secs_f64();
            let wanted = format!("fake-certs-{n}.example");
            if !String::from_utf8_lossy(&feed).contains(&wanted) {
                return Err(format!("{wanted} missing from the feed").into());
            }
            // What the replica's re-check does once it hears of the change.
            let t1 = Instant::now();
            replica.warnings.reload_if_changed().await?;
            let replica_after = t1.elapsed().as_secs_f64();
            let replica_txt = replica.warnings.current();
            let replica_txt = replica_txt.feed(Feed::Txt).ok_or("no txt feed")?;
            if !String::from_utf8_lossy(&replica_txt.body).contains(&wanted) {
                return Err(format!("{wanted} missing from the replica's feed").into());
            }
            replica.store.close().await;
            let published = warnings.current();
            let txt = published.feed(Feed::Txt).ok_or("no txt feed")?;
            println!(
                "{n:>8} {import:>10.2} {ratio:>14.2} {served_after:>12.2} {:>10} KB {:>6} KB",
                txt.body.len() / 1024,
                txt.gzip.len() / 1024
            );
            println!("{:>8} {:>10} {:>14} {:>12}", "", "", "", format!("({replica_after:.2})"));
            for feed in Feed::ALL {
                if let Some(f) = published.feed(feed) {
                    if n == *sizes.last().unwrap_or(&0) {
                        println!(
                            "    {:<22} {:>8} KB plain, {:>6} KB gzip",
                            feed.file_name(),
                            f.body.len() / 1024,
                            f.gzip.len() / 1024
                        );
                    }
                }
            }
            last = Some((dir, served));
        }
        let Some((_dir, served)) = last else {
            return BenchResult::Ok(());
        };
        let base = Arc::clone(&served.base);
        let client = served.client.clone();
        let get = |paths: &'static [&'static str]| {
            let (c, b) = (client.clone(), Arc::clone(&base));
            move |worker: usize| {
                let (c, b) = (c.clone(), Arc::clone(&b));
                async move {
                    let url = format!("{b}{}", paths[worker % paths.len()]);
                    match c.get(url).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    }
                }
            }
        };
        let page_size = client
            .get(format!("{base}/warnings?lang=ar"))
            .send()
            .await?
            .bytes()
            .await?
            .len();
        println!(
            "on {} entries (largest /warnings page in Arabic: {} KB before the 5 KB stylesheet):",
            sizes.last().unwrap_or(&0),
            page_size / 1024
        );
        // The static file and each kind of request take turns, three rounds, each share
        // against the static rate of its own round: a shared machine's speed drifts over
        // a minute, and a share taken across rounds would measure the drift.
        let phases: [(&str, &'static [&'static str]); 4] = [
            ("GET /style.css", &["/style.css"]),
            (
                "GET /warnings pages",
                &["/warnings", "/warnings?page=500", "/warnings?page=9000"],
            ),
            (
                "GET /warnings?q=",
                &["/warnings?q=fake-certs-4242", "/warnings?q=CD-2026-0777"],
            ),
            (
                "GET /api/v1/check",
                // The query forms of `benches/check.rs` (every verdict), and a listing of
                // the large list, so the two benches' shares compare.
                &[
                    "/api/v1/check?q=https%3A%2F%2Fuser%40WWW.ceecertification.com%3A443%2Flogin%3Fnext%3D1",
                    "/api/v1/check?q=pay.icglr-lricg.org",
                    "/api/v1/check?q=info%40ceec-icglr.org",
                    "/api/v1/check?q=%D1%81eec-icglr.org",
                    "/api/v1/check?q=example.org",
                    "/api/v1/check?q=RW-2024-00123",
                    "/api/v1/check?q=ceec-icg1r.com",
                    "/api/v1/check?q=pay.fake-certs-99998.example",
                ],
            ),
        ];
        let round_secs = (secs / 3).max(2);
        let mut shares: Vec<Vec<f64>> = vec![Vec::new(); phases.len()];
        for round in 1..=3 {
            let mut static_rate = 0.0;
            for (i, (name, paths)) in phases.iter().enumerate() {
                let p = run_phase(round_secs, get(paths)).await;
                p.print(&format!("{name} (round {round})"));
                if i == 0 {
                    static_rate = p.rate().max(1e-9);
                }
                if let Some(s) = shares.get_mut(i) {
                    s.push(100.0 * p.rate() / static_rate);
                }
            }
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        let [_, pages, search, check] = &mut shares[..] else {
            return Err("four phases".into());
        };
        println!(
            "as a share of the static file's req/s in the same round (median of 3): pages {:.1}%, search {:.1}%, check {:.1}%",
            median(pages),
            median(search),
            median(check)
        );
        served.server.abort();
        BenchResult::Ok(())
    })?;
    Ok(())
}
