//! The parts of a GTFS feed the importer reads, each loaded from its file: the agency's zone,
//! routes, trips, stops, one trip's stop times and shape, frequencies and feed validity.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::clock::{parse_date, parse_time};
use super::feed::Feed;
use super::table::{Fail, Flow, Row, read_table};
use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// A route of `routes.txt`.
#[derive(Debug, Clone)]
pub struct Route {
    /// `route_id`.
    pub id: String,
    /// `route_short_name`.
    pub short_name: String,
    /// `route_long_name`.
    pub long_name: String,
    /// `route_type`, as written.
    pub kind: String,
    /// `agency_id`.
    pub agency: String,
}

/// A trip of `trips.txt`.
#[derive(Debug, Clone)]
pub struct Trip {
    /// `trip_id`.
    pub id: String,
    /// `route_id`.
    pub route: String,
    /// `service_id`.
    pub service: String,
    /// `trip_headsign`.
    pub headsign: String,
    /// `trip_short_name` (the train number).
    pub short_name: String,
    /// `shape_id`.
    pub shape: String,
}

/// A stop of `stops.txt`.
#[derive(Debug, Clone)]
pub struct Stop {
    /// `stop_id`.
    pub id: String,
    /// `stop_code`.
    pub code: String,
    /// `stop_name`.
    pub name: String,
    /// Latitude and longitude, when given.
    pub coord: Option<(f64, f64)>,
    /// `stop_timezone`, when given.
    pub zone: Option<String>,
    /// `parent_station`.
    pub parent: String,
}

/// A row of `stop_times.txt` for the trip being imported.
#[derive(Debug, Clone)]
pub struct StopTime {
    /// `stop_id`.
    pub stop: String,
    /// `stop_sequence`.
    pub sequence: u32,
    /// Arrival, seconds from the service day's origin; `None` when blank.
    pub arrive: Option<i64>,
    /// Departure, seconds from the service day's origin; `None` when blank.
    pub depart: Option<i64>,
    /// `pickup_type` (0 when blank).
    pub pickup: u32,
    /// `drop_off_type` (0 when blank).
    pub drop_off: u32,
    /// `shape_dist_traveled`, when given.
    pub shape_dist: Option<f64>,
    /// Its line in `stop_times.txt`.
    pub line: u64,
}

/// Where each key of a table was first seen, so that a second row with the same key is an
/// error naming both lines (a feed with two rows for one id means one of them silently).
#[derive(Default)]
struct Seen(HashMap<String, u64>);

impl Seen {
    /// `key`, the value of `column` in `row`, must not have been seen before.
    fn check(&mut self, row: &Row<'_>, column: &str, key: &str) -> Result<(), Fail> {
        if let Some(first) = self.0.get(key) {
            return Err(row.bad(
                column,
                format!(
                    "{column} {} is listed twice (lines {first} and {})",
                    quote(key),
                    row.line
                ),
                format!(
                    "give each row of this file its own {column}: remove or rename one of the two"
                ),
            ));
        }
        self.0.insert(key.to_owned(), row.line);
        Ok(())
    }
}

/// The agency's zone: `agency_timezone` of the route's agency (or the only agency).
///
/// # Errors
/// `agency.txt` missing, or no valid zone.
pub fn agency_zone(feed: &mut Feed, agency_id: &str) -> Result<Tz, Diagnostic> {
    let mut zone = None;
    let mut seen = Seen::default();
    let found = read_table(feed, "agency.txt", &["agency_timezone"], |row| {
        let id = row.get("agency_id");
        if !id.is_empty() {
            seen.check(row, "agency_id", id)?;
        }
        if zone.is_none() || (!agency_id.is_empty() && id == agency_id) {
            let text = row.required("agency_timezone")?;
            let tz = text.parse::<Tz>().map_err(|_| {
                row.bad(
                    "agency_timezone",
                    format!("{} is not an IANA time zone", quote(text)),
                    "write the agency's zone as an IANA name, e.g. Europe/Berlin",
                )
            })?;
            zone = Some(tz);
        }
        Ok(Flow::Next)
    })?;
    if !found {
        return Err(missing(feed, "agency.txt"));
    }
    zone.ok_or_else(|| {
        Diagnostic::file_level(&feed.file_label("agency.txt"), "the file has no agency")
            .help("a GTFS feed names at least one agency with its agency_timezone")
    })
}

/// The diagnostic for a required file the feed lacks.
#[must_use]
pub fn missing(feed: &Feed, name: &str) -> Diagnostic {
    Diagnostic::file_level(
        feed.shown(),
        format!("the feed has no {name}, which GTFS requires"),
    )
    .help(format!(
        "check that this is a complete GTFS feed (it needs {name})"
    ))
}

/// Every route of `routes.txt`.
///
/// # Errors
/// The file missing or a bad row.
pub fn routes(feed: &mut Feed) -> Result<Vec<Route>, Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    let found = read_table(feed, "routes.txt", &["route_id"], |row| {
        seen.check(row, "route_id", row.required("route_id")?)?;
        out.push(Route {
            id: row.required("route_id")?.to_owned(),
            short_name: row.get("route_short_name").to_owned(),
            long_name: row.get("route_long_name").to_owned(),
            kind: row.get("route_type").to_owned(),
            agency: row.get("agency_id").to_owned(),
        });
        Ok(Flow::Next)
    })?;
    if !found {
        return Err(missing(feed, "routes.txt"));
    }
    Ok(out)
}

