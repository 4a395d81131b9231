//! Narration as a screen reader meets it: the real binary's whole journeys read line by line
//! (no box drawing, blocks, braille, arrows or escape sequences; every line complete on its
//! own; every event of the journey told once, in order), the keys typed line by line through a
//! pipe and in a real terminal, and the ways it is asked for (`--narrate`,
//! `LONGRAIL_NARRATE`, the config, `TERM=dumb`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use longrail::route::builtin::BUILTINS;
use longrail::sim::{Journey, JourneyEventKind};

use crate::common::bin::{longrail, scratch};
use crate::common::pty::{self, Pty};

/// The binary with `args`, `TZ=Asia/Tokyo` and `env`, standard input `input` (then its end).
fn narrate(args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    let mut cmd = longrail();
    cmd.args(args).env("TZ", "Asia/Tokyo").env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// What a screen reader would stumble on in `line`, if anything: a control character (an
/// escape sequence starts with one), or a box-drawing, block, braille or arrow character.
fn noise(line: &str) -> Option<char> {
    line.chars().find(|&c| {
        c.is_control()
            || ('\u{2190}'..='\u{21FF}').contains(&c) // arrows
            || ('\u{2500}'..='\u{259F}').contains(&c) // box drawing, blocks
            || ('\u{2800}'..='\u{28FF}').contains(&c) // braille
            || ('\u{25A0}'..='\u{25FF}').contains(&c) // geometric shapes (the train's ●)
    })
}

/// `Tue 17 Jun 21:35 MSK+6, day 1: ` or `... UTC+9, day 1: `: a line that says when.
fn dated(line: &str) -> bool {
    let Some((when, rest)) = line.split_once(", day ") else {
        return false;
    };
    let words: Vec<&str> = when.split(' ').collect();
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    words.len() == 5
        && ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&words[0])
        && words[3].len() == 5
        && words[3].as_bytes()[2] == b':'
        && (words[4].starts_with("MSK") || words[4].starts_with("UTC"))
        && !day.is_empty()
        && rest[day.len()..].starts_with(": ")
}

#[test]
fn every_built_in_journey_reads_as_plain_complete_lines_one_per_event() {
    let runs: Vec<_> = BUILTINS
        .iter()
        .map(|b| {
            let id = b.id;
            std::thread::spawn(move || {
                let out = narrate(&["--route", id, "--narrate", "--speed", "100000"], &[], "");
                (id, out)
            })
        })
        .collect();
    for run in runs {
        let (id, out) = run.join().unwrap();
        assert!(
            out.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.ends_with('\n'), "{id}: the last line is unfinished");
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines {
            assert_eq!(noise(line), None, "{id}: {line:?}");
            assert!(!line.trim().is_empty(), "{id}: an empty line");
        }
        assert!(
            lines[1].starts_with("Keys, each followed by Enter: s where"),
            "{id}"
        );
        assert!(
            lines.last().unwrap().starts_with("The journey is over: "),
            "{id}"
        );
        // Every event of the journey, once and in order, each line dated and whole: what
        // happened, the km, and what is next.
        let journey = Journey::new(longrail::settings::source::resolve_route(id, None).unwrap());
        let told: Vec<&&str> = lines[2..lines.len() - 1].iter().collect();
        assert_eq!(told.len(), journey.timeline().len(), "{id}: {told:#?}");
        for (line, e) in told.iter().zip(journey.timeline()) {
            assert!(dated(line), "{id}: {line}");
            let (_, what) = line.split_once(": ").unwrap();
            assert!(
                what.contains(", km ") && what.contains("; "),
                "{id}: {line}"
            );
            match e.kind {
                JourneyEventKind::Depart(i) => {
                    let name = &journey.route().stops[i].name;
                    assert!(what.starts_with(&format!("departed {name}, km ")), "{line}");
                }
                JourneyEventKind::Arrive(i) => {
                    let name = &journey.route().stops[i].name;
                    assert!(
                        what.starts_with(&format!("arrived at {name}, km ")),
                        "{line}"
                    );
                }
                JourneyEventKind::ZoneChange { .. } | JourneyEventKind::Route(_) => {
                    assert!(what.starts_with(&longrail::report::narrate::spoken(&e.title)));
                }
            }
        }
    }
}

