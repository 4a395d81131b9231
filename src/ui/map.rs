//! The map: the route on a real map of the world. Coastlines, lakes, country borders and
//! first-level borders (Natural Earth, at the level of detail that suits the zoom), the line
//! travelled and ahead, stations, zone boundaries on the line, the train, and the night side of
//! the Earth shaded.
//!
//! Drawing order: a braille raster (first-level borders, coast, lakes, country borders, then
//! the route on a layer above), then per-cell passes over the buffer: night shading, zone marks,
//! labels, the train.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::{Glyphs, Theme};
use crate::app::App;
use crate::geo::projection::Bounds;
use crate::geo::solar::Sun;
use crate::geo::world::{self, Kind};

pub mod raster;

use raster::Raster;

/// Cell (column, row) inside `area` for (lon, lat), if visible.
#[must_use]
pub fn cell_of(area: Rect, b: Bounds, lon: f64, lat: f64) -> Option<(u16, u16)> {
    let fx = (lon - b.0) / (b.2 - b.0);
    let fy = (b.3 - lat) / (b.3 - b.1);
    if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
        return None;
    }
    Some((
        area.x + (fx * f64::from(area.width)) as u16,
        area.y + (fy * f64::from(area.height)) as u16,
    ))
}

/// Draw the map block into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs, sun: &Sun) {
    let follow = if app.panels().map().follow && app.panels().map().span.is_some() {
        "following the train"
    } else if app.panels().map().span.is_none() {
        "whole route"
    } else {
        "free view: f follows, 0 fits"
    };
    let block = super::panel(
        format!(" Map{}{follow}{}night shaded ", g.sep, g.sep),
        theme.text,
        theme.border,
        g,
    )
    .title_bottom(Line::styled(" Natural Earth ", theme.dim).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 2 || inner.height < 2 {
        return;
    }
    let bounds = app.map_bounds();
    draw_canvas(app, inner, bounds, buf, theme, g);
    shade_night(inner, bounds, buf, theme, sun);
    draw_zone_marks(app, inner, bounds, buf, theme, g);
    draw_labels(app, inner, bounds, buf, theme);
    super::scale::render(inner, bounds, app.settings().units, buf, theme, g);
    for train in app.trains().others() {
        if let Some((x, y)) = cell_of(inner, bounds, train.state.lon, train.state.lat) {
            let colour = theme.trains[train.id.route % theme.trains.len()];
            let style = Style::new()
                .fg(colour)
                .add_modifier(ratatui::style::Modifier::BOLD);
            buf.set_string(x, y, if g.ascii { "o" } else { "●" }, style);
        }
    }
    if let Some((x, y)) = cell_of(inner, bounds, app.state().lon, app.state().lat) {
        buf.set_string(x, y, if g.ascii { "@" } else { "◉" }, theme.train);
    }
}

/// The braille raster: the land and water below, the route above.
fn draw_canvas(app: &App, inner: Rect, b: Bounds, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let mut raster = Raster::new(inner, b);
    paint_geography(&mut raster, inner, b, theme);
    raster.layer();
    paint_route(&mut raster, app, theme);
    raster.render(inner, buf, g.ascii);
}

/// The level of detail for a view of `b` in `area`: the one made for its dot size (degrees of
/// latitude per braille dot).
#[must_use]
pub fn detail_level(area: Rect, b: Bounds) -> usize {
    world::level_index_for((b.3 - b.1) / (4.0 * f64::from(area.height.max(1))))
}

/// Coastlines, lakes and borders of the level that suits the view, only the chunks that meet
/// it projected.
pub fn paint_geography(raster: &mut Raster, inner: Rect, b: Bounds, theme: &Theme) {
    let Some(level) = world::level(detail_level(inner, b)) else {
        return;
    };
    for (chunk, points) in level.chunks_in(b) {
        let colour = match chunk.kind {
            Kind::Coast => theme.coast,
            Kind::Lake => theme.water,
            Kind::Admin1 => theme.admin,
            Kind::Border => theme.borders,
        };
        let degrees = points
            .iter()
            .map(|p| (f64::from(p[0]) / world::UNIT, f64::from(p[1]) / world::UNIT));
        raster.polyline(degrees, colour);
    }
}

