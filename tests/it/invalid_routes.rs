//! One fixture per validation rule: each must be refused with a message that names the file,
//! line and column, the stop or field, and the bad value.

use std::path::Path;

use longrail::settings::source::load_route_file;

/// (fixture, expected `file:line:col: subject` prefix after the path, a fragment of the message)
const CASES: &[(&str, &str, &str)] = &[
    (
        "second_reference",
        ":50:9: clock 2 \"Vladivostok\", field 'label': ",
        "a second reference: clock 1 \"Moscow\" is the reference already (label \"MSK\")",
    ),
    (
        "clock_label_not_short",
        ":45:9: clock 1 \"Moscow\", field 'label': ",
        "the label \"Moscow time\" is not a short label",
    ),
    (
        "clock_label_utc",
        ":45:9: clock 1 \"Greenwich\", field 'label': ",
        "the label \"UTC\" would read as an offset from UTC",
    ),
    (
        "clock_zone_twice",
        ":49:6: clock 2 \"Moskva\", field 'tz': ",
        "\"Europe/Moscow\" is the zone of clock 1 \"Moscow\" already",
    ),
    (
        "clock_place_half",
        ":42:1: clock 1 \"Moscow\": ",
        "the key 'lon' is missing: a clock's place takes both lat and lon",
    ),
    (
        "clock_unknown_key",
        ":44:1: clock 1 \"Moscow\": ",
        "unknown field `zone`, expected one of `name`, `tz`, `label`, `lat`, `lon`",
    ),
    (
        "clock_unknown_zone",
        ":44:6: clock 1 \"Moscow\", field 'tz': ",
        "\"Europe/Moskva\" is not a time zone in the IANA database",
    ),
    (
        "first_service_after_departure",
        ":7:17: [route], field 'first_service': ",
        "the first service, 2025-07-17, is after the departure_date 2025-06-17",
    ),
    (
        "first_service_not_a_date",
        ":7:17: [route], field 'first_service': ",
        "\"June 2025\" is not a date",
    ),
    (
        "syntax_error",
        ":15:13: stop 2 \"Beta\": ",
        "invalid basic string",
    ),
    (
        "unknown_key",
        ":18:1: stop 2 \"Beta\": ",
        "unknown field `platform`",
    ),
    (
        "missing_key",
        ":14:1: stop 2 \"Beta\": ",
        "the key 'km' is missing",
    ),
    (
        "wrong_type",
        ":16:6: stop 2 \"Beta\": ",
        "string \"one hundred\", expected a number",
    ),
    (
        "too_few_stops",
        ":6:1: ",
        "the route has 1 stop(s); it needs at least two",
    ),
    (
        "km_not_increasing",
        ":25:6: stop 3 \"Gamma\", field 'km': ",
        "km 90 is not greater than the previous stop's km 100",
    ),
    (
        "nan_number",
        ":16:6: stop 2 \"Beta\", field 'km': ",
        "NaN is not a finite number",
    ),
    (
        "infinite_number",
        ":18:7: stop 2 \"Beta\", field 'lon': ",
        "inf is not a finite number",
    ),
    (
        "lat_out_of_range",
        ":26:7: stop 3 \"Gamma\", field 'lat': ",
        "91.5 is out of range: it must be from -90 to 90",
    ),
    (
        "lon_out_of_range",
        ":27:7: stop 3 \"Gamma\", field 'lon': ",
        "-200 is out of range",
    ),
    (
        "unknown_zone",
        ":28:6: stop 3 \"Gamma\", field 'tz': ",
        "\"Asia/Atlantis\" is not a time zone in the IANA database",
    ),
    (
        "misspelt_zone",
        ":28:6: stop 3 \"Gamma\", field 'tz': ",
        "did you mean \"Asia/Yakutsk\"?",
    ),
    (
        "day_zero",
        // Day 0 (the local date before the departure date) is for stops west of the first
        // reached before their midnight; this one would be reached before the departure.
        ":20:10: stop 2 \"Beta\", field 'arrive': ",
        "the arrival 2025-06-16 03:00:00 UTC is not after the departure from \"Alpha\"",
    ),
    (
        "clock_out_of_range",
        ":20:10: stop 2 \"Beta\", field 'arrive': ",
        "the clock time \"25:61\" is out of range",
    ),
    (
        "time_not_a_time",
        ":21:10: stop 2 \"Beta\", field 'depart': ",
        "\"half past one\" is not a valid time",
    ),
    (
        "nonexistent_local_time",
        ":20:10: stop 2 \"Joliet\", field 'arrive': ",
        "(2025-03-09 02:30:00) does not exist in America/Chicago",
    ),
    (
        "ambiguous_local_time",
        ":20:10: stop 2 \"Joliet\", field 'arrive': ",
        "happens twice in America/Chicago (at -05:00 and at -06:00)",
    ),
    (
        "offset_mismatch",
        ":20:10: stop 2 \"Joliet\", field 'arrive': ",
        "that offset is not one America/Chicago has",
    ),
    (
        "departure_before_arrival",
        ":21:10: stop 2 \"Beta\", field 'depart': ",
        "the departure 2025-06-17 02:30:00 UTC is before the arrival",
    ),
    (
        "arrival_before_previous_departure",
        ":29:10: stop 3 \"Gamma\", field 'arrive': ",
        "is not after the departure from \"Beta\"",
    ),
    (
        "too_fast",
        ":29:10: stop 3 \"Gamma\", field 'arrive': ",
        "450 km/h on average (300.0 km in 40 min 00 s)",
    ),
    (
        "control_character",
        ":15:8: stop 2 \"Be\\u{1b}[31mta\", field 'name': ",
        "holds the control or invisible character \\u{1b}",
    ),
    (
        "bidi_override",
        ":24:8: stop 3 \"Gam\\u{202e}ma\", field 'name': ",
        "character \\u{202e}",
    ),
    (
        "not_utf8",
        ":15:10: ",
        "the file is not UTF-8 text (byte 0xe9",
    ),
    (
        "first_stop_arrives",
        ":12:10: stop 1 \"Alpha\", field 'arrive': ",
        "the first stop cannot have 'arrive'",
    ),
    (
        "missing_time",
        ":14:1: stop 2 \"Beta\": ",
        "the key 'depart' is missing",
    ),
    (
        "last_stop_departs",
        ":30:10: stop 3 \"Gamma\", field 'depart': ",
        "the last stop cannot have 'depart'",
    ),
    (
        "duplicate_name",
        ":24:8: stop 3 \"alpha\", field 'name': ",
        "already used by stop 1",
    ),
    (
        "bad_id",
        ":2:6: [route], field 'id': ",
        "the id \"My Route!\" is not allowed",
    ),
    (
        "bad_date",
        ":4:18: [route], field 'departure_date': ",
        "\"2025-02-30\" is not a date",
    ),
    (
        "bad_service_day",
        ":5:20: [route], field 'service_days': ",
        "32 is not a new day of the month",
    ),
    (
        "unknown_weekday",
        ":5:28: [route], field 'service_weekdays': ",
        "\"Thurs\" is not a day of the week (did you mean \"thu\"?)",
    ),
    (
        "duplicate_weekday",
        ":5:35: [route], field 'service_weekdays': ",
        "\"Wed\" is listed twice (the same day as \"wed\" before it)",
    ),
    (
        "missing_route_table",
        ":1:1: ",
        "the [route] table is missing",
    ),
    (
        "bad_event_kind",
        ":33:8: event 1, field 'kind': ",
        "\"bordr\" is not an event kind",
    ),
    (
        "event_off_route",
        ":32:6: event 1, field 'km': ",
        "500 is out of range: it must be from 0 to 400",
    ),
    (
        "zone_mismatch",
        ":19:6: stop 2 \"Beta\", field 'tz': ",
        "put km 100 in Asia/Tokyo",
    ),
    (
        "via_bad_point",
        ":13:8: stop 1 \"Alpha\", field 'via': ",
        "a waypoint has 3 numbers; it needs two, [lat, lon]",
    ),
    (
        "via_on_last_stop",
        ":30:8: stop 3 \"Gamma\", field 'via': ",
        "the last stop has waypoints",
    ),
    (
        "two_misspelt_zones",
        ":22:6: stop 2 \"Paris\", field 'tz': ",
        "\"Europe/Pariss\" is not a time zone in the IANA database",
    ),
    (
        "zones_out_of_order",
        ":36:6: zone entry 2, field 'km': ",
        "km 50 is not after the previous zone entry's km 250",
    ),
];

