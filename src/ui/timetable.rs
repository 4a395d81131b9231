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
use crate::app::focus::Panel;
use crate::app::geometry::{first_row, focus_row};
use crate::route::Stop;
use crate::sim::clock_time::stamp;
use crate::sim::zones::{offset_secs, utc_label};
use crate::util::format::{duration_text, dwell_text};

/// A time in the timetable's clock: `d1 03:04` on the stops' own, `Tue 17 Jun 03:04` on
/// another.
fn cell(app: &App, t: Option<DateTime<Utc>>, own: Tz) -> String {
    let Some(t) = t else { return String::new() };
    stamp(
        app.journey(),
        t,
        own,
        app.panels()
            .timetable_clock()
            .fixed_zone(app.journey().route()),
    )
}

/// Whether the stops' own clocks differ in UTC offset (then, on local time, each row says
/// which clock it is in, so a shuttle does not seem to arrive before it leaves).
fn offsets_differ(app: &App) -> bool {
    use crate::settings::ClockConvention;
    let stops = &app.journey().route().stops;
    app.panels().timetable_clock() == ClockConvention::Local
        && stops.windows(2).any(|w| {
            offset_secs(w[0].tz, w[0].first_instant()) != offset_secs(w[1].tz, w[1].first_instant())
        })
}

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
    let time_width = if app
        .panels()
        .timetable_clock()
        .fixed_zone(app.journey().route())
        .is_some()
    {
        DATED_WIDTH
    } else {
        8
    };
    let columns = Columns::fit(
        inner.width,
        &app.journey().route().stops,
        offsets_differ(app),
        time_width,
    );
    let header = columns.line(&Cells {
        name: "Station",
        km: app.settings().units.name(),
        arrive: "Arrive",
        depart: "Depart",
        zone: "Clock",
        dwell: "Dwell",
        eta: "",
    });
    buf.set_stringn(
        inner.x,
        inner.y,
        header,
        usize::from(inner.width),
        theme.dim,
    );
    draw_rows(app, inner, buf, theme, g, &columns);
}

/// The timetable's columns inside the block `area`, each with its header and the columns of
/// the screen it takes (a blank column between two), in order from the left.
#[must_use]
pub fn column_ranges(app: &App, area: Rect) -> Vec<(&'static str, std::ops::Range<u16>)> {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let columns = columns_for(app, inner.width);
    let mut x = inner.x;
    let mut out = Vec::new();
    for (name, width) in columns.widths() {
        let w = u16::try_from(width).unwrap_or(u16::MAX);
        out.push((name, x..x.saturating_add(w)));
        x = x.saturating_add(w + 1);
    }
    out
}

/// The columns for a timetable `width` columns wide inside its border.
fn columns_for(app: &App, width: u16) -> Columns {
    let time_width = if app
        .panels()
        .timetable_clock()
        .fixed_zone(app.journey().route())
        .is_some()
    {
        DATED_WIDTH
    } else {
        8
    };
    Columns::fit(
        width,
        &app.journey().route().stops,
        offsets_differ(app),
        time_width,
    )
}

/// One row's cells, before padding.
struct Cells<'a> {
    name: &'a str,
    km: &'a str,
    arrive: &'a str,
    depart: &'a str,
    zone: &'a str,
    dwell: &'a str,
    eta: &'a str,
}

/// The columns that fit the block's width, and how wide the name column is.
struct Columns {
    name_width: usize,
    time_width: usize,
    show_km: bool,
    show_dwell: bool,
    show_zone: bool,
    show_eta: bool,
}

/// Width of the dwell column: `12 h 05 min`.
const DWELL_WIDTH: usize = 11;
/// Width of the ETA column: `in 12 h 05 min`.
const ETA_WIDTH: usize = 15;
/// Width of the clock column: `UTC+10`, `UTC−3:30`.
const ZONE_WIDTH: usize = 9;
/// Width of a time on another clock than the stops' own: `Tue 17 Jun 03:04`.
const DATED_WIDTH: usize = 16;
/// How many of the next stops get an ETA.
const ETA_STOPS: usize = 3;

