//! Narration's loop (`longrail --narrate`, and a `serve` viewer whose `TERM` is `dumb`): the
//! same [`Session`] of the journey's [`App`] that the terminal loop runs, played at its speed,
//! told as plain lines instead of drawn. Each event the replay passes (the model's
//! [`Effect::Hook`], the same one `--on-event` hears) becomes a line
//! ([`crate::report::narrate`] words it); typed lines ask for more (`s`, `n`, `t`, `q`, Enter
//! repeats). Nothing is drawn in place and no escape sequence is written: a screen reader or a
//! log reads every line as it comes.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::Host;
use super::hooks::Hooks;
use crate::app::App;
use crate::app::session::{Effect, Input, Moment, Session};
use crate::report::narrate::{KEYS_HELP, Narrator, unknown};
use crate::settings::{Key, KeyCode};

/// The longest a line typed may be; past it the rest of the line is dropped.
pub const MAX_LINE: usize = 256;

/// How a narration writes: the end of a line, and whether what is typed must be echoed (an
/// SSH viewer's terminal is raw; a local one echoes by itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// `"\n"`, or `"\r\n"` for a terminal in raw mode.
    pub eol: &'static str,
    /// Echo what is typed.
    pub echo: bool,
}

/// What the viewer has typed so far, and the last answer (Enter alone repeats it).
struct Typing {
    line: String,
    last: Option<char>,
}

/// Write `line` and the end of a line, at once.
fn say(out: &mut dyn Write, style: Style, line: &str) -> io::Result<()> {
    out.write_all(line.as_bytes())?;
    out.write_all(style.eol.as_bytes())?;
    out.flush()
}

/// What a narration tells, and how it moves on: the journey ([`Journey`], a [`Session`] of
/// the app), or the trains arriving at a stop of a feed (`term::narrate_feed`). The loop
/// ([`run`]) is the same for both.
pub trait Story {
    /// The first lines.
    fn opening(&self) -> Vec<String>;
    /// Play on to `at`: a line for each thing that happened, and the effects for the host
    /// (an `--on-event` hook).
    fn play(&mut self, at: Moment) -> (Vec<String>, Vec<Effect>);
    /// The closing line once the story is over (the arrival), else `None`.
    fn over(&self) -> Option<String>;
    /// How long (wall time) until the next thing happens: the loop waits that long at most.
    fn until_next(&self) -> Duration;
    /// The answer to key `key` (`s`, `n`, `t`), or `None` for a key it has no answer to.
    fn answer(&self, key: char) -> Option<String>;
    /// The line when the reader quits.
    fn quit(&self) -> String;
    /// What the keys do (the opening says it, and `?`).
    fn keys(&self) -> &'static str {
        KEYS_HELP
    }
}

/// Narrate `story` through `host` onto `out` until it is over, `q`, or the host stops it.
///
/// # Errors
/// Writing failed (the reader went away).
pub fn run<H: Host>(
    story: &mut dyn Story,
    host: &mut H,
    out: &mut dyn Write,
    style: Style,
) -> io::Result<()> {
    for line in story.opening() {
        say(out, style, &line)?;
    }
    let mut typing = Typing {
        line: String::new(),
        last: None,
    };
    loop {
        play(story, host, out, style)?;
        if let Some(end) = story.over() {
            return say(out, style, &end);
        }
        if host.stopped() {
            return Ok(());
        }
        let Some(input) = host.input(story.until_next())? else {
            continue;
        };
        // Time first, so an answer is about the present and follows what happened before it.
        play(story, host, out, style)?;
        let keys = match input {
            Input::Key(key) => vec![key],
            Input::Paste(text) => text.chars().map(Key::char).collect(),
            Input::Mouse(_) | Input::Resize(..) | Input::Tick | Input::Notice(_) => Vec::new(),
        };
        for key in keys {
            if style.echo {
                echo(out, key, style)?;
            }
            match typing.key(key) {
                Typed::Nothing => {}
                Typed::Quit => return say(out, style, &story.quit()),
                Typed::Line(line) => say(out, style, &typing.answer(story, &line))?,
            }
        }
    }
}

/// Let the story play up to now, telling what happened and what the host said back (a hook
/// that failed).
fn play<H: Host>(
    story: &mut dyn Story,
    host: &mut H,
    out: &mut dyn Write,
    style: Style,
) -> io::Result<()> {
    let (lines, effects) = story.play(host.now());
    for line in lines {
        say(out, style, &line)?;
    }
    for effect in effects {
        if let Some(notice) = host.effect(effect) {
            say(out, style, &crate::report::narrate::spoken(&notice))?;
        }
    }
    Ok(())
}

/// The journey told: a [`Session`] of the app, each event it passes a line.
pub struct Journey<'a> {
    session: &'a mut Session<App>,
}

