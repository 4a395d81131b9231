//! Which trains run where at an instant.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use super::clock::service_origin;
use super::geometry::great_circle_km;
use super::index::Run;
use super::{Network, Pattern, Trip};

/// A train under way: a run of a trip on a service date, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Train {
    /// The trip (an index into [`Network::trips`]).
    pub trip: u32,
    /// The service date its times count from.
    pub service_date: NaiveDate,
    /// Seconds added to the trip's times (a `frequencies.txt` departure; 0 otherwise).
    pub shift: i32,
    /// Where it is.
    pub place: Place,
}

/// Where a train is on its trip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// Latitude and longitude.
    pub coord: (f64, f64),
    /// The index (in the trip's stops) of the stop it stands at or last left.
    pub from: usize,
    /// The index of the stop it runs to next; `from` while it stands at a stop.
    pub to: usize,
    /// How far from `from` to `to` it is, by time (0 while standing).
    pub fraction: f64,
}

/// What a query keeps between calls: which services run on the last few service dates, and
/// where those dates' clocks start. Each viewer holds its own.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    dates: Vec<(NaiveDate, DateTime<Utc>, Vec<u32>)>,
}

/// How many service dates a [`Scratch`] remembers.
const REMEMBERED: usize = 16;

impl Scratch {
    /// The origin of `date` and the services that run on it, worked out once.
    pub(super) fn date(&mut self, network: &Network, date: NaiveDate) -> (DateTime<Utc>, &[u32]) {
        let found = self.dates.iter().position(|(d, _, _)| *d == date);
        let i = match found {
            Some(i) => i,
            None => {
                if self.dates.len() >= REMEMBERED {
                    self.dates.remove(0);
                }
                let services = network
                    .services
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.runs(date))
                    .filter_map(|(i, _)| u32::try_from(i).ok())
                    .collect();
                let origin = service_origin(date, network.zone);
                self.dates.push((date, origin, services));
                self.dates.len() - 1
            }
        };
        let (_, origin, services) = &self.dates[i];
        (*origin, services)
    }
}

impl Network {
    /// Every train under way at `at`, in no particular order (see [`Network::running`]).
    #[must_use]
    pub fn running_at(&self, at: DateTime<Utc>) -> Vec<Train> {
        let mut out = Vec::new();
        self.running(at, &mut Scratch::default(), &mut out);
        out
    }

