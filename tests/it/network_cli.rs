//! `longrail --feed FEED` on small feeds written by the tests: what runs when (frequencies,
//! trips of several days, calendar exceptions, standing at the ends), where (great circles,
//! shapes by distance and by projection), the filters, the status line, bad feeds (clear
//! errors, exit 1, no panic) and the mode that does not take a feed yet (exit 2).

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::bin::run as longrail;
use crate::gtfs::Files;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A line of three stops along 52° N (A, B, C), a bent shape from A to B, and five trips:
/// T1 every day of June 2025 (R1, rail): A 08:00, B 08:30-08:35, C 09:00, standing 10 min at
///   each end; not on 15 June (calendar_dates.txt removes it);
/// T2 (R2, bus "X9") every 20 min from 10:00 until before 11:00 (frequencies.txt), 30 min;
/// T3 only on 10 June (calendar_dates.txt adds it), A 20:00 to C 71:00, three days;
/// T4 with its last time blank (does not run: a warning);
/// T5 along the shape from A to B, 12:00 to 13:00, by shape_dist_traveled.
fn line() -> Files {
    let stops = "A,,Alpha,52.0,13.0,,\nB,,Bravo,52.0,13.5,,\nC,,Charlie,52.0,14.0,,\n";
    let times = [
        "T1,07:50:00,08:00:00,A,1,0,0,",
        "T1,08:30:00,08:35:00,B,2,0,0,",
        "T1,09:00:00,09:10:00,C,3,0,0,",
        "T2,00:00:00,00:00:00,A,1,0,0,",
        "T2,00:30:00,00:30:00,C,2,0,0,",
        "T3,20:00:00,20:00:00,A,1,0,0,",
        "T3,47:00:00,47:00:00,B,2,0,0,",
        "T3,71:00:00,71:00:00,C,3,0,0,",
        "T4,08:00:00,08:00:00,A,1,0,0,",
        "T4,,,C,2,0,0,",
        "T5,12:00:00,12:00:00,A,1,0,0,0",
        "T5,13:00:00,13:00:00,B,2,0,0,20",
    ];
    Files::new("Europe/Berlin", stops, &(times.join("\n") + "\n"))
        .with("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\nR1,A,IC 7,Northern Express,2,AA0000\nR2,A,X9,Crosstown,700,\n")
        .with("trips.txt", "route_id,service_id,trip_id,trip_headsign,shape_id\nR1,S1,T1,Charlie,\nR2,S1,T2,Charlie,\nR1,S2,T3,Charlie,\nR1,S1,T4,Charlie,\nR1,S1,T5,Bravo,SH\n")
        .with("calendar_dates.txt", "service_id,date,exception_type\nS1,20250615,2\nS2,20250610,1\n")
        .with("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT2,10:00:00,11:00:00,1200\n")
        .with("shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence,shape_dist_traveled\nSH,52.0,13.0,1,0\nSH,52.1,13.25,2,10\nSH,52.0,13.5,3,20\n")
}

fn state_of(feed: &Path, at: &str, more: &[&str]) -> Value {
    let mut args = vec!["--feed", feed.to_str().unwrap()];
    args.extend(more);
    args.extend(["state", "--at", at]);
    let o = longrail(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn trips(state: &Value) -> Vec<String> {
    state["trains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["trip_id"].as_str().unwrap().to_owned())
        .collect()
}

fn train<'a>(state: &'a Value, trip: &str) -> &'a Value {
    state["trains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trip_id"] == trip)
        .unwrap_or_else(|| panic!("{trip} is not running: {state}"))
}

