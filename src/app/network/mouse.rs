//! The mouse on the network map: the wheel zooms, a drag pans, a click selects the train under
//! it, or shows the departures of the station under it.

use super::super::Mouse;
use super::super::strip_view::ZOOM_STEP;
use super::{NetOverlay, NetworkView, RunId, layout};
use crate::geo::projection::Bounds;

/// The cell of (lat, lon) in `area` showing `b`, as the view draws it.
fn cell(area: ratatui::layout::Rect, b: Bounds, (lat, lon): (f64, f64)) -> Option<(u16, u16)> {
    let fx = (lon - b.0) / (b.2 - b.0);
    let fy = (b.3 - lat) / (b.3 - b.1);
    if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within 0..1 of a u16
    Some((
        area.x + (fx * f64::from(area.width)) as u16,
        area.y + (fy * f64::from(area.height)) as u16,
    ))
}

impl NetworkView {
    /// Take one mouse event.
    pub(super) fn mouse(&mut self, mouse: Mouse) {
        let areas = layout::areas(self.size, self.panel_open());
        let area = areas.map_inner;
        let inside =
            |c: u16, r: u16| area.contains((c, r).into()) && !areas.panel.contains((c, r).into());
        let bounds = self.map_bounds();
        match mouse {
            Mouse::WheelUp(c, r) if inside(c, r) => self.map.zoom(1.0 / ZOOM_STEP, bounds),
            Mouse::WheelDown(c, r) if inside(c, r) => self.map.zoom(ZOOM_STEP, bounds),
            Mouse::Down(c, r) if inside(c, r) => {
                let middle = (
                    f64::midpoint(bounds.0, bounds.2),
                    f64::midpoint(bounds.1, bounds.3),
                );
                self.map.drag = Some((c, r, middle));
            }
            Mouse::Drag(c, r) => self.drag(c, r, bounds, area),
            Mouse::Up(c, r) => {
                let Some((c0, r0, _)) = self.map.drag.take() else {
                    return;
                };
                if (c0, r0) == (c, r) {
                    self.click(c, r, bounds, area);
                }
            }
            _ => {}
        }
    }

    fn drag(&mut self, c: u16, r: u16, bounds: Bounds, area: ratatui::layout::Rect) {
        let Some((c0, r0, (lon0, lat0))) = self.map.drag else {
            return;
        };
        if (c0, r0) == (c, r) {
            return;
        }
        let per_col = (bounds.2 - bounds.0) / f64::from(area.width.max(1));
        let per_row = (bounds.3 - bounds.1) / f64::from(area.height.max(1));
        self.map.center = Some((
            lon0 - (f64::from(c) - f64::from(c0)) * per_col,
            (lat0 + (f64::from(r) - f64::from(r0)) * per_row).clamp(-80.0, 85.0),
        ));
        self.map.span = Some(bounds.3 - bounds.1);
        self.map.follow = false;
    }

    /// A click (a press and a release on one cell): the train there, else the station there
    /// (or next to it).
    fn click(&mut self, c: u16, r: u16, bounds: Bounds, area: ratatui::layout::Rect) {
        let near = |at: Option<(u16, u16)>| at.is_some_and(|(x, y)| x.abs_diff(c) <= 1 && y == r);
        let exact = |at: Option<(u16, u16)>| at == Some((c, r));
        let train = self
            .trains
            .iter()
            .find(|m| exact(cell(area, bounds, m.train.place.coord)))
            .or_else(|| {
                self.trains
                    .iter()
                    .find(|m| near(cell(area, bounds, m.train.place.coord)))
            });
        if let Some(m) = train {
            self.selected = Some(RunId::of(&m.train));
            self.overlay = NetOverlay::None;
            return;
        }
        let station = self
            .lines()
            .stations()
            .iter()
            .find(|s| near(cell(area, bounds, s.coord)))
            .map(|s| s.stop);
        if let Some(s) = station {
            self.stop = Some(s);
            self.show_departures(s);
        }
    }
}
