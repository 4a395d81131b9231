//! Issue 19, item by item: text that was cut, hidden or wrong at common sizes, each checked on
//! the drawn screen (the sweep in `sweep.rs` then walks every size for the same kinds of
//! defect).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use longrail::app::session::{Input, Moment, Session, SharedClock};
use longrail::app::{Action, App, Command, Key};
use longrail::settings::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common;

/// `app` at `w`×`h`, drawn.
fn draw(app: &App, w: u16, h: u16) -> (App, Buffer) {
    let mut app = app.clone();
    app.update(Action::Resize(w, h), Duration::ZERO);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    longrail::ui::draw(&app, area, &mut buf);
    (app, buf)
}

/// Row `y` of `buf` as text, one char per cell.
fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
        .collect()
}

/// The text of `r` in `buf`, row by row.
fn text_in(buf: &Buffer, r: Rect) -> Vec<String> {
    (r.y..r.bottom())
        .map(|y| {
            row(buf, y)
                .chars()
                .skip(usize::from(r.x))
                .take(usize::from(r.width))
                .collect()
        })
        .collect()
}

fn command(app: &mut App, command: Command) {
    app.update(Action::Command(command), Duration::ZERO);
}

/// The timetable's rows (inside its border, below the header) of a drawn frame.
fn timetable_rows(app: &App, buf: &Buffer) -> Vec<String> {
    let t = longrail::app::layout::areas(app).timetable;
    text_in(buf, Rect::new(t.x + 1, t.y + 2, t.width - 2, t.height - 3))
}

/// The timetable's header row of a drawn frame.
fn timetable_header(app: &App, buf: &Buffer) -> String {
    let t = longrail::app::layout::areas(app).timetable;
    text_in(buf, Rect::new(t.x + 1, t.y + 1, t.width - 2, 1)).remove(0)
}

// 1. Arrival estimates are whole: `in 1 d 03 h 28 min`, never `in 1 d 03 h 28`.
#[test]
fn arrival_estimates_are_never_cut() {
    // Six minutes after the departure from Pyongyang: Chongjin is more than a day away.
    let app = common::app("2025-06-16T18:10:00Z", (120, 40));
    let chongjin = app
        .journey()
        .route()
        .stops
        .iter()
        .find(|s| s.name == "Chongjin")
        .unwrap();
    let wait = chongjin.arrive.unwrap() - app.now();
    let expected = format!(
        "in {} d {:02} h {:02} min",
        wait.num_days(),
        wait.num_hours() % 24,
        wait.num_minutes() % 60
    );
    let (app, buf) = draw(&app, 120, 40);
    let rows = timetable_rows(&app, &buf);
    let line = rows.iter().find(|r| r.starts_with("Chongjin")).unwrap();
    assert!(line.contains(&expected), "{expected:?} not in {line:?}");
    for w in 60..=220 {
        let (app, buf) = draw(&app, w, 40);
        for line in timetable_rows(&app, &buf) {
            if let Some(at) = line.find(" in ") {
                let eta = line[at + 1..].trim_end();
                assert!(
                    eta.ends_with(" min"),
                    "at {w}x40 the estimate is cut: {line:?}"
                );
            }
        }
    }
}

// 2. The timetable's columns never go as the terminal widens.
#[test]
fn timetable_columns_only_come_as_the_terminal_widens() {
    let app = common::app("2025-06-18T18:30:00Z", (120, 40));
    let mut before: Vec<String> = Vec::new();
    for w in 60..=220 {
        let (app, buf) = draw(&app, w, 40);
        let header: Vec<String> = timetable_header(&app, &buf)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        for h in &before {
            assert!(
                header.contains(h),
                "the {h:?} column went at {w} columns: {header:?} after {before:?}"
            );
        }
        before = header;
    }
}

/// The route file of `tests/it/sweep.rs`'s feed with long stop names.
fn long_names() -> App {
    let path = crate::sweep::imported_route();
    common::app_with(common::settings(&path, "2025-06-17T19:05:00Z"), (120, 40))
}

