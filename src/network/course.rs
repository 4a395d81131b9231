//! A trip's course: how far along it each stop lies, and the times the feed leaves blank filled
//! in by that distance. `import gtfs` and the network model both call these, so one trip's
//! estimated times are the same in a route file and on the network map.

use super::geometry::{cumulative_km, infer_unit, project};

/// How the distances of a [`Course`] were found.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// From `shape_dist_traveled` on every stop, read in `unit` (`per_km` of it make a km): the
    /// trip spans `span` of it against `reference_km` of the shape (`on_shape`) or of the great
    /// circles through the stops.
    ShapeDist {
        /// The unit's name: km, metres, miles or feet.
        unit: &'static str,
        /// How many of the unit make a km.
        per_km: f64,
        /// The trip's span in the feed's unit.
        span: f64,
        /// The length it was compared with, km.
        reference_km: f64,
        /// Whether that length is the shape's (else the great circles').
        on_shape: bool,
    },
    /// The stops projected onto the trip's shape of `points` points, `length_km` long.
    Projected {
        /// The shape's points.
        points: usize,
        /// The shape's length, km.
        length_km: f64,
    },
    /// Great circles between consecutive stops (no `shape_dist_traveled`, no shape).
    GreatCircle,
}

/// Where each stop of a trip lies.
#[derive(Debug, Clone)]
pub struct Course {
    /// Km from the first stop, never decreasing.
    pub km: Vec<f64>,
    /// Km along the shape from its start, each stop projected onto it; `None` without a shape
    /// of two points or more.
    pub along: Option<Vec<f64>>,
    /// How `km` was found.
    pub measure: Measure,
}

/// Km from the first stop for each stop: from `shape_dist` when every stop has one (its unit
/// inferred against the shape's length, or the great-circle length without a shape), else the
/// stops (`coords`) projected onto `shape`, else great circles between stops.
#[must_use]
pub fn distances(
    shape_dist: &[Option<f64>],
    coords: &[(f64, f64)],
    shape: &[(f64, f64)],
) -> Course {
    let along = (shape.len() >= 2).then(|| project(shape, coords));
    let chain = cumulative_km(coords);
    let on_shape = shape.len() >= 2;
    let reference_km = if on_shape {
        cumulative_km(shape).last().copied().unwrap_or(0.0)
    } else {
        chain.last().copied().unwrap_or(0.0)
    };
    let dists: Option<Vec<f64>> = shape_dist.iter().copied().collect();
    if let Some(d) = dists.filter(|d| d.len() >= 2 && d.len() == coords.len()) {
        let span = d[d.len() - 1] - d[0];
        if span > 0.0 && reference_km > 0.0 {
            let (unit, per_km) = infer_unit(span, reference_km);
            let km = d.iter().map(|v| (v - d[0]) / per_km).collect();
            let measure = Measure::ShapeDist {
                unit,
                per_km,
                span,
                reference_km,
                on_shape,
            };
            return Course { km, along, measure };
        }
    }
    if let Some(a) = &along {
        let km = a.iter().map(|v| v - a[0]).collect();
        let measure = Measure::Projected {
            points: shape.len(),
            length_km: reference_km,
        };
        return Course { km, along, measure };
    }
    Course {
        km: chain,
        along: None,
        measure: Measure::GreatCircle,
    }
}

/// Fill the blank times by distance between the nearest timed stops before and after, and
/// mark them estimated. `given` holds each stop's arrival and departure (seconds of the
/// service day, `None` where blank), `km` each stop's distance. A stop with one time has it
/// for both. Returns `None` when the first or last stop has no time.
#[must_use]
pub fn fill_times(
    given: &[(Option<i64>, Option<i64>)],
    km: &[f64],
) -> Option<Vec<(i64, i64, bool)>> {
    let given: Vec<Option<(i64, i64)>> = given
        .iter()
        .map(|t| match *t {
            (Some(a), Some(d)) => Some((a, d)),
            (Some(x), None) | (None, Some(x)) => Some((x, x)),
            (None, None) => None,
        })
        .collect();
    given.first().copied().flatten()?;
    given.last().copied().flatten()?;
    let mut out = Vec::with_capacity(given.len());
    for (i, g) in given.iter().enumerate() {
        if let Some((a, d)) = g {
            out.push((*a, *d, false));
            continue;
        }
        let before = (0..i).rev().find(|&j| given[j].is_some())?;
        let after = (i + 1..given.len()).find(|&j| given[j].is_some())?;
        let (t0, t1) = (given[before]?.1, given[after]?.0);
        let (k0, k1) = (
            km.get(before).copied().unwrap_or(0.0),
            km.get(after).copied().unwrap_or(0.0),
        );
        let here = km.get(i).copied().unwrap_or(k0);
        let share = if k1 > k0 {
            (here - k0) / (k1 - k0)
        } else {
            (i - before) as f64 / (after - before) as f64
        };
        #[allow(clippy::cast_possible_truncation)] // seconds within a trip's span
        let t = t0 + ((t1 - t0) as f64 * share.clamp(0.0, 1.0)).round() as i64;
        out.push((t, t, true));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_times_are_interpolated_by_distance() {
        let given = [(None, Some(0)), (None, None), (Some(1000), None)];
        let filled = fill_times(&given, &[0.0, 3.0, 10.0]).unwrap();
        assert_eq!(
            filled,
            [(0, 0, false), (300, 300, true), (1000, 1000, false)]
        );
        // Stops at one place share the time by their order instead.
        let filled = fill_times(
            &[
                (Some(0), Some(0)),
                (None, None),
                (None, None),
                (Some(90), Some(90)),
            ],
            &[0.0; 4],
        )
        .unwrap();
        assert_eq!(filled[1].0, 30);
        assert_eq!(filled[2].0, 60);
        assert!(fill_times(&[(None, None), (Some(5), None)], &[0.0, 1.0]).is_none());
    }

    #[test]
    fn shape_dist_wins_then_the_shape_then_great_circles() {
        let coords = [(0.0, 0.0), (0.0, 1.0)];
        let shape = [(0.0, 0.0), (0.5, 0.5), (0.0, 1.0)];
        let c = distances(&[Some(0.0), Some(157_000.0)], &coords, &shape);
        assert!(
            matches!(c.measure, Measure::ShapeDist { unit: "metres", .. }),
            "{:?}",
            c.measure
        );
        assert!((c.km[1] - 157.0).abs() < 1e-9);
        let c = distances(&[Some(0.0), None], &coords, &shape);
        assert!(matches!(c.measure, Measure::Projected { points: 3, .. }));
        assert!(c.km[1] > 111.0 * 1.4, "along the bent shape: {}", c.km[1]);
        let c = distances(&[None, None], &coords, &[]);
        assert_eq!(c.measure, Measure::GreatCircle);
        assert!((c.km[1] - 111.2).abs() < 0.1);
        assert!(c.along.is_none());
    }
}
