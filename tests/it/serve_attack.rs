//! `longrail serve` under attack, on port 0 of 127.0.0.1, with scripted SSH clients (russh's
//! client in this process, on tokio) doing what a hostile or broken client does: floods of
//! silent connections from another loopback address, a channel closed under a live connection,
//! a reader that stops reading its socket at the largest size, strings of 100 kB, connections
//! dropped without a goodbye. Every wait has a deadline and awaits an event (a log line, a
//! frame, a closed socket); every flood is bounded in count and time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::common::bin;
use russh::ChannelMsg;
use russh::client::{self, Handle};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpSocket, TcpStream};

const TIMEOUT: Duration = Duration::from_secs(30);
const HERE: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// Another address of the loopback range: the attacker's.
const THERE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// A running server, its port and what it logged.
struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
    log: Arc<(Mutex<String>, Condvar)>,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = bin::longrail()
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.path().join("host_key"))
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join(".config"))
            .env("TZ", "Asia/Tokyo")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new((Mutex::new(String::new()), Condvar::new()));
        let sink = Arc::clone(&log);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).split(b'\n') {
                let Ok(line) = line else { return };
                let (lock, cvar) = &*sink;
                let mut text = lock.lock().unwrap();
                text.push_str(&String::from_utf8_lossy(&line));
                text.push('\n');
                cvar.notify_all();
            }
        });
        let mut server = Self {
            child,
            port: 0,
            _dir: dir,
            log,
        };
        let line = server.wait_log("the listening line", TIMEOUT, |l| l.contains("serving on"));
        let port = line.split("serving on 127.0.0.1:").nth(1).unwrap();
        server.port = port.split(',').next().unwrap().parse().unwrap();
        server
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::new(HERE, self.port)
    }

    /// Wait up to `limit` for a logged line satisfying `pred`; returns it.
    fn wait_log(&self, what: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> String {
        self.wait_lines(what, limit, 1, pred).remove(0)
    }

    /// Wait up to `limit` for `n` logged lines satisfying `pred`; returns them.
    fn wait_lines(
        &self,
        what: &str,
        limit: Duration,
        n: usize,
        pred: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        let (lock, cvar) = &*self.log;
        let deadline = Instant::now() + limit;
        let mut text = lock.lock().unwrap();
        loop {
            let found: Vec<String> = text
                .lines()
                .filter(|l| pred(l))
                .map(str::to_owned)
                .collect();
            if found.len() >= n {
                return found;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; log:\n{}",
                tail(&text)
            );
            text = cvar.wait_timeout(text, left).unwrap().0;
        }
    }

    fn log_text(&self) -> String {
        self.log.0.lock().unwrap().clone()
    }

    /// The server's resident memory, from /proc.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The end of a long log, for a failure message.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(40);
    lines[from..]
        .iter()
        .map(|l| l.chars().take(300).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// russh's client, accepting the (fresh, test-made) host key.
struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A TCP stream whose reading can be stopped: then the client reads nothing more from its
/// socket, as a stopped `ssh` does, and the server's output piles up against the windows.
struct Stoppable {
    inner: TcpStream,
    stopped: Arc<AtomicBool>,
}

impl AsyncRead for Stoppable {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.stopped.load(Ordering::Relaxed) {
            // Never woken again: this reader is gone for good, as a stopped process is.
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stoppable {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// How a scripted viewer connects.
#[derive(Clone)]
struct Spec {
    from: IpAddr,
    user: String,
    term: String,
    size: (u32, u32),
    /// The client's SSH window (how much the server may send before the client consumes).
    window: u32,
    /// The client's socket receive buffer, when it should be small.
    rcvbuf: Option<u32>,
}

impl Spec {
    fn new(size: (u32, u32)) -> Self {
        Self {
            from: HERE,
            user: "viewer".into(),
            term: "xterm-256color".into(),
            size,
            window: 2 * 1024 * 1024,
            rcvbuf: None,
        }
    }
}

/// A scripted viewer: its connection, its one session channel, and its screen.
struct Viewer {
    handle: Handle<Trusting>,
    channel: russh::Channel<client::Msg>,
    screen: vt100::Parser,
    bytes: Vec<u8>,
    stopped: Arc<AtomicBool>,
}

/// A TCP connection from `from` to `to`.
async fn tcp_from(from: IpAddr, to: SocketAddr, rcvbuf: Option<u32>) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    if let Some(size) = rcvbuf {
        socket.set_recv_buffer_size(size)?;
    }
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(to).await
}

impl Viewer {
    /// Connect, authenticate with `none`, open a session with a pty and a shell.
    async fn connect(to: SocketAddr, spec: &Spec) -> Result<Self, String> {
        let stream = tcp_from(spec.from, to, spec.rcvbuf)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let stopped = Arc::new(AtomicBool::new(false));
        let stream = Stoppable {
            inner: stream,
            stopped: Arc::clone(&stopped),
        };
        let config = Arc::new(client::Config {
            window_size: spec.window,
            ..client::Config::default()
        });
        let mut handle = client::connect_stream(config, stream, Trusting)
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        let auth = handle
            .authenticate_none(spec.user.clone())
            .await
            .map_err(|e| format!("auth: {e}"))?;
        if !auth.success() {
            return Err("auth refused".into());
        }
        let channel = handle
            .channel_open_session()
            .await
            .map_err(|e| format!("channel: {e}"))?;
        let (w, h) = spec.size;
        channel
            .request_pty(false, &spec.term, w, h, 0, 0, &[])
            .await
            .map_err(|e| format!("pty: {e}"))?;
        channel
            .request_shell(false)
            .await
            .map_err(|e| format!("shell: {e}"))?;
        let rows = u16::try_from(h.min(200)).unwrap();
        let cols = u16::try_from(w.min(500)).unwrap();
        Ok(Self {
            handle,
            channel,
            screen: vt100::Parser::new(rows, cols, 0),
            bytes: Vec::new(),
            stopped,
        })
    }

    /// Read the channel until the screen satisfies `pred`; an error if the channel ends or
    /// the time runs out first.
    async fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            if pred(&self.screen.screen().contents()) {
                return Ok(());
            }
            let msg = tokio::time::timeout_at(deadline, self.channel.wait())
                .await
                .map_err(|_| format!("timed out waiting for {what}"))?;
            match msg {
                Some(ChannelMsg::Data { data }) => {
                    self.screen.process(&data);
                    self.bytes.extend_from_slice(&data);
                }
                Some(_) => {}
                None => {
                    return Err(format!(
                        "the channel ended before {what}: {}",
                        String::from_utf8_lossy(&self.bytes)
                            .chars()
                            .rev()
                            .take(200)
                            .collect::<String>()
                            .chars()
                            .rev()
                            .collect::<String>()
                    ));
                }
            }
        }
    }

    /// Wait for the first whole frame.
    async fn first_frame(&mut self) -> Result<(), String> {
        self.wait_for("the first frame", drawn).await
    }
}

fn drawn(screen: &str) -> bool {
    screen.contains("Event log") && screen.contains("q quit")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Connections from `from` that say nothing, kept open: whenever the server closes one,
/// another is opened (at most one a `pace` per task, and `most` in all, until `until`),
/// counted in `opened`. Returns how many were opened.
async fn flood(
    to: SocketAddr,
    from: IpAddr,
    (tasks, most, pace): (usize, usize, Duration),
    opened: Arc<AtomicUsize>,
    until: Arc<AtomicBool>,
) -> usize {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let (opened, until) = (Arc::clone(&opened), Arc::clone(&until));
        set.spawn(async move {
            let mut tick = tokio::time::interval(pace);
            while !until.load(Ordering::Relaxed) && opened.fetch_add(1, Ordering::Relaxed) < most {
                tick.tick().await;
                let Ok(mut s) = tcp_from(from, to, None).await else {
                    continue;
                };
                // Silent: wait until the server closes it (or the flood ends).
                let mut buf = [0u8; 256];
                loop {
                    if until.load(Ordering::Relaxed) {
                        return;
                    }
                    let read = tokio::time::timeout(
                        Duration::from_millis(200),
                        tokio::io::AsyncReadExt::read(&mut s, &mut buf),
                    )
                    .await;
                    if let Ok(Ok(0) | Err(_)) = read {
                        break;
                    }
                }
            }
        });
    }
    while set.join_next().await.is_some() {}
    opened.load(Ordering::Relaxed).min(most)
}

#[test]
fn a_flood_from_one_address_never_locks_out_another_addresss_viewers() {
    // Room for 4 viewers: today's cap on connections at once is 2 × 4 + 16 = 24.
    let server = Server::start(&["--paused", "--max-viewers", "4"]);
    let to = server.addr();
    let rt = runtime();
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicUsize::new(0));
    let flooding = rt.spawn(flood(
        to,
        THERE,
        (40, 20_000, Duration::from_millis(50)),
        Arc::clone(&opened),
        Arc::clone(&stop),
    ));
    // The viewers come once the flood has made its first 80 connections (twice what it
    // keeps open: it is refilling), and while it goes on.
    let began = Instant::now();
    while opened.load(Ordering::Relaxed) < 80 {
        assert!(began.elapsed() < TIMEOUT, "the flood never got going");
        std::thread::sleep(Duration::from_millis(20)); // polling a counter with a deadline
    }
    let mut results = Vec::new();
    for _ in 0..3 {
        let got = rt.block_on(async {
            let mut v = Viewer::connect(to, &Spec::new((80, 24))).await?;
            v.first_frame().await?;
            Ok::<_, String>(v)
        });
        results.push(got.map(|_| ()));
    }
    stop.store(true, Ordering::Relaxed);
    let opened = rt.block_on(flooding).unwrap();
    assert!(
        results.iter().all(Result::is_ok),
        "viewers from 127.0.0.1 during a flood from 127.0.0.2 ({opened} connections in {:.1} s): {results:?}",
        began.elapsed().as_secs_f64()
    );
}

#[test]
fn closing_the_channel_ends_the_viewer_and_frees_its_slot_at_once() {
    // One viewer at most: the second gets in only if the first one's slot is freed.
    let server = Server::start(&["--demo", "--max-viewers", "1"]);
    let to = server.addr();
    let rt = runtime();
    let (first, _keep) = rt.block_on(async {
        let mut v = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        v.first_frame().await.unwrap();
        // As OpenSSH's connection sharing does: the session channel closes, the
        // connection stays.
        v.channel.close().await.unwrap();
        let handle = v.handle;
        (v.channel, handle)
    });
    let line = server.wait_log("the first viewer leaving", Duration::from_secs(10), |l| {
        l.contains("disconnect 127.0.0.1")
    });
    assert!(line.contains("left (closed the channel)"), "{line}");
    rt.block_on(async {
        let mut second = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        second.first_frame().await.unwrap();
    });
    drop(first);
    // No viewer thread is left drawing for the closed channel: the server names one viewer.
    let threads = std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.starts_with("viewer"))
        })
        .count();
    assert_eq!(threads, 1, "viewer threads");
}

