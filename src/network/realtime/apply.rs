//! A message applied: each update matched to a trip instance (or a trip added to the network),
//! its stop updates placed on the trip's stops, and the result recorded from the message's
//! timestamp on.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::predict::{Prediction, predict};
use super::{
    Applied, Fix, Instance, Known, Realtime, Snapshot, State, StopRelation, StopUpdate, TripRef,
    TripRelation, TripUpdate, VehiclePosition, Version,
};
use crate::network::clock::service_origin;
use crate::network::geometry::cumulative_km;
use crate::network::{Network, Pattern, Service, Trip};
use crate::util::text::quote;

/// What an update did.
enum Did {
    Predicted,
    Canceled,
    Added,
}

impl Applied {
    /// Count an update or position that did not apply, keeping the first few reasons.
    fn miss(&mut self, why: String) {
        self.missed += 1;
        if self.misses.len() < 3 && !self.misses.contains(&why) {
            self.misses.push(why);
        }
    }
}

impl Realtime {
    /// Apply one message to `network` (adding the trips it adds), its predictions and positions
    /// in force from its timestamp on; what it did comes back for the warnings.
    pub fn add(&mut self, network: &mut Network, snapshot: &Snapshot) -> Applied {
        self.prepare(network);
        let mut applied = Applied {
            updates: snapshot.updates.len(),
            positions: snapshot.positions.len(),
            ..Applied::default()
        };
        for u in &snapshot.updates {
            match self.update(network, u, snapshot.timestamp) {
                Ok(did) => {
                    applied.matched += 1;
                    match did {
                        Did::Canceled => applied.canceled += 1,
                        Did::Added => applied.added += 1,
                        Did::Predicted => {}
                    }
                }
                Err(why) => applied.miss(why),
            }
        }
        for p in &snapshot.positions {
            match self.position(network, p, snapshot.timestamp) {
                Ok(()) => applied.positions_matched += 1,
                Err(why) => applied.miss(why),
            }
        }
        if let Some(at) = snapshot.timestamp
            && applied.matched + applied.positions_matched > 0
        {
            self.first_received = Some(self.first_received.map_or(at, |f| f.min(at)));
        }
        applied
    }

