//! The screen as pixels: soft_ratatui's software backend, drawing each cell with a bitmap
//! font (X.org's misc-fixed 8×13, regular, bold and italic, from embedded-graphics-unicodefonts:
//! Latin, Greek, Cyrillic, box drawing, block elements, arrows and braille).
//!
//! A wide character (a Hangul syllable, which takes two cells) is drawn here, not by the
//! backend, which draws every cell with one font one cell wide: from misc-fixed 12×13ja
//! (`MONO_12X13_JA`, public domain, every Hangul syllable, the same 13 px height and baseline
//! as 8×13), centred in its two cells.
//!
//! Cells reach the backend already painted by [`Look`]: colours as RGB from the theme's
//! palette (so no library default shows), one character each, bold or italic only where that
//! font has the glyph (the bold and italic fonts cover less than the regular one), and a
//! replacement character where even the regular one has none. Only the cells that ratatui's
//! diff says changed are drawn again, and [`Raster::draw`] says where they are.

use std::io;

use embedded_graphics::image::GetPixel;
use embedded_graphics::mono_font::MonoFont;
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{OriginDimensions, Point};
use ratatui::backend::Backend as _;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use soft_ratatui::embedded_graphics_unicodefonts::{
    MONO_12X13_JA, mono_8x13_atlas, mono_8x13_bold_atlas, mono_8x13_italic_atlas,
};
use soft_ratatui::{EmbeddedGraphics, SoftBackend};

use super::{Look, Painted, check_size};

/// A cell's size in pixels, width × height.
pub const CELL: (u32, u32) = (8, 13);

/// The three faces of the font.
#[derive(Clone, Copy)]
struct Fonts {
    regular: MonoFont<'static>,
    bold: MonoFont<'static>,
    italic: MonoFont<'static>,
}

thread_local! {
    // Each of these calls leaks its glyph table (it is 'static by design), so they are made
    // once per thread, not once per picture.
    static FONTS: Fonts = Fonts {
        regular: mono_8x13_atlas(),
        bold: mono_8x13_bold_atlas(),
        italic: mono_8x13_italic_atlas(),
    };
}

/// The font of wide characters, 12×13: each drawn over two 8×13 cells.
const WIDE: MonoFont<'static> = MONO_12X13_JA;

/// The ink of `c` in the wide font, row by row (12 × 13); `None` when the font lacks `c`.
#[must_use]
pub fn wide_glyph(c: char) -> Option<[[bool; 12]; 13]> {
    if !has(&WIDE, c) {
        return None;
    }
    let index = i32::try_from(WIDE.glyph_mapping.index(c)).ok()?;
    let per_row = i32::try_from(WIDE.image.size().width / 12).ok()?.max(1);
    let (gx, gy) = ((index % per_row) * 12, (index / per_row) * 13);
    let mut ink = [[false; 12]; 13];
    for (y, row) in (0i32..).zip(ink.iter_mut()) {
        for (x, dot) in (0i32..).zip(row.iter_mut()) {
            *dot = WIDE.image.pixel(Point::new(gx + x, gy + y)) == Some(BinaryColor::On);
        }
    }
    Some(ink)
}

/// Whether `font` has a glyph for `c` (its tables send every missing character to glyph 0, the
/// space).
fn has(font: &MonoFont<'static>, c: char) -> bool {
    c == ' ' || font.glyph_mapping.index(c) != 0
}

/// The screen as pixels, and the cells those pixels show.
pub struct Raster {
    backend: SoftBackend<EmbeddedGraphics>,
    /// What the pixmap shows, cell by cell, as handed to the backend.
    shown: Buffer,
    look: Look,
    fonts: Fonts,
}

