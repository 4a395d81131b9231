//! The headless commands as scripts see them: the real binary's stdout, stderr and exit code.

use crate::common::bin::{run, stdout};

#[test]
fn routes_lists_the_built_ins() {
    insta::assert_snapshot!(stdout(&["routes"]));
}

#[test]
fn check_summarises_every_built_in() {
    insta::assert_snapshot!(stdout(&[
        "check",
        "pyongyang-moscow",
        "moscow-pyongyang",
        "pyongyang-khabarovsk",
        "vladivostok-rajin",
        "khasan-tumangang",
        "tumangang-khasan"
    ]));
}

#[test]
fn state_at_chosen_instants() {
    for (name, at) in [
        ("before_departure", "2025-06-16T12:00:00Z"),
        ("bogie_exchange_at_tumangang", "2025-06-18T03:00:00+00:00"),
        ("mid_siberia", "2025-06-20T12:00:00Z"),
        ("given_with_an_offset", "2025-06-22T21:00:00+09:00"),
        ("after_arrival", "2025-06-26T00:00:00Z"),
    ] {
        insta::assert_snapshot!(format!("state_{name}"), stdout(&["state", "--at", at]));
    }
}

#[test]
fn state_json_has_every_documented_key() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["state", "--at", "2025-06-20T12:00:00Z"])).unwrap();
    for key in [
        "route",
        "utc",
        "status",
        "km",
        "total_km",
        "lat",
        "lon",
        "speed_kmh",
        "tz",
        "utc_offset",
        "local_time",
        "moscow_time",
        "journey_day",
        "stop",
        "previous_stop",
        "next_stop",
        "next_arrival",
        "last_event",
        "next_event",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn timetable_in_each_clock() {
    insta::assert_snapshot!("timetable_local", stdout(&["timetable"]));
    insta::assert_snapshot!(
        "timetable_moscow_eastbound",
        stdout(&[
            "timetable",
            "--route",
            "moscow-pyongyang",
            "--clock",
            "moscow"
        ])
    );
    insta::assert_snapshot!(
        "timetable_json_utc_khabarovsk",
        stdout(&[
            "--route",
            "pyongyang-khabarovsk",
            "timetable",
            "--clock",
            "utc",
            "--json"
        ])
    );
}

#[test]
fn date_moves_the_replay_to_another_departure() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["timetable", "--json", "--date", "2025-07-03"])).unwrap();
    assert_eq!(json[0]["depart"], "2025-07-03T03:04:00+09:00");
    assert_eq!(
        json.as_array().unwrap().last().unwrap()["arrive"],
        "2025-07-11T15:50:00+03:00"
    );
}

#[test]
fn an_invalid_route_exits_1_with_its_position() {
    let out = run(&["check", "tests/fixtures/invalid/unknown_zone.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "error: tests/fixtures/invalid/unknown_zone.toml:28:6: stop 3 \"Gamma\", field 'tz'"
        ),
        "{err}"
    );
    let out = run(&[
        "state",
        "--route",
        "nowhere-express",
        "--at",
        "2025-06-20T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no built-in route \"nowhere-express\""));
}

