//! The network model built from a feed's rows ([`Raw`], read by `crate::import::network`):
//! stop times grouped into trips, trips sharing their [`Pattern`], blank times filled in by
//! [`super::course`], `frequencies.txt` windows expanded into runs, and the run index.
//!
//! A trip that cannot run (too few stops, no time at either end, times going backwards, a
//! stop_sequence twice, a stop without coordinates) is kept out of the runs and reported as a
//! [`Problem`]; the rest of the feed still runs.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::course::{self, Measure};
use super::geometry::cumulative_km;
use super::index::{Index, Run};
use super::{Network, Pattern, Route, Service, Shape, Stop, Trip};

/// A time left blank in `stop_times.txt`.
pub const BLANK: i32 = i32::MIN;

/// A feed's rows, ids already resolved to indices.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// The feed's name for titles.
    pub name: String,
    /// The agency's zone (`None` is refused by the reader; UTC here).
    pub zone: Option<Tz>,
    /// Every stop.
    pub stops: Vec<Stop>,
    /// The routes kept.
    pub routes: Vec<Route>,
    /// The services the trips use.
    pub services: Vec<Service>,
    /// Their `service_id`s.
    pub service_ids: Vec<Box<str>>,
    /// The trips kept.
    pub trips: Vec<RawTrip>,
    /// The shapes the trips use.
    pub shapes: Vec<RawShape>,
    /// The stop times of the trips kept, in any order.
    pub stop_times: Vec<RawStopTime>,
    /// The `frequencies.txt` windows of the trips kept.
    pub frequencies: Vec<RawFrequency>,
}

/// A trip as read.
#[derive(Debug, Clone)]
pub struct RawTrip {
    /// `trip_id`.
    pub id: Box<str>,
    /// Index of its route.
    pub route: u32,
    /// Index of its service.
    pub service: u32,
    /// Index of its shape, when `shapes.txt` has it.
    pub shape: Option<u32>,
    /// `trip_headsign`.
    pub headsign: Box<str>,
}

/// A shape as read.
#[derive(Debug, Clone, Default)]
pub struct RawShape {
    /// `shape_id`.
    pub id: Box<str>,
    /// `(lat, lon)` points in sequence order.
    pub points: Vec<(f64, f64)>,
    /// `shape_dist_traveled` at each point, when every point has one.
    pub dist: Option<Vec<f64>>,
}

/// A row of `stop_times.txt`: 24 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawStopTime {
    /// Index of its trip.
    pub trip: u32,
    /// `stop_sequence`.
    pub sequence: u32,
    /// Index of its stop.
    pub stop: u32,
    /// Arrival, seconds of the service day; [`BLANK`] when blank.
    pub arrive: i32,
    /// Departure, likewise.
    pub depart: i32,
    /// `shape_dist_traveled`; NaN when blank.
    pub dist: f32,
}

/// A window of `frequencies.txt`: a run departs every `headway` seconds from `start` until
/// before `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFrequency {
    /// Index of its trip.
    pub trip: u32,
    /// First departure, seconds of the service day.
    pub start: i32,
    /// No departure at or after this.
    pub end: i32,
    /// Seconds between departures (1 or more).
    pub headway: i32,
}

/// The most runs one `frequencies.txt` window makes; more are left out (and said).
pub const MAX_RUNS_PER_WINDOW: usize = 10_000;

/// Why a trip does not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It has fewer than two stop times.
    TooFewStops {
        /// The trip's index.
        trip: u32,
        /// How many it has.
        count: usize,
    },
    /// Two of its stop times have this `stop_sequence`.
    SequenceTwice {
        /// The trip's index.
        trip: u32,
        /// The sequence.
        sequence: u32,
    },
    /// Its first or last stop has no time.
    NoEndTime {
        /// The trip's index.
        trip: u32,
    },
    /// Its times go backwards at this `stop_sequence`: `time` comes before the `previous`.
    Backwards {
        /// The trip's index.
        trip: u32,
        /// The stop_sequence where they do.
        sequence: u32,
        /// The time there, seconds of the service day.
        time: i32,
        /// The time before, likewise.
        previous: i32,
    },
    /// This stop of it has no coordinates, nor has its parent station.
    NoCoordinates {
        /// The trip's index.
        trip: u32,
        /// The stop's index.
        stop: u32,
    },
    /// A `frequencies.txt` window of this trip makes more runs than
    /// [`MAX_RUNS_PER_WINDOW`]; the first ones run.
    TooManyRuns {
        /// The trip's index.
        trip: u32,
        /// How many the window describes.
        runs: i64,
    },
}

