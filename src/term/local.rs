//! The local terminal: raw mode on the alternate screen of standard output, crossterm's
//! events turned into [`Input`]s (by the mapping every shell uses, [`super::input`]), the bell and `--on-event` hooks as effects. Whatever way
//! the app ends (quit, Ctrl-C, SIGTERM, SIGHUP, a closed terminal, an error or a panic) the
//! terminal is restored.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event;
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::frames::{FrameWriter, Stdout};
use super::{Host, signals};
use crate::app::session::{Effect, Input, Moment, Session};
use crate::term::hooks::Hooks;

/// How long hooks still running at exit are waited for (after the terminal is restored).
const HOOK_GRACE: Duration = Duration::from_secs(3);

/// Put the terminal back: raw mode off, main screen, cursor shown, mouse released. Safe to
/// call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = out
        .write_all(super::restore_sequence().as_bytes())
        .and_then(|()| out.flush());
    let _ = disable_raw_mode();
}

/// Restores the terminal when dropped, so early returns and errors restore it too; then marks
/// the loop done for the watchdog.
struct Guard(Arc<AtomicBool>);

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The terminal the app draws on.
type Screen = Terminal<CrosstermBackend<FrameWriter<Stdout>>>;

/// The terminal's size, columns and rows, asked of the terminal itself. Not crossterm's
/// `size()`: when the terminal is gone, that starts two `tput` processes each call, which
/// is what kept an orphaned demo busy.
fn terminal_size() -> io::Result<(u16, u16)> {
    let size = ratatui::crossterm::terminal::window_size()?;
    Ok((size.columns, size.rows))
}

fn setup() -> io::Result<Screen> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut out = io::stdout();
    out.write_all(super::setup_sequence().as_bytes())?;
    out.flush()?;
    // A fixed viewport: the loop resizes it from the host's size, so drawing never asks the
    // terminal for its size (see `terminal_size`).
    let (w, h) = terminal_size()?;
    Terminal::with_options(
        CrosstermBackend::new(FrameWriter::new(Stdout)),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
}

/// The local terminal as a [`Host`]: crossterm's events, the wall clock, the bell on stdout,
/// hooks as child processes, and a stop flag raised by signals and hang-ups.
struct LocalHost<'a> {
    started: Instant,
    hooks: Option<&'a mut Hooks>,
    stop: signals::Stop,
    /// The size last reported, to notice a resize whose SIGWINCH was lost.
    size: Option<(u16, u16)>,
}

impl Host for LocalHost<'_> {
    fn now(&mut self) -> Moment {
        Moment {
            wall: self.started.elapsed(),
            utc: Utc::now(),
        }
    }

    fn input(&mut self, timeout: Duration) -> io::Result<Option<Input>> {
        // Resize events ride on SIGWINCH, which some terminals and multiplexers lose; the
        // size is also checked on every wake (one ioctl).
        if self.stop.raised() {
            // Not into crossterm's reader: on a hung-up terminal it never returns.
            return Ok(None);
        }
        let size = terminal_size()?;
        if self.size.replace(size) != Some(size) {
            return Ok(Some(Input::Resize(size.0, size.1)));
        }
        if !event::poll(timeout)? {
            return Ok(None);
        }
        let input = super::input::from_crossterm(event::read()?);
        if let Some(Input::Resize(w, h)) = input {
            self.size = Some((w, h));
        }
        Ok(input)
    }

    fn effect(&mut self, effect: Effect) -> Option<String> {
        match effect {
            Effect::Bell => {
                let mut out = io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                None
            }
            Effect::Hook(hook) => {
                let hooks = self.hooks.as_deref_mut()?;
                hooks.fire(&hook.env);
                hooks.last_error.take()
            }
            Effect::Quit => None,
        }
    }

    fn stopped(&self) -> bool {
        self.stop.raised()
    }
}

/// Run `session` in the local terminal until the user quits or a signal or hang-up stops it,
/// then wait a moment for hooks still running. Returns the exit code a stop calls for
/// (128 + the signal), or `None` when the user quit.
///
/// # Errors
/// A terminal I/O failure (the terminal is restored first).
pub fn run(session: Session, started: Instant, hooks: Option<Hooks>) -> io::Result<Option<u8>> {
    let fps = session.app().settings().fps;
    run_model(session, started, hooks, fps)
}

/// [`run`] for any model the view draws (the network's screens as well as the journey's
/// app), at `fps` frames a second at most.
///
/// # Errors
/// As [`run`].
pub fn run_model<M>(
    session: Session<M>,
    started: Instant,
    mut hooks: Option<Hooks>,
    fps: u32,
) -> io::Result<Option<u8>>
where
    M: crate::app::Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    let stop = signals::Stop::on_signals(false)?;
    let result = screen(session, started, hooks.as_mut(), &stop, fps);
    if let Some(code) = stop.exit_code() {
        // Stopped: no waiting for hooks, and no message for a terminal that may be gone.
        return Ok(Some(code));
    }
    // The terminal is back to normal here; hooks still running get a moment to finish, then
    // are left to run on their own rather than holding up the exit.
    if let Some(hooks) = hooks.as_mut() {
        let left = hooks.wait_for(HOOK_GRACE);
        if left > 0 {
            eprintln!(
                "longrail: {left} --on-event command(s) still running after {} s; not waiting for them",
                HOOK_GRACE.as_secs()
            );
        }
    }
    result.map(|()| None)
}

/// The interactive session proper; the terminal is restored when it returns.
fn screen<M>(
    mut session: Session<M>,
    started: Instant,
    hooks: Option<&mut Hooks>,
    stop: &signals::Stop,
    fps: u32,
) -> io::Result<()>
where
    M: crate::app::Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    let done = Arc::new(AtomicBool::new(false));
    signals::watch_hangup(stop.clone());
    signals::watchdog(stop.clone(), Arc::clone(&done), restore);
    let mut terminal = setup()?;
    let _guard = Guard(done);
    #[cfg(feature = "harness")]
    panic_on_purpose(&mut terminal, &session)?;
    let mut host = LocalHost {
        started,
        hooks,
        stop: stop.clone(),
        size: Some({
            let s = terminal.get_frame().area();
            (s.width, s.height)
        }),
    };
    let result = super::run(&mut terminal, &mut session, &mut host, fps);
    if terminal.show_cursor().is_err() {
        // The terminal is gone: ratatui's drop would try again and report the failure on a
        // standard error that is gone too (a panic). The guard restores what can be.
        std::mem::forget(terminal);
    }
    result
}

/// The terminal-restoration tests' switch, in test builds only (the `harness` feature): with
/// `LONGRAIL_TEST_PANIC` set, panic once the screen is up.
#[cfg(feature = "harness")]
fn panic_on_purpose<M>(terminal: &mut Screen, session: &Session<M>) -> io::Result<()>
where
    M: crate::app::Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    if std::env::var_os("LONGRAIL_TEST_PANIC").is_some() {
        terminal.draw(|f| f.render_widget(session.model(), f.area()))?;
        #[allow(clippy::panic)] // the whole point of the switch
        {
            panic!("LONGRAIL_TEST_PANIC is set: panicking on purpose to test terminal restoration");
        }
    }
    Ok(())
}
