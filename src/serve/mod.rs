//! `longrail serve`: the journey (or a feed's network) for many viewers over SSH. Each viewer is one
//! [`Session`](crate::app::session::Session)
//! drawn into a backend of its own at their terminal's size and fed by the bytes of their
//! SSH channel ([`conn`], [`viewer`]); the network side runs on tokio with russh.
//!
//! Nothing beyond the show: one session channel with a pty and a shell per connection, every
//! other request refused; limits on viewers in all and per address, on connections not yet
//! settled per address (the same share, so one address's flood never locks others out), on
//! the handshake's time, on idle viewers and on each viewer's output in flight ([`output`]).
//! Every string a client chose reaches the log escaped and cut short ([`log_text`]).

pub mod conn;
pub mod input;
pub mod keys;
pub mod output;
pub mod viewer;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::{PrivateKey, PublicKey};
use tokio::net::{TcpListener, TcpStream};

/// Frames a second per viewer at most (the config's `fps` when that is lower): half the local
/// app's 30, which a replay's motion does not need over a network, for half the CPU.
pub const MAX_FPS: u32 = 15;

/// How long a connection may take from the TCP accept to a running viewer (the handshake,
/// authentication, the pty and the shell).
pub const HANDSHAKE_LIMIT: Duration = Duration::from_secs(10);

/// How long the server waits for its viewers' connections to close when it stops.
const STOP_GRACE: Duration = Duration::from_millis(1700);

/// The most characters of a string the client chose (`TERM`, the user name, a subsystem's
/// name) that the log shows, escaped; longer ones end in `…`.
pub const LOG_TEXT_CHARS: usize = 64;

/// A string the client chose, as the log shows it: unsafe characters escaped (`\u{1b}`),
/// at most [`LOG_TEXT_CHARS`] characters of it.
#[must_use]
pub fn log_text(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == LOG_TEXT_CHARS {
            out.push('…');
            break;
        }
        out.push_str(&crate::util::text::escape(c.encode_utf8(&mut [0; 4])));
    }
    out
}

/// How viewers share the show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each viewer has their own app.
    Own,
    /// Each viewer starts in the demo; a key takes over for them alone.
    Demo,
    /// One clock for everyone, derived from wall time.
    Shared,
}

impl Mode {
    /// The word the log uses.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Own => "own",
            Self::Demo => "demo",
            Self::Shared => "shared",
        }
    }
}

/// What a new viewer's session is built for.
#[derive(Debug, Clone, Copy)]
pub struct ViewerSpec {
    /// Columns and rows.
    pub size: (u16, u16),
    /// Whether their terminal shows colour (`TERM` is not `dumb`).
    pub color: bool,
    /// When their session begins (its wall time 0).
    pub started: Instant,
}

/// A viewer's session, ready to run in the loop until it ends: any model the view draws
/// (the journey's app, or the network's screens), boxed with the loop that runs it.
pub type Viewer = Box<dyn FnOnce(viewer::Link, u32) -> viewer::Ending + Send>;

/// Builds each viewer's session; an error is told to the viewer.
pub type Factory = Box<dyn Fn(&ViewerSpec) -> Result<Viewer, String> + Send + Sync>;

/// `session` as a [`Viewer`]: run by [`viewer::run`] at the frame rate it is given.
#[must_use]
pub fn boxed<M>(session: crate::app::session::Session<M>) -> Viewer
where
    M: crate::app::Model + Send + 'static,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    Box::new(move |link, fps| viewer::run(session, link, fps))
}

/// How the server runs.
pub struct Options {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The host key.
    pub host_key: PrivateKey,
    /// Only these keys may connect; `None` lets anyone in (`none` authentication).
    pub authorized: Option<Vec<PublicKey>>,
    /// Viewers at once, in all.
    pub max_viewers: usize,
    /// Viewers at once from one address.
    pub per_address: usize,
    /// Close an interactive viewer after this long without input.
    pub idle_timeout: Option<Duration>,
    /// How viewers share the show.
    pub mode: Mode,
    /// Frames per second at most, per viewer.
    pub fps: u32,
}

/// What every connection shares.
pub struct Server {
    factory: Factory,
    authorized: Option<Vec<PublicKey>>,
    max_viewers: usize,
    per_address: usize,
    idle: Option<Duration>,
    mode: Mode,
    fps: u32,
    /// Raised when the server stops.
    stop: Arc<AtomicBool>,
    /// Viewers now, by address.
    viewers: Mutex<HashMap<IpAddr, usize>>,
    /// Connections not yet settled (handshake, authentication, pty, shell), by address.
    knocking: Mutex<HashMap<IpAddr, usize>>,
}

