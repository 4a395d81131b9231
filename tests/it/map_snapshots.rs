//! The map view as the user sees it: whole screens at fixed instants and sizes, with the night
//! side shaded, and the map beside the strip on a wide terminal.

use crate::common;

use std::time::Duration;

use longrail::app::map_view::{MapView, View};
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

const ZEPHYR: &str = "tests/fixtures/world/california-zephyr.toml";
const PARIS_BERLIN: &str = "tests/fixtures/world/paris-berlin.toml";

/// Three routes on three continents, each at three zooms following the train: the whole
/// route, about 450 km tall (4° of latitude) and about 55 km tall (0.5°). (name, route,
/// instant, span.)
const WORLD: [(&str, &str, &str, Option<f64>); 9] = [
    ("pyongyang_moscow_whole", "pyongyang-moscow", DAY, None),
    // Just out of Khasan: the Tumen, where North Korea, China and Russia meet.
    (
        "pyongyang_moscow_tumen",
        "pyongyang-moscow",
        "2025-06-18T10:50:00Z",
        Some(4.0),
    ),
    // Twenty minutes past Slyudyanka, on the shore of Lake Baikal.
    (
        "pyongyang_moscow_baikal",
        "pyongyang-moscow",
        "2025-06-21T17:30:00Z",
        Some(0.5),
    ),
    // In the Rockies, past Fraser-Winter Park.
    ("zephyr_whole", ZEPHYR, "2025-06-18T16:20:00Z", None),
    // Out of Chicago, Lake Michigan to the east.
    ("zephyr_chicago", ZEPHYR, "2025-06-17T19:45:00Z", Some(4.0)),
    // Out of Truckee, Lake Tahoe to the south and the Nevada line to the east.
    ("zephyr_truckee", ZEPHYR, "2025-06-19T16:45:00Z", Some(0.5)),
    // On the LGV Est.
    (
        "paris_berlin_whole",
        PARIS_BERLIN,
        "2025-06-17T08:45:00Z",
        None,
    ),
    // Out of Strasbourg, over the Rhine into Germany.
    (
        "paris_berlin_rhine",
        PARIS_BERLIN,
        "2025-06-17T09:50:00Z",
        Some(4.0),
    ),
    // Between Spandau and Berlin Hbf.
    (
        "paris_berlin_spandau",
        PARIS_BERLIN,
        "2025-06-17T15:50:00Z",
        Some(0.5),
    ),
];

/// The map of `route` at `at`, 120×40, at `span` degrees tall following the train (`None`:
/// the whole route).
fn world_app(route: &str, at: &str, span: Option<f64>) -> App {
    common::app_with(common::settings(route, at), (120, 40))
        .with_view(View::Map)
        .with_map(MapView {
            span,
            ..MapView::default()
        })
}

/// Write the frame as `DIR/NAME.png` when `LONGRAIL_MAP_PNGS=DIR` is set, to be looked at.
fn maybe_png(app: &App, buf: &ratatui::buffer::Buffer, name: &str) {
    let Some(dir) = std::env::var_os("LONGRAIL_MAP_PNGS") else {
        return;
    };
    let path = std::path::Path::new(&dir).join(format!("{name}.png"));
    let mut file = std::fs::File::create(&path).unwrap();
    let look = longrail::report::picture::Look::of(app);
    longrail::report::picture::png::write(buf, look, name, &mut file).unwrap();
}

#[test]
fn the_world_at_three_zooms_on_three_continents() {
    for (name, route, at, span) in WORLD {
        let app = world_app(route, at, span);
        let buf = frame::render(&app, 120, 40);
        maybe_png(&app, &buf, name);
        let text = frame::to_text(&buf);
        assert!(text.contains('◉'), "{name}: the train is not on its map");
        insta::assert_snapshot!(format!("world_{name}_120x40"), text);
    }
}

/// Whether a braille cell drawn in `colour` lies within `r` cells of (lon, lat) on `app`'s map.
fn lit_near(app: &App, lon: f64, lat: f64, r: u16, colour: ratatui::style::Color) -> bool {
    let buf = frame::render(app, app.screen().size().0, app.screen().size().1);
    let area = longrail::app::layout::areas(app).map_inner;
    let (x, y) = longrail::ui::map::cell_of(area, app.map_bounds(), lon, lat)
        .expect("the feature is on the map");
    (y.saturating_sub(r)..=y + r)
        .flat_map(|y| (x.saturating_sub(r)..=x + r).map(move |x| (x, y)))
        .filter_map(|(x, y)| buf.cell(Position::new(x, y)))
        .any(|c| {
            c.fg == colour
                && c.symbol()
                    .chars()
                    .next()
                    .is_some_and(|ch| ('\u{2801}'..='\u{28FF}').contains(&ch))
        })
}

/// A free view (not following the train) of `span` degrees centred on (lon, lat).
fn look_at(app: App, lon: f64, lat: f64, span: f64) -> App {
    app.with_map(MapView {
        follow: false,
        center: Some((lon, lat)),
        span: Some(span),
        ..MapView::default()
    })
}

#[test]
fn known_features_light_the_cells_near_them() {
    let theme =
        longrail::ui::theme::Theme::new(common::settings("pyongyang-moscow", DAY).theme, false);
    // Lake Michigan's shore beside Chicago, as the Zephyr leaves; none in the Illinois prairie.
    let app = world_app(ZEPHYR, "2025-06-17T19:45:00Z", Some(4.0));
    assert!(lit_near(&app, -87.6, 41.9, 1, theme.water), "Lake Michigan");
    assert!(
        !lit_near(&app, -89.6, 41.3, 2, theme.water),
        "a lake in the prairie"
    );
    // The state line of Illinois and Indiana (a first-level border) south of Chicago.
    assert!(
        lit_near(&app, -87.53, 41.0, 1, theme.admin),
        "Illinois–Indiana"
    );
    // The US–Canada border along the 49th parallel, and no border a degree south of it.
    let app = look_at(
        world_app(ZEPHYR, "2025-06-17T19:45:00Z", None),
        -98.0,
        48.5,
        4.0,
    );
    for lon in [-99.5, -98.0, -96.9] {
        assert!(lit_near(&app, lon, 49.0, 0, theme.borders), "49th at {lon}");
        assert!(
            !lit_near(&app, lon, 48.0, 1, theme.borders),
            "at {lon}, 48°"
        );
    }
    // Lake Geneva, with the French–Swiss border across it.
    let app = look_at(
        world_app(PARIS_BERLIN, "2025-06-17T08:45:00Z", None),
        6.5,
        46.4,
        1.0,
    );
    assert!(
        lit_near(&app, 6.63, 46.51, 1, theme.water),
        "Lausanne's shore"
    );
    assert!(lit_near(&app, 6.15, 46.21, 1, theme.water), "Geneva's end");
    assert!(
        lit_near(&app, 6.6, 46.4, 2, theme.borders),
        "the border in the lake"
    );
    // The Korean coast by Wonsan and Lake Baikal on the whole Pyongyang–Moscow map.
    let app = world_app("pyongyang-moscow", DAY, None);
    assert!(
        lit_near(&app, 127.45, 39.15, 1, theme.coast),
        "Wonsan's coast"
    );
    assert!(lit_near(&app, 108.0, 53.5, 1, theme.water), "Baikal");
}
