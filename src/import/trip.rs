//! Everything one trip needs, read from the feed: the trip, its route and agency zone, the
//! date it runs, its stop times in order (a `frequencies.txt` departure applied), its stops
//! placed and zoned, and its shape.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::Request;
use super::calendar::{Service, services};
use super::clock::parse_time;
use super::feed::Feed;
use super::gtfs::{self, Route, Stop, StopTime, Trip};
use super::stops::{Placed, Zones, place};
use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// A trip and all it needs from the feed.
pub struct Loaded {
    /// The trip.
    pub trip: Trip,
    /// Its route, when `routes.txt` has it.
    pub route: Option<Route>,
    /// The agency's zone, which GTFS times count in.
    pub agency: Tz,
    /// When its service runs.
    pub service: Service,
    /// The service date imported.
    pub date: NaiveDate,
    /// Its stop times in `stop_sequence` order.
    pub times: Vec<StopTime>,
    /// The stop of each stop time.
    pub stops: Vec<Stop>,
    /// Where each stop time's stop is, and its zone.
    pub placed: Vec<Placed>,
    /// The trip's shape, `(lat, lon)` points; empty without one.
    pub shape: Vec<(f64, f64)>,
    /// The departure chosen from `frequencies.txt`, in words.
    pub frequency: Option<String>,
    /// Warnings for the user and the file.
    pub warnings: Vec<String>,
}

/// Read what trip `req.trip` needs.
///
/// # Errors
/// See [`super::import_trip`].
pub fn load(feed: &mut Feed, req: &Request) -> Result<Loaded, Diagnostic> {
    let trip = find_trip(feed, &req.trip)?;
    let route = gtfs::routes(feed)?.into_iter().find(|r| r.id == trip.route);
    let agency = gtfs::agency_zone(feed, route.as_ref().map_or("", |r| r.agency.as_str()))?;
    let service = services(feed, |s| s == trip.service)?
        .remove(&trip.service)
        .ok_or_else(|| {
            Diagnostic::file_level(
                feed.shown(),
                format!(
                    "the trip's service_id {} is in neither calendar.txt nor calendar_dates.txt",
                    quote(&trip.service)
                ),
            )
            .help("the trip never runs: pick another trip (`--list --route ROUTE` lists them)")
        })?;
    let window = gtfs::feed_window(feed)?;
    let date = service_date(feed, &trip, &service, req.date, window)?;
    let warnings = validity_warnings(window, date);
    let times = ordered_times(feed, &trip)?;
    let (times, frequency) = apply_frequencies(feed, &trip, times, req.at.as_deref())?;
    let all_stops = gtfs::stops(feed)?;
    let label = feed.file_label("stop_times.txt");
    let mut zones = Zones;
    let mut placed = Vec::with_capacity(times.len());
    let mut stops = Vec::with_capacity(times.len());
    for st in &times {
        placed.push(place(st, &all_stops, agency, &mut zones, &label)?);
        if let Some(s) = all_stops.get(&st.stop) {
            stops.push(s.clone());
        }
    }
    let shape = gtfs::shape(feed, &trip.shape)?;
    Ok(Loaded {
        trip,
        route,
        agency,
        service,
        date,
        times,
        stops,
        placed,
        shape,
        frequency,
        warnings,
    })
}

/// The trip `id`, or a message with the nearest ids.
fn find_trip(feed: &mut Feed, id: &str) -> Result<Trip, Diagnostic> {
    if let Some(t) = gtfs::trips(feed, |t| t.id == id)?.into_iter().next() {
        return Ok(t);
    }
    let mut near: Vec<(usize, String)> = Vec::new();
    gtfs::trips(feed, |t| {
        let d = strsim::levenshtein(&t.id.to_lowercase(), &id.to_lowercase());
        if d <= (id.chars().count() / 3).max(2) {
            near.push((d, t.id.clone()));
        }
        false
    })?;
    near.sort();
    let hint = match near.first() {
        Some((_, best)) => format!("did you mean {}? (`--list --route ROUTE` lists a route's trips)", quote(best)),
        None => "`longrail import gtfs FEED --list` lists the routes, `--list --route ROUTE` their trips".to_owned(),
    };
    Err(Diagnostic::file_level(
        &feed.file_label("trips.txt"),
        format!("there is no trip_id {}", quote(id)),
    )
    .help(hint))
}

