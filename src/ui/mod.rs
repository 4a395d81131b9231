//! Rendering: pure functions from `&App` to a ratatui buffer. Nothing here changes state or
//! reads a clock, so the same app at the same instant always draws the same frame. The screen
//! layout is documented in [`crate::app::layout`], which the model hit-tests with too.

pub mod clocks;
pub mod keybar;
pub mod legend;
pub mod log;
pub mod map;
pub mod network;
pub mod overlay;
pub mod palette;
pub mod prompt;
pub mod scale;
pub mod strip;
pub mod theme;
pub mod timetable;
pub mod title;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::{App, Overlay, layout};
use theme::{Glyphs, Theme};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

/// Draw the whole screen for `app` into `buf` over `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.settings().theme, app.settings().no_color);
    let glyphs = Glyphs::new(app.settings().ascii);
    let areas = layout::areas_in(app, area);
    if areas.too_small {
        let text = format!(
            "terminal too small: longrail needs {}×{} (this one is {}×{})",
            layout::MIN_SIZE.0,
            layout::MIN_SIZE.1,
            area.width,
            area.height
        );
        let y = area.y + area.height.saturating_sub(1) / 2;
        Paragraph::new(text)
            .style(theme.text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(
                Rect::new(area.x, y, area.width, area.height - (y - area.y)),
                buf,
            );
        return;
    }
    let sun = crate::geo::solar::Sun::at(app.now());
    title::render(app, areas.title, buf, &theme, &glyphs);
    if !areas.strip.is_empty() {
        strip::render(app, areas.strip, buf, &theme, &glyphs, &sun);
    }
    clocks::render(app, areas.clocks, buf, &theme, &glyphs);
    if !areas.timetable.is_empty() {
        timetable::render(app, areas.timetable, buf, &theme, &glyphs);
        log::render(app, areas.log, buf, &theme, &glyphs);
    }
    if !areas.map.is_empty() {
        map::render(app, areas.map, buf, &theme, &glyphs, &sun);
    }
    keybar::render(app, areas.keybar, buf, &theme, &glyphs);
    match app.screen().overlay() {
        Overlay::None => {}
        Overlay::Help => overlay::help(app, area, buf, &theme, &glyphs),
        Overlay::Station(i) => overlay::station(app, i, area, buf, &theme, &glyphs),
        Overlay::Legend => legend::render(app, area, buf, &theme, &glyphs),
        Overlay::Runs => overlay::runs(app, area, buf, &theme, &glyphs),
    }
    overlay::caption(app, area, buf, &theme, &glyphs);
    prompt::render(app, area, buf, &theme, &glyphs);
    if glyphs.ascii {
        ascii_punctuation(area, buf);
    }
}

/// Every bordered box the frame of `app` draws over `area`, in drawing order (a later box is
/// drawn over the ones before it): the panels, each clock, then whatever is open over them.
/// Text inside a box keeps off its right border; the tests check the drawn frame against
/// these rectangles.
#[must_use]
pub fn boxes(app: &App, area: Rect) -> Vec<Rect> {
    let areas = layout::areas_in(app, area);
    if areas.too_small {
        return Vec::new();
    }
    let mut out: Vec<Rect> = [areas.strip, areas.timetable, areas.log, areas.map]
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    out.extend(clocks::boxes(app, areas.clocks));
    let over = match app.screen().overlay() {
        Overlay::None => None,
        Overlay::Help => Some(overlay::help_rect(app, area)),
        Overlay::Station(i) => overlay::station_rect(app, i, area),
        Overlay::Legend => Some(legend::rect(area)),
        Overlay::Runs => overlay::runs_rect(app, area),
    };
    out.extend(over);
    out.extend(overlay::caption_rect(app, area));
    out.extend(prompt::rect(app, area));
    out
}

