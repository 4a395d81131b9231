//! Dispatch of the command line: settings are resolved once, then each headless command runs.

use std::io::Write;

use chrono::Utc;

use std::time::Duration;

use chrono_tz::Tz;

use crate::app::{App, Fleet};
use crate::cli::{Cli, Command};
use crate::config;
use crate::diag::Diagnostics;
use crate::headless;
use crate::report;
use crate::route::BUILTINS;
use crate::route::builtin::load_builtin;
use crate::settings::{Settings, SpeedSpec};
use crate::sim::Journey;
use crate::source::{resolve_route, resolve_source};

/// Why a run failed; `main` prints it and exits with code 1.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user's input (a route or config file) is invalid.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    /// Reading or writing failed (a closed pipe, a terminal error).
    #[error("error: {0}")]
    Io(#[from] std::io::Error),
    /// An argument that parses but does not fit (a start the route never reaches); exit code 2.
    #[error("error: {0}")]
    Usage(String),
    /// Anything else, already worded for the user.
    #[error("error: {0}")]
    Other(String),
}

/// Merge defaults, the user's config and the command line into settings.
///
/// # Errors
/// An invalid config file.
pub fn settings(cli: &Cli) -> Result<Settings, Failure> {
    let layer = config::load(cli.config.as_deref())?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut s = config::finish(layer, no_color)?;
    if let Some(route) = &cli.route {
        s.route.clone_from(route);
    }
    if let Some(start) = &cli.start {
        s.start = start.clone();
    }
    match cli.speed {
        Some(SpeedSpec::Times(speed)) => s.speed = speed,
        Some(SpeedSpec::Length(length)) => s.length = Some(length),
        None => {}
    }
    if let Some(length) = cli.duration {
        s.length = Some(length);
    }
    if let Some(theme) = cli.theme {
        s.theme = theme;
    }
    s.paused |= cli.paused;
    if let Some(kinds) = &cli.pause_on {
        s.pause_on.clone_from(kinds);
    }
    s.compress_dwells |= cli.compress_dwells;
    s.bell |= cli.bell;
    s.ascii |= cli.ascii;
    Ok(s)
}