/// The line ahead, the line travelled over it, and a dot for every station.
fn paint_route(raster: &mut Raster, app: &App, theme: &Theme) {
    let fg = |s: Style| s.fg.unwrap_or(Color::Reset);
    let (done, ahead) = app.journey().geometry_split(app.state().km);
    raster.polyline(ahead.iter().map(|&(lat, lon)| (lon, lat)), fg(theme.ahead));
    raster.polyline(
        done.iter().map(|&(lat, lon)| (lon, lat)),
        fg(theme.travelled),
    );
    for s in &app.journey().route().stops {
        let (x, y) = raster.project(s.lon, s.lat);
        raster.dot(x, y, fg(theme.major));
    }
}

/// Give every cell whose centre is in darkness the night background. The sun's terms are
/// worked out once per row and once per column, not per cell.
fn shade_night(inner: Rect, b: Bounds, buf: &mut Buffer, theme: &Theme, sun: &Sun) {
    if theme.night == Color::Reset {
        return;
    }
    let dec = sun.declination.to_radians();
    let threshold = crate::geo::solar::HORIZON_DEG.to_radians().sin();
    let cols: Vec<f64> = (0..inner.width)
        .map(|c| {
            let lon = b.0 + (f64::from(c) + 0.5) / f64::from(inner.width) * (b.2 - b.0);
            (lon - sun.subsolar_lon).to_radians().cos()
        })
        .collect();
    for r in 0..inner.height {
        let lat = (b.3 - (f64::from(r) + 0.5) / f64::from(inner.height) * (b.3 - b.1)).to_radians();
        let (a, k) = (lat.sin() * dec.sin(), lat.cos() * dec.cos());
        for (c, cos_h) in cols.iter().enumerate() {
            if a + k * cos_h < threshold
                && let Some(cell) = buf.cell_mut((inner.x + c as u16, inner.y + r))
            {
                cell.set_bg(theme.night);
            }
        }
    }
}

fn draw_zone_marks(app: &App, inner: Rect, b: Bounds, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    for z in app.journey().route().zones.iter().skip(1) {
        let (lat, lon) = app.journey().coords_at_km(z.km);
        if let Some((x, y)) = cell_of(inner, b, lon, lat) {
            buf.set_string(x, y, if g.ascii { "%" } else { "◇" }, theme.event);
        }
    }
}

/// Labels for the major stations and the next stop: right of the dot, else left of it; never
/// over another label, never past the edge.
fn draw_labels(app: &App, inner: Rect, b: Bounds, buf: &mut Buffer, theme: &Theme) {
    let stops = &app.journey().route().stops;
    let focus = app.state().stop.or(app.state().next_stop);
    let last = stops.len().saturating_sub(1);
    let mut order: Vec<usize> = (0..stops.len())
        .filter(|&i| stops[i].major || Some(i) == focus || i == 0 || i == last)
        .collect();
    // The next stop, then both ends of the route, then the others west to east.
    order.sort_by_key(|&i| (Some(i) != focus, i != 0 && i != last, i));
    // The train's cell is kept free, so its marker never lands inside a name.
    let mut taken: Vec<Rect> = cell_of(inner, b, app.state().lon, app.state().lat)
        .map(|(x, y)| Rect::new(x, y, 1, 1))
        .into_iter()
        .collect();
    for placed in place_labels(
        inner,
        order.iter().filter_map(|&i| {
            Some((
                i,
                cell_of(inner, b, stops[i].lon, stops[i].lat)?,
                crate::app::labels::stop_name(&stops[i], crate::app::labels::names(app)),
            ))
        }),
        &mut taken,
    ) {
        let (i, rect, text) = placed;
        let style = if Some(i) == focus {
            theme.accent
        } else {
            theme.major
        };
        buf.set_string(rect.x, rect.y, text, style);
    }
}

