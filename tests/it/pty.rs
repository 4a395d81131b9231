//! End to end: the real binary in a pseudo-terminal, its screen read with a VT parser. Keys are
//! typed, the screen is awaited (never slept on), and every way out must leave the terminal as
//! it was: raw mode off, main screen back, cursor shown.

use nix::sys::signal::Signal;

use crate::common::pty::{self, Pty};

/// The app with `args` in a terminal of `size`, with `env` on top of the tests' own.
fn spawn(args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Pty {
    Pty::spawn(pty::longrail(args, env), size)
}

/// The terminal state after exit: what the app wrote restores it (see
/// [`pty::assert_restored`]), and the line discipline is cooked again.
fn assert_restored(bytes: &[u8], terminal: &Pty) {
    pty::assert_restored(bytes);
    assert!(!terminal.raw_mode(), "raw mode left on");
}

fn start(extra_env: &[(&str, &str)]) -> Pty {
    let s = spawn(
        &["--paused", "--start", "2025-06-22T03:00:00Z"],
        extra_env,
        (120, 40),
    );
    s.wait_for("the strip", |screen| {
        screen.contains("Irkutsk") && screen.contains("Event log")
    });
    assert!(s.raw_mode(), "the app should run in raw mode");
    s
}

#[test]
fn keys_do_what_the_key_bar_says_and_q_restores_the_terminal() {
    let mut s = start(&[]);
    s.wait_for("the paused badge", |screen| {
        screen.contains("PAUSED") && screen.contains("Space play")
    });
    s.send(b"?");
    s.wait_for("the help overlay", |screen| {
        screen.contains("Esc or ? closes")
    });
    s.send(b"\x1b");
    s.wait_for("help closed", |screen| !screen.contains("Esc or ? closes"));
    s.send(b"n");
    s.wait_for("the next stop", |screen| {
        screen.contains("stopped at Taishet")
    });
    s.send(b"t");
    s.wait_for("Moscow timetable", |screen| {
        screen.contains("Timetable · Moscow time")
    });
    s.send(b"+");
    s.wait_for("faster", |screen| screen.contains("1,200×"));
    s.send(b"q");
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes, &s);
}

#[test]
fn resize_redraws_and_too_small_shows_a_message() {
    let s = start(&[]);
    s.resize(40, 10);
    s.wait_for("the too-small message", |screen| {
        screen.contains("terminal too small")
    });
    s.resize(80, 24);
    s.wait_for("the screen again", |screen| screen.contains("Timetable"));
    s.signal(Signal::SIGTERM);
    let (_, bytes, s) = s.wait_exit();
    assert_restored(&bytes, &s);
}

#[test]
fn every_exit_path_restores_the_terminal() {
    let paths: &[(&str, &[u8], Option<Signal>)] = &[
        ("q", b"q", None),
        ("ctrl-c", b"\x03", None),
        ("sigterm", b"", Some(Signal::SIGTERM)),
        ("sighup", b"", Some(Signal::SIGHUP)),
    ];
    // A signal's exit is 128 + its number, as shells expect.
    let expected = |signal: &Option<Signal>| signal.map_or(0, |s| 128 + s as u32);
    for (name, keys, signal) in paths {
        let mut s = start(&[]);
        if !keys.is_empty() {
            s.send(keys);
        }
        if let Some(sig) = signal {
            s.signal(*sig);
        }
        let (code, bytes, s) = s.wait_exit();
        assert_eq!(code, expected(signal), "{name}");
        assert_restored(&bytes, &s);
    }
}

/// Python's `pty` module owns the only master descriptor, so closing it really hangs the
/// terminal up (the pty library above keeps a duplicate open in its reader). Arguments: the
/// text to wait for on the screen, the binary, its arguments. Prints how the process ended
/// and how long after the hang-up.
const HANGUP_SCRIPT: &str = r#"
import fcntl, os, pty, select, struct, sys, termios, time
marker, argv = sys.argv[1].encode(), sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
seen, deadline = b"", time.time() + 20
while marker not in seen and time.time() < deadline:
    if select.select([fd], [], [], 0.5)[0]:
        seen += os.read(fd, 65536)
if marker not in seen:
    print("never drew its screen")
    sys.exit(0)
os.close(fd)
closed = time.time()
deadline = closed + 20
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status)
        print("exited", code, "after", round(time.time() - closed, 2), "s")
        sys.exit(0)
    time.sleep(0.02)
os.kill(pid, 9)
print("still running")
"#;

