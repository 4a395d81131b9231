//! Recorded GTFS-Realtime applied to the network: delays, skipped stops, cancelled and added
//! trips, and vehicle positions, as [`Realtime`]. Pure core: the messages are decoded by
//! `crate::import::realtime` and handed over as [`Snapshot`]s; time is an argument.
//!
//! ## The rules (the GTFS-Realtime specification's, `trip-updates.md` and `reference.md`)
//!
//! A trip update names a run of a trip (a *trip instance*: trip, service date, and for a trip of
//! `frequencies.txt` its start), matched by `trip_id` (with `start_time` choosing the run of a
//! frequency trip), or, without a `trip_id`, by `route_id` + `start_date` + `start_time` (the
//! run of that route that departs then). Without `start_date`, the service date is the one whose
//! run lies nearest the update's first `time`, else the message's timestamp. Its stop updates
//! name stops by `stop_sequence`, else by `stop_id` (the first such stop after the one before).
//! Then, walking the trip's stops in order ([`predict::predict`]):
//!
//! - an event (arrival or departure) with a `time` is predicted at that time; with only a
//!   `delay`, at its scheduled time plus the delay (`time` wins where both are given); a stop
//!   update with only one of its two events gives the other the same delay;
//! - a stop without an update takes the delay of the last stop before it that had one (the
//!   delay *propagates*); stops before the first update have no prediction: they keep their
//!   schedule;
//! - a `SKIPPED` stop is passed without stopping (no predicted times of its own), and the delay
//!   propagates across it; a `NO_DATA` stop ends the propagation: it and the stops after it have
//!   no prediction until the next update with times;
//! - a trip-level `delay` counts as the delay before the first stop update;
//! - a `CANCELED` (or `DELETED`) trip does not run; an `ADDED`, `NEW` or `UNSCHEDULED` trip that
//!   the static feed lacks runs as its stop updates give it (every stop with a `stop_id` and a
//!   `time`), along the great circles between its stops; a `REPLACEMENT` cancels the trip it
//!   names and runs the one it gives.
//!
//! A message applies from its header's timestamp on, so a folder of recorded messages replays
//! as it was received; a trip keeps its last prediction until a later message updates it.
//! Vehicle positions beat predictions: a train with a position is shown there for
//! [`FIX_SECONDS`] after it, or until the next position.
//!
//! Where a train is comes from its *effective* times: the predicted ones where there are, else
//! the scheduled ones, never earlier than the time before (a train cannot leave a stop before it
//! reaches it). Its delay at an instant ([`Realtime::delay`]) is the effective minus the
//! scheduled time of the next event it reaches: its departure while it stands at a stop, its
//! arrival at the next stop while it runs.

mod apply;
mod live;
pub mod predict;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

pub use live::{DelayChange, DelayKind, Lateness, StopTime, TripTimes, clock_text};
pub use predict::NONE;

/// How long a vehicle position is shown, seconds after its timestamp, unless a later one comes.
pub const FIX_SECONDS: i64 = 300;

/// One GTFS-Realtime `FeedMessage`: what the core takes of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The header's timestamp (POSIX seconds); `None` applies it from the start.
    pub timestamp: Option<i64>,
    /// Its trip updates.
    pub updates: Vec<TripUpdate>,
    /// Its vehicle positions.
    pub positions: Vec<VehiclePosition>,
}

/// Which trip an update or a position is about (a `TripDescriptor`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TripRef {
    /// `trip_id`.
    pub trip_id: Option<Box<str>>,
    /// `route_id`.
    pub route_id: Option<Box<str>>,
    /// `start_date`.
    pub start_date: Option<NaiveDate>,
    /// `start_time`, seconds of the service day.
    pub start_time: Option<i32>,
    /// `schedule_relationship`.
    pub relation: TripRelation,
}

/// A trip's `schedule_relationship`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TripRelation {
    /// Runs by the static timetable, with the updates' changes.
    #[default]
    Scheduled,
    /// Added to the timetable (`ADDED`, `NEW`): runs as its stop updates give it.
    Added,
    /// Runs without a schedule: as its stop updates give it.
    Unscheduled,
    /// Does not run (`CANCELED`, `DELETED`).
    Canceled,
    /// Replaces the trip it names with the stops and times given.
    Replacement,
    /// A copy of a trip at another date or time (`DUPLICATED`): not supported, said.
    Duplicated,
}

/// A `TripUpdate`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TripUpdate {
    /// The trip.
    pub trip: TripRef,
    /// The trip-level `delay`, seconds.
    pub delay: Option<i32>,
    /// Its `StopTimeUpdate`s, in trip order.
    pub stops: Vec<StopUpdate>,
}

/// A `StopTimeUpdate`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StopUpdate {
    /// `stop_sequence`.
    pub sequence: Option<u32>,
    /// `stop_id`.
    pub stop_id: Option<Box<str>>,
    /// The arrival.
    pub arrival: Option<Event>,
    /// The departure.
    pub departure: Option<Event>,
    /// `schedule_relationship`.
    pub relation: StopRelation,
}

/// A `StopTimeEvent`: a `time` (POSIX seconds) or a `delay` (seconds), or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Event {
    /// `time`.
    pub time: Option<i64>,
    /// `delay`.
    pub delay: Option<i32>,
}

