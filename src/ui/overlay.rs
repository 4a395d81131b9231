//! Overlays drawn over the screen: the help (every binding, from the keymap) and a station's
//! details (opened by clicking it on the strip).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::centered;
use super::theme::{Glyphs, Theme};
use crate::app::{App, Command};
use crate::route::{Route, Stop};
use crate::sim::zones::offsets_text;
use crate::util::format::{dwell_text, rfc3339_in};
use crate::util::text::sanitize;

/// The help's box over `area`.
#[must_use]
pub fn help_rect(app: &App, area: Rect) -> Rect {
    let all = Command::ALL;
    let _ = app;
    let two = all.len() + 6 > usize::from(area.height) && area.width >= 60;
    let (total, width) = if two {
        (all.len().div_ceil(2) + 5, area.width.min(150).saturating_sub(2))
    } else {
        (all.len() + 5, area.width.min(96))
    };
    scrolled_rect(total, width, area)
}

/// Draw the help overlay.
pub fn help(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let key_width = Command::ALL
        .iter()
        .map(|c| app.keymap().label(*c).chars().count())
        .max()
        .unwrap_or(4);
    let entry = |c: Command, width: usize| {
        let key = format!(" {:>key_width$}  ", app.keymap().label(c));
        let room = width.saturating_sub(key.chars().count());
        vec![
            Span::styled(key, theme.key),
            Span::styled(
                format!("{:<room$}", super::truncate(c.describe(), room, g.ellipsis)),
                theme.text,
            ),
        ]
    };
    let all = Command::ALL;
    // One column when it fits the height, else two side by side.
    let two = all.len() + 6 > usize::from(area.height) && area.width >= 60;
    let mut lines: Vec<Line> = if two {
        let half = all.len().div_ceil(2);
        let col = usize::from(area.width.min(150).saturating_sub(4)) / 2;
        (0..half)
            .map(|i| {
                let mut spans = entry(all[i], col);
                if let Some(c) = all.get(i + half) {
                    spans.extend(entry(*c, col));
                }
                Line::from(spans)
            })
            .collect()
    } else {
        all.iter().map(|c| Line::from(entry(*c, 94))).collect()
    };
    lines.push(Line::default());
    lines.push(Line::styled(super::legend::digest(g), theme.dim));
    for text in [
        " Mouse: the wheel zooms, a drag pans;",
        " click a station for details, a panel to focus it.",
        " Rebind keys in config.toml under [keys].",
    ] {
        lines.push(Line::styled(text, theme.dim));
    }
    let width = if two {
        area.width.min(150).saturating_sub(2)
    } else {
        area.width.min(96)
    };
    scrolled_box(app, lines, width, area, buf, theme, g);
}

/// The box of a scrolled overlay of `total` lines, `width` wide: as tall as its lines or the
/// screen.
fn scrolled_rect(total: usize, width: u16, area: Rect) -> Rect {
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let height = u16::try_from(total.min(room))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    centered(area, width, height)
}

/// The help's box: as tall as its lines, or the screen; taller than the screen, it scrolls
/// (↑↓ PgUp PgDn) and its frame says which lines are shown.
fn scrolled_box(
    app: &App,
    lines: Vec<Line<'static>>,
    width: u16,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let total = lines.len();
    let scroll = usize::from(app.screen().help_scroll()).min(total.saturating_sub(room));
    let rect = scrolled_rect(total, width, area);
    Clear.render(rect, buf);
    let closes = if total > room {
        format!(
            " ↑↓ scroll ({}–{} of {total}) · Esc or ? closes ",
            scroll + 1,
            (scroll + room).min(total)
        )
    } else {
        " Esc or ? closes ".to_owned()
    };
    let block = super::panel(" Keys ".to_owned(), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(closes, theme.dim).right_aligned());
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    Paragraph::new(shown).block(block).render(rect, buf);
}

/// The run picker's box for `lines` lines.
fn runs_box(lines: usize, area: Rect) -> Rect {
    let height = u16::try_from(lines)
        .unwrap_or(20)
        .saturating_add(2)
        .min(area.height);
    centered(area, 76, height)
}

