//! The strip: the route straightened into a horizontal band, west on the left, with station
//! ticks and labels that never overlap, the train, route events, time-zone bands and a km
//! ruler. The visible stretch comes from the app's [`crate::app::strip_view::StripView`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::app::geometry::{Projection, StripRows as Rows};
use crate::app::labels::{other_columns, strip_labels};
use crate::geo::solar::Sun;
use crate::route::EventKind;
use crate::settings::Units;
use crate::sim::zones::{offsets_text, utc_label};
use crate::util::format::format_number;
use crate::util::text::sanitize;

/// The strip's title for a block `width` wide: the span, the follow mode and the other trains
/// on the line, each in the longest form that fits (a narrower terminal gets shorter words,
/// never fewer fields), cut with `…` only below the shortest.
fn title(app: &App, width: u16, g: &Glyphs) -> String {
    let span = Units::format(app.settings().units, app.panels().strip().span_km);
    let (follow_long, follow_short) = if app.screen().demo() {
        ("demo camera", "demo")
    } else if app.panels().strip().follow {
        ("following the train", "following")
    } else {
        ("free view: f follows", "free view")
    };
    let n = app.trains().on_line().count();
    let s = if n == 1 { "" } else { "s" };
    let trains = if n == 0 {
        [String::new(), String::new(), String::new()]
    } else {
        [
            format!("{n} other train{s} on the line"),
            format!("{n} other train{s}"),
            format!("+{n} train{s}"),
        ]
    };
    let forms = [
        [
            format!("{span} wide"),
            follow_long.to_owned(),
            trains[0].clone(),
        ],
        [
            format!("{span} wide"),
            follow_short.to_owned(),
            trains[1].clone(),
        ],
        [span.clone(), follow_short.to_owned(), trains[2].clone()],
    ];
    // The corners, a blank before the right one, and the title's own blanks.
    let room = usize::from(width.saturating_sub(5));
    let texts: Vec<String> = forms
        .iter()
        .map(|fields| {
            let mut parts = vec!["Route"];
            parts.extend(fields.iter().map(String::as_str).filter(|f| !f.is_empty()));
            parts.join(g.sep)
        })
        .collect();
    let text = texts
        .iter()
        .find(|t| crate::util::text::width(t) <= room)
        .cloned()
        .unwrap_or_else(|| truncate(&texts[texts.len() - 1], room, g.ellipsis));
    format!(" {text} ")
}

/// Draw the strip block into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, glyphs: &Glyphs, sun: &Sun) {
    let block = super::panel(
        title(app, area.width, glyphs),
        theme.text,
        theme.border,
        glyphs,
    )
    .title_bottom(Line::styled(format!(" {} west ", glyphs.train[0]), theme.dim).left_aligned())
    .title_bottom(Line::styled(format!(" east {} ", glyphs.train[1]), theme.dim).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(rows) = Rows::for_height(inner.height) else {
        return;
    };
    let p = Projection::new(app, inner.width);
    draw_night(app, inner, rows.line, &p, buf, theme, sun);
    draw_zones(app, inner, rows.zones, &p, buf, theme);
    draw_line(app, inner, rows.line, &p, buf, theme, glyphs);
    draw_labels(app, inner, buf, theme, glyphs);
    draw_events(app, inner, rows.events, &p, buf, theme, glyphs);
    draw_ruler(app, inner, rows.ruler, &p, buf, theme, glyphs);
}

/// Shade the sky above the line (and the line's row) where the route lies in darkness.
fn draw_night(
    app: &App,
    area: Rect,
    line_row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    sun: &Sun,
) {
    if theme.night == ratatui::style::Color::Reset {
        return;
    }
    let route = app.journey().route();
    let (first, last) = route.km_range();
    for col in 0..area.width {
        let km = p.km_at(col);
        if km < first || km > last {
            continue;
        }
        let (lat, lon) = app.journey().coords_at_km(km);
        if sun.is_night(lat, lon) {
            for row in 0..=line_row {
                if let Some(cell) = buf.cell_mut((area.x + col, area.y + row)) {
                    cell.set_bg(theme.night);
                }
            }
        }
    }
}