/// Place labels `(id, dot cell, text)` in order; returns the ones that fit, with their
/// rectangles. Pure, for testing.
pub fn place_labels(
    area: Rect,
    labels: impl Iterator<Item = (usize, (u16, u16), String)>,
    taken: &mut Vec<Rect>,
) -> Vec<(usize, Rect, String)> {
    let mut out = Vec::new();
    for (id, (x, y), text) in labels {
        let w = u16::try_from(text.width()).unwrap_or(u16::MAX);
        // Beside the dot, right then left; then on the rows above and below it.
        let right = |y: u16| Rect::new(x.saturating_add(1), y, w, 1);
        let left = |y: u16| Rect::new(x.saturating_sub(w + 1), y, w, 1);
        let left_fits = x > w;
        let (up, down) = (y.saturating_sub(1), y.saturating_add(1));
        let fits = |r: &Rect| {
            r.x >= area.x
                && r.y >= area.y
                && r.y < area.bottom()
                // A blank column before the right border.
                && r.right() < area.right()
                && !taken
                    .iter()
                    .any(|t| t.y == r.y && t.x < r.right() + 1 && r.x < t.right() + 1)
        };
        let choice = [
            (right(y), true),
            (left(y), left_fits),
            (right(up), y > area.y),
            (right(down), true),
            (left(up), left_fits && y > area.y),
            (left(down), left_fits),
        ]
        .into_iter()
        .find(|(r, ok)| *ok && fits(r))
        .map(|(r, _)| r);
        if let Some(r) = choice {
            taken.push(r);
            out.push((id, r, text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_map_corners_and_reject_outside() {
        let area = Rect::new(10, 5, 100, 40);
        let b = (40.0, 40.0, 140.0, 60.0);
        assert_eq!(cell_of(area, b, 40.0, 59.999), Some((10, 5)));
        assert_eq!(cell_of(area, b, 139.999, 40.001), Some((109, 44)));
        assert_eq!(cell_of(area, b, 39.9, 50.0), None);
        assert_eq!(cell_of(area, b, 50.0, 60.0), Some((20, 5)));
        assert_eq!(cell_of(area, b, 50.0, 40.0), None);
    }

    #[test]
    fn labels_never_overlap_and_stay_inside() {
        let area = Rect::new(0, 0, 40, 10);
        let labels = vec![
            (0, (5, 2), "Irkutsk".to_owned()),
            (1, (8, 2), "Slyudyanka".to_owned()), // would overlap Irkutsk on either side of it
            (2, (38, 4), "Krasnoyarsk".to_owned()), // no room on the right: goes left
            (3, (1, 6), "Omsk-Passazhirsky".to_owned()), // no room on the left, fits right
            (
                4,
                (0, 8),
                "A very long station name indeed, too long".to_owned(),
            ),
        ];
        let mut taken = Vec::new();
        let placed = place_labels(area, labels.into_iter(), &mut taken);
        let ids: Vec<usize> = placed.iter().map(|p| p.0).collect();
        // Slyudyanka, with no room beside its dot, goes on the row above.
        assert_eq!(ids, vec![0, 1, 2, 3]);
        assert_eq!(placed[1].1, Rect::new(9, 1, 10, 1));
        for (i, a) in placed.iter().enumerate() {
            assert!(
                a.1.x >= area.x && a.1.right() < area.right(),
                "{a:?} runs off"
            );
            for b in &placed[i + 1..] {
                assert!(
                    a.1.y != b.1.y || a.1.right() < b.1.x || b.1.right() < a.1.x,
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        assert_eq!(placed[2].1, Rect::new(26, 4, 11, 1));
    }
}
