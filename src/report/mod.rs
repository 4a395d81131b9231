//! Outputs without a terminal: the text and JSON that `routes`, `check`, `state` and
//! `timetable` print (here), the status line ([`status`]), a frame as text ([`frame`]), a
//! replay as an asciicast ([`cast`]), and pictures: a frame as PNG or SVG, a replay as a GIF
//! ([`picture`]). Pure functions from a journey (and an instant) to
//! strings and serialisable values, or from an app to bytes.

pub mod cast;
pub mod frame;
pub mod narrate;
pub mod narrate_feed;
pub mod network;
pub mod picture;
pub mod status;
pub mod trip_times;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::settings::{ClockConvention, Units};
use crate::sim::clock_time::stamp;
use crate::sim::zones::{MOSCOW, reference_label};
use crate::sim::{Journey, JourneyEvent, TrainState};
use crate::util::format::{duration_text, rfc3339_in};
use crate::util::text::sanitize;

/// One line for `longrail routes`: id, name, km, duration.
#[must_use]
pub fn route_line(journey: &Journey) -> String {
    let r = journey.route();
    format!(
        "{:<22} {:<28} {:>7.0} km  {}",
        r.id,
        sanitize(&r.name),
        r.total_km(),
        duration_text(journey.duration())
    )
}

/// One line for `longrail check`: what the route is, from departure to arrival.
#[must_use]
pub fn check_line(journey: &Journey) -> String {
    let r = journey.route();
    let (first, last) = (&r.stops[0], &r.stops[r.stops.len() - 1]);
    format!(
        "ok: {} ({}): {} stops, {:.0} km, {} → {}, {}",
        sanitize(&r.source),
        r.id,
        r.stops.len(),
        r.total_km(),
        r.departure()
            .with_timezone(&first.tz)
            .format("%Y-%m-%d %H:%M %:z"),
        r.arrival()
            .with_timezone(&last.tz)
            .format("%Y-%m-%d %H:%M %:z"),
        duration_text(journey.duration())
    )
}

/// An event as it appears in `state` JSON.
#[derive(Debug, Serialize)]
pub struct EventReport {
    /// `zone`, `border`, ...
    pub kind: &'static str,
    /// What to show.
    pub title: String,
    /// km along the route.
    pub km: f64,
    /// When, RFC 3339 in the zone at that km.
    pub at: String,
}