impl<'a> Journey<'a> {
    /// The story of `session`'s journey.
    pub fn new(session: &'a mut Session<App>) -> Self {
        Self { session }
    }
}

impl Story for Journey<'_> {
    /// The route, the speed and the keys, then the events at the very instant the replay
    /// starts (playing passes only those after it), or else where the train is.
    fn opening(&self) -> Vec<String> {
        let app = self.session.model();
        let narrator = narrator(app);
        let mut lines = narrator.opening(app.now(), app.clock().speed());
        let here: Vec<String> = app
            .journey()
            .timeline()
            .iter()
            .filter(|e| e.at == app.now())
            .map(|e| narrator.event(e))
            .collect();
        if here.is_empty() {
            lines.push(narrator.where_now(app.now()));
        }
        lines.extend(here);
        lines
    }

    /// A line per event passed (the model's [`Effect::Hook`], which goes to the host too).
    fn play(&mut self, at: Moment) -> (Vec<String>, Vec<Effect>) {
        let effects = self.session.handle(Input::Tick, at);
        let app = self.session.model();
        let narrator = narrator(app);
        let lines = effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Hook(hook) => app.journey().timeline().get(hook.event),
                Effect::Bell | Effect::Quit => None,
            })
            .map(|e| narrator.event(e))
            .collect();
        (lines, effects)
    }

    fn over(&self) -> Option<String> {
        let app = self.session.model();
        (app.clock().paused() && app.now() >= app.journey().route().arrival())
            .then(|| narrator(app).end())
    }

    fn until_next(&self) -> Duration {
        until_next_event(self.session.model())
    }

    fn answer(&self, key: char) -> Option<String> {
        let app = self.session.model();
        let narrator = narrator(app);
        match key {
            's' => Some(narrator.where_now(app.now())),
            'n' => Some(narrator.next_stops(app.now())),
            't' => Some(narrator.clocks(app.now())),
            _ => None,
        }
    }

    fn quit(&self) -> String {
        let app = self.session.model();
        narrator(app).quit(app.now())
    }
}

/// The narrator of `app`'s journey, with its units and clocks.
fn narrator(app: &App) -> Narrator<'_> {
    Narrator::new(
        app.journey(),
        app.settings().units,
        &app.settings().clocks,
        app.local_tz(),
    )
    .with_names(crate::app::labels::names(app))
}

/// How long until the replay reaches its next event (or the arrival), in wall time: the loop
/// waits for input that long at most. A compressed dwell plays faster than the speed says,
/// so then it looks again soon.
fn until_next_event(app: &App) -> Duration {
    let timeline = app.journey().timeline();
    let next = timeline
        .get(timeline.partition_point(|e| e.at <= app.now()))
        .map_or_else(|| app.journey().route().arrival(), |e| e.at);
    let wall = (next - app.now()).as_seconds_f64() / app.clock().speed().max(1.0);
    let most = if app.clock().boosting() { 0.1 } else { 1.0 };
    Duration::from_secs_f64(wall.clamp(0.001, most))
}

/// What a key did to the line being typed.
enum Typed {
    Nothing,
    Line(String),
    Quit,
}

impl Typing {
    fn key(&mut self, key: Key) -> Typed {
        if key.ctrl && matches!(key.code, KeyCode::Char('c' | 'd')) {
            return Typed::Quit;
        }
        match key.code {
            KeyCode::Enter => {
                let line = std::mem::take(&mut self.line);
                if line.trim().eq_ignore_ascii_case("q") {
                    Typed::Quit
                } else {
                    Typed::Line(line)
                }
            }
            KeyCode::Backspace => {
                self.line.pop();
                Typed::Nothing
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt && self.line.len() < MAX_LINE => {
                self.line.push(c);
                Typed::Nothing
            }
            _ => Typed::Nothing,
        }
    }
}

/// Echo a key typed on a raw terminal: characters as typed, Enter as a new line, Backspace
/// as backspace-space-backspace (plain control characters, no escape sequence).
fn echo(out: &mut dyn Write, key: Key, style: Style) -> io::Result<()> {
    match key.code {
        KeyCode::Char(c) if !key.ctrl && !key.alt => {
            let mut buf = [0; 4];
            out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        }
        KeyCode::Enter => out.write_all(style.eol.as_bytes())?,
        KeyCode::Backspace => out.write_all(b"\x08 \x08")?,
        _ => return Ok(()),
    }
    out.flush()
}

impl Typing {
    /// The answer to a typed line: `s`, `n`, `t` as the story answers them, `?` the keys
    /// (`q` quits before it gets here); Enter alone repeats the last; anything else says
    /// which keys there are.
    fn answer(&mut self, story: &dyn Story, line: &str) -> String {
        let word = line.trim().to_lowercase();
        let key = match word.as_str() {
            "" => self.last,
            w => w.chars().next().filter(|_| w.chars().count() == 1),
        };
        let text = match key {
            Some('?' | 'h') => Some(story.keys().to_owned()),
            None if word.is_empty() => Some(story.keys().to_owned()),
            Some(key) => story.answer(key),
            None => None,
        };
        match text {
            Some(text) => {
                self.last = key;
                text
            }
            None => unknown(line, story.keys()),
        }
    }
}

/// The local narration's host: lines of standard input, read on a thread of their own (one
/// that ends at the input's end: the narration then runs on to the arrival), the wall clock,
/// and the `--on-event` hooks.
pub struct LineHost {
    lines: Option<Receiver<String>>,
    pending: std::collections::VecDeque<Key>,
    started: Instant,
    hooks: Option<Hooks>,
}

impl LineHost {
    /// Read lines from standard input from now on; `started` is wall time 0.
    #[must_use]
    pub fn stdin(started: Instant, hooks: Option<Hooks>) -> Self {
        let (send, lines) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("narrate-stdin".into())
            .spawn(move || {
                let mut input = io::stdin().lock();
                while let Some(line) = read_line(&mut input) {
                    if send.send(line).is_err() {
                        break;
                    }
                }
            });
        Self {
            // Without the thread there is no input: the narration runs on.
            lines: spawned.ok().map(|_| lines),
            pending: std::collections::VecDeque::new(),
            started,
            hooks,
        }
    }

