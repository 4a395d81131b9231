//! `longrail import gtfs` on small feeds the tests write: each case where real feeds differ
//! from the textbook, checked against figures worked out by hand (and, in
//! tests/it/import_real.rs, against Python's zoneinfo).

use crate::gtfs;

use gtfs::{Files, st, stop_values};
use longrail::route::parse_route;

fn strings(v: &[Option<String>]) -> Vec<&str> {
    v.iter().map(|s| s.as_deref().unwrap_or("-")).collect()
}

#[test]
fn a_night_train_runs_past_midnight_on_the_service_day_clock() {
    let stops = "B,,Berlin Hbf,52.5251,13.3694,,\nM,,München Hbf,48.1402,11.5600,,\n";
    let times = st("B", 1, "22:30:00", "22:30:00") + &st("M", 2, "25:10:00", "25:10:00");
    let out = Files::new("Europe/Berlin", stops, &times)
        .import(Some("2025-06-17"))
        .unwrap();
    assert_eq!(
        strings(&stop_values(&out.text, "depart")),
        ["day 1 22:30", "-"]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 2 01:10"]
    );
    let route = parse_route("t", &out.text, None).unwrap();
    // 22:30 CEST (+02:00) on 17 June is 20:30 UTC; 25:10 is 2 h 40 min later.
    assert_eq!(
        route.stops[0].depart.unwrap().to_rfc3339(),
        "2025-06-17T20:30:00+00:00"
    );
    assert_eq!(
        route.stops[1].arrive.unwrap().to_rfc3339(),
        "2025-06-17T23:10:00+00:00"
    );
    assert_eq!(route.id, "ic-7-701");
    assert_eq!(route.name, "IC 7 Northern Express 701 → Terminus");
}

/// Four stops in four zones over three nights; the agency counts in Moscow time and the stops
/// name their own zones.
fn three_day_feed() -> Files {
    let stops = "MOW,,Moskva,55.7766,37.6556,Europe/Moscow,\n\
                 SVX,,Yekaterinburg,56.8583,60.6033,Asia/Yekaterinburg,\n\
                 NSK,,Novosibirsk,55.0353,82.8979,Asia/Novosibirsk,\n\
                 IKT,,Irkutsk,52.2833,104.2600,Asia/Irkutsk,\n";
    let times = st("MOW", 1, "00:35:00", "00:35:00")
        + &st("SVX", 2, "26:00:00", "26:20:00")
        + &st("NSK", 3, "49:30:00", "50:05:30")
        + &st("IKT", 4, "75:05:00", "75:05:00");
    Files::new("Europe/Moscow", stops, &times)
}

#[test]
fn a_three_day_trip_writes_each_stop_in_its_own_zone() {
    let out = three_day_feed().import(Some("2025-06-17")).unwrap();
    // Worked by hand: the service day starts 00:00 MSK (+03:00) on 17 June.
    // 26:00 MSK = 18 June 02:00 MSK = 04:00 Yekaterinburg (+05:00);
    // 49:30 = 19 June 01:30 MSK = 05:30 Novosibirsk (+07:00), left at 50:05:30 = 06:05:30;
    // 75:05 = 20 June 03:05 MSK = 08:05 Irkutsk (+08:00).
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 2 04:00", "day 3 05:30", "day 4 08:05"]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "depart")),
        ["day 1 00:35", "day 2 04:20", "day 3 06:05:30", "-"]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "tz")),
        [
            "Europe/Moscow",
            "Asia/Yekaterinburg",
            "Asia/Novosibirsk",
            "Asia/Irkutsk"
        ]
    );
    assert!(
        out.text
            .contains("tz = \"Asia/Irkutsk\"  # zone from the stop's stop_timezone")
    );
    let route = parse_route("t", &out.text, None).unwrap();
    assert_eq!(
        route.stops[3].arrive.unwrap().to_rfc3339(),
        "2025-06-20T00:05:00+00:00"
    );
    assert!(out.text.contains("great-circle distances"));
}

