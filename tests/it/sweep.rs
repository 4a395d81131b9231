//! The fit sweep (issue 19): every screen and overlay (the strip screen with its strip,
//! clocks, timetable, log, title and key bar; the help, the legend, a station's details, the
//! run picker, the go-to and find prompts, the focused timetable; the map and the split view)
//! drawn at widths 60 to 220 and heights 20 to 60, for the built-in route (with the other
//! trains of its line) and a route imported from a GTFS feed with long stop names, in the dark
//! theme and with `--ascii`. Each frame is read back from the buffer and fails on:
//!
//! - text running into a border or the screen's edge (a cut without `…`): a box's last column
//!   inside its right border, and the cell before each corner of its titles, keep off words;
//!   so do the last columns of the title bar and the key bar;
//! - a cut that leaves too little: an ellipsis after fewer than three characters of a word, or
//!   right after a digit (a number is never cut);
//! - a timetable column whose text runs into the blank column after it (overflow);
//! - a column that a wider terminal takes away: the timetable's columns, the clocks, the key
//!   bar's keys and the fields of the title bar, the strip's and the map's titles only ever
//!   grow with the width, at each height.
//!
//! What a frame draws where (the boxes, the timetable's columns, the clocks' titles, the key
//! bar's items) comes from the view ([`longrail::ui::boxes`] and friends); what is asserted is
//! what the buffer holds.
//!
//! The whole grid, 161 widths × 41 heights for each of the 40 cases, is 264,000 frames: at
//! the 5 to 15 ms a frame takes to draw and check in a debug build (`cost_per_frame`, an
//! ignored test, measures it per case), well over half an hour. So each case is drawn at the
//! sizes of its [`Cover`]: in the dark theme, the screens (strip, focused, map and split) at
//! every width at heights 20, 24, 40 and 60 and every height at widths 60, 120, 160 and 220,
//! the overlays and prompts at every width at height 24; with `--ascii`, the screens at every
//! width at height 24 and every height at width 120; and every case at 20 more sizes (10 for
//! the ASCII screens) from a fixed seed. That is 3,703 frames per route in the dark theme and
//! 773 in ASCII, about 40 s and 10 s in a debug build on two busy cores, the four tests in
//! parallel about a minute (`cargo test --locked --test it sweep -- --nocapture` prints each
//! one's count and time).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Duration;

use longrail::app::{Action, App, Command, Key, Overlay};
use longrail::settings::Settings;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common;
use crate::gtfs::{Files, st};

/// Widths and heights swept.
const WIDTHS: std::ops::RangeInclusive<u16> = 60..=220;
const HEIGHTS: std::ops::RangeInclusive<u16> = 20..=60;
/// The heights at which every width is drawn (for the screens, in the dark theme): the
/// smallest, the common ones and the tallest.
const FULL_WIDTH_AT: [u16; 4] = [20, 24, 40, 60];
/// The widths at which every height is drawn: the narrowest, a common one, the split view's
/// first and the widest.
const FULL_HEIGHT_AT: [u16; 4] = [60, 120, 160, 220];
/// How many other (width, height) pairs each screen draws, from a fixed seed.
const SAMPLED: usize = 20;

/// One way of opening the app: a screen or overlay, on a route, in a glyph set.
struct Case {
    name: String,
    app: App,
}

/// A feed with one long-distance train whose stops have long names, as GTFS feeds name them,
/// across three zones over two days.
fn long_names_feed() -> Files {
    let stops = "\
CUS,,Chicago Union Station Amtrak,41.8789,-87.6400,America/Chicago,
GBB,,Galesburg Amtrak Station (Seminary Street),40.9439,-90.3643,America/Chicago,
OMA,,Omaha Amtrak Station,41.2525,-95.9289,America/Chicago,
LNK,,Lincoln Amtrak Haymarket Station,40.8165,-96.7128,America/Chicago,
DEN,,Denver Union Station Amtrak Platform,39.7531,-105.0000,America/Denver,
GSC,,Glenwood Springs Amtrak Station,39.5486,-107.3247,America/Denver,
SLC,,Salt Lake City Intermodal Hub Amtrak,40.7618,-111.9110,America/Denver,
RNO,,Reno Amtrak Station (Downtown Trench),39.5289,-119.8107,America/Los_Angeles,
SAC,,Sacramento Valley Station Amtrak,38.5842,-121.5006,America/Los_Angeles,
EMY,,Emeryville Amtrak Station for San Francisco,37.8405,-122.2914,America/Los_Angeles,
";
    let times = [
        st("CUS", 1, "14:00:00", "14:00:00"),
        st("GBB", 2, "17:01:00", "17:03:00"),
        st("OMA", 3, "23:16:00", "23:30:00"),
        st("LNK", 4, "24:38:00", "24:42:00"),
        st("DEN", 5, "31:15:00", "32:05:00"),
        st("GSC", 6, "37:26:00", "37:28:00"),
        st("SLC", 7, "45:05:00", "45:30:00"),
        st("RNO", 8, "59:06:00", "59:16:00"),
        st("SAC", 9, "63:09:00", "63:20:00"),
        st("EMY", 10, "66:10:00", "66:10:00"),
    ]
    .concat();
    Files::new("America/Chicago", stops, &times)
}

