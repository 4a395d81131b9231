//! Stations in their own script (`--names local|latin|both`, the `s` key, `names` in the
//! config): the built-in routes' `local_name`s, the strip, the map, the timetable and the log at
//! widths measured in cells (a Hangul syllable takes two), and a PNG that draws Hangul, read
//! back pixel by pixel against the glyph.

use std::collections::BTreeMap;

use longrail::app::{Action, App, Command};
use longrail::route::builtin::BUILTINS;
use longrail::settings::NameStyle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

use crate::common;

/// On the morning of day 2, running from Chongjin to Rajin: Korean names on both sides.
const IN_THE_DPRK: &str = "2025-06-18T00:00:00Z";

fn app(names: NameStyle, size: (u16, u16)) -> App {
    let mut settings = common::settings("pyongyang-moscow", IN_THE_DPRK);
    settings.names = names;
    common::app_with(settings, size)
}

fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

fn screen(app: &App) -> String {
    let (w, h) = app.screen().size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

#[test]
fn every_stop_of_every_built_in_route_has_one_local_name_in_the_registers_form() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for b in BUILTINS {
        let route = longrail::settings::source::resolve_route(b.id, None).unwrap();
        for stop in &route.stops {
            let local = stop.local_name.clone().unwrap_or_default();
            assert!(!local.is_empty(), "{}: {} has none", b.id, stop.name);
            let before = seen.insert(stop.name.clone(), local.clone());
            assert!(
                before.is_none_or(|l| l == local),
                "{}: {} is named two ways",
                b.id,
                stop.name
            );
            // Numbers as Roman numerals (Пермь II), never `-1`/`-2`.
            assert!(!local.contains(char::is_numeric), "{}: {local}", b.id);
        }
    }
    for (name, local) in [
        ("Khabarovsk", "Хабаровск I"),
        ("Birobidzhan", "Биробиджан I"),
        ("Chita", "Чита II"),
        ("Slyudyanka", "Слюдянка I"),
        ("Krasnoyarsk", "Красноярск-Пассажирский"),
        ("Yekaterinburg", "Екатеринбург-Пассажирский"),
        ("Kotelnich", "Котельнич I"),
        ("Perm", "Пермь II"),
        ("Rajin", "라진"),
    ] {
        assert_eq!(seen.get(name).map(String::as_str), Some(local), "{name}");
    }
}

#[test]
fn a_name_is_latin_local_or_both() {
    let route = longrail::settings::source::resolve_route("pyongyang-moscow", None).unwrap();
    let hamhung = &route.stops[1];
    let name = |style| longrail::app::labels::stop_name(hamhung, style);
    assert_eq!(name(NameStyle::Latin), "Hamhung");
    assert_eq!(name(NameStyle::Local), "함흥");
    assert_eq!(name(NameStyle::Both), "Hamhung 함흥");
    assert_eq!(name(NameStyle::Both).width(), 12, "Hangul takes two cells");
    let mut plain = hamhung.clone();
    plain.local_name = None;
    assert_eq!(
        longrail::app::labels::stop_name(&plain, NameStyle::Local),
        "Hamhung",
        "without a local name, the Latin one"
    );
}

#[test]
fn the_strip_the_timetable_and_the_log_in_each_style() {
    for style in [NameStyle::Local, NameStyle::Both] {
        insta::assert_snapshot!(
            format!("names_{}_120x40", style.name()),
            screen(&app(style, (120, 40)))
        );
    }
}

#[test]
fn the_map_names_its_stations_in_their_own_script() {
    let mut app = app(NameStyle::Local, (120, 40));
    app.update(Action::Command(Command::Map), std::time::Duration::ZERO);
    let text = screen(&app);
    for name in ["Хабаровск I", "Уссурийск"] {
        assert!(text.contains(name), "{name}:\n{text}");
    }
    // Hangul on the map, each syllable over two cells.
    let buf = buffer(&app);
    assert!(
        buf.content().iter().any(|c| c.symbol() == "평"),
        "no 평 on the map:\n{text}"
    );
}