fn trip_of(row: &Row<'_>) -> Result<Trip, Fail> {
    Ok(Trip {
        id: row.required("trip_id")?.to_owned(),
        route: row.required("route_id")?.to_owned(),
        service: row.required("service_id")?.to_owned(),
        headsign: row.get("trip_headsign").to_owned(),
        short_name: row.get("trip_short_name").to_owned(),
        shape: row.get("shape_id").to_owned(),
    })
}

/// The trips `keep` accepts, in file order.
///
/// # Errors
/// The file missing or a bad row; a `trip_id` kept twice (those not kept are not
/// remembered: a national feed has millions).
pub fn trips(
    feed: &mut Feed,
    mut keep: impl FnMut(&Trip) -> bool,
) -> Result<Vec<Trip>, Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Seen::default();
    let found = read_table(
        feed,
        "trips.txt",
        &["route_id", "service_id", "trip_id"],
        |row| {
            let trip = trip_of(row)?;
            if keep(&trip) {
                seen.check(row, "trip_id", &trip.id)?;
                out.push(trip);
            }
            Ok(Flow::Next)
        },
    )?;
    if !found {
        return Err(missing(feed, "trips.txt"));
    }
    Ok(out)
}

/// Every stop of `stops.txt`, by id.
///
/// # Errors
/// The file missing or a bad row.
pub fn stops(feed: &mut Feed) -> Result<HashMap<String, Stop>, Diagnostic> {
    let mut out = HashMap::new();
    let mut seen = Seen::default();
    let found = read_table(feed, "stops.txt", &["stop_id"], |row| {
        seen.check(row, "stop_id", row.required("stop_id")?)?;
        let (lat, lon) = coord_of(row)?;
        let zone = row.get("stop_timezone");
        if !zone.is_empty() && zone.parse::<Tz>().is_err() {
            return Err(row.bad(
                "stop_timezone",
                format!("{} is not an IANA time zone", quote(zone)),
                "write the stop's zone as an IANA name, e.g. Europe/Berlin, or leave it blank",
            ));
        }
        let stop = Stop {
            id: row.required("stop_id")?.to_owned(),
            code: row.get("stop_code").to_owned(),
            name: row.get("stop_name").to_owned(),
            coord: lat.zip(lon),
            zone: (!zone.is_empty()).then(|| zone.to_owned()),
            parent: row.get("parent_station").to_owned(),
        };
        out.insert(stop.id.clone(), stop);
        Ok(Flow::Next)
    })?;
    if !found {
        return Err(missing(feed, "stops.txt"));
    }
    Ok(out)
}

/// A stop's `stop_lat` and `stop_lon`, each `None` when blank.
///
/// # Errors
/// A value that is not a number, or out of range.
pub fn coord_of(row: &Row<'_>) -> Result<(Option<f64>, Option<f64>), Fail> {
    let lat = row.number("stop_lat")?;
    let lon = row.number("stop_lon")?;
    if lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
        return Err(row.bad(
            "stop_lat",
            format!("latitude {} is out of range", row.get("stop_lat")),
            "latitude is in degrees, -90 to 90",
        ));
    }
    if lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
        return Err(row.bad(
            "stop_lon",
            format!("longitude {} is out of range", row.get("stop_lon")),
            "longitude is in degrees, -180 to 180",
        ));
    }
    Ok((lat, lon))
}

/// A time column of `stop_times.txt` or `frequencies.txt`, `None` when blank.
///
/// # Errors
/// A value that is not a GTFS time.
pub fn time_of(row: &Row<'_>, name: &str) -> Result<Option<i64>, Fail> {
    time_in(row, name, row.get(name))
}

/// The GTFS time `v`, read from column `name` of `row` (by position, in a hot loop), `None`
/// when blank.
///
/// # Errors
/// A value that is not a GTFS time.
pub fn time_in(row: &Row<'_>, name: &str, v: &str) -> Result<Option<i64>, Fail> {
    if v.is_empty() {
        return Ok(None);
    }
    parse_time(v).map(Some).map_err(|why| {
        row.bad(name, why, "write GTFS times as HH:MM:SS from the start of the service day, e.g. 25:10:00 for 01:10 the next day")
    })
}

fn stop_time_of(row: &Row<'_>) -> Result<StopTime, Fail> {
    let sequence = row.whole("stop_sequence")?.ok_or_else(|| {
        row.bad(
            "stop_sequence",
            "'stop_sequence' is blank",
            "number the trip's stops in travel order",
        )
    })?;
    let st = StopTime {
        stop: row.required("stop_id")?.to_owned(),
        sequence,
        arrive: time_of(row, "arrival_time")?,
        depart: time_of(row, "departure_time")?,
        pickup: row.whole("pickup_type")?.unwrap_or(0),
        drop_off: row.whole("drop_off_type")?.unwrap_or(0),
        shape_dist: row.number("shape_dist_traveled")?,
        line: row.line,
    };
    check_dwell(row, st.arrive, st.depart)?;
    Ok(st)
}

