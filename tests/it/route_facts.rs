//! The facts a railway enthusiast would check first, pinned against their sources (issue 12).
//!
//! The route files are read here as plain TOML, not through longrail's own parser, and every
//! figure is compared with the value a source gives (named beside it), not with anything the
//! app computes: positions by a haversine written here, clock changes by Trans-Siberian km posts
//! from Moscow, times by the file's own "day N HH:MM" local strings read in the stop's zone.

use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use toml::{Table, Value};

const ROUTES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/routes");
/// Pyongyang km of the Ussuriysk station in the westbound files, and its Trans-Siberian km post.
const USSURIYSK_PY_KM: f64 = 1110.0;
const USSURIYSK_TS_KM: f64 = 9177.0;

fn route(id: &str) -> Table {
    let path = format!("{ROUTES}/{id}.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.parse::<Table>()
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn items<'a>(route: &'a Table, key: &str) -> Vec<&'a Table> {
    route[key]
        .as_array()
        .expect("an array of tables")
        .iter()
        .filter_map(Value::as_table)
        .collect()
}

fn stop<'a>(route: &'a Table, name: &str) -> &'a Table {
    items(route, "stops")
        .into_iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no stop {name}"))
}

fn num(t: &Table, key: &str) -> f64 {
    t[key]
        .as_float()
        .unwrap_or_else(|| panic!("{key} is not a float in {t:?}"))
}

/// Great-circle distance in km (haversine, mean Earth radius 6371.0 km).
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// A stop's time field ("day N HH:MM", local in the stop's zone) as a UTC instant.
fn instant(route: &Table, s: &Table, field: &str) -> chrono::DateTime<chrono::Utc> {
    let day0: NaiveDate = route["route"]["departure_date"]
        .as_str()
        .expect("date")
        .parse()
        .expect("date");
    let text = s[field].as_str().unwrap_or_else(|| panic!("no {field}"));
    let (day, hhmm) = text
        .strip_prefix("day ")
        .and_then(|r| r.split_once(' '))
        .expect("day N HH:MM");
    let day: u64 = day.parse().expect("day number");
    let time = NaiveTime::parse_from_str(hhmm, "%H:%M").expect("HH:MM");
    let tz: Tz = s["tz"].as_str().expect("tz").parse().expect("IANA zone");
    let date = day0 + chrono::Days::new(day - 1);
    tz.from_local_datetime(&date.and_time(time))
        .single()
        .expect("no DST on the route")
        .to_utc()
}

/// Expected instant: a local wall-clock time in a zone, as a source states it.
fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<chrono::Utc> {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("unambiguous")
        .to_utc()
}

/// Positions within 1 km of the station cards, in every file that has the stop.
#[test]
fn stations_stand_where_their_cards_put_them() {
    let sourced = [
        ("Rajin", (42.2497, 130.2892)), // en-wiki Rajin station, 42°14′59″N 130°17′21″E
        ("Baranovsky", (43.6456, 131.9272)), // ru-wiki card, 43°38′44″N 131°55′38″E
        ("Kirov", (58.5783, 49.6514)),  // ru-wiki Kirov station card, 58°34′42″N 49°39′05″E
        ("Kostroma", (57.75, 40.9833)), // ru-wiki Kostroma-Novaya card, 57°45′N 40°59′E
        ("Birobidzhan", (48.7928, 132.935)), // ru-wiki Birobidzhan I card, 48°47′34″N 132°56′06″E
    ];
    let files = [
        "pyongyang-moscow",
        "moscow-pyongyang",
        "pyongyang-khabarovsk",
        "vladivostok-rajin",
    ];
    let mut checked = 0;
    for id in files {
        let r = route(id);
        for (name, at) in sourced {
            let Some(s) = items(&r, "stops")
                .into_iter()
                .find(|s| s["name"].as_str() == Some(name))
            else {
                continue;
            };
            let d = haversine_km((num(s, "lat"), num(s, "lon")), at);
            assert!(
                d < 1.0,
                "{id}: {name} is {d:.2} km from its sourced position"
            );
            checked += 1;
        }
    }
    // Rajin and Baranovsky in four files, Kirov, Kostroma and Birobidzhan in two.
    assert_eq!(checked, 14);
}

