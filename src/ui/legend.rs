//! The legend (`L`): every symbol of the strip and the map, drawn in the style the screen
//! draws it in, with what it means. The help carries a one-line digest of the strip's.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::{Glyphs, Theme};
use crate::app::App;
use crate::app::help::{LEGEND_SIDE_BY_SIDE, legend_lines};
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

/// The help's digest of the strip's symbols.
#[must_use]
pub fn digest(g: &Glyphs) -> String {
    crate::app::help::digest([
        g.done,
        g.ahead,
        g.stop,
        g.major,
        g.train[1],
        g.event(EventKind::Border),
        g.event(EventKind::Transfer),
    ])
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

/// The legend's lines for a screen `width` wide: the strip's symbols and the map's, side by
/// side from [`LEGEND_SIDE_BY_SIDE`] columns, else one list after the other; and the box's
/// width.
fn legend(width: u16, theme: &Theme, g: &Glyphs) -> (Vec<Line<'static>>, u16) {
    let strip = lines(" On the strip", strip_rows(theme, g), theme);
    let map = lines(" On the map", map_rows(theme, g), theme);
    if width >= LEGEND_SIDE_BY_SIDE {
        let rows = strip.len().max(map.len());
        let half = usize::from(COLUMN);
        let all = (0..rows)
            .map(|i| {
                let mut left = strip.get(i).cloned().unwrap_or_default();
                let pad = half.saturating_sub(left.width());
                left.spans.push(Span::raw(" ".repeat(pad)));
                left.spans
                    .extend(map.get(i).cloned().unwrap_or_default().spans);
                left
            })
            .collect();
        (all, 2 * COLUMN + 2)
    } else {
        let mut all = strip;
        all.push(Line::default());
        all.extend(map);
        (all, COLUMN + 2)
    }
}

/// Each list's width.
const COLUMN: u16 = 54;

/// The legend's box over `area`.
#[must_use]
pub fn rect(area: Rect) -> Rect {
    let width = if area.width >= LEGEND_SIDE_BY_SIDE {
        2 * COLUMN + 2
    } else {
        COLUMN + 2
    };
    super::overlay::scrolled_rect(legend_lines(area.width), width, area)
}

/// Draw the legend over the screen: the strip's symbols, then the map's (side by side when
/// the terminal is wide enough), scrolled when taller than the screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let (lines, width) = legend(area.width, theme, g);
    let content = super::overlay::Scrolled {
        title: " Legend ",
        closes: "Esc or L closes",
        lines,
        width,
    };
    super::overlay::scrolled_box(app, content, area, buf, theme, g);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_counts_are_the_legends_and_the_digests_glyphs_are_one_cell() {
        let (theme, g) = (
            Theme::new(crate::settings::ThemeName::Dark, false),
            Glyphs::new(false),
        );
        assert_eq!(
            crate::app::help::LEGEND_ROWS,
            (strip_rows(&theme, &g).len(), map_rows(&theme, &g).len())
        );
        for w in [60, 109, 110, 200] {
            assert_eq!(legend(w, &theme, &g).0.len(), legend_lines(w), "{w}");
        }
        for ascii in [false, true] {
            let g = Glyphs::new(ascii);
            let plain = crate::app::help::digest(crate::app::help::PLAIN_SYMBOLS);
            assert_eq!(
                crate::util::text::width(&digest(&g)),
                crate::util::text::width(&plain)
            );
            assert_eq!(digest(&g).split(' ').count(), plain.split(' ').count());
        }
    }
}