impl Raster {
    /// A raster of `cols`×`rows` cells; nothing is drawn until [`Raster::draw`].
    ///
    /// # Errors
    /// `InvalidInput` when the size is empty or the picture would be too large
    /// ([`super::check_size`]).
    pub fn new((cols, rows): (u16, u16), look: Look) -> io::Result<Self> {
        check_size((cols, rows), CELL)?;
        let fonts = FONTS.with(|f| *f);
        let backend = SoftBackend::<EmbeddedGraphics>::new(
            cols,
            rows,
            fonts.regular,
            Some(fonts.bold),
            Some(fonts.italic),
        );
        Ok(Self {
            backend,
            // Its cells have no RGB colours, so the first draw differs in every cell.
            shown: Buffer::empty(Rect::new(0, 0, cols, rows)),
            look,
            fonts,
        })
    }

    /// Draw `buf` (cells outside it are blank): only the cells that differ from what is shown.
    /// Returns the smallest rectangle of cells holding every change, or `None` when nothing
    /// changed.
    pub fn draw(&mut self, buf: &Buffer) -> Option<Rect> {
        let area = self.shown.area;
        let mut next = Buffer::empty(area);
        for pos in area.positions() {
            let painted = buf.cell(pos).map_or_else(
                || self.look.paint(&Cell::EMPTY),
                |cell| self.look.paint(cell),
            );
            next[pos] = self.cell(&painted);
        }
        let updates = self.shown.diff(&next);
        let (mut x0, mut y0, mut x1, mut y1) = (u16::MAX, u16::MAX, 0, 0);
        for &(x, y, _) in &updates {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if updates.is_empty() {
            return None;
        }
        // A wide character goes to the backend as a blank of its colours, and is drawn after.
        let mut wide = Vec::new();
        let cells: Vec<(u16, u16, Cell)> = updates
            .into_iter()
            .map(|(x, y, cell)| {
                let mut cell = cell.clone();
                if let Some(c) = wide_symbol(&cell) {
                    wide.push((x, y, c, cell.fg, cell.bg));
                    cell.set_char(' ');
                }
                (x, y, cell)
            })
            .collect();
        // The backend's error type is Infallible.
        let _ = self
            .backend
            .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)));
        for (x, y, c, fg, bg) in wide {
            self.draw_wide((x, y), c, (fg, bg));
        }
        self.shown = next;
        Some(Rect::new(x0, y0, x1 - x0 + 1, y1 - y0 + 1))
    }

    /// Draw wide character `c` over cells (`x`, `y`) and the one after it: both cells in the
    /// background colour, the glyph centred in the foreground colour.
    fn draw_wide(&mut self, (x, y): (u16, u16), c: char, (fg, bg): (Color, Color)) {
        let Some(ink) = wide_glyph(c) else { return };
        let rgb = |color: Color| match color {
            Color::Rgb(r, g, b) => [r, g, b],
            _ => [0, 0, 0],
        };
        let (fg, bg) = (rgb(fg), rgb(bg));
        let pixmap = &mut self.backend.rgb_pixmap;
        let (cw, ch) = (CELL.0 as usize, CELL.1 as usize);
        let (left, top) = (usize::from(x) * cw, usize::from(y) * ch);
        for (dy, row) in ink.iter().enumerate() {
            for dx in 0..2 * cw {
                // The 12 px glyph sits 2 px in from each side of the 16 px.
                let on = dx.checked_sub(2).and_then(|gx| row.get(gx)) == Some(&true);
                pixmap.put_pixel(left + dx, top + dy, if on { fg } else { bg });
            }
        }
    }

    /// A painted cell as the backend draws it: one character this font has, RGB colours, and
    /// only the modifiers the backend should act on.
    fn cell(&self, p: &Painted) -> Cell {
        let f = &self.fonts;
        let symbol = if !p.wide && has(&f.regular, p.symbol) || p.wide && has(&WIDE, p.symbol) {
            p.symbol
        } else if !self.look.ascii && has(&f.regular, '\u{FFFD}') {
            '\u{FFFD}'
        } else {
            '?'
        };
        let mut m = Modifier::empty();
        m.set(Modifier::BOLD, p.bold && has(&f.bold, symbol));
        m.set(Modifier::ITALIC, p.italic && has(&f.italic, symbol));
        m.set(Modifier::UNDERLINED, p.underline);
        m.set(Modifier::CROSSED_OUT, p.crossed);
        let rgb = |c: [u8; 3]| Color::Rgb(c[0], c[1], c[2]);
        let mut cell = Cell::default();
        cell.set_char(symbol)
            .set_style(Style::new().fg(rgb(p.fg)).bg(rgb(p.bg)).add_modifier(m));
        cell
    }
}

