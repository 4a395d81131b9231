//! The timetable: every stop with arrival, departure, km and dwell in the chosen clock; past
//! stops dimmed, the current or next stop highlighted and kept in view.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::app::geometry::{first_row, focus_row};
use crate::format::dwell_text;
use crate::route::Stop;

fn cell(app: &App, t: Option<DateTime<Utc>>, tz: Tz) -> String {
    let Some(t) = t else { return String::new() };
    let day = app.journey.journey_day(t);
    format!("d{day} {}", t.with_timezone(&tz).format("%H:%M"))
}

/// Draw the timetable block: a header and one line per stop, in fixed columns.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let caption = app.timetable_clock.caption();
    let follow = if app.timetable.follow {
        ""
    } else {
        " (scrolled)"
    };
    let block = super::panel(
        format!(" Timetable{}{caption}{follow} ", g.sep),
        theme.text,
        theme.border,
        g,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let columns = Columns::fit(inner.width, &app.journey.route().stops);
    let header = columns.line(
        "Station",
        app.settings.units.name(),
        "Arrive",
        "Depart",
        "Dwell",
    );
    buf.set_stringn(
        inner.x,
        inner.y,
        header,
        usize::from(inner.width),
        theme.dim,
    );
    draw_rows(app, inner, buf, theme, g, &columns);
}

/// The columns that fit the block's width, and how wide the name column is.
struct Columns {
    name_width: usize,
    show_km: bool,
    show_dwell: bool,
}

impl Columns {
    /// The columns for a block `width` cells wide listing `stops`: the dwell and then the km
    /// column are dropped when narrow; names get the rest, up to the longest name.
    fn fit(width: u16, stops: &[Stop]) -> Self {
        let show_dwell = width >= 56;
        let show_km = width >= 44;
        let fixed = 9 + 9 + if show_km { 7 } else { 0 } + if show_dwell { 7 } else { 0 };
        let longest = stops
            .iter()
            .map(|s| crate::text::sanitize(&s.name).width())
            .max()
            .unwrap_or(6);
        Self {
            name_width: usize::from(width.saturating_sub(fixed)).clamp(6, longest.max(7)),
            show_km,
            show_dwell,
        }
    }

    /// One line of the table: each column that fits, padded to its width.
    fn line(&self, name: &str, km: &str, arrive: &str, depart: &str, dwell: &str) -> String {
        let name_width = self.name_width;
        let mut text = format!("{name:<name_width$}");
        if self.show_km {
            text.push_str(&format!(" {km:>6}"));
        }
        text.push_str(&format!(" {arrive:<8} {depart:<8}"));
        if self.show_dwell {
            text.push_str(&format!(" {dwell}"));
        }
        text
    }
}

/// The stops' rows under the header, from the first row in view down as far as they fit.
fn draw_rows(
    app: &App,
    inner: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
    columns: &Columns,
) {
    let rows_fit = usize::from(inner.height.saturating_sub(1));
    let start = first_row(app, rows_fit);
    let focus = focus_row(app);
    for (n, (i, s)) in app
        .journey
        .route()
        .stops
        .iter()
        .enumerate()
        .skip(start)
        .take(rows_fit)
        .enumerate()
    {
        let style = row_style(app, s, i == focus, theme);
        let y = inner.y + 1 + u16::try_from(n).unwrap_or(u16::MAX);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let text = row_text(app, s, columns, g);
        buf.set_stringn(inner.x, y, text, usize::from(inner.width), style);
    }
}

/// A stop's row style: the focus highlighted, past stops dimmed, other major stops bold.
fn row_style(app: &App, stop: &Stop, focused: bool, theme: &Theme) -> Style {
    let style = if focused {
        theme.current
    } else if stop.first_instant() <= app.now {
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

/// A stop's row: name, distance from the first stop, arrival and departure in the
/// timetable's clock, and dwell.
fn row_text(app: &App, stop: &Stop, columns: &Columns, g: &Glyphs) -> String {
    let stops = &app.journey.route().stops;
    let units = app.settings.units;
    let tz = app.timetable_clock.zone(stop.tz);
    let name = truncate(
        &crate::text::sanitize(&stop.name),
        columns.name_width,
        g.ellipsis,
    );
    let km = format!("{:.0}", (stop.km - stops[0].km) / units.km_per_unit());
    let dwell = stop.dwell_minutes().map_or_else(String::new, dwell_text);
    columns.line(
        &name,
        &km,
        &cell(app, stop.arrive, tz),
        &cell(app, stop.depart, tz),
        &dwell,
    )
}
