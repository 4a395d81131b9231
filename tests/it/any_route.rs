//! Every route first-class, on three continents: the built-in Pyongyang → Moscow (Asia and
//! Europe, Moscow time its reference clock), a route file written for these tests
//! (`tests/fixtures/line/geneve-milano.toml`, Europe, no reference) and a New York subway trip
//! imported from a real GTFS feed (North America; the gtfs-kit feed `.ci/setup-tools` fetches,
//! skipped with a note where it cannot be had, failing under CI).
//!
//! - No `MSK` in any output of a route without a reference clock.
//! - Tab cycles the line's own trains only.
//! - `--now`, `w` and `status --now` choose the same run and say the same between runs.
//! - Times on every clock strictly ordered along the route, as Python's zoneinfo writes them.
//! - `frame`, `state`, `status` and `record` agree on waiting and arrived, and refuse an
//!   instant more than a year away alike.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use clap::Parser;
use longrail::app::{Action, App, Command as Cmd, Fleet};
use longrail::cli::{Cli, Failure, build, status};

use crate::common::bin::{run as longrail, stdout};
use crate::{common, gtfs};
use longrail::settings::source::{line_candidates, resolve_source};
use longrail::sim::Journey;

/// The route file written for these tests.
const GENEVE: &str = "tests/fixtures/line/geneve-milano.toml";

/// The New York trips imported: (trip, file name). All three run on Sunday 15 December 2024
/// (the feed's first service day, the importer's choice without `--date`): two southbound
/// 1 trains 40 minutes apart and a northbound one, all on the line at 01:20 local.
const NYC_TRIPS: [(&str, &str); 3] = [
    ("AFA24GEN-1038-Sunday-00_006600_1..S03R", "s-0106.toml"),
    ("AFA24GEN-1038-Sunday-00_002600_1..S03R", "s-0026.toml"),
    ("AFA24GEN-1038-Sunday-00_007200_1..N03R", "n-0112.toml"),
];

/// The folder of imported New York trips (built once), or `None` without the feed.
fn nyc_folder() -> Option<&'static Path> {
    static FOLDER: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let feed = gtfs::real_feed("nyc_subway_gtfs.zip")?;
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("any-route-nyc");
            std::fs::create_dir_all(&dir).unwrap();
            for (trip, file) in NYC_TRIPS {
                let imported = gtfs::import(&feed, trip, None, None).unwrap();
                std::fs::write(dir.join(file), imported.text).unwrap();
            }
            Some(dir)
        })
        .as_deref()
}

/// The main New York trip's route file.
fn nyc() -> Option<String> {
    nyc_folder().map(|d| d.join(NYC_TRIPS[0].1).display().to_string())
}

/// The routes of the three continents that are to be had here.
fn routes() -> Vec<String> {
    let mut all = vec!["pyongyang-moscow".to_owned(), GENEVE.to_owned()];
    all.extend(nyc());
    all
}

/// The routes without a reference clock (no `MSK` may show).
fn foreign() -> Vec<String> {
    routes().into_iter().skip(1).collect()
}

fn journey(route: &str) -> Journey {
    Journey::new(longrail::settings::source::resolve_route(route, None).unwrap())
}

