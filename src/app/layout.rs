//! Where everything goes on screen, as a pure function of the terminal size. Rendering and
//! mouse hit-testing both use it, so a click lands on what was drawn there.
//!
//! ```text
//! ┌────────────────────────── title bar (1 row) ──────────────────────────┐
//! ╭─ strip ───────────────────────────────────────────────────────────────╮
//! │ labels · line with stations and train · labels · events · zones · km  │
//! ╰───────────────────────────────────────────────────────────────────────╯
//! ╭ train ╮╭ Moscow ╮╭ origin ╮╭ UTC ╮╭ yours ╮          clocks (4 rows)
//! ╭─ timetable ──────────────────╮╭─ event log ───────────────────────────╮
//! │                              ││                                       │
//! ╰──────────────────────────────╯╰───────────────────────────────────────╯
//!  key bar (1 row)
//! ```
//!
//! The timetable takes 58% of the width below the clocks, or less: no more than its widest
//! table needs ([`super::table::widest`]); the log takes the rest. Both only grow as the
//! terminal widens.
//!
//! With the map on, a terminal at least [`SPLIT_WIDTH`] columns wide shows it as a column
//! on the right of the strip, the timetable and the log; a narrower one shows the map in place
//! of them. Either way the clocks run across the bottom, above the key bar, so a wider terminal
//! never shows fewer clocks.

use ratatui::layout::Rect;

use super::App;
use super::map_view::View;

/// The narrowest terminal that shows the map beside the strip.
pub const SPLIT_WIDTH: u16 = 160;
/// Rows of the clocks row (border, time, offsets, sunrise and sunset, border).
pub const CLOCK_ROWS: u16 = 5;

/// The smallest terminal the full screen is drawn in.
pub const MIN_SIZE: (u16, u16) = (60, 20);

/// The screen's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Whole screen.
    pub screen: Rect,
    /// Title bar.
    pub title: Rect,
    /// The strip's block.
    pub strip: Rect,
    /// Inside the strip's border.
    pub strip_inner: Rect,
    /// Clocks row.
    pub clocks: Rect,
    /// Timetable block.
    pub timetable: Rect,
    /// Event log block.
    pub log: Rect,
    /// Key bar.
    pub keybar: Rect,
    /// The map's block (empty when the map is off).
    pub map: Rect,
    /// Inside the map's border.
    pub map_inner: Rect,
    /// Too small for the full screen.
    pub too_small: bool,
}

impl Areas {
    /// Rows of stops the timetable shows (inside its border, below its header).
    #[must_use]
    pub fn timetable_rows(&self) -> u16 {
        self.timetable.height.saturating_sub(3)
    }
}

/// Rows inside the strip for a screen `height` rows tall: it grows with the terminal, so a
/// tall one shows more station names (see `geometry::StripRows`).
#[must_use]
pub fn strip_rows(height: u16) -> u16 {
    match height {
        0..=29 => 6,
        30..=44 => 8,
        45..=54 => 10,
        _ => 12,
    }
}

/// Compute the areas for the app's terminal size and view.
#[must_use]
pub fn areas(app: &App) -> Areas {
    areas_in(
        app,
        Rect::new(0, 0, app.screen().size().0, app.screen().size().1),
    )
}

/// Compute the areas of `screen` for the app's view, the timetable no wider than its widest
/// table on the app's route.
#[must_use]
pub fn areas_in(app: &App, screen: Rect) -> Areas {
    let widest = super::table::widest(&super::table::widths(app)).saturating_add(2);
    shaped(screen, app.screen().view(), widest)
}

fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// Split `r` into a top part `top` rows tall and the rest (plain arithmetic: the layout is
/// fixed, so it needs no constraint solver, which would cost more than the rest of a frame's
/// layout on the first frame).
fn cut_top(r: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(r.height);
    (
        Rect::new(r.x, r.y, r.width, top),
        Rect::new(r.x, r.y + top, r.width, r.height - top),
    )
}

/// Split `r` into a bottom part `bottom` rows tall and the rest above it.
fn cut_bottom(r: Rect, bottom: u16) -> (Rect, Rect) {
    let (rest, tail) = cut_top(r, r.height.saturating_sub(bottom));
    (rest, tail)
}

