//! The app driven by sequences of actions, asserting its state: the same path keys, mouse,
//! resizes and timer ticks take in the real terminal, with wall time given explicitly.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use longrail::app::{Action, App, Command, Effect, Mouse, Overlay};
use longrail::route::EventKind;
use longrail::settings::ClockConvention;
use longrail::settings::{Key, KeyCode};
use longrail::sim::{EventClass, Status};
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
    assert_eq!(app.now(), utc("2025-06-20T01:00:00Z")); // 6 s × 600 = 1 h
    cmd(&mut app, Command::Pause, secs(6));
    app.update(Action::Tick, secs(600));
    assert_eq!(app.now(), utc("2025-06-20T01:00:00Z"));
    cmd(&mut app, Command::Pause, secs(600));
    app.update(Action::Tick, secs(606));
    assert_eq!(app.now(), utc("2025-06-20T02:00:00Z"));
}

#[test]
fn speed_steps_through_presets_without_jumping() {
    let mut app = playing("2025-06-20T00:00:00Z");
    cmd(&mut app, Command::SpeedUp, secs(1));
    assert_eq!(app.clock().speed(), 1200.0);
    assert_eq!(app.now(), utc("2025-06-20T00:10:00Z"));
    app.update(Action::Tick, secs(2));
    assert_eq!(app.now(), utc("2025-06-20T00:30:00Z"));
    for _ in 0..30 {
        cmd(&mut app, Command::SpeedUp, secs(2));
    }
    assert_eq!(app.clock().speed(), 100_000.0);
    for _ in 0..30 {
        cmd(&mut app, Command::SpeedDown, secs(2));
    }
    assert_eq!(app.clock().speed(), 1.0);
}

#[test]
fn jumps_land_exactly_on_scheduled_seconds() {
    let mut app = common::app("2025-06-20T00:00:00Z", (120, 40));
    cmd(&mut app, Command::NextStop, secs(0));
    let stop = app.state().stop.unwrap();
    assert_eq!(app.state().status, Status::Stopped);
    assert_eq!(app.now(), app.journey().route().stops[stop].arrive.unwrap());
    cmd(&mut app, Command::NextStop, secs(0));
    assert_eq!(app.now(), app.journey().route().stops[stop].depart.unwrap());
    cmd(&mut app, Command::PrevStop, secs(0));
    cmd(&mut app, Command::PrevStop, secs(0));
    assert!(app.now() < utc("2025-06-20T00:00:00Z"));
    cmd(&mut app, Command::NextEvent, secs(0));
    let e = &app.journey().timeline()[app.state().last_event.unwrap()];
    assert_eq!(e.at, app.now());
    assert!(e.kind.is_notable());
}

#[test]
fn step_moves_one_minute_only_while_paused() {
    let mut app = common::app("2025-06-20T00:00:00Z", (120, 40));
    cmd(&mut app, Command::Step, secs(0));
    assert_eq!(app.now(), utc("2025-06-20T00:01:00Z"));
    cmd(&mut app, Command::Pause, secs(0));
    cmd(&mut app, Command::Step, secs(0));
    assert_eq!(app.now(), utc("2025-06-20T00:01:00Z"));
}

#[test]
fn the_replay_pauses_at_arrival_and_space_then_restarts() {
    let mut app = playing("2025-06-25T12:05:00Z");
    app.update(Action::Tick, secs(3600));
    assert_eq!(app.state().status, Status::Arrived);
    assert!(app.clock().paused());
    assert_eq!(app.now(), app.journey().route().arrival());
    cmd(&mut app, Command::Pause, secs(3601));
    assert_eq!(app.now(), app.journey().route().departure());
    assert!(!app.clock().paused());
}

#[test]
fn scrolling_releases_follow_and_f_snaps_back() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let before = app.panels().strip().center_km;
    cmd(&mut app, Command::ScrollLeft, secs(0));
    assert!(!app.panels().strip().follow);
    assert!(
        app.panels().strip().center_km > before,
        "westbound: left is further along the route"
    );
    cmd(&mut app, Command::Follow, secs(0));
    assert!(app.panels().strip().follow);
    assert!((app.panels().strip().center_km - app.state().km).abs() < 1.0);
    let span = app.panels().strip().span_km;
    cmd(&mut app, Command::ZoomIn, secs(0));
    assert!(app.panels().strip().span_km < span);
    cmd(&mut app, Command::ViewEnd, secs(0));
    assert!(!app.panels().strip().follow);
}