fn rfc(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

/// The middle of `route`'s journey.
fn middle(route: &str) -> DateTime<Utc> {
    let r = journey(route).route().clone();
    r.departure() + (r.arrival() - r.departure()) / 2
}

/// An app on `route` at `at` with the trains of its line, drawn at `size`.
fn app_on(route: &str, at: &str, size: (u16, u16)) -> App {
    let settings = common::settings(route, at);
    let source = resolve_source(route).unwrap();
    let base = source.load(None).unwrap();
    let candidates = line_candidates(&source);
    let fleet = Fleet::of_line(source, &base, candidates);
    App::new(
        Journey::new(base),
        settings,
        chrono_tz::America::Los_Angeles,
        size,
        Duration::ZERO,
    )
    .with_fleet(fleet)
}

fn screen(app: &App) -> String {
    let (w, h) = app.screen().size();
    longrail::report::frame::to_text(&longrail::report::frame::render(app, w, h))
}

fn press(app: &mut App, command: Cmd) {
    app.update(Action::Command(command), Duration::ZERO);
}

/// Everything the app shows of `route` at `at` at `size`: the main screen under each
/// timetable clock, and every overlay and prompt, as text.
fn app_screens(route: &str, at: &str, size: (u16, u16)) -> Vec<String> {
    let mut app = app_on(route, at, size);
    let mut shown = vec![screen(&app)];
    for _ in 0..3 {
        press(&mut app, Cmd::CycleClock);
        shown.push(screen(&app));
    }
    for open in [Cmd::Help, Cmd::Legend, Cmd::Details, Cmd::Runs, Cmd::Goto] {
        press(&mut app, open);
        shown.push(screen(&app));
        press(&mut app, Cmd::Back);
        let esc = longrail::settings::Key::plain(longrail::settings::KeyCode::Esc);
        let _ = app.update(Action::Prompt(esc), Duration::ZERO);
    }
    press(&mut app, Cmd::Map);
    shown.push(screen(&app));
    shown
}

/// Every output of `route` as text: the commands, the app's screens and overlays, a
/// recording, and the hooks' environment for every event.
fn every_output(route: &str) -> Vec<(String, String)> {
    let mid = rfc(middle(route));
    let fields = "%w %f %t %s %p %k %K %l %M %z %m %v %d %D %r %n";
    let mut out: Vec<(String, String)> = Vec::new();
    let mut run = |args: Vec<&str>| {
        let mut all = vec!["--route", route];
        all.extend(args.iter().copied());
        out.push((args.join(" "), stdout(&all)));
    };
    for clock in ["local", "reference", "utc"] {
        run(vec!["timetable", "--clock", clock]);
        run(vec!["timetable", "--clock", clock, "--json"]);
    }
    run(vec!["check", route]);
    run(vec!["state", "--at", &mid]);
    run(vec!["status", "--at", &mid]);
    run(vec!["status", "--at", &mid, "--format", fields]);
    for size in ["80x24", "120x40", "200x60"] {
        run(vec!["frame", "--at", &mid, "--size", size]);
        run(vec![
            "frame", "--at", &mid, "--size", size, "--view", "split",
        ]);
    }
    let cast = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("any-route-{}.cast", route.replace(['/', '.'], "-")));
    let cast_text = cast.display().to_string();
    run(vec![
        "record",
        "--out",
        &cast_text,
        "--force",
        "--duration",
        "3s",
        "--fps",
        "2",
        "--start",
        &mid,
        "--speed",
        "5000",
    ]);
    out.push(("the cast".into(), std::fs::read_to_string(&cast).unwrap()));
    let j = journey(route);
    for e in j.timeline() {
        let env = longrail::app::playback::event_env(&j, e);
        out.push((format!("hook env at {}", e.title), format!("{env:?}")));
    }
    for (i, text) in app_screens(route, &mid, (120, 40)).into_iter().enumerate() {
        out.push((format!("app screen {i}"), text));
    }
    out
}

#[test]
fn no_msk_in_any_output_of_a_route_without_a_reference_clock() {
    for route in foreign() {
        for (what, text) in every_output(&route) {
            assert!(!text.contains("MSK"), "{route}: {what}:\n{text}");
            assert!(!text.contains("Moscow"), "{route}: {what}:\n{text}");
        }
    }
    // The same look finds Moscow time on the built-in route, where it belongs: in every frame,
    // in state, the status line and the app's screens.
    for (what, text) in every_output("pyongyang-moscow") {
        let expected = what.starts_with("frame")
            || what.starts_with("state")
            || what.starts_with("status --at")
            || what == "app screen 0";
        assert!(
            !expected || text.contains("MSK"),
            "pyongyang-moscow: {what}:\n{text}"
        );
    }
}

