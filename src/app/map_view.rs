//! The map's viewport: which stretch of (lon, lat) is visible, follow mode, dragging. Pure.
//! The canvas maps degrees linearly (equirectangular, see [`crate::geo::projection`]); the
//! east–west span is widened by 1/cos of a standard parallel, so that there a degree north and
//! a degree east are the same length on screen. The parallel is the route's own when the map
//! fits the route ([`route_parallel`]: about 53° N for the Trans-Siberian, 40° N for an
//! American transcontinental), and the middle of the view once zoomed, so every place is drawn
//! in its true shape where the user looks.

use crate::geo::projection::Bounds;

/// How much wider than tall a degree is drawn at latitude `lat`: 1/cos, capped at 80°.
fn east_west_stretch(lat: f64) -> f64 {
    let lat = if lat.is_finite() {
        lat.clamp(-80.0, 80.0)
    } else {
        0.0
    };
    1.0 / lat.to_radians().cos()
}

/// The standard parallel for a whole route: the mean latitude of its line, each stretch between
/// two stops weighted by its length. `stops` are (km, lat) in order; 0 without a length.
#[must_use]
pub fn route_parallel(stops: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut length) = (0.0, 0.0);
    let mut prev: Option<(f64, f64)> = None;
    for (km, lat) in stops {
        if let Some((k0, l0)) = prev {
            let d = (km - k0).max(0.0);
            sum += d * f64::midpoint(l0, lat);
            length += d;
        }
        prev = Some((km, lat));
    }
    if length > 0.0 && sum.is_finite() {
        sum / length
    } else {
        prev.map_or(0.0, |p| p.1)
    }
}

/// Closest zoom: the visible height in degrees of latitude.
pub const MIN_SPAN_DEG: f64 = 0.5;
/// Widest zoom.
pub const MAX_SPAN_DEG: f64 = 60.0;

/// Which screen the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The strip, the clocks, the timetable and the log.
    Strip,
    /// The map instead of the strip and the body.
    Map,
    /// The map beside the strip screen (wide terminals).
    Split,
}

/// The map's viewport. `None` parts fit the whole route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Centre in the plane, or fit the route.
    pub center: Option<(f64, f64)>,
    /// Visible height in degrees, or fit the route.
    pub span: Option<f64>,
    /// Keep the train in the middle (once zoomed in).
    pub follow: bool,
    /// An ongoing drag: start cell and the centre then.
    pub drag: Option<(u16, u16, (f64, f64))>,
    /// The closest zoom, degrees of latitude shown: [`MIN_SPAN_DEG`] for a journey's map,
    /// closer for a city's network.
    pub closest: f64,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            center: None,
            span: None,
            follow: true,
            drag: None,
            closest: MIN_SPAN_DEG,
        }
    }
}

/// The (min lon, min lat, max lon, max lat) shown in a `cols`×`rows` area: the route's
/// bounding box with a margin, or the view's own centre and span, widened so a cell (twice as
/// tall as wide) keeps the map's aspect at the standard parallel (`parallel`, the route's, when
/// fitting; the view's middle once zoomed). `train` is (lat, lon).
#[must_use]
pub fn visible_bounds(
    view: &MapView,
    route_box: (f64, f64, f64, f64),
    parallel: f64,
    train: (f64, f64),
    (cols, rows): (u16, u16),
) -> Bounds {
    let cells = f64::from(cols.max(1)) / (2.0 * f64::from(rows.max(1)));
    let aspect = cells * east_west_stretch(parallel);
    let (lon_span, lat_span) = (route_box.2 - route_box.0, route_box.3 - route_box.1);
    // The whole route always fits, however narrow the area: the widest zoom is the wider of
    // MAX_SPAN_DEG and the route's own (a tall, narrow split map needs more than 60°).
    let fit_span = (lat_span * 1.15)
        .max(lon_span * 1.08 / aspect)
        .clamp(view.closest, 180.0);
    let span = view
        .span
        .unwrap_or(fit_span)
        .clamp(view.closest, MAX_SPAN_DEG.max(fit_span));
    let fit_center = (
        f64::midpoint(route_box.0, route_box.2),
        f64::midpoint(route_box.1, route_box.3),
    );
    let center = match (view.follow, view.span) {
        (true, Some(_)) => (train.1, train.0),
        _ => view.center.unwrap_or(fit_center),
    };
    let half_h = span / 2.0;
    let half_w = match view.span {
        Some(_) => half_h * cells * east_west_stretch(center.1),
        None => half_h * aspect,
    };
    (
        center.0 - half_w,
        center.1 - half_h,
        center.0 + half_w,
        center.1 + half_h,
    )
}

