//! `--realtime` with small GTFS-Realtime messages written here (encoded with prost from the
//! generated types), one per rule of the specification: delays and their propagation, `time`
//! over `delay`, skipped stops, cancelled and added trips, a frequency trip (by `trip_id` +
//! `start_time` and by `route_id` + `start_date` + `start_time`), two messages in a folder, a
//! vehicle position; and the files that are not what they should be (clear errors, a warning).

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use longrail::import::realtime::proto;
use prost::Message;
use serde_json::Value;

use crate::common::bin::{run as longrail, scratch};
use crate::gtfs::Files;

/// The service date every test uses (a Tuesday; Europe/Berlin is UTC+2 then).
const DATE: &str = "2025-06-10";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Six stops along 52° N, A to F, 0.2° apart, and three trips of one service every day of June
/// 2025, each A 00:00, B 10-11, C 20-21, D 30-31, E 40-41, F 50 minutes from its start:
/// T1 (R1) at 08:00, numbered 1 to 6; T2 (R1) at 09:00, numbered 10, 20, ... 60; F1 (R2) from
/// 12:00 every 30 minutes until before 14:00 (frequencies.txt).
fn feed(dir: &Path) -> PathBuf {
    let stops: String = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{s},,Stop {s},52.0,{:.1},,\n", 13.0 + 0.2 * i as f64))
        .collect();
    let mut times = Vec::new();
    for (trip, start, step) in [("T1", 8, 1), ("T2", 9, 10), ("F1", 0, 1)] {
        for (i, s) in ["A", "B", "C", "D", "E", "F"].iter().enumerate() {
            let m = i * 10;
            let dwell = usize::from(i > 0 && i < 5);
            let t = |m: usize| format!("{:02}:{:02}:00", start + m / 60, m % 60);
            times.push(format!(
                "{trip},{},{},{s},{},0,0,",
                t(m),
                t(m + dwell),
                (i + 1) * step
            ));
        }
    }
    Files::new("Europe/Berlin", &stops, &(times.join("\n") + "\n"))
        .with("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,One,2\nR2,A,2,Two,2\n")
        .with("trips.txt", "route_id,service_id,trip_id,trip_headsign,shape_id\nR1,S1,T1,F,\nR1,S1,T2,F,\nR2,S1,F1,F,\n")
        .with("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nF1,12:00:00,14:00:00,1800\n")
        .write_dir(dir)
}

/// The instant of `hh:mm[:ss]` on [`DATE`] in Berlin.
fn local(hm: &str) -> DateTime<Utc> {
    let date = NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap();
    let hms = if hm.len() == 5 {
        format!("{hm}:00")
    } else {
        hm.to_owned()
    };
    let time = chrono::NaiveTime::parse_from_str(&hms, "%H:%M:%S").unwrap();
    chrono_tz::Europe::Berlin
        .from_local_datetime(&date.and_time(time))
        .unwrap()
        .with_timezone(&Utc)
}

fn posix(hm: &str) -> i64 {
    local(hm).timestamp()
}

fn rfc(hm: &str) -> String {
    local(hm)
        .with_timezone(&chrono_tz::Europe::Berlin)
        .to_rfc3339()
}

fn delay(d: i32) -> Option<proto::trip_update::StopTimeEvent> {
    Some(proto::trip_update::StopTimeEvent {
        delay: Some(d),
        ..Default::default()
    })
}

fn time(hm: &str) -> Option<proto::trip_update::StopTimeEvent> {
    Some(proto::trip_update::StopTimeEvent {
        time: Some(posix(hm)),
        ..Default::default()
    })
}

/// A stop update by `stop_sequence`.
fn at_seq(
    seq: u32,
    arrival: Option<proto::trip_update::StopTimeEvent>,
    departure: Option<proto::trip_update::StopTimeEvent>,
) -> proto::trip_update::StopTimeUpdate {
    proto::trip_update::StopTimeUpdate {
        stop_sequence: Some(seq),
        arrival,
        departure,
        ..Default::default()
    }
}

/// A trip descriptor by `trip_id`.
fn trip(id: &str) -> proto::TripDescriptor {
    proto::TripDescriptor {
        trip_id: Some(id.into()),
        ..Default::default()
    }
}

