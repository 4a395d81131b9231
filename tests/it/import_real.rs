//! `longrail import gtfs` on real feeds: the Cairns bus feed and the New York subway feed that
//! ship in the gtfs-kit 13.0.1 source package on PyPI (fetched by `.ci/setup-tools` into
//! target/tools/gtfs-kit). Every stop's arrival and departure in the written file is compared
//! with an independent conversion by Python's zoneinfo (tests/it/gtfs/oracle.py). Without the
//! feeds these tests skip with a note, except under CI, where they fail.

use std::path::Path;

use crate::gtfs;
use crate::gtfs::real_feed;

use longrail::route::parse_route;

fn import_and_compare(feed: &Path, trip: &str, date: Option<&str>) -> longrail::import::Imported {
    let imported = gtfs::import(feed, trip, date, None).unwrap();
    parse_route("real", &imported.text, None).unwrap();
    let compared = gtfs::check_against_zoneinfo(feed, trip, &imported);
    // Every stop's times but the two the ends lack, less the sides of folded stops.
    assert!(
        compared + 2 >= imported.stops * 2 - imported.text.matches("; merged with ").count() * 2,
        "compared only {compared} times of {} stops",
        imported.stops
    );
    imported
}

#[test]
fn a_new_york_subway_trip_across_midnight_matches_zoneinfo() {
    let Some(feed) = real_feed("nyc_subway_gtfs.zip") else {
        return;
    };
    let trip = "AFA24GEN-1093-Weekday-00_138900_1..N03R";
    let out = import_and_compare(&feed, trip, Some("2025-01-08"));
    assert!(
        out.text.contains("day 2 00:"),
        "the trip runs past midnight:\n{}",
        out.text
    );
    // The feed names no stop_timezone: the zones come from the stops' coordinates.
    assert!(out.text.contains(
        "tz = \"America/New_York\"  # zone at the stop's coordinates (tzf-rs boundaries)"
    ));
    assert!(
        out.text
            .contains("Km: the stops projected onto the trip's shape")
    );
    let late = import_and_compare(&feed, "AFA24GEN-2099-Weekday-00_155350_2..N08R", None);
    assert_eq!(late.service_date.to_string(), "2024-12-16");
    assert_eq!(
        late.departure_date.to_string(),
        "2024-12-17",
        "all its times are past 24:00"
    );
}

#[test]
fn cairns_bus_trips_match_zoneinfo() {
    let Some(feed) = real_feed("cairns_gtfs.zip") else {
        return;
    };
    let first = import_and_compare(&feed, "CNS2014-CNS_MUL-Weekday-00-4165878", None);
    assert_eq!(first.service_date.to_string(), "2014-05-26");
    // Its first two stops share 05:50: they are folded into one.
    assert!(
        first
            .text
            .contains("merged with \"Cedar Rd (Palm Cove) - Hail and Ride Location\"")
    );
    let late = import_and_compare(
        &feed,
        "CNS2014-CNS_MUL-Weekday-00-4166111",
        Some("2014-06-06"),
    );
    assert!(late.text.contains("via = ["));
}

#[test]
fn the_real_feed_lists_its_routes_and_trips() {
    let Some(feed) = real_feed("cairns_gtfs.zip") else {
        return;
    };
    let mut f = longrail::import::Feed::open(&feed).unwrap();
    let routes = longrail::import::list::routes(&mut f).unwrap();
    assert!(
        routes
            .lines()
            .any(|l| l.starts_with("110-423   110    City - Palm Cove")
                && l.ends_with("bus (3)  125")),
        "{routes}"
    );
    let trips = longrail::import::list::trips(&mut f, "city - palm cove").unwrap();
    assert!(
        trips.starts_with("route 110-423 110 City - Palm Cove: 125 trip(s)"),
        "{trips}"
    );
}

#[test]
fn synthetic_dst_and_multi_zone_trips_match_zoneinfo_too() {
    // The hand-worked feeds of tests/it/import_gtfs.rs, checked by the oracle as well.
    let dir = tempfile::tempdir().unwrap();
    let stops = "MOW,,Moskva,55.7766,37.6556,Europe/Moscow,\nSVX,,Yekaterinburg,56.8583,60.6033,Asia/Yekaterinburg,\nIKT,,Irkutsk,52.2833,104.2600,Asia/Irkutsk,\n";
    let times = gtfs::st("MOW", 1, "23:35:00", "23:35:00")
        + &gtfs::st("SVX", 2, "49:00:00", "49:20:00")
        + &gtfs::st("IKT", 3, "75:05:07", "75:05:07");
    let feed = gtfs::Files::new("America/New_York", stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,0,0,0,0,0,1,0,20251101,20251101\n")
        .write_dir(dir.path());
    let out = gtfs::import(&feed, "T1", None, None).unwrap();
    assert_eq!(gtfs::check_against_zoneinfo(&feed, "T1", &out), 4);
    // The fall-back night in New York: the fold's two 01:30s, a second apart in the feed's
    // count by an hour and fifteen seconds.
    let dir = tempfile::tempdir().unwrap();
    let stops = "A,,Albany,42.6413,-73.7417,,\nB,,Hudson,42.2536,-73.7983,,\nC,,Rhinecliff,41.9210,-73.9513,,\nD,,New York Penn,40.7506,-73.9935,,\n";
    let times = gtfs::st("A", 1, "00:30:00", "00:30:00")
        + &gtfs::st("B", 2, "01:30:00", "01:30:15")
        + &gtfs::st("C", 3, "02:30:00", "02:31:00")
        + &gtfs::st("D", 4, "03:30:00", "03:30:00");
    let feed = gtfs::Files::new("America/New_York", stops, &times)
        .with("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,0,0,0,0,0,0,1,20251102,20251102\n")
        .write_dir(dir.path());
    let out = gtfs::import(&feed, "T1", None, None).unwrap();
    assert!(out.text.contains("depart = \"day 1 01:30 -04:00\""));
    assert_eq!(gtfs::check_against_zoneinfo(&feed, "T1", &out), 6);
}