    /// Wait for all hooks still running (at most `limit`).
    pub fn wait_hooks(&mut self, limit: Duration) {
        if let Some(hooks) = &mut self.hooks {
            hooks.wait_for(limit);
        }
    }
}

/// One line of `input`, at most [`MAX_LINE`] bytes of it (the rest is dropped), without its
/// line ending; `None` at the end of the input or on an error.
pub fn read_line(input: &mut dyn BufRead) -> Option<String> {
    let mut line = Vec::new();
    let mut ended = false;
    loop {
        let buf = input.fill_buf().ok()?;
        if buf.is_empty() {
            if line.is_empty() && !ended {
                return None;
            }
            break;
        }
        let (used, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..used.min(room)]);
        input.consume(used);
        ended = true;
        if done {
            break;
        }
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Some(String::from_utf8_lossy(&line).into_owned())
}

impl Host for LineHost {
    fn now(&mut self) -> Moment {
        Moment {
            wall: self.started.elapsed(),
            utc: Utc::now(),
        }
    }

    fn input(&mut self, timeout: Duration) -> io::Result<Option<Input>> {
        if let Some(key) = self.pending.pop_front() {
            return Ok(Some(Input::Key(key)));
        }
        let Some(lines) = &self.lines else {
            std::thread::sleep(timeout);
            return Ok(None);
        };
        match lines.recv_timeout(timeout) {
            Ok(line) => {
                self.pending.extend(line.chars().map(Key::char));
                self.pending.push_back(Key::plain(KeyCode::Enter));
                Ok(self.pending.pop_front().map(Input::Key))
            }
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => {
                // The input ended: no more keys, and the narration plays on.
                self.lines = None;
                Ok(None)
            }
        }
    }

    fn effect(&mut self, effect: Effect) -> Option<String> {
        match effect {
            Effect::Hook(hook) => {
                let hooks = self.hooks.as_mut()?;
                hooks.fire(&hook.env);
                hooks.last_error.take()
            }
            // No bell: it is a control character, and a screen reader has no use for it.
            Effect::Bell | Effect::Quit => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_whole_up_to_the_limit() {
        let long = "x".repeat(MAX_LINE * 3);
        let text = format!("s\r\nn\n{long}\nt");
        let mut input = io::Cursor::new(text.into_bytes());
        assert_eq!(read_line(&mut input).as_deref(), Some("s"));
        assert_eq!(read_line(&mut input).as_deref(), Some("n"));
        assert_eq!(read_line(&mut input).map(|l| l.len()), Some(MAX_LINE));
        assert_eq!(read_line(&mut input).as_deref(), Some("t"));
        assert_eq!(read_line(&mut input), None);
    }

    #[test]
    fn typing_makes_lines_and_ctrl_keys_quit() {
        let mut typing = Typing {
            line: String::new(),
            last: None,
        };
        assert!(matches!(typing.key(Key::char('s')), Typed::Nothing));
        assert!(matches!(typing.key(Key::char('x')), Typed::Nothing));
        assert!(matches!(
            typing.key(Key::plain(KeyCode::Backspace)),
            Typed::Nothing
        ));
        assert!(matches!(typing.key(Key::plain(KeyCode::Enter)), Typed::Line(l) if l == "s"));
        assert!(matches!(typing.key(Key::ctrl('d')), Typed::Quit));
        typing.key(Key::char('Q'));
        assert!(matches!(
            typing.key(Key::plain(KeyCode::Enter)),
            Typed::Quit
        ));
    }
}
