//! Property tests: random valid routes (random stop counts, zones with and without daylight
//! saving, dwells) through the engine. Times are written with explicit offsets, so routes
//! may run through DST folds.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use longrail::route::parse_route;
use longrail::sim::{Journey, Status};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "Asia/Pyongyang",
    "Asia/Vladivostok",
    "Europe/Moscow",
    "America/Chicago",
    "America/Denver",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
];

#[derive(Debug, Clone)]
struct Leg {
    km: f64,
    run_min: i64,
    dwell_min: i64,
    zone: usize,
}

fn leg() -> impl Strategy<Value = Leg> {
    (1.0f64..600.0, 0i64..180, 0..ZONES.len()).prop_flat_map(|(km, dwell_min, zone)| {
        // Average speed from 10 to 350 km/h.
        let min_run = (km / 350.0 * 60.0).ceil() as i64 + 1;
        let max_run = (km / 10.0 * 60.0).ceil() as i64 + 2;
        (min_run..max_run).prop_map(move |run_min| Leg {
            km,
            run_min,
            dwell_min,
            zone,
        })
    })
}

fn day_time(at: DateTime<Utc>, zone: &str, date: NaiveDate) -> String {
    let tz: chrono_tz::Tz = zone.parse().unwrap();
    let local = at.with_timezone(&tz);
    let day = (local.date_naive() - date).num_days() + 1;
    format!(
        "day {day} {} {}",
        local.format("%H:%M:%S"),
        local.format("%:z")
    )
}

/// Build a route file from legs; departure on a date near a DST change.
fn route_text(start_zone: usize, legs: &[Leg], start: DateTime<Utc>) -> String {
    let first_tz: chrono_tz::Tz = ZONES[start_zone].parse().unwrap();
    let date = start.with_timezone(&first_tz).date_naive();
    let mut out =
        format!("[route]\nid = \"random\"\nname = \"Random\"\ndeparture_date = \"{date}\"\n");
    let mut t = start;
    let mut km = 0.0;
    out += &format!(
        "[[stops]]\nname = \"S0\"\nkm = 0.0\nlat = 0.0\nlon = 0.0\ntz = \"{}\"\ndepart = \"{}\"\n",
        ZONES[start_zone],
        day_time(t, ZONES[start_zone], date)
    );
    for (i, leg) in legs.iter().enumerate() {
        km += leg.km;
        t += Duration::minutes(leg.run_min);
        let zone = ZONES[leg.zone];
        out += &format!(
            "[[stops]]\nname = \"S{}\"\nkm = {km}\nlat = {}\nlon = {}\ntz = \"{zone}\"\narrive = \"{}\"\n",
            i + 1,
            (i % 80) as f64,
            (i % 170) as f64,
            day_time(t, zone, date)
        );
        if i + 1 < legs.len() {
            t += Duration::minutes(leg.dwell_min);
            out += &format!("depart = \"{}\"\n", day_time(t, zone, date));
        }
    }
    out
}

fn offset_at(zone: &str, at: DateTime<Utc>) -> i32 {
    let tz: chrono_tz::Tz = zone.parse().unwrap();
    at.with_timezone(&tz)
        .fixed_offset()
        .offset()
        .local_minus_utc()
}

fn journey_strategy() -> impl Strategy<Value = Journey> {
    // Starts spread around the March and October/November DST changes of 2025.
    let starts = prop_oneof![
        Just("2025-03-08T12:00:00Z"),
        Just("2025-03-29T20:00:00Z"),
        Just("2025-10-25T18:00:00Z"),
        Just("2025-11-01T20:00:00Z")
    ];
    (
        0..ZONES.len(),
        prop::collection::vec(leg(), 1..25),
        starts,
        0i64..1440,
    )
        .prop_map(|(z, legs, start, shift)| {
            let start = start.parse::<DateTime<Utc>>().unwrap() + Duration::minutes(shift);
            // Start in the westernmost zone used, so no stop's local date falls before the
            // departure date (the format's days count from 1).
            let z = std::iter::once(z)
                .chain(legs.iter().map(|l| l.zone))
                .min_by_key(|&i| offset_at(ZONES[i], start))
                .unwrap();
            let text = route_text(z, &legs, start);
            let route =
                parse_route("random.toml", &text, None).unwrap_or_else(|e| panic!("{e}\n{text}"));
            Journey::new(route)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn km_and_time_never_go_backwards(j in journey_strategy(), fractions in prop::collection::vec(0.0f64..1.2, 2..40)) {
        let (dep, total) = (j.route().departure(), j.duration().num_seconds() as f64);
        let mut instants: Vec<DateTime<Utc>> = fractions.iter().map(|f| dep + Duration::seconds((f * total) as i64 - 60)).collect();
        instants.sort();
        let states: Vec<_> = instants.iter().map(|t| j.state_at(*t)).collect();
        for w in states.windows(2) {
            prop_assert!(w[1].km >= w[0].km, "km went back: {} then {}", w[0].km, w[1].km);
        }
    }

    #[test]
    fn position_is_continuous(j in journey_strategy(), f in 0.0f64..1.0) {
        let t = j.route().departure() + Duration::seconds((f * j.duration().num_seconds() as f64) as i64);
        let (a, b) = (j.state_at(t), j.state_at(t + Duration::seconds(1)));
        // At most 2 × 350 km/h (a triangular profile peaks at twice its average) in one second.
        prop_assert!((b.km - a.km).abs() <= 700.0 / 3600.0 + 1e-9, "{} km in one second", b.km - a.km);
        prop_assert!(a.speed_kmh >= 0.0 && a.speed_kmh.is_finite());
    }

    #[test]
    fn every_stop_is_reached_at_its_scheduled_second(j in journey_strategy()) {
        for (i, stop) in j.route().stops.iter().enumerate().skip(1) {
            let s = j.state_at(stop.first_instant());
            prop_assert_eq!(s.stop, Some(i));
            prop_assert!(matches!(s.status, Status::Stopped | Status::Arrived));
            prop_assert_eq!(s.km, stop.km);
        }
    }

    #[test]
    fn the_clock_zone_matches_the_zone_map_and_the_iana_offset(j in journey_strategy(), f in 0.0f64..1.0) {
        let t = j.route().departure() + Duration::seconds((f * j.duration().num_seconds() as f64) as i64);
        let s = j.state_at(t);
        prop_assert_eq!(s.tz, j.route().zone_at(s.km));
        prop_assert_eq!(s.local_time().fixed_offset().offset().local_minus_utc(), s.offset.local_minus_utc());
        prop_assert_eq!(s.local_time().with_timezone(&Utc), t);
        if let Some(stop) = s.stop {
            prop_assert_eq!(s.tz, j.route().stops[stop].tz);
        }
    }
}
