//! `longrail check`: validate route files and built-in ids.

use std::io::Write;

use super::{Cli, Failure};
use crate::settings::Settings;
use crate::settings::source::resolve_route;
use crate::sim::Journey;
use crate::util::diag::Diagnostics;

/// `longrail check`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Routes to check (default: the configured route).
    #[arg(value_name = "ROUTE", value_parser = super::parse::route_arg(), hide_possible_values = true, value_hint = clap::ValueHint::FilePath)]
    pub routes: Vec<String>,
}

/// One summary line per valid route; every error of every invalid one, with positions.
///
/// # Errors
/// Any route invalid (all are checked first), or a failed write.
pub fn run(
    cli: &Cli,
    settings: &Settings,
    args: &Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let specs = if args.routes.is_empty() {
        vec![settings.route.clone()]
    } else {
        args.routes.clone()
    };
    let mut failed = Vec::new();
    for spec in &specs {
        match resolve_route(spec, cli.date) {
            Ok(route) => writeln!(out, "{}", crate::report::check_line(&Journey::new(route)))?,
            Err(d) => failed.extend(d.0),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Invalid(Diagnostics(failed)))
    }
}
