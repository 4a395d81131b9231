//! The terminal loop, generic over ratatui's [`Backend`] and over a [`Host`] that supplies
//! inputs and the time and carries out effects. The same loop runs the local terminal
//! ([`local`]), scripted events on a `TestBackend` in the tests, and any other byte stream.
//! The local terminal's `--on-event` commands are [`hooks`]; [`input`] turns any terminal's
//! events into the app's inputs, and [`frames`] takes their frames whole.

pub mod frames;
pub mod hooks;
pub mod input;
pub mod local;
pub mod narrate;
pub mod narrate_feed;
pub mod signals;

use std::io;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{Command as _, cursor, style};
use ratatui::widgets::Widget;

use crate::app::Model;
use crate::app::session::{Effect, Input, Moment, Session};

/// What puts a terminal into the app's screen, for every shell: the alternate screen, mouse
/// reporting on, the cursor hidden (raw mode is the local terminal's own business).
#[must_use]
pub fn setup_sequence() -> String {
    let mut out = String::new();
    // Writing ANSI into a String cannot fail.
    let _ = EnterAlternateScreen.write_ansi(&mut out);
    let _ = EnableMouseCapture.write_ansi(&mut out);
    let _ = cursor::Hide.write_ansi(&mut out);
    out
}

/// What puts a terminal back, for every shell: mouse reporting off, the main screen, the
/// cursor shown, colours and attributes reset.
#[must_use]
pub fn restore_sequence() -> String {
    let mut out = String::new();
    let _ = DisableMouseCapture.write_ansi(&mut out);
    let _ = LeaveAlternateScreen.write_ansi(&mut out);
    let _ = cursor::Show.write_ansi(&mut out);
    let _ = style::ResetColor.write_ansi(&mut out);
    out.push_str("\x1b[0m");
    out
}

/// While nothing changes by itself (paused, no demo), how often the loop wakes anyway to
/// notice a stop request (it draws nothing then).
pub const IDLE_WAKE: Duration = Duration::from_millis(250);

/// Where a session's inputs come from and where its effects go.
pub trait Host {
    /// The time now.
    fn now(&mut self) -> Moment;
    /// Wait at most `timeout` for the next input; `None` when none came in that time.
    ///
    /// # Errors
    /// The input could not be read (the terminal went away).
    fn input(&mut self, timeout: Duration) -> io::Result<Option<Input>>;
    /// Carry out `effect` (ring the bell, run a hook); returns a notice to show, such as a
    /// hook that could not start.
    fn effect(&mut self, effect: Effect) -> Option<String>;
    /// Whether the session should end now (a signal, a hang-up, the server stopping).
    fn stopped(&self) -> bool {
        false
    }
    /// Whether frames were lost on the way to the screen (a slow viewer's skipped output), so
    /// the next one must repaint it whole; asking clears it.
    fn take_repaint(&mut self) -> bool {
        false
    }
}

fn backend_error<E: std::error::Error + Send + Sync + 'static>(e: E) -> io::Error {
    io::Error::other(e)
}

/// Run `session` on `terminal` until the viewer quits or the host stops it, drawing at most
/// `fps` frames a second. Draws only when something changed. Any [`Model`] that the view can
/// draw (`&M: Widget`) runs here: the journey's app, or another kind of screen.
///
/// # Errors
/// Drawing failed or the host could not read input.
pub fn run<B, H, M>(
    terminal: &mut Terminal<B>,
    session: &mut Session<M>,
    host: &mut H,
    fps: u32,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    H: Host,
    M: Model,
    for<'a> &'a M: Widget,
{
    // The viewport, not the backend's size: a fixed viewport may be smaller.
    let area = terminal.get_frame().area();
    resize(terminal, session, host, area.width, area.height)?;
    let frame_gap = Duration::from_secs_f64(1.0 / f64::from(fps.max(1)));
    let mut dirty = true;
    let mut last_draw = host.now().wall;
    while !session.quit() && !host.stopped() {
        if host.take_repaint() {
            repaint(terminal)?;
            dirty = true;
        }
        if dirty {
            terminal
                .draw(|f| f.render_widget(session.model(), f.area()))
                .map_err(backend_error)?;
            last_draw = host.now().wall;
            if let Some(effects) = session.drawn(host.now()) {
                carry_out(session, host, effects);
                dirty = true;
                continue;
            }
        }
        let wall = host.now().wall;
        let until_frame = frame_gap.saturating_sub(wall.saturating_sub(last_draw));
        let timeout = session.next_wake(wall, until_frame).unwrap_or(IDLE_WAKE);
        dirty |= take_inputs(terminal, session, host, timeout)?;
    }
    Ok(())
}

/// Wait up to `timeout` for input and take everything pending; with none, let time pass.
/// Returns whether the screen needs drawing.
fn take_inputs<B, H, M>(
    terminal: &mut Terminal<B>,
    session: &mut Session<M>,
    host: &mut H,
    timeout: Duration,
) -> io::Result<bool>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    H: Host,
    M: Model,
{
    let Some(mut input) = host.input(timeout)? else {
        if !session.animating() {
            return Ok(false);
        }
        let at = host.now();
        let effects = session.handle(Input::Tick, at);
        carry_out(session, host, effects);
        return Ok(true);
    };
    // Drain everything pending before drawing again.
    loop {
        if let Input::Resize(w, h) = input {
            resize(terminal, session, host, w, h)?;
        } else {
            let at = host.now();
            let effects = session.handle(input, at);
            carry_out(session, host, effects);
        }
        if session.quit() {
            break;
        }
        match host.input(Duration::ZERO)? {
            Some(next) => input = next,
            None => break,
        }
    }
    Ok(true)
}

/// Forget what the screen holds, so the next draw sends every cell: a resize to the same
/// area clears the viewport and the previous buffer. (`Terminal::clear` would ask the
/// backend where the cursor is, which a terminal far away cannot answer.)
fn repaint<B>(terminal: &mut Terminal<B>) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let area = terminal.get_frame().area();
    terminal.resize(area).map_err(backend_error)
}

/// The terminal is `w`×`h` now: the frame and the app follow.
fn resize<B, H, M>(
    terminal: &mut Terminal<B>,
    session: &mut Session<M>,
    host: &mut H,
    w: u16,
    h: u16,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    H: Host,
    M: Model,
{
    if terminal.get_frame().area() != Rect::new(0, 0, w, h) {
        terminal
            .resize(Rect::new(0, 0, w, h))
            .map_err(backend_error)?;
    }
    let at = host.now();
    let effects = session.handle(Input::Resize(w, h), at);
    carry_out(session, host, effects);
    Ok(())
}

/// Carry out effects; a notice the host returns goes back into the session.
fn carry_out<H: Host, M: Model>(session: &mut Session<M>, host: &mut H, effects: Vec<Effect>) {
    let mut pending = effects;
    while !pending.is_empty() {
        let mut notices = Vec::new();
        for effect in pending {
            if let Some(notice) = host.effect(effect) {
                notices.push(notice);
            }
        }
        pending = Vec::new();
        for notice in notices {
            let at = host.now();
            pending.extend(session.handle(Input::Notice(notice), at));
        }
    }
}
