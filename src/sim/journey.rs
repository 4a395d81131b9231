//! A [`Journey`]: a validated route plus everything precomputed for fast queries: the motion
//! profile of every segment and the timeline of journey events (departures, arrivals, zone
//! changes, route events), each at its exact instant.

use chrono::{DateTime, Duration, DurationRound, Utc};
use chrono_tz::Tz;

use super::motion::Profile;
use super::timeline::{self, JourneyEvent};
use crate::route::Route;

/// At each clock change in `timeline`, the highest journey day the train's clock showed up to
/// just before it.
fn day_floors(route: &Route, timeline: &[JourneyEvent]) -> Vec<(DateTime<Utc>, i64)> {
    let mut floor = 1;
    let mut out = Vec::new();
    for e in timeline {
        if let super::JourneyEventKind::ZoneChange { from, .. } = e.kind {
            let before = e.at - Duration::milliseconds(1);
            floor = floor.max(route.calendar_day(before, from));
            out.push((e.at, floor));
        }
    }
    out
}

/// A line as (lat, lon) points.
pub type Polyline = Vec<(f64, f64)>;

/// A route ready for simulation. Queries are O(log n) in the number of stops and events.
#[derive(Debug, Clone)]
pub struct Journey {
    route: Route,
    profiles: Vec<Profile>,
    paths: Vec<Path>,
    bbox: (f64, f64, f64, f64),
    timeline: Vec<JourneyEvent>,
    notable: Vec<usize>,
    /// At each clock change, the day the train's clock had reached just before it (a clock
    /// set back over midnight does not take the day back): (instant, day so far).
    day_floors: Vec<(DateTime<Utc>, i64)>,
    total_days: i64,
}

