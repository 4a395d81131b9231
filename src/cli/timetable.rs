//! `longrail timetable`: every stop, as a table or JSON.

use std::io::Write;

use super::{Cli, Failure};
use crate::settings::{ClockConvention, Settings};
use crate::sim::Journey;

/// `longrail timetable`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Clock for the times: local (each stop's zone), moscow or utc [default: the config's
    /// timetable_clock, local as shipped].
    #[arg(long, value_name = "CLOCK", value_parser = ClockConvention::parse)]
    pub clock: Option<ClockConvention>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// What to print: table (the default) or json (the same as --json).
    #[arg(long, value_name = "FORMAT", value_parser = ["table", "json"], conflicts_with = "json")]
    pub format: Option<String>,
    /// With --feed: the trip whose stops to print (scheduled and, with --realtime, predicted
    /// times); --date chooses its service date.
    #[arg(long, value_name = "TRIP_ID")]
    pub trip: Option<String>,
}

impl Args {
    /// Whether JSON is asked for (`--json` or `--format json`).
    #[must_use]
    pub fn wants_json(&self) -> bool {
        self.json || self.format.as_deref() == Some("json")
    }
}

/// Print the timetable in the chosen clock.
///
/// # Errors
/// An invalid route, or a failed write.
pub fn run(
    cli: &Cli,
    settings: &Settings,
    args: &Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if args.trip.is_some() {
        return Err(Failure::Usage(
            "--trip names a trip of a GTFS feed: give the feed with --feed FEED (a route's timetable is `longrail timetable`)".into(),
        ));
    }
    let journey = Journey::new(super::build::route_on(&settings.route, cli.date)?);
    super::build::check_given_start(cli, &journey)?;
    let clock = args.clock.unwrap_or(settings.timetable_clock);
    if args.wants_json() {
        let rows = crate::report::timetable_rows(&journey, clock);
        let text =
            serde_json::to_string_pretty(&rows).map_err(|e| Failure::Other(e.to_string()))?;
        writeln!(out, "{text}")?;
    } else {
        write!(
            out,
            "{}",
            crate::report::timetable_text(&journey, clock, settings.units, settings.names)
        )?;
    }
    Ok(())
}