#[test]
fn timetable_scrolls_and_the_clock_convention_cycles() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::TimetableDown, secs(0));
    assert!(!app.panels().timetable().follow);
    let offset = app.panels().timetable().offset;
    cmd(&mut app, Command::TimetableUp, secs(0));
    assert_eq!(app.panels().timetable().offset, offset - 1);
    for expected in [
        ClockConvention::Reference,
        ClockConvention::Utc,
        ClockConvention::Local,
    ] {
        cmd(&mut app, Command::CycleClock, secs(0));
        assert_eq!(app.panels().timetable_clock(), expected);
    }
}

#[test]
fn the_kept_timetable_widths_follow_the_clock_the_names_and_the_train() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let measured = |app: &App| longrail::app::table::measure(app);
    let kept = |app: &App| app.table_widths().is_some_and(|m| m.is_for(app));
    assert!(kept(&app));
    assert_eq!(longrail::app::table::widths(&app), measured(&app));
    let first = measured(&app);
    let mut changed = false;
    for c in [
        Command::CycleClock,
        Command::CycleClock,
        Command::CycleNames,
        Command::NextTrain,
        Command::CycleClock,
    ] {
        cmd(&mut app, c, secs(0));
        assert!(kept(&app), "after {c:?}");
        assert_eq!(
            longrail::app::table::widths(&app),
            measured(&app),
            "after {c:?}"
        );
        changed |= measured(&app) != first;
    }
    // The sequence changes what the widths are worked out from, so the check above can fail.
    assert!(changed);
}

#[test]
fn escape_closes_the_overlay_and_never_quits() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::Help, secs(0));
    assert_eq!(app.screen().overlay(), Overlay::Help);
    let quits = |app: &mut App, c| {
        app.update(Action::Command(c), secs(0))
            .contains(&Effect::Quit)
    };
    assert!(!quits(&mut app, Command::Back));
    assert_eq!(app.screen().overlay(), Overlay::None);
    // Nothing open: a stray Esc does nothing at all.
    let before = (app.now(), app.screen().view(), *app.panels().strip());
    assert!(
        !quits(&mut app, Command::Back),
        "Esc with nothing open must not quit"
    );
    assert_eq!(
        (app.now(), app.screen().view(), *app.panels().strip()),
        before
    );
    assert!(quits(&mut app, Command::Quit));
}

#[test]
fn mouse_wheel_zooms_and_drag_pans_the_strip() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let span = app.panels().strip().span_km;
    app.update(Action::Mouse(Mouse::WheelUp(60, 4)), secs(0));
    assert!(app.panels().strip().span_km < span);
    app.update(Action::Mouse(Mouse::WheelUp(60, 30)), secs(0)); // over the timetable: ignored
    let zoomed = app.panels().strip().span_km;
    assert!(app.panels().strip().span_km <= zoomed);
    let center = app.panels().strip().center_km;
    // Row 9 is the km ruler: a drag there pans (the line and its label rows open stations).
    app.update(Action::Mouse(Mouse::Down(60, 9)), secs(0));
    assert_eq!(app.screen().overlay(), Overlay::None);
    app.update(Action::Mouse(Mouse::Drag(70, 9)), secs(0));
    app.update(Action::Mouse(Mouse::Up(70, 9)), secs(0));
    assert!(!app.panels().strip().follow);
    // Dragging the strip right reveals what lies west, which on the westbound route is
    // further along it (higher km).
    assert!(app.panels().strip().center_km > center);
}

#[test]
fn restart_returns_to_departure() {
    let mut app = common::app("2025-06-22T03:00:00Z", (120, 40));
    cmd(&mut app, Command::Restart, secs(0));
    assert_eq!(app.now(), app.journey().route().departure());
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
        any::<char>().prop_map(|c| Action::Prompt(Key::char(c))),
        prop::sample::select(vec![
            Key::plain(KeyCode::Backspace),
            Key::plain(KeyCode::Delete),
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::plain(KeyCode::Home),
            Key::plain(KeyCode::End),
            Key::ctrl('u'),
            Key::ctrl('w'),
            Key::ctrl('d'),
            Key::plain(KeyCode::Up),
            Key::plain(KeyCode::Down),
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::Enter),
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::F(5)),
        ])
        .prop_map(Action::Prompt),
        (-400i64..400)
            .prop_map(|d| Action::Live(utc("2025-06-20T00:00:00Z") + chrono::TimeDelta::days(d))),
        // What a demo director sends: any numbers at all, captions, demo on and off.
        any::<f64>().prop_map(Action::SetSpeed),
        (any::<f64>(), any::<f64>())
            .prop_map(|(center_km, span_km)| Action::Camera { center_km, span_km }),
        proptest::option::of(".{0,200}").prop_map(Action::Caption),
        any::<bool>().prop_map(Action::Demo),
    ]
}

