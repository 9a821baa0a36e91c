//! Writing one frame to thousands of spectators.
//!
//! A task per spectator woken for every update costs a wake-up, a poll and a write for each of
//! them. Here an event's spectators are held by a **shard** (a thread of its own), which writes
//! each frame on one thread per core, each taking the next run of sockets, without waiting on
//! any of them: the frame's bytes, made once ([`text_frame`]), go to each socket in one `write`,
//! as the kernel's own floor does — no per-socket WebSocket buffer, lock or copy. A socket that
//! cannot take the whole frame at once (its kernel buffer is full: a slow phone) leaves the
//! shard for a recovery task that finishes the frame when it drains, sends a fresh snapshot, and
//! puts it back.
//!
//! Only the shard writes to a spectator's socket: what the spectator's reading side must send
//! (the answer to a ping, the reply to a close) comes to the shard as [`Command::Raw`], so
//! frames never interleave.

use super::boards::{Channel, Frame};
use axum::body::Bytes;
use std::os::fd::RawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// One spectator's socket, as its shard writes to it, and where it stands.
pub struct Spectator {
    /// The socket's descriptor, written to directly (see [`send`]); `socket` keeps it open.
    pub fd: RawFd,
    pub socket: Arc<TcpStream>,
    /// The highest seq this spectator has been sent.
    pub last: u64,
    /// What it asked to resume from, until it has been caught up.
    pub resume: Option<(Option<String>, Option<u64>)>,
    /// Set by the spectator's reading task when the client has gone (it also sends
    /// [`Command::Leave`]); names the spectator in commands.
    pub gone: Arc<AtomicBool>,
}

pub enum Command {
    Join(Box<Spectator>),
    Frame(Frame),
    /// Bytes the spectator's reading side must send (a pong, a close reply), in order.
    Raw(Arc<AtomicBool>, Bytes),
    /// Close one spectator's socket with this code (it sent something a spectator never sends).
    CloseOne(Arc<AtomicBool>, u16),
    /// Close every socket with this code (the server is stopping).
    CloseAll(u16),
    /// The spectator has gone: it leaves the shard.
    Leave(Arc<AtomicBool>),
    /// Ping every socket (the shard's own timer).
    Ping,
}

/// A server's (unmasked) WebSocket frame with opcode `op` around `payload`.
fn frame(op: u8, payload: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(payload.len() + 10);
    out.push(0x80 | op);
    match payload.len() {
        n if n < 126 => out.push(n as u8),
        n if n <= usize::from(u16::MAX) => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    out.into()
}

/// A text frame: what every board message becomes once, for all its spectators.
pub fn text_frame(text: &[u8]) -> Bytes {
    frame(0x1, text)
}

/// A close frame with a code and a short ASCII reason.
fn close_frame(code: u16) -> Bytes {
    let mut payload = code.to_be_bytes().to_vec();
    payload.extend_from_slice(reason_of(code).as_bytes());
    frame(0x8, &payload)
}

/// What a close code says, for the close frame (ASCII: a reason is at most 123 bytes).
fn reason_of(code: u16) -> &'static str {
    match code {
        1001 => "server going away",
        1003 => "binary frames are not accepted",
        1009 => "message too big",
        _ => "",
    }
}

enum Sent {
    Done,
    /// The socket took only the first `n` bytes (maybe none); the rest must follow first.
    Stalled(usize),
    Closed,
}

/// One `send`, never waiting: straight to the kernel, as the floor does, without Tokio's
/// readiness bookkeeping (the recovery task, which does wait, asks Tokio afresh).
fn send(fd: RawFd, wire: &[u8]) -> Sent {
    loop {
        // SAFETY: `fd` is the descriptor of a `TcpStream` its `Spectator` holds (an `Arc`), so
        // it stays open and is this socket for as long as the spectator is in the shard; `wire`
        // is a live slice of `wire.len()` bytes.
        let n = unsafe {
            libc::send(
                fd,
                wire.as_ptr().cast(),
                wire.len(),
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            )
        };
        return match usize::try_from(n) {
            Ok(n) if n == wire.len() => Sent::Done,
            Ok(n) => Sent::Stalled(n),
            Err(_) => match std::io::Error::last_os_error().kind() {
                std::io::ErrorKind::Interrupted => continue,
                std::io::ErrorKind::WouldBlock => Sent::Stalled(0),
                _ => Sent::Closed,
            },
        };
    }
}

