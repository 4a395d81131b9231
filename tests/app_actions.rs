//! The app driven by sequences of actions, asserting its state: the same path keys, mouse,
//! resizes and timer ticks take in the real terminal, with wall time given explicitly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use longrail::app::{Action, App, Command, Mouse, Overlay};
use longrail::settings::ClockConvention;
use longrail::sim::Status;
use proptest::prelude::*;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn cmd(app: &mut App, c: Command, wall: Duration) {
    app.update(Action::Command(c), wall);
}

fn playing(at: &str) -> App {
    let mut s = common::settings("pyongyang-moscow", at);
    s.paused = false;
    common::app_with(s, (120, 40))
}

#[test]
fn ticks_advance_by_speed_times_wall_time_and_pause_freezes() {
    let mut app = playing("2025-06-20T00:00:00Z");
    app.update(Action::Tick, secs(6));
    assert_eq!(app.now, utc("2025-06-20T01:00:00Z")); // 6 s × 600 = 1 h
    cmd(&mut app, Command::Pause, secs(6));
    app.update(Action::Tick, secs(600));
    assert_eq!(app.now, utc("2025-06-20T01:00:00Z"));
    cmd(&mut app, Command::Pause, secs(600));
    app.update(Action::Tick, secs(606));
    assert_eq!(app.now, utc("2025-06-20T02:00:00Z"));
}

#[test]
fn speed_steps_through_presets_without_jumping() {
    let mut app = playing("2025-06-20T00:00:00Z");
    cmd(&mut app, Command::SpeedUp, secs(1));
    assert_eq!(app.clock.speed(), 1200.0);
    assert_eq!(app.now, utc("2025-06-20T00:10:00Z"));
    app.update(Action::Tick, secs(2));
    assert_eq!(app.now, utc("2025-06-20T00:30:00Z"));
    for _ in 0..30 {
        cmd(&mut app, Command::SpeedUp, secs(2));
    }
    assert_eq!(app.clock.speed(), 100_000.0);
    for _ in 0..30 {
        cmd(&mut app, Command::SpeedDown, secs(2));
    }
    assert_eq!(app.clock.speed(), 1.0);
}

#[test]
fn jumps_land_exactly_on_scheduled_seconds() {
    let mut app = common::app("2025-06-20T00:00:00Z", (120, 40));
    cmd(&mut app, Command::NextStop, secs(0));
    let stop = app.state.stop.unwrap();
    assert_eq!(app.state.status, Status::Stopped);
    assert_eq!(app.now, app.journey.route().stops[stop].arrive.unwrap());
    cmd(&mut app, Command::NextStop, secs(0));
    assert_eq!(app.now, app.journey.route().stops[stop].depart.unwrap());
    cmd(&mut app, Command::PrevStop, secs(0));
    cmd(&mut app, Command::PrevStop, secs(0));
    assert!(app.now < utc("2025-06-20T00:00:00Z"));
    cmd(&mut app, Command::NextEvent, secs(0));
    let e = &app.journey.timeline()[app.state.last_event.unwrap()];
    assert_eq!(e.at, app.now);
    assert!(e.kind.is_notable());
}

#[test]
fn step_moves_one_minute_only_while_paused() {
    let mut app = common::app("2025-06-20T00:00:00Z", (120, 40));
    cmd(&mut app, Command::Step, secs(0));
    assert_eq!(app.now, utc("2025-06-20T00:01:00Z"));
    cmd(&mut app, Command::Pause, secs(0));
    cmd(&mut app, Command::Step, secs(0));
    assert_eq!(app.now, utc("2025-06-20T00:01:00Z"));
}

#[test]
fn the_replay_pauses_at_arrival_and_space_then_restarts() {
    let mut app = playing("2025-06-25T14:00:00Z");
    app.update(Action::Tick, secs(3600));
    assert_eq!(app.state.status, Status::Arrived);
    assert!(app.clock.paused());
    assert_eq!(app.now, app.journey.route().arrival());
    cmd(&mut app, Command::Pause, secs(3601));
    assert_eq!(app.now, app.journey.route().departure());
    assert!(!app.clock.paused());
}