/// The drawn line passes Sonbong station between Rajin and Hongui, and the Friendship Bridge.
#[test]
fn the_line_passes_sonbong_and_the_friendship_bridge() {
    let r = route("pyongyang-moscow");
    let near = |name: &str, at: (f64, f64)| {
        let via = stop(&r, name)["via"].as_array().expect("via");
        via.iter().any(|p| {
            let p = p.as_array().expect("point");
            let p = (p[0].as_float().expect("lat"), p[1].as_float().expect("lon"));
            haversine_km(p, at) < 0.5
        })
    };
    assert!(
        near("Rajin", (42.3527, 130.3794)),
        "Sonbong station (cryer.org.uk card)"
    );
    assert!(
        near("Tumangang", (42.4152, 130.6411)),
        "Friendship Bridge (en-wiki card)"
    );
}

/// Km posts from Moscow, westbound file (km from Pyongyang) and eastbound file (km from Moscow).
#[test]
fn km_posts_match_the_sourced_figures() {
    let west = route("pyongyang-moscow");
    let east = route("moscow-pyongyang");
    let posts = [
        ("Birobidzhan", 8351.0, 1.0), // tariff handbook "8351 км 3 пк" (milreview.ru)
        ("Kostroma", 375.1, 1.0),     // ru-wiki Kostroma-Novaya card, 375.1 km from Moscow
        ("Slyudyanka", 5312.0, 3.0),  // issue 12: neighbouring km-post halts, ±3 km
        ("Zima", 4934.0, 3.0),
        ("Tyumen", 2139.0, 3.0),
        ("Barabinsk", 3035.0, 3.0),
    ];
    for (name, ts, tol) in posts {
        let w = USSURIYSK_PY_KM + USSURIYSK_TS_KM - num(stop(&west, name), "km");
        let e = num(stop(&east, name), "km");
        assert!(
            (w - ts).abs() <= tol,
            "westbound {name}: TS km {w}, sourced {ts}"
        );
        assert!(
            (e - ts).abs() <= tol,
            "eastbound {name}: TS km {e}, sourced {ts}"
        );
    }
}

/// The three clock changes inside Russia, within 5 km of the sourced borders, both ways.
#[test]
fn clocks_change_at_the_regional_borders() {
    // (zone that applies, west or east of the border, sourced TS km)
    let borders = [
        ("Asia/Yakutsk", "Asia/Vladivostok", 8187.5), // Amur Oblast / Jewish AO, ~8185-8190
        ("Asia/Irkutsk", "Asia/Chita", 5781.5),       // Buryatia / Zabaykalsky, 5779-5784
        ("Asia/Yekaterinburg", "Asia/Omsk", 2512.0),  // Tyumen / Omsk Oblast, ~2506-2518
    ];
    let west = route("pyongyang-moscow");
    let east = route("moscow-pyongyang");
    for (west_tz, east_tz, ts) in borders {
        // Westbound files list the zone that applies west of each boundary (km from Pyongyang).
        let w = items(&west, "zones")
            .into_iter()
            .filter(|z| z["tz"].as_str() == Some(west_tz))
            .map(|z| USSURIYSK_PY_KM + USSURIYSK_TS_KM - num(z, "km"))
            .find(|k| (k - ts).abs() < 200.0)
            .unwrap_or_else(|| panic!("westbound: no change to {west_tz} near TS km {ts}"));
        assert!(
            (w - ts).abs() <= 5.0,
            "westbound {west_tz}: TS km {w}, sourced {ts}"
        );
        let e = items(&east, "zones")
            .into_iter()
            .filter(|z| z["tz"].as_str() == Some(east_tz))
            .map(|z| num(z, "km"))
            .find(|k| (k - ts).abs() < 200.0)
            .unwrap_or_else(|| panic!("eastbound: no change to {east_tz} near TS km {ts}"));
        assert!(
            (e - ts).abs() <= 5.0,
            "eastbound {east_tz}: TS km {e}, sourced {ts}"
        );
    }
}