/// Split `r` into a left part `percent`% wide (rounded) and the rest.
fn cut_left(r: Rect, percent: u16) -> (Rect, Rect) {
    let w = u16::try_from((u32::from(r.width) * u32::from(percent) + 50) / 100)
        .unwrap_or(r.width)
        .min(r.width);
    (
        Rect::new(r.x, r.y, w, r.height),
        Rect::new(r.x + w, r.y, r.width - w, r.height),
    )
}

/// Split `r` into `n` side-by-side parts of equal width (the first ones one column wider when
/// it does not divide evenly).
#[must_use]
pub fn columns(r: Rect, n: u16) -> Vec<Rect> {
    let n = n.max(1);
    let (base, extra) = (r.width / n, r.width % n);
    let mut x = r.x;
    (0..n)
        .map(|i| {
            let w = base + u16::from(i < extra);
            let part = Rect::new(x, r.y, w, r.height);
            x += w;
            part
        })
        .collect()
}

/// Compute the areas for a screen rectangle and view, with a timetable as wide as it wants.
#[must_use]
pub fn areas_for(screen: Rect, view: View) -> Areas {
    shaped(screen, view, u16::MAX)
}

/// The timetable's share of the width below the clocks, in percent.
const TIMETABLE_PERCENT: u16 = 58;

/// The areas for a screen rectangle and view, the timetable at most `timetable_max` wide.
fn shaped(screen: Rect, view: View, timetable_max: u16) -> Areas {
    if screen.width < MIN_SIZE.0 || screen.height < MIN_SIZE.1 {
        return Areas {
            screen,
            too_small: true,
            ..Areas::default()
        };
    }
    let (title, rest) = cut_top(screen, 1);
    let (main, keybar) = cut_bottom(rest, 1);
    if view == View::Map {
        let (map, clocks) = cut_bottom(main, CLOCK_ROWS);
        return Areas {
            screen,
            title,
            clocks,
            keybar,
            map,
            map_inner: inner(map),
            ..Areas::default()
        };
    }
    let (left, map, clocks, body) = if view == View::Split {
        let (upper, clocks) = cut_bottom(main, CLOCK_ROWS);
        let (left, map) = cut_left(upper, 55);
        let (_, body) = cut_top(left, strip_rows(screen.height) + 2);
        (left, map, clocks, body)
    } else {
        let (_, rest) = cut_top(main, strip_rows(screen.height) + 2);
        let (clocks, body) = cut_top(rest, CLOCK_ROWS);
        (main, Rect::default(), clocks, body)
    };
    let (strip, _) = cut_top(left, strip_rows(screen.height) + 2);
    let (timetable, _) = cut_left(body, TIMETABLE_PERCENT);
    let timetable_width = timetable.width.min(timetable_max);
    let timetable = Rect {
        width: timetable_width,
        ..timetable
    };
    let log = Rect::new(
        body.x + timetable_width,
        body.y,
        body.width - timetable_width,
        body.height,
    );
    Areas {
        screen,
        title,
        strip,
        strip_inner: inner(strip),
        clocks,
        timetable,
        log,
        keybar,
        map,
        map_inner: inner(map),
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_tile_the_screen_without_overlap() {
        for (w, h) in [(60, 20), (80, 24), (120, 40), (200, 60), (333, 101)] {
            for view in [View::Strip, View::Map, View::Split] {
                let a = areas_for(Rect::new(0, 0, w, h), view);
                let parts = [
                    a.title,
                    a.strip,
                    a.clocks,
                    a.timetable,
                    a.log,
                    a.keybar,
                    a.map,
                ];
                let total: u32 = parts
                    .iter()
                    .map(|r| u32::from(r.width) * u32::from(r.height))
                    .sum();
                assert_eq!(total, u32::from(w) * u32::from(h), "{w}x{h} {view:?}");
                for (i, p) in parts.iter().enumerate() {
                    assert!(p.right() <= w && p.bottom() <= h);
                    for q in &parts[i + 1..] {
                        assert!(
                            !p.intersects(*q),
                            "{p:?} overlaps {q:?} at {w}x{h} {view:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn columns_share_the_width() {
        let parts = columns(Rect::new(3, 0, 122, 5), 5);
        assert_eq!(
            parts.iter().map(|r| r.width).collect::<Vec<_>>(),
            vec![25, 25, 24, 24, 24]
        );
        assert_eq!(parts[4].right(), 125);
    }
}