#[test]
fn a_reader_stopped_at_the_largest_size_is_dropped_by_the_stall_limit_with_memory_bounded() {
    // The demo at 500×200 sends the most. The client's window is 8 KiB and its socket's
    // buffer small, so once it stops reading, the server's output has nowhere to go within a
    // frame: from then the 30 s stall limit runs.
    let server = Server::start(&["--demo"]);
    let to = server.addr();
    let rt = runtime();
    let mut spec = Spec::new((500, 200));
    spec.window = WINDOW;
    spec.rcvbuf = Some(16 * 1024);
    let (mut stopped, mut live) = rt.block_on(async {
        let mut stopped = Viewer::connect(to, &spec).await.unwrap();
        stopped.first_frame().await.unwrap();
        let mut live = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        live.first_frame().await.unwrap();
        (stopped, live)
    });
    let rss_before = server.rss_kib();
    stopped.stopped.store(true, Ordering::Relaxed);
    let since = Instant::now();
    // The live viewer's screen keeps changing meanwhile, and memory stays bounded.
    let mut peak = rss_before;
    rt.block_on(async {
        while since.elapsed() < Duration::from_secs(20) {
            let before = live.screen.screen().contents();
            live.wait_for("a later frame", |s| s != before)
                .await
                .unwrap();
            peak = peak.max(server.rss_kib());
        }
    });
    let line = server.wait_log("the stopped viewer dropped", Duration::from_secs(60), |l| {
        l.contains("too slow")
    });
    let took = since.elapsed();
    peak = peak.max(server.rss_kib());
    // What the client took before it stopped, read to the end of what its SSH layer had.
    let received = rt.block_on(stopped.drain());
    let sent: u64 = line
        .split(" bytes sent")
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    eprintln!(
        "dropped {:.1} s after it stopped reading; {sent} bytes sent, {received} received; RSS {rss_before} KiB before, peak {peak} KiB",
        took.as_secs_f64()
    );
    assert!(line.contains("500x200"), "{line}");
    // The server counts as sent only what the client's window took: what it read, and at
    // most one window more that waits in its socket.
    assert!(
        sent <= received + u64::from(WINDOW),
        "{sent} bytes counted as sent, {received} received, window {WINDOW}"
    );
    // The stall limit runs from when the output stopped: within a frame of the stop.
    assert!(
        took <= Duration::from_secs(33),
        "dropped {:.1} s after it stopped reading; the stall limit is 30 s",
        took.as_secs_f64()
    );
    // What is held for it: at most 1 MiB of frames in flight, and the allocator's slack.
    let grown = peak.saturating_sub(rss_before);
    assert!(grown < 8 * 1024, "the server grew by {grown} KiB");
    rt.block_on(async {
        let before = live.screen.screen().contents();
        live.wait_for("frames still coming", |s| s != before)
            .await
            .unwrap();
    });
}