impl Journey {
    /// Precompute profiles and the event timeline for `route`.
    #[must_use]
    pub fn new(route: Route) -> Self {
        let profiles = route
            .stops
            .windows(2)
            .map(|pair| {
                let secs = (pair[1].first_instant() - pair[0].last_instant()).num_milliseconds()
                    as f64
                    / 1000.0;
                Profile::solve((pair[1].km - pair[0].km) * 1000.0, secs)
            })
            .collect();
        let paths = route
            .stops
            .windows(2)
            .map(|pair| Path::new(&pair[0], &pair[1]))
            .collect();
        let mut journey = Self {
            route,
            profiles,
            bbox: (0.0, 0.0, 0.0, 0.0),
            paths,
            timeline: Vec::new(),
            notable: Vec::new(),
            day_floors: Vec::new(),
            total_days: 1,
        };
        journey.bbox = bounding_box(&journey.route, &journey.paths);
        journey.timeline = timeline::build(&journey.route, |km| journey.instant_at_km(km));
        journey.notable = journey
            .timeline
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind.is_notable())
            .map(|(i, _)| i)
            .collect();
        journey.day_floors = day_floors(&journey.route, &journey.timeline);
        journey.total_days = journey.counted_day(journey.route.arrival()).max(1);
        journey
    }

    /// The journey day at `at`, the one meaning every view and command uses: day 1 is the
    /// departure date at the first stop, and each midnight the train's clock passes starts
    /// the next day. A clock set back across midnight (westbound) does not take the day back;
    /// before the departure it is day 1, after the arrival the last day. A time shown on
    /// another clock (Moscow, UTC, yours) carries the train's day at that instant.
    #[must_use]
    pub fn journey_day(&self, at: DateTime<Utc>) -> i64 {
        self.counted_day(at).clamp(1, self.total_days)
    }

    /// How many journey days the journey has: the journey day of the arrival (at least 1).
    #[must_use]
    pub fn total_days(&self) -> i64 {
        self.total_days
    }

    /// The journey day at `at` before it is kept within the journey's days.
    fn counted_day(&self, at: DateTime<Utc>) -> i64 {
        let at = at.clamp(self.route.departure(), self.route.arrival());
        let shown = self.route.calendar_day(at, self.train_zone(at));
        let reached = self.day_floors.partition_point(|(t, _)| *t <= at);
        let floor = reached
            .checked_sub(1)
            .and_then(|i| self.day_floors.get(i))
            .map_or(1, |(_, d)| *d);
        shown.max(floor)
    }

    /// The route.
    #[must_use]
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// Every journey event in time order.
    #[must_use]
    pub fn timeline(&self) -> &[JourneyEvent] {
        &self.timeline
    }

    /// Indices into [`Journey::timeline`] of the notable events (not departures or arrivals).
    #[must_use]
    pub fn notable(&self) -> &[usize] {
        &self.notable
    }

    /// The motion profile of the segment from stop `i` to stop `i + 1`.
    #[must_use]
    pub fn profile(&self, i: usize) -> Option<&Profile> {
        self.profiles.get(i)
    }

    /// The instant the train first reaches `km`: a stop's arrival (departure at the origin),
    /// or, between stops, the first whole second at which [`Journey::state_at`] has it at
    /// `km` or beyond. Whole seconds, because that is how every view, `state` and the hooks
    /// write an instant: one read back is the same instant, and there the train is on the far
    /// side of whatever happens at `km` (a zone change, a border). Clamped to the route.
    #[must_use]
    pub fn instant_at_km(&self, km: f64) -> DateTime<Utc> {
        let exact = self.exact_instant_at_km(km);
        let Some(stop) = self.route.stops.iter().find(|s| s.km >= km) else {
            return exact;
        };
        let reached = stop.first_instant();
        // Up to the next whole second, then on while rounding still has the train short of
        // `km` (a second or two at most); the stop itself is always far enough.
        let mut at = exact
            .duration_round_up(Duration::seconds(1))
            .unwrap_or(exact);
        while at < reached && self.state_at(at).km < km {
            at += Duration::seconds(1);
        }
        at.min(reached)
    }

    /// The moment the train passes `km`, to the millisecond (see [`Journey::instant_at_km`]).
    fn exact_instant_at_km(&self, km: f64) -> DateTime<Utc> {
        let stops = &self.route.stops;
        let next = stops.partition_point(|s| s.km < km);
        let Some(stop) = stops.get(next) else {
            return self.route.arrival();
        };
        if stop.km <= km || next == 0 {
            return stop.first_instant();
        }
        let prev = &stops[next - 1];
        let Some(profile) = self.profiles.get(next - 1) else {
            return stop.first_instant();
        };
        let secs = profile.time_at((km - prev.km) * 1000.0);
        prev.last_instant() + Duration::milliseconds((secs * 1000.0).round() as i64)
    }

    /// Latitude and longitude at `km`: along the segment's geometry (its stops and `via`
    /// waypoints), in proportion to the distance covered.
    #[must_use]
    pub fn coords_at_km(&self, km: f64) -> (f64, f64) {
        let stops = &self.route.stops;
        let next = stops.partition_point(|s| s.km < km);
        match (
            next.checked_sub(1).and_then(|p| stops.get(p)),
            stops.get(next),
        ) {
            (Some(a), Some(b)) if b.km > a.km => {
                let f = ((km - a.km) / (b.km - a.km)).clamp(0.0, 1.0);
                self.paths.get(next - 1).map_or((a.lat, a.lon), |p| p.at(f))
            }
            (_, Some(s)) | (Some(s), None) => (s.lat, s.lon),
            (None, None) => (0.0, 0.0),
        }
    }

    /// The geometry of the segment from stop `i` to stop `i + 1`: (lat, lon) points.
    #[must_use]
    pub fn path(&self, i: usize) -> &[(f64, f64)] {
        self.paths.get(i).map_or(&[], |p| p.points.as_slice())
    }

    /// (min lon, min lat, max lon, max lat) of the route's geometry, stops and waypoints
    /// (worked out once, in [`Journey::new`]).
    #[must_use]
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        self.bbox
    }

    /// The whole line as (lat, lon) points, cut at `km`: the part travelled and the part ahead
    /// (both hold the point at `km`).
    #[must_use]
    pub fn geometry_split(&self, km: f64) -> (Polyline, Polyline) {
        let stops = &self.route.stops;
        let mut done = Vec::new();
        let mut ahead = Vec::new();
        for (i, path) in self.paths.iter().enumerate() {
            let (a, b) = (stops[i].km, stops[i + 1].km);
            if b <= km {
                done.extend_from_slice(&path.points);
            } else if a >= km {
                ahead.extend_from_slice(&path.points);
            } else {
                let f = (km - a) / (b - a);
                let here = path.at(f);
                let cut = path.shares.partition_point(|s| *s <= f);
                done.extend_from_slice(&path.points[..cut]);
                done.push(here);
                ahead.push(here);
                ahead.extend_from_slice(&path.points[cut..]);
            }
        }
        (done, ahead)
    }

    /// The zone in effect at `km`.
    #[must_use]
    pub fn zone_at(&self, km: f64) -> Tz {
        self.route.zone_at(km)
    }
}