/// The imported route's file, written once per test binary.
pub fn imported_route() -> String {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let out = long_names_feed().import(Some("2025-06-17")).unwrap();
        let dir = common::bin::scratch("sweep");
        let path = dir.join("long-names.toml");
        std::fs::write(&path, out.text).unwrap();
        path.to_string_lossy().into_owned()
    })
    .clone()
}

/// Settings for `route` at `at`, in the dark theme or with `--ascii`.
fn settings(route: &str, at: &str, ascii: bool) -> Settings {
    let mut s = common::settings(route, at);
    s.ascii = ascii;
    s
}

/// The routes: the built-in one with its line's other trains, at an instant whose next stops
/// are more than a day away (long arrival estimates) and an eastbound car on the line; the
/// imported one just after its departure.
fn base_apps(ascii: bool) -> Vec<(&'static str, App)> {
    let builtin = common::app_with_trains_from(
        settings("pyongyang-moscow", "2025-06-16T18:10:00Z", ascii),
        None,
        (120, 40),
    );
    let imported = common::app_with(
        settings(&imported_route(), "2025-06-17T19:05:00Z", ascii),
        (120, 40),
    );
    vec![("builtin", builtin), ("imported", imported)]
}

fn act(app: &mut App, action: Action) {
    app.update(action, Duration::ZERO);
}

fn command(app: &App, command: Command) -> App {
    let mut app = app.clone();
    act(&mut app, Action::Command(command));
    app
}

fn typed(app: &App, open: Command, text: &str) -> App {
    let mut app = command(app, open);
    for c in text.chars() {
        act(&mut app, Action::Prompt(Key::char(c)));
    }
    app
}

/// Every screen and overlay of `app`.
fn screens(app: &App) -> Vec<(&'static str, App)> {
    let details = {
        let mut a = command(app, Command::Focus);
        act(&mut a, Action::Command(Command::TimetableDown));
        act(&mut a, Action::Command(Command::Details));
        a
    };
    assert!(matches!(details.screen().overlay(), Overlay::Station(_)));
    vec![
        ("strip", app.clone()),
        ("focused", command(app, Command::Focus)),
        ("help", command(app, Command::Help)),
        ("legend", command(app, Command::Legend)),
        ("details", details),
        ("runs", command(app, Command::Runs)),
        ("goto", command(app, Command::Goto)),
        ("goto-error", {
            let mut a = typed(app, Command::Goto, "day 99 25:00");
            act(
                &mut a,
                Action::Prompt(Key::plain(longrail::settings::KeyCode::Enter)),
            );
            a
        }),
        ("find", typed(app, Command::Find, "a")),
        ("map", command(app, Command::Map)),
    ]
}

/// Every case: each screen of each route in each glyph set.
fn cases(ascii: bool) -> Vec<Case> {
    let mut out = Vec::new();
    for (route, app) in base_apps(ascii) {
        for (screen, app) in screens(&app) {
            let glyphs = if ascii { "ascii" } else { "dark" };
            out.push(Case {
                name: format!("{route}/{screen}/{glyphs}"),
                app,
            });
        }
    }
    out
}

/// `app` at `w`×`h`, drawn.
fn draw(app: &App, w: u16, h: u16) -> (App, Buffer) {
    let mut app = app.clone();
    act(&mut app, Action::Resize(w, h));
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    longrail::ui::draw(&app, area, &mut buf);
    (app, buf)
}

