//! The legend (`L`): every symbol of the strip and the map, drawn in the style the screen
//! draws it in, with what it means. The help carries a one-line digest of the strip's.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::centered;
use super::theme::{Glyphs, Theme};
use crate::route::EventKind;

/// One legend row: the symbol, its style, and what it means.
type Row = (String, Style, &'static str);

/// What an event kind's glyph marks.
fn event_meaning(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Border => "border crossing",
        EventKind::Gauge => "change of gauge",
        EventKind::Transfer => "through car changes trains",
        EventKind::Bridge => "bridge",
        EventKind::River => "river crossing",
        EventKind::Landmark => "landmark",
        EventKind::Note => "other event",
    }
}

/// The strip's symbols.
#[must_use]
pub fn strip_rows(theme: &Theme, g: &Glyphs) -> Vec<Row> {
    let three = |s: &str| s.repeat(3);
    let mut rows = vec![
        (three(g.done), theme.travelled, "line travelled"),
        (three(g.ahead), theme.ahead, "line ahead"),
        (
            g.stop.to_owned(),
            theme.station,
            "stop (dimmed once passed)",
        ),
        (g.major.to_owned(), theme.major, "major stop"),
        (
            format!("{}{}", g.train[0], g.train[1]),
            theme.train,
            "this train, pointing the way it runs",
        ),
        (
            format!("{}{}", g.train[0], g.train[1]),
            Style::new().fg(theme.trains[1]),
            "another train on the line, in its colour",
        ),
    ];
    rows.extend(
        EventKind::ALL
            .iter()
            .map(|k| (g.event(*k).to_owned(), theme.event, event_meaning(*k))),
    );
    rows.extend([
        (
            "   ".to_owned(),
            Style::new().bg(theme.zones[0]),
            "time-zone band, labelled with its offsets",
        ),
        (g.tick.to_owned(), theme.ruler, "km ruler tick"),
    ]);
    rows
}

/// The map's symbols.
#[must_use]
pub fn map_rows(theme: &Theme, g: &Glyphs) -> Vec<Row> {
    let pick = |u: &str, a: &str| if g.ascii { a } else { u }.to_owned();
    vec![
        (pick("◉", "@"), theme.train, "this train"),
        (
            pick("●", "o"),
            Style::new().fg(theme.trains[1]),
            "another train, in its colour",
        ),
        (pick("⣿⣿", "::"), theme.travelled, "route travelled"),
        (pick("⣿⣿", "::"), theme.ahead, "route ahead"),
        (pick("•", "."), theme.major, "station"),
        (pick("◇", "%"), theme.event, "time-zone boundary"),
        (pick("⣿⣿", "::"), Style::new().fg(theme.coast), "coastline"),
        (
            pick("⣿⣿", "::"),
            Style::new().fg(theme.borders),
            "country border",
        ),
        (
            pick("⣿⣿", "::"),
            Style::new().fg(theme.admin),
            "state, province or région border",
        ),
        (pick("⣿⣿", "::"), Style::new().fg(theme.water), "lake"),
        (
            "   ".to_owned(),
            Style::new().bg(theme.night),
            "night (sun below the horizon)",
        ),
        (
            pick("├──┤", "|--|"),
            theme.dim,
            "scale bar, at the map's middle latitude",
        ),
    ]
}

/// The help's digest of the strip's symbols, for one line.
#[must_use]
pub fn digest(g: &Glyphs) -> String {
    format!(
        " Strip: {} travelled  {} ahead  {} stop  {} major  {} train  {} border  {} transfer  (L: every symbol)",
        g.done,
        g.ahead,
        g.stop,
        g.major,
        g.train[1],
        g.event(EventKind::Border),
        g.event(EventKind::Transfer)
    )
}

fn lines(title: &'static str, rows: Vec<Row>, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(title, theme.accent)];
    out.extend(rows.into_iter().map(|(symbol, style, meaning)| {
        Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{symbol:<4}"), style),
            Span::styled(format!(" {meaning}"), theme.text),
        ])
    }));
    out
}

/// The legend's box over `area`.
#[must_use]
pub fn rect(area: Rect) -> Rect {
    let (theme, g) = (Theme::new(crate::settings::ThemeName::Dark, true), Glyphs::new(true));
    let (strip, map) = (strip_rows(&theme, &g).len() + 1, map_rows(&theme, &g).len() + 1);
    let (width, height) = if area.width >= 110 {
        (108, strip.max(map) + 2)
    } else {
        (56, strip + map + 3)
    };
    centered(area, width, u16::try_from(height).unwrap_or(u16::MAX))
}

/// Draw the legend over the screen: the strip's symbols, then the map's (side by side when
/// the terminal is wide enough).
pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let strip = lines(" On the strip", strip_rows(theme, g), theme);
    let map = lines(" On the map", map_rows(theme, g), theme);
    let side_by_side = area.width >= 110;
    let rect = rect(area);
    Clear.render(rect, buf);
    let block = super::panel(" Legend ".to_owned(), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(" Esc or L closes ", theme.dim).right_aligned());
    let inner = block.inner(rect);
    block.render(rect, buf);
    if side_by_side {
        let half = inner.width / 2;
        Paragraph::new(strip).render(
            Rect {
                width: half,
                ..inner
            },
            buf,
        );
        Paragraph::new(map).render(
            Rect {
                x: inner.x + half,
                width: inner.width - half,
                ..inner
            },
            buf,
        );
    } else {
        let mut all = strip;
        all.push(Line::default());
        all.extend(map);
        Paragraph::new(all).render(inner, buf);
    }
}
