//! `longrail import gtfs` on hostile or sloppy feeds: duplicate keys, a header naming a column
//! twice, a missing time column, a stray quote, a row of megabytes, and a trip that crosses
//! zones westward at midnight. Each is refused (or imported right) with the file, line and
//! column named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::gtfs::{Files, st, stop_values};

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

/// A two-stop trip from a stop in `from` to one in `to`, leaving 00:10 and arriving 00:40 by
/// the agency's clock (`from`'s), imported on `date`; the two instants the route file says.
fn midnight_trip(
    from: &str,
    to: &str,
    date: &str,
) -> Result<(String, String, String, String), String> {
    let stops = format!("A,,Alpha,54.70,20.40,{from},\nB,,Beta,54.70,20.90,{to},\n");
    let times = st("A", 1, "00:10:00", "00:10:00") + &st("B", 2, "00:40:00", "00:40:00");
    let out = Files::new(from, &stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,20250101,20251231\n")
        .import(Some(date))?;
    let route = longrail::route::parse_route("t", &out.text, None).map_err(|e| e.to_string())?;
    let depart = stop_values(&out.text, "depart")[0]
        .clone()
        .unwrap_or_default();
    let arrive = stop_values(&out.text, "arrive")[1]
        .clone()
        .unwrap_or_default();
    Ok((
        depart,
        arrive,
        route.stops[0].depart.unwrap().to_rfc3339(),
        route.stops[1].arrive.unwrap().to_rfc3339(),
    ))
}

#[test]
fn a_trip_west_across_midnight_arrives_on_the_previous_local_date() {
    // 00:10 in Moscow (+03:00) on 17 June is 21:10 UTC on the 16th; 00:40 is 21:40 UTC,
    // 23:40 on the 16th in Kaliningrad (+02:00): day 0 of a journey leaving on the 17th.
    let got = midnight_trip("Europe/Moscow", "Europe/Kaliningrad", "2025-06-17").unwrap();
    assert_eq!(
        got,
        (
            "day 1 00:10".to_owned(),
            "day 0 23:40".to_owned(),
            "2025-06-16T21:10:00+00:00".to_owned(),
            "2025-06-16T21:40:00+00:00".to_owned()
        )
    );
}

/// The dates the pairs are made on: a northern winter and a northern summer day.
const DATES: [&str; 2] = ["2025-01-15", "2025-07-15"];

/// 00:10 on `date` in `tz`, and 30 minutes later, as UTC instants.
fn leave_and_arrive(
    tz: chrono_tz::Tz,
    date: &str,
) -> Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    use chrono::{NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
    let day: NaiveDate = date.parse().ok()?;
    let leave = day.and_time(NaiveTime::from_hms_opt(0, 10, 0)?);
    let dep = tz
        .from_local_datetime(&leave)
        .earliest()?
        .with_timezone(&Utc);
    Some((dep, dep + TimeDelta::minutes(30)))
}

/// One zone pair for each (date, offset at the departure, offset at the arrival).
type ByOffsets =
    std::collections::BTreeMap<(&'static str, i32, i32), (chrono_tz::Tz, chrono_tz::Tz)>;

/// Every pair of chrono-tz's zones such that a trip leaving the first at 00:10 arrives 30
/// minutes later on an earlier local date in the second: how many, and one pair for each
/// date and pair of offsets (at the departure, at the arrival).
fn westward_pairs() -> (usize, ByOffsets) {
    use chrono::{NaiveDate, Offset};
    use chrono_tz::TZ_VARIANTS;
    let mut pairs = 0;
    let mut by_offsets = std::collections::BTreeMap::new();
    for date in DATES {
        let day: NaiveDate = date.parse().unwrap();
        for from in TZ_VARIANTS {
            let Some((dep, arr)) = leave_and_arrive(from, date) else {
                continue;
            };
            let off_from = dep.with_timezone(&from).offset().fix().local_minus_utc();
            for to in TZ_VARIANTS {
                let there = arr.with_timezone(&to);
                if there.date_naive() < day {
                    pairs += 1;
                    let off_to = there.offset().fix().local_minus_utc();
                    by_offsets
                        .entry((date, off_from, off_to))
                        .or_insert((from, to));
                }
            }
        }
    }
    (pairs, by_offsets)
}

#[test]
fn every_pair_of_zones_a_trip_can_cross_westward_at_midnight_imports_right() {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use longrail::import::clock::day_time;
    use longrail::route::daytime::DayTime;

    let (pairs, by_offsets) = westward_pairs();
    // Each pair of offsets: the times the importer writes read back, through the route
    // format's own parser, as the instants they stand for.
    let mut widest = BTreeMap::new();
    for (&(date, off_from, off_to), &(from, to)) in &by_offsets {
        let day: NaiveDate = date.parse().unwrap();
        let (dep, arr) = leave_and_arrive(from, date).unwrap();
        for (at, tz) in [(dep, from), (arr, to)] {
            let written = day_time(at, tz, day)
                .unwrap_or_else(|| panic!("{} → {} on {date}: no day", from.name(), to.name()));
            let read = DayTime::parse_timetable(&written).unwrap().resolve(day, tz);
            assert_eq!(
                read,
                Ok(at),
                "{} → {} on {date}: {written}",
                from.name(),
                to.name()
            );
        }
        let w = widest.entry((date, off_from)).or_insert((off_to, from, to));
        if off_to < w.0 {
            *w = (off_to, from, to);
        }
    }
    // And whole imports, checked by `parse_route`: the widest gap west from each offset.
    for (&(date, _), &(_, from, to)) in &widest {
        let (dep, arr) = leave_and_arrive(from, date).unwrap();
        let got = midnight_trip(from.name(), to.name(), date)
            .unwrap_or_else(|e| panic!("{} → {} on {date}: {e}", from.name(), to.name()));
        assert_eq!(
            (got.2.as_str(), got.3.as_str()),
            (dep.to_rfc3339().as_str(), arr.to_rfc3339().as_str()),
            "{} → {} on {date}: {got:?}",
            from.name(),
            to.name()
        );
    }
    // The tz database has hundreds of thousands of such pairs (+14:00 to -12:00 at the
    // extremes, where the arrival is on day -1).
    assert!(pairs > 100_000 && widest.len() > 40, "{pairs} pairs");
    eprintln!(
        "{pairs} zone pairs cross westward at midnight; {} pairs of offsets read back; {} whole imports",
        by_offsets.len(),
        widest.len()
    );
}