/// The symbol of a cell, as one char (a wide char's continuation is a space).
fn ch(buf: &Buffer, x: u16, y: u16) -> char {
    buf[(x, y)].symbol().chars().next().unwrap_or(' ')
}

/// A row of the buffer as text, one char per cell.
pub fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| ch(buf, x, y)).collect()
}

/// Whether a char is part of a word (letters and digits of any script).
fn wordy(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a char is a border's (the rounded set, or the ASCII one).
fn border(c: char) -> bool {
    matches!(
        c,
        '│' | '─' | '╭' | '╮' | '╰' | '╯' | '|' | '+' | '-' | '┤' | '├'
    )
}

/// Whether (`x`, `y`) is under a box drawn after box `i`.
fn covered(boxes: &[Rect], i: usize, x: u16, y: u16) -> bool {
    boxes[i + 1..]
        .iter()
        .any(|b| b.contains(ratatui::layout::Position::new(x, y)))
}

/// Whether the word ending at (`x`, `y`) is at least two characters long (a lone letter at a
/// border is a glyph: `O`, `x`, `n` in ASCII).
fn word_ends_at(buf: &Buffer, x: u16, y: u16) -> bool {
    wordy(ch(buf, x, y)) && x > 0 && wordy(ch(buf, x - 1, y))
}

/// Text running into a border: the last column inside each box, the cells before its corners
/// on its top and bottom rows, and the last column of the title bar and the key bar.
fn border_cuts(app: &App, buf: &Buffer, out: &mut Vec<String>) {
    let area = buf.area;
    let boxes = longrail::ui::boxes(app, area);
    for (i, b) in boxes.iter().enumerate() {
        if b.width < 3 || b.height < 2 {
            continue;
        }
        let last = b.right() - 2;
        for y in b.y..b.bottom() {
            // On the top and bottom rows, the cell before the corner ends the titles.
            let x = last;
            if !covered(&boxes, i, x, y) && word_ends_at(buf, x, y) {
                out.push(format!(
                    "text runs into the right border of {b:?} at row {y}: {:?}",
                    row(buf, y).trim_end()
                ));
            }
        }
    }
    for y in [0, area.height - 1] {
        let x = area.width - 1;
        let under = boxes.iter().any(|b| b.contains((x, y).into()));
        if !under && word_ends_at(buf, x, y) {
            out.push(format!(
                "text runs off the screen at row {y}: {:?}",
                row(buf, y).trim_end()
            ));
        }
    }
}

/// Ellipses that leave too little: a field (the text back to a border, a wide gap or a `·`
/// separator) of fewer than three characters before it, or a digit right before it (a number
/// is never cut). In ASCII the ellipsis is `~` at a word's end. The screen beneath an overlay,
/// showing between the overlay's right border and its own, is not a cut the app made.
fn short_cuts(app: &App, buf: &Buffer, out: &mut Vec<String>) {
    let ascii = app.settings().ascii;
    let boxes = longrail::ui::boxes(app, buf.area);
    for y in 0..buf.area.height {
        let text: Vec<char> = row(buf, y).chars().collect();
        for (x, &c) in text.iter().enumerate() {
            let next = text.get(x + 1).copied().unwrap_or(' ');
            let is_cut = if ascii {
                c == '~' && !wordy(next) && x > 0 && wordy(text[x - 1])
            } else {
                c == '…'
            };
            if !is_cut {
                continue;
            }
            // The prompt's marks of text scrolled out of view follow its `›` (`>`).
            if text[..x].last().is_some_and(|p| matches!(p, '›' | '>')) {
                continue;
            }
            let field = field_before(&text, x, ascii);
            let start = x - field.chars().count();
            let peeks = start > 0 && {
                let (bx, cx) = (
                    u16::try_from(start - 1).unwrap_or(0),
                    u16::try_from(x).unwrap_or(0),
                );
                boxes.iter().any(|b| {
                    b.right().saturating_sub(1) == bx
                        && b.contains((bx, y).into())
                        && !b.contains((cx, y).into())
                })
            };
            if peeks {
                continue;
            }
            let digit = text[..x].last().is_some_and(char::is_ascii_digit);
            if field.trim().chars().count() < 3 || digit {
                out.push(format!(
                    "a cut leaves too little at ({x}, {y}): {:?}",
                    row(buf, y).trim_end()
                ));
            }
        }
    }
}

/// The field that ends at column `x` of `text`: back to a border, two blanks or a separator.
fn field_before(text: &[char], x: usize, ascii: bool) -> String {
    let sep = if ascii { '|' } else { '·' };
    let mut start = x;
    while start > 0 {
        let c = text[start - 1];
        let gap = c == ' ' && start > 1 && text[start - 2] == ' ';
        if (border(c) && !(ascii && c == '-')) || gap || c == sep {
            break;
        }
        start -= 1;
    }
    text[start..x].iter().collect()
}

/// Timetable columns whose text runs into the blank column after them.
fn column_overflows(app: &App, buf: &Buffer, out: &mut Vec<String>) {
    let areas = longrail::app::layout::areas(app);
    let t = areas.timetable;
    if t.is_empty() || app.screen().overlay() != Overlay::None || app.prompts().open().is_some() {
        return;
    }
    let columns = longrail::ui::timetable::column_ranges(app, t);
    let inner_right = t.right() - 1;
    for y in t.y + 1..t.bottom() - 1 {
        for (name, range) in &columns {
            let gap = range.end;
            if gap >= inner_right {
                out.push(format!(
                    "the timetable's {name:?} column runs into its border"
                ));
                continue;
            }
            if ch(buf, gap, y) != ' ' {
                out.push(format!(
                    "the timetable's {name:?} column overflows at row {y}: {:?}",
                    row(buf, y).trim_end()
                ));
            }
        }
    }
}

/// What a frame shows that a wider terminal must show too.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Shown {
    /// The timetable's column headers found in its header row.
    timetable: BTreeSet<String>,
    /// The clocks' titles found on the clocks' top row.
    clocks: BTreeSet<String>,
    /// The key bar's keys found on the last row.
    keys: BTreeSet<String>,
    /// How many fields the title bar has (separators + 1), and whether it names the app.
    title: (usize, bool),
    /// How many fields the strip's and the map's titles have.
    strip: usize,
    map: usize,
}