#[test]
fn names_are_cut_at_a_whole_character_and_end_in_an_ellipsis() {
    for width in 0..12 {
        let cut = longrail::ui::truncate("청진청년 Chongjin", width, "…");
        assert!(cut.width() <= width, "{width}: {cut:?} is {}", cut.width());
        if width > 0 {
            assert!(cut.ends_with('…'), "{width}: {cut:?}");
        }
    }
    assert_eq!(longrail::ui::truncate("청진청년", 6, "…"), "청진…");
    assert_eq!(longrail::ui::truncate("청진청년", 5, "…"), "청진…");
    assert_eq!(longrail::ui::truncate("청진청년", 4, "…"), "청…");
    // The timetable's name column is measured in cells: at 60 columns it is 14 wide (the
    // longest whole name, "Kilju 길주청년"), so "Chongjin 청진청년" (17 cells) is cut after 청진,
    // and the times stay in line.
    let app = app(NameStyle::Both, (60, 24));
    let text = longrail::report::frame::to_text(&buffer(&app));
    let column = |name: &str, time: &str| {
        let line = text
            .lines()
            .find(|l| l.contains(name) && l.contains(time))
            .unwrap();
        line[..line.find(time).unwrap()].width()
    };
    assert!(text.contains("│Chongjin 청진… d2 06:47"), "{text}");
    assert_eq!(
        column("Chongjin 청진…", "d2 06:47"),
        column("Kilju 길주청년", "d2 01:39")
    );
    assert_eq!(
        column("Rajin 라진", "d2 09:20"),
        column("Kilju 길주청년", "d2 01:39")
    );
}

#[test]
fn the_key_cycles_the_names_and_says_so_and_ascii_keeps_them_latin() {
    let mut app = app(NameStyle::Latin, (120, 40));
    assert_eq!(
        app.keymap().command(longrail::settings::Key::char('s')),
        Some(Command::CycleNames),
        "the key is s"
    );
    let mut said = Vec::new();
    for _ in 0..3 {
        app.update(
            Action::Command(Command::CycleNames),
            std::time::Duration::ZERO,
        );
        said.push((
            app.settings().names,
            app.screen().notice().unwrap().to_owned(),
        ));
    }
    assert_eq!(said[0].0, NameStyle::Local);
    assert_eq!(said[1].0, NameStyle::Both);
    assert_eq!(said[2].0, NameStyle::Latin);
    assert_eq!(said[0].1, "station names: in their own script");
    let mut settings = common::settings("pyongyang-moscow", IN_THE_DPRK);
    settings.names = NameStyle::Local;
    settings.ascii = true;
    let text = screen(&common::app_with(settings, (120, 40)));
    assert!(
        !text.contains('평') && !text.contains("Хабаровск"),
        "--ascii draws no other script:\n{text}"
    );
    assert!(
        text.contains("Rajin") && text.contains("Khabarovsk"),
        "{text}"
    );
}

