//! Distances along a trip: great circles between stops, a shape's length, stops projected onto
//! the shape, `shape_dist_traveled`'s unit inferred, and the shape simplified into waypoints.

use geo::{LineString, SimplifyIdx};

/// Mean Earth radius, km (the IUGG value).
pub const EARTH_KM: f64 = 6371.0088;

/// Great-circle distance in km between two `(lat, lon)` points.
#[must_use]
pub fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// Cumulative km at each point of a polyline, starting at 0.
#[must_use]
pub fn cumulative_km(points: &[(f64, f64)]) -> Vec<f64> {
    let mut out = Vec::with_capacity(points.len());
    let mut total = 0.0;
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            total += great_circle_km(points[i - 1], *p);
        }
        out.push(total);
    }
    out
}

/// The most stop-and-segment pairs [`project`] weighs at once (a table of 4 bytes each);
/// beyond it, each stop goes to the nearest segment at or after the previous stop's.
const MAX_PAIRS: usize = 8_000_000;

/// Where each stop lies along `shape`, in km from the shape's start: the places on the shape,
/// one per stop and never going back along it, that lie nearest to the stops in all (the
/// least total distance, found by dynamic programming over the stops and segments). A route
/// that loops back past its first stops keeps each stop on its own pass. The result never
/// decreases.
#[must_use]
pub fn project(shape: &[(f64, f64)], stops: &[(f64, f64)]) -> Vec<f64> {
    let cum = cumulative_km(shape);
    let segments = shape.len().saturating_sub(1);
    if segments == 0 {
        return vec![cum.last().copied().unwrap_or(0.0); stops.len()];
    }
    let picks = if stops.len().saturating_mul(segments) <= MAX_PAIRS {
        least_total(shape, stops)
    } else {
        greedy(shape, stops)
    };
    let mut last = 0.0f64;
    picks
        .into_iter()
        .map(|(j, t)| {
            last = last.max(cum[j] + t * (cum[j + 1] - cum[j]));
            last
        })
        .collect()
}

/// Each stop's segment and place on it (0 to 1): the choice, in segment order, of least total
/// distance.
fn least_total(shape: &[(f64, f64)], stops: &[(f64, f64)]) -> Vec<(usize, f64)> {
    let m = shape.len() - 1;
    let n = stops.len();
    // prefix[j]: the least total distance of the stops so far with the last one on segment j
    // or before, and that segment; back[i * m + j]: stop i - 1's segment when stop i is on j.
    let mut prefix: Vec<(f64, u32)> = vec![(0.0, 0); m];
    let mut back = vec![0u32; n * m];
    let mut cost = vec![0.0f64; m];
    for (i, &stop) in stops.iter().enumerate() {
        for j in 0..m {
            let (d, _) = to_segment(stop, shape[j], shape[j + 1]);
            cost[j] = if i == 0 { d } else { prefix[j].0 + d };
            if i > 0 {
                back[i * m + j] = prefix[j].1;
            }
        }
        let mut running = (f64::INFINITY, 0u32);
        for j in 0..m {
            if cost[j] < running.0 {
                running = (cost[j], u32::try_from(j).unwrap_or(0));
            }
            prefix[j] = running;
        }
    }
    let mut j = prefix.last().map_or(0, |p| p.1 as usize);
    let mut out = vec![(0usize, 0.0f64); n];
    for i in (0..n).rev() {
        out[i] = (j, to_segment(stops[i], shape[j], shape[j + 1]).1);
        if i > 0 {
            j = back[i * m + j] as usize;
        }
    }
    out
}

/// Each stop's segment and place on it: the nearest segment at or after the previous stop's
/// (for trips too long for [`least_total`]'s table).
fn greedy(shape: &[(f64, f64)], stops: &[(f64, f64)]) -> Vec<(usize, f64)> {
    let mut from = 0usize;
    stops
        .iter()
        .map(|&stop| {
            let mut best: Option<(f64, usize, f64)> = None;
            for j in from..shape.len() - 1 {
                let (d, t) = to_segment(stop, shape[j], shape[j + 1]);
                if best.is_none_or(|b| d < b.0) {
                    best = Some((d, j, t));
                }
            }
            let (_, j, t) = best.unwrap_or((0.0, from, 0.0));
            from = j;
            (j, t)
        })
        .collect()
}

