//! Every train on the line: the route replayed and the routes that share its line (the
//! built-in routes, the route files of the same folder), each on the dates it runs, found for
//! any simulated instant. Routes share the line by station names: a route belongs to the line
//! when two of its consecutive stops are stops of the route replayed, and a train of another
//! route is placed on the selected train's strip between the two stations it runs between,
//! when the selected route has both.
//!
//! A fleet's clones share its routes and the journeys built from them (`serve` clones one
//! fleet for every viewer): a journey is built once, for the first viewer that needs it, and
//! lives while some viewer holds it. Each clone holds at most [`HELD_LIMIT`] of them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::route::Route;
use crate::route::builtin::RouteSource;
use crate::route::calendar::{departures_between, live_run, run_departure};
use crate::sim::{Journey, Status, TrainState};

/// The most journeys one fleet (one viewer) holds at once; when full, the half used least
/// recently is let go (the demo's eight days on the line hold about 20).
pub const HELD_LIMIT: usize = 48;

/// One run of one route: which route (index into the fleet) departing on which local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrainId {
    /// Index of the route in the fleet.
    pub route: usize,
    /// Local departure date at its first stop.
    pub date: NaiveDate,
}

/// A route of the fleet.
#[derive(Debug, Clone)]
struct FleetRoute {
    source: RouteSource,
    /// The route at its own date: the service pattern and the journey's length.
    base: Route,
}

/// What every clone of a fleet shares: the routes, and the journeys built from them so far,
/// held weakly (a journey no clone holds any more is dropped).
#[derive(Debug, Default)]
struct Shared {
    routes: Vec<FleetRoute>,
    built: Mutex<HashMap<TrainId, Weak<Journey>>>,
}

impl Shared {
    fn of(routes: Vec<FleetRoute>) -> Arc<Self> {
        Arc::new(Self {
            routes,
            built: Mutex::new(HashMap::new()),
        })
    }

    /// The journeys built (a panic elsewhere while the lock was held leaves them whole: the
    /// map is changed by single calls).
    fn built(&self) -> MutexGuard<'_, HashMap<TrainId, Weak<Journey>>> {
        self.built.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Run `id`'s journey: the one some clone holds, or built now (outside the lock, so other
    /// viewers' frames do not wait for it); `None` when its route does not load for that date.
    fn journey(&self, id: TrainId) -> Option<Arc<Journey>> {
        if let Some(journey) = self.built().get(&id).and_then(Weak::upgrade) {
            return Some(journey);
        }
        let route = self.routes.get(id.route)?.source.load(Some(id.date)).ok()?;
        Some(self.keep(id, Arc::new(Journey::new(route))))
    }

    /// Share `journey` as run `id`'s, unless a clone built that run meanwhile: then theirs.
    /// Journeys nobody holds any more are forgotten here.
    fn keep(&self, id: TrainId, journey: Arc<Journey>) -> Arc<Journey> {
        let mut built = self.built();
        if let Some(theirs) = built.get(&id).and_then(Weak::upgrade) {
            return theirs;
        }
        built.retain(|_, held| held.strong_count() > 0);
        built.insert(id, Arc::downgrade(&journey));
        journey
    }
}

/// A journey one fleet holds (`None`: its route did not load for that date), and when it
/// was last asked for.
#[derive(Debug, Clone)]
struct Held {
    journey: Option<Arc<Journey>>,
    used: u64,
}

/// The routes whose trains can share the line, and the journeys this fleet holds.
#[derive(Debug, Clone, Default)]
pub struct Fleet {
    shared: Arc<Shared>,
    held: HashMap<TrainId, Held>,
    /// Lookups so far (the clock [`Held::used`] is read on).
    uses: u64,
}

