//! The interactive app (no command): the session in the local terminal.

use std::time::Instant;

use super::{Cli, Failure, build};
use crate::app::demo::Script;
use crate::hooks::Hooks;

/// Open the app in this terminal, playing `demo` (a script and whether it loops) if given.
///
/// # Errors
/// Invalid input, or a terminal failure.
pub fn open(cli: &Cli, demo: Option<(Script, bool)>) -> Result<(), Failure> {
    let started = Instant::now();
    let session = build::interactive_session(cli, demo, started.elapsed())?;
    let hooks = cli.on_event.clone().map(Hooks::new);
    match crate::term::local::run(session, started, hooks)? {
        Some(code) => Err(Failure::Stopped(code, String::new())),
        None => Ok(()),
    }
}