/// The service date: `wanted` when the trip runs then; without one, the first date it runs
/// inside the feed's validity window (`feed_info.txt`), else the first date it runs at all.
fn service_date(
    feed: &Feed,
    trip: &Trip,
    service: &Service,
    wanted: Option<NaiveDate>,
    window: (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<NaiveDate, Diagnostic> {
    let calendar = || {
        format!(
            "service {} runs {}",
            quote(&trip.service),
            service.describe()
        )
    };
    match wanted {
        Some(d) if service.runs(d) => Ok(d),
        Some(d) => {
            let next: Vec<String> = service
                .dates_from(d, 5)
                .iter()
                .map(ToString::to_string)
                .collect();
            let help = if next.is_empty() {
                "it runs on no date from then on: pick a date its calendar has, or leave out --date for its first".to_owned()
            } else {
                format!(
                    "the next dates it runs: {} (--date YYYY-MM-DD)",
                    next.join(", ")
                )
            };
            Err(Diagnostic::file_level(
                feed.shown(),
                format!(
                    "trip {} does not run on {d} ({})",
                    quote(&trip.id),
                    calendar()
                ),
            )
            .help(help))
        }
        None => first_in_window(service, window)
            .or_else(|| service.first_date())
            .ok_or_else(|| {
                Diagnostic::file_level(
                    feed.shown(),
                    format!("trip {} runs on no date ({})", quote(&trip.id), calendar()),
                )
                .help("pick another trip (`--list --route ROUTE` lists them)")
            }),
    }
}

/// The first date `service` runs within `window` (either end may be open), if any.
fn first_in_window(
    service: &Service,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> Option<NaiveDate> {
    let first = service.first_date()?;
    let start = from.map_or(first, |f| f.max(first));
    service
        .dates_from(start, 1)
        .first()
        .copied()
        .filter(|d| to.is_none_or(|t| *d <= t))
}

/// A warning when the date is outside `feed_info.txt`'s validity window.
fn validity_warnings(
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    date: NaiveDate,
) -> Vec<String> {
    let outside = from.is_some_and(|f| date < f) || to.is_some_and(|t| date > t);
    if outside {
        let shown = |d: Option<NaiveDate>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
        vec![format!(
            "the service date {date} is outside the feed's validity window ({} to {}, feed_info.txt): the timetable may no longer hold",
            shown(from),
            shown(to)
        )]
    } else {
        Vec::new()
    }
}

/// The trip's stop times in `stop_sequence` order (numbers may skip); a repeated number or
/// fewer than two stops is an error.
fn ordered_times(feed: &mut Feed, trip: &Trip) -> Result<Vec<StopTime>, Diagnostic> {
    let mut times = gtfs::stop_times(feed, &trip.id)?;
    times.sort_by_key(|t| t.sequence);
    let label = feed.file_label("stop_times.txt");
    for pair in times.windows(2) {
        if pair[0].sequence == pair[1].sequence {
            let mut d = Diagnostic::file_level(
                &label,
                format!(
                    "trip {} has stop_sequence {} twice (lines {} and {})",
                    quote(&trip.id),
                    pair[1].sequence,
                    pair[0].line,
                    pair[1].line
                ),
            )
            .help("give each stop of a trip its own stop_sequence, increasing in travel order");
            d.position = Some((usize::try_from(pair[1].line).unwrap_or(usize::MAX), 1));
            return Err(d);
        }
    }
    if times.len() < 2 {
        return Err(Diagnostic::file_level(
            &label,
            format!(
                "trip {} has {} stop time(s); a route needs at least two stops",
                quote(&trip.id),
                times.len()
            ),
        )
        .help("pick a trip with at least two stops"));
    }
    Ok(times)
}

/// For a trip of `frequencies.txt`, its times moved to the departure `at`; without `at`, or
/// with one that is not a departure, an error listing the departures.
fn apply_frequencies(
    feed: &mut Feed,
    trip: &Trip,
    mut times: Vec<StopTime>,
    at: Option<&str>,
) -> Result<(Vec<StopTime>, Option<String>), Diagnostic> {
    let windows = gtfs::frequencies(feed, &trip.id)?;
    let shown = feed.shown().to_owned();
    if windows.is_empty() {
        return match at {
            Some(_) => Err(Diagnostic::file_level(&shown, format!("--at chooses a departure of a frequency-based trip, and trip {} has fixed times", quote(&trip.id))).help("leave out --at")),
            None => Ok((times, None)),
        };
    }
    let departures = departures(&windows);
    let wanted = choose(&departures, at, trip, &shown)?;
    let first = times
        .first()
        .and_then(|t| t.depart.or(t.arrive))
        .unwrap_or(0);
    let shift = wanted - first;
    for t in &mut times {
        t.arrive = t.arrive.map(|v| v + shift);
        t.depart = t.depart.map(|v| v + shift);
    }
    Ok((
        times,
        Some(format!(
            "departure {} of frequencies.txt (the stop times shifted by {shift} s)",
            clock_text(wanted)
        )),
    ))
}

/// Every departure of a trip's `frequencies.txt` windows (at most 10,000 per window).
fn departures(windows: &[gtfs::Window]) -> Vec<i64> {
    windows
        .iter()
        .flat_map(|w| {
            (0..)
                .map(move |k| w.start + k * w.headway)
                .take_while(move |t| *t < w.end)
                .take(10_000)
        })
        .collect()
}

/// The departure `at` names, which must be one of `departures`; the message for a missing or
/// wrong one lists the departures nearest to it.
fn choose(
    departures: &[i64],
    at: Option<&str>,
    trip: &Trip,
    shown: &str,
) -> Result<i64, Diagnostic> {
    let near = |t: i64| {
        let mut by_gap: Vec<i64> = departures.to_vec();
        by_gap.sort_by_key(|d| (d - t).abs());
        by_gap.truncate(6);
        by_gap.sort_unstable();
        by_gap
            .iter()
            .map(|&d| clock_text(d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let first = departures.iter().min().copied().unwrap_or(0);
    let Some(at) = at else {
        return Err(Diagnostic::file_level(
            shown,
            format!(
                "trip {} runs every few minutes (frequencies.txt), not at one time",
                quote(&trip.id)
            ),
        )
        .help(format!(
            "choose a departure with --at HH:MM, e.g. --at {} (the first departures: {})",
            clock_text(first),
            near(first)
        )));
    };
    let wanted = parse_time(at)
        .or_else(|_| parse_time(&format!("{at}:00")))
        .map_err(|why| {
            Diagnostic::file_level(shown, format!("--at {why}"))
                .help("write the departure as HH:MM or HH:MM:SS of the service day")
        })?;
    if !departures.contains(&wanted) {
        return Err(Diagnostic::file_level(
            shown,
            format!(
                "trip {} has no departure at {}",
                quote(&trip.id),
                clock_text(wanted)
            ),
        )
        .help(format!("the departures nearest to it: {}", near(wanted))));
    }
    Ok(wanted)
}

/// Seconds of a service day as `HH:MM[:SS]` (hours may pass 24).
#[must_use]
pub fn clock_text(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}