/// (min lon, min lat, max lon, max lat) of the stops and the segments' waypoints.
fn bounding_box(route: &Route, paths: &[Path]) -> (f64, f64, f64, f64) {
    let points = paths.iter().flat_map(|p| p.points.iter().copied());
    let stops = route.stops.iter().map(|s| (s.lat, s.lon));
    points
        .chain(stops)
        .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, (lat, lon)| {
            (b.0.min(lon), b.1.min(lat), b.2.max(lon), b.3.max(lat))
        })
}

/// A segment's geometry with the cumulative share of its length at each point.
#[derive(Debug, Clone)]
struct Path {
    points: Vec<(f64, f64)>,
    shares: Vec<f64>,
}

impl Path {
    fn new(a: &crate::route::Stop, b: &crate::route::Stop) -> Self {
        let points: Vec<(f64, f64)> = std::iter::once((a.lat, a.lon))
            .chain(a.via.iter().copied())
            .chain(std::iter::once((b.lat, b.lon)))
            .collect();
        let mut run = vec![0.0];
        for w in points.windows(2) {
            let last = run.last().copied().unwrap_or(0.0);
            run.push(last + ground_distance(w[0], w[1]));
        }
        let total = run.last().copied().unwrap_or(0.0);
        let shares = run
            .iter()
            .map(|d| if total > 0.0 { d / total } else { 0.0 })
            .collect();
        Self { points, shares }
    }

    /// The point at share `f` (0..1) of the way along.
    fn at(&self, f: f64) -> (f64, f64) {
        let i = self
            .shares
            .partition_point(|s| *s <= f)
            .clamp(1, self.points.len().max(2) - 1);
        let (Some(p), Some(q), Some(s0), Some(s1)) = (
            self.points.get(i - 1),
            self.points.get(i),
            self.shares.get(i - 1),
            self.shares.get(i),
        ) else {
            return self.points.first().copied().unwrap_or((0.0, 0.0));
        };
        let t = if s1 > s0 {
            ((f - s0) / (s1 - s0)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
    }
}

/// Approximate ground distance between two (lat, lon) points, in degrees of arc (an
/// equirectangular approximation, plenty for apportioning a segment between waypoints).
fn ground_distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    let mid = f64::midpoint(a.0, b.0).to_radians();
    let dx = (b.1 - a.1) * mid.cos();
    let dy = b.0 - a.0;
    dx.hypot(dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_waypoints_in_proportion_to_distance() {
        let stop = |lat: f64, lon: f64, via: Vec<(f64, f64)>| crate::route::Stop {
            name: String::new(),
            local_name: None,
            km: 0.0,
            lat,
            lon,
            tz: chrono_tz::UTC,
            arrive: None,
            depart: None,
            note: None,
            major: false,
            via,
        };
        // An L-shaped path along the equator then up a meridian: two equal legs.
        let path = Path::new(&stop(0.0, 0.0, vec![(0.0, 1.0)]), &stop(1.0, 1.0, vec![]));
        let (lat, lon) = path.at(0.25);
        assert!((lat - 0.0).abs() < 1e-9 && (lon - 0.5).abs() < 1e-9);
        let (lat, lon) = path.at(0.75);
        assert!((lat - 0.5).abs() < 1e-3 && (lon - 1.0).abs() < 1e-9);
        assert_eq!(path.at(1.0), (1.0, 1.0));
        assert_eq!(path.at(0.0), (0.0, 0.0));
    }
}
