//! The key bar: the bindings that matter now, generated from the same keymap the app uses.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::theme::{Glyphs, Theme};
use crate::app::{App, Command, Overlay, PromptKind};

/// The prompt's own keys, while it is open (fixed: the prompt edits like a readline line).
#[must_use]
pub fn prompt_items(kind: PromptKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        PromptKind::Goto => &[
            ("Enter", "go"),
            ("Tab", "complete"),
            ("↑↓", "history"),
            ("←→", "move"),
            ("Ctrl-W", "delete word"),
            ("Ctrl-U", "clear"),
            ("Esc", "cancel"),
        ],
        PromptKind::Find => &[
            ("Enter", "go there"),
            ("↑↓", "choose"),
            ("←→", "move"),
            ("Ctrl-W", "delete word"),
            ("Ctrl-U", "clear"),
            ("Esc", "cancel"),
        ],
    }
}

/// What Space does now: play, pause, or (paused at the arrival) restart.
fn pause_name(app: &App) -> &'static str {
    if !app.clock().paused() {
        "pause"
    } else if app.now() >= app.journey().route().arrival() {
        "restart"
    } else {
        "play"
    }
}

/// The commands shown in the key bar right now, with short names; on a clock shared by every
/// viewer, only those that do not move time (with the map, which has room then).
#[must_use]
pub fn items(app: &App) -> Vec<(Command, &'static str)> {
    let mut items = all_items(app);
    if app.screen().shared_clock() {
        items.retain(|(c, _)| !c.moves_time());
        if app.screen().overlay() == Overlay::None && app.panels().focus().panel.is_none() {
            let at = items.len().saturating_sub(2);
            items.insert(at, (Command::Map, "map"));
        }
    }
    items
}

/// The commands the key bar would show on a clock of the viewer's own.
fn all_items(app: &App) -> Vec<(Command, &'static str)> {
    if app.screen().overlay() == Overlay::Runs {
        return vec![
            (Command::TimetableDown, "choose"),
            (Command::Select, "replay it"),
            (Command::Back, "close"),
            (Command::Quit, "quit"),
        ];
    }
    if app.screen().overlay() != Overlay::None {
        return vec![(Command::Back, "close"), (Command::Quit, "quit")];
    }
    if app.panels().focus().panel.is_some() {
        return vec![
            (Command::TimetableDown, "row"),
            (Command::PageDown, "page"),
            (Command::Select, "go there"),
            (Command::Details, "details"),
            (Command::Focus, "next panel"),
            (Command::Back, "leave"),
            (Command::Pause, pause_name(app)),
            (Command::Help, "help"),
            (Command::Quit, "quit"),
        ];
    }
    let mut items = vec![
        (Command::Pause, pause_name(app)),
        (Command::SpeedDown, "slower"),
        (Command::SpeedUp, "faster"),
        (Command::NextStop, "next stop"),
        (Command::NextEvent, "next event"),
        (Command::Goto, "go to"),
    ];
    if !app.trains().others().is_empty() {
        items.push((Command::NextTrain, "next train"));
    }
    if app.clock().paused() {
        items.push((Command::Step, "+1 min"));
    }
    items.extend([(Command::ScrollLeft, "scroll"), (Command::ZoomIn, "zoom")]);
    if !app.panels().strip().follow || !app.panels().timetable().follow {
        items.push((Command::Follow, "follow"));
    }
    items.extend([
        (Command::CycleClock, "clock"),
        (Command::Help, "help"),
        (Command::Quit, "quit"),
    ]);
    items
}

/// Draw the key bar: a notice first, then the keys; keys that do not fit are left out from the
/// middle, keeping help and quit.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let all = items(app);
    let label = |c: Command| {
        app.keymap()
            .keys(c)
            .first()
            .map_or_else(|| "—".to_owned(), ToString::to_string)
    };
    let pieces: Vec<(String, &str)> = match app.prompts().open() {
        Some(prompt) => prompt_items(prompt.kind)
            .iter()
            .map(|(k, n)| ((*k).to_owned(), *n))
            .collect(),
        None => all.iter().map(|(c, name)| (label(*c), *name)).collect(),
    };
    let width = |p: &[(String, &str)]| {
        p.iter()
            .map(|(k, n)| k.width() + n.width() + 3)
            .sum::<usize>()
    };
    // A notice (why the replay paused) comes first and takes up to two thirds of the row.
    let mut spans = Vec::new();
    let mut room = usize::from(area.width);
    if app.screen().demo() {
        let text = super::truncate(" DEMO · any key takes over · q quits ", room, g.ellipsis);
        spans.push(Span::styled(text, theme.badge));
        Line::from(spans).render(area, buf);
        return;
    }
    if let Some(notice) = app.screen().notice() {
        // The notice whole beside the last two keys (help and quit) when it fits, else across
        // the whole row.
        let text = format!(" {} ", crate::util::text::sanitize(notice));
        let keep = width(&pieces[pieces.len().saturating_sub(2)..]);
        let fits = text.width() + keep <= room;
        let text = if fits {
            text
        } else {
            format!(
                "{} ",
                super::truncate(&text, room.saturating_sub(1), g.ellipsis)
            )
        };
        room = if fits {
            room.saturating_sub(text.width())
        } else {
            0
        };
        spans.push(Span::styled(text, theme.flash));
    }
    let mut shown = pieces.clone();
    while width(&shown) > room && shown.len() > 2 {
        shown.remove(shown.len() - 3);
    }
    if width(&shown) > room {
        shown.clear();
    }
    for (key, name) in shown {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {name} "), theme.dim));
    }
    Line::from(spans).render(area, buf);
}
