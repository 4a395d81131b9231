//! `longrail import gtfs` as a user runs it: the real binary's output, exit codes and files,
//! above all on bad feeds (a clear error naming the file, line, column and value; exit 1;
//! nothing written).

use crate::common::bin::run;
use crate::gtfs;

use std::path::Path;
use std::process::Output;

use gtfs::{Files, st};

fn good() -> Files {
    let stops = "B,,Berlin Hbf,52.5251,13.3694,Europe/Berlin,\nH,,Hamburg Hbf,53.5530,10.0069,Europe/Berlin,\n";
    let times = st("B", 1, "08:00:00", "08:00:00") + &st("H", 2, "09:45:00", "09:45:00");
    Files::new("Europe/Berlin", stops, &times)
}

/// Run an import with `--out` into a fresh folder; returns the output and whether a file was
/// written.
fn import_to_file(feed: &Path, trip: &str) -> (Output, bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("route.toml");
    let o = run(&[
        "import",
        "gtfs",
        feed.to_str().unwrap(),
        "--trip",
        trip,
        "--out",
        out.to_str().unwrap(),
    ]);
    let written = std::fs::read_dir(dir.path()).unwrap().count() > 0;
    (o, written)
}

/// A bad feed fails with exit 1, writes nothing, and says all of `needles`.
fn assert_refused(files: &Files, trip: &str, needles: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let feed = files.write_dir(dir.path());
    let (o, written) = import_to_file(&feed, trip);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!written, "a file was written: {err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in:\n{err}");
    }
    err
}

