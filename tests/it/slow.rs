//! Slow and many clients (`http::server`): the real accept loop on a loopback port, spoken to
//! over real TCP sockets byte by byte, with short timeouts.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use filimbi::http::server::{self, ServerOptions};
use filimbi::services::intake::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{Reply, TestApp, multipart};

/// A running server and the switch that shuts it down.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<()>,
}

async fn start(app: &TestApp, opts: ServerOptions) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let router = app.router.clone();
    let done = tokio::spawn(server::run(listener, router, opts, async {
        let _ = rx.await;
    }));
    Running {
        addr,
        stop: Some(tx),
        done,
    }
}

fn opts(header: u64, idle: u64, max_connections: usize) -> ServerOptions {
    ServerOptions {
        header_timeout: Duration::from_secs(header),
        body_idle: Duration::from_secs(idle),
        max_connections,
        drain: Duration::from_secs(20),
    }
}

/// Reads a whole response (the server closes after it) within 30 s.
async fn read_reply(stream: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw)).await;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::IM_A_TEAPOT);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut headers = axum::http::HeaderMap::new();
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':')
            && let (Ok(k), Ok(v)) = (
                axum::http::HeaderName::from_bytes(k.trim().as_bytes()),
                axum::http::HeaderValue::from_str(v.trim()),
            )
        {
            headers.append(k, v);
        }
    }
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// GET over a fresh connection.
async fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .expect("send");
    read_reply(&mut s).await
}