fn fields(text: &str, sep: &str) -> usize {
    if text.trim().is_empty() {
        0
    } else {
        text.matches(sep.trim()).count() + 1
    }
}

/// What the frame shows, read from the buffer at the places the view says.
fn shown(app: &App, buf: &Buffer) -> Shown {
    let areas = longrail::app::layout::areas(app);
    let sep = if app.settings().ascii { " | " } else { " · " };
    let mut s = Shown::default();
    if !areas.timetable.is_empty() {
        let header = row(buf, areas.timetable.y + 1);
        for (name, range) in longrail::ui::timetable::column_ranges(app, areas.timetable) {
            let cell: String = header
                .chars()
                .skip(usize::from(range.start))
                .take(range.len())
                .collect();
            if !name.is_empty() && cell.contains(name) {
                s.timetable.insert(name.to_owned());
            }
        }
    }
    let clock_row = row(buf, areas.clocks.y);
    for (clock, _) in longrail::ui::clocks::laid_out(app, areas.clocks) {
        let title = clock.title.split(" · ").next().unwrap_or("").to_owned();
        if clock_row.contains(&title) {
            s.clocks.insert(title);
        }
    }
    let keybar = row(buf, buf.area.height - 1);
    for (command, name) in longrail::ui::keybar::items(app) {
        if let Some(key) = app.keymap().keys(command).first() {
            let key = key.to_string();
            if keybar.contains(&format!(" {key} {name} ")) {
                s.keys.insert(key);
            }
        }
    }
    let title = row(buf, 0);
    s.title = (fields(&title, sep), title.contains(" longrail "));
    let top = |r: Rect| {
        if r.is_empty() {
            0
        } else {
            let text: String = row(buf, r.y)
                .chars()
                .skip(usize::from(r.x))
                .take(usize::from(r.width))
                .collect();
            fields(&text, sep)
        }
    };
    s.strip = top(areas.strip);
    s.map = top(areas.map);
    s
}

