//! What the network screen draws over its map: the selected train's panel, a stop's next
//! departures, the help (the command table's keys, with what each does here) and the find
//! box.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::Look;
use super::colour::route_colour;
use crate::app::network::NetworkView;
use crate::app::network::panel::Times;
use crate::ui::{centered, panel, shown, truncate};

/// A time on the agency's clock, `14:03`, with the predicted one after it when it differs:
/// `14:03 → 14:11 +8`.
fn times_text(view: &NetworkView, t: Times, arrow: &str) -> String {
    let zone = view.network().zone;
    let hm = |at: DateTime<Utc>| at.with_timezone(&zone).format("%H:%M").to_string();
    let delay = t.delay_s();
    if delay == 0 {
        hm(t.scheduled)
    } else {
        format!(
            "{} {arrow} {} {:+}",
            hm(t.scheduled),
            hm(t.predicted),
            delay / 60
        )
    }
}

/// The name of stop `s`.
fn stop_name(view: &NetworkView, s: u32, look: &Look) -> String {
    view.network()
        .stops()
        .get(s as usize)
        .map_or_else(String::new, |st| shown(&st.name, &look.g))
}

/// The selected train's panel: its route and trip, where it is, and its next stops with
/// their times.
pub fn train(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let Some(card) = view.card() else {
        return;
    };
    let (theme, g) = (&look.theme, &look.g);
    let own = view
        .network()
        .routes()
        .get(card.route_index as usize)
        .and_then(|r| r.color);
    let colour = route_colour(own, card.route_index, theme, &look.palette);
    let width = usize::from(area.width.saturating_sub(2));
    let cut = |s: &str| truncate(s, width, g.ellipsis);
    let mut lines = vec![
        heading(&card, colour, width, look),
        Line::styled(cut(&format!("trip {}", shown(&card.trip, g))), theme.dim),
        Line::styled(
            cut(&format!(
                "departed {}",
                times_text(view, card.departed, g.arrow)
            )),
            theme.dim,
        ),
    ];
    let at = if card.standing { "at" } else { "left" };
    lines.push(Line::styled(
        cut(&format!("{at} {}", stop_name(view, card.from, look))),
        theme.text,
    ));
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len() + 1);
    if !card.ahead.is_empty() {
        lines.push(Line::styled("next stops", theme.dim));
    }
    for call in card.ahead.iter().take(room) {
        let time = times_text(view, call.arrival, g.arrow);
        let name_room = width.saturating_sub(time.chars().count() + 1);
        let name = truncate(&stop_name(view, call.stop, look), name_room, g.ellipsis);
        lines.push(Line::from(vec![
            Span::styled(format!("{time} "), theme.clock),
            Span::styled(name, theme.text),
        ]));
    }
    Clear.render(area, buf);
    let block = panel(" Train ".into(), theme.accent, theme.border, g)
        .title_bottom(Line::styled(" Enter journey · Esc let go ", theme.dim).right_aligned());
    Paragraph::new(lines).block(block).render(area, buf);
}

/// The panel's first line: the route's badge in its colour (at most half the line, cut with
/// `…`) and where the train is going, in the rest.
fn heading(
    card: &crate::app::network::panel::TrainCard,
    colour: ratatui::style::Color,
    width: usize,
    look: &Look,
) -> Line<'static> {
    let (theme, g) = (&look.theme, &look.g);
    let badge = truncate(
        &format!(" {} ", shown(&card.route, g)),
        width.max(2) / 2,
        g.ellipsis,
    );
    let rest = width.saturating_sub(Line::raw(badge.as_str()).width());
    let towards = format!(" to {}", shown(&card.towards, g));
    Line::from(vec![
        Span::styled(
            badge,
            Style::new()
                .fg(colour)
                .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED),
        ),
        Span::styled(truncate(&towards, rest, g.ellipsis), theme.major),
    ])
}

/// The next departures from stop `s` (and its platforms).
pub fn departures(view: &NetworkView, s: u32, area: Rect, buf: &mut Buffer, look: &Look) {
    let (theme, g) = (&look.theme, &look.g);
    let rows = u16::try_from(view.departures.len() + 4).unwrap_or(16);
    let rect = centered(area, 72, rows.max(6));
    let width = usize::from(rect.width.saturating_sub(2));
    let mut lines: Vec<Line> = view
        .departures
        .iter()
        .filter_map(|d| departure_line(view, d, width, look))
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "no departure in the next three hours",
            theme.dim,
        ));
    }
    Clear.render(rect, buf);
    let name = stop_name(view, s, look);
    let title = truncate(&format!(" Departures from {name} "), width, g.ellipsis);
    let block = panel(title, theme.accent, theme.accent, g)
        .title_bottom(Line::styled(" Esc closes ", theme.dim).right_aligned());
    Paragraph::new(lines).block(block).render(rect, buf);
}