#[test]
fn a_route_without_a_reference_labels_offsets_from_utc() {
    let at = "2025-06-18T08:00:00Z";
    let line = stdout(&["--route", GENEVE, "status", "--at", at]);
    assert_eq!(line, "Brig→Domodossola 61% · 10:00 UTC+2 · day 1/1\n");
    let line = stdout(&["--route", GENEVE, "status", "--at", at, "--format", "%M %m"]);
    assert_eq!(line, "08:00 UTC+2\n", "%M is UTC's time, %m the UTC label");
    let state = stdout(&["--route", GENEVE, "state", "--at", at]);
    assert!(state.contains("\"reference\": null,"), "{state}");
    assert!(
        state.contains("\"reference_offset\": \"UTC+2\","),
        "{state}"
    );
    assert!(
        !state.contains("msk_offset") && !state.contains("moscow_time"),
        "{state}"
    );
    let app = app_on(GENEVE, at, (140, 40));
    let text = screen(&app);
    // Train, Genève, Milano Centrale, UTC, yours: each box's second line is its UTC offset.
    assert!(text.contains("╭ Genève "), "{text}");
    assert!(text.contains("╭ Milano Centrale "), "{text}");
    assert!(text.contains("│UTC+2        "), "{text}");
}

/// The runs Tab visits from `app`, in order, until it is back where it began.
fn tab_round(app: &mut App) -> Vec<String> {
    let start = app.trains().selected();
    let mut seen = vec![];
    for _ in 0..10 {
        press(app, Cmd::NextTrain);
        seen.push(format!(
            "{} {}",
            app.journey().route().id,
            app.trains().selected().date
        ));
        if app.trains().selected() == start {
            return seen;
        }
    }
    panic!("Tab never came back: {seen:?}")
}

#[test]
fn tab_cycles_only_the_trains_of_the_line() {
    let builtin = |id: &str| longrail::route::BUILTINS.iter().any(|b| b.id == id);
    // The route file's folder: its northbound twin runs at the same time; the built-ins never
    // join, nor the other fixtures (no stop in common).
    let mut app = app_on(GENEVE, "2025-06-18T08:00:00Z", (120, 40));
    let ids: Vec<String> = app.trains().fleet().bases().map(|r| r.id.clone()).collect();
    assert_eq!(ids, ["geneve-milano", "milano-geneve"]);
    assert_eq!(
        tab_round(&mut app),
        ["milano-geneve 2025-06-18", "geneve-milano 2025-06-18"]
    );
    // The built-in line, with the first eastbound car coming the other way: every train Tab
    // reaches is drawn on the westbound car's strip, and no other is.
    let mut app = common::app_with_trains_on(Some("2025-07-03"), "2025-07-03T15:30:00Z", (120, 40));
    let on_line = app.trains().on_line().count();
    let round = tab_round(&mut app);
    assert_eq!(round.len(), on_line + 1, "{round:?}");
    assert!(round.iter().all(|r| builtin(r.split(' ').next().unwrap())));
    // Nothing else on the line: Tab says so and stays.
    let mut alone = common::app_with_trains("2025-06-16T19:00:00Z", (120, 40));
    press(&mut alone, Cmd::NextTrain);
    assert_eq!(
        alone.screen().notice(),
        Some("no other train on this line now")
    );
    assert_eq!(alone.journey().route().id, "pyongyang-moscow");
    // The New York trips of one folder: the three 1 trains on the line at 01:20, no other.
    if let Some(main) = nyc() {
        let mut app = app_on(&main, "2024-12-15T06:20:00Z", (120, 40));
        assert!(app.trains().fleet().bases().all(|r| !builtin(&r.id)));
        let round = tab_round(&mut app);
        assert_eq!(round.len(), 3, "{round:?}");
    }
}

/// What `--now`, `w` and `status` say at `now` on `route`: the run's date and the note, or
/// the message why there is none (each without its option's prefix).
#[derive(Debug, PartialEq)]
enum Said {
    Run(chrono::NaiveDate, Option<String>),
    NoRun(String),
}

fn usage(e: Failure, prefix: &str) -> String {
    match e {
        Failure::Usage(m) => m.strip_prefix(prefix).unwrap_or(&m).to_owned(),
        other => panic!("not a usage error: {other}"),
    }
}

