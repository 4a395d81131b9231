//! `longrail routes`: one line per built-in route.

use std::io::Write;

use super::{Cli, Failure};
use crate::route::BUILTINS;
use crate::route::builtin::load_builtin;
use crate::sim::Journey;

/// List the built-in routes: id, name, length, duration.
///
/// # Errors
/// A built-in route that does not validate at `--date`, or a failed write.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    for b in BUILTINS {
        let journey = Journey::new(load_builtin(b, cli.date)?);
        writeln!(out, "{}", crate::report::route_line(&journey))?;
    }
    Ok(())
}