/// The westbound car at Novosibirsk and Moscow when the 2025 reports put it there.
#[test]
fn westbound_times_match_the_2025_reports() {
    let r = route("pyongyang-moscow");
    let nsk = instant(&r, stop(&r, "Novosibirsk"), "arrive");
    // Tsargrad: Novosibirsk-Glavny at 09:30 local on Monday 23 June 2025.
    let reported = local(chrono_tz::Asia::Novosibirsk, 2025, 6, 23, 9, 30);
    assert!(
        (nsk - reported).num_minutes().abs() <= 30,
        "Novosibirsk {nsk}, reported {reported}"
    );
    // RBC reported the car in at 16:50 MSK on 25 June, about an hour late.
    let moscow = instant(&r, stop(&r, "Moscow Yaroslavsky"), "arrive");
    let by = local(chrono_tz::Europe::Moscow, 2025, 6, 25, 16, 0);
    let day = local(chrono_tz::Europe::Moscow, 2025, 6, 25, 0, 0);
    assert!(
        moscow <= by && moscow >= day,
        "Moscow {moscow}: not on 25 June by 16:00 MSK"
    );
}

/// The eastbound car at Novosibirsk when the same report expects it, and the calendar kept.
#[test]
fn eastbound_times_and_the_calendar_hold() {
    let r = route("moscow-pyongyang");
    let nsk = instant(&r, stop(&r, "Novosibirsk"), "arrive");
    let expected = local(chrono_tz::Asia::Novosibirsk, 2025, 6, 28, 11, 54);
    assert!(
        (nsk - expected).num_minutes().abs() <= 30,
        "Novosibirsk {nsk}, expected {expected}"
    );
    let dep = instant(&r, stop(&r, "Moscow Yaroslavsky"), "depart");
    assert_eq!(
        dep,
        local(chrono_tz::Europe::Moscow, 2025, 6, 26, 1, 0),
        "MK: 01:00 MSK"
    );
    let arr =
        instant(&r, stop(&r, "Pyongyang"), "arrive").with_timezone(&chrono_tz::Asia::Pyongyang);
    assert_eq!(
        arr.date_naive(),
        NaiveDate::from_ymd_opt(2025, 7, 4).expect("date"),
        "RZD: the 4th"
    );
    let west = route("pyongyang-moscow");
    let west_dep = instant(&west, stop(&west, "Pyongyang"), "depart")
        .with_timezone(&chrono_tz::Asia::Pyongyang);
    assert_eq!(
        west_dep.date_naive(),
        NaiveDate::from_ymd_opt(2025, 6, 17).expect("date"),
        "RZD: the 17th"
    );
}

/// Pyongyang - Chongjin takes the 2019 official timetable's 1 d 3 h 43 min, both ways.
#[test]
fn the_korean_leg_keeps_the_2019_run_time() {
    let west = route("pyongyang-moscow");
    let run = instant(&west, stop(&west, "Chongjin"), "arrive")
        - instant(&west, stop(&west, "Pyongyang"), "depart");
    assert_eq!(run.num_minutes(), 27 * 60 + 43, "westbound");
    let east = route("moscow-pyongyang");
    let run = instant(&east, stop(&east, "Pyongyang"), "arrive")
        - instant(&east, stop(&east, "Chongjin"), "depart");
    assert_eq!(run.num_minutes(), 27 * 60 + 43, "eastbound");
}

#[test]
fn haversine_matches_a_known_distance() {
    // One degree of latitude on the mean sphere is 6371 * pi / 180 = 111.195 km.
    let d = haversine_km((42.0, 130.0), (43.0, 130.0));
    assert!((d - 111.195).abs() < 0.001, "{d}");
}
