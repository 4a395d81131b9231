//! `longrail record` as a user runs it: the real binary writes a cast into a scratch directory;
//! the cast is checked line by line, replayed through a VT parser to see the train move, and
//! read by the real asciinema player (2.4.0, the Python one). Existing files are never replaced
//! without `--force`, and an interrupted recording leaves nothing behind.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::common::bin::{self, files_in, in_ci};

/// The binary on UTC.
fn longrail() -> Command {
    let mut cmd = bin::longrail();
    cmd.env("TZ", "UTC");
    cmd
}

fn run(args: &[&str]) -> Output {
    longrail().args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    bin::scratch(&format!("record-{name}"))
}

/// A cast read back: its header and its events as (seconds, text).
struct Cast {
    header: serde_json::Value,
    events: Vec<(f64, String)>,
}

impl Cast {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header = serde_json::from_str(lines.next().unwrap()).unwrap();
        let events = lines
            .map(|line| {
                let (t, kind, data): (f64, String, String) = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not an event line ({e}): {line}"));
                assert_eq!(kind, "o", "{line}");
                (t, data)
            })
            .collect();
        Self { header, events }
    }

    /// Everything the cast prints, in order.
    fn output(&self) -> String {
        self.events.iter().map(|(_, s)| s.as_str()).collect()
    }
}

/// The screen after `bytes`, on a terminal of `cols`×`rows`.
fn screen(bytes: &[u8], (cols, rows): (u16, u16)) -> vt100::Parser {
    let mut parser = vt100::Parser::new(rows, cols, 0);
    parser.process(bytes);
    parser
}

/// The progress shown in the title bar: the number before the first `%`.
fn percent(contents: &str) -> u32 {
    let title = contents.lines().next().unwrap();
    let before = &title[..title
        .find('%')
        .unwrap_or_else(|| panic!("no % in {title:?}"))];
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().unwrap()
}

/// The strip's track row: the one holding the train `◀`.
fn track_row(contents: &str) -> String {
    contents
        .lines()
        .find(|l| l.contains('◀') && l.contains('━'))
        .unwrap_or_else(|| panic!("no train on the strip:\n{contents}"))
        .to_owned()
}

/// Three seconds at 10 fps from mid-journey at 10,000×: the UTC clock must advance by exactly
/// 10,000 × 2.9 s (the last frame's time) = 8 h 03 min 20 s, and the train by several percent.
const START: &str = "2025-06-20T12:00:00Z";
const START_UTC: &str = "12:00:00 ";
const END_UTC: &str = "20:03:20 ";

