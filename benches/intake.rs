//! Intake throughput against a real server on loopback: text submissions per second (each
//! fetching its form first, as a form token is spent once) and latency
//! percentiles at concurrency 8, next to a static-file baseline (`GET /style.css`) served by the
//! same process in the same run, so the ratio means something on a noisy shared machine.
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
        let stored = built.store.count_cases().await?;
        println!(
            "submissions/s as a share of static-file req/s: {:.1}%   cases stored: {stored}",
            100.0 * submit.rate() / baseline.rate().max(1e-9)
        );
        server.abort();
        if usize::try_from(stored)? != submit.ok {
            return Err(format!(
                "every receipt shown should be a stored case: {} receipts, {stored} cases",
                submit.ok
            )
            .into());
        }
        Ok(())
    })
}
