//! Every train of the built-in routes on one line: the westbound and eastbound cars, the
//! Khabarovsk car and the Tumen River trains appear on the strip and the map at the instants
//! they run, and Tab hands the clocks, timetable and follow mode to another train.

use crate::common;

use std::time::Duration;

use longrail::app::{Action, App, Command};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &App) -> String {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

/// The westbound car that left Pyongyang on 3 July 2025, between Hamhung and Kilju, and the
/// first eastbound car (left Moscow on 26 June), out of Kilju on its way down to Pyongyang,
/// 30 km apart and closing (no run before 17 and 26 June 2025 is shown: the
/// service restarted then).
const PASSING: &str = "2025-07-03T15:30:00Z";

/// The westbound run of [`PASSING`].
const RUN: Option<&str> = Some("2025-07-03");

#[test]
fn two_cars_pass_each_other_on_the_strip() {
    let app = common::app_with_trains_on(RUN, PASSING, (120, 40));
    let eastbound = app
        .trains()
        .others()
        .iter()
        .find(|t| t.label.starts_with("Moscow → Pyongyang"))
        .expect("the eastbound car is on the line");
    assert_eq!(eastbound.id.date.to_string(), "2025-06-26");
    assert!(!eastbound.same_way, "it runs the other way");
    let km = eastbound.strip_km.expect("placed on the westbound strip");
    assert!(
        (km - app.state().km).abs() < 60.0,
        "they are passing: {km} vs {}",
        app.state().km
    );
    let out = screen(&app);
    let line = out.lines().nth(4).unwrap();
    let east = line.find('▶').expect("eastbound marker points east");
    let west = line.find('◀').expect("westbound marker points west");
    assert!(east < west, "the two markers have not met yet: {line}");
    assert!(out.contains("Moscow → Pyongyang"), "its label is shown");
    insta::assert_snapshot!("120x40_two_trains_passing", out);
}

#[test]
fn tab_selects_the_other_train_and_back() {
    let mut app = common::app_with_trains_on(RUN, PASSING, (120, 40));
    let trains = 1 + app.trains().others().len();
    assert!(trains >= 2);
    app.update(Action::Command(Command::NextTrain), Duration::ZERO);
    assert_eq!(app.journey().route().id, "moscow-pyongyang");
    let out = screen(&app);
    assert!(
        out.lines().next().unwrap().contains("Moscow → Pyongyang"),
        "title follows"
    );
    assert!(
        app.trains()
            .others()
            .iter()
            .any(|t| t.label.starts_with("Pyongyang → Moscow")),
        "the westbound car is now one of the others"
    );
    for _ in 1..trains {
        app.update(Action::Command(Command::NextTrain), Duration::ZERO);
    }
    assert_eq!(
        app.journey().route().id,
        "pyongyang-moscow",
        "Tab wraps round"
    );
}

#[test]
fn the_shuttle_runs_only_while_it_is_on_the_bridge() {
    // Train 645/646 leaves Khasan 15:30 local (05:30 UTC) on Wednesday 18 June.
    let on = common::app_with_trains("2025-06-18T05:40:00Z", (120, 40));
    assert!(
        on.trains()
            .others()
            .iter()
            .any(|t| t.label.starts_with("Khasan")),
        "{:?}",
        labels(&on)
    );
    let off = common::app_with_trains("2025-06-18T06:30:00Z", (120, 40));
    assert!(
        !off.trains()
            .others()
            .iter()
            .any(|t| t.label.starts_with("Khasan"))
    );
    // Thursday: no shuttle at that hour.
    let thursday = common::app_with_trains("2025-06-19T05:40:00Z", (120, 40));
    assert!(
        !thursday
            .trains()
            .others()
            .iter()
            .any(|t| t.label.starts_with("Khasan"))
    );
}

#[test]
fn other_trains_show_on_the_map_too() {
    // The same instant with and without the other trains: only the map's own area is
    // compared, and a cell that holds a train dot only when the fleet is there is one.
    // 19 July 2025: the westbound car of the 17th near the Amur, the eastbound of the 12th in
    // Siberia and the Khabarovsk car of the 19th still in Korea: far enough apart to be
    // separate dots on the whole-route map.
    let at = "2025-07-19T12:00:00Z";
    let with = |fleet: bool| {
        let mut app = if fleet {
            common::app_with_trains_on(Some("2025-07-17"), at, (140, 40))
        } else {
            let mut s = common::settings("pyongyang-moscow", at);
            s.paused = true;
            let route = longrail::settings::source::resolve_route(
                &s.route,
                Some("2025-07-17".parse().unwrap()),
            );
            longrail::app::App::new(
                longrail::sim::Journey::new(route.unwrap()),
                s,
                chrono_tz::Asia::Tokyo,
                (140, 40),
                Duration::ZERO,
            )
        };
        app.update(Action::Command(Command::Map), Duration::ZERO);
        assert_eq!(app.screen().view(), longrail::app::map_view::View::Map);
        let area = longrail::app::layout::areas(&app).map_inner;
        (
            longrail::report::frame::render(&app, 140, 40),
            area,
            app.trains().others().len(),
        )
    };
    let (solo, area, none) = with(false);
    let (fleet, same_area, others) = with(true);
    assert_eq!((none, area), (0, same_area));
    assert!(others >= 2, "{others} other trains");
    let dots = area
        .positions()
        .filter(|p| fleet[*p].symbol() == "●" && solo[*p].symbol() != "●")
        .count();
    assert_eq!(
        dots, others,
        "each other train is a dot of its own on the map"
    );
}

fn labels(app: &App) -> Vec<String> {
    app.trains()
        .others()
        .iter()
        .map(|t| t.label.clone())
        .collect()
}

/// A route of the user's own that shares no station with the built-in line.
fn own_route_with_builtin_trains(at: &str) -> App {
    use longrail::app::Fleet;
    use longrail::settings::source::resolve_source;
    use longrail::sim::Journey;
    let mut s = common::settings("tests/fixtures/valid/dst-spring-zones.toml", at);
    s.start = longrail::settings::StartSpec::parse(at).unwrap();
    let source = resolve_source(&s.route).unwrap();
    let route = source.load(None).unwrap();
    let fleet = {
        let candidates = longrail::settings::source::line_candidates(&source);
        Fleet::of_line(source, &route, candidates)
    };
    App::new(
        Journey::new(route),
        s,
        chrono_tz::Asia::Tokyo,
        (120, 40),
        Duration::ZERO,
    )
    .with_fleet(fleet)
}

#[test]
fn trains_on_another_line_are_not_counted_as_on_this_one() {
    // 9 March 2026: the westbound car of 3 March is somewhere in Siberia, far from Chicago;
    // a built-in train never joins a foreign line's fleet at all.
    let app = own_route_with_builtin_trains("2026-03-09T12:00:00Z");
    let builtin = |id: &str| longrail::route::BUILTINS.iter().any(|b| b.id == id);
    assert!(
        app.trains().fleet().bases().all(|r| !builtin(&r.id)),
        "only the routes of its folder that share its line"
    );
    assert!(
        app.trains().fleet().len() >= 2,
        "dst-fold and dst-gap share its Chicago line"
    );
    assert!(
        app.trains().others().is_empty(),
        "{:?}",
        app.trains().others().len()
    );
    assert_eq!(app.trains().on_line().count(), 0);
    let text = screen(&app);
    assert!(!text.contains("other train"), "{text}");
    // On the built-in line, the trains there are still counted.
    let app = common::app_with_trains_on(RUN, PASSING, (120, 40));
    let n = app.trains().on_line().count();
    assert!(n >= 1);
    let words = if n == 1 {
        "1 other train on the line".to_owned()
    } else {
        format!("{n} other trains on the line")
    };
    assert!(screen(&app).contains(&words), "{}", screen(&app));
}

#[test]
fn with_ascii_other_trains_labels_spell_the_arrow_as_the_title_does() {
    let mut s = common::settings("pyongyang-moscow", PASSING);
    s.ascii = true;
    let app = common::app_with_trains_from(s, RUN, (120, 40));
    let out = screen(&app);
    assert!(out.contains("Moscow -> Pyongyang"), "{out}");
    assert!(!out.contains("Moscow > Pyongyang"), "{out}");
    assert!(out.is_ascii(), "{out}");
}
