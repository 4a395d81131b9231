//! Route colours on the theme's background: a route's own `route_color`, lightened (on a dark
//! theme) or darkened (on a light one) just enough to reach the contrast every theme's text
//! reaches, WCAG AA's 4.5:1, against the background the theme is made for.

use ratatui::style::Color;

use crate::ui::palette::{Palette, Rgb};
use crate::ui::theme::Theme;

/// The contrast a route's colour is brought to.
pub const CONTRAST: f64 = 4.5;

/// WCAG 2 relative luminance of an RGB colour.
#[must_use]
pub fn luminance([r, g, b]: Rgb) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
#[must_use]
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour` mixed toward white (`toward_white`) or black, in steps, until it reaches
/// [`CONTRAST`] against `background`.
#[must_use]
pub fn readable(colour: Rgb, background: Rgb) -> Rgb {
    let toward_white = luminance(background) < 0.18;
    let target: f64 = if toward_white { 255.0 } else { 0.0 };
    let mut c = colour;
    for step in 0..=20 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=255
        let mix =
            |v: u8| (f64::from(v) + (target - f64::from(v)) * f64::from(step) / 20.0).round() as u8;
        c = [mix(colour[0]), mix(colour[1]), mix(colour[2])];
        if ratio(c, background) >= CONTRAST {
            break;
        }
    }
    c
}

/// The colour a route is drawn in: its own, made readable; without one, one of the theme's
/// train colours by the route's index. Without colour (`NO_COLOR`), the terminal's own.
#[must_use]
pub fn route_colour(own: Option<[u8; 3]>, index: u32, theme: &Theme, palette: &Palette) -> Color {
    if theme.background == Color::Reset {
        return Color::Reset;
    }
    let Some(rgb) = own else {
        return theme.trains[index as usize % theme.trains.len()];
    };
    let [r, g, b] = readable(rgb, palette.background);
    Color::Rgb(r, g, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ThemeName;

    #[test]
    fn every_route_colour_reaches_the_contrast_on_every_theme() {
        // The New York subway's colours (navy, yellow, grey, lime) and the extremes.
        let colours = [
            [0x00, 0x39, 0xa6],
            [0xfc, 0xcc, 0x0a],
            [0x80, 0x81, 0x83],
            [0x6c, 0xbe, 0x45],
            [0, 0, 0],
            [255, 255, 255],
        ];
        for name in ThemeName::ALL {
            let palette = Palette::new(*name);
            let theme = Theme::new(*name, false);
            let bg = palette.background;
            for c in colours {
                let Color::Rgb(r, g, b) = route_colour(Some(c), 0, &theme, &palette) else {
                    panic!("an RGB colour");
                };
                let got = ratio([r, g, b], bg);
                assert!(
                    got >= CONTRAST,
                    "{name:?}: {c:?} became {r},{g},{b}: {got:.2}:1"
                );
            }
        }
        // A colour that already reads well is left as it is.
        assert_eq!(readable([0xfc, 0xcc, 0x0a], [0, 0, 0]), [0xfc, 0xcc, 0x0a]);
    }
}
