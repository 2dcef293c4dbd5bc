//! Large uploads against the real `filimbi` binary on loopback: 10 reports, each with one
//! 100 MiB file, sent concurrently. Prints the server's peak resident memory (VmHWM, read from
//! /proc) and the throughput, next to a baseline in the same run: the same bytes sent to a
//! loopback sink that only discards them.
//!
//! Run: `cargo bench --bench uploads` (FILIMBI_BENCH_UPLOADS / FILIMBI_BENCH_FILE_MIB change
//! the count and size). Target: peak RSS under 100 MiB.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::stream;
use reqwest::Body;

/// What a step returns: benchmarks obey the crate's no-unwrap lints, so a failed step ends the
/// run with its message instead of a panic.
type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const BOUNDARY: &str = "----filimbi-bench-boundary";
const CHUNK: usize = 64 * 1024;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// A multipart body: the token and description, then `size` pseudo-random bytes as a file,
/// produced chunk by chunk (the client never holds the file either).
fn body(token: &str, size: usize, seed: u64) -> Body {
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nbench\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let chunks = size.div_ceil(CHUNK);
    let mut state = seed | 1;
    let parts = std::iter::once(head.into_bytes())
        .chain((0..chunks).map(move |i| {
            let len = CHUNK.min(size - i * CHUNK);
            let mut buf = vec![0u8; len];
            for b in buf.chunks_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let bytes = state.to_le_bytes();
                b.copy_from_slice(&bytes[..b.len()]);
            }
            buf
        }))
        .chain(std::iter::once(tail.into_bytes()));
    Body::wrap_stream(stream::iter(parts.map(Ok::<_, std::io::Error>)))
}

/// Sends `uploads` uploads at once, each with its own form token (a token is spent once).
async fn send_all(url: &str, tokens: &[String], uploads: usize, size: usize) -> (Duration, usize) {
    let client = reqwest::Client::new();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..uploads {
        let token = tokens.get(i).cloned().unwrap_or_default();
        let (client, url) = (client.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(body(&token, size, i as u64 + 1))
                .send()
                .await;
            match r {
                Ok(r) if r.status().is_success() => r
                    .text()
                    .await
                    .map(|t| t.contains("id=\"receipt\""))
                    .unwrap_or(false),
                _ => false,
            }
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if matches!(t.await, Ok(true)) {
            ok += 1;
        }
    }
    (start.elapsed(), ok)
}

/// A loopback HTTP sink: reads each request to its end, answers 200 with a "receipt".
async fn sink() -> BenchResult<std::net::SocketAddr> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 256 * 1024];
                let end = format!("--{BOUNDARY}--\r\n");
                let mut tail: Vec<u8> = Vec::new();
                loop {
                    let Ok(n) = sock.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    tail.extend_from_slice(&buf[..n]);
                    if tail.len() > 64 {
                        tail.drain(..tail.len() - 64);
                    }
                    // The body is sent chunked: the closing boundary is followed by the
                    // chunked-encoding terminator, so look for it, not at the very end.
                    if tail.windows(end.len()).any(|w| w == end.as_bytes()) {
                        break;
                    }
                }
                let page = "<p id=\"receipt\">0</p>";
                let _ = sock
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                            page.len()
                        )
                        .as_bytes(),
                    )
                    .await;
            });
        }
    });
    Ok(addr)
}

fn main() -> BenchResult {
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
            let marker = "name=\"token\" value=\"";
            let start = page.find(marker).ok_or("the form page has no token")? + marker.len();
            let len = page[start..]
                .find('"')
                .ok_or("the form token is not closed")?;
            tokens.push(page[start..start + len].to_owned());
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