/// The app the random sequences drive: with the other trains on the line, pausing on every
/// kind of event and compressing dwells, or plain.
fn random_app(full: bool) -> App {
    if !full {
        return playing("2025-06-17T00:00:00Z");
    }
    let mut s = common::settings("pyongyang-moscow", "2025-06-17T00:00:00Z");
    s.pause_on = vec![
        EventClass::Route(EventKind::Border),
        EventClass::Zone,
        EventClass::Route(EventKind::Transfer),
    ];
    s.compress_dwells = true;
    let mut app = common::app_with_trains_from(s, None, (120, 40));
    app.update(Action::Command(Command::Pause), Duration::ZERO);
    assert!(!app.clock().paused() && !app.trains().fleet().is_empty());
    app
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random keys, mouse events, resizes (1×1 to 300×100) and ticks: no panic, and the
    /// app's invariants hold after every step, with a full render each time.
    #[test]
    fn random_action_sequences_keep_the_app_sound(full in any::<bool>(), actions in prop::collection::vec((action(), 0u64..5000), 1..60)) {
        let mut app = random_app(full);
        let mut wall = Duration::ZERO;
        for (a, ms) in actions {
            wall += Duration::from_millis(ms);
            app.update(a, wall);
            let (w, h) = app.screen().size();
            let _ = longrail::report::frame::render(&app, w, h);
            let route = app.journey().route();
            prop_assert!(app.panels().strip().span_km >= 10.0 && app.panels().strip().span_km <= route.total_km() * 1.03);
            prop_assert!(app.panels().strip().center_km.is_finite());
            prop_assert!(app.state().km >= 0.0 && app.state().km <= route.total_km());
            prop_assert!(app.clock().speed() >= 1.0 && app.clock().speed() <= 100_000.0);
            prop_assert_eq!(app.state().clone(), app.journey().state_at(app.now()));
            prop_assert!(app.clock().skipped() >= TimeDelta::zero());
        }
    }
}

fn type_text(app: &mut App, text: &str, wall: Duration) {
    for c in text.chars() {
        app.update(Action::Prompt(Key::char(c)), wall);
    }
}

#[test]
fn the_go_to_prompt_seeks_or_explains_inline() {
    let mut app = common::app("2025-06-20T00:00:00Z", (120, 40));
    cmd(&mut app, Command::Goto, secs(0));
    assert!(app.prompts().open().is_some());
    type_text(&mut app, "Irkustk", secs(0));
    app.update(Action::Prompt(Key::plain(KeyCode::Enter)), secs(0));
    let error = app
        .prompts()
        .open()
        .as_ref()
        .and_then(|p| p.error.clone())
        .unwrap();
    assert!(error.contains("did you mean Irkutsk?"), "{error}");
    assert_eq!(
        app.now(),
        utc("2025-06-20T00:00:00Z"),
        "a bad entry does not move"
    );
    for _ in 0..7 {
        app.update(Action::Prompt(Key::plain(KeyCode::Backspace)), secs(0));
    }
    type_text(&mut app, "irkutsk", secs(0));
    app.update(Action::Prompt(Key::plain(KeyCode::Enter)), secs(0));
    assert!(app.prompts().open().is_none());
    assert_eq!(
        app.state()
            .stop
            .map(|i| app.journey().route().stops[i].name.as_str()),
        Some("Irkutsk")
    );
    // Relative steps and Moscow time.
    cmd(&mut app, Command::Goto, secs(0));
    type_text(&mut app, "-30m", secs(0));
    app.update(Action::Prompt(Key::plain(KeyCode::Enter)), secs(0));
    let irkutsk = app
        .journey()
        .route()
        .stops
        .iter()
        .find(|s| s.name == "Irkutsk")
        .unwrap();
    assert_eq!(
        app.now(),
        irkutsk.arrive.unwrap() - chrono::TimeDelta::minutes(30)
    );
    cmd(&mut app, Command::Goto, secs(0));
    type_text(&mut app, "day 3 14:00 MSK", secs(0));
    app.update(Action::Prompt(Key::plain(KeyCode::Enter)), secs(0));
    assert_eq!(app.now(), utc("2025-06-19T11:00:00Z"));
    // Esc closes without moving.
    cmd(&mut app, Command::Goto, secs(0));
    type_text(&mut app, "+6h", secs(0));
    app.update(Action::Prompt(Key::plain(KeyCode::Esc)), secs(0));
    assert!(app.prompts().open().is_none());
    assert_eq!(app.now(), utc("2025-06-19T11:00:00Z"));
}

