//! The interactive pieces as the user sees and drives them: keys through a `Session`, whole
//! screens in a `TestBackend` compared with reviewed snapshots (the prompt while editing and
//! completing, `/` find, the focused timetable and log, the legend, the title bar at 60, 80,
//! 120 and 200 columns), and the notices at the limits.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use longrail::app::focus::Panel;
use longrail::app::session::{Input, Moment, Session};
use longrail::app::{App, Key, Overlay};
use longrail::settings::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MID_SIBERIA: &str = "2025-06-22T03:00:00Z";

fn screen(app: &App) -> String {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

fn at(ms: u64) -> Moment {
    Moment {
        wall: Duration::from_millis(ms),
        utc: "2025-06-20T00:00:00Z".parse().unwrap(),
    }
}

fn session(start: &str, size: (u16, u16)) -> Session {
    Session::new(common::app(start, size))
}

fn keys(s: &mut Session, text: &str) {
    for c in text.chars() {
        s.handle(Input::Key(Key::char(c)), at(0));
    }
}

fn code(s: &mut Session, code: KeyCode) {
    s.handle(Input::Key(Key::plain(code)), at(0));
}

#[test]
fn prompt_while_editing_and_completing() {
    let mut s = session(MID_SIBERIA, (100, 30));
    keys(&mut s, "gday 3 1400");
    code(&mut s, KeyCode::Left);
    code(&mut s, KeyCode::Left);
    insta::assert_snapshot!("prompt_cursor_inside_100x30", screen(s.app()));
    // The cursor is the reversed cell, on the "0" it is before.
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| f.render_widget(s.app(), f.area()))
        .unwrap();
    let buf = terminal.backend().buffer();
    let reversed: Vec<(u16, u16)> = buf
        .area
        .positions()
        .filter(|p| {
            buf[*p]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .map(|p| (p.x, p.y))
        .collect();
    assert_eq!(reversed.len(), 1, "{reversed:?}");
    let (x, y) = reversed[0];
    assert_eq!(buf[(x, y)].symbol(), "0");
    assert_eq!(buf[(x - 2, y)].symbol(), "1");
    s.handle(Input::Key(Key::ctrl('u')), at(0));
    code(&mut s, KeyCode::End);
    s.handle(Input::Key(Key::ctrl('u')), at(0));
    keys(&mut s, "krsn");
    let text = screen(s.app());
    assert!(text.contains("Krasnoyarsk"), "{text}");
    insta::assert_snapshot!("prompt_completing_100x30", text);
    keys(&mut s, "qqq");
    code(&mut s, KeyCode::Enter);
    insta::assert_snapshot!("prompt_error_100x30", screen(s.app()));
}

#[test]
fn a_long_entry_scrolls_in_the_prompt_and_nothing_is_cut() {
    let mut s = session(MID_SIBERIA, (60, 20));
    keys(&mut s, "g");
    let long = "Irkutsk ".repeat(20);
    s.handle(Input::Paste(long.clone()), at(0));
    assert_eq!(s.app().prompts().open().as_ref().unwrap().text(), long);
    for _ in 0..long.len() {
        code(&mut s, KeyCode::Left);
    }
    insta::assert_snapshot!("prompt_long_entry_at_start_60x20", screen(s.app()));
}

#[test]
fn find_lists_stations_and_events() {
    let mut s = session(MID_SIBERIA, (100, 30));
    keys(&mut s, "/baikal");
    let text = screen(s.app());
    insta::assert_snapshot!("find_baikal_100x30", text);
    code(&mut s, KeyCode::Down);
    let chosen = s
        .app()
        .prompts()
        .open()
        .as_ref()
        .unwrap()
        .chosen()
        .unwrap()
        .clone();
    code(&mut s, KeyCode::Enter);
    assert_eq!(s.app().now(), chosen.at);
    assert!(s.app().prompts().open().is_none());
}

#[test]
fn the_timetable_and_the_log_take_the_keyboard() {
    let mut s = session(MID_SIBERIA, (120, 40));
    keys(&mut s, "e");
    let app = s.app();
    assert_eq!(app.panels().focus().panel, Some(Panel::Timetable));
    let here = app.state().next_stop.unwrap();
    assert_eq!(
        app.panels().focus().stop,
        here,
        "the cursor starts at the train"
    );
    keys(&mut s, "jj");
    code(&mut s, KeyCode::PageDown);
    let rows = usize::from(longrail::app::layout::areas(s.app()).timetable_rows());
    // A page down moves a page less a row, held at the last stop.
    let last = s.app().journey().route().stops.len() - 1;
    assert_eq!(
        s.app().panels().focus().stop,
        (here + 2 + rows - 1).min(last)
    );
    insta::assert_snapshot!("focused_timetable_120x40", screen(s.app()));
    // Enter goes to that stop; i opens its details; Esc closes them, then lets go.
    code(&mut s, KeyCode::Enter);
    let stop = &s.app().journey().route().stops[s.app().panels().focus().stop];
    assert_eq!(s.app().now(), stop.arrive.unwrap());
    keys(&mut s, "i");
    assert_eq!(
        s.app().screen().overlay(),
        Overlay::Station(s.app().panels().focus().stop)
    );
    code(&mut s, KeyCode::Esc);
    assert_eq!(s.app().screen().overlay(), Overlay::None);
    assert_eq!(s.app().panels().focus().panel, Some(Panel::Timetable));
    // The log next: its cursor on the newest event; k goes back one, Enter seeks there.
    keys(&mut s, "e");
    let app = s.app();
    assert_eq!(app.panels().focus().panel, Some(Panel::Log));
    let newest = app.panels().focus().event;
    keys(&mut s, "k");
    code(&mut s, KeyCode::Enter);
    let event = &s.app().journey().timeline()[newest - 1];
    assert_eq!(s.app().now(), event.at);
    insta::assert_snapshot!("focused_log_120x40", screen(s.app()));
    code(&mut s, KeyCode::Esc);
    assert_eq!(s.app().panels().focus().panel, None);
    code(&mut s, KeyCode::Esc);
    assert!(!s.quit(), "Esc with nothing open does nothing");
}

#[test]
fn a_click_focuses_the_row_clicked() {
    let mut s = session(MID_SIBERIA, (120, 40));
    let areas = longrail::app::layout::areas(s.app());
    // The fourth stop row: below the border and the header.
    let row = areas.timetable.y + 2 + 3;
    s.handle(
        Input::Mouse(longrail::app::Mouse::Down(areas.timetable.x + 3, row)),
        at(0),
    );
    let app = s.app();
    assert_eq!(app.panels().focus().panel, Some(Panel::Timetable));
    let text = screen(app);
    let line = text.lines().nth(usize::from(row)).unwrap();
    let name = &app.journey().route().stops[app.panels().focus().stop].name;
    assert!(line.contains(name.as_str()), "{line} / {name}");
}

#[test]
fn the_legend_names_every_symbol() {
    let mut s = session(MID_SIBERIA, (120, 40));
    keys(&mut s, "L");
    assert_eq!(s.app().screen().overlay(), Overlay::Legend);
    let text = screen(s.app());
    for kind in longrail::route::EventKind::ALL {
        let glyph = longrail::ui::theme::Glyphs::new(false).event(kind);
        assert!(text.contains(glyph), "{glyph} is missing");
    }
    insta::assert_snapshot!("legend_120x40", text);
    keys(&mut s, "L");
    assert_eq!(s.app().screen().overlay(), Overlay::None);
    let mut narrow = session(MID_SIBERIA, (80, 40));
    keys(&mut narrow, "L");
    insta::assert_snapshot!("legend_80x40", screen(narrow.app()));
}

#[test]
fn the_help_scrolls_when_it_does_not_fit() {
    let mut s = session(MID_SIBERIA, (60, 20));
    keys(&mut s, "?");
    let top = screen(s.app());
    // One column at 60 wide, wrapped: more lines than the 18 that show.
    assert!(top.contains("scroll (1–18 of 53)"), "{top}");
    code(&mut s, KeyCode::PageDown);
    code(&mut s, KeyCode::PageDown);
    code(&mut s, KeyCode::PageDown);
    let bottom = screen(s.app());
    assert!(bottom.contains("Rebind keys in config.toml"), "{bottom}");
    insta::assert_snapshot!("help_scrolled_to_the_end_60x20", bottom);
}

/// The title row of the screen at `width` columns.
fn title_row(start: &str, width: u16) -> String {
    let app = common::app(start, (width, 30));
    screen(&app).lines().next().unwrap().to_owned()
}

#[test]
fn the_title_keeps_every_field_at_every_width_from_60() {
    for width in 60..=220 {
        let title = title_row(MID_SIBERIA, width);
        for field in ["Pyong", "running", "Zim", "d", "54%", "600×", "PAUSED"] {
            assert!(title.contains(field), "{width}: {field} missing in {title}");
        }
        // In order of priority: name, status, day and progress, speed.
        let (name, status, pct, speed) = (
            title.find("Pyong").unwrap(),
            title.find("running").unwrap(),
            title.find("54%").unwrap(),
            title.find("600×").unwrap(),
        );
        assert!(
            name < status && status < pct && pct < speed,
            "{width}: {title}"
        );
    }
    let rows: Vec<String> = [60, 80, 120, 200]
        .iter()
        .map(|w| title_row(MID_SIBERIA, *w))
        .collect();
    insta::assert_snapshot!("title_at_60_80_120_200", rows.join("\n"));
}

#[test]
fn notices_at_the_limits() {
    let notice = |s: &Session| s.app().screen().notice().unwrap_or_default().to_owned();
    let mut s = session("2025-06-25T14:00:00Z", (120, 40));
    for _ in 0..20 {
        keys(&mut s, "+");
    }
    assert!(notice(&s).contains("fastest speed"), "{}", notice(&s));
    for _ in 0..20 {
        keys(&mut s, "-");
    }
    assert!(notice(&s).contains("slowest speed"), "{}", notice(&s));
    keys(&mut s, "b");
    assert_eq!(notice(&s), "no border ahead");
    keys(&mut s, "d");
    assert_eq!(notice(&s), "this is the last day of the journey");
    keys(&mut s, " ");
    keys(&mut s, ".");
    assert!(notice(&s).contains("while paused"), "{}", notice(&s));
    let text = screen(s.app());
    assert!(
        text.lines().last().unwrap().contains("while paused"),
        "the notice is in the key bar"
    );
}

#[test]
fn at_the_arrival_space_restarts_and_the_key_bar_says_so() {
    let mut s = session("arrival", (120, 40));
    let bar = screen(s.app()).lines().last().unwrap().to_owned();
    assert!(bar.contains("Space restart"), "{bar}");
    keys(&mut s, " ");
    assert_eq!(s.app().now(), s.app().journey().route().departure());
    // While the prompt is open the bar shows the prompt's keys.
    keys(&mut s, "g");
    let bar = screen(s.app()).lines().last().unwrap().to_owned();
    assert!(
        bar.contains("Tab complete") && bar.contains("Ctrl-U"),
        "{bar}"
    );
}

#[test]
fn now_between_runs_shows_the_last_arrival_and_the_next_departure() {
    // Pyongyang → Moscow departs twice a month; on 27 Jun 2025 the 16 Jun run has arrived.
    let mut app = common::app_with_trains("departure", (140, 40));
    let when: DateTime<Utc> = "2025-06-27T12:00:00Z".parse().unwrap();
    app.update(longrail::app::Action::Live(when), Duration::ZERO);
    let title = screen(&app).lines().next().unwrap().to_owned();
    assert!(title.contains("between runs"), "{title}");
    assert!(title.contains("next departure"), "{title}");
    assert!(
        !title.contains("arrived at Moscow ·"),
        "not a stale run: {title}"
    );
}

#[test]
fn the_shuttles_timetable_names_each_stops_clock() {
    let mut settings = common::settings("khasan-tumangang", "departure");
    settings.paused = true;
    let app = common::app_with(settings, (120, 30));
    let text = screen(&app);
    insta::assert_snapshot!("shuttle_timetable_120x30", text);
    assert!(text.contains("UTC+10") && text.contains("UTC+9"), "{text}");
}

#[test]
fn with_ascii_the_new_pieces_draw_no_symbols_and_one_arrow() {
    let mut settings = common::settings("pyongyang-moscow", MID_SIBERIA);
    settings.ascii = true;
    let mut s = Session::new(common::app_with(settings, (120, 40)));
    keys(&mut s, "gkrsn");
    let prompt = screen(s.app());
    code(&mut s, KeyCode::Esc);
    keys(&mut s, "L");
    let legend = screen(s.app());
    code(&mut s, KeyCode::Esc);
    keys(&mut s, "e");
    let focused = screen(s.app());
    for text in [&prompt, &legend, &focused] {
        let odd: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii() && !c.is_alphabetic())
            .collect();
        assert!(odd.is_empty(), "{odd:?} in\n{text}");
    }
    // The route's own arrow is spelled like the title's: `->`, never a lone `>`.
    let title = focused.lines().next().unwrap();
    assert!(
        title.contains("Pyongyang -> Moscow") && title.contains("Zima -> Taishet"),
        "{title}"
    );
}

#[test]
fn a_tall_terminal_grows_the_strip_and_shows_more_stations() {
    let whole_route = |h: u16| {
        let mut app = common::app(MID_SIBERIA, (200, h));
        for _ in 0..10 {
            app.update(
                longrail::app::Action::Command(longrail::app::Command::ZoomOut),
                Duration::ZERO,
            );
        }
        app
    };
    let strip_names = |h: u16| {
        let app = whole_route(h);
        let areas = longrail::app::layout::areas(&app);
        let text = screen(&app);
        let strip: Vec<&str> = text
            .lines()
            .skip(usize::from(areas.strip.y))
            .take(usize::from(areas.strip.height))
            .collect();
        let shown = app
            .journey()
            .route()
            .stops
            .iter()
            .filter(|s| strip.iter().any(|l| l.contains(s.name.as_str())))
            .count();
        (areas.strip.height, shown)
    };
    let (short, few) = strip_names(40);
    let (tall, many) = strip_names(60);
    assert!(tall > short, "{tall} rows at 60, {short} at 40");
    assert!(many > few, "{many} stations named at 60 rows, {few} at 40");
    // Zoomed out to the whole route, where names crowd the most.
    insta::assert_snapshot!("whole_route_200x60", screen(&whole_route(60)));
}