/// Another train on the line, as the screen shows it.
#[derive(Debug, Clone)]
pub struct OtherTrain {
    /// Which run.
    pub id: TrainId,
    /// Its state at the current instant.
    pub state: TrainState,
    /// Where it is on the selected train's strip, when both its stations are on that route.
    pub strip_km: Option<f64>,
    /// Whether it runs the same way as the selected train along the strip.
    pub same_way: bool,
    /// A short name: the route's name and, when needed, its date.
    pub label: String,
}

/// The trains of the line as the app has them: the fleet, which run is shown, the run the
/// app opened on, and the other trains running now.
#[derive(Debug, Clone)]
pub struct Trains {
    /// The routes whose trains share the line (empty: only this train is shown).
    pub(super) fleet: Fleet,
    /// Which run of which fleet route is selected (the journey shown).
    pub(super) selected: TrainId,
    /// The run the app opened on (`r` goes back to it).
    pub(super) home: TrainId,
    /// The other trains running now, for the strip and the map.
    pub(super) others: Vec<OtherTrain>,
}

impl Trains {
    /// Run `home` alone, no fleet yet.
    pub(super) fn new(home: TrainId) -> Self {
        Self {
            fleet: Fleet::default(),
            selected: home,
            home,
            others: Vec::new(),
        }
    }

    /// The routes whose trains share the line (empty until built, or without any).
    #[must_use]
    pub fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    /// The run shown.
    #[must_use]
    pub fn selected(&self) -> TrainId {
        self.selected
    }

    /// The run the app opened on.
    #[must_use]
    pub fn home(&self) -> TrainId {
        self.home
    }

    /// The other trains running now, on this line or not.
    #[must_use]
    pub fn others(&self) -> &[OtherTrain] {
        &self.others
    }

    /// The other trains on this route's own line (placed on its strip), not merely running
    /// somewhere at the same time.
    pub fn on_line(&self) -> impl Iterator<Item = &OtherTrain> {
        self.others.iter().filter(|t| t.strip_km.is_some())
    }
}

impl Fleet {
    /// The fleet of `main` (the route being replayed, first) and of those `candidates` that
    /// share its line ([`shares_line`]); a candidate that does not validate is left out (the
    /// built-in routes are checked by a test; a file beside the user's is theirs to check).
    #[must_use]
    pub fn of_line(main: RouteSource, main_route: &Route, candidates: Vec<RouteSource>) -> Self {
        let mut routes = vec![FleetRoute {
            source: main,
            base: main_route.clone(),
        }];
        for source in candidates {
            if let Ok(base) = source.load(None)
                && shares_line(main_route, &base)
            {
                routes.push(FleetRoute { source, base });
            }
        }
        Self::of(routes)
    }

    /// The fleet of `main` alone: no other trains, but other runs of the same route can still
    /// be chosen (by the live calendar).
    #[must_use]
    pub fn solo(main: RouteSource, main_route: &Route) -> Self {
        Self::of(vec![FleetRoute {
            source: main,
            base: main_route.clone(),
        }])
    }

    fn of(routes: Vec<FleetRoute>) -> Self {
        Self {
            shared: Shared::of(routes),
            held: HashMap::new(),
            uses: 0,
        }
    }

    /// The run of fleet route `route` the timetable has at `at` ([`live_run`]), with the note
    /// to show when it is not on the line.
    ///
    /// # Errors
    /// No run near `at`, in the words `--now` and `status` use too.
    pub fn live_run(
        &self,
        route: usize,
        at: DateTime<Utc>,
    ) -> Result<(TrainId, Option<String>), String> {
        let base = &self
            .shared
            .routes
            .get(route)
            .ok_or_else(|| "no route to show".to_owned())?
            .base;
        let live = live_run(base, at)?;
        Ok((
            TrainId {
                route,
                date: live.date,
            },
            live.note,
        ))
    }

    /// Fleet route `route` at its own date (its service days and times).
    #[must_use]
    pub fn base(&self, route: usize) -> Option<&Route> {
        self.shared.routes.get(route).map(|r| &r.base)
    }

    /// Every route of the fleet at its own date, the route replayed first.
    pub fn bases(&self) -> impl Iterator<Item = &Route> {
        self.shared.routes.iter().map(|r| &r.base)
    }

