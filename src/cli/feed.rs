//! `--feed FEED`: a whole GTFS feed, the network, instead of one route: `state` and `status`
//! here, `timetable --trip` in [`super::feed_trip`], the network's screens (the app, `frame`,
//! `record`, `demo`, `serve`) in [`super::netview`].

use std::io::Write;
use std::path::Path;

use chrono::Utc;

use super::{Cli, Command, Failure};
use crate::import::Feed;
use crate::import::network::{Filter, Loaded, load};
use crate::report::network::{state_report_live, status_line_live};
use crate::util::diag::Diagnostics;

/// Run the command with `--feed`.
///
/// # Errors
/// Bad usage (exit 2), a bad feed (exit 1), a mode not built yet for feeds (exit 2).
pub fn run(cli: &Cli, feed: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    if cli.command.is_none() && super::narrate::wanted(cli)? {
        if cli.realtime.is_some() {
            return Err(not_yet(
                "the narration of a stop's arrivals with --realtime (it tells the timetable)",
            ));
        }
        return super::narrate::feed(cli, feed);
    }
    check_route_options(cli)?;
    if cli.now {
        return Err(Failure::Usage(
            "--now with --feed: the network opens at the present moment of the feed's calendar already".into(),
        ));
    }
    if cli.duration.is_some() && cli.command.is_some() {
        super::build::check_app_only(cli)?;
    }
    match &cli.command {
        Some(Command::State(args)) => just_the_instant(cli).and_then(|()| state(cli, feed, args, out)),
        Some(Command::Status(args)) => just_the_instant(cli).and_then(|()| status(cli, feed, args, out)),
        None => super::netview::open(cli, feed, None),
        Some(Command::Frame(args)) => super::netview::frame(cli, feed, args, out),
        Some(Command::Record(args)) => super::netview::record(cli, feed, args, out),
        Some(Command::Demo(args)) => {
            if args.script.is_some() {
                return Err(Failure::Usage("--script with --feed: a demo script follows one route; `longrail --feed FEED demo` plays the network's tour".into()));
            }
            super::netview::open(cli, feed, Some(args.looping))
        }
        Some(Command::Serve(args)) => super::serve::run(cli, args),
        Some(Command::Completions(args)) => super::completions::run(args, out),
        Some(Command::Man(args)) => super::man::run(args, out),
        Some(Command::Timetable(args)) => super::feed_trip::timetable(cli, feed, args, out),
        Some(Command::Routes | Command::Check(_)) => Err(Failure::Usage(
            "--feed with `routes` or `check`: they list and check route files; `longrail import gtfs FEED --list` lists a feed's routes".into(),
        )),
        Some(Command::Import(_)) => Err(Failure::Usage(
            "--feed with `import gtfs`: the importer takes the feed as its argument (`longrail import gtfs FEED ...`)".into(),
        )),
    }
}

/// The usage error for a mode that does not take `--feed` yet.
fn not_yet(what: &str) -> Failure {
    Failure::Usage(format!(
        "--feed: {what} does not show a feed yet; the app, `state`, `status`, `timetable --trip`, `frame`, `record`, `demo` and `serve` do"
    ))
}

/// `state` and `status` take the instant with `--at`: `--start` would do nothing.
fn just_the_instant(cli: &Cli) -> Result<(), Failure> {
    if cli.start.is_some() {
        return Err(Failure::Usage(
            "--start with `state` or `status` and --feed: they take --at INSTANT".into(),
        ));
    }
    Ok(())
}

/// `--routes` and `--types` choose a feed's routes: without `--feed` they are a mistake.
///
/// # Errors
/// A usage failure naming the option.
pub fn check_no_feed_options(cli: &Cli) -> Result<(), Failure> {
    let given = if cli.routes.is_some() {
        Some("--routes")
    } else if cli.types.is_some() {
        Some("--types")
    } else if cli.realtime.is_some() {
        Some("--realtime")
    } else if cli.stop.is_some() {
        Some("--stop")
    } else {
        None
    };
    let what = match given {
        Some("--realtime") => "replays recorded delays of a GTFS feed's trips",
        Some("--stop") => "names a stop of a GTFS feed",
        _ => "chooses the routes of a GTFS feed",
    };
    match given {
        Some(option) => Err(Failure::Usage(format!(
            "{option} {what}: give the feed with --feed FEED (for a route file, --route ROUTE)"
        ))),
        None => Ok(()),
    }
}

