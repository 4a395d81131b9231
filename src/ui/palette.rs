//! What a theme's colours look like on a picture: the terminal the theme was made for (its
//! background, its default text colour, its sixteen named colours), as RGB. A terminal decides
//! these itself; a picture has to, so that a PNG, GIF or SVG of the dark theme has a dark
//! background and the light theme's a light one, whatever the library drawing it would pick.

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;
use crate::settings::ThemeName;

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// The Tango palette (GNOME Terminal's), for the dark and light themes: black, red, green,
/// yellow, blue, magenta, cyan, white, then the bright eight.
const TANGO: [Rgb; 16] = [
    [0x2e, 0x34, 0x36],
    [0xcc, 0x00, 0x00],
    [0x4e, 0x9a, 0x06],
    [0xc4, 0xa0, 0x00],
    [0x34, 0x65, 0xa4],
    [0x75, 0x50, 0x7b],
    [0x06, 0x98, 0x9a],
    [0xd3, 0xd7, 0xcf],
    [0x55, 0x57, 0x53],
    [0xef, 0x29, 0x29],
    [0x8a, 0xe2, 0x34],
    [0xfc, 0xe9, 0x4f],
    [0x72, 0x9f, 0xcf],
    [0xad, 0x7f, 0xa8],
    [0x34, 0xe2, 0xe2],
    [0xee, 0xee, 0xec],
];

/// xterm's own sixteen colours, full strength, for the high-contrast theme.
const XTERM: [Rgb; 16] = [
    [0x00, 0x00, 0x00],
    [0xcd, 0x00, 0x00],
    [0x00, 0xcd, 0x00],
    [0xcd, 0xcd, 0x00],
    [0x00, 0x00, 0xee],
    [0xcd, 0x00, 0xcd],
    [0x00, 0xcd, 0xcd],
    [0xe5, 0xe5, 0xe5],
    [0x7f, 0x7f, 0x7f],
    [0xff, 0x00, 0x00],
    [0x00, 0xff, 0x00],
    [0xff, 0xff, 0x00],
    [0x5c, 0x5c, 0xff],
    [0xff, 0x00, 0xff],
    [0x00, 0xff, 0xff],
    [0xff, 0xff, 0xff],
];

/// The terminal a theme is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The screen's background (`Color::Reset` behind text).
    pub background: Rgb,
    /// Text in no particular colour (`Color::Reset` in front).
    pub foreground: Rgb,
    /// The sixteen named colours, in ANSI order.
    pub ansi: [Rgb; 16],
}

/// The ANSI number (0 to 15) of one of the sixteen named colours: 0–7 the normal ones, 8–15
/// their bright forms; `None` for `Reset`, RGB and indexed colours. The one table the pictures
/// and the ANSI text output share.
#[must_use]
pub fn ansi_index(color: Color) -> Option<u8> {
    Some(match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Reset | Color::Rgb(..) | Color::Indexed(_) => return None,
    })
}

