//! Whole screens, as the user sees them, at fixed sizes and simulated instants: rendered into
//! ratatui's `TestBackend` and compared with reviewed snapshots.

use crate::common;

use longrail::app::{Action, App, Command, Mouse};
use longrail::settings::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

fn screen(app: &App) -> String {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

const DEPARTURE: &str = "2025-06-16T18:04:00Z";
const MID_SIBERIA: &str = "2025-06-22T03:00:00Z";
/// Seven minutes after the clocks go back from UTC+10 to UTC+9 at the Jewish AO/Amur Oblast
/// border between Obluchye and Arkhara (20:46 local on day 3): the train clock still flashes
/// the change.
const ZONE_CHANGE: &str = "2025-06-19T11:53:00Z";
const ARRIVAL: &str = "2025-06-25T12:50:00Z";

#[test]
fn main_screen_at_four_instants_120x40() {
    for (name, at) in [
        ("departure", DEPARTURE),
        ("mid_siberia", MID_SIBERIA),
        ("zone_change", ZONE_CHANGE),
        ("arrival", ARRIVAL),
    ] {
        insta::assert_snapshot!(
            format!("120x40_{name}"),
            screen(&common::app(at, (120, 40)))
        );
    }
    let flashing = screen(&common::app(ZONE_CHANGE, (120, 40)));
    assert!(
        flashing.contains("clocks −1 h · UTC+9"),
        "the train clock does not show the change"
    );
}

#[test]
fn main_screen_at_other_sizes() {
    insta::assert_snapshot!(
        "80x24_mid_siberia",
        screen(&common::app(MID_SIBERIA, (80, 24)))
    );
    insta::assert_snapshot!(
        "200x60_mid_siberia",
        screen(&common::app(MID_SIBERIA, (200, 60)))
    );
    insta::assert_snapshot!("60x20_minimum", screen(&common::app(MID_SIBERIA, (60, 20))));
}

#[test]
fn too_small_terminals_get_a_message_not_a_panic() {
    insta::assert_snapshot!(
        "40x10_too_small",
        screen(&common::app(MID_SIBERIA, (40, 10)))
    );
    for (w, h) in [(1, 1), (2, 1), (1, 30), (59, 19), (300, 2)] {
        let out = screen(&common::app(MID_SIBERIA, (w, h)));
        assert!(!out.is_empty(), "{w}x{h}");
    }
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = common::app(MID_SIBERIA, (120, 40));
    app.update(Action::Command(Command::Help), Duration::ZERO);
    let out = screen(&app);
    insta::assert_snapshot!("120x40_help", out);
}

#[test]
fn station_details_open_on_click() {
    let mut app = common::app(MID_SIBERIA, (120, 40));
    // The strip's line is on row 4; find Irkutsk's column from the rendered screen.
    let out = screen(&app);
    let line = out.lines().nth(4).unwrap();
    let strip_row: Vec<char> = line.trim_matches('"').chars().collect();
    let labels = out.lines().nth(3).unwrap().trim_matches('"');
    let col = labels
        .find("Irkutsk")
        .map(|byte| labels[..byte].chars().count() + 3)
        .unwrap();
    assert!(strip_row.len() > col);
    app.update(
        Action::Mouse(Mouse::Down(u16::try_from(col).unwrap(), 4)),
        Duration::ZERO,
    );
    insta::assert_snapshot!("120x40_station_irkutsk", screen(&app));
}

#[test]
fn ascii_mode_uses_no_box_drawing() {
    let mut s = common::settings("pyongyang-moscow", MID_SIBERIA);
    s.ascii = true;
    let out = screen(&common::app_with(s, (120, 40)));
    let body: String = out.lines().map(|l| l.trim_matches('"')).collect();
    assert!(
        body.chars()
            .all(|c| !matches!(c, '\u{2500}'..='\u{259F}' | '●' | '◀' | '▶')),
        "box drawing in ascii mode"
    );
    insta::assert_snapshot!("120x40_ascii", out);
}

#[test]
fn each_theme_with_its_colours() {
    for theme in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        let mut s = common::settings("pyongyang-moscow", ZONE_CHANGE);
        s.theme = theme;
        let app = common::app_with(s, (80, 24));
        let ansi = longrail::report::frame::to_ansi(&longrail::report::frame::render(&app, 80, 24));
        insta::assert_snapshot!(format!("80x24_theme_{}", theme.name()), ansi);
    }
    let mut s = common::settings("pyongyang-moscow", ZONE_CHANGE);
    s.no_color = true;
    let ansi = longrail::report::frame::to_ansi(&longrail::report::frame::render(
        &common::app_with(s, (80, 24)),
        80,
        24,
    ));
    assert!(
        !ansi.contains("38;")
            && !ansi.contains("48;")
            && !ansi.contains("\x1b[3")
            && !ansi.contains("\x1b[4"),
        "colour under NO_COLOR"
    );
    insta::assert_snapshot!("80x24_no_color", ansi);
}

#[test]
fn eastbound_strip_runs_left_to_right() {
    let app = common::app_with(
        common::settings("moscow-pyongyang", "2025-06-29T00:00:00Z"),
        (120, 40),
    );
    let out = screen(&app);
    assert!(out.lines().nth(4).unwrap().contains('▶'));
    insta::assert_snapshot!("120x40_eastbound", out);
}