/// Build the network from a feed's rows; the trips that cannot run are said in the problems.
#[must_use]
pub fn build(mut raw: Raw) -> (Network, Vec<Problem>) {
    let mut stop_times = std::mem::take(&mut raw.stop_times);
    if !stop_times.is_sorted_by_key(|r| (r.trip, r.sequence)) {
        stop_times.sort_unstable_by_key(|r| (r.trip, r.sequence));
    }
    let shapes: Vec<Shape> = raw.shapes.iter().map(shape_of).collect();
    let mut b = Builder::new(&raw, &shapes, stop_times.len());
    let mut rest = stop_times.as_slice();
    for (i, trip) in raw.trips.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        let skip = rest.partition_point(|r| r.trip < i);
        rest = &rest[skip..];
        let n = rest.partition_point(|r| r.trip == i);
        let (rows, after) = rest.split_at(n);
        rest = after;
        b.add_trip(i, trip, rows);
    }
    drop(stop_times);
    let runs = runs(&raw, &b.trips, &b.times, &b.patterns, &mut b.problems);
    let index = Index::new(runs, raw.services.len());
    let Builder {
        patterns,
        pattern_stops,
        pattern_along,
        times,
        trips,
        problems,
        sequences,
        ..
    } = b;
    let mut by_id: Vec<u32> = (0..u32::try_from(trips.len()).unwrap_or(u32::MAX)).collect();
    by_id.sort_unstable_by(|&a, &b| trips[a as usize].id.cmp(&trips[b as usize].id));
    let network = Network {
        name: raw.name,
        zone: raw.zone.unwrap_or(chrono_tz::UTC),
        stops: raw.stops,
        routes: raw.routes,
        trips,
        patterns,
        pattern_stops,
        pattern_along,
        times,
        shapes,
        services: raw.services,
        service_ids: raw.service_ids,
        index,
        by_id,
        sequences,
        stop_zones: Vec::new(),
    };
    (network, problems)
}

/// A shape with the km at each point.
fn shape_of(raw: &RawShape) -> Shape {
    Shape {
        id: raw.id.clone(),
        km: cumulative_km(&raw.points),
        points: raw.points.clone(),
    }
}

/// What a pattern is known by: its shape, its stops and (when given) their
/// `shape_dist_traveled` bits.
type PatternKey = (Option<u32>, Box<[u32]>, Option<Box<[u32]>>);

struct Builder<'a> {
    raw: &'a Raw,
    shapes: &'a [Shape],
    patterns: Vec<Pattern>,
    pattern_stops: Vec<u32>,
    pattern_along: Vec<f32>,
    /// Km from the first stop of each pattern stop, for filling blank times (dropped after).
    pattern_km: Vec<f64>,
    known: HashMap<PatternKey, u32>,
    times: Vec<[i32; 2]>,
    trips: Vec<Trip>,
    problems: Vec<Problem>,
    sequences: super::sequence::Sequences,
}

impl<'a> Builder<'a> {
    /// A builder of `raw`'s trips, `rows` stop times in all.
    fn new(raw: &'a Raw, shapes: &'a [Shape], rows: usize) -> Self {
        Self {
            raw,
            shapes,
            patterns: Vec::new(),
            pattern_stops: Vec::new(),
            pattern_along: Vec::new(),
            pattern_km: Vec::new(),
            known: HashMap::new(),
            times: Vec::with_capacity(rows),
            trips: Vec::with_capacity(raw.trips.len()),
            problems: Vec::new(),
            sequences: super::sequence::Sequences::default(),
        }
    }
}

