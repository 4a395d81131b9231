//! Engine benchmarks on synthetic routes:
//! - `state/query/{100,10000,1000000}`: the train's state at an instant, on routes of that
//!   many stops (the lookup is a binary search, so the cost should barely grow);
//! - `load/parse/{1000,100000}`: parsing and validating a route file of that many stops (the
//!   cost per stop should stay flat).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use longrail::route::{Route, Stop, ZoneBoundary, parse_route};
use longrail::sim::Journey;

fn t0() -> DateTime<Utc> {
    "2025-06-17T00:00:00Z".parse().unwrap()
}

/// A route of `n` stops 10 km and 15 minutes apart with 5-minute dwells, zones changing every
/// 1,000 stops; built directly (a million-stop TOML file would be over the size limit).
fn synthetic_route(n: usize) -> Route {
    let zones = [
        chrono_tz::Asia::Vladivostok,
        chrono_tz::Asia::Yakutsk,
        chrono_tz::Asia::Irkutsk,
    ];
    let stops: Vec<Stop> = (0..n)
        .map(|i| {
            let base = t0() + TimeDelta::minutes(20 * i as i64);
            Stop {
                name: format!("S{i}"),
                local_name: None,
                km: 10.0 * i as f64,
                lat: 50.0,
                lon: 130.0 - (i % 1000) as f64 * 0.01,
                tz: zones[(i / 1000) % 3],
                arrive: (i > 0).then_some(base),
                depart: (i + 1 < n).then_some(base + TimeDelta::minutes(5)),
                note: None,
                major: false,
                via: Vec::new(),
            }
        })
        .collect();
    let zone_map = (0..n)
        .step_by(1000)
        .map(|i| ZoneBoundary {
            km: 10.0 * i as f64,
            tz: zones[(i / 1000) % 3],
        })
        .collect();
    Route {
        id: "synthetic".into(),
        name: "Synthetic".into(),
        description: None,
        departure_date: t0().date_naive(),
        service_days: Vec::new(),
        service_weekdays: Vec::new(),
        first_service: None,
        clocks: Vec::new(),
        stops,
        zones: zone_map,
        events: Vec::new(),
        source: "bench".into(),
        realtime: None,
    }
}

/// A route file's text with `n` stops 1 km and 5 minutes apart (4 minutes running, 1 minute
/// standing), so even 100,000 stops stay within the format's 366 days and 100,000 km.
fn synthetic_text(n: usize) -> String {
    let mut out = String::from(
        "[route]\nid = \"synthetic\"\nname = \"Synthetic\"\ndeparture_date = \"2025-06-17\"\n",
    );
    for i in 0..n {
        let minute = 5 * i;
        let at = |m: usize| format!("day {} {:02}:{:02}", 1 + m / 1440, (m / 60) % 24, m % 60);
        out += &format!(
            "[[stops]]\nname = \"S{i}\"\nkm = {}\nlat = 50.0\nlon = 130.0\ntz = \"Asia/Yakutsk\"\n",
            i
        );
        if i > 0 {
            out += &format!("arrive = \"{}\"\n", at(minute));
        }
        if i + 1 < n {
            out += &format!("depart = \"{}\"\n", at(minute + 1));
        }
    }
    out
}

fn state(c: &mut Criterion) {
    let mut g = c.benchmark_group("state");
    for n in [100usize, 10_000, 1_000_000] {
        let journey = Journey::new(synthetic_route(n));
        let span = (journey.route().arrival() - journey.route().departure()).num_seconds();
        // A fixed spread of instants over the journey, queried in turn.
        let instants: Vec<DateTime<Utc>> = (0..64)
            .map(|k| journey.route().departure() + TimeDelta::seconds(span * ((k * 37) % 64) / 64))
            .collect();
        let mut k = 0;
        g.bench_with_input(BenchmarkId::new("query", n), &n, |b, _| {
            b.iter(|| {
                k = (k + 1) % instants.len();
                black_box(journey.state_at(black_box(instants[k])))
            });
        });
    }
    g.finish();
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    for n in [1000usize, 100_000] {
        let text = synthetic_text(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("parse", n), &text, |b, text| {
            b.iter(|| parse_route("bench.toml", black_box(text), None).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = state, load
}
criterion_main!(benches);
