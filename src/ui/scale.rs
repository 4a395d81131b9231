//! The map's scale bar: a round distance (1, 2 or 5 times a power of ten, in the user's
//! units) about a fifth of the map wide, measured east–west at the view's middle latitude.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::{Glyphs, Theme};
use crate::geo::projection::Bounds;
use crate::settings::Units;

/// Km in one degree of longitude at the equator (WGS 84's equatorial circumference / 360).
const KM_PER_DEGREE: f64 = 40_075.017 / 360.0;

/// The scale bar for `bounds` shown `width` columns wide: its length in columns and in the
/// units, or `None` when no round length fits.
#[must_use]
pub fn bar(bounds: Bounds, width: u16, units: Units) -> Option<(u16, f64)> {
    let (west, south, east, north) = bounds;
    let mid = f64::midpoint(south, north).to_radians();
    let km_per_col = (east - west) * KM_PER_DEGREE * mid.cos() / f64::from(width.max(1));
    let units_per_col = km_per_col / units.km_per_unit();
    if !(units_per_col.is_finite() && units_per_col > 0.0) {
        return None;
    }
    let wanted = units_per_col * f64::from(width) / 5.0;
    let power = 10f64.powf(wanted.log10().floor());
    let round = [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * power)
        .find(|len| *len <= wanted)?;
    let cols = (round / units_per_col).round();
    (cols >= 3.0 && cols <= f64::from(width)).then_some((cols as u16, round))
}

/// Draw the scale bar at the bottom left of the map's inner area.
pub fn render(
    area: Rect,
    bounds: Bounds,
    units: Units,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    if area.height < 3 || area.width < 16 {
        return;
    }
    let Some((cols, length)) = bar(bounds, area.width, units) else {
        return;
    };
    let (end, line) = if g.ascii { ("|", "-") } else { ("├", "─") };
    let inner = usize::from(cols.saturating_sub(2));
    let text = format!(
        "{end}{}{} {} {}",
        line.repeat(inner),
        if g.ascii { "|" } else { "┤" },
        crate::util::format::format_number(length),
        units.name()
    );
    let y = area.y + area.height - 1;
    buf.set_stringn(area.x + 1, y, text, usize::from(area.width - 2), theme.dim);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_is_a_round_length_near_a_fifth_of_the_width() {
        // 10 degrees of longitude at the equator over 100 columns: 1,113 km, 11.1 km a column.
        let (cols, km) = bar((0.0, -1.0, 10.0, 1.0), 100, Units::Km).unwrap();
        assert_eq!(km, 200.0);
        assert_eq!(cols, 18);
        // At 60° north a degree of longitude is half as long.
        let (_, km) = bar((0.0, 59.0, 10.0, 61.0), 100, Units::Km).unwrap();
        assert_eq!(km, 100.0);
        let (_, miles) = bar((0.0, -1.0, 10.0, 1.0), 100, Units::Miles).unwrap();
        assert_eq!(miles, 100.0);
        assert_eq!(bar((0.0, 0.0, 0.0, 0.0), 100, Units::Km), None);
    }
}
