//! `longrail status` as tmux and shell prompts see it: the real binary's stdout and exit code.

use crate::common::bin::{run, stdout};

#[test]
fn the_default_line_at_chosen_instants() {
    for (at, line) in [
        (
            "2025-06-16T17:00:00Z",
            "Pyongyang (departs 03:04) 0% · 02:00 UTC+9 (MSK+6) · day 1/9\n",
        ),
        (
            "2025-06-20T07:00:00Z",
            "Skovorodino→Mogocha 30% · 16:00 UTC+9 (MSK+6) · day 4/9\n",
        ),
        // The same instant written with an offset.
        (
            "2025-06-20T16:00:00+09:00",
            "Skovorodino→Mogocha 30% · 16:00 UTC+9 (MSK+6) · day 4/9\n",
        ),
        (
            "2025-06-17T06:00:00Z",
            "at Hamhung 2% · 15:00 UTC+9 (MSK+6) · day 1/9\n",
        ),
        (
            "2025-06-30T09:00:00Z",
            "arrived Moscow Yaroslavsky 100% · 12:00 UTC+3 (MSK) · day 9/9\n",
        ),
    ] {
        assert_eq!(stdout(&["status", "--at", at]), line, "--at {at}");
    }
}

#[test]
fn every_field_with_the_global_route_and_date() {
    // Cross-checked with `longrail --route moscow-pyongyang --date 2025-07-12 state --at ...`.
    let format = "%r: %s %f→%t, %k of %K km (%p), %v km/h, %l %z / %M %m, day %d of %D, %n, 100%%";
    assert_eq!(
        stdout(&[
            "--route",
            "moscow-pyongyang",
            "--date",
            "2025-07-12",
            "status",
            "--at",
            "2025-07-15T12:00:00Z",
            "--format",
            format,
        ]),
        "moscow-pyongyang: running Zima→Irkutsk, 5074 of 10287 km (49%), 65 km/h, \
         20:00 UTC+8 / 15:00 MSK+5, day 4 of 9, Moscow → Pyongyang, 100%\n"
    );
}

#[test]
fn bad_formats_exit_2_naming_the_field() {
    for (format, says) in [
        ("%w %x", "\"%x\" is not a status field"),
        ("%Q", "\"%Q\" is not a status field"),
        ("50%", "ends with a lone %: write %%"),
    ] {
        let out = run(&["status", "--at", "2025-06-20T12:00:00Z", "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty(), "{format}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
        if says.contains("status field") {
            assert!(err.contains("%w %f %t %s %p"), "{err}");
        }
    }
    let out = run(&["status", "--at", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `WHERE N% · HH:MM UTC… (MSK…) · day D/T` with one newline; the words depend on the date.
fn assert_default_shape(line: &str) {
    assert!(
        line.ends_with('\n') && line.matches('\n').count() == 1,
        "{line:?}"
    );
    let parts: Vec<&str> = line.trim_end().split(" · ").collect();
    assert_eq!(parts.len(), 3, "{line:?}");
    let percent = parts[0].rsplit(' ').next().unwrap();
    let n: u32 = percent.strip_suffix('%').unwrap().parse().unwrap();
    assert!(n <= 100, "{line:?}");
    let (time, zones) = parts[1].split_at(5);
    assert!(
        chrono::NaiveTime::parse_from_str(time, "%H:%M").is_ok(),
        "{line:?}"
    );
    assert!(
        zones.starts_with(" UTC") && zones.ends_with(')'),
        "{line:?}"
    );
    assert!(zones.contains(" (MSK"), "{line:?}");
    let (day, days) = parts[2]
        .strip_prefix("day ")
        .unwrap()
        .split_once('/')
        .unwrap();
    let (day, days): (u32, u32) = (day.parse().unwrap(), days.parse().unwrap());
    assert!((1..=days).contains(&day), "{line:?}");
}

#[test]
fn without_at_the_timetable_now_is_one_line() {
    assert_default_shape(&stdout(&["status"]));
    for route in ["moscow-pyongyang", "khasan-tumangang"] {
        assert_default_shape(&stdout(&["--route", route, "status"]));
    }
    // A one-off run (vladivostok-rajin ran on 17 June 2025 only) more than a year back: no
    // line, but why, as --now says it (tests/it/any_route.rs compares the two).
    let out = run(&["--route", "vladivostok-rajin", "status"]);
    let clock_is_past_2026_06 = chrono::Utc::now()
        > "2026-06-19T00:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap();
    if clock_is_past_2026_06 {
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("has no run within 366 days of"), "{err}");
    }
}

#[test]
fn without_at_the_date_still_picks_the_run() {
    // The 3 July 2025 run reached Moscow on 11 July 2025, before any clock running this test.
    let line = stdout(&["--date", "2025-07-03", "status"]);
    assert_default_shape(&line);
    assert!(
        line.starts_with("arrived Moscow Yaroslavsky 100% · ")
            && line.ends_with(" UTC+3 (MSK) · day 9/9\n"),
        "{line:?}"
    );
}

#[test]
fn the_help_and_the_readme_list_every_field() {
    let help = stdout(&["status", "--help"]);
    let readme = std::fs::read_to_string("README.md").unwrap();
    for (letter, _, _) in longrail::report::status::FIELDS {
        assert!(
            help.contains(&format!("  %{letter}  ")),
            "--help lacks %{letter}"
        );
        assert!(
            readme.contains(&format!("`%{letter}`")),
            "README lacks %{letter}"
        );
    }
    assert!(help.contains("not live tracking") && readme.contains("not live tracking"));
}

#[test]
fn ascii_prints_plain_ascii_for_bars_that_cannot_show_symbols() {
    let line = stdout(&["--ascii", "status", "--at", "2025-06-20T12:00:00Z"]);
    assert!(line.is_ascii(), "{line}");
    assert!(line.contains("->") && line.contains(" | "), "{line}");
}