/// The head and body of a report with `files`, with a fresh token from the form page.
async fn report(addr: SocketAddr, files: &[(&str, &[u8])]) -> (Vec<u8>, Vec<u8>) {
    let token = get(addr, "/report/other")
        .await
        .token()
        .expect("form token");
    let (content_type, body) = multipart(
        &[("token", &token), ("description", "Sent over a slow link.")],
        files,
    );
    let head = format!(
        "POST /report/other HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    (head.into_bytes(), body)
}

/// Waits (at most 10 s) until `cond` holds.
async fn eventually(mut cond: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if cond() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    cond()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_headers_is_cut_off_after_the_header_timeout() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(2, 60, 64)).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .expect("send");
    let started = Instant::now();
    let mut closed_after = None;
    for _ in 0..40 {
        if s.write_all(b"a").await.is_err() {
            closed_after = Some(started.elapsed());
            break;
        }
        let mut buf = [0u8; 256];
        let read = tokio::time::timeout(Duration::from_millis(250), s.read(&mut buf)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            closed_after = Some(started.elapsed());
            break;
        }
    }
    let closed_after = closed_after.expect("the connection was closed");
    assert!(
        closed_after >= Duration::from_millis(1500) && closed_after < Duration::from_secs(6),
        "closed after {closed_after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_but_steady_upload_is_not_cut_off_and_gets_its_receipt() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(2, 3, 64)).await;
    let photo = vec![0x5au8; 40 * 1024];
    let (head, body) = report(srv.addr, &[("scan.bin", &photo)]).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(&head).await.expect("head");
    let started = Instant::now();
    // Six pieces a second apart: well past the header timeout in total.
    for piece in body.chunks(body.len().div_ceil(6)) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        s.write_all(piece).await.expect("piece");
    }
    let reply = read_reply(&mut s).await;
    assert!(started.elapsed() > Duration::from_secs(5));
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.receipt().is_some());
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_is_cut_off_and_leaves_no_spool_or_staged_blob() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(2, 2, 64)).await;
    let file = vec![0x33u8; 200 * 1024];
    let (head, body) = report(srv.addr, &[("big.bin", &file)]).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(&head).await.expect("head");
    // Into the middle of the file, then silence with the connection open.
    s.write_all(&body[..body.len() / 2]).await.expect("half");
    assert!(
        eventually(|| app.spool_files() == 1).await,
        "the file is being spooled"
    );
    let started = Instant::now();
    let reply = read_reply(&mut s).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(8),
        "answered after {waited:?}"
    );
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("<html"), "the site's error page");
    assert!(eventually(|| app.spool_files() == 0).await, "spool deleted");
    assert_eq!(app.staged_count().await, 0);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_past_the_cap_gets_503_and_the_server_serves_again_after_one_closes() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(30, 60, 3)).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        // A kept-alive connection with one answered request: surely accepted and counted.
        let mut s = TcpStream::connect(srv.addr).await.expect("connect");
        s.write_all(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("send");
        let mut buf = vec![0u8; 64 * 1024];
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
            .await
            .expect("answer in time")
            .expect("read");
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        held.push(s);
    }
    let refused = get(srv.addr, "/").await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.body.contains("busy"));

    drop(held.pop());
    let mut served = false;
    for _ in 0..50 {
        if get(srv.addr, "/").await.status == StatusCode::OK {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(served, "a freed slot serves again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirteen_uploaders_that_stop_do_not_block_a_normal_upload() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(5, 4, 256)).await;
    // The attack that held all 64 file slots before: tiny files, then silence.
    let mut idle = Vec::new();
    for i in 0..13 {
        let tiny: Vec<(String, Vec<u8>)> = (0..5)
            .map(|j| {
                (
                    format!("t{i}-{j}.txt"),
                    format!("tiny {i} {j}").into_bytes(),
                )
            })
            .collect();
        let files: Vec<(&str, &[u8])> = tiny
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let (head, body) = report(srv.addr, &files).await;
        let mut s = TcpStream::connect(srv.addr).await.expect("connect");
        s.write_all(&head).await.expect("head");
        // Everything but the closing boundary: every file is complete and spooled.
        s.write_all(&body[..body.len() - 40]).await.expect("files");
        idle.push(s);
    }
    assert!(
        eventually(|| app.spool_files() == 65).await,
        "65 tiny files held, found {}",
        app.spool_files()
    );
    let (head, body) = report(srv.addr, &[("evidence.pdf", b"%PDF-1.4 a real one")]).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(&head).await.expect("head");
    s.write_all(&body).await.expect("body");
    let reply = read_reply(&mut s).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.receipt().is_some());
    // And the idle ones lose what they held at the body idle timeout.
    for mut s in idle {
        let cut = read_reply(&mut s).await;
        assert_eq!(cut.status, StatusCode::BAD_REQUEST);
    }
    assert!(eventually(|| app.spool_files() == 0).await);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn the_spool_budget_counts_bytes_written() {
    let app = TestApp::with_limits(Limits {
        spool_budget_bytes: 512 * 1024,
        ..Limits::default()
    })
    .await;
    let big = vec![0x77u8; 2 * 1024 * 1024];
    let refused = app
        .submit_files(
            "other",
            &[("description", "too much at once")],
            &[("a.bin", &big)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.body.contains("try again in a few minutes"));
    assert_eq!(app.spool_files(), 0);
    assert_eq!(app.case_count().await, 0);
    // What was charged is given back: files within the budget pass, many of them.
    let small = vec![0x78u8; 100 * 1024];
    let ok = app
        .submit_files(
            "other",
            &[("description", "fits")],
            &[("a.bin", &small), ("b.bin", &small), ("c.bin", &small)],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_request_in_flight_finish_and_accepts_no_more() {
    let app = TestApp::new().await;
    let mut srv = start(&app, opts(5, 5, 64)).await;
    let file = vec![0x44u8; 64 * 1024];
    let (head, body) = report(srv.addr, &[("late.bin", &file)]).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(&head).await.expect("head");
    let (first, rest) = body.split_at(body.len() / 3);
    s.write_all(first).await.expect("first");
    tokio::time::sleep(Duration::from_millis(300)).await;
    if let Some(stop) = srv.stop.take() {
        let _ = stop.send(());
    }
    // The listener closes: new connections are refused by the system.
    let mut refused = false;
    for _ in 0..50 {
        if TcpStream::connect(srv.addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(refused, "no new connections after shutdown");
    for piece in rest.chunks(rest.len().div_ceil(3)) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.write_all(piece).await.expect("piece");
    }
    let reply = read_reply(&mut s).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.receipt().is_some());
    tokio::time::timeout(Duration::from_secs(10), &mut srv.done)
        .await
        .expect("the server stops once drained")
        .expect("server task");
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_alive_connection_that_sends_no_next_request_is_closed_after_the_header_timeout() {
    let app = TestApp::new().await;
    let srv = start(&app, opts(2, 60, 64)).await;
    let mut s = TcpStream::connect(srv.addr).await.expect("connect");
    s.write_all(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send");
    let mut buf = vec![0u8; 64 * 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .expect("answer in time")
        .expect("read");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    // Drain any rest of the answer, then wait for the close (bounded by the timeout).
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(10) {
        match tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {}
            Err(_) => break,
        }
    }
    let idle = started.elapsed();
    assert!(closed, "closed by the server");
    assert!(
        idle >= Duration::from_millis(1500) && idle < Duration::from_secs(6),
        "idled {idle:?}"
    );
}