fn draw_line(
    app: &App,
    area: Rect,
    row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let route = app.journey().route();
    let (first, last) = route.km_range();
    let y = area.y + row;
    for col in 0..area.width {
        let (lo, hi) = p.column_range(col);
        if hi < first || lo > last {
            continue;
        }
        let (glyph, style) = if f64::midpoint(lo, hi) <= app.state().km {
            (g.done, theme.travelled)
        } else {
            (g.ahead, theme.ahead)
        };
        buf.set_string(area.x + col, y, glyph, style);
    }
    for stop in &route.stops {
        let Some(col) = p.column(stop.km) else {
            continue;
        };
        let style = if stop.km < app.state().km {
            theme.passed
        } else if stop.major {
            theme.major
        } else {
            theme.station
        };
        buf.set_string(
            area.x + col,
            y,
            if stop.major { g.major } else { g.stop },
            style,
        );
    }
    draw_others(app, area, row, p, buf, theme, g);
    if let Some(col) = p.column(app.state().km) {
        let glyph = g.train[usize::from(!app.strip_reversed())];
        buf.set_string(area.x + col, y, glyph, theme.train);
    }
}

fn train_style(app: &App, i: usize, theme: &Theme) -> ratatui::style::Style {
    let colour = theme.trains[app.trains().others()[i].id.route % theme.trains.len()];
    ratatui::style::Style::new()
        .fg(colour)
        .add_modifier(ratatui::style::Modifier::BOLD)
}

/// The other trains on the line: a marker in each train's colour, pointing the way it runs.
fn draw_others(
    app: &App,
    area: Rect,
    row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    for (col, i) in other_columns(app, p) {
        // Same way as the selected train: the same glyph; the other way: the opposite one.
        let ahead_right = app.strip_reversed() != app.trains().others()[i].same_way;
        let glyph = g.train[usize::from(ahead_right)];
        buf.set_string(
            area.x + col,
            area.y + row,
            glyph,
            train_style(app, i, theme),
        );
    }
}

/// The names on the strip where [`strip_labels`] placed them: stations in the style of what
/// they are, other trains' names in their train's colour.
fn draw_labels(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let route = app.journey().route();
    let focus = app.state().stop.or(app.state().next_stop);
    let labels = strip_labels(app, area.width, area.height);
    for label in &labels.stations {
        let stop = &route.stops[label.stop];
        let style = if Some(label.stop) == focus {
            theme.accent
        } else if stop.km < app.state().km {
            theme.passed
        } else if stop.major {
            theme.major
        } else {
            theme.station
        };
        let text = truncate(&label.text, usize::from(label.width), g.ellipsis);
        buf.set_string(area.x + label.x, area.y + label.row, &text, style);
    }
    for label in &labels.trains {
        let style = train_style(app, label.train, theme);
        let (mut x, mut room) = (area.x + label.x, usize::from(label.width));
        if label.marker {
            let i = label.train;
            let ahead_right = app.strip_reversed() != app.trains().others()[i].same_way;
            buf.set_string(
                x,
                area.y + label.row,
                g.train[usize::from(ahead_right)],
                style,
            );
            (x, room) = (x + 2, room.saturating_sub(2));
        }
        let text = truncate(
            &crate::app::labels::train_text(app, label.train),
            room,
            g.ellipsis,
        );
        buf.set_string(x, area.y + label.row, &text, style);
    }
}

fn draw_events(
    app: &App,
    area: Rect,
    row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let route = app.journey().route();
    let rank = |k: EventKind| EventKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    let mut events: Vec<_> = route
        .events
        .iter()
        .filter_map(|e| p.column(e.km).map(|c| (c, e)))
        .collect();
    events.sort_by_key(|(c, e)| (rank(e.kind), *c));
    let mut used: Vec<(u16, u16)> = Vec::new();
    let mut drawn = Vec::new();
    let y = area.y + row;
    for (col, e) in &events {
        if used.iter().any(|&(a, b)| *col >= a && *col < b) {
            continue;
        }
        let style = if e.km <= app.state().km {
            theme.passed
        } else {
            theme.event
        };
        buf.set_string(area.x + col, y, g.event(e.kind), style);
        used.push((*col, col + 1));
        drawn.push((*col, *e));
    }
    // Titles where there is room to the right of their own glyph (an event whose glyph gave
    // way has none): a blank column, the title, a blank column, overlapping nothing drawn;
    // cut with an ellipsis to the room there is, or left out.
    for (col, e) in drawn {
        let start = col + 2;
        if start >= area.width || used.iter().any(|&(a, b)| a <= start && b > col + 1) {
            continue;
        }
        let room = used
            .iter()
            .filter(|(a, _)| *a > start)
            .map(|(a, _)| *a)
            .min()
            .unwrap_or(area.width + 1)
            .saturating_sub(start + 1);
        if room < 6 {
            continue;
        }
        let text = truncate(&short_title(&e.title), usize::from(room), g.ellipsis);
        let w = u16::try_from(text.width()).unwrap_or(0);
        buf.set_string(area.x + start, y, &text, theme.dim);
        used.push((start, start + w));
    }
}