impl Builder<'_> {
    /// Add trip `i` with its stop times (sorted by sequence).
    fn add_trip(&mut self, i: u32, raw: &RawTrip, rows: &[RawStopTime]) {
        let mut trip = Trip {
            id: raw.id.clone(),
            route: raw.route,
            service: raw.service,
            headsign: raw.headsign.clone(),
            pattern: Trip::NEVER,
            times: 0,
        };
        match self.check(i, raw, rows) {
            Ok(pattern) => {
                let p = self.patterns[pattern as usize];
                let from = p.first as usize;
                let km = &self.pattern_km[from..from + rows.len()];
                match trip_times(i, rows, km) {
                    Ok(times) => {
                        self.sequences.add(i, rows.iter().map(|r| r.sequence));
                        trip.pattern = pattern;
                        trip.times = u32::try_from(self.times.len()).unwrap_or(u32::MAX);
                        self.times.extend(times);
                    }
                    Err(problem) => self.problems.push(problem),
                }
            }
            Err(problem) => self.problems.push(problem),
        }
        self.trips.push(trip);
    }

    /// The trip's pattern, after the checks that need no times.
    fn check(&mut self, i: u32, raw: &RawTrip, rows: &[RawStopTime]) -> Result<u32, Problem> {
        if rows.len() < 2 {
            return Err(Problem::TooFewStops {
                trip: i,
                count: rows.len(),
            });
        }
        if let Some(pair) = rows.windows(2).find(|p| p[0].sequence == p[1].sequence) {
            return Err(Problem::SequenceTwice {
                trip: i,
                sequence: pair[0].sequence,
            });
        }
        let mut coords = Vec::with_capacity(rows.len());
        for r in rows {
            let stop = self.raw.stops.get(r.stop as usize);
            match stop.and_then(|s| s.coord) {
                Some(c) => coords.push(c),
                None => {
                    return Err(Problem::NoCoordinates {
                        trip: i,
                        stop: r.stop,
                    });
                }
            }
        }
        let shape = raw.shape.filter(|&s| {
            self.shapes
                .get(s as usize)
                .is_some_and(|s| s.points.len() >= 2)
        });
        Ok(self.pattern(shape, rows, &coords))
    }

    /// The pattern of these stops along `shape`: one already known, or a new one.
    fn pattern(&mut self, shape: Option<u32>, rows: &[RawStopTime], coords: &[(f64, f64)]) -> u32 {
        let stops: Box<[u32]> = rows.iter().map(|r| r.stop).collect();
        let dists: Option<Box<[u32]>> = rows
            .iter()
            .map(|r| (!r.dist.is_nan()).then(|| r.dist.to_bits()))
            .collect();
        let key = (shape, stops, dists);
        if let Some(&p) = self.known.get(&key) {
            return p;
        }
        let raw_dists: Vec<Option<f64>> = rows
            .iter()
            .map(|r| (!r.dist.is_nan()).then_some(f64::from(r.dist)))
            .collect();
        let points = shape.map_or(&[][..], |s| &self.shapes[s as usize].points[..]);
        let course = course::distances(&raw_dists, coords, points);
        let along = self.along(shape, &raw_dists, &course);
        let first = u32::try_from(self.pattern_stops.len()).unwrap_or(u32::MAX);
        self.pattern_stops.extend(key.1.iter());
        #[allow(clippy::cast_possible_truncation)] // km along a shape, to the metre
        self.pattern_along.extend(along.iter().map(|&v| v as f32));
        self.pattern_km.extend(&course.km);
        let index = u32::try_from(self.patterns.len()).unwrap_or(u32::MAX);
        self.patterns.push(Pattern {
            shape,
            first,
            len: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        });
        self.known.insert(key, index);
        index
    }

    /// Where each stop lies for placing trains: km along the shape (by `shape_dist_traveled`,
    /// matched to the shape's own where `shapes.txt` gives it, else read in the unit found;
    /// or the stops projected), or km from the first stop without a shape.
    fn along(
        &self,
        shape: Option<u32>,
        dists: &[Option<f64>],
        course: &course::Course,
    ) -> Vec<f64> {
        let Some(s) = shape else {
            return course.km.clone();
        };
        if let Measure::ShapeDist { per_km, .. } = course.measure {
            let own = self.raw.shapes[s as usize].dist.as_deref();
            let km = &self.shapes[s as usize].km;
            return dists
                .iter()
                .map(|d| {
                    let d = d.unwrap_or(0.0);
                    own.map_or(d / per_km, |own| km_at_dist(own, km, d))
                })
                .collect();
        }
        course.along.clone().unwrap_or_else(|| course.km.clone())
    }
}

