//! Demo mode without a terminal: a session with the director steering, ticked frame by frame
//! at a fixed rate as the terminal loop ticks it, so a whole presentation can be checked in a
//! moment. Captions are the ones a viewer sees: the caption on screen after each frame.

use crate::common;

use std::time::Duration;

use longrail::app::App;
use longrail::app::demo::{DEFAULT_SCRIPT, Director, parse};
use longrail::app::map_view::View;
use longrail::app::session::{Input, Moment, Session};
use longrail::route::EventKind;
use longrail::sim::EventClass;

/// Play the default demo at 10 frames a second until it finishes (or `limit` of wall time);
/// returns the wall time taken and every caption shown.
fn play(app: &mut App, looping: bool, limit: Duration) -> (Duration, Vec<String>, bool) {
    let run = run(app, looping, limit);
    (run.took, run.captions, run.longest_map > Duration::ZERO)
}

/// What a demo run showed.
struct Run {
    took: Duration,
    captions: Vec<String>,
    /// The longest stretch of wall time the map was on screen without a break.
    longest_map: Duration,
    /// Whether the map was on screen in the frame the train reached Khabarovsk.
    map_at_khabarovsk: bool,
}

fn at(wall: Duration) -> Moment {
    Moment {
        wall,
        utc: "2025-06-20T12:00:00Z".parse().unwrap(),
    }
}

/// The demo on `app`, as a session.
fn demo(app: App, looping: bool) -> Session {
    let director = Director::new(parse(DEFAULT_SCRIPT).unwrap(), &app, looping).unwrap();
    Session::new(app).with_director(director)
}

/// Run the demo on `app` (left as the demo left it).
fn run(app: &mut App, looping: bool, limit: Duration) -> Run {
    let mut session = demo(app.clone(), looping);
    let khabarovsk = app
        .journey()
        .route()
        .stops
        .iter()
        .find(|s| s.name == "Khabarovsk")
        .and_then(|s| s.arrive);
    let mut out = Run {
        took: Duration::ZERO,
        captions: Vec::new(),
        longest_map: Duration::ZERO,
        map_at_khabarovsk: false,
    };
    let mut map_since = None;
    let mut wall = Duration::ZERO;
    while wall < limit && session.in_demo() {
        let before = session.app().now();
        session.handle(Input::Tick, at(wall));
        let shown = session.app().screen().caption().map(str::to_owned);
        if let Some(text) = shown
            && out.captions.last() != Some(&text)
        {
            out.captions.push(text);
        }
        let on_map = session.app().screen().view() != View::Strip;
        if on_map {
            let since = *map_since.get_or_insert(wall);
            out.longest_map = out
                .longest_map
                .max(wall - since + Duration::from_millis(100));
        } else {
            map_since = None;
        }
        // The cue fires in the frame after the train passes Khabarovsk.
        if let Some(khabarovsk) = khabarovsk
            && before < khabarovsk
            && session.app().now() >= khabarovsk
        {
            session.handle(Input::Tick, at(wall + Duration::from_millis(50)));
            out.map_at_khabarovsk = session.app().screen().view() != View::Strip;
        }
        wall += Duration::from_millis(100);
    }
    out.took = wall;
    *app = session.into_model();
    out
}

#[test]
fn the_default_demo_plays_the_whole_journey_in_a_few_minutes() {
    let mut app = common::app_with_trains("departure", (140, 40));
    let (took, captions, saw_map) = play(&mut app, false, Duration::from_secs(900));
    assert!(
        app.now() >= app.journey().route().arrival(),
        "it reached Moscow"
    );
    println!("the default demo took {took:?} of wall time");
    assert!(
        (Duration::from_secs(120)..=Duration::from_secs(360)).contains(&took),
        "a few minutes: {took:?}"
    );
    assert!(!app.screen().demo(), "control is handed back at the end");
    for wanted in [
        "Tumangang",
        "Friendship Bridge",
        "Europe–Asia obelisk",
        "Moscow Yaroslavsky",
    ] {
        assert!(
            captions.iter().any(|c| c.contains(wanted)),
            "caption for {wanted}: {captions:#?}"
        );
    }
    assert!(saw_map, "it cut to the map at a border or zone change");
}

#[test]
fn looping_starts_again_after_the_arrival() {
    let mut app = common::app_with_trains("departure", (140, 40));
    let (_, _, _) = play(&mut app, true, Duration::from_secs(420));
    assert!(app.screen().demo(), "still playing");
    assert!(
        app.now() < app.journey().route().arrival(),
        "back on the way again"
    );
}

#[test]
fn cuts_to_the_map_are_timed_whether_an_event_or_a_cue_asks() {
    let mut app = common::app_with_trains("departure", (140, 40));
    let run = run(&mut app, false, Duration::from_secs(900));
    assert!(run.map_at_khabarovsk, "the Khabarovsk cue shows the map");
    // map_seconds is 4; events close together can extend a cut, but the map never stays on
    // until some later event happens to switch it off.
    println!("longest stretch on the map: {:?}", run.longest_map);
    assert!(
        run.longest_map <= Duration::from_secs(12),
        "{:?}",
        run.longest_map
    );
}

#[test]
fn pause_on_events_does_not_stall_a_demo() {
    let mut s = common::settings("pyongyang-moscow", "departure");
    s.pause_on = vec![EventClass::Route(EventKind::Border), EventClass::Zone];
    let mut app = common::app_with(s, (140, 40));
    let (_, _, _) = play(&mut app, false, Duration::from_secs(900));
    assert!(
        app.now() >= app.journey().route().arrival(),
        "it reached Moscow"
    );
}

#[test]
fn the_shipped_demo_plays_on_every_built_in_route() {
    for builtin in longrail::route::builtin::BUILTINS {
        let mut app = common::app_with(common::settings(builtin.id, "departure"), (140, 40));
        let name = app.journey().route().name.clone();
        let (_, captions, _) = play(&mut app, false, Duration::from_secs(900));
        assert!(
            app.now() >= app.journey().route().arrival(),
            "{}: reached the end",
            builtin.id
        );
        assert!(
            captions.first().is_some_and(|c| c.starts_with(&name)),
            "{}: the title names the route: {captions:?}",
            builtin.id
        );
        let westbound_cues = captions.iter().any(|c| c.contains("joins the Rossiya"));
        assert_eq!(
            westbound_cues,
            builtin.id == "pyongyang-moscow",
            "{}: cues for another route are skipped",
            builtin.id
        );
    }
}

#[test]
fn taking_over_mid_cut_gives_back_the_strip_at_the_demos_speed() {
    let mut session = demo(common::app_with_trains("departure", (140, 40)), false);
    let mut wall = Duration::ZERO;
    while session.app().screen().view() == View::Strip && wall < Duration::from_secs(300) {
        session.handle(Input::Tick, at(wall));
        wall += Duration::from_millis(100);
    }
    assert_ne!(
        session.app().screen().view(),
        View::Strip,
        "a cut to the map"
    );
    let demo_speed = session.app().clock().speed();
    assert_ne!(demo_speed, 600.0, "the demo's own speed");
    // Any key takes over (here one bound to nothing); the train goes on as it was going.
    session.handle(Input::Key(longrail::app::Key::char('x')), at(wall));
    let app = session.app();
    assert_eq!(app.screen().view(), View::Strip);
    assert_eq!(app.clock().speed(), demo_speed);
    assert!(app.screen().caption().is_none() && !app.screen().demo());
}