/// Distance (in a local flat projection, degrees of latitude) from `p` to the segment `a`-`b`,
/// and where along it (0 to 1) the nearest point is.
fn to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let k = p.0.to_radians().cos();
    let (px, py) = (p.1 * k, p.0);
    let (ax, ay) = (a.1 * k, a.0);
    let (bx, by) = (b.1 * k, b.0);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (nx, ny) = (ax + t * dx, ay + t * dy);
    (((px - nx).powi(2) + (py - ny).powi(2)).sqrt(), t)
}

/// The units `shape_dist_traveled` is found in, with how many of them make a km.
pub const UNITS: [(&str, f64); 4] = [
    ("km", 1.0),
    ("metres", 1000.0),
    ("miles", 0.621_371),
    ("feet", 3280.84),
];

/// The unit of a span of `shape_dist_traveled` that covers `reference_km` of line: the one
/// whose km the span is nearest to, by ratio.
#[must_use]
pub fn infer_unit(span: f64, reference_km: f64) -> (&'static str, f64) {
    let ratio = span / reference_km;
    let mut best = UNITS[0];
    for unit in UNITS {
        if (ratio / unit.1).ln().abs() < (ratio / best.1).ln().abs() {
            best = unit;
        }
    }
    best
}

/// The indices of the shape points kept when simplifying it to what the map shows: the
/// Ramer-Douglas-Peucker algorithm (`geo`) with a tolerance of 1/2000 of the shape's extent,
/// at least 0.0002 degrees (about 20 m).
#[must_use]
pub fn simplify(shape: &[(f64, f64)]) -> Vec<usize> {
    if shape.len() < 3 {
        return (0..shape.len()).collect();
    }
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for &(lat, lon) in shape {
        lat0 = lat0.min(lat);
        lat1 = lat1.max(lat);
        lon0 = lon0.min(lon);
        lon1 = lon1.max(lon);
    }
    let extent = (lat1 - lat0).hypot(lon1 - lon0);
    let line: LineString<f64> = shape.iter().map(|&(lat, lon)| (lon, lat)).collect();
    line.simplify_idx((extent / 2000.0).max(0.0002))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_matches_a_known_distance() {
        // Paris to London, about 343.5 km (haversine with the mean radius).
        let d = great_circle_km((48.8566, 2.3522), (51.5074, -0.1278));
        assert!((d - 343.5).abs() < 0.5, "{d}");
    }

    #[test]
    fn stops_project_forward_along_the_shape() {
        let shape = [(0.0, 0.0), (0.0, 1.0), (0.0, 2.0)];
        let along = project(&shape, &[(0.001, 0.0), (0.01, 1.5), (0.0, 1.2)]);
        let one_deg = great_circle_km((0.0, 0.0), (0.0, 1.0));
        assert!(along[0].abs() < 1e-9);
        assert!((along[1] - 1.5 * one_deg).abs() < 0.01);
        // A stop behind the previous one stays where the previous one was.
        assert!((along[2] - along[1]).abs() < 1e-9);
    }

    #[test]
    fn a_loop_keeps_each_stop_on_its_own_pass() {
        // Out along the equator and back along 0.001 degrees north: the second stop is near
        // both passes, a little nearer the return; the stops after it are on the way out.
        let shape = [(0.0, 0.0), (0.0, 1.0), (0.001, 1.0), (0.001, 0.0)];
        let stops = [
            (0.0, 0.0),
            (0.000_6, 0.1),
            (0.0, 0.5),
            (0.0, 0.9),
            (0.001, 0.5),
        ];
        let along = project(&shape, &stops);
        let deg = great_circle_km((0.0, 0.0), (0.0, 1.0));
        assert!((along[1] - 0.1 * deg).abs() < 0.01, "{along:?}");
        assert!((along[2] - 0.5 * deg).abs() < 0.01, "{along:?}");
        assert!(along[4] > 1.4 * deg, "{along:?}");
        // The nearest segment at or after the last would have put the second stop on the
        // way back, and every stop after it there too.
        let picks = greedy(&shape, &stops);
        assert_eq!(picks[1].0, 2);
    }

    #[test]
    fn units_are_inferred_by_ratio() {
        assert_eq!(infer_unit(12_345.0, 12.0).0, "metres");
        assert_eq!(infer_unit(12.4, 12.0).0, "km");
        assert_eq!(infer_unit(7.6, 12.0).0, "miles");
        assert_eq!(infer_unit(39_000.0, 12.0).0, "feet");
    }
}