/// The stopped reader's SSH window.
const WINDOW: u32 = 8 * 1024;

impl Viewer {
    /// Take what the client's SSH layer already has for the channel (its socket is no
    /// longer read); returns every byte of data received in all.
    async fn drain(&mut self) -> u64 {
        // Only what is queued already: the first wait that finds nothing ends it.
        while let Ok(Some(msg)) =
            tokio::time::timeout(Duration::from_millis(50), self.channel.wait()).await
        {
            if let ChannelMsg::Data { data } = msg {
                self.bytes.extend_from_slice(&data);
            }
        }
        self.bytes.len() as u64
    }
}

#[test]
fn client_strings_reach_the_log_capped_and_escaped() {
    let server = Server::start(&["--paused"]);
    let to = server.addr();
    let rt = runtime();
    let huge_term = format!("xterm\x1b[31m{}", "t".repeat(100_000));
    let huge_user = format!("eve\u{202e}{}", "u".repeat(100_000));
    rt.block_on(async {
        let mut spec = Spec::new((80, 24));
        spec.term = huge_term.clone();
        spec.user = huge_user.clone();
        let mut v = Viewer::connect(to, &spec).await.unwrap();
        v.first_frame().await.unwrap();
        v.handle
            .disconnect(russh::Disconnect::ByApplication, "", "")
            .await
            .unwrap();
    });
    server.wait_log("the disconnection line", TIMEOUT, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    let log = server.log_text();
    for line in log.lines() {
        assert!(
            line.chars().count() <= 400,
            "a log line of {} characters",
            line.len()
        );
        assert!(
            !line.contains('\x1b') && !line.contains('\u{202e}'),
            "unescaped: {line:?}"
        );
    }
    let connect = log
        .lines()
        .find(|l| l.contains("connect 127.0.0.1"))
        .unwrap();
    assert!(connect.contains("TERM=xterm\\u{1b}[31mttt"), "{connect}");
}

#[test]
fn a_viewer_whose_connection_drops_is_logged_as_such_not_as_closed_before_a_shell() {
    let server = Server::start(&["--speed", "600"]);
    let to = server.addr();
    let rt = runtime();
    for _ in 0..3 {
        rt.block_on(async {
            let mut v = Viewer::connect(to, &Spec::new((120, 40))).await.unwrap();
            v.first_frame().await.unwrap();
            // No channel close, no disconnect message: the socket just goes.
            drop(v);
        });
    }
    let lines = server.wait_lines("three disconnection lines", TIMEOUT, 3, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    for line in lines {
        assert!(
            line.contains("120x40") && line.ends_with("connection closed"),
            "{line}"
        );
    }
}

#[test]
fn bad_key_files_get_their_own_true_message() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("keys.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let key = dir.path().join("host_key");
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["--host-key", "/tmp"],
            "this is a directory",
            "give --host-key the path of a key file",
        ),
        (
            &["--host-key", "/dev/zero"],
            "not a regular file",
            "give --host-key the path of a key file",
        ),
        (
            &[
                "--host-key",
                key.to_str().unwrap(),
                "--authorized-keys",
                fifo.to_str().unwrap(),
            ],
            "not a regular file",
            "authorized_keys",
        ),
    ];
    for (args, what, help) in cases {
        let out = bin::longrail()
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(what) && err.contains(help), "{args:?}: {err}");
        assert!(
            !err.contains("chmod") && !err.contains(".toml"),
            "{args:?}: {err}"
        );
    }
}
