//! `--feed` for the modes that show the network: the app, `frame`, `record`, `demo` and
//! `serve`. The one place that turns the command line into the network's screens: the feed
//! read once and shared ([`Atlas`]), the settings, the start instant by the feed's own
//! calendar, and the opener that makes a train's journey with `import gtfs`'s code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::{Cli, Failure, build};
use crate::app::network::tour::Tour;
use crate::app::network::{Atlas, NetworkView};
use crate::app::screens::{Opened, Opener, Screens};
use crate::app::session::Session;
use crate::import::Feed;
use crate::network::Network;
use crate::settings::{Settings, SpeedSpec, StartSpec};

/// Opens a train's journey by importing its trip from the feed file, as `import gtfs` does.
struct FeedOpener {
    path: PathBuf,
}

impl Opener for FeedOpener {
    fn open(
        &self,
        trip_id: &str,
        service_date: NaiveDate,
        departure: Option<String>,
        times: Option<&[[i64; 2]]>,
    ) -> Result<Opened, String> {
        let failed = |d: crate::util::diag::Diagnostics| {
            let first = d.0.first().map_or_else(String::new, |d| d.message.clone());
            format!(
                "cannot open trip {}: {first}",
                crate::util::text::quote(trip_id)
            )
        };
        let mut feed = Feed::open(&self.path).map_err(|d| failed(d.into()))?;
        let request = crate::import::Request {
            trip: trip_id.to_owned(),
            date: Some(service_date),
            at: departure,
        };
        let imported = crate::import::import_trip_at(&mut feed, &request, times).map_err(failed)?;
        let route =
            crate::route::parse_route(&imported.id, &imported.text, None).map_err(failed)?;
        Ok(Opened {
            route,
            stops: imported.stop_indices,
        })
    }
}

/// The feed at `path`, read once (warnings on standard error) and made ready to draw.
///
/// # Errors
/// A bad feed: exit 1 with its diagnostics.
pub fn atlas(cli: &Cli, path: &Path) -> Result<Arc<Atlas>, Failure> {
    let mut network = super::feed::read(cli, path)?.network;
    Ok(Arc::new(
        match super::feed_trip::load_realtime(cli, &mut network)? {
            Some(loaded) => Atlas {
                warning: realtime_notice(cli, &loaded),
                ..Atlas::with_realtime(network, loaded.realtime)
            },
            None => Atlas::new(network),
        },
    ))
}

/// What the screen says of realtime data that did not all apply (the details went to standard
/// error, hidden behind the app while it runs).
fn realtime_notice(cli: &Cli, loaded: &crate::import::realtime::Loaded) -> Option<String> {
    let name = cli
        .realtime
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if loaded.warnings.is_empty() {
        None
    } else if loaded.matched == 0 {
        Some(format!(
            "warning: --realtime {name} names no trip of this feed (another feed's?): showing the timetable"
        ))
    } else {
        Some(format!(
            "warning: --realtime {name}: some updates name no trip of this feed and are left out"
        ))
    }
}

/// The settings of a network view: as for a route, but at 1× unless `--speed` or
/// `--duration` says otherwise (`--duration` plays a whole day of service in that long).
///
/// # Errors
/// An invalid config, or a `--duration` out of range.
pub fn settings(cli: &Cli) -> Result<Settings, Failure> {
    let mut s = build::settings(cli)?;
    match (cli.speed, cli.duration.or(s.length)) {
        (Some(SpeedSpec::Times(speed)), _) => s.speed = speed,
        (_, Some(length)) if cli.speed.is_some() || cli.duration.is_some() => {
            s.speed =
                crate::settings::speed_for_length(TimeDelta::days(1), length).map_err(|e| {
                    Failure::Usage(format!(
                        "--speed or --duration (a day of service's length): {e}"
                    ))
                })?;
        }
        _ => s.speed = 1.0,
    }
    s.length = None;
    Ok(s)
}

/// The moment a feed's replay counts as "now": where recorded realtime data begins (so
/// `--realtime` opens on the recorded day), else the wall clock.
#[must_use]
pub fn present_of(realtime: Option<&crate::network::realtime::Realtime>) -> DateTime<Utc> {
    realtime
        .and_then(crate::network::realtime::Realtime::recorded_from)
        .unwrap_or_else(Utc::now)
}

/// Where the view starts: `--start` (an instant, a time of day on the agency's clock, a
/// date, or a step from the present), else the present moment of the feed's calendar (on
/// `--date` when given). `now` is the calendar's time ([`present_of`]).
///
/// # Errors
/// A `--start` form that names a place on one train's journey (departure, a station, a day
/// of the journey): a usage error naming the forms a feed takes.
pub fn start(cli: &Cli, network: &Network, now: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    let (present, day) = network.present(now, cli.date);
    let zone = network.zone;
    let on_day = |time: chrono::NaiveTime, date: NaiveDate| {
        zone.from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| Failure::Usage(format!("--start: {date} {time} does not exist on the agency's clock (the clocks skip it)")))
    };
    let Some(spec) = &cli.start else {
        return Ok(present);
    };
    match spec {
        StartSpec::Instant(at) => Ok(at.with_timezone(&Utc)),
        StartSpec::Now => Ok(present),
        StartSpec::Relative(step) => Ok(present + *step),
        StartSpec::Clock { when, zone: None } => on_day(when.time, day),
        StartSpec::Date(date, time) => on_day(time.unwrap_or_default(), *date),
        _ => Err(Failure::Usage(
            "--start with --feed: give an instant (2026-09-23T08:27:00-04:00), a time of day on the agency's clock (08:27), a date (2026-09-23), a step from the present (+2h) or now; departure, stations and journey days belong to one route".into(),
        )),
    }
}

