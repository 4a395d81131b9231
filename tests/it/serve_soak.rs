//! On demand: `longrail serve --demo` with 40 scripted viewers (russh's client, 120×40,
//! reading every byte) for 10 minutes (`LONGRAIL_SOAK_SECS` sets how long,
//! `LONGRAIL_SOAK_VIEWERS` how many), the server's
//! resident memory sampled each minute and its CPU time read from /proc:
//! - memory per viewer once settled (after the first minute) at most 1 MiB;
//! - no growth after the first minute (at most 2 MiB, the allocator's noise);
//! - CPU per viewer at most 10 millicores.
//!
//! Run with `cargo test --release --test it serve_soak:: -- --ignored --nocapture`; the
//! figures are in `tests/benches/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

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
        let mut child = Command::new(env!("CARGO_BIN_EXE_longrail"))
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

/// CPU seconds (user + system) of process `pid` so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit(')').next().unwrap();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

/// How many viewers: 40, or `LONGRAIL_SOAK_VIEWERS`.
fn viewers() -> usize {
    std::env::var("LONGRAIL_SOAK_VIEWERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
}

/// [`viewers`] viewers, each past its first frame, then reading (and counting) every byte
/// until `stop`.
fn start_viewers(
    rt: &tokio::runtime::Runtime,
    to: SocketAddr,
    bytes: &Arc<AtomicU64>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for _ in 0..viewers() {
        let mut v = rt
            .block_on(Viewer::connect(to, &Spec::new((120, 40))))
            .unwrap();
        rt.block_on(v.first_frame()).unwrap();
        let (bytes, stop) = (Arc::clone(bytes), Arc::clone(stop));
        tasks.push(rt.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match tokio::time::timeout(Duration::from_secs(1), v.channel.wait()).await {
                    Ok(Some(ChannelMsg::Data { data })) => {
                        bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                    }
                    Ok(Some(_)) | Err(_) => {}
                    Ok(None) => panic!("a viewer was dropped"),
                }
            }
            drop(v);
        }));
    }
    tasks
}

#[test]
#[ignore = "takes 10 minutes; run on demand (see the file's doc)"]
fn forty_viewers_for_ten_minutes_hold_flat_memory_and_little_cpu() {
    let secs: u64 = std::env::var("LONGRAIL_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let server = Server::start(&["--demo", "--max-viewers", "100", "--per-address", "100"]);
    let to = server.addr();
    let pid = server.child.id();
    let rt = runtime();
    let base = server.rss_kib();
    let n = viewers();
    let bytes = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = start_viewers(&rt, to, &bytes, &stop);
    let started = Instant::now();
    let cpu0 = cpu_seconds(pid);
    let mut samples = Vec::new();
    let minute = Duration::from_secs(60.min(secs));
    while started.elapsed() < Duration::from_secs(secs) {
        std::thread::sleep(minute); // sampling once a minute
        samples.push(server.rss_kib());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu0;
    let sent = bytes.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        rt.block_on(t).unwrap();
    }
    let after = server.wait_lines("every viewer gone", TIMEOUT, n, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    assert_eq!(after.len(), n);
    let settled = samples[0];
    let last = *samples.last().unwrap();
    let per_viewer_kib = settled.saturating_sub(base) as f64 / n as f64;
    let millicores = cpu / elapsed * 1000.0 / n as f64;
    println!(
        "soak: {n} viewers, --demo, 120x40, {elapsed:.0} s: RSS {base} KiB before the viewers, each minute {samples:?} KiB, {} KiB after they left; {per_viewer_kib:.0} KiB a viewer; CPU {cpu:.1} s = {millicores:.2} millicores a viewer; {:.0} bytes/s a viewer",
        server.rss_kib(),
        sent as f64 / elapsed / n as f64
    );
    assert!(per_viewer_kib <= 1024.0, "{per_viewer_kib} KiB a viewer");
    assert!(
        last <= settled + 2048,
        "memory grew after the first minute: {settled} KiB → {last} KiB"
    );
    assert!(millicores <= 10.0, "{millicores} millicores a viewer");
}