/// Run a headless command, writing to `out`.
///
/// # Errors
/// Invalid input or a failed write.
pub fn run_headless(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    check_app_only(cli)?;
    let settings = settings(cli)?;
    match command {
        Command::Demo { looping, script } => {
            let plan = DemoPlan {
                script: demo_script(script.as_deref())?,
                looping: *looping,
            };
            run_interactive(cli, Some(&plan))?;
        }
        Command::Routes => {
            for b in BUILTINS {
                let journey = Journey::new(load_builtin(b, cli.date)?);
                writeln!(out, "{}", report::route_line(&journey))?;
            }
        }
        Command::Check { routes } => {
            let specs = if routes.is_empty() {
                vec![settings.route.clone()]
            } else {
                routes.clone()
            };
            let mut failed = Vec::new();
            for spec in &specs {
                match resolve_route(spec, cli.date) {
                    Ok(route) => writeln!(out, "{}", report::check_line(&Journey::new(route)))?,
                    Err(d) => failed.extend(d.0),
                }
            }
            if !failed.is_empty() {
                return Err(Failure::Invalid(Diagnostics(failed)));
            }
        }
        Command::State { at } => {
            let journey = Journey::new(resolve_route(&settings.route, cli.date)?);
            let state = journey.state_at(at.with_timezone(&Utc));
            let json = serde_json::to_string_pretty(&report::state_report(&journey, &state))
                .map_err(|e| Failure::Other(e.to_string()))?;
            writeln!(out, "{json}")?;
        }
        Command::Frame {
            at,
            size,
            ansi,
            view,
        } => {
            let (journey, fleet) = journey_and_fleet(cli, &settings)?;
            // The frame is drawn at --at, but a bad --start or --speed is still reported.
            check_start(&settings, &journey)?;
            let mut settings = settings;
            settings.start = crate::settings::StartSpec::Instant(*at);
            let mut app =
                App::new(journey, settings, local_zone(), *size, Duration::ZERO).with_fleet(fleet);
            app.view = match view.as_str() {
                "map" => crate::app::map_view::View::Map,
                "split" => crate::app::map_view::View::Split,
                _ => crate::app::map_view::View::Strip,
            };
            let buf = headless::render(&app, size.0, size.1);
            write!(
                out,
                "{}",
                if *ansi {
                    headless::to_ansi(&buf)
                } else {
                    headless::to_text(&buf)
                }
            )?;
        }
        Command::Record(args) => crate::record::run(cli, settings, args, out)?,
        Command::Status { format, at } => {
            let source = resolve_source(&settings.route)?;
            // The only clock read: everything below takes the instant as an argument.
            let now = at.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
            let route = match (cli.date, at) {
                (None, None) => crate::status::live_run(&source, now)?,
                (date, _) => source.load(date)?,
            };
            let journey = Journey::new(route);
            let state = journey.state_at(now);
            let line = crate::status::render(format, &journey, &state);
            if settings.ascii {
                writeln!(out, "{}", crate::text::ascii_punctuation(&line))?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        Command::Timetable { clock, json } => {
            let journey = Journey::new(resolve_route(&settings.route, cli.date)?);
            if *json {
                let rows = report::timetable_rows(&journey, *clock);
                let text = serde_json::to_string_pretty(&rows)
                    .map_err(|e| Failure::Other(e.to_string()))?;
                writeln!(out, "{text}")?;
            } else {
                write!(out, "{}", report::timetable_text(&journey, *clock))?;
            }
        }
    }
    Ok(())
}

/// The user's own time zone: `TZ` when it names an IANA zone, else the system's, else UTC.
#[must_use]
pub fn local_zone() -> Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok());
    from_env
        .or_else(|| iana_time_zone::get_timezone().ok()?.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// Open the interactive app.
///
/// # Errors
/// Invalid input, or a terminal failure.
pub fn run_interactive(cli: &Cli, demo: Option<&DemoPlan>) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let mut settings = settings(cli)?;
    // --now: the one place the app reads the calendar clock.
    let live = cli.now.then(Utc::now);
    let (journey, fleet) = journey_and_later_fleet(cli, &settings, live)?;
    if let Some(now) = live {
        settings.start = crate::settings::StartSpec::Instant(now.fixed_offset());
        if cli.speed.is_none() && cli.duration.is_none() {
            settings.speed = 1.0;
            settings.length = None;
        }
    }
    check_start(&settings, &journey)?;
    let mut app = App::new(journey, settings, local_zone(), (80, 24), started.elapsed());
    app.live = live.is_some();
    let director = match demo {
        Some(d) => Some(
            crate::app::demo::Director::new(d.script.clone(), &app, d.looping)
                .map_err(Failure::Other)?,
        ),
        None => None,
    };
    let extras = crate::tui::Extras {
        hooks: cli.on_event.clone().map(crate::hooks::Hooks::new),
        fleet,
        director,
    };
    crate::tui::run(app, started, extras)?;
    Ok(())
}

/// A demo to play in the interactive app.
#[derive(Debug, Clone)]
pub struct DemoPlan {
    /// The script.
    pub script: crate::app::demo::Script,
    /// Start again after the arrival, forever.
    pub looping: bool,
}

/// Read a demo script: the built-in one, or a file.
///
/// # Errors
/// The file cannot be read, or the script is not valid.
pub fn demo_script(path: Option<&std::path::Path>) -> Result<crate::app::demo::Script, Failure> {
    let (name, text) = match path {
        None => (
            "assets/demo/default.toml (built-in)".to_owned(),
            crate::app::demo::DEFAULT_SCRIPT.to_owned(),
        ),
        Some(p) => (
            p.display().to_string(),
            crate::files::read_text_file(p).map_err(|d| Failure::Invalid(d.into()))?,
        ),
    };
    crate::app::demo::parse(&text).map_err(|e| Failure::Other(format!("{name}: {e}")))
}

/// `--now` and `--duration` shape the interactive app only; given with a command they would
/// silently do nothing, so they are usage errors that say what to use instead.
///
/// # Errors
/// A usage failure naming the option.
fn check_app_only(cli: &Cli) -> Result<(), Failure> {
    if cli.now {
        return Err(Failure::Usage(
            "--now opens the app at the present moment and takes no command; commands take --at INSTANT (state, frame, status shows the present by default)".into(),
        ));
    }
    if cli.duration.is_some() {
        return Err(Failure::Usage(
            "--duration before a command: it sets the length of the app's replay; for a command use --speed 5m (the same thing), or `record --duration` for a recording's length".into(),
        ));
    }
    Ok(())
}

/// Check that the start setting means an instant on this journey.
///
/// # Errors
/// A usage failure that names the start and says why it does not fit.
pub fn check_start(settings: &Settings, journey: &Journey) -> Result<(), Failure> {
    let route = journey.route();
    let departure = route.departure();
    if let Some(length) = settings.length {
        crate::settings::speed_for_length(route.arrival() - departure, length).map_err(|e| {
            Failure::Usage(format!("--speed or --duration (the journey's length): {e}"))
        })?;
    }
    settings
        .start
        .resolve(journey, departure)
        .map(|_| ())
        .map_err(|e| Failure::Usage(format!("--start (or `start` in the config): {e}")))
}

/// The journey to replay and, unless `--solo`, the fleet of trains that share its line.
///
/// # Errors
/// The route cannot be found or is invalid.
pub fn journey_and_fleet(cli: &Cli, settings: &Settings) -> Result<(Journey, Fleet), Failure> {
    let (journey, fleet) = journey_and_later_fleet(cli, settings, None)?;
    Ok((journey, fleet()))
}

/// Builds the fleet when called.
pub type LaterFleet = Box<dyn FnOnce() -> Fleet>;

/// The journey now, and a way to build the fleet later (validating every built-in route
/// takes longer than drawing the first frame, so the app does it just after).
///
/// # Errors
/// The route cannot be found or is invalid.
pub fn journey_and_later_fleet(
    cli: &Cli,
    settings: &Settings,
    live: Option<chrono::DateTime<Utc>>,
) -> Result<(Journey, LaterFleet), Failure> {
    let source = resolve_source(&settings.route)?;
    let mut route = source.load(cli.date)?;
    if let (Some(now), None) = (live, cli.date) {
        // The run the timetable has most recently started (--date overrides).
        let date = crate::app::fleet::latest_run_date(&route, now).ok_or_else(|| {
            Failure::Usage(format!(
                "--now: {} has no departure in the last 400 days by its service days; use --date to replay a run",
                route.name
            ))
        })?;
        route = source.load(Some(date))?;
    }
    let journey = Journey::new(route.clone());
    if cli.solo {
        return Ok((journey, Box::new(move || Fleet::solo(source, &route))));
    }
    Ok((
        journey,
        Box::new(move || Fleet::with_builtins(source, &route)),
    ))
}
