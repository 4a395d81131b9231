//! A frame as an SVG image, written from the buffer's cells: the theme's background behind
//! everything, one `<rect>` for each run of cells in a row with the same other background, and
//! one `<text>` for each run of glyphs in a row with the same colour and face, stretched with
//! `textLength` to exactly its cells, so any monospace font lines up with the grid. Blank
//! cells inside a run are no-break spaces, which no viewer collapses.

use std::fmt::Write as _;
use std::io;

use ratatui::buffer::Buffer;

use super::{Look, Painted, check_size};
use crate::ui::palette::Rgb;

/// A cell's size in the SVG's units (CSS pixels), width × height.
pub const CELL: (u32, u32) = (10, 20);

/// The font size, in the same units: a monospace font's glyphs are about 0.6 of it wide.
const FONT_SIZE: u32 = 17;

/// From the top of a row to the text's baseline.
const BASELINE: u32 = 16;

/// The fonts asked for, the first one the viewer has: fonts with box drawing and braille first.
pub const FONT_STACK: &str = "'DejaVu Sans Mono', 'Cascadia Mono', Menlo, Consolas, 'Liberation Mono', 'Noto Sans Mono', monospace";

/// `buf` as an SVG document, painted with `look`, with `title` as its `<title>`.
///
/// # Errors
/// `InvalidInput` when the size is empty or too large ([`check_size`]).
pub fn write(buf: &Buffer, look: Look, title: &str) -> io::Result<String> {
    let (cols, rows) = (buf.area.width, buf.area.height);
    check_size((cols, rows), CELL)?;
    let (w, h) = (u32::from(cols) * CELL.0, u32::from(rows) * CELL.1);
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_STACK}\" font-size=\"{FONT_SIZE}\">\n\
         <title>{}</title>\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n",
        escape(title),
        hex(look.palette.background)
    );
    let painted: Vec<Vec<Painted>> = (0..rows)
        .map(|y| {
            (0..cols)
                .map(|x| {
                    buf.cell((x, y))
                        .map(|c| look.paint(c))
                        .unwrap_or_else(|| look.paint(&ratatui::buffer::Cell::EMPTY))
                })
                .collect()
        })
        .collect();
    out.push_str("<g shape-rendering=\"crispEdges\">\n");
    for (y, row) in painted.iter().enumerate() {
        backgrounds(&mut out, row, y, look.palette.background);
    }
    out.push_str("</g>\n<g>\n");
    for (y, row) in painted.iter().enumerate() {
        texts(&mut out, row, y);
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}

/// Runs of equal cells in `row`, by `key`: (first column, columns, the first cell).
fn runs<K: PartialEq>(
    row: &[Painted],
    key: impl Fn(&Painted) -> K,
) -> Vec<(usize, usize, Painted)> {
    let mut runs: Vec<(usize, usize, Painted)> = Vec::new();
    for (x, cell) in row.iter().enumerate() {
        match runs.last_mut() {
            Some((_, n, first)) if key(first) == key(cell) => *n += 1,
            _ => runs.push((x, 1, *cell)),
        }
    }
    runs
}

/// One `<rect>` per run of cells with the same background, where it is not the screen's.
fn backgrounds(out: &mut String, row: &[Painted], y: usize, screen: Rgb) {
    for (x, n, first) in runs(row, |c| c.bg) {
        if first.bg != screen {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                x as u64 * u64::from(CELL.0),
                y as u64 * u64::from(CELL.1),
                n as u64 * u64::from(CELL.0),
                CELL.1,
                hex(first.bg)
            );
        }
    }
}

