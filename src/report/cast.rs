//! A replay written as an asciicast v2 stream (the asciinema format), with no terminal. Each
//! frame is drawn through the real render path, a ratatui [`Terminal`] over
//! [`CrosstermBackend`], into memory at a fixed size, so ratatui's diffing produces exactly the
//! bytes a terminal of that size would receive; each frame's bytes become one output event.
//!
//! [`record`] is pure: wall time is the frame number over the frame rate, and the inputs for
//! each frame come from a function of that time (none for a plain replay; a demo's director
//! steers from inside the [`Session`]). `longrail record` (`crate::cli::record`) writes the
//! file.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::terminal::{Clear, ClearType};
use ratatui::crossterm::{cursor, queue};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde::Serialize;

use ratatui::widgets::Widget;

use crate::app::session::{Input, Moment, Session};
use crate::app::{App, Model};
use crate::util::text::sanitize;

/// The fastest frame rate a cast may have.
pub const MAX_FPS: u32 = 60;

/// The longest cast `longrail record` makes.
pub const MAX_DURATION: Duration = Duration::from_secs(86_400);

/// How [`record`] records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOptions {
    /// Screen size, columns × rows.
    pub size: (u16, u16),
    /// Frames per second, 1 to [`MAX_FPS`].
    pub fps: u32,
    /// Length of the cast in wall time; frames are drawn at 0, 1/fps, ... before it.
    pub duration: Duration,
    /// The header's `title`.
    pub title: String,
    /// The header's `timestamp` (Unix seconds when the recording was made), if any.
    pub timestamp: Option<u64>,
    /// The header's `env.SHELL`, if any.
    pub shell: Option<String>,
}

/// What [`record`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Frames drawn.
    pub frames: u64,
    /// Output events written, counting the closing one (frames that changed nothing write none).
    pub events: u64,
    /// Time of the last event: the length of the cast.
    pub length: Duration,
}

/// The asciicast v2 header line.
#[derive(Serialize)]
struct Header<'a> {
    version: u8,
    width: u16,
    height: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<u64>,
    title: &'a str,
    env: Env<'a>,
}

/// The header's `env`.
#[derive(Serialize)]
struct Env<'a> {
    #[serde(rename = "TERM")]
    term: &'a str,
    #[serde(rename = "SHELL", skip_serializing_if = "Option::is_none")]
    shell: Option<&'a str>,
}

/// Record `session` as an asciicast v2 stream into `out`: the header, then one output event
/// per frame that changed the screen, then one that shows the cursor again. Frames are drawn
/// as [`drive`] says.
///
/// # Errors
/// Options out of range (`InvalidInput`), or a failed write to `out`.
pub fn record<M>(
    session: Session<M>,
    options: &RecordOptions,
    inputs: &mut dyn FnMut(Duration) -> Vec<Input>,
    out: &mut dyn Write,
) -> io::Result<Summary>
where
    M: Model,
    for<'a> &'a M: Widget,
{
    frame_count(options)?;
    write_header(out, options)?;
    let mut recorder = Recorder::new(options.size)?;
    let (_, length) = drive(
        session,
        options,
        inputs,
        &mut |model: Option<&M>, t| match model {
            Some(model) => recorder.frame(model, t, out),
            None => recorder.unchanged(out),
        },
    )?;
    recorder.summary.length = length;
    recorder.finish(out)
}

/// Play `session` at `options`' size, rate and length, handing each frame's model (the
/// journey's app, the network's screens) to `frame`: before frame `i`, at wall time
/// `t = i / fps`, the session takes `inputs(t)`, then time passes to `t` and
/// `frame(Some(model), t)` draws. A frame at which nothing can have changed
/// (no input, nothing moving by itself: paused, or after the arrival) is `frame(None, t)`:
/// nothing to draw, but a chance to stop (a signal). It stops early if the session quits (an
/// input may end it so). Returns the frames played and the length played: the time after
/// the last frame, or the time at which the session quit.
///
/// # Errors
/// Options out of range (`InvalidInput`), or what `frame` returned.
pub fn drive<M: Model>(
    mut session: Session<M>,
    options: &RecordOptions,
    inputs: &mut dyn FnMut(Duration) -> Vec<Input>,
    frame: &mut dyn FnMut(Option<&M>, Duration) -> io::Result<()>,
) -> io::Result<(u64, Duration)> {
    let frames = frame_count(options)?;
    let (width, height) = options.size;
    // Only a "now" key reads the calendar; a recording has the replay's own instant for it.
    let utc = session.model().instant();
    let at = |wall| Moment { wall, utc };
    session.handle(Input::Resize(width, height), at(Duration::ZERO));
    let mut played = 0;
    let mut changed = true;
    for i in 0..frames {
        let t = frame_time(i, options.fps);
        for input in inputs(t) {
            session.handle(input, at(t));
            changed = true;
        }
        if session.quit() {
            return Ok((played, t));
        }
        if changed || session.animating() {
            session.handle(Input::Tick, at(t));
            frame(Some(session.model()), t)?;
            changed = false;
        } else {
            frame(None, t)?;
        }
        played += 1;
    }
    Ok((played, frame_time(frames, options.fps)))
}

