//! The interactive app (no command): the session in the local terminal.

use std::time::Instant;

use super::{Cli, Failure, build};
use crate::app::demo::Script;
use crate::term::hooks::Hooks;

/// Open the app in this terminal, playing `demo` (a script and whether it loops) if given.
///
/// # Errors
/// Invalid input, or a terminal failure.
pub fn open(cli: &Cli, demo: Option<(Script, bool)>) -> Result<(), Failure> {
    let started = Instant::now();
    let session = build::interactive_session(cli, demo, started.elapsed())?;
    // After the options are checked, so a mistake in them is reported first.
    needs_a_terminal()?;
    let hooks = cli.on_event.clone().map(Hooks::new);
    match crate::term::local::run(session, started, hooks)? {
        Some(code) => Err(Failure::Stopped(code, String::new())),
        None => Ok(()),
    }
}

/// The app draws on standard output and reads keys from standard input or, when that is
/// redirected, from the controlling terminal: without them, say so and name the commands
/// that work without a terminal.
pub(super) fn needs_a_terminal() -> Result<(), Failure> {
    use std::io::IsTerminal;
    let missing = if !std::io::stdout().is_terminal() {
        Some("standard output is not a terminal")
    } else if !std::io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
        Some("standard input is not a terminal and there is no controlling terminal")
    } else {
        None
    };
    match missing {
        None => Ok(()),
        Some(why) => Err(Failure::Other(format!(
            "the app needs a terminal ({why}); without one, `longrail frame` prints a \
             screen as text and `longrail record --out FILE` records the replay as an \
             asciicast"
        ))),
    }
}
