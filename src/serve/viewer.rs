//! One viewer: its [`Session`] run by the terminal loop on a thread of its own, with a
//! [`Host`] fed by its SSH channel's bytes through a bounded queue, drawing into a
//! [`ViewerBackend`] with a fixed viewport at the viewer's size.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::input::Parser;
use super::output::{Channel, Flow, FrameWriter, ViewerBackend, pack_size, unpack_size};
use crate::app::Model;
use crate::app::session::{Effect, Input, Moment, Session};
use crate::term::Host;

/// Packets of input waiting for a viewer's loop; past this, input is dropped (a paste
/// flood), not buffered.
pub const INPUT_QUEUE: usize = 64;

/// How long a lone ESC waits for the rest of a sequence before it is the Esc key.
const ESC_WAIT: Duration = Duration::from_millis(40);

/// What the connection sends a viewer's loop.
#[derive(Debug)]
pub enum Packet {
    /// Bytes the viewer typed.
    Bytes(Vec<u8>),
    /// Look at the size and the stop flag again.
    Wake,
}

/// Why a viewer's session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The viewer quit (`q`).
    Quit,
    /// The server is stopping.
    Stopped,
    /// No input for the idle timeout.
    Idle,
    /// The viewer read nothing for the stall limit.
    Slow,
    /// The connection went away.
    Gone,
}

impl Ending {
    /// How the disconnection log line says it.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Stopped => "server stopped",
            Self::Idle => "idle",
            Self::Slow => "too slow, dropped",
            Self::Gone => "connection closed",
        }
    }

    /// The one line the viewer reads after their terminal is restored.
    #[must_use]
    pub fn goodbye(self) -> &'static str {
        match self {
            Self::Quit | Self::Gone | Self::Slow => "longrail: goodbye, thanks for riding along.",
            Self::Stopped => "longrail: the server is stopping; goodbye.",
            Self::Idle => "longrail: closed after no input for the idle timeout; goodbye.",
        }
    }
}

/// Bytes that put a viewer's terminal back ([`crate::term::restore_sequence`]), then the
/// goodbye on a line of its own.
#[must_use]
pub fn restore_bytes(goodbye: &str) -> Vec<u8> {
    format!("{}\r\n{goodbye}\r\n", crate::term::restore_sequence()).into_bytes()
}

/// The last bytes a viewer gets: [`restore_bytes`], or for a narrated viewer (whose
/// terminal was never set up) the goodbye alone, with no escape sequence.
#[must_use]
pub fn goodbye_bytes(goodbye: &str, narrated: bool) -> Vec<u8> {
    if narrated {
        format!("{goodbye}\r\n").into_bytes()
    } else {
        restore_bytes(goodbye)
    }
}

/// Everything a viewer's loop is connected to.
pub struct Link {
    /// Input packets from the connection.
    pub packets: Receiver<Packet>,
    /// A size the connection was told of and the loop has not taken yet (columns in the high
    /// half; 0 when none).
    pub resize: Arc<AtomicU32>,
    /// Frames to the connection.
    pub frames: tokio::sync::mpsc::Sender<Vec<u8>>,
    /// The output's bookkeeping.
    pub flow: Arc<Flow>,
    /// Raised when the server stops.
    pub stop: Arc<AtomicBool>,
    /// Close the viewer after this long without input.
    pub idle: Option<Duration>,
    /// The size to start at.
    pub size: (u16, u16),
    /// When the viewer's session began (wall time 0).
    pub started: Instant,
    /// Narrate instead of drawing (the viewer's `TERM` is `dumb`).
    pub narrate: bool,
}

/// Hand the loop a new size: stored for it, then a wake-up (dropped if the queue is full:
/// the loop is busy with input then and looks at the size anyway).
pub fn send_resize(resize: &AtomicU32, packets: &SyncSender<Packet>, size: (u16, u16)) {
    resize.store(pack_size(size), Ordering::Release);
    let _ = packets.try_send(Packet::Wake);
}

/// Hand the loop typed bytes; when its queue is full they are dropped.
pub fn send_bytes(packets: &SyncSender<Packet>, bytes: &[u8]) -> bool {
    !matches!(
        packets.try_send(Packet::Bytes(bytes.to_vec())),
        Err(TrySendError::Full(_))
    )
}

/// Run `session` for one viewer until it ends; returns why. Any model the view can draw
/// runs here, as in [`crate::term::run`].
pub fn run<M>(mut session: Session<M>, link: Link, fps: u32) -> Ending
where
    M: Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    let flow = Arc::clone(&link.flow);
    let writer = FrameWriter::new(Channel::new(link.frames.clone(), Arc::clone(&flow)));
    let mut backend = ViewerBackend::new(writer, Arc::clone(&flow));
    if backend
        .send_raw(crate::term::setup_sequence().as_bytes())
        .is_err()
    {
        return Ending::Gone;
    }
    let (w, h) = link.size;
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let Ok(mut terminal) = Terminal::with_options(backend, options) else {
        return Ending::Gone;
    };
    let mut host = ChannelHost {
        link,
        parser: Parser::default(),
        queued: std::collections::VecDeque::new(),
        last_input: Instant::now(),
        held_since: None,
        ending: None,
    };
    let result = crate::term::run(&mut terminal, &mut session, &mut host, fps);
    match (host.ending, result) {
        (Some(ending), _) => ending,
        (None, Err(_)) => Ending::Gone,
        (None, Ok(())) => Ending::Quit,
    }
}

