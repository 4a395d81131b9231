//! One fixture per demo-script rule: each must be refused with a message that names the file,
//! line and column, the field, and the bad value, and says how to fix it. Also: the shipped
//! scripts are valid on every built-in route, and no text at all makes the parser panic.

use crate::common;
use crate::common::bin::run;

use std::path::Path;

use longrail::app::demo::{DEFAULT_SCRIPT, DEFAULT_SCRIPT_FILE, Director, parse_named};
use longrail::util::diag::Diagnostics;
use proptest::prelude::*;

/// (fixture, expected `:line:col: subject` after the path, a fragment of the message)
const CASES: &[(&str, &str, &str)] = &[
    (
        "syntax_error",
        ":3:10: field 'cruise': ",
        "string values must be quoted",
    ),
    (
        "unknown_key",
        ":13:1: ",
        "unknown field `speed`, expected one of `title`, `cruise`,",
    ),
    (
        "unknown_cue_key",
        ":22:1: cue 2: ",
        "unknown field `captoin`, expected one of `at`, `route`, `caption`, `actions`",
    ),
    (
        "wrong_type",
        ":4:17: field 'station_speed': ",
        "invalid type: string \"fast\", expected a number",
    ),
    ("missing_key", ":1:1: ", "the key 'cruise' is missing"),
    (
        "missing_cue_place",
        ":14:1: cue 1: ",
        "the key 'at' is missing",
    ),
    (
        "bad_cruise",
        ":3:10: field 'cruise': ",
        "\"3w\" is not a duration: 'w' is not a unit",
    ),
    (
        "number_out_of_range",
        ":6:18: field 'span_cruise_km': ",
        "-1 is out of range: it must be a number from 1 to 100000",
    ),
    (
        "nan_number",
        ":11:19: field 'caption_seconds': ",
        "NaN is out of range: it must be a number from 0.1 to 3600",
    ),
    (
        "unknown_map_kind",
        ":8:21: field 'map_on': ",
        "\"zones\" is not an event kind: use one of zone, border, gauge, transfer, bridge, river, landmark, note, arrive, depart",
    ),
    (
        "unknown_caption_kind",
        ":10:25: field 'caption_on': ",
        "\"guage\" is not an event kind: use one of zone, border, gauge,",
    ),
    (
        "unknown_action",
        ":23:19: cue 2, field 'actions': ",
        "\"fly\" is not a command",
    ),
    (
        "bad_cue_place",
        ":16:6: cue 1, field 'at': ",
        "\"day x\": the day \"x\" is not a whole number",
    ),
    (
        "now_as_cue_place",
        ":16:6: cue 1, field 'at': ",
        "now is the calendar's present, not a place on the journey",
    ),
    (
        "bad_route_id",
        ":15:9: cue 1, field 'route': ",
        "\"Pyongyang Moscow\" is not a route id",
    ),
    (
        "misspelt_route",
        ":15:9: cue 1, field 'route': ",
        "\"pyongyang-moskow\" is not a built-in route: did you mean \"pyongyang-moscow\"?",
    ),
    (
        "unknown_placeholder",
        ":2:9: field 'title': ",
        "\"{rout}\" is not a placeholder: the title takes {route} and {km}",
    ),
    (
        "control_character",
        ":17:11: cue 1, field 'caption': ",
        "holds the control or invisible character \\u{1b}",
    ),
    (
        "not_utf8",
        ":22:32: ",
        "the file is not UTF-8 text (byte 0xe9",
    ),
    (
        "place_not_on_route",
        ":21:6: cue 2, field 'at': ",
        "no stop is called \"Irkustk\": did you mean Irkutsk?",
    ),
];

fn fixture(name: &str) -> String {
    format!("tests/fixtures/invalid_demo/{name}.toml")
}

/// Read, parse and place a demo script on the default route, as `longrail demo --script`
/// does.
fn load(path: &str) -> Result<(), Diagnostics> {
    let text = longrail::util::files::read_text_file(Path::new(path))?;
    let script = parse_named(path, &text)?;
    let app = common::app("departure", (120, 40));
    Director::new(script, &app, false).map(|_| ())
}

