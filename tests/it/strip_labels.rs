//! The names on the strip, as the screen shows them: the next stop's and the major stations'
//! names are never pushed out by other trains' names; an event's title is never glued to
//! another glyph or title; and clicking any cell of a station's name opens its details.

use crate::common;

use std::time::Duration;

use longrail::app::labels::strip_labels;
use longrail::app::{Action, App, Command, Mouse, Overlay, layout};
use longrail::route::Route;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn rows_of(app: &App) -> Vec<Vec<String>> {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_owned()).collect())
        .collect()
}

fn rfc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339()
}

/// A minute after each arrival in the first days (other trains run beside the car then).
fn instants(route: &Route) -> Vec<String> {
    route
        .stops
        .iter()
        .filter_map(|s| s.arrive)
        .take(30)
        .map(|t| rfc(t + chrono::TimeDelta::minutes(1)))
        .collect()
}

#[test]
fn other_trains_names_never_push_out_the_next_stop_or_a_major_station() {
    let route = common::app("departure", (120, 40))
        .journey()
        .route()
        .clone();
    let mut checked = 0;
    for at in instants(&route) {
        for size in SIZES {
            let solo = common::app(&at, size);
            let with = common::app_with_trains(&at, size);
            if with.trains().on_line().count() == 0 {
                continue;
            }
            let area = layout::areas(&with).strip_inner;
            let focus = solo.state().stop.or(solo.state().next_stop);
            let screen = rows_of(&with);
            for label in strip_labels(&solo, area.width, area.height).stations {
                let stop = &route.stops[label.stop];
                if !(stop.major || Some(label.stop) == focus) {
                    continue;
                }
                let y = usize::from(area.y + label.row);
                let x = usize::from(area.x + label.x);
                let shown: String = screen[y][x..x + usize::from(label.width)].concat();
                assert_eq!(shown, label.text, "{at} {size:?}: {} pushed out", stop.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} names checked");
}

fn is_glyph(s: &str) -> bool {
    ["╫", "≡", "⇄", "π", "≈", "▲", "•"].contains(&s)
}

#[test]
fn event_titles_are_never_glued_to_another_glyph_or_title() {
    for id in ["pyongyang-moscow", "khasan-tumangang", "vladivostok-rajin"] {
        let app = common::app_with(common::settings(id, "departure"), (60, 20));
        let events: Vec<String> = app
            .journey()
            .timeline()
            .iter()
            .filter(|e| e.kind.is_notable())
            .map(|e| rfc(e.at))
            .take(40)
            .collect();
        for at in events {
            for (size, zooms) in [((60, 20), 0), ((60, 20), 2), ((120, 40), 0), ((120, 40), 3)] {
                let mut app = common::app_with(common::settings(id, &at), size);
                for _ in 0..zooms {
                    app.update(Action::Command(Command::ZoomIn), Duration::ZERO);
                }
                let area = layout::areas(&app).strip_inner;
                let Some(rows) = longrail::app::geometry::StripRows::for_height(area.height) else {
                    continue;
                };
                let screen = rows_of(&app);
                let row = &screen[usize::from(area.y + rows.events)]
                    [usize::from(area.x)..usize::from(area.x + area.width)];
                let text = row.concat();
                for pair in row.windows(2) {
                    let (a, b) = (pair[0].as_str(), pair[1].as_str());
                    let glued = (is_glyph(a) && b != " " && !is_glyph(b))
                        || (is_glyph(b) && a != " " && !is_glyph(a));
                    assert!(!glued, "{id} {at} {size:?} zoom {zooms}: {text}");
                }
            }
        }
    }
}

#[test]
fn clicking_any_part_of_a_stations_name_opens_its_details() {
    let mut clicked = 0;
    for at in ["departure", "2025-06-20T12:00:00Z", "2025-06-23T06:00:00Z"] {
        for size in SIZES {
            let app = common::app(at, size);
            let area = layout::areas(&app).strip_inner;
            for label in strip_labels(&app, area.width, area.height).stations {
                for x in [label.x, label.x + label.width - 1] {
                    let mut app = common::app(at, size);
                    let (col, row) = (area.x + x, area.y + label.row);
                    app.update(Action::Mouse(Mouse::Down(col, row)), Duration::ZERO);
                    assert_eq!(
                        app.screen().overlay(),
                        Overlay::Station(label.stop),
                        "{at} {size:?}: a click on {:?} at column {x}",
                        label.text
                    );
                    clicked += 1;
                }
            }
        }
    }
    assert!(clicked > 40, "only {clicked} clicks");
}