#[test]
fn check_reports_every_file_and_fails_if_any_is_invalid() {
    let out = run(&[
        "check",
        "pyongyang-moscow",
        "tests/fixtures/invalid/too_fast.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("ok: assets/routes/pyongyang-moscow.toml (built-in)")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("450 km/h"));
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["state", "--at", "yesterday"][..],
        &["state"],
        &["--speed", "0", "routes"],
        &["timetable", "--clock", "mars"],
        &["--date", "2025-13-01", "routes"],
        &["frobnicate"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn print_config_prints_the_shipped_defaults() {
    assert_eq!(
        stdout(&["--print-config"]),
        std::fs::read_to_string("config.toml").unwrap()
    );
}

#[test]
fn a_bad_user_config_names_its_line() {
    let dir = std::env::temp_dir().join(format!("longrail-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "speed = 600\nunits = \"furlongs\"\n").unwrap();
    let out = run(&["--config", path.to_str().unwrap(), "routes"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "config.toml:2:9: key 'units': \"furlongs\" is not allowed here: use one of km, miles"
        ),
        "{err}"
    );
}

#[test]
fn escape_sequences_in_a_route_never_reach_the_terminal() {
    let dir = std::env::temp_dir().join(format!("longrail-evil-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let evil = std::fs::read_to_string("tests/fixtures/valid/three-stops.toml")
        .unwrap()
        .replace(
            "name = \"Beta\"",
            "name = \"\\u001b]0;pwned\\u0007\\u001b[2J\\u202eBeta\\u200b\"",
        );
    let path = dir.join("evil.toml");
    std::fs::write(&path, evil).unwrap();
    for args in [
        vec!["check", path.to_str().unwrap()],
        vec![
            "--route",
            path.to_str().unwrap(),
            "frame",
            "--at",
            "2025-06-17T02:00:00Z",
            "--size",
            "80x24",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "raw control bytes reached the terminal"
        );
        let text = String::from_utf8(all).unwrap();
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{200b}'),
            "{text}"
        );
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn replay_options_parse_and_bad_values_are_usage_errors() {
    let at = ["state", "--at", "2025-06-20T00:00:00Z"];
    for good in [
        vec!["--pause-on", "border,zone,transfer"],
        vec!["--on-event", "notify-send 'longrail event'"],
        vec!["--speed", "600x"],
        vec!["--speed", "5m"],
        vec!["--start", "Irkutsk"],
        vec!["--start", "day 3 14:00 MSK"],
        vec!["--compress-dwells", "--bell", "--solo"],
    ] {
        let args: Vec<&str> = good.iter().copied().chain(at).collect();
        let out = run(&args);
        assert!(
            out.status.success(),
            "{good:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (bad, says) in [
        (vec!["--pause-on", "bordr"], "not an event kind"),
        (vec!["--on-event", "echo 'open"], "quotes"),
        (vec!["--speed", "0"], "out of range"),
        (vec!["--speed", "5q"], "not a speed"),
        (vec!["--duration", "0s"], "no time at all"),
        (
            vec!["--speed", "5m", "--duration", "3m"],
            "cannot be used with",
        ),
        // Options of the app alone would do nothing here: said, not ignored.
        (vec!["--duration", "10m"], "for a command use --speed 5m"),
        (vec!["--now"], "takes no command"),
    ] {
        let args: Vec<&str> = bad.iter().copied().chain(at).collect();
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains(says), "{bad:?}: {err}");
    }
}

#[test]
fn a_start_or_length_the_route_cannot_take_is_explained_before_the_terminal_opens() {
    for (args, says) in [
        (vec!["--start", "Irkustk"], "did you mean Irkutsk?"),
        (vec!["--start", "day 1 03:00"], "outside the journey"),
        (vec!["--duration", "3s"], "from 8 s to"),
        (vec!["--speed", "3s"], "from 8 s to"),
        // frame draws at --at, but still reports a start or speed that cannot work.
        (
            vec![
                "--speed",
                "1000000d",
                "frame",
                "--at",
                "2025-06-20T00:00:00Z",
            ],
            "from 8 s to",
        ),
        (
            vec![
                "--start",
                "Irkustk",
                "frame",
                "--at",
                "2025-06-20T00:00:00Z",
            ],
            "did you mean Irkutsk?",
        ),
    ] {
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_bad_demo_script_is_an_invalid_file_named_in_the_error() {
    let dir = std::env::temp_dir().join(format!("longrail-demo-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_toml = dir.join("broken.toml");
    std::fs::write(&bad_toml, "title = \"x\"\ncruise = 3m\n").unwrap();
    let bad_number = dir.join("nan.toml");
    let text =
        longrail::app::demo::DEFAULT_SCRIPT.replace("caption_seconds = 5", "caption_seconds = nan");
    std::fs::write(&bad_number, text).unwrap();
    for (file, says) in [
        (&bad_toml, "broken.toml:2:10: field 'cruise'"),
        (&bad_number, "caption_seconds"),
    ] {
        let path = file.display().to_string();
        let out = run(&["demo", "--script", &path]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&path) && err.contains(says), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn frame_views_are_a_closed_list_and_a_bad_one_is_a_usage_error() {
    let at = ["frame", "--at", "2025-06-20T00:00:00Z", "--size", "100x30"];
    let frame = |view: &str| {
        let args: Vec<&str> = at.iter().copied().chain(["--view", view]).collect();
        stdout(&args)
    };
    let strip = stdout(&at);
    assert_eq!(frame("strip"), strip, "strip is the default");
    let (map, split) = (frame("map"), frame("split"));
    assert!(map != strip && split != strip && map != split);
    let out = run(&[&at[..], &["--view", "mapp"]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("'mapp'") && err.contains("[possible values: strip, map, split]"),
        "{err}"
    );
}

#[test]
fn a_bad_pause_on_kind_is_named_with_every_choice() {
    let out = run(&[
        "--pause-on",
        "border,Bordr",
        "state",
        "--at",
        "2025-06-20T00:00:00Z",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("\"bordr\" is not an event kind: use any of zone, border, gauge, transfer, bridge, river, landmark, note, arrive, depart, or all"),
        "{err}"
    );
}

#[test]
fn the_app_without_a_terminal_says_so_and_names_frame_and_record() {
    for args in [&[][..], &["demo"][..], &["--now"][..]] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("needs a terminal")
                && err.contains("longrail frame")
                && err.contains("longrail record"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
}

#[test]
fn a_date_without_a_departure_is_refused_naming_the_service_days() {
    for args in [
        &["timetable", "--date", "2025-06-19"][..],
        &[
            "state",
            "--date",
            "2025-06-19",
            "--at",
            "2025-06-20T00:00:00Z",
        ][..],
        &[
            "status",
            "--date",
            "2025-06-19",
            "--at",
            "2025-06-20T00:00:00Z",
        ][..],
        &[
            "frame",
            "--date",
            "2025-06-19",
            "--at",
            "2025-06-20T00:00:00Z",
        ][..],
        &["--date", "2025-06-19"][..],
    ] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("no departure on 2025-06-19 (a Thursday)")
                && err.contains("days 3 and 17 of the month")
                && err.contains("Tue 2025-06-17 or Thu 2025-07-03"),
            "{args:?}: {err}"
        );
    }
    // A service day is taken, and the timetable says which departure it shows.
    let text = stdout(&["timetable", "--date", "2025-07-03"]);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("departs Thu 2025-07-03"),
        "{text}"
    );
    // A route without service days takes any date.
    let fixture = "tests/fixtures/valid/dst-spring-zones.toml";
    let text = stdout(&["timetable", "--route", fixture, "--date", "2025-06-19"]);
    assert!(text.contains("departs Thu 2025-06-19"), "{text}");
}

#[test]
fn a_start_the_route_cannot_take_is_refused_by_every_command() {
    let at = "2025-06-20T00:00:00Z";
    for args in [
        &["state", "--at", at][..],
        &["frame", "--at", at][..],
        &["status", "--at", at][..],
        &["timetable"][..],
    ] {
        let mut all = args.to_vec();
        all.extend(["--start", "garbage"]);
        let out = run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(
            err.contains("--start") && err.contains("\"garbage\""),
            "{all:?}: {err}"
        );
        let mut fine = args.to_vec();
        fine.extend(["--start", "Irkutsk"]);
        assert!(run(&fine).status.success(), "{fine:?}");
    }
}

#[test]
fn the_config_sets_units_clock_and_a_route_beside_it() {
    let dir = std::env::temp_dir().join(format!("longrail-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/dst-spring-zones.toml",
        dir.join("mine.toml"),
    )
    .unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "route = \"mine.toml\"\nunits = \"miles\"\ntimetable_clock = \"utc\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    // The tests run in the crate's directory, not the config's: the route is found beside it.
    let table = stdout(&["--config", config, "timetable"]);
    let head: Vec<&str> = table.lines().take(2).collect();
    assert!(
        head[0].contains("Chicago → Denver") && head[0].contains("times: UTC"),
        "{table}"
    );
    assert!(
        head[1].contains("miles") && !head[1].contains(" km "),
        "{table}"
    );
    assert!(
        table.contains("1057.2"),
        "Denver at 1701.4 km is 1057.2 miles: {table}"
    );
    // --clock still wins over the config.
    let local = stdout(&["--config", config, "timetable", "--clock", "local"]);
    assert!(local.contains("times: local time"), "{local}");
    let at = "2025-03-09T12:00:00Z";
    let line = stdout(&[
        "--config", config, "status", "--at", at, "--format", "%k/%K",
    ]);
    let miles: Vec<u32> = line.trim().split('/').map(|n| n.parse().unwrap()).collect();
    assert_eq!(miles[1], 1057, "{line}");
    let before = stdout(&["--config", config, "status", "--at", "2025-03-08T12:00:00Z"]);
    assert!(
        before.contains("(departs 9 Mar 05:07)"),
        "the UTC departure: {before}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_names_the_year_of_a_departure_in_another_year() {
    let line = stdout(&[
        "status",
        "--date",
        "2026-01-03",
        "--at",
        "2025-12-31T00:00:00Z",
        "--format",
        "%w",
    ]);
    assert!(line.contains("(departs 3 Jan 2026 "), "{line}");
    let same = stdout(&["status", "--at", "2025-06-10T00:00:00Z", "--format", "%w"]);
    assert!(
        same.contains("(departs 17 Jun ") && !same.contains("2025"),
        "{same}"
    );
}

#[test]
fn check_reports_every_error_of_a_file_in_file_order() {
    // Issue 19: the stop's misspelt zone and the [[zones]] entry's, not only the first.
    let out = run(&["check", "tests/fixtures/invalid/two_misspelt_zones.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let places: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .filter_map(|l| l.split("two_misspelt_zones.toml:").nth(1))
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(places, ["22:6", "36:6"], "{stderr}");
    assert!(stderr.matches("Europe/Pariss").count() >= 2, "{stderr}");
}

#[test]
fn the_timetable_table_sizes_its_columns_to_their_longest_value() {
    // Issue 19: America/Los_Angeles is 19 characters; it pushed the columns after it right.
    let text = stdout(&[
        "--route",
        "tests/fixtures/world/california-zephyr.toml",
        "timetable",
    ]);
    let table: Vec<&str> = text.lines().skip(1).collect();
    let widths: std::collections::BTreeSet<usize> =
        table.iter().map(|l| l.chars().count()).collect();
    assert_eq!(
        widths.len(),
        1,
        "rows of different widths: {widths:?}\n{text}"
    );
    let header = table[0];
    let utc = header.find("utc").unwrap();
    for row in &table[1..] {
        let at = row
            .char_indices()
            .nth(header[..utc].chars().count())
            .unwrap()
            .0;
        assert!(row[at..].starts_with("UTC"), "{row:?} under {header:?}");
    }
}
