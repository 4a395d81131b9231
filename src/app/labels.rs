//! Where the strip's names go: station names on the label rows beside the line, other
//! trains' names on the row above it. Placed here, below the view and the mouse handling, so
//! the strip draws exactly the labels a click is tested against.
//!
//! The rule (the README's): the stop the train stands at or runs to and the major stations
//! win; then the other stations west to east; a label that would touch one already placed is
//! left out (it appears when zoomed in). Other trains' names go on the rows above the line and
//! may take the place of a minor station's name, never of the next stop's or a major one's.

use unicode_width::UnicodeWidthStr;

use ratatui::layout::Rect;

use super::App;
use super::geometry::{Projection, StripRows};
use crate::util::text::sanitize;

/// The longest an other train's name is shown on the strip, in columns.
pub const TRAIN_LABEL_MAX: u16 = 28;
/// The shortest: a name cut shorter than this (or than the whole name) is left out.
pub const TRAIN_LABEL_LEAST: u16 = 10;

/// A station's name placed on the strip, in columns and rows of the strip's inner area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationLabel {
    /// The stop, an index into the route's stops.
    pub stop: usize,
    /// The row.
    pub row: u16,
    /// The first column.
    pub x: u16,
    /// Its width in columns.
    pub width: u16,
    /// The name as drawn.
    pub text: String,
}

impl StationLabel {
    /// Whether the cell (`col`, `row`) is part of this label.
    #[must_use]
    pub fn covers(&self, col: u16, row: u16) -> bool {
        row == self.row && (self.x..self.x + self.width).contains(&col)
    }
}

/// Another train's name on a row above the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainLabel {
    /// The train, an index into [`Trains::others`](super::Trains::others).
    pub train: usize,
    /// The row.
    pub row: u16,
    /// The first column.
    pub x: u16,
    /// The columns it may take (the view cuts the name to this with an ellipsis).
    pub width: u16,
    /// Whether the label begins with the train's marker and a blank (in those columns): its
    /// own cell on the line shows another train, drawn over it.
    pub marker: bool,
}

/// Every name on the strip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripLabels {
    /// Station names.
    pub stations: Vec<StationLabel>,
    /// Other trains' names.
    pub trains: Vec<TrainLabel>,
}

/// Where the other trains sit on the strip: (column, index into `app.trains().others()`), west to east.
#[must_use]
pub fn other_columns(app: &App, p: &Projection) -> Vec<(u16, usize)> {
    let mut placed: Vec<(u16, usize)> = app
        .trains()
        .others()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((p.column(t.strip_km?)?, i)))
        .collect();
    placed.sort_unstable();
    placed
}

/// The names on a strip whose inner area is `width`×`height`.
#[must_use]
pub fn strip_labels(app: &App, width: u16, height: u16) -> StripLabels {
    let Some(rows) = StripRows::for_height(height) else {
        return StripLabels::default();
    };
    let p = Projection::new(app, width);
    let mut stations = place_stations(app, &p, &rows, width);
    let trains = place_trains(app, &p, &rows.above, width, &mut stations);
    StripLabels { stations, trains }
}

/// The stop drawn at (or next to) a clicked cell in the strip area: its name wherever the
/// strip placed it, else its tick on the line or the label rows beside it.
#[must_use]
pub fn stop_at(app: &App, area: Rect, col: u16, row: u16) -> Option<usize> {
    let rows = StripRows::for_height(area.height)?;
    let local_row = row.checked_sub(area.y)?;
    let local_col = col.checked_sub(area.x)?;
    let labels = strip_labels(app, area.width, area.height);
    if let Some(label) = labels
        .stations
        .iter()
        .find(|l| l.covers(local_col, local_row))
    {
        return Some(label.stop);
    }
    if usize::from(local_row.abs_diff(rows.line)) > rows.above.len().max(2) {
        return None;
    }
    let p = Projection::new(app, area.width);
    let local = col.checked_sub(area.x)?;
    app.journey()
        .route()
        .stops
        .iter()
        .enumerate()
        .filter_map(|(i, s)| p.column(s.km).map(|c| (i, c.abs_diff(local))))
        .filter(|(_, d)| *d <= 1)
        .min_by_key(|(_, d)| *d)
        .map(|(i, _)| i)
}

/// Other train `i`'s label as the strip shows it: in ASCII with `--ascii` (arrows as `->`).
#[must_use]
pub fn train_text(app: &App, i: usize) -> String {
    let label = app
        .trains()
        .others()
        .get(i)
        .map_or("", |t| t.label.as_str());
    if app.settings().ascii {
        crate::util::text::ascii_punctuation(label)
    } else {
        label.to_owned()
    }
}

/// The stop whose name wins first: the one the train stands at, else the next.
fn focus(app: &App) -> Option<usize> {
    app.state().stop.or(app.state().next_stop)
}

/// Whether stop `i`'s name may not give way to a train's.
fn protected(app: &App, i: usize) -> bool {
    Some(i) == focus(app) || app.journey().route().stops.get(i).is_some_and(|s| s.major)
}

