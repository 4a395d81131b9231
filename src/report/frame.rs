//! Frames without a terminal: render the app into a ratatui buffer of a given size and turn it
//! into text lines (optionally with ANSI colours). `longrail frame`, the README screenshot and
//! the snapshot tests all use this, through the same render path as the TUI.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// Render `model` (the journey's app, the network, any screen the view draws) into a fresh
/// buffer of `width`×`height`.
#[must_use]
pub fn render<M>(model: &M, width: u16, height: u16) -> Buffer
where
    for<'a> &'a M: Widget,
{
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    model.render(area, &mut buf);
    buf
}

/// The buffer as plain text: one line per row, trailing spaces trimmed.
#[must_use]
pub fn to_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf.cell((x, y)).map_or(" ", |c| c.symbol());
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The buffer with SGR colour escapes, each row ending with a reset.
#[must_use]
pub fn to_ansi(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut current: Option<Style> = None;
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let Some(cell) = buf.cell((x, y)) else {
                continue;
            };
            let style = cell.style();
            if current != Some(style) {
                out.push_str(&sgr(style));
                current = Some(style);
            }
            skip = cell.symbol().width().saturating_sub(1);
            out.push_str(cell.symbol());
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

fn sgr(style: Style) -> String {
    let mut codes = vec!["0".to_owned()];
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_owned());
        }
    }
    if let Some(c) = style.fg.and_then(|c| color(c, false)) {
        codes.push(c);
    }
    if let Some(c) = style.bg.and_then(|c| color(c, true)) {
        codes.push(c);
    }
    let mut s = String::from("\x1b[");
    let _ = write!(s, "{}m", codes.join(";"));
    s
}

fn color(c: Color, bg: bool) -> Option<String> {
    let base = if bg { 40 } else { 30 };
    match c {
        Color::Reset => None,
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        // The normal eight are 30–37 (40–47), the bright ones 90–97 (100–107).
        named => crate::ui::palette::ansi_index(named)
            .map(|n| format!("{}", if n < 8 { base + n } else { base + 52 + n })),
    }
}
