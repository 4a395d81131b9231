//! The strip's viewport: which stretch of the route is visible, zoom, follow mode, dragging.
//! Pure geometry; the UI turns it into columns.

/// The narrowest stretch the strip can show, km.
pub const MIN_SPAN_KM: f64 = 10.0;
/// The span shown at start (or the whole route when shorter), km.
pub const START_SPAN_KM: f64 = 2500.0;
/// Zoom step factor.
pub const ZOOM_STEP: f64 = 1.5;

/// Visible stretch of the strip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StripView {
    /// km at the centre of the view.
    pub center_km: f64,
    /// Width of the view, km.
    pub span_km: f64,
    /// Keep the train in view as it moves.
    pub follow: bool,
    /// An ongoing mouse drag: the column it started at and the centre then.
    pub drag: Option<(u16, f64)>,
    first_km: f64,
    last_km: f64,
}

impl StripView {
    /// A view of the route from `first_km` to `last_km`, following the train at `train_km`.
    #[must_use]
    pub fn new(first_km: f64, last_km: f64, train_km: f64) -> Self {
        let total = (last_km - first_km).max(MIN_SPAN_KM);
        let mut view = Self {
            center_km: train_km,
            span_km: START_SPAN_KM.min(total * 1.02),
            follow: true,
            drag: None,
            first_km,
            last_km,
        };
        view.clamp();
        view
    }

    /// The widest span: the whole route with a small margin.
    #[must_use]
    pub fn max_span(&self) -> f64 {
        ((self.last_km - self.first_km) * 1.02).max(MIN_SPAN_KM)
    }

    /// Left and right km of the view (in km order, not screen order).
    #[must_use]
    pub fn bounds(&self) -> (f64, f64) {
        (
            self.center_km - self.span_km / 2.0,
            self.center_km + self.span_km / 2.0,
        )
    }

    /// Keep the centre where the view still overlaps the route.
    pub fn clamp(&mut self) {
        self.span_km = self.span_km.clamp(MIN_SPAN_KM, self.max_span());
        let half = self.span_km / 2.0;
        let (lo, hi) = (
            self.first_km - self.span_km * 0.01,
            self.last_km + self.span_km * 0.01,
        );
        self.center_km = if hi - lo <= self.span_km {
            f64::midpoint(lo, hi)
        } else {
            self.center_km.clamp(lo + half, hi - half)
        };
        if !self.center_km.is_finite() {
            self.center_km = self.first_km;
        }
    }

    /// Move the view by `fraction` of its width (negative: toward lower km). Stops following.
    pub fn scroll(&mut self, fraction: f64) {
        self.center_km += self.span_km * fraction;
        self.follow = false;
        self.clamp();
    }

    /// Zoom in (`factor` < 1) or out (> 1), keeping `anchor_km` at the same place on screen.
    pub fn zoom(&mut self, factor: f64, anchor_km: f64) {
        let old = self.span_km;
        self.span_km = (self.span_km * factor).clamp(MIN_SPAN_KM, self.max_span());
        let ratio = self.span_km / old;
        self.center_km = anchor_km + (self.center_km - anchor_km) * ratio;
        self.clamp();
    }

    /// Show `km` near the middle, keeping the zoom.
    pub fn jump_to(&mut self, km: f64) {
        self.center_km = km;
        self.clamp();
    }

    /// In follow mode, recentre when the train nears the edge of the view.
    pub fn keep_in_view(&mut self, train_km: f64) {
        if !self.follow {
            return;
        }
        let (lo, hi) = self.bounds();
        let margin = self.span_km * 0.2;
        if train_km < lo + margin || train_km > hi - margin {
            self.center_km =
                train_km + self.span_km * 0.25 * if train_km > hi - margin { 1.0 } else { -1.0 };
            self.clamp();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_is_bounded_and_keeps_the_anchor() {
        let mut v = StripView::new(0.0, 10_000.0, 5000.0);
        for _ in 0..50 {
            v.zoom(1.0 / ZOOM_STEP, 5000.0);
        }
        assert!((v.span_km - MIN_SPAN_KM).abs() < 1e-9);
        assert!((v.center_km - 5000.0).abs() < 1e-6);
        for _ in 0..50 {
            v.zoom(ZOOM_STEP, 0.0);
        }
        assert!((v.span_km - 10_200.0).abs() < 1e-6);
    }

    #[test]
    fn scrolling_stops_at_the_route_ends_and_releases_follow() {
        let mut v = StripView::new(0.0, 10_000.0, 0.0);
        for _ in 0..100 {
            v.scroll(0.5);
        }
        assert!(!v.follow);
        assert!(v.bounds().1 <= 10_000.0 + v.span_km * 0.011);
        assert!(v.bounds().1 >= 10_000.0);
    }

    #[test]
    fn follow_recentres_near_the_edge() {
        let mut v = StripView::new(0.0, 10_000.0, 0.0);
        let (_, hi) = v.bounds();
        v.keep_in_view(hi - 1.0);
        let (lo2, hi2) = v.bounds();
        assert!(hi - 1.0 > lo2 && hi - 1.0 < hi2 - v.span_km * 0.2);
    }
}
