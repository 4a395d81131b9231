//! The network view (`longrail --feed FEED`) as the user sees it, on a small feed the test
//! writes: whole screens at fixed instants and sizes (the whole network, two closer zooms,
//! the selected train's panel, a stop's departures, the help, `--ascii`), the model driven by
//! the actions keys make (Tab, Enter into the train's journey and Esc back at the same
//! instant, `i`, `/`, the mouse), `frame --feed` as text and PNG, and the tour.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use longrail::app::network::{Atlas, NetOverlay};
use longrail::app::screens::Screens;
use longrail::app::{Action, Command, Key, KeyCode, Model, Mouse};
use longrail::import::Feed;
use longrail::import::network::{Filter, load};
use longrail::report::frame;
use longrail::settings::Settings;

use crate::common::bin::run as longrail;
use crate::gtfs::Files;

/// A small city: a north–south line (route N, red, along a shape) and an east–west line
/// (route E, blue, without one) crossing at Central, every ten minutes from 06:00 to 22:00,
/// each way, on weekdays of June 2025; in Zürich's zone, on its coordinates.
pub fn city() -> Files {
    let stops = "\
NT,,North Terminal,47.42,8.54,,
CE,,Central,47.38,8.54,,
ST,,South Terminal,47.34,8.54,,
WT,,West End,47.38,8.48,,
ET,,East End,47.38,8.60,,
";
    let mut times = Vec::new();
    let mut trips = vec!["route_id,service_id,trip_id,trip_headsign,shape_id".to_owned()];
    for k in 0..96 {
        let t0 = 6 * 60 + k * 10;
        let hm = |m: i32| format!("{:02}:{:02}:00", m / 60, m % 60);
        for (route, id, a, b, c, shape) in [
            ("N", format!("N{k}s"), "NT", "CE", "ST", "SHN"),
            ("N", format!("N{k}n"), "ST", "CE", "NT", "SHS"),
            ("E", format!("E{k}e"), "WT", "CE", "ET", ""),
            ("E", format!("E{k}w"), "ET", "CE", "WT", ""),
        ] {
            let to = match c {
                "ST" => "South Terminal",
                "NT" => "North Terminal",
                "ET" => "East End",
                _ => "West End",
            };
            trips.push(format!("{route},S1,{id},{to},{shape}"));
            times.push(format!("{id},{},{},{a},1,0,0,", hm(t0), hm(t0)));
            times.push(format!("{id},{},{},{b},2,0,0,", hm(t0 + 9), hm(t0 + 10)));
            times.push(format!("{id},{},{},{c},3,0,0,", hm(t0 + 19), hm(t0 + 19)));
        }
    }
    Files::new("Europe/Zurich", stops, &(times.join("\n") + "\n"))
        .with("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Tiny Transit,https://example.org,Europe/Zurich\n")
        .with("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\nN,A,N,North-South,1,CC0000\nE,A,E,East-West,0,0033AA\n")
        .with("trips.txt", &(trips.join("\n") + "\n"))
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,0,0,20250601,20250630\n")
        .with("shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nSHN,47.42,8.54,1\nSHN,47.40,8.55,2\nSHN,47.38,8.54,3\nSHN,47.36,8.53,4\nSHN,47.34,8.54,5\nSHS,47.34,8.54,1\nSHS,47.36,8.53,2\nSHS,47.38,8.54,3\nSHS,47.40,8.55,4\nSHS,47.42,8.54,5\n")
}

/// 08:05 local on Monday 2 June 2025: eight trains under way, two standing at Central.
pub const MORNING: &str = "2025-06-02T06:05:00Z";

fn settings(ascii: bool) -> Settings {
    let mut s =
        longrail::settings::config::finish(longrail::settings::config::defaults().unwrap(), false)
            .unwrap();
    s.speed = 1.0;
    s.paused = true;
    s.ascii = ascii;
    s
}

/// The city written as a folder in `dir`, and its screens at `at`, `size`.
fn screens_in(dir: &Path, at: &str, size: (u16, u16), ascii: bool) -> (PathBuf, Screens) {
    screens_of(city(), dir, at, size, ascii)
}

/// `files` written as a folder in `dir`, and its screens at `at`, `size`.
fn screens_of(
    files: Files,
    dir: &Path,
    at: &str,
    size: (u16, u16),
    ascii: bool,
) -> (PathBuf, Screens) {
    let path = files.write_dir(dir);
    let mut feed = Feed::open(&path).unwrap();
    let loaded = load(&mut feed, &Filter::default()).unwrap();
    let atlas = Arc::new(Atlas::new(loaded.network));
    let at: DateTime<Utc> = at.parse().unwrap();
    let screens =
        longrail::cli::netview::screens(&atlas, settings(ascii), at, size, Duration::ZERO, &path);
    (path, screens)
}