impl MapView {
    /// Zoom by `factor` (< 1 zooms in) from the current `bounds`.
    pub fn zoom(&mut self, factor: f64, bounds: Bounds) {
        let now = bounds.3 - bounds.1;
        let span = (now * factor).clamp(self.closest, MAX_SPAN_DEG.max(now));
        self.center.get_or_insert((
            f64::midpoint(bounds.0, bounds.2),
            f64::midpoint(bounds.1, bounds.3),
        ));
        self.span = Some(span);
    }

    /// Pan by a fraction of the visible width and height; stops following.
    pub fn pan(&mut self, fx: f64, fy: f64, bounds: Bounds) {
        let (cx, cy) = (
            f64::midpoint(bounds.0, bounds.2),
            f64::midpoint(bounds.1, bounds.3),
        );
        self.center = Some((
            cx + fx * (bounds.2 - bounds.0),
            (cy + fy * (bounds.3 - bounds.1)).clamp(-80.0, 85.0),
        ));
        self.span = Some(bounds.3 - bounds.1);
        self.follow = false;
    }

    /// Back to the whole route, following the train.
    pub fn reset(&mut self) {
        *self = Self {
            closest: self.closest,
            ..Self::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTE: (f64, f64, f64, f64) = (37.6, 39.0, 135.1, 58.6);

    fn bounds(v: &MapView, train: (f64, f64), size: (u16, u16)) -> Bounds {
        visible_bounds(v, ROUTE, 55.0, train, size)
    }

    #[test]
    fn fitting_shows_the_whole_route_with_square_degrees() {
        let b = bounds(&MapView::default(), (50.0, 80.0), (200, 60));
        assert!(b.0 < ROUTE.0 && b.2 > ROUTE.2 && b.1 < ROUTE.1 && b.3 > ROUTE.3);
        // Cells are twice as tall as wide; degrees east are shorter by cos 55°.
        let ratio = (b.2 - b.0) / (b.3 - b.1);
        assert!((ratio - 200.0 / 120.0 / 55f64.to_radians().cos()).abs() < 1e-9);
    }

    #[test]
    fn a_zoomed_view_is_true_to_shape_at_its_middle() {
        let mut v = MapView::default();
        v.zoom(0.1, bounds(&v, (41.9, -87.6), (200, 60)));
        let b = bounds(&v, (41.9, -87.6), (200, 60));
        let ratio = (b.2 - b.0) / (b.3 - b.1);
        let mid = f64::midpoint(b.1, b.3).to_radians().cos();
        assert!((ratio - 200.0 / 120.0 / mid).abs() < 1e-9, "{b:?}");
        // Near a pole the stretch is capped, and nothing is infinite.
        v.center = Some((0.0, 89.9));
        v.follow = false;
        let b = bounds(&v, (0.0, 0.0), (200, 60));
        assert!(b.0.is_finite() && b.2.is_finite() && (b.2 - b.0) < 100.0);
    }

    #[test]
    fn the_route_parallel_weighs_each_stretch_by_its_length() {
        // 1,000 km at 40° then 3,000 km at 56°: mostly the northern stretch.
        let p = route_parallel([(0.0, 40.0), (1000.0, 40.0), (4000.0, 56.0)].into_iter());
        assert!((p - (1000.0 * 40.0 + 3000.0 * 48.0) / 4000.0).abs() < 1e-9);
        assert_eq!(route_parallel([(0.0, 12.0)].into_iter()), 12.0);
        assert_eq!(route_parallel(std::iter::empty()), 0.0);
        assert_eq!(route_parallel([(0.0, 10.0), (0.0, 20.0)].into_iter()), 20.0);
    }

    #[test]
    fn zoom_follow_pan_and_reset() {
        let mut v = MapView::default();
        let b = bounds(&v, (52.0, 104.0), (100, 40));
        v.zoom(0.5, b);
        let z = bounds(&v, (52.0, 104.0), (100, 40));
        assert!(((z.3 - z.1) - (b.3 - b.1) / 2.0).abs() < 1e-9);
        let (tx, ty) = (104.0, 52.0);
        assert!(
            (f64::midpoint(z.0, z.2) - tx).abs() < 1e-9
                && (f64::midpoint(z.1, z.3) - ty).abs() < 1e-9
        );
        v.pan(0.2, 0.0, z);
        assert!(!v.follow);
        let p = bounds(&v, (52.0, 104.0), (100, 40));
        assert!(p.0 > z.0);
        for _ in 0..40 {
            let cur = bounds(&v, (52.0, 104.0), (100, 40));
            v.zoom(0.5, cur);
        }
        assert_eq!(v.span, Some(MIN_SPAN_DEG));
        v.reset();
        assert_eq!(v, MapView::default());
    }
}
