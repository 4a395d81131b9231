//! `longrail import gtfs` on hostile or sloppy feeds: duplicate keys, a header naming a column
//! twice, a missing time column, a stray quote, a row of megabytes, and a trip that crosses
//! zones westward at midnight. Each is refused (or imported right) with the file, line and
//! column named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod gtfs;

use gtfs::{Files, st, stop_values};

fn moscow_feed() -> Files {
    let stops = "MOW,,Moskva,55.7766,37.6556,,\nTVR,,Tver,56.8347,35.9208,,\n";
    let times = st("MOW", 1, "08:00:00", "08:00:00") + &st("TVR", 2, "10:00:00", "10:00:00");
    Files::new("Europe/Moscow", stops, &times)
}

#[test]
fn a_duplicate_key_in_any_table_is_an_error_naming_both_lines() {
    let cases = [
        (
            "agency.txt",
            "agency_id,agency_name,agency_url,agency_timezone\nA,Test Rail,https://example.org,Europe/Moscow\nA,Test Rail,https://example.org,Asia/Tokyo\n",
            "agency_id \"A\" is listed twice (lines 2 and 3)",
        ),
        (
            "stops.txt",
            "stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\nMOW,,Moskva,55.7766,37.6556,,\nTVR,,Tver,56.8347,35.9208,,\nMOW,,Elsewhere,50.0,30.0,,\n",
            "stop_id \"MOW\" is listed twice (lines 2 and 4)",
        ),
        (
            "routes.txt",
            "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,IC 7,Northern Express,2\nR1,A,IC 8,Southern Express,2\n",
            "route_id \"R1\" is listed twice (lines 2 and 3)",
        ),
        (
            "trips.txt",
            "route_id,service_id,trip_id,trip_headsign,trip_short_name,shape_id\nR1,S1,T1,Terminus,701,\nR1,S1,T1,Elsewhere,702,\n",
            "trip_id \"T1\" is listed twice (lines 2 and 3)",
        ),
    ];
    for (file, text, said) in cases {
        let e = moscow_feed()
            .with(file, text)
            .import(Some("2025-06-17"))
            .unwrap_err();
        assert!(e.contains(file) && e.contains(said), "{file}: {e}");
    }
    // A (trip_id, stop_sequence) pair twice.
    let times = st("MOW", 1, "08:00:00", "08:00:00")
        + &st("TVR", 2, "10:00:00", "10:00:00")
        + &st("TVR", 2, "10:30:00", "10:30:00");
    let e = moscow_feed()
        .with("stop_times.txt", &format!("trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type,shape_dist_traveled\n{times}"))
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(e.contains("stop_sequence 2 twice (lines 3 and 4)"), "{e}");
}

#[test]
fn a_header_naming_a_column_twice_is_an_error_at_its_second_place() {
    let stops = "stop_id,stop_name,stop_lat,stop_lon,stop_name\nMOW,Moskva,55.7766,37.6556,Moscow\nTVR,Tver,56.8347,35.9208,Tver\n";
    let e = moscow_feed()
        .with("stops.txt", stops)
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(
        e.contains("stops.txt:1:")
            && e.contains(
                "the column 'stop_name' is named twice in the header line (fields 2 and 5)"
            ),
        "{e}"
    );
}

#[test]
fn a_missing_time_column_is_an_error_not_a_dropped_dwell() {
    let times =
        "trip_id,departure_time,stop_id,stop_sequence\nT1,08:00:00,MOW,1\nT1,10:05:00,TVR,2\n";
    let e = moscow_feed()
        .with("stop_times.txt", times)
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(
        e.contains("stop_times.txt:1:1") && e.contains("the column 'arrival_time' is missing"),
        "{e}"
    );
}

#[test]
fn text_after_a_closing_quote_is_an_error_at_its_column() {
    let stops = "stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\nMOW,,\"Al\"pha\",55.7766,37.6556,,\nTVR,,Tver,56.8347,35.9208,,\n";
    let e = moscow_feed()
        .with("stops.txt", stops)
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(
        e.contains("stops.txt:2:10") && e.contains("text after a field's closing quote"),
        "{e}"
    );
    // Quotes written as GTFS (RFC 4180) wants them are read as meant.
    let stops = "stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\nMOW,,\"Al\"\"pha, \"\"the\"\" first\",55.7766,37.6556,,\nTVR,,Tver,56.8347,35.9208,,\n";
    let out = moscow_feed()
        .with("stops.txt", stops)
        .import(Some("2025-06-17"))
        .unwrap();
    assert_eq!(
        stop_values(&out.text, "name")[0].as_deref(),
        Some("Al\"pha, \"the\" first")
    );
}

#[test]
fn a_row_longer_than_a_mebibyte_is_refused_with_its_line() {
    // An unused stop with a 2 MiB name: refused before it is read whole.
    let long = "x".repeat(2 << 20);
    let stops = format!(
        "stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\nMOW,,Moskva,55.7766,37.6556,,\nTVR,,Tver,56.8347,35.9208,,\nBIG,,{long},50.0,30.0,,\n"
    );
    let e = moscow_feed()
        .with("stops.txt", &stops)
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(
        e.contains("stops.txt:4:1") && e.contains("longer than 1048576 bytes"),
        "{}",
        e.chars().take(400).collect::<String>()
    );
    // The same inside quotes, across lines.
    let stops = format!(
        "stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\nMOW,,Moskva,55.7766,37.6556,,\nBIG,,\"{}\",50.0,30.0,,\n",
        "line\n".repeat(300_000)
    );
    let e = moscow_feed()
        .with("stops.txt", &stops)
        .import(Some("2025-06-17"))
        .unwrap_err();
    assert!(
        e.contains("stops.txt:3:1") && e.contains("longer than 1048576 bytes"),
        "{}",
        e.chars().take(400).collect::<String>()
    );
}
