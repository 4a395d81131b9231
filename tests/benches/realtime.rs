//! `--realtime`'s cost (issue 23): `realtime/apply-1000`, one GTFS-Realtime message of 1,000
//! trip updates (every remaining stop of 1,000 trips of the New York City subway running on a
//! weekday morning, by `time`, as MTA's feed gives them) decoded and applied to the network, as
//! a ratio to `realtime/load-static`, the same feed's static files read into the network, in
//! the same run. `realtime/running-1000`: the trains running at an instant with those
//! predictions in force, against `realtime/running-static` without them. The feed is in
//! `../shared/feeds` (skipped with a note where absent); tests/benches/README.md has the
//! figures.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use longrail::import::Feed;
use longrail::import::network::{Filter, load};
use longrail::import::realtime::{decode, proto};
use longrail::network::realtime::Realtime;
use longrail::network::{Network, Scratch, Train};
use prost::Message;

const FEED: &str = "../shared/feeds/nyc_subway_mta_2026-09-23.zip";

/// 08:27 EDT on Wednesday 23 September 2026: about 530 trains run.
fn morning() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-23T12:27:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn load_static(path: &Path) -> Network {
    let mut feed = Feed::open(path).unwrap();
    load(&mut feed, &Filter::default()).unwrap().network
}

/// `count` trips running at `at`, then those departing next.
fn trains(network: &Network, at: DateTime<Utc>, count: usize) -> Vec<Train> {
    let mut trains: Vec<Train> = Vec::new();
    for minutes in (0..600).step_by(10) {
        let mut more = network.running_at(at + TimeDelta::minutes(minutes));
        more.retain(|t| !trains.iter().any(|u| u.trip == t.trip));
        trains.extend(more);
        if trains.len() >= count {
            break;
        }
    }
    trains.truncate(count);
    assert_eq!(trains.len(), count, "not enough trips");
    trains
}

/// The `k`-th update: every stop from the middle of `t`'s trip on, by `time`, `k % 10`
/// minutes late.
fn entity(network: &Network, k: usize, t: &Train) -> proto::FeedEntity {
    let trip = &network.trips()[t.trip as usize];
    let origin = longrail::network::clock::service_origin(t.service_date, network.zone);
    let times = network.trip_times(trip);
    let late = i64::try_from(k % 10).unwrap() * 60;
    let at = |s: i32| Some(origin.timestamp() + i64::from(s + t.shift) + late);
    let event = |s: i32| {
        Some(proto::trip_update::StopTimeEvent {
            time: at(s),
            ..Default::default()
        })
    };
    let stops = (times.len() / 2..times.len())
        .map(|i| proto::trip_update::StopTimeUpdate {
            stop_sequence: network.stop_sequence(t.trip, i),
            arrival: event(times[i][0]),
            departure: event(times[i][1]),
            ..Default::default()
        })
        .collect();
    proto::FeedEntity {
        id: k.to_string(),
        trip_update: Some(proto::TripUpdate {
            trip: proto::TripDescriptor {
                trip_id: Some(trip.id.to_string()),
                start_date: Some(t.service_date.format("%Y%m%d").to_string()),
                ..Default::default()
            },
            stop_time_update: stops,
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A message updating `count` trips (the running ones first, then those departing next),
/// received at `at`.
fn message(network: &Network, at: DateTime<Utc>, count: usize) -> Vec<u8> {
    let entity = trains(network, at, count)
        .iter()
        .enumerate()
        .map(|(k, t)| entity(network, k, t))
        .collect();
    proto::FeedMessage {
        header: proto::FeedHeader {
            gtfs_realtime_version: "2.0".into(),
            timestamp: Some(u64::try_from(at.timestamp()).unwrap()),
            ..Default::default()
        },
        entity,
    }
    .encode_to_vec()
}

/// Decode `bytes` and apply them to `network` with a fresh [`Realtime`].
fn apply(network: &mut Network, bytes: &[u8]) -> Realtime {
    let snapshot = decode(bytes, "bench.pb").unwrap();
    let mut realtime = Realtime::default();
    let applied = realtime.add(network, &snapshot);
    assert_eq!(applied.missed, 0, "{:?}", applied.misses);
    realtime
}

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FEED);
    if !path.is_file() {
        eprintln!(
            "note: {} is absent; the realtime benches are skipped",
            path.display()
        );
        return;
    }
    let mut network = load_static(&path);
    let at = morning();
    let bytes = message(&network, at, 1000);
    let stops: usize = decode(&bytes, "m")
        .unwrap()
        .updates
        .iter()
        .map(|u| u.stops.len())
        .sum();
    eprintln!(
        "the message: {} bytes, 1000 trip updates, {stops} stop updates",
        bytes.len()
    );
    let mut g = c.benchmark_group("realtime");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    g.bench_function("load-static", |b| b.iter(|| black_box(load_static(&path))));
    g.bench_function("apply-1000", |b| {
        b.iter(|| black_box(apply(&mut network, &bytes).len()));
    });
    let realtime = apply(&mut network, &bytes);
    let (mut scratch, mut out) = (Scratch::default(), Vec::new());
    let mut k = 0i64;
    g.bench_function("running-static", |b| {
        b.iter(|| {
            k = (k + 1) % 600;
            network.running(at + TimeDelta::seconds(k), &mut scratch, &mut out);
            black_box(out.len())
        });
    });
    g.bench_function("running-1000", |b| {
        b.iter(|| {
            k = (k + 1) % 600;
            realtime.running(&network, at + TimeDelta::seconds(k), &mut scratch, &mut out);
            black_box(out.len())
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
