//! What realtime data changes at an instant: which trains run and where, how late each is, a
//! trip's scheduled and predicted times, and where its delay began or grew.

use chrono::{DateTime, Duration, Utc};

use super::predict::{NONE, Prediction};
use super::{Instance, Known, Realtime, State, VehicleStatus};
use crate::network::{Network, Scratch, Train};

/// How late a train is, in the four classes the screen colours trains by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lateness {
    /// A minute or more early.
    Early,
    /// Less than a minute early or late.
    OnTime,
    /// One to five minutes late.
    Late,
    /// Five minutes late or more.
    VeryLate,
}

impl Lateness {
    /// The least delay, seconds, that counts as [`Lateness::Late`] (and as early, negated).
    pub const LATE_S: i32 = 60;
    /// The least delay, seconds, that counts as [`Lateness::VeryLate`].
    pub const VERY_LATE_S: i32 = 300;

    /// The class of a delay of `delay_s` seconds.
    #[must_use]
    pub fn of(delay_s: i32) -> Self {
        if delay_s <= -Self::LATE_S {
            Self::Early
        } else if delay_s < Self::LATE_S {
            Self::OnTime
        } else if delay_s < Self::VERY_LATE_S {
            Self::Late
        } else {
            Self::VeryLate
        }
    }

    /// Its words in a legend.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Early => "early (1 min or more)",
            Self::OnTime => "on time",
            Self::Late => "late (1 to 5 min)",
            Self::VeryLate => "very late (5 min or more)",
        }
    }
}

/// One stop of a trip instance with its scheduled and predicted times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopTime {
    /// The stop (an index into [`Network::stops`]).
    pub stop: u32,
    /// Its `stop_sequence`.
    pub sequence: Option<u32>,
    /// The timetable's arrival; `None` for a trip the static feed lacks.
    pub scheduled_arrival: Option<DateTime<Utc>>,
    /// The timetable's departure, likewise.
    pub scheduled_departure: Option<DateTime<Utc>>,
    /// The predicted arrival; `None` without a prediction (and at a skipped stop).
    pub predicted_arrival: Option<DateTime<Utc>>,
    /// The predicted departure, likewise.
    pub predicted_departure: Option<DateTime<Utc>>,
    /// Passed without stopping (`SKIPPED`).
    pub skipped: bool,
}

/// A trip instance's stops and times, as the realtime data in force has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TripTimes {
    /// The instance.
    pub instance: Instance,
    /// The trip does not run (`CANCELED`).
    pub canceled: bool,
    /// The static feed lacks the trip (added by a message).
    pub added: bool,
    /// Every stop, in order.
    pub stops: Vec<StopTime>,
}

/// Whether a delay began, grew, or ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelayKind {
    /// The train became a minute late or more.
    Began,
    /// Its delay grew by a minute or more since last said.
    Grew,
    /// It is less than a minute late again.
    Ended,
}

/// A change of a train's delay along its trip, for a journey's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelayChange {
    /// When: the effective time of the event.
    pub at: DateTime<Utc>,
    /// The stop (index among the trip's stops) where it shows.
    pub stop: usize,
    /// At its departure (else its arrival).
    pub departure: bool,
    /// The delay then, seconds.
    pub delay_s: i32,
    /// What changed.
    pub kind: DelayKind,
}