/// A connection not yet settled, counted against its address's share of them (the same as
/// its share of viewers); given back when dropped.
pub struct Knock {
    server: Arc<Server>,
    ip: IpAddr,
}

impl Drop for Knock {
    fn drop(&mut self) {
        if let Ok(mut knocking) = self.server.knocking.lock() {
            release(&mut knocking, self.ip);
        }
    }
}

/// One fewer for `ip`; the address is forgotten at 0.
fn release(counts: &mut HashMap<IpAddr, usize>, ip: IpAddr) {
    if let Some(n) = counts.get_mut(&ip) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            counts.remove(&ip);
        }
    }
}

/// A viewer's place within the limits, given back when dropped.
pub struct Admission {
    server: Arc<Server>,
    ip: IpAddr,
}

impl Drop for Admission {
    fn drop(&mut self) {
        if let Ok(mut viewers) = self.server.viewers.lock() {
            release(&mut viewers, self.ip);
        }
    }
}

impl Server {
    /// A new connection from `ip`, if the address has room for one more not yet settled
    /// (`--per-address`); `None` means it is to be closed at once, so that one address's
    /// flood of silent connections never fills the room that others' viewers need.
    #[must_use]
    pub fn knock(self: &Arc<Self>, ip: IpAddr) -> Option<Knock> {
        let mut knocking = self.knocking.lock().ok()?;
        let here = knocking.entry(ip).or_insert(0);
        if *here >= self.per_address {
            return None;
        }
        *here += 1;
        Some(Knock {
            server: Arc::clone(self),
            ip,
        })
    }

    /// Let a viewer from `ip` in, if the limits allow; else say why in one line.
    ///
    /// # Errors
    /// The line for the viewer: the server is full, or this address has its share.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Admission, String> {
        let mut viewers = self
            .viewers
            .lock()
            .map_err(|_| "the server is broken; try later".to_owned())?;
        let total: usize = viewers.values().sum();
        if total >= self.max_viewers {
            return Err(format!("the server is full ({total} viewers), try later."));
        }
        let here = viewers.entry(ip).or_insert(0);
        if *here >= self.per_address {
            return Err(format!(
                "this address already has {here} viewers, the most it may have; try later."
            ));
        }
        *here += 1;
        Ok(Admission {
            server: Arc::clone(self),
            ip,
        })
    }

    /// The connection line; `term` and `user` are as the log shows them ([`log_text`]).
    fn log_connect(&self, peer: SocketAddr, spec: &ViewerSpec, term: &str, user: &str) {
        let colour = if spec.color { "" } else { ", no colour" };
        eprintln!(
            "longrail: connect {peer} {}x{} TERM={term}{colour}, user {user}, mode {}",
            spec.size.0,
            spec.size.1,
            self.mode.word()
        );
    }
}

/// Closes a connection's socket from outside the task that reads and writes it: the only
/// way to free a viewer whose output is stuck in a full socket.
#[derive(Clone)]
pub struct Killer {
    socket: Arc<std::net::TcpStream>,
    settled: Arc<AtomicBool>,
}

impl Killer {
    /// Close the socket both ways; the connection's task then ends with an error.
    pub fn kill(&self) {
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
    }

    /// The connection has its viewer running (or is being told why not): the handshake
    /// limit no longer applies.
    pub fn settled(&self) {
        self.settled.store(true, Ordering::Relaxed);
    }
}

/// Serve until SIGTERM or Ctrl-C; `ready` is told the address once listening.
///
/// # Errors
/// The address cannot be listened on, or the runtime cannot start.
pub fn run(options: Options, factory: Factory, ready: impl FnOnce(SocketAddr)) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(serve(options, factory, ready))
}

fn russh_config(options: &Options) -> russh::server::Config {
    russh::server::Config {
        keys: vec![options.host_key.clone()],
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        nodelay: true,
        // Input is small; output is bounded by the viewer's own queue (output.rs).
        window_size: 256 * 1024,
        ..Default::default()
    }
}

