//! The timetable: every stop with arrival, departure, km and dwell in the chosen clock; past
//! stops dimmed, the current or next stop highlighted and kept in view.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::app::geometry::{first_row, focus_row};
use crate::format::dwell_text;

fn cell(app: &App, t: Option<DateTime<Utc>>, tz: Tz) -> String {
    let Some(t) = t else { return String::new() };
    let day = app.journey.route().journey_day(t, tz);
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
    let show_dwell = inner.width >= 56;
    let show_km = inner.width >= 44;
    let fixed = 9 + 9 + if show_km { 7 } else { 0 } + if show_dwell { 7 } else { 0 };
    let stops = &app.journey.route().stops;
    let longest = stops
        .iter()
        .map(|s| crate::text::sanitize(&s.name).width())
        .max()
        .unwrap_or(6);
    let name_width = usize::from(inner.width.saturating_sub(fixed)).clamp(6, longest.max(7));
    let units = app.settings.units;
    let line = |name: &str, km: &str, arrive: &str, depart: &str, dwell: &str| {
        let mut text = format!("{name:<name_width$}");
        if show_km {
            text.push_str(&format!(" {km:>6}"));
        }
        text.push_str(&format!(" {arrive:<8} {depart:<8}"));
        if show_dwell {
            text.push_str(&format!(" {dwell}"));
        }
        text
    };
    let width = usize::from(inner.width);
    buf.set_stringn(
        inner.x,
        inner.y,
        line("Station", units.name(), "Arrive", "Depart", "Dwell"),
        width,
        theme.dim,
    );
    let rows_fit = usize::from(inner.height.saturating_sub(1));
    let start = first_row(app, rows_fit);
    let focus = focus_row(app);
    for (n, (i, s)) in stops
        .iter()
        .enumerate()
        .skip(start)
        .take(rows_fit)
        .enumerate()
    {
        let tz = app.timetable_clock.zone(s.tz);
        let style = if i == focus {
            theme.current
        } else if s.first_instant() <= app.now {
            theme.dim
        } else {
            theme.text
        };
        let style = if s.major && i != focus {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        };
        let name = truncate(&crate::text::sanitize(&s.name), name_width, g.ellipsis);
        let km = format!("{:.0}", (s.km - stops[0].km) / units.km_per_unit());
        let dwell = s.dwell_minutes().map_or_else(String::new, dwell_text);
        let y = inner.y + 1 + u16::try_from(n).unwrap_or(u16::MAX);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        buf.set_stringn(
            inner.x,
            y,
            line(
                &name,
                &km,
                &cell(app, s.arrive, tz),
                &cell(app, s.depart, tz),
                &dwell,
            ),
            width,
            style,
        );
    }
}
