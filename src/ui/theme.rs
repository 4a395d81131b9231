//! Colours and glyphs. Three themes (dark, light, high contrast), a colourless variant for
//! `NO_COLOR`, and a plain-ASCII glyph set.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::network::realtime::Lateness;
use crate::route::EventKind;
use crate::settings::ThemeName;

/// Every style the screens use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text.
    pub dim: Style,
    /// Block borders and their titles.
    pub border: Style,
    /// The title bar.
    pub title: Style,
    /// Highlights: the route name, the current stop.
    pub accent: Style,
    /// The PAUSED badge.
    pub badge: Style,
    /// The line already travelled.
    pub travelled: Style,
    /// The line ahead.
    pub ahead: Style,
    /// The train.
    pub train: Style,
    /// A station tick and label.
    pub station: Style,
    /// A major station.
    pub major: Style,
    /// A station already passed.
    pub passed: Style,
    /// Event glyphs.
    pub event: Style,
    /// Zone band backgrounds, cycled by UTC offset.
    pub zones: [Color; 4],
    /// Text on the zone bands.
    pub zone_text: Style,
    /// The km ruler.
    pub ruler: Style,
    /// A clock's time.
    pub clock: Style,
    /// The train clock just after a zone change.
    pub flash: Style,
    /// The current row of the timetable.
    pub current: Style,
    /// Keys in the key bar and help.
    pub key: Style,
    /// Messages about something that went wrong (a bad "go to").
    pub warn: Style,
    /// One colour per train other than the selected one, in the order the trains are listed.
    pub trains: [Color; 6],
    /// Background of places in darkness (map and strip).
    pub night: Color,
    /// Coastlines on the map.
    pub coast: Color,
    /// Country borders on the map.
    pub borders: Color,
    /// Borders between states, provinces and régions on the map: fainter than countries'.
    pub admin: Color,
    /// Lakes on the map.
    pub water: Color,
    /// The terminal background the theme is made for (it is not painted): what its text is
    /// read against wherever a style sets no background of its own.
    pub background: Color,
    /// Trains by lateness with realtime data: early, on time, late, very late (the order of
    /// [`Lateness`]); see [`Theme::lateness`].
    pub lateness: [Color; 4],
}

/// The light theme's secondary grey: 6.4:1 on white.
const GREY: Color = Color::Rgb(95, 95, 95);
/// The light theme's grey for the line and station names: 9.4:1 on white.
const DARK_GREY: Color = Color::Rgb(70, 70, 70);
/// The light theme's red, darker than ANSI red so it reads on the night shade.
const DEEP_RED: Color = Color::Rgb(180, 0, 0);
/// The light theme's magenta, likewise.
const DEEP_MAGENTA: Color = Color::Rgb(150, 0, 150);

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

