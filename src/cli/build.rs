//! The one place that turns the command line into what runs: settings merged from the
//! defaults, the user's config and the options; the journey and the fleet beside it; and the
//! [`App`] and [`Session`] every command drives.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;

use super::{Cli, Failure};
use crate::app::demo::Director;
use crate::app::session::{LaterFleet, Moment, Session, SharedClock};
use crate::app::{App, Fleet};
use crate::settings::config;
use crate::settings::source::resolve_source;
use crate::settings::{Settings, SpeedSpec, StartSpec};
use crate::sim::Journey;

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
    if let Some(names) = cli.names {
        s.names = names;
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

/// `--now` and `--duration` shape the interactive app only; given with a command they would
/// silently do nothing, so they are usage errors that say what to use instead.
///
/// # Errors
/// A usage failure naming the option.
pub fn check_app_only(cli: &Cli) -> Result<(), Failure> {
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

/// For the commands that take an instant of their own (`state`, `status`, `timetable`): a
/// `--start` given on the command line is still checked, as `frame` and the app check it, so
/// a start the route cannot take is refused by every command alike.
///
/// # Errors
/// As [`check_start`], for a `--start` given.
pub fn check_given_start(cli: &Cli, journey: &Journey) -> Result<(), Failure> {
    let Some(start) = &cli.start else {
        return Ok(());
    };
    start
        .resolve(journey, journey.route().departure())
        .map(|_| ())
        .map_err(|e| Failure::Usage(format!("--start: {e}")))
}

/// An instant given with `--at`: within a year of the journey, as a start must be, so that
/// `frame`, `state`, `status` and `record` (its `--start`) refuse the same instants alike.
///
/// # Errors
/// A usage failure naming the option, the instant and the journey's dates.
pub fn check_instant(option: &str, journey: &Journey, at: DateTime<Utc>) -> Result<(), Failure> {
    crate::sim::seek::near_journey(journey, at)
        .map(|_| ())
        .map_err(|e| Failure::Usage(format!("{option}: {e}")))
}

/// The app of `journey` at `settings`' start, drawn at `size`, at wall time `wall`.
#[must_use]
pub fn app(
    journey: impl Into<std::sync::Arc<Journey>>,
    settings: Settings,
    size: (u16, u16),
    wall: Duration,
) -> App {
    App::new(journey, settings, local_zone(), size, wall)
}

/// The app for a headless command (`frame`, `record`): its start checked (then replaced by
/// `at`, when given), the other trains built at once.
///
/// # Errors
/// An invalid route, or a start or speed that does not fit it.
pub fn headless_app(
    cli: &Cli,
    mut settings: Settings,
    size: (u16, u16),
    at: Option<DateTime<FixedOffset>>,
) -> Result<App, Failure> {
    let (journey, fleet) = journey_and_later_fleet(cli, &settings, None)?;
    check_start(&settings, &journey)?;
    if let Some(at) = at {
        check_instant("--at", &journey, at.with_timezone(&Utc))?;
        settings.start = StartSpec::Instant(at);
    }
    Ok(app(journey, settings, size, Duration::ZERO).with_fleet(fleet()))
}

/// The interactive session: `--now` resolved against the calendar, the start checked, the
/// other trains to join after the first frame, and a demo director when `demo` is given
/// (a script and whether it loops).
///
/// # Errors
/// Invalid input: a route, config or script, or a start that does not fit.
pub fn interactive_session(
    cli: &Cli,
    demo: Option<(crate::app::demo::Script, bool)>,
    wall: Duration,
) -> Result<Session, Failure> {
    session_of(cli, settings(cli)?, demo, wall)
}

/// The narration's session (`--narrate`): the interactive one, playing on to the arrival
/// (no pause at the start or on events: nothing would resume it).
///
/// # Errors
/// As [`interactive_session`].
pub fn narration_session(cli: &Cli, wall: Duration) -> Result<Session, Failure> {
    let mut settings = settings(cli)?;
    settings.paused = false;
    settings.pause_on.clear();
    session_of(cli, settings, None, wall)
}

/// The session of [`interactive_session`] with `settings`.
fn session_of(
    cli: &Cli,
    mut settings: Settings,
    demo: Option<(crate::app::demo::Script, bool)>,
    wall: Duration,
) -> Result<Session, Failure> {
    // --now: the one place the app reads the calendar clock.
    let live = cli.now.then(Utc::now);
    let (journey, fleet) = journey_and_later_fleet(cli, &settings, live)?;
    if let Some(now) = live {
        settings.start = StartSpec::Instant(now.fixed_offset());
        if cli.speed.is_none() && cli.duration.is_none() {
            settings.speed = 1.0;
            settings.length = None;
        }
    }
    check_start(&settings, &journey)?;
    let note = live.and_then(|now| now_note(&journey, now));
    let mut app = app(journey, settings, (80, 24), wall);
    if live.is_some() {
        app = app.with_live(note);
    }
    let mut session = Session::new(app).with_later_fleet(fleet);
    if let Some((script, looping)) = demo {
        let director = Director::new(script, session.app(), looping)?;
        session = session.with_director(director);
    }
    Ok(session)
}

/// What `--now` tells the viewer at `now` on `journey` (the live run, from
/// [`journey_and_later_fleet`]): the note `w` and `status` give between runs, if any.
#[must_use]
pub fn now_note(journey: &Journey, now: DateTime<Utc>) -> Option<String> {
    crate::route::calendar::live_run(journey.route(), now)
        .ok()
        .and_then(|run| run.note)
}

/// The journey now, and a way to build the fleet later (validating every built-in route
/// takes longer than drawing the first frame, so the app does it just after).
///
/// # Errors
/// The route cannot be found or is invalid.
pub fn journey_and_later_fleet(
    cli: &Cli,
    settings: &Settings,
    live: Option<DateTime<Utc>>,
) -> Result<(Journey, LaterFleet), Failure> {
    let source = resolve_source(&settings.route)?;
    let mut route = load_on(&source, cli.date)?;
    if let (Some(now), None) = (live, cli.date) {
        // The run the timetable has at `now` (--date overrides), by the rule `w` and `status`
        // follow; its note is the app's to show.
        let run = crate::route::calendar::live_run(&route, now)
            .map_err(|e| Failure::Usage(format!("--now: {e}")))?;
        route = source.load(Some(run.date))?;
    }
    let journey = Journey::new(route.clone());
    if cli.solo {
        return Ok((journey, Box::new(move || Fleet::solo(source, &route))));
    }
    Ok((
        journey,
        Box::new(move || {
            let candidates = crate::settings::source::line_candidates(&source);
            Fleet::of_line(source, &route, candidates)
        }),
    ))
}

/// The route of `spec` for the departure `date` asks for (its own when `None`).
///
/// # Errors
/// The route cannot be found or is invalid, or `date` is not one of its service days (a
/// usage failure naming them).
pub fn route_on(
    spec: &str,
    date: Option<chrono::NaiveDate>,
) -> Result<crate::route::Route, Failure> {
    load_on(&resolve_source(spec)?, date)
}

/// [`route_on`] for a source already found.
///
/// # Errors
/// As [`route_on`].
pub fn load_on(
    source: &crate::route::builtin::RouteSource,
    date: Option<chrono::NaiveDate>,
) -> Result<crate::route::Route, Failure> {
    let route = source.load(date)?;
    if let Some(date) = date {
        crate::route::calendar::check_departure_date(&route, date)
            .map_err(|e| Failure::Usage(format!("--date: {e}")))?;
    }
    Ok(route)
}

/// Read a demo script: the built-in one, or a file.
///
/// # Errors
/// The file cannot be read, or the script is not valid.
pub fn demo_script(path: Option<&std::path::Path>) -> Result<crate::app::demo::Script, Failure> {
    let (name, text) = match path {
        None => (
            crate::app::demo::DEFAULT_SCRIPT_FILE.to_owned(),
            crate::app::demo::DEFAULT_SCRIPT.to_owned(),
        ),
        Some(p) => (
            p.display().to_string(),
            crate::util::files::read_text_file(p).map_err(|d| Failure::Invalid(d.into()))?,
        ),
    };
    Ok(crate::app::demo::parse_named(&name, &text)?)
}

/// How each `serve` viewer's session is made: the route, settings and other trains read and
/// checked once, here, then a fresh app per viewer at their size (no colour for a `dumb`
/// terminal); in the demo for `--demo`, on the wall-time clock for `--shared`.
///
/// # Errors
/// Invalid input: a route or config, or a start that does not fit.
pub fn viewer_factory(
    cli: &Cli,
    mode: crate::serve::Mode,
) -> Result<crate::serve::Factory, Failure> {
    use crate::serve::Mode;
    let mut settings = settings(cli)?;
    let (journey, later) = journey_and_later_fleet(cli, &settings, None)?;
    check_start(&settings, &journey)?;
    // One journey and one fleet for every viewer: their routes and the journeys built from
    // them are shared, not copied (each viewer holds only handles).
    let journey = std::sync::Arc::new(journey);
    let fleet = later();
    let script = match mode {
        Mode::Demo => {
            let script = demo_script(None)?;
            let probe = app(
                std::sync::Arc::clone(&journey),
                settings.clone(),
                (80, 24),
                Duration::ZERO,
            );
            Director::new(script.clone(), &probe, true)?;
            Some(script)
        }
        Mode::Own | Mode::Shared => None,
    };
    let shared = (mode == Mode::Shared).then(|| {
        // Everyone on one clock: nothing may pause it for one viewer.
        settings.pause_on.clear();
        settings.paused = false;
        shared_clock(&settings, &journey)
    });
    let zone = local_zone();
    Ok(Box::new(move |spec| {
        let mut settings = settings.clone();
        settings.no_color |= !spec.color;
        let app = App::new(
            std::sync::Arc::clone(&journey),
            settings,
            zone,
            spec.size,
            Duration::ZERO,
        );
        let fleet = fleet.clone();
        let mut session = Session::new(app).with_later_fleet(Box::new(move || fleet));
        if let Some(script) = &script {
            let director =
                Director::new(script.clone(), session.app(), true).map_err(|e| e.to_string())?;
            session = session.with_director(director);
        }
        if let Some(clock) = shared {
            let at = Moment {
                wall: spec.started.elapsed(),
                utc: Utc::now(),
            };
            session = session.with_shared_clock(clock, at);
        }
        Ok(
            Box::new(move |link, fps| crate::serve::viewer::run_journey(session, link, fps))
                as crate::serve::Viewer,
        )
    }))
}

/// The shared clock of `serve --shared`: from the start setting to the arrival, at the speed
/// setting (or the one that plays the journey in `--speed`'s length).
fn shared_clock(settings: &Settings, journey: &Journey) -> SharedClock {
    let route = journey.route();
    let start = settings
        .start
        .resolve(journey, route.departure())
        .unwrap_or_else(|_| route.departure());
    let speed = settings
        .length
        .and_then(|l| {
            crate::settings::speed_for_length(route.arrival() - route.departure(), l).ok()
        })
        .unwrap_or(settings.speed);
    SharedClock {
        start,
        end: route.arrival(),
        speed,
    }
}
