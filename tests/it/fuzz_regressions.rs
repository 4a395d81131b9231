//! Every saved fuzz input (seeds in `tests/fuzz/corpus/`, crashes found in
//! `tests/fuzz/regressions/`) through the same harness functions the fuzz targets call. Runs on
//! stable, on every test run.

use std::path::Path;

use longrail::harness;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["tests/fuzz/corpus", "tests/fuzz/regressions"] {
        let path = Path::new(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

/// A fuzz target's name and the harness function it calls.
type Target = (&'static str, fn(&[u8]));

#[test]
fn saved_inputs_run_through_every_target() {
    let targets: [Target; 8] = [
        ("realtime_bytes", harness::realtime_bytes),
        ("route_bytes", harness::route_bytes),
        ("gtfs_bytes", harness::gtfs_bytes),
        ("network_bytes", harness::network_bytes),
        ("route_choices", harness::route_choices),
        ("config_bytes", harness::config_bytes),
        ("serve_input", harness::serve_input),
        ("instant_text", |d| {
            harness::instant_text(&String::from_utf8_lossy(d))
        }),
    ];
    let mut count = 0;
    for (target, run) in targets {
        let saved = inputs(target);
        assert!(!saved.is_empty(), "no saved inputs for {target}");
        for (name, data) in saved {
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {name} panicked");
            count += 1;
        }
    }
    assert!(count >= 8);
}

#[test]
fn the_structured_generator_reaches_validation_and_the_engine() {
    // Choices for a plausible two-stop route (month, day, stop count, then per stop: km step,
    // minutes step, offset, name, lat, lon, zone, waypoints): the generator must be able to
    // make routes that validate, or the structured target would only test error paths.
    let choices = [
        0u8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 8, 8, 0, 1, 0, 0,
    ];
    let text = harness::route_from_choices(&choices);
    let route = longrail::route::parse_route("g.toml", &text, None)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(route.stops.len(), 2);
    // And a change of one choice (the second stop's km step: back 5 km) makes it invalid.
    let mut bad = choices;
    bad[11] = 4;
    assert!(
        longrail::route::parse_route("g.toml", &harness::route_from_choices(&bad), None).is_err()
    );
}

mod seed {
    //! The parts of the `realtime_bytes` seeds.
    pub use longrail::import::realtime::proto::{
        FeedEntity, FeedHeader, FeedMessage, Position, TripDescriptor, TripUpdate, VehiclePosition,
        trip_update::StopTimeEvent, trip_update::StopTimeUpdate,
    };
    use prost::Message;

    /// 2025-06-10T08:05:00+02:00.
    pub const AT: i64 = 1_749_535_500;

    pub fn event(time: Option<i64>, delay: Option<i32>) -> Option<StopTimeEvent> {
        Some(StopTimeEvent {
            time,
            delay,
            ..Default::default()
        })
    }

    /// A stop update by sequence (0: none), stop_id and relation.
    pub fn stop(
        seq: u32,
        id: Option<&str>,
        rel: Option<i32>,
        arrival: Option<StopTimeEvent>,
        departure: Option<StopTimeEvent>,
    ) -> StopTimeUpdate {
        StopTimeUpdate {
            stop_sequence: (seq > 0).then_some(seq),
            stop_id: id.map(Into::into),
            schedule_relationship: rel,
            arrival,
            departure,
            ..Default::default()
        }
    }

    /// A trip by id, route, start time (with the date 2025-06-10) and relation.
    pub fn trip(
        id: Option<&str>,
        route: Option<&str>,
        time: Option<&str>,
        rel: Option<i32>,
    ) -> TripDescriptor {
        TripDescriptor {
            trip_id: id.map(Into::into),
            route_id: route.map(Into::into),
            start_time: time.map(Into::into),
            start_date: time.map(|_| "20250610".into()),
            schedule_relationship: rel,
            ..Default::default()
        }
    }

    pub fn update(trip: TripDescriptor, stops: Vec<StopTimeUpdate>) -> FeedEntity {
        FeedEntity {
            id: "e".into(),
            trip_update: Some(TripUpdate {
                trip,
                stop_time_update: stops,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    pub fn message(timestamp: Option<i64>, entity: Vec<FeedEntity>) -> Vec<u8> {
        FeedMessage {
            header: FeedHeader {
                gtfs_realtime_version: "2.0".into(),
                timestamp: timestamp.map(|t| u64::try_from(t).unwrap()),
                ..Default::default()
            },
            entity,
        }
        .encode_to_vec()
    }

    /// A vehicle of T1 near B.
    pub fn vehicle() -> FeedEntity {
        FeedEntity {
            id: "v".into(),
            vehicle: Some(VehiclePosition {
                trip: Some(trip(Some("T1"), None, None, None)),
                position: Some(Position {
                    latitude: 52.1,
                    longitude: 13.1,
                    ..Default::default()
                }),
                current_stop_sequence: Some(2),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// The seeds of the `realtime_bytes` target, encoded here from the generated GTFS-Realtime
/// types so that they are not opaque: delays (by delay and by time, at 08:05 on 10 June 2025
/// in Berlin); every kind of update (a cancellation, an added trip, a frequency run by
/// trip_id + start_time and by route_id + start_time, a skipped stop, NO_DATA, a vehicle
/// position); and a message without a timestamp or dates.
fn realtime_seeds() -> Vec<(&'static str, Vec<u8>)> {
    use seed::{AT, event, message, stop, trip, update};
    let t = |m: i64| Some(AT + m * 60);
    let delays = message(
        Some(AT),
        vec![update(
            trip(Some("T1"), None, None, None),
            vec![
                stop(2, None, None, event(None, Some(120)), None),
                stop(3, None, None, None, event(t(20), None)),
            ],
        )],
    );
    let kinds = message(
        Some(AT),
        vec![
            update(trip(Some("T1"), None, None, Some(3)), vec![]),
            update(
                trip(Some("X"), Some("R1"), Some("09:00:00"), Some(8)),
                vec![
                    stop(0, Some("A"), None, event(t(55), None), event(t(55), None)),
                    stop(0, Some("C"), None, event(t(70), None), event(t(71), None)),
                    stop(0, Some("D"), None, event(t(80), None), event(t(80), None)),
                ],
            ),
            update(
                trip(Some("F1"), None, Some("12:30:00"), None),
                vec![
                    stop(10, None, None, None, event(None, Some(60))),
                    stop(20, None, Some(1), None, None),
                    stop(40, None, Some(2), None, None),
                ],
            ),
            update(
                trip(None, Some("R2"), Some("13:00:00"), None),
                vec![stop(0, Some("B"), None, event(None, Some(-90)), None)],
            ),
            seed::vehicle(),
        ],
    );
    let undated = message(
        None,
        vec![update(
            trip(Some("T1"), None, None, None),
            vec![stop(1, None, None, None, event(None, Some(30)))],
        )],
    );
    vec![
        ("delays.pb", delays),
        ("kinds.pb", kinds),
        ("undated.pb", undated),
    ]
}

#[test]
fn the_realtime_seeds_are_the_messages_written_here_and_reach_the_rules() {
    let dir = Path::new("tests/fuzz/corpus/realtime_bytes");
    let write = std::env::var_os("LONGRAIL_WRITE_SEEDS").is_some();
    let feed = harness::zip_parts(harness::REALTIME_FEED.as_bytes());
    let mut f =
        longrail::import::Feed::from_zip(Box::new(std::io::Cursor::new(feed)), "f.zip".into())
            .unwrap();
    let base = longrail::import::network::load(&mut f, &Default::default())
        .unwrap()
        .network;
    for (name, bytes) in realtime_seeds() {
        let path = dir.join(name);
        if write {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let saved = std::fs::read(&path).unwrap_or_default();
        assert!(
            saved == bytes,
            "{} is not the message written here: run with LONGRAIL_WRITE_SEEDS=1",
            path.display()
        );
        let snapshot = longrail::import::realtime::decode(&bytes, name).unwrap();
        let mut network = base.clone();
        let mut realtime = longrail::network::realtime::Realtime::default();
        let applied = realtime.add(&mut network, &snapshot);
        assert_eq!(applied.missed, 0, "{name}: {:?}", applied.misses);
        assert!(!realtime.is_empty(), "{name}");
    }
}

#[test]
fn random_edits_of_the_realtime_seeds_never_panic() {
    // A fixed pseudo-random sequence of byte flips, insertions and cuts of each seed: most no
    // longer decode, many decode to other values (odd times, sequences, relations).
    let mut x: u64 = 0x5eed;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(x >> 33).unwrap() % m.max(1)
    };
    let mut decoded = 0;
    for (name, seed) in realtime_seeds() {
        for round in 0..300 {
            let mut bytes = seed.clone();
            for _ in 0..=next(2) {
                let at = next(bytes.len());
                match next(8) {
                    0..6 => bytes[at] ^= 1 << next(8),
                    6 => bytes.insert(at, u8::try_from(next(256)).unwrap()),
                    _ => bytes.truncate(at.max(1)),
                }
            }
            decoded += usize::from(longrail::import::realtime::decode(&bytes, "m").is_ok());
            let outcome = std::panic::catch_unwind(|| harness::realtime_bytes(&bytes));
            assert!(outcome.is_ok(), "{name}, edit {round}: {bytes:?}");
        }
    }
    assert!(
        decoded >= 200,
        "only {decoded} edits decode: the rules were hardly reached"
    );
}

#[test]
fn extreme_values_in_a_realtime_message_never_panic() {
    use seed::{event, message, stop, trip, update};
    let mut position = seed::vehicle();
    if let Some(v) = position.vehicle.as_mut() {
        v.position = Some(seed::Position {
            latitude: f32::NAN,
            longitude: f32::INFINITY,
            ..Default::default()
        });
        v.timestamp = Some(u64::MAX);
        v.current_stop_sequence = Some(u32::MAX);
    }
    for (t, d) in [(i64::MIN, i32::MIN), (i64::MAX, i32::MAX), (0, 0)] {
        for start in ["999:59:59", "00:00:00", "25:00:00"] {
            let bytes = message(
                Some(i64::MAX / 2),
                vec![
                    update(
                        trip(Some("T1"), None, None, None),
                        vec![
                            stop(1, None, None, event(Some(t), Some(d)), None),
                            stop(u32::MAX, None, None, None, event(None, Some(d))),
                            stop(4, None, None, event(Some(t), None), event(Some(t), None)),
                        ],
                    ),
                    update(
                        trip(Some("F1"), None, Some(start), None),
                        vec![stop(20, None, None, event(Some(t), Some(d)), None)],
                    ),
                    update(
                        trip(Some("N"), Some("R1"), Some(start), Some(8)),
                        vec![
                            stop(0, Some("A"), None, event(Some(t), None), None),
                            stop(0, Some("B"), None, event(Some(t), None), None),
                        ],
                    ),
                    position.clone(),
                ],
            );
            let outcome = std::panic::catch_unwind(|| harness::realtime_bytes(&bytes));
            assert!(outcome.is_ok(), "time {t}, delay {d}, start {start}");
        }
    }
}
