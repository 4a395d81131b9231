//! A whole GTFS feed read into the network model ([`crate::network::Network`]): the shell
//! side of `--feed`. Every table is read row by row with the importer's CSV reading
//! ([`super::table`]) and the same checks, so a bad value is reported with its file, line,
//! column and a fix; ids become indices as they are read, and `stop_times.txt`, the largest
//! file, is read by column position into 24-byte rows.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::feed::Feed;
use super::gtfs::{self, check_dwell, coord_of, missing, time_in};
use super::table::{Flow, Row, read_table};
use crate::network::build::{BLANK, Problem};
use crate::network::{
    Mode, Network, Raw, RawFrequency, RawShape, RawStopTime, RawTrip, Route, Service, Stop,
};
use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::text::quote;

/// Which routes to keep: those named (by `route_id` or short name) and of the types given;
/// empty lists keep all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `--routes`: route ids or short names.
    pub routes: Vec<String>,
    /// `--types`: the route types kept.
    pub modes: Vec<Mode>,
}

/// A feed read, and what the user should know about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub network: Network,
    /// Trips left out and other things worth a warning.
    pub warnings: Vec<String>,
}

/// What a trip id in `stop_times.txt` or `frequencies.txt` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TripSlot {
    /// A trip kept, by index.
    Kept(u32),
    /// A trip of a route the filter leaves out.
    Skipped,
}

/// Ids turned into indices as the tables are read.
#[derive(Default)]
struct Ids {
    trips: HashMap<Box<str>, TripSlot>,
    services: HashMap<Box<str>, u32>,
    shapes: HashMap<Box<str>, u32>,
    stops: HashMap<Box<str>, u32>,
}

/// Intern `id` in `map`: its index, a new one when first seen.
fn intern(map: &mut HashMap<Box<str>, u32>, id: &str) -> u32 {
    if let Some(&i) = map.get(id) {
        return i;
    }
    let i = u32::try_from(map.len()).unwrap_or(u32::MAX);
    map.insert(id.into(), i);
    i
}

/// Read the whole feed into the network model.
///
/// # Errors
/// A missing file or column, a bad value (with its file, line and column), an id that
/// refers to nothing, a `--routes` the feed has not, or nothing left to run.
pub fn load(feed: &mut Feed, filter: &Filter) -> Result<Loaded, Diagnostics> {
    let zone = gtfs::agency_zone(feed, "")?;
    let (name, mut warnings) = agency_names(feed, zone)?;
    let mut ids = Ids::default();
    let (routes, route_slots) = routes(feed, filter)?;
    let trips = trips(feed, &route_slots, &mut ids)?;
    if trips.is_empty() {
        return Err(nothing_runs(feed, filter).into());
    }
    let services = services(feed, &ids.services)?;
    let (stops, zones) = stops(feed, &mut ids)?;
    let shapes = shapes(feed, &ids.shapes)?;
    let stop_times = stop_times(feed, &ids)?;
    let frequencies = frequencies(feed, &ids)?;
    let service_ids = ordered(&ids.services);
    let raw = Raw {
        name,
        zone: Some(zone),
        stops,
        routes,
        services,
        service_ids,
        trips,
        shapes,
        stop_times,
        frequencies,
    };
    let (mut network, problems) = crate::network::build(raw);
    network.set_stop_zones(zones);
    warnings.extend(problem_warnings(feed, &network, &problems));
    Ok(Loaded { network, warnings })
}

/// The keys of `map` in index order.
fn ordered(map: &HashMap<Box<str>, u32>) -> Vec<Box<str>> {
    let mut out = vec![Box::<str>::from(""); map.len()];
    for (k, &i) in map {
        if let Some(slot) = out.get_mut(i as usize) {
            slot.clone_from(k);
        }
    }
    out
}

