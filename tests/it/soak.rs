//! On demand: the app in a pseudo-terminal for a long time (`LONGRAIL_SOAK_SECS` sets how
//! long), with its resident memory sampled at the start and the end:
//! - replaying at 10,000× for 30 minutes, restarting the journey each time it ends;
//! - the demo looping unattended for 10 minutes (every other train, captions, map cuts).
//!
//! Run with `cargo test --release --test it soak:: -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use crate::common::pty::{self, Keep, Pty};

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
#[ignore = "takes 30 minutes; run on demand"]
fn memory_stays_flat_over_a_long_fast_replay() {
    // The journey lasts about 75 s at 10,000×; restart it whenever it may have ended.
    soak(&["--speed", "10000"], 1800, Some(b"r"));
}

#[test]
#[ignore = "takes 10 minutes; run on demand"]
fn memory_stays_flat_while_the_demo_loops_unattended() {
    soak(&["demo", "--loop"], 600, None);
}

/// Run the app with `args` for `default_secs` (or `LONGRAIL_SOAK_SECS`), sending `key` once
/// a minute, and check its memory at the end is within 10% (+1 MiB) of the start.
fn soak(args: &[&str], default_secs: u64, key: Option<&[u8]>) {
    let secs = soak_secs(default_secs);
    // Only the bytes drawn are counted: half an hour of frames is not kept.
    let mut app = Pty::spawn_with(pty::longrail(args, &[]), (120, 40), Keep::Count);
    let Memory {
        start: start_rss,
        end: end_rss,
        peak,
        samples,
    } = watch_memory(&mut app, secs, key);
    app.send(b"q");
    let (status, _, app) = app.wait_exit();
    let bytes = app.count();
    println!(
        "soak: {args:?} for {secs} s: RSS start {start_rss} KiB, end {end_rss} KiB, peak {peak} KiB; each minute {samples:?} KiB; {bytes} bytes drawn; exit {status:?}"
    );
    assert!(
        end_rss <= start_rss + start_rss / 10 + 1024,
        "memory grew: {start_rss} KiB → {end_rss} KiB"
    );
}

/// How long to soak: `LONGRAIL_SOAK_SECS` if set to a number, else `default_secs`.
fn soak_secs(default_secs: u64) -> u64 {
    std::env::var("LONGRAIL_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_secs)
}

/// Resident memory over a soak, KiB.
struct Memory {
    /// Once the app has settled.
    start: u64,
    /// At the end.
    end: u64,
    /// The most seen, from the start on.
    peak: u64,
    /// Each minute's.
    samples: Vec<u64>,
}

/// Let the app settle, then sample its memory once a minute for `secs`, sending `key` before
/// each sample.
fn watch_memory(app: &mut Pty, secs: u64, key: Option<&[u8]>) -> Memory {
    let pid = app.pid();
    // Let it reach a steady state, then sample.
    std::thread::sleep(Duration::from_secs(5));
    let start = rss_kib(pid);
    let started = Instant::now();
    let mut peak = start;
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(secs) {
        std::thread::sleep(Duration::from_secs(60).min(Duration::from_secs(secs)));
        if let Some(key) = key {
            app.send(key);
        }
        let now = rss_kib(pid);
        samples.push(now);
        peak = peak.max(now);
    }
    Memory {
        start,
        end: rss_kib(pid),
        peak,
        samples,
    }
}
