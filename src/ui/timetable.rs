//! The timetable: every stop with arrival, departure, km and dwell in the chosen clock; past
//! stops dimmed, the current or next stop highlighted and kept in view.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Row, Table, Widget};

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::report::{clock_caption, clock_zone};

/// The row the current (or next) stop is on.
#[must_use]
pub fn focus_row(app: &App) -> usize {
    app.state.stop.or(app.state.next_stop).unwrap_or(0)
}

/// The first visible row when `rows` rows fit: the user's scroll position, or (following)
/// the focus row a third of the way down.
#[must_use]
pub fn first_row(app: &App, rows: usize) -> usize {
    let count = app.journey.route().stops.len();
    let max = count.saturating_sub(rows);
    if app.timetable.follow {
        focus_row(app).saturating_sub(rows / 3).min(max)
    } else {
        app.timetable.offset.min(max)
    }
}

fn cell(app: &App, t: Option<DateTime<Utc>>, tz: Tz) -> String {
    let Some(t) = t else { return String::new() };
    let local = t.with_timezone(&tz);
    let day = (local.date_naive() - app.journey.route().departure_date).num_days() + 1;
    format!("d{day} {}", local.format("%H:%M"))
}

/// Draw the timetable block.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let caption = clock_caption(app.timetable_clock);
    let follow = if app.timetable.follow {
        ""
    } else {
        " (scrolled)"
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(g.border)
        .border_style(theme.border)
        .title(Line::styled(
            format!(" Timetable{}{caption}{follow} ", g.sep),
            theme.text,
        ));
    let inner_width = area.width.saturating_sub(2);
    let show_dwell = inner_width >= 56;
    let show_km = inner_width >= 44;
    let fixed = 9 + 9 + if show_km { 7 } else { 0 } + if show_dwell { 7 } else { 0 } + 4;
    let longest = app
        .journey
        .route()
        .stops
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(crate::text::sanitize(&s.name).as_str()))
        .max()
        .unwrap_or(6);
    let name_width = usize::from(inner_width.saturating_sub(fixed)).clamp(6, longest.max(7));
    let rows_fit = usize::from(area.height.saturating_sub(3));
    let start = first_row(app, rows_fit);
    let focus = focus_row(app);
    let stops = &app.journey.route().stops;
    let units = app.settings.units;
    let rows = stops
        .iter()
        .enumerate()
        .skip(start)
        .take(rows_fit)
        .map(|(i, s)| {
            let tz = clock_zone(app.timetable_clock, s.tz);
            let style = if i == focus {
                theme.current
            } else if s.first_instant() <= app.now && i != focus {
                theme.dim
            } else {
                theme.text
            };
            let style = if s.major && i != focus {
                style.patch(Style::new().add_modifier(ratatui::style::Modifier::BOLD))
            } else {
                style
            };
            let mut cells = vec![truncate(
                &crate::text::sanitize(&s.name),
                name_width,
                g.ellipsis,
            )];
            if show_km {
                cells.push(format!(
                    "{:>6.0}",
                    (s.km - stops[0].km) / units.km_per_unit()
                ));
            }
            cells.push(cell(app, s.arrive, tz));
            cells.push(cell(app, s.depart, tz));
            if show_dwell {
                cells.push(s.dwell_minutes().map_or_else(String::new, dwell_text));
            }
            Row::new(cells).style(style)
        });
    let mut header = vec!["Station".to_owned()];
    let mut widths = vec![Constraint::Length(u16::try_from(name_width).unwrap_or(6))];
    if show_km {
        header.push(format!("{:>6}", units.name()));
        widths.push(Constraint::Length(6));
    }
    header.extend(["Arrive".to_owned(), "Depart".to_owned()]);
    widths.extend([Constraint::Length(8), Constraint::Length(8)]);
    if show_dwell {
        header.push("Dwell".to_owned());
        widths.push(Constraint::Length(6));
    }
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim))
        .block(block)
        .render(area, buf);
}

/// `5 min`, `4h20`.
#[must_use]
pub fn dwell_text(minutes: i64) -> String {
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{}h{:02}", minutes / 60, minutes % 60)
    }
}