#[test]
fn scrolling_releases_follow_and_f_snaps_back() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let before = app.strip.center_km;
    cmd(&mut app, Command::ScrollLeft, secs(0));
    assert!(!app.strip.follow);
    assert!(
        app.strip.center_km > before,
        "westbound: left is further along the route"
    );
    cmd(&mut app, Command::Follow, secs(0));
    assert!(app.strip.follow);
    assert!((app.strip.center_km - app.state.km).abs() < 1.0);
    let span = app.strip.span_km;
    cmd(&mut app, Command::ZoomIn, secs(0));
    assert!(app.strip.span_km < span);
    cmd(&mut app, Command::ViewEnd, secs(0));
    assert!(!app.strip.follow);
}

#[test]
fn timetable_scrolls_and_the_clock_convention_cycles() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::TimetableDown, secs(0));
    assert!(!app.timetable.follow);
    let offset = app.timetable.offset;
    cmd(&mut app, Command::TimetableUp, secs(0));
    assert_eq!(app.timetable.offset, offset - 1);
    for expected in [
        ClockConvention::Moscow,
        ClockConvention::Utc,
        ClockConvention::Local,
    ] {
        cmd(&mut app, Command::CycleClock, secs(0));
        assert_eq!(app.timetable_clock, expected);
    }
}

#[test]
fn escape_closes_the_overlay_before_quitting() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::Help, secs(0));
    assert_eq!(app.overlay, Overlay::Help);
    cmd(&mut app, Command::Back, secs(0));
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    cmd(&mut app, Command::Back, secs(0));
    assert!(app.quit);
}

#[test]
fn mouse_wheel_zooms_and_drag_pans_the_strip() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let span = app.strip.span_km;
    app.update(Action::Mouse(Mouse::WheelUp(60, 4)), secs(0));
    assert!(app.strip.span_km < span);
    app.update(Action::Mouse(Mouse::WheelUp(60, 30)), secs(0)); // over the timetable: ignored
    let zoomed = app.strip.span_km;
    assert!(app.strip.span_km <= zoomed);
    let center = app.strip.center_km;
    // Row 9 is the km ruler: a drag there pans (the line and its label rows open stations).
    app.update(Action::Mouse(Mouse::Down(60, 9)), secs(0));
    assert_eq!(app.overlay, Overlay::None);
    app.update(Action::Mouse(Mouse::Drag(70, 9)), secs(0));
    app.update(Action::Mouse(Mouse::Up(70, 9)), secs(0));
    assert!(!app.strip.follow);
    // Dragging the strip right reveals what lies west, which on the westbound route is
    // further along it (higher km).
    assert!(app.strip.center_km > center);
}

#[test]
fn restart_returns_to_departure() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::Restart, secs(0));
    assert_eq!(app.now, app.journey.route().departure());
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Tick),
        prop::sample::select(Command::ALL.to_vec())
            .prop_filter("no quit", |c| !matches!(c, Command::Quit | Command::Back))
            .prop_map(Action::Command),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Mouse(Mouse::WheelUp(c, r))),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Mouse(Mouse::WheelDown(c, r))),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Mouse(Mouse::Down(c, r))),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Mouse(Mouse::Drag(c, r))),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Mouse(Mouse::Up(c, r))),
        (1u16..=300, 1u16..=100).prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random keys, mouse events, resizes (1×1 to 300×100) and ticks: no panic, and the
    /// app's invariants hold after every step, with a full render each time.
    #[test]
    fn random_action_sequences_keep_the_app_sound(actions in prop::collection::vec((action(), 0u64..5000), 1..60)) {
        let mut app = playing("2025-06-17T00:00:00Z");
        let mut wall = Duration::ZERO;
        for (a, ms) in actions {
            wall += Duration::from_millis(ms);
            app.update(a, wall);
            let (w, h) = app.size;
            let _ = longrail::headless::render(&app, w, h);
            let route = app.journey.route();
            prop_assert!(app.strip.span_km >= 10.0 && app.strip.span_km <= route.total_km() * 1.03);
            prop_assert!(app.strip.center_km.is_finite());
            prop_assert!(app.state.km >= 0.0 && app.state.km <= route.total_km());
            prop_assert!(app.clock.speed() >= 1.0 && app.clock.speed() <= 100_000.0);
            prop_assert_eq!(app.state.clone(), app.journey.state_at(app.now));
        }
    }
}
