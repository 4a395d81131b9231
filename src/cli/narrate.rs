//! `longrail --narrate`: the journey told in plain lines on standard output (the loop is
//! [`crate::term::narrate`], the words [`crate::report::narrate`]). Asked for by the flag,
//! `LONGRAIL_NARRATE`, the config's `narrate`, or a terminal whose `TERM` is `dumb`.

use std::time::{Duration, Instant};

use super::{Cli, Failure, build};
use crate::term::hooks::Hooks;
use crate::term::narrate::{LineHost, Style};

/// Whether the command line, the environment or the config asks for narration:
/// `--narrate`; else `LONGRAIL_NARRATE` when set (`1`/`true`/`yes`/`on`, or
/// `0`/`false`/`no`/`off`/empty to turn it off); else `narrate = true` in the config or
/// `TERM=dumb`.
///
/// # Errors
/// `LONGRAIL_NARRATE` set to another word (a usage error naming it), or a bad config.
pub fn wanted(cli: &Cli) -> Result<bool, Failure> {
    if cli.narrate {
        return Ok(true);
    }
    if let Some(value) = std::env::var_os("LONGRAIL_NARRATE") {
        return parse_switch(&value.to_string_lossy()).map_err(Failure::Usage);
    }
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    Ok(dumb || build::settings(cli)?.narrate)
}

/// `LONGRAIL_NARRATE`'s value as on or off.
///
/// # Errors
/// A word that is neither, naming it and the words allowed.
pub fn parse_switch(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!(
            "LONGRAIL_NARRATE={}: use 1 (or true, yes, on) to narrate, 0 (or false, no, off) not to",
            crate::util::text::quote(value)
        )),
    }
}

/// Narrate the journey on standard output, reading keys line by line from standard input,
/// until the arrival or `q`.
///
/// # Errors
/// Invalid input (a route, config, start), `--paused` or `--pause-on` given (narration plays
/// on), or a failed write.
pub fn run(cli: &Cli) -> Result<(), Failure> {
    if cli.paused || cli.pause_on.is_some() {
        return Err(Failure::Usage(
            "--paused and --pause-on stop the app's replay; narration plays on to the arrival (q stops it)".into(),
        ));
    }
    let started = Instant::now();
    let mut session = build::narration_session(cli, started.elapsed())?;
    let hooks = cli.on_event.clone().map(Hooks::new);
    let mut host = LineHost::stdin(started, hooks);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let style = Style {
        eol: "\n",
        echo: false,
    };
    let result = crate::term::narrate::run(&mut session, &mut host, &mut out, style);
    host.wait_hooks(Duration::from_secs(2));
    Ok(result?)
}
