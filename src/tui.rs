//! The terminal shell: puts the terminal in raw mode on the alternate screen, turns terminal
//! events into [`Action`]s, measures wall time, and draws. Whatever way the app ends (quit,
//! Ctrl-C, SIGTERM, SIGHUP, an error or a panic) the terminal is restored.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, KeyModifiers, MouseButton,
    MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::demo::Director;
use crate::app::keymap::KeyCode;
use crate::app::{Action, App, Command, Key, Mouse};
use crate::hooks::Hooks;

/// How long hooks still running at exit are waited for (after the terminal is restored).
const HOOK_GRACE: Duration = Duration::from_secs(3);

/// While paused, how often the loop wakes to notice a signal (it draws nothing then).
const IDLE_WAKE: Duration = Duration::from_millis(250);

/// Put the terminal back: raw mode off, main screen, cursor shown, mouse released. Safe to
/// call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped, so early returns and errors restore it too; then marks
/// the loop done for the signal thread.
struct Guard(Arc<AtomicBool>);

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Where frames go: a whole frame is gathered in memory and sent to stdout in one write on
/// flush (ratatui flushes once per frame; std's stdout alone would send 1 KiB pieces). A frame
/// cut short by a panic is dropped, never flushed onto the restored main screen.
#[derive(Default)]
struct FrameWriter(Vec<u8>);

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = io::stdout().lock();
        let sent = out.write_all(&self.0).and_then(|()| out.flush());
        self.0.clear();
        sent
    }
}

/// The terminal the app draws on.
type Screen = Terminal<CrosstermBackend<FrameWriter>>;

fn setup() -> io::Result<Screen> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )?;
    Terminal::new(CrosstermBackend::new(FrameWriter::default()))
}

/// How long the main loop gets to wind down after a signal before the signal thread restores
/// the terminal and exits itself (the loop can be stuck: crossterm's reader spins on a hung-up
/// terminal and never returns).
const SIGNAL_GRACE: Duration = Duration::from_millis(300);

/// Watch SIGTERM, SIGHUP, SIGINT and SIGQUIT on a thread of their own: ask the main loop to stop
/// (the returned flag); if it has not finished (`done`) after a grace period, restore the
/// terminal and exit from here.
fn watch_signals(done: Arc<AtomicBool>) -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            flag.store(true, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            if !done.load(Ordering::SeqCst) {
                restore();
                std::process::exit(0);
            }
        }
    });
    Ok(stop)
}

/// Wait, on a thread of its own, for the terminal to hang up (a closed window or pty: POLLHUP
/// on standard input, which a poll with no events requested reports and nothing else wakes),
/// then stop the app as a signal would. crossterm's reader would otherwise spin on the dead
/// terminal forever.
fn watch_hangup(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    if !io::stdin().is_terminal() {
        // Keys then come from /dev/tty; a closed stdin pipe is no hang-up.
        return;
    }
    std::thread::spawn(move || {
        let stdin = io::stdin();
        loop {
            let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::empty())];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(n) if n > 0 => {
                    let hung = fds[0].revents().is_some_and(|r| {
                        r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
                    });
                    if hung {
                        break;
                    }
                }
                Err(nix::errno::Errno::EINTR) | Ok(_) => {}
                Err(_) => return,
            }
        }
        stop.store(true, Ordering::SeqCst);
        std::thread::sleep(SIGNAL_GRACE);
        if !done.load(Ordering::SeqCst) {
            restore();
            std::process::exit(0);
        }
    });
}

/// What runs alongside the app in the terminal: event hooks, the other trains (built after
/// the first frame), and a demo director.
pub struct Extras {
    /// `--on-event` command runner.
    pub hooks: Option<Hooks>,
    /// Builds the fleet of other trains.
    pub fleet: crate::commands::LaterFleet,
    /// A demo script being played; any key hands control back.
    pub director: Option<Director>,
}

/// Run the interactive app until the user quits or a signal arrives.
///
/// # Errors
/// A terminal I/O failure (the terminal is restored first).
pub fn run(app: App, started: Instant, extras: Extras) -> io::Result<()> {
    let Extras {
        mut hooks,
        fleet,
        director,
    } = extras;
    let result = screen(app, started, hooks.as_mut(), fleet, director);
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
    result
}

