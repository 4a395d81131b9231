//! `longrail record`: the replay as an asciicast v2 file, written so that nothing is ever left
//! half written or overwritten without `--force`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{Cli, Failure, build, parse};
use crate::app::demo::Director;
use crate::app::session::Session;
use crate::files;
use crate::report::cast::{MAX_DURATION, MAX_FPS, RecordOptions, default_title, record};
use crate::settings::Settings;
use crate::term::signals;
use crate::text::quote;

/// `longrail record`'s own options; the global ones (`--route`, `--speed`, `--start`, ...)
/// apply as well.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Write the cast to this file (asciicast v2, as `asciinema play` and `asciinema cat` read).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Screen size, columns×rows (e.g. 120x40).
    #[arg(long, value_name = "WxH", default_value = "120x40", value_parser = parse::parse_size)]
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
pub fn run(cli: &Cli, settings: Settings, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let app = build::headless_app(cli, settings, args.size, None)?;
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
    check_out(path, args.force)?;
    let stop = signals::Stop::on_signals(true)
        .map_err(|e| Failure::Other(format!("cannot watch signals: {e}")))?;
    // Recording from a terminal that closes stops as a hang-up would.
    signals::watch_hangup(stop.clone());
    let mut session = Session::new(app);
    // With --demo, the director steers inside the session, as in the terminal.
    if args.demo || args.script.is_some() {
        let script = build::demo_script(args.script.as_deref())?;
        let director = Director::new(script, session.app(), true)?;
        session = session.with_director(director);
    }
    let summary = files::write_new_file(path, args.force, |file| {
        let _ = writeln!(
            io::stderr(),
            "recording {}: {} s at {} fps, {}x{}",
            quote(&path.display().to_string()),
            options.duration.as_secs_f64(),
            options.fps,
            options.size.0,
            options.size.1
        );
        let mut file = StopOnSignal {
            inner: file,
            stop: stop.flag(),
        };
        record(session, &options, &mut |_| Vec::new(), &mut file)
    })
    .map_err(|e| match (e, stop.exit_code()) {
        (files::WriteError::Exists(_), _) => exists(path),
        (other, Some(code)) => Failure::Stopped(code, format!("error: {other}")),
        (other, None) => Failure::Other(other.to_string()),
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

/// `--out` must name a file, and one that does not exist yet unless `force`.
fn check_out(path: &Path, force: bool) -> Result<(), Failure> {
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(Failure::Usage(format!(
            "--out {} names a directory: give the cast a file name, e.g. {}",
            quote(&path.display().to_string()),
            quote(&path.join("longrail.cast").display().to_string())
        )));
    }
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

fn exists(path: &Path) -> Failure {
    Failure::Other(format!(
        "{} already exists: choose another --out, or add --force to replace it",
        quote(&path.display().to_string())
    ))
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