/// The agencies' names, for titles; a warning when they name other zones than the first.
fn agency_names(feed: &mut Feed, zone: Tz) -> Result<(String, Vec<String>), Diagnostic> {
    let mut names: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    read_table(feed, "agency.txt", &[], |row| {
        let name = super::stops::clean(row.get("agency_name"));
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        let tz = row.get("agency_timezone");
        if tz != zone.name() && !others.iter().any(|o| o == tz) {
            others.push(tz.to_owned());
        }
        Ok(Flow::Next)
    })?;
    let name = match names.len() {
        0 => feed.shown().rsplit('/').next().unwrap_or("feed").to_owned(),
        1..=3 => names.join(", "),
        n => format!("{} and {} more", names[..2].join(", "), n - 2),
    };
    let warnings = others
        .iter()
        .map(|o| {
            format!(
                "{}: an agency names the zone {}, another {}; GTFS gives one zone to a feed, and every service day counts in the first, {}",
                feed.file_label("agency.txt"),
                quote(o),
                zone.name(),
                zone.name()
            )
        })
        .collect();
    Ok((name, warnings))
}

/// For every route id, its index among the routes kept (`None`: left out).
type RouteSlots = HashMap<Box<str>, Option<u32>>;

/// A shape point as read: sequence, latitude, longitude, `shape_dist_traveled`.
type ShapePoint = (u32, f64, f64, Option<f64>);

/// The routes kept, and for every route id its index among them (`None`: left out).
fn routes(feed: &mut Feed, filter: &Filter) -> Result<(Vec<Route>, RouteSlots), Diagnostic> {
    let mut all: Vec<(Route, u64)> = Vec::new();
    let found = read_table(feed, "routes.txt", &["route_id", "route_type"], |row| {
        all.push((route_of(row)?, row.line));
        Ok(Flow::Next)
    })?;
    if !found {
        return Err(missing(feed, "routes.txt"));
    }
    let wanted = chosen_routes(feed, &all, &filter.routes)?;
    let mut kept = Vec::new();
    let mut slots = HashMap::new();
    for (i, (route, line)) in all.into_iter().enumerate() {
        let keep = (filter.routes.is_empty() || wanted.contains(&i))
            && (filter.modes.is_empty() || filter.modes.contains(&route.mode));
        let slot = keep.then(|| u32::try_from(kept.len()).unwrap_or(u32::MAX));
        if slots.insert(route.id.clone(), slot).is_some() {
            return Err(twice(feed, "routes.txt", "route_id", &route.id, line));
        }
        if keep {
            kept.push(route);
        }
    }
    Ok((kept, slots))
}

/// The message for an id a table has twice.
fn twice(feed: &Feed, file: &str, column: &str, id: &str, line: u64) -> Diagnostic {
    let mut d = Diagnostic::file_level(
        &feed.file_label(file),
        format!("the {column} {} is here a second time", quote(id)),
    )
    .help(format!(
        "every {column} in {file} must be unique: remove or rename the second"
    ));
    d.position = Some((usize::try_from(line).unwrap_or(usize::MAX), 1));
    d
}

/// A route of `routes.txt`.
fn route_of(row: &Row<'_>) -> Result<Route, super::table::Fail> {
    let kind = row.required("route_type")?;
    let route_type = kind.parse::<i32>().map_err(|_| {
        row.bad(
            "route_type",
            format!("{} is not a route type", quote(kind)),
            "write GTFS route_type as a number: 0 tram, 1 subway, 2 rail, 3 bus, 4 ferry (or an extended type such as 109)",
        )
    })?;
    Ok(Route {
        id: row.required("route_id")?.into(),
        short_name: row.get("route_short_name").into(),
        long_name: row.get("route_long_name").into(),
        route_type,
        mode: Mode::of(route_type),
        color: colour(row.get("route_color")),
        text_color: colour(row.get("route_text_color")),
    })
}