impl Palette {
    /// The palette for the theme called `name`.
    #[must_use]
    pub fn new(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Self {
                background: [0x1c, 0x1f, 0x26],
                foreground: [0xd3, 0xd7, 0xcf],
                ansi: TANGO,
            },
            ThemeName::Light => Self {
                background: [0xfa, 0xfa, 0xf7],
                foreground: [0x2e, 0x34, 0x36],
                ansi: TANGO,
            },
            ThemeName::HighContrast => Self {
                background: [0x00, 0x00, 0x00],
                foreground: [0xff, 0xff, 0xff],
                ansi: XTERM,
            },
        }
    }

    /// `color` as RGB: in front of text (`fg`) or behind it, where `Reset` differs.
    #[must_use]
    pub fn rgb(&self, color: Color, fg: bool) -> Rgb {
        match color {
            Color::Reset if fg => self.foreground,
            Color::Reset => self.background,
            Color::Rgb(r, g, b) => [r, g, b],
            Color::Indexed(i) => self.indexed(i),
            // Every other colour is one of the sixteen named ones.
            named => self.indexed(ansi_index(named).unwrap_or(0)),
        }
    }

    /// xterm's 256 colours: the sixteen named, a 6×6×6 cube, then 24 greys.
    fn indexed(&self, i: u8) -> Rgb {
        match i {
            0..=15 => self.ansi[usize::from(i)],
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let n = i - 16;
                [level(n / 36), level(n / 6 % 6), level(n % 6)]
            }
            _ => {
                let v = 8 + 10 * (i - 232);
                [v, v, v]
            }
        }
    }

    /// Text drawn dim: halfway from `color` to the background.
    #[must_use]
    pub fn dim(&self, color: Rgb) -> Rgb {
        let mix = |a: u8, b: u8| {
            // The mean of two bytes is a byte.
            u8::try_from((u16::from(a) + u16::from(b)) / 2).unwrap_or(u8::MAX)
        };
        [
            mix(color[0], self.background[0]),
            mix(color[1], self.background[1]),
            mix(color[2], self.background[2]),
        ]
    }

    /// The colours in which a cell of `style` is painted, front and back, after reversing,
    /// dimming and hiding.
    #[must_use]
    pub fn paint(&self, style: Style) -> (Rgb, Rgb) {
        let m = style.add_modifier - style.sub_modifier;
        let mut fg = self.rgb(style.fg.unwrap_or(Color::Reset), true);
        let mut bg = self.rgb(style.bg.unwrap_or(Color::Reset), false);
        if m.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        if m.contains(Modifier::DIM) {
            fg = self.dim(fg);
        }
        if m.contains(Modifier::HIDDEN) {
            fg = bg;
        }
        (fg, bg)
    }

    /// Every colour a screen drawn with `theme` can have, each once: the palette's own, the
    /// theme's, and their dim shades. A GIF's fixed colour table is made of these.
    #[must_use]
    pub fn colors(&self, theme: &Theme) -> Vec<Rgb> {
        let mut base = vec![self.background, self.foreground];
        base.extend(self.ansi);
        let styles = [
            theme.text,
            theme.dim,
            theme.border,
            theme.title,
            theme.accent,
            theme.badge,
            theme.travelled,
            theme.ahead,
            theme.train,
            theme.station,
            theme.major,
            theme.passed,
            theme.event,
            theme.zone_text,
            theme.ruler,
            theme.clock,
            theme.flash,
            theme.current,
            theme.key,
            theme.warn,
        ];
        for style in styles {
            base.extend(style.fg.map(|c| self.rgb(c, true)));
            base.extend(style.bg.map(|c| self.rgb(c, false)));
        }
        let map = [theme.night, theme.coast, theme.borders, theme.water];
        for &c in theme
            .zones
            .iter()
            .chain(&theme.trains)
            .chain(&map)
            .chain(&theme.lateness)
        {
            base.extend([self.rgb(c, true), self.rgb(c, false)]);
        }
        let mut all = Vec::new();
        for c in base
            .iter()
            .copied()
            .chain(base.iter().map(|&c| self.dim(c)))
        {
            if !all.contains(&c) {
                all.push(c);
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_is_the_themes_own_background_and_text() {
        let dark = Palette::new(ThemeName::Dark);
        let light = Palette::new(ThemeName::Light);
        assert_eq!(dark.rgb(Color::Reset, false), dark.background);
        assert_eq!(dark.rgb(Color::Reset, true), dark.foreground);
        let luma = |c: Rgb| u32::from(c[0]) + u32::from(c[1]) + u32::from(c[2]);
        assert!(luma(dark.background) < 150 && luma(light.background) > 600);
    }

    #[test]
    fn indexed_colours_follow_xterm() {
        let p = Palette::new(ThemeName::HighContrast);
        assert_eq!(p.rgb(Color::Indexed(9), true), [0xff, 0, 0]);
        assert_eq!(p.rgb(Color::Indexed(16), true), [0, 0, 0]);
        assert_eq!(p.rgb(Color::Indexed(196), true), [0xff, 0, 0]);
        assert_eq!(p.rgb(Color::Indexed(231), true), [0xff, 0xff, 0xff]);
        assert_eq!(p.rgb(Color::Indexed(232), true), [8, 8, 8]);
        assert_eq!(p.rgb(Color::Indexed(255), true), [238, 238, 238]);
    }

    #[test]
    fn reversed_dim_and_hidden_cells() {
        let p = Palette::new(ThemeName::Dark);
        let red = p.rgb(Color::Red, true);
        let s = Style::new().fg(Color::Red);
        assert_eq!(p.paint(s), (red, p.background));
        assert_eq!(
            p.paint(s.add_modifier(Modifier::REVERSED)),
            (p.background, red)
        );
        assert_eq!(p.paint(s.add_modifier(Modifier::DIM)).0, p.dim(red));
        assert_eq!(p.paint(s.add_modifier(Modifier::HIDDEN)).0, p.background);
    }

    #[test]
    fn every_themes_colours_fit_a_gif_colour_table() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            for no_color in [false, true] {
                let p = Palette::new(name);
                let colors = p.colors(&Theme::new(name, no_color));
                // A GIF colour table holds 256 entries; one is kept for "unchanged".
                assert!(colors.len() <= 255, "{name:?}: {}", colors.len());
                let (train, _) = p.paint(Theme::new(name, no_color).train);
                assert!(colors.contains(&train));
            }
        }
    }
}