    /// How many routes the fleet has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.shared.routes.len()
    }

    /// Whether the fleet is empty (an app without one shows only its own train).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shared.routes.is_empty()
    }

    /// Keep `journey` as run `id`'s (the app's own train, already built), so it is not
    /// loaded a second time; other clones share it.
    pub fn remember(&mut self, id: TrainId, journey: Arc<Journey>) {
        self.shared.keep(id, Arc::clone(&journey));
        self.hold(id, Some(journey));
    }

    /// The journey of run `id`: held, shared by another clone, or built on first use.
    pub fn journey(&mut self, id: TrainId) -> Option<&Arc<Journey>> {
        self.uses += 1;
        if let Some(held) = self.held.get_mut(&id) {
            held.used = self.uses;
        } else {
            let journey = self.shared.journey(id);
            self.hold(id, journey);
        }
        self.held.get(&id).and_then(|h| h.journey.as_ref())
    }

    /// Hold `journey` as run `id`'s; when full, first let go of the half used least recently.
    fn hold(&mut self, id: TrainId, journey: Option<Arc<Journey>>) {
        if self.held.len() >= HELD_LIMIT {
            let mut used: Vec<u64> = self.held.values().map(|h| h.used).collect();
            used.sort_unstable();
            let keep_from = used[used.len() / 2];
            self.held.retain(|_, h| h.used >= keep_from);
        }
        let used = self.uses;
        self.held.insert(id, Held { journey, used });
    }

    /// How many journeys this fleet holds now (at most [`HELD_LIMIT`]).
    #[must_use]
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// How many journeys all the clones of this fleet hold between them now.
    #[must_use]
    pub fn shared_journeys(&self) -> usize {
        let built = self.shared.built();
        built.values().filter(|j| j.strong_count() > 0).count()
    }

    /// Every run on the line at `at` (departed, not yet arrived), in fleet order.
    pub fn on_line(&mut self, at: DateTime<Utc>) -> Vec<TrainId> {
        let mut found = Vec::new();
        for route in 0..self.shared.routes.len() {
            for date in self.candidate_dates(route, at) {
                let id = TrainId { route, date };
                let on = self.journey(id).is_some_and(|j| {
                    let r = j.route();
                    r.departure() <= at && at <= r.arrival()
                });
                if on {
                    found.push(id);
                }
            }
        }
        found
    }

    /// Dates whose run could be on the line at `at`, judged from the base run shifted by
    /// whole days (a day of margin each side covers clock changes).
    fn candidate_dates(&self, route: usize, at: DateTime<Utc>) -> Vec<NaiveDate> {
        let Some(r) = self.shared.routes.get(route) else {
            return Vec::new();
        };
        let base = &r.base;
        let length = base.arrival() - base.departure();
        let margin = TimeDelta::days(1);
        let Some(from) = at.checked_sub_signed(length + margin + margin) else {
            return Vec::new();
        };
        let to = at.checked_add_signed(margin + margin).unwrap_or(at);
        departures_between(base, from.date_naive(), to.date_naive())
            .into_iter()
            .filter(|d| {
                let departs = run_departure(base, *d);
                departs.is_some_and(|dep| dep - margin <= at && at <= dep + length + margin)
            })
            .collect()
    }

    /// The runs Tab cycles through at `at`: those on the line of the route replayed (fleet
    /// route 0, whichever train is selected), so the cycle never strands the viewer on a
    /// train whose own strip shows no other.
    pub fn cycle(&mut self, at: DateTime<Utc>) -> Vec<TrainId> {
        let shared = Arc::clone(&self.shared);
        let Some(line) = shared.routes.first().map(|r| &r.base) else {
            return Vec::new();
        };
        self.on_line(at)
            .into_iter()
            .filter(|&id| {
                id.route == 0
                    || self
                        .journey(id)
                        .is_some_and(|j| place_on(line, j.route(), &j.state_at(at)).0.is_some())
            })
            .collect()
    }

    /// The trains on the line at `at` other than `selected`, placed on `selected_route`'s strip.
    pub fn others(
        &mut self,
        at: DateTime<Utc>,
        selected: TrainId,
        selected_route: &Route,
    ) -> Vec<OtherTrain> {
        let ids = self.on_line(at);
        let mut out = Vec::new();
        for id in ids.iter().copied().filter(|id| *id != selected) {
            let runs_of_route = ids.iter().filter(|o| o.route == id.route).count();
            let Some(journey) = self.journey(id) else {
                continue;
            };
            let state = journey.state_at(at);
            let (strip_km, same_way) = place_on(selected_route, journey.route(), &state);
            let name = crate::util::text::sanitize(&journey.route().name);
            let label = if runs_of_route > 1 {
                format!("{name} {}", id.date.format("%-d %b"))
            } else {
                name
            };
            out.push(OtherTrain {
                id,
                state,
                strip_km,
                same_way,
                label,
            });
        }
        out
    }
}