#[test]
fn the_whole_journey_in_twenty_seconds_ends_by_itself() {
    let out = narrate(&["--narrate", "--duration", "20s"], &[], "");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("the rest of the journey in 20 s."), "{text}");
    assert!(text.contains("arrived at Moscow Yaroslavsky, km 10,287; the end of the journey"));
    assert!(
        text.trim_end()
            .ends_with("The journey is over: 10,287 km in 8 d 18 h 46 min.")
    );
}

#[test]
fn keys_typed_line_by_line_are_answered_in_one_line_each() {
    let out = narrate(
        &["--narrate", "--start", "day 3 12:00", "--speed", "600"],
        &[],
        "s\nn\nt\n\nwhat\n?\nq\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The header, where the train is, then an answer per line typed, then the quit.
    let answers = &lines[3..];
    assert!(
        answers[0].contains(": running from Ussuriysk to Khabarovsk at "),
        "{text}"
    );
    assert!(
        answers[0].contains("% of the way; next Khabarovsk at "),
        "{text}"
    );
    assert!(
        answers[1].contains(": next stops: Khabarovsk at "),
        "{text}"
    );
    assert!(answers[1].contains("; next event: Amur Bridge"), "{text}");
    assert!(
        answers[2].contains(": the time on every clock: Train "),
        "{text}"
    );
    assert!(
        answers[2].contains("Moscow ") && answers[2].contains("(UTC+3, MSK)"),
        "{text}"
    );
    assert!(
        answers[2].contains("; Yours 11:00 ") && answers[2].contains("Asia/Tokyo)"),
        "{text}"
    );
    assert_eq!(
        answers[3], answers[2],
        "Enter alone repeats the last answer"
    );
    assert!(
        answers[4].starts_with("\"what\" is not a key here. Keys,"),
        "{text}"
    );
    assert!(
        answers[5].starts_with("Keys, each followed by Enter"),
        "{text}"
    );
    assert!(answers[6].contains(": narration stopped, km "), "{text}");
    assert_eq!(answers.len(), 7, "q ends it: {text}");
    for line in &lines {
        assert_eq!(noise(line), None, "{line:?}");
    }
}

#[test]
fn a_route_without_a_reference_clock_shows_no_msk() {
    let route = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/dst-fold.toml"
    );
    let out = narrate(
        &["--route", route, "--narrate", "--speed", "100000"],
        &[],
        "t\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("MSK"), "{text}");
    assert!(
        text.contains(" UTC−5, day 1: ") || text.contains(" UTC−6, day 1: "),
        "{text}"
    );
}

#[test]
fn narration_is_asked_for_by_the_environment_the_config_and_a_dumb_terminal() {
    let args = ["--start", "day 9 15:00", "--speed", "100000"];
    let told = |out: &Output| String::from_utf8_lossy(&out.stdout).contains("The journey is over");
    let dumb = narrate(&args, &[("TERM", "dumb")], "");
    assert!(dumb.status.success() && told(&dumb), "TERM=dumb");
    let env = narrate(&args, &[("LONGRAIL_NARRATE", "1")], "");
    assert!(env.status.success() && told(&env), "LONGRAIL_NARRATE=1");
    let dir = scratch("narrate-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, "narrate = true\n").unwrap();
    let mut with_config = args.to_vec();
    with_config.extend(["--config", config.to_str().unwrap()]);
    let by_config = narrate(&with_config, &[], "");
    assert!(
        by_config.status.success() && told(&by_config),
        "narrate = true"
    );
    // Turned off, a dumb terminal gets the app, which wants a terminal it has not got here.
    let off = narrate(&args, &[("TERM", "dumb"), ("LONGRAIL_NARRATE", "0")], "");
    assert_eq!(off.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&off.stderr).contains("the app needs a terminal"));
    let bad = narrate(&args, &[("LONGRAIL_NARRATE", "perhaps")], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LONGRAIL_NARRATE=\"perhaps\": use 1"));
    let paused = narrate(&["--narrate", "--paused"], &[], "");
    assert_eq!(paused.status.code(), Some(2), "nothing would resume it");
}