/// The km along a shape where its own `shape_dist_traveled` (`own`, one per point) reaches
/// `d`: between the two points around it, in proportion.
fn km_at_dist(own: &[f64], km: &[f64], d: f64) -> f64 {
    let j = own.partition_point(|&v| v <= d);
    if j == 0 {
        return km.first().copied().unwrap_or(0.0);
    }
    if j >= own.len() {
        return km.last().copied().unwrap_or(0.0);
    }
    let (d0, d1) = (own[j - 1], own[j]);
    let share = if d1 > d0 { (d - d0) / (d1 - d0) } else { 0.0 };
    km[j - 1] + share * (km[j] - km[j - 1])
}

/// A trip's times, blank ones filled in by distance (`km`), each stop's arrival after the
/// previous departure.
fn trip_times(i: u32, rows: &[RawStopTime], km: &[f64]) -> Result<Vec<[i32; 2]>, Problem> {
    let given = |v: i32| (v != BLANK).then_some(i64::from(v));
    let pairs: Vec<(Option<i64>, Option<i64>)> = rows
        .iter()
        .map(|r| (given(r.arrive), given(r.depart)))
        .collect();
    let filled = course::fill_times(&pairs, km).ok_or(Problem::NoEndTime { trip: i })?;
    let mut out = Vec::with_capacity(rows.len());
    let mut previous = i64::MIN;
    for ((a, d, _), r) in filled.into_iter().zip(rows) {
        for (t, before) in [(a, previous), (d, a)] {
            if t < before {
                let clip = |v: i64| i32::try_from(v).unwrap_or(i32::MIN);
                return Err(Problem::Backwards {
                    trip: i,
                    sequence: r.sequence,
                    time: clip(t),
                    previous: clip(before),
                });
            }
        }
        previous = d;
        let clip = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
        out.push([clip(a), clip(d)]);
    }
    Ok(out)
}

/// Every run: a trip that runs once, or a departure of each of its `frequencies.txt` windows,
/// with its service.
fn runs(
    raw: &Raw,
    trips: &[Trip],
    times: &[[i32; 2]],
    patterns: &[Pattern],
    problems: &mut Vec<Problem>,
) -> Vec<(u32, Run)> {
    let mut windows: HashMap<u32, Vec<RawFrequency>> = HashMap::new();
    for f in &raw.frequencies {
        windows.entry(f.trip).or_default().push(*f);
    }
    let mut out = Vec::with_capacity(trips.len());
    for (i, trip) in trips.iter().enumerate() {
        let Some(p) = patterns.get(trip.pattern as usize) else {
            continue;
        };
        let from = trip.times as usize;
        let (Some(first), Some(last)) = (times.get(from), times.get(from + p.len as usize - 1))
        else {
            continue;
        };
        let (dep, arr) = (first[1], last[0]);
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        let run = |shift: i32| Run {
            start: dep.saturating_add(shift),
            end: arr.saturating_add(shift),
            trip: i,
            shift,
        };
        match windows.get(&i) {
            None => out.push((trip.service, run(0))),
            Some(ws) => {
                for w in ws {
                    let count = (i64::from(w.end) - i64::from(w.start) + i64::from(w.headway) - 1)
                        / i64::from(w.headway.max(1));
                    if count > MAX_RUNS_PER_WINDOW as i64 {
                        problems.push(Problem::TooManyRuns {
                            trip: i,
                            runs: count,
                        });
                    }
                    let starts = (0..)
                        .map(|k| i64::from(w.start) + k * i64::from(w.headway.max(1)))
                        .take_while(|t| *t < i64::from(w.end))
                        .take(MAX_RUNS_PER_WINDOW);
                    for t in starts {
                        let shift = i32::try_from(t - i64::from(dep)).unwrap_or(0);
                        out.push((trip.service, run(shift)));
                    }
                }
            }
        }
    }
    out
}