fn text(screens: &Screens) -> String {
    let (w, h) = screens.network().size;
    frame::to_text(&frame::render(screens, w, h))
}

fn act(screens: &mut Screens, action: Action) {
    let _ = screens.update(action, Duration::ZERO);
}

fn key(screens: &mut Screens, k: Key) {
    if let Some(action) = screens.action_of(k, Utc::now()) {
        act(screens, action);
    }
}

#[test]
fn the_whole_network_and_two_zooms() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (100, 32), false);
    assert_eq!(s.network().trains.len(), 8, "{}", text(&s));
    let whole = text(&s);
    assert!(
        whole.contains("Tiny Transit") && whole.contains("8 trains running"),
        "{whole}"
    );
    assert!(
        whole.contains("08:05:00 CEST"),
        "the agency's clock: {whole}"
    );
    insta::assert_snapshot!("network_whole_100x32", whole);
    act(&mut s, Action::Command(Command::ZoomIn));
    act(&mut s, Action::Command(Command::ZoomIn));
    insta::assert_snapshot!("network_zoom2_100x32", text(&s));
    act(
        &mut s,
        Action::Look {
            lat: 47.38,
            lon: 8.54,
            span: 0.01,
        },
    );
    let close = text(&s);
    assert!(close.contains("Central"), "{close}");
    insta::assert_snapshot!("network_central_100x32", close);
}

#[test]
fn tab_selects_a_train_enter_opens_its_journey_and_esc_comes_back_at_its_instant() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (100, 32), false);
    key(&mut s, Key::plain(KeyCode::Tab));
    let selected = s
        .network()
        .selected
        .expect("Tab selects the train nearest the middle");
    let card = s.network().card().unwrap();
    let panel = text(&s);
    assert!(
        panel.contains(" Train ") && panel.contains(&card.trip),
        "{panel}"
    );
    insta::assert_snapshot!("network_train_panel_100x32", panel);
    key(&mut s, Key::plain(KeyCode::Enter));
    let journey = s.journey().expect("Enter opens the journey");
    assert_eq!(journey.now(), s.network().now, "at the network's instant");
    let screen = text(&s);
    assert!(
        screen.contains("Timetable") && screen.contains("Central"),
        "{screen}"
    );
    insta::assert_snapshot!("network_journey_opened_100x32", screen);
    // The journey plays on its own clock; Esc brings the network to its instant.
    act(
        &mut s,
        Action::Seek {
            to: "2025-06-02T06:07:30Z".parse().unwrap(),
            play: false,
        },
    );
    key(&mut s, Key::plain(KeyCode::Esc));
    assert!(s.journey().is_none(), "Esc came back");
    assert_eq!(s.network().now.to_rfc3339(), "2025-06-02T06:07:30+00:00");
    assert_eq!(
        s.network().selected,
        Some(selected),
        "the same train stays selected"
    );
    // Esc on the network lets go of the train.
    key(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.network().selected, None);
}

#[test]
fn i_shows_a_stops_next_departures_and_find_goes_to_a_stop() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (100, 32), false);
    key(&mut s, Key::char('/'));
    for c in "centr".chars() {
        key(&mut s, Key::char(c));
    }
    let finding = text(&s);
    assert!(
        finding.contains("Find") && finding.contains("Central"),
        "{finding}"
    );
    key(&mut s, Key::plain(KeyCode::Enter));
    assert!(matches!(s.network().overlay, NetOverlay::Stop(_)));
    let board = text(&s);
    // Every five minutes a train leaves Central one way or another: 08:10 is the next.
    assert!(board.contains("Departures from Central"), "{board}");
    assert!(board.contains("08:10"), "{board}");
    insta::assert_snapshot!("network_departures_100x32", board);
    key(&mut s, Key::plain(KeyCode::Esc));
    assert_eq!(s.network().overlay, NetOverlay::None);
    key(&mut s, Key::char('i'));
    assert!(
        matches!(s.network().overlay, NetOverlay::Stop(_)),
        "i shows the stop found again"
    );
}

#[test]
fn trains_sharing_a_cell_show_how_many_they_are() {
    // 08:09:30: a train of each line each way stands at Central.
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = screens_in(dir.path(), "2025-06-02T06:09:30Z", (100, 32), false);
    let screen = text(&s);
    let central = screen.lines().find(|l| l.contains("Central")).unwrap();
    assert!(central.contains('4'), "{screen}");
}

#[test]
fn a_click_selects_the_train_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (100, 32), false);
    let buf = frame::render(&s, 100, 32);
    let (x, y) = (0..32)
        .flat_map(|y| (0..100).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "●")
        .expect("a lone train on the map");
    act(&mut s, Action::Mouse(Mouse::Down(x, y)));
    act(&mut s, Action::Mouse(Mouse::Up(x, y)));
    assert!(s.network().selected.is_some(), "{}", text(&s));
}