/// A GTFS colour, `RRGGBB` in hex; `None` when blank or not one.
fn colour(text: &str) -> Option<[u8; 3]> {
    let text = text.trim_start_matches('#');
    if text.len() != 6 || !text.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&text[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The indices (in `all`) of the routes `--routes` names: by `route_id`, else by short name
/// (any case).
fn chosen_routes(
    feed: &Feed,
    all: &[(Route, u64)],
    names: &[String],
) -> Result<Vec<usize>, Diagnostic> {
    let mut out = Vec::new();
    for name in names {
        let by_id = all.iter().position(|(r, _)| &*r.id == name.as_str());
        let by_short = || {
            all.iter()
                .position(|(r, _)| r.short_name.to_lowercase() == name.to_lowercase())
        };
        match by_id.or_else(by_short) {
            Some(i) => out.push(i),
            None => return Err(no_such_route(feed, all, name)),
        }
    }
    Ok(out)
}

/// The message for a `--routes` name the feed has not, with the nearest.
fn no_such_route(feed: &Feed, all: &[(Route, u64)], name: &str) -> Diagnostic {
    let key = name.to_lowercase();
    let best = all
        .iter()
        .flat_map(|(r, _)| [r.id.clone(), r.short_name.clone()])
        .filter(|n| !n.is_empty())
        .map(|n| (strsim::levenshtein(&n.to_lowercase(), &key), n))
        .min();
    let ids: Vec<&str> = all.iter().take(12).map(|(r, _)| &*r.id).collect();
    let help = match best {
        Some((d, n)) if d <= (key.chars().count() / 3).max(1) => {
            format!(
                "did you mean {}? (`longrail import gtfs FEED --list` lists the routes)",
                quote(&n)
            )
        }
        _ => format!(
            "--routes takes route_ids or short names, comma-separated; this feed's routes include {} (`longrail import gtfs FEED --list` lists them all)",
            ids.join(", ")
        ),
    };
    Diagnostic::file_level(
        &feed.file_label("routes.txt"),
        format!(
            "--routes: no route has the route_id or short name {}",
            quote(name)
        ),
    )
    .help(help)
}

/// The message when the filter leaves no trip.
fn nothing_runs(feed: &Feed, filter: &Filter) -> Diagnostic {
    let what = if filter.routes.is_empty() && filter.modes.is_empty() {
        "the feed has no trips".to_owned()
    } else {
        let modes: Vec<&str> = filter.modes.iter().map(|m| m.name()).collect();
        format!(
            "no trip is left once --routes {} and --types {} choose",
            if filter.routes.is_empty() {
                "(all)".to_owned()
            } else {
                filter.routes.join(",")
            },
            if modes.is_empty() {
                "(all)".to_owned()
            } else {
                modes.join(",")
            }
        )
    };
    Diagnostic::file_level(&feed.file_label("trips.txt"), what)
        .help("`longrail import gtfs FEED --list` lists the routes with their types and trips")
}

/// The trips of the routes kept; every trip id is remembered (a skipped one as such).
fn trips(feed: &mut Feed, routes: &RouteSlots, ids: &mut Ids) -> Result<Vec<RawTrip>, Diagnostic> {
    let mut out = Vec::new();
    let mut twice_at = None;
    let found = read_table(
        feed,
        "trips.txt",
        &["route_id", "service_id", "trip_id"],
        |row| {
            let id = row.required("trip_id")?;
            let route = row.required("route_id")?;
            let slot = match routes.get(route) {
                Some(Some(r)) => Some(*r),
                Some(None) => None,
                None => {
                    return Err(row.bad(
                        "route_id",
                        format!("the route_id {} is not in routes.txt", quote(route)),
                        "every trip's route_id must be a route_id of routes.txt",
                    ));
                }
            };
            let value = slot.map_or(TripSlot::Skipped, |_| {
                TripSlot::Kept(u32::try_from(out.len()).unwrap_or(u32::MAX))
            });
            if ids.trips.insert(id.into(), value).is_some() {
                twice_at = Some((id.to_owned(), row.line));
                return Ok(Flow::Stop);
            }
            if let Some(route) = slot {
                let shape = row.get("shape_id");
                out.push(RawTrip {
                    id: id.into(),
                    route,
                    service: intern(&mut ids.services, row.required("service_id")?),
                    shape: (!shape.is_empty()).then(|| intern(&mut ids.shapes, shape)),
                    headsign: row.get("trip_headsign").into(),
                });
            }
            Ok(Flow::Next)
        },
    )?;
    if !found {
        return Err(missing(feed, "trips.txt"));
    }
    if let Some((id, line)) = twice_at {
        return Err(twice(feed, "trips.txt", "trip_id", &id, line));
    }
    Ok(out)
}

/// The services the trips use, in index order; one neither calendar file names never runs.
fn services(feed: &mut Feed, ids: &HashMap<Box<str>, u32>) -> Result<Vec<Service>, Diagnostic> {
    let mut found = super::calendar::services(feed, |s| ids.contains_key(s))?;
    let mut out = vec![Service::default(); ids.len()];
    for (id, &i) in ids {
        if let (Some(s), Some(slot)) = (found.remove(&**id), out.get_mut(i as usize)) {
            *slot = s;
        }
    }
    Ok(out)
}

/// Every stop of `stops.txt`, in order, with its parent's coordinates where it has none; and
/// the zones of those with a `stop_timezone` (their own, else their parent station's).
fn stops(feed: &mut Feed, ids: &mut Ids) -> Result<(Vec<Stop>, StopZones), Diagnostic> {
    let mut out = Vec::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    let mut zones: Vec<Option<Tz>> = Vec::new();
    let mut twice_at = None;
    let found = read_table(feed, "stops.txt", &["stop_id"], |row| {
        let id = row.required("stop_id")?;
        let (lat, lon) = coord_of(row)?;
        let zone = stop_zone(row)?;
        let index = u32::try_from(out.len()).unwrap_or(u32::MAX);
        if ids.stops.insert(id.into(), index).is_some() {
            twice_at = Some((id.to_owned(), row.line));
            return Ok(Flow::Stop);
        }
        let parent = row.get("parent_station");
        if !parent.is_empty() {
            parents.push((out.len(), parent.to_owned()));
        }
        out.push(Stop {
            id: id.into(),
            name: row.get("stop_name").into(),
            coord: lat.zip(lon),
            parent: None,
            station: row.get("location_type") == "1",
        });
        zones.push(zone);
        Ok(Flow::Next)
    })?;
    if !found {
        return Err(missing(feed, "stops.txt"));
    }
    if let Some((id, line)) = twice_at {
        return Err(twice(feed, "stops.txt", "stop_id", &id, line));
    }
    for (child, parent) in parents {
        let p = ids.stops.get(parent.as_str()).copied();
        let coord = p.and_then(|p| out.get(p as usize)).and_then(|s| s.coord);
        if let Some(stop) = out.get_mut(child) {
            stop.parent = p;
            stop.coord = stop.coord.or(coord);
        }
        let zone = p.and_then(|p| zones.get(p as usize).copied().flatten());
        if let Some(z) = zones.get_mut(child) {
            *z = z.or(zone);
        }
    }
    Ok((out, indexed(zones)))
}

/// The stops with a zone of their own: (stop, zone).
type StopZones = Vec<(u32, Tz)>;

/// A row's `stop_timezone`, if any.
fn stop_zone(row: &Row<'_>) -> Result<Option<Tz>, super::table::Fail> {
    let zone = row.get("stop_timezone");
    if zone.is_empty() {
        return Ok(None);
    }
    zone.parse::<Tz>().map(Some).map_err(|_| {
        row.bad(
            "stop_timezone",
            format!("{} is not an IANA time zone", quote(zone)),
            "write the stop's zone as an IANA name, e.g. Europe/Berlin, or leave it blank",
        )
    })
}

/// The zones given, with their stops' indices.
fn indexed(zones: Vec<Option<Tz>>) -> StopZones {
    zones
        .into_iter()
        .enumerate()
        .filter_map(|(i, z)| Some((u32::try_from(i).ok()?, z?)))
        .collect()
}

/// The shapes in `wanted`, in index order (empty for one `shapes.txt` lacks).
fn shapes(feed: &mut Feed, wanted: &HashMap<Box<str>, u32>) -> Result<Vec<RawShape>, Diagnostic> {
    let mut points: Vec<Vec<ShapePoint>> = vec![Vec::new(); wanted.len()];
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let cols = [
        "shape_id",
        "shape_pt_lat",
        "shape_pt_lon",
        "shape_pt_sequence",
    ];
    read_table(feed, "shapes.txt", &cols, |row| {
        let Some(&i) = wanted.get(row.get("shape_id")) else {
            return Ok(Flow::Next);
        };
        let lat = row
            .number("shape_pt_lat")?
            .filter(|v| (-90.0..=90.0).contains(v));
        let lon = row
            .number("shape_pt_lon")?
            .filter(|v| (-180.0..=180.0).contains(v));
        let (Some(lat), Some(lon)) = (lat, lon) else {
            return Err(row.bad(
                "shape_pt_lat",
                "the point has no latitude and longitude in range",
                "give every shape point shape_pt_lat (-90 to 90) and shape_pt_lon (-180 to 180)",
            ));
        };
        let seq = row.whole("shape_pt_sequence")?.unwrap_or(0);
        let dist = row.number("shape_dist_traveled")?;
        if let Some(list) = points.get_mut(i as usize) {
            list.push((seq, lat, lon, dist));
        }
        Ok(Flow::Next)
    })?;
    let ids = ordered(wanted);
    Ok(points
        .into_iter()
        .zip(ids)
        .map(|(mut pts, id)| {
            pts.sort_by_key(|p| p.0);
            let dist: Option<Vec<f64>> = pts.iter().map(|p| p.3).collect();
            let dist = dist.filter(|d| d.windows(2).all(|w| w[0] <= w[1]));
            RawShape {
                id,
                points: pts.iter().map(|p| (p.1, p.2)).collect(),
                dist,
            }
        })
        .collect())
}

/// The columns of `stop_times.txt` the hot loop reads, by position.
struct Columns {
    trip: Option<usize>,
    stop: Option<usize>,
    sequence: Option<usize>,
    arrive: Option<usize>,
    depart: Option<usize>,
    dist: Option<usize>,
}

impl Columns {
    fn of(row: &Row<'_>) -> Self {
        Self {
            trip: row.column("trip_id"),
            stop: row.column("stop_id"),
            sequence: row.column("stop_sequence"),
            arrive: row.column("arrival_time"),
            depart: row.column("departure_time"),
            dist: row.column("shape_dist_traveled"),
        }
    }
}

/// The stop times of the trips kept.
fn stop_times(feed: &mut Feed, ids: &Ids) -> Result<Vec<RawStopTime>, Diagnostic> {
    let mut out: Vec<RawStopTime> = Vec::new();
    let mut cols: Option<Columns> = None;
    let mut last: (String, TripSlot) = (String::new(), TripSlot::Skipped);
    let found = read_table(
        feed,
        "stop_times.txt",
        &["trip_id", "stop_id", "stop_sequence"],
        |row| {
            let c = cols.get_or_insert_with(|| Columns::of(row));
            let trip_id = row.at(c.trip);
            if trip_id != last.0 || last.0.is_empty() {
                let Some(&slot) = ids.trips.get(trip_id) else {
                    return Err(row.bad(
                        "trip_id",
                        format!("the trip_id {} is not in trips.txt", quote(trip_id)),
                        "every stop time's trip_id must be a trip_id of trips.txt",
                    ));
                };
                last = (trip_id.to_owned(), slot);
            }
            if let TripSlot::Kept(trip) = last.1 {
                out.push(stop_time(row, c, trip, &ids.stops)?);
            }
            Ok(Flow::Next)
        },
    )?;
    if !found {
        return Err(missing(feed, "stop_times.txt"));
    }
    Ok(out)
}

/// One row of `stop_times.txt`, of trip `trip`.
fn stop_time(
    row: &Row<'_>,
    c: &Columns,
    trip: u32,
    stops: &HashMap<Box<str>, u32>,
) -> Result<RawStopTime, super::table::Fail> {
    let stop_id = row.at(c.stop);
    let Some(&stop) = stops.get(stop_id) else {
        let (message, help) = if stop_id.is_empty() {
            (
                "'stop_id' is blank".to_owned(),
                "every stop time needs a stop_id",
            )
        } else {
            (
                format!("the stop_id {} is not in stops.txt", quote(stop_id)),
                "every stop of stop_times.txt must be listed in stops.txt",
            )
        };
        return Err(row.bad("stop_id", message, help));
    };
    let sequence = row.at(c.sequence);
    let sequence = sequence.parse::<u32>().map_err(|_| {
        let message = if sequence.is_empty() {
            "'stop_sequence' is blank".to_owned()
        } else {
            format!("{} is not a whole number", quote(sequence))
        };
        row.bad(
            "stop_sequence",
            message,
            "number the trip's stops in travel order, e.g. 3",
        )
    })?;
    let arrive = time_in(row, "arrival_time", row.at(c.arrive))?;
    let depart = time_in(row, "departure_time", row.at(c.depart))?;
    check_dwell(row, arrive, depart)?;
    let dist = if c.dist.is_some() {
        row.number("shape_dist_traveled")?
    } else {
        None
    };
    let time = |t: Option<i64>| t.map_or(BLANK, |t| i32::try_from(t).unwrap_or(BLANK));
    #[allow(clippy::cast_possible_truncation)] // a distance along a trip, to f32's precision
    Ok(RawStopTime {
        trip,
        sequence,
        stop,
        arrive: time(arrive),
        depart: time(depart),
        dist: dist.map_or(f32::NAN, |d| d as f32),
    })
}

/// The `frequencies.txt` windows of the trips kept.
fn frequencies(feed: &mut Feed, ids: &Ids) -> Result<Vec<RawFrequency>, Diagnostic> {
    let mut out = Vec::new();
    let cols = ["trip_id", "start_time", "end_time", "headway_secs"];
    read_table(feed, "frequencies.txt", &cols, |row| {
        let trip_id = row.get("trip_id");
        let trip = match ids.trips.get(trip_id) {
            Some(TripSlot::Kept(t)) => *t,
            Some(TripSlot::Skipped) => return Ok(Flow::Next),
            None => {
                return Err(row.bad(
                    "trip_id",
                    format!("the trip_id {} is not in trips.txt", quote(trip_id)),
                    "every frequencies.txt row's trip_id must be a trip_id of trips.txt",
                ));
            }
        };
        let time = |name: &str, help: &str| -> Result<i32, super::table::Fail> {
            let t = time_in(row, name, row.get(name))?
                .ok_or_else(|| row.bad(name, format!("'{name}' is blank"), help))?;
            Ok(i32::try_from(t).unwrap_or(i32::MAX))
        };
        let start = time("start_time", "give the window's first departure")?;
        let end = time("end_time", "give the window's end")?;
        let headway = row
            .whole("headway_secs")?
            .filter(|h| *h > 0)
            .ok_or_else(|| {
                row.bad(
                    "headway_secs",
                    "'headway_secs' must be a whole number above 0",
                    "give the seconds between departures, e.g. 600",
                )
            })?;
        out.push(RawFrequency {
            trip,
            start,
            end,
            headway: i32::try_from(headway).unwrap_or(i32::MAX),
        });
        Ok(Flow::Next)
    })?;
    Ok(out)
}

/// One warning per kind of problem: how many trips, and the first few.
fn problem_warnings(feed: &Feed, network: &Network, problems: &[Problem]) -> Vec<String> {
    let label = feed.file_label("stop_times.txt");
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for p in problems {
        let (kind, text) = problem_words(network, p);
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(text),
            None => groups.push((kind, vec![text])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, list)| {
            let shown: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
            let more = list.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{label}: {} trip(s) {kind}, and do not run: {}{more}",
                list.len(),
                shown.join("; ")
            )
        })
        .collect()
}

/// A problem in words: its kind (for grouping) and this trip's case.
fn problem_words(network: &Network, p: &Problem) -> (&'static str, String) {
    let trip = |i: u32| {
        network
            .trips()
            .get(i as usize)
            .map_or_else(String::new, |t| quote(&t.id))
    };
    let clock = |s: i32| super::trip::clock_text(i64::from(s));
    match p {
        Problem::TooFewStops { trip: t, count } => (
            "have fewer than two stop times",
            format!("trip {} has {count}", trip(*t)),
        ),
        Problem::SequenceTwice { trip: t, sequence } => (
            "have a stop_sequence twice",
            format!("trip {} has stop_sequence {sequence} twice", trip(*t)),
        ),
        Problem::NoEndTime { trip: t } => (
            "have no time at their first or last stop",
            format!("trip {}", trip(*t)),
        ),
        Problem::Backwards {
            trip: t,
            sequence,
            time,
            previous,
        } => (
            "have times going backwards",
            format!(
                "trip {} at stop_sequence {sequence}: {} after {}",
                trip(*t),
                clock(*time),
                clock(*previous)
            ),
        ),
        Problem::NoCoordinates { trip: t, stop } => (
            "call at a stop without coordinates",
            format!(
                "trip {} at stop {}",
                trip(*t),
                network
                    .stops()
                    .get(*stop as usize)
                    .map_or_else(String::new, |s| quote(&s.id))
            ),
        ),
        Problem::TooManyRuns { trip: t, runs } => (
            "have a frequencies.txt window of more runs than the 10000 taken",
            format!("trip {} ({runs} runs)", trip(*t)),
        ),
    }
}