fn place_stations(app: &App, p: &Projection, rows: &StripRows, width: u16) -> Vec<StationLabel> {
    let route = app.journey().route();
    let focus = focus(app);
    let mut order: Vec<usize> = (0..route.stops.len())
        .filter(|&i| p.column(route.stops[i].km).is_some())
        .collect();
    order.sort_by_key(|&i| (Some(i) != focus, !route.stops[i].major, i));
    let label_rows: Vec<u16> = rows
        .above
        .iter()
        .zip(rows.below.iter())
        .flat_map(|(a, b)| [*a, *b])
        .collect();
    let mut placed: Vec<StationLabel> = Vec::new();
    for i in order {
        let Some(col) = p.column(route.stops[i].km) else {
            continue;
        };
        let text = stop_name(&route.stops[i], names(app));
        // A blank column before the right border: the last one stays free.
        let room = width.saturating_sub(1).max(1);
        let w = u16::try_from(text.width()).unwrap_or(u16::MAX).min(room);
        let x = col.saturating_sub(w / 2).min(room - w);
        let free = |row: u16| {
            placed
                .iter()
                .filter(|l| l.row == row)
                .all(|l| x + w < l.x || x > l.x + l.width)
        };
        let Some(&row) = label_rows.iter().find(|&&r| free(r)) else {
            continue;
        };
        placed.push(StationLabel {
            stop: i,
            row,
            x,
            width: w,
            text,
        });
    }
    placed
}

/// Other trains' names on the rows above the line, west to east, each from its train's
/// column, or ending there when there is no room on the right: on the first of those rows
/// where it touches no other name, else on the first where only minor stations' names are in
/// its way (they give way, whole). One that would touch the next stop's or a major station's
/// name, or another train's, on every row, or that would keep fewer than
/// [`TRAIN_LABEL_LEAST`] columns, is left out. A train whose cell shows another train (this one,
/// or one drawn after it) has its marker at the head of its name.
fn place_trains(
    app: &App,
    p: &Projection,
    rows: &[u16],
    width: u16,
    stations: &mut Vec<StationLabel>,
) -> Vec<TrainLabel> {
    let mut out: Vec<TrainLabel> = Vec::new();
    let own = p.column(app.state().km);
    let columns = other_columns(app, p);
    for (n, &(col, i)) in columns.iter().enumerate() {
        let hidden = Some(col) == own || columns[n + 1..].iter().any(|(c, _)| *c == col);
        let marker = u16::from(hidden) * 2;
        let name = u16::try_from(train_text(app, i).width())
            .unwrap_or(u16::MAX)
            .saturating_add(marker);
        let want = name.min(TRAIN_LABEL_MAX + marker);
        let least = want.min(TRAIN_LABEL_LEAST + marker);
        let right = want.min(width.saturating_sub(1).saturating_sub(col));
        let left = want.min(col + 1);
        let (x, w) = if right >= least {
            (col, right)
        } else if left >= least && !hidden {
            (col + 1 - left, left)
        } else {
            continue;
        };
        let touches = |row: u16, r: u16, lx: u16, lw: u16| r == row && x <= lx + lw && lx <= x + w;
        let blocked = |row: u16, stations: &[StationLabel], minor_too: bool| {
            out.iter().any(|t| touches(row, t.row, t.x, t.width))
                || stations.iter().any(|l| {
                    (minor_too || protected(app, l.stop)) && touches(row, l.row, l.x, l.width)
                })
        };
        let row = rows
            .iter()
            .copied()
            .find(|&r| !blocked(r, stations, true))
            .or_else(|| rows.iter().copied().find(|&r| !blocked(r, stations, false)));
        let Some(row) = row else {
            continue;
        };
        stations.retain(|l| !touches(row, l.row, l.x, l.width));
        out.push(TrainLabel {
            train: i,
            row,
            x,
            width: w,
            marker: hidden,
        });
    }
    out
}

/// How `app` names stations now: its setting, but the Latin names with `--ascii` (no other
/// script is ASCII).
#[must_use]
pub fn names(app: &App) -> crate::settings::NameStyle {
    if app.settings.ascii {
        crate::settings::NameStyle::Latin
    } else {
        app.settings.names
    }
}

/// `stop`'s name as `style` asks, made safe for a terminal: its Latin name, its name in its
/// own script (`local_name`; the Latin one without it), or both (`Hamhung 함흥`; one name when
/// they are the same).
#[must_use]
pub fn stop_name(stop: &crate::route::Stop, style: crate::settings::NameStyle) -> String {
    use crate::settings::NameStyle;
    let local = stop
        .local_name
        .as_deref()
        .filter(|l| !l.trim().is_empty() && *l != stop.name);
    match (style, local) {
        (NameStyle::Latin, _) | (_, None) => sanitize(&stop.name),
        (NameStyle::Local, Some(local)) => sanitize(local),
        (NameStyle::Both, Some(local)) => format!("{} {}", sanitize(&stop.name), sanitize(local)),
    }
}
