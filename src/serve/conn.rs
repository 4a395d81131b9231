//! One SSH connection: authentication, the one session channel with its pty and shell, and
//! nothing else (exec, subsystems, environment, X11, agent and port forwarding are refused).
//! The shell starts the viewer: its session on a thread of its own, and a task that sends its
//! frames, then its terminal's restore, its exit status and the channel's close.

use std::net::SocketAddr;
use std::sync::atomic::AtomicU32;
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;
use russh::server::{Auth, Handle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelWriteHalf, MethodKind, MethodSet, Pty};
use tokio::sync::Notify;

use super::output::{Flow, FrameWriter};
use super::viewer::{self, Ending, Link, Packet};
use super::{Admission, Killer, Knock, Server, log_text};

/// The smallest and largest sizes drawn; a 0 (what `ssh -tt` with piped input sends) is the
/// classic 80×24.
const COLUMNS: (u16, u16, u16) = (1, 500, 80);
const ROWS: (u16, u16, u16) = (1, 200, 24);

/// How long the viewer's last bytes may take to reach them, and how long the client then
/// gets to close its channel before the connection is dropped.
const LAST_WORDS: Duration = Duration::from_secs(1);

/// What the disconnection line reports.
#[derive(Debug, Default)]
pub struct Report {
    /// Size, `TERM` (as the log shows it) and mode of the viewer, once a shell started.
    pub viewer: Option<((u16, u16), String, &'static str)>,
    /// The viewer's last size, when they resized after the shell started.
    pub resized: Option<(u16, u16)>,
    /// Why the viewer's session ended, or why the connection was refused.
    pub ending: Option<String>,
    /// The output's bookkeeping (bytes sent).
    pub flow: Option<Arc<Flow>>,
}

/// A viewer let in, with their session, waiting to run.
struct Ready {
    session: super::Viewer,
    admission: Admission,
    spec: super::ViewerSpec,
}

/// What the pty request said.
#[derive(Clone)]
struct PtyAsked {
    /// `TERM` as the log shows it.
    term: String,
    /// Whether the terminal shows colour (`TERM` is not `dumb`).
    color: bool,
    /// Columns and rows, clamped.
    size: (u16, u16),
}

/// One connection's handler.
pub struct Conn {
    server: Arc<Server>,
    peer: SocketAddr,
    killer: Killer,
    report: Arc<Mutex<Report>>,
    /// The one session channel.
    channel: Option<ChannelId>,
    /// Its sending side: a frame goes out only as the client's window takes it.
    writer: Option<ChannelWriteHalf<Msg>>,
    /// The pty's `TERM` and size.
    pty: Option<PtyAsked>,
    /// The user name the client gave, as the log shows it.
    user: String,
    /// Where typed bytes and sizes go, once the viewer runs.
    to_viewer: Option<(SyncSender<Packet>, Arc<AtomicU32>)>,
    /// Raised when the client closes the channel.
    closed: Arc<Notify>,
    /// Holds this viewer's place in the limits while the connection lives.
    admission: Option<Admission>,
    /// Holds this connection's place among its address's unsettled ones, until it settles.
    knock: Option<Knock>,
}

impl Conn {
    /// A handler for a connection from `peer`.
    #[must_use]
    pub fn new(
        server: Arc<Server>,
        peer: SocketAddr,
        killer: Killer,
        report: Arc<Mutex<Report>>,
    ) -> Self {
        Self {
            server,
            peer,
            killer,
            report,
            channel: None,
            writer: None,
            pty: None,
            user: String::new(),
            to_viewer: None,
            closed: Arc::new(Notify::new()),
            admission: None,
            knock: None,
        }
    }

    /// The same handler, holding `knock` until the connection settles.
    #[must_use]
    pub fn knocking(mut self, knock: Knock) -> Self {
        self.knock = Some(knock);
        self
    }

    /// The connection has its viewer running, or is being told why not: the handshake
    /// limit no longer applies, and its address may knock again.
    fn settle(&mut self) {
        self.killer.settled();
        self.knock = None;
    }