impl Theme {
    /// The theme called `name`; without colour when `no_color`.
    #[must_use]
    pub fn new(name: ThemeName, no_color: bool) -> Self {
        if no_color {
            return Self::monochrome();
        }
        match name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::HighContrast => Self::high_contrast(),
        }
    }

    fn dark() -> Self {
        Self {
            text: fg(Color::Gray),
            dim: fg(Color::DarkGray),
            border: fg(Color::DarkGray),
            title: Style::new().fg(Color::White).bg(Color::Rgb(40, 44, 60)),
            accent: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            badge: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            travelled: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            ahead: fg(Color::Gray),
            train: fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            station: fg(Color::Gray),
            major: fg(Color::White).add_modifier(Modifier::BOLD),
            passed: fg(Color::DarkGray),
            event: fg(Color::LightCyan),
            zones: [
                Color::Rgb(30, 50, 80),
                Color::Rgb(60, 40, 70),
                Color::Rgb(30, 65, 55),
                Color::Rgb(75, 55, 30),
            ],
            zone_text: fg(Color::White),
            ruler: fg(Color::DarkGray),
            clock: fg(Color::White).add_modifier(Modifier::BOLD),
            flash: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            current: Style::new().fg(Color::Black).bg(Color::Yellow),
            key: fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            warn: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            trains: [
                Color::LightCyan,
                Color::LightGreen,
                Color::LightMagenta,
                Color::Rgb(120, 140, 255),
                Color::Rgb(255, 170, 80),
                Color::LightRed,
            ],
            night: Color::Rgb(10, 12, 34),
            coast: Color::Rgb(110, 130, 110),
            borders: Color::Rgb(150, 110, 90),
            admin: Color::Rgb(95, 85, 80),
            water: Color::LightBlue,
            background: Color::Black,
            lateness: [
                Color::Rgb(90, 170, 255),
                Color::LightGreen,
                Color::Rgb(255, 200, 0),
                Color::Rgb(255, 80, 80),
            ],
        }
    }

    /// Dark text for a white terminal. Its greys and its reds, magentas, greens and cyans are
    /// its own, not the terminal's ANSI ones (ANSI grey is grey on white): each reaches 4.5:1
    /// (WCAG AA) on white and on the night shade, as a test checks.
    fn light() -> Self {
        Self {
            text: fg(Color::Black),
            dim: fg(GREY),
            border: fg(GREY),
            title: Style::new().fg(Color::Black).bg(Color::Rgb(210, 215, 230)),
            accent: fg(Color::Blue).add_modifier(Modifier::BOLD),
            badge: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            travelled: fg(DEEP_RED).add_modifier(Modifier::BOLD),
            ahead: fg(DARK_GREY),
            train: fg(DEEP_MAGENTA).add_modifier(Modifier::BOLD),
            station: fg(DARK_GREY),
            major: fg(Color::Black).add_modifier(Modifier::BOLD),
            passed: fg(GREY),
            event: fg(Color::Blue),
            zones: [
                Color::Rgb(200, 220, 245),
                Color::Rgb(235, 215, 240),
                Color::Rgb(205, 235, 220),
                Color::Rgb(245, 230, 200),
            ],
            zone_text: fg(Color::Black),
            ruler: fg(GREY),
            clock: fg(Color::Black).add_modifier(Modifier::BOLD),
            flash: Style::new()
                .fg(Color::White)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            current: Style::new().fg(Color::White).bg(Color::Blue),
            key: fg(Color::Blue).add_modifier(Modifier::BOLD),
            warn: fg(Color::Red).add_modifier(Modifier::BOLD),
            trains: [
                Color::Blue,
                Color::Rgb(0, 110, 0),
                DEEP_MAGENTA,
                Color::Rgb(0, 105, 120),
                Color::Rgb(140, 70, 0),
                DEEP_RED,
            ],
            night: Color::Rgb(215, 220, 240),
            coast: Color::Rgb(60, 110, 60),
            borders: Color::Rgb(150, 80, 60),
            admin: Color::Rgb(185, 165, 150),
            water: Color::Blue,
            background: Color::White,
            lateness: [
                Color::Rgb(0, 70, 170),
                Color::Rgb(0, 110, 0),
                Color::Rgb(140, 80, 0),
                Color::Rgb(130, 0, 0),
            ],
        }
    }

    fn high_contrast() -> Self {
        Self {
            text: fg(Color::White),
            dim: fg(Color::White),
            border: fg(Color::White),
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            accent: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            badge: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            travelled: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ahead: fg(Color::White),
            train: fg(Color::LightGreen).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            station: fg(Color::White),
            major: fg(Color::White).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            passed: fg(Color::Yellow),
            event: fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            zones: [Color::Blue, Color::Magenta, Color::Blue, Color::Magenta],
            zone_text: fg(Color::White).add_modifier(Modifier::BOLD),
            ruler: fg(Color::White),
            clock: fg(Color::White).add_modifier(Modifier::BOLD),
            flash: Style::new()
                .fg(Color::Black)
                .bg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            current: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            key: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            warn: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            trains: [
                Color::LightCyan,
                Color::LightGreen,
                Color::LightMagenta,
                Color::White,
                Color::LightYellow,
                Color::LightRed,
            ],
            night: Color::Rgb(0, 0, 95),
            coast: Color::White,
            borders: Color::LightRed,
            admin: Color::DarkGray,
            water: Color::LightCyan,
            background: Color::Black,
            lateness: [
                Color::LightCyan,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightRed,
            ],
        }
    }

    fn monochrome() -> Self {
        let plain = Style::new();
        Self {
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            border: plain,
            title: plain.add_modifier(Modifier::REVERSED),
            accent: plain.add_modifier(Modifier::BOLD),
            badge: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            travelled: plain.add_modifier(Modifier::BOLD),
            ahead: plain.add_modifier(Modifier::DIM),
            train: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            station: plain,
            major: plain.add_modifier(Modifier::BOLD),
            passed: plain.add_modifier(Modifier::DIM),
            event: plain,
            zones: [Color::Reset; 4],
            zone_text: plain.add_modifier(Modifier::UNDERLINED),
            ruler: plain.add_modifier(Modifier::DIM),
            clock: plain.add_modifier(Modifier::BOLD),
            flash: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            current: plain.add_modifier(Modifier::REVERSED),
            key: plain.add_modifier(Modifier::BOLD),
            warn: plain.add_modifier(Modifier::BOLD),
            trains: [Color::Reset; 6],
            night: Color::Reset,
            coast: Color::Reset,
            borders: Color::Reset,
            admin: Color::Reset,
            water: Color::Reset,
            background: Color::Reset,
            lateness: [Color::Reset; 4],
        }
    }

    /// The colour of a train that is `lateness` (with realtime data; the route's colour
    /// without).
    #[must_use]
    pub fn lateness(&self, lateness: Lateness) -> Color {
        self.lateness[match lateness {
            Lateness::Early => 0,
            Lateness::OnTime => 1,
            Lateness::Late => 2,
            Lateness::VeryLate => 3,
        }]
    }

    /// The band colour for a UTC offset (whole hours cycle through the palette).
    #[must_use]
    pub fn zone_color(&self, offset_secs: i32) -> Color {
        let hours = offset_secs.div_euclid(3600).rem_euclid(4);
        self.zones[usize::try_from(hours).unwrap_or(0)]
    }
}

