//! Large uploads against the real `filimbi` binary on loopback: 10 reports, each with one
//! 100 MiB file, sent concurrently. Prints the server's peak resident memory (VmHWM, read from
//! /proc) and the throughput, next to a baseline in the same run: the same bytes sent to a
//! loopback sink that only discards them.
//!
//! Run: `cargo bench --bench uploads` (FILIMBI_BENCH_UPLOADS / FILIMBI_BENCH_FILE_MIB change
//! the count and size). Target: peak RSS under 100 MiB.

use std::process::{Command, Stdio};
use std::time::Duration;

mod support;
use support::BenchResult;
use support::uploads::{Server, env_num, send_all, sink, status_kib};

fn main() -> BenchResult {
    support::install_tls();
    let uploads = env_num("FILIMBI_BENCH_UPLOADS", 10);
    let mib = env_num("FILIMBI_BENCH_FILE_MIB", 100);
    let size = mib * 1024 * 1024;
    let dir = tempfile::tempdir()?;
    filimbi::offline::keygen::generate(
        "bench",
        &dir.path().join("bench.key"),
        &dir.path().join("keys"),
    )?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())?;
    let child = Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .current_dir(dir.path())
        .env("FILIMBI_LISTEN", format!("127.0.0.1:{port}"))
        .env("FILIMBI_MAX_FILE_MIB", mib.to_string())
        .env("FILIMBI_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()?;
    let server = Server(child);
    let pid = server.0.id();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let mut tokens = Vec::with_capacity(uploads);
        while tokens.len() < uploads {
            let mut page = String::new();
            for _ in 0..200 {
                if let Ok(r) = client.get(format!("{base}/report/other")).send().await {
                    page = r.text().await.unwrap_or_default();
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            tokens.push(support::token_from(&page).ok_or("the form page has no token")?);
        }
        let idle = status_kib(pid, "VmRSS:");

        let sink_addr = sink().await?;
        let (base_time, base_ok) =
            send_all(&format!("http://{sink_addr}/"), &tokens, uploads, size).await;
        let (time, ok) = send_all(&format!("{base}/report/other"), &tokens, uploads, size).await;
        let peak = status_kib(pid, "VmHWM:");
        let total_mb = (uploads * size) as f64 / 1e6;
        let rate = total_mb / time.as_secs_f64();
        let base_rate = total_mb / base_time.as_secs_f64();
        println!("filimbi upload benchmark: {uploads} concurrent uploads of {mib} MiB each");
        println!("baseline (loopback sink) {base_rate:>8.1} MB/s   {base_ok}/{uploads} ok");
        println!(
            "filimbi (stored, durable) {rate:>7.1} MB/s   {ok}/{uploads} ok   {:.1} s",
            time.as_secs_f64()
        );
        println!("throughput vs baseline: {:.1}%", 100.0 * rate / base_rate);
        println!(
            "server RSS: idle {:.1} MiB, peak {:.1} MiB (target < 100 MiB)",
            idle as f64 / 1024.0,
            peak as f64 / 1024.0
        );
        if ok != uploads {
            return Err(format!("every upload should get a receipt: {ok} of {uploads} did").into());
        }
        BenchResult::Ok(())
    })?;
    drop(server);
    Ok(())
}