#[test]
fn in_a_terminal_the_keys_are_read_line_by_line_and_nothing_is_drawn() {
    let cmd = pty::longrail(
        &["--narrate", "--start", "day 2 12:00", "--speed", "60"],
        &[],
    );
    let mut term = Pty::spawn(cmd, (100, 30));
    term.wait_for("the opening", |s| {
        s.contains("Keys, each followed by Enter")
    });
    assert!(!term.raw_mode(), "the terminal stays in line mode");
    term.send(b"s\r");
    term.wait_for("the answer to s", |s| s.contains("% of the way;"));
    term.send(b"q\r");
    let (code, bytes, _) = term.wait_exit();
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains('\x1b'), "an escape sequence: {text:?}");
    assert!(text.contains("narration stopped"), "{text}");
}

/// A `serve` viewer whose terminal is `dumb` is narrated; checked end to end over the real
/// OpenSSH client in `serve.rs` (`a_dumb_terminal_is_narrated`), and here the same loop in
/// process for a whole journey: lines end in CR LF, what is typed is echoed, nothing else.
#[test]
fn a_narrated_viewer_gets_every_event_in_plain_lines() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU32};
    use std::time::Instant;

    use longrail::app::session::Session;
    use longrail::serve::output::{Flow, FrameWriter};
    use longrail::serve::viewer::{self, Ending, Link, Packet};

    let (packets, packets_rx) = std::sync::mpsc::sync_channel(viewer::INPUT_QUEUE);
    let (frames, mut frames_rx) = FrameWriter::queue();
    let size = (80, 24);
    let link = Link {
        packets: packets_rx,
        resize: Arc::new(AtomicU32::new(0)),
        frames,
        flow: Flow::new(size),
        stop: Arc::new(AtomicBool::new(false)),
        idle: None,
        size,
        started: Instant::now(),
        narrate: true,
    };
    let mut settings = crate::common::settings("khasan-tumangang", "departure");
    settings.paused = false;
    settings.speed = 100_000.0;
    let app = crate::common::app_with(settings, size);
    let events = app.journey().timeline().len();
    packets.send(Packet::Bytes(b"s\r".to_vec())).unwrap();
    let thread = std::thread::spawn(move || viewer::run_journey(Session::new(app), link, 30));
    assert_eq!(
        thread.join().unwrap(),
        Ending::Quit,
        "it ends at the arrival"
    );
    let mut bytes = Vec::new();
    while let Ok(frame) = frames_rx.try_recv() {
        bytes.extend(frame);
    }
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains('\x1b'), "{text:?}");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines.last(), Some(&""), "every line ended with CR LF");
    for line in &lines {
        assert_eq!(noise(line), None, "{line:?}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with('s') && l.len() == 1),
        "s echoed: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("% of the way;")),
        "s answered: {lines:?}"
    );
    let dated_lines = lines.iter().filter(|l| dated(l)).count();
    assert!(
        dated_lines > events,
        "{dated_lines} for {events} events: {lines:#?}"
    );
}