fn by_now_option(route: &str, now: DateTime<Utc>) -> Said {
    let cli = Cli::parse_from(["longrail", "--route", route, "--now"]);
    let settings = build::settings(&cli).unwrap();
    match build::journey_and_later_fleet(&cli, &settings, Some(now)) {
        Ok((j, _)) => Said::Run(j.route().departure_date, build::now_note(&j, now)),
        Err(e) => Said::NoRun(usage(e, "--now: ")),
    }
}

fn by_status(route: &str, now: DateTime<Utc>) -> Said {
    let cli = Cli::parse_from(["longrail", "--route", route, "status", "--now"]);
    let settings = build::settings(&cli).unwrap();
    let args = status::Args {
        format: Some(longrail::report::status::Format::parse("%R").unwrap()),
        at: None,
        now: true,
    };
    match status::line_at(&cli, &settings, &args, now) {
        Ok((line, note)) => Said::Run(line.trim().parse().unwrap(), note),
        Err(e) => Said::NoRun(usage(e, "status: ")),
    }
}

fn by_w(app: &mut App, now: DateTime<Utc>) -> Said {
    // Not live before: the app opened on its own run, or `r` went back to it.
    assert!(!app.clock().live());
    app.update(Action::Live(now), Duration::ZERO);
    if !app.clock().live() {
        return Said::NoRun(app.screen().notice().unwrap_or_default().to_owned());
    }
    Said::Run(
        app.trains().selected().date,
        app.screen().notice().map(str::to_owned),
    )
}

#[test]
fn now_w_and_status_agree_for_every_route_and_date() {
    let mut all: Vec<String> = longrail::route::BUILTINS
        .iter()
        .map(|b| b.id.to_owned())
        .collect();
    all.extend(routes().into_iter().skip(1));
    for route in all {
        let base = journey(&route).route().clone();
        let mut app = app_on(&route, "departure", (120, 40));
        let home = app.trains().selected();
        // From a year and a half before the route's own run to two years after, every 7 d 5 h.
        let mut now = base.departure() - TimeDelta::days(540);
        let mut runs = 0;
        while now < base.departure() + TimeDelta::days(730) {
            let said = by_now_option(&route, now);
            assert_eq!(by_status(&route, now), said, "{route} at {now}: status");
            assert_eq!(by_w(&mut app, now), said, "{route} at {now}: w");
            if let Said::Run(..) = said {
                runs += 1;
                // After w the app goes back to the run it opened on, at its departure.
                press(&mut app, Cmd::Restart);
                assert_eq!(app.trains().selected(), home, "{route}: r after w");
                assert_eq!(app.now(), base.departure(), "{route}: r after w");
            }
            now += TimeDelta::hours(173);
        }
        assert!(runs > 0, "{route}: no run ever shown");
    }
}

/// One time as Python's zoneinfo writes it on a clock: `Mon 16 Jun 21:04`, the local date
/// and time in full (ISO, so that text order is time order) and the UTC offset in seconds.
struct Oracle {
    text: String,
    local: String,
    offset: i64,
}

/// The (UTC instant, zone) pairs as Python's zoneinfo writes them.
fn zoneinfo(pairs: &[(String, String)]) -> Vec<Oracle> {
    use std::io::Write;
    let script = r#"
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
for line in sys.stdin:
    at, zone = line.split()
    t = datetime.fromisoformat(at).astimezone(ZoneInfo(zone))
    offset = int(t.utcoffset().total_seconds())
    print(t.strftime("%a %d %b %H:%M") + "|" + t.replace(tzinfo=None).isoformat() + "|" + str(offset))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with zoneinfo is the oracle");
    let input: String = pairs.iter().map(|(at, z)| format!("{at} {z}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.split('|').collect();
            Oracle {
                text: parts[0].to_owned(),
                local: parts[1].to_owned(),
                offset: parts[2].parse().unwrap(),
            }
        })
        .collect()
}

