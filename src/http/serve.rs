//! Accepting connections, with the hygiene a public server needs on contest day:
//!
//! - a **header-read timeout**: a client that sends a request line and never finishes its
//!   headers is closed after [`Config::header_timeout`](crate::config::Config), and so is a
//!   keep-alive connection that sends nothing more for as long (hyper restarts the same timer
//!   while it waits for the next request's headers);
//! - a **cap per client address** on connections that are still plain HTTP: once a connection
//!   becomes a WebSocket it no longer counts, so a hall of phones behind one address still
//!   watches the live board;
//! - "too many open files" makes the loop pause briefly and say so once in a while, instead of
//!   spinning and logging every second;
//! - on SIGTERM or Ctrl-C it stops accepting, sends every WebSocket a close frame (1001), lets
//!   requests in flight finish, and returns.

use super::app;
use crate::state::AppState;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::Service;

/// Kernel send buffer of every connection. Linux would grow it to 4 MiB for a client that does
/// not read; with thousands of spectators that is memory a few slow phones could take. Capped,
/// a slow spectator soon stops taking bytes, falls behind its board, and is sent a fresh
/// snapshot when it catches up. (The kernel doubles the figure.)
const SEND_BUFFER: usize = 64 * 1024;

/// How long requests in flight may take to finish once the server is stopping.
const DRAIN: Duration = Duration::from_secs(10);
/// How long WebSockets get to answer their close frames.
const CLOSE_WAIT: Duration = Duration::from_secs(3);

/// Plain-HTTP connections per client address.
#[derive(Clone, Default)]
struct PerAddress(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection's place in its address's count, given back when it closes or upgrades.
struct Slot {
    counts: PerAddress,
    ip: IpAddr,
}

impl PerAddress {
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = counts.entry(ip).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            counts: self.clone(),
            ip,
        })
    }

    fn total(&self) -> usize {
        self.0.lock().map(|c| c.values().sum()).unwrap_or_default()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = counts.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// Says at most once in a while that accepting fails, with how often it did meanwhile.
struct AcceptErrors {
    last: Option<Instant>,
    since: u64,
}

impl AcceptErrors {
    fn note(&mut self, err: &std::io::Error) {
        self.since += 1;
        if self
            .last
            .is_none_or(|t| t.elapsed() >= Duration::from_secs(10))
        {
            tracing::warn!(error = %err, times = self.since, "cannot accept connections");
            self.last = Some(Instant::now());
            self.since = 0;
        }
    }
}

/// Out of file descriptors (or memory for sockets): waiting a little lets connections close.
fn is_exhaustion(err: &std::io::Error) -> bool {
    matches!(
        err.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// Serves until SIGTERM or Ctrl-C, then closes the sockets and finishes the requests in flight.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    // The handlers are in place before the first request: a SIGTERM that comes right after
    // the server says it is listening stops it gracefully instead of killing it.
    let stop = shutdown_signal();
    serve_until(listener, state, stop).await
}

/// [`serve`], stopping when `stop` completes instead of on a signal.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    // Accepted sockets inherit the listening socket's buffer size.
    socket2::SockRef::from(&listener).set_send_buffer_size(SEND_BUFFER)?;
    let config = state.config.clone();
    let shutdown = state.shutdown.clone();
    let router = app(state);
    let counts = PerAddress::default();
    let (closing, closed) = watch::channel(false);
    let mut errors = AcceptErrors {
        last: None,
        since: 0,
    };
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    errors.note(&err);
                    let pause = if is_exhaustion(&err) { 100 } else { 5 };
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                    continue;
                }
            },
        };
        let Some(slot) = counts.take(peer.ip(), config.max_connections_per_address) else {
            tracing::debug!(%peer, "too many connections from one address");
            continue; // dropped: the connection is closed at once
        };
        // Small frames go out at once: without TCP_NODELAY a second frame written before the
        // first is acknowledged (a catch-up after a snapshot, an ack right after another)
        // waits for the client's delayed ACK, up to 40 ms.
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "TCP_NODELAY not set");
        }
        let router = router.clone();
        let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().call(request)
        });
        let mut closed = closed.clone();
        let timeout = config.header_timeout;
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = async { let _ = closed.wait_for(|c| *c).await; } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            // Closed, or handed over to a WebSocket: either way it counts no longer.
            drop(slot);
        });
    }
    tracing::info!("shutting down");
    drop(listener);
    shutdown.begin();
    let _ = closing.send(true);
    let deadline = Instant::now() + DRAIN;
    while counts.total() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    shutdown.sockets_closed(CLOSE_WAIT).await;
    Ok(())
}

/// SIGTERM or Ctrl-C. SIGTERM's handler is installed by this call, not when the future is first
/// polled (the accept loop may take a connection before it polls its stop future).
fn shutdown_signal() -> impl Future<Output = ()> {
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let terminate = async {
            match terminate {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {},
            () = terminate => {},
        }
    }
}

/// Raises this process's open-files limit to the most the system allows it (the hard limit):
/// every spectator is an open socket. Returns the limit now in force.
pub fn raise_open_files_limit() -> std::io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given, which we own.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        limit = raised;
    }
    Ok(limit.rlim_cur)
}