    /// Every train under way at `at`, into `out` (cleared first): the runs of every service
    /// date whose day could reach `at`, each placed on its trip.
    pub fn running(&self, at: DateTime<Utc>, scratch: &mut Scratch, out: &mut Vec<Train>) {
        out.clear();
        let Some((earliest, latest)) = self.index.span() else {
            return;
        };
        let today = at.with_timezone(&self.zone).date_naive();
        // A service day's clock starts near its local midnight (an hour off on the days the
        // clocks change): the days back that the longest run reaches, and tomorrow.
        let back = u64::try_from(latest.max(0) / 86_400 + 2).unwrap_or(2);
        let first = today.checked_sub_days(Days::new(back)).unwrap_or(today);
        let mut date = first;
        while date <= today.succ_opt().unwrap_or(today) {
            let (origin, services) = scratch.date(self, date);
            let t = (at - origin).num_seconds();
            if let Ok(t) = i32::try_from(t)
                && (earliest..latest).contains(&t)
            {
                for &s in services {
                    self.index.under_way(s, t, |run| {
                        out.push(self.train(run, date, t));
                    });
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
    }

    /// The train of `run` on `date`, at second `t` of that service day.
    fn train(&self, run: &Run, date: NaiveDate, t: i32) -> Train {
        let trip = &self.trips[run.trip as usize];
        Train {
            trip: run.trip,
            service_date: date,
            shift: run.shift,
            place: self.place(trip, t - run.shift),
        }
    }

    /// Where `trip` is at second `t` of its own times: standing at the last stop it has
    /// reached until its departure, else between that stop and the next at the fraction of
    /// the time between the departure and the arrival.
    #[must_use]
    pub fn place(&self, trip: &Trip, t: i32) -> Place {
        self.place_by(trip, self.trip_times(trip), t)
    }

    /// Where `trip` is at second `t` when it runs by `times` (one arrival and departure per
    /// stop, never going back) rather than its own: see [`Network::place`].
    #[must_use]
    pub fn place_by(&self, trip: &Trip, times: &[[i32; 2]], t: i32) -> Place {
        let (Some(pattern), false) = (self.pattern_of(trip), times.is_empty()) else {
            return Place {
                coord: (0.0, 0.0),
                from: 0,
                to: 0,
                fraction: 0.0,
            };
        };
        let i = times.partition_point(|x| x[0] <= t).saturating_sub(1);
        let stops = self.pattern_stops(pattern);
        let coord = |k: usize| {
            self.stops
                .get(stops.get(k).copied().unwrap_or(0) as usize)
                .and_then(|s| s.coord)
                .unwrap_or((0.0, 0.0))
        };
        if t < times[i][1] || i + 1 >= times.len() {
            return Place {
                coord: coord(i),
                from: i,
                to: i,
                fraction: 0.0,
            };
        }
        let (dep, arr) = (times[i][1], times[i + 1][0]);
        let fraction = if arr > dep {
            (f64::from(t - dep) / f64::from(arr - dep)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        Place {
            coord: self.between(pattern, i, fraction, coord(i), coord(i + 1)),
            from: i,
            to: i + 1,
            fraction,
        }
    }

    /// The point `fraction` of the way from stop `i` of `pattern` to the next: along its
    /// shape, or along the great circle from `a` to `b` without one.
    fn between(
        &self,
        pattern: &Pattern,
        i: usize,
        fraction: f64,
        a: (f64, f64),
        b: (f64, f64),
    ) -> (f64, f64) {
        let shape = pattern.shape.and_then(|s| self.shapes.get(s as usize));
        let along = self.pattern_along(pattern);
        match (shape, along.get(i), along.get(i + 1)) {
            (Some(shape), Some(&k0), Some(&k1)) => {
                let km = f64::from(k0) + fraction * f64::from(k1 - k0);
                point_at(&shape.points, &shape.km, km)
            }
            _ => great_circle_point(a, b, fraction),
        }
    }
}

impl Network {
    /// The feed's first and last service dates (from `calendar.txt`'s ranges and the dates
    /// `calendar_dates.txt` adds), if any service runs at all.
    #[must_use]
    pub fn service_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let firsts = self.services.iter().filter_map(|s| {
            [s.range.map(|r| r.0), s.added.first().copied()]
                .into_iter()
                .flatten()
                .min()
        });
        let lasts = self.services.iter().filter_map(super::Service::last_date);
        Some((firsts.min()?, lasts.max()?))
    }

    /// Whether any service runs on `date`.
    #[must_use]
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        self.services.iter().any(|s| s.runs(date))
    }

    /// The date nearest to `wanted` on which some service runs (`wanted` itself when one
    /// does; the earlier of two as near), searched within the feed's service span.
    #[must_use]
    pub fn nearest_service_date(&self, wanted: NaiveDate) -> Option<NaiveDate> {
        let (first, last) = self.service_span()?;
        let from = wanted.clamp(first, last);
        let span = (last - first).num_days().max(0);
        (0..=span).find_map(|k| {
            let back = from.checked_sub_days(Days::new(u64::try_from(k).ok()?));
            let ahead = from.checked_add_days(Days::new(u64::try_from(k).ok()?));
            [back, ahead]
                .into_iter()
                .flatten()
                .find(|d| (first..=last).contains(d) && self.runs_on(*d))
        })
    }

    /// "The present moment of the feed's own calendar": `now` when a service runs on its
    /// date in the agency's zone (or on `date` when given), else the same local time on the
    /// nearest date that has service. The date it chose comes with it.
    #[must_use]
    pub fn present(
        &self,
        now: DateTime<Utc>,
        date: Option<NaiveDate>,
    ) -> (DateTime<Utc>, NaiveDate) {
        let local = now.with_timezone(&self.zone);
        let wanted = date.unwrap_or_else(|| local.date_naive());
        let day = if date.is_some() && self.runs_on(wanted) {
            wanted
        } else {
            self.nearest_service_date(wanted).unwrap_or(wanted)
        };
        if day == local.date_naive() {
            return (now, day);
        }
        let naive = day.and_time(local.time());
        let at = self
            .zone
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| {
                // In the hour the clocks skip: an hour later.
                self.zone
                    .from_local_datetime(&(naive + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map_or(now, |t| t.with_timezone(&Utc));
        (at, day)
    }
}

/// The point `km` along a polyline whose points are `km` from its start.
#[must_use]
pub fn point_at(points: &[(f64, f64)], cum: &[f64], km: f64) -> (f64, f64) {
    let j = cum.partition_point(|&v| v <= km);
    if j == 0 {
        return points.first().copied().unwrap_or((0.0, 0.0));
    }
    if j >= points.len() {
        return points.last().copied().unwrap_or((0.0, 0.0));
    }
    let (k0, k1) = (cum[j - 1], cum[j]);
    let share = if k1 > k0 { (km - k0) / (k1 - k0) } else { 0.0 };
    let (a, b) = (points[j - 1], points[j]);
    (a.0 + share * (b.0 - a.0), a.1 + share * (b.1 - a.1))
}

/// The point `fraction` of the way from `a` to `b` along the great circle, `(lat, lon)`.
#[must_use]
pub fn great_circle_point(a: (f64, f64), b: (f64, f64), fraction: f64) -> (f64, f64) {
    let d = great_circle_km(a, b) / super::geometry::EARTH_KM;
    if d < 1e-12 {
        return a;
    }
    let vec = |(lat, lon): (f64, f64)| {
        let (la, lo) = (lat.to_radians(), lon.to_radians());
        (la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin())
    };
    let (pa, pb) = (vec(a), vec(b));
    let (wa, wb) = (
        ((1.0 - fraction) * d).sin() / d.sin(),
        (fraction * d).sin() / d.sin(),
    );
    let (x, y, z) = (
        wa * pa.0 + wb * pb.0,
        wa * pa.1 + wb * pb.1,
        wa * pa.2 + wb * pb.2,
    );
    (z.atan2(x.hypot(y)).to_degrees(), y.atan2(x).to_degrees())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_great_circle_point_lies_on_the_way() {
        let (a, b) = ((48.8566, 2.3522), (51.5074, -0.1278));
        let mid = great_circle_point(a, b, 0.5);
        let whole = great_circle_km(a, b);
        assert!((great_circle_km(a, mid) - whole / 2.0).abs() < 1e-6);
        assert!((great_circle_km(mid, b) - whole / 2.0).abs() < 1e-6);
        assert_eq!(great_circle_point(a, a, 0.3), a);
        let end = great_circle_point(a, b, 1.0);
        assert!(great_circle_km(end, b) < 1e-6);
    }

    #[test]
    fn points_along_a_polyline() {
        let points = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)];
        let cum = [0.0, 10.0, 20.0];
        assert_eq!(point_at(&points, &cum, -1.0), (0.0, 0.0));
        assert_eq!(point_at(&points, &cum, 5.0), (0.0, 0.5));
        assert_eq!(point_at(&points, &cum, 15.0), (0.5, 1.0));
        assert_eq!(point_at(&points, &cum, 25.0), (1.0, 1.0));
    }
}
