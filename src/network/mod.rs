//! A whole GTFS feed as one compact model: every stop, route, trip and shape, and "which
//! trains run where at an instant". Pure core: the feed's files are read by
//! `crate::import::network` and handed over as a [`Raw`]; time is an argument.
//!
//! Compact by sharing: the trips that call at the same stops along the same shape share one
//! [`Pattern`] (its stops and where they lie along the shape), so a trip holds only its times,
//! 8 bytes a stop. Which trips run at an instant comes from [`index::Index`]: per service and
//! per class of trip length, runs sorted by their departure, so a query looks only at the runs
//! that could be under way, not at every trip of the feed.
//!
//! What "running" means (issue 22): a run has departed its first stop and not yet arrived at
//! its last (`first departure <= t < last arrival`, in seconds from noon minus 12 h of a
//! service date its calendar gives, in the agency's zone); a trip of `frequencies.txt` makes a
//! run per departure of its windows. Between two stops a train is at the fraction of the time
//! between its departure from one and its arrival at the next, along the shape (by
//! `shape_dist_traveled` or by the stops projected onto it), or along the great circle between
//! the two stops without a shape; while it stands at a stop, it is at the stop.

pub mod arrivals;
pub mod build;
pub mod calendar;
pub mod clock;
pub mod course;
pub mod departures;
pub mod geometry;
pub mod index;
pub mod kind;
pub mod lines;
pub mod query;
pub mod realtime;
mod sequence;

use chrono_tz::Tz;

pub use build::{Problem, Raw, RawFrequency, RawShape, RawStopTime, RawTrip, build};
pub use calendar::Service;
pub use departures::Departure;
pub use kind::Mode;
pub use lines::Lines;
pub use query::{Place, Scratch, Train};

/// A stop or station of `stops.txt`.
#[derive(Debug, Clone)]
pub struct Stop {
    /// `stop_id`.
    pub id: Box<str>,
    /// `stop_name`.
    pub name: Box<str>,
    /// Latitude and longitude: its own, else its parent station's; `None` without either.
    pub coord: Option<(f64, f64)>,
    /// Its parent station (an index into [`Network::stops`]).
    pub parent: Option<u32>,
    /// Whether it is a station (`location_type` 1) rather than a stop or platform.
    pub station: bool,
}

/// A route of `routes.txt`.
#[derive(Debug, Clone)]
pub struct Route {
    /// `route_id`.
    pub id: Box<str>,
    /// `route_short_name`.
    pub short_name: Box<str>,
    /// `route_long_name`.
    pub long_name: Box<str>,
    /// `route_type` as written (extended types included).
    pub route_type: i32,
    /// Its base type.
    pub mode: Mode,
    /// `route_color`, when it is a valid RGB hex colour.
    pub color: Option<[u8; 3]>,
    /// `route_text_color`, likewise.
    pub text_color: Option<[u8; 3]>,
}

/// A trip of `trips.txt`.
#[derive(Debug, Clone)]
pub struct Trip {
    /// `trip_id`.
    pub id: Box<str>,
    /// Its route (an index into [`Network::routes`]).
    pub route: u32,
    /// Its service (an index into [`Network::services`]).
    pub service: u32,
    /// `trip_headsign`.
    pub headsign: Box<str>,
    /// Its stops and their places (an index into [`Network::patterns`]); [`Trip::NEVER`] for
    /// a trip that cannot run (see [`Problem`]).
    pub pattern: u32,
    /// Where its times start in the network's table of times.
    pub times: u32,
}

impl Trip {
    /// The pattern of a trip that never runs.
    pub const NEVER: u32 = u32::MAX;

    /// Whether the trip can run (it has a pattern and times).
    #[must_use]
    pub fn runs(&self) -> bool {
        self.pattern != Self::NEVER
    }
}

/// The stops some trips call at in order, along one shape (or none), with where each stop
/// lies along it.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// Its shape (an index into [`Network::shapes`]), if any.
    pub shape: Option<u32>,
    /// Where its stops start in the network's pattern tables.
    pub first: u32,
    /// How many stops it has (two or more).
    pub len: u32,
}

/// A shape of `shapes.txt`: its points and the km along it at each.
#[derive(Debug, Clone)]
pub struct Shape {
    /// `shape_id`.
    pub id: Box<str>,
    /// `(lat, lon)` points in `shape_pt_sequence` order.
    pub points: Vec<(f64, f64)>,
    /// Km from the first point at each point (great circles).
    pub km: Vec<f64>,
}