/// A terminal of fixed size drawing into memory, and what has been recorded so far.
struct Recorder {
    terminal: Terminal<CrosstermBackend<Screen>>,
    screen: Screen,
    /// The screen as last drawn.
    last: Option<Buffer>,
    /// Bytes waiting for the next event.
    pending: Vec<u8>,
    summary: Summary,
}

impl Recorder {
    fn new((width, height): (u16, u16)) -> io::Result<Self> {
        let screen = Screen::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(screen.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
            },
        )?;
        // What the app sends on entry, less the alternate screen and the mouse, which a cast
        // has no use for: a clear screen and a hidden cursor. It goes out with the first frame.
        let mut pending = Vec::new();
        queue!(pending, Clear(ClearType::All), cursor::Hide)?;
        Ok(Self {
            terminal,
            screen,
            last: None,
            pending,
            summary: Summary {
                frames: 0,
                events: 0,
                length: Duration::ZERO,
            },
        })
    }

    /// Draw `app` and write what the terminal would receive as an event at `t`. A frame that
    /// changes no cell sends only attribute resets and "hide the cursor", which change nothing
    /// on a screen: it writes no event.
    fn frame<M>(&mut self, model: &M, t: Duration, out: &mut dyn Write) -> io::Result<()>
    where
        for<'a> &'a M: Widget,
    {
        let frame = self.terminal.draw(|f| f.render_widget(model, f.area()))?;
        let changed = self.last.as_ref() != Some(frame.buffer);
        if changed {
            self.last = Some(frame.buffer.clone());
        }
        let bytes = self.screen.take()?;
        self.summary.frames += 1;
        if changed {
            self.pending.extend_from_slice(&bytes);
            write_event(out, t, &self.pending)?;
            self.pending.clear();
            self.summary.events += 1;
        }
        Ok(())
    }

    /// A frame at which nothing changed: nothing is drawn or written, but the writer is
    /// flushed, so one that stops on a signal stops here too (a paused replay writes nothing
    /// for as long as it is recorded).
    fn unchanged(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.summary.frames += 1;
        out.flush()
    }

    /// The closing event, showing the cursor again, at the end of the cast.
    fn finish(mut self, out: &mut dyn Write) -> io::Result<Summary> {
        queue!(self.pending, cursor::Show)?;
        write_event(out, self.summary.length, &self.pending)?;
        self.summary.events += 1;
        out.flush()?;
        Ok(self.summary)
    }
}

/// Where the backend's bytes go: memory that [`record`] empties after each frame.
#[derive(Clone, Default)]
struct Screen(Rc<RefCell<Vec<u8>>>);