/// The wide character a cell holds (drawn by [`Raster::draw_wide`]), if any.
fn wide_symbol(cell: &Cell) -> Option<char> {
    use unicode_width::UnicodeWidthChar;
    let mut chars = cell.symbol().chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.width().unwrap_or(1) > 1).then_some(c)
}

impl Raster {
    /// The picture's width and height in pixels.
    #[must_use]
    pub fn size(&self) -> (u32, u32) {
        let area = self.shown.area;
        (
            u32::from(area.width) * CELL.0,
            u32::from(area.height) * CELL.1,
        )
    }

    /// The pixels, row by row, three bytes (red, green, blue) each.
    #[must_use]
    pub fn pixels(&self) -> &[u8] {
        self.backend.get_pixmap_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ThemeName;

    fn pixel(r: &Raster, x: u32, y: u32) -> [u8; 3] {
        let (w, _) = r.size();
        let i = usize::try_from((y * w + x) * 3).unwrap();
        r.pixels()[i..i + 3].try_into().unwrap()
    }

    #[test]
    fn a_blank_screen_is_the_themes_background_not_the_librarys() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let look = Look::new(name, false, false);
            let mut r = Raster::new((3, 2), look).unwrap();
            assert_eq!(r.size(), (24, 26));
            let changed = r.draw(&Buffer::empty(Rect::new(0, 0, 3, 2)));
            assert_eq!(changed, Some(Rect::new(0, 0, 3, 2)));
            assert!(
                r.pixels().chunks(3).all(|p| p == look.palette.background),
                "{name:?}"
            );
        }
    }

    #[test]
    fn only_changed_cells_are_reported_and_drawn() {
        let look = Look::new(ThemeName::Dark, false, false);
        let mut r = Raster::new((10, 4), look).unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 4));
        r.draw(&buf);
        assert_eq!(r.draw(&buf), None);
        buf.set_string(6, 2, "█", Style::new().fg(Color::Red));
        buf.set_string(3, 1, "x", Style::new());
        assert_eq!(r.draw(&buf), Some(Rect::new(3, 1, 4, 2)));
        // A full block is the text colour in every pixel of its cell.
        let red = look.palette.rgb(Color::Red, true);
        assert_eq!(pixel(&r, 6 * 8 + 4, 2 * 13 + 6), red);
        assert_eq!(pixel(&r, 5 * 8 + 4, 2 * 13 + 6), look.palette.background);
    }

    #[test]
    fn glyphs_the_fonts_lack_are_replaced_or_drawn_regular() {
        let r = Raster::new((1, 1), Look::new(ThemeName::Dark, false, false)).unwrap();
        let painted = |symbol, bold| Painted {
            symbol,
            wide: false,
            fg: [1, 2, 3],
            bg: [4, 5, 6],
            bold,
            italic: false,
            underline: false,
            crossed: false,
        };
        for c in ['─', '⣿', 'Ж', '▶', '●'] {
            assert_eq!(r.cell(&painted(c, false)).symbol(), c.to_string(), "{c}");
        }
        // 8x13 bold has Cyrillic but no ▶: a bold ▶ is drawn from the regular face.
        assert!(
            r.cell(&painted('Ж', true))
                .modifier
                .contains(Modifier::BOLD)
        );
        let arrow = r.cell(&painted('▶', true));
        assert_eq!(arrow.symbol(), "▶");
        assert!(!arrow.modifier.contains(Modifier::BOLD));
        assert_eq!(r.cell(&painted('평', false)).symbol(), "\u{FFFD}");
    }
}
