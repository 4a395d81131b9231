//! Which trains arrive at a stop, and when: for narrating a feed at one stop (`longrail --feed
//! FEED --narrate --stop STOP`). The calls at the stop are found once ([`Network::calls_at`]),
//! sorted by their time of the service day; the arrivals in a stretch of time
//! ([`Network::arrivals`]) are then a binary search per service date that could reach it.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::Network;
use super::clock::service_origin;

/// A run calling at one of the chosen stops (not its first stop: a train that starts there
/// does not arrive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// The arrival, seconds of the service day (a `frequencies.txt` run's own).
    pub arrive: i32,
    /// The trip (an index into [`Network::trips`]).
    pub trip: u32,
    /// Its service.
    pub service: u32,
    /// The stop (an index into [`Network::stops`]).
    pub stop: u32,
    /// Whether the stop is the trip's last.
    pub last: bool,
    /// Where the stop is among the trip's (its index in the trip's times).
    pub position: u32,
}

/// A train arriving at a chosen stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    /// When.
    pub at: DateTime<Utc>,
    /// The service date its times count from.
    pub service_date: NaiveDate,
    /// The call.
    pub call: Call,
    /// How late realtime data says it is, seconds (negative: early); `None` without a
    /// prediction (it is `at`, by the timetable, as far as anyone knows).
    pub delay_s: Option<i32>,
}

impl Network {
    /// Every call of every run at `stops` (indices into [`Network::stops`]), by time of day.
    #[must_use]
    pub fn calls_at(&self, stops: &[u32]) -> Vec<Call> {
        let mut calls = Vec::new();
        for service in 0..u32::try_from(self.services.len()).unwrap_or(u32::MAX) {
            for run in self.index.runs_of(service) {
                let Some(trip) = self.trips.get(run.trip as usize) else {
                    continue;
                };
                let Some(pattern) = self.pattern_of(trip) else {
                    continue;
                };
                let times = self.trip_times(trip);
                let on = self.pattern_stops(pattern);
                for (k, stop) in on.iter().enumerate().skip(1) {
                    if let (true, Some(t)) = (stops.contains(stop), times.get(k)) {
                        calls.push(Call {
                            arrive: t[0].saturating_add(run.shift),
                            trip: run.trip,
                            service,
                            stop: *stop,
                            last: k + 1 == on.len(),
                            position: u32::try_from(k).unwrap_or(u32::MAX),
                        });
                    }
                }
            }
        }
        calls.sort_unstable_by_key(|c| (c.arrive, c.trip, c.stop));
        calls
    }

    /// The arrivals of `calls` (from [`Network::calls_at`]) after `from` and up to `to`, in
    /// time order.
    #[must_use]
    pub fn arrivals(&self, calls: &[Call], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Arrival> {
        let mut out = Vec::new();
        let (Some(first), Some(last)) = (calls.first(), calls.last()) else {
            return out;
        };
        // The service dates whose day can reach (from, to]: as far back as the latest call.
        let back = u64::try_from(last.arrive.max(0) / 86_400 + 2).unwrap_or(2);
        let today = from.with_timezone(&self.zone).date_naive();
        let end = to.with_timezone(&self.zone).date_naive();
        let mut date = today.checked_sub_days(Days::new(back)).unwrap_or(today);
        while date <= end.succ_opt().unwrap_or(end) {
            let origin = service_origin(date, self.zone);
            let (t0, t1) = ((from - origin).num_seconds(), (to - origin).num_seconds());
            if t1 >= i64::from(first.arrive) && t0 < i64::from(last.arrive) {
                let lo = calls.partition_point(|c| i64::from(c.arrive) <= t0);
                let hi = calls.partition_point(|c| i64::from(c.arrive) <= t1);
                for call in &calls[lo..hi] {
                    let runs = self
                        .services
                        .get(call.service as usize)
                        .is_some_and(|s| s.runs(date));
                    if runs {
                        out.push(Arrival {
                            at: origin + chrono::Duration::seconds(i64::from(call.arrive)),
                            service_date: date,
                            call: *call,
                            delay_s: None,
                        });
                    }
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        out.sort_by_key(|a| (a.at, a.call.trip, a.call.stop));
        out
    }

    /// The stops `query` names: a `stop_id` exactly, else every stop whose name is `query`
    /// (in any case); a station brings its platforms along (the trains call at those).
    #[must_use]
    pub fn stops_named(&self, query: &str) -> Vec<u32> {
        let query = query.trim();
        let index = |i: usize| u32::try_from(i).ok();
        let by_id: Vec<u32> = self
            .stops
            .iter()
            .enumerate()
            .filter(|(_, s)| &*s.id == query)
            .filter_map(|(i, _)| index(i))
            .collect();
        let chosen = if by_id.is_empty() {
            self.stops
                .iter()
                .enumerate()
                .filter(|(_, s)| s.name.to_lowercase() == query.to_lowercase())
                .filter_map(|(i, _)| index(i))
                .collect()
        } else {
            by_id
        };
        let mut all: Vec<u32> = self
            .stops
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                index(*i).is_some_and(|i| chosen.contains(&i))
                    || s.parent.is_some_and(|p| chosen.contains(&p))
            })
            .filter_map(|(i, _)| index(i))
            .collect();
        all.sort_unstable();
        all
    }
}
