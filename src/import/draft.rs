//! A loaded trip made into the route file's content: the stops' km, times in their own
//! zones, names and waypoints, and a header saying how each was derived.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::clock::{day_time, service_origin};
use super::feed::Feed;
use super::plan::{self, Point};
use super::stops::{clean, shorten, unique_names};
use super::trip::{Loaded, clock_text};
use super::write::{Draft, DraftStop};
use crate::network::geometry::{cumulative_km, simplify};
use crate::route::validate::{MAX_NAME, MAX_TEXT};
use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// The draft, and the departure date it has.
pub struct Built {
    /// What will be written.
    pub draft: Draft,
    /// The first stop's local date of departure.
    pub departure_date: NaiveDate,
    /// Per stop of the route, the index of its stop time among the trip's.
    pub indices: Vec<usize>,
}

/// Build the route file's content for a loaded trip.
///
/// # Errors
/// The first or last stop without a time, times that go backwards, or fewer than two stops
/// left once stops passed without stopping and stops at one time or place are folded.
pub fn build(feed: &Feed, l: &Loaded) -> Result<Built, Diagnostic> {
    let coords: Vec<(f64, f64)> = l.placed.iter().map(|p| p.coord).collect();
    let (km, along, method) = plan::distances(&l.times, &coords, &l.shape);
    let label = feed.file_label("stop_times.txt");
    let filled = plan::fill_times(&l.times, &km).ok_or_else(|| {
        Diagnostic::file_level(
            &label,
            format!(
                "the first or last stop of trip {} has no time",
                quote(&l.trip.id)
            ),
        )
        .help("GTFS requires arrival_time and departure_time at a trip's first and last stop")
    })?;
    check_order(&label, l, &filled)?;
    let (points, passed) = stopping_points(l, &coords, &km, along.as_deref(), &filled);
    let points = plan::merge(points);
    if points.len() < 2 {
        return Err(Diagnostic::file_level(
            &label,
            format!(
                "trip {} has fewer than two stops at distinct times and places",
                quote(&l.trip.id)
            ),
        )
        .help("a route needs at least two stops the train travels between; pick another trip"));
    }
    let origin = service_origin(l.date, l.agency);
    let first = &points[0];
    let departure_date = (origin + Duration::seconds(first.depart))
        .with_timezone(&l.placed[first.index].tz)
        .date_naive();
    let stops = draft_stops(l, &points, &passed, origin, departure_date, &label)?;
    let header = header(feed, l, &method.0, &points, &passed, origin);
    Ok(Built {
        draft: Draft {
            header,
            id: route_id(l),
            name: route_name(l),
            description: description(feed, l),
            departure_date: departure_date.to_string(),
            date_comment: date_comment(l, departure_date),
            stops,
        },
        departure_date,
        indices: points.iter().map(|p| p.index).collect(),
    })
}

/// The stop times the train stops at, as points; and the indices of those it passes.
fn stopping_points(
    l: &Loaded,
    coords: &[(f64, f64)],
    km: &[f64],
    along: Option<&[f64]>,
    filled: &[(i64, i64, bool)],
) -> (Vec<Point>, Vec<usize>) {
    let last = l.times.len() - 1;
    let mut points = Vec::new();
    let mut passed = Vec::new();
    for (i, ((a, d, estimated), k)) in filled.iter().zip(km).enumerate() {
        if i != 0 && i != last && plan::passes(&l.times[i]) {
            passed.push(i);
            continue;
        }
        points.push(Point {
            index: i,
            coord: coords[i],
            km: *k,
            along: along.map(|v| v[i]),
            arrive: *a,
            depart: *d,
            estimated: *estimated,
            merged: Vec::new(),
        });
    }
    (points, passed)
}

/// Each stop time's arrival must not come before the previous departure.
fn check_order(label: &str, l: &Loaded, filled: &[(i64, i64, bool)]) -> Result<(), Diagnostic> {
    for (i, pair) in filled.windows(2).enumerate() {
        if pair[1].0 < pair[0].1 {
            let (prev, row) = (&l.times[i], &l.times[i + 1]);
            let mut d = Diagnostic::file_level(label, format!("the times of trip {} go backwards: {} at stop_sequence {} comes before {} at stop_sequence {}", quote(&l.trip.id), clock_text(pair[1].0), row.sequence, clock_text(pair[0].1), prev.sequence))
                .help("GTFS times count on from the start of the service day (25:10:00 for 01:10 the next morning); check the trip's times");
            d.position = Some((usize::try_from(row.line).unwrap_or(usize::MAX), 1));
            return Err(d);
        }
    }
    Ok(())
}

