//! The accept loop: what stands between the router and clients that are slow on purpose, or
//! simply many.
//!
//! - Each connection is HTTP/1 served by hyper with a timer, so a request's headers must
//!   arrive within the **header timeout** (hyper's `header_read_timeout`, which also closes a
//!   kept-alive connection that sends no next request in that time). `axum::serve` runs hyper
//!   without a timer, where this timeout does nothing.
//! - Every request body is wrapped in [`IdleBody`]: a gap longer than the **body idle timeout**
//!   between two pieces of the body ends the request with an error (an upload's spool is then
//!   deleted like any cut-off upload). There is no limit on an upload's total time: over Tor a
//!   large file can take half an hour.
//! - At most **max connections** are open; one more is answered with a short plain `503` and
//!   `Retry-After` and closed, never queued.
//! - On shutdown the listener closes, idle connections close, requests in flight get until the
//!   **drain** deadline to finish.
//!
//! Peer addresses are never read: the accepted address is dropped unlooked-at.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

use crate::http::middleware::App;

/// How the server treats connections.
#[derive(Debug, Clone, Copy)]
pub struct ServerOptions {
    /// Time to send a request's headers (and the most a kept-alive connection idles).
    pub header_timeout: Duration,
    /// Longest gap between two pieces of a request body.
    pub body_idle: Duration,
    /// Open connections at most.
    pub max_connections: usize,
    /// Time requests in flight get to finish at shutdown.
    pub drain: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(20),
            body_idle: Duration::from_secs(60),
            max_connections: 2048,
            drain: Duration::from_secs(30),
        }
    }
}

/// Connections being refused at once; past it, a refused connection is closed without a word
/// (a flood of connections must not buy a flood of tasks).
const MAX_REFUSING: usize = 256;
/// How long a refused connection is kept to deliver the 503.
const REFUSE_FOR: Duration = Duration::from_secs(2);
/// The answer beyond the connection cap.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Retry-After: 10\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Length: 52\r\n\
Cache-Control: no-store\r\n\
Connection: close\r\n\
\r\n\
The server is busy. Please try again in a minute.\r\n\r\n";

/// Serves `router` on `listener` until `shutdown` completes, then drains (see the module
/// documentation). Returns when every connection has ended or the drain deadline has passed.
pub async fn run(
    listener: TcpListener,
    router: App,
    opts: ServerOptions,
    shutdown: impl Future<Output = ()>,
) {
    let max = opts.max_connections.clamp(1, u32::MAX as usize);
    let open = Arc::new(Semaphore::new(max));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    // Set while accepting fails: the failure is logged once a streak, not once an attempt (a
    // flood of connections must not buy a flood of log lines).
    let mut accept_failing = false;
    loop {
        let stream = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                // The peer address is deliberately ignored.
                Ok((stream, _)) => {
                    accept_failing = false;
                    stream
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    if !accept_failing {
                        tracing::warn!(error = %e, "accept failed (not logged again until it works)");
                        accept_failing = true;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        match Arc::clone(&open).try_acquire_owned() {
            Ok(permit) => {
                let router = router.clone();
                let stop = stop_rx.clone();
                tokio::spawn(async move {
                    serve_connection(stream, router, opts, stop).await;
                    drop(permit);
                });
            }
            Err(_) => {
                if let Ok(permit) = Arc::clone(&refusing).try_acquire_owned() {
                    tokio::spawn(async move {
                        let _ = tokio::time::timeout(REFUSE_FOR, refuse(stream)).await;
                        drop(permit);
                    });
                }
            }
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a permit until it ends: all of them back means all ended.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    if tokio::time::timeout(opts.drain, open.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("drain deadline passed: closing the connections still open");
    }
}

/// One connection, until it ends or, after shutdown, its request in flight is answered.
async fn serve_connection(
    stream: TcpStream,
    router: App,
    opts: ServerOptions,
    mut stop: watch::Receiver<bool>,
) {
    let idle = opts.body_idle;
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let req = req.map(|body| axum::body::Body::new(IdleBody::new(body, idle)));
        router.clone().oneshot(req)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(opts.header_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        stopping = async { stop.wait_for(|stopping| *stopping).await.is_ok() } => {
            if !stopping {
                // The server is gone without a drain: end the connection.
                return;
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Says "busy" and closes, reading what the client sent meanwhile so the close does not
/// reset the connection before the answer is read.
async fn refuse(mut stream: TcpStream) -> std::io::Result<()> {
    stream.write_all(BUSY).await?;
    stream.shutdown().await?;
    let mut sink = [0u8; 1024];
    while stream.read(&mut sink).await? > 0 {}
    Ok(())
}

/// A request body was cut off: nothing arrived for longer than the body idle timeout.
#[derive(Debug, thiserror::Error)]
#[error("request body idle for too long")]
pub struct BodyIdle;

/// A request body that fails with [`BodyIdle`] when the client sends nothing for `idle` while
/// the server waits for the next piece. The clock runs only while the server waits, so time
/// the handler spends on a piece (encrypting, writing) never counts against the client.
pub struct IdleBody<B> {
    inner: B,
    idle: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
    /// The clock runs (the last poll found nothing to read).
    waiting: bool,
    expired: bool,
}

impl<B> IdleBody<B> {
    /// Wraps `inner`.
    pub fn new(inner: B, idle: Duration) -> Self {
        Self {
            inner,
            idle,
            sleep: None,
            waiting: false,
            expired: false,
        }
    }
}

impl<B> HttpBody for IdleBody<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.expired {
            return Poll::Ready(Some(Err(Box::new(BodyIdle))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.waiting = false;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let deadline = Instant::now() + this.idle;
                let sleep = match &mut this.sleep {
                    Some(sleep) => {
                        if !this.waiting {
                            sleep.as_mut().reset(deadline);
                        }
                        sleep
                    }
                    None => this
                        .sleep
                        .insert(Box::pin(tokio::time::sleep_until(deadline))),
                };
                this.waiting = true;
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.expired = true;
                        Poll::Ready(Some(Err(Box::new(BodyIdle))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        !self.expired && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use http_body_util::StreamBody;
    use std::convert::Infallible;

    #[tokio::test]
    async fn a_body_that_stops_fails_after_the_idle_time_and_a_steady_one_does_not() {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, Infallible>>(4);
        let stream = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        });
        let mut body = IdleBody::new(StreamBody::new(Box::pin(stream)), Duration::from_secs(1));
        let sender = tokio::spawn(async move {
            for _ in 0..4 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                let _ = tx.send(Ok(Frame::data(Bytes::from_static(b"x")))).await;
            }
            // Then silence, with the sender kept open.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            drop(tx);
        });
        for _ in 0..4 {
            let frame = body.frame().await;
            assert!(matches!(frame, Some(Ok(_))), "a piece every 0.3 s passes");
        }
        let started = Instant::now();
        let cut = body.frame().await;
        assert!(matches!(cut, Some(Err(e)) if e.is::<BodyIdle>()));
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
            "{waited:?}"
        );
        drop(sender);
    }
}
