//! What `state --feed` and `status --feed` print: the trains of a network at an instant.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Serialize;

use crate::network::realtime::Realtime;
use crate::network::{Network, Train};
use crate::util::format::rfc3339_in;
use crate::util::text::sanitize;

/// The JSON object `longrail --feed FEED state --at INSTANT` prints.
#[derive(Debug, Serialize)]
pub struct NetworkState {
    /// The instant, UTC.
    pub utc: String,
    /// The agency's zone (`agency_timezone`), which service days count in.
    pub timezone: String,
    /// How many trains are running.
    pub running: usize,
    /// Every running train, sorted by `trip_id` (then service date and departure).
    pub trains: Vec<TrainReport>,
}

/// One running train.
#[derive(Debug, Serialize)]
pub struct TrainReport {
    /// `trip_id`.
    pub trip_id: String,
    /// `route_id`.
    pub route_id: String,
    /// The service date its times count from, YYYY-MM-DD.
    pub service_date: String,
    /// Its departure from the first stop, RFC 3339 in the agency's zone (for a trip of
    /// `frequencies.txt`, this run's).
    pub departure: String,
    /// Latitude, 6 decimals.
    pub lat: f64,
    /// Longitude, 6 decimals.
    pub lon: f64,
    /// The stop it stands at or last left (`stop_id`).
    pub from_stop: String,
    /// The stop it runs to next; the same as `from_stop` while it stands at a stop.
    pub to_stop: String,
    /// Seconds late at the instant, negative when early (0 from the timetable alone): see
    /// [`Realtime::delay`].
    pub delay_s: i64,
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The report of `trains` (as [`Network::running`] found them at `at`).
#[must_use]
pub fn state_report(network: &Network, at: DateTime<Utc>, trains: &[Train]) -> NetworkState {
    state_report_live(network, at, trains, None)
}

/// The report of `trains` (as [`Realtime::running`] found them at `at`), each train's
/// `delay_s` from `realtime` (0 without it, or without a prediction for the train).
#[must_use]
pub fn state_report_live(
    network: &Network,
    at: DateTime<Utc>,
    trains: &[Train],
    realtime: Option<&Realtime>,
) -> NetworkState {
    let mut rows: Vec<(&str, TrainReport)> = trains
        .iter()
        .filter_map(|t| {
            let trip = network.trips().get(t.trip as usize)?;
            let mut report = train_report(network, t)?;
            report.delay_s = realtime
                .and_then(|r| r.delay(network, t, at))
                .map_or(0, i64::from);
            Some((&*trip.id, report))
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.0, &a.1.service_date, &a.1.departure).cmp(&(b.0, &b.1.service_date, &b.1.departure))
    });
    NetworkState {
        utc: at.to_rfc3339_opts(SecondsFormat::Secs, true),
        timezone: network.zone.name().to_owned(),
        running: rows.len(),
        trains: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// One train's report.
fn train_report(network: &Network, t: &Train) -> Option<TrainReport> {
    let trip = network.trips().get(t.trip as usize)?;
    let route = network.routes().get(trip.route as usize)?;
    let stops = network.pattern_stops(network.pattern_of(trip)?);
    let stop_id = |k: usize| {
        stops
            .get(k)
            .and_then(|&s| network.stops().get(s as usize))
            .map_or_else(String::new, |s| s.id.to_string())
    };
    let first = network.trip_times(trip).first()?[1];
    let origin = crate::network::clock::service_origin(t.service_date, network.zone);
    let departure = origin + Duration::seconds(i64::from(first) + i64::from(t.shift));
    Some(TrainReport {
        trip_id: trip.id.to_string(),
        route_id: route.id.to_string(),
        service_date: t.service_date.to_string(),
        departure: rfc3339_in(departure, network.zone),
        lat: round6(t.place.coord.0),
        lon: round6(t.place.coord.1),
        from_stop: stop_id(t.place.from),
        to_stop: stop_id(t.place.to),
        delay_s: 0,
    })
}

/// The one line `status --feed` prints: the feed, the trains running and the feed's clock,
/// e.g. `MTA New York City Transit · 531 trains running · 08:27 EDT Wed 2026-09-23`.
#[must_use]
pub fn status_line(network: &Network, at: DateTime<Utc>, running: usize) -> String {
    status_line_live(network, at, running, None)
}

/// The status line with realtime data: how many of the trains running are late (a minute or
/// more), e.g. `Bay Area Rapid Transit · 48 trains running, 22 late · 09:40 PST Thu
/// 2016-12-29`.
#[must_use]
pub fn status_line_live(
    network: &Network,
    at: DateTime<Utc>,
    running: usize,
    late: Option<usize>,
) -> String {
    let local = at.with_timezone(&network.zone);
    let trains = if running == 1 { "train" } else { "trains" };
    let late = late.map_or_else(String::new, |n| format!(", {n} late"));
    format!(
        "{} · {running} {trains} running{late} · {}",
        sanitize(&network.name),
        local.format("%H:%M %Z %a %Y-%m-%d")
    )
}
