//! The HTTP/1 server of `mendan serve`, with the limits `axum::serve` does not set: a client must
//! send its request head within [`Limits::header_read`] (slowloris; this also closes idle
//! keep-alive connections), must not pause a body longer than [`Limits::body_idle`], and at most
//! [`Limits::connections`] connections are served at once (further ones wait in the kernel's
//! backlog until one ends).

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time to receive a request's head (line and headers), counted from when the server is
    /// ready to read it: also how long an idle keep-alive connection stays open.
    pub header_read: Duration,
    /// Longest pause between two pieces of a request body; an upload that stalls longer fails.
    pub body_idle: Duration,
    /// Connections served at once.
    pub connections: usize,
    /// After shutdown begins, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

/// What `mendan serve` uses (README, Configuration).
pub const LIMITS: Limits = Limits {
    header_read: Duration::from_secs(10),
    body_idle: Duration::from_secs(30),
    connections: 256,
    shutdown_grace: Duration::from_secs(30),
};

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish
/// (up to [`Limits::shutdown_grace`]). Handlers can read the peer's address as
/// `ConnectInfo<std::net::SocketAddr>`.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let app = app.layer(RequestBodyTimeoutLayer::new(limits.body_idle));
    let slots = Arc::new(Semaphore::new(limits.connections));
    let (stop, stopping) = watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(request)
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(TokioIo::new(stream), service)
                // The call relay's WebSockets.
                .with_upgrades();
            tokio::pin!(connection);
            let mut closing = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    _ = stopping.changed(), if !closing => {
                        closing = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop.send(());
    // Every slot back means every connection has ended.
    let all = u32::try_from(limits.connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(all)).await.is_err() {
        tracing::warn!("requests still in flight after the shutdown grace period were cut off");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// A guard against hanging, not a measurement.
    const HANG_GUARD: Duration = Duration::from_secs(20);

    async fn start(limits: Limits) -> (SocketAddr, watch::Sender<bool>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/", get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.ip().to_string() }))
            .route("/echo", post(|body: String| async move { body }));
        let (stop, mut stopped) = watch::channel(false);
        tokio::spawn(serve(listener, app, limits, async move {
            let _ = stopped.wait_for(|s| *s).await;
        }));
        (addr, stop)
    }

    /// Reads until the server closes the connection; what it sent.
    async fn read_to_close(stream: &mut TcpStream) -> String {
        let mut answer = Vec::new();
        tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut answer)).await.expect("closed").unwrap_or(0);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Reads until a response's head has arrived or the server closes the connection.
    async fn read_head(stream: &mut TcpStream) -> String {
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match tokio::time::timeout(HANG_GUARD, stream.read(&mut buf)).await.expect("an answer") {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn quick(connections: usize) -> Limits {
        Limits {
            header_read: Duration::from_millis(300),
            body_idle: Duration::from_millis(300),
            connections,
            shutdown_grace: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn a_client_that_never_finishes_its_headers_is_disconnected() {
        let (addr, _stop) = start(quick(8)).await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        let answer = read_to_close(&mut slow).await;
        assert!(!answer.contains("200 OK"), "{answer}");
        let mut idle = TcpStream::connect(addr).await.unwrap();
        read_to_close(&mut idle).await;
    }

    #[tokio::test]
    async fn a_stalled_body_fails_the_request() {
        let (addr, _stop) = start(quick(8)).await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        let head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n";
        slow.write_all(head.as_bytes()).await.unwrap();
        slow.write_all(b"only ten b").await.unwrap();
        let answer = read_head(&mut slow).await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }

    #[tokio::test]
    async fn connections_beyond_the_cap_wait_for_a_free_slot() {
        let limits = Limits { header_read: Duration::from_secs(60), ..quick(1) };
        let (addr, _stop) = start(limits).await;
        // Accepted first (the backlog is in order), the holder takes the only slot.
        let holder = TcpStream::connect(addr).await.unwrap();
        let mut waiting = TcpStream::connect(addr).await.unwrap();
        waiting.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut first = [0u8; 1];
        let early = tokio::time::timeout(Duration::from_millis(500), waiting.read(&mut first)).await;
        assert!(early.is_err(), "answered while the only slot was taken");
        drop(holder);
        let answer = read_to_close(&mut waiting).await;
        assert!(answer.ends_with("127.0.0.1"), "served, with the peer's address: {answer}");
    }

    #[tokio::test]
    async fn shutdown_lets_a_request_in_flight_finish() {
        let (addr, stop) = start(quick(8)).await;
        let mut client = TcpStream::connect(addr).await.unwrap();
        client.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab").await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop.send(true).unwrap();
        client.write_all(b"cd").await.unwrap();
        let answer = read_to_close(&mut client).await;
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("abcd"), "{answer}");
    }
}