#[test]
fn a_trip_runs_from_its_departure_until_its_arrival_and_stands_at_stops() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    // Berlin is UTC+2 in June. Standing at the first stop before 08:00 is not running.
    assert!(!trips(&state_of(&feed, "2025-06-02T05:55:00Z", &[])).contains(&"T1".to_owned()));
    let s = state_of(&feed, "2025-06-02T06:00:00Z", &[]);
    let t1 = train(&s, "T1");
    assert_eq!(
        (t1["from_stop"].as_str(), t1["to_stop"].as_str()),
        (Some("A"), Some("B"))
    );
    assert_eq!(t1["route_id"], "R1");
    assert_eq!(t1["service_date"], "2025-06-02");
    assert_eq!(t1["departure"], "2025-06-02T08:00:00+02:00");
    assert_eq!(s["timezone"], "Europe/Berlin");
    assert_eq!(s["utc"], "2025-06-02T06:00:00Z");
    // Halfway between A and B at 08:15: on the great circle, whose midpoint between two
    // points of one latitude lies at atan(tan(lat) / cos(half the longitudes apart)).
    let t1 = train(&state_of(&feed, "2025-06-02T06:15:00Z", &[]), "T1").clone();
    assert!((t1["lon"].as_f64().unwrap() - 13.25).abs() < 1e-6, "{t1}");
    let mid = (52f64.to_radians().tan() / 0.25f64.to_radians().cos())
        .atan()
        .to_degrees();
    assert!(
        (t1["lat"].as_f64().unwrap() - mid).abs() < 2e-6,
        "{t1}: {mid}"
    );
    // Standing at B from 08:30 to 08:35: at B, from and to both B.
    let t1 = train(&state_of(&feed, "2025-06-02T06:32:00Z", &[]), "T1").clone();
    assert_eq!(
        (t1["from_stop"].as_str(), t1["to_stop"].as_str()),
        (Some("B"), Some("B"))
    );
    assert_eq!(
        (t1["lat"].as_f64(), t1["lon"].as_f64()),
        (Some(52.0), Some(13.5))
    );
    // Its arrival at C at 09:00 ends it (standing there until 09:10 is not running).
    assert!(trips(&state_of(&feed, "2025-06-02T06:59:59Z", &[])).contains(&"T1".to_owned()));
    assert!(!trips(&state_of(&feed, "2025-06-02T07:00:00Z", &[])).contains(&"T1".to_owned()));
    // Not on 15 June, which calendar_dates.txt removes.
    assert!(!trips(&state_of(&feed, "2025-06-15T06:15:00Z", &[])).contains(&"T1".to_owned()));
    assert!(trips(&state_of(&feed, "2025-06-16T06:15:00Z", &[])).contains(&"T1".to_owned()));
}

#[test]
fn frequencies_make_a_run_per_departure() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_dir(dir.path());
    // 10:45: the 10:20 and 10:40 runs are out; the 10:00 one arrived at 10:30.
    let s = state_of(&feed, "2025-06-02T08:45:00Z", &[]);
    let runs: Vec<&str> = s["trains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["trip_id"] == "T2")
        .map(|t| t["departure"].as_str().unwrap())
        .collect();
    assert_eq!(
        runs,
        ["2025-06-02T10:20:00+02:00", "2025-06-02T10:40:00+02:00"]
    );
    // 11:05: the 10:40 run only (no departure at 11:00, the window's end).
    let s = state_of(&feed, "2025-06-02T09:05:00Z", &[]);
    assert_eq!(trips(&s).iter().filter(|t| *t == "T2").count(), 1);
}

#[test]
fn a_trip_of_three_days_runs_on_the_days_after_its_service_date() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    // 12 June 12:00 is 64:00 of service date 10 June: between B (47:00) and C (71:00).
    let s = state_of(&feed, "2025-06-12T10:00:00Z", &[]);
    let t3 = train(&s, "T3");
    assert_eq!(t3["service_date"], "2025-06-10");
    assert_eq!(
        (t3["from_stop"].as_str(), t3["to_stop"].as_str()),
        (Some("B"), Some("C"))
    );
    // It arrives at 23:00 on the 12th.
    assert!(!trips(&state_of(&feed, "2025-06-12T21:00:00Z", &[])).contains(&"T3".to_owned()));
    // Its service runs only on the 10th: on the 11th at 21:00 the one out is the 10th's.
    let s = state_of(&feed, "2025-06-11T19:00:00Z", &[]);
    let out: Vec<&Value> = s["trains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["trip_id"] == "T3")
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["service_date"], "2025-06-10");
}

#[test]
fn shapes_place_trains_by_distance_or_by_projection() {
    let dir = tempfile::tempdir().unwrap();
    // By shape_dist_traveled: halfway in time is distance 10, the bend of the shape.
    let feed = line().write_dir(dir.path());
    let t5 = train(&state_of(&feed, "2025-06-02T10:30:00Z", &[]), "T5").clone();
    assert_eq!(
        (t5["lat"].as_f64(), t5["lon"].as_f64()),
        (Some(52.1), Some(13.25))
    );
    // Without distances, the stops are projected onto the shape: halfway along it in km is
    // the bend too (the two legs are as long), nowhere near the great circle's 52.0003.
    let other = tempfile::tempdir().unwrap();
    let bare = line()
        .with("shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\nSH,52.0,13.0,1\nSH,52.1,13.25,2\nSH,52.0,13.5,3\n");
    let mut times = bare.0["stop_times.txt"].replace(",0,0,0\n", ",0,0,\n");
    times = times.replace(",0,0,20\n", ",0,0,\n");
    let feed = bare.with("stop_times.txt", &times).write_dir(other.path());
    let t5 = train(&state_of(&feed, "2025-06-02T10:30:00Z", &[]), "T5").clone();
    assert!((t5["lat"].as_f64().unwrap() - 52.1).abs() < 1e-4, "{t5}");
    assert!((t5["lon"].as_f64().unwrap() - 13.25).abs() < 1e-3, "{t5}");
}

