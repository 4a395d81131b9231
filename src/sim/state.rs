//! The state of the train at one instant.

use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::journey::Journey;
use crate::route::Stop;

/// Where the train is in its journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting at the first stop before departure (`waiting`, as `status` and the title say).
    #[serde(rename = "waiting")]
    NotDeparted,
    /// Standing at a stop.
    Stopped,
    /// Moving between two stops.
    Running,
    /// At the last stop.
    Arrived,
}

impl Status {
    /// The JSON name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::NotDeparted => "waiting",
            Self::Stopped => "stopped",
            Self::Running => "running",
            Self::Arrived => "arrived",
        }
    }
}

/// Everything about the train at one instant. Built by [`Journey::state_at`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainState {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Where in the journey.
    pub status: Status,
    /// The stop the train stands at (first stop before departure, last after arrival).
    pub stop: Option<usize>,
    /// The stop before the train (or before the stop it stands at).
    pub previous_stop: Option<usize>,
    /// The next stop ahead.
    pub next_stop: Option<usize>,
    /// km along the route, as in the route file.
    pub km: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Speed, km/h (0 unless running).
    pub speed_kmh: f64,
    /// The zone of the train's clock at its position.
    pub tz: Tz,
    /// The UTC offset of that zone now.
    pub offset: FixedOffset,
    /// Day of the journey: local date at the train minus the departure date, plus one.
    pub journey_day: i64,
    /// Index into the journey timeline of the last notable event at or before the instant.
    pub last_event: Option<usize>,
    /// Index into the journey timeline of the next notable event after the instant.
    pub next_event: Option<usize>,
}

impl TrainState {
    /// The train's local time.
    #[must_use]
    pub fn local_time(&self) -> DateTime<Tz> {
        self.at.with_timezone(&self.tz)
    }
}

/// Where [`Journey::locate`] puts the train: the fields of [`TrainState`] that follow from
/// the timetable alone.
struct Position {
    status: Status,
    stop: Option<usize>,
    previous_stop: Option<usize>,
    next_stop: Option<usize>,
    km: f64,
    speed_kmh: f64,
}

impl Position {
    /// Not moving (speed 0) at `km`.
    fn still(
        status: Status,
        stop: Option<usize>,
        previous_stop: Option<usize>,
        next_stop: Option<usize>,
        km: f64,
    ) -> Self {
        Self {
            status,
            stop,
            previous_stop,
            next_stop,
            km,
            speed_kmh: 0.0,
        }
    }
}

impl Journey {
    /// The state of the train at `at`. O(log n) in stops and events.
    #[must_use]
    pub fn state_at(&self, at: DateTime<Utc>) -> TrainState {
        let Position {
            status,
            stop,
            previous_stop,
            next_stop,
            km,
            speed_kmh,
        } = self.locate(at);
        let (lat, lon) = self.coords_at_km(km);
        let tz = self.zone_at(km);
        let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        let journey_day = self.journey_day(at);
        let notable = self.notable();
        let seen = notable.partition_point(|&i| self.timeline()[i].at <= at);
        TrainState {
            at,
            status,
            stop,
            previous_stop,
            next_stop,
            km,
            lat,
            lon,
            speed_kmh,
            tz,
            offset,
            journey_day,
            last_event: seen.checked_sub(1).and_then(|i| notable.get(i)).copied(),
            next_event: notable.get(seen).copied(),
        }
    }

    /// The zone of the train's clock at `at`.
    pub(super) fn train_zone(&self, at: DateTime<Utc>) -> Tz {
        self.zone_at(self.locate(at).km)
    }

    /// Where the train is at `at`: before departure, after arrival, or from the last stop it
    /// reached on.
    fn locate(&self, at: DateTime<Utc>) -> Position {
        let stops = &self.route().stops;
        let last = stops.len().saturating_sub(1);
        let km_of = |i: usize| stops.get(i).map_or(0.0, |s| s.km);
        if at < self.route().departure() {
            let next = (last > 0).then_some(1);
            return Position::still(Status::NotDeparted, Some(0), None, next, km_of(0));
        }
        if at >= self.route().arrival() {
            let previous = last.checked_sub(1);
            return Position::still(Status::Arrived, Some(last), previous, None, km_of(last));
        }
        let i = stops
            .partition_point(|s| s.first_instant() <= at)
            .saturating_sub(1);
        match stops.get(i) {
            Some(stop) => self.locate_from(i, stop, at),
            None => Position::still(Status::Arrived, Some(last), None, None, km_of(last)),
        }
    }

    /// Where the train is at `at`, between departure and arrival, when `stop` (number `i`)
    /// is the last it reached: standing there, or running on towards the next.
    fn locate_from(&self, i: usize, stop: &Stop, at: DateTime<Utc>) -> Position {
        // Standing: during the dwell, and at the arrival second even when the dwell is zero.
        if at < stop.last_instant() || (i > 0 && at == stop.first_instant()) {
            return Position::still(
                Status::Stopped,
                Some(i),
                i.checked_sub(1),
                Some(i + 1),
                stop.km,
            );
        }
        let Some(profile) = self.profile(i) else {
            return Position::still(Status::Stopped, Some(i), i.checked_sub(1), None, stop.km);
        };
        let secs = (at - stop.last_instant()).num_milliseconds() as f64 / 1000.0;
        Position {
            status: Status::Running,
            stop: None,
            previous_stop: Some(i),
            next_stop: Some(i + 1),
            km: stop.km + profile.distance_at(secs) / 1000.0,
            speed_kmh: profile.speed_at(secs) * 3.6,
        }
    }

    /// The instant of the next departure or arrival strictly after `at`, if any.
    #[must_use]
    pub fn next_stop_time(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.stop_times().find(|t| *t > at)
    }

    /// The instant of the last departure or arrival strictly before `at`, if any.
    #[must_use]
    pub fn previous_stop_time(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.stop_times().filter(|t| *t < at).last()
    }

    fn stop_times(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.route()
            .stops
            .iter()
            .flat_map(|s| [s.arrive, s.depart])
            .flatten()
    }

    /// Length of the journey from departure to arrival.
    #[must_use]
    pub fn duration(&self) -> Duration {
        self.route().arrival() - self.route().departure()
    }
}
