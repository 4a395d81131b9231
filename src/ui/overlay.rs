//! Overlays drawn over the screen: the help (every binding, from the keymap) and a station's
//! details (opened by clicking it on the strip).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::centered;
use super::theme::{Glyphs, Theme};
use crate::app::App;
use crate::route::{Route, Stop};
use crate::sim::zones::offsets_text;
use crate::util::format::{dwell_text, rfc3339_in};
use crate::util::text::sanitize;

/// The help laid out for `area`, with this glyph set's digest of the strip's symbols.
fn help_layout(app: &App, area: Rect, g: &Glyphs) -> crate::app::help::HelpLayout {
    crate::app::help::layout(
        app.keymap(),
        (area.width, area.height),
        &super::legend::digest(g),
    )
}

/// The help's box over `area`.
#[must_use]
pub fn help_rect(app: &App, area: Rect) -> Rect {
    let help = help_layout(app, area, &Glyphs::new(app.settings().ascii));
    scrolled_rect(help.lines.len(), help.width, area)
}

/// Draw the help overlay: every key and what it does, whole (see [`crate::app::help`]).
pub fn help(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    use crate::app::help::Piece;
    let help = help_layout(app, area, g);
    let lines: Vec<Line> = help
        .lines
        .into_iter()
        .map(|pieces| {
            Line::from(
                pieces
                    .into_iter()
                    .map(|p| match p {
                        Piece::Keys(k) => Span::styled(k, theme.key),
                        Piece::Text(t) => Span::styled(t, theme.text),
                        Piece::Note(n) => Span::styled(n, theme.dim),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let content = Scrolled {
        title: " Keys ",
        closes: "Esc or ? closes",
        lines,
        width: help.width,
    };
    scrolled_box(app, content, area, buf, theme, g);
}

/// The box of a scrolled overlay of `total` lines, `width` wide: as tall as its lines or the
/// screen.
#[must_use]
pub fn scrolled_rect(total: usize, width: u16, area: Rect) -> Rect {
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let height = u16::try_from(total.min(room))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    centered(area, width, height)
}

/// What a scrolled overlay shows: its title, what closes it, its lines and its width.
pub struct Scrolled {
    /// The title on its frame (` Keys `).
    pub title: &'static str,
    /// The keys that close it (`Esc or ? closes`).
    pub closes: &'static str,
    /// Its lines.
    pub lines: Vec<Line<'static>>,
    /// Its width, the border included.
    pub width: u16,
}

/// An overlay's box: as tall as its lines, or the screen; taller than the screen, it scrolls
/// (↑↓ PgUp PgDn) and its frame says which lines are shown.
pub fn scrolled_box(
    app: &App,
    content: Scrolled,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let total = content.lines.len();
    let scroll = usize::from(app.screen().help_scroll()).min(total.saturating_sub(room));
    let rect = scrolled_rect(total, content.width, area);
    Clear.render(rect, buf);
    let closes = if total > room {
        format!(
            " ↑↓ scroll ({}–{} of {total}){}{} ",
            scroll + 1,
            (scroll + room).min(total),
            g.sep,
            content.closes
        )
    } else {
        format!(" {} ", content.closes)
    };
    let block = super::panel(content.title.to_owned(), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(closes, theme.dim).right_aligned());
    let shown: Vec<Line> = content.lines.into_iter().skip(scroll).collect();
    Paragraph::new(shown).block(block).render(rect, buf);
}

/// The width of the picker's lines: its box less the border and a blank before it.
fn runs_room(area: Rect) -> usize {
    usize::from(area.width.min(76).saturating_sub(3))
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
    let room = runs_room(area);
    Some(runs_box(
        run_lines(app, picker, room, &theme, &g).len(),
        area,
    ))
}

/// Draw the run picker: the route's runs, each departure and arrival on its stop's clock,
/// the run shown and the one the app opened on marked, the cursor reversed.
pub fn runs(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(picker) = app.screen().runs() else {
        return;
    };
    let route = app.journey().route();
    let lines = run_lines(app, picker, runs_room(area), theme, g);
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
            usize::from(rect.width.saturating_sub(3)),
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

/// The picker's lines, each at most `room` cells: the ends of the route, one line per run
/// (with the year when it fits), the service days.
fn run_lines(
    app: &App,
    picker: &crate::app::runs::RunPicker,
    room: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let route = app.journey().route();
    let (first, last) = (route.stops.first(), route.stops.last());
    let arrow = if g.ascii { "->" } else { "→" };
    // The longest line: a run, both ends dated, and the longest mark.
    let longest = |format: &str| 1 + 2 * (format.len() + 2) + 4 + "  opened on".len();
    let format = ["%a %d %b %Y %H:%M", "%a %d %b %H:%M", "%d %b %H:%M"]
        .into_iter()
        .find(|f| longest(f) <= room)
        .unwrap_or("%d %b %H:%M");
    let on = |t: chrono::DateTime<chrono::Utc>, stop: Option<&Stop>| {
        t.with_timezone(&stop.map_or(chrono_tz::UTC, |s| s.tz))
            .format(format)
            .to_string()
    };
    let name = |stop: Option<&Stop>| stop.map_or_else(String::new, |s| sanitize(&s.name));
    let ends = format!(" {} {arrow} {}", name(first), name(last));
    let mut lines = vec![Line::styled(
        super::truncate(&ends, room, g.ellipsis),
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
        for l in crate::util::text::wrap(&format!("departs on {service}"), room.saturating_sub(1)) {
            lines.push(Line::styled(format!(" {l}"), theme.dim));
        }
    }
    lines
}

/// The details' box for `lines` lines.
fn station_box(lines: usize, area: Rect) -> Rect {
    let height = u16::try_from(lines)
        .unwrap_or(20)
        .saturating_add(2)
        .min(area.height);
    centered(area, 60, height)
}

/// The width of the details' lines: the box less its border and a blank before it.
fn station_room(area: Rect) -> usize {
    usize::from(area.width.min(60).saturating_sub(3))
}

/// The box of stop `index`'s details over `area`.
#[must_use]
pub fn station_rect(app: &App, index: usize, area: Rect) -> Option<Rect> {
    let stop = app.journey().route().stops.get(index)?;
    let g = Glyphs::new(app.settings().ascii);
    let theme = Theme::new(app.settings().theme, app.settings().no_color);
    let lines = station_lines(app, stop, station_room(area), &theme, &g);
    Some(station_box(lines.len(), area))
}

/// The details' lines, wrapped to `room` cells: where the stop is, when the train is there,
/// its note.
fn station_lines(
    app: &App,
    stop: &Stop,
    room: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let mut lines = place_lines(app, stop, theme, g);
    lines.push(Line::default());
    lines.extend(time_lines(app.journey().route(), stop, theme));
    if let Some(note) = &stop.note {
        lines.push(Line::default());
        lines.push(Line::styled(sanitize(note), theme.text));
    }
    wrapped(lines, room)
}

/// `lines`, each longer than `room` cells wrapped at spaces (in its first span's style).
fn wrapped(lines: Vec<Line<'static>>, room: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        if line.width() <= room {
            out.push(line);
            continue;
        }
        let style = line.spans.first().map_or(line.style, |s| s.style);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.extend(
            crate::util::text::wrap(&text, room)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    }
    out
}

/// Draw the details of stop `index`.
pub fn station(app: &App, index: usize, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(stop) = app.journey().route().stops.get(index) else {
        return;
    };
    let lines = station_lines(app, stop, station_room(area), theme, g);
    let rect = station_box(lines.len(), area);
    Clear.render(rect, buf);
    let name = super::truncate(
        &sanitize(&stop.name),
        usize::from(rect.width.saturating_sub(5)),
        g.ellipsis,
    );
    let block = super::panel(format!(" {name} "), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(" Esc closes ", theme.dim).right_aligned());
    Paragraph::new(lines).block(block).render(rect, buf);
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
    Some(caption_box_rect(&sanitize(app.screen().caption()?), area))
}

/// The box of caption `text`: up to three wrapped lines, two thirds of the way down `area`.
fn caption_box_rect(text: &str, area: Rect) -> Rect {
    let width = area.width.saturating_sub(6).min(90);
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let chars = text.chars().count();
    let rows = u16::try_from(chars.div_ceil(inner))
        .unwrap_or(3)
        .clamp(1, 3);
    let height = (rows + 2).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height) * 2 / 3,
        width,
        height,
    )
}

/// Draw the demo's caption in a box across the lower middle of the screen, wrapped.
pub fn caption(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    if let Some(text) = app.screen().caption() {
        caption_box(text, area, buf, theme, g);
    }
}

/// A caption's box: up to three wrapped lines, two thirds of the way down `area` (the
/// journey's demo and the network's tour alike).
pub fn caption_box(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let text = sanitize(text);
    let rect = caption_box_rect(&text, area);
    Clear.render(rect, buf);
    let block = super::panel(String::new(), theme.accent, theme.accent, g);
    Paragraph::new(Line::styled(format!(" {text}"), theme.major))
        .block(block)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}
