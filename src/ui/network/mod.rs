//! The network screen drawn from `&NetworkView` (and, with a journey opened from it, the
//! journey's own screen from `&Screens`): the title, the map of every route's line with the
//! world under it and every running train on it, the selected train's panel, a stop's
//! departures, the help, the find box and the key bar. Nothing here changes state.

pub mod colour;
mod map;
mod panels;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::palette::Palette;
use super::theme::{Glyphs, Theme};
use crate::app::Command;
use crate::app::network::layout::{self, NetAreas};
use crate::app::network::{NetOverlay, NetworkView};
use crate::app::screens::Screens;
use crate::util::format::speed_text;

/// The look of one frame: the theme, its picture palette (for route colours) and the glyphs.
struct Look {
    theme: Theme,
    palette: Palette,
    g: Glyphs,
}

impl Widget for &NetworkView {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

impl Widget for &Screens {
    fn render(self, area: Rect, buf: &mut Buffer) {
        match self.journey() {
            Some(app) => app.render(area, buf),
            None => self.network().render(area, buf),
        }
    }
}

/// Draw the whole network screen.
pub fn draw(view: &NetworkView, area: Rect, buf: &mut Buffer) {
    let s = &view.settings;
    let look = Look {
        theme: Theme::new(s.theme, s.no_color),
        palette: Palette::new(s.theme),
        g: Glyphs::new(s.ascii),
    };
    let areas = layout::areas((area.width, area.height), view.panel_open());
    let areas = offset(areas, area);
    if areas.title.is_empty() {
        return;
    }
    title(view, areas.title, buf, &look);
    map::render(view, areas.map, buf, &look);
    if !areas.panel.is_empty() {
        panels::train(view, areas.panel, buf, &look);
    }
    keybar(view, areas.keybar, buf, &look);
    match view.overlay {
        NetOverlay::None => {}
        NetOverlay::Help => panels::help(view, area, buf, &look),
        NetOverlay::Stop(s) => panels::departures(view, s, area, buf, &look),
    }
    if let Some(text) = &view.caption {
        super::overlay::caption_box(text, area, buf, &look.theme, &look.g);
    }
    panels::find(view, area, buf, &look);
    if look.g.ascii {
        super::ascii_punctuation(area, buf);
    }
}

/// The areas moved into `area` (which need not start at the origin).
fn offset(mut a: NetAreas, area: Rect) -> NetAreas {
    for r in [
        &mut a.title,
        &mut a.map,
        &mut a.map_inner,
        &mut a.panel,
        &mut a.keybar,
    ] {
        r.x += area.x;
        r.y += area.y;
    }
    a
}

/// The title: the feed's name, the agency's clock, the trains running, the speed, a clock
/// change of the last day, PAUSED.
fn title(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let (theme, g) = (&look.theme, &look.g);
    let network = view.network();
    let local = view.now.with_timezone(&network.zone);
    let mut parts = vec![
        super::shown(&network.name, g),
        format!(
            "{} {}",
            local.format("%a %-d %b %H:%M:%S"),
            local.format("%Z")
        ),
        if view.realtime() {
            format!(
                "{} trains running, {} late",
                crate::util::format::format_number(view.trains.len() as f64),
                crate::util::format::format_number(view.late_count() as f64)
            )
        } else {
            format!(
                "{} trains running",
                crate::util::format::format_number(view.trains.len() as f64)
            )
        },
        speed_text(view.clock.speed()),
    ];
    if let Some(change) = view.clock_change {
        parts.push(clock_change_text(change));
    }
    let badge = if view.clock.paused() { " PAUSED " } else { "" };
    let room = usize::from(area.width).saturating_sub(badge.len());
    let mut spans = vec![Span::styled(title_text(&parts, room, g), theme.title)];
    if !badge.is_empty() {
        spans.push(Span::styled(badge, theme.badge));
    }
    buf.set_style(area, theme.title);
    Line::from(spans).render(area, buf);
}

/// The title's text in `room` cells: the feed's name gives way first (cut with `…`, then
/// left out), so the clock, the trains running and the speed stay.
fn title_text(parts: &[String], room: usize, g: &crate::ui::theme::Glyphs) -> String {
    use unicode_width::UnicodeWidthStr;
    let Some((name, tail)) = parts.split_first() else {
        return String::new();
    };
    let tail = tail.join(g.sep);
    let name_room = room.saturating_sub(1 + tail.width() + g.sep.width());
    let text = if name.width() <= name_room || name_room >= 8 {
        format!(
            " {}{}{tail}",
            super::truncate(name, name_room, g.ellipsis),
            g.sep
        )
    } else {
        format!(" {tail}")
    };
    super::truncate(&text, room, g.ellipsis)
}

/// The commands shown in the key bar now, with short names.
fn keybar_items(view: &NetworkView) -> Vec<(Command, &'static str)> {
    if view.overlay != NetOverlay::None {
        return vec![(Command::Back, "close"), (Command::Quit, "quit")];
    }
    let pause = if view.clock.paused() { "play" } else { "pause" };
    let mut items = vec![
        (Command::Pause, pause),
        (Command::SpeedDown, "slower"),
        (Command::SpeedUp, "faster"),
        (Command::Find, "find"),
        (Command::NextTrain, "train"),
    ];
    if view.selected.is_some() {
        items.extend([(Command::Select, "journey"), (Command::Follow, "follow")]);
    }
    items.extend([
        (Command::Details, "departures"),
        (Command::ZoomIn, "zoom"),
        (Command::ResetMap, "whole"),
    ]);
    if view.selected.is_some() {
        items.push((Command::Back, "let go"));
    }
    items.extend([(Command::Help, "help"), (Command::Quit, "quit")]);
    items
}

/// The key bar, from the keymap; a notice first; in a tour, what a key does.
fn keybar(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let (theme, g) = (&look.theme, &look.g);
    if view.demo {
        let text = super::truncate(
            " DEMO · any key takes over · q quits ",
            usize::from(area.width),
            g.ellipsis,
        );
        Line::from(Span::styled(text, theme.badge)).render(area, buf);
        return;
    }
    if view.find.is_some() {
        let text = " Enter go there · ↑↓ choose · Esc cancel ";
        Line::from(Span::styled(text, theme.dim)).render(area, buf);
        return;
    }
    let mut spans = Vec::new();
    let mut room = usize::from(area.width);
    if let Some(notice) = &view.notice {
        let text = super::truncate(
            &format!(" {} ", super::shown(notice, g)),
            room * 2 / 3,
            g.ellipsis,
        );
        room = room.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
        spans.push(Span::styled(text, theme.flash));
    }
    let keymap = &view.settings.keymap;
    let mut items: Vec<(String, &str)> = keybar_items(view)
        .into_iter()
        .map(|(c, n)| {
            (
                keymap
                    .keys(c)
                    .first()
                    .map_or_else(|| "—".to_owned(), ToString::to_string),
                n,
            )
        })
        .collect();
    let width = |p: &[(String, &str)]| p.iter().map(|(k, n)| k.len() + n.len() + 3).sum::<usize>();
    while width(&items) > room && items.len() > 2 {
        items.remove(items.len() - 3);
    }
    for (key, name) in items {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {name} "), theme.dim));
    }
    Line::from(spans).render(area, buf);
}

/// What the title says of a change of the agency's clocks: `clocks went back 1h at 02:00`,
/// the time the clocks read when they changed.
#[must_use]
pub fn clock_change_text(change: crate::network::clock::ClockChange) -> String {
    let hours = f64::from(change.after - change.before) / 3600.0;
    let way = if hours > 0.0 { "forward" } else { "back" };
    let read = chrono::FixedOffset::east_opt(change.before).map_or_else(String::new, |o| {
        change.at.with_timezone(&o).format("%H:%M").to_string()
    });
    format!("clocks went {way} {}h at {read}", hours.abs())
}