/// Run `args` in a pty until `marker` is on screen, close the terminal, and return how the
/// process ended: its exit code and the seconds it took after the hang-up.
fn hang_up(marker: &str, args: &[&str]) -> (i32, f64) {
    let out = std::process::Command::new("python3")
        .args(["-c", HANGUP_SCRIPT, marker, env!("CARGO_BIN_EXE_longrail")])
        .args(args)
        .output()
        .expect("python3 runs this test's pseudo-terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert!(
        words.first() == Some(&"exited"),
        "after its terminal closed, {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

#[test]
fn every_mode_ends_within_a_second_of_its_terminal_going_away() {
    let dir = std::env::temp_dir().join(format!("longrail-pty-hup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cast = dir.join("hup.cast");
    let cast = cast.to_str().unwrap();
    let modes: &[(&str, &[&str])] = &[
        ("Timetable", &["--paused"]),
        ("DEMO", &["demo"]),
        ("DEMO", &["demo", "--loop"]),
        ("Timetable", &["--now"]),
        ("recording", &["record", "--out", cast, "--duration", "1h"]),
    ];
    for (marker, args) in modes {
        let (code, after) = hang_up(marker, args);
        assert_eq!(code, 129, "{args:?} exits 128 + SIGHUP after a hang-up");
        assert!(
            after < 1.0,
            "{args:?} took {after} s to end after the hang-up"
        );
    }
    assert!(
        !std::path::Path::new(cast).exists(),
        "a stopped recording leaves no file"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_ends_every_mode_with_128_plus_15() {
    let dir = std::env::temp_dir().join(format!("longrail-pty-term-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cast = dir.join("term.cast");
    let modes: &[(&str, &[&str])] = &[
        ("Timetable", &["--paused"]),
        ("DEMO", &["demo", "--loop"]),
        ("Timetable", &["--now"]),
        (
            "recording",
            &[
                "record",
                "--out",
                cast.to_str().unwrap(),
                "--duration",
                "1h",
            ],
        ),
    ];
    for (marker, args) in modes {
        let s = spawn(args, &[], (100, 30));
        s.wait_for(marker, |screen| screen.contains(marker));
        s.signal(Signal::SIGTERM);
        let (code, bytes, s) = s.wait_exit();
        assert_eq!(code, 143, "{args:?}");
        if *marker != "recording" {
            assert_restored(&bytes, &s);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_panic_restores_the_terminal_and_reports() {
    let s = spawn(&["--paused"], &[("LONGRAIL_TEST_PANIC", "1")], (100, 30));
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 101, "a panic exits with Rust's panic code");
    assert_restored(&bytes, &s);
    assert!(String::from_utf8_lossy(&bytes).contains("panicking on purpose"));
}

#[test]
fn the_demo_runs_by_itself_and_any_key_takes_over() {
    let mut s = spawn(&["demo"], &[], (120, 40));
    s.wait_for("the demo", |screen| {
        screen.contains("DEMO · any key takes over") && screen.contains("demo camera")
    });
    // It plays by itself: the departure caption, then the train moves off.
    s.wait_for("the train under way", |screen| {
        screen.contains("running Pyongyang")
    });
    s.send(b"x");
    s.wait_for("the user in control", |screen| {
        !screen.contains("DEMO ·") && screen.contains("go to") && !screen.contains("demo camera")
    });
    s.send(b"q");
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes, &s);
}

#[test]
fn q_quits_the_demo_at_once() {
    let mut s = spawn(&["demo", "--loop"], &[], (100, 30));
    s.wait_for("the demo", |screen| screen.contains("DEMO ·"));
    s.send(b"q");
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes, &s);
}

/// From Hongui at 10,000× with `extra` options, until the replay pauses itself at the DPRK
/// border at Tumangang; then `q`. Checks the exit and the terminal; returns all output.
fn quit_at_the_border(extra: &[&str]) -> Vec<u8> {
    let args = [
        "--start",
        "Hongui",
        "--speed",
        "10000",
        "--pause-on",
        "border",
    ];
    let all: Vec<&str> = args.iter().chain(extra).copied().collect();
    let mut s = spawn(&all, &[], (120, 40));
    s.wait_for("the pause at the border", |screen| {
        screen.contains("paused at: DPRK border") && screen.contains("PAUSED")
    });
    s.send(b"q");
    let (code, bytes, s) = s.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes, &s);
    bytes
}

#[test]
fn hooks_run_a_real_command_per_event_and_the_bell_rings_on_arrivals() {
    let dir = std::env::temp_dir().join(format!("longrail-pty-hooks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("events.log");
    let hook = format!(
        "sh -c 'printf \"%s %s\\n\" \"$LONGRAIL_EVENT\" \"$LONGRAIL_STATION\" >> {}'",
        log.display()
    );
    let bytes = quit_at_the_border(&["--bell", "--on-event", &hook]);
    // The app waits a moment for its hooks (after restoring the terminal), so the log is
    // complete now.
    let written = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let lines: Vec<&str> = written.lines().collect();
    assert!(lines.contains(&"depart Hongui"), "{written}");
    assert!(lines.contains(&"border "), "{written}");
    assert!(
        lines.contains(&"arrive Tumangang"),
        "the arrival at the same instant: {written}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("arrive Khasan")),
        "nothing after the pause: {written}"
    );
    assert!(
        bytes.contains(&0x07),
        "the bell rang for the arrival at Tumangang"
    );
}

#[test]
fn a_hook_still_running_at_exit_does_not_hold_the_terminal() {
    // Each event starts a command that outlives the app by far; the exit comes well before
    // they end (20 s, the session's own limit): it does not wait.
    let bytes = quit_at_the_border(&["--on-event", "sleep 20"]);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("not waiting for them"), "{text}");
    // The message comes after the terminal was given back.
    let left = text.rfind("\u{1b}[?1049l").unwrap();
    assert!(text.rfind("not waiting").unwrap() > left);
}