fn draft_stops(
    l: &Loaded,
    points: &[Point],
    passed: &[usize],
    origin: DateTime<Utc>,
    date: NaiveDate,
    label: &str,
) -> Result<Vec<DraftStop>, Diagnostic> {
    let kept: Vec<&super::gtfs::Stop> = points.iter().map(|p| &l.stops[p.index]).collect();
    let names = unique_names(&kept);
    let via = waypoints(l, points, passed);
    let last = points.len() - 1;
    let mut out = Vec::with_capacity(points.len());
    for (k, p) in points.iter().enumerate() {
        let tz = l.placed[p.index].tz;
        let when = |secs: i64| {
            day_time(origin + Duration::seconds(secs), tz, date).ok_or_else(|| {
                Diagnostic::file_level(
                    label,
                    format!("trip {} runs longer than 366 days", quote(&l.trip.id)),
                )
                .help("a route file's days run from 1 (the departure date) to 366")
            })
        };
        let arrive = if k == 0 {
            None
        } else {
            Some((when(p.arrive)?, p.estimated))
        };
        let depart = if k == last {
            None
        } else {
            Some((when(p.depart)?, p.estimated))
        };
        out.push(DraftStop {
            name: names[k].clone(),
            name_comment: name_comment(l, p),
            km: plan::round_km(p.km - points[0].km),
            coord: p.coord,
            tz: tz.name().to_owned(),
            tz_comment: l.placed[p.index].zone_from.words(),
            arrive,
            depart,
            note: p
                .estimated
                .then(|| "Time estimated: the feed gives none here".to_owned()),
            major: k == 0 || k == last,
            via: if k == last {
                Vec::new()
            } else {
                via[k].clone()
            },
        });
    }
    Ok(out)
}

fn name_comment(l: &Loaded, p: &Point) -> String {
    let stop = &l.stops[p.index];
    let mut s = format!(
        "GTFS stop_id {}, stop_sequence {}",
        quote(&stop.id),
        l.times[p.index].sequence
    );
    if !p.merged.is_empty() {
        let names: Vec<String> = p
            .merged
            .iter()
            .map(|&i| quote(&clean(&l.stops[i].name)))
            .collect();
        s.push_str(&format!(
            "; merged with {} (same time or place)",
            names.join(", ")
        ));
    }
    s
}

/// The waypoints on the way from each kept stop to the next: the simplified shape's points
/// between the two stops' places along it; without a shape, the places of the stops passed
/// or merged away in between.
fn waypoints(l: &Loaded, points: &[Point], passed: &[usize]) -> Vec<Vec<(f64, f64)>> {
    let mut via = vec![Vec::new(); points.len()];
    if l.shape.len() >= 2 && points.iter().all(|p| p.along.is_some()) {
        let cum = cumulative_km(&l.shape);
        let kept = simplify(&l.shape);
        for (k, pair) in points.windows(2).enumerate() {
            let (a, b) = (pair[0].along.unwrap_or(0.0), pair[1].along.unwrap_or(0.0));
            via[k] = kept
                .iter()
                .filter(|&&i| cum[i] > a + 0.01 && cum[i] < b - 0.01)
                .map(|&i| l.shape[i])
                .collect();
        }
        return via;
    }
    for (k, pair) in points.windows(2).enumerate() {
        let (from, to) = (pair[0].index, pair[1].index);
        via[k] = (from + 1..to)
            .filter(|i| passed.contains(i) || pair[0].merged.contains(i))
            .map(|i| l.placed[i].coord)
            .collect();
    }
    via
}