async fn serve(
    options: Options,
    factory: Factory,
    ready: impl FnOnce(SocketAddr),
) -> io::Result<()> {
    let listener = TcpListener::bind(options.listen).await?;
    ready(listener.local_addr()?);
    let config = Arc::new(russh_config(&options));
    let server = Arc::new(Server {
        factory,
        authorized: options.authorized,
        max_viewers: options.max_viewers,
        per_address: options.per_address,
        idle: options.idle_timeout.filter(|_| options.mode == Mode::Own),
        mode: options.mode,
        fps: options.fps,
        stop: Arc::new(AtomicBool::new(false)),
        viewers: Mutex::new(HashMap::new()),
        knocking: Mutex::new(HashMap::new()),
    });
    // Connections at once, handshakes included: room for every viewer and as many again
    // knocking.
    let most = options.max_viewers.saturating_mul(2).saturating_add(16);
    let mut tasks = tokio::task::JoinSet::new();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((socket, peer)) = accepted else {
                    // Out of file descriptors, say: let some close rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                if tasks.len() >= most {
                    continue; // dropped: far over every limit
                }
                let Some(knock) = server.knock(peer.ip()) else {
                    continue; // dropped: this address has its share of unsettled ones
                };
                let (server, config) = (Arc::clone(&server), Arc::clone(&config));
                tasks.spawn(connection(server, config, (socket, peer), knock));
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    drop(listener);
    eprintln!("longrail: stopping; {} connection(s) open", tasks.len());
    server.stop.store(true, Ordering::Relaxed);
    let _ = tokio::time::timeout(STOP_GRACE, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.abort_all();
    Ok(())
}

/// One connection, from the TCP accept to the disconnection line.
async fn connection(
    server: Arc<Server>,
    config: Arc<russh::server::Config>,
    (socket, peer): (TcpStream, SocketAddr),
    knock: Knock,
) {
    let began = Instant::now();
    let report = Arc::new(Mutex::new(conn::Report::default()));
    let Some((socket, killer)) = killable(socket) else {
        return;
    };
    let handler =
        conn::Conn::new(server, peer, killer.clone(), Arc::clone(&report)).knocking(knock);
    let session = tokio::time::timeout(
        HANDSHAKE_LIMIT,
        russh::server::run_stream(config, socket, handler),
    )
    .await;
    let Ok(Ok(session)) = session else {
        log_disconnect(peer, began, &report, "no SSH handshake");
        return;
    };
    // One limit from the TCP accept: the SSH version exchange above counts against it.
    let limit = tokio::time::sleep_until(tokio::time::Instant::from_std(began + HANDSHAKE_LIMIT));
    tokio::pin!(session, limit);
    let mut over_time = false;
    loop {
        tokio::select! {
            _ = &mut session => break,
            () = &mut limit, if !over_time => {
                over_time = true;
                if !killer.settled.load(Ordering::Relaxed) {
                    killer.kill();
                    let why = format!("no shell within {} s", HANDSHAKE_LIMIT.as_secs());
                    log_disconnect(peer, began, &report, &why);
                    return;
                }
            }
        }
    }
    log_disconnect(peer, began, &report, "closed before a shell");
}

/// What the disconnection line says when nothing else was noted: the connection closed
/// under a viewer (before its thread noticed), or before there was one.
fn closed_why(report: &conn::Report, otherwise: &str) -> String {
    match (&report.ending, &report.viewer) {
        (Some(ending), _) => ending.clone(),
        (None, Some(_)) => viewer::Ending::Gone.word().to_owned(),
        (None, None) => otherwise.to_owned(),
    }
}

/// `socket` with a second handle on it that can close it from outside.
fn killable(socket: TcpStream) -> Option<(TcpStream, Killer)> {
    let std_socket = socket.into_std().ok()?;
    let other = std_socket.try_clone().ok()?;
    let socket = TcpStream::from_std(std_socket).ok()?;
    Some((
        socket,
        Killer {
            socket: Arc::new(other),
            settled: Arc::new(AtomicBool::new(false)),
        },
    ))
}

/// The disconnection line: address, the last size (and the first, when it changed) and type,
/// how long, bytes sent, and why.
fn log_disconnect(peer: SocketAddr, began: Instant, report: &Mutex<conn::Report>, otherwise: &str) {
    let Ok(report) = report.lock() else {
        return;
    };
    let viewer = report
        .viewer
        .as_ref()
        .map_or_else(String::new, |((w, h), term, mode)| {
            // The size at the end, and the first one when the viewer resized.
            let size = match report.resized {
                Some((lw, lh)) if (lw, lh) != (*w, *h) => format!("{lw}x{lh} (first {w}x{h})"),
                _ => format!("{w}x{h}"),
            };
            format!(" {size} TERM={term}, mode {mode},")
        });
    let sent = report.flow.as_ref().map_or(0, |f| f.sent());
    eprintln!(
        "longrail: disconnect {peer}{viewer} after {:.1} s, {sent} bytes sent, {}",
        began.elapsed().as_secs_f64(),
        closed_why(&report, otherwise)
    );
}
