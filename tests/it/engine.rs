//! The engine seen from outside: the built-in route's dates and totals, zones by km, DST folds,
//! the motion profile through `state_at`, and the journey events.

use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use longrail::route::{departures_between, runs_on};
use longrail::settings::source::{load_route_file, resolve_route};
use longrail::sim::{Journey, JourneyEventKind, Status};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn journey(spec: &str) -> Journey {
    Journey::new(resolve_route(spec, None).unwrap())
}

fn fixture(name: &str) -> Journey {
    Journey::new(
        load_route_file(
            std::path::Path::new(&format!("tests/fixtures/valid/{name}.toml")),
            None,
        )
        .unwrap(),
    )
}

#[test]
fn westbound_departs_on_the_17th_and_arrives_on_the_25th_local() {
    let j = journey("pyongyang-moscow");
    let route = j.route();
    let first = &route.stops[0];
    let last = route.stops.last().unwrap();
    assert_eq!(first.name, "Pyongyang");
    assert_eq!(last.name, "Moscow Yaroslavsky");
    assert_eq!(
        route
            .departure()
            .with_timezone(&first.tz)
            .date_naive()
            .to_string(),
        "2025-06-17"
    );
    assert_eq!(
        route
            .arrival()
            .with_timezone(&last.tz)
            .date_naive()
            .to_string(),
        "2025-06-25"
    );
    assert!(
        (10_200.0..10_400.0).contains(&route.total_km()),
        "{}",
        route.total_km()
    );
    assert!(route.stops.len() >= 40);
    assert_eq!(j.state_at(route.arrival()).journey_day, 9);
}

#[test]
fn the_border_shuttle_keeps_its_published_times_and_days() {
    // 15:30 at Khasan (UTC+10) and 12:00 at Tumangang (UTC+9), 17 minutes across.
    let runs = [
        ("khasan-tumangang", "05:30", "05:47"),
        ("tumangang-khasan", "03:00", "03:17"),
    ];
    for (id, dep, arr) in runs {
        let r = resolve_route(id, None).unwrap();
        let at = |hm: &str| utc(&format!("2025-06-18T{hm}:00Z"));
        assert_eq!((r.departure(), r.arrival()), (at(dep), at(arr)), "{id}");
        assert_eq!(
            r.service_weekdays,
            [Weekday::Mon, Weekday::Wed, Weekday::Fri],
            "{id}"
        );
        assert!(runs_on(&r, r.departure_date), "{id}");
        let week = departures_between(&r, date("2025-06-15"), date("2025-06-22"));
        let expected = [date("2025-06-16"), date("2025-06-18"), date("2025-06-20")];
        assert_eq!(week, expected, "{id}");
    }
}

#[test]
fn the_tourist_train_runs_on_its_date_only_and_meets_the_through_car() {
    let r = resolve_route("vladivostok-rajin", None).unwrap();
    let june = departures_between(&r, date("2025-06-01"), date("2025-06-30"));
    assert_eq!(june, [date("2025-06-17")]);
    let car = resolve_route("pyongyang-moscow", None).unwrap();
    let (ours, theirs) = (
        &r.stops[r.stop_index("Tumangang").unwrap()],
        &car.stops[car.stop_index("Tumangang").unwrap()],
    );
    assert!(ours.first_instant() < theirs.first_instant());
    assert!(ours.last_instant() > theirs.first_instant());
}

#[test]
fn shared_stations_are_spelt_and_placed_as_in_the_through_car_route() {
    let car = resolve_route("pyongyang-moscow", None).unwrap();
    for id in ["vladivostok-rajin", "khasan-tumangang", "tumangang-khasan"] {
        let r = resolve_route(id, None).unwrap();
        let mut shared = 0;
        for stop in &r.stops {
            let Some(i) = car.stops.iter().position(|s| s.name == stop.name) else {
                assert_eq!(stop.name, "Vladivostok", "{id}: unknown station");
                continue;
            };
            let theirs = &car.stops[i];
            assert_eq!(
                (stop.lat, stop.lon, stop.tz),
                (theirs.lat, theirs.lon, theirs.tz)
            );
            shared += 1;
        }
        assert!(shared >= 2, "{id}");
    }
}

