//! A program in a pseudo-terminal with its screen read by a VT parser (`vt100`): the one
//! harness of the end-to-end tests (the app in a terminal, `ssh` clients of `longrail serve`,
//! the soak) and of the serve bench, which includes this file by its path. Keys are typed,
//! the screen is awaited (never slept on), and what the program wrote is kept for the checks
//! that the terminal was restored.
#![allow(dead_code)] // each user takes its own part

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a wait for the screen or the exit may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What the program has written so far.
#[derive(Default)]
struct Output {
    /// Every byte (when kept).
    bytes: Vec<u8>,
    /// How many bytes came in all.
    count: usize,
    /// The screen they draw (when parsed).
    parser: Option<vt100::Parser>,
    /// The terminal's output has closed (the program and its children are gone).
    closed: bool,
}

/// What [`Pty::spawn_with`] keeps of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every byte, and the screen they draw.
    Screen,
    /// Only the count of bytes (a long soak, a bench's many clients).
    Count,
}

/// A program running in a pseudo-terminal, its output read on a thread of its own.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<(Mutex<Output>, Condvar)>,
}

fn pty_size((cols, rows): (u16, u16)) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Pty {
    /// Run `cmd` in a terminal of `size` (columns, rows), its screen parsed.
    #[must_use]
    pub fn spawn(cmd: CommandBuilder, size: (u16, u16)) -> Self {
        Self::spawn_with(cmd, size, Keep::Screen)
    }

    /// Run `cmd` in a terminal of `size`, keeping what `keep` says of its output.
    #[must_use]
    pub fn spawn_with(cmd: CommandBuilder, size: (u16, u16), keep: Keep) -> Self {
        let pair = native_pty_system().openpty(pty_size(size)).unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new((
            Mutex::new(Output {
                parser: (keep == Keep::Screen).then(|| vt100::Parser::new(size.1, size.0, 0)),
                ..Output::default()
            }),
            Condvar::new(),
        ));
        read_into(reader, Arc::clone(&output), keep);
        Self {
            master: pair.master,
            writer,
            child,
            output,
        }
    }

    /// The screen's text now.
    #[must_use]
    pub fn screen(&self) -> String {
        let out = self.output.0.lock().unwrap();
        out.parser
            .as_ref()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Every byte written so far (none when only counted).
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        self.output.0.lock().unwrap().bytes.clone()
    }

    /// Whether the program is still running.
    #[must_use]
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// How many bytes were written so far.
    #[must_use]
    pub fn count(&self) -> usize {
        self.output.0.lock().unwrap().count
    }

    /// Wait until the screen satisfies `pred` (up to [`TIMEOUT`]); returns that screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(TIMEOUT, what, pred)
    }

    /// Wait up to `limit` until the screen satisfies `pred`; returns that screen.
    pub fn wait_for_within(
        &self,
        limit: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let (lock, cvar) = &*self.output;
        let deadline = Instant::now() + limit;
        let mut out = lock.lock().unwrap();
        loop {
            let screen = out
                .parser
                .as_ref()
                .map(|p| p.screen().contents())
                .unwrap_or_default();
            if pred(&screen) {
                return screen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero() && !out.closed,
                "timed out waiting for {what}; screen:\n{screen}\nlast bytes: {:?}",
                String::from_utf8_lossy(&out.bytes[out.bytes.len().saturating_sub(300)..])
            );
            out = cvar.wait_timeout(out, left).unwrap().0;
        }
    }

    /// Type `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Whether the terminal is in raw mode (no line editing, no echo).
    #[must_use]
    pub fn raw_mode(&self) -> bool {
        let t = self.master.get_termios().unwrap();
        !t.local_flags.contains(LocalFlags::ICANON) && !t.local_flags.contains(LocalFlags::ECHO)
    }

    /// Resize the terminal, as a window manager would: new size, then SIGWINCH to the program
    /// (the kernel only signals a terminal's foreground process group, which the pty library
    /// does not always make the child).
    ///
    /// The screen model takes the new size first, while the output lock is held: a frame the
    /// program draws for the new size can then never be parsed at the old one (and cropped),
    /// which made a redraw that comes only once look lost.
    pub fn resize(&self, cols: u16, rows: u16) {
        let mut out = self.output.0.lock().unwrap();
        if let Some(parser) = out.parser.as_mut() {
            parser.screen_mut().set_size(rows, cols);
        }
        self.master.resize(pty_size((cols, rows))).unwrap();
        drop(out);
        self.signal(Signal::SIGWINCH);
    }

    /// The program's process id.
    #[must_use]
    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Send `sig` to the program.
    pub fn signal(&self, sig: Signal) {
        kill(Pid::from_raw(i32::try_from(self.pid()).unwrap()), sig).unwrap();
    }

    /// Wait for the program to exit and its output to close; its exit code, every byte it
    /// wrote (when kept), and the terminal (to look at its modes after).
    pub fn wait_exit(mut self) -> (u32, Vec<u8>, Self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let (lock, cvar) = &*self.output;
                let mut out = lock.lock().unwrap();
                while !out.closed && Instant::now() < deadline {
                    out = cvar
                        .wait_timeout(out, Duration::from_millis(200))
                        .unwrap()
                        .0;
                }
                let bytes = out.bytes.clone();
                drop(out);
                return (status.exit_code(), bytes, self);
            }
            assert!(Instant::now() < deadline, "the program did not exit");
            let (lock, cvar) = &*self.output;
            let out = lock.lock().unwrap();
            let _ = cvar.wait_timeout(out, Duration::from_millis(50)).unwrap();
        }
    }

    /// End the program now (a bench's clients), waiting for it.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Read `reader` into `sink` until it closes, waking whoever waits on the screen.
fn read_into(mut reader: Box<dyn Read + Send>, sink: Arc<(Mutex<Output>, Condvar)>, keep: Keep) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            let (lock, cvar) = &*sink;
            let mut out = lock.lock().unwrap();
            if n == 0 {
                out.closed = true;
                cvar.notify_all();
                return;
            }
            out.count += n;
            if keep == Keep::Screen {
                out.bytes.extend_from_slice(&buf[..n]);
            }
            if let Some(p) = out.parser.as_mut() {
                p.process(&buf[..n]);
            }
            cvar.notify_all();
        }
    });
}

/// The terminal state the program left, by what it wrote: the last alternate-screen switch
/// is a leave, the cursor was shown after the last hide, and mouse reporting is off.
pub fn assert_restored(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let last = |needle: &str| text.rfind(needle);
    assert!(
        last("\x1b[?1049h").is_some(),
        "never entered the alternate screen"
    );
    assert!(
        last("\x1b[?1049l") > last("\x1b[?1049h"),
        "alternate screen not left"
    );
    assert!(last("\x1b[?25h") > last("\x1b[?25l"), "cursor left hidden");
    assert!(
        last("\x1b[?1000l") > last("\x1b[?1000h"),
        "mouse reporting left on"
    );
}

/// The app's binary with `args`, run from the crate's directory with a home of its own (no
/// config of the machine's user), `TERM=xterm-256color`, `TZ=Asia/Tokyo`, colour allowed, and
/// `env` on top.
#[must_use]
pub fn longrail(args: &[&str], env: &[(&str, &str)]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_longrail"));
    cmd.args(args);
    let home = std::env::temp_dir().join("longrail-pty-home");
    std::fs::create_dir_all(&home).unwrap();
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("HOME", home.to_str().unwrap());
    cmd.env("XDG_CONFIG_HOME", home.join(".config").to_str().unwrap());
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "Asia/Tokyo");
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}