#[test]
fn jump_keys_reach_zone_changes_borders_and_journey_days() {
    let mut app = common::app("2025-06-17T00:00:00Z", (120, 40));
    cmd(&mut app, Command::NextBorder, secs(0));
    let border = app
        .journey()
        .timeline()
        .iter()
        .find(|e| e.kind.name() == "border")
        .unwrap()
        .at;
    assert_eq!(app.now(), border);
    cmd(&mut app, Command::NextZone, secs(0));
    let zone = app
        .journey()
        .timeline()
        .iter()
        .find(|e| e.kind.name() == "zone" && e.at > border)
        .unwrap()
        .at;
    assert_eq!(app.now(), zone);
    cmd(&mut app, Command::NextZone, secs(0));
    assert!(app.now() > zone);
    cmd(&mut app, Command::PrevZone, secs(0));
    assert_eq!(app.now(), zone);
    let day = app.state().journey_day;
    cmd(&mut app, Command::NextDay, secs(0));
    assert_eq!(app.state().journey_day, day + 1);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
    cmd(&mut app, Command::PrevDay, secs(0));
    assert_eq!(
        app.state().journey_day,
        day,
        "back to the start of the day before"
    );
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
    // From the middle of a day, the first press goes to that day's start, the second to the
    // day before's.
    cmd(&mut app, Command::NextDay, secs(0));
    cmd(&mut app, Command::NextDay, secs(0));
    let day = app.state().journey_day;
    let goto = |app: &mut App, text: &str| {
        cmd(app, Command::Goto, secs(0));
        for c in text.chars() {
            app.update(Action::Prompt(Key::char(c)), secs(0));
        }
        app.update(Action::Prompt(Key::plain(KeyCode::Enter)), secs(0));
    };
    goto(&mut app, "+5h");
    assert_eq!(app.state().journey_day, day);
    cmd(&mut app, Command::PrevDay, secs(0));
    assert_eq!(app.state().journey_day, day, "this day's start first");
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
    cmd(&mut app, Command::PrevDay, secs(0));
    assert_eq!(app.state().journey_day, day - 1, "then the day before");
}

#[test]
fn pause_on_events_stops_exactly_at_the_border_and_says_why() {
    let mut s = common::settings("pyongyang-moscow", "2025-06-17T00:00:00Z");
    s.paused = false;
    s.pause_on = vec![EventClass::Route(EventKind::Border)];
    let mut app = common::app_with(s, (120, 40));
    let border = app
        .journey()
        .timeline()
        .iter()
        .find(|e| e.kind.name() == "border")
        .unwrap()
        .clone();
    // 50 hours at 600×: past the border, but the replay stops there, and the border is among
    // the events passed (for hooks).
    let effects = app.update(Action::Tick, secs(300));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Hook(h) if app.journey().timeline()[h.event].kind.name() == "border"
    )));
    app.update(Action::Tick, secs(3000));
    assert!(app.clock().paused());
    assert_eq!(app.now(), border.at);
    assert!(
        app.screen().notice().unwrap().contains("paused at"),
        "{:?}",
        app.screen().notice()
    );
    // Resuming goes on to the next border, not the same one again.
    cmd(&mut app, Command::Pause, secs(3000));
    assert!(app.screen().notice().is_none());
    app.update(Action::Tick, secs(3001));
    assert!(!app.clock().paused());
    let next = app
        .journey()
        .timeline()
        .iter()
        .find(|e| e.kind.name() == "border" && e.at > border.at)
        .unwrap()
        .clone();
    // Far enough at 600× to pass the next border by days.
    app.update(
        Action::Tick,
        secs(3001 + 2 * 86_400 / 600 + (next.at - border.at).num_seconds() as u64 / 600),
    );
    assert!(app.clock().paused());
    assert_eq!(app.now(), next.at, "paused at {}", next.title);
}

