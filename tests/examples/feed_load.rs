//! One GTFS feed loaded by longrail's network model or by `gtfs-structures` 0.52, as a whole
//! process, to compare their time and peak memory (run it under `/usr/bin/time -f "%e s %M KB"`;
//! tests/benches/README.md gives the figures and the commands).
//!
//! Usage: `cargo run --release --example feed_load -- longrail|gtfs-structures FEED`
//! Prints what was loaded and how long the load took inside the process.
//! `feed_load synthesize DIR TRIPS` writes the benches' synthetic feed of TRIPS trips of 30
//! stops into DIR (tests/benches/synthetic_feed.rs).
#![allow(clippy::print_stdout)]

#[path = "../benches/synthetic_feed.rs"]
mod synthetic_feed;

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(which), Some(feed)) = (args.first(), args.get(1)) else {
        eprintln!("usage: feed_load longrail|gtfs-structures FEED");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let outcome = match which.as_str() {
        "longrail" => longrail(feed),
        "gtfs-structures" => gtfs_structures(feed),
        "synthesize" => synthesize(feed, &args),
        other => Err(format!("{other}: say longrail or gtfs-structures")),
    };
    match outcome {
        Ok(what) => {
            println!(
                "{which}: {what} in {:.3} s",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn longrail(feed: &str) -> Result<String, String> {
    let mut f =
        longrail::import::Feed::open(std::path::Path::new(feed)).map_err(|e| e.to_string())?;
    let loaded =
        longrail::import::network::load(&mut f, &Default::default()).map_err(|e| e.to_string())?;
    let n = &loaded.network;
    Ok(format!(
        "{} trips, {} stop times, {} shapes, {} runs, {} heap bytes ({:.1} a stop time)",
        n.trips().len(),
        n.stop_time_count(),
        n.shapes().len(),
        n.run_count(),
        n.heap_bytes(),
        n.heap_bytes() as f64 / n.stop_time_count().max(1) as f64
    ))
}

fn gtfs_structures(feed: &str) -> Result<String, String> {
    let gtfs = gtfs_structures::Gtfs::from_path(feed).map_err(|e| e.to_string())?;
    let stop_times: usize = gtfs.trips.values().map(|t| t.stop_times.len()).sum();
    Ok(format!(
        "{} trips, {} stop times, {} shapes",
        gtfs.trips.len(),
        stop_times,
        gtfs.shapes.len()
    ))
}

fn synthesize(dir: &str, args: &[String]) -> Result<String, String> {
    let trips: usize = args
        .get(2)
        .and_then(|t| t.parse().ok())
        .ok_or("give the number of trips")?;
    synthetic_feed::write_feed(std::path::Path::new(dir), trips).map_err(|e| e.to_string())?;
    Ok(format!(
        "{dir}: {trips} trips, {} stop times",
        trips * synthetic_feed::STOPS
    ))
}
