//! The map view as the user sees it: whole screens at fixed instants and sizes, with the night
//! side shaded, and the map beside the strip on a wide terminal.

use crate::common;

use std::time::Duration;

use longrail::app::map_view::View;
use longrail::app::{Action, App, Command};
use longrail::report::frame;
use ratatui::layout::Position;

/// 11:00 local between Zima and Taishet: broad daylight over the train.
const DAY: &str = "2025-06-22T03:00:00Z";
/// Five minutes out of Irkutsk (03:52 local), some 70 km from the southern tip of Lake Baikal.
const BAIKAL: &str = "2025-06-21T19:52:00Z";
/// 22:45 local west of Krasnoyarsk, after sunset: night over the train, day still in European
/// Russia.
const NIGHT: &str = "2025-06-22T15:45:00Z";

fn map_app(at: &str, size: (u16, u16), view: View) -> App {
    common::app(at, size).with_view(view)
}

/// Whether the cell under the train marker has the night background.
fn train_in_the_dark(app: &App) -> bool {
    let (w, h) = app.screen().size();
    let buf = frame::render(app, w, h);
    let night = longrail::ui::theme::Theme::new(app.settings().theme, false).night;
    (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .any(|(x, y)| {
            buf.cell(Position::new(x, y))
                .is_some_and(|c| c.symbol() == "◉" && c.bg == night)
        })
}

#[test]
fn map_by_day_and_by_night_120x40() {
    let day = map_app(DAY, (120, 40), View::Map);
    let night = map_app(NIGHT, (120, 40), View::Map);
    assert!(!train_in_the_dark(&day), "it is 11:00 at the train");
    assert!(train_in_the_dark(&night), "it is after sunset at the train");
    insta::assert_snapshot!(
        "map_120x40_day",
        frame::to_text(&frame::render(&day, 120, 40))
    );
    insta::assert_snapshot!(
        "map_120x40_night_ansi",
        frame::to_ansi(&frame::render(&night, 120, 40))
    );
}

#[test]
fn the_night_moves_west_as_time_runs() {
    // Count shaded cells in one map row across an evening: the dark part grows from the east.
    let shaded = |at: &str| {
        let app = map_app(at, (120, 40), View::Map);
        let buf = frame::render(&app, 120, 40);
        let night = longrail::ui::theme::Theme::new(app.settings().theme, false).night;
        let row = 20;
        let cols: Vec<u16> = (1..119)
            .filter(|&x| {
                buf.cell(Position::new(x, row))
                    .is_some_and(|c| c.bg == night)
            })
            .collect();
        (cols.len(), cols.first().copied())
    };
    let (early, early_edge) = shaded("2025-06-22T11:00:00Z");
    let (late, late_edge) = shaded("2025-06-22T16:00:00Z");
    assert!(late > early, "{early} then {late} shaded cells");
    assert!(
        late_edge < early_edge,
        "the terminator should move west: {early_edge:?} then {late_edge:?}"
    );
}

#[test]
fn split_view_200x60_and_small_map() {
    insta::assert_snapshot!(
        "split_200x60",
        frame::to_text(&frame::render(
            &map_app(DAY, (200, 60), View::Split),
            200,
            60
        ))
    );
    insta::assert_snapshot!(
        "map_80x24",
        frame::to_text(&frame::render(&map_app(DAY, (80, 24), View::Map), 80, 24))
    );
}

#[test]
fn zoomed_map_follows_the_train() {
    let mut app = map_app(BAIKAL, (120, 40), View::Map);
    for _ in 0..4 {
        app.update(Action::Command(Command::ZoomIn), Duration::ZERO);
    }
    let b = app.map_bounds();
    let (cx, cy) = (f64::midpoint(b.0, b.2), f64::midpoint(b.1, b.3));
    assert!((cx - app.state().lon).abs() < 1e-9 && (cy - app.state().lat).abs() < 1e-9);
    insta::assert_snapshot!(
        "map_120x40_zoomed_baikal",
        frame::to_text(&frame::render(&app, 120, 40))
    );
    app.update(Action::Command(Command::ResetMap), Duration::ZERO);
    assert_eq!(app.panels().map().span, None);
}

#[test]
fn m_toggles_the_map_and_width_picks_split_or_full() {
    let mut app = common::app(DAY, (120, 40));
    app.update(Action::Command(Command::Map), Duration::ZERO);
    assert_eq!(app.screen().view(), View::Map);
    app.update(Action::Resize(200, 60), Duration::ZERO);
    assert_eq!(app.screen().view(), View::Split);
    app.update(Action::Command(Command::Map), Duration::ZERO);
    assert_eq!(app.screen().view(), View::Strip);
}

#[test]
fn ascii_map_uses_plain_dots() {
    let mut s = common::settings("pyongyang-moscow", DAY);
    s.ascii = true;
    let app = common::app_with(s, (120, 40)).with_view(View::Map);
    let text = frame::to_text(&frame::render(&app, 120, 40));
    assert!(
        !text
            .chars()
            .any(|c| ('\u{2800}'..='\u{28FF}').contains(&c) || c == '•'),
        "braille or bullets in ascii mode"
    );
    assert!(text.contains('.') && text.contains('@'));
}

#[test]
fn ascii_mode_draws_nothing_but_ascii_and_the_letters_of_names() {
    for view in [View::Strip, View::Map, View::Split] {
        for help in [false, true] {
            let mut s = common::settings("pyongyang-moscow", DAY);
            s.ascii = true;
            let mut app = common::app_with(s, (200, 60)).with_view(view);
            if help {
                app.update(Action::Command(Command::Help), Duration::ZERO);
            }
            let text = frame::to_text(&frame::render(&app, 200, 60));
            let odd: String = text
                .chars()
                .filter(|c| !c.is_ascii() && !c.is_alphabetic())
                .collect();
            assert!(odd.is_empty(), "{view:?}, help {help}: {odd:?}");
        }
    }
}

#[test]
fn the_train_marker_never_lands_inside_a_label() {
    for at in [
        "2025-06-18T03:00:00Z",
        DAY,
        NIGHT,
        "2025-06-23T12:00:00Z",
        "2025-06-24T20:00:00Z",
    ] {
        for size in [(80, 24), (120, 40)] {
            let text = frame::to_text(&frame::render(
                &map_app(at, size, View::Map),
                size.0,
                size.1,
            ));
            let line = text.lines().find(|l| l.contains('◉')).unwrap();
            let chars: Vec<char> = line.chars().collect();
            let i = chars.iter().position(|c| *c == '◉').unwrap();
            let letter = |c: Option<&char>| c.is_some_and(|c| c.is_alphabetic());
            assert!(
                !(letter(chars.get(i.wrapping_sub(1))) && letter(chars.get(i + 1))),
                "{at} {size:?}: {line}"
            );
        }
    }
}

#[test]
fn the_split_map_shows_the_whole_route_moscow_included_at_every_size() {
    for (w, h) in [
        (160, 40),
        (180, 50),
        (200, 60),
        (240, 60),
        (300, 80),
        (160, 80),
    ] {
        let app = map_app(DAY, (w, h), View::Split);
        assert_eq!(app.screen().view(), View::Split, "{w}x{h}");
        let (lon0, lat0, lon1, lat1) = app.journey().bbox();
        let b = app.map_bounds();
        assert!(
            b.0 <= lon0 && b.1 <= lat0 && b.2 >= lon1 && b.3 >= lat1,
            "{w}x{h}: shows {b:?}, the route spans {:?}",
            app.journey().bbox()
        );
    }
}