/// The network's screens at `at`, `size` cells, at wall time `wall`.
#[must_use]
pub fn screens(
    atlas: &Arc<Atlas>,
    settings: Settings,
    at: DateTime<Utc>,
    size: (u16, u16),
    wall: Duration,
    feed: &Path,
) -> Screens {
    let view = NetworkView::new(Arc::clone(atlas), settings, at, size, wall);
    let opener = Arc::new(FeedOpener {
        path: feed.to_owned(),
    });
    Screens::new(view, opener, build::local_zone())
}

/// `longrail --feed FEED` (and `demo --feed`): the network in this terminal, with the tour
/// when `tour` is given (and whether it loops).
///
/// # Errors
/// A bad feed or option, or a terminal failure.
pub fn open(cli: &Cli, path: &Path, tour: Option<bool>) -> Result<(), Failure> {
    let started = Instant::now();
    let atlas = atlas(cli, path)?;
    let settings = settings(cli)?;
    let at = start(cli, &atlas.network, present_of(atlas.realtime.as_ref()))?;
    let fps = settings.fps;
    let screens = screens(&atlas, settings, at, (80, 24), started.elapsed(), path);
    let mut session = Session::new(screens);
    if let Some(looping) = tour {
        session = session.with_steer(Box::new(
            Tour::new(looping).keeping_start(cli.start.is_some()),
        ));
    }
    super::app::needs_a_terminal()?;
    match crate::term::local::run_model(session, started, None, fps)? {
        Some(code) => Err(Failure::Stopped(code, String::new())),
        None => Ok(()),
    }
}

/// `frame --feed`: the network at `--at`, as text or a picture.
///
/// # Errors
/// As `frame`.
pub fn frame(
    cli: &Cli,
    path: &Path,
    args: &super::frame::Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if args.view != super::frame::FrameView::Strip {
        return Err(Failure::Usage(
            "--view with --feed: the network has one view, the map".into(),
        ));
    }
    let format = super::frame::picture_format(args)?;
    let atlas = atlas(cli, path)?;
    let mut settings = settings(cli)?;
    settings.paused = true;
    let at = args.at.with_timezone(&Utc);
    let screens = screens(
        &atlas,
        settings.clone(),
        at,
        args.size,
        Duration::ZERO,
        path,
    );
    let title = format!(
        "longrail · {} · {}",
        crate::util::text::sanitize(&atlas.network.name),
        args.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    );
    let look = crate::report::picture::Look::new(settings.theme, settings.no_color, settings.ascii);
    super::frame::write_frame(&screens, args, format, look, &title, out)
}

/// `record --feed`: the network (or its tour, with `--demo`) as a cast or a GIF.
///
/// # Errors
/// As `record`.
pub fn record(
    cli: &Cli,
    path: &Path,
    args: &super::record::Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if args.script.is_some() {
        return Err(Failure::Usage("--script with --feed: a demo script follows one route; `record --feed FEED --demo` records the network's tour".into()));
    }
    let format = super::record::check(args)?;
    let atlas = atlas(cli, path)?;
    let settings = settings(cli)?;
    let at = start(cli, &atlas.network, present_of(atlas.realtime.as_ref()))?;
    let title = format!(
        "longrail · {} · {}",
        crate::util::text::sanitize(&atlas.network.name),
        crate::util::format::speed_text(settings.speed)
    );
    let look = crate::report::picture::Look::new(settings.theme, settings.no_color, settings.ascii);
    let screens = screens(&atlas, settings, at, args.size, Duration::ZERO, path);
    let mut session = Session::new(screens);
    if args.demo {
        session = session.with_steer(Box::new(Tour::new(true).keeping_start(cli.start.is_some())));
    }
    super::record::write(session, args, format, look, title, out)
}

/// `serve --feed`: each viewer their own network view (in the tour with `--demo`; on one
/// clock with `--shared`, a day of service from the start, round again).
///
/// # Errors
/// A bad feed or option.
pub fn viewer_factory(
    cli: &Cli,
    path: &Path,
    mode: crate::serve::Mode,
) -> Result<crate::serve::Factory, Failure> {
    use crate::app::session::{Moment, SharedClock};
    use crate::serve::Mode;
    let atlas = atlas(cli, path)?;
    let mut settings = settings(cli)?;
    let at = start(cli, &atlas.network, present_of(atlas.realtime.as_ref()))?;
    let shared = (mode == Mode::Shared).then(|| {
        settings.paused = false;
        SharedClock {
            start: at,
            end: at + TimeDelta::days(1),
            speed: settings.speed,
        }
    });
    let feed = path.to_owned();
    let keep_start = cli.start.is_some();
    Ok(Box::new(move |spec| {
        let mut settings = settings.clone();
        settings.no_color |= !spec.color;
        let screens = screens(&atlas, settings, at, spec.size, Duration::ZERO, &feed);
        let mut session = Session::new(screens);
        if mode == Mode::Demo {
            session = session.with_steer(Box::new(Tour::new(true).keeping_start(keep_start)));
        }
        if let Some(clock) = shared {
            let moment = Moment {
                wall: spec.started.elapsed(),
                utc: Utc::now(),
            };
            session = session.with_shared_clock(clock, moment);
        }
        Ok(crate::serve::boxed(session))
    }))
}