fn try_send(s: &mut Spectator, frame: &Frame) -> Sent {
    let sent = send(s.fd, &frame.wire);
    if let Sent::Stalled(_) = sent {
        tracing::debug!(seq = frame.seq, "spectator stalled");
    }
    if !matches!(sent, Sent::Closed) {
        s.last = s.last.max(frame.seq);
    }
    sent
}

/// How long a spectator may go without a byte before it is pinged (keeps NAT mappings and
/// proxies from timing out, and finds the phones that have gone). A board that is updating
/// needs no pings: its frames do the same.
const PING: Duration = Duration::from_secs(30);
/// The pings of an idle shard go out a slice at a time, one slice per tick, [`PING`] for the
/// whole round: 19,000 pings at once would bring 19,000 pongs back at once, a burst of wake-ups
/// that an update arriving at that moment would wait behind.
const PING_TICK: Duration = Duration::from_secs(1);
const PING_SLICES: usize = 30;

/// A shard: its spectators, and the frames and newcomers sent to it in order.
///
/// A shard is a thread of its own, as the kernel floor's writers are: the writes of one update
/// never wait for a runtime worker that is busy with something else, and its writers (one per
/// core, [`send_all`]) write side by side. It only ever blocks on its command queue; the waiting
/// that recovery needs happens on the runtime (`runtime`).
pub fn shard(
    channel: Arc<Channel>,
    me: mpsc::Sender<Command>,
    commands: mpsc::Receiver<Command>,
    runtime: tokio::runtime::Handle,
) {
    // Inline, not boxed: the write loop walks descriptors and seqs side by side in memory.
    let mut active: Vec<Spectator> = Vec::new();
    let mut next_ping = Instant::now() + PING_TICK;
    let mut last_frame = Instant::now();
    let mut ping_cursor = 0;
    let ping_frame = frame(0x9, &[]);
    let writers = writers();
    // A spectator leaves the shard for recovery with the unsent rest of a frame.
    let stall = |s: Spectator, rest: Bytes| {
        runtime.spawn(recover(channel.clone(), me.clone(), Box::new(s), rest));
    };
    loop {
        let command =
            match commands.recv_timeout(next_ping.saturating_duration_since(Instant::now())) {
                Ok(c) => c,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Nobody but the shard holds the channel: its server is gone (the runtime
                    // ended, the boards with it), and so is this thread.
                    if Arc::strong_count(&channel) <= 1 {
                        return;
                    }
                    next_ping = Instant::now() + PING_TICK;
                    Command::Ping
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
        match command {
            Command::Join(s) => {
                let mut s = *s;
                if s.gone.load(Ordering::Relaxed) {
                    continue;
                }
                let (stream, since) = s.resume.take().unwrap_or((None, None));
                // Frames already queued behind this join are skipped by their seq.
                let mut outcome = (Sent::Done, Bytes::new());
                for frame in channel.catch_up(stream.as_deref(), since) {
                    let sent = try_send(&mut s, &frame);
                    if !matches!(sent, Sent::Done) {
                        let rest = match sent {
                            Sent::Stalled(n) => frame.wire.slice(n..),
                            _ => Bytes::new(),
                        };
                        outcome = (sent, rest);
                        break;
                    }
                }
                if s.last == 0 {
                    s.last = since.unwrap_or(0);
                }
                match outcome {
                    (Sent::Done, _) => active.push(s),
                    (Sent::Stalled(_), rest) => stall(s, rest),
                    (Sent::Closed, _) => {}
                }
            }
            Command::Raw(who, bytes) => {
                if let Some(i) = active.iter().position(|s| Arc::ptr_eq(&s.gone, &who)) {
                    match send(active[i].fd, &bytes) {
                        Sent::Done => {}
                        Sent::Closed => {
                            active.swap_remove(i);
                        }
                        Sent::Stalled(n) => {
                            let s = active.swap_remove(i);
                            stall(s, bytes.slice(n..));
                        }
                    }
                }
            }
            Command::CloseOne(who, code) => {
                if let Some(i) = active.iter().position(|s| Arc::ptr_eq(&s.gone, &who)) {
                    let s = active.swap_remove(i);
                    let _ = send(s.fd, &close_frame(code));
                }
            }
            Command::CloseAll(code) => {
                let close = close_frame(code);
                for s in active.drain(..) {
                    let _ = send(s.fd, &close);
                }
            }
            Command::Leave(who) => {
                active.retain(|s| !Arc::ptr_eq(&s.gone, &who));
            }
            Command::Frame(frame) => {
                send_all(&mut active, frame.seq, &frame.wire, &stall, writers);
                last_frame = Instant::now();
            }
            Command::Ping => {
                if last_frame.elapsed() >= PING {
                    ping_cursor = ping_slice(&mut active, ping_cursor, &ping_frame, &stall);
                }
            }
        }
    }
}

/// Writes `wire` to every active spectator that has not seen `seq` yet (seqs start at 1),
/// dropping the closed and handing the stalled to recovery.
///
/// On `writers` threads (the shard's own and scoped helpers for this frame), each taking the
/// next [`WRITE_RUN`] sockets until none are left, so that they finish together. With a fixed
/// half each, one thread shared its core with the spectators' readers for the whole frame while
/// the other had one to itself: measured on 2 cores (`live_load`, 19,000 spectators), the same
/// CPU each but 106–110 ms against 80–84 ms of wall time, the frame as late as the slower half.
///
/// Each writer is pinned to a core of its own for the frame. A frame keeps both cores busy
/// (the writers, and the spectators' side of every write in the kernel), and a scheduler that
/// packs threads onto fewer cores (the test machines' `kernel.sched_vcpu_pack`) was seen to
/// stack two busy threads on one core while the other idled for 45–113 ms; pinned writers
/// cannot be stacked. Taking runs in turn keeps a writer whose core is busy with something else
/// from holding the frame back: the other takes more runs. Measured with `live_load` on one
/// build, pinned and not in turns (2026-12-08, two machines, 16 runs each): p99 within 1.1×
/// the lower floor in 14 runs pinned, 9 not.
fn send_all(
    active: &mut Vec<Spectator>,
    seq: u64,
    wire: &Bytes,
    stall: &impl Fn(Spectator, Bytes),
    writers: usize,
) {
    let active_runs = active.len().div_ceil(WRITE_RUN);
    let runs = std::sync::Mutex::new(active.chunks_mut(WRITE_RUN).enumerate());
    // Each thread answers the sockets that left (index; `Some(n)`: stalled after n bytes,
    // `None`: closed) and how many it wrote.
    let write = || {
        let mut left: Vec<(usize, Option<usize>)> = Vec::new();
        let mut written = 0;
        loop {
            let next = runs.lock().unwrap_or_else(|p| p.into_inner()).next();
            let Some((run, spectators)) = next else {
                return (left, written);
            };
            for (j, s) in spectators.iter_mut().enumerate() {
                if seq <= s.last {
                    continue;
                }
                match send(s.fd, wire) {
                    Sent::Done => {
                        s.last = seq;
                        written += 1;
                    }
                    Sent::Closed => left.push((run * WRITE_RUN + j, None)),
                    Sent::Stalled(n) => {
                        s.last = s.last.max(seq);
                        left.push((run * WRITE_RUN + j, Some(n)));
                    }
                }
            }
        }
    };
    let cpus = allowed_cpus();
    // No more threads than there are runs: a small hall is written by the shard alone.
    let threads = writers.min(active_runs);
    let pin_to = |k: usize| (threads > 1 && cpus.len() > 1).then(|| cpus[k % cpus.len()]);
    let (mut left, written) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|k| {
                let (write, pin_to) = (&write, &pin_to);
                scope.spawn(move || {
                    if let Some(cpu) = pin_to(k) {
                        pin(&[cpu]);
                    }
                    write()
                })
            })
            .collect();
        let (mut left, mut written) = match pin_to(0) {
            Some(cpu) => {
                pin(&[cpu]);
                let done = write();
                // The shard's own thread goes back to wherever it may run.
                pin(&cpus);
                done
            }
            None => write(),
        };
        for helper in helpers {
            let (more, n) = helper.join().unwrap_or_default();
            left.extend(more);
            written += n;
        }
        (left, written)
    });
    // From the highest index down: what `swap_remove` moves into a place comes from above it,
    // where everything that left has already gone.
    left.sort_unstable_by_key(|l| std::cmp::Reverse(l.0));
    for (i, stalled) in left {
        let s = active.swap_remove(i);
        if let Some(n) = stalled {
            tracing::debug!(seq, "spectator stalled");
            stall(s, wire.slice(n..));
        }
    }
    // Once a frame, not once a socket: nothing added to the write loop's path.
    crate::metrics::updates_written(written);
}

