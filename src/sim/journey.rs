//! A [`Journey`]: a validated route plus everything precomputed for fast queries: the motion
//! profile of every segment and the timeline of journey events (departures, arrivals, zone
//! changes, route events), each at its exact instant.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::motion::Profile;
use super::timeline::{self, JourneyEvent};
use crate::route::Route;

/// A route ready for simulation. Queries are O(log n) in the number of stops and events.
#[derive(Debug, Clone)]
pub struct Journey {
    route: Route,
    profiles: Vec<Profile>,
    timeline: Vec<JourneyEvent>,
    notable: Vec<usize>,
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
        let mut journey = Self {
            route,
            profiles,
            timeline: Vec::new(),
            notable: Vec::new(),
        };
        journey.timeline = timeline::build(&journey);
        journey.notable = journey
            .timeline
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind.is_notable())
            .map(|(i, _)| i)
            .collect();
        journey
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
    /// or the moment it passes that point between stops. Clamped to the route.
    #[must_use]
    pub fn instant_at_km(&self, km: f64) -> DateTime<Utc> {
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

    /// Latitude and longitude at `km`, interpolated between the stops around it.
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
                (a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f)
            }
            (_, Some(s)) | (Some(s), None) => (s.lat, s.lon),
            (None, None) => (0.0, 0.0),
        }
    }

    /// The zone in effect at `km`.
    #[must_use]
    pub fn zone_at(&self, km: f64) -> Tz {
        self.route.zone_at(km)
    }
}
