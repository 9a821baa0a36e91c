//! Writing one frame to thousands of spectators.
//!
//! A task per spectator woken for every update costs a wake-up, a poll and a write for each of
//! them. Here an event's spectators are split over a few **shards**, one task each; a shard
//! writes each frame to its sockets one after another without waiting on any of them. A socket
//! that cannot take the frame at once (its kernel buffer is full: a slow phone) leaves the shard
//! for a recovery task that waits until it drains, sends it a fresh snapshot, and puts it back.
//! Each spectator's own task only reads (pongs and the close).

use super::boards::{Channel, Frame};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{FutureExt, SinkExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// One spectator's writing half and where it stands.
pub struct Spectator {
    pub sink: SplitSink<WebSocket, Message>,
    /// The highest seq this spectator has been sent.
    pub last: u64,
    /// What it asked to resume from, until it has been caught up.
    pub resume: Option<(Option<String>, Option<u64>)>,
    /// Set by the spectator's reading task when the client has gone.
    pub gone: Arc<AtomicBool>,
}

pub enum Command {
    Join(Box<Spectator>),
    Frame(Frame),
    /// Close one spectator's socket with this code (it sent something a spectator never sends).
    CloseOne(Arc<AtomicBool>, u16),
    /// Close every socket with this code (the server is stopping).
    CloseAll(u16),
}

/// Sends a close frame without waiting on a slow socket, and lets the socket go.
fn close(s: &mut Spectator, code: u16, reason: &'static str) {
    let frame = Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }));
    let _ = tokio::task::unconstrained(s.sink.send(frame)).now_or_never();
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
    /// The socket could not take it now.
    Stalled,
    Closed,
}

/// Writes without waiting: a frame the socket cannot take at once stays in its buffer, to be
/// flushed by the recovery task.
fn try_send(s: &mut Spectator, frame: &Frame) -> Sent {
    // Outside Tokio's cooperative budget: a shard writes to thousands of sockets in one turn,
    // and the budget would otherwise make all but the first hundred or so look "not ready".
    match tokio::task::unconstrained(s.sink.send(Message::Text(frame.bytes.clone()))).now_or_never()
    {
        Some(Ok(())) => {
            s.last = s.last.max(frame.seq);
            Sent::Done
        }
        Some(Err(_)) => Sent::Closed,
        None => {
            tracing::debug!(seq = frame.seq, "spectator stalled");
            s.last = s.last.max(frame.seq);
            Sent::Stalled
        }
    }
}

/// How often every spectator is pinged (keeps NAT mappings and proxies from timing out).
const PING: Duration = Duration::from_secs(30);

/// A shard: its spectators, and the frames and newcomers sent to it in order.
pub async fn shard(
    channel: Arc<Channel>,
    me: mpsc::UnboundedSender<Command>,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let mut active: Vec<Box<Spectator>> = Vec::new();
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING, PING);
    loop {
        let command = tokio::select! {
            c = commands.recv() => match c { Some(c) => c, None => return },
            _ = ping.tick() => {
                active.retain_mut(|s| {
                    !s.gone.load(Ordering::Relaxed)
                        && !matches!(
                            tokio::task::unconstrained(s.sink.send(Message::Ping(Vec::new().into())))
                                .now_or_never(),
                            Some(Err(_))
                        )
                });
                continue;
            }
        };
        match command {
            Command::Join(mut s) => {
                let (stream, since) = s.resume.take().unwrap_or((None, None));
                // Frames already queued behind this join are skipped by their seq.
                let mut outcome = Sent::Done;
                for frame in channel.catch_up(stream.as_deref(), since) {
                    outcome = try_send(&mut s, &frame);
                    if !matches!(outcome, Sent::Done) {
                        break;
                    }
                }
                if s.last == 0 {
                    s.last = since.unwrap_or(0);
                }
                match outcome {
                    Sent::Done => active.push(s),
                    Sent::Stalled => {
                        tokio::spawn(recover(channel.clone(), me.clone(), s));
                    }
                    Sent::Closed => {}
                }
            }
            Command::CloseOne(who, code) => {
                if let Some(i) = active.iter().position(|s| Arc::ptr_eq(&s.gone, &who)) {
                    close(&mut active.swap_remove(i), code, reason_of(code));
                }
            }
            Command::CloseAll(code) => {
                for mut s in active.drain(..) {
                    close(&mut s, code, reason_of(code));
                }
            }
            Command::Frame(frame) => {
                let mut i = 0;
                while i < active.len() {
                    let s = &mut active[i];
                    if s.gone.load(Ordering::Relaxed) {
                        active.swap_remove(i);
                        continue;
                    }
                    if frame.seq <= s.last {
                        i += 1;
                        continue;
                    }
                    match try_send(s, &frame) {
                        Sent::Done => i += 1,
                        Sent::Closed => {
                            active.swap_remove(i);
                        }
                        Sent::Stalled => {
                            let s = active.swap_remove(i);
                            tokio::spawn(recover(channel.clone(), me.clone(), s));
                        }
                    }
                }
            }
        }
    }
}

/// A spectator too slow to keep up: once its socket has drained it gets a fresh snapshot
/// (never silence), and rejoins its shard from there.
async fn recover(
    channel: Arc<Channel>,
    shard: mpsc::UnboundedSender<Command>,
    mut s: Box<Spectator>,
) {
    if s.sink.flush().await.is_err() || s.gone.load(Ordering::Relaxed) {
        return;
    }
    let snapshot = channel.snapshot();
    if s.sink
        .send(Message::Text(snapshot.bytes.clone()))
        .await
        .is_err()
    {
        return;
    }
    s.last = snapshot.seq;
    s.resume = Some((Some(channel.stream()), Some(snapshot.seq)));
    let _ = shard.send(Command::Join(s));
}
