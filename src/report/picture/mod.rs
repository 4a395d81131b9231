//! Pictures of the screen, drawn from the same buffer the terminal gets: a frame as PNG
//! ([`png`]) or SVG ([`svg`]), a replay as an animated GIF ([`gif`]). The raster ones go
//! through [`raster`] (soft_ratatui's software backend with a bitmap font), the SVG is written
//! from the buffer's cells directly. Colours come from the theme in use through
//! [`Palette`]; [`Look`] says how a cell is painted.

pub mod gif;
pub mod png;
pub mod raster;
pub mod svg;

use std::io;
use std::path::Path;

use ratatui::buffer::Cell;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthChar;

use crate::app::App;
use crate::settings::ThemeName;
use crate::ui::palette::{Palette, Rgb};
use crate::ui::theme::Theme;

/// The most pixels a raster picture may have (a 120 MB pixmap); a larger `--size` is refused.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The widest or tallest a raster picture may be, in pixels.
pub const MAX_SIDE: u64 = 16_384;

/// A file format `frame` or `record` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// asciicast v2, as asciinema plays it (record).
    Cast,
    /// An animated GIF (record).
    Gif,
    /// A PNG image (frame).
    Png,
    /// An SVG image, text and rectangles (frame).
    Svg,
}

impl Format {
    /// The format's name, which is also its file extension.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Cast => "cast",
            Self::Gif => "gif",
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }

    /// The format `path`'s extension names (in any case), if it is one of `allowed`.
    ///
    /// # Errors
    /// A message naming the file and its extension, and listing the formats of `allowed`.
    pub fn from_path(path: &Path, allowed: &[Self]) -> Result<Self, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if let Some(found) = allowed.iter().find(|f| ext.as_deref() == Some(f.name())) {
            return Ok(*found);
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        let what = ext.map_or_else(
            || "has no extension".to_owned(),
            |e| format!("ends in {}", crate::util::text::quote(&format!(".{e}"))),
        );
        Err(format!(
            "{} {what}, which is not a format this command writes: name the file .{}, or give --format {}",
            crate::util::text::quote(&path.display().to_string()),
            names.join(" or ."),
            names.join("|"),
        ))
    }
}

/// How cells are painted: the theme's colours on its own background, and whether only ASCII
/// may be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// The terminal the theme is drawn on.
    pub palette: Palette,
    /// The theme (for the colours a GIF's table holds).
    pub theme: Theme,
    /// `--ascii`: anything else is drawn as `?`.
    pub ascii: bool,
}

impl Look {
    /// The look of `app`'s screen: its theme (colourless with `NO_COLOR`) and glyph setting.
    #[must_use]
    pub fn of(app: &App) -> Self {
        Self::new(
            app.settings().theme,
            app.settings().no_color,
            app.settings().ascii,
        )
    }

    /// The look of theme `name`.
    #[must_use]
    pub fn new(name: ThemeName, no_color: bool, ascii: bool) -> Self {
        Self {
            palette: Palette::new(name),
            theme: Theme::new(name, no_color),
            ascii,
        }
    }

    /// How `cell` is painted.
    #[must_use]
    pub fn paint(&self, cell: &Cell) -> Painted {
        let (fg, bg) = self.palette.paint(cell.style());
        let m = cell.modifier;
        let c = cell.symbol().chars().next().unwrap_or(' ');
        let symbol = if c.is_control() || (self.ascii && !c.is_ascii()) {
            '?'
        } else {
            c
        };
        Painted {
            symbol,
            wide: symbol.width().unwrap_or(1) > 1,
            fg,
            bg,
            bold: m.contains(Modifier::BOLD),
            italic: m.contains(Modifier::ITALIC),
            underline: m.contains(Modifier::UNDERLINED),
            crossed: m.contains(Modifier::CROSSED_OUT),
        }
    }
}

/// One cell as it is painted: one character, two colours, the font's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Painted {
    /// The character drawn (a cell's first; a blank for the second half of a wide one).
    pub symbol: char,
    /// The character takes two cells.
    pub wide: bool,
    /// Text colour.
    pub fg: Rgb,
    /// Background colour.
    pub bg: Rgb,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub crossed: bool,
}

/// Check that a picture of `cols`×`rows` cells of `cell` pixels fits the limits.
///
/// # Errors
/// `InvalidInput` naming the size, the pixels it would take and the limit.
pub fn check_size((cols, rows): (u16, u16), (cw, ch): (u32, u32)) -> io::Result<()> {
    let (w, h) = (
        u64::from(cols) * u64::from(cw),
        u64::from(rows) * u64::from(ch),
    );
    if cols == 0 || rows == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("the size {cols}x{rows} is empty: use at least 1x1, e.g. 120x40"),
        ));
    }
    if w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a picture of {cols}x{rows} cells would be {w}x{h} pixels, over the limit of \
                 {MAX_SIDE} pixels a side and {MAX_PIXELS} in all: use a smaller --size, e.g. 120x40"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension_in_any_case() {
        let both = [Format::Png, Format::Svg];
        assert_eq!(
            Format::from_path(Path::new("a.PNG"), &both),
            Ok(Format::Png)
        );
        assert_eq!(
            Format::from_path(Path::new("d/a.svg"), &both),
            Ok(Format::Svg)
        );
        let e = Format::from_path(Path::new("a.jpg"), &both).unwrap_err();
        assert!(
            e.contains("\"a.jpg\" ends in \".jpg\"") && e.contains(".png or .svg"),
            "{e}"
        );
        assert!(e.contains("--format png|svg"), "{e}");
        let e = Format::from_path(Path::new("a"), &[Format::Cast, Format::Gif]).unwrap_err();
        assert!(
            e.contains("has no extension") && e.contains(".cast or .gif"),
            "{e}"
        );
    }

    #[test]
    fn sizes_beyond_the_limits_are_refused_not_allocated() {
        assert!(check_size((120, 40), (8, 13)).is_ok());
        assert!(check_size((2048, 10), (8, 13)).is_ok());
        assert!(check_size((10, 1260), (8, 13)).is_ok());
        for bad in [(0, 10), (10, 0), (2049, 10), (10, 1261), (2000, 1200)] {
            let e = check_size(bad, (8, 13)).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{bad:?}: {e}");
        }
    }

    #[test]
    fn ascii_pictures_draw_only_ascii() {
        let look = Look::new(ThemeName::Dark, false, true);
        let mut cell = Cell::new("Х");
        assert_eq!(look.paint(&cell).symbol, '?');
        cell.set_symbol("x");
        assert_eq!(look.paint(&cell).symbol, 'x');
        let unicode = Look::new(ThemeName::Dark, false, false);
        assert_eq!(unicode.paint(&Cell::new("Х")).symbol, 'Х');
        assert_eq!(unicode.paint(&Cell::new("")).symbol, ' ');
        assert!(unicode.paint(&Cell::new("평")).wide);
    }
}
