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
    /// What to print: text with %-fields (listed below); %% is a percent sign.
    #[arg(long, value_name = "FORMAT", default_value = status::DEFAULT_FORMAT, value_parser = Format::parse)]
    pub format: Format,
    /// The instant, RFC 3339 (default: now, on the run the timetable has on the line).
    #[arg(long, value_name = "INSTANT", value_parser = parse::parse_instant)]
    pub at: Option<DateTime<FixedOffset>>,
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
    let source = resolve_source(&settings.route)?;
    // The only clock read: everything below takes the instant as an argument.
    let now = args.at.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
    let route = match (cli.date, args.at) {
        (None, None) => status::live_run(&source, now)?,
        (date, _) => super::build::load_on(&source, date)?,
    };
    let journey = Journey::new(route);
    super::build::check_given_start(cli, &journey)?;
    let state = journey.state_at(now);
    let style = status::Style {
        units: settings.units,
        clock: settings.timetable_clock,
    };
    let line = status::render(&args.format, &journey, &state, style);
    if settings.ascii {
        writeln!(out, "{}", crate::util::text::ascii_punctuation(&line))?;
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
