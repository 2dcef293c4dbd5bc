//! A flood against the real binary: 16 connections posting reports as fast as they can (then,
//! in a second phase, 800 connections guessing well-formed receipts at the follow-up form as
//! fast as they can: each passes the checksum, so it reaches the receipt limit), plus
//! 1,000 connections trickling a header byte every two seconds, while a person sends a normal
//! JavaScript-off report every two seconds. Prints the flood's rate and outcomes, the person's
//! success and latency next to the same person's latency measured before the flood (same run),
//! and the server's peak memory.
//!
//! `FILIMBI_FLOOD_SECS` sets the flood's length (default 30); loopback only; every loop ends by
//! itself.

mod support;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use support::BenchResult;

const FLOODERS: usize = 16;
/// Guessing connections: with the tricklers, 1,800 connections, under the server's cap.
const GUESSERS: usize = 800;
const TRICKLERS: usize = 1000;

/// The server process, killed when the bench ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn vm_hwm_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn token_of(body: &str) -> Option<String> {
    let at = body.find("name=\"token\" value=\"")? + "name=\"token\" value=\"".len();
    body[at..].split('"').next().map(str::to_owned)
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// What one report attempt came to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Receipt,
    Busy,
    Other,
}

/// A report as a browser sends it: the form for a token, then the POST.
async fn report(client: &reqwest::Client, base: &str, text: &str) -> Outcome {
    let Ok(page) = client.get(format!("{base}/report/other")).send().await else {
        return Outcome::Other;
    };
    if page.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Outcome::Busy;
    }
    let Some(token) = page.text().await.ok().as_deref().and_then(token_of) else {
        return Outcome::Other;
    };
    let body = form_encode(&[("token", &token), ("description", text)]);
    let Ok(res) = client
        .post(format!("{base}/report/other"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
    else {
        return Outcome::Other;
    };
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    if status == reqwest::StatusCode::OK && body.contains("id=\"receipt\"") {
        Outcome::Receipt
    } else if status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::SERVICE_UNAVAILABLE
    {
        Outcome::Busy
    } else {
        Outcome::Other
    }
}

/// A receipt guess as a prober sends it: the follow-up form for a token, then a wrong receipt.
/// Refused guesses must cost the server no write and leave a person's report quick.
async fn guess(client: &reqwest::Client, base: &str, n: usize) -> Outcome {
    let Ok(page) = client.get(format!("{base}/followup")).send().await else {
        return Outcome::Other;
    };
    if page.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Outcome::Busy;
    }
    let Some(token) = page.text().await.ok().as_deref().and_then(token_of) else {
        return Outcome::Other;
    };
    // A receipt with a valid checksum (so it is looked up, not refused as mistyped), drawn
    // from a counter so runs compare.
    let mut seed = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let Ok(receipt) = filimbi::domain::receipt::Receipt::generate(|b: &mut [u8]| {
        for byte in b.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *byte = seed as u8;
        }
        Ok::<(), ()>(())
    }) else {
        return Outcome::Other;
    };
    let receipt = receipt.grouped().to_string();
    let body = form_encode(&[("token", &token), ("receipt", &receipt)]);
    match client
        .post(format!("{base}/followup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
    {
        Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => Outcome::Busy,
        // A wrong receipt is answered with the form again: the guess was checked.
        Ok(r) if r.status().is_client_error() || r.status().is_success() => Outcome::Receipt,
        _ => Outcome::Other,
    }
}

/// What the flooding connections send.
#[derive(Clone, Copy)]
enum Flood {
    Reports,
    Guesses,
}

async fn trickle(addr: SocketAddr, until: Instant) {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return;
    };
    if s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .is_err()
    {
        return;
    }
    let mut buf = [0u8; 256];
    while Instant::now() < until {
        let read = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            return; // closed by the server (header timeout): reconnect, as an attacker would
        }
        if s.write_all(b"a").await.is_err() {
            return;
        }
    }
}