/// A stop update's `schedule_relationship`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StopRelation {
    /// Stops, at the times given.
    #[default]
    Scheduled,
    /// Passed without stopping.
    Skipped,
    /// No realtime data from here on.
    NoData,
}

/// A `VehiclePosition`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VehiclePosition {
    /// The trip it serves.
    pub trip: TripRef,
    /// Latitude and longitude.
    pub coord: Option<(f64, f64)>,
    /// When it was there (POSIX seconds); the message's timestamp without one.
    pub timestamp: Option<i64>,
    /// `current_stop_sequence`.
    pub stop_sequence: Option<u32>,
    /// `stop_id`.
    pub stop_id: Option<Box<str>>,
    /// `current_status`.
    pub status: VehicleStatus,
}

/// A vehicle's `current_status` at the stop its position names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VehicleStatus {
    /// About to arrive.
    IncomingAt,
    /// Standing at it.
    StoppedAt,
    /// On the way to it (the default).
    #[default]
    InTransitTo,
}

/// A run of a trip on a service date: what a train of [`super::Train`] is, and what an update
/// names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Instance {
    /// The trip (an index into [`super::Network::trips`]).
    pub trip: u32,
    /// Its service date.
    pub date: NaiveDate,
    /// Seconds added to the trip's times (a `frequencies.txt` run; 0 otherwise).
    pub shift: i32,
}

/// What one message did, for the warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Its trip updates.
    pub updates: usize,
    /// Those that name a trip of the network (or add one).
    pub matched: usize,
    /// Trips it cancels.
    pub canceled: usize,
    /// Trips it adds.
    pub added: usize,
    /// Its vehicle positions.
    pub positions: usize,
    /// Those of a trip of the network.
    pub positions_matched: usize,
    /// Why updates did not apply: the first few reasons, each once.
    pub misses: Vec<String>,
    /// How many updates (and positions) did not apply.
    pub missed: usize,
}

/// Predictions and positions of trip instances, in force from the instant they were received.
#[derive(Debug, Clone, Default)]
pub struct Realtime {
    known: Vec<Known>,
    lookup: HashMap<Instance, u32>,
    /// Trip ids to indices, made at the first message.
    trip_ids: HashMap<Box<str>, u32>,
    /// The trips with several runs (`frequencies.txt`): each run's shift.
    repeated: HashMap<u32, Vec<i32>>,
    /// Stop ids to indices (the stops with coordinates), made at the first message.
    stop_ids: HashMap<Box<str>, u32>,
    ready: bool,
    /// The earliest header timestamp of the messages that named a trip (POSIX seconds).
    first_received: Option<i64>,
}

/// One trip instance that realtime data names.
#[derive(Debug, Clone)]
struct Known {
    instance: Instance,
    /// The instant its service day's times count from.
    origin: DateTime<Utc>,
    /// Whether the static feed lacks it (added by a message).
    added: bool,
    /// Its states, by the instant each was received.
    versions: Vec<Version>,
    /// Its vehicle positions, by time.
    fixes: Vec<Fix>,
}

/// A state of a trip instance, in force from `from` (POSIX seconds).
#[derive(Debug, Clone, PartialEq)]
struct Version {
    from: i64,
    state: State,
}

/// What a message says of a trip instance.
#[derive(Debug, Clone, PartialEq)]
enum State {
    /// It does not run.
    Canceled,
    /// It runs at these times.
    Predicted(predict::Prediction),
}

/// A vehicle position, shown from `from` until before `until` (POSIX seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fix {
    from: i64,
    until: i64,
    coord: (f64, f64),
    /// The index of the stop it names, among the trip's stops.
    stop: Option<usize>,
    status: VehicleStatus,
}

impl Realtime {
    /// How many trip instances the messages name.
    #[must_use]
    pub fn len(&self) -> usize {
        self.known.len()
    }

    /// Whether no message named any trip.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// When the data begins: the earliest timestamp of a message that named a trip of the
    /// network, so a replay can open on the recorded moment.
    #[must_use]
    pub fn recorded_from(&self) -> Option<DateTime<Utc>> {
        self.first_received
            .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
    }

    /// The known instance of `instance`.
    fn known(&self, instance: &Instance) -> Option<&Known> {
        self.lookup
            .get(instance)
            .and_then(|&k| self.known.get(k as usize))
    }
}

impl Known {
    /// Its state at `at` (POSIX seconds): the last received at or before it.
    fn state_at(&self, at: i64) -> Option<&State> {
        let k = self.versions.partition_point(|v| v.from <= at);
        k.checked_sub(1)
            .and_then(|k| self.versions.get(k))
            .map(|v| &v.state)
    }

    /// Its position at `at`, if one is fresh.
    fn fix_at(&self, at: i64) -> Option<&Fix> {
        let k = self.fixes.partition_point(|f| f.from <= at);
        k.checked_sub(1)
            .and_then(|k| self.fixes.get(k))
            .filter(|f| at < f.until)
    }
}

/// The shift of the first run of `trip`: 0 for a trip that runs once, the earliest departure's
/// for a trip of `frequencies.txt`.
#[must_use]
pub fn first_shift(network: &super::Network, trip: u32) -> i32 {
    network
        .index
        .runs()
        .iter()
        .filter(|r| r.trip == trip)
        .map(|r| r.shift)
        .min()
        .unwrap_or(0)
}