// 3. Names get the room first: a name is cut only when the table has no column left to give
// it, and names up to `NAME_ROOM` cells are whole before any optional column shows.
#[test]
fn station_names_get_the_room_first() {
    let app = long_names();
    for (w, h) in [(120, 40), (100, 30), (160, 40), (200, 60), (80, 24)] {
        let (app, buf) = draw(&app, w, h);
        let rows = timetable_rows(&app, &buf);
        let t = longrail::app::layout::areas(&app).timetable;
        let columns = longrail::ui::timetable::column_ranges(&app, t);
        let cut = rows.iter().any(|r| r.contains('…'));
        // The columns, the blanks between them and one after the last fill the block.
        let used_to = columns.last().unwrap().1.end + 1;
        assert!(
            !cut || used_to == t.right() - 1,
            "at {w}x{h} names are cut while the table ends at column {used_to} of {}:\n{}",
            t.right() - 1,
            rows.join("\n")
        );
        if columns.len() > 3 {
            for name in ["Omaha Amtrak Station", "Chicago Union Station Amtrak"] {
                assert!(
                    rows.iter().any(|r| r.starts_with(&format!("{name} "))),
                    "at {w}x{h} {name:?} is cut beside {} columns:\n{}",
                    columns.len(),
                    rows.join("\n")
                );
            }
        }
    }
    // The 120×40: names shown whole up to the room, beside the due times.
    let (app, buf) = draw(&app, 120, 40);
    let header = timetable_header(&app, &buf);
    assert!(header.contains("Due"), "{header}");
}

/// Every entry the help shows at `w`×`h`, scrolled from top to bottom, read column by column
/// (its layout says whether it has one or two).
fn help_text(w: u16, h: u16) -> String {
    let mut app = common::app("2025-06-18T18:30:00Z", (w, h));
    command(&mut app, Command::Help);
    let layout = longrail::app::help::layout(
        app.keymap(),
        (w, h),
        &longrail::app::help::digest(longrail::app::help::PLAIN_SYMBOLS),
    );
    let two = layout.lines.iter().any(|l| l.len() == 4);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let (drawn, buf) = draw(&app, w, h);
        let r = longrail::ui::boxes(&drawn, buf.area).pop().unwrap();
        let inner = Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
        let lines = text_in(&buf, inner);
        let before = seen.len();
        // Append the lines not yet seen at the end (the window moved by one or more lines).
        let overlap = (0..=lines.len())
            .rev()
            .find(|&n| n <= seen.len() && seen[seen.len() - n..] == lines[..n])
            .unwrap_or(0);
        seen.extend(lines[overlap..].iter().cloned());
        if seen.len() == before && before > 0 {
            break;
        }
        command(&mut app, Command::TimetableDown);
    }
    let half = usize::from(layout.width - 2) / 2;
    let column = |right: bool| -> Vec<String> {
        seen.iter()
            .map(|l| {
                let chars: Vec<char> = l.chars().collect();
                let (from, to) = match (two, right) {
                    (false, _) => (0, chars.len()),
                    (true, false) => (0, half.min(chars.len())),
                    (true, true) => (half.min(chars.len()), chars.len()),
                };
                chars[from..to].iter().collect()
            })
            .collect()
    };
    let mut all = column(false);
    if two {
        all.extend(column(true));
    }
    all.join(" ")
}

// 4. The help shows every entry whole, in two columns or one, wrapped.
#[test]
fn the_help_shows_every_entry_whole() {
    for (w, h) in [(120, 40), (60, 20), (80, 24), (200, 60), (100, 30)] {
        let text = help_text(w, h);
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for c in longrail::settings::Command::ALL {
            let describe: String = c
                .describe()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                squeezed.contains(&describe),
                "at {w}x{h} the help does not show {describe:?} whole:\n{text}"
            );
        }
    }
}

// 5. At 60×20 the log shows its events' titles, and the strip's title is cut with `…`.
#[test]
fn the_smallest_screen_keeps_titles() {
    let app = common::app_with_trains("2025-06-18T18:30:00Z", (60, 20));
    let (app, buf) = draw(&app, 60, 20);
    let log = longrail::app::layout::areas(&app).log;
    let lines = text_in(
        &buf,
        Rect::new(log.x + 1, log.y + 1, log.width - 2, log.height - 2),
    );
    for line in &lines {
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        assert!(
            words
                .iter()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4),
            "a log line without a readable word: {line:?} in\n{}",
            lines.join("\n")
        );
    }
    let strip = longrail::app::layout::areas(&app).strip;
    let title = &text_in(&buf, Rect::new(strip.x, strip.y, strip.width, 1))[0];
    let before_corner = title.chars().rev().nth(1).unwrap();
    assert!(
        !before_corner.is_alphanumeric(),
        "the strip's title runs into its corner: {title:?}"
    );
}

