//! Screen geometry the model and the view share, below both: the strip's km ↔ column
//! projection and its rows, and the timetable's visible rows. The view draws with the same
//! numbers the model hit-tests mouse clicks with.

use ratatui::layout::Rect;

use super::App;

/// Maps km along the route to columns of the strip and back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    left_km: f64,
    span_km: f64,
    width: u16,
    reversed: bool,
}

impl Projection {
    /// The projection of the app's strip view onto `width` columns.
    #[must_use]
    pub fn new(app: &App, width: u16) -> Self {
        let (left_km, _) = app.panels().strip().bounds();
        Self {
            left_km,
            span_km: app.panels().strip().span_km.max(1e-9),
            width: width.max(1),
            reversed: app.strip_reversed(),
        }
    }

    /// The column showing `km`, if it is in view.
    #[must_use]
    pub fn column(&self, km: f64) -> Option<u16> {
        let f = (km - self.left_km) / self.span_km;
        if !(0.0..1.0).contains(&f) {
            return None;
        }
        let col = (f * f64::from(self.width)).floor() as u16;
        let col = col.min(self.width - 1);
        Some(if self.reversed {
            self.width - 1 - col
        } else {
            col
        })
    }

    /// The km range a column covers (low, high).
    #[must_use]
    pub fn column_range(&self, col: u16) -> (f64, f64) {
        let c = if self.reversed {
            self.width - 1 - col.min(self.width - 1)
        } else {
            col
        };
        let per = self.span_km / f64::from(self.width);
        let lo = self.left_km + per * f64::from(c);
        (lo, lo + per)
    }

    /// The km at the middle of a column.
    #[must_use]
    pub fn km_at(&self, col: u16) -> f64 {
        let (lo, hi) = self.column_range(col);
        f64::midpoint(lo, hi)
    }
}

/// The km under a screen column inside the strip area.
#[must_use]
pub fn km_at_column(app: &App, area: Rect, col: u16) -> f64 {
    Projection::new(app, area.width).km_at(col.saturating_sub(area.x))
}

/// Which row of the strip holds what, for an inner height.
pub struct StripRows {
    /// Label rows above the line, nearest first.
    pub above: Vec<u16>,
    /// The line with the stations and the train.
    pub line: u16,
    /// Label rows below the line, nearest first.
    pub below: Vec<u16>,
    /// The route events row.
    pub events: u16,
    /// The time-zone bands row.
    pub zones: u16,
    /// The km ruler row.
    pub ruler: u16,
}

impl StripRows {
    /// The rows for an inner height; `None` when too low to draw the strip. Taller strips
    /// get more label rows (up to four above the line and four below), so more station names
    /// fit at any zoom.
    #[must_use]
    pub fn for_height(h: u16) -> Option<Self> {
        match h {
            0..=4 => None,
            5..=7 => Some(Self {
                above: vec![0],
                line: 1,
                below: vec![2],
                events: 3,
                zones: 4,
                ruler: 5.min(h - 1),
            }),
            _ => {
                // Pairs of label rows, one above and one below the line: 2 in 8 rows, 3 in 10,
                // 4 in 12 or more.
                let pairs = ((h - 4) / 2).min(4);
                Some(Self {
                    above: (0..pairs).rev().collect(),
                    line: pairs,
                    below: (pairs + 1..=2 * pairs).collect(),
                    events: 2 * pairs + 1,
                    zones: 2 * pairs + 2,
                    ruler: 2 * pairs + 3,
                })
            }
        }
    }
}

/// The row the current (or next) stop is on.
#[must_use]
pub fn focus_row(app: &App) -> usize {
    app.state().stop.or(app.state().next_stop).unwrap_or(0)
}

/// The first visible row when `rows` rows fit: the user's scroll position, or (following)
/// the focus row a third of the way down.
#[must_use]
pub fn first_row(app: &App, rows: usize) -> usize {
    let count = app.journey().route().stops.len();
    let max = count.saturating_sub(rows);
    if app.panels().timetable().follow {
        focus_row(app).saturating_sub(rows / 3).min(max)
    } else {
        app.panels().timetable().offset.min(max)
    }
}