/// Sockets a writer takes at a time: small enough that the threads end within a few hundred
/// microseconds of each other, large enough that taking them costs nothing.
const WRITE_RUN: usize = 256;

/// Threads that write each frame: one per core, as the kernel floor's writers.
fn writers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// The CPUs this thread may run on (the process's affinity, as a cpuset or `taskset` left it).
fn allowed_cpus() -> Vec<usize> {
    // SAFETY: `set` is a plain bitmask the call fills in; its size is passed with it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect()
    }
}

/// Lets this thread run only on `cpus` (a failure leaves it where the kernel puts it).
fn pin(cpus: &[usize]) {
    // SAFETY: as in `allowed_cpus`; `0` names the calling thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for &c in cpus {
            libc::CPU_SET(c, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// Pings the next slice of an idle shard's spectators, from `cursor`; answers where the next
/// slice starts. A ping that does not fit now is skipped (`Stalled(0)`): the next will tell.
fn ping_slice(
    active: &mut Vec<Spectator>,
    cursor: usize,
    ping: &Bytes,
    stall: &impl Fn(Spectator, Bytes),
) -> usize {
    let mut i = if cursor < active.len() { cursor } else { 0 };
    let end = (i + active.len().div_ceil(PING_SLICES)).min(active.len());
    let mut end = end;
    while i < end {
        match send(active[i].fd, ping) {
            Sent::Done | Sent::Stalled(0) => i += 1,
            Sent::Closed => {
                active.swap_remove(i);
                end = end.min(active.len());
            }
            Sent::Stalled(n) => {
                let s = active.swap_remove(i);
                stall(s, ping.slice(n..));
                end = end.min(active.len());
            }
        }
    }
    i
}

/// Writes all of `wire`, waiting for the socket to drain as often as it must.
async fn write_all(socket: &TcpStream, mut wire: &[u8]) -> std::io::Result<()> {
    while !wire.is_empty() {
        socket.writable().await?;
        match socket.try_write(wire) {
            Ok(n) => wire = &wire[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A spectator too slow to keep up: once its socket has drained (the unfinished frame first)
/// it gets a fresh snapshot (never silence), and rejoins its shard from there.
async fn recover(
    channel: Arc<Channel>,
    shard: mpsc::Sender<Command>,
    mut s: Box<Spectator>,
    rest: Bytes,
) {
    if write_all(&s.socket, &rest).await.is_err() || s.gone.load(Ordering::Relaxed) {
        return;
    }
    let snapshot = channel.snapshot();
    if write_all(&s.socket, &snapshot.wire).await.is_err() {
        return;
    }
    s.last = snapshot.seq;
    s.resume = Some((Some(channel.stream()), Some(snapshot.seq)));
    let _ = shard.send(Command::Join(s));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// `n` spectators on loopback sockets, with the clients' ends (non-blocking, for reading
    /// what was sent).
    fn spectators(n: usize) -> (Vec<std::net::TcpStream>, Vec<Spectator>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (mut clients, mut active) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let client = std::net::TcpStream::connect(addr).unwrap();
            client.set_nonblocking(true).unwrap();
            let (server, _) = listener.accept().unwrap();
            server.set_nonblocking(true).unwrap();
            let socket = Arc::new(TcpStream::from_std(server).unwrap());
            active.push(Spectator {
                fd: std::os::fd::AsRawFd::as_raw_fd(&*socket),
                socket,
                last: 0,
                resume: None,
                gone: Arc::new(AtomicBool::new(false)),
            });
            clients.push(client);
        }
        (clients, active)
    }

    /// Several writers share one frame's sockets a run at a time: every spectator gets the
    /// frame exactly once, a spectator that already has it is skipped, and one whose client
    /// has gone leaves the shard while the rest stay in place. The shard's thread may run
    /// wherever it could before.
    #[tokio::test]
    async fn writers_share_a_frame_and_each_spectator_gets_it_once() {
        let (mut clients, mut active) = spectators(WRITE_RUN * 2 + 7);
        active[3].last = 5;
        let stall = |_: Spectator, _: Bytes| panic!("nothing stalls on an idle loopback socket");
        let update = text_frame(b"{}");
        let cpus = allowed_cpus();
        assert!(!cpus.is_empty());
        send_all(&mut active, 5, &update, &stall, 3);
        assert_eq!(
            allowed_cpus(),
            cpus,
            "the shard's own thread is pinned for the frame only"
        );
        std::thread::sleep(Duration::from_millis(20));
        for (i, client) in clients.iter_mut().enumerate() {
            let mut buf = [0u8; 64];
            let n = client.read(&mut buf).unwrap_or(0);
            let expected: &[u8] = if i == 3 { &[] } else { &update };
            assert_eq!(&buf[..n], expected, "spectator {i}");
        }
        assert!(active.iter().all(|s| s.last == 5));

        // A client gone (its socket shut for writing on our side: the next send fails).
        let gone_fd = active[WRITE_RUN + 1].fd;
        // SAFETY: the descriptor is open (its spectator holds it); shutdown does not close it.
        unsafe { libc::shutdown(gone_fd, libc::SHUT_WR) };
        send_all(&mut active, 6, &update, &stall, 3);
        assert_eq!(active.len(), WRITE_RUN * 2 + 6);
        assert!(active.iter().all(|s| s.fd != gone_fd && s.last == 6));
    }

    /// An idle shard pings its spectators a slice at a time: after a round of ticks every one
    /// has had exactly one ping, never all of them in one tick.
    #[tokio::test]
    async fn an_idle_shard_pings_everyone_once_a_round_a_slice_at_a_time() {
        let (mut clients, mut active) = spectators(60);
        let ping = frame(0x9, &[]);
        let stall = |_: Spectator, _: Bytes| panic!("nothing stalls on an idle loopback socket");
        let pinged = |clients: &mut Vec<std::net::TcpStream>| -> Vec<usize> {
            std::thread::sleep(Duration::from_millis(20));
            clients
                .iter_mut()
                .map(|c| {
                    let mut buf = [0u8; 64];
                    let n = c.read(&mut buf).unwrap_or(0);
                    assert!(
                        buf[..n].chunks(2).all(|f| f == [0x89, 0x00]),
                        "{:?}",
                        &buf[..n]
                    );
                    n / 2
                })
                .collect()
        };
        let mut cursor = ping_slice(&mut active, 0, &ping, &stall);
        let first = pinged(&mut clients);
        assert_eq!(first.iter().sum::<usize>(), 60 / PING_SLICES);
        let mut total = first;
        for _ in 1..PING_SLICES {
            cursor = ping_slice(&mut active, cursor, &ping, &stall);
            for (t, n) in total.iter_mut().zip(pinged(&mut clients)) {
                *t += n;
            }
        }
        assert!(total.iter().all(|n| *n == 1), "{total:?}");
        assert_eq!(
            cursor, 60,
            "the round ends at the end; the next starts over"
        );
        assert_eq!(ping_slice(&mut active, cursor, &ping, &stall), 2);
    }
}