// 6. Other trains' names are never one letter, and two trains on one cell show both.
#[test]
fn other_trains_keep_their_names_and_never_hide() {
    for w in [80, 120, 160, 200] {
        let app = common::app_with_trains("2025-06-18T18:30:00Z", (w, 40));
        let (app, buf) = draw(&app, w, 40);
        let inner = longrail::app::layout::areas(&app).strip_inner;
        let labels = longrail::app::labels::strip_labels(&app, inner.width, inner.height);
        assert!(!labels.trains.is_empty(), "no train's name at {w}x40");
        for label in &labels.trains {
            let drawn: String = row(&buf, inner.y + label.row)
                .chars()
                .skip(usize::from(inner.x + label.x))
                .take(usize::from(label.width))
                .collect();
            let letters = drawn.chars().filter(|c| c.is_alphabetic()).count();
            assert!(letters >= 6, "at {w}x40 a train's name is {drawn:?}");
        }
    }
    // An instant where the eastbound car is on the westbound train's cell at 120×40.
    let start: DateTime<Utc> = "2025-06-16T18:04:00Z".parse().unwrap();
    let shared = (0..9 * 24 * 6)
        .map(|i| start + TimeDelta::minutes(10 * i))
        .map(|t| common::app_with_trains(&t.to_rfc3339(), (120, 40)))
        .find(|app| {
            let inner = longrail::app::layout::areas(app).strip_inner;
            let p = longrail::app::geometry::Projection::new(app, inner.width);
            let own = p.column(app.state().km);
            own.is_some()
                && longrail::app::labels::other_columns(app, &p)
                    .iter()
                    .any(|(c, _)| Some(*c) == own)
        })
        .expect("the two cars meet on one cell");
    let (app, buf) = draw(&shared, 120, 40);
    let inner = longrail::app::layout::areas(&app).strip_inner;
    let theme = longrail::ui::theme::Theme::new(app.settings().theme, app.settings().no_color);
    let colour = theme.trains[app.trains().others()[0].id.route % theme.trains.len()];
    let marked = inner.positions().any(|p| {
        let cell = &buf[p];
        matches!(cell.symbol(), "◀" | "▶") && cell.fg == colour
    });
    assert!(
        marked,
        "at {} the other train is hidden under this one:\n{}",
        app.now(),
        text_in(&buf, inner).join("\n")
    );
}

/// The zone bands' row of the strip: runs of one background, each with its text.
fn bands(app: &App, buf: &Buffer) -> Vec<(u16, String)> {
    let inner = longrail::app::layout::areas(app).strip_inner;
    let rows = longrail::app::geometry::StripRows::for_height(inner.height).unwrap();
    let y = inner.y + rows.zones;
    let mut out: Vec<(u16, String, ratatui::style::Color)> = Vec::new();
    for x in inner.x..inner.right() {
        let cell = &buf[(x, y)];
        let c = cell.symbol().chars().next().unwrap_or(' ');
        match out.last_mut() {
            Some((w, text, bg)) if *bg == cell.bg => {
                *w += 1;
                text.push(c);
            }
            _ => out.push((1, c.to_string(), cell.bg)),
        }
    }
    out.into_iter()
        .filter(|(_, _, bg)| *bg != ratatui::style::Color::Reset)
        .map(|(w, t, _)| (w, t.trim().to_owned()))
        .collect()
}

// 7. Bands of one offset are one band, and every band names its reference offset when it fits.
#[test]
fn zone_bands_merge_and_name_the_reference() {
    for at in [
        "2025-06-20T00:00:00Z",
        "2025-06-21T06:00:00Z",
        "2025-06-24T18:00:00Z",
    ] {
        for (w, h) in [(200, 60), (120, 40), (80, 24)] {
            let (app, buf) = draw(&common::app(at, (w, h)), w, h);
            let bands = bands(&app, &buf);
            for (_, label) in &bands {
                // Bands of one offset are drawn in one colour: one label for the run.
                assert!(
                    label.matches("UTC").count() <= 1,
                    "one band of one offset reads {label:?} at {at}, {w}x{h}"
                );
            }
            for pair in bands.windows(2) {
                assert!(
                    pair[0].1.is_empty() || pair[0].1 != pair[1].1,
                    "two bands both read {:?} at {at}, {w}x{h}",
                    pair[0].1
                );
            }
            for (width, label) in &bands {
                let long = usize::from(*width) >= "UTC+10 · MSK+7".chars().count() + 2;
                assert!(
                    !long || label.contains("MSK"),
                    "a band {width} wide reads {label:?} at {at}, {w}x{h}"
                );
            }
        }
    }
}

