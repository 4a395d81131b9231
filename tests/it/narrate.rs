//! Narration as a screen reader meets it: the real binary's whole journeys read line by line
//! (no box drawing, blocks, braille, arrows or escape sequences; every line complete on its
//! own; every event of the journey told once, in order), the keys typed line by line through a
//! pipe and in a real terminal, and the ways it is asked for (`--narrate`,
//! `LONGRAIL_NARRATE`, the config, `TERM=dumb`).

use std::io::Write;
use std::process::{Output, Stdio};

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
    let events = app.journey.timeline().len();
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
