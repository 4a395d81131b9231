//! The command line: the global options, one file per command (its options and its `run`),
//! [`build`] as the one place that turns options into settings, an app and a session, and
//! [`Failure`] with the exit codes.

pub mod app;
pub mod build;
pub mod check;
pub mod completions;
pub mod demo;
pub mod error;
pub mod feed;
pub mod feed_trip;
pub mod frame;
pub mod import;
pub mod man;
pub mod narrate;
pub mod netview;
pub mod output;
pub mod parse;
pub mod record;
pub mod routes;
pub mod serve;
pub mod state;
pub mod status;
pub mod timetable;

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

pub use error::Failure;
use parse::parse_date;

use crate::settings::{SpeedSpec, StartSpec, ThemeName, parse_speed_spec};

/// The version `--version` and the man page name: the package's, and the commit it was built
/// from when built from a git checkout (`0.1.0 (5181933 2025-12-06)`; src/build.rs).
pub const VERSION: &str = env!("LONGRAIL_VERSION");

/// Replay the world's longest direct train journey, Pyongyang → Moscow, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "longrail", version = VERSION, about, long_about = None, after_help = "Without a command, opens the interactive app. ROUTE is a built-in route id (see `longrail routes`) or a path to a route file.")]
pub struct Cli {
    /// What to do; without one, the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Route: a built-in id or a path to a route TOML file.
    #[arg(long, global = true, value_name = "ROUTE", value_parser = parse::route_arg(), hide_possible_values = true)]
    pub route: Option<String>,
    /// A GTFS feed (a .zip or a folder of .txt files): every train of it at once on a map,
    /// the network, instead of one route; the app, state, status, frame, record, demo and
    /// serve take it.
    #[arg(
        id = "network_feed",
        long = "feed",
        global = true,
        value_name = "FEED",
        conflicts_with = "route"
    )]
    pub feed: Option<PathBuf>,
    /// With --feed: only these routes, by route_id or short name (comma-separated).
    #[arg(
        id = "network_routes",
        long = "routes",
        global = true,
        value_name = "ID,ID",
        value_delimiter = ','
    )]
    pub routes: Option<Vec<String>>,
    /// With --feed: only routes of these types (comma-separated): tram, subway, rail, bus,
    /// ferry, cable_tram, aerial_lift, funicular, trolleybus, monorail, other, or GTFS
    /// route_type numbers (extended types count as their base: 109 is rail).
    #[arg(
        id = "network_types",
        long = "types",
        global = true,
        value_name = "TYPES",
        value_parser = parse::types_arg(),
        hide_possible_values = true
    )]
    pub types: Option<::std::vec::Vec<crate::network::Mode>>,
    /// With --feed: recorded GTFS-Realtime data, a message (.pb) or a folder of them, each
    /// applied from its timestamp on: trains run late, early, cancelled or added as recorded.
    #[arg(
        id = "network_realtime",
        long = "realtime",
        global = true,
        value_name = "FILE_OR_FOLDER"
    )]
    pub realtime: Option<PathBuf>,
    /// Replay the departure of this date (YYYY-MM-DD) instead of the route's own.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Start where the `g` prompt would go: departure, "day 3 14:00" (train's clock), "day 3
    /// 14:00 MSK", a station, +6h (from the departure), or an RFC 3339 instant.
    #[arg(long, global = true, value_name = "WHEN", value_parser = StartSpec::parse)]
    pub start: Option<StartSpec>,
    /// Replay speed: 1 to 100000 times real time (600 or 600x), or how long the whole
    /// journey should take (5m, 90s, 1h30m).
    #[arg(long, global = true, value_name = "SPEED", value_parser = parse_speed_spec)]
    pub speed: Option<SpeedSpec>,
    /// Play the whole journey in this long (5m, 90s, 1h30m): the same as --speed 5m.
    #[arg(long, value_name = "LENGTH", value_parser = crate::settings::parse_length, conflicts_with = "speed")]
    pub duration: Option<std::time::Duration>,
    /// Start paused.
    #[arg(long, global = true)]
    pub paused: bool,
    /// Pause when the replay reaches these events: border, zone, transfer, gauge, bridge,
    /// river, landmark, note, arrive, depart (comma-separated), or all.
    #[arg(long, global = true, value_name = "KINDS", value_parser = crate::settings::parse_event_kinds)]
    pub pause_on: Option<::std::vec::Vec<crate::sim::EventClass>>,
    /// Play long dwells and border waits fast (about two seconds each); the title bar shows
    /// how much time was skipped.
    #[arg(long, global = true)]
    pub compress_dwells: bool,
    /// Run CMD for every event the replay passes, with the event in LONGRAIL_* environment
    /// variables (no shell unless CMD starts one: --on-event 'sh -c "..."').
    #[arg(long, global = true, value_name = "CMD", value_parser = crate::term::hooks::parse_command)]
    pub on_event: Option<::std::vec::Vec<String>>,
    /// Ring the terminal bell on every arrival.
    #[arg(long, global = true)]
    pub bell: bool,
    /// Open at the present moment as the published timetable has it (the latest run by the
    /// route's service days, at 1×): the timetable, not live tracking. `w` in the app does
    /// the same.
    #[arg(long)]
    pub now: bool,
    /// Show only this train, not the other trains of the built-in routes on the line.
    #[arg(long, global = true)]
    pub solo: bool,
    /// Colour theme: dark, light or high-contrast.
    #[arg(long, global = true, value_name = "THEME", value_parser = parse::theme_arg())]
    pub theme: Option<ThemeName>,
    /// Draw with ASCII characters only.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Station names: latin (Hamhung), local (in their own script where the route gives it:
    /// 함흥, Хабаровск I) or both.
    #[arg(long, global = true, value_name = "NAMES", value_parser = parse::names_arg())]
    pub names: Option<crate::settings::NameStyle>,
    /// Read settings from this file instead of the platform config directory.
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Print the default config.toml and exit.
    #[arg(long)]
    pub print_config: bool,
    /// Tell the journey in plain lines on standard output instead of opening the app: one
    /// line per event at the replay's speed, for screen readers and logs; type s, n, t or q
    /// and Enter for more (also LONGRAIL_NARRATE=1, `narrate = true`, or TERM=dumb).
    #[arg(long)]
    pub narrate: bool,
    /// With --feed and --narrate: tell the trains arriving at this stop (a stop_id, or a
    /// stop's name; a station includes its platforms).
    #[arg(long, value_name = "STOP")]
    pub stop: Option<String>,
}