fn fixture(name: &str) -> String {
    format!("tests/fixtures/invalid/{name}.toml")
}

#[test]
fn every_invalid_fixture_is_refused_with_its_message() {
    for (name, place, fragment) in CASES {
        let path = fixture(name);
        let err = load_route_file(Path::new(&path), None).expect_err(name);
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
            !err.to_string().contains('\u{1b}'),
            "{name}: raw escape in the message"
        );
    }
}

#[test]
fn every_fixture_file_has_a_case() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/fixtures/invalid")
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
fn message_shows_the_source_line_with_a_caret() {
    let err = load_route_file(Path::new(&fixture("km_not_increasing")), None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(" 25 | km = 90.0\n    |      ^\n  help: "),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let dir = std::env::temp_dir().join(format!("longrail-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 30).unwrap(); // sparse: 1 GiB that takes no disk space
    let err = load_route_file(&path, None).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.contains("1073741824 bytes, over the limit of 16777216 bytes"),
        "{err}"
    );
}

#[test]
fn devices_directories_and_missing_files_are_refused() {
    let err = load_route_file(Path::new("/dev/zero"), None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("/dev/zero: this is not a regular file"),
        "{err}"
    );
    let err = load_route_file(Path::new("tests"), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("tests: this is a directory"), "{err}");
    let err = load_route_file(Path::new("no/such/route.toml"), None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no/such/route.toml: cannot read the file"),
        "{err}"
    );
}

#[test]
fn several_problems_are_reported_together() {
    let src = std::fs::read_to_string(fixture("lat_out_of_range"))
        .unwrap()
        .replace("lon = 131.0", "lon = 999.0");
    let err = longrail::route::parse_route("two.toml", &src, None).unwrap_err();
    assert_eq!(err.0.len(), 2, "{err}");
}