/// The cells `timetable --clock CLOCK` prints, stop by stop, arrival then departure.
fn printed_cells(route: &str, clock: &str) -> Vec<String> {
    let text = stdout(&["--route", route, "timetable", "--clock", clock]);
    let mut cells = vec![];
    for line in text.lines().skip(2) {
        // The two times are the 16-character cells after the `utc` column, right-aligned.
        let parts: Vec<&str> = line
            .split("  ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let times: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| *p == "—" || p.len() == 16 && p.as_bytes()[3] == b' ')
            .collect();
        assert_eq!(times.len(), 2, "{clock}: {line}");
        cells.extend(times.iter().filter(|t| **t != "—").map(|t| (*t).to_owned()));
    }
    cells
}

#[test]
fn times_on_every_clock_are_ordered_along_the_route_as_zoneinfo_writes_them() {
    let mut all: Vec<String> = longrail::route::BUILTINS
        .iter()
        .map(|b| b.id.to_owned())
        .collect();
    all.push("tests/fixtures/valid/dst-fold.toml".to_owned());
    all.extend(routes().into_iter().skip(1));
    for route in all {
        let j = journey(&route);
        let r = j.route();
        // Each time with the stop it belongs to.
        let instants: Vec<(usize, String)> = r
            .stops
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                [s.arrive, s.depart]
                    .into_iter()
                    .flatten()
                    .map(move |t| (i, t))
            })
            .map(|(i, t)| (i, t.to_rfc3339()))
            .collect();
        let reference = r.reference().map_or("UTC", |c| c.tz.name());
        let first = r.stops[0].tz.name();
        let last = r.stops[r.stops.len() - 1].tz.name();
        for (clock, zone) in [
            ("reference", reference),
            ("utc", "UTC"),
            ("moscow", "Europe/Moscow"),
            ("Asia/Tokyo", "Asia/Tokyo"),
            ("America/New_York", "America/New_York"),
            (first, first),
            (last, last),
        ] {
            check_clock(&route, clock, zone, &instants);
        }
    }
}

/// `route`'s times (`instants`, each with its stop) on `clock` (meaning `zone`): as zoneinfo
/// writes them in the table and the JSON, and ordered along the route.
fn check_clock(route: &str, clock: &str, zone: &str, instants: &[(usize, String)]) {
    let pairs: Vec<(String, String)> = instants
        .iter()
        .map(|(_, t)| (t.clone(), zone.to_owned()))
        .collect();
    let expected = zoneinfo(&pairs);
    let cells = printed_cells(route, clock);
    assert_eq!(cells.len(), expected.len(), "{route} {clock}");
    // JSON: each time in RFC 3339 on that clock, its own date and time as zoneinfo's.
    let json = stdout(&["--route", route, "timetable", "--json", "--clock", clock]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let written: Vec<String> = rows
        .iter()
        .flat_map(|r| [r["arrive"].as_str(), r["depart"].as_str()])
        .flatten()
        .map(|t| t[..19].to_owned())
        .collect();
    let local: Vec<String> = expected.iter().map(|e| e.local[..19].to_owned()).collect();
    assert_eq!(written, local, "{route} --json --clock {clock}");
    for (i, cell) in cells.iter().enumerate() {
        assert_eq!(*cell, expected[i].text, "{route} --clock {clock}: time {i}");
        if i == 0 {
            continue;
        }
        let (prev, this) = (&expected[i - 1], &expected[i]);
        let same_stop = instants[i - 1].0 == instants[i].0;
        // Later on that clock; the same minute only for a stop's own arrival and departure;
        // earlier only where that clock itself goes back (a fold).
        let ordered = this.local > prev.local
            || same_stop && this.local == prev.local
            || this.offset < prev.offset;
        assert!(
            ordered,
            "{route} --clock {clock}: {} comes after {}",
            this.text, prev.text
        );
    }
}

#[test]
fn the_app_s_timetable_and_log_date_times_on_another_clock() {
    // The default route at its departure, timetable and log on Moscow time: Pyongyang's
    // departure is on the evening before, then every time later than the one before.
    let mut app = common::app("departure", (200, 60));
    press(&mut app, Cmd::CycleClock);
    let text = screen(&app);
    assert!(text.contains("Timetable · Moscow time (MSK)"), "{text}");
    assert!(text.contains("Mon 16 Jun 21:04"), "{text}");
    assert!(
        text.contains("Tue 17 Jun 08:51 Tue 17 Jun 09:06"),
        "Hamhung:\n{text}"
    );
    assert!(!text.contains("d1 21:04"), "{text}");
    // The log stamps its events on the same clock.
    assert!(text.contains("Mon 16 Jun 21:04 ↦"), "{text}");
}

/// `record`'s cast at `at`: its first screen's title line, from the cast's own text.
fn recorded_title(route: &str, at: &str) -> String {
    let cast = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "any-route-ends-{}.cast",
        route.replace(['/', '.'], "-")
    ));
    let path = cast.display().to_string();
    let _ = stdout(&[
        "--route",
        route,
        "--paused",
        "--start",
        at,
        "record",
        "--out",
        &path,
        "--force",
        "--duration",
        "1s",
        "--fps",
        "1",
    ]);
    std::fs::read_to_string(&cast).unwrap()
}

