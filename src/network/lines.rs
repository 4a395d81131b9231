//! The network as the map draws it: each route's line (the distinct shapes its trips follow,
//! or the stops of the patterns that have none), kept at a few levels of detail so a view of
//! the whole feed draws a few thousand segments, not every point of every shape; and the
//! stations, busiest first, for the dots and the names.

use geo::{LineString, Simplify};

use super::Network;

/// The tolerances of the levels of detail, in degrees: level 0 keeps every point.
pub const LEVELS: [f64; 5] = [0.0, 0.000_2, 0.001, 0.005, 0.025];

/// One line of a route: its points as (lon, lat) degrees and their bounding box.
#[derive(Debug, Clone)]
pub struct Line {
    /// The route (an index into [`Network::routes`]).
    pub route: u32,
    /// (min lon, min lat, max lon, max lat).
    pub bbox: (f64, f64, f64, f64),
    /// The points, (lon, lat).
    pub points: Vec<(f32, f32)>,
}

/// A station as the map shows it: the stop (its parent station when it has one) and how many
/// stop patterns call there, which orders the names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Station {
    /// The stop (an index into [`Network::stops`]).
    pub stop: u32,
    /// (lat, lon).
    pub coord: (f64, f64),
    /// The patterns calling there.
    pub calls: u32,
}

/// Every route's lines at every level, and the stations.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    levels: Vec<Vec<Line>>,
    stations: Vec<Station>,
    bbox: Option<(f64, f64, f64, f64)>,
}

impl Lines {
    /// The lines and stations of `network`.
    #[must_use]
    pub fn of(network: &Network) -> Self {
        let raw = raw_lines(network);
        let levels = LEVELS
            .iter()
            .map(|&tolerance| raw.iter().map(|l| simplified(l, tolerance)).collect())
            .collect();
        let stations = stations(network);
        let bbox = stations.iter().fold(None, |acc, s| {
            let (lat, lon) = s.coord;
            Some(acc.map_or((lon, lat, lon, lat), |b: (f64, f64, f64, f64)| {
                (b.0.min(lon), b.1.min(lat), b.2.max(lon), b.3.max(lat))
            }))
        });
        Self {
            levels,
            stations,
            bbox,
        }
    }

    /// The lines at the level whose tolerance is under `dot` degrees (a braille dot's
    /// height), the coarsest such.
    #[must_use]
    pub fn at_detail(&self, dot: f64) -> &[Line] {
        let level = LEVELS.iter().rposition(|&t| t <= dot / 2.0).unwrap_or(0);
        self.levels.get(level).map_or(&[], Vec::as_slice)
    }

    /// The stations, those with the most patterns calling first.
    #[must_use]
    pub fn stations(&self) -> &[Station] {
        &self.stations
    }

    /// The box round every station, (min lon, min lat, max lon, max lat).
    #[must_use]
    pub fn bbox(&self) -> Option<(f64, f64, f64, f64)> {
        self.bbox
    }

    /// The points kept at every level (for the benches' figures).
    #[must_use]
    pub fn points_at(&self, level: usize) -> usize {
        self.levels
            .get(level)
            .map_or(0, |ls| ls.iter().map(|l| l.points.len()).sum())
    }
}

/// Each route's distinct shapes, and the stops of its distinct patterns without one, as
/// (lat, lon) polylines.
fn raw_lines(network: &Network) -> Vec<(u32, Vec<(f64, f64)>)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for trip in network.trips() {
        let Some(pattern) = network.pattern_of(trip) else {
            continue;
        };
        let key = match pattern.shape {
            Some(s) => (trip.route, true, s),
            None => (trip.route, false, trip.pattern),
        };
        if !seen.insert(key) {
            continue;
        }
        let points: Vec<(f64, f64)> = match pattern.shape {
            Some(s) => network
                .shapes()
                .get(s as usize)
                .map(|s| s.points.clone())
                .unwrap_or_default(),
            None => network
                .pattern_stops(pattern)
                .iter()
                .filter_map(|&s| network.stops().get(s as usize)?.coord)
                .collect(),
        };
        if points.len() >= 2 {
            out.push((trip.route, points));
        }
    }
    out
}

/// `line` simplified to `tolerance` degrees (Ramer-Douglas-Peucker).
fn simplified((route, points): &(u32, Vec<(f64, f64)>), tolerance: f64) -> Line {
    let lon_lat: Vec<(f64, f64)> = points.iter().map(|&(lat, lon)| (lon, lat)).collect();
    let kept: Vec<(f64, f64)> = if tolerance > 0.0 {
        let line: LineString<f64> = lon_lat.into_iter().collect();
        line.simplify(tolerance)
            .0
            .iter()
            .map(|c| (c.x, c.y))
            .collect()
    } else {
        lon_lat
    };
    let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in &kept {
        bbox = (
            bbox.0.min(lon),
            bbox.1.min(lat),
            bbox.2.max(lon),
            bbox.3.max(lat),
        );
    }
    #[allow(clippy::cast_possible_truncation)] // degrees, to a few centimetres
    let points = kept.iter().map(|&(x, y)| (x as f32, y as f32)).collect();
    Line {
        route: *route,
        bbox,
        points,
    }
}

/// The stations trips call at (a platform counts as its parent station), busiest first.
fn stations(network: &Network) -> Vec<Station> {
    let stops = network.stops();
    let mut calls = vec![0u32; stops.len()];
    for p in network.patterns() {
        for &s in network.pattern_stops(p) {
            let shown = station_of(network, s);
            if let Some(c) = calls.get_mut(shown as usize) {
                *c += 1;
            }
        }
    }
    let mut out: Vec<Station> = calls
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .filter_map(|(i, &c)| {
            let coord = stops.get(i)?.coord?;
            Some(Station {
                stop: u32::try_from(i).ok()?,
                coord,
                calls: c,
            })
        })
        .collect();
    out.sort_by(|a, b| b.calls.cmp(&a.calls).then(a.stop.cmp(&b.stop)));
    out
}

/// The stop shown for stop `s`: its parent station when that has coordinates, else itself.
#[must_use]
pub fn station_of(network: &Network, s: u32) -> u32 {
    let stops = network.stops();
    match stops.get(s as usize).and_then(|st| st.parent) {
        Some(p) if stops.get(p as usize).is_some_and(|ps| ps.coord.is_some()) => p,
        _ => s,
    }
}
