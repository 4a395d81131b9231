//! The open prompt, drawn near the bottom of the screen: the line being edited with its
//! cursor (scrolled sideways to keep the cursor in view, `…` marking text out of view; nothing
//! typed is cut), then why Enter did not work or the forms taken, then the suggestions with
//! the chosen one marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::{App, Prompt, PromptKind};
use crate::util::text::{sanitize, wrap};

/// The forms the go-to prompt takes, under an empty or good entry, with this route's own
/// examples: `d3 14:00 · 14:00 MSK · Irkutsk · +6h · departure +2h · 2025-06-20 · now` on the
/// default route (its reference clock's label, else UTC; a major stop; a date of the run).
#[must_use]
pub fn goto_hint(route: &crate::route::Route) -> String {
    let label = route
        .reference()
        .and_then(|c| c.label.as_deref())
        .unwrap_or("UTC");
    // The major stop nearest the middle of the route, else the last.
    let middle = route.total_km() / 2.0 + route.km_range().0;
    let station = route
        .stops
        .iter()
        .filter(|s| s.major && s.arrive.is_some())
        .min_by(|a, b| (a.km - middle).abs().total_cmp(&(b.km - middle).abs()))
        .or_else(|| route.stops.last())
        .map_or_else(String::new, |s| sanitize(&s.name));
    let date = route.departure_date + chrono::TimeDelta::days(3);
    format!(
        "d3 14:00 · 14:00 {label} · {station} · +6h · departure +2h · {} · now",
        date.format("%Y-%m-%d")
    )
}

/// The chars of the line in view, given `room` columns: from where, and whether text is
/// cut off before and after. The cursor (which may sit one past the end) is always in view.
fn window(chars: &[char], cursor: usize, room: usize) -> (usize, usize, bool, bool) {
    let room = room.max(1);
    let start = cursor.saturating_sub(room.saturating_sub(1));
    let end = (start + room).min(chars.len());
    (start, end, start > 0, end < chars.len())
}

/// The input line: `› `, the text in view, the cursor as a reversed cell.
fn input_line(prompt: &Prompt, inner: usize, theme: &Theme, g: &Glyphs) -> Line<'static> {
    // One cell for each character: the line is sanitised first.
    let chars: Vec<char> = sanitize(&prompt.text())
        .chars()
        .map(|c| {
            if UnicodeWidthChar::width(c) == Some(1) {
                c
            } else {
                '�'
            }
        })
        .collect();
    let cursor = prompt.line.cursor().min(chars.len());
    // ` › ` and an ellipsis at either end.
    let room = inner.saturating_sub(5);
    let (start, end, before, after) = window(&chars, cursor, room);
    let cut = if before { g.ellipsis } else { " " };
    let mut spans = vec![Span::styled(format!(" ›{cut}"), theme.accent)];
    let text: String = chars[start..cursor].iter().collect();
    spans.push(Span::styled(text, theme.text));
    let under: String = chars.get(cursor).map_or(" ".to_owned(), |c| c.to_string());
    spans.push(Span::styled(
        under,
        theme.text.add_modifier(Modifier::REVERSED),
    ));
    let rest: String = chars[(cursor + 1).min(end)..end].iter().collect();
    spans.push(Span::styled(rest, theme.text));
    if after {
        spans.push(Span::styled(g.ellipsis.to_owned(), theme.accent));
    }
    Line::from(spans)
}

/// A suggestion's row: a marker for the chosen one, the label, the detail right-aligned.
fn match_line(
    label: &str,
    detail: &str,
    chosen: bool,
    inner: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Line<'static> {
    let marker = if chosen { " ▸ " } else { "   " };
    // A blank before the right border, like every panel's text.
    let inner = inner.saturating_sub(1);
    let detail_w = detail.width().min(inner / 2);
    let detail = truncate(detail, detail_w, g.ellipsis);
    let room = inner.saturating_sub(3 + detail.width() + 2);
    let label = truncate(label, room, g.ellipsis);
    let pad = room.saturating_sub(label.width());
    let style = if chosen { theme.current } else { theme.text };
    Line::from(vec![
        Span::styled(marker.to_owned(), theme.accent),
        Span::styled(label, style),
        Span::styled(format!("{:pad$}  {detail}", ""), theme.dim),
    ])
}