#[test]
fn a_pause_on_an_event_ends_the_live_view() {
    let mut s = common::settings("pyongyang-moscow", "2025-06-20T00:00:00Z");
    s.pause_on = vec![EventClass::Zone];
    let mut app = common::app_with_trains_from(s, None, (120, 40));
    app.update(Action::Live(utc("2026-11-23T19:30:00Z")), secs(0));
    assert!(app.clock().live());
    // At 1× the next zone change comes within a day or so.
    app.update(Action::Tick, secs(3 * 86_400));
    assert!(app.clock().paused(), "paused at a zone change");
    assert!(!app.clock().live(), "a paused replay is not the present");
}

/// At 60× with compressed dwells, arriving at Khasan (the long wait for customs and the car
/// transfer); also the departure from there and the dwell's length.
fn compressing_at_khasan() -> (App, DateTime<Utc>, TimeDelta) {
    let mut s = common::settings("pyongyang-moscow", "Khasan");
    s.paused = false;
    s.speed = 60.0;
    s.compress_dwells = true;
    let app = common::app_with(s, (120, 40));
    let khasan = app
        .journey()
        .route()
        .stops
        .iter()
        .find(|s| s.name == "Khasan")
        .unwrap();
    let (arrive, depart) = (khasan.arrive.unwrap(), khasan.depart.unwrap());
    (app, depart, depart - arrive)
}

#[test]
fn compressed_dwells_play_fast_and_count_the_time_skipped() {
    let (mut app, depart, dwell) = compressing_at_khasan();
    app.update(Action::Tick, secs(0));
    assert!(app.clock().boosting(), "a dwell of hours is compressed");
    // Two seconds of wall time later the train has left.
    app.update(Action::Tick, secs(3));
    assert!(app.now() > depart);
    assert!(!app.clock().boosting());
    let expected = dwell.num_seconds() as f64 * (1.0 - 60.0 / (dwell.num_seconds() as f64 / 2.0));
    assert!(
        (app.clock().skipped().num_seconds() as f64 - expected).abs() < 2.0,
        "{} vs {expected}",
        app.clock().skipped()
    );
    let title = longrail::report::frame::to_text(&longrail::report::frame::render(&app, 160, 40));
    assert!(
        title.lines().next().unwrap().contains("of dwells skipped"),
        "{title}"
    );
}

#[test]
fn a_compressed_dwell_cut_short_counts_only_what_went_by() {
    let (mut app, depart, dwell) = compressing_at_khasan();
    app.update(Action::Tick, secs(0));
    // Half way through the boost, pause for a while, then go on: the boost starts again
    // for the rest of the dwell.
    app.update(Action::Tick, secs(1));
    cmd(&mut app, Command::Pause, secs(1));
    let at_pause = app.clock().skipped();
    assert!(
        at_pause > TimeDelta::zero() && at_pause < dwell,
        "{at_pause}"
    );
    cmd(&mut app, Command::Pause, secs(100));
    app.update(Action::Tick, secs(100));
    assert!(
        app.clock().boosting(),
        "the rest of the dwell is compressed again"
    );
    app.update(Action::Tick, secs(110));
    assert!(app.now() > depart);
    // Never more than the dwell itself; about the dwell less the 60× share of the wall time
    // spent in it (about four seconds).
    assert!(
        app.clock().skipped() < dwell,
        "{} of a {} dwell",
        app.clock().skipped(),
        dwell
    );
    assert!(
        app.clock().skipped() > dwell - TimeDelta::minutes(10),
        "{} of a {} dwell",
        app.clock().skipped(),
        dwell
    );
}

#[test]
fn the_live_calendar_picks_the_run_the_timetable_has_on_the_line() {
    let mut app = common::app_with_trains("2025-06-20T00:00:00Z", (120, 40));
    // 23 November 2026, evening: the car that left Pyongyang on 17 November is in Siberia.
    app.update(Action::Live(utc("2026-11-23T19:30:00Z")), secs(0));
    assert!(app.clock().live());
    assert_eq!(
        app.journey().route().departure_date.to_string(),
        "2026-11-17"
    );
    assert_eq!(app.now(), utc("2026-11-23T19:30:00Z"));
    assert_eq!(app.clock().speed(), 1.0);
    assert!(!app.clock().paused());
    let out = longrail::report::frame::to_text(&longrail::report::frame::render(&app, 160, 40));
    assert!(
        out.lines().next().unwrap().contains("NOT LIVE TRACKING"),
        "{out}"
    );
    // Any seek leaves the present, and says so by dropping the label.
    cmd(&mut app, Command::NextStop, secs(0));
    assert!(!app.clock().live());
}

