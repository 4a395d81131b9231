//! From a trip's ordered stop times to the stops of a route: times filled in where the feed
//! leaves them blank, distances derived, stops passed without stopping and stops at the same
//! time or place folded away, each step said in words for the file's header.

use super::gtfs::StopTime;
use crate::network::course::{self, Measure};

/// One stop time with its place, on the way to becoming a route stop.
#[derive(Debug, Clone)]
pub struct Point {
    /// Index into the trip's ordered stop times.
    pub index: usize,
    /// Latitude and longitude.
    pub coord: (f64, f64),
    /// Km from the first stop.
    pub km: f64,
    /// Km along the shape, when the trip has one.
    pub along: Option<f64>,
    /// Arrival and departure, seconds from the service day's origin.
    pub arrive: i64,
    /// See `arrive`.
    pub depart: i64,
    /// The feed gives no time: it was interpolated by distance.
    pub estimated: bool,
    /// What was folded into this stop (names of stops merged away).
    pub merged: Vec<usize>,
}

/// How the km were found, in words for the header.
pub struct KmMethod(pub String);

/// Km from the first stop for each stop time, and where each stop lies along the shape when
/// there is one ([`course::distances`], shared with the network model), with how the km were
/// found in words.
#[must_use]
pub fn distances(
    times: &[StopTime],
    coords: &[(f64, f64)],
    shape: &[(f64, f64)],
) -> (Vec<f64>, Option<Vec<f64>>, KmMethod) {
    let dists: Vec<Option<f64>> = times.iter().map(|t| t.shape_dist).collect();
    let c = course::distances(&dists, coords, shape);
    let how = match c.measure {
        Measure::ShapeDist {
            unit,
            span,
            reference_km,
            on_shape,
            ..
        } => {
            let against = if on_shape {
                "the shape's length"
            } else {
                "the great-circle length through the stops"
            };
            format!(
                "from shape_dist_traveled, read as {unit} (the trip spans {span} of it against {reference_km:.3} km of {against})"
            )
        }
        Measure::Projected { points, length_km } => format!(
            "the stops projected onto the trip's shape ({points} points, {length_km:.3} km long)"
        ),
        Measure::GreatCircle => "great-circle distances between consecutive stops (the feed has neither shape_dist_traveled nor a shape for this trip)".into(),
    };
    (c.km, c.along, KmMethod(how))
}

/// Fill the blank times by distance ([`course::fill_times`], shared with the network model)
/// and mark them estimated. Returns `None` when the first or last stop has no time.
#[must_use]
pub fn fill_times(times: &[StopTime], km: &[f64]) -> Option<Vec<(i64, i64, bool)>> {
    let given: Vec<(Option<i64>, Option<i64>)> =
        times.iter().map(|t| (t.arrive, t.depart)).collect();
    course::fill_times(&given, km)
}

/// Km rounded as the file writes them (metres).
#[must_use]
pub fn round_km(km: f64) -> f64 {
    (km * 1000.0).round() / 1000.0
}

/// Fold each stop into the one before it when the route format would refuse the pair: the
/// same km (the same place, to the metre) or no time between them. The terminus keeps its
/// name: the stops before it that clash with it are folded into it instead.
#[must_use]
pub fn merge(points: Vec<Point>) -> Vec<Point> {
    let last_index = points.last().map(|p| p.index);
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for mut p in points {
        if Some(p.index) == last_index {
            while out.len() > 1 && out.last().is_some_and(|prev| clash(prev, &p)) {
                let Some(gone) = out.pop() else { break };
                p.arrive = gone.arrive;
                p.estimated |= gone.estimated;
                p.merged.push(gone.index);
                p.merged.extend(gone.merged);
            }
        }
        match out.last_mut() {
            Some(prev) if clash(prev, &p) => {
                prev.depart = prev.depart.max(p.depart);
                prev.merged.push(p.index);
                prev.merged.extend(p.merged);
            }
            _ => out.push(p),
        }
    }
    out
}

/// Whether the route format would refuse `b` right after `a`.
fn clash(a: &Point, b: &Point) -> bool {
    round_km(b.km) <= round_km(a.km) || b.arrive <= a.depart
}

/// Whether `t` is passed without stopping: no pickup and no drop-off.
#[must_use]
pub fn passes(t: &StopTime) -> bool {
    t.pickup == 1 && t.drop_off == 1
}
#[cfg(test)]
mod tests {
    use super::*;

    fn st(arrive: Option<i64>, depart: Option<i64>) -> StopTime {
        StopTime {
            stop: "s".into(),
            sequence: 0,
            arrive,
            depart,
            pickup: 0,
            drop_off: 0,
            shape_dist: None,
            line: 0,
        }
    }

    #[test]
    fn the_importer_fills_blank_times_with_the_shared_interpolation() {
        let times = [st(None, Some(0)), st(None, None), st(Some(1000), None)];
        let filled = fill_times(&times, &[0.0, 3.0, 10.0]).unwrap();
        assert_eq!(
            filled,
            [(0, 0, false), (300, 300, true), (1000, 1000, false)]
        );
    }

    fn point(index: usize, km: f64, arrive: i64, depart: i64) -> Point {
        Point {
            index,
            coord: (0.0, 0.0),
            km,
            along: None,
            arrive,
            depart,
            estimated: false,
            merged: Vec::new(),
        }
    }

    #[test]
    fn stops_at_one_time_or_place_are_folded() {
        let merged = merge(vec![
            point(0, 0.0, 0, 60),
            point(1, 0.0, 60, 60),
            point(2, 1.0, 120, 180),
            point(3, 2.0, 240, 300),
            point(4, 3.0, 300, 300),
        ]);
        let kept: Vec<usize> = merged.iter().map(|p| p.index).collect();
        assert_eq!(kept, [0, 2, 4]);
        assert_eq!(merged[0].merged, [1]);
        assert_eq!(merged[2].merged, [3]);
        assert_eq!(merged[2].arrive, 240);
    }
}