/// The options that shape one route's replay mean nothing for a feed.
fn check_route_options(cli: &Cli) -> Result<(), Failure> {
    let given = [
        (cli.pause_on.is_some(), "--pause-on"),
        (cli.compress_dwells, "--compress-dwells"),
        (cli.on_event.is_some(), "--on-event"),
        (cli.solo, "--solo"),
    ];
    match given.iter().find(|(on, _)| *on) {
        Some((_, option)) => Err(Failure::Usage(format!(
            "{option} shapes the replay of one route; a feed's network has no such thing"
        ))),
        None => Ok(()),
    }
}

/// Read the feed, with the warnings on standard error.
///
/// # Errors
/// The feed cannot be read or is invalid.
pub fn read(cli: &Cli, path: &Path) -> Result<Loaded, Failure> {
    let mut feed = Feed::open(path).map_err(Diagnostics::from)?;
    let filter = Filter {
        routes: cli.routes.clone().unwrap_or_default(),
        modes: cli.types.clone().unwrap_or_default(),
    };
    let loaded = load(&mut feed, &filter)?;
    for w in &loaded.warnings {
        // Not eprintln!: it panics when standard error is a terminal that went away.
        let _ = writeln!(std::io::stderr(), "warning: {w}");
    }
    Ok(loaded)
}

/// `state --feed`: every running train at `--at`, as one JSON object.
fn state(
    cli: &Cli,
    path: &Path,
    args: &super::state::Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if cli.date.is_some() {
        return Err(Failure::Usage(
            "--date with `state --feed`: --at INSTANT already names the moment (date and time)"
                .into(),
        ));
    }
    let mut network = read(cli, path)?.network;
    let realtime = super::feed_trip::read_realtime(cli, &mut network)?;
    let at = args.at.with_timezone(&Utc);
    let trains = match &realtime {
        Some(r) => r.running_at(&network, at),
        None => network.running_at(at),
    };
    let report = state_report_live(&network, at, &trains, realtime.as_ref());
    let json = serde_json::to_string_pretty(&report).map_err(|e| Failure::Other(e.to_string()))?;
    writeln!(out, "{json}")?;
    Ok(())
}

/// `status --feed`: one line, the trains running and the feed's clock, at `--at` or at the
/// present moment of the feed's calendar (on `--date` when given; with `--realtime`, where
/// the recorded data begins).
fn status(
    cli: &Cli,
    path: &Path,
    args: &super::status::Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if args.format.is_some() {
        return Err(Failure::Usage(
            "--format with `status --feed`: a feed's status line has one form so far (the trains running and the feed's clock)".into(),
        ));
    }
    if cli.date.is_some() && args.at.is_some() {
        return Err(Failure::Usage(
            "--date with `status --at`: the instant already names the date; give one or the other"
                .into(),
        ));
    }
    let mut network = read(cli, path)?.network;
    let realtime = super::feed_trip::read_realtime(cli, &mut network)?;
    let at = match args.at {
        Some(at) => at.with_timezone(&Utc),
        // The only clock read: everything below takes the instant as an argument.
        None => {
            network
                .present(super::netview::present_of(realtime.as_ref()), cli.date)
                .0
        }
    };
    let (running, late) = match &realtime {
        Some(r) => {
            let trains = r.running_at(&network, at);
            (trains.len(), Some(r.late_count(&network, &trains, at)))
        }
        None => (network.running_at(at).len(), None),
    };
    let line = status_line_live(&network, at, running, late);
    let settings = super::build::settings(cli)?;
    if settings.ascii {
        writeln!(out, "{}", crate::util::text::ascii_punctuation(&line))?;
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