#[test]
fn a_quick_second_d_goes_on_back_even_while_the_replay_plays() {
    let mut app = playing("2025-06-20T00:00:00Z");
    let ms = Duration::from_millis;
    app.update(Action::Tick, ms(0));
    let day = app.state().journey_day;
    cmd(&mut app, Command::PrevDay, ms(1000));
    assert_eq!(app.state().journey_day, day);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
    // Half a second later at 600× the clock reads 00:05; a second press still goes back.
    app.update(Action::Tick, ms(1500));
    cmd(&mut app, Command::PrevDay, ms(1500));
    assert_eq!(app.state().journey_day, day - 1);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
    // Much later, a press is a first press again: this day's start.
    app.update(Action::Tick, ms(60_000));
    let later = app.state().journey_day;
    cmd(&mut app, Command::PrevDay, ms(60_000));
    assert_eq!(app.state().journey_day, later);
}

#[test]
fn choosing_another_train_ends_the_compressed_dwell_of_the_first() {
    // The 3 July 2025 westbound car stands at Khasan while the first eastbound car runs.
    let mut s = common::settings("pyongyang-moscow", "Khasan");
    s.compress_dwells = true;
    let mut app = common::app_with_trains_from(s, Some("2025-07-03"), (120, 40));
    cmd(&mut app, Command::Pause, secs(0));
    app.update(Action::Tick, Duration::from_millis(100));
    assert!(app.clock().boosting());
    cmd(&mut app, Command::NextTrain, Duration::from_millis(200));
    assert_ne!(app.journey().route().id, "pyongyang-moscow");
    assert_eq!(app.state().status, Status::Running, "{:?}", app.state());
    let skipped = app.clock().skipped();
    app.update(Action::Tick, Duration::from_millis(1200));
    assert!(
        !app.clock().boosting(),
        "the new train is running, at the set speed"
    );
    assert_eq!(
        app.clock().skipped(),
        skipped,
        "nothing counted as a skipped dwell"
    );
}

/// Yekaterinburg (UTC+5) to Omsk (UTC+6): the clock changes at km 20, reached at 23:40 on
/// day 1 by the train's clock, which then reads 00:40 on day 2. Day 2 has no 00:00.
const SKIP_MIDNIGHT_ROUTE: &str = r#"
[route]
id = "skip-midnight"
name = "Skip midnight"
departure_date = "2025-03-10"
[[stops]]
name = "West"
km = 0.0
lat = 56.8
lon = 60.6
tz = "Asia/Yekaterinburg"
depart = "day 1 23:20"
[[stops]]
name = "East"
km = 40.0
lat = 56.8
lon = 61.2
tz = "Asia/Omsk"
arrive = "day 2 01:00"
depart = "day 2 01:10"
[[stops]]
name = "Far"
km = 2000.0
lat = 55.0
lon = 73.4
tz = "Asia/Omsk"
arrive = "day 3 12:00"
[[zones]]
km = 20.0
tz = "Asia/Omsk"
"#;

/// An app at the departure of the route `text`, loaded from a file as a user's route is.
fn app_on_route_text(text: &str) -> App {
    let dir = std::env::temp_dir().join(format!("longrail-route-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("route.toml");
    std::fs::write(&path, text).unwrap();
    let app = common::app_with(
        common::settings(path.to_str().unwrap(), "departure"),
        (120, 40),
    );
    std::fs::remove_dir_all(&dir).ok();
    app
}

/// The instant of the journey's first change of clock.
fn first_zone_change(app: &App) -> DateTime<Utc> {
    app.journey()
        .timeline()
        .iter()
        .find(|e| e.kind.name() == "zone")
        .unwrap()
        .at
}

#[test]
fn a_day_whose_midnight_a_clock_change_skips_starts_at_that_change() {
    let mut app = app_on_route_text(SKIP_MIDNIGHT_ROUTE);
    let change = first_zone_change(&app);
    assert_eq!(app.state().journey_day, 1);
    cmd(&mut app, Command::NextDay, secs(0));
    assert_eq!(
        app.now(),
        change + TimeDelta::seconds(1),
        "day 2 starts at the clock change"
    );
    assert_eq!(app.state().journey_day, 2);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:40"
    );
    cmd(&mut app, Command::NextDay, secs(0));
    assert_eq!(app.state().journey_day, 3);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "00:00"
    );
}