#[test]
fn a_stop_without_a_zone_takes_its_parent_station_s_then_its_coordinates() {
    // Stop P1 has no zone but its parent does; W has neither (its coordinates are in Warsaw);
    // the agency is in Berlin.
    let stops = "P,,Praha hl.n.,50.0831,14.4353,Europe/Prague,\n\
                 P1,,Praha hl.n. track 1,50.0832,14.4354,,P\n\
                 W,,Warszawa Centralna,52.2289,21.0030,,\n";
    let times = st("P1", 1, "06:00:00", "06:00:00") + &st("W", 2, "14:00:00", "14:00:00");
    let out = Files::new("Europe/Berlin", stops, &times)
        .import(Some("2025-06-17"))
        .unwrap();
    assert!(
        out.text
            .contains("tz = \"Europe/Prague\"  # zone from its parent station's stop_timezone"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains(
            "tz = \"Europe/Warsaw\"  # zone at the stop's coordinates (tzf-rs boundaries)"
        ),
        "{}",
        out.text
    );
}

/// A DST night in New York: the service day of 2 November 2025 starts at noon minus 12 h,
/// which is 01:00 EDT, not midnight.
#[test]
fn the_fall_back_night_comes_out_right_to_the_second() {
    let stops = "A,,Albany,42.6413,-73.7417,,\nB,,Hudson,42.2536,-73.7983,,\nC,,Rhinecliff,41.9210,-73.9513,,\nD,,New York Penn,40.7506,-73.9935,,\n";
    let times = st("A", 1, "00:30:00", "00:30:00")
        + &st("B", 2, "01:30:00", "01:30:15")
        + &st("C", 3, "02:30:00", "02:31:00")
        + &st("D", 4, "03:30:00", "03:30:00");
    let out = Files::new("America/New_York", stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,0,0,0,0,0,0,1,20251101,20251130\n")
        .import(Some("2025-11-02"))
        .unwrap();
    // Noon EST (-05:00) is 17:00 UTC, so the origin is 05:00 UTC = 01:00 EDT (-04:00).
    // 00:30 -> 05:30 UTC = 01:30 EDT (the first 01:30 of the fold, -04:00);
    // 01:30 -> 06:30 UTC = 01:30 EST (the second, -05:00); 01:30:15 the same, 15 s later;
    // 02:30 -> 07:30 UTC = 02:30 EST; 03:30 -> 08:30 UTC = 03:30 EST.
    assert_eq!(
        strings(&stop_values(&out.text, "depart")),
        [
            "day 1 01:30 -04:00",
            "day 1 01:30:15 -05:00",
            "day 1 02:31",
            "-"
        ]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 1 01:30 -05:00", "day 1 02:30", "day 1 03:30"]
    );
    let route = parse_route("t", &out.text, None).unwrap();
    assert_eq!(
        route.stops[0].depart.unwrap().to_rfc3339(),
        "2025-11-02T05:30:00+00:00"
    );
    assert_eq!(
        route.stops[1].depart.unwrap().to_rfc3339(),
        "2025-11-02T06:30:15+00:00"
    );
    assert_eq!(
        route.stops[3].arrive.unwrap().to_rfc3339(),
        "2025-11-02T08:30:00+00:00"
    );
}

#[test]
fn the_departure_date_is_the_first_stop_s_local_date_not_the_service_date() {
    // 9 March 2025, spring forward: noon EDT is 16:00 UTC, the origin 04:00 UTC = 23:00 EST
    // on the 8th. A departure at 00:30 of the service day is 23:30 on 8 March, local.
    let stops = "A,,Albany,42.6413,-73.7417,,\nD,,New York Penn,40.7506,-73.9935,,\n";
    let times = st("A", 1, "00:30:00", "00:30:00") + &st("D", 2, "03:30:00", "03:30:00");
    let out = Files::new("America/New_York", stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,20250301,20250331\n")
        .import(Some("2025-03-09"))
        .unwrap();
    assert_eq!(out.departure_date.to_string(), "2025-03-08");
    assert!(out.text.contains("departure_date = \"2025-03-08\"  # the first stop's local date of departure (the GTFS service date is 2025-03-09)"));
    // 03:30 of the service day is 07:30 UTC = 03:30 EDT on the 9th: day 2.
    assert_eq!(
        strings(&stop_values(&out.text, "depart")),
        ["day 1 23:30", "-"]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 2 03:30"]
    );
}

/// Three stops on a straight 12-km shape along the 50th parallel.
fn shaped(dists: [&str; 3]) -> Files {
    let stops = "A,,Alpha,50.0,8.0,,\nB,,Beta,50.0,8.07,,\nC,,Gamma,50.0,8.1676,,\n";
    let times = format!(
        "T1,10:00:00,10:00:00,A,1,0,0,{}\nT1,10:06:00,10:07:00,B,2,0,0,{}\nT1,10:15:00,10:15:00,C,3,0,0,{}\n",
        dists[0], dists[1], dists[2]
    );
    let mut shape = String::from("shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n");
    for i in 0..=20 {
        shape.push_str(&format!(
            "SH,50.0,{:.5},{}\n",
            8.0 + 0.1676 * f64::from(i) / 20.0,
            i * 10
        ));
    }
    Files::new("Europe/Berlin", stops, &times)
        .with("trips.txt", "route_id,service_id,trip_id,trip_headsign,trip_short_name,shape_id\nR1,S1,T1,Gamma,,SH\n")
        .with("shapes.txt", &shape)
}

#[test]
fn shape_dist_traveled_is_read_in_metres_or_km_as_the_feed_has_it() {
    let metres = shaped(["0", "5000", "12000"]).import(None).unwrap();
    let km = shaped(["0.0", "5.0", "12.0"]).import(None).unwrap();
    for out in [&metres, &km] {
        assert_eq!(
            strings(&stop_values(&out.text, "km")),
            ["0.0", "5.0", "12.0"]
        );
    }
    assert!(metres.text.contains("read as metres"), "{}", metres.text);
    assert!(km.text.contains("read as km"), "{}", km.text);
    // Without it, the stops are projected onto the shape: Beta at 0.07 of 0.1676 degrees.
    let projected = shaped(["", "", ""]).import(None).unwrap();
    let kms = stop_values(&projected.text, "km");
    let beta: f64 = kms[1].as_deref().unwrap().parse().unwrap();
    let total: f64 = kms[2].as_deref().unwrap().parse().unwrap();
    assert!(
        (beta / total - 0.07 / 0.1676).abs() < 1e-3,
        "{beta} {total}"
    );
    assert!(projected.text.contains("projected onto the trip's shape"));
    assert_eq!(projected.departure_date.to_string(), "2025-06-01");
}

#[test]
fn blank_non_timepoint_times_are_interpolated_by_distance_and_marked() {
    let stops = "A,,Alpha,50.0,8.0,,\nB,,Beta,50.0,8.05,,\nC,,Gamma,50.0,8.1,,\n";
    let times = st("A", 1, "10:00:00", "10:00:00")
        + &st("B", 2, "", "")
        + &st("C", 3, "10:20:00", "10:20:00");
    let out = Files::new("Europe/Berlin", stops, &times)
        .import(None)
        .unwrap();
    // Beta lies halfway by great circle (the same longitude step on one parallel).
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 1 10:10", "day 1 10:20"]
    );
    assert!(out.text.contains("arrive = \"day 1 10:10\"  # ESTIMATED"));
    assert!(
        out.text
            .contains("note = \"Time estimated: the feed gives none here\"")
    );
    assert!(out.text.contains("Estimated: 1 stop(s)"));
}

fn calendar_feed() -> Files {
    let stops = "A,,Alpha,50.0,8.0,,\nC,,Gamma,50.0,8.1,,\n";
    let times = st("A", 1, "10:00:00", "10:00:00") + &st("C", 2, "10:20:00", "10:20:00");
    Files::new("Europe/Berlin", stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,0,0,20250616,20250630\n")
        .with("calendar_dates.txt", "service_id,date,exception_type\nS1,20250616,2\nS1,20250614,1\n")
}

#[test]
fn calendar_dates_add_and_remove_days() {
    let feed = calendar_feed();
    // Saturday 14 June is added, Monday 16 June removed.
    assert_eq!(
        feed.import(None).unwrap().service_date.to_string(),
        "2025-06-14"
    );
    let err = feed.import(Some("2025-06-16")).err().unwrap();
    assert!(err.contains("does not run on 2025-06-16"), "{err}");
    assert!(
        err.contains(
            "the next dates it runs: 2025-06-17, 2025-06-18, 2025-06-19, 2025-06-20, 2025-06-23"
        ),
        "{err}"
    );
    assert!(
        feed.import(Some("2025-06-21")).is_err(),
        "a Saturday not added"
    );
    let ok = feed.import(Some("2025-06-17")).unwrap();
    assert!(
        ok.text.contains(
            "runs mon tue wed thu fri, 2025-06-16 to 2025-06-30; also 2025-06-14; not 2025-06-16"
        ),
        "{}",
        ok.text
    );
    // A feed with calendar_dates.txt alone.
    let only_dates = calendar_feed().without("calendar.txt");
    assert_eq!(
        only_dates.import(None).unwrap().service_date.to_string(),
        "2025-06-14"
    );
}

#[test]
fn names_are_safe_unique_and_within_the_limit() {
    let long = "N".repeat(120);
    let stops = format!(
        "B1,,Boston,42.3519,-71.0552,,\nX,,\"Say \"\"hi\"\" \\ there\",42.0,-71.5,,\nB2,BBY,Boston,42.3473,-71.0753,,\nL,,{long},41.8,-72.0,,\nC,,Ctrl\u{1b}[31mName,41.5,-72.5,,\n"
    );
    let times = st("B1", 1, "08:00:00", "08:00:00")
        + &st("X", 2, "08:30:00", "08:31:00")
        + &st("B2", 3, "09:00:00", "09:01:00")
        + &st("L", 4, "10:00:00", "10:01:00")
        + &st("C", 5, "11:00:00", "11:00:00");
    let out = Files::new("America/New_York", &stops, &times)
        .import(None)
        .unwrap();
    let names = stop_values(&out.text, "name");
    assert_eq!(names[0].as_deref(), Some("Boston (B1)"));
    assert_eq!(names[1].as_deref(), Some("Say \"hi\" \\ there"));
    assert_eq!(names[2].as_deref(), Some("Boston (BBY)"));
    assert_eq!(names[3].as_deref().unwrap().chars().count(), 80);
    assert_eq!(names[4].as_deref(), Some("Ctrl [31mName"));
    parse_route("t", &out.text, None).unwrap();
}

#[test]
fn skipped_sequence_numbers_pass_throughs_and_same_time_stops_are_handled() {
    let stops = "A,,Alpha,50.0,8.0,,\nP,,Passed,50.0,8.03,,\nB,,Beta,50.0,8.06,,\nB2,,Beta West,50.0,8.0601,,\nC,,Gamma,50.0,8.1,,\n";
    let times = "T1,10:00:00,10:00:00,A,3,0,0,\nT1,10:05:00,10:05:00,P,17,1,1,\nT1,10:10:00,10:11:00,B,40,0,0,\nT1,10:11:00,10:11:00,B2,41,0,0,\nT1,10:20:00,10:20:00,C,99,0,0,\n";
    let out = Files::new("Europe/Berlin", stops, times)
        .import(None)
        .unwrap();
    assert_eq!(
        strings(&stop_values(&out.text, "name")),
        ["Alpha", "Beta", "Gamma"]
    );
    assert!(out.text.contains("Passed without stopping (pickup and drop-off type 1), left out as a stop: \"Passed\" at 10:05"));
    assert!(out.text.contains("merged with \"Beta West\""));
    // Without a shape, the passed stop becomes a waypoint.
    let via = stop_values(&out.text, "via");
    assert!(via[0].as_deref().unwrap().contains("8.03"), "{via:?}");
}

#[test]
fn a_frequency_trip_needs_a_departure_and_gets_it_with_at() {
    let stops = "A,,Alpha,50.0,8.0,,\nC,,Gamma,50.0,8.1,,\n";
    let times = st("A", 1, "06:00:00", "06:00:00") + &st("C", 2, "06:20:00", "06:20:00");
    let files = Files::new("Europe/Berlin", stops, &times).with(
        "frequencies.txt",
        "trip_id,start_time,end_time,headway_secs\nT1,06:00:00,09:00:00,1200\n",
    );
    let err = files.import(None).err().unwrap();
    assert!(
        err.contains("frequencies.txt") && err.contains("--at"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = files.write_dir(dir.path());
    let out = gtfs::import(&path, "T1", None, Some("08:40")).unwrap();
    assert_eq!(
        strings(&stop_values(&out.text, "depart")),
        ["day 1 08:40", "-"]
    );
    assert_eq!(
        strings(&stop_values(&out.text, "arrive")),
        ["-", "day 1 09:00"]
    );
    let err = gtfs::import(&path, "T1", None, Some("08:45"))
        .err()
        .unwrap();
    assert!(
        err.contains("no departure at 08:45")
            && err.contains("nearest to it: 07:00, 07:20, 07:40, 08:00, 08:20, 08:40"),
        "{err}"
    );
}

#[test]
fn a_zipped_feed_reads_like_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let feed = three_day_feed();
    let from_zip =
        gtfs::import(&feed.write_zip(dir.path()), "T1", Some("2025-06-17"), None).unwrap();
    let from_dir =
        gtfs::import(&feed.write_dir(dir.path()), "T1", Some("2025-06-17"), None).unwrap();
    let body = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("# Feed") && !l.starts_with("description"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&from_zip.text), body(&from_dir.text));
}

#[test]
fn the_fuzz_seed_imports_and_its_mutations_never_panic() {
    let seed = std::fs::read("tests/fuzz/corpus/gtfs_bytes/fold-night.txt").unwrap();
    // The seed must reach a successful import, or the fuzz target would test errors only.
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("seed.zip");
    std::fs::write(&zip, longrail::harness::zip_parts(&seed)).unwrap();
    let out = gtfs::import(&zip, "T1", None, None).unwrap();
    assert!(out.text.contains("day 1 01:30 -04:00"), "{}", out.text);
    // A few hundred deterministic mutations (bytes changed, dropped, repeated) on stable; the
    // fuzz target (tests/fuzz, `cargo fuzz run gtfs_bytes`) explores much further.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut data = seed.clone();
        for _ in 0..(next() % 4 + 1) {
            let at = usize::try_from(next() % data.len() as u64).unwrap();
            match next() % 3 {
                0 => data[at] = u8::try_from(next() % 256).unwrap(),
                1 => {
                    data.remove(at);
                }
                _ => {
                    let byte = data[at];
                    data.insert(at, byte);
                }
            }
        }
        let outcome = std::panic::catch_unwind(|| longrail::harness::gtfs_bytes(&data));
        assert!(
            outcome.is_ok(),
            "panicked on {:?}",
            String::from_utf8_lossy(&data)
        );
    }
}

#[test]
fn a_date_outside_feed_info_s_window_is_a_warning_only() {
    let feed = calendar_feed().with(
        "feed_info.txt",
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date\nX,https://example.org,en,20250618,20250630\n",
    );
    let out = feed.import(Some("2025-06-17")).unwrap();
    let warning = "the service date 2025-06-17 is outside the feed's validity window (2025-06-18 to 2025-06-30, feed_info.txt)";
    assert!(
        out.warnings.iter().any(|w| w.starts_with(warning)),
        "{:?}",
        out.warnings
    );
    assert!(out.text.contains(&format!("# Warning: {warning}")));
    assert!(feed.import(Some("2025-06-18")).unwrap().warnings.is_empty());
}

#[test]
fn without_a_date_the_first_run_inside_feed_info_s_window_is_taken() {
    // The service's first date is Saturday 14 June (added); the window opens on the 18th.
    let feed = calendar_feed().with(
        "feed_info.txt",
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date\nX,https://example.org,en,20250618,20250630\n",
    );
    let out = feed.import(None).unwrap();
    assert_eq!(out.service_date.to_string(), "2025-06-18");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    // A window the service never runs in: its first date after all, with the warning.
    let closed = calendar_feed().with(
        "feed_info.txt",
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date\nX,https://example.org,en,20250701,20250731\n",
    );
    let out = closed.import(None).unwrap();
    assert_eq!(out.service_date.to_string(), "2025-06-14");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("outside the feed's validity window"))
    );
}
