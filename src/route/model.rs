//! The validated route: stops with absolute times, zone boundaries and events.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

/// A validated route, ready for the simulation.
#[derive(Debug, Clone)]
pub struct Route {
    /// Route id (`pyongyang-moscow`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Local date of departure at the first stop (after any `--date` override).
    pub departure_date: NaiveDate,
    /// Days of the month the service departs (may be empty).
    pub service_days: Vec<u32>,
    /// Days of the week the service departs, Monday first (may be empty).
    pub service_weekdays: Vec<Weekday>,
    /// The first date the service ran: no run departs before it (none: no such limit).
    pub first_service: Option<NaiveDate>,
    /// The route's own clocks, in file order; at most one is its reference.
    pub clocks: Vec<RouteClock>,
    /// Stops in travel order; km strictly increasing, times strictly ordered.
    pub stops: Vec<Stop>,
    /// Zone boundaries sorted by km; the first starts at the first stop.
    pub zones: Vec<ZoneBoundary>,
    /// Route events sorted by km.
    pub events: Vec<RouteEvent>,
    /// Where the route came from (file path or `built-in:<id>`), for messages.
    pub source: String,
    /// When the stops' times are the ones a train really ran by (recorded realtime data): the
    /// timetable's beside them and what the log says of the delay. Never from a route file.
    pub realtime: Option<Box<AsRecorded>>,
}

/// A journey's real times beside its timetable: what a route made from realtime data carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AsRecorded {
    /// Per stop of the route, the timetable's arrival and departure, and whether the train
    /// passed it without stopping.
    pub scheduled: Vec<Scheduled>,
    /// Lines for the log at an instant (a delay began or grew), placed where the train is then.
    pub news: Vec<TimedEvent>,
}

/// A stop's timetabled times, beside the real ones in [`Stop::arrive`] and [`Stop::depart`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scheduled {
    /// The timetable's arrival.
    pub arrive: Option<DateTime<Utc>>,
    /// The timetable's departure.
    pub depart: Option<DateTime<Utc>>,
    /// Passed without stopping (`SKIPPED`).
    pub skipped: bool,
}

/// Something that happens at an instant rather than a place.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// What kind.
    pub kind: EventKind,
    /// What to show.
    pub title: String,
}

/// One stop of the route.
#[derive(Debug, Clone)]
pub struct Stop {
    /// Station name.
    pub name: String,
    /// Name in the local script.
    pub local_name: Option<String>,
    /// Distance from the first stop, km.
    pub km: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Time zone of the stop.
    pub tz: Tz,
    /// Arrival instant (none at the first stop).
    pub arrive: Option<DateTime<Utc>>,
    /// Departure instant (none at the last stop).
    pub depart: Option<DateTime<Utc>>,
    /// Free note.
    pub note: Option<String>,
    /// Label priority for the views.
    pub major: bool,
    /// Points (lat, lon) the line passes on the way to the next stop, for the map.
    pub via: Vec<(f64, f64)>,
}

impl Stop {
    /// When the train is first at this stop: its arrival, or its departure at the origin.
    #[must_use]
    pub fn first_instant(&self) -> DateTime<Utc> {
        self.arrive
            .or(self.depart)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// When the train last is at this stop: its departure, or its arrival at the terminus.
    #[must_use]
    pub fn last_instant(&self) -> DateTime<Utc> {
        self.depart
            .or(self.arrive)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Dwell in whole minutes, when the stop has both an arrival and a departure.
    #[must_use]
    pub fn dwell_minutes(&self) -> Option<i64> {
        Some((self.depart? - self.arrive?).num_minutes())
    }
}

/// A clock a route names: a zone with a title, maybe the route's reference for `±` labels.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteClock {
    /// The clock's title (`Moscow`).
    pub name: String,
    /// Its zone.
    pub tz: Tz,
    /// The short label `±` labels count from (`MSK` in `MSK+6`): set on the reference only.
    pub label: Option<String>,
    /// (lat, lon) of the place, for its sunrise and sunset.
    pub place: Option<(f64, f64)>,
}

/// From `km` onward (in travel direction) the train's clock follows `tz`.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneBoundary {
    /// Where the zone begins.
    pub km: f64,
    /// The zone.
    pub tz: Tz,
}

