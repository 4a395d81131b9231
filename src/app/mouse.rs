//! Mouse input: the wheel zooms the strip or the map at the pointer, a drag pans, a click on
//! a station opens its details. Hit-testing uses the same geometry the view draws with.

use super::strip_view::ZOOM_STEP;
use super::{App, Mouse, Overlay, geometry, labels, layout};

impl App {
    /// Mouse on the map: the wheel zooms, a drag pans. Returns whether the map took the event.
    fn map_mouse(&mut self, mouse: Mouse, area: ratatui::layout::Rect) -> bool {
        let inside = |c: u16, r: u16| area.contains((c, r).into());
        let bounds = self.map_bounds();
        match mouse {
            Mouse::WheelUp(c, r) if inside(c, r) => self.panels.map.zoom(1.0 / ZOOM_STEP, bounds),
            Mouse::WheelDown(c, r) if inside(c, r) => self.panels.map.zoom(ZOOM_STEP, bounds),
            Mouse::Down(c, r) if inside(c, r) => {
                self.panels.map.drag = Some((
                    c,
                    r,
                    (
                        f64::midpoint(bounds.0, bounds.2),
                        f64::midpoint(bounds.1, bounds.3),
                    ),
                ));
            }
            Mouse::Drag(c, r) => {
                let Some((c0, r0, (lon0, lat0))) = self.panels.map.drag else {
                    return false;
                };
                let per_col = (bounds.2 - bounds.0) / f64::from(area.width.max(1));
                let per_row = (bounds.3 - bounds.1) / f64::from(area.height.max(1));
                self.panels.map.center = Some((
                    lon0 - (f64::from(c) - f64::from(c0)) * per_col,
                    (lat0 + (f64::from(r) - f64::from(r0)) * per_row).clamp(-80.0, 85.0),
                ));
                self.panels.map.span = Some(bounds.3 - bounds.1);
                self.panels.map.follow = false;
            }
            Mouse::Up(..) if self.panels.map.drag.is_some() => self.panels.map.drag = None,
            _ => return false,
        }
        true
    }

    pub(super) fn mouse(&mut self, mouse: Mouse) {
        let areas = layout::areas(self);
        if self.screen.overlay == Overlay::None && self.map_mouse(mouse, areas.map_inner) {
            return;
        }
        match mouse {
            Mouse::WheelUp(col, row) | Mouse::WheelDown(col, row) => {
                if !areas.strip_inner.contains((col, row).into()) {
                    return;
                }
                let anchor = geometry::km_at_column(self, areas.strip_inner, col);
                let factor = if matches!(mouse, Mouse::WheelUp(..)) {
                    1.0 / ZOOM_STEP
                } else {
                    ZOOM_STEP
                };
                self.zoom(factor, Some(anchor));
            }
            Mouse::Down(col, row) => {
                if self.screen.overlay != Overlay::None {
                    self.screen.overlay = Overlay::None;
                    return;
                }
                if self.focus_click(col, row) || !areas.strip_inner.contains((col, row).into()) {
                    return;
                }
                if let Some(stop) = labels::stop_at(self, areas.strip_inner, col, row) {
                    self.screen.overlay = Overlay::Station(stop);
                } else {
                    self.panels.strip.drag = Some((col, self.panels.strip.center_km));
                }
            }
            Mouse::Drag(col, _) => {
                let Some((start_col, start_center)) = self.panels.strip.drag else {
                    return;
                };
                let width = f64::from(areas.strip_inner.width.max(1));
                let cols = f64::from(col) - f64::from(start_col);
                let sign = if self.strip_reversed() { 1.0 } else { -1.0 };
                self.panels.strip.follow = false;
                self.panels.strip.center_km =
                    start_center + sign * cols / width * self.panels.strip.span_km;
                self.panels.strip.clamp();
            }
            Mouse::Up(..) => self.panels.strip.drag = None,
        }
    }
}
