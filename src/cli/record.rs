//! `longrail record`: the replay as an asciicast v2 file or an animated GIF, written so that
//! nothing is ever left half written or overwritten without `--force`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::{Cli, Failure, build, output, parse};
use crate::app::demo::Director;
use crate::app::session::Session;
use crate::report::cast::{MAX_DURATION, MAX_FPS, RecordOptions, default_title, record};
use crate::report::picture::{self, Format, Look};
use crate::settings::Settings;
use crate::util::text::quote;

/// The formats `record` writes.
pub const FORMATS: [Format; 2] = [Format::Cast, Format::Gif];

/// `longrail record`'s own options; the global ones (`--route`, `--speed`, `--start`, ...)
/// apply as well.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Write the recording to this file: FILE.cast is asciicast v2 (as `asciinema play` and
    /// `asciinema cat` read it), FILE.gif an animated GIF.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: PathBuf,
    /// Write this format whatever FILE's extension: cast or gif.
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: Option<RecordFormat>,
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
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub script: Option<PathBuf>,
}

/// Parse `--duration`: [`crate::util::duration::parse_duration`], more than zero and at most
/// [`MAX_DURATION`].
///
/// # Errors
/// A message naming the value and the range.
pub fn parse_cast_length(text: &str) -> Result<Duration, String> {
    let d = crate::util::duration::parse_duration(text)?;
    if d.is_zero() || d > MAX_DURATION {
        return Err(format!(
            "the cast length {} is out of range: use more than 0 and at most 1d, e.g. 60s",
            quote(text)
        ));
    }
    Ok(d)
}

/// What `record --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    /// asciicast v2.
    Cast,
    /// An animated GIF.
    Gif,
}

impl From<RecordFormat> for Format {
    fn from(f: RecordFormat) -> Self {
        match f {
            RecordFormat::Cast => Self::Cast,
            RecordFormat::Gif => Self::Gif,
        }
    }
}

/// Run `longrail record`: build the app as the interactive app does (same settings, route and
/// zone), record it into a temporary file beside `--out` in the format `--format` or the
/// extension names, then move that into place. Prints a line saying what was written to
/// `out`.
///
/// # Errors
/// An unknown extension or a picture too large (usage), an invalid route, `--out` already
/// existing without `--force`, a signal, or a failed write; each names the file.
pub fn run(cli: &Cli, settings: Settings, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let format = check(args)?;
    let app = build::headless_app(cli, settings, args.size, None)?;
    let look = Look::of(&app);
    let title = default_title(&app);
    let session = session(app, args)?;
    write(session, args, format, look, title, out)
}

/// The format `--out` and `--format` ask for, `--out` checked and a GIF's size too.
///
/// # Errors
/// An unknown extension, a directory, an existing file without `--force`, a picture too
/// large.
pub fn check(args: &Args) -> Result<Format, Failure> {
    // A directory is named as such before its missing extension is.
    output::check_out(&args.out, args.force, "longrail.cast")?;
    let format = output::format_for(&args.out, args.format.map(Format::from), &FORMATS)?;
    if format == Format::Gif {
        picture::check_size(args.size, picture::raster::CELL)
            .map_err(|e| Failure::Usage(e.to_string()))?;
    }
    Ok(format)
}

/// Record `session` into a temporary file beside `--out` in `format`, then move that into
/// place; says on `out` what was written.
///
/// # Errors
/// A signal, or a failed write; each names the file.
pub fn write<M>(
    session: Session<M>,
    args: &Args,
    format: Format,
    look: Look,
    title: String,
    out: &mut dyn Write,
) -> Result<(), Failure>
where
    M: crate::app::Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    let options = options(title, args);
    let path = &args.out;
    let shown = quote(&path.display().to_string());
    let started = || {
        // A terminal that went away takes stderr with it: no message is worth a panic.
        let _ = writeln!(
            io::stderr(),
            "recording {shown}: {} s at {} fps, {}x{}",
            options.duration.as_secs_f64(),
            options.fps,
            options.size.0,
            options.size.1
        );
    };
    let inputs = &mut |_| Vec::new();
    let line = if format == Format::Gif {
        let s = output::write_file(path, args.force, started, |file| {
            picture::gif::record(session, &options, look, inputs, file)
        })?;
        format!(
            "{:.1} s, {} frames, {} images, {} bytes",
            s.length.as_secs_f64(),
            s.frames,
            s.images,
            s.bytes
        )
    } else {
        let s = output::write_file(path, args.force, started, |file| {
            record(session, &options, inputs, file)
        })?;
        format!(
            "{:.1} s, {} frames, {} events",
            s.length.as_secs_f64(),
            s.frames,
            s.events
        )
    };
    writeln!(out, "wrote {shown}: {line}")?;
    Ok(())
}

/// The recording's options: `args`', the title, the time and the shell from the system.
fn options(title: String, args: &Args) -> RecordOptions {
    RecordOptions {
        size: args.size,
        fps: args.fps,
        duration: args.duration,
        title,
        timestamp: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs()),
        shell: std::env::var("SHELL").ok(),
    }
}

/// The session to record: with `--demo` or `--script`, the director steers inside it, as in
/// the terminal.
fn session(app: crate::app::App, args: &Args) -> Result<Session, Failure> {
    let session = Session::new(app);
    if !(args.demo || args.script.is_some()) {
        return Ok(session);
    }
    let script = build::demo_script(args.script.as_deref())?;
    let director = Director::new(script, session.app(), true)?;
    Ok(session.with_director(director))
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
}
