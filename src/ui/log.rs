//! The event log: what has happened so far (departures, arrivals, zone changes, borders, car
//! transfers...), newest at the bottom, each stamped with its time (in the timetable's clock)
//! and km; then what is next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::app::focus::Panel;
use crate::sim::{JourneyEvent, JourneyEventKind};
use crate::util::format::{duration_text, format_number};
use crate::util::text::width as width_of;

fn glyph(e: &JourneyEvent, g: &Glyphs) -> &'static str {
    match (e.kind, g.ascii) {
        (JourneyEventKind::Depart(_), false) => "↦",
        (JourneyEventKind::Depart(_), true) => ">",
        (JourneyEventKind::Arrive(_), false) => "⇥",
        (JourneyEventKind::Arrive(_), true) => "|",
        (JourneyEventKind::ZoneChange { .. }, false) => "◷",
        (JourneyEventKind::ZoneChange { .. }, true) => "@",
        (JourneyEventKind::Route(kind), _) => g.event(kind),
    }
}

/// When the event happens, in the timetable's clock: `d1 03:04` on the train's, `Tue 17 Jun
/// 03:04` on another.
fn stamp(app: &App, e: &JourneyEvent) -> String {
    let own = app.journey().zone_at(e.km);
    let fixed = app
        .panels()
        .timetable_clock()
        .fixed_zone(app.journey().route());
    crate::sim::clock_time::stamp(app.journey(), e.at, own, fixed)
}

/// The least room an event's title keeps beside the km; on a narrower log the km goes.
const TITLE_LEAST: usize = 20;
/// The km's column: `10,287 km` right-aligned in 9 cells, and two blanks.
const KM_WIDTH: usize = 11;

/// Whether a log `width` cells wide inside its border shows each event's km: when the title
/// still keeps [`TITLE_LEAST`] cells beside it (and a blank before the border).
fn shows_km(app: &App, width: usize) -> bool {
    let head = crate::app::table::widths(app).time + 3;
    width.saturating_sub(head + KM_WIDTH + 1) >= TITLE_LEAST
}

/// What the log says of `e`: an arrival or a departure names the stop as the app names
/// stations now (`s`), anything else is its own title.
fn title(app: &App, e: &JourneyEvent) -> String {
    let stop = match e.kind {
        JourneyEventKind::Arrive(i) | JourneyEventKind::Depart(i) => {
            app.journey().route().stops.get(i)
        }
        JourneyEventKind::ZoneChange { .. } | JourneyEventKind::Route(_) => None,
    };
    stop.and_then(|s| {
        let name = crate::app::labels::stop_name(s, crate::app::labels::names(app));
        crate::sim::timeline::stop_title(e.kind, &name)
    })
    .unwrap_or_else(|| e.title.clone())
}

/// One event's line: stamp, glyph, the km (right-aligned in its column, beside the text, so
/// wide terminals do not leave it stranded at the far edge) when `km` is shown, then the
/// title, cut with `…` to keep a blank before the border.
fn line<'a>(
    app: &App,
    e: &JourneyEvent,
    width: usize,
    km: bool,
    style: ratatui::style::Style,
    theme: &Theme,
    g: &Glyphs,
) -> Line<'a> {
    let first = app.journey().route().stops.first().map_or(0.0, |s| s.km);
    let head = format!("{} {} ", stamp(app, e), glyph(e, g));
    let km = if km {
        let km = format!(
            "{} {}",
            format_number(((e.km - first) / app.settings().units.km_per_unit()).round()),
            app.settings().units.name()
        );
        format!("{km:>9}  ")
    } else {
        String::new()
    };
    let room = width.saturating_sub(width_of(&head) + width_of(&km) + 1);
    let title = truncate(&super::shown(&title(app, e), g), room, g.ellipsis);
    Line::from(vec![
        Span::styled(head, theme.dim),
        Span::styled(km, theme.dim),
        Span::styled(title, style),
    ])
}

/// Draw the event log block: what has happened, newest at the bottom, and what is next; or,
/// focused, the whole timeline scrolled to the row cursor, events to come dimmed.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let focused = app.panels().focus().panel == Some(Panel::Log);
    let (title, border) = if focused {
        (" Event log · focused ", theme.accent)
    } else {
        (" Event log ", theme.border)
    };
    let title = truncate(title, usize::from(area.width.saturating_sub(3)), g.ellipsis);
    let block = super::panel(title, theme.text, border, g);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = usize::from(inner.height);
    if rows == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let lines = if focused {
        focused_lines(app, rows, width, theme, g)
    } else {
        recent_lines(app, rows, width, theme, g)
    };
    super::draw_lines(&lines, inner, buf);
}

/// The focused log: `rows` events from the panel's offset, the cursor's reversed.
fn focused_lines(
    app: &App,
    rows: usize,
    width: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let timeline = app.journey().timeline();
    timeline
        .iter()
        .enumerate()
        .skip(app.panels().focus().log_offset)
        .take(rows)
        .map(|(i, e)| {
            let style = if e.at > app.now() {
                theme.dim
            } else {
                theme.text
            };
            let mut line = line(app, e, width, shows_km(app, width), style, theme, g);
            if i == app.panels().focus().event {
                line = line.patch_style(ratatui::style::Modifier::REVERSED);
            }
            line
        })
        .collect()
}

/// The log as it follows the replay: the events passed, newest last, then the next one.
fn recent_lines(
    app: &App,
    rows: usize,
    width: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let timeline = app.journey().timeline();
    let seen = timeline.partition_point(|e| e.at <= app.now());
    let history = rows.saturating_sub(1);
    let from = seen.saturating_sub(history);
    let km = shows_km(app, width);
    let mut lines: Vec<Line> = timeline[from..seen]
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let newest = from + n + 1 == seen;
            let style = if newest {
                theme.accent
            } else if e.kind.is_notable() {
                theme.text
            } else {
                theme.dim
            };
            line(app, e, width, km, style, theme, g)
        })
        .collect();
    if lines.is_empty() && history > 0 {
        lines.push(Line::styled(
            truncate(
                "nothing yet: the journey has not begun",
                width.saturating_sub(1),
                g.ellipsis,
            ),
            theme.dim,
        ));
    }
    if let Some(next) = timeline.get(seen) {
        let wait = duration_text(next.at - app.now());
        let text = format!(
            "next in {wait}: {} {}",
            stamp(app, next),
            super::shown(&title(app, next), g)
        );
        lines.push(Line::styled(
            truncate(&text, width.saturating_sub(1), g.ellipsis),
            theme.dim,
        ));
    } else {
        lines.push(Line::styled("journey complete", theme.dim));
    }
    lines
}
