//! `longrail record`: the replay written as an asciicast v2 file (the asciinema format), with no
//! terminal. Each frame is drawn through the real render path, a ratatui [`Terminal`] over
//! [`CrosstermBackend`], into memory at a fixed size, so ratatui's diffing produces exactly the
//! bytes a terminal of that size would receive; each frame's bytes become one output event.
//!
//! The core, [`record`], is pure: wall time is the frame number over the frame rate, and a
//! *driver* called before each frame may act on the app (the command line passes one that does
//! nothing; a scripted demo can pass one that presses keys). [`run`] is the command: it builds
//! the app as the interactive app does and writes the file through
//! [`files::write_new_file`], so that nothing is ever left half written or overwritten without
//! `--force`.

use std::cell::RefCell;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::terminal::{Clear, ClearType};
use ratatui::crossterm::{cursor, queue};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde::Serialize;

use crate::app::{Action, App};
use crate::cli::Cli;
use crate::commands::{Failure, local_zone};
use crate::files;
use crate::settings::Settings;
use crate::text::{quote, sanitize};

/// The fastest frame rate a cast may have.
pub const MAX_FPS: u32 = 60;

/// The longest cast `longrail record` makes.
pub const MAX_DURATION: Duration = Duration::from_secs(86_400);

/// `longrail record`'s own options; the global ones (`--route`, `--speed`, `--start`, ...)
/// apply as well.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordArgs {
    /// Write the cast to this file (asciicast v2, as `asciinema play` and `asciinema cat` read).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Screen size, columns×rows (e.g. 120x40).
    #[arg(long, value_name = "WxH", default_value = "120x40", value_parser = crate::cli::parse_size)]
    pub size: (u16, u16),
    /// Frames per second, 1 to 60.
    #[arg(long, value_name = "FPS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_FPS)))]
    pub fps: u32,
    /// Length of the cast in real time: 90, 90s, 1.5s, 5m, 1h30m (more than 0, at most 1d).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_cast_length, allow_hyphen_values = true)]
    pub duration: Duration,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
    /// Record the demo (the built-in script, or --script FILE) instead of a plain replay;
    /// with a --duration longer than the demo, it loops.
    #[arg(long, conflicts_with = "speed")]
    pub demo: bool,
    /// The demo script to record (implies --demo).
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
}

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

/// Record `app` as an asciicast v2 stream into `out`: the header, then one output event per
/// frame that changed the screen, then one that shows the cursor again. Before frame `i`, at
/// wall time `t = i / fps`, `driver(app, t)` runs, then the app gets a tick at `t` and is drawn.
/// Recording stops early if the app quits (a driver may end it so).
///
/// # Errors
/// Options out of range (`InvalidInput`), or a failed write to `out`.
pub fn record(
    mut app: App,
    options: &RecordOptions,
    driver: &mut dyn FnMut(&mut App, Duration),
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let frames = frame_count(options)?;
    let (width, height) = options.size;
    app.update(Action::Resize(width, height), Duration::ZERO);
    write_header(out, options)?;
    let mut recorder = Recorder::new(options.size)?;
    for i in 0..frames {
        let t = frame_time(i, options.fps);
        recorder.summary.length = t;
        driver(&mut app, t);
        if app.quit {
            break;
        }
        app.update(Action::Tick, t);
        recorder.frame(&app, t, out)?;
        recorder.summary.length = frame_time(i + 1, options.fps);
    }
    recorder.finish(out)
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
    fn frame(&mut self, app: &App, t: Duration, out: &mut dyn Write) -> io::Result<()> {
        let frame = self.terminal.draw(|f| f.render_widget(app, f.area()))?;
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
fn frame_count(options: &RecordOptions) -> io::Result<u64> {
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
        sanitize(&app.journey.route().name),
        crate::ui::title::speed_text(app.settings.speed)
    )
}

/// Parse `--duration`: [`crate::duration::parse_duration`], more than zero and at most
/// [`MAX_DURATION`].
///
/// # Errors
/// A message naming the value and the range.
pub fn parse_cast_length(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse_duration(text)?;
    if d.is_zero() || d > MAX_DURATION {
        return Err(format!(
            "the cast length {} is out of range: use more than 0 and at most 1d, e.g. 60s",
            quote(text)
        ));
    }
    Ok(d)
}

/// Run `longrail record`: build the app as the interactive app does (same settings, route and
/// zone), record it into a temporary file beside `--out`, then move that into place. Prints a
/// line saying what was written to `out`.
///
/// # Errors
/// An invalid route, `--out` already existing without `--force`, a signal, or a failed write;
/// each names the file.
pub fn run(
    cli: &Cli,
    settings: Settings,
    args: &RecordArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let (journey, fleet) = crate::commands::journey_and_fleet(cli, &settings)?;
    crate::commands::check_start(&settings, &journey)?;
    let app =
        App::new(journey, settings, local_zone(), args.size, Duration::ZERO).with_fleet(fleet);
    let options = RecordOptions {
        size: args.size,
        fps: args.fps,
        duration: args.duration,
        title: default_title(&app),
        timestamp: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs()),
        shell: std::env::var("SHELL").ok(),
    };
    let path = &args.out;
    if !args.force && fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let stop =
        interrupt_flag().map_err(|e| Failure::Other(format!("cannot watch signals: {e}")))?;
    // With --demo, the director feeds its actions in before each frame, as in the terminal.
    let mut director = if args.demo || args.script.is_some() {
        let script = crate::commands::demo_script(args.script.as_deref())?;
        Some(crate::app::demo::Director::new(script, &app, true).map_err(Failure::Other)?)
    } else {
        None
    };
    let mut driver = |app: &mut App, wall: Duration| {
        if let Some(d) = director.as_mut() {
            for action in d.step(app, wall) {
                app.update(action, wall);
            }
        }
    };
    let summary = files::write_new_file(path, args.force, |file| {
        eprintln!(
            "recording {}: {} s at {} fps, {}x{}",
            quote(&path.display().to_string()),
            options.duration.as_secs_f64(),
            options.fps,
            options.size.0,
            options.size.1
        );
        let mut file = StopOnSignal { inner: file, stop };
        record(app, &options, &mut driver, &mut file)
    })
    .map_err(|e| match e {
        files::WriteError::Exists(_) => exists(path),
        other => Failure::Other(other.to_string()),
    })?;
    writeln!(
        out,
        "wrote {}: {:.1} s, {} frames, {} events",
        quote(&path.display().to_string()),
        summary.length.as_secs_f64(),
        summary.frames,
        summary.events
    )?;
    Ok(())
}

