//! `--realtime` with the recorded BART TripUpdates message (72 trips, 2016-12-29 17:39 UTC) and
//! its static feed, both in `../shared/feeds` (absent from a user's clone: the tests skip with a
//! note, and fail under CI), against an independent oracle: tests/it/gtfs/realtime_oracle.py,
//! which decodes the message with Google's gtfs-realtime-bindings (installed by
//! `.ci/setup-tools`), reads stop_times.txt with Python's csv and counts service days with
//! zoneinfo. For every trip of the message: the file's own times at the stops it updates, and
//! the propagated predictions at every stop, as `timetable --trip` gives them; and each running
//! train's `delay_s` in `state`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use longrail::import::Feed;
use longrail::import::network::{Filter, load};
use longrail::report::trip_times::trip_report;
use serde_json::Value;

use crate::common::bin::{in_ci, stdout};

const FEED: &str = "bart_2016_graphhopper.zip";
const MESSAGE: &str = "bart_2016-12-29_tripupdates.pb";

fn skip(what: &str, why: &str) {
    assert!(!in_ci(), "{what} is needed in CI: {why}");
    let _ = writeln!(
        std::io::stderr(),
        "note: skipping, {what} is not available (in CI this fails): {why}"
    );
}

/// The BART feed and message, or `None` (after a note) outside CI.
fn shared() -> Option<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/feeds");
    let (feed, message) = (dir.join(FEED), dir.join(MESSAGE));
    if feed.is_file() && message.is_file() {
        return Some((feed, message));
    }
    skip(FEED, &format!("{} lacks it or {MESSAGE}", dir.display()));
    None
}

/// The Python of the tools' virtual environment with gtfs-realtime-bindings, installed by the
/// setup script when it is not there yet.
fn python() -> Option<PathBuf> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let venv = target.join("tools/venv");
    let python = venv.join("bin/python");
    let has = || {
        Command::new(&python)
            .args(["-c", "import google.transit.gtfs_realtime_pb2"])
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/setup-tools");
        let _ = Command::new("bash")
            .arg(&script)
            .arg(&venv)
            .stdin(Stdio::null())
            .output();
    }
    if has() {
        return Some(python);
    }
    skip(
        "gtfs-realtime-bindings",
        ".ci/setup-tools could not install it",
    );
    None
}

/// What the oracle says: per trip, its date, its stops and the file's own times.
fn oracle(python: &Path, feed: &Path, message: &Path) -> BTreeMap<String, Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/gtfs/realtime_oracle.py");
    let out = Command::new(python)
        .arg(script)
        .arg(feed)
        .arg(message)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `timetable --trip`'s JSON for `trip`, as the command's report builds it, in this process.
fn reports(feed: &Path, message: &Path, trips: &[&String]) -> BTreeMap<String, Value> {
    let mut f = Feed::open(feed).unwrap();
    let mut network = load(&mut f, &Filter::default()).unwrap().network;
    let loaded = longrail::import::realtime::load(&mut network, message).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let realtime = loaded.realtime;
    trips
        .iter()
        .map(|id| {
            let trip = network.trip_index(id).unwrap();
            let named = realtime.instances_of(trip);
            assert_eq!(named.len(), 1, "{id} is named once");
            let times = realtime.trip_times(&network, named[0], None).unwrap();
            let report = serde_json::to_value(trip_report(&network, &times)).unwrap();
            ((*id).clone(), report)
        })
        .collect()
}

/// Compare a report with the oracle's trip: date, every stop's times, and the file's own.
fn check(id: &str, got: &Value, want: &Value) {
    assert_eq!(got["service_date"], want["date"], "{id}");
    let (g, w) = (
        got["stops"].as_array().unwrap(),
        want["stops"].as_array().unwrap(),
    );
    assert_eq!(g.len(), w.len(), "{id}");
    for (g, w) in g.iter().zip(w) {
        for key in [
            "stop_id",
            "stop_sequence",
            "scheduled_arrival",
            "scheduled_departure",
            "predicted_arrival",
            "predicted_departure",
            "skipped",
        ] {
            assert_eq!(g[key], w[key], "{id} at {}: {key}", w["stop_sequence"]);
        }
    }
    for u in want["updates"].as_array().unwrap() {
        let stop = g
            .iter()
            .find(|s| s["stop_sequence"] == u["stop_sequence"])
            .unwrap();
        for (key, field) in [
            ("predicted_arrival", "arrival"),
            ("predicted_departure", "departure"),
        ] {
            if !u[field].is_null() {
                assert_eq!(stop[key], u[field], "{id}: the file's {field}");
            }
        }
    }
}