/// The interactive session proper; the terminal is restored when it returns.
fn screen(
    mut app: App,
    started: Instant,
    mut hooks: Option<&mut Hooks>,
    fleet: crate::commands::LaterFleet,
    mut director: Option<Director>,
) -> io::Result<()> {
    let done = Arc::new(AtomicBool::new(false));
    let stop = watch_signals(Arc::clone(&done))?;
    watch_hangup(Arc::clone(&stop), Arc::clone(&done));
    let mut terminal = setup()?;
    let _guard = Guard(done);
    #[allow(clippy::panic)] // the whole point of the switch
    if std::env::var_os("LONGRAIL_TEST_PANIC").is_some() {
        // A hidden switch for the terminal-restoration tests: panic once the screen is up.
        terminal.draw(|f| f.render_widget(&app, f.area()))?;
        panic!("LONGRAIL_TEST_PANIC is set: panicking on purpose to test terminal restoration");
    }
    let size = terminal.size()?;
    let wall = || started.elapsed();
    let mut apply = |app: &mut App, action: Action| {
        app.update(action, started.elapsed());
        after_update(app, hooks.as_deref_mut());
    };
    apply(&mut app, Action::Resize(size.width, size.height));
    let frame_gap = Duration::from_secs_f64(1.0 / f64::from(app.settings.fps.max(1)));
    let mut dirty = true;
    let mut last_draw = Instant::now();
    // The other trains join after the first frame is on screen.
    let mut fleet = Some(fleet);
    while !app.quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal.draw(|f| f.render_widget(&app, f.area()))?;
            last_draw = Instant::now();
            dirty = false;
        }
        if let Some(build) = fleet.take() {
            let fleet = build();
            if !fleet.is_empty() {
                app.set_fleet(fleet);
                dirty = true;
                continue;
            }
        }
        let until_frame = frame_gap.saturating_sub(last_draw.elapsed());
        let timeout = match (app.clock.until_next_second(wall()), &director) {
            (_, Some(_)) => until_frame,
            (None, None) => IDLE_WAKE,
            (Some(until), None) => until.max(until_frame),
        };
        if event::poll(timeout)? {
            // Drain everything pending before drawing again.
            loop {
                let event = event::read()?;
                let action = action_of(&app, &event);
                if director.is_some() && matches!(event, Event::Key(_)) {
                    // Any key takes over from the demo; q (and Esc) still quit.
                    director = None;
                    apply(&mut app, Action::Demo(false));
                    if let Some(quit @ Action::Command(Command::Quit | Command::Back)) = action {
                        apply(&mut app, quit);
                    }
                } else if let Some(action) = action {
                    apply(&mut app, action);
                }
                dirty = true;
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        } else {
            if let Some(d) = director.as_mut() {
                for action in d.step(&app, wall()) {
                    apply(&mut app, action);
                }
                if d.finished {
                    director = None;
                }
                dirty = true;
            }
            if !app.clock.paused() {
                apply(&mut app, Action::Tick);
                dirty = true;
            }
        }
        // Resize events ride on SIGWINCH, which some terminals and multiplexers lose; the size
        // is also checked on every wake (one ioctl).
        let size = terminal.size()?;
        if (size.width, size.height) != app.size {
            apply(&mut app, Action::Resize(size.width, size.height));
            dirty = true;
        }
    }
    Ok(())
}

/// After each update: ring the bell for arrivals (when asked) and run the event hook for each
/// event passed.
fn after_update(app: &mut App, mut hooks: Option<&mut Hooks>) {
    for &i in &app.outbox {
        let Some(event) = app.journey.timeline().get(i) else {
            continue;
        };
        if app.settings.bell && App::rings(&event.kind) {
            let mut out = io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        if let Some(hooks) = hooks.as_deref_mut() {
            hooks.fire(&app.journey, event);
        }
    }
    if let Some(error) = hooks.and_then(|h| h.last_error.take()) {
        app.notice = Some(error);
    }
}

/// Translate a terminal event into an action.
fn action_of(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release && app.prompt.is_some() => {
            use crate::app::PromptKey;
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            let key = match k.code {
                event::KeyCode::Char('c') if ctrl => return Some(Action::Command(Command::Quit)),
                event::KeyCode::Char(c) if !ctrl => PromptKey::Char(c),
                event::KeyCode::Backspace => PromptKey::Backspace,
                event::KeyCode::Enter => PromptKey::Enter,
                event::KeyCode::Esc => PromptKey::Cancel,
                _ => return None,
            };
            Some(Action::Prompt(key))
        }
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let key = key_of(k.code, k.modifiers)?;
            match app.keymap.command(key)? {
                // "Now" needs the real clock, which only the shell reads.
                Command::Now => Some(Action::Live(chrono::Utc::now())),
                command => Some(Action::Command(command)),
            }
        }
        Event::Mouse(m) => {
            let (col, row) = (m.column, m.row);
            let mouse = match m.kind {
                MouseEventKind::ScrollUp => Mouse::WheelUp(col, row),
                MouseEventKind::ScrollDown => Mouse::WheelDown(col, row),
                MouseEventKind::Down(MouseButton::Left) => Mouse::Down(col, row),
                MouseEventKind::Drag(MouseButton::Left) => Mouse::Drag(col, row),
                MouseEventKind::Up(MouseButton::Left) => Mouse::Up(col, row),
                _ => return None,
            };
            Some(Action::Mouse(mouse))
        }
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn key_of(code: event::KeyCode, mods: KeyModifiers) -> Option<Key> {
    use event::KeyCode as C;
    let code = match code {
        C::Char(c) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
            c.to_ascii_lowercase()
        } else {
            c
        }),
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Esc => KeyCode::Esc,
        C::Enter => KeyCode::Enter,
        C::Tab => KeyCode::Tab,
        C::Backspace => KeyCode::Backspace,
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: mods.contains(KeyModifiers::CONTROL),
        alt: mods.contains(KeyModifiers::ALT),
    })
}