fn exists(path: &Path) -> Failure {
    Failure::Other(format!(
        "{} already exists: choose another --out, or add --force to replace it",
        quote(&path.display().to_string())
    ))
}

/// A flag raised by SIGINT, SIGTERM or SIGHUP, so that an interrupted recording removes its
/// temporary file instead of leaving it behind. A second signal ends the process at once.
fn interrupt_flag() -> io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}

/// A writer that fails once `stop` is raised, so a signal ends the recording at the next write.
struct StopOnSignal<W> {
    inner: W,
    stop: Arc<AtomicBool>,
}

impl<W: Write> Write for StopOnSignal<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            // Not `Interrupted`, which `write_all` would retry.
            return Err(io::Error::other("interrupted by a signal"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::StartSpec;
    use crate::sim::Journey;
    use crate::source::resolve_route;

    fn app(at: &str, speed: f64, paused: bool) -> App {
        let mut s = crate::config::finish(crate::config::defaults().unwrap(), false).unwrap();
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
        driver: &mut dyn FnMut(&mut App, Duration),
    ) -> (serde_json::Value, Vec<(f64, String)>, Summary) {
        let mut out = Vec::new();
        let summary = record(app, options, driver, &mut out).unwrap();
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
        let (header, _, _) = cast(app("departure", 600.0, false), &opts, &mut |_, _| {});
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
            &mut |_, _| {},
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
        let (_, events, summary) = cast(app("departure", 600.0, true), &opts, &mut |_, _| {});
        assert_eq!(summary.frames, 10);
        assert_eq!(events.len(), 2, "the first frame and the closing event");
        assert!(events[0].1.contains("PAUSED"));
    }

    #[test]
    fn the_driver_runs_before_every_frame_at_its_time_and_can_end_it() {
        let opts = options(4, Duration::from_secs(10));
        let mut seen = Vec::new();
        let (_, events, summary) = cast(
            app("departure", 600.0, false),
            &opts,
            &mut |app: &mut App, t: Duration| {
                seen.push(t);
                if t >= Duration::from_secs(1) {
                    app.update(Action::Command(crate::app::Command::Quit), t);
                }
            },
        );
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
                app("departure", 600.0, false),
                &opts,
                &mut |_, _| {},
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

    #[test]
    fn cast_length_is_positive_and_at_most_a_day() {
        assert_eq!(parse_cast_length("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_cast_length("1d"), Ok(MAX_DURATION));
        for bad in ["0", "0s", "1d1s", "2d"] {
            let e = parse_cast_length(bad).unwrap_err();
            assert!(e.contains(&quote(bad)) && e.contains("at most 1d"), "{e}");
        }
        assert!(parse_cast_length("-1s").unwrap_err().contains("negative"));
    }

    #[test]
    fn a_raised_stop_flag_fails_the_next_write() {
        let stop = Arc::new(AtomicBool::new(false));
        let mut w = StopOnSignal {
            inner: Vec::new(),
            stop: Arc::clone(&stop),
        };
        w.write_all(b"ok").unwrap();
        stop.store(true, Ordering::Relaxed);
        assert!(w.write_all(b"no").is_err());
        assert_eq!(w.inner, b"ok");
    }
}
