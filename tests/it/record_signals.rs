//! `longrail record` and signals: whatever it is doing, drawing frames or writing nothing
//! (paused, or after the arrival), every SIGTERM, SIGINT or SIGHUP ends it within a second,
//! exiting 128 + the signal, with no temporary file left behind; and a recording in which
//! nothing changes costs next to nothing per frame.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::bin;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// `longrail ARGS record --duration 1d --fps 60 --out DIR/x.cast`, once it says it records.
fn recording(dir: &Path, args: &[&str]) -> Child {
    let mut child = bin::longrail()
        .args(args)
        .args(["record", "--duration", "1d", "--fps", "60", "--out"])
        .arg(dir.join("x.cast"))
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.starts_with("recording"), "{line}");
    // Keep reading, so a message at the end finds the pipe open.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    // Past the first frame: its bytes are in the temporary file (from then on a paused
    // replay writes nothing).
    let since = Instant::now();
    while !first_frame_written(dir) {
        assert!(since.elapsed() < Duration::from_secs(30), "no first frame");
        std::thread::sleep(Duration::from_millis(10)); // polling a file with a deadline
    }
    child
}

/// Whether the temporary file beside `x.cast` holds more than its header.
fn first_frame_written(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name().to_string_lossy().starts_with(".x.cast.")
                && e.metadata().is_ok_and(|m| m.len() > 4096)
        })
}

/// Wait up to `limit` for `child` to exit; its exit code and how long it took.
fn exit_within(child: &mut Child, limit: Duration) -> (Option<i32>, Duration) {
    let since = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), since.elapsed());
        }
        if since.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running {limit:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(10)); // polling a child's exit with a deadline
    }
}

fn signal(child: &Child, sig: Signal) {
    kill(Pid::from_raw(i32::try_from(child.id()).unwrap()), sig).unwrap();
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".config")
        .collect()
}

#[test]
fn every_signal_ends_a_recording_that_writes_nothing_within_a_second() {
    let cases: [(&[&str], Signal, i32); 4] = [
        (&["--paused"], Signal::SIGTERM, 143),
        (&["--paused"], Signal::SIGINT, 130),
        (&["--start", "arrival"], Signal::SIGHUP, 129),
        // Drawing a frame every tick: the same.
        (&["--speed", "10000"], Signal::SIGTERM, 143),
    ];
    for (args, sig, code) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut child = recording(dir.path(), args);
        signal(&child, sig);
        let (got, took) = exit_within(&mut child, Duration::from_secs(1));
        assert_eq!(got, Some(code), "{args:?} {sig}: after {took:?}");
        assert_eq!(
            leftovers(dir.path()),
            Vec::<String>::new(),
            "{args:?} {sig}"
        );
    }
}

#[test]
fn a_second_signal_still_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = recording(dir.path(), &["--paused"]);
    signal(&child, Signal::SIGTERM);
    signal(&child, Signal::SIGTERM);
    let (got, _) = exit_within(&mut child, Duration::from_secs(1));
    assert_eq!(got, Some(143));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_day_in_which_nothing_changes_records_without_drawing_each_frame() {
    // 5,184,000 frames of a paused replay: drawn once, each other frame only counted (the
    // screen of a paused replay changes only with input).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.cast");
    let mut child = bin::longrail()
        .args([
            "--paused",
            "record",
            "--duration",
            "1d",
            "--fps",
            "60",
            "--out",
        ])
        .arg(&out)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (code, _) = exit_within(&mut child, Duration::from_secs(120));
    assert_eq!(code, Some(0));
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut said).unwrap();
    assert!(
        said.contains("86400.0 s, 5184000 frames, 2 events"),
        "{said}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 3, "the header and two events");
}
