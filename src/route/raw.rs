//! The route file exactly as written: serde structures that keep every value's byte span.
//!
//! Every key is optional here so that a missing key becomes our own message naming the stop,
//! not a generic deserializer error. Unknown keys are rejected by serde.
//!
//! `src/build.rs` includes this file too (to parse the built-in routes at build time), so it
//! depends on nothing in the crate.

use serde::Deserialize;
use toml::Spanned;

/// A whole route file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The `[route]` table.
    pub route: Option<Spanned<RawMeta>>,
    /// The `[[stops]]` array.
    #[serde(default)]
    pub stops: Vec<Spanned<RawStop>>,
    /// The `[[zones]]` array.
    #[serde(default)]
    pub zones: Vec<Spanned<RawZone>>,
    /// The `[[events]]` array.
    #[serde(default)]
    pub events: Vec<Spanned<RawEvent>>,
    /// The `[[clocks]]` array: the route's own clocks (one may be its reference).
    #[serde(default)]
    pub clocks: Vec<Spanned<RawClock>>,
}

/// The `[route]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Route id, `[a-z0-9-]+`.
    pub id: Option<Spanned<String>>,
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// Optional description.
    pub description: Option<Spanned<String>>,
    /// Local date of departure at the first stop (a string or a TOML local date).
    pub departure_date: Option<Spanned<toml::Value>>,
    /// Days of the month the service departs.
    pub service_days: Option<Spanned<Vec<Spanned<i64>>>>,
    /// Days of the week the service departs (`"mon"` to `"sun"`).
    pub service_weekdays: Option<Spanned<Vec<Spanned<String>>>>,
    /// The first date the service ran (no run departs before it).
    pub first_service: Option<Spanned<toml::Value>>,
}

/// One `[[stops]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStop {
    /// Station name, unique in the route.
    pub name: Option<Spanned<String>>,
    /// Name in the local script.
    pub local_name: Option<Spanned<String>>,
    /// Distance from the first stop.
    pub km: Option<Spanned<f64>>,
    /// Latitude in degrees.
    pub lat: Option<Spanned<f64>>,
    /// Longitude in degrees.
    pub lon: Option<Spanned<f64>>,
    /// IANA time-zone name.
    pub tz: Option<Spanned<String>>,
    /// Arrival, `day N HH:MM`.
    pub arrive: Option<Spanned<String>>,
    /// Departure, `day N HH:MM`.
    pub depart: Option<Spanned<String>>,
    /// Free note.
    pub note: Option<Spanned<String>>,
    /// Label priority.
    pub major: Option<bool>,
    /// Geometry waypoints on the way to the next stop, `[[lat, lon], ...]`.
    pub via: Option<Vec<Spanned<Vec<Spanned<f64>>>>>,
}

/// One `[[zones]]` entry: the clock changes here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    /// Where the zone begins.
    pub km: Option<Spanned<f64>>,
    /// The zone from here on.
    pub tz: Option<Spanned<String>>,
}

/// One `[[events]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// Where it happens.
    pub km: Option<Spanned<f64>>,
    /// border | gauge | transfer | bridge | river | landmark | note.
    pub kind: Option<Spanned<String>>,
    /// What to show.
    pub title: Option<Spanned<String>>,
}

/// One `[[clocks]]` entry: a clock the route shows, and maybe its reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClock {
    /// The clock's title (`Moscow`).
    pub name: Option<Spanned<String>>,
    /// IANA time-zone name.
    pub tz: Option<Spanned<String>>,
    /// A short label (`MSK`): this clock is the route's reference for `±` labels (`MSK+6`).
    pub label: Option<Spanned<String>>,
    /// Latitude of the place, for its sunrise and sunset.
    pub lat: Option<Spanned<f64>>,
    /// Longitude of the place.
    pub lon: Option<Spanned<f64>>,
}
