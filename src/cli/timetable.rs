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
    let journey = Journey::new(super::build::route_on(&settings.route, cli.date)?);
    super::build::check_given_start(cli, &journey)?;
    let clock = args.clock.unwrap_or(settings.timetable_clock);
    if args.json {
        let rows = crate::report::timetable_rows(&journey, clock);
        let text =
            serde_json::to_string_pretty(&rows).map_err(|e| Failure::Other(e.to_string()))?;
        writeln!(out, "{text}")?;
    } else {
        write!(
            out,
            "{}",
            crate::report::timetable_text(&journey, clock, settings.units)
        )?;
    }
    Ok(())
}
