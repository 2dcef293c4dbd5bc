//! The real binary under a slowloris attack: 1,000 connections that each trickle a header byte
//! every two seconds, while a person sends a report with JavaScript off. Prints the server's
//! peak memory (VmHWM).

use std::net::SocketAddr;
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::cli::{filimbi, stderr};
use crate::common::{Reply, encode};

const ATTACKERS: usize = 1000;
const HEADER_TIMEOUT_SECS: u64 = 3;

/// The server process; killed if the test ends early.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Peak resident memory of a process, in KiB.
pub fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Starts the real binary in `dir` on a free loopback port with `args` before `serve`, its
/// output (at the default log level) in `dir/server.log`, and waits until it listens.
pub async fn start_server(dir: &std::path::Path, args: &[&str]) -> (Server, SocketAddr) {
    start_server_logged(dir, args, "server.log").await
}

/// [`start_server`] with its output in `dir/log` (several servers on one directory).
pub async fn start_server_logged(
    dir: &std::path::Path,
    args: &[&str],
    log: &str,
) -> (Server, SocketAddr) {
    let log = std::fs::File::create(dir.join(log)).expect("log file");
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        probe.local_addr().expect("addr")
    };
    let server = Server(
        crate::database::command(dir)
            .current_dir(dir)
            .env_remove("FILIMBI_LOG")
            .env_remove("RUST_LOG")
            .args(["--listen", &addr.to_string()])
            .args(args)
            .arg("serve")
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("start filimbi"),
    );
    for _ in 0..300 {
        if TcpStream::connect(addr).await.is_ok() {
            return (server, addr);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server does not listen");
}

/// A real server in a new temporary folder with one offline key, so intake is open.
pub async fn start_open_server(args: &[&str]) -> (tempfile::TempDir, Server, SocketAddr) {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = crate::cli::filimbi(
        dir.path(),
        &["keygen", "--name", "offline", "--out", "offline.key"],
    );
    assert!(key.status.success(), "{}", crate::cli::stderr(&key));
    let (server, addr) = start_server(dir.path(), args).await;
    (dir, server, addr)
}

/// One request on a fresh connection, the whole answer read (at most 30 s).
pub async fn exchange(addr: SocketAddr, request: Vec<u8>) -> Reply {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(&request).await.expect("send");
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut raw)).await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::IM_A_TEAPOT);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    Reply {
        status,
        headers: axum::http::HeaderMap::new(),
        body: body.to_owned(),
    }
}

/// Connects, sends a request line and then one header byte every two seconds; returns how
/// long the server kept the connection open (`None`: still open after 30 s).
async fn trickle(addr: SocketAddr, connected: Arc<AtomicUsize>) -> Option<Duration> {
    let mut s = TcpStream::connect(addr).await.ok()?;
    let started = Instant::now();
    connected.fetch_add(1, Ordering::SeqCst);
    if s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .is_err()
    {
        return Some(started.elapsed());
    }
    let mut buf = [0u8; 512];
    for _ in 0..15 {
        let read = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            return Some(started.elapsed());
        }
        if s.write_all(b"a").await.is_err() {
            return Some(started.elapsed());
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_slowloris_connections_do_not_stop_a_report_and_are_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = filimbi(
        dir.path(),
        &["keygen", "--name", "offline", "--out", "offline.key"],
    );
    assert!(key.status.success(), "{}", stderr(&key));
    let (server, addr) = start_server(
        dir.path(),
        &["--header-timeout-secs", &HEADER_TIMEOUT_SECS.to_string()],
    )
    .await;
    let pid = server.0.id();

    let connected = Arc::new(AtomicUsize::new(0));
    let attack_started = Instant::now();
    let attackers: Vec<_> = (0..ATTACKERS)
        .map(|_| tokio::spawn(trickle(addr, Arc::clone(&connected))))
        .collect();
    for _ in 0..200 {
        if connected.load(Ordering::SeqCst) == ATTACKERS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(connected.load(Ordering::SeqCst), ATTACKERS, "all connected");

    // A person with JavaScript off: the form page for its token, then the form.
    let form = exchange(
        addr,
        format!("GET /report/other HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.token().expect("form token");
    let body = encode(&[
        ("token", &token),
        ("description", "Someone sells certificates by the road."),
    ]);
    let mut post = format!(
        "POST /report/other HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    post.extend_from_slice(&body);
    let reply = exchange(addr, post).await;
    let submitted_after = attack_started.elapsed();
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.receipt().is_some(), "a receipt under attack");

    let mut longest = Duration::ZERO;
    let mut still_open = 0;
    for attacker in attackers {
        match attacker.await.expect("attacker task") {
            Some(held) => longest = longest.max(held),
            None => still_open += 1,
        }
    }
    let peak = vm_hwm_kib(pid).expect("VmHWM");
    println!(
        "slowloris: {ATTACKERS} connections, report answered {submitted_after:?} into the attack, \
         longest held {longest:?} (header timeout {HEADER_TIMEOUT_SECS} s), \
         server peak RSS (VmHWM) {:.1} MiB",
        peak as f64 / 1024.0
    );
    assert_eq!(still_open, 0, "every trickling connection was closed");
    assert!(
        longest >= Duration::from_secs(HEADER_TIMEOUT_SECS - 1)
            && longest < Duration::from_secs(HEADER_TIMEOUT_SECS + 10),
        "closed after the header timeout, held {longest:?}"
    );

    // SIGTERM: with nothing in flight, the server exits at once and cleanly.
    let mut server = server;
    let term = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Ok(Some(status)) = server.0.try_wait() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        exited.is_some_and(|s| s.success()),
        "clean exit on SIGTERM: {exited:?}"
    );
}
