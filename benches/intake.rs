//! Intake throughput against a real server on loopback: text submissions per second (each
//! fetching its form first, as a form token is spent once) and latency
//! percentiles at concurrency 8, next to a static-file baseline (`GET /style.css`) served by the
//! same process in the same run, so the ratio means something on a noisy shared machine; then
//! the same reports sent by `wrk`, a client of another make.
//!
//! Run: `cargo bench --bench intake` (FILIMBI_BENCH_SECS sets each phase's length, default 10).
//! Every submission is real: two offline recipients, age encryption, a durable SQLite commit
//! (WAL, synchronous=FULL) in a temporary directory.

mod support;
use support::{BenchResult, CONCURRENCY};

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let secs = support::phase_secs();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        support::two_keys(dir.path())?;
        let support::Served {
            built,
            base,
            client,
            server,
        } = support::serve(dir.path().join("data"), dir.path().join("keys")).await?;

        println!(
            "filimbi intake benchmark: concurrency {CONCURRENCY}, {secs} s per phase, 2 recipients"
        );
        let baseline = support::static_baseline(&client, &base, secs).await;
        let submit = support::web_reports(&client, &base, secs, "GET+POST /report").await;
        println!(
            "submissions/s as a share of static-file req/s: {:.1}%",
            100.0 * submit.rate() / baseline.rate().max(1e-9)
        );
        // The same reports sent by wrk (benches/support/wrk_reports.rs), on a database that now
        // holds those above; the server is this process.
        let (b, fields) = (base.to_string(), format!("&{}", support::text_report_fields()));
        let wrk = tokio::task::spawn_blocking(move || {
            let pid = [std::process::id()];
            support::wrk_reports::wrk_reports(&b, "/report/fake-website", &fields, secs, &pid)
        })
        .await??;
        let (sent, shown) = match &wrk {
            Some(w) => {
                println!(
                    "GET+POST /report (wrk)            {:>8.0}/s  {} sent, {} receipts, {:.2}× the benches' client",
                    w.rate,
                    w.posts,
                    w.receipts,
                    w.rate / submit.rate().max(1e-9)
                );
                (w.posts, w.receipts)
            }
            None => {
                println!("GET+POST /report (wrk): wrk is not installed (apt-get install wrk)");
                (0, 0)
            }
        };
        let stored = u64::try_from(built.store.count_cases().await?)?;
        server.abort();
        // Every receipt shown is a stored case; a report wrk sent as it stopped may be stored
        // without its receipt having been read.
        let shown = shown + u64::try_from(submit.ok)?;
        let sent = sent + u64::try_from(submit.ok)?;
        if stored < shown || stored > sent {
            return Err(format!(
                "every receipt shown should be a stored case: {shown} receipts, {stored} cases"
            )
            .into());
        }
        println!("cases stored: {stored}");
        Ok(())
    })
}
