//! What the upload benchmarks share: a multipart body made chunk by chunk, concurrent senders,
//! a loopback sink that only discards (the baseline), and the real binary as a child process
//! with its memory read from /proc.

use std::process::Child;
use std::time::{Duration, Instant};

use futures_util::stream;
use reqwest::Body;

use super::BenchResult;

pub const BOUNDARY: &str = "----filimbi-bench-boundary";
const CHUNK: usize = 64 * 1024;

/// The server process, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A `/proc/PID/status` field in KiB (`VmRSS:`, `VmHWM:`), 0 if unreadable.
pub fn status_kib(pid: u32, field: &str) -> u64 {
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
pub fn body(token: &str, size: usize, seed: u64) -> Body {
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
pub async fn send_all(
    url: &str,
    tokens: &[String],
    uploads: usize,
    size: usize,
) -> (Duration, usize) {
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
            super::shows_receipt(r).await
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
pub async fn sink() -> BenchResult<std::net::SocketAddr> {
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