    /// Note the user name the client gave (for the log).
    fn user_is(&mut self, user: &str) {
        self.user = log_text(user);
    }

    fn note(&self, ending: &str) {
        if let Ok(mut report) = self.report.lock() {
            report.ending.get_or_insert_with(|| ending.to_owned());
        }
    }

    /// Note why the viewer left, over the plain [`Ending::Gone`] its loop may have noted.
    fn note_over_gone(&self, ending: &str) {
        if let Ok(mut report) = self.report.lock()
            && report
                .ending
                .as_deref()
                .is_none_or(|e| e == Ending::Gone.word())
        {
            report.ending = Some(ending.to_owned());
        }
    }

    fn key_allowed(&self, key: &PublicKey) -> Auth {
        match &self.server.authorized {
            None => Auth::Accept,
            Some(keys) if keys.iter().any(|k| k.key_data() == key.key_data()) => Auth::Accept,
            Some(_) => Auth::reject(),
        }
    }

    /// Refuse a request on the channel, saying so in the log.
    fn refuse(&self, what: &str, channel: ChannelId, session: &mut Session) -> Result<(), Error> {
        self.note(&format!("refused {what}"));
        session.channel_failure(channel)?;
        Ok(())
    }

    /// Start the viewer on `channel`: admitted within the limits, its session built, its
    /// thread and its sender started.
    fn start_viewer(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Error> {
        let handle = session.handle();
        match self.prepare() {
            Ok(ready) => self.launch(handle, channel, ready),
            Err((note, line)) => self.turn_away(&handle, channel, note, &line),
        }
    }

    /// A viewer within the limits and their session; else what to log and tell them.
    fn prepare(&self) -> Result<Ready, (&'static str, String)> {
        let Some(pty) = self.pty.clone() else {
            let line = "longrail serve shows a terminal app: connect with `ssh -t`.";
            return Err(("no terminal", line.to_owned()));
        };
        let admission = self
            .server
            .admit(self.peer.ip())
            .map_err(|why| ("full", why))?;
        let spec = super::ViewerSpec {
            size: pty.size,
            color: pty.color,
            started: Instant::now(),
        };
        let session = (self.server.factory)(&spec).map_err(|why| ("no session", why))?;
        Ok(Ready {
            session,
            admission,
            spec,
        })
    }

    /// Run a prepared viewer: its loop on a thread, its frames sent by a task, which then
    /// sends the restore, the exit status and the close.
    fn launch(&mut self, handle: Handle, channel: ChannelId, ready: Ready) -> Result<(), Error> {
        let Ready {
            session,
            admission,
            spec,
        } = ready;
        let Some(writer) = self.writer.take() else {
            return self.turn_away(&handle, channel, "no channel", "the channel is gone");
        };
        let term = self
            .pty
            .as_ref()
            .map_or_else(String::new, |p| p.term.clone());
        self.admission = Some(admission);
        self.settle();
        let (packets, packets_rx) = std::sync::mpsc::sync_channel(viewer::INPUT_QUEUE);
        let resize = Arc::new(AtomicU32::new(0));
        let (frames, frames_rx) = FrameWriter::queue();
        let flow = Flow::new(spec.size);
        self.server.log_connect(self.peer, &spec, &term, &self.user);
        if let Ok(mut report) = self.report.lock() {
            report.viewer = Some((spec.size, term, self.server.mode.word()));
            report.flow = Some(Arc::clone(&flow));
        }
        let link = Link {
            packets: packets_rx,
            resize: Arc::clone(&resize),
            frames,
            flow: Arc::clone(&flow),
            stop: Arc::clone(&self.server.stop),
            idle: self.server.idle,
            size: spec.size,
            started: spec.started,
            narrate: !spec.color,
        };
        self.to_viewer = Some((packets, resize));
        let Some(done) = self.spawn_loop(session, link) else {
            return self.turn_away(&handle, channel, "no thread", "the server is overloaded");
        };
        let report = Arc::clone(&self.report);
        let closed = Arc::clone(&self.closed);
        let killer = self.killer.clone();
        tokio::spawn(async move {
            let ending = send_all(&writer, frames_rx, &flow, done).await;
            if let Ok(mut report) = report.lock() {
                report
                    .ending
                    .get_or_insert_with(|| ending.word().to_owned());
            }
            if ending != Ending::Slow {
                let bytes = viewer::goodbye_bytes(ending.goodbye(), !spec.color);
                last_words(&handle, channel, (&bytes, 0), &closed, &killer).await;
            }
        });
        Ok(())
    }

    /// The viewer's loop on a thread of its own; its ending arrives on the receiver.
    fn spawn_loop(
        &self,
        session: super::Viewer,
        link: Link,
    ) -> Option<tokio::sync::oneshot::Receiver<Ending>> {
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let killer = self.killer.clone();
        let fps = self.server.fps;
        let report = Arc::clone(&self.report);
        std::thread::Builder::new()
            .name(format!("viewer {}", self.peer))
            .spawn(move || {
                let ending = session(link, fps);
                if let Ok(mut report) = report.lock() {
                    report
                        .ending
                        .get_or_insert_with(|| ending.word().to_owned());
                }
                if ending == Ending::Slow {
                    // Its output is stuck in the socket: only closing the socket frees it.
                    killer.kill();
                }
                let _ = done_tx.send(ending);
            })
            .ok()?;
        Some(done_rx)
    }

    /// Tell the client why in one line, with exit status 1, and close.
    fn turn_away(
        &mut self,
        handle: &Handle,
        channel: ChannelId,
        note: &str,
        line: &str,
    ) -> Result<(), Error> {
        self.note(note);
        self.settle();
        let handle = handle.clone();
        let closed = Arc::clone(&self.closed);
        let killer = self.killer.clone();
        let line = format!("longrail: {line}\r\n");
        tokio::spawn(async move {
            last_words(&handle, channel, (line.as_bytes(), 1), &closed, &killer).await;
        });
        Ok(())
    }
}

/// Send the viewer's frames while its loop runs; returns how the loop ended. The frames it
/// left queued get [`LAST_WORDS`] to go out, unless it dropped a stalled client: a frame
/// waiting for a window that never opens must not keep the connection's task alive.
async fn send_all(
    writer: &ChannelWriteHalf<Msg>,
    frames: tokio::sync::mpsc::Receiver<Vec<u8>>,
    flow: &Flow,
    mut done: tokio::sync::oneshot::Receiver<Ending>,
) -> Ending {
    let sending = send_frames(writer, frames, flow);
    tokio::pin!(sending);
    tokio::select! {
        () = &mut sending => (&mut done).await.unwrap_or(Ending::Gone),
        ending = &mut done => {
            let ending = ending.unwrap_or(Ending::Gone);
            if ending != Ending::Slow {
                let _ = tokio::time::timeout(LAST_WORDS, &mut sending).await;
            }
            ending
        }
    }
}

/// Send frames until the viewer's writer is gone. Each is delivered once the client's
/// window has taken all of it, so a client that stops reading stops the output there, and
/// the stall limit runs from then (not once russh's own queue is full as well).
async fn send_frames(
    writer: &ChannelWriteHalf<Msg>,
    mut frames: tokio::sync::mpsc::Receiver<Vec<u8>>,
    flow: &Flow,
) {
    while let Some(frame) = frames.recv().await {
        let n = frame.len();
        if writer.data_bytes(frame).await.is_err() {
            return;
        }
        flow.delivered(n);
    }
}

/// The end of a channel: `bytes`, the exit status, EOF and close; then a moment for the
/// client to close its side (OpenSSH drops what it has buffered if the disconnect comes
/// first), then the disconnect.
async fn last_words(
    handle: &Handle,
    channel: ChannelId,
    (bytes, status): (&[u8], u32),
    closed: &Notify,
    killer: &Killer,
) {
    let steps = async {
        let _ = handle.data(channel, bytes.to_vec()).await;
        let _ = handle.exit_status_request(channel, status).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
        closed.notified().await;
    };
    let _ = tokio::time::timeout(LAST_WORDS, steps).await;
    let goodbye = handle.disconnect(
        russh::Disconnect::ByApplication,
        "goodbye".into(),
        String::new(),
    );
    let _ = tokio::time::timeout(LAST_WORDS, goodbye).await;
    // A session that could not take the disconnect (its queue held behind a window the
    // client never reopens) still ends: its socket is closed under it.
    tokio::time::sleep(LAST_WORDS).await;
    killer.kill();
}

/// A size from a pty request or window change: clamped, with 0 meaning the classic size.
#[must_use]
pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    let one = |v: u32, (lo, hi, zero): (u16, u16, u16)| {
        if v == 0 {
            zero
        } else {
            u16::try_from(v).unwrap_or(hi).clamp(lo, hi)
        }
    };
    (one(cols, COLUMNS), one(rows, ROWS))
}

/// The handler's error: russh's own.
pub type Error = russh::Error;

impl russh::server::Handler for Conn {
    type Error = Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Error> {
        self.user_is(user);
        if self.server.authorized.is_none() {
            return Ok(Auth::Accept);
        }
        Ok(Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
            partial_success: false,
        })
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Error> {
        self.user_is(user);
        Ok(self.key_allowed(offer.public_key))
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Error> {
        self.user_is(user);
        Ok(self.key_allowed(key.public_key))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Error> {
        if self.channel.is_some() {
            self.note("refused a second session channel");
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        // Only the sending side is kept: what the client sends comes through `data`.
        let (_, writer) = channel.split();
        self.writer = Some(writer);
        reply.accept().await;
        Ok(())
    }

    /// The client closed the channel: its viewer ends now (its loop sees its input gone)
    /// and its place is given back, though the connection may stay open (OpenSSH's
    /// connection sharing keeps it).
    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Error> {
        self.closed.notify_one();
        if Some(channel) == self.channel && self.to_viewer.take().is_some() {
            // russh tells the channel before this handler: the viewer's loop may have ended
            // on its closed output and noted a plain "connection closed" first.
            self.note_over_gone("left (closed the channel)");
            self.admission = None;
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Error> {
        if self.to_viewer.is_some() || Some(channel) != self.channel {
            return self.refuse("a late pty", channel, session);
        }
        self.pty = Some(PtyAsked {
            term: log_text(term),
            color: term != "dumb",
            size: clamp_size(col_width, row_height),
        });
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Error> {
        if self.to_viewer.is_some() || Some(channel) != self.channel {
            return self.refuse("a second shell", channel, session);
        }
        session.channel_success(channel)?;
        self.start_viewer(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Error> {
        self.refuse("exec", channel, session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Error> {
        let what = format!("subsystem {}", log_text(name));
        self.refuse(&what, channel, session)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Error> {
        self.refuse("X11 forwarding", channel, session)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Error> {
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Error> {
        if let Some((packets, resize)) = &self.to_viewer {
            let size = clamp_size(col_width, row_height);
            viewer::send_resize(resize, packets, size);
            if let Ok(mut report) = self.report.lock() {
                report.resized = Some(size);
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Error> {
        if let Some((packets, _)) = &self.to_viewer {
            // A full queue (a paste flood) drops the packet.
            let _ = viewer::send_bytes(packets, data);
        }
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from_address: &str,
        _from_port: u32,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Error> {
        self.note("refused port forwarding");
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Error> {
        self.note("refused port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _path: &str,
        _session: &mut Session,
    ) -> Result<bool, Error> {
        self.note("refused socket forwarding");
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_clamped_and_zero_is_80_by_24() {
        assert_eq!(clamp_size(0, 0), (80, 24));
        assert_eq!(clamp_size(120, 40), (120, 40));
        assert_eq!(clamp_size(100_000, 70_000), (500, 200));
        assert_eq!(clamp_size(u32::MAX, 1), (500, 1));
    }
}