/// One departure: when, in how long, the route in its colour, where to.
fn departure_line(
    view: &NetworkView,
    d: &crate::network::Departure,
    width: usize,
    look: &Look,
) -> Option<Line<'static>> {
    let (theme, g) = (&look.theme, &look.g);
    let network = view.network();
    let trip = network.trips().get(d.trip as usize)?;
    let route = network.routes().get(trip.route as usize);
    let name = route.map_or("", |r| {
        if r.short_name.is_empty() {
            &r.long_name
        } else {
            &r.short_name
        }
    });
    let colour = route_colour(
        route.and_then(|r| r.color),
        trip.route,
        theme,
        &look.palette,
    );
    // Minutes between the clock minutes shown (the board prints HH:MM), so two departures
    // shown at one minute always say the same wait.
    let minutes = d.at.timestamp().div_euclid(60) - view.now.timestamp().div_euclid(60);
    let time = times_text(view, Times::late(d.at, 0), g.arrow);
    let head = format!("{time}  in {minutes:>3} min  ");
    // The route's name keeps at most half of what is left; the headsign has the rest.
    let left = width.saturating_sub(head.chars().count());
    let name = truncate(&format!("{} ", shown(name, g)), left / 2, g.ellipsis);
    let rest = left.saturating_sub(Line::raw(name.as_str()).width() + 1);
    Some(Line::from(vec![
        Span::styled(head, theme.clock),
        Span::styled(name, Style::new().fg(colour)),
        Span::styled(
            truncate(&format!(" {}", shown(&trip.headsign, g)), rest, g.ellipsis),
            theme.text,
        ),
    ]))
}

/// The help: every command the network answers, under the keymap's keys, as the journey's
/// help lays them out.
pub fn help(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let (theme, g) = (&look.theme, &look.g);
    let keymap = &view.settings.keymap;
    let commands = crate::app::network::COMMANDS;
    let key_width = commands
        .iter()
        .map(|(c, _)| keymap.label(*c).chars().count())
        .max()
        .unwrap_or(4);
    let width = area.width.min(96);
    let room = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = commands
        .iter()
        .map(|(c, what)| {
            let key = format!(" {:>key_width$}  ", keymap.label(*c));
            let left = room.saturating_sub(key.chars().count());
            Line::from(vec![
                Span::styled(key, theme.key),
                Span::styled(truncate(what, left, g.ellipsis), theme.text),
            ])
        })
        .collect();
    lines.push(Line::default());
    for text in [
        " Mouse: the wheel zooms, a drag pans; click a train to select it,",
        " a station for its departures. Rebind keys in config.toml under [keys].",
    ] {
        lines.push(Line::styled(text, theme.dim));
    }
    let inside = usize::from(area.height.saturating_sub(2)).max(1);
    let scroll = usize::from(view.help_scroll).min(lines.len().saturating_sub(inside));
    let height = u16::try_from(lines.len().min(inside) + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    let block = panel(" Keys: the network ".into(), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(" Esc or ? closes ", theme.dim).right_aligned());
    let shown_lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    Paragraph::new(shown_lines).block(block).render(rect, buf);
}

/// The find box above the key bar: the line typed and what it finds.
pub fn find(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let Some(find) = &view.find else {
        return;
    };
    let (theme, g) = (&look.theme, &look.g);
    let width = area.width.saturating_sub(4).min(78);
    let inner = usize::from(width.saturating_sub(2));
    let text = find.line.text();
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::styled(
            truncate(&shown(&text, g), inner.saturating_sub(3), g.ellipsis),
            theme.text,
        ),
        Span::styled(if g.ascii { "_" } else { "▏" }, theme.accent),
    ])];
    if text.trim().is_empty() {
        lines.push(Line::styled("a route, a stop or a trip", theme.dim));
    }
    for (i, f) in find.found.iter().enumerate() {
        let style = if i == find.chosen {
            theme.current
        } else {
            theme.text
        };
        let label = shown(&f.label, g);
        let rest = inner.saturating_sub(label.chars().count() + 3);
        lines.push(Line::from(vec![
            Span::styled(format!(" {label} "), style),
            Span::styled(
                truncate(&format!(" {}", shown(&f.detail, g)), rest, g.ellipsis),
                theme.dim,
            ),
        ]));
    }
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        (area.y + area.height)
            .saturating_sub(height + 1)
            .max(area.y),
        width,
        height,
    );
    Clear.render(rect, buf);
    let block = panel(" Find ".into(), theme.accent, theme.accent, g);
    Paragraph::new(lines).block(block).render(rect, buf);
}