/// One `<text>` per run of glyphs with the same colour and face, blanks at either end left out
/// (unless underlined or struck through, which show on blanks too).
fn texts(out: &mut String, row: &[Painted], y: usize) {
    let face = |c: &Painted| (c.fg, c.bold, c.italic, c.underline, c.crossed);
    for (x, n, first) in runs(row, face) {
        let cells = &row[x..x + n];
        let marked = first.underline || first.crossed;
        let lead = if marked {
            0
        } else {
            cells.iter().take_while(|c| c.symbol == ' ').count()
        };
        if lead == n {
            continue;
        }
        let trail = if marked {
            0
        } else {
            cells.iter().rev().take_while(|c| c.symbol == ' ').count()
        };
        let shown = &cells[lead..n - trail];
        let mut text = String::new();
        let mut skip = false;
        for c in shown {
            // The cell after a wide character is covered by it.
            if std::mem::replace(&mut skip, c.wide) {
                continue;
            }
            // Viewers collapse runs of spaces (Chromium heeds neither xml:space nor
            // white-space here); a no-break space keeps each blank cell.
            let c = if c.symbol == ' ' { '\u{a0}' } else { c.symbol };
            push_escaped(&mut text, c);
        }
        let mut attrs = String::new();
        if first.bold {
            attrs.push_str(" font-weight=\"bold\"");
        }
        if first.italic {
            attrs.push_str(" font-style=\"italic\"");
        }
        match (first.underline, first.crossed) {
            (true, true) => attrs.push_str(" text-decoration=\"underline line-through\""),
            (true, false) => attrs.push_str(" text-decoration=\"underline\""),
            (false, true) => attrs.push_str(" text-decoration=\"line-through\""),
            (false, false) => {}
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" fill=\"{}\"{attrs}>{text}</text>",
            (x + lead) as u64 * u64::from(CELL.0),
            y as u64 * u64::from(CELL.1) + u64::from(BASELINE),
            shown.len() as u64 * u64::from(CELL.0),
            hex(first.fg),
        );
    }
}

/// `#rrggbb`.
fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `text` safe inside an XML element.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Push `c` as XML character data: markup characters as entities, and characters XML 1.0
/// does not allow as `?`.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\t' | '\n' | '\r' => out.push(' '),
        c if c < ' ' || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('?'),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;
    use crate::settings::ThemeName;

    #[test]
    fn runs_become_rects_and_texts() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 2));
        buf.set_string(1, 0, "a<b", Style::new().fg(Color::Red));
        buf.set_string(
            4,
            0,
            "c",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        );
        buf.set_string(0, 1, "  ", Style::new().bg(Color::Blue));
        let look = Look::new(ThemeName::Dark, false, false);
        let svg = write(&buf, look, "t & u").unwrap();
        assert!(svg.contains("width=\"80\" height=\"40\""), "{svg}");
        assert!(svg.contains("<title>t &amp; u</title>"), "{svg}");
        let red = hex(look.palette.rgb(Color::Red, true));
        assert!(
            svg.contains(&format!("<text x=\"10\" y=\"16\" textLength=\"30\" lengthAdjust=\"spacingAndGlyphs\" fill=\"{red}\">a&lt;b</text>")),
            "{svg}"
        );
        assert!(svg.contains("font-weight=\"bold\">c</text>"), "{svg}");
        let blue = hex(look.palette.rgb(Color::Blue, false));
        assert!(
            svg.contains(&format!(
                "<rect x=\"0\" y=\"20\" width=\"20\" height=\"20\" fill=\"{blue}\"/>"
            )),
            "{svg}"
        );
        assert_eq!(svg.matches("<text").count(), 2, "blank runs write no text");
        assert_eq!(svg.matches("<rect").count(), 2, "the screen and one run");
    }

    #[test]
    fn a_wide_character_covers_the_next_cell() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "평x", Style::new());
        let svg = write(&buf, Look::new(ThemeName::Dark, false, false), "").unwrap();
        assert!(
            svg.contains(
                "textLength=\"30\" lengthAdjust=\"spacingAndGlyphs\" fill=\"#d3d7cf\">평x</text>"
            ),
            "{svg}"
        );
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(escape("a\u{1}b\u{FFFE}>"), "a?b?&gt;");
    }
}