/// A feed of one day (2 June 2025, Berlin): T1 from A to C by B's platform B1 (A 08:00, B
/// 08:30, C 09:00); T2 (frequencies.txt) from A to C every 20 minutes from 10:00 until before
/// 11:00, 30 minutes each; T3 from C to A (it starts at C: it does not arrive there).
fn one_day_feed(dir: &std::path::Path) -> std::path::PathBuf {
    let stops = "A,,Alpha,52.0,13.0,,\nB,,Mitte,52.0,13.5,,\nB1,,Mitte,52.0,13.5,,B\nC,,Charlie,52.0,14.0,,\n";
    let times = [
        "T1,08:00:00,08:00:00,A,1,0,0,",
        "T1,08:30:00,08:31:00,B1,2,0,0,",
        "T1,09:00:00,09:00:00,C,3,0,0,",
        "T2,00:00:00,00:00:00,A,1,0,0,",
        "T2,00:30:00,00:30:00,C,2,0,0,",
        "T3,12:00:00,12:00:00,C,1,0,0,",
        "T3,13:00:00,13:00:00,A,2,0,0,",
    ];
    crate::gtfs::Files::new("Europe/Berlin", stops, &(times.join("\n") + "\n"))
        .with("stops.txt", &format!("stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station,location_type\n{}", "A,,Alpha,52.0,13.0,,,0\nB,,Mitte,52.0,13.5,,,1\nB1,,Mitte,52.0,13.5,,B,0\nC,,Charlie,52.0,14.0,,,0\n"))
        .with("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,IC 7,Northern Express,2\nR2,A,,Crosstown,700\n")
        .with("trips.txt", "route_id,service_id,trip_id,trip_headsign,shape_id\nR1,S1,T1,Charlie,\nR2,S1,T2,,\nR1,S1,T3,Alpha,\n")
        .without("calendar.txt")
        .with("calendar_dates.txt", "service_id,date,exception_type\nS1,20250602,1\n")
        .with("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT2,10:00:00,11:00:00,1200\n")
        .write_zip(dir)
}

/// `--feed FEED --narrate --stop STOP` from 07:00 on 2 June 2025 at 100,000x.
fn feed_args<'a>(feed: &'a str, stop: &'a str) -> [&'a str; 9] {
    [
        "--feed",
        feed,
        "--narrate",
        "--stop",
        stop,
        "--start",
        "2025-06-02T05:00:00Z",
        "--speed",
        "100000",
    ]
}

#[test]
fn a_feed_tells_each_train_arriving_at_the_stop_until_its_service_ends() {
    let dir = scratch("narrate-feed");
    let feed = one_day_feed(&dir);
    let out = narrate(&feed_args(feed.to_str().unwrap(), "Charlie"), &[], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0]
            .starts_with("Test Rail: the trains arriving at Charlie, from Mon 2 Jun 07:00 UTC+2"),
        "{text}"
    );
    assert!(lines[1].starts_with("Keys, each followed by Enter: s the trains running"));
    assert!(
        lines[2].contains(": 0 trains running in the feed; next at Charlie: the IC 7 to Charlie at 09:00, in 2 h 00 min"),
        "{text}"
    );
    let arrivals: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains(" arrives at "))
        .collect();
    assert_eq!(
        arrivals,
        [
            &"Mon 2 Jun 09:00 UTC+2: the IC 7 to Charlie arrives at Charlie (stop C), the end of its trip; next: the Crosstown to Charlie at 10:30, in 1 h 30 min",
            &"Mon 2 Jun 10:30 UTC+2: the Crosstown to Charlie arrives at Charlie (stop C), the end of its trip; next: the Crosstown to Charlie at 10:50, in 20 min",
            &"Mon 2 Jun 10:50 UTC+2: the Crosstown to Charlie arrives at Charlie (stop C), the end of its trip; next: the Crosstown to Charlie at 11:10, in 20 min",
            &"Mon 2 Jun 11:10 UTC+2: the Crosstown to Charlie arrives at Charlie (stop C), the end of its trip",
        ],
        "T3 starts at Charlie and is not told: {text}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("no more trains arrive at Charlie: the feed's service ends here."),
        "{text}"
    );
    for line in &lines {
        assert_eq!(noise(line), None, "{line:?}");
    }
}