impl Columns {
    /// The columns for a block `width` cells wide listing `stops`: names, arrivals and
    /// departures always; then, while names keep 12 cells (or their longest), the ETA, the
    /// clock (when stops differ), the dwell and the km, in that order.
    fn fit(width: u16, stops: &[Stop], zones: bool, time_width: usize) -> Self {
        let longest = stops
            .iter()
            .map(|s| crate::util::text::sanitize(&s.name).width())
            .max()
            .unwrap_or(6);
        let name_min = longest.clamp(6, 12);
        let width = usize::from(width);
        let mut fixed = 2 * (time_width + 1);
        let mut take = |want: bool, w: usize| {
            let fits = want && width.saturating_sub(fixed + w) >= name_min;
            if fits {
                fixed += w;
            }
            fits
        };
        let show_eta = take(true, ETA_WIDTH);
        let show_zone = take(zones, ZONE_WIDTH);
        let show_dwell = take(true, DWELL_WIDTH + 1);
        let show_km = take(true, 7);
        Self {
            name_width: width.saturating_sub(fixed).clamp(6, longest.max(7)),
            time_width,
            show_km,
            show_dwell,
            show_zone,
            show_eta,
        }
    }

    /// Each column shown, with its header and width, from the left.
    fn widths(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![("Station", self.name_width)];
        if self.show_km {
            out.push(("km", 6));
        }
        out.push(("Arrive", self.time_width));
        out.push(("Depart", self.time_width));
        if self.show_zone {
            out.push(("Clock", 8));
        }
        if self.show_dwell {
            out.push(("Dwell", DWELL_WIDTH));
        }
        if self.show_eta {
            out.push(("", ETA_WIDTH - 1));
        }
        out
    }

    /// One line of the table: each column that fits, padded to its width.
    fn line(&self, c: &Cells<'_>) -> String {
        let name_width = self.name_width;
        let mut text = format!("{:<name_width$}", c.name);
        if self.show_km {
            text.push_str(&format!(" {:>6}", c.km));
        }
        let time_width = self.time_width;
        text.push_str(&format!(
            " {:<time_width$} {:<time_width$}",
            c.arrive, c.depart
        ));
        if self.show_zone {
            text.push_str(&format!(" {:<8}", c.zone));
        }
        if self.show_dwell {
            text.push_str(&format!(" {:<DWELL_WIDTH$}", c.dwell));
        }
        if self.show_eta {
            text.push_str(&format!(" {}", c.eta));
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
        let eta = if (next..next + ETA_STOPS).contains(&i) {
            format!("in {}", duration_text(s.first_instant() - app.now()))
        } else {
            String::new()
        };
        let text = row_text(app, s, columns, g, &eta);
        buf.set_stringn(inner.x, y, text, usize::from(inner.width), style);
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

/// A stop's row: name, distance from the first stop, arrival and departure in the
/// timetable's clock, the stop's own clock, the dwell and the ETA.
fn row_text(app: &App, stop: &Stop, columns: &Columns, g: &Glyphs, eta: &str) -> String {
    let stops = &app.journey().route().stops;
    let units = app.settings().units;
    let name = truncate(
        &crate::util::text::sanitize(&stop.name),
        columns.name_width,
        g.ellipsis,
    );
    let km = format!("{:.0}", (stop.km - stops[0].km) / units.km_per_unit());
    let dwell = stop.dwell_minutes().map_or_else(String::new, dwell_text);
    columns.line(&Cells {
        name: &name,
        km: &km,
        arrive: &cell(app, stop.arrive, stop.tz),
        depart: &cell(app, stop.depart, stop.tz),
        zone: &utc_label(stop.tz, stop.first_instant()),
        dwell: &dwell,
        eta,
    })
}
