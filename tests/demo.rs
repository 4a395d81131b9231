//! Demo mode without a terminal: the director's actions go through `App::update` like keys,
//! frame by frame at a fixed rate, so a whole presentation can be checked in a moment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use longrail::app::demo::{DEFAULT_SCRIPT, Director, parse};
use longrail::app::{Action, App};

/// Play the default demo at 10 frames a second until it finishes (or `limit` of wall time);
/// returns the wall time taken and every caption shown.
fn play(app: &mut App, looping: bool, limit: Duration) -> (Duration, Vec<String>, bool) {
    let mut director = Director::new(parse(DEFAULT_SCRIPT).unwrap(), app, looping).unwrap();
    let mut captions = Vec::new();
    let mut saw_map = false;
    let mut wall = Duration::ZERO;
    while wall < limit && !director.finished {
        for action in director.step(app, wall) {
            if let Action::Caption(Some(text)) = &action {
                captions.push(text.clone());
            }
            app.update(action, wall);
        }
        app.update(Action::Tick, wall);
        saw_map |= app.view != longrail::app::map_view::View::Strip;
        wall += Duration::from_millis(100);
    }
    (wall, captions, saw_map)
}

#[test]
fn the_default_demo_plays_the_whole_journey_in_a_few_minutes() {
    let mut app = common::app_with_trains("departure", (140, 40));
    let (took, captions, saw_map) = play(&mut app, false, Duration::from_secs(900));
    assert!(
        app.now >= app.journey.route().arrival(),
        "it reached Moscow"
    );
    println!("the default demo took {took:?} of wall time");
    assert!(
        (Duration::from_secs(120)..=Duration::from_secs(360)).contains(&took),
        "a few minutes: {took:?}"
    );
    assert!(!app.demo, "control is handed back at the end");
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
    assert!(app.demo, "still playing");
    assert!(
        app.now < app.journey.route().arrival(),
        "back on the way again"
    );
}