#[test]
fn frame_state_status_and_record_agree_on_waiting_and_arrived() {
    for route in routes() {
        let r = journey(&route).route().clone();
        for (at, status, title) in [
            (
                r.departure() - TimeDelta::days(3),
                "waiting",
                "waiting to depart",
            ),
            (r.arrival() + TimeDelta::days(3), "arrived", "arrived at"),
        ] {
            let at = rfc(at);
            let frame = stdout(&["--route", &route, "frame", "--at", &at]);
            let first = frame.lines().next().unwrap();
            assert!(first.contains(title), "{route} frame at {at}: {first}");
            let state = stdout(&["--route", &route, "state", "--at", &at]);
            assert!(
                state.contains(&format!("\"status\": \"{status}\",")),
                "{route} state at {at}: {state}"
            );
            let line = stdout(&["--route", &route, "status", "--at", &at, "--format", "%s"]);
            assert_eq!(line.trim(), status, "{route} status at {at}");
            let cast = recorded_title(&route, &at);
            assert!(cast.contains(title), "{route} record at {at}");
        }
        // More than a year away: the same usage error from every command.
        let far = rfc(r.arrival() + TimeDelta::days(400));
        let not_written = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("any-route-never-written.cast")
            .display()
            .to_string();
        let mut messages = vec![];
        for args in [
            vec!["frame", "--at", &far],
            vec!["state", "--at", &far],
            vec!["status", "--at", &far],
            vec!["--start", &far, "record", "--out", &not_written],
        ] {
            let mut all = vec!["--route", route.as_str()];
            all.extend(args.iter().copied());
            let out = longrail(&all);
            assert_eq!(out.status.code(), Some(2), "{route} {args:?}");
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            let (_, message) = err
                .split_once("more than a year away")
                .unwrap_or_else(|| panic!("{err}"));
            messages.push(message.to_owned());
        }
        assert!(
            messages.windows(2).all(|w| w[0] == w[1]),
            "{route}: {messages:?}"
        );
    }
}

#[test]
fn the_run_picker_replays_the_run_chosen_and_r_comes_back() {
    let mut app = app_on("pyongyang-moscow", "2025-06-20T12:00:00Z", (120, 40));
    let opened = app.journey().route().departure_date;
    press(&mut app, Cmd::Runs);
    let picker = screen(&app);
    assert!(
        picker.contains("Runs of") && picker.contains("Thu 03 Jul 2025"),
        "{picker}"
    );
    // The cursor is on the run shown (17 June); the next one down is 3 July.
    press(&mut app, Cmd::TimetableDown);
    press(&mut app, Cmd::Select);
    let chosen = app.journey().route();
    assert_eq!(
        chosen.departure_date.to_string(),
        "2025-07-03",
        "{}",
        screen(&app)
    );
    assert_eq!(app.now(), chosen.departure(), "from its departure");
    press(&mut app, Cmd::Restart);
    assert_eq!(app.journey().route().departure_date, opened);
    assert_eq!(app.now(), app.journey().route().departure());
}