#[test]
fn every_trip_of_the_bart_message_has_the_oracle_s_predicted_times() {
    let Some((feed, message)) = shared() else {
        return;
    };
    let Some(python) = python() else { return };
    let want = oracle(&python, &feed, &message);
    assert_eq!(want.len(), 72, "the message updates 72 trips");
    let ids: Vec<&String> = want.keys().collect();
    let got = reports(&feed, &message, &ids);
    let mut late = 0;
    for (id, w) in &want {
        check(id, &got[id], w);
        late += usize::from(w["stops"].as_array().unwrap().iter().any(|s| {
            !s["predicted_arrival"].is_null() && s["predicted_arrival"] != s["scheduled_arrival"]
        }));
    }
    assert!(
        late >= 20,
        "only {late} trips late: the comparison would show little"
    );
    // The command itself, for the trips with several updates (its output is the report above).
    let (f, m) = (feed.to_str().unwrap(), message.to_str().unwrap());
    for id in ["14DC10", "15DCM11", "20DCM21", "29SFO11", "22R11"] {
        let text = stdout(&[
            "--feed",
            f,
            "--realtime",
            m,
            "timetable",
            "--trip",
            id,
            "--format",
            "json",
        ]);
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["trip_id"], id);
        check(id, &json, &want[id]);
    }
}

/// The delay the oracle's times give a train at `t` (RFC 3339): the predicted (else scheduled)
/// minus the scheduled time of the next event after `t`, its departure while it stands.
fn oracle_delay(stops: &[Value], t: &str) -> i64 {
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(t).unwrap();
    for s in stops {
        for (p, k) in [
            ("predicted_arrival", "scheduled_arrival"),
            ("predicted_departure", "scheduled_departure"),
        ] {
            let effective = if s[p].is_null() { at(&s[k]) } else { at(&s[p]) };
            if now < effective {
                return (effective - at(&s[k])).num_seconds();
            }
        }
    }
    0
}

#[test]
fn bart_trains_are_as_late_as_the_oracle_says() {
    let Some((feed, message)) = shared() else {
        return;
    };
    let Some(python) = python() else { return };
    let want = oracle(&python, &feed, &message);
    let (f, m) = (feed.to_str().unwrap(), message.to_str().unwrap());
    // A minute after the message, and ten minutes on.
    for t in ["2016-12-29T17:40:00Z", "2016-12-29T17:50:00Z"] {
        let state: Value =
            serde_json::from_str(&stdout(&["--feed", f, "--realtime", m, "state", "--at", t]))
                .unwrap();
        let mut compared = 0;
        for train in state["trains"].as_array().unwrap() {
            let id = train["trip_id"].as_str().unwrap();
            let Some(w) = want.get(id) else {
                assert_eq!(train["delay_s"], 0, "{id} has no update");
                continue;
            };
            let expected = oracle_delay(w["stops"].as_array().unwrap(), t);
            assert_eq!(train["delay_s"], expected, "{id} at {t}");
            compared += 1;
        }
        assert!(compared >= 30, "only {compared} trains compared at {t}");
        // The status line counts the trains a minute late or more.
        let late = state["trains"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["delay_s"].as_i64().unwrap() >= 60)
            .count();
        let line = stdout(&["--feed", f, "--realtime", m, "status", "--at", t]);
        let running = state["running"].as_u64().unwrap();
        assert!(
            line.contains(&format!("{running} trains running, {late} late")),
            "{line}"
        );
    }
}

#[test]
fn without_an_instant_the_replay_opens_where_the_recording_begins() {
    let Some((feed, message)) = shared() else {
        return;
    };
    let Some(python) = python() else { return };
    // The header's timestamp, read by Google's bindings rather than by longrail.
    let read = "import sys; from google.transit import gtfs_realtime_pb2 as g; \
                m = g.FeedMessage(); m.ParseFromString(open(sys.argv[1], 'rb').read()); \
                print(m.header.timestamp)";
    let out = Command::new(&python)
        .args(["-c", read])
        .arg(&message)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let secs: i64 = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let at = chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .to_rfc3339();
    let (f, m) = (feed.to_str().unwrap(), message.to_str().unwrap());
    let recorded = stdout(&["--feed", f, "--realtime", m, "status", "--at", &at]);
    let opened = stdout(&["--feed", f, "--realtime", m, "status"]);
    assert_eq!(opened, recorded, "the recording begins at {at}");
    assert!(!recorded.contains(" 0 late"), "{recorded}");
    // The picture of that moment is the one the app opens on.
    let framed = stdout(&["--feed", f, "--realtime", m, "frame", "--at", &at]);
    let title = framed.lines().next().unwrap();
    assert!(title.contains("Thu 29 Dec"), "{title}");
}