/// A whole feed: see the module's documentation.
#[derive(Debug, Clone)]
pub struct Network {
    /// The feed's name for titles: the agencies' names.
    pub name: String,
    /// The agency's zone, which every service day counts in.
    pub zone: Tz,
    stops: Vec<Stop>,
    routes: Vec<Route>,
    trips: Vec<Trip>,
    patterns: Vec<Pattern>,
    pattern_stops: Vec<u32>,
    pattern_along: Vec<f32>,
    times: Vec<[i32; 2]>,
    shapes: Vec<Shape>,
    services: Vec<Service>,
    service_ids: Vec<Box<str>>,
    index: index::Index,
    /// Every trip's index, sorted by `trip_id`: [`Network::trip_index`] searches it.
    by_id: Vec<u32>,
    /// Each trip's `stop_sequence`s, to find a stop a realtime update names
    /// ([`sequence::Sequences`]).
    sequences: sequence::Sequences,
    /// The stops whose `stop_timezone` is not the agency's zone, sorted by stop.
    stop_zones: Vec<(u32, Tz)>,
}

impl Network {
    /// Every stop, in `stops.txt` order.
    #[must_use]
    pub fn stops(&self) -> &[Stop] {
        &self.stops
    }

    /// Every route kept, in `routes.txt` order.
    #[must_use]
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// Every trip kept, in `trips.txt` order.
    #[must_use]
    pub fn trips(&self) -> &[Trip] {
        &self.trips
    }

    /// Every pattern.
    #[must_use]
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Every shape the trips kept use.
    #[must_use]
    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// Every service the trips kept use.
    #[must_use]
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The `service_id` of service `i`.
    #[must_use]
    pub fn service_id(&self, i: u32) -> &str {
        self.service_ids.get(i as usize).map_or("", |s| s)
    }

    /// The stops (indices into [`Network::stops`]) of pattern `p`.
    #[must_use]
    pub fn pattern_stops(&self, p: &Pattern) -> &[u32] {
        let from = p.first as usize;
        self.pattern_stops
            .get(from..from + p.len as usize)
            .unwrap_or(&[])
    }

    /// Where each stop of pattern `p` lies: km along its shape, or from its first stop
    /// without one.
    #[must_use]
    pub fn pattern_along(&self, p: &Pattern) -> &[f32] {
        let from = p.first as usize;
        self.pattern_along
            .get(from..from + p.len as usize)
            .unwrap_or(&[])
    }

    /// The pattern of `trip`, if it runs.
    #[must_use]
    pub fn pattern_of(&self, trip: &Trip) -> Option<&Pattern> {
        self.patterns.get(trip.pattern as usize)
    }

    /// The arrival and departure at each stop of `trip`, seconds of its service day (blank
    /// times filled in); empty for a trip that never runs.
    #[must_use]
    pub fn trip_times(&self, trip: &Trip) -> &[[i32; 2]] {
        let Some(p) = self.pattern_of(trip) else {
            return &[];
        };
        let from = trip.times as usize;
        self.times.get(from..from + p.len as usize).unwrap_or(&[])
    }

    /// The index of the trip `id`, if kept (a binary search of the trips sorted by id).
    #[must_use]
    pub fn trip_index(&self, id: &str) -> Option<u32> {
        let at = self
            .by_id
            .binary_search_by(|&i| self.trips.get(i as usize).map_or("", |t| &t.id).cmp(id))
            .ok()?;
        self.by_id.get(at).copied()
    }

    /// How many stop times the trips that run have.
    #[must_use]
    pub fn stop_time_count(&self) -> usize {
        self.times.len()
    }

    /// How many runs there are (a trip, or a departure of a `frequencies.txt` window).
    #[must_use]
    pub fn run_count(&self) -> usize {
        self.index.len()
    }

    /// The bytes the model holds on the heap (its tables and strings), for the benches'
    /// "bytes per stop time".
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let text = |s: &str| s.len();
        let stops: usize = self.stops.iter().map(|s| text(&s.id) + text(&s.name)).sum();
        let routes: usize = self
            .routes
            .iter()
            .map(|r| text(&r.id) + text(&r.short_name) + text(&r.long_name))
            .sum();
        let trips: usize = self
            .trips
            .iter()
            .map(|t| text(&t.id) + text(&t.headsign))
            .sum();
        let shapes: usize = self
            .shapes
            .iter()
            .map(|s| text(&s.id) + s.points.capacity() * 16 + s.km.capacity() * 8)
            .sum();
        let services: usize = self
            .services
            .iter()
            .map(|s| (s.added.len() + s.removed.len()) * 8)
            .sum::<usize>()
            + self.service_ids.iter().map(|s| text(s)).sum::<usize>();
        stops
            + routes
            + trips
            + shapes
            + services
            + self.stops.capacity() * size_of::<Stop>()
            + self.routes.capacity() * size_of::<Route>()
            + self.trips.capacity() * size_of::<Trip>()
            + self.patterns.capacity() * size_of::<Pattern>()
            + self.pattern_stops.capacity() * 4
            + self.pattern_along.capacity() * 4
            + self.times.capacity() * 8
            + self.shapes.capacity() * size_of::<Shape>()
            + self.services.capacity() * size_of::<Service>()
            + self.service_ids.capacity() * size_of::<Box<str>>()
            + self.index.heap_bytes()
            + self.by_id.capacity() * 4
            + self.sequences.heap_bytes()
            + self.stop_zones.capacity() * size_of::<(u32, Tz)>()
    }
}