/// Whether `other` runs on `line`: two of its consecutive stops are stops of `line` (by name),
/// so some stretch of it can be drawn on `line`'s strip.
#[must_use]
pub fn shares_line(line: &Route, other: &Route) -> bool {
    let on_line = |name: &str| line.stops.iter().any(|s| s.name == name);
    other
        .stops
        .windows(2)
        .any(|pair| on_line(&pair[0].name) && on_line(&pair[1].name))
}

/// Where a train of `other` at `state` sits on `line`'s km axis, and whether it runs the same
/// way: matched by station names (a reverse route is the same line read backwards).
#[must_use]
pub fn place_on(line: &Route, other: &Route, state: &TrainState) -> (Option<f64>, bool) {
    let km_of = |i: Option<usize>| {
        let name = &other.stops.get(i?)?.name;
        line.stops.iter().find(|s| &s.name == name).map(|s| s.km)
    };
    let other_km = |i: Option<usize>| other.stops.get(i?).map(|s| s.km);
    match state.status {
        Status::Running => {
            let (a, b) = (km_of(state.previous_stop), km_of(state.next_stop));
            let (oa, ob) = (other_km(state.previous_stop), other_km(state.next_stop));
            match (a, b, oa, ob) {
                (Some(a), Some(b), Some(oa), Some(ob)) if ob > oa => {
                    let f = ((state.km - oa) / (ob - oa)).clamp(0.0, 1.0);
                    (Some(a + f * (b - a)), b >= a)
                }
                _ => (None, true),
            }
        }
        _ => {
            let here = km_of(state.stop);
            // Standing still: its direction is that of its next leg, if the line has it.
            let next = km_of(state.stop.map(|i| i + 1));
            (
                here,
                match (here, next) {
                    (Some(h), Some(n)) => n >= h,
                    _ => true,
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};
    use crate::route::calendar::live_run_date;

    fn route(id: &str) -> Route {
        load_builtin(builtin(id).unwrap(), None).unwrap()
    }

    #[test]
    fn a_route_shares_the_line_through_two_consecutive_stops() {
        let west = route("pyongyang-moscow");
        for id in [
            "moscow-pyongyang",
            "khasan-tumangang",
            "pyongyang-khabarovsk",
        ] {
            assert!(shares_line(&west, &route(id)), "{id}");
        }
        let src = include_str!("../../tests/fixtures/line/geneve-milano.toml");
        let geneve = crate::route::parse_route("geneve-milano.toml", src, None).unwrap();
        assert!(!shares_line(&west, &geneve));
        assert!(!shares_line(&geneve, &west));
    }

    #[test]
    fn the_calendar_picks_the_most_recent_departure() {
        let west = route("pyongyang-moscow");
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let date = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Runs leave on the 3rd and the 17th at 03:04 Pyongyang time (18:04 UTC the day before).
        assert_eq!(
            live_run_date(&west, at("2025-06-20T12:00:00Z")),
            Some(date("2025-06-17"))
        );
        assert_eq!(
            live_run_date(&west, at("2025-07-05T00:00:00Z")),
            Some(date("2025-07-03"))
        );
        // 17 July, 02:00 in Pyongyang: that day's car has not left yet.
        assert_eq!(
            live_run_date(&west, at("2025-07-16T17:00:00Z")),
            Some(date("2025-07-03"))
        );
        assert_eq!(
            live_run_date(&west, at("2025-07-16T18:05:00Z")),
            Some(date("2025-07-17"))
        );
        // The shuttle, Mondays, Wednesdays and Fridays.
        let shuttle = route("khasan-tumangang");
        assert_eq!(
            live_run_date(&shuttle, at("2026-11-22T12:00:00Z")),
            Some(date("2026-11-20"))
        );
    }

    /// The line of the Pyongyang–Moscow car, with every other built-in route as a candidate.
    fn west_fleet() -> (Fleet, Route) {
        use crate::route::builtin::BUILTINS;
        let main = builtin("pyongyang-moscow").unwrap();
        let west = route("pyongyang-moscow");
        let candidates = BUILTINS
            .iter()
            .filter(|b| b.id != main.id)
            .map(RouteSource::Builtin)
            .collect();
        let fleet = Fleet::of_line(RouteSource::Builtin(main), &west, candidates);
        (fleet, west)
    }

    #[test]
    fn clones_of_a_fleet_share_each_journey_while_one_holds_it() {
        let (fleet, _) = west_fleet();
        let (mut a, mut b) = (fleet.clone(), fleet.clone());
        let at: DateTime<Utc> = "2025-06-20T12:00:00Z".parse().unwrap();
        let ids = a.on_line(at);
        assert!(ids.len() >= 2, "{ids:?}");
        for id in &ids {
            let ours = Arc::clone(a.journey(*id).unwrap());
            let theirs = b.journey(*id).unwrap();
            assert!(Arc::ptr_eq(&ours, theirs), "{id:?} was built twice");
        }
        assert_eq!(fleet.shared_journeys(), a.held());
        drop((a, b));
        assert_eq!(fleet.shared_journeys(), 0, "nobody holds them any more");
    }

    #[test]
    fn forty_viewers_over_four_hundred_days_hold_a_bounded_few_journeys() {
        let (fleet, west) = west_fleet();
        let home = TrainId {
            route: 0,
            date: west.departure_date,
        };
        let mut viewers = vec![fleet.clone(); 40];
        let start: DateTime<Utc> = "2025-06-17T00:00:00Z".parse().unwrap();
        let (mut most_shared, mut most_held) = (0, 0);
        for step in 0..400 * 2 {
            let at = start + TimeDelta::hours(12 * step);
            for v in &mut viewers {
                v.others(at, home, &west);
                most_held = most_held.max(v.held());
            }
            most_shared = most_shared.max(fleet.shared_journeys());
        }
        // Each viewer's handles are to the same journeys, so together they hold no more
        // than one does (forty copies each before they were shared).
        assert!(most_shared <= HELD_LIMIT, "{most_shared} journeys at once");
        // Each filled up (and let go of half) on the way: bounded, not merely never full.
        assert_eq!(most_held, HELD_LIMIT);
        // Letting go of the least used never loses a train on the line: the last instant's
        // trains are those a fresh fleet finds.
        let end = start + TimeDelta::hours(12 * (400 * 2 - 1));
        let fresh: Vec<TrainId> = west_fleet().0.on_line(end);
        assert!(!fresh.is_empty());
        assert_eq!(viewers[0].on_line(end), fresh);
        let labels = |f: &mut Fleet| -> Vec<String> {
            f.others(end, home, &west)
                .into_iter()
                .map(|t| t.label)
                .collect()
        };
        assert_eq!(labels(&mut viewers[7]), labels(&mut west_fleet().0));
    }
}
