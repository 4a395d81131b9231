//! The command line: global options (which also apply to headless commands) and subcommands.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand};

use crate::settings::{ClockConvention, SpeedSpec, StartSpec, ThemeName, parse_speed_spec};

/// Replay the world's longest direct train journey, Pyongyang → Moscow, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "longrail", version, about, long_about = None, after_help = "Without a command, opens the interactive app. ROUTE is a built-in route id (see `longrail routes`) or a path to a route file.")]
pub struct Cli {
    /// What to do; without one, the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Route: a built-in id or a path to a route TOML file.
    #[arg(long, global = true, value_name = "ROUTE")]
    pub route: Option<String>,
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
    #[arg(long, global = true, value_name = "CMD", value_parser = crate::hooks::parse_command)]
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
    #[arg(long, global = true, value_name = "THEME", value_parser = ThemeName::parse)]
    pub theme: Option<ThemeName>,
    /// Draw with ASCII characters only.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Read settings from this file instead of the platform config directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print the default config.toml and exit.
    #[arg(long)]
    pub print_config: bool,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a self-running presentation of the journey (any key takes over, q quits).
    Demo {
        /// Start again after the arrival, forever (a lobby screen).
        #[arg(long = "loop")]
        looping: bool,
        /// A demo script of your own (see assets/demo/default.toml).
        #[arg(long, value_name = "FILE")]
        script: Option<PathBuf>,
    },
    /// List the built-in routes: id, name, length, duration.
    Routes,
    /// Validate route files (or built-in ids); one summary line each, errors with positions.
    Check {
        /// Routes to check (default: the configured route).
        #[arg(value_name = "ROUTE")]
        routes: Vec<String>,
    },
    /// Print the train's state at an instant as one JSON object.
    State {
        /// The instant, RFC 3339 (2025-06-20T12:00:00Z or 2025-06-20T21:00:00+09:00).
        #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
        at: DateTime<FixedOffset>,
    },
    /// Print the timetable: every stop with km, zone, arrival, departure and dwell.
    Timetable {
        /// Clock for the times: local (each stop's zone), moscow or utc.
        #[arg(long, value_name = "CLOCK", default_value = "local", value_parser = ClockConvention::parse)]
        clock: ClockConvention,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the screen the app would draw at an instant and terminal size, as text.
    Frame {
        /// The instant, RFC 3339.
        #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
        at: DateTime<FixedOffset>,
        /// Terminal size, columns×rows (e.g. 120x40).
        #[arg(long, value_name = "WxH", default_value = "120x40", value_parser = parse_size)]
        size: (u16, u16),
        /// Keep colours, as ANSI escape sequences.
        #[arg(long)]
        ansi: bool,
        /// Which screen to draw.
        #[arg(long, value_name = "VIEW", value_enum, default_value_t = FrameView::Strip)]
        view: FrameView,
    },
    /// Record the replay as an asciicast v2 file (asciinema's format), without a terminal.
    Record(crate::record::RecordArgs),
    /// Print one line for a status bar or prompt: where the train is by the timetable (not
    /// live tracking), e.g. `Omsk→Novosibirsk 57% · 14:03 UTC+6 (MSK+3) · day 4/9`.
    #[command(after_help = crate::status::help_text())]
    Status {
        /// What to print: text with %-fields (listed below); %% is a percent sign.
        #[arg(long, value_name = "FORMAT", default_value = crate::status::DEFAULT_FORMAT, value_parser = crate::status::Format::parse)]
        format: crate::status::Format,
        /// The instant, RFC 3339 (default: now, on the run the timetable has on the line).
        #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
        at: Option<DateTime<FixedOffset>>,
    },
}

/// The screen `frame --view` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FrameView {
    /// The strip, the clocks, the timetable and the log.
    Strip,
    /// The map in place of all of them.
    Map,
    /// The map beside the strip screen, at any width.
    Split,
}

impl From<FrameView> for crate::app::map_view::View {
    fn from(view: FrameView) -> Self {
        match view {
            FrameView::Strip => Self::Strip,
            FrameView::Map => Self::Map,
            FrameView::Split => Self::Split,
        }
    }
}

/// Parse `120x40` (also `120×40`), 1 to 1000 each way.
///
/// # Errors
/// A message with the expected form.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || {
        format!(
            "{} is not a size: use COLUMNSxROWS, e.g. 120x40 (1 to 1000 each)",
            crate::text::quote(text)
        )
    };
    let (w, h) = text.split_once(['x', '×', 'X']).ok_or_else(bad)?;
    let w: u16 = w.trim().parse().map_err(|_| bad())?;
    let h: u16 = h.trim().parse().map_err(|_| bad())?;
    if !(1..=1000).contains(&w) || !(1..=1000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!(
            "{} is not a date: use YYYY-MM-DD, e.g. 2025-07-03",
            crate::text::quote(text)
        )
    })
}

fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| format!("{} is not an RFC 3339 instant: use e.g. 2025-06-20T12:00:00Z or 2025-06-20T21:00:00+09:00", crate::text::quote(text)))
}
