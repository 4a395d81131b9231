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
use crate::format::format_number;
use crate::geo::solar::Sun;
use crate::route::EventKind;
use crate::settings::Units;
use crate::sim::zones::{msk_label, utc_label};
use crate::text::sanitize;

/// Draw the strip block into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, glyphs: &Glyphs, sun: &Sun) {
    let follow = if app.demo {
        "demo camera"
    } else if app.strip.follow {
        "following the train"
    } else {
        "free view: f follows"
    };
    let span = Units::format(app.settings.units, app.strip.span_km);
    let trains = match app.others_on_line().count() {
        0 => String::new(),
        1 => format!("{}1 other train on the line", glyphs.sep),
        n => format!("{}{n} other trains on the line", glyphs.sep),
    };
    let block = super::panel(
        format!(
            " Route{}{span} wide{}{follow}{trains} ",
            glyphs.sep, glyphs.sep
        ),
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
    draw_labels(app, inner, &rows, &p, buf, theme);
    if let Some(&row) = rows.above.first() {
        draw_other_labels(app, inner, row, &p, buf, theme, glyphs);
    }
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
    let route = app.journey.route();
    let (first, last) = route.km_range();
    for col in 0..area.width {
        let km = p.km_at(col);
        if km < first || km > last {
            continue;
        }
        let (lat, lon) = app.journey.coords_at_km(km);
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
    let route = app.journey.route();
    let (first, last) = route.km_range();
    let y = area.y + row;
    for col in 0..area.width {
        let (lo, hi) = p.column_range(col);
        if hi < first || lo > last {
            continue;
        }
        let (glyph, style) = if f64::midpoint(lo, hi) <= app.state.km {
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
        let style = if stop.km < app.state.km {
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
    if let Some(col) = p.column(app.state.km) {
        let glyph = g.train[usize::from(!app.strip_reversed())];
        buf.set_string(area.x + col, y, glyph, theme.train);
    }
}

/// Where the other trains sit on the strip: (column, index into `app.others`), west to east.
fn other_columns(app: &App, p: &Projection) -> Vec<(u16, usize)> {
    let mut placed: Vec<(u16, usize)> = app
        .others
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((p.column(t.strip_km?)?, i)))
        .collect();
    placed.sort_unstable();
    placed
}

fn train_style(app: &App, i: usize, theme: &Theme) -> ratatui::style::Style {
    let colour = theme.trains[app.others[i].id.route % theme.trains.len()];
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
        let ahead_right = app.strip_reversed() != app.others[i].same_way;
        let glyph = g.train[usize::from(ahead_right)];
        buf.set_string(
            area.x + col,
            area.y + row,
            glyph,
            train_style(app, i, theme),
        );
    }
}

/// The other trains' names on the row above the line, over the station names there: a name
/// a train's label would cut is cleared whole, so no half words are left.
fn draw_other_labels(
    app: &App,
    area: Rect,
    row: u16,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let mut free_from = 0u16;
    let y = area.y + row;
    for (col, i) in other_columns(app, p) {
        if col < free_from {
            continue;
        }
        let room = usize::from(area.width - col);
        let label = super::truncate(&app.others[i].label, room.min(28), g.ellipsis);
        let width = u16::try_from(label.width()).unwrap_or(u16::MAX);
        let blank =
            |x: u16, buf: &Buffer| buf.cell((area.x + x, y)).is_none_or(|c| c.symbol() == " ");
        let mut start = col;
        while start > 0 && !blank(start - 1, buf) {
            start -= 1;
        }
        let mut end = (col + width).min(area.width);
        while end < area.width && !blank(end, buf) {
            end += 1;
        }
        for x in start..end {
            if let Some(cell) = buf.cell_mut((area.x + x, y)) {
                cell.set_symbol(" ");
            }
        }
        buf.set_string(area.x + col, y, &label, train_style(app, i, theme));
        free_from = col + width + 1;
    }
}

/// Place station labels greedily by priority on the rows next to the line; a label that would
/// touch another is left out (it appears when zoomed in).
fn draw_labels(
    app: &App,
    area: Rect,
    rows: &Rows,
    p: &Projection,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let route = app.journey.route();
    let focus = app.state.stop.or(app.state.next_stop);
    let mut order: Vec<usize> = (0..route.stops.len())
        .filter(|&i| p.column(route.stops[i].km).is_some())
        .collect();
    order.sort_by_key(|&i| (Some(i) != focus, !route.stops[i].major, i));
    let label_rows: Vec<u16> = rows
        .above
        .iter()
        .zip(rows.below.iter())
        .flat_map(|(a, b)| [*a, *b])
        .collect();
    let mut taken: Vec<Vec<(u16, u16)>> = vec![Vec::new(); label_rows.len()];
    for i in order {
        let stop = &route.stops[i];
        let Some(col) = p.column(stop.km) else {
            continue;
        };
        let name = sanitize(&stop.name);
        let w = u16::try_from(name.width())
            .unwrap_or(u16::MAX)
            .min(area.width);
        let x0 = col.saturating_sub(w / 2).min(area.width - w);
        let span = (x0.saturating_sub(1), x0 + w + 1);
        let Some(slot) = taken
            .iter()
            .position(|used| used.iter().all(|&(a, b)| span.1 <= a || span.0 >= b))
        else {
            continue;
        };
        taken[slot].push((x0, x0 + w));
        let style = if Some(i) == focus {
            theme.accent
        } else if stop.km < app.state.km {
            theme.passed
        } else if stop.major {
            theme.major
        } else {
            theme.station
        };
        buf.set_stringn(
            area.x + x0,
            area.y + label_rows[slot],
            &name,
            usize::from(w),
            style,
        );
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
    let route = app.journey.route();
    let rank = |k: EventKind| EventKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    let mut events: Vec<_> = route
        .events
        .iter()
        .filter_map(|e| p.column(e.km).map(|c| (c, e)))
        .collect();
    events.sort_by_key(|(c, e)| (rank(e.kind), *c));
    let mut used: Vec<(u16, u16)> = Vec::new();
    let y = area.y + row;
    for (col, e) in &events {
        if used.iter().any(|&(a, b)| *col >= a && *col < b) {
            continue;
        }
        let style = if e.km <= app.state.km {
            theme.passed
        } else {
            theme.event
        };
        buf.set_string(area.x + col, y, g.event(e.kind), style);
        used.push((*col, col + 1));
    }
    // Titles where there is room to the right of their glyph.
    for (col, e) in &events {
        let start = col + 2;
        let room = used
            .iter()
            .filter(|(a, _)| *a >= start)
            .map(|(a, _)| *a)
            .min()
            .unwrap_or(area.width)
            .saturating_sub(start + 1);
        let short = short_title(&e.title);
        if room < 6 || start >= area.width {
            continue;
        }
        let text = truncate(&short, usize::from(room), g.ellipsis);
        let w = u16::try_from(text.width()).unwrap_or(0);
        buf.set_string(area.x + start, y, &text, theme.dim);
        used.push((start, start + w + 1));
    }
}

/// The part of an event title before any colon or parenthesis.
fn short_title(title: &str) -> String {
    let cut = title.find([':', '(', ';']).unwrap_or(title.len());
    sanitize(title[..cut].trim())
}

fn draw_zones(app: &App, area: Rect, row: u16, p: &Projection, buf: &mut Buffer, theme: &Theme) {
    let route = app.journey.route();
    let (first, last) = route.km_range();
    let y = area.y + row;
    let mut runs: Vec<(u16, u16, chrono_tz::Tz)> = Vec::new();
    for col in 0..area.width {
        let km = p.km_at(col);
        if km < first || km > last {
            continue;
        }
        let tz = app.journey.zone_at(km);
        match runs.last_mut() {
            Some((_, end, z)) if *z == tz && *end == col => *end = col + 1,
            _ => runs.push((col, col + 1, tz)),
        }
    }
    for (start, end, tz) in runs {
        let offset = crate::sim::zones::offset_secs(tz, app.now);
        let style = theme.zone_text.bg(theme.zone_color(offset));
        for col in start..end {
            buf.set_string(area.x + col, y, " ", style);
        }
        let width = usize::from(end - start);
        let long = format!("{} · {}", utc_label(tz, app.now), msk_label(tz, app.now));
        let label = [long, utc_label(tz, app.now)]
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
    let route = app.journey.route();
    let origin = route.stops.first().map_or(0.0, |s| s.km);
    let unit_km = app.settings.units.km_per_unit();
    let cols_per_unit = f64::from(area.width) / (app.strip.span_km / unit_km);
    let step = [
        1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ]
    .into_iter()
    .find(|s| s * cols_per_unit >= 12.0)
    .unwrap_or(10_000.0);
    let (lo, hi) = app.strip.bounds();
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
    let unit = app.settings.units.name();
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
