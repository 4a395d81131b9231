//! On demand: `longrail serve --demo` with 40 scripted viewers (russh's client, 120×40,
//! reading every byte) for 10 minutes (`LONGRAIL_SOAK_SECS` sets how long,
//! `LONGRAIL_SOAK_VIEWERS` how many), the server's
//! resident memory sampled each minute and its CPU time read from /proc:
//! - memory per viewer once settled (after the first minute) at most 1 MiB;
//! - no growth after the first minute (at most 2 MiB, the allocator's noise);
//! - CPU per viewer at most 10 millicores.
//!
//! Run with `cargo test --release --test it serve_soak:: -- --ignored --nocapture`; the
//! figures are in `tests/benches/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::common::ssh::*;
use russh::ChannelMsg;

/// CPU seconds (user + system) of process `pid` so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit(')').next().unwrap();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

/// How many viewers: 40, or `LONGRAIL_SOAK_VIEWERS`.
fn viewers() -> usize {
    std::env::var("LONGRAIL_SOAK_VIEWERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
}

/// [`viewers`] viewers, each past its first frame, then reading (and counting) every byte
/// until `stop`.
fn start_viewers(
    rt: &tokio::runtime::Runtime,
    to: SocketAddr,
    bytes: &Arc<AtomicU64>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for _ in 0..viewers() {
        let mut v = rt
            .block_on(Viewer::connect(to, &Spec::new((120, 40))))
            .unwrap();
        rt.block_on(v.first_frame()).unwrap();
        let (bytes, stop) = (Arc::clone(bytes), Arc::clone(stop));
        tasks.push(rt.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match tokio::time::timeout(Duration::from_secs(1), v.channel.wait()).await {
                    Ok(Some(ChannelMsg::Data { data })) => {
                        bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                    }
                    Ok(Some(_)) | Err(_) => {}
                    Ok(None) => panic!("a viewer was dropped"),
                }
            }
            drop(v);
        }));
    }
    tasks
}

#[test]
#[ignore = "takes 10 minutes; run on demand (see the file's doc)"]
fn forty_viewers_for_ten_minutes_hold_flat_memory_and_little_cpu() {
    let secs: u64 = std::env::var("LONGRAIL_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let server = Server::start(&["--demo", "--max-viewers", "100", "--per-address", "100"]);
    let to = server.addr();
    let pid = server.child.id();
    let rt = runtime();
    let base = server.rss_kib();
    let n = viewers();
    let bytes = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = start_viewers(&rt, to, &bytes, &stop);
    let started = Instant::now();
    let cpu0 = cpu_seconds(pid);
    let mut samples = Vec::new();
    let minute = Duration::from_secs(60.min(secs));
    while started.elapsed() < Duration::from_secs(secs) {
        std::thread::sleep(minute); // sampling once a minute
        samples.push(server.rss_kib());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu0;
    let sent = bytes.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        rt.block_on(t).unwrap();
    }
    let after = server.wait_lines("every viewer gone", TIMEOUT, n, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    assert_eq!(after.len(), n);
    let settled = samples[0];
    let last = *samples.last().unwrap();
    let per_viewer_kib = settled.saturating_sub(base) as f64 / n as f64;
    let millicores = cpu / elapsed * 1000.0 / n as f64;
    println!(
        "soak: {n} viewers, --demo, 120x40, {elapsed:.0} s: RSS {base} KiB before the viewers, each minute {samples:?} KiB, {} KiB after they left; {per_viewer_kib:.0} KiB a viewer; CPU {cpu:.1} s = {millicores:.2} millicores a viewer; {:.0} bytes/s a viewer",
        server.rss_kib(),
        sent as f64 / elapsed / n as f64
    );
    assert!(per_viewer_kib <= 1024.0, "{per_viewer_kib} KiB a viewer");
    assert!(
        last <= settled + 2048,
        "memory grew after the first minute: {settled} KiB → {last} KiB"
    );
    assert!(millicores <= 10.0, "{millicores} millicores a viewer");
}