#[test]
fn eastbound_and_khabarovsk_keep_their_published_dates() {
    let east = journey("moscow-pyongyang");
    let r = east.route();
    assert_eq!(r.departure().to_rfc3339(), "2025-06-25T22:00:00+00:00"); // 26 Jun 01:00 MSK
    assert_eq!(
        r.arrival()
            .with_timezone(&r.stops.last().unwrap().tz)
            .date_naive()
            .to_string(),
        "2025-07-04"
    );
    let kh = journey("pyongyang-khabarovsk");
    let r = kh.route();
    assert_eq!(
        r.departure()
            .with_timezone(&r.stops[0].tz)
            .date_naive()
            .to_string(),
        "2025-06-19"
    );
    assert_eq!(
        r.arrival()
            .with_timezone(&r.stops.last().unwrap().tz)
            .date_naive()
            .to_string(),
        "2025-06-21"
    );
}

#[test]
fn local_and_moscow_times_follow_the_iana_offsets_along_the_line() {
    let j = journey("pyongyang-moscow");
    // Offsets in summer 2025 (none of these zones has daylight saving).
    let expected = [
        ("Pyongyang", 9),
        ("Khasan", 10),
        ("Skovorodino", 9),
        ("Irkutsk", 8),
        ("Krasnoyarsk", 7),
        ("Omsk", 6),
        ("Perm", 5),
        ("Glazov", 4),
        ("Kirov", 3),
    ];
    for (name, hours) in expected {
        let stop = &j.route().stops[j.route().stop_index(name).unwrap()];
        let at = stop.last_instant() - Duration::seconds(1);
        let s = j.state_at(at);
        assert_eq!(s.offset.local_minus_utc(), hours * 3600, "{name}");
        let moscow = j.route().reference().map(|c| at.with_timezone(&c.tz));
        assert_eq!(
            moscow.map(|t| t.offset().to_string()).as_deref(),
            Some("MSK"),
            "{name}"
        );
        assert_eq!(
            s.local_time().naive_local(),
            (at + Duration::hours(i64::from(hours))).naive_utc(),
            "{name}"
        );
    }
}

#[test]
fn zones_change_at_explicit_boundaries_and_else_at_the_midpoint() {
    let j = fixture("three-stops");
    assert_eq!(j.zone_at(49.9), chrono_tz::Asia::Pyongyang);
    assert_eq!(j.zone_at(50.0), chrono_tz::Asia::Vladivostok);
    assert_eq!(j.zone_at(249.9), chrono_tz::Asia::Vladivostok);
    assert_eq!(j.zone_at(250.0), chrono_tz::Asia::Yakutsk);
    let changes: Vec<_> = j
        .timeline()
        .iter()
        .filter(|e| matches!(e.kind, JourneyEventKind::ZoneChange { .. }))
        .collect();
    assert_eq!(changes.len(), 2);
    // The fixture names no reference clock: UTC labels alone, no MSK.
    assert_eq!(
        changes[0].title,
        "clocks +1 h: now UTC+10, Asia/Vladivostok"
    );
    assert_eq!(changes[1].title, "clocks −1 h: now UTC+9, Asia/Yakutsk");
    // The clock changes the moment the train passes the boundary.
    let at = changes[0].at;
    assert_eq!(
        j.state_at(at - Duration::seconds(1)).tz,
        chrono_tz::Asia::Pyongyang
    );
    assert_eq!(j.state_at(at).tz, chrono_tz::Asia::Vladivostok);
}