/// A time of a service day as `HH:MM:SS` (past 24:00 as GTFS writes it).
#[must_use]
pub fn clock_text(secs: i32) -> String {
    let s = i64::from(secs);
    let sign = if s < 0 { "-" } else { "" };
    let s = s.abs();
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

impl Known {
    /// Its scheduled times (its trip's, shifted).
    pub(super) fn scheduled(&self, network: &Network) -> Vec<[i32; 2]> {
        let shift = self.instance.shift;
        network
            .trips
            .get(self.instance.trip as usize)
            .map(|t| network.trip_times(t))
            .unwrap_or(&[])
            .iter()
            .map(|t| [t[0].saturating_add(shift), t[1].saturating_add(shift)])
            .collect()
    }

    /// Seconds of its service day at `at`.
    fn secs(&self, at: DateTime<Utc>) -> i64 {
        (at - self.origin).num_seconds()
    }
}

impl Realtime {
    /// Every train under way at `at`, as [`Network::running`] gives them with the realtime data
    /// in force at `at` applied: cancelled trains left out, trains with predictions placed by
    /// their effective times (running later or earlier than the timetable says), added trips
    /// included, and trains with a fresh vehicle position shown there.
    pub fn running(
        &self,
        network: &Network,
        at: DateTime<Utc>,
        scratch: &mut Scratch,
        out: &mut Vec<Train>,
    ) {
        network.running(at, scratch, out);
        let now = at.timestamp();
        out.retain_mut(|t| {
            let Some(k) = self.known(&instance_of(t)) else {
                return true;
            };
            if k.state_at(now).is_some() {
                return false;
            }
            fix(k, now, t);
            true
        });
        for k in &self.known {
            let Some(State::Predicted(p)) = k.state_at(now) else {
                continue;
            };
            let secs = k.secs(at);
            if secs < i64::from(p.window.0) || secs >= i64::from(p.window.1) {
                continue;
            }
            let Some(trip) = network.trips.get(k.instance.trip as usize) else {
                continue;
            };
            let t = i32::try_from(secs).unwrap_or(i32::MAX);
            let mut train = Train {
                trip: k.instance.trip,
                service_date: k.instance.date,
                shift: k.instance.shift,
                place: network.place_by(trip, &p.effective, t),
            };
            fix(k, now, &mut train);
            out.push(train);
        }
    }

    /// Every train under way at `at` (see [`Realtime::running`]).
    #[must_use]
    pub fn running_at(&self, network: &Network, at: DateTime<Utc>) -> Vec<Train> {
        let mut out = Vec::new();
        self.running(network, at, &mut Scratch::default(), &mut out);
        out
    }

    /// How late `train` is at `at`, seconds (negative: early): the effective minus the
    /// scheduled time of the next event it reaches (its departure while it stands at a stop,
    /// else its arrival at the next stop); `None` when no prediction is in force for it (it
    /// runs by the timetable as far as anyone knows).
    #[must_use]
    pub fn delay(&self, network: &Network, train: &Train, at: DateTime<Utc>) -> Option<i32> {
        let k = self.known(&instance_of(train))?;
        let Some(State::Predicted(p)) = k.state_at(at.timestamp()) else {
            return None;
        };
        let e = &p.effective;
        let secs = k.secs(at);
        let event = e.iter().enumerate().find_map(|(i, t)| {
            if secs < i64::from(t[0]) {
                Some((i, 0))
            } else if secs < i64::from(t[1]) {
                Some((i, 1))
            } else {
                None
            }
        });
        let (i, side) = event.unwrap_or((e.len().saturating_sub(1), 0));
        let scheduled = network
            .trips
            .get(k.instance.trip as usize)
            .and_then(|t| network.trip_times(t).get(i));
        let (Some(e), Some(s)) = (e.get(i), scheduled) else {
            return Some(0);
        };
        Some(e[side].saturating_sub(s[side].saturating_add(k.instance.shift)))
    }

    /// How many of `trains` are [`Lateness::Late`] or [`Lateness::VeryLate`] at `at`.
    #[must_use]
    pub fn late_count(&self, network: &Network, trains: &[Train], at: DateTime<Utc>) -> usize {
        trains
            .iter()
            .filter_map(|t| self.delay(network, t, at))
            .filter(|&d| d >= Lateness::LATE_S)
            .count()
    }

    /// The service dates (and runs) of `trip` that realtime data names, in order.
    #[must_use]
    pub fn instances_of(&self, trip: u32) -> Vec<Instance> {
        let mut out: Vec<Instance> = self
            .known
            .iter()
            .filter(|k| k.instance.trip == trip && !k.versions.is_empty())
            .map(|k| k.instance)
            .collect();
        out.sort_unstable();
        out
    }

    /// The stops of `instance` with their scheduled times and the predicted ones in force at
    /// `at` (the last received when `None`); `None` for a trip that does not run.
    #[must_use]
    pub fn trip_times(
        &self,
        network: &Network,
        instance: Instance,
        at: Option<DateTime<Utc>>,
    ) -> Option<TripTimes> {
        let trip = network.trips.get(instance.trip as usize)?;
        let stops = network.pattern_stops(network.pattern_of(trip)?);
        let known = self.known(&instance);
        let state = known.and_then(|k| match at {
            Some(at) => k.state_at(at.timestamp()),
            None => k.versions.last().map(|v| &v.state),
        });
        let added = known.is_some_and(|k| k.added);
        let origin = crate::network::clock::service_origin(instance.date, network.zone);
        let instant = |s: i32| (s != NONE).then(|| origin + Duration::seconds(i64::from(s)));
        let predicted = match state {
            Some(State::Predicted(p)) => Some(p),
            _ => None,
        };
        let scheduled = network.trip_times(trip);
        let rows = stops
            .iter()
            .enumerate()
            .map(|(i, &stop)| {
                let s = scheduled.get(i).copied().unwrap_or([NONE, NONE]);
                let shifted = |v: i32| instant(v.saturating_add(instance.shift));
                let skipped = predicted.is_some_and(|p| p.is_skipped(i));
                let p = predicted
                    .filter(|_| !skipped)
                    .and_then(|p| p.times.get(i).copied())
                    .unwrap_or([NONE, NONE]);
                StopTime {
                    stop,
                    sequence: network.stop_sequence(instance.trip, i),
                    scheduled_arrival: (!added).then(|| shifted(s[0])).flatten(),
                    scheduled_departure: (!added).then(|| shifted(s[1])).flatten(),
                    predicted_arrival: instant(p[0]),
                    predicted_departure: instant(p[1]),
                    skipped,
                }
            })
            .collect();
        Some(TripTimes {
            instance,
            canceled: matches!(state, Some(State::Canceled)),
            added,
            stops: rows,
        })
    }

    /// Where the delay of `instance` began, grew (by a minute or more since last said) or ended
    /// along its trip, by the prediction in force at `at`, in trip order.
    #[must_use]
    pub fn delay_changes(
        &self,
        network: &Network,
        instance: Instance,
        at: DateTime<Utc>,
    ) -> Vec<DelayChange> {
        let Some(k) = self.known(&instance) else {
            return Vec::new();
        };
        let Some(State::Predicted(p)) = k.state_at(at.timestamp()) else {
            return Vec::new();
        };
        changes(k, &k.scheduled(network), p)
    }
}

/// The delay changes of `k` along its effective times.
fn changes(k: &Known, scheduled: &[[i32; 2]], p: &Prediction) -> Vec<DelayChange> {
    let e = &p.effective;
    let mut out = Vec::new();
    let mut said = 0;
    for (i, (e, s)) in e.iter().zip(scheduled).enumerate() {
        for side in 0..2 {
            let delay = e[side].saturating_sub(s[side]);
            let kind = if said < Lateness::LATE_S && delay >= Lateness::LATE_S {
                DelayKind::Began
            } else if said >= Lateness::LATE_S && delay >= said.saturating_add(Lateness::LATE_S) {
                DelayKind::Grew
            } else if said >= Lateness::LATE_S && delay < Lateness::LATE_S {
                DelayKind::Ended
            } else {
                // A delay that shrinks but stays is growth measured from its least.
                said = said.min(delay.max(Lateness::LATE_S));
                continue;
            };
            said = delay;
            out.push(DelayChange {
                at: k.origin + Duration::seconds(i64::from(e[side])),
                stop: i,
                departure: side == 1,
                delay_s: delay,
                kind,
            });
        }
    }
    out
}

/// The delay at `secs` of its service day of a run by `effective` times against `scheduled`
/// ones, as [`Realtime::delay`] counts it: the stop of the next event the train reaches,
/// whether that is its departure, and the delay then.
pub(super) fn instance_delay(
    effective: &[[i32; 2]],
    scheduled: &[[i32; 2]],
    secs: i64,
) -> Option<(usize, bool, i32)> {
    let event = effective.iter().enumerate().find_map(|(i, t)| {
        if secs < i64::from(t[0]) {
            Some((i, 0))
        } else if secs < i64::from(t[1]) {
            Some((i, 1))
        } else {
            None
        }
    });
    let (i, side) = event.unwrap_or((effective.len().saturating_sub(1), 0));
    let (e, s) = (effective.get(i)?, scheduled.get(i)?);
    Some((i, side == 1, e[side].saturating_sub(s[side])))
}

/// The instance a train is a run of.
fn instance_of(t: &Train) -> Instance {
    Instance {
        trip: t.trip,
        date: t.service_date,
        shift: t.shift,
    }
}

/// Show `train` at the vehicle position of `k` fresh at `now`, if any.
fn fix(k: &Known, now: i64, train: &mut Train) {
    let Some(f) = k.fix_at(now) else { return };
    train.place.coord = f.coord;
    if let Some(stop) = f.stop {
        let (from, to) = match f.status {
            VehicleStatus::StoppedAt => (stop, stop),
            VehicleStatus::IncomingAt | VehicleStatus::InTransitTo => {
                (stop.saturating_sub(1), stop)
            }
        };
        if (from, to) != (train.place.from, train.place.to) {
            train.place.fraction = 0.0;
        }
        train.place.from = from;
        train.place.to = to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::realtime::predict::predict;
    use crate::network::realtime::{Event, StopUpdate};
    use chrono::NaiveDate;

    #[test]
    fn lateness_classes_start_at_a_minute_and_five() {
        assert_eq!(Lateness::of(-60), Lateness::Early);
        assert_eq!(Lateness::of(-59), Lateness::OnTime);
        assert_eq!(Lateness::of(59), Lateness::OnTime);
        assert_eq!(Lateness::of(60), Lateness::Late);
        assert_eq!(Lateness::of(299), Lateness::Late);
        assert_eq!(Lateness::of(300), Lateness::VeryLate);
        assert_eq!(clock_text(25 * 3600 + 61), "25:01:01");
        assert_eq!(clock_text(-90), "-00:01:30");
    }

    #[test]
    fn a_delay_begins_grows_and_ends_along_the_trip() {
        let date = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
        let k = Known {
            instance: Instance {
                trip: 0,
                date,
                shift: 0,
            },
            origin: DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
            added: false,
            versions: Vec::new(),
            fixes: Vec::new(),
        };
        let scheduled: Vec<[i32; 2]> = (0..5).map(|i| [i * 600, i * 600 + 60]).collect();
        let by = |d: i32| StopUpdate {
            arrival: Some(Event {
                time: None,
                delay: Some(d),
            }),
            ..StopUpdate::default()
        };
        let (a, b, c, d) = (by(30), by(200), by(400), by(10));
        let p = predict(&scheduled, 0, None, &[(1, &a), (2, &b), (3, &c), (4, &d)]);
        let changes = changes(&k, &scheduled, &p);
        let seen: Vec<(usize, bool, i32, DelayKind)> = changes
            .iter()
            .map(|c| (c.stop, c.departure, c.delay_s, c.kind))
            .collect();
        // 30 s late at stop 1 is on time; 200 s at stop 2 begins a delay (at its arrival, and
        // its departure says nothing new); 400 s at stop 3 grows it; 10 s at stop 4 ends it.
        assert_eq!(
            seen,
            [
                (2, false, 200, DelayKind::Began),
                (3, false, 400, DelayKind::Grew),
                (4, false, 10, DelayKind::Ended)
            ]
        );
        assert_eq!(changes[0].at.timestamp(), 1200 + 200);
    }
}