#[test]
fn routes_and_types_choose_what_runs() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    let at = "2025-06-02T08:45:00Z"; // T2's runs only
    assert_eq!(trips(&state_of(&feed, at, &[])), ["T2", "T2"]);
    // By route_id, by short name (any case), by type (the extended 700 is a bus).
    assert_eq!(
        trips(&state_of(&feed, at, &["--routes", "R1"])),
        [] as [&str; 0]
    );
    assert_eq!(
        trips(&state_of(&feed, at, &["--routes", "x9"])),
        ["T2", "T2"]
    );
    assert_eq!(
        trips(&state_of(&feed, at, &["--types", "bus"])),
        ["T2", "T2"]
    );
    assert_eq!(
        trips(&state_of(
            &feed,
            "2025-06-02T06:15:00Z",
            &["--types", "rail,tram"]
        )),
        ["T1"]
    );
}

#[test]
fn filters_that_leave_nothing_or_name_nothing_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    let at = "2025-06-02T08:45:00Z";
    // A route the feed has not: the nearest names.
    let o = longrail(&[
        "--feed",
        feed.to_str().unwrap(),
        "--routes",
        "R3",
        "state",
        "--at",
        at,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("routes.txt: --routes: no route has the route_id or short name \"R3\""),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("did you mean"), "{}", stderr(&o));
    // Types that leave nothing.
    let o = longrail(&[
        "--feed",
        feed.to_str().unwrap(),
        "--types",
        "ferry",
        "state",
        "--at",
        at,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no trip is left once --routes (all) and --types ferry choose"),
        "{}",
        stderr(&o)
    );
    // A type that is none.
    let o = longrail(&[
        "--feed",
        feed.to_str().unwrap(),
        "--types",
        "zeppelin",
        "state",
        "--at",
        at,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"zeppelin\" is not a route type"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_trip_that_cannot_run_is_a_warning_and_the_rest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    let o = longrail(&[
        "--feed",
        feed.to_str().unwrap(),
        "state",
        "--at",
        "2025-06-02T06:15:00Z",
    ]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("stop_times.txt: 1 trip(s) have no time at their first or last stop, and do not run: trip \"T4\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn status_says_the_trains_running_and_the_feeds_clock() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let o = longrail(&["--feed", f, "status", "--at", "2025-06-02T08:45:00Z"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Test Rail · 2 trains running · 10:45 CEST Mon 2025-06-02\n"
    );
    let o = longrail(&[
        "--feed",
        f,
        "--ascii",
        "status",
        "--at",
        "2025-06-02T06:15:00Z",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Test Rail | 1 train running | 08:15 CEST Mon 2025-06-02\n"
    );
    // Without --at, "now" moves into the feed's calendar (June 2025, or the date given).
    let o = longrail(&["--feed", f, "--date", "2025-06-10", "status"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).ends_with(" Tue 2025-06-10\n"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = longrail(&["--feed", f, "status"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(" 2025-06-"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn modes_that_do_not_take_a_feed_yet_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let feed = line().write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let at = "2025-06-02T06:15:00Z";
    for (args, says) in [
        (
            vec!["--routes", "R1", "state", "--at", at],
            "--routes chooses the routes of a GTFS feed",
        ),
        (
            vec!["--types", "bus", "status"],
            "--types chooses the routes of a GTFS feed",
        ),
        (
            vec!["--feed", f, "--route", "pyongyang-moscow", "status"],
            "cannot be used with",
        ),
        (
            vec!["--feed", f, "--date", "2025-06-02", "state", "--at", at],
            "--date with `state --feed`",
        ),
        (
            vec!["--feed", f, "--start", "departure", "state", "--at", at],
            "--start with `state` or `status` and --feed",
        ),
        (
            vec!["--feed", f, "status", "--format", "%w"],
            "--format with `status --feed`",
        ),
    ] {
        let o = longrail(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

/// Run `state --feed` on `files` and return the exit code and standard error.
fn broken(files: &Files) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let feed = files.write_dir(dir.path());
    let o = longrail(&[
        "--feed",
        feed.to_str().unwrap(),
        "state",
        "--at",
        "2025-06-02T06:15:00Z",
    ]);
    (o.status.code(), stderr(&o))
}

/// Feeds with a bad stop_times.txt (or none), and what the error must say.
fn bad_stop_times() -> Vec<(Files, &'static str)> {
    let good = line();
    vec![
        // CRLF line ends: the csv crate puts each row at the LF before it; the line and its
        // text must still be the row's own (they were a line short, and blank, before).
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\r\nT1,08:00:00,08:00:00,A,1\r\nT1,8:61:00,09:00:00,C,2\r\n"),
            "stop_times.txt:3:4: column 'arrival_time' (field 2): \"8:61:00\" is out of range",
        ),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\r\nT1,08:00:00,08:00:00,A,1\r\nT1,8:61:00,09:00:00,C,2\r\n"),
            " 3 | T1,8:61:00,09:00:00,C,2\n",
        ),
        (good.clone().without("stop_times.txt"), "the feed has no stop_times.txt, which GTFS requires"),
        (good.clone().without("agency.txt"), "the feed has no agency.txt"),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,8:61:00,09:00:00,C,2\n"),
            "stop_times.txt:3:4: column 'arrival_time' (field 2): \"8:61:00\" is out of range",
        ),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,Z,1\n"),
            "stop_times.txt:2:22: column 'stop_id' (field 4): the stop_id \"Z\" is not in stops.txt",
        ),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT9,08:00:00,08:00:00,A,1\n"),
            "stop_times.txt:2:1: column 'trip_id' (field 1): the trip_id \"T9\" is not in trips.txt",
        ),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,09:00:00,08:00:00,A,1\n"),
            "the departure 08:00:00 is before the arrival 09:00:00",
        ),
        (
            good.clone().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id\nT1,09:00:00,09:00:00,A\n"),
            "the column 'stop_sequence' is missing",
        ),
    ]
}

/// Feeds with another file bad, and what the error must say.
fn bad_other_files() -> Vec<(Files, &'static str)> {
    let good = line();
    vec![
        (
            good.clone().with("trips.txt", "route_id,service_id,trip_id\nR1,S1,T1\nR1,S1,T1\n"),
            "trips.txt:3:1: the trip_id \"T1\" is here a second time",
        ),
        (
            good.clone().with("trips.txt", "route_id,service_id,trip_id\nR7,S1,T1\n"),
            "the route_id \"R7\" is not in routes.txt",
        ),
        (
            good.clone().with("routes.txt", "route_id,route_type\nR1,train\n"),
            "routes.txt:2:4: column 'route_type' (field 2): \"train\" is not a route type",
        ),
        (
            good.clone().with("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nA,Alpha,95,13\n"),
            "latitude 95 is out of range",
        ),
        (
            good.clone().with("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT2,10:00:00,11:00:00,0\n"),
            "'headway_secs' must be a whole number above 0",
        ),
        (
            good.clone().with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,2025-06-01,20250630\n"),
            "is not a date YYYYMMDD",
        ),
        (
            good.clone().with("agency.txt", "agency_name,agency_timezone\nX,Mars/Olympus\n"),
            "\"Mars/Olympus\" is not an IANA time zone",
        ),
    ]
}

#[test]
fn bad_feeds_are_clear_errors_with_exit_1() {
    let cases = bad_stop_times().into_iter().chain(bad_other_files());
    for (files, says) in cases {
        let (code, err) = broken(&files);
        assert_eq!(code, Some(1), "{says}: {err}");
        assert!(err.contains(says), "expected {says:?} in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Not a feed at all.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"not a zip").unwrap();
    let o = longrail(&["--feed", junk.to_str().unwrap(), "status"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("this is neither a folder nor a zip archive"),
        "{}",
        stderr(&o)
    );
    let o = longrail(&["--feed", "/nonexistent/feed.zip", "status"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot open the feed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn mutated_feeds_never_panic_the_network_model() {
    // A cheap stand-in for the network_bytes fuzz target on stable: the seeds of its corpus,
    // each mutated a few hundred ways (bytes replaced by digits, separators and line ends,
    // dropped or doubled), through the same harness function.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus/network_bytes");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n.max(1) as u64).unwrap()
    };
    let pool = b"0123456789:,\n\r\"-.+ e\x00";
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let seed = std::fs::read(entry.unwrap().path()).unwrap();
        for _ in 0..150 {
            let mut data = seed.clone();
            for _ in 0..1 + next(4) {
                let at = next(data.len());
                match next(3) {
                    0 => data[at] = pool[next(pool.len())],
                    1 => {
                        data.remove(at);
                    }
                    _ => data.insert(at, data[at]),
                }
            }
            longrail::harness::network_bytes(&data);
            runs += 1;
        }
    }
    assert!(runs >= 300);
}