/// With `--ascii`, the symbols that still came through (the speed's ×, offsets' minus sign,
/// arrows and dots in names and titles, ratatui's own dot marker) become their ASCII look-alikes,
/// cell for cell. Letters of names in other scripts are left alone.
pub fn ascii_punctuation(area: Rect, buf: &mut Buffer) {
    for pos in area.positions() {
        let cell = &mut buf[pos];
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(plain) = crate::util::text::ascii_look_alike(c)
        {
            cell.set_char(plain);
        }
    }
}

/// Text from a route file as drawn: sanitised, and with `--ascii` its typographic symbols
/// spelled in ASCII before it is laid out (`→` becomes `->`, the one ASCII arrow, where the
/// cell-by-cell pass after drawing could only give `>`).
#[must_use]
pub fn shown(text: &str, g: &Glyphs) -> String {
    let clean = crate::util::text::sanitize(text);
    if g.ascii {
        crate::util::text::ascii_punctuation(&clean)
    } else {
        clean
    }
}

/// Cut `text` to at most `width` columns, ending with `ellipsis` when cut. The cut falls where
/// the reader can still tell what was there: never inside a number or a word with digits
/// (`14:5…`, `d1…`), never leaving fewer than three characters of a word (`P…`), and never
/// after a bare number or a separator (`28…`, `→…`); such a word goes whole. Only when no
/// such cut fits does the text end where the room does.
#[must_use]
pub fn truncate(text: &str, width: usize, ellipsis: &str) -> String {
    use crate::util::text::char_width;
    if crate::util::text::width(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let room = width.saturating_sub(crate::util::text::width(ellipsis));
    let chars: Vec<char> = text.chars().collect();
    let mut used = 0;
    let fits = chars
        .iter()
        .take_while(|c| {
            used += char_width(**c);
            used <= room
        })
        .count();
    let kept = (1..=fits)
        .rev()
        .find_map(|k| readable_cut(&chars, k))
        .unwrap_or_else(|| chars[..fits].iter().collect());
    format!("{kept}{ellipsis}")
}

/// The text kept when `chars` is cut after `k` of them, if a reader can tell what was there.
fn readable_cut(chars: &[char], k: usize) -> Option<String> {
    let kept: String = chars[..k].iter().collect();
    let at_boundary = chars[k].is_whitespace() || chars[k - 1].is_whitespace();
    if at_boundary {
        // Whole words: the last one, less its trailing punctuation, must say something.
        let kept = kept.trim_end();
        let word = kept.rsplit(char::is_whitespace).next().unwrap_or("");
        let bare = word.trim_end_matches([':', ';', ',', '·', '|', '(', '-', '–', '—']);
        // A number is never the last thing before `…`: `d1…` or `28…` leaves a reader
        // guessing what followed (a time, a unit).
        if !bare.chars().any(char::is_alphabetic) || bare.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let cut = kept.len() - (word.len() - bare.len());
        return Some(kept[..cut].to_owned());
    }
    let word = kept.rsplit(char::is_whitespace).next().unwrap_or("");
    let next_word_digits = chars[k..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .any(char::is_ascii_digit);
    // Three cells of letters: `Kha…`, or two Hangul syllables (`청진…`).
    let letters: usize = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(crate::util::text::char_width)
        .sum();
    let readable = letters >= 3
        && !word.chars().any(|c| c.is_ascii_digit())
        && !next_word_digits
        && word.chars().last().is_some_and(char::is_alphabetic);
    readable.then_some(kept)
}

/// Draw `lines` into `area` left-aligned, one a row from the top, each cut at the area's
/// right edge: what an unwrapped paragraph draws, without its reflow of every character
/// (the log and the clocks draw this way every frame, for every viewer).
pub fn draw_lines(lines: &[Line], area: Rect, buf: &mut Buffer) {
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        buf.set_line(area.x, y, line, area.width);
    }
}

/// A bordered panel in the glyph set's border, with a styled title: the frame every block on
/// the screen uses.
#[must_use]
pub fn panel(title: String, title_style: Style, border_style: Style, g: &Glyphs) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(g.border)
        .border_style(border_style)
        .title(Line::styled(title, title_style))
}

/// A centred rectangle of at most `w`×`h` inside `area`.
#[must_use]
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
