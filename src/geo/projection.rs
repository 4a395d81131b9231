//! The map's projection: equirectangular, with the east–west scale set by a standard
//! parallel so that there a degree north and a degree east are the same length on screen
//! (the map view, `app::map_view`, widens its longitude span by 1/cos of it and picks the
//! parallel). Plus clipping of segments to the visible rectangle, so nothing outside is drawn.

/// A rectangle in degrees: (min lon, min lat, max lon, max lat).
pub type Bounds = (f64, f64, f64, f64);

/// Clip the segment `a`–`b` to `bounds` (Liang–Barsky); `None` when it lies outside.
#[must_use]
pub fn clip(a: (f64, f64), b: (f64, f64), bounds: Bounds) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - bounds.0),
        (dx, bounds.2 - a.0),
        (-dy, a.1 - bounds.1),
        (dy, bounds.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_inside_drops_outside_and_cuts_crossings() {
        let b = (0.0, 0.0, 10.0, 10.0);
        assert_eq!(
            clip((1.0, 1.0), (2.0, 2.0), b),
            Some(((1.0, 1.0), (2.0, 2.0)))
        );
        assert_eq!(clip((-5.0, -5.0), (-1.0, 20.0), b), None);
        assert_eq!(
            clip((-5.0, 5.0), (15.0, 5.0), b),
            Some(((0.0, 5.0), (10.0, 5.0)))
        );
        let ((x0, y0), (x1, y1)) = clip((5.0, 5.0), (5.0, 50.0), b).unwrap();
        assert_eq!((x0, y0, x1, y1), (5.0, 5.0, 5.0, 10.0));
        assert_eq!(clip((12.0, 1.0), (12.0, 9.0), b), None);
    }
}
