//! A scripted SSH viewer of `longrail serve` (russh's client in this process, on tokio, the
//! screen read by a VT parser) and the server it talks to, started on port 0 of 127.0.0.1
//! with its log read line by line: shared by the attack tests and the soak.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::bin;
use russh::ChannelMsg;
use russh::client::{self, Handle};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpSocket, TcpStream};

pub const TIMEOUT: Duration = Duration::from_secs(30);
pub const HERE: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// Another address of the loopback range: the attacker's.
pub const THERE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// A running server, its port and what it logged.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// Its home, config folder and host key.
    pub dir: tempfile::TempDir,
    pub log: Arc<(Mutex<String>, Condvar)>,
}

impl Server {
    /// A server with `args`, its host key made on first use in a fresh folder.
    pub fn start(args: &[&str]) -> Self {
        Self::start_in(tempfile::tempdir().unwrap(), args)
    }

    /// A server with `args` whose home is `dir` and host key `dir/host_key` (made there on
    /// first use unless the caller put one there).
    pub fn start_in(dir: tempfile::TempDir, args: &[&str]) -> Self {
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
            dir,
            log,
        };
        let line = server.wait_log("the listening line", TIMEOUT, |l| l.contains("serving on"));
        let port = line.split("serving on 127.0.0.1:").nth(1).unwrap();
        server.port = port.split(',').next().unwrap().parse().unwrap();
        server
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(HERE, self.port)
    }

    /// Wait up to `limit` for a logged line satisfying `pred`; returns it.
    pub fn wait_log(&self, what: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> String {
        self.wait_lines(what, limit, 1, pred).remove(0)
    }

    /// Wait up to `limit` for `n` logged lines satisfying `pred`; returns them.
    pub fn wait_lines(
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

    pub fn log_text(&self) -> String {
        self.log.0.lock().unwrap().clone()
    }

    /// The server's resident memory, from /proc.
    pub fn rss_kib(&self) -> u64 {
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
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(40);
    lines[from..]
        .iter()
        .map(|l| l.chars().take(300).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// russh's client, accepting the (fresh, test-made) host key.
pub struct Trusting;

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
pub struct Stoppable {
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
pub struct Spec {
    pub from: IpAddr,
    pub user: String,
    pub term: String,
    pub size: (u32, u32),
    /// The client's SSH window (how much the server may send before the client consumes).
    pub window: u32,
    /// The client's socket receive buffer, when it should be small.
    pub rcvbuf: Option<u32>,
}

impl Spec {
    pub fn new(size: (u32, u32)) -> Self {
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
pub struct Viewer {
    pub handle: Handle<Trusting>,
    pub channel: russh::Channel<client::Msg>,
    pub screen: vt100::Parser,
    pub bytes: Vec<u8>,
    pub stopped: Arc<AtomicBool>,
}

/// A TCP connection from `from` to `to`.
pub async fn tcp_from(
    from: IpAddr,
    to: SocketAddr,
    rcvbuf: Option<u32>,
) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    if let Some(size) = rcvbuf {
        socket.set_recv_buffer_size(size)?;
    }
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(to).await
}

impl Viewer {
    /// Connect, authenticate with `none`, open a session with a pty and a shell.
    pub async fn connect(to: SocketAddr, spec: &Spec) -> Result<Self, String> {
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
    pub async fn wait_for(
        &mut self,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> Result<(), String> {
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
    pub async fn first_frame(&mut self) -> Result<(), String> {
        self.wait_for("the first frame", drawn).await
    }
}

pub fn drawn(screen: &str) -> bool {
    screen.contains("Event log") && screen.contains("q quit")
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}