/// What `wider` lost of `narrower`, in words.
fn lost(narrower: &Shown, wider: &Shown) -> Option<String> {
    let mut why = String::new();
    for (what, a, b) in [
        ("timetable columns", &narrower.timetable, &wider.timetable),
        ("clocks", &narrower.clocks, &wider.clocks),
        ("keys", &narrower.keys, &wider.keys),
    ] {
        let gone: Vec<_> = a.difference(b).collect();
        if !gone.is_empty() {
            let _ = write!(why, "{what} {gone:?} ");
        }
    }
    if wider.title.0 < narrower.title.0 || (narrower.title.1 && !wider.title.1) {
        let _ = write!(
            why,
            "title fields {:?} -> {:?} ",
            narrower.title, wider.title
        );
    }
    if wider.strip < narrower.strip {
        let _ = write!(
            why,
            "strip title fields {} -> {} ",
            narrower.strip, wider.strip
        );
    }
    if wider.map < narrower.map && wider.map > 0 {
        let _ = write!(why, "map title fields {} -> {} ", narrower.map, wider.map);
    }
    (!why.is_empty()).then_some(why)
}

/// Every check on one frame.
pub fn frame_problems(app: &App, buf: &Buffer) -> Vec<String> {
    let mut out = Vec::new();
    border_cuts(app, buf, &mut out);
    short_cuts(app, buf, &mut out);
    column_overflows(app, buf, &mut out);
    out
}

/// A terminal's size: columns and rows.
type Size = (u16, u16);

/// Which sizes a case is drawn at: every width at each of `full_width_at` (in order of width,
/// for the check that nothing goes as the width grows), every height at each of
/// `full_height_at`, and `sampled` more pairs from a fixed seed.
struct Cover {
    full_width_at: &'static [u16],
    full_height_at: &'static [u16],
    sampled: usize,
}

/// The screens themselves (the strip screen, focused or not, and the map's, split beside the
/// strip from 160 columns): every width at the smallest height and a common one, every height
/// at the narrowest width and at both sides of the layout's steps.
const SCREENS: Cover = Cover {
    full_width_at: &FULL_WIDTH_AT,
    full_height_at: &FULL_HEIGHT_AT,
    sampled: SAMPLED,
};

/// An overlay or a prompt over them: every width at a common height (the check that nothing
/// goes as the width grows reads the screens, not what an overlay leaves of them), and a
/// sample of the rest.
const OVERLAYS: Cover = Cover {
    full_width_at: &[24],
    full_height_at: &[],
    sampled: SAMPLED,
};

/// With `--ascii` only the glyphs and separators differ, so less of the grid: every width at
/// one height for the screens, a sample for the overlays.
const ASCII_SCREENS: Cover = Cover {
    full_width_at: &[24],
    full_height_at: &[120],
    sampled: SAMPLED / 2,
};

/// With `--ascii`, an overlay at a sample of sizes.
const ASCII_OVERLAYS: Cover = Cover {
    full_width_at: &[],
    full_height_at: &[],
    sampled: SAMPLED,
};

impl Cover {
    /// The rows of every width, and the other sizes.
    fn sizes(&self, seed: u64) -> (Vec<Vec<Size>>, Vec<Size>) {
        let rows: Vec<Vec<Size>> = self
            .full_width_at
            .iter()
            .map(|&h| WIDTHS.map(|w| (w, h)).collect())
            .collect();
        let mut others: Vec<Size> = self
            .full_height_at
            .iter()
            .flat_map(|&w| HEIGHTS.map(move |h| (w, h)))
            .filter(|(_, h)| !self.full_width_at.contains(h))
            .collect();
        let mut seed = seed;
        let mut next = move |n: usize| {
            // xorshift64*: a fixed, dependency-free sequence.
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            usize::try_from(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40).unwrap_or(0) % n
        };
        let widths: Vec<u16> = WIDTHS.collect();
        let heights: Vec<u16> = HEIGHTS.collect();
        for _ in 0..self.sampled {
            others.push((widths[next(widths.len())], heights[next(heights.len())]));
        }
        (rows, others)
    }
}

/// The cover for a case (`route/screen/glyphs`): the fuller one for the screens, the lighter
/// one for overlays, less again with `--ascii`.
fn cover_for(case: &str) -> &'static Cover {
    let mut parts = case.split('/').skip(1);
    let screen = matches!(parts.next(), Some("strip" | "focused" | "map"));
    match (screen, parts.next() == Some("ascii")) {
        (true, false) => &SCREENS,
        (false, false) => &OVERLAYS,
        (true, true) => &ASCII_SCREENS,
        (false, true) => &ASCII_OVERLAYS,
    }
}

