//! `--list`: a feed's routes, and one route's trips, as aligned text.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::calendar::services;
use super::feed::Feed;
use super::gtfs::{self, Route};
use super::stops::clean;
use super::table::{Flow, read_table};
use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// The feed's routes: id, short and long name, type and number of trips.
///
/// # Errors
/// A bad feed.
pub fn routes(feed: &mut Feed) -> Result<String, Diagnostic> {
    let routes = gtfs::routes(feed)?;
    let mut trips: HashMap<String, usize> = HashMap::new();
    gtfs::trips(feed, |t| {
        *trips.entry(t.route.clone()).or_default() += 1;
        false
    })?;
    let mut rows = vec![
        ["route_id", "short", "long name", "type", "trips"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for r in &routes {
        rows.push(vec![
            clean(&r.id),
            clean(&r.short_name),
            clean(&r.long_name),
            route_type(&r.kind),
            trips.get(&r.id).copied().unwrap_or(0).to_string(),
        ]);
    }
    Ok(table(&rows))
}

/// GTFS `route_type` in words.
fn route_type(kind: &str) -> String {
    let name = match kind {
        "0" => "tram",
        "1" => "metro",
        "2" => "rail",
        "3" => "bus",
        "4" => "ferry",
        "5" => "cable tram",
        "6" => "aerial lift",
        "7" => "funicular",
        "11" => "trolleybus",
        "12" => "monorail",
        k if k.starts_with('1') && k.len() == 3 => "rail",
        _ => "",
    };
    if name.is_empty() {
        clean(kind)
    } else {
        format!("{name} ({kind})")
    }
}

/// The route `wanted` names: a route_id, short name or long name (any case).
///
/// # Errors
/// No such route, with the nearest names.
pub fn find_route(feed: &mut Feed, wanted: &str) -> Result<Route, Diagnostic> {
    let routes = gtfs::routes(feed)?;
    let key = wanted.to_lowercase();
    let names = |r: &Route| {
        [
            r.id.to_lowercase(),
            r.short_name.to_lowercase(),
            r.long_name.to_lowercase(),
        ]
    };
    if let Some(r) = routes.iter().find(|r| names(r).contains(&key)) {
        return Ok(r.clone());
    }
    let best = routes
        .iter()
        .flat_map(|r| {
            [&r.id, &r.short_name, &r.long_name]
                .into_iter()
                .filter(|n| !n.is_empty())
                .map(|n| (strsim::levenshtein(&n.to_lowercase(), &key), n.clone()))
                .collect::<Vec<_>>()
        })
        .min();
    let help = match best {
        Some((d, name)) if d <= (key.chars().count() / 3).max(2) => format!(
            "did you mean {}? (`--list` shows every route)",
            quote(&name)
        ),
        _ => "`longrail import gtfs FEED --list` shows every route".to_owned(),
    };
    Err(Diagnostic::file_level(
        &feed.file_label("routes.txt"),
        format!(
            "no route has the id, short name or long name {}",
            quote(wanted)
        ),
    )
    .help(help))
}

/// First and last stop time of a trip: (sequence, stop, time) each.
type Ends = ((u32, String, String), (u32, String, String));

/// One route's trips: id, number, headsign, first and last stop and time, the days it runs.
///
/// # Errors
/// A bad feed, or no such route.
pub fn trips(feed: &mut Feed, wanted: &str) -> Result<String, Diagnostic> {
    let route = find_route(feed, wanted)?;
    let trips = gtfs::trips(feed, |t| t.route == route.id)?;
    let ids: std::collections::HashSet<&str> = trips.iter().map(|t| t.id.as_str()).collect();
    let ends = trip_ends(feed, &ids)?;
    let stops = gtfs::stops(feed)?;
    let wanted_services: std::collections::HashSet<&str> =
        trips.iter().map(|t| t.service.as_str()).collect();
    let calendar = services(feed, |s| wanted_services.contains(s))?;
    let stop_name = |id: &str| stops.get(id).map_or_else(|| clean(id), |s| clean(&s.name));
    let mut rows = vec![
        [
            "trip_id",
            "number",
            "headsign",
            "first stop",
            "departs",
            "last stop",
            "arrives",
            "runs",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for t in &trips {
        let (first, last) = ends.get(&t.id).cloned().unwrap_or_default();
        let runs = calendar.get(&t.service).map_or_else(
            || "never (no calendar)".to_owned(),
            super::calendar::Service::describe,
        );
        rows.push(vec![
            clean(&t.id),
            clean(&t.short_name),
            clean(&t.headsign),
            stop_name(&first.1),
            clean(&first.2),
            stop_name(&last.1),
            clean(&last.2),
            runs,
        ]);
    }
    let mut out = format!(
        "route {} {} {}: {} trip(s)\n",
        clean(&route.id),
        clean(&route.short_name),
        clean(&route.long_name),
        trips.len()
    );
    out.push_str(&table(&rows));
    Ok(out)
}

/// The first and last stop time of each trip in `ids`: its stop, its departure (first) or
/// arrival (last), else the other time.
fn trip_ends(
    feed: &mut Feed,
    ids: &std::collections::HashSet<&str>,
) -> Result<HashMap<String, Ends>, Diagnostic> {
    let mut ends: HashMap<String, Ends> = HashMap::new();
    read_table(
        feed,
        "stop_times.txt",
        &["trip_id", "stop_id", "stop_sequence"],
        |row| {
            let id = row.get("trip_id");
            if !ids.contains(id) {
                return Ok(Flow::Next);
            }
            let seq = row.whole("stop_sequence")?.unwrap_or(0);
            let either = |a: &str, b: &str| {
                if a.is_empty() {
                    b.to_owned()
                } else {
                    a.to_owned()
                }
            };
            let (dep, arr) = (row.get("departure_time"), row.get("arrival_time"));
            let first = (seq, row.get("stop_id").to_owned(), either(dep, arr));
            let last = (seq, row.get("stop_id").to_owned(), either(arr, dep));
            let e = ends
                .entry(id.to_owned())
                .or_insert_with(|| (first.clone(), last.clone()));
            if seq < e.0.0 {
                e.0 = first;
            }
            if seq > e.1.0 {
                e.1 = last;
            }
            Ok(Flow::Next)
        },
    )?;
    Ok(ends)
}

/// Rows as aligned columns, two spaces apart.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let width = |c: usize| {
        rows.iter()
            .map(|r| unicode_width::UnicodeWidthStr::width(r[c].as_str()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad =
                widths[c].saturating_sub(unicode_width::UnicodeWidthStr::width(cell.as_str()));
            let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
