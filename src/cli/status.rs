//! `longrail status`: one line for a status bar.

use std::io::Write;

use chrono::{DateTime, FixedOffset, Utc};

use super::{Cli, Failure, parse};
use crate::report::status::{self, Format};
use crate::settings::Settings;
use crate::settings::source::resolve_source;
use crate::sim::Journey;

/// `longrail status`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// What to print: text with %-fields (listed below); %% is a percent sign [default: "%w %p ·
    /// %l %z (%m) · day %d/%D", without " (%m)" on a route without a reference clock].
    #[arg(long, value_name = "FORMAT", value_parser = Format::parse)]
    pub format: Option<Format>,
    /// The instant, RFC 3339 (default: now, on the run the timetable has on the line).
    #[arg(long, value_name = "INSTANT", value_parser = parse::parse_instant)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Now, on the run the timetable has on the line, as `--now` and `w` in the app (the
    /// default without --at).
    #[arg(long, conflicts_with = "at")]
    pub now: bool,
}

/// Print the status line at `--at`, or now on the run the timetable has on the line.
///
/// # Errors
/// An invalid route, or a failed write.
pub fn run(
    cli: &Cli,
    settings: &Settings,
    args: &Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    // The only clock read: everything below takes the instant as an argument.
    let now = args.at.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
    let (line, note) = line_at(cli, settings, args, now)?;
    if let Some(note) = note {
        // Between runs, the words --now and w show, on standard error so a status bar shows
        // the line alone (a closed standard error takes nothing from the line itself).
        let _ = writeln!(std::io::stderr(), "{note}");
    }
    if settings.ascii {
        writeln!(out, "{}", crate::util::text::ascii_punctuation(&line))?;
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The status line at `now` (`--at`, else the present on the run the timetable has on the
/// line, by the rule `--now` and `w` follow), and the note to show when that run is not on
/// the line.
///
/// # Errors
/// An invalid route, an instant more than a year from the journey, or no run within a year.
pub fn line_at(
    cli: &Cli,
    settings: &Settings,
    args: &Args,
    now: DateTime<Utc>,
) -> Result<(String, Option<String>), Failure> {
    let source = resolve_source(&settings.route)?;
    let mut note = None;
    let route = match (cli.date, args.at) {
        (None, None) => {
            let base = source.load(None)?;
            let run = crate::route::calendar::live_run(&base, now)
                .map_err(|e| Failure::Usage(format!("status: {e}")))?;
            note = run.note;
            source.load(Some(run.date))?
        }
        (date, _) => super::build::load_on(&source, date)?,
    };
    let journey = Journey::new(route);
    super::build::check_given_start(cli, &journey)?;
    if args.at.is_some() {
        super::build::check_instant("--at", &journey, now)?;
    }
    let state = journey.state_at(now);
    let style = status::Style {
        units: settings.units,
        clock: settings.timetable_clock,
    };
    let format = args
        .format
        .clone()
        .unwrap_or_else(|| status::default_format(journey.route()));
    Ok((status::render(&format, &journey, &state, style), note))
}
