//! The next departures from a stop (the map's `i` on a station): the runs of the service
//! dates that can reach the window, found through the run index as [`Network::running`] finds
//! the trains under way, so the work follows the runs of the window, not the feed's trips.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use super::{Network, Scratch};

/// A run leaving a stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    /// The trip (an index into [`Network::trips`]).
    pub trip: u32,
    /// The service date its times count from.
    pub service_date: NaiveDate,
    /// Seconds added to the trip's times (a `frequencies.txt` departure; 0 otherwise).
    pub shift: i32,
    /// Which of the trip's stops it leaves from.
    pub position: usize,
    /// When it leaves, by the timetable.
    pub at: DateTime<Utc>,
}

impl Network {
    /// The departures from any stop of `stops` (indices into [`Network::stops`]) in
    /// `from..from + within`, soonest first, at most `max`; a run's last stop is an arrival,
    /// not a departure, and is left out.
    pub fn departures(
        &self,
        stops: &[u32],
        from: DateTime<Utc>,
        within: Duration,
        max: usize,
        scratch: &mut Scratch,
    ) -> Vec<Departure> {
        let mut out = Vec::new();
        let Some((_, latest)) = self.index.span() else {
            return out;
        };
        let today = from.with_timezone(&self.zone).date_naive();
        let back = u64::try_from(latest.max(0) / 86_400 + 2).unwrap_or(2);
        let ahead = u64::try_from(within.num_days() + 1).unwrap_or(1);
        let mut date = today.checked_sub_days(Days::new(back)).unwrap_or(today);
        let last = today.checked_add_days(Days::new(ahead)).unwrap_or(today);
        while date <= last {
            let (origin, services) = scratch.date(self, date);
            let t0 = (from - origin).num_seconds();
            let t1 = t0 + within.num_seconds();
            if let (Ok(t0), Ok(t1)) = (i32::try_from(t0), i32::try_from(t1)) {
                for &s in services {
                    self.index.overlapping(s, t0, t1, |run| {
                        self.leaving(run, stops, (t0, t1), date, origin, &mut out);
                    });
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        out.sort_by_key(|d| (d.at, d.trip));
        out.truncate(max);
        out
    }

    /// The departures of `run` from `stops` within `(t0, t1)` seconds of its service day.
    fn leaving(
        &self,
        run: &super::index::Run,
        stops: &[u32],
        (t0, t1): (i32, i32),
        date: NaiveDate,
        origin: DateTime<Utc>,
        out: &mut Vec<Departure>,
    ) {
        let Some(trip) = self.trips.get(run.trip as usize) else {
            return;
        };
        let Some(pattern) = self.pattern_of(trip) else {
            return;
        };
        let calls = self.pattern_stops(pattern);
        let times = self.trip_times(trip);
        let last = calls.len().saturating_sub(1);
        for (k, s) in calls.iter().enumerate().take(last) {
            if !stops.contains(s) {
                continue;
            }
            let Some(t) = times.get(k).map(|x| x[1].saturating_add(run.shift)) else {
                continue;
            };
            if (t0..=t1).contains(&t) {
                out.push(Departure {
                    trip: run.trip,
                    service_date: date,
                    shift: run.shift,
                    position: k,
                    at: origin + Duration::seconds(i64::from(t)),
                });
            }
        }
    }

    /// Stop `s` and every stop whose parent it is (a station's platforms).
    #[must_use]
    pub fn stop_and_platforms(&self, s: u32) -> Vec<u32> {
        let mut out = vec![s];
        out.extend(
            self.stops
                .iter()
                .enumerate()
                .filter(|(_, st)| st.parent == Some(s))
                .filter_map(|(i, _)| u32::try_from(i).ok()),
        );
        out
    }
}
