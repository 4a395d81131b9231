//! The network model's benchmarks (issue 22):
//! - `network/load/nyc`: the New York City subway feed (`../shared/feeds`, 565,093 stop times;
//!   skipped with a note where the folder is absent) read whole into the model, and
//!   `network/load/gtfs-structures-nyc`, the same feed read by `gtfs-structures` 0.52;
//! - `network/load/synthetic-3m` and `network/load/gtfs-structures-synthetic-3m`: the same for a
//!   synthetic feed of 3,000,000 stop times (100,000 trips of 30 stops; written once into
//!   `target/bench-network/`, see `synthetic_feed.rs`);
//! - `network/running/{10000,100000,1000000}`: the trains running at an instant (found and
//!   placed) in networks of 10,000 to 1,000,000 trips built in memory, the same number of
//!   trains running in each (about 260): the work must not grow with the trips.
//!
//! Whole-process time and peak memory come from `feed_load` (tests/examples/feed_load.rs);
//! tests/benches/README.md has the figures and the commands.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "synthetic_feed.rs"]
mod synthetic_feed;

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Days, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use longrail::import::Feed;
use longrail::import::network::{Filter, load};
use longrail::network::{
    self, Mode, Network, Raw, RawStopTime, RawTrip, Route, Scratch, Service, Stop,
};

fn nyc() -> Option<PathBuf> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/feeds/nyc_subway_mta_2026-09-23.zip");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "note: {} is absent; network/load/nyc is skipped",
            path.display()
        );
        None
    }
}

fn synthetic_3m() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-network/synthetic-3000000");
    synthetic_feed::write_feed(&dir, 100_000).unwrap();
    dir
}

fn load_longrail(path: &Path) -> Network {
    let mut feed = Feed::open(path).unwrap();
    load(&mut feed, &Filter::default()).unwrap().network
}

fn bench_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("network/load");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut feeds = vec![("synthetic-3m", synthetic_3m())];
    if let Some(nyc) = nyc() {
        feeds.insert(0, ("nyc", nyc));
    }
    for (name, path) in feeds {
        let n = load_longrail(&path);
        eprintln!(
            "{name}: {} stop times, {} heap bytes in the model ({:.1} a stop time)",
            n.stop_time_count(),
            n.heap_bytes(),
            n.heap_bytes() as f64 / n.stop_time_count() as f64
        );
        g.bench_function(name, |b| b.iter(|| black_box(load_longrail(&path))));
        g.bench_function(format!("gtfs-structures-{name}"), |b| {
            b.iter(|| black_box(gtfs_structures::Gtfs::from_path(&path).unwrap()))
        });
    }
    g.finish();
}

/// Trips per service date in [`network_of`].
const PER_DAY: usize = 10_000;

/// A network of `trips` trips of 4 stops (30 minutes), 10,000 on each of `trips / 10,000`
/// consecutive days from 1 January 2025 (a service per day, as calendar_dates.txt would
/// give it), departing evenly from 05:00 to 24:00.
fn network_of(trips: usize) -> Network {
    let day0 = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let days = trips / PER_DAY;
    let services = (0..days)
        .map(|d| Service {
            added: BTreeSet::from([day0.checked_add_days(Days::new(d as u64)).unwrap()]),
            ..Service::default()
        })
        .collect();
    let stops = (0..40)
        .map(|s| Stop {
            id: format!("S{s}").into(),
            name: format!("Stop {s}").into(),
            coord: Some((48.8 + f64::from(s) * 0.003, 2.3 + f64::from(s % 7) * 0.002)),
            parent: None,
            station: false,
        })
        .collect();
    let route = Route {
        id: "R".into(),
        short_name: "R".into(),
        long_name: String::new().into(),
        route_type: 1,
        mode: Mode::Subway,
        color: None,
        text_color: None,
    };
    let mut raw = Raw {
        name: "bench".into(),
        zone: Some(chrono_tz::Europe::Paris),
        stops,
        routes: vec![route],
        services,
        service_ids: (0..days).map(|d| format!("D{d}").into()).collect(),
        ..Raw::default()
    };
    for i in 0..trips {
        let u = |v: usize| u32::try_from(v).unwrap();
        raw.trips.push(RawTrip {
            id: format!("T{i:07}").into(),
            route: 0,
            service: u(i / PER_DAY),
            shape: None,
            headsign: "".into(),
        });
        let start = 5 * 3600 + (i % PER_DAY) * 19 * 3600 / PER_DAY;
        let first = (i % 10) * 4;
        for s in 0..4 {
            let t = i32::try_from(start + s * 600).unwrap();
            raw.stop_times.push(RawStopTime {
                trip: u(i),
                sequence: u(s),
                stop: u(first + s),
                arrive: t,
                depart: t,
                dist: f32::NAN,
            });
        }
    }
    network::build(raw).0
}

fn bench_running(c: &mut Criterion) {
    let mut g = c.benchmark_group("network/running");
    g.warm_up_time(Duration::from_secs(1));
    for trips in [10_000, 100_000, 1_000_000] {
        let net = network_of(trips);
        // Noon on the middle day: about 10,000 x 30 min / 19 h = 263 trains.
        let day = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .checked_add_days(Days::new((trips / PER_DAY / 2) as u64))
            .unwrap();
        let noon = chrono_tz::Europe::Paris
            .from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc);
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        net.running(noon, &mut scratch, &mut out);
        eprintln!("{trips} trips: {} running at {noon}", out.len());
        assert!((250..280).contains(&out.len()), "{} running", out.len());
        let mut k = 0i64;
        g.bench_with_input(BenchmarkId::from_parameter(trips), &net, |b, net| {
            b.iter(|| {
                k = (k + 1) % 600;
                net.running(noon + TimeDelta::seconds(k), &mut scratch, &mut out);
                black_box(out.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_running, bench_load);
criterion_main!(benches);