#[test]
fn names_come_from_the_option_or_the_config() {
    let out = common::bin::stdout(&[
        "frame",
        "--at",
        IN_THE_DPRK,
        "--size",
        "120x40",
        "--names",
        "local",
    ]);
    assert!(out.contains("라진") && out.contains("Хабаровск I"), "{out}");
    let dir = common::bin::scratch("names-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, "names = \"both\"\n").unwrap();
    let both = common::bin::stdout(&[
        "--config",
        config.to_str().unwrap(),
        "frame",
        "--at",
        IN_THE_DPRK,
        "--size",
        "120x40",
    ]);
    assert!(both.contains("Rajin 라진"), "{both}");
    std::fs::write(&config, "names = \"korean\"\n").unwrap();
    let bad = common::bin::run(&["--config", config.to_str().unwrap(), "routes"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("config.toml:1:9") && err.contains("use latin, local or both"),
        "{err}"
    );
    let wrong = common::bin::run(&["--names", "korean", "routes"]);
    assert_eq!(wrong.status.code(), Some(2));
}

/// 평 in misc-fixed 12x13ja, rows 1 to 11 (rows 0 and 12 are blank), as the research for this
/// issue read it from the font's data (`#` is ink).
const PYEONG: [&str; 11] = [
    ".######..#..",
    ".......###..",
    "..#..#...#..",
    "..#..#.###..",
    "..#..#...#..",
    ".#######.#..",
    "............",
    "...######...",
    "..#......#..",
    "..#......#..",
    "...######...",
];

#[test]
fn a_png_draws_hangul_over_two_cells_from_the_wide_font() {
    let app = app(NameStyle::Local, (120, 40));
    let buf = buffer(&app);
    let (x, y) = buf
        .area
        .positions()
        .map(|p| (p.x, p.y))
        .find(|&(x, y)| buf[(x, y)].symbol() == "평")
        .expect("평 on the screen");
    let mut bytes = Vec::new();
    let look = longrail::report::picture::Look::of(&app);
    longrail::report::picture::png::write(&buf, look, "test", &mut bytes).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut data = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut data).unwrap();
    let channels = info.line_size / info.width as usize;
    let pixel = |px: u32, py: u32| -> [u8; 3] {
        let i = py as usize * info.line_size + px as usize * channels;
        [data[i], data[i + 1], data[i + 2]]
    };
    let (left, top) = (u32::from(x) * 8, u32::from(y) * 13);
    let background = pixel(left, top);
    let ink: Vec<String> = (0..13)
        .map(|dy| {
            (0..16)
                .map(|dx| {
                    if pixel(left + dx, top + dy) == background {
                        '.'
                    } else {
                        '#'
                    }
                })
                .collect()
        })
        .collect();
    let mut expected = vec!["................".to_owned()];
    expected.extend(PYEONG.iter().map(|row| format!("..{row}..")));
    expected.push("................".to_owned());
    assert_eq!(ink, expected, "평 at cell ({x}, {y})");
    // The next syllable, 양, is inked in both of its cells (a one-cell replacement glyph
    // would leave the second blank).
    let half_inked = |from: u32| {
        (0..13).any(|dy| (from..from + 8).any(|dx| pixel(left + 16 + dx, top + dy) != background))
    };
    assert_eq!(buf[(x + 2, y)].symbol(), "양");
    assert!(half_inked(0) && half_inked(8), "양 is drawn over two cells");
}

#[test]
fn the_timetable_command_names_stations_as_names_asks_and_stays_aligned() {
    let latin = common::bin::stdout(&["timetable"]);
    let local = common::bin::stdout(&["--names", "local", "timetable"]);
    let both = common::bin::stdout(&["--names", "both", "timetable"]);
    assert!(
        latin.contains("Khabarovsk") && !latin.contains("Хабаровск"),
        "{latin}"
    );
    assert!(
        local.contains("Хабаровск") && local.contains("평양"),
        "{local}"
    );
    assert!(both.contains("Pyongyang 평양"), "{both}");
    // The zone column starts at the same display column on every row, Hangul or not.
    for table in [&latin, &local, &both] {
        let starts: Vec<usize> = table
            .lines()
            .skip(2)
            .map(|l| {
                let zone = l.find("Asia/").or_else(|| l.find("Europe/")).unwrap();
                l[..zone].width()
            })
            .collect();
        assert!(starts.len() > 40, "{table}");
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{table}");
    }
    // JSON keeps the Latin name and adds the local one.
    let json: serde_json::Value = serde_json::from_str(&common::bin::stdout(&[
        "--names",
        "local",
        "timetable",
        "--json",
    ]))
    .unwrap();
    assert_eq!(json[0]["name"], "Pyongyang");
    assert_eq!(json[0]["local_name"], "평양");
}