/// What kind of thing a route event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A state border.
    Border,
    /// A change of track gauge (bogie exchange).
    Gauge,
    /// The car moves to another train.
    Transfer,
    /// A notable bridge.
    Bridge,
    /// A river crossing.
    River,
    /// Something to look at.
    Landmark,
    /// Anything else worth a line in the log.
    Note,
}

impl EventKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Self; 7] = [
        Self::Border,
        Self::Gauge,
        Self::Transfer,
        Self::Bridge,
        Self::River,
        Self::Landmark,
        Self::Note,
    ];

    /// The name used in route files.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Border => "border",
            Self::Gauge => "gauge",
            Self::Transfer => "transfer",
            Self::Bridge => "bridge",
            Self::River => "river",
            Self::Landmark => "landmark",
            Self::Note => "note",
        }
    }

    /// Parse the name used in route files.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Something the journey passes.
#[derive(Debug, Clone)]
pub struct RouteEvent {
    /// Where.
    pub km: f64,
    /// What kind.
    pub kind: EventKind,
    /// What to show.
    pub title: String,
}

/// The local date in `tz` at `at`; the UTC date where the local one would leave chrono's
/// range (at the ends of time), so it never panics.
#[must_use]
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> chrono::NaiveDate {
    use chrono::{Offset, TimeZone};
    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc()
        .checked_add_offset(offset)
        .map_or_else(|| at.date_naive(), |local| local.date())
}

impl Route {
    /// Total length, km from the first stop to the last.
    #[must_use]
    pub fn total_km(&self) -> f64 {
        match (self.stops.first(), self.stops.last()) {
            (Some(a), Some(b)) => b.km - a.km,
            _ => 0.0,
        }
    }

    /// km of the first and the last stop.
    #[must_use]
    pub fn km_range(&self) -> (f64, f64) {
        (
            self.stops.first().map_or(0.0, |s| s.km),
            self.stops.last().map_or(0.0, |s| s.km),
        )
    }

    /// Departure from the first stop.
    #[must_use]
    pub fn departure(&self) -> DateTime<Utc> {
        self.stops
            .first()
            .map_or(DateTime::<Utc>::MIN_UTC, Stop::last_instant)
    }

    /// Arrival at the last stop.
    #[must_use]
    pub fn arrival(&self) -> DateTime<Utc> {
        self.stops
            .last()
            .map_or(DateTime::<Utc>::MIN_UTC, Stop::first_instant)
    }

    /// The calendar day of `at` on a clock in `tz`, counted from the departure date (day 1):
    /// the building block of the journey day, which [`crate::sim::Journey::journey_day`]
    /// defines (on the train's clock, never going back, within the journey's days).
    #[must_use]
    pub fn calendar_day(&self, at: DateTime<Utc>, tz: Tz) -> i64 {
        (local_date(at, tz) - self.departure_date).num_days() + 1
    }

    /// km covered at `km` along the route, from the first stop, within the route.
    #[must_use]
    pub fn km_done(&self, km: f64) -> f64 {
        let first = self.stops.first().map_or(0.0, |s| s.km);
        (km - first).clamp(0.0, self.total_km().max(0.0))
    }

    /// Percent of the route's km covered at `km`, 0 to 100.
    #[must_use]
    pub fn percent_done(&self, km: f64) -> f64 {
        let total = self.total_km();
        if total > 0.0 {
            self.km_done(km) / total * 100.0
        } else {
            0.0
        }
    }

    /// The zone in effect at `km` (O(log n) in the number of boundaries).
    #[must_use]
    pub fn zone_at(&self, km: f64) -> Tz {
        zone_in(&self.zones, km)
    }

    /// The route's reference clock, whose label `±` labels count from (`MSK+6`), if any.
    #[must_use]
    pub fn reference(&self) -> Option<&RouteClock> {
        self.clocks.iter().find(|c| c.label.is_some())
    }

    /// Index of the stop called `name` (case-insensitive), if any.
    #[must_use]
    pub fn stop_index(&self, name: &str) -> Option<usize> {
        self.stops
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name))
    }
}

/// The zone in effect at `km` in a zone map sorted by km (binary search).
#[must_use]
pub fn zone_in(map: &[ZoneBoundary], km: f64) -> Tz {
    let after = map.partition_point(|z| z.km <= km);
    map.get(after.saturating_sub(1))
        .map_or(chrono_tz::UTC, |z| z.tz)
}