#[test]
fn help_and_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (100, 32), true);
    let plain = text(&s);
    assert!(plain.is_ascii(), "{plain}");
    insta::assert_snapshot!("network_ascii_100x32", plain);
    key(&mut s, Key::char('?'));
    let help = text(&s);
    assert!(
        help.contains("Keys: the network") && help.contains("open the selected train"),
        "{help}"
    );
}

#[test]
fn every_size_draws_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), MORNING, (1, 1), false);
    key(&mut s, Key::plain(KeyCode::Tab));
    for (w, h) in [(1, 1), (2, 2), (10, 3), (30, 6), (300, 100)] {
        act(&mut s, Action::Resize(w, h));
        let _ = frame::render(&s, w, h);
    }
}

#[test]
fn frame_feed_writes_text_and_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let feed = city().write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let o = longrail(&["--feed", f, "frame", "--at", MORNING, "--size", "100x32"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("8 trains running"), "{out}");
    let png = dir.path().join("net.png");
    let o = longrail(&[
        "--feed",
        f,
        "frame",
        "--at",
        MORNING,
        "--size",
        "100x32",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (800, 416));
    let o = longrail(&["--feed", f, "frame", "--at", MORNING, "--view", "map"]);
    assert_eq!(o.status.code(), Some(2), "one view");
}

#[test]
fn a_bad_feed_is_a_clear_error_for_every_network_mode() {
    let dir = tempfile::tempdir().unwrap();
    let feed = city().without("stops.txt").write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let cast = dir.path().join("x.cast");
    for args in [
        vec!["--feed", f, "frame", "--at", MORNING],
        vec!["--feed", f, "record", "--out", cast.to_str().unwrap()],
        vec!["--feed", f, "serve", "--listen", "127.0.0.1:0"],
    ] {
        let o = longrail(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("stops.txt"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!cast.exists(), "nothing written");
}

#[test]
fn the_tour_selects_a_train_opens_its_journey_and_comes_back() {
    use longrail::app::network::tour::Tour;
    use longrail::app::session::{Input, Moment, Session};
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = screens_in(dir.path(), MORNING, (100, 32), false);
    let mut session = Session::new(s).with_steer(Box::new(Tour::new(false)));
    let utc = Utc::now();
    let mut seen_journey = false;
    for t in 0..50 {
        let at = Moment {
            wall: Duration::from_secs(t),
            utc,
        };
        session.handle(Input::Tick, at);
        seen_journey |= session.model().journey().is_some();
        let _ = frame::render(session.model(), 100, 32);
    }
    assert!(seen_journey, "the tour opened a journey");
    assert!(session.model().journey().is_none(), "and came back");
    assert!(!session.in_demo(), "a tour that does not loop ends");
}

#[test]
fn a_tour_at_night_goes_to_the_day_s_busiest_moment_and_one_by_day_stays() {
    use longrail::app::network::tour::Tour;
    use longrail::app::session::Steer;
    let dir = tempfile::tempdir().unwrap();
    // 03:00 in Zurich: the city's trains run from 06:00 to 22:00.
    let (_, mut night) = screens_in(dir.path(), "2025-06-02T01:00:00Z", (100, 32), false);
    assert!(night.network().trains.is_empty());
    for action in Tour::new(false).step(&night, Duration::ZERO) {
        act(&mut night, action);
    }
    let view = night.network();
    // At 06:00 the first trains still stand at their first stops; by 06:15 as many run as ever.
    assert_eq!(view.now.to_rfc3339(), "2025-06-02T04:15:00+00:00");
    assert!(!view.trains.is_empty());
    let caption = view.caption.clone().unwrap_or_default();
    assert!(
        caption.contains("at 06:15, the day's busiest moment"),
        "{caption}"
    );
    // A tour whose start the user chose keeps it.
    let (_, mut kept) = screens_in(dir.path(), "2025-06-02T01:00:00Z", (100, 32), false);
    for action in Tour::new(false)
        .keeping_start(true)
        .step(&kept, Duration::ZERO)
    {
        act(&mut kept, action);
    }
    assert_eq!(kept.network().now.to_rfc3339(), "2025-06-02T01:00:00+00:00");
    let (_, mut day) = screens_in(dir.path(), MORNING, (100, 32), false);
    for action in Tour::new(false).step(&day, Duration::ZERO) {
        act(&mut day, action);
    }
    assert_eq!(day.network().now, MORNING.parse::<DateTime<Utc>>().unwrap());
}

#[test]
fn the_title_says_when_the_agencys_clocks_changed() {
    // Zürich's clocks went back from 03:00 CEST to 02:00 CET at 01:00 UTC on 26 October 2025.
    let dir = tempfile::tempdir().unwrap();
    let files = city().with(
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,20251001,20251031\n",
    );
    let path = files.write_dir(dir.path());
    let mut feed = Feed::open(&path).unwrap();
    let atlas = Arc::new(Atlas::new(
        load(&mut feed, &Filter::default()).unwrap().network,
    ));
    let at = |t: &str| -> DateTime<Utc> { t.parse().unwrap() };
    let title = |t: &str| {
        let s = longrail::cli::netview::screens(
            &atlas,
            settings(false),
            at(t),
            (120, 10),
            Duration::ZERO,
            &path,
        );
        text(&s).lines().next().unwrap().to_owned()
    };
    let after = title("2025-10-26T07:00:00Z");
    assert!(
        after.contains("08:00:00 CET") && after.contains("clocks went back 1h at 03:00"),
        "{after}"
    );
    let before = title("2025-10-25T07:00:00Z");
    assert!(
        before.contains("09:00:00 CEST") && !before.contains("clocks went"),
        "{before}"
    );
    let day_after = title("2025-10-27T07:00:00Z");
    assert!(
        !day_after.contains("clocks went"),
        "told for a day only: {day_after}"
    );
}

/// The rows of the box whose top border holds `title`, as (left, right) columns and the rows.
fn boxed<'a>(screen: &'a str, title: &str) -> (usize, usize, Vec<&'a str>) {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().position(|l| l.contains(title)).unwrap();
    let chars: Vec<char> = lines[top].chars().collect();
    let at = lines[top].find(title).unwrap();
    let left = lines[top][..at].chars().count();
    let right = (left + 1..chars.len()).find(|&x| chars[x] == '╮').unwrap();
    let rows = lines[top + 1..]
        .iter()
        .take_while(|l| l.chars().nth(left) != Some('╰'))
        .copied()
        .collect();
    (left, right, rows)
}

#[test]
fn long_route_names_are_cut_with_an_ellipsis_inside_the_panels() {
    // Routes without short names and with long ones, as BART's feed has them.
    let long = city().with(
        "routes.txt",
        "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\n\
         N,A,,Dublin/Pleasanton - Daly City Limited Service,1,CC0000\n\
         E,A,,Richmond - Warm Springs/South Fremont Express,0,0033AA\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_of(long, dir.path(), MORNING, (100, 32), false);
    key(&mut s, Key::plain(KeyCode::Tab));
    let screen = text(&s);
    let (left, right, rows) = boxed(&screen, "╭ Train ");
    let first = rows[0]
        .chars()
        .skip(left + 1)
        .take(right - left - 1)
        .collect::<String>();
    assert!(first.contains('…') && first.contains(" to "), "{screen}");
    for row in &rows {
        assert_eq!(
            row.chars().nth(right),
            Some('│'),
            "overflows the panel:\n{screen}"
        );
    }
    key(&mut s, Key::char('i'));
    let board = text(&s);
    let (_, right, rows) = boxed(&board, "╭ Departures from ");
    assert!(rows.len() > 1, "{board}");
    for row in &rows {
        assert_eq!(
            row.chars().nth(right),
            Some('│'),
            "overflows the board:\n{board}"
        );
    }
}

#[test]
fn a_narrow_title_gives_up_the_feeds_name_before_the_clock_the_count_and_the_speed() {
    let dir = tempfile::tempdir().unwrap();
    for width in [60_u16, 72, 80, 100] {
        let (_, s) = screens_in(dir.path(), MORNING, (width, 24), false);
        let screen = text(&s);
        let title = screen.lines().next().unwrap();
        for part in ["08:05:00", "8 trains running", "1×", "PAUSED"] {
            assert!(title.contains(part), "{width}: {title}");
        }
        assert!(
            !title.contains("Tiny Tr…") || width < 80,
            "{width}: {title}"
        );
    }
}

#[test]
fn the_board_counts_minutes_as_its_clock_shows_them() {
    // 08:05:50: the 08:10 departures are in 5 minutes by the clock shown (4 min 10 s in
    // fact), and the board does not say 4 for one and 5 for another of the same minute.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = screens_in(dir.path(), "2025-06-02T06:05:50Z", (100, 32), false);
    key(&mut s, Key::char('/'));
    for c in "centr".chars() {
        key(&mut s, Key::char(c));
    }
    key(&mut s, Key::plain(KeyCode::Enter));
    let board = text(&s);
    let at_ten: Vec<&str> = board.lines().filter(|l| l.contains("08:10  in")).collect();
    assert!(!at_ten.is_empty(), "{board}");
    assert!(
        at_ten.iter().all(|l| l.contains("08:10  in   5 min")),
        "{board}"
    );
}