/// Run a viewer of the journey: narrated in plain lines when [`Link::narrate`] says so (a
/// `dumb` terminal), else drawn by [`run`].
pub fn run_journey(session: Session, link: Link, fps: u32) -> Ending {
    if link.narrate {
        narrate(session, link)
    } else {
        run(session, link, fps)
    }
}

/// Narrate `session` to a viewer ([`crate::term::narrate`]): lines ending in CR LF (their
/// terminal is raw) and what they type echoed; keys as the app's (s, n, t, q, Enter).
fn narrate(mut session: Session, link: Link) -> Ending {
    let mut out = FrameWriter::new(Channel::new(link.frames.clone(), Arc::clone(&link.flow)));
    let mut host = ChannelHost {
        link,
        parser: Parser::default(),
        queued: std::collections::VecDeque::new(),
        last_input: Instant::now(),
        held_since: None,
        ending: None,
    };
    let style = crate::term::narrate::Style {
        eol: "\r\n",
        echo: true,
    };
    let result = crate::term::narrate::run(
        &mut crate::term::narrate::Journey::new(&mut session),
        &mut host,
        &mut out,
        style,
    );
    match (host.ending, result) {
        (Some(ending), _) => ending,
        (None, Err(_)) => Ending::Gone,
        (None, Ok(())) => Ending::Quit,
    }
}

/// A viewer's loop's view of its connection.
struct ChannelHost {
    link: Link,
    parser: Parser,
    queued: std::collections::VecDeque<Input>,
    last_input: Instant,
    /// Since when a lone ESC has been held.
    held_since: Option<Instant>,
    ending: Option<Ending>,
}

impl ChannelHost {
    /// A size the connection passed on, not yet taken.
    fn take_resize(&mut self) -> Option<Input> {
        let packed = self.link.resize.swap(0, Ordering::AcqRel);
        if packed == 0 {
            return None;
        }
        let (w, h) = unpack_size(packed);
        self.link.flow.set_size((w, h));
        Some(Input::Resize(w, h))
    }

    /// Wait up to `wait` for a packet and parse it; returns whether one came.
    fn receive(&mut self, wait: Duration) -> bool {
        match self.link.packets.recv_timeout(wait) {
            Ok(Packet::Bytes(bytes)) => {
                self.last_input = Instant::now();
                self.queued.extend(self.parser.feed(&bytes));
                self.held_since = self.parser.holding().then(Instant::now);
                true
            }
            Ok(Packet::Wake) => true,
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                self.ending = Some(Ending::Gone);
                false
            }
        }
    }

    /// A lone ESC that nothing followed for [`ESC_WAIT`] is the Esc key.
    fn settle_escape(&mut self) {
        if self
            .held_since
            .is_some_and(|since| since.elapsed() >= ESC_WAIT)
        {
            self.held_since = None;
            self.queued.extend(self.parser.flush());
        }
    }

    /// The next input already here: a new size first, then what was typed.
    fn ready(&mut self) -> Option<Input> {
        self.settle_escape();
        self.take_resize().or_else(|| self.queued.pop_front())
    }

    /// Notice an ending that does not come with input: the server stopping, a stalled
    /// viewer, the idle timeout.
    fn check(&mut self) {
        if self.ending.is_some() {
            return;
        }
        if self.link.stop.load(Ordering::Relaxed) {
            self.ending = Some(Ending::Stopped);
        } else if self.link.flow.stalled() {
            self.ending = Some(Ending::Slow);
        } else if self
            .link
            .idle
            .is_some_and(|idle| self.last_input.elapsed() > idle)
        {
            self.ending = Some(Ending::Idle);
        }
    }
}

/// The longest the loop waits before looking at the stop flag again.
const CHECK_EVERY: Duration = Duration::from_millis(100);

impl Host for ChannelHost {
    fn now(&mut self) -> Moment {
        Moment {
            wall: self.link.started.elapsed(),
            utc: Utc::now(),
        }
    }

    fn input(&mut self, timeout: Duration) -> io::Result<Option<Input>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(input) = self.ready() {
                return Ok(Some(input));
            }
            self.check();
            if self.ending.is_some() {
                return Ok(None);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let mut wait = left.min(CHECK_EVERY);
            if let Some(since) = self.held_since {
                wait = wait.min(ESC_WAIT.saturating_sub(since.elapsed()));
            }
            if !self.receive(wait) && left.is_zero() {
                return Ok(self.ready());
            }
        }
    }

    fn effect(&mut self, _effect: Effect) -> Option<String> {
        // No bell and no hooks over SSH (`serve` refuses --bell and --on-event); a quit is
        // seen by the loop itself.
        None
    }

    fn stopped(&self) -> bool {
        self.ending.is_some()
    }

    fn take_repaint(&mut self) -> bool {
        self.link.flow.take_repaint()
    }
}