// 8. A time shown twice: the way to the other one stays readable at 80 columns.
#[test]
fn the_way_to_a_times_twin_stays_readable() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Session::new(common::app("2025-06-16T18:04:00Z", (w, h)));
        let at = Moment {
            wall: Duration::ZERO,
            utc: "2025-06-20T00:00:00Z".parse().unwrap(),
        };
        for c in "gd3 21:00".chars() {
            s.handle(Input::Key(Key::char(c)), at);
        }
        s.handle(Input::Key(Key::plain(KeyCode::Enter)), at);
        let notice = s.app().screen().notice().expect("a notice").to_owned();
        // What to type: the words after "type ", up to a parenthesis or the end.
        let way = notice
            .split("type ")
            .nth(1)
            .expect("the way to the other")
            .split(" (")
            .next()
            .unwrap()
            .to_owned();
        let (_, buf) = draw(s.app(), w, h);
        let bar = row(&buf, h - 1);
        assert!(
            bar.contains(way.trim()),
            "at {w}x{h}, {way:?} is not in {bar:?}"
        );
    }
}

// 9. `--compress-dwells`: the total skipped stays in the title at every width, `⏩` while
// a dwell plays fast.
#[test]
fn skipped_dwells_stay_in_the_title() {
    // Tumangang's 4 h 20 min stand, from its arrival, at 60×.
    let mut s = common::settings("pyongyang-moscow", "2025-06-18T01:40:00Z");
    s.compress_dwells = true;
    s.paused = false;
    s.speed = 60.0;
    let mut app = common::app_with(s, (120, 40));
    let mut fast = false;
    for tenth in 1..=100 {
        app.update(Action::Tick, Duration::from_millis(100 * tenth));
        if app.clock().boosting() {
            let (_, buf) = draw(&app, 120, 40);
            fast |= row(&buf, 0).contains('⏩');
        }
    }
    assert!(
        app.clock().skipped() > TimeDelta::hours(3),
        "{:?}",
        app.clock().skipped()
    );
    assert!(fast, "no ⏩ while the dwell played fast");
    let skipped = longrail::util::format::duration_text(app.clock().skipped());
    for w in 60..=220 {
        let (_, buf) = draw(&app, w, 40);
        let title = row(&buf, 0);
        assert!(
            title.contains(&skipped),
            "at {w} columns no {skipped:?} in {title:?}"
        );
    }
}

// 10. An end of the route is always labelled on the map, at the edge too.
#[test]
fn the_map_names_both_ends_of_the_route() {
    let mut app = common::app("2025-06-18T18:30:00Z", (160, 40));
    command(&mut app, Command::Map);
    for (w, h) in [
        (160, 40),
        (180, 40),
        (220, 60),
        (120, 40),
        (80, 24),
        (200, 50),
    ] {
        let (app, buf) = draw(&app, w, h);
        let map = longrail::app::layout::areas(&app).map_inner;
        let text = text_in(&buf, map).join("\n");
        for end in ["Pyongyang", "Moscow"] {
            assert!(
                text.contains(end),
                "at {w}x{h} the map does not name {end}:\n{text}"
            );
        }
    }
}

// 12. On a shared clock the key bar offers only keys that work, and the notice names no
// key that does not.
#[test]
fn a_shared_clock_offers_only_the_keys_that_work() {
    let app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let route = app.journey().route();
    let clock = SharedClock {
        start: route.departure(),
        end: route.arrival(),
        speed: 600.0,
    };
    let now = Moment {
        wall: Duration::ZERO,
        utc: DateTime::from_timestamp(1_750_000_000, 0).unwrap(),
    };
    let session = Session::new(app).with_shared_clock(clock, now);
    let works = |key: &Key| {
        let mut s = Session::new(session.app().clone()).with_shared_clock(clock, now);
        s.handle(Input::Key(*key), now);
        s.app()
            .screen()
            .notice()
            .is_none_or(|n| !n.contains("shared"))
    };
    let (_, buf) = draw(session.app(), 120, 40);
    let bar = row(&buf, 39);
    let mut offered = 0;
    for (command, name) in longrail::ui::keybar::items(session.app()) {
        let key = session.app().keymap().keys(command)[0];
        if bar.contains(&format!(" {key} {name} ")) {
            offered += 1;
            assert!(
                works(&key),
                "the key bar offers {key} ({name}), which a shared clock refuses"
            );
        }
    }
    assert!(offered >= 3, "{bar:?}");
    // The notice a refused key brings names no key that is refused.
    let mut s = Session::new(session.app().clone()).with_shared_clock(clock, now);
    s.handle(Input::Key(Key::char(' ')), now);
    let notice = s.app().screen().notice().unwrap().to_owned();
    for command in longrail::settings::Command::ALL {
        for key in session.app().keymap().keys(command) {
            let label = key.to_string();
            let named = notice.split([' ', ',', '(', ')']).any(|w| w == label);
            assert!(
                !named || works(key),
                "the notice names {label}, which is refused: {notice:?}"
            );
        }
    }
}