/// The part of an event title before any colon or parenthesis.
fn short_title(title: &str) -> String {
    let cut = title.find([':', '(', ';']).unwrap_or(title.len());
    sanitize(title[..cut].trim())
}

fn draw_zones(app: &App, area: Rect, row: u16, p: &Projection, buf: &mut Buffer, theme: &Theme) {
    let route = app.journey().route();
    let (first, last) = route.km_range();
    let y = area.y + row;
    // Bands by offset: two zones that show the same time now are one band.
    let mut runs: Vec<(u16, u16, chrono_tz::Tz, i32)> = Vec::new();
    for col in 0..area.width {
        let km = p.km_at(col);
        if km < first || km > last {
            continue;
        }
        let tz = app.journey().zone_at(km);
        let offset = crate::sim::zones::offset_secs(tz, app.now());
        match runs.last_mut() {
            Some((_, end, _, o)) if *o == offset && *end == col => *end = col + 1,
            _ => runs.push((col, col + 1, tz, offset)),
        }
    }
    for (start, end, tz, offset) in runs {
        let style = theme.zone_text.bg(theme.zone_color(offset));
        for col in start..end {
            buf.set_string(area.x + col, y, " ", style);
        }
        let width = usize::from(end - start);
        let reference = app.journey().route().reference();
        let long = offsets_text(reference, tz, app.now(), " · ");
        let label = [long, utc_label(tz, app.now())]
            .into_iter()
            .find(|l| l.width() + 2 <= width);
        if let Some(label) = label {
            let x = start + u16::try_from((width - label.width()) / 2).unwrap_or(0);
            buf.set_string(area.x + x, y, label, style);
        }
    }
}

fn draw_ruler(
    app: &App,
    area: Rect,
    row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let route = app.journey().route();
    let origin = route.stops.first().map_or(0.0, |s| s.km);
    let unit_km = app.settings().units.km_per_unit();
    let cols_per_unit = f64::from(area.width) / (app.panels().strip().span_km / unit_km);
    let step = [
        1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ]
    .into_iter()
    .find(|s| s * cols_per_unit >= 12.0)
    .unwrap_or(10_000.0);
    let (lo, hi) = app.panels().strip().bounds();
    let first_tick = (((lo - origin) / unit_km) / step).ceil().max(0.0) as i64;
    let last_tick = (((hi - origin) / unit_km) / step).floor() as i64;
    let total = route.total_km() / unit_km;
    let y = area.y + row;
    let mut free_from: Option<u16> = None;
    let mut ticks: Vec<(u16, String)> = (first_tick..=last_tick)
        .filter_map(|i| {
            let value = i as f64 * step;
            (value <= total + 1e-9).then(|| {
                p.column(origin + value * unit_km)
                    .map(|c| (c, format_number(value)))
            })?
        })
        .collect();
    ticks.sort_by_key(|(c, _)| *c);
    let unit = app.settings().units.name();
    for (n, (col, label)) in ticks.iter().enumerate() {
        buf.set_string(area.x + col, y, g.tick, theme.ruler);
        let text = if n == 0 {
            format!("{label} {unit}")
        } else {
            label.clone()
        };
        let start = col + 1;
        let fits = start + u16::try_from(text.width()).unwrap_or(u16::MAX) < area.width;
        if fits && free_from.is_none_or(|f| start >= f) {
            buf.set_string(area.x + start, y, &text, theme.ruler);
            free_from = Some(start + u16::try_from(text.width()).unwrap_or(0) + 1);
        }
    }
}