fn record_moving(dir: &Path, size: (u16, u16)) -> PathBuf {
    let path = dir.join(format!("journey-{}x{}.cast", size.0, size.1));
    let size_arg = format!("{}x{}", size.0, size.1);
    let out = run(&[
        "record",
        "--out",
        path.to_str().unwrap(),
        "--size",
        &size_arg,
        "--fps",
        "10",
        "--duration",
        "3s",
        "--speed",
        "10000",
        "--start",
        START,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("wrote") && said.contains("30 frames"),
        "{said}"
    );
    path
}

#[test]
fn a_cast_is_asciicast_v2_and_the_train_moves() {
    let dir = scratch("moves");
    for size in [(80, 24), (120, 40)] {
        let path = record_moving(&dir, size);
        let cast = Cast::read(&path);
        let h = &cast.header;
        assert_eq!(h["version"], 2);
        assert_eq!(
            (h["width"].as_u64(), h["height"].as_u64()),
            (Some(u64::from(size.0)), Some(u64::from(size.1)))
        );
        assert!(
            h["timestamp"].as_u64().is_some_and(|t| t > 1_600_000_000),
            "{h}"
        );
        assert_eq!(h["env"]["TERM"], "xterm-256color");
        assert_eq!(h["title"], "longrail · Pyongyang → Moscow · 10,000×");

        let times: Vec<f64> = cast.events.iter().map(|e| e.0).collect();
        assert!(
            times.windows(2).all(|w| w[0] < w[1]),
            "times must increase: {times:?}"
        );
        assert_eq!((times[0], *times.last().unwrap()), (0.0, 3.0));
        // The clock changes every frame at this speed, so every frame is an event.
        assert_eq!(cast.events.len(), 31);

        let first = screen(cast.events[0].1.as_bytes(), size);
        let last = screen(cast.output().as_bytes(), size);
        assert!(
            first.screen().hide_cursor(),
            "the cursor is hidden while playing"
        );
        assert!(
            !last.screen().hide_cursor(),
            "the cursor is shown at the end"
        );
        let (a, b) = (first.screen().contents(), last.screen().contents());
        assert!(a.contains(START_UTC) && !a.contains(END_UTC), "{a}");
        assert!(
            b.contains(END_UTC),
            "the UTC clock did not reach {END_UTC}:\n{b}"
        );
        assert!(
            percent(&b) >= percent(&a) + 3,
            "the train did not move: {}% then {}%\n{a}\n{b}",
            percent(&a),
            percent(&b)
        );
        assert_ne!(track_row(&a), track_row(&b), "the strip did not change");
    }
}

#[test]
fn global_options_apply() {
    let dir = scratch("globals");
    let path = dir.join("paused.cast");
    let out = run(&[
        "record",
        "--out",
        path.to_str().unwrap(),
        "--duration",
        "1s",
        "--route",
        "pyongyang-khabarovsk",
        "--speed",
        "600x",
        "--paused",
        "--ascii",
        "--size",
        "100x30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cast = Cast::read(&path);
    assert_eq!(
        cast.header["title"],
        "longrail · Pyongyang → Khabarovsk · 600×"
    );
    assert_eq!(cast.header["width"], 100);
    // Paused: the first frame, then only the closing event.
    assert_eq!(cast.events.len(), 2);
    let contents = screen(cast.output().as_bytes(), (100, 30))
        .screen()
        .contents();
    assert!(
        contents.contains("PAUSED") && contents.contains("Khabarovsk"),
        "{contents}"
    );
    assert!(
        !contents.contains('─') && !contents.contains('│'),
        "not ASCII:\n{contents}"
    );
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = scratch("exists");
    let path = dir.join("journey.cast");
    let mine = b"my own notes, not a cast\n\x00\xff";
    std::fs::write(&path, mine).unwrap();
    let out = run(&[
        "record",
        "--out",
        path.to_str().unwrap(),
        "--duration",
        "1s",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(path.to_str().unwrap()) && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), mine);
    assert_eq!(files_in(&dir), ["journey.cast"], "no temporary file left");

    let out = run(&[
        "record",
        "--out",
        path.to_str().unwrap(),
        "--duration",
        "1s",
        "--force",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(Cast::read(&path).header["version"], 2);
    assert_eq!(files_in(&dir), ["journey.cast"]);
}

#[test]
fn a_directory_for_out_is_refused_with_a_file_name_to_use() {
    let dir = scratch("dir-out");
    let with_slash = format!("{}/", dir.display());
    let missing = format!("{}/new/", dir.display());
    for out_arg in [dir.to_str().unwrap(), &with_slash, &missing] {
        for force in [false, true] {
            let mut args = vec!["record", "--out", out_arg, "--duration", "1s"];
            if force {
                args.push("--force");
            }
            let out = run(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains("names a directory") && err.contains("longrail.cast"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("--force"), "{args:?}: {err}");
        }
    }
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

#[test]
fn bad_values_are_usage_errors_naming_the_value() {
    let dir = scratch("usage");
    let out = dir.join("x.cast");
    let out = out.to_str().unwrap();
    for (args, says) in [
        (vec!["--fps", "0"], "0"),
        (vec!["--fps", "61"], "61"),
        (vec!["--duration", "-5s"], "negative"),
        (vec!["--duration", "0s"], "more than 0"),
        (vec!["--duration", "2d"], "at most 1d"),
        (vec!["--duration", "5x"], "'x' is not a unit"),
        (vec!["--size", "0x10"], "COLUMNSxROWS"),
        (vec!["--speed", "0"], "1 to 100000"),
    ] {
        let mut all = vec!["record", "--out", out];
        all.extend(&args);
        let o = run(&all);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(files_in(&dir).is_empty());
    let o = run(&["record", "--out", "/nonexistent-longrail/x.cast"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/nonexistent-longrail/x.cast") && err.contains("directory"),
        "{err}"
    );
}

#[test]
fn an_interrupted_recording_leaves_nothing_behind() {
    let dir = scratch("interrupted");
    let path = dir.join("long.cast");
    let mut child = longrail()
        .args([
            "record",
            "--out",
            path.to_str().unwrap(),
            "--duration",
            "1d",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.starts_with("recording"), "{line}");
    // The recording is under way into a temporary file beside the destination.
    assert_eq!(files_in(&dir).len(), 1);
    kill(
        Pid::from_raw(i32::try_from(child.id()).unwrap()),
        Signal::SIGINT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(status.code(), Some(128 + 2), "128 + SIGINT: {rest}");
    assert!(
        rest.contains("interrupted") && rest.contains("long.cast"),
        "{rest}"
    );
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

/// Whether `program --version` says asciinema 2.x.
fn is_asciinema_2(program: &Path) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("asciinema 2.")
        })
}

/// asciinema 2.x: the project's own (target/tools/venv, made by `.ci/setup-tools`), else one on
/// PATH, else the project's after running the setup script now. `Err` says why there is none.
pub fn asciinema() -> Result<PathBuf, String> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let venv = target.join("tools").join("venv");
    let local = venv.join("bin").join("asciinema");
    if is_asciinema_2(&local) {
        return Ok(local);
    }
    if is_asciinema_2(Path::new("asciinema")) {
        return Ok(PathBuf::from("asciinema"));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".ci")
        .join("setup-tools");
    let setup = Command::new("bash")
        .arg(&script)
        .arg(&venv)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run {}: {e}", script.display()))?;
    if setup.status.success() && is_asciinema_2(&local) {
        return Ok(local);
    }
    Err(format!(
        "{} failed ({}):\n{}{}",
        script.display(),
        setup.status,
        String::from_utf8_lossy(&setup.stdout),
        String::from_utf8_lossy(&setup.stderr)
    ))
}

#[test]
fn asciinema_2_plays_the_cast_and_the_train_moves() {
    let player = match asciinema() {
        Ok(p) => p,
        Err(why) if in_ci() => panic!("asciinema 2.x is needed in CI: {why}"),
        Err(why) => {
            // Straight to stderr: the test harness would hide an `eprintln!` of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "note: skipping the asciinema check, asciinema 2.x is not available (in CI this fails): {why}"
            );
            return;
        }
    };
    let dir = scratch("asciinema");
    let size = (120, 40);
    let path = record_moving(&dir, size);
    let out = Command::new(&player)
        .arg("cat")
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "asciinema cat failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cast = Cast::read(&path);
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        cast.output(),
        "asciinema printed something other than the cast's events"
    );
    // The screen as asciinema's output leaves it, after its first event and at the end.
    let first_len = cast.events[0].1.len();
    let a = screen(&out.stdout[..first_len], size).screen().contents();
    let b = screen(&out.stdout, size).screen().contents();
    assert!(a.contains(START_UTC) && b.contains(END_UTC), "{a}\n{b}");
    assert!(
        percent(&b) >= percent(&a) + 3,
        "the train did not move:\n{a}\n{b}"
    );
}
