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

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::App;

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

/// Compute the areas for the app's terminal size.
#[must_use]
pub fn areas(app: &App) -> Areas {
    areas_for(Rect::new(0, 0, app.size.0, app.size.1))
}

/// Compute the areas for a screen rectangle.
#[must_use]
pub fn areas_for(screen: Rect) -> Areas {
    if screen.width < MIN_SIZE.0 || screen.height < MIN_SIZE.1 {
        return Areas {
            screen,
            too_small: true,
            ..Areas::default()
        };
    }
    let strip_height = strip_rows(screen.height) + 2;
    let [title, strip, clocks, body, keybar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(strip_height),
        Constraint::Length(4),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(screen);
    let timetable_share = if screen.width >= 140 { 52 } else { 58 };
    let [timetable, log] =
        Layout::horizontal([Constraint::Percentage(timetable_share), Constraint::Fill(1)])
            .areas(body);
    let strip_inner = Rect::new(
        strip.x + 1,
        strip.y + 1,
        strip.width.saturating_sub(2),
        strip.height.saturating_sub(2),
    );
    Areas {
        screen,
        title,
        strip,
        strip_inner,
        clocks,
        timetable,
        log,
        keybar,
        too_small: false,
    }
}