/// The commands; without one, the interactive app opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a self-running presentation of the journey (any key takes over, q quits).
    Demo(demo::Args),
    /// List the built-in routes: id, name, length, duration.
    Routes,
    /// Validate route files (or built-in ids); one summary line each, errors with positions.
    Check(check::Args),
    /// Print the train's state at an instant as one JSON object.
    State(state::Args),
    /// Print the timetable: every stop with km, zone, arrival, departure and dwell.
    Timetable(timetable::Args),
    /// Print the screen the app would draw at an instant and terminal size, as text, or write
    /// it as a PNG or SVG picture (--out).
    Frame(frame::Args),
    /// Record the replay as an asciicast v2 file (asciinema's format) or an animated GIF,
    /// without a terminal.
    Record(record::Args),
    /// Print one line for a status bar or prompt: where the train is by the timetable (not
    /// live tracking), e.g. `Omsk→Novosibirsk 57% · 14:03 UTC+6 (MSK+3) · day 4/9`.
    #[command(after_help = crate::report::status::help_text())]
    Status(status::Args),
    /// Turn a train of a timetable feed into a route file: `import gtfs FEED --list`, `--list
    /// --route ROUTE`, `--trip TRIP_ID [--date YYYY-MM-DD] [--out FILE]`.
    Import(import::Args),
    /// Serve the journey over SSH: each viewer runs `ssh -p 2222 HOST` and watches in their
    /// own terminal, at their own size.
    Serve(serve::Args),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish):
    /// commands, options, built-in route ids and themes.
    Completions(completions::Args),
    /// Print the manual page (roff): the program's, or a command's (`longrail man serve`);
    /// `--dir DIR` writes them all.
    Man(man::Args),
}

/// Run what the command line asks for, writing a command's output to `out`.
///
/// # Errors
/// Bad usage, invalid input or a failed operation, each with its exit code.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    if cli.print_config {
        write!(out, "{}", crate::settings::config::DEFAULT_CONFIG)?;
        return Ok(());
    }
    if let Some(feed) = &cli.feed {
        return feed::run(cli, feed, out);
    }
    feed::check_no_feed_options(cli)?;
    let Some(command) = &cli.command else {
        if narrate::wanted(cli)? {
            return narrate::run(cli);
        }
        return app::open(cli, None);
    };
    build::check_app_only(cli)?;
    // Every command but `completions` and `man` reads the config (and stops at a broken one,
    // even when it takes nothing from it); those two are about the program alone.
    let settings = || build::settings(cli);
    match command {
        Command::Demo(args) => settings().and_then(|_| demo::run(cli, args)),
        Command::Routes => settings().and_then(|_| routes::run(cli, out)),
        Command::Check(args) => check::run(cli, &settings()?, args, out),
        Command::State(args) => state::run(cli, &settings()?, args, out),
        Command::Timetable(args) => timetable::run(cli, &settings()?, args, out),
        Command::Frame(args) => frame::run(cli, settings()?, args, out),
        Command::Record(args) => record::run(cli, settings()?, args, out),
        Command::Status(args) => status::run(cli, &settings()?, args, out),
        Command::Import(args) => settings().and_then(|_| import::run(cli, args, out)),
        Command::Serve(args) => settings().and_then(|_| serve::run(cli, args)),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
    }
}
