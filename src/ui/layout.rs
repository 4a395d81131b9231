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
//! With the map on, a terminal at least [`SPLIT_WIDTH`] columns wide shows it as a column
//! on the right of that screen; a narrower one shows the map in place of the strip, the
//! timetable and the log.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::App;
use crate::app::map_view::View;

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

/// Rows inside the strip for a screen `height` rows tall.
#[must_use]
pub fn strip_rows(height: u16) -> u16 {
    if height >= 30 { 8 } else { 6 }
}

/// Compute the areas for the app's terminal size and view.
#[must_use]
pub fn areas(app: &App) -> Areas {
    areas_for(Rect::new(0, 0, app.size.0, app.size.1), app.view)
}

fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// Compute the areas for a screen rectangle and view.
#[must_use]
pub fn areas_for(screen: Rect, view: View) -> Areas {
    if screen.width < MIN_SIZE.0 || screen.height < MIN_SIZE.1 {
        return Areas {
            screen,
            too_small: true,
            ..Areas::default()
        };
    }
    let [title, main, keybar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(screen);
    if view == View::Map {
        let [map, clocks] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(CLOCK_ROWS)]).areas(main);
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
    let (left, map) = if view == View::Split {
        let [left, map] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
        (left, map)
    } else {
        (main, Rect::default())
    };
    let strip_height = strip_rows(screen.height) + 2;
    let [strip, clocks, body] = Layout::vertical([
        Constraint::Length(strip_height),
        Constraint::Length(CLOCK_ROWS),
        Constraint::Min(3),
    ])
    .areas(left);
    let timetable_share = if left.width >= 140 { 52 } else { 58 };
    let [timetable, log] =
        Layout::horizontal([Constraint::Percentage(timetable_share), Constraint::Fill(1)])
            .areas(body);
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
