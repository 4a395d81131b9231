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
    let mut columns = Columns::fit(
        inner.width,
        (&app.journey().route().stops, crate::app::labels::names(app)),
        offsets_differ(app),
        time_width,
    );
    columns.fit_real(inner.width, app.journey().route().realtime.is_some());
    let header = columns.line(&Cells {
        name: "Station",
        km: app.settings().units.name(),
        arrive: "Arrive",
        depart: "Depart",
        zone: "Clock",
        dwell: "Dwell",
        eta: "",
        real: "Real",
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

/// One row's cells, before padding.
struct Cells<'a> {
    name: &'a str,
    km: &'a str,
    arrive: &'a str,
    depart: &'a str,
    zone: &'a str,
    dwell: &'a str,
    eta: &'a str,
    /// With realtime data: the real time of the stop's departure (arrival at the last).
    real: &'a str,
}

/// The columns that fit the block's width, and how wide the name column is.
struct Columns {
    name_width: usize,
    time_width: usize,
    show_km: bool,
    show_dwell: bool,
    show_zone: bool,
    show_eta: bool,
    /// The real times' column (realtime data): its width, 0 without it.
    real_width: usize,
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
    /// The columns for a block `width` cells wide listing `stops` named as `names` asks: arrivals and
    /// departures always; then, while names keep 12 cells (or their longest), the ETA, the
    /// clock (when stops differ), the dwell and the km, in that order.
    fn fit(
        width: u16,
        (stops, names): (&[Stop], crate::settings::NameStyle),
        zones: bool,
        time_width: usize,
    ) -> Self {
        let longest = stops
            .iter()
            .map(|s| crate::app::labels::stop_name(s, names).width())
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
            real_width: 0,
        }
    }

    /// Make room for the real times' column when `wanted` (a journey with realtime data): it
    /// takes the place of the ETA, then of the dwell, the km and the clock, and the name's
    /// room down to 6 cells, as far as needed.
    fn fit_real(&mut self, width: u16, wanted: bool) {
        if !wanted {
            return;
        }
        let real = self.time_width + 7;
        let used = |c: &Self| {
            c.name_width
                + 2 * (c.time_width + 1)
                + if c.show_km { 7 } else { 0 }
                + if c.show_zone { ZONE_WIDTH } else { 0 }
                + if c.show_dwell { DWELL_WIDTH + 1 } else { 0 }
                + if c.show_eta { ETA_WIDTH } else { 0 }
        };
        let width = usize::from(width);
        let drops: [fn(&mut Self); 4] = [
            |c| c.show_eta = false,
            |c| c.show_dwell = false,
            |c| c.show_km = false,
            |c| c.show_zone = false,
        ];
        for drop in drops {
            if used(self) + real < width {
                break;
            }
            drop(self);
        }
        let room = width.saturating_sub(used(self) - self.name_width + real + 1);
        self.name_width = self.name_width.min(room.max(6));
        self.real_width = real;
    }

    /// One line of the table: each column that fits, padded to its width.
    fn line(&self, c: &Cells<'_>) -> String {
        // Padded by cells, not characters: a Hangul syllable takes two.
        let mut text = c.name.to_owned();
        text.push_str(&" ".repeat(self.name_width.saturating_sub(c.name.width())));
        if self.show_km {
            text.push_str(&format!(" {:>6}", c.km));
        }
        let time_width = self.time_width;
        text.push_str(&format!(
            " {:<time_width$} {:<time_width$}",
            c.arrive, c.depart
        ));
        if self.real_width > 0 {
            let real_width = self.real_width;
            text.push_str(&format!(" {:<real_width$}", c.real));
        }
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
        let text = row_text(app, (i, s), columns, g, &eta);
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
///
/// With realtime data, the arrival and departure are the timetable's, and the real times are
/// beside them ([`real_cell`]).
fn row_text(
    app: &App,
    (i, stop): (usize, &Stop),
    columns: &Columns,
    g: &Glyphs,
    eta: &str,
) -> String {
    let stops = &app.journey().route().stops;
    let units = app.settings().units;
    let name = truncate(
        &crate::app::labels::stop_name(stop, crate::app::labels::names(app)),
        columns.name_width,
        g.ellipsis,
    );
    let km = format!("{:.0}", (stop.km - stops[0].km) / units.km_per_unit());
    let dwell = stop.dwell_minutes().map_or_else(String::new, dwell_text);
    let planned = app
        .journey()
        .route()
        .realtime
        .as_ref()
        .and_then(|r| r.scheduled.get(i));
    let (arrive, depart) = planned.map_or((stop.arrive, stop.depart), |p| (p.arrive, p.depart));
    columns.line(&Cells {
        name: &name,
        km: &km,
        arrive: &cell(app, arrive, stop.tz),
        depart: &cell(app, depart, stop.tz),
        zone: &utc_label(stop.tz, stop.first_instant()),
        dwell: &dwell,
        eta,
        real: &real_cell(app, i, stop),
    })
}

/// With realtime data, stop `i`'s real time against the timetable's: its departure's (its
/// arrival's at the last stop) as `→ d1 14:11 +8`, or `skipped`; empty without.
fn real_cell(app: &App, i: usize, stop: &Stop) -> String {
    let Some(s) = app
        .journey()
        .route()
        .realtime
        .as_ref()
        .and_then(|r| r.scheduled.get(i))
    else {
        return String::new();
    };
    if s.skipped {
        return "skipped".to_owned();
    }
    let (Some(real), Some(planned)) = (stop.depart.or(stop.arrive), s.depart.or(s.arrive)) else {
        return String::new();
    };
    let delay = i32::try_from((real - planned).num_seconds()).unwrap_or(i32::MAX);
    format!(
        "→ {} {:+}",
        cell(app, Some(real), stop.tz),
        crate::app::as_run::signed_minutes(delay)
    )
}
