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
    let targets: [Target; 7] = [
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