/// A stop time's departure must not come before its arrival.
///
/// # Errors
/// The departure before the arrival, said at the departure's column.
pub fn check_dwell(row: &Row<'_>, arrive: Option<i64>, depart: Option<i64>) -> Result<(), Fail> {
    if let (Some(a), Some(d)) = (arrive, depart)
        && d < a
    {
        return Err(row.bad(
            "departure_time",
            format!(
                "the departure {} is before the arrival {}",
                row.get("departure_time"),
                row.get("arrival_time")
            ),
            "a train leaves a stop after it arrives: check both times",
        ));
    }
    Ok(())
}

/// The rows of `stop_times.txt` for `trip`, in file order; only that trip's rows are parsed.
///
/// # Errors
/// The file missing or a bad row of that trip.
pub fn stop_times(feed: &mut Feed, trip: &str) -> Result<Vec<StopTime>, Diagnostic> {
    let mut out = Vec::new();
    let found = read_table(
        feed,
        "stop_times.txt",
        &[
            "trip_id",
            "arrival_time",
            "departure_time",
            "stop_id",
            "stop_sequence",
        ],
        |row| {
            if row.get("trip_id") == trip {
                out.push(stop_time_of(row)?);
            }
            Ok(Flow::Next)
        },
    )?;
    if !found {
        return Err(missing(feed, "stop_times.txt"));
    }
    Ok(out)
}

/// The points of shape `id` in `shapes.txt`, in sequence order; empty without the file or the
/// shape.
///
/// # Errors
/// A bad row of that shape.
pub fn shape(feed: &mut Feed, id: &str) -> Result<Vec<(f64, f64)>, Diagnostic> {
    if id.is_empty() {
        return Ok(Vec::new());
    }
    let mut points: Vec<(u32, f64, f64)> = Vec::new();
    read_table(
        feed,
        "shapes.txt",
        &[
            "shape_id",
            "shape_pt_lat",
            "shape_pt_lon",
            "shape_pt_sequence",
        ],
        |row| {
            if row.get("shape_id") == id {
                let lat = row
                    .number("shape_pt_lat")?
                    .filter(|v| (-90.0..=90.0).contains(v));
                let lon = row
                    .number("shape_pt_lon")?
                    .filter(|v| (-180.0..=180.0).contains(v));
                let (Some(lat), Some(lon)) = (lat, lon) else {
                    return Err(row.bad("shape_pt_lat", "the point has no latitude and longitude in range", "give every shape point shape_pt_lat (-90 to 90) and shape_pt_lon (-180 to 180)"));
                };
                let seq = row.whole("shape_pt_sequence")?.unwrap_or(0);
                points.push((seq, lat, lon));
            }
            Ok(Flow::Next)
        },
    )?;
    points.sort_by_key(|p| p.0);
    Ok(points.into_iter().map(|(_, lat, lon)| (lat, lon)).collect())
}

/// A window of `frequencies.txt`: departures every `headway` seconds from `start` until
/// before `end`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// First departure, seconds from the service day's origin.
    pub start: i64,
    /// End of the window (no departure at or after it).
    pub end: i64,
    /// Seconds between departures.
    pub headway: i64,
}

/// The `frequencies.txt` windows of `trip`; empty when it has none.
///
/// # Errors
/// A bad row of that trip.
pub fn frequencies(feed: &mut Feed, trip: &str) -> Result<Vec<Window>, Diagnostic> {
    let mut out = Vec::new();
    read_table(
        feed,
        "frequencies.txt",
        &["trip_id", "start_time", "end_time", "headway_secs"],
        |row| {
            if row.get("trip_id") == trip {
                let start = time_of(row, "start_time")?.ok_or_else(|| {
                    row.bad(
                        "start_time",
                        "'start_time' is blank",
                        "give the window's first departure",
                    )
                })?;
                let end = time_of(row, "end_time")?.ok_or_else(|| {
                    row.bad("end_time", "'end_time' is blank", "give the window's end")
                })?;
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
                out.push(Window {
                    start,
                    end,
                    headway: i64::from(headway),
                });
            }
            Ok(Flow::Next)
        },
    )?;
    Ok(out)
}

/// `feed_info.txt`'s validity window, when it gives one.
///
/// # Errors
/// A bad date.
pub fn feed_window(feed: &mut Feed) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Diagnostic> {
    let mut window = (None, None);
    read_table(feed, "feed_info.txt", &[], |row| {
        for (col, slot) in [
            ("feed_start_date", &mut window.0),
            ("feed_end_date", &mut window.1),
        ] {
            let v = row.get(col);
            if !v.is_empty() {
                *slot =
                    Some(parse_date(v).map_err(|why| {
                        row.bad(col, why, "write dates as YYYYMMDD, e.g. 20250617")
                    })?);
            }
        }
        Ok(Flow::Stop)
    })?;
    Ok(window)
}