#[test]
fn every_invalid_demo_fixture_is_refused_with_its_message() {
    for (name, place, fragment) in CASES {
        let path = fixture(name);
        let err = load(&path).expect_err(name);
        assert_eq!(err.0.len(), 1, "{name}: one fault, one message: {err}");
        let first = &err.0[0];
        let headline = first.headline();
        assert!(
            headline.starts_with(&format!("{path}{place}")),
            "{name}: {headline}"
        );
        assert!(headline.contains(fragment), "{name}: {headline}");
        assert!(
            first.help.is_some(),
            "{name} has no advice on how to fix it"
        );
        assert!(
            first.source_line.is_some(),
            "{name}: no source line to show"
        );
        assert!(
            !err.to_string().contains('\u{1b}'),
            "{name}: raw escape in the message"
        );
    }
}

#[test]
fn every_fixture_file_has_a_case() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/fixtures/invalid_demo")
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_fixtures_base_is_valid_and_plays() {
    load("tests/fixtures/valid_demo/short.toml").unwrap();
}

#[test]
fn message_shows_the_source_line_with_a_caret_and_the_choices() {
    let err = load(&fixture("unknown_map_kind")).unwrap_err().to_string();
    assert!(
        err.contains(
            " 8 | map_on = [\"border\", \"zones\"]\n   |                     ^\n  help: map_on lists"
        ),
        "{err}"
    );
}

#[test]
fn the_shipped_scripts_are_valid_on_every_built_in_route() {
    let mut scripts: Vec<_> = std::fs::read_dir("assets/demo")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty());
    for path in &scripts {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let script = parse_named(&shown, &text).unwrap_or_else(|e| panic!("{e}"));
        assert!(!script.cue.is_empty(), "{shown}");
        for b in longrail::route::BUILTINS {
            let app = common::app_with(common::settings(b.id, "departure"), (120, 40));
            let placed = Director::new(script.clone(), &app, true);
            assert!(placed.is_ok(), "{shown} on {}: {:?}", b.id, placed.err());
        }
    }
    // The built-in script is the shipped default.toml, named as such in messages.
    assert_eq!(
        std::fs::read_to_string("assets/demo/default.toml").unwrap(),
        DEFAULT_SCRIPT
    );
    assert!(DEFAULT_SCRIPT_FILE.starts_with("assets/demo/default.toml"));
}

#[test]
fn several_problems_are_reported_together() {
    let text = std::fs::read_to_string("tests/fixtures/valid_demo/short.toml")
        .unwrap()
        .replace("map_on = [\"border\", \"zone\"]", "map_on = [\"bordr\"]")
        .replace("station_km = 80", "station_km = -80")
        .replace("actions = [\"map\"]", "actions = [\"fly\"]");
    let err = parse_named("two.toml", &text).unwrap_err();
    let places: Vec<_> = err.0.iter().map(|d| d.position).collect();
    assert_eq!(
        places,
        vec![Some((5, 14)), Some((8, 11)), Some((23, 12))],
        "{err}"
    );
}

#[test]
fn demo_and_record_refuse_a_bad_script_with_exit_1_before_the_terminal_opens() {
    let dir = std::env::temp_dir().join(format!("longrail-invalid-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cast = dir.join("out.cast").display().to_string();
    for name in ["unknown_map_kind", "place_not_on_route"] {
        let path = fixture(name);
        let place = CASES.iter().find(|c| c.0 == name).unwrap().1;
        for args in [
            vec!["demo", "--script", &path],
            vec!["record", "--script", &path, "--out", &cast],
        ] {
            let out = run(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.starts_with(&format!("error: {path}{place}")),
                "{args:?}: {err}"
            );
            assert!(err.contains("\n  help: "), "{args:?}: {err}");
        }
    }
    assert!(!Path::new(&cast).exists(), "nothing recorded");
    std::fs::remove_dir_all(&dir).ok();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any edit of a valid script (bytes replaced, inserted or cut anywhere) is either still
    /// valid or refused with positioned, advised diagnostics; it never panics.
    #[test]
    fn any_edit_of_a_script_parses_or_is_refused_with_a_place(
        at in 0usize..600,
        cut in 0usize..8,
        insert in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        let base = std::fs::read("tests/fixtures/valid_demo/short.toml").unwrap();
        let at = at.min(base.len());
        let end = (at + cut).min(base.len());
        let mut bytes = base[..at].to_vec();
        bytes.extend_from_slice(&insert);
        bytes.extend_from_slice(&base[end..]);
        longrail::harness::demo_bytes(&bytes);
        if let Ok(text) = String::from_utf8(bytes)
            && let Err(err) = parse_named("edit.toml", &text)
        {
            for d in &err.0 {
                prop_assert!(d.position.is_some(), "{}", d);
                prop_assert!(d.help.is_some(), "{}", d);
            }
        }
    }
}
