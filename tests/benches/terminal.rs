//! Measurements of the real thing, printed as a table (`cargo bench --bench terminal`):
//! - bytes written to the terminal per frame in steady 1× playback at 120×40, as a fraction of
//!   a full repaint (through ratatui's crossterm backend into a counting buffer);
//! - CPU use of the real binary in a pseudo-terminal while paused, at 1×, and at 10,000× with
//!   30 fps (from the kernel's process accounting, /proc/PID/stat);
//! - startup: launch to first frame drawn, against `longrail --version`, median of runs.
//!
//! These are measurements, not pass/fail tests: the machines are shared and noisy.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use longrail::app::{Action, App};
use longrail::settings::StartSpec;
use longrail::settings::config;
use longrail::settings::source::resolve_route;
use longrail::sim::Journey;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

const BIN: &str = env!("CARGO_BIN_EXE_longrail");

#[derive(Clone, Default)]
struct Counter(Arc<Mutex<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bytes_per_frame() -> (usize, f64) {
    let mut s = config::finish(config::defaults().unwrap(), false).unwrap();
    s.start = StartSpec::parse("2025-06-22T03:00:00Z").unwrap();
    s.speed = 1.0;
    let journey = Journey::new(resolve_route("pyongyang-moscow", None).unwrap());
    let mut app = App::new(
        journey,
        s,
        chrono_tz::Asia::Tokyo,
        (120, 40),
        Duration::ZERO,
    );
    let counter = Counter::default();
    let backend = CrosstermBackend::new(counter.clone());
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let full = *counter.0.lock().unwrap();
    let frames = 120;
    for second in 1..=frames {
        app.update(Action::Tick, Duration::from_secs(second));
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    }
    let steady = (*counter.0.lock().unwrap() - full) as f64 / frames as f64;
    (full, steady)
}

/// CPU seconds (user + system) of a process so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit(')').next().unwrap();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

/// Run the binary in a 120×40 pty with `args`; wait until `marker` appears in its output (the
/// first frame, or the version line); return that time and, if `measure` is set, the process's
/// CPU share over that long.
fn run_in_pty(args: &[&str], marker: &str, measure: Option<Duration>) -> (Duration, Option<f64>) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let marker = marker.to_string();
    // The reader thread reports the moment the marker shows; this thread sleeps until then
    // (a spinning wait would take a core from the app on a two-core machine).
    let (seen_tx, seen_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 65536];
        let mut told = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if !told {
                seen.extend_from_slice(&buf[..n]);
                if String::from_utf8_lossy(&seen).contains(&marker) {
                    let _ = seen_tx.send(started.elapsed());
                    told = true;
                }
            }
        }
    });
    let to_first = seen_rx
        .recv_timeout(Duration::from_secs(20))
        .expect("marker never appeared");
    let pid = child.process_id().unwrap();
    let share = measure.map(|d| {
        let c0 = cpu_seconds(pid);
        std::thread::sleep(d);
        (cpu_seconds(pid) - c0) / d.as_secs_f64()
    });
    let mut writer = pair.master.take_writer().unwrap();
    writer.write_all(b"q").unwrap();
    let _ = child.wait();
    (to_first, share)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list`: nothing to list
    }
    // `cargo bench --bench terminal -- startup` runs only the parts whose name is given.
    let names = part_names(&args);
    let wanted = |part: &str| names.is_empty() || names.contains(&part);
    if wanted("bytes") {
        let (full, steady) = bytes_per_frame();
        println!(
            "bytes: full repaint 120x40 = {full} B; steady 1x frame = {steady:.0} B = {:.1}% of a repaint",
            steady / full as f64 * 100.0
        );
    }
    if wanted("cpu") {
        cpu();
    }
    if wanted("startup") {
        startup();
    }
}

/// Criterion's options that take a value (`cargo bench -- --warm-up-time 1` passes them to
/// every bench): their values are not part names.
const CRITERION_VALUE_OPTIONS: &[&str] = &[
    "--color",
    "-c",
    "--save-baseline",
    "-s",
    "--baseline",
    "-b",
    "--baseline-lenient",
    "--format",
    "--profile-time",
    "--load-baseline",
    "--sample-size",
    "--warm-up-time",
    "--measurement-time",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--plotting-backend",
    "--output-format",
];

/// The arguments that name parts to run: not options, nor the values of criterion's options.
fn part_names(args: &[String]) -> Vec<&str> {
    let mut names = Vec::new();
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if CRITERION_VALUE_OPTIONS.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') {
            names.push(a.as_str());
        }
    }
    names
}

fn cpu() {
    let window = Duration::from_secs(10);
    for (label, args) in [
        ("paused", vec!["--paused"]),
        ("1x", vec!["--speed", "1"]),
        ("10000x at 30 fps", vec!["--speed", "10000"]),
    ] {
        let (_, share) = run_in_pty(&args, FRAME_MARKER, Some(window));
        println!(
            "cpu: {label:<17} {:.2}% of one core over {}s",
            share.unwrap() * 100.0,
            window.as_secs()
        );
    }
}

/// Both sides run the same way, in a fresh pty, timed from spawn to the marker on screen:
/// `--version` until its version line, the app until its first whole frame. Runs alternate
/// so that a noisy moment hits both.
fn startup() {
    let runs = 21;
    let version_line = format!("longrail {}", env!("CARGO_PKG_VERSION"));
    let (mut version, mut first) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        version.push(run_in_pty(&["--version"], &version_line, None).0);
        first.push(run_in_pty(&["--paused"], FRAME_MARKER, None).0);
    }
    let (v, f) = (median(version), median(first));
    println!(
        "startup: --version {:.2} ms; first frame {:.2} ms; ratio {:.2} (median of {runs}, both in a 120x40 pty)",
        v.as_secs_f64() * 1e3,
        f.as_secs_f64() * 1e3,
        f.as_secs_f64() / v.as_secs_f64()
    );
}

/// Text that the first frame draws last-ish (the event log's title), so its arrival means
/// the frame is on screen.
const FRAME_MARKER: &str = "Event log";
