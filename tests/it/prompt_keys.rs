//! The go-to prompt and the find box driven by keys through a `Session`, as the terminal
//! sends them: readline editing, history, completion, find, the forms the app prints, the
//! notes for a clock time shown twice, and Esc that never quits.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use longrail::app::session::{Input, Moment, Session};
use longrail::app::{App, Key, PromptKind};
use longrail::settings::KeyCode;

fn at(ms: u64) -> Moment {
    Moment {
        wall: Duration::from_millis(ms),
        utc: "2025-06-20T00:00:00Z".parse().unwrap(),
    }
}

fn session(start: &str) -> Session {
    Session::new(common::app(start, (120, 40)))
}

fn press(s: &mut Session, key: Key) {
    s.handle(Input::Key(key), at(0));
}

fn code(s: &mut Session, code: KeyCode) {
    press(s, Key::plain(code));
}

fn typed(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, Key::char(c));
    }
}

fn text(s: &Session) -> String {
    s.app()
        .prompts()
        .open()
        .as_ref()
        .map(|p| p.text())
        .unwrap_or_default()
}

fn stop_named<'a>(app: &'a App, name: &str) -> &'a longrail::route::Stop {
    app.journey()
        .route()
        .stops
        .iter()
        .find(|s| s.name == name)
        .unwrap()
}

#[test]
fn the_prompt_edits_like_a_readline_line() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    typed(&mut s, "day 3 1400");
    code(&mut s, KeyCode::Left);
    code(&mut s, KeyCode::Left);
    typed(&mut s, ":");
    assert_eq!(text(&s), "day 3 14:00");
    code(&mut s, KeyCode::Home);
    code(&mut s, KeyCode::Delete);
    typed(&mut s, "D");
    code(&mut s, KeyCode::End);
    assert_eq!(text(&s), "Day 3 14:00");
    press(&mut s, Key::ctrl('w'));
    assert_eq!(text(&s), "Day 3 ");
    press(&mut s, Key::ctrl('u'));
    assert_eq!(text(&s), "");
    // No length cut: all of a long paste is kept.
    let long = "x".repeat(300);
    s.handle(Input::Paste(long.clone()), at(0));
    assert_eq!(text(&s), long);
    // Esc closes the prompt; a second Esc does nothing; neither quits.
    code(&mut s, KeyCode::Esc);
    assert!(s.app().prompts().open().is_none() && !s.quit());
    code(&mut s, KeyCode::Esc);
    assert!(!s.quit());
}

#[test]
fn the_forms_the_timetable_prints_are_taken_back() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    typed(&mut s, "d3 14:00");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert!(app.prompts().open().is_none(), "{:?}", app.prompts().open());
    assert_eq!(app.state().journey_day, 3);
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "14:00"
    );
    let before = app.now();
    press(&mut s, Key::char('g'));
    typed(&mut s, "09:30");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert!(app.now() > before && app.now() - before < TimeDelta::hours(24));
    assert_eq!(
        app.state().local_time().format("%H:%M").to_string(),
        "09:30"
    );
    press(&mut s, Key::char('g'));
    typed(&mut s, "arrival -1h");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert_eq!(
        app.now(),
        app.journey().route().arrival() - TimeDelta::hours(1)
    );
}

#[test]
fn now_in_the_prompt_is_the_calendars_present_like_w() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    typed(&mut s, "now");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert!(app.prompts().open().is_none() && app.clock().live());
    assert_eq!(app.now(), at(0).utc);
    assert_eq!(app.prompts().history(), ["now"]);
}

#[test]
fn history_brings_back_what_was_gone_to() {
    let mut s = session("departure");
    for entry in ["Omsk", "+6h"] {
        press(&mut s, Key::char('g'));
        typed(&mut s, entry);
        code(&mut s, KeyCode::Enter);
    }
    press(&mut s, Key::char('g'));
    typed(&mut s, "Irk");
    code(&mut s, KeyCode::Up);
    assert_eq!(text(&s), "+6h");
    code(&mut s, KeyCode::Up);
    assert_eq!(text(&s), "Omsk");
    code(&mut s, KeyCode::Down);
    code(&mut s, KeyCode::Down);
    assert_eq!(text(&s), "Irk", "back to what was being typed");
}

#[test]
fn station_names_complete_as_you_type_and_tab_takes_one() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    typed(&mut s, "novsib");
    let prompt = s.app().prompts().open().cloned().unwrap();
    assert_eq!(
        prompt.matches[0].label, "Novosibirsk",
        "{:?}",
        prompt.matches
    );
    code(&mut s, KeyCode::Tab);
    assert_eq!(text(&s), "Novosibirsk");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert_eq!(app.now(), stop_named(app, "Novosibirsk").arrive.unwrap());
    // Enter on a fuzzy entry that names no stop takes the suggestion marked.
    press(&mut s, Key::char('g'));
    typed(&mut s, "ulnude");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    assert_eq!(app.now(), stop_named(app, "Ulan-Ude").arrive.unwrap());
}

#[test]
fn find_searches_stations_and_events_and_enter_jumps_there() {
    let mut s = session("departure");
    press(&mut s, Key::char('/'));
    assert_eq!(
        s.app().prompts().open().as_ref().unwrap().kind,
        PromptKind::Find
    );
    typed(&mut s, "border");
    let prompt = s.app().prompts().open().cloned().unwrap();
    assert!(prompt.matches.len() >= 2, "{:?}", prompt.matches);
    code(&mut s, KeyCode::Down);
    let chosen = s
        .app()
        .prompts()
        .open()
        .as_ref()
        .unwrap()
        .chosen()
        .cloned()
        .unwrap();
    assert_eq!(chosen, prompt.matches[1]);
    code(&mut s, KeyCode::Enter);
    assert!(s.app().prompts().open().is_none());
    assert_eq!(s.app().now(), chosen.at);
    // Nothing matching: Enter says so and stays.
    press(&mut s, Key::char('/'));
    typed(&mut s, "qqqqzzzz");
    code(&mut s, KeyCode::Enter);
    let error = s
        .app()
        .prompts()
        .open()
        .as_ref()
        .unwrap()
        .error
        .clone()
        .unwrap();
    assert!(error.contains("no station or event matches"), "{error}");
}

#[test]
fn a_time_shown_twice_says_which_was_taken() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    typed(&mut s, "d3 21:00");
    code(&mut s, KeyCode::Enter);
    let app = s.app();
    let notice = app.screen().notice().expect("a notice about the fold");
    assert!(notice.contains("happens twice"), "{notice}");
    assert_eq!(app.state().offset.local_minus_utc(), 10 * 3600);
    let first: DateTime<Utc> = app.now();
    press(&mut s, Key::char('g'));
    typed(&mut s, "d3 21:00 +09:00");
    code(&mut s, KeyCode::Enter);
    assert_eq!(s.app().now() - first, TimeDelta::hours(1));
}

#[test]
fn ctrl_c_in_the_prompt_still_quits() {
    let mut s = session("departure");
    press(&mut s, Key::char('g'));
    press(&mut s, Key::ctrl('c'));
    assert!(s.quit());
}
