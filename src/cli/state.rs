//! `longrail state`: the train at an instant, as JSON.

use std::io::Write;

use chrono::{DateTime, FixedOffset, Utc};

use super::{Cli, Failure, parse};
use crate::settings::Settings;
use crate::sim::Journey;

/// `longrail state`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The instant, RFC 3339 (2025-06-20T12:00:00Z or 2025-06-20T21:00:00+09:00).
    #[arg(long, value_name = "INSTANT", value_parser = parse::parse_instant)]
    pub at: DateTime<FixedOffset>,
}

/// Print the state at `--at` as one JSON object.
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
    let at = args.at.with_timezone(&Utc);
    super::build::check_instant("--at", &journey, at)?;
    let state = journey.state_at(at);
    let report = crate::report::state_report(&journey, &state);
    let json = serde_json::to_string_pretty(&report).map_err(|e| Failure::Other(e.to_string()))?;
    writeln!(out, "{json}")?;
    Ok(())
}
