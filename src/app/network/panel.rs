//! What the selected train's panel and a stop's departures show, worked out from the model
//! (the view only lays them out): each time as a (scheduled, predicted) pair, the same until
//! real-time data says otherwise.

use chrono::{DateTime, Duration, Utc};

use super::{Moving, NetworkView};
use crate::network::Train;
use crate::network::clock::service_origin;
use crate::network::realtime::{Instance, TripTimes};

/// A time by the timetable and as now expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// By the timetable.
    pub scheduled: DateTime<Utc>,
    /// As now expected (the scheduled time plus the delay).
    pub predicted: DateTime<Utc>,
}

impl Times {
    /// `scheduled`, `delay_s` late.
    #[must_use]
    pub fn late(scheduled: DateTime<Utc>, delay_s: i32) -> Self {
        Self {
            scheduled,
            predicted: scheduled + Duration::seconds(i64::from(delay_s)),
        }
    }

    /// Seconds late (negative: early).
    #[must_use]
    pub fn delay_s(&self) -> i64 {
        (self.predicted - self.scheduled).num_seconds()
    }
}

/// A call of the selected train at one of its stops still ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The stop (an index into the network's stops).
    pub stop: u32,
    /// Its arrival there.
    pub arrival: Times,
}

/// The selected train as its panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainCard {
    /// The route's short name (or long name).
    pub route: String,
    /// The route's long name.
    pub route_long: String,
    /// The route (an index), for its colour.
    pub route_index: u32,
    /// The trip's id.
    pub trip: String,
    /// Its headsign, else its last stop's name.
    pub towards: String,
    /// The stop it stands at or last left.
    pub from: u32,
    /// Whether it stands at `from` now.
    pub standing: bool,
    /// Its departure from the first stop.
    pub departed: Times,
    /// The stops ahead, the next first.
    pub ahead: Vec<Call>,
    /// Seconds late.
    pub delay_s: i32,
}

impl NetworkView {
    /// The selected train's card, when one is selected and running.
    #[must_use]
    pub fn card(&self) -> Option<TrainCard> {
        let m = self.selected_train()?;
        card_of(self, m)
    }
}

fn card_of(view: &NetworkView, m: &Moving) -> Option<TrainCard> {
    let network = view.network();
    let trip = network.trips().get(m.train.trip as usize)?;
    let route = network.routes().get(trip.route as usize)?;
    let stops = network.pattern_stops(network.pattern_of(trip)?);
    let times = network.trip_times(trip);
    let origin = service_origin(m.train.service_date, network.zone);
    let at = |secs: i32| origin + Duration::seconds(i64::from(secs) + i64::from(m.train.shift));
    let place = m.train.place;
    // With realtime data, each stop's own prediction (a skipped stop is left out); without,
    // the timetable shifted by the train's delay.
    let predicted = view
        .atlas()
        .realtime
        .as_ref()
        .and_then(|r| r.trip_times(network, instance_of(&m.train), Some(view.now)));
    let ahead = stops
        .iter()
        .zip(times)
        .enumerate()
        .skip(place.to + usize::from(place.from == place.to))
        .filter_map(|(i, (&stop, t))| {
            let row = predicted.as_ref().and_then(|p| p.stops.get(i));
            if row.is_some_and(|r| r.skipped) {
                return None;
            }
            let scheduled = at(t[0]);
            let arrival = match row.and_then(|r| r.predicted_arrival) {
                Some(p) => Times {
                    scheduled,
                    predicted: p,
                },
                None => Times::late(scheduled, if predicted.is_some() { 0 } else { m.delay_s }),
            };
            Some(Call { stop, arrival })
        })
        .collect();
    let last = stops.last().and_then(|&s| network.stops().get(s as usize));
    let towards = if trip.headsign.is_empty() {
        last.map_or_else(String::new, |s| s.name.to_string())
    } else {
        trip.headsign.to_string()
    };
    let short = if route.short_name.is_empty() {
        &route.long_name
    } else {
        &route.short_name
    };
    Some(TrainCard {
        route: short.to_string(),
        route_long: route.long_name.to_string(),
        route_index: trip.route,
        trip: trip.id.to_string(),
        towards,
        from: *stops.get(place.from)?,
        standing: place.from == place.to,
        departed: departed(at(times.first()?[1]), predicted.as_ref()),
        ahead,
        delay_s: m.delay_s,
    })
}

/// The departure from the first stop, `scheduled` by the timetable: as the realtime data
/// has it, or on time (a delay that began later on the way does not move it).
fn departed(scheduled: DateTime<Utc>, predicted: Option<&TripTimes>) -> Times {
    predicted
        .and_then(|p| p.stops.first())
        .and_then(|first| first.predicted_departure)
        .map_or(Times::late(scheduled, 0), |predicted| Times {
            scheduled,
            predicted,
        })
}

/// The trip instance `train` is a run of.
fn instance_of(train: &Train) -> Instance {
    Instance {
        trip: train.trip,
        date: train.service_date,
        shift: train.shift,
    }
}