/// Characters for the strip and the frames: Unicode or plain ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// Line travelled.
    pub done: &'static str,
    /// Line ahead.
    pub ahead: &'static str,
    /// A stop.
    pub stop: &'static str,
    /// A major stop.
    pub major: &'static str,
    /// The train heading left / right.
    pub train: [&'static str; 2],
    /// Ruler tick.
    pub tick: &'static str,
    /// Separator in text.
    pub sep: &'static str,
    /// Block borders.
    pub border: border::Set<'static>,
    /// Ellipsis for cut text.
    pub ellipsis: &'static str,
    /// Arrow between two stops.
    pub arrow: &'static str,
    /// Ascii mode.
    pub ascii: bool,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Glyphs {
    /// The glyph set for the ascii setting.
    #[must_use]
    pub fn new(ascii: bool) -> Self {
        if ascii {
            Self {
                done: "=",
                ahead: "-",
                stop: "+",
                major: "O",
                train: ["<", ">"],
                tick: "|",
                sep: " | ",
                border: ASCII_BORDER,
                ellipsis: "~",
                arrow: "->",
                ascii,
            }
        } else {
            Self {
                done: "━",
                ahead: "─",
                stop: "┼",
                major: "●",
                train: ["◀", "▶"],
                tick: "╵",
                sep: " · ",
                border: border::ROUNDED,
                ellipsis: "…",
                arrow: "→",
                ascii,
            }
        }
    }

    /// The glyph for a route event kind.
    #[must_use]
    pub fn event(&self, kind: EventKind) -> &'static str {
        let (unicode, ascii) = match kind {
            EventKind::Border => ("╫", "#"),
            EventKind::Gauge => ("≡", "="),
            EventKind::Transfer => ("⇄", "x"),
            EventKind::Bridge => ("π", "n"),
            EventKind::River => ("≈", "~"),
            EventKind::Landmark => ("▲", "^"),
            EventKind::Note => ("•", "*"),
        };
        if self.ascii { ascii } else { unicode }
    }
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    /// A colour as red, green and blue: the 16 ANSI colours as xterm's default palette has
    /// them (what a terminal shows when nobody changed its palette).
    fn rgb(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Rgb(r, g, b) => (r, g, b),
            Color::Black => (0, 0, 0),
            Color::Red => (205, 0, 0),
            Color::Green => (0, 205, 0),
            Color::Yellow => (205, 205, 0),
            Color::Blue => (0, 0, 238),
            Color::Magenta => (205, 0, 205),
            Color::Cyan => (0, 205, 205),
            Color::Gray => (229, 229, 229),
            Color::DarkGray => (127, 127, 127),
            Color::LightRed => (255, 0, 0),
            Color::LightGreen => (0, 255, 0),
            Color::LightYellow => (255, 255, 0),
            Color::LightBlue => (92, 92, 255),
            Color::LightMagenta => (255, 0, 255),
            Color::LightCyan => (0, 255, 255),
            Color::White => (255, 255, 255),
            other => panic!("a theme colour the test cannot resolve: {other:?}"),
        }
    }

    /// WCAG 2 relative luminance.
    fn luminance(c: Color) -> f64 {
        let (r, g, b) = rgb(c);
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

    /// WCAG 2 contrast ratio, 1 to 21.
    fn ratio(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Every (what, foreground, background) pair `t` draws text with.
    fn pairs(t: &Theme) -> Vec<(String, Color, Color)> {
        let styles = [
            ("text", t.text),
            ("dim", t.dim),
            ("border", t.border),
            ("title", t.title),
            ("accent", t.accent),
            ("badge", t.badge),
            ("travelled", t.travelled),
            ("ahead", t.ahead),
            ("train", t.train),
            ("station", t.station),
            ("major", t.major),
            ("passed", t.passed),
            ("event", t.event),
            ("ruler", t.ruler),
            ("clock", t.clock),
            ("flash", t.flash),
            ("current", t.current),
            ("key", t.key),
            ("warn", t.warn),
        ];
        let mut out = Vec::new();
        for (name, style) in styles {
            let fg = style.fg.unwrap_or(t.background);
            let bg = style.bg.unwrap_or(t.background);
            out.push((name.to_owned(), fg, bg));
            // What the strip draws above and on the line sits on the night shade too.
            let on_line = ["travelled", "ahead", "train", "station", "major", "passed"];
            if style.bg.is_none() && on_line.contains(&name) {
                out.push((format!("{name} at night"), fg, t.night));
            }
        }
        for (i, band) in t.zones.iter().enumerate() {
            let fg = t.zone_text.fg.unwrap_or(t.background);
            out.push((format!("zone_text on band {i}"), fg, *band));
        }
        for (i, train) in t.trains.iter().enumerate() {
            out.push((format!("train colour {i}"), *train, t.background));
            out.push((format!("train colour {i} at night"), *train, t.night));
        }
        for (i, colour) in t.lateness.iter().enumerate() {
            out.push((format!("lateness colour {i}"), *colour, t.background));
            out.push((format!("lateness colour {i} at night"), *colour, t.night));
        }
        out
    }

    #[test]
    fn the_four_lateness_colours_differ_in_every_coloured_theme() {
        for name in ThemeName::ALL {
            let t = Theme::new(*name, false);
            let all = [
                Lateness::Early,
                Lateness::OnTime,
                Lateness::Late,
                Lateness::VeryLate,
            ]
            .map(|l| t.lateness(l));
            for (i, a) in all.iter().enumerate() {
                for b in &all[i + 1..] {
                    assert_ne!(a, b, "{}: two lateness classes share {a:?}", name.name());
                    // Apart in lightness or hue enough to tell on a map: a contrast of 1.2:1
                    // between any two, or a different dominant channel.
                    let (ra, rb) = (rgb(*a), rgb(*b));
                    let dominant = |c: (u8, u8, u8)| {
                        let v = [c.0, c.1, c.2];
                        (0..3).max_by_key(|&k| v[k]).unwrap_or(0)
                    };
                    assert!(
                        ratio(*a, *b) >= 1.2 || dominant(ra) != dominant(rb),
                        "{}: {a:?} and {b:?} are too alike",
                        name.name()
                    );
                }
            }
        }
        assert_eq!(
            Theme::new(ThemeName::Dark, true).lateness(Lateness::Late),
            Color::Reset
        );
    }

    #[test]
    fn the_contrast_ratio_is_the_wcag_one() {
        assert!((ratio(Color::Black, Color::White) - 21.0).abs() < 1e-9);
        assert!((ratio(Color::Gray, Color::Gray) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic just-passing grey, 4.54:1.
        let grey = Color::Rgb(0x76, 0x76, 0x76);
        assert!((ratio(grey, Color::White) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_themes_text_reaches_wcag_aa_on_its_background() {
        let mut failures = Vec::new();
        for name in ThemeName::ALL {
            let theme = Theme::new(*name, false);
            for (what, fg, bg) in pairs(&theme) {
                let r = ratio(fg, bg);
                if r < 4.5 {
                    failures.push(format!(
                        "{}: {what} {fg:?} on {bg:?} is {r:.2}:1",
                        name.name()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
    }
}