/// A person's reports, one every two seconds until `until`: `(receipts, attempts, latencies)`.
async fn person(base: Arc<String>, until: Instant) -> (usize, usize, Vec<Duration>) {
    let client = reqwest::Client::new();
    let (mut ok, mut tries, mut lat) = (0, 0, Vec::new());
    while Instant::now() < until {
        let t0 = Instant::now();
        tries += 1;
        if report(&client, &base, "A person's report during the flood.").await == Outcome::Receipt {
            ok += 1;
            lat.push(t0.elapsed());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    (ok, tries, lat)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn max(v: &[Duration]) -> Duration {
    v.iter().copied().max().unwrap_or_default()
}

#[tokio::main]
async fn main() -> BenchResult {
    support::install_tls();
    let secs: u64 = std::env::var("FILIMBI_FLOOD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir()?;
    let bin = env!("CARGO_BIN_EXE_filimbi");
    let key = Command::new(bin)
        .current_dir(dir.path())
        .args(["keygen", "--name", "offline", "--out", "offline.key"])
        .output()?;
    if !key.status.success() {
        return Err("keygen failed".into());
    }
    let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let server = Server(
        Command::new(bin)
            .current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env("FILIMBI_LOG", "warn")
            .args(["--listen", &addr.to_string(), "serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let pid = server.0.id();
    let mut up = false;
    for _ in 0..300 {
        if TcpStream::connect(addr).await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !up {
        return Err("the server did not start".into());
    }
    let base = Arc::new(format!("http://{addr}"));

    // Baseline, same run: the person alone.
    let quiet = person(Arc::clone(&base), Instant::now() + Duration::from_secs(6)).await;

    let q50 = median(quiet.2.clone());
    println!(
        "flood: {FLOODERS} reporting or {GUESSERS} guessing connections + {TRICKLERS} trickling connections, {secs} s a phase"
    );
    println!(
        "person, quiet          {:>3}/{:<3} receipts, median {:.1} ms, max {:.1} ms",
        quiet.0,
        quiet.1,
        q50.as_secs_f64() * 1e3,
        max(&quiet.2).as_secs_f64() * 1e3
    );
    for kind in [Flood::Reports, Flood::Guesses] {
        let (name, done) = match kind {
            Flood::Reports => ("report posts", "receipts"),
            Flood::Guesses => ("receipt guesses", "checked"),
        };
        let until = Instant::now() + Duration::from_secs(secs);
        let counts: Arc<[AtomicUsize; 3]> = Arc::new(Default::default());
        let mut flood = Vec::new();
        let connections = match kind {
            Flood::Reports => FLOODERS,
            Flood::Guesses => GUESSERS,
        };
        for i in 0..connections {
            let (base, counts) = (Arc::clone(&base), Arc::clone(&counts));
            flood.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut n = i;
                while Instant::now() < until {
                    let o = match kind {
                        Flood::Reports => report(&client, &base, &format!("flood {i}")).await,
                        Flood::Guesses => guess(&client, &base, n).await,
                    };
                    n += connections;
                    let slot = match o {
                        Outcome::Receipt => 0,
                        Outcome::Busy => 1,
                        Outcome::Other => 2,
                    };
                    counts[slot].fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        let mut tricklers = Vec::new();
        for _ in 0..TRICKLERS {
            tricklers.push(tokio::spawn(async move {
                while Instant::now() < until {
                    trickle(addr, until).await;
                }
            }));
        }
        let loud = person(Arc::clone(&base), until).await;
        for t in flood.into_iter().chain(tricklers) {
            let _ = t.await;
        }
        let sent: usize = counts.iter().map(|c| c.load(Ordering::Relaxed)).sum();
        let l50 = median(loud.2.clone());
        println!(
            "{name:<22} {:>9.1} /s   {done} {}  busy {}  other {}",
            sent as f64 / secs as f64,
            counts[0].load(Ordering::Relaxed),
            counts[1].load(Ordering::Relaxed),
            counts[2].load(Ordering::Relaxed)
        );
        println!(
            "person, under {:<8} {:>3}/{:<3} receipts, median {:.1} ms, max {:.1} ms  ({:.2}x the quiet median)",
            match kind {
                Flood::Reports => "reports",
                Flood::Guesses => "guesses",
            },
            loud.0,
            loud.1,
            l50.as_secs_f64() * 1e3,
            max(&loud.2).as_secs_f64() * 1e3,
            l50.as_secs_f64() / q50.as_secs_f64().max(1e-9)
        );
    }
    let peak = vm_hwm_mib(pid).unwrap_or(0.0);
    println!("server peak RSS (VmHWM) {peak:.1} MiB");
    Ok(())
}