fn update(
    trip: proto::TripDescriptor,
    stops: Vec<proto::trip_update::StopTimeUpdate>,
) -> proto::FeedEntity {
    proto::FeedEntity {
        id: format!("{:?}", trip.trip_id),
        trip_update: Some(proto::TripUpdate {
            trip,
            stop_time_update: stops,
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A FeedMessage received at `hm` with `entities`, encoded.
fn message(hm: &str, entities: Vec<proto::FeedEntity>) -> Vec<u8> {
    proto::FeedMessage {
        header: proto::FeedHeader {
            gtfs_realtime_version: "2.0".into(),
            timestamp: Some(u64::try_from(posix(hm)).unwrap()),
            ..Default::default()
        },
        entity: entities,
    }
    .encode_to_vec()
}

/// A test's folder with the feed and one message written as `rt.pb`.
fn setup(name: &str, bytes: &[u8]) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let f = feed(&dir);
    let rt = dir.join("rt.pb");
    std::fs::write(&rt, bytes).unwrap();
    (f, rt)
}

fn ok(args: &[&str]) -> Value {
    let o = longrail(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning"),
        "{args:?} warns: {}",
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn timetable(feed: &Path, rt: &Path, trip: &str) -> Value {
    ok(&[
        "--feed",
        feed.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "timetable",
        "--trip",
        trip,
        "--date",
        DATE,
        "--format",
        "json",
    ])
}

fn state(feed: &Path, rt: &Path, hm: &str) -> Value {
    let at = local(hm).to_rfc3339();
    ok(&[
        "--feed",
        feed.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "state",
        "--at",
        &at,
    ])
}

/// The trains of `state` of trip `id`.
fn trains<'a>(state: &'a Value, id: &str) -> Vec<&'a Value> {
    state["trains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["trip_id"] == id)
        .collect()
}

/// The one train of trip `id`.
fn train(state: &Value, id: &str) -> Value {
    let found = trains(state, id);
    assert_eq!(found.len(), 1, "{id} in {state:#}");
    found[0].clone()
}

/// Each stop's predicted arrival and departure (local `HH:MM`, or "-").
fn predicted(t: &Value) -> Vec<(String, String)> {
    let short = |v: &Value| {
        v.as_str()
            .map_or_else(|| "-".to_owned(), |s| s[11..16].to_owned())
    };
    t["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                short(&s["predicted_arrival"]),
                short(&s["predicted_departure"]),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, d)| ((*a).to_owned(), (*d).to_owned()))
        .collect()
}

#[test]
fn delays_propagate_time_wins_and_stops_before_the_first_update_keep_their_schedule() {
    // Stop 3 arrives 2 min late (a delay only); stop 5 at 08:45 by its time, though its delay
    // says 9999 s: the time wins (5 min late).
    let bytes = message(
        "08:15",
        vec![update(
            trip("T1"),
            vec![
                at_seq(3, delay(120), None),
                at_seq(
                    5,
                    Some(proto::trip_update::StopTimeEvent {
                        time: Some(posix("08:45")),
                        delay: Some(9999),
                        ..Default::default()
                    }),
                    None,
                ),
            ],
        )],
    );
    let (f, rt) = setup("rt-delays", &bytes);
    let t = timetable(&f, &rt, "T1");
    assert_eq!(t["trip_id"], "T1");
    assert_eq!(
        predicted(&t),
        pairs(&[
            ("-", "-"),
            ("-", "-"),
            ("08:22", "08:23"),
            ("08:32", "08:33"),
            ("08:45", "08:46"),
            ("08:55", "08:55")
        ])
    );
    let stop = &t["stops"][4];
    assert_eq!(stop["stop_id"], "E");
    assert_eq!(stop["scheduled_arrival"], rfc("08:40"));
    assert_eq!(stop["predicted_arrival"], rfc("08:45"));
    assert_eq!(stop["skipped"], false);
    // 08:44: by the timetable between E and F; by the prediction still running to E, 5 min late.
    let s = state(&f, &rt, "08:44");
    let t1 = train(&s, "T1");
    assert_eq!(
        (t1["from_stop"].as_str(), t1["to_stop"].as_str()),
        (Some("D"), Some("E"))
    );
    assert_eq!(t1["delay_s"], 300);
    let lon = t1["lon"].as_f64().unwrap();
    assert!((lon - (13.6 + 0.2 * 11.0 / 12.0)).abs() < 0.002, "{lon}");
    // The status line counts it late.
    let at = local("08:44").to_rfc3339();
    let (fp, rp) = (f.to_str().unwrap(), rt.to_str().unwrap());
    let o = longrail(&["--feed", fp, "--realtime", rp, "status", "--at", &at]);
    let line = String::from_utf8(o.stdout).unwrap();
    assert!(line.contains("1 train running, 1 late"), "{line}");
    // 08:52: the timetable has it arrived; it still runs, to F.
    let t1 = train(&state(&f, &rt, "08:52"), "T1");
    assert_eq!(t1["to_stop"], "F");
    assert_eq!(t1["delay_s"], 300);
}

#[test]
fn a_skipped_stop_is_passed_without_stopping_and_the_delay_crosses_it() {
    // T2 is numbered 10, 20, ...: B (20) leaves 3 min late, C (30) is skipped.
    let skip = proto::trip_update::StopTimeUpdate {
        stop_sequence: Some(30),
        schedule_relationship: Some(1),
        ..Default::default()
    };
    let bytes = message(
        "09:05",
        vec![update(trip("T2"), vec![at_seq(20, None, delay(180)), skip])],
    );
    let (f, rt) = setup("rt-skipped", &bytes);
    let t = timetable(&f, &rt, "T2");
    assert_eq!(
        predicted(&t),
        pairs(&[
            ("-", "-"),
            ("09:13", "09:14"),
            ("-", "-"),
            ("09:33", "09:34"),
            ("09:43", "09:44"),
            ("09:53", "09:53")
        ])
    );
    let skipped: Vec<bool> = t["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skipped"].as_bool().unwrap())
        .collect();
    assert_eq!(skipped, [false, false, true, false, false, false]);
    assert_eq!(t["stops"][2]["stop_sequence"], 30);
    // It passes C at 09:23 (its arrival plus the delay) and does not stand there: half a
    // minute later it runs on to D.
    let t2 = train(&state(&f, &rt, "09:23:30"), "T2");
    assert_eq!(
        (t2["from_stop"].as_str(), t2["to_stop"].as_str()),
        (Some("C"), Some("D"))
    );
    assert_eq!(t2["delay_s"], 180);
}

#[test]
fn a_cancelled_trip_does_not_run() {
    let cancel = proto::TripDescriptor {
        schedule_relationship: Some(3),
        ..trip("T2")
    };
    let bytes = message("08:00", vec![update(cancel, vec![])]);
    let (f, rt) = setup("rt-cancel", &bytes);
    let s = state(&f, &rt, "09:30");
    assert!(trains(&s, "T2").is_empty(), "{s:#}");
    let t = timetable(&f, &rt, "T2");
    assert_eq!(t["canceled"], true);
    assert_eq!(predicted(&t)[0], ("-".to_owned(), "-".to_owned()));
    // Before the message was received the trip ran (T1's 08:00 run is not touched).
    assert_eq!(train(&state(&f, &rt, "08:30"), "T1")["delay_s"], 0);
}

#[test]
fn an_added_trip_runs_as_given() {
    let added = proto::TripDescriptor {
        trip_id: Some("X1".into()),
        route_id: Some("R1".into()),
        start_date: Some("20250610".into()),
        schedule_relationship: Some(8), // NEW
        ..Default::default()
    };
    let by_stop = |id: &str, a: &str, d: &str| proto::trip_update::StopTimeUpdate {
        stop_id: Some(id.into()),
        arrival: time(a),
        departure: time(d),
        ..Default::default()
    };
    let bytes = message(
        "09:50",
        vec![update(
            added,
            vec![
                by_stop("A", "10:00", "10:00"),
                by_stop("C", "10:20", "10:21"),
                by_stop("F", "10:50", "10:50"),
            ],
        )],
    );
    let (f, rt) = setup("rt-added", &bytes);
    let x = train(&state(&f, &rt, "10:10"), "X1");
    assert_eq!(
        (x["from_stop"].as_str(), x["to_stop"].as_str()),
        (Some("A"), Some("C"))
    );
    assert_eq!(x["route_id"], "R1");
    assert_eq!(x["delay_s"], 0);
    let lon = x["lon"].as_f64().unwrap();
    assert!((lon - 13.2).abs() < 0.002, "halfway from A to C: {lon}");
    let t = timetable(&f, &rt, "X1");
    assert_eq!(t["added"], true);
    assert_eq!(t["stops"][1]["stop_id"], "C");
    assert_eq!(t["stops"][1]["scheduled_arrival"], Value::Null);
    assert_eq!(t["stops"][1]["predicted_departure"], rfc("10:21"));
    // Before its message it does not run.
    assert!(trains(&state(&f, &rt, "09:45"), "X1").is_empty());
}

#[test]
fn a_frequency_trip_is_matched_by_its_start_time_or_by_route_and_start() {
    // The 12:30 run of F1 by trip_id + start_time + start_date: B 4 min late; the 13:00 run by
    // route_id + start_date + start_time (no trip_id): C (by stop_id) 1 min late.
    let by_trip = proto::TripDescriptor {
        start_time: Some("12:30:00".into()),
        start_date: Some("20250610".into()),
        ..trip("F1")
    };
    let by_route = proto::TripDescriptor {
        route_id: Some("R2".into()),
        start_time: Some("13:00:00".into()),
        start_date: Some("20250610".into()),
        ..Default::default()
    };
    let at_c = proto::trip_update::StopTimeUpdate {
        stop_id: Some("C".into()),
        arrival: delay(60),
        ..Default::default()
    };
    let bytes = message(
        "12:00",
        vec![
            update(by_trip, vec![at_seq(2, delay(240), None)]),
            update(by_route, vec![at_c]),
        ],
    );
    let (f, rt) = setup("rt-frequency", &bytes);
    let s = state(&f, &rt, "12:41");
    let runs = trains(&s, "F1");
    let delay_of = |start: &str| {
        runs.iter()
            .find(|t| t["departure"] == rfc(start))
            .unwrap_or_else(|| panic!("no run at {start}: {s:#}"))["delay_s"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(delay_of("12:00"), 0);
    assert_eq!(delay_of("12:30"), 240);
    let s = state(&f, &rt, "13:15");
    let runs = trains(&s, "F1");
    let run = runs
        .iter()
        .find(|t| t["departure"] == rfc("13:00"))
        .unwrap();
    assert_eq!(run["delay_s"], 60);
    assert_eq!(run["to_stop"], "C");
}

#[test]
fn messages_in_a_folder_apply_from_their_timestamps() {
    let dir = scratch("rt-folder");
    let f = feed(&dir);
    let rt = dir.join("recorded");
    std::fs::create_dir_all(&rt).unwrap();
    let first = message(
        "08:05",
        vec![update(trip("T1"), vec![at_seq(2, delay(60), None)])],
    );
    let second = message(
        "08:25",
        vec![update(trip("T1"), vec![at_seq(4, delay(360), None)])],
    );
    std::fs::write(rt.join("0805.pb"), first).unwrap();
    std::fs::write(rt.join("0825.pb"), second).unwrap();
    std::fs::write(rt.join(".hidden"), b"not read").unwrap();
    // Before the first: the timetable. Between: a minute late. After the second: six.
    assert_eq!(train(&state(&f, &rt, "08:03"), "T1")["delay_s"], 0);
    let t1 = train(&state(&f, &rt, "08:15"), "T1");
    assert_eq!(
        (t1["to_stop"].as_str(), t1["delay_s"].as_i64()),
        (Some("C"), Some(60))
    );
    let t1 = train(&state(&f, &rt, "08:28"), "T1");
    assert_eq!(
        (t1["to_stop"].as_str(), t1["delay_s"].as_i64()),
        (Some("D"), Some(360))
    );
    // The timetable shows the last message received.
    let p = predicted(&timetable(&f, &rt, "T1"));
    assert_eq!(p[1], ("-".to_owned(), "-".to_owned()));
    assert_eq!(p[3], ("08:36".to_owned(), "08:37".to_owned()));
}

#[test]
fn a_vehicle_position_beats_the_prediction_while_it_is_fresh() {
    let vehicle = proto::FeedEntity {
        id: "v1".into(),
        vehicle: Some(proto::VehiclePosition {
            trip: Some(trip("T1")),
            position: Some(proto::Position {
                latitude: 52.5,
                longitude: 13.3,
                ..Default::default()
            }),
            current_stop_sequence: Some(3),
            current_status: Some(1), // STOPPED_AT
            timestamp: Some(u64::try_from(posix("08:15")).unwrap()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let (f, rt) = setup("rt-vehicle", &message("08:15", vec![vehicle]));
    let t1 = train(&state(&f, &rt, "08:16"), "T1");
    assert!((t1["lat"].as_f64().unwrap() - 52.5).abs() < 1e-4, "{t1}");
    assert!((t1["lon"].as_f64().unwrap() - 13.3).abs() < 1e-4, "{t1}");
    assert_eq!(
        (t1["from_stop"].as_str(), t1["to_stop"].as_str()),
        (Some("C"), Some("C"))
    );
    // Five minutes on, the position is stale: the timetable places the train again.
    let t1 = train(&state(&f, &rt, "08:25"), "T1");
    assert!((t1["lat"].as_f64().unwrap() - 52.0).abs() < 0.01, "{t1}");
}

#[test]
fn the_table_shows_scheduled_and_predicted_times_with_the_delay() {
    let bytes = message(
        "08:15",
        vec![update(trip("T1"), vec![at_seq(3, delay(480), None)])],
    );
    let (f, rt) = setup("rt-table", &bytes);
    let o = longrail(&[
        "--feed",
        f.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "timetable",
        "--trip",
        "T1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("08:20 → 08:28 +8"), "{text}");
    assert!(
        text.contains(DATE),
        "the date the message names by default: {text}"
    );
    let line = text.lines().find(|l| l.contains("Stop B")).unwrap();
    assert!(
        !line.contains('→'),
        "B comes before the first update: {line}"
    );
}

/// Run with `--realtime` at `rt`; the output.
fn with_realtime(f: &Path, rt: &Path) -> Output {
    longrail(&[
        "--feed",
        f.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "state",
        "--at",
        &local("08:30").to_rfc3339(),
    ])
}

#[test]
fn files_that_are_not_messages_are_clear_errors_naming_them() {
    let good = message(
        "08:15",
        vec![update(trip("T1"), vec![at_seq(3, delay(60), None)])],
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.pb", good[..good.len() - 3].to_vec(), "truncated"),
        (
            "notes.txt",
            b"trip_id,delay\nT1,60\n".to_vec(),
            "not a GTFS-Realtime FeedMessage",
        ),
        ("empty.pb", Vec::new(), "no header"),
    ];
    let dir = scratch("rt-bad");
    let f = feed(&dir);
    for (name, bytes, says) in cases {
        let rt = dir.join(name);
        std::fs::write(&rt, bytes).unwrap();
        let o = with_realtime(&f, &rt);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(name), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    // A huge file is refused before it is read (a sparse file: no disk used).
    let huge = dir.join("huge.pb");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let o = with_realtime(&f, &huge);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("huge.pb") && stderr(&o).contains("larger than 64 MiB"));
    // An empty folder, and a missing path.
    let empty = dir.join("nothing");
    std::fs::create_dir_all(&empty).unwrap();
    let o = with_realtime(&f, &empty);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("holds no file"), "{}", stderr(&o));
    let o = with_realtime(&f, &dir.join("absent.pb"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("absent.pb"), "{}", stderr(&o));
}

#[test]
fn a_message_of_another_feed_warns_once_and_the_timetable_runs() {
    let dir = scratch("rt-other");
    let f = feed(&dir);
    let rt = dir.join("other");
    std::fs::create_dir_all(&rt).unwrap();
    for k in 0..3 {
        let m = message(
            "08:15",
            vec![update(
                trip(&format!("Z{k}")),
                vec![at_seq(1, delay(60), None)],
            )],
        );
        std::fs::write(rt.join(format!("{k}.pb")), m).unwrap();
    }
    let o = with_realtime(&f, &rt);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("none of its 3 trip update(s)") && err.contains("another feed"),
        "{err}"
    );
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(train(&s, "T1")["delay_s"], 0);
}

#[test]
fn the_screen_tells_the_warning_too() {
    // On the screen the standard error is hidden behind the app: the key bar says it.
    let dir = scratch("rt-other-screen");
    let f = feed(&dir);
    let rt = dir.join("other.pb");
    let m = message(
        "08:15",
        vec![update(trip("Z1"), vec![at_seq(1, delay(60), None)])],
    );
    std::fs::write(&rt, m).unwrap();
    let o = longrail(&[
        "--feed",
        f.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "frame",
        "--at",
        &rfc("08:20"),
        "--size",
        "160x30",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let screen = String::from_utf8(o.stdout).unwrap();
    let bar = screen.lines().last().unwrap();
    assert!(
        bar.contains("warning") && bar.contains("another feed"),
        "{screen}"
    );
}

#[test]
fn realtime_needs_a_feed() {
    let o = longrail(&[
        "--realtime",
        "x.pb",
        "state",
        "--at",
        "2025-06-10T08:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--realtime") && stderr(&o).contains("--feed"),
        "{}",
        stderr(&o)
    );
    let o = longrail(&["timetable", "--trip", "T1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--feed"), "{}", stderr(&o));
    // With a feed, the narration of a stop's arrivals reads the file, and says it is not there.
    let dir = scratch("rt-modes");
    let f = feed(&dir);
    let (fp, rp) = (f.to_str().unwrap(), "x.pb");
    let o = longrail(&["--feed", fp, "--realtime", rp, "--narrate", "--stop", "A"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("x.pb"), "{}", stderr(&o));
    // And timetable with a feed needs --trip.
    let o = longrail(&["--feed", fp, "timetable"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--trip TRIP_ID"), "{}", stderr(&o));
}

#[test]
fn times_carry_the_offset_of_each_stop_s_own_zone() {
    let bytes = message(
        "08:15",
        vec![update(trip("T1"), vec![at_seq(5, delay(60), None)])],
    );
    let (f, rt) = setup("rt-zones", &bytes);
    // Stop F gets a zone of its own (an hour behind Berlin).
    let stops = f.join("stops.txt");
    let text = std::fs::read_to_string(&stops).unwrap();
    let text = text.replace(
        "F,,Stop F,52.0,14.0,,",
        "F,,Stop F,52.0,14.0,Europe/London,",
    );
    std::fs::write(&stops, text).unwrap();
    let t = timetable(&f, &rt, "T1");
    assert_eq!(
        t["stops"][0]["scheduled_departure"],
        "2025-06-10T08:00:00+02:00"
    );
    assert_eq!(
        t["stops"][5]["scheduled_arrival"],
        "2025-06-10T07:50:00+01:00"
    );
    assert_eq!(
        t["stops"][5]["predicted_arrival"],
        "2025-06-10T07:51:00+01:00"
    );
}

#[test]
fn the_network_screen_colours_trains_by_lateness_and_counts_the_late() {
    let bytes = message(
        "08:15",
        vec![update(trip("T1"), vec![at_seq(5, delay(300), None)])],
    );
    let (f, rt) = setup("rt-screen", &bytes);
    let (fp, rp) = (f.to_str().unwrap(), rt.to_str().unwrap());
    let at = local("08:44").to_rfc3339();
    let frame = |more: &[&str]| {
        let mut args = vec!["--feed", fp, "--realtime", rp, "frame", "--at", &at];
        args.extend(more);
        let o = longrail(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let text = frame(&["--size", "100x30"]);
    let title = text.lines().next().unwrap();
    assert!(title.contains("1 trains running, 1 late"), "{title}");
    assert!(
        text.contains("● early ● on time ● 1-5 min late ● 5+ min late"),
        "{text}"
    );
    // T1 runs five minutes late: its marker is the dark theme's "very late" red, which the
    // legend shows once too; the "late" amber only in the legend.
    let ansi = frame(&["--size", "100x30", "--ansi"]);
    assert_eq!(ansi.matches("38;2;255;80;80m●").count(), 2, "{ansi}");
    assert_eq!(ansi.matches("38;2;255;200;0m●").count(), 1, "{ansi}");
    // Without --realtime: no legend, no count of late trains.
    let o = longrail(&["--feed", fp, "frame", "--at", &at, "--size", "100x30"]);
    let plain = String::from_utf8(o.stdout).unwrap();
    assert!(!plain.contains("late"), "{plain}");
}

#[test]
fn the_selected_train_s_panel_shows_scheduled_and_predicted_times() {
    use longrail::app::network::Atlas;
    use longrail::app::{Action, Command, Model};
    use longrail::import::Feed;
    use longrail::import::network::{Filter, load};
    use std::sync::Arc;
    use std::time::Duration;
    // T1: C 2 min late, D skipped; seen at 08:22 (at C, late).
    let skip = proto::trip_update::StopTimeUpdate {
        stop_sequence: Some(4),
        schedule_relationship: Some(1),
        ..Default::default()
    };
    let bytes = message(
        "08:15",
        vec![update(trip("T1"), vec![at_seq(3, delay(120), None), skip])],
    );
    let (f, rt) = setup("rt-panel", &bytes);
    let mut network = load(&mut Feed::open(&f).unwrap(), &Filter::default())
        .unwrap()
        .network;
    let loaded = longrail::import::realtime::load(&mut network, &rt).unwrap();
    let atlas = Arc::new(Atlas::with_realtime(network, loaded.realtime));
    let mut s =
        longrail::settings::config::finish(longrail::settings::config::defaults().unwrap(), false)
            .unwrap();
    s.paused = true;
    let mut screens =
        longrail::cli::netview::screens(&atlas, s, local("08:22"), (100, 30), Duration::ZERO, &f);
    let _ = screens.update(Action::Command(Command::NextTrain), Duration::ZERO);
    let view = screens.network();
    let card = view.card().expect("T1 selected");
    assert_eq!(card.trip, "T1");
    assert_eq!(card.delay_s, 120);
    let stops: Vec<&str> = card
        .ahead
        .iter()
        .map(|c| &*view.network().stops()[c.stop as usize].id)
        .collect();
    assert_eq!(stops, ["E", "F"], "the next stops, D skipped");
    assert_eq!(card.ahead[0].arrival.delay_s(), 120);
    assert_eq!(
        card.departed.delay_s(),
        0,
        "A left on time: the delay began at C"
    );
    let (w, h) = view.size;
    let screen = longrail::report::frame::to_text(&longrail::report::frame::render(&screens, w, h));
    assert!(screen.contains("08:40 → 08:42 +2"), "{screen}");
}

/// T1 as two recorded messages tell it: at 08:05 four minutes late at B (and after), at 08:25
/// nine at D, E skipped; written as a folder of both in a test folder named `name`.
fn recorded_t1(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let f = feed(&dir);
    let rt = dir.join("recorded");
    std::fs::create_dir_all(&rt).unwrap();
    let skip = proto::trip_update::StopTimeUpdate {
        stop_sequence: Some(5),
        schedule_relationship: Some(1),
        ..Default::default()
    };
    let first = message(
        "08:05",
        vec![update(trip("T1"), vec![at_seq(2, delay(240), None)])],
    );
    let second = message(
        "08:25",
        vec![update(trip("T1"), vec![at_seq(4, delay(540), None), skip])],
    );
    std::fs::write(rt.join("0805.pb"), first).unwrap();
    std::fs::write(rt.join("0825.pb"), second).unwrap();
    (f, rt)
}

/// The network's screens of `feed` with the realtime data `rt`, paused at `at`, `size` cells.
fn realtime_screens(
    f: &Path,
    rt: &Path,
    at: DateTime<Utc>,
    size: (u16, u16),
) -> longrail::app::screens::Screens {
    use longrail::app::network::Atlas;
    use longrail::import::Feed;
    use longrail::import::network::{Filter, load};
    let mut network = load(&mut Feed::open(f).unwrap(), &Filter::default())
        .unwrap()
        .network;
    let loaded = longrail::import::realtime::load(&mut network, rt).unwrap();
    let atlas = std::sync::Arc::new(Atlas::with_realtime(network, loaded.realtime));
    let mut s =
        longrail::settings::config::finish(longrail::settings::config::defaults().unwrap(), false)
            .unwrap();
    s.paused = true;
    longrail::cli::netview::screens(&atlas, s, at, size, std::time::Duration::ZERO, f)
}

/// Tab selects the one train under way, Enter opens its journey.
fn open_journey(screens: &mut longrail::app::screens::Screens) {
    use longrail::app::{Key, KeyCode, Model};
    for k in [KeyCode::Tab, KeyCode::Enter] {
        if let Some(action) = screens.action_of(Key::plain(k), Utc::now()) {
            let _ = screens.update(action, std::time::Duration::ZERO);
        }
    }
    assert!(screens.journey().is_some(), "Enter opens the journey");
}

fn screen_text(screens: &longrail::app::screens::Screens, (w, h): (u16, u16)) -> String {
    longrail::report::frame::to_text(&longrail::report::frame::render(screens, w, h))
}

#[test]
fn the_journey_opened_from_the_network_runs_by_the_real_times_beside_the_timetable() {
    let (f, rt) = recorded_t1("rt-journey");
    let size = (100, 30);
    let mut screens = realtime_screens(&f, &rt, local("08:33"), size);
    open_journey(&mut screens);
    let app = screens.journey().unwrap();
    let route = app.journey().route();
    let real: Vec<(String, String)> = route
        .stops
        .iter()
        .map(|s| {
            let hm = |t: Option<DateTime<Utc>>| {
                t.map_or("-".to_owned(), |t| {
                    t.with_timezone(&chrono_tz::Europe::Berlin)
                        .format("%H:%M")
                        .to_string()
                })
            };
            (hm(s.arrive), hm(s.depart))
        })
        .collect();
    // A by the timetable (no message yet when it left), B and C by the 08:05 message (+4), D
    // on by the 08:25 one (+9), E passed without stopping.
    assert_eq!(
        real,
        pairs(&[
            ("-", "08:00"),
            ("08:14", "08:15"),
            ("08:24", "08:25"),
            ("08:39", "08:40"),
            ("08:49", "08:49"),
            ("08:59", "-")
        ])
    );
    let extra = route.realtime.as_ref().expect("the real times' companion");
    let skipped: Vec<bool> = extra.scheduled.iter().map(|s| s.skipped).collect();
    assert_eq!(skipped, [false, false, false, false, true, false]);
    // At 08:33 the train runs from C to D, late: between them on the strip, where the network
    // screen placed it.
    let state = app.journey().state_at(local("08:33"));
    assert_eq!(
        (state.status, state.previous_stop, state.next_stop),
        (longrail::sim::Status::Running, Some(2), Some(3))
    );
    let screen = screen_text(&screens, size);
    assert!(screen.contains("→ d1 08:40 +9"), "{screen}");
    assert!(screen.contains("skipped"), "{screen}");
    insta::assert_snapshot!("realtime_journey_100x30", screen);
    let small = (80, 24);
    let mut screens = realtime_screens(&f, &rt, local("08:33"), small);
    open_journey(&mut screens);
    insta::assert_snapshot!("realtime_journey_80x24", screen_text(&screens, small));
    // Every size draws, the real column or not.
    for (w, h) in [(1, 1), (3, 3), (20, 8), (40, 12), (60, 20), (300, 100)] {
        use longrail::app::{Action, Model};
        let _ = screens.update(Action::Resize(w, h), std::time::Duration::ZERO);
        let text = screen_text(&screens, (w, h));
        assert_eq!(text.lines().count(), usize::from(h), "{w}x{h}");
    }
}

#[test]
fn the_journey_s_log_says_when_the_delay_began_and_grew() {
    let (f, rt) = recorded_t1("rt-journey-log");
    let mut screens = realtime_screens(&f, &rt, local("08:33"), (100, 30));
    open_journey(&mut screens);
    let app = screens.journey().unwrap();
    let said: Vec<(String, String)> = app
        .journey()
        .timeline()
        .iter()
        .filter(|e| e.title.starts_with("Delay"))
        .map(|e| {
            (
                e.at.with_timezone(&chrono_tz::Europe::Berlin)
                    .format("%H:%M:%S")
                    .to_string(),
                e.title.clone(),
            )
        })
        .collect();
    // Each when its message arrived: the delay of the next stop the train reaches then.
    assert_eq!(
        said,
        pairs(&[
            ("08:05:00", "Delay began: +4 min at Stop B"),
            ("08:25:00", "Delay grew to +9 min at Stop D")
        ])
    );
    let screen = screen_text(&screens, (100, 30));
    assert!(screen.contains("Delay grew to +9"), "{screen}");
    // The same train without --realtime: no delay, the timetable's times only.
    let plain = {
        use longrail::app::network::Atlas;
        use longrail::import::Feed;
        use longrail::import::network::{Filter, load};
        let network = load(&mut Feed::open(&f).unwrap(), &Filter::default())
            .unwrap()
            .network;
        let atlas = std::sync::Arc::new(Atlas::new(network));
        let mut s = longrail::settings::config::finish(
            longrail::settings::config::defaults().unwrap(),
            false,
        )
        .unwrap();
        s.paused = true;
        let mut screens = longrail::cli::netview::screens(
            &atlas,
            s,
            local("08:33"),
            (100, 30),
            std::time::Duration::ZERO,
            &f,
        );
        open_journey(&mut screens);
        screen_text(&screens, (100, 30))
    };
    assert!(
        !plain.contains("Delay") && !plain.contains("→ d1"),
        "{plain}"
    );
}

#[test]
fn in_a_terminal_enter_opens_the_late_train_s_journey_with_its_real_times() {
    use crate::common::pty::{self, Pty};
    let (f, rt) = recorded_t1("rt-journey-pty");
    let start = local("08:33").to_rfc3339();
    let mut s = Pty::spawn(
        pty::longrail(
            &[
                "--feed",
                f.to_str().unwrap(),
                "--realtime",
                rt.to_str().unwrap(),
                "--paused",
                "--start",
                &start,
            ],
            &[],
        ),
        (100, 30),
    );
    s.wait_for("the network", |t| t.contains("1 trains running, 1 late"));
    s.send(b"\t");
    s.wait_for("T1 selected", |t| t.contains(" Train "));
    s.send(b"\r");
    s.wait_for("its journey with the real times", |t| {
        t.contains("Real") && t.contains("→ d1 08:40 +9") && t.contains("skipped")
    });
    s.wait_for("the log's delay", |t| t.contains("Delay grew to +9"));
    s.send(b"\x1b");
    s.wait_for("the network again", |t| !t.contains("Timetable"));
    s.send(b"q");
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 0);
    pty::assert_restored(&bytes);
    assert!(!s.raw_mode(), "raw mode left on");
}

#[test]
fn narration_tells_each_arrival_at_its_predicted_time_with_its_delay() {
    let (f, rt) = recorded_t1("rt-narrate");
    let start = local("07:55").to_rfc3339();
    let o = longrail(&[
        "--feed",
        f.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "--narrate",
        "--stop",
        "Stop D",
        "--start",
        &start,
        "--speed",
        "100000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let arrivals: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" arrives at "))
        .collect();
    // T1 nine minutes late by the 08:25 message; T2 without a word, by the timetable.
    assert!(
        arrivals[0].starts_with(
            "Tue 10 Jun 08:39 UTC+2: the 1 to F arrives at Stop D (stop D), 9 min late (due 08:30); next: the 1 to F at 09:30, in 51 min"
        ),
        "{text}"
    );
    assert!(
        arrivals[1]
            .starts_with("Tue 10 Jun 09:30 UTC+2: the 1 to F arrives at Stop D (stop D); next:"),
        "{text}"
    );
    // E is skipped by T1: it is not told there.
    let o = longrail(&[
        "--feed",
        f.to_str().unwrap(),
        "--realtime",
        rt.to_str().unwrap(),
        "--narrate",
        "--stop",
        "Stop E",
        "--start",
        &start,
        "--speed",
        "100000",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    let first = text.lines().find(|l| l.contains(" arrives at ")).unwrap();
    assert!(
        first.starts_with("Tue 10 Jun 09:40 UTC+2: the 1 to F arrives at Stop E"),
        "{text}"
    );
}