#[test]
fn the_written_file_passes_check_and_plays_headless() {
    let dir = tempfile::tempdir().unwrap();
    let feed = good().write_zip(dir.path());
    let file = dir.path().join("ic.toml");
    let f = file.to_str().unwrap();
    let o = run(&[
        "import",
        "gtfs",
        feed.to_str().unwrap(),
        "--trip",
        "T1",
        "--date",
        "2025-06-17",
        "--out",
        f,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim_end(),
        format!(
            "wrote \"{f}\": route ic-7-701, 2 stops, departs 2025-06-17 (service date 2025-06-17)"
        )
    );
    let check = run(&["check", f]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("2 stops"));
    let timetable = run(&["timetable", "--route", f]);
    assert!(timetable.status.success());
    assert!(String::from_utf8_lossy(&timetable.stdout).contains("Hamburg Hbf"));
    // The file is never replaced without --force.
    std::fs::write(&file, "mine").unwrap();
    let o = run(&[
        "import",
        "gtfs",
        feed.to_str().unwrap(),
        "--trip",
        "T1",
        "--out",
        f,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("already exists: choose another --out, or add --force")
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    let o = run(&[
        "import",
        "gtfs",
        feed.to_str().unwrap(),
        "--trip",
        "T1",
        "--out",
        f,
        "--force",
    ]);
    assert!(o.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# longrail route imported")
    );
}

#[test]
fn list_shows_routes_and_a_route_s_trips() {
    let dir = tempfile::tempdir().unwrap();
    let feed = good().write_dir(dir.path());
    let feed = feed.to_str().unwrap();
    let o = run(&["import", "gtfs", feed, "--list"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "route_id  short  long name         type      trips\nR1        IC 7   Northern Express  rail (2)  1\n"
    );
    let o = run(&[
        "import",
        "gtfs",
        feed,
        "--list",
        "--route",
        "northern express",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with("route R1 IC 7 Northern Express: 1 trip(s)\n"),
        "{text}"
    );
    assert!(text.contains("T1       701     Terminus  Berlin Hbf  08:00:00  Hamburg Hbf  09:45:00  mon tue wed thu fri sat sun, 2025-06-01 to 2025-06-30"), "{text}");
    let o = run(&[
        "import",
        "gtfs",
        feed,
        "--list",
        "--route",
        "Northern Expres",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean \"Northern Express\"?"));
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["import", "gtfs", "feed.zip"][..],
        &["import", "gtfs", "feed.zip", "--list", "--trip", "T1"],
        &["import", "gtfs", "feed.zip", "--list", "--out", "x.toml"],
        &[
            "import",
            "gtfs",
            "feed.zip",
            "--list",
            "--date",
            "2025-06-17",
        ],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn not_a_feed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, "this is text").unwrap();
    let (o, _) = import_to_file(&junk, "T1");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("this is neither a folder nor a zip archive")
    );
    let (o, _) = import_to_file(&dir.path().join("nowhere"), "T1");
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot open the feed"));
    let (o, _) = import_to_file(Path::new("/dev/zero"), "T1");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither a folder nor a regular file"));
}

#[test]
fn a_zip_cut_short_is_called_incomplete_with_how_to_get_a_good_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = good().write_zip(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let (o, wrote) = import_to_file(&path, "T1");
    assert_eq!(o.status.code(), Some(1));
    assert!(!wrote);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("not a complete zip archive"), "{stderr}");
    assert!(stderr.contains("download it again"), "{stderr}");
    assert!(!stderr.contains("EOCD"), "a library's words: {stderr}");
}

#[test]
fn a_missing_file_is_named() {
    assert_refused(
        &good().without("stops.txt"),
        "T1",
        &["the feed has no stops.txt, which GTFS requires"],
    );
    assert_refused(
        &good().without("calendar.txt"),
        "T1",
        &["the feed has no calendar.txt or calendar_dates.txt"],
    );
}

#[test]
fn an_unknown_trip_gets_did_you_mean() {
    assert_refused(
        &good(),
        "t1x",
        &[
            "trips.txt: there is no trip_id \"t1x\"",
            "did you mean \"T1\"?",
        ],
    );
}

#[test]
fn a_bad_time_names_the_file_line_column_and_value() {
    let files = good().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,B,1\nT1,09:4x:00,09:45:00,H,2\n");
    let err = assert_refused(
        &files,
        "T1",
        &[
            "stop_times.txt:3:4: column 'arrival_time' (field 2): \"09:4x:00\" is not a time H:MM:SS",
            " 3 | T1,09:4x:00,09:45:00,H,2\n   |    ^",
        ],
    );
    assert!(err.contains("help: write GTFS times as HH:MM:SS"), "{err}");
    let files = good().with(
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nB,Berlin,52.5x,13.3\nH,Hamburg,53.5,10.0\n",
    );
    assert_refused(
        &files,
        "T1",
        &["stops.txt:2:10: column 'stop_lat' (field 3): \"52.5x\" is not a number"],
    );
}

#[test]
fn control_characters_in_the_feed_are_escaped_in_messages() {
    let files = good().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,B,1\nT1,\u{1b}[31m,09:45:00,H,2\n");
    let err = assert_refused(&files, "T1", &["\"\\u{1b}[31m\" is not a time"]);
    assert!(!err.contains('\u{1b}'), "a raw escape reached the terminal");
}

#[test]
fn a_trip_of_one_stop_or_backwards_times_is_refused() {
    let one = good().with(
        "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,B,1\n",
    );
    assert_refused(
        &one,
        "T1",
        &["trip \"T1\" has 1 stop time(s); a route needs at least two stops"],
    );
    let back = good().with("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,B,1\nT1,07:45:00,07:45:00,H,2\n");
    assert_refused(
        &back,
        "T1",
        &[
            "stop_times.txt:3:1",
            "the times of trip \"T1\" go backwards: 07:45 at stop_sequence 2 comes before 08:00 at stop_sequence 1",
        ],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let feed = good().write_dir(dir.path());
    std::fs::write(
        feed.join("stops.txt"),
        b"stop_id,stop_name,stop_lat,stop_lon\nB,Berl\xefn,52.5,13.3\nH,Hamburg,53.5,10.0\n",
    )
    .unwrap();
    let (o, written) = import_to_file(&feed, "T1");
    assert_eq!(o.status.code(), Some(1));
    assert!(!written);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("stops.txt:2:1: the file is not UTF-8 text (field 2 of this row)"),
        "{err}"
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    // 3 GiB of zeros would deflate to about 3 MB; writing it takes too long for a test, so the
    // entry is a small one whose sizes the archive then claims to be 3 GiB.
    let dir = tempfile::tempdir().unwrap();
    let path = good().write_zip(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    claim_size(&mut bytes, "stop_times.txt", 3 << 30);
    std::fs::write(&path, &bytes).unwrap();
    let (o, written) = import_to_file(&path, "T1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!written);
    assert!(err.contains("stop_times.txt: it is 3221225472 bytes, over the limit of 2147483648 bytes for one file of a feed; it was not read"), "{err}");
}

/// Patch the uncompressed size the central directory records for `name`.
fn claim_size(zip: &mut [u8], name: &str, size: u32) {
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let mut i = 0;
    while i + 46 <= zip.len() {
        if zip[i..i + 4] == sig {
            let name_len = usize::from(u16::from_le_bytes([zip[i + 28], zip[i + 29]]));
            if &zip[i + 46..i + 46 + name_len] == name.as_bytes() {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                return;
            }
        }
        i += 1;
    }
    panic!("no central directory entry for {name}");
}