/// The lines under the input: why Enter did not work (wrapped, whole), or what the prompt
/// takes.
fn hint_lines(
    route: &crate::route::Route,
    prompt: &Prompt,
    inner: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    if let Some(error) = &prompt.error {
        return wrap(&sanitize(error), inner.saturating_sub(4))
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let lead = if i == 0 { " ✗ " } else { "   " };
                Line::styled(format!("{lead}{l}"), theme.warn)
            })
            .collect();
    }
    let hint = match (prompt.kind, prompt.matches.is_empty()) {
        (PromptKind::Goto, true) => &goto_hint(route),
        (PromptKind::Goto, false) => "Tab completes the station marked",
        (PromptKind::Find, true) => {
            "nothing matches: stations, local names and events are searched"
        }
        (PromptKind::Find, false) => "↑↓ choose · Enter goes there",
    };
    // A blank before the text and before the border.
    wrap(hint, inner.saturating_sub(2))
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.dim))
        .collect()
}

/// The keys the prompt takes, for its bottom border.
fn keys_title(kind: PromptKind) -> &'static str {
    match kind {
        PromptKind::Goto => " Enter go · Tab complete · ↑↓ history · Esc cancel ",
        PromptKind::Find => " Enter go · ↑↓ choose · Esc cancel ",
    }
}

/// The prompt's lines for a box `inner` columns wide inside its border.
fn prompt_lines(
    app: &App,
    prompt: &Prompt,
    area: Rect,
    inner: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Vec<Line<'static>> {
    let mut lines = vec![input_line(prompt, inner, theme, g)];
    lines.extend(hint_lines(app.journey().route(), prompt, inner, theme));
    // Room for suggestions: the screen less the title, the key bar and the box's own rows.
    let room = usize::from(area.height.saturating_sub(6));
    lines.extend(
        prompt
            .matches
            .iter()
            .enumerate()
            .take(room)
            .map(|(i, m)| match_line(&m.label, &m.detail, i == prompt.selected, inner, theme, g)),
    );
    lines
}

/// The box of `lines` lines, `width` wide, above the key bar.
fn prompt_box(lines: usize, width: u16, area: Rect) -> Rect {
    let height = u16::try_from(lines + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        (area.y + area.height)
            .saturating_sub(height + 1)
            .max(area.y),
        width,
        height,
    )
}

/// The open prompt's box over `area`, if one is open.
#[must_use]
pub fn rect(app: &App, area: Rect) -> Option<Rect> {
    let prompt = app.prompts().open()?;
    let width = area.width.saturating_sub(4).min(78);
    let inner = usize::from(width.saturating_sub(2));
    let theme = Theme::new(app.settings().theme, app.settings().no_color);
    let g = Glyphs::new(app.settings().ascii);
    let lines = prompt_lines(app, prompt, area, inner, &theme, &g);
    Some(prompt_box(lines.len(), width, area))
}

/// Draw the open prompt, if any, above the key bar.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let Some(prompt) = app.prompts().open() else {
        return;
    };
    let width = area.width.saturating_sub(4).min(78);
    let inner = usize::from(width.saturating_sub(2));
    let lines = prompt_lines(app, prompt, area, inner, theme, g);
    let rect = prompt_box(lines.len(), width, area);
    Clear.render(rect, buf);
    let title = match prompt.kind {
        PromptKind::Goto => " Go to ",
        PromptKind::Find => " Find ",
    };
    let keys = truncate(keys_title(prompt.kind), inner, g.ellipsis);
    let block = super::panel(title.to_owned(), theme.accent, theme.accent, g)
        .title_bottom(Line::styled(keys, theme.dim).right_aligned());
    Paragraph::new(lines)
        .style(Style::default())
        .block(block)
        .render(rect, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_cursor_in_view_and_marks_what_is_out_of_it() {
        let chars: Vec<char> = "abcdefghij".chars().collect();
        assert_eq!(window(&chars, 10, 20), (0, 10, false, false));
        assert_eq!(window(&chars, 10, 4), (7, 10, true, false));
        assert_eq!(window(&chars, 0, 4), (0, 4, false, true));
        assert_eq!(window(&chars, 5, 4), (2, 6, true, true));
        assert_eq!(window(&chars, 5, 0), (5, 6, true, true));
    }

    #[test]
    fn messages_wrap_at_spaces_and_keep_every_character() {
        assert_eq!(
            wrap("no stop is called x", 8),
            ["no stop", "is", "called x"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        let text = "the train's clock never shows day 2 02:30: at 02:00 it goes forward";
        assert_eq!(wrap(text, 20).join(" "), text);
    }
}
