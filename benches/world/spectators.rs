//! The spectators' side of the live load tool: one process holding thousands of WebSocket
//! spectators on one thread with `epoll`, as cheaply as it can. The tool shares two cores with
//! the server it measures; every microsecond it spends per frame is taken from the server and
//! shows up as the server's latency. A task per socket on Tokio cost about twice as much.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as u64
}

/// The seq of a frame, read without parsing the whole board.
pub fn seq_of(text: &[u8]) -> Option<u64> {
    const KEY: &[u8] = b"\"seq\":";
    let at = text.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let digits = text[at..].iter().take_while(|b| b.is_ascii_digit());
    let mut seq = 0_u64;
    let mut any = false;
    for d in digits {
        seq = seq * 10 + u64::from(d - b'0');
        any = true;
    }
    any.then_some(seq)
}

/// Opens a WebSocket by hand (blocking): the handshake and whatever arrived after it.
fn open(addr: &str, path: &str) -> std::io::Result<(TcpStream, Vec<u8>)> {
    let mut socket = TcpStream::connect(addr)?;
    socket.set_nodelay(true)?;
    socket.write_all(super::upgrade_request(addr, path, None).as_bytes())?;
    let mut got = Vec::new();
    let mut chunk = [0_u8; 1024];
    loop {
        let n = socket.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        got.extend_from_slice(&chunk[..n]);
        if let Some(after) = super::handshake_answer(&mut got) {
            return Ok((socket, after?));
        }
    }
}

struct Spectator {
    socket: TcpStream,
    pending: Vec<u8>,
    snapshot: bool,
}

/// Every frame seq: how many spectators received it, when the last one did and when the first.
type Seen = HashMap<u64, (u64, u64, u64)>;

/// Takes the whole frames out of `s.pending`; returns whether the snapshot came with them.
fn take_frames(s: &mut Spectator, seen: &mut Seen) -> bool {
    let mut snapshot = false;
    let mut used = 0;
    while let Some((opcode, payload, n)) = super::frame(&s.pending[used..]) {
        if opcode == 1 {
            if !s.snapshot {
                s.snapshot = true;
                snapshot = true;
            } else if let Some(seq) = seq_of(payload) {
                let at = micros();
                let entry = seen.entry(seq).or_insert((0, 0, at));
                entry.0 += 1;
                entry.1 = entry.1.max(at);
            }
        }
        used += n;
    }
    s.pending.drain(..used);
    snapshot
}

/// A worker process: opens `count` spectator sockets at `path`, says `ready` once each has its
/// snapshot, then notes every frame's arrival; on `stop` (stdin) it prints `seq count
/// last_arrival_micros first_arrival_micros` lines and `done`.
pub fn worker(addr: &str, path: &str, count: usize) {
    const STDIN: u64 = u64::MAX;
    // SAFETY: plain epoll calls on descriptors this process owns; `events` outlives each wait.
    let epoll = unsafe { libc::epoll_create1(0) };
    assert!(epoll >= 0, "epoll_create1");
    let watch = |fd: i32, token: u64| {
        let mut event = libc::epoll_event {
            events: libc::EPOLLIN as u32,
            u64: token,
        };
        let rc = unsafe { libc::epoll_ctl(epoll, libc::EPOLL_CTL_ADD, fd, &mut event) };
        assert_eq!(rc, 0, "epoll_ctl");
    };
    let mut spectators = Vec::with_capacity(count);
    for i in 0..count {
        let (socket, pending) = loop {
            match open(addr, path) {
                Ok(s) => break s,
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        socket.set_nonblocking(true).unwrap();
        watch(socket.as_raw_fd(), i as u64);
        spectators.push(Spectator {
            socket,
            pending,
            snapshot: false,
        });
    }
    watch(0, STDIN);
    let mut seen = Seen::new();
    let mut ready = 0;
    for s in &mut spectators {
        ready += usize::from(take_frames(s, &mut seen));
    }
    let mut announced = false;
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 1024];
    let mut chunk = vec![0_u8; 64 * 1024];
    loop {
        if !announced && ready == count {
            announced = true;
            println!("ready");
            std::io::stdout().flush().unwrap();
        }
        let n = unsafe { libc::epoll_wait(epoll, events.as_mut_ptr(), events.len() as i32, 1000) };
        for event in &events[..n.max(0) as usize] {
            let token = event.u64;
            if token == STDIN {
                let mut results = String::new();
                for (seq, (n, last, first)) in &seen {
                    results.push_str(&format!("{seq} {n} {last} {first}\n"));
                }
                println!("{results}done");
                std::io::stdout().flush().unwrap();
                std::process::exit(0);
            }
            let s = &mut spectators[token as usize];
            loop {
                match s.socket.read(&mut chunk) {
                    Ok(0) => {
                        // The server closed it: stop watching.
                        let fd = s.socket.as_raw_fd();
                        unsafe {
                            libc::epoll_ctl(epoll, libc::EPOLL_CTL_DEL, fd, std::ptr::null_mut())
                        };
                        break;
                    }
                    Ok(got) => {
                        s.pending.extend_from_slice(&chunk[..got]);
                        if got < chunk.len() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(_) => break,
                }
            }
            ready += usize::from(take_frames(s, &mut seen));
        }
    }
}