#[test]
fn a_feeds_stop_is_a_station_with_its_platforms_or_a_name_the_feed_has() {
    let dir = scratch("narrate-feed-stops");
    let feed = one_day_feed(&dir);
    let f = feed.to_str().unwrap();
    let station = String::from_utf8(narrate(&feed_args(f, "Mitte"), &[], "").stdout).unwrap();
    assert!(
        station
            .contains("\nMon 2 Jun 08:30 UTC+2: the IC 7 to Charlie arrives at Mitte (stop B1)\n"),
        "{station}"
    );
    assert!(
        station.trim_end().ends_with(
            "Mon 2 Jun 08:30 UTC+2: no more trains arrive at Mitte: the feed's service ends here."
        ),
        "{station}"
    );
    let err = narrate(&feed_args(f, "Charly"), &[], "");
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr).contains("the nearest names: \"Charlie\""));
    let no_stop = narrate(&["--feed", f, "--narrate"], &[], "");
    assert_eq!(no_stop.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_stop.stderr).contains("choose it with --stop STOP"));
}

#[test]
fn a_feeds_keys_answer_about_the_stop() {
    let dir = scratch("narrate-feed-keys");
    let feed = one_day_feed(&dir);
    let out = narrate(
        // At 1x, from half a minute past: the waits are whole minutes and a half, so the
        // milliseconds the answers take do not change them.
        &[
            "--feed",
            feed.to_str().unwrap(),
            "--narrate",
            "--stop",
            "C",
            "--speed",
            "1",
            "--start",
            "2025-06-02T08:14:30+02:00",
        ],
        &[],
        "s\nn\nt\nq\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let answers: Vec<&str> = text.lines().skip(3).collect();
    assert!(answers[0].starts_with("Mon 2 Jun 08:14 UTC+2: 1 train running in the feed; next at Charlie: the IC 7 to Charlie at 09:00, in 45 min"), "{text}");
    assert!(answers[1].contains(": next at Charlie: the IC 7 to Charlie at 09:00, in 45 min; the Crosstown to Charlie at 10:30, in 2 h 15 min; the Crosstown to Charlie at 10:50, in 2 h 35 min"), "{text}");
    assert!(answers[2].contains("the feed 08:14 Mon 2 Jun (UTC+2, Europe/Berlin); UTC 06:14 Mon 2 Jun; yours 15:14 Mon 2 Jun (UTC+9, Asia/Tokyo)"), "{text}");
    assert_eq!(answers[3], "Mon 2 Jun 08:14 UTC+2: narration stopped.");
}

/// New York's subway at Times Sq-42 St from 08:00 on 23 September 2026, against Python's own
/// reckoning of the arrivals from stop_times.txt and the calendar (zoneinfo for the clock).
#[test]
fn new_yorks_trains_at_times_square_are_the_ones_the_timetable_has() {
    let feed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/feeds/nyc_subway_mta_2026-09-23.zip");
    if !feed.is_file() {
        assert!(
            !crate::common::bin::in_ci(),
            "{} is missing in CI",
            feed.display()
        );
        eprintln!("skipped: {} is not there", feed.display());
        return;
    }
    let ours = told_at_times_square(&feed);
    let theirs = times_square_oracle(&feed);
    assert!(theirs.len() > 20, "{theirs:?}");
    assert_eq!(ours, theirs);
}

/// The arrivals narration tells at Times Sq-42 St after 08:00 and before 08:10 on 23 Sep 2026,
/// as sorted `HH:MM STOP_ID` lines.
fn told_at_times_square(feed: &std::path::Path) -> Vec<String> {
    use std::io::BufRead;
    let mut child = longrail()
        .args([
            "--feed",
            feed.to_str().unwrap(),
            "--narrate",
            "--stop",
            "Times Sq-42 St",
        ])
        .args(["--start", "2026-09-23T08:00:00-04:00", "--speed", "600"])
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut told = Vec::new();
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    for line in reader.lines() {
        let line = line.unwrap();
        if line.starts_with("Wed 23 Sep 08:1") {
            break;
        }
        if line.contains(" arrives at ") {
            let hhmm = line["Wed 23 Sep ".len().."Wed 23 Sep 08:00".len()].to_owned();
            let stop = line
                .split("(stop ")
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap();
            told.push(format!("{hhmm} {stop}"));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    told.sort();
    told
}

/// The same arrivals by [`TIMES_SQUARE_ORACLE`], sorted.
fn times_square_oracle(feed: &std::path::Path) -> Vec<String> {
    let oracle = Command::new("python3")
        .arg("-c")
        .arg(TIMES_SQUARE_ORACLE)
        .arg(feed)
        .output()
        .unwrap();
    assert!(
        oracle.status.success(),
        "{}",
        String::from_utf8_lossy(&oracle.stderr)
    );
    let mut theirs: Vec<String> = String::from_utf8(oracle.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    theirs.sort();
    theirs
}

/// Python: every arrival (not a trip's first stop) at a stop named "Times Sq-42 St" or a
/// platform of one, after 08:00:00 and before 08:10:00 on 23 Sep 2026 in New York, by the calendar of
/// that date (and the day before, for trips past 24:00), as `HH:MM STOP_ID` lines.
const TIMES_SQUARE_ORACLE: &str = r#"
import csv, io, sys, zipfile, datetime as dt
from zoneinfo import ZoneInfo
z = zipfile.ZipFile(sys.argv[1])
def rows(name):
    return list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8-sig")))
assert "frequencies.txt" not in z.namelist()
stops = rows("stops.txt")
named = {s["stop_id"] for s in stops if s["stop_name"] == "Times Sq-42 St"}
chosen = named | {s["stop_id"] for s in stops if s.get("parent_station") in named}
ny = ZoneInfo("America/New_York")
def runs(service, day):
    ok = False
    for c in cal.get(service, []):
        start = dt.datetime.strptime(c["start_date"], "%Y%m%d").date()
        end = dt.datetime.strptime(c["end_date"], "%Y%m%d").date()
        if start <= day <= end and c[day.strftime("%A").lower()] == "1":
            ok = True
    for d in dates.get(service, []):
        if d["date"] == day.strftime("%Y%m%d"):
            ok = d["exception_type"] == "1"
    return ok
cal, dates = {}, {}
for c in rows("calendar.txt"):
    cal.setdefault(c["service_id"], []).append(c)
if "calendar_dates.txt" in z.namelist():
    for d in rows("calendar_dates.txt"):
        dates.setdefault(d["service_id"], []).append(d)
trips = {t["trip_id"]: t["service_id"] for t in rows("trips.txt")}
times = {}
for st in rows("stop_times.txt"):
    times.setdefault(st["trip_id"], []).append(st)
lo = dt.datetime(2026, 9, 23, 8, 0, tzinfo=ny)
hi = dt.datetime(2026, 9, 23, 8, 10, tzinfo=ny)
for day in (dt.date(2026, 9, 22), dt.date(2026, 9, 23)):
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ny)
    origin = noon.astimezone(dt.timezone.utc) - dt.timedelta(hours=12)
    for trip, sts in times.items():
        if trip not in trips or not runs(trips[trip], day):
            continue
        sts.sort(key=lambda s: int(s["stop_sequence"]))
        for s in sts[1:]:
            if s["stop_id"] in chosen and s["arrival_time"]:
                h, m, sec = map(int, s["arrival_time"].split(":"))
                at = origin + dt.timedelta(hours=h, minutes=m, seconds=sec)
                if lo < at < hi:
                    print(at.astimezone(ny).strftime("%H:%M"), s["stop_id"])
"#;