/// The route id: `[a-z0-9-]+` from the route's short (or long) name and the trip's number
/// (or id), at most 64 characters.
fn route_id(l: &Loaded) -> String {
    let route = l.route.as_ref().map_or("", |r| {
        if r.short_name.is_empty() {
            r.long_name.as_str()
        } else {
            r.short_name.as_str()
        }
    });
    let trip = if l.trip.short_name.is_empty() {
        l.trip.id.as_str()
    } else {
        l.trip.short_name.as_str()
    };
    let mut id = format!("{}-{}", slug(route), slug(trip))
        .trim_matches('-')
        .to_owned();
    if id.is_empty() || !id.bytes().any(|b| b.is_ascii_alphanumeric()) {
        id = "gtfs-trip".to_owned();
    }
    id.truncate(64);
    id.trim_end_matches('-').to_owned()
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// The route name: the route's short and long name, and where the trip is headed.
fn route_name(l: &Loaded) -> String {
    let (short, long) = l
        .route
        .as_ref()
        .map_or((String::new(), String::new()), |r| {
            (clean(&r.short_name), clean(&r.long_name))
        });
    let mut label = [short, long]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let number = clean(&l.trip.short_name);
    if !number.is_empty() {
        label = format!("{label} {number}").trim().to_owned();
    }
    let head = clean(&l.trip.headsign);
    let head = if head.is_empty() {
        l.stops.last().map_or(String::new(), |s| clean(&s.name))
    } else {
        head
    };
    let name = match (label.is_empty(), head.is_empty()) {
        (false, false) => format!("{label} → {head}"),
        (false, true) => label,
        (true, false) => format!("→ {head}"),
        (true, true) => format!("GTFS trip {}", clean(&l.trip.id)),
    };
    shorten(&name, MAX_NAME)
}

fn description(feed: &Feed, l: &Loaded) -> String {
    let text = format!(
        "Trip {} of GTFS route {}, service date {}, imported from {} by longrail {}.",
        clean(&l.trip.id),
        clean(&l.trip.route),
        l.date,
        clean(feed.shown()),
        env!("CARGO_PKG_VERSION")
    );
    shorten(&text, MAX_TEXT)
}

fn date_comment(l: &Loaded, departure: NaiveDate) -> String {
    let differs = if departure == l.date {
        String::new()
    } else {
        format!(" (the GTFS service date is {})", l.date)
    };
    format!("the first stop's local date of departure{differs}")
}

fn trip_line(l: &Loaded, route: &str) -> String {
    let mut line = format!("Trip: {} of route {route}", quote(&l.trip.id));
    if !l.trip.headsign.is_empty() {
        line.push_str(&format!(", headsign {}", quote(&l.trip.headsign)));
    }
    if !l.trip.short_name.is_empty() {
        line.push_str(&format!(", number {}", quote(&l.trip.short_name)));
    }
    line
}

/// The header's lines: where the file came from and how every figure was found.
fn header(
    feed: &Feed,
    l: &Loaded,
    km: &str,
    points: &[Point],
    passed: &[usize],
    origin: DateTime<Utc>,
) -> Vec<String> {
    let route = l.route.as_ref().map_or_else(
        || quote(&l.trip.route),
        |r| {
            format!(
                "{} ({} {})",
                quote(&r.id),
                quote(&r.short_name),
                quote(&r.long_name)
            )
        },
    );
    let mut h = vec![
        format!("longrail route imported from a GTFS feed by longrail {} (`longrail import gtfs`)", env!("CARGO_PKG_VERSION")),
        format!("Feed: {}", quote(feed.shown())),
        trip_line(l, &route),
        format!("Service date: {} (service_id {} runs {}); service days are a comment only: this file replays one run", l.date, quote(&l.trip.service), l.service.describe()),
        format!("Times: stop_times.txt counts from noon minus 12 h of the service date in agency_timezone {} ({} UTC); each time below is that instant in the stop's own zone", l.agency.name(), origin.format("%Y-%m-%d %H:%M:%S")),
        format!("Km: {km}"),
        "Zones: each stop's tz line says how it was found (stop_timezone, else the parent station's, else the zone boundaries at its coordinates, else agency_timezone); the clock changes halfway between stops in different zones".to_owned(),
    ];
    if let Some(f) = &l.frequency {
        h.push(format!("Frequency: {f}"));
    }
    if l.shape.len() >= 2 {
        h.push(format!("Waypoints: shape {} ({} points) simplified by Ramer-Douglas-Peucker (geo crate) to {} points", quote(&l.trip.shape), l.shape.len(), simplify(&l.shape).len()));
    }
    let estimated = points.iter().filter(|p| p.estimated).count();
    if estimated > 0 {
        h.push(format!("Estimated: {estimated} stop(s) have no time in the feed (non-timepoints); their times are interpolated by distance and marked ESTIMATED"));
    }
    for &i in passed {
        h.push(format!(
            "Passed without stopping (pickup and drop-off type 1), left out as a stop: {} at {}",
            quote(&clean(&l.stops[i].name)),
            clock_text(l.times[i].depart.or(l.times[i].arrive).unwrap_or(0))
        ));
    }
    let merged: usize = points.iter().map(|p| p.merged.len()).sum();
    if merged > 0 {
        h.push(format!("Merged: {merged} stop(s) at the same time or the same place as a neighbour are folded into it (the route format needs time and distance between stops); the name line says which"));
    }
    h.extend(l.warnings.iter().map(|w| format!("Warning: {w}")));
    h
}
