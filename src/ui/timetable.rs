//! The timetable: every stop with arrival, departure, km, clock, dwell and when it is due, in
//! the chosen clock; past stops dimmed, the current or next stop highlighted and kept in view.
//! Which columns show and how wide each is comes from [`crate::app::table`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::app::focus::Panel;
use crate::app::geometry::{first_row, focus_row};
use crate::app::table::{self, Column, DUE_STOPS};
use crate::route::Stop;
use crate::util::text::width;

/// Draw the timetable block: a header and one line per stop, in fixed columns; focused, a
/// highlighted frame and the row cursor.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let caption = app
        .panels()
        .timetable_clock()
        .caption(app.journey().route());
    let focused = app.panels().focus().panel == Some(Panel::Timetable);
    let state = if focused {
        " · focused"
    } else if app.panels().timetable().follow {
        ""
    } else {
        " (scrolled)"
    };
    let border = if focused { theme.accent } else { theme.border };
    let title = truncate(
        &format!(" Timetable{}{caption}{state}", g.sep),
        usize::from(area.width.saturating_sub(3)),
        g.ellipsis,
    );
    let block = super::panel(format!("{title} "), theme.text, border, g);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let columns = table::fit(&table::widths(app), inner.width);
    let unit = app.settings().units.name();
    let header: Vec<String> = columns
        .iter()
        .map(|(c, _)| c.header(unit).to_owned())
        .collect();
    buf.set_stringn(
        inner.x,
        inner.y,
        line(&columns, &header),
        usize::from(inner.width),
        theme.dim,
    );
    draw_rows(app, inner, buf, theme, g, &columns);
}

/// The timetable's columns inside the block `area`, each with its header and the columns of
/// the screen it takes (a blank column between two), in order from the left.
#[must_use]
pub fn column_ranges(app: &App, area: Rect) -> Vec<(&'static str, std::ops::Range<u16>)> {
    let inner_width = area.width.saturating_sub(2);
    let unit = app.settings().units.name();
    let mut x = area.x + 1;
    table::fit(&table::widths(app), inner_width)
        .into_iter()
        .map(|(column, w)| {
            let w = u16::try_from(w).unwrap_or(u16::MAX);
            let range = x..x.saturating_add(w);
            x = x.saturating_add(w + 1);
            (column.header(unit), range)
        })
        .collect()
}

/// One line of the table: each cell padded to its column's width (numbers to the right),
/// a blank between two.
fn line(columns: &[(Column, usize)], cells: &[String]) -> String {
    let mut text = String::new();
    for (i, ((column, w), cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let pad = " ".repeat(w.saturating_sub(width(cell)));
        if column.right_aligned() {
            text.push_str(&pad);
            text.push_str(cell);
        } else {
            text.push_str(cell);
            text.push_str(&pad);
        }
    }
    text
}

/// The stops' rows under the header, from the first row in view down as far as they fit.
fn draw_rows(
    app: &App,
    inner: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
    columns: &[(Column, usize)],
) {
    let rows_fit = usize::from(inner.height.saturating_sub(1));
    let start = first_row(app, rows_fit);
    let focus = focus_row(app);
    let cursor =
        (app.panels().focus().panel == Some(Panel::Timetable)).then_some(app.panels().focus().stop);
    let stops = &app.journey().route().stops;
    let next = stops.partition_point(|s| s.first_instant() <= app.now());
    for (n, (i, s)) in stops
        .iter()
        .enumerate()
        .skip(start)
        .take(rows_fit)
        .enumerate()
    {
        let mut style = row_style(app, s, i == focus, theme);
        if cursor == Some(i) {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let y = inner.y + 1 + u16::try_from(n).unwrap_or(u16::MAX);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let due = (next..next + DUE_STOPS).contains(&i);
        let cells = row_cells(app, s, columns, g, due);
        buf.set_stringn(
            inner.x,
            y,
            line(columns, &cells),
            usize::from(inner.width),
            style,
        );
    }
}

/// A stop's row style: the focus highlighted, past stops dimmed, other major stops bold.
fn row_style(app: &App, stop: &Stop, focused: bool, theme: &Theme) -> Style {
    let style = if focused {
        theme.current
    } else if stop.first_instant() <= app.now() {
        theme.dim
    } else {
        theme.text
    };
    if stop.major && !focused {
        style.add_modifier(Modifier::BOLD)
    } else {
        style
    }
}

/// A stop's cells, one per column shown: its name (cut with `…` to the column), the distance
/// from the first stop, arrival and departure in the timetable's clock, its own clock, the
/// dwell, and (`due`) how long until the train is there.
fn row_cells(
    app: &App,
    stop: &Stop,
    columns: &[(Column, usize)],
    g: &Glyphs,
    due: bool,
) -> Vec<String> {
    columns
        .iter()
        .map(|&(column, w)| match column {
            Column::Station => truncate(
                &crate::app::labels::stop_name(stop, crate::app::labels::names(app)),
                w,
                g.ellipsis,
            ),
            Column::Km => table::km_text(app, stop),
            Column::Arrive => table::time_text(app, stop.arrive, stop.tz),
            Column::Depart => table::time_text(app, stop.depart, stop.tz),
            Column::Clock => table::clock_text(stop),
            Column::Dwell => table::dwell_of(stop),
            Column::Due if due => table::due_text(stop.first_instant() - app.now(), w),
            Column::Due => String::new(),
        })
        .collect()
}
