//! What the README says of the screen is what the screen shows (issue 19, item 16): the
//! timetable's columns in its order, and the order they go in as the terminal narrows; the
//! map on a narrow terminal leaving the clocks; `⏩` and the time skipped by
//! `--compress-dwells`. Each test reads the README's sentence, so a changed sentence or a
//! changed screen fails it.

use std::path::Path;
use std::time::Duration;

use longrail::app::{Action, App, Command};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The README's text after `start` up to the first `end` after it, on one line.
fn between(readme: &str, start: &str, end: &str) -> String {
    let from = readme
        .find(start)
        .unwrap_or_else(|| panic!("README lost {start:?}"))
        + start.len();
    let to = from + readme[from..].find(end).unwrap();
    readme[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn draw(app: &App, w: u16, h: u16) -> (App, Buffer) {
    draw_at(app, w, h, Duration::ZERO)
}

/// `app` resized and drawn at wall time `wall` (a playing app's clock runs on it).
fn draw_at(app: &App, w: u16, h: u16, wall: Duration) -> (App, Buffer) {
    let mut app = app.clone();
    app.update(Action::Resize(w, h), wall);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    longrail::ui::draw(&app, area, &mut buf);
    (app, buf)
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
        .collect()
}

/// The timetable's headers on screen, left to right.
fn headers(app: &App, buf: &Buffer) -> Vec<String> {
    let t = longrail::app::layout::areas(app).timetable;
    row(buf, t.y + 1)
        .chars()
        .skip(usize::from(t.x + 1))
        .take(usize::from(t.width.saturating_sub(2)))
        .collect::<String>()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// An instant where the stops' clocks differ (so the Clock column is there to show).
const AT: &str = "2025-06-18T18:30:00Z";

#[test]
fn the_timetable_columns_are_in_the_readmes_order() {
    let readme = readme();
    // "Left to right: Station, km, Arrive, Depart, Clock (where ...), Dwell, and Due: for ..."
    let order: Vec<String> = between(&readme, "Left to right: ", ":")
        .split(", ")
        .map(|part| {
            let part = part.trim_start_matches("and ");
            part.split_whitespace().next().unwrap_or("").to_owned()
        })
        .collect();
    assert!(order.len() >= 6, "{order:?}");
    let app = common::app(AT, (220, 40));
    let (app, buf) = draw(&app, 220, 40);
    assert_eq!(
        headers(&app, &buf),
        order,
        "the README's order is not the screen's"
    );
}

#[test]
fn the_columns_go_in_the_readmes_order_as_the_terminal_narrows() {
    let readme = readme();
    // "as the terminal narrows, km goes first, then Dwell, then Clock, then Due, and ..."
    let said: Vec<String> = between(&readme, "as the terminal narrows, ", ", and a wider")
        .replace(" goes first", "")
        .split(", then ")
        .map(str::to_owned)
        .collect();
    let app = common::app(AT, (220, 40));
    let mut gone: Vec<String> = Vec::new();
    let mut before = {
        let (app, buf) = draw(&app, 220, 40);
        headers(&app, &buf)
    };
    for w in (60..220).rev() {
        let (app, buf) = draw(&app, w, 40);
        let now = headers(&app, &buf);
        for h in &before {
            if !now.contains(h) && !gone.contains(h) {
                gone.push(h.clone());
            }
        }
        before = now;
    }
    assert_eq!(
        gone, said,
        "the README's order of going is not the screen's"
    );
}

#[test]
fn the_map_on_a_narrow_terminal_leaves_the_clocks() {
    let readme = readme();
    let said = between(&readme, "on narrower ones it takes the place of ", ".");
    assert_eq!(
        said,
        "the strip, the timetable and the event log, and the clocks stay"
    );
    let mut app = common::app(AT, (120, 40));
    app.update(Action::Command(Command::Map), Duration::ZERO);
    for (w, h) in [(60, 20), (80, 24), (120, 40), (159, 60)] {
        let (app, buf) = draw(&app, w, h);
        let areas = longrail::app::layout::areas(&app);
        assert!(areas.strip.is_empty() && areas.timetable.is_empty() && areas.log.is_empty());
        assert!(!areas.map.is_empty(), "no map at {w}x{h}");
        let clocks = longrail::ui::clocks::laid_out(&app, areas.clocks);
        assert!(!clocks.is_empty(), "no clocks at {w}x{h}");
        let top = row(&buf, areas.clocks.y);
        for (clock, _) in clocks {
            let title = clock.title.split(" · ").next().unwrap().to_owned();
            assert!(top.contains(&title), "at {w}x{h} no {title:?} in {top:?}");
        }
    }
}

#[test]
fn compressed_dwells_show_fast_forward_and_the_time_skipped_as_the_readme_says() {
    let readme = readme();
    let said = between(&readme, "keeps the total skipped in the title (", ")");
    assert!(
        said.contains("of dwells skipped") && said.contains("after `⏩` while a stop plays fast"),
        "{said}"
    );
    // Tumangang's 4 h 20 min stand, from its arrival, at 60×.
    let mut s = common::settings("pyongyang-moscow", "2025-06-18T01:40:00Z");
    s.compress_dwells = true;
    s.paused = false;
    s.speed = 60.0;
    let mut app = common::app_with(s, (120, 40));
    let (mut fast, mut after) = (None, None);
    for tenth in 1..=100 {
        let wall = Duration::from_millis(100 * tenth);
        app.update(Action::Tick, wall);
        // Wide enough for the whole title: narrower ones say `⏩ 4 h 05 min skipped`.
        let (drawn, buf) = draw_at(&app, 220, 40, wall);
        let title = row(&buf, 0);
        let skipped = drawn.clock().skipped() > chrono::TimeDelta::zero();
        if drawn.clock().boosting() && skipped {
            fast = Some(title);
        } else if skipped {
            after = Some(title);
        }
    }
    let fast = fast.expect("the stand never played fast");
    let after = after.expect("nothing skipped after the stand");
    assert!(
        fast.contains(" of dwells skipped") && fast.contains('⏩'),
        "{fast}"
    );
    let skipped = longrail::util::format::duration_text(app.clock().skipped());
    assert!(
        after.contains(&format!("{skipped} of dwells skipped")),
        "{after}"
    );
    assert!(!after.contains('⏩'), "⏩ after the stand: {after}");
}
