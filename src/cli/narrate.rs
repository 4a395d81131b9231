//! `longrail --narrate`: the journey told in plain lines on standard output (the loop is
//! [`crate::term::narrate`], the words [`crate::report::narrate`]). Asked for by the flag,
//! `LONGRAIL_NARRATE`, the config's `narrate`, or a terminal whose `TERM` is `dumb`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;

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
    check_plays_on(cli)?;
    if cli.stop.is_some() {
        return Err(Failure::Usage(
            "--stop chooses the stop of a GTFS feed whose arriving trains are told: give the feed with --feed FEED".into(),
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
    let result = crate::term::narrate::run(
        &mut crate::term::narrate::Journey::new(&mut session),
        &mut host,
        &mut out,
        style,
    );
    host.wait_hooks(Duration::from_secs(2));
    Ok(result?)
}

/// Narration plays on: nothing would resume a pause.
fn check_plays_on(cli: &Cli) -> Result<(), Failure> {
    if cli.paused || cli.pause_on.is_some() {
        return Err(Failure::Usage(
            "--paused and --pause-on stop the app's replay; narration plays on to the arrival (q stops it)".into(),
        ));
    }
    Ok(())
}

/// `--feed FEED --narrate --stop STOP`: the trains arriving at the stop, from `--start
/// INSTANT` or the feed's present (on `--date` when given) at the speed setting, until the
/// feed's service ends or `q`.
///
/// # Errors
/// Bad usage (no `--stop`, a stop the feed does not have, a speed given as a length), a bad
/// feed, or a failed write.
pub fn feed(cli: &Cli, path: &Path) -> Result<(), Failure> {
    let start = feed_start(cli)?;
    let Some(query) = &cli.stop else {
        return Err(Failure::Usage(
            "--feed with --narrate tells the trains arriving at one stop: choose it with --stop STOP (a stop_id or a stop's name)".into(),
        ));
    };
    let settings = build::settings(cli)?;
    if settings.length.is_some() {
        return Err(Failure::Usage(
            "--speed as a length plays a journey in that long; a feed has no end to reach: give times real time (--speed 600)".into(),
        ));
    }
    let mut network = super::feed::read(cli, path)?.network;
    let realtime = super::feed_trip::read_realtime(cli, &mut network)?;
    let stops = network.stops_named(query);
    let Some(&first) = stops.first() else {
        return Err(Failure::Usage(no_such_stop(&network, query)));
    };
    let name = network
        .stops()
        .get(first as usize)
        .map_or_else(|| query.clone(), |s| s.name.to_string());
    // The only clock read: the story takes its instants as arguments.
    let start = start.unwrap_or_else(|| {
        let now = super::netview::present_of(realtime.as_ref());
        network.present(now, cli.date).0
    });
    let started = Instant::now();
    let clock = (start, settings.speed, started.elapsed());
    let mut story = crate::term::narrate_feed::FeedStory::new(
        (network, realtime),
        name,
        &stops,
        clock,
        build::local_zone(),
    );
    let mut host = LineHost::stdin(started, None);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let style = Style {
        eol: "\n",
        echo: false,
    };
    crate::term::narrate::run(&mut story, &mut host, &mut out, style)?;
    Ok(())
}

/// The options a feed's narration refuses, and its `--start` instant when given.
fn feed_start(cli: &Cli) -> Result<Option<chrono::DateTime<Utc>>, Failure> {
    check_plays_on(cli)?;
    for (given, option) in [
        (cli.compress_dwells, "--compress-dwells"),
        (cli.on_event.is_some(), "--on-event"),
        (cli.solo, "--solo"),
    ] {
        if given {
            return Err(Failure::Usage(format!(
                "{option} shapes the replay of one route; a feed's narration takes --stop, --start INSTANT, --date and --speed"
            )));
        }
    }
    match &cli.start {
        None => Ok(None),
        Some(crate::settings::StartSpec::Instant(at)) => Ok(Some(at.with_timezone(&Utc))),
        Some(_) => Err(Failure::Usage(
            "--start with --feed: give an RFC 3339 instant (2026-09-23T08:00:00-04:00); a feed has no departure or journey days".into(),
        )),
    }
}

/// `--stop QUERY` names no stop: say so, with the names nearest to it.
fn no_such_stop(network: &crate::network::Network, query: &str) -> String {
    let mut names: Vec<(f64, &str)> = network
        .stops()
        .iter()
        .map(|s| {
            (
                strsim::jaro_winkler(&s.name.to_lowercase(), &query.to_lowercase()),
                &*s.name,
            )
        })
        .collect();
    names.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    names.dedup_by(|a, b| a.1 == b.1);
    let near: Vec<String> = names
        .iter()
        .take(3)
        .map(|(_, n)| crate::util::text::quote(n))
        .collect();
    format!(
        "--stop {}: the feed has no stop with that stop_id or name; the nearest names: {}",
        crate::util::text::quote(query),
        near.join(", ")
    )
}