    /// The lookups made once: trip ids, and the runs of trips that run several times.
    fn prepare(&mut self, network: &Network) {
        if self.ready {
            return;
        }
        self.ready = true;
        for (i, t) in network.trips.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.trip_ids.entry(t.id.clone()).or_insert(i);
        }
        for (i, s) in network.stops.iter().enumerate() {
            if s.coord.is_some() {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                self.stop_ids.entry(s.id.clone()).or_insert(i);
            }
        }
        for run in network.index.runs() {
            if run.shift != 0 {
                self.repeated.entry(run.trip).or_default().push(run.shift);
            }
        }
        for shifts in self.repeated.values_mut() {
            shifts.sort_unstable();
            shifts.dedup();
        }
    }

    /// Apply one trip update.
    fn update(
        &mut self,
        network: &mut Network,
        u: &TripUpdate,
        received: Option<i64>,
    ) -> Result<Did, String> {
        let from = received.unwrap_or(i64::MIN);
        let known = u
            .trip
            .trip_id
            .as_deref()
            .and_then(|id| self.trip_ids.get(id));
        match u.trip.relation {
            TripRelation::Duplicated => {
                Err("DUPLICATED trips are not supported yet; they are left out".into())
            }
            TripRelation::Added | TripRelation::Unscheduled if known.is_none() => {
                self.add_trip(network, u, from)
            }
            TripRelation::Replacement => {
                let instance = self.instance(network, &u.trip, reference(u, received))?;
                self.record(network, instance, from, State::Canceled, false);
                self.add_trip(network, u, from)
            }
            TripRelation::Canceled => {
                let instance = self.instance(network, &u.trip, reference(u, received))?;
                self.record(network, instance, from, State::Canceled, false);
                Ok(Did::Canceled)
            }
            _ => {
                let instance = self.instance(network, &u.trip, reference(u, received))?;
                let prediction = prediction(network, instance, u);
                self.record(network, instance, from, State::Predicted(prediction), false);
                Ok(Did::Predicted)
            }
        }
    }

    /// Record `state` for `instance` from `from` on (nothing when the state before is the same).
    fn record(
        &mut self,
        network: &Network,
        instance: Instance,
        from: i64,
        state: State,
        added: bool,
    ) {
        let k = self.entry(network, instance, added);
        let versions = &mut self.known[k].versions;
        let at = versions.partition_point(|v| v.from <= from);
        if at > 0 && versions[at - 1].state == state {
            return;
        }
        versions.insert(at, Version { from, state });
    }

    /// The index of `instance` among the known, added if new.
    fn entry(&mut self, network: &Network, instance: Instance, added: bool) -> usize {
        if let Some(&k) = self.lookup.get(&instance) {
            return k as usize;
        }
        let k = self.known.len();
        self.known.push(Known {
            instance,
            origin: service_origin(instance.date, network.zone),
            added,
            versions: Vec::new(),
            fixes: Vec::new(),
        });
        self.lookup
            .insert(instance, u32::try_from(k).unwrap_or(u32::MAX));
        k
    }

    /// Apply a vehicle position to the train of its trip.
    fn position(
        &mut self,
        network: &Network,
        p: &VehiclePosition,
        received: Option<i64>,
    ) -> Result<(), String> {
        let Some(coord) = p.coord.filter(|c| {
            c.0.is_finite() && c.1.is_finite() && c.0.abs() <= 90.0 && c.1.abs() <= 180.0
        }) else {
            return Err("a vehicle position without a latitude and longitude in range".into());
        };
        let when = p.timestamp.or(received);
        let instance = self.instance(network, &p.trip, when)?;
        let stop = match (p.stop_sequence, p.stop_id.as_deref()) {
            (Some(seq), _) => network.stop_position(instance.trip, seq),
            (None, Some(id)) => stop_index_of(network, instance.trip, id, 0),
            (None, None) => None,
        };
        let from = when.unwrap_or(i64::MIN);
        let k = self.entry(network, instance, false);
        let fixes = &mut self.known[k].fixes;
        let at = fixes.partition_point(|f| f.from <= from);
        let until = fixes
            .get(at)
            .map_or(i64::MAX, |next| next.from)
            .min(from.saturating_add(super::FIX_SECONDS));
        if let Some(before) = at.checked_sub(1).and_then(|b| fixes.get_mut(b)) {
            before.until = before.until.min(from);
        }
        fixes.insert(
            at,
            Fix {
                from,
                until,
                coord,
                stop,
                status: p.status,
            },
        );
        Ok(())
    }
}

/// The instant an update's trip is looked for near: its first given `time`, else the message's.
fn reference(u: &TripUpdate, received: Option<i64>) -> Option<i64> {
    u.stops
        .iter()
        .flat_map(|s| [s.arrival, s.departure])
        .flatten()
        .find_map(|e| e.time)
        .or(received)
}

/// The prediction an update makes for `instance`.
fn prediction(network: &Network, instance: Instance, u: &TripUpdate) -> Prediction {
    let trip = &network.trips[instance.trip as usize];
    let scheduled: Vec<[i32; 2]> = network
        .trip_times(trip)
        .iter()
        .map(|t| {
            [
                t[0].saturating_add(instance.shift),
                t[1].saturating_add(instance.shift),
            ]
        })
        .collect();
    let placed = place(network, instance.trip, &u.stops);
    let origin = service_origin(instance.date, network.zone).timestamp();
    predict(&scheduled, origin, u.delay, &placed)
}