/// The run picker's box over `area`, when it is open.
#[must_use]
pub fn runs_rect(app: &App, area: Rect) -> Option<Rect> {
    let picker = app.screen().runs()?;
    let g = Glyphs::new(app.settings().ascii);
    let theme = Theme::new(app.settings().theme, app.settings().no_color);
    Some(runs_box(run_lines(app, picker, &theme, &g).len(), area))
}

/// Draw the run picker: the route's runs, each departure and arrival on its stop's clock,
/// the run shown and the one the app opened on marked, the cursor reversed.
pub fn runs(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(picker) = app.screen().runs() else {
        return;
    };
    let route = app.journey().route();
    let lines = run_lines(app, picker, theme, g);
    let rect = runs_box(lines.len(), area);
    Clear.render(rect, buf);
    let title = format!(
        " Runs of {} around {} ",
        sanitize(&route.name),
        picker.around.format("%-d %b %Y")
    );
    let block = super::panel(
        super::truncate(
            &title,
            usize::from(rect.width.saturating_sub(2)),
            g.ellipsis,
        ),
        theme.accent,
        theme.accent,
        g,
    )
    .title_bottom(
        Line::styled(" ↑↓ choose · Enter replays it · Esc closes ", theme.dim).right_aligned(),
    );
    Paragraph::new(lines).block(block).render(rect, buf);
}

/// The picker's lines: the ends of the route, one line per run, the service days.
fn run_lines(
    app: &App,
    picker: &crate::app::runs::RunPicker,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let route = app.journey().route();
    let (first, last) = (route.stops.first(), route.stops.last());
    let on = |t: chrono::DateTime<chrono::Utc>, stop: Option<&Stop>| {
        t.with_timezone(&stop.map_or(chrono_tz::UTC, |s| s.tz))
            .format("%a %d %b %Y %H:%M")
            .to_string()
    };
    let arrow = if g.ascii { "->" } else { "→" };
    let name = |stop: Option<&Stop>| stop.map_or_else(String::new, |s| sanitize(&s.name));
    let mut lines = vec![Line::styled(
        format!(" {} {arrow} {}", name(first), name(last)),
        theme.dim,
    )];
    for (i, row) in picker.rows.iter().enumerate() {
        let mark = if row.id == app.trains().selected() {
            "  shown"
        } else if row.id == app.trains().home() {
            "  opened on"
        } else {
            ""
        };
        let text = format!(
            " {}  {arrow}  {}{mark}",
            on(row.departs, first),
            on(row.arrives, last)
        );
        let style = if i == picker.cursor {
            theme
                .current
                .add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            theme.text
        };
        lines.push(Line::styled(text, style));
    }
    let service = crate::route::calendar::service_text(route);
    if !service.is_empty() {
        lines.push(Line::styled(format!(" departs on {service}"), theme.dim));
    }
    lines
}

/// The details' box for `lines` lines.
fn station_box(lines: usize, area: Rect) -> Rect {
    let height = u16::try_from(lines)
        .unwrap_or(20)
        .saturating_add(4)
        .min(area.height);
    centered(area, 60, height)
}

/// The box of stop `index`'s details over `area`.
#[must_use]
pub fn station_rect(app: &App, index: usize, area: Rect) -> Option<Rect> {
    let stop = app.journey().route().stops.get(index)?;
    let g = Glyphs::new(app.settings().ascii);
    let theme = Theme::new(app.settings().theme, app.settings().no_color);
    Some(station_box(station_lines(app, stop, &theme, &g).len(), area))
}

/// The details' lines: where the stop is, when the train is there, its note.
fn station_lines(app: &App, stop: &Stop, theme: &Theme, g: &Glyphs) -> Vec<Line<'static>> {
    let mut lines = place_lines(app, stop, theme, g);
    lines.push(Line::default());
    lines.extend(time_lines(app.journey().route(), stop, theme));
    if let Some(note) = &stop.note {
        lines.push(Line::default());
        lines.push(Line::styled(sanitize(note), theme.text));
    }
    lines
}