/// Sweep `cases`: every frame checked, and what each shows never lost as the width grows.
fn sweep(cases: &[Case]) {
    let started = std::time::Instant::now();
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut frames = 0usize;
    for (n, case) in cases.iter().enumerate() {
        let (rows, others) = cover_for(&case.name).sizes(0x5eed_0f17 + n as u64);
        let mut note = |w: u16, h: u16, found: Vec<String>| {
            for p in found {
                problems.push((case.name.clone(), format!("{w}x{h}: {p}")));
            }
        };
        for sizes in &rows {
            let mut before: Option<(u16, Shown)> = None;
            for &(w, h) in sizes {
                let (app, buf) = draw(&case.app, w, h);
                frames += 1;
                note(w, h, frame_problems(&app, &buf));
                // Over an overlay or a prompt, what shows of the screen beneath depends on
                // where the box is centred, not on what the screen lays out.
                if app.screen().overlay() != Overlay::None || app.prompts().open().is_some() {
                    continue;
                }
                let now = shown(&app, &buf);
                if let Some((pw, prev)) = &before
                    && let Some(why) = lost(prev, &now)
                {
                    note(w, h, vec![format!("lost since {pw}x{h}: {why}")]);
                }
                before = Some((w, now));
            }
        }
        for &(w, h) in &others {
            let (app, buf) = draw(&case.app, w, h);
            frames += 1;
            note(w, h, frame_problems(&app, &buf));
        }
    }
    eprintln!(
        "sweep: {frames} frames of {} cases in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    if !problems.is_empty() {
        panic!("{}", report(&problems, frames));
    }
}

/// The failure's message: how many problems of each kind, and the first two of each kind of
/// each case.
fn report(problems: &[(String, String)], frames: usize) -> String {
    let mut seen: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut first = String::new();
    for (case, p) in problems {
        let kind: String = p
            .split_once(": ")
            .map_or("", |(_, rest)| rest)
            .chars()
            .take_while(|c| !matches!(c, '"' | '{' | '('))
            .filter(|c| !c.is_ascii_digit())
            .collect();
        let count = seen.entry((case.clone(), kind)).or_default();
        *count += 1;
        if *count <= 2 {
            let _ = writeln!(first, "{case} at {p}");
        }
    }
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    for ((_, kind), n) in &seen {
        *kinds.entry(kind.as_str()).or_default() += n;
    }
    format!(
        "{} problems in {frames} frames, by kind {kinds:?}:\n{first}",
        problems.len()
    )
}

/// The cases of one route in one glyph set.
fn route_cases(route: &str, ascii: bool) -> Vec<Case> {
    cases(ascii)
        .into_iter()
        .filter(|c| c.name.starts_with(route))
        .collect()
}

#[test]
fn the_built_in_route_fits_in_the_dark_theme() {
    sweep(&route_cases("builtin", false));
}

#[test]
fn the_built_in_route_fits_in_ascii() {
    sweep(&route_cases("builtin", true));
}

#[test]
fn an_imported_route_with_long_names_fits_in_the_dark_theme() {
    sweep(&route_cases("imported", false));
}

#[test]
fn an_imported_route_with_long_names_fits_in_ascii() {
    sweep(&route_cases("imported", true));
}

#[test]
#[ignore = "a measurement"]
fn cost_per_frame() {
    for case in cases(false) {
        let t = std::time::Instant::now();
        for w in 100..120 {
            let _ = draw(&case.app, w, 40);
        }
        let draw_ms = t.elapsed().as_secs_f64() * 1000.0 / 20.0;
        let t = std::time::Instant::now();
        for w in 100..120 {
            let mut app = case.app.clone();
            act(&mut app, Action::Resize(w, 40));
        }
        let clone_ms = t.elapsed().as_secs_f64() * 1000.0 / 20.0;
        let (app, buf) = draw(&case.app, 120, 40);
        let t = std::time::Instant::now();
        for _ in 0..20 {
            let _ = frame_problems(&app, &buf);
            let _ = shown(&app, &buf);
        }
        let check_ms = t.elapsed().as_secs_f64() * 1000.0 / 20.0;
        eprintln!(
            "{}: draw+clone {draw_ms:.1} ms, clone+resize {clone_ms:.1} ms, checks {check_ms:.1} ms",
            case.name
        );
    }
}