/// Each stop update at its stop's index (by `stop_sequence`, else the first stop with its
/// `stop_id` after the one before), in stop order; those that name no stop of the trip are
/// left out.
fn place<'a>(
    network: &Network,
    trip: u32,
    stops: &'a [StopUpdate],
) -> Vec<(usize, &'a StopUpdate)> {
    let mut out = Vec::with_capacity(stops.len());
    let mut after = 0;
    for s in stops {
        let k = match (s.sequence, s.stop_id.as_deref()) {
            (Some(seq), _) => network.stop_position(trip, seq),
            (None, Some(id)) => stop_index_of(network, trip, id, after),
            (None, None) => None,
        };
        if let Some(k) = k {
            out.push((k, s));
            after = k + 1;
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

/// The index of the first stop of `trip` at or after `after` whose `stop_id` is `id`.
fn stop_index_of(network: &Network, trip: u32, id: &str, after: usize) -> Option<usize> {
    let t = network.trips.get(trip as usize)?;
    let stops = network.pattern_stops(network.pattern_of(t)?);
    stops
        .iter()
        .enumerate()
        .skip(after)
        .find(|(_, s)| {
            network
                .stops
                .get(**s as usize)
                .is_some_and(|s| &*s.id == id)
        })
        .map(|(k, _)| k)
}

impl Realtime {
    /// The trip instance `r` names: by `trip_id` (and `start_time` for a trip of
    /// `frequencies.txt`), else by `route_id` + `start_date` + `start_time`; without a
    /// `start_date`, the run nearest `near` (POSIX seconds).
    fn instance(
        &self,
        network: &Network,
        r: &TripRef,
        near: Option<i64>,
    ) -> Result<Instance, String> {
        let Some(id) = r.trip_id.as_deref() else {
            return by_route(network, r, near);
        };
        let Some(&trip) = self.trip_ids.get(id) else {
            if r.route_id.is_some() && r.start_time.is_some() {
                return by_route(network, r, near);
            }
            return Err(format!("trip_id {} is not in the feed", quote(id)));
        };
        let t = &network.trips[trip as usize];
        let Some(first) = network.trip_times(t).first().map(|x| x[1]) else {
            return Err(format!(
                "trip {} does not run (see the feed's warnings)",
                quote(id)
            ));
        };
        let shifts: &[i32] = self.repeated.get(&trip).map_or(&[0], |s| s.as_slice());
        let shifts: Vec<i32> = match (r.start_time, self.repeated.contains_key(&trip)) {
            (Some(start), true) => vec![start.saturating_sub(first)],
            _ => shifts.to_vec(),
        };
        let service = network.services.get(t.service as usize);
        if let Some(date) = r.start_date {
            if !service.is_some_and(|s| s.runs(date)) {
                return Err(format!("trip {} does not run on {date}", quote(id)));
            }
            let shift = nearest_shift(network, trip, date, &shifts, near);
            return Ok(Instance { trip, date, shift });
        }
        nearest_run(network, trip, &shifts, near)
            .ok_or_else(|| format!("trip {} runs on no date of the feed", quote(id)))
    }
}

/// The seconds from the instant `near` to the run of `trip` on `date` shifted by `shift`
/// (0 while it runs).
fn distance(network: &Network, trip: u32, date: NaiveDate, shift: i32, near: i64) -> i64 {
    let t = &network.trips[trip as usize];
    let times = network.trip_times(t);
    let (Some(first), Some(last)) = (times.first(), times.last()) else {
        return i64::MAX;
    };
    let origin = service_origin(date, network.zone).timestamp();
    let start = origin + i64::from(first[1]) + i64::from(shift);
    let end = origin + i64::from(last[0]) + i64::from(shift);
    if near < start {
        start.saturating_sub(near)
    } else {
        near.saturating_sub(end).max(0)
    }
}

/// The shift among `shifts` whose run on `date` lies nearest `near` (the first without one).
fn nearest_shift(
    network: &Network,
    trip: u32,
    date: NaiveDate,
    shifts: &[i32],
    near: Option<i64>,
) -> i32 {
    let first = shifts.first().copied().unwrap_or(0);
    let Some(near) = near else { return first };
    shifts
        .iter()
        .copied()
        .min_by_key(|&s| distance(network, trip, date, s, near))
        .unwrap_or(first)
}

/// The run of `trip` nearest `near` over the dates its service runs around it; without
/// `near`, its first date and run.
fn nearest_run(
    network: &Network,
    trip: u32,
    shifts: &[i32],
    near: Option<i64>,
) -> Option<Instance> {
    let t = &network.trips[trip as usize];
    let service = network.services.get(t.service as usize)?;
    let Some(near) = near else {
        let date = service.first_date()?;
        let date = service.dates_from(date, 1).first().copied()?;
        let shift = shifts.first().copied().unwrap_or(0);
        return Some(Instance { trip, date, shift });
    };
    let day = DateTime::<Utc>::from_timestamp(near, 0)?
        .with_timezone(&network.zone)
        .date_naive();
    let last = network.trip_times(t).last().map_or(0, |x| x[0]);
    let span = i64::from(last.max(0)) + i64::from(shifts.iter().copied().max().unwrap_or(0).max(0));
    let back = u64::try_from(span / 86_400 + 1).unwrap_or(1);
    let mut best: Option<(i64, Instance)> = None;
    let mut date = day.checked_sub_days(Days::new(back)).unwrap_or(day);
    while date <= day.succ_opt().unwrap_or(day) {
        if service.runs(date) {
            for &shift in shifts {
                let d = distance(network, trip, date, shift, near);
                if best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, Instance { trip, date, shift }));
                }
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    best.map(|(_, i)| i)
}

/// The run of route `route_id` that departs at `start_time` on `start_date` (or the date of
/// `near`, in the agency's zone).
fn by_route(network: &Network, r: &TripRef, near: Option<i64>) -> Result<Instance, String> {
    let (Some(route_id), Some(start)) = (r.route_id.as_deref(), r.start_time) else {
        return Err("a trip named by neither a trip_id nor a route_id and start_time".into());
    };
    let Some(route) = network.routes.iter().position(|x| &*x.id == route_id) else {
        return Err(format!("route_id {} is not in the feed", quote(route_id)));
    };
    let date = r.start_date.or_else(|| {
        near.and_then(|n| DateTime::<Utc>::from_timestamp(n, 0))
            .map(|t| t.with_timezone(&network.zone).date_naive())
    });
    let Some(date) = date else {
        return Err(format!(
            "a trip of route {} named by its start_time without a start_date",
            quote(route_id)
        ));
    };
    let mut found: Vec<Instance> = network
        .index
        .runs()
        .iter()
        .filter(|run| run.start == start)
        .filter(|run| {
            let t = &network.trips[run.trip as usize];
            t.route as usize == route
                && network
                    .services
                    .get(t.service as usize)
                    .is_some_and(|s| s.runs(date))
        })
        .map(|run| Instance {
            trip: run.trip,
            date,
            shift: run.shift,
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    let clock = super::clock_text(start);
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no trip of route {} departs at {clock} on {date}",
            quote(route_id)
        )),
        many => Err(format!(
            "{} trips of route {} depart at {clock} on {date}: give a trip_id",
            many.len(),
            quote(route_id)
        )),
    }
}

impl Realtime {
    /// Add the trip an `ADDED`, `NEW`, `UNSCHEDULED` or `REPLACEMENT` update gives: every stop
    /// update with a `stop_id` and a `time`, not skipped.
    fn add_trip(
        &mut self,
        network: &mut Network,
        u: &TripUpdate,
        from: i64,
    ) -> Result<Did, String> {
        let id: Box<str> = u.trip.trip_id.clone().unwrap_or_else(|| "(added)".into());
        let static_route = self
            .trip_ids
            .get(&*id)
            .and_then(|&t| network.trips.get(t as usize))
            .map(|t| t.route);
        let route = match u.trip.route_id.as_deref() {
            Some(r) => network
                .routes
                .iter()
                .position(|x| &*x.id == r)
                .and_then(|i| u32::try_from(i).ok()),
            None => static_route,
        };
        let Some(route) = route else {
            return Err(format!(
                "added trip {} names no route_id of the feed (or one --routes/--types leaves out)",
                quote(&id)
            ));
        };
        let (stops, instants) = added_stops(&self.stop_ids, &u.stops);
        if stops.len() < 2 {
            return Err(format!(
                "added trip {} has fewer than two stops with a stop_id of the feed and a time",
                quote(&id)
            ));
        }
        let date = u.trip.start_date.unwrap_or_else(|| {
            DateTime::<Utc>::from_timestamp(instants[0][1], 0)
                .unwrap_or_default()
                .with_timezone(&network.zone)
                .date_naive()
        });
        let origin = service_origin(date, network.zone).timestamp();
        let secs = |t: i64| i32::try_from(t.saturating_sub(origin)).unwrap_or(i32::MAX);
        let times: Vec<[i32; 2]> = instants.iter().map(|t| [secs(t[0]), secs(t[1])]).collect();
        let trip = self.added_trip(network, &id, route, date, &stops, &times, from);
        let instance = Instance {
            trip,
            date,
            shift: 0,
        };
        self.record(
            network,
            instance,
            from,
            State::Predicted(Prediction::exact(&times)),
            true,
        );
        Ok(Did::Added)
    }

    /// The network's trip for an added trip: the one an earlier message added with these
    /// stops on this date, else a new one (and the earlier one, with other stops, cancelled).
    #[allow(clippy::too_many_arguments)] // the parts of one added trip
    fn added_trip(
        &mut self,
        network: &mut Network,
        id: &str,
        route: u32,
        date: NaiveDate,
        stops: &[u32],
        times: &[[i32; 2]],
        from: i64,
    ) -> u32 {
        let earlier: Vec<Instance> = self
            .known
            .iter()
            .filter(|k| k.added && k.instance.date == date)
            .map(|k| k.instance)
            .filter(|i| {
                network
                    .trips
                    .get(i.trip as usize)
                    .is_some_and(|t| &*t.id == id)
            })
            .collect();
        for instance in earlier {
            let t = &network.trips[instance.trip as usize];
            let same = network
                .pattern_of(t)
                .is_some_and(|p| network.pattern_stops(p) == stops);
            if same {
                return instance.trip;
            }
            self.record(network, instance, from, State::Canceled, true);
        }
        let trip = push_trip(network, id, route, date, stops, times);
        self.trip_ids.entry(id.into()).or_insert(trip);
        trip
    }
}

/// The stops of an added trip (those with a `stop_id` of the feed that has coordinates and a
/// `time`, not skipped) and their arrival and departure instants (POSIX), never going back.
fn added_stops(
    stop_ids: &HashMap<Box<str>, u32>,
    updates: &[StopUpdate],
) -> (Vec<u32>, Vec<[i64; 2]>) {
    let mut stops = Vec::new();
    let mut instants: Vec<[i64; 2]> = Vec::new();
    for s in updates {
        if s.relation == StopRelation::Skipped {
            continue;
        }
        let Some(&stop) = s.stop_id.as_deref().and_then(|id| stop_ids.get(id)) else {
            continue;
        };
        let a = s.arrival.and_then(|e| e.time);
        let d = s.departure.and_then(|e| e.time);
        let Some((a, d)) = a.or(d).zip(d.or(a)) else {
            continue;
        };
        let before = instants.last().map_or(i64::MIN, |l| l[1]);
        if a < before || d < a {
            continue;
        }
        stops.push(stop);
        instants.push([a, d]);
    }
    (stops, instants)
}

/// Append a trip to the network: its own service (on `date` only), pattern (no shape: great
/// circles between the stops) and times. Its runs come from [`Realtime`], not the index.
fn push_trip(
    network: &mut Network,
    id: &str,
    route: u32,
    date: NaiveDate,
    stops: &[u32],
    times: &[[i32; 2]],
) -> u32 {
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let service = to_u32(network.services.len());
    network.services.push(Service {
        added: [date].into(),
        ..Service::default()
    });
    network.service_ids.push("(realtime)".into());
    let coords: Vec<(f64, f64)> = stops
        .iter()
        .map(|&s| network.stops[s as usize].coord.unwrap_or((0.0, 0.0)))
        .collect();
    let first = to_u32(network.pattern_stops.len());
    network.pattern_stops.extend_from_slice(stops);
    #[allow(clippy::cast_possible_truncation)] // km between stops, to the metre
    network
        .pattern_along
        .extend(cumulative_km(&coords).iter().map(|&k| k as f32));
    let pattern = to_u32(network.patterns.len());
    network.patterns.push(Pattern {
        shape: None,
        first,
        len: to_u32(stops.len()),
    });
    let at = to_u32(network.times.len());
    network.times.extend_from_slice(times);
    let trip = to_u32(network.trips.len());
    network.trips.push(Trip {
        id: id.into(),
        route,
        service,
        headsign: "".into(),
        pattern,
        times: at,
    });
    network.sequences.add(trip, 1..=to_u32(stops.len()));
    // Found by `trip_index` like any other (after the feed's own trip of the same id).
    let at = network
        .by_id
        .partition_point(|&t| network.trips.get(t as usize).is_some_and(|t| &*t.id <= id));
    network.by_id.insert(at, trip);
    trip
}