impl Screen {
    /// The bytes written since the last call.
    fn take(&self) -> io::Result<Vec<u8>> {
        let mut bytes = self.0.try_borrow_mut().map_err(io::Error::other)?;
        Ok(std::mem::take(&mut *bytes))
    }
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = self.0.try_borrow_mut().map_err(io::Error::other)?;
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How many frames `options` asks for: the duration times the rate, rounded up.
///
/// # Errors
/// `InvalidInput` naming the bad option: a zero size or rate, a rate over [`MAX_FPS`], or too
/// many frames to count.
pub fn frame_count(options: &RecordOptions) -> io::Result<u64> {
    let invalid = |what: String| io::Error::new(io::ErrorKind::InvalidInput, what);
    let (w, h) = options.size;
    if w == 0 || h == 0 {
        return Err(invalid(format!(
            "the size {w}x{h} is empty: use at least 1x1, e.g. 120x40"
        )));
    }
    if !(1..=MAX_FPS).contains(&options.fps) {
        return Err(invalid(format!(
            "{} frames per second is out of range: use 1 to {MAX_FPS}",
            options.fps
        )));
    }
    let nanos = options.duration.as_nanos() * u128::from(options.fps);
    u64::try_from(nanos.div_ceil(1_000_000_000)).map_err(|_| {
        invalid(format!(
            "{:?} at {} fps is too many frames: record less",
            options.duration, options.fps
        ))
    })
}

/// Wall time of frame `i` at `fps` frames per second (`fps` is at least 1).
fn frame_time(i: u64, fps: u32) -> Duration {
    let fps = u64::from(fps.max(1));
    Duration::from_secs(i / fps) + Duration::from_nanos((i % fps) * 1_000_000_000 / fps)
}

fn write_header(out: &mut dyn Write, options: &RecordOptions) -> io::Result<()> {
    let header = Header {
        version: 2,
        width: options.size.0,
        height: options.size.1,
        timestamp: options.timestamp,
        title: &options.title,
        env: Env {
            term: "xterm-256color",
            shell: options.shell.as_deref(),
        },
    };
    serde_json::to_writer(&mut *out, &header).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// One `[seconds, "o", text]` line; seconds with microseconds, as asciinema writes them.
fn write_event(out: &mut dyn Write, at: Duration, bytes: &[u8]) -> io::Result<()> {
    // Frames are whole, so their bytes are whole UTF-8; a lossy conversion cannot lose anything.
    let text = String::from_utf8_lossy(bytes);
    let json = serde_json::to_string(&text).map_err(io::Error::other)?;
    writeln!(
        out,
        "[{}.{:06}, \"o\", {json}]",
        at.as_secs(),
        at.subsec_micros()
    )
}

/// The cast's title: `longrail · Pyongyang → Moscow · 600×`.
#[must_use]
pub fn default_title(app: &App) -> String {
    format!(
        "longrail · {} · {}",
        sanitize(&app.journey().route().name),
        crate::util::format::speed_text(app.settings().speed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::StartSpec;
    use crate::settings::source::resolve_route;
    use crate::sim::Journey;

    fn app(at: &str, speed: f64, paused: bool) -> App {
        let mut s =
            crate::settings::config::finish(crate::settings::config::defaults().unwrap(), false)
                .unwrap();
        s.start = StartSpec::parse(at).unwrap();
        s.speed = speed;
        s.paused = paused;
        let journey = Journey::new(resolve_route(&s.route, None).unwrap());
        App::new(journey, s, chrono_tz::Asia::Tokyo, (80, 24), Duration::ZERO)
    }

    fn options(fps: u32, duration: Duration) -> RecordOptions {
        RecordOptions {
            size: (80, 24),
            fps,
            duration,
            title: "test".to_owned(),
            timestamp: Some(1_750_000_000),
            shell: None,
        }
    }

    /// The cast's lines: the header and the events as (seconds, text).
    fn cast(
        app: App,
        options: &RecordOptions,
        inputs: &mut dyn FnMut(Duration) -> Vec<Input>,
    ) -> (serde_json::Value, Vec<(f64, String)>, Summary) {
        let mut out = Vec::new();
        let summary = record(Session::new(app), options, inputs, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        let header = serde_json::from_str(lines.next().unwrap()).unwrap();
        let events = lines
            .map(|l| {
                let (t, kind, s): (f64, String, String) = serde_json::from_str(l).unwrap();
                assert_eq!(kind, "o");
                (t, s)
            })
            .collect();
        (header, events, summary)
    }

    #[test]
    fn header_is_asciicast_v2() {
        let opts = options(10, Duration::from_millis(300));
        let (header, _, _) = cast(app("departure", 600.0, false), &opts, &mut |_| Vec::new());
        assert_eq!(
            header,
            serde_json::json!({"version": 2, "width": 80, "height": 24, "timestamp": 1_750_000_000,
                "title": "test", "env": {"TERM": "xterm-256color"}})
        );
    }

    #[test]
    fn one_event_per_changed_frame_then_the_cursor_comes_back() {
        let opts = options(10, Duration::from_secs(2));
        let (_, events, summary) = cast(
            app("2025-06-20T12:00:00Z", 600.0, false),
            &opts,
            &mut |_| Vec::new(),
        );
        assert_eq!(summary.frames, 20);
        assert_eq!(summary.length, Duration::from_secs(2));
        assert_eq!(summary.events, u64::try_from(events.len()).unwrap());
        assert!(
            events[0].1.starts_with("\x1b[2J\x1b[?25l"),
            "{:?}",
            &events[0].1[..20]
        );
        assert_eq!(events.last().unwrap(), &(2.0, "\x1b[?25h".to_owned()));
        assert!(events.windows(2).all(|w| w[0].0 < w[1].0));
        // At 600× the clocks' seconds change every frame, so every frame is an event.
        assert_eq!(events.len(), 21);
    }

    #[test]
    fn a_paused_replay_is_one_frame() {
        let opts = options(10, Duration::from_secs(1));
        let (_, events, summary) = cast(app("departure", 600.0, true), &opts, &mut |_| Vec::new());
        assert_eq!(summary.frames, 10);
        assert_eq!(events.len(), 2, "the first frame and the closing event");
        assert!(events[0].1.contains("PAUSED"));
    }

    #[test]
    fn frames_at_which_nothing_changes_are_not_drawn() {
        // Paused: drawn once, then only counted; an input draws again. Playing from the
        // arrival: the first tick reaches it and pauses, and from then the same.
        for (at, paused, draws) in [("departure", true, 2), ("arrival", false, 3)] {
            let opts = options(60, Duration::from_secs(60));
            let (mut drawn, mut skipped) = (0, 0);
            let (played, length) = drive(
                Session::new(app(at, 600.0, paused)),
                &opts,
                &mut |t| {
                    if t == Duration::from_secs(30) {
                        vec![Input::Key(crate::app::Key::char('m'))]
                    } else {
                        Vec::new()
                    }
                },
                &mut |app, _| {
                    match app {
                        Some(_) => drawn += 1,
                        None => skipped += 1,
                    }
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!((played, length), (3600, Duration::from_secs(60)), "{at}");
            assert_eq!((drawn, skipped), (draws, 3600 - draws), "{at}");
        }
    }

    #[test]
    fn inputs_come_before_every_frame_at_its_time_and_can_end_it() {
        let opts = options(4, Duration::from_secs(10));
        let mut seen = Vec::new();
        let (_, events, summary) =
            cast(app("departure", 600.0, false), &opts, &mut |t: Duration| {
                seen.push(t);
                if t >= Duration::from_secs(1) {
                    vec![Input::Key(crate::app::Key::char('q'))]
                } else {
                    Vec::new()
                }
            });
        let quarter = Duration::from_millis(250);
        assert_eq!(
            seen,
            vec![
                Duration::ZERO,
                quarter,
                2 * quarter,
                3 * quarter,
                4 * quarter
            ]
        );
        assert_eq!(summary.frames, 4);
        assert_eq!(events.last().unwrap().0, 1.0, "ends when the app quits");
    }

    #[test]
    fn bad_options_are_errors_not_panics() {
        for opts in [
            RecordOptions {
                fps: 0,
                ..options(10, Duration::from_secs(1))
            },
            RecordOptions {
                fps: 61,
                ..options(10, Duration::from_secs(1))
            },
            RecordOptions {
                size: (0, 24),
                ..options(10, Duration::from_secs(1))
            },
            options(60, Duration::MAX),
        ] {
            let mut out = Vec::new();
            let e = record(
                Session::new(app("departure", 600.0, false)),
                &opts,
                &mut |_| Vec::new(),
                &mut out,
            )
            .unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{e}");
            assert!(out.is_empty(), "nothing written before the check");
        }
    }

    #[test]
    fn frame_times_are_exact() {
        assert_eq!(frame_time(0, 10), Duration::ZERO);
        assert_eq!(frame_time(15, 10), Duration::from_millis(1500));
        assert_eq!(frame_time(1, 3), Duration::from_nanos(333_333_333));
        assert_eq!(
            frame_time(u64::MAX, 60),
            Duration::from_nanos(u64::MAX % 60 * 1_000_000_000 / 60)
                + Duration::from_secs(u64::MAX / 60)
        );
        let count = |ms| frame_count(&options(10, Duration::from_millis(ms))).unwrap();
        assert_eq!(
            (count(1), count(100), count(101), count(60_000)),
            (1, 1, 2, 600)
        );
    }
}