#[test]
fn a_dst_fold_is_resolved_by_the_written_offset() {
    let j = fixture("dst-fold");
    let gal = &j.route().stops[1];
    // 01:20 CDT = 06:20Z arrives; 01:10 CST = 07:10Z leaves: 50 minutes, though the local
    // departure reads earlier than the arrival.
    assert_eq!(gal.arrive.unwrap(), utc("2025-11-02T06:20:00Z"));
    assert_eq!(gal.depart.unwrap(), utc("2025-11-02T07:10:00Z"));
    assert_eq!(gal.dwell_minutes(), Some(50));
    let before = j.state_at(utc("2025-11-02T06:45:00Z"));
    let after = j.state_at(utc("2025-11-02T07:05:00Z"));
    assert_eq!(
        (before.status, after.status),
        (Status::Stopped, Status::Stopped)
    );
    assert_eq!(
        before.local_time().to_rfc3339(),
        "2025-11-02T01:45:00-05:00"
    );
    assert_eq!(after.local_time().to_rfc3339(), "2025-11-02T01:05:00-06:00");
    // The clocks go back at 02:00 CDT (07:00Z) while the train stands at Galesburg: a clock
    // change in the log like a zone change, where it stands.
    let dst = j
        .timeline()
        .iter()
        .find(|e| matches!(e.kind, JourneyEventKind::ZoneChange { from, to, .. } if from == to))
        .unwrap();
    assert_eq!(dst.at, utc("2025-11-02T07:00:00Z"));
    assert!((dst.km - 260.0).abs() < 1e-6, "{}", dst.km);
    assert_eq!(
        dst.title,
        "clocks −1 h: now UTC−6, America/Chicago (daylight saving)"
    );
    // Omaha → Denver crosses into Mountain time at the midpoint, clocks back one hour.
    let change = j
        .timeline()
        .iter()
        .find(|e| matches!(e.kind, JourneyEventKind::ZoneChange { from, to, .. } if from != to))
        .unwrap();
    assert!((change.km - 1250.0).abs() < 1e-9);
    assert_eq!(change.title, "clocks −1 h: now UTC−7, America/Denver");
}

#[test]
fn thirty_seconds_out_of_a_station_the_train_is_under_40_kmh() {
    let j = journey("pyongyang-moscow");
    for stop in &j.route().stops {
        let Some(dep) = stop.depart else { continue };
        let s = j.state_at(dep + Duration::seconds(30));
        assert_eq!(s.status, Status::Running, "{}", stop.name);
        assert!(
            s.speed_kmh > 0.0 && s.speed_kmh < 40.0,
            "{}: {}",
            stop.name,
            s.speed_kmh
        );
    }
}

#[test]
fn every_stop_is_reached_at_its_scheduled_second() {
    let j = journey("pyongyang-moscow");
    let stops = &j.route().stops;
    for (i, stop) in stops.iter().enumerate().skip(1) {
        let arrive = stop.arrive.unwrap();
        let at = j.state_at(arrive);
        assert_eq!(at.stop, Some(i), "{}", stop.name);
        assert!((at.km - stop.km).abs() < 1e-9);
        let just_before = j.state_at(arrive - Duration::seconds(1));
        assert_eq!(just_before.status, Status::Running, "{}", stop.name);
        assert!(
            stop.km - just_before.km < 0.05,
            "{}: {}",
            stop.name,
            stop.km - just_before.km
        );
    }
}

#[test]
fn before_departure_and_after_arrival_the_state_is_defined() {
    let j = journey("pyongyang-moscow");
    let early = j.state_at(utc("2025-06-16T00:00:00Z"));
    assert_eq!(
        (early.status, early.stop, early.journey_day, early.speed_kmh),
        (Status::NotDeparted, Some(0), 1, 0.0),
        "before the departure it is day 1"
    );
    let late = j.state_at(utc("2025-07-30T00:00:00Z"));
    assert_eq!(
        (late.status, late.next_stop, late.next_event),
        (Status::Arrived, None, None)
    );
    assert_eq!(late.journey_day, 9, "after the arrival, the last day");
    assert_eq!(j.total_days(), 9);
}

#[test]
fn the_timeline_holds_borders_transfers_and_every_zone_change() {
    let j = journey("pyongyang-moscow");
    let names: Vec<&str> = j.timeline().iter().map(|e| e.kind.name()).collect();
    for kind in [
        "border", "gauge", "transfer", "bridge", "river", "landmark", "zone",
    ] {
        assert!(names.contains(&kind), "no {kind} event");
    }
    let clock_changes = j.timeline().iter().filter(|e| matches!(e.kind, JourneyEventKind::ZoneChange { delta_secs, .. } if delta_secs != 0)).count();
    assert_eq!(
        clock_changes, 8,
        "Pyongyang → Moscow has eight clock changes"
    );
    assert!(j.timeline().windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn the_date_override_moves_the_whole_timetable() {
    let base = Journey::new(resolve_route("pyongyang-moscow", None).unwrap());
    let moved = Journey::new(
        resolve_route("pyongyang-moscow", Some("2025-07-03".parse().unwrap())).unwrap(),
    );
    assert_eq!(
        moved.route().departure() - base.route().departure(),
        Duration::days(16)
    );
    assert_eq!(moved.duration(), base.duration());
}