/// The JSON object printed by `longrail state`.
#[derive(Debug, Serialize)]
pub struct StateReport {
    /// Route id.
    pub route: String,
    /// The instant, UTC.
    pub utc: String,
    /// waiting | stopped | running | arrived.
    pub status: &'static str,
    /// km from the first stop.
    pub km: f64,
    /// Route length.
    pub total_km: f64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Speed, km/h.
    pub speed_kmh: f64,
    /// IANA zone at the train.
    pub tz: String,
    /// `+10:00`.
    pub utc_offset: String,
    /// The route's reference clock's label (`MSK`); null on a route without one.
    pub reference: Option<String>,
    /// The train's offset from the reference clock, `MSK+7`; from UTC, `UTC+10`, on a route
    /// without one.
    pub reference_offset: String,
    /// The time on the reference clock (UTC on a route without one).
    pub reference_time: String,
    /// `MSK+7`: only on a route whose reference is Moscow time (as before reference clocks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msk_offset: Option<String>,
    /// Local time at the train.
    pub local_time: String,
    /// Moscow time: only on a route whose reference is Moscow time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moscow_time: Option<String>,
    /// Day of the journey.
    pub journey_day: i64,
    /// The stop the train stands at.
    pub stop: Option<String>,
    /// The stop behind.
    pub previous_stop: Option<String>,
    /// The stop ahead.
    pub next_stop: Option<String>,
    /// Arrival at the next stop, local to that stop.
    pub next_arrival: Option<String>,
    /// Last notable event.
    pub last_event: Option<EventReport>,
    /// Next notable event.
    pub next_event: Option<EventReport>,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Build the `state` report for `state`.
#[must_use]
pub fn state_report(journey: &Journey, state: &TrainState) -> StateReport {
    let route = journey.route();
    let reference = route.reference();
    let moscow = reference.is_some_and(|c| c.tz == MOSCOW && c.label.as_deref() == Some("MSK"));
    let first_km = route.stops.first().map_or(0.0, |s| s.km);
    let name = |i: Option<usize>| {
        i.and_then(|i| route.stops.get(i))
            .map(|s| sanitize(&s.name))
    };
    let event = |i: Option<usize>| {
        i.and_then(|i| journey.timeline().get(i))
            .map(|e| event_report(journey, e))
    };
    StateReport {
        route: route.id.clone(),
        utc: state.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        status: state.status.name(),
        km: round(state.km - first_km, 3),
        total_km: round(route.total_km(), 3),
        lat: round(state.lat, 5),
        lon: round(state.lon, 5),
        speed_kmh: round(state.speed_kmh, 1),
        tz: state.tz.name().to_owned(),
        utc_offset: crate::route::daytime::format_offset(state.offset),
        reference: reference.and_then(|c| c.label.clone()),
        reference_offset: reference_label(reference, state.tz, state.at),
        reference_time: rfc3339_in(state.at, reference.map_or(chrono_tz::UTC, |c| c.tz)),
        msk_offset: moscow.then(|| reference_label(reference, state.tz, state.at)),
        local_time: rfc3339_in(state.at, state.tz),
        moscow_time: moscow.then(|| rfc3339_in(state.at, MOSCOW)),
        journey_day: state.journey_day,
        stop: name(state.stop),
        previous_stop: name(state.previous_stop),
        next_stop: name(state.next_stop),
        next_arrival: state
            .next_stop
            .and_then(|i| route.stops.get(i))
            .and_then(|s| Some(rfc3339_in(s.arrive?, s.tz))),
        last_event: event(state.last_event),
        next_event: event(state.next_event),
    }
}

fn event_report(journey: &Journey, e: &JourneyEvent) -> EventReport {
    EventReport {
        kind: e.kind.name(),
        title: sanitize(&e.title),
        km: round(e.km, 3),
        at: rfc3339_in(e.at, journey.zone_at(e.km)),
    }
}

/// One row of the timetable.
#[derive(Debug, Serialize)]
pub struct TimetableRow {
    /// Station name (Latin).
    pub name: String,
    /// Its name in its own script, where the route gives one.
    pub local_name: Option<String>,
    /// km.
    pub km: f64,
    /// The stop's IANA zone.
    pub tz: String,
    /// Arrival, RFC 3339 in the chosen clock.
    pub arrive: Option<String>,
    /// Departure, RFC 3339 in the chosen clock.
    pub depart: Option<String>,
    /// Dwell in minutes.
    pub dwell_min: Option<i64>,
}

/// Every stop's times in the chosen clock.
#[must_use]
pub fn timetable_rows(journey: &Journey, clock: ClockConvention) -> Vec<TimetableRow> {
    journey
        .route()
        .stops
        .iter()
        .map(|s| {
            let tz = clock.zone(s.tz, journey.route());
            TimetableRow {
                name: sanitize(&s.name),
                local_name: s.local_name.as_deref().map(sanitize),
                km: round(s.km, 3),
                tz: s.tz.name().to_owned(),
                arrive: s.arrive.map(|t| rfc3339_in(t, tz)),
                depart: s.depart.map(|t| rfc3339_in(t, tz)),
                dwell_min: s.dwell_minutes(),
            }
        })
        .collect()
}

/// Each column's width: its longest value or header, at least `least`.
fn column_widths<const N: usize>(
    rows: &[[String; N]],
    header: &[String; N],
    least: &[usize; N],
) -> Vec<usize> {
    (0..N)
        .map(|c| {
            rows.iter()
                .chain(std::iter::once(header))
                .map(|r| crate::util::text::width(&r[c]))
                .max()
                .unwrap_or(0)
                .max(least[c])
        })
        .collect()
}

/// One line of a table: each cell padded to its column (to the right where `right` says), two
/// blanks between.
fn aligned_line<const N: usize>(r: &[String; N], widths: &[usize], right: &[bool; N]) -> String {
    let cells: Vec<String> = r
        .iter()
        .zip(widths)
        .zip(right)
        .map(|((text, w), right)| {
            let pad = " ".repeat(w.saturating_sub(crate::util::text::width(text)));
            if *right {
                format!("{pad}{text}")
            } else {
                format!("{text}{pad}")
            }
        })
        .collect();
    format!("{}\n", cells.join("  "))
}

/// The timetable as an aligned text table, times in `clock`, distances in `units` and
/// stations named as `names` asks; each column as wide as its longest value (or its header),
/// measured in display width (Hangul takes two columns).
#[must_use]
pub fn timetable_text(
    journey: &Journey,
    clock: ClockConvention,
    units: Units,
    names: crate::settings::NameStyle,
) -> String {
    let route = journey.route();
    let fixed = clock.fixed_zone(route);
    let cell = |t: Option<DateTime<Utc>>, own: Tz| {
        t.map_or_else(|| "—".to_owned(), |t| stamp(journey, t, own, fixed))
    };
    let rows: Vec<[String; 8]> = route
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| {
            [
                (i + 1).to_string(),
                crate::app::labels::stop_name(s, names),
                format!("{:.1}", s.km / units.km_per_unit()),
                s.tz.name().to_owned(),
                crate::sim::zones::utc_label(s.tz, s.first_instant()),
                cell(s.arrive, s.tz),
                cell(s.depart, s.tz),
                s.dwell_minutes()
                    .map_or_else(String::new, crate::util::format::dwell_text),
            ]
        })
        .collect();
    let header = [
        "#",
        "station",
        units.name(),
        "zone",
        "utc",
        "arrive",
        "depart",
        "dwell",
    ]
    .map(str::to_owned);
    // The widths the table had before it sized its columns, as the least: a column only
    // widens for a longer value.
    let time = if fixed.is_some() { 16 } else { 9 };
    let least = [3, 7, 8, 18, 9, time, time, 10];
    let widths = column_widths(&rows, &header, &least);
    // Numbers and times to the right, names and zones to the left.
    let right = [true, false, true, false, false, true, true, true];
    let line = |r: &[String; 8]| aligned_line(r, &widths, &right);
    let mut out = format!(
        "{} — departs {} — times: {}\n",
        sanitize(&route.name),
        route.departure_date.format("%a %Y-%m-%d"),
        clock.caption(route)
    );
    out.push_str(&line(&header));
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}