/// Draw the details of stop `index`.
pub fn station(app: &App, index: usize, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(stop) = app.journey().route().stops.get(index) else {
        return;
    };
    let lines = station_lines(app, stop, theme, g);
    let rect = station_box(lines.len(), area);
    Clear.render(rect, buf);
    let block = super::panel(
        format!(" {} ", sanitize(&stop.name)),
        theme.accent,
        theme.accent,
        g,
    )
    .title_bottom(Line::styled(" Esc closes ", theme.dim).right_aligned());
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(rect, buf);
}

/// Where the stop is: its local name, the distance from the first stop, its zone with the
/// zone's offsets (from UTC, and from the route's reference clock), and its coordinates.
fn place_lines(app: &App, stop: &Stop, theme: &Theme, g: &Glyphs) -> Vec<Line<'static>> {
    let at = stop.first_instant();
    let first = app.journey().route().stops.first();
    let mut lines = vec![];
    if let Some(local) = &stop.local_name {
        lines.push(Line::styled(sanitize(local), theme.text));
    }
    lines.push(Line::styled(
        format!(
            "{} from {}",
            app.settings()
                .units
                .format(stop.km - first.map_or(0.0, |s| s.km)),
            first.map_or_else(String::new, |s| sanitize(&s.name))
        ),
        theme.text,
    ));
    lines.push(Line::styled(
        format!(
            "{}{}{}",
            stop.tz.name(),
            g.sep,
            offsets_text(app.journey().route().reference(), stop.tz, at, g.sep)
        ),
        theme.text,
    ));
    lines.push(Line::styled(
        format!(
            "{:.3}°{}, {:.3}°{}",
            stop.lat.abs(),
            if stop.lat >= 0.0 { "N" } else { "S" },
            stop.lon.abs(),
            if stop.lon >= 0.0 { "E" } else { "W" }
        ),
        theme.dim,
    ));
    lines
}

/// When the train is there: arrival and departure in local time and on the route's reference
/// clock (UTC without one; with its own date when that differs), and the dwell.
fn time_lines(route: &Route, stop: &Stop, theme: &Theme) -> Vec<Line<'static>> {
    let (zone, label) = route.reference().map_or((chrono_tz::UTC, "UTC"), |c| {
        (c.tz, c.label.as_deref().unwrap_or("UTC"))
    });
    let mut lines = vec![];
    for (what, t) in [("arrives", stop.arrive), ("departs", stop.depart)] {
        if let Some(t) = t {
            let local = rfc3339_in(t, stop.tz);
            let there = t.with_timezone(&zone);
            let format = if there.date_naive() == t.with_timezone(&stop.tz).date_naive() {
                "%H:%M"
            } else {
                "%a %-d %b %H:%M"
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{what} "), theme.dim),
                Span::styled(format!("{} {}", &local[..10], &local[11..16]), theme.clock),
                Span::styled(format!("  ({} {label})", there.format(format)), theme.dim),
            ]));
        }
    }
    if let Some(d) = stop.dwell_minutes() {
        lines.push(Line::styled(
            format!("stands {}", dwell_text(d)),
            theme.text,
        ));
    }
    lines
}

/// The demo caption's box over `area`, while there is one.
#[must_use]
pub fn caption_rect(app: &App, area: Rect) -> Option<Rect> {
    let text = sanitize(app.screen().caption()?);
    let width = area.width.saturating_sub(6).min(90);
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let chars = text.chars().count();
    let rows = u16::try_from(chars.div_ceil(inner))
        .unwrap_or(3)
        .clamp(1, 3);
    let height = (rows + 2).min(area.height);
    Some(Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height) * 2 / 3,
        width,
        height,
    ))
}

/// Draw the demo's caption in a box across the lower middle of the screen, wrapped.
pub fn caption(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(text) = app.screen().caption() else {
        return;
    };
    let text = sanitize(text);
    let Some(rect) = caption_rect(app, area) else {
        return;
    };
    Clear.render(rect, buf);
    let block = super::panel(String::new(), theme.accent, theme.accent, g);
    Paragraph::new(Line::styled(format!(" {text}"), theme.major))
        .block(block)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}
