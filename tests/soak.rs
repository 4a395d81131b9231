//! On demand: the app replaying at 10,000× in a pseudo-terminal for a long time (30 minutes by
//! default; `LONGRAIL_SOAK_SECS` changes it), restarting the journey each time it ends, with
//! its resident memory sampled at the start and the end. Run with
//! `cargo test --release --test soak -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
#[ignore = "takes 30 minutes; run on demand"]
fn memory_stays_flat_over_a_long_fast_replay() {
    let secs: u64 = std::env::var("LONGRAIL_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1800);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_longrail"));
    cmd.args(["--speed", "10000"]);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let drain = std::thread::spawn(move || {
        let mut total = 0usize;
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
        }
        total
    });
    let mut writer = pair.master.take_writer().unwrap();
    let pid = child.process_id().unwrap();
    // Let it reach a steady state, then sample.
    std::thread::sleep(Duration::from_secs(5));
    let start_rss = rss_kib(pid);
    let started = Instant::now();
    let mut peak = start_rss;
    while started.elapsed() < Duration::from_secs(secs) {
        // The journey lasts about 75 s at 10,000×; restart it whenever it may have ended.
        std::thread::sleep(Duration::from_secs(60));
        writer.write_all(b"r").unwrap();
        peak = peak.max(rss_kib(pid));
    }
    let end_rss = rss_kib(pid);
    writer.write_all(b"q").unwrap();
    let status = child.wait().unwrap();
    drop(pair.master);
    drop(writer);
    let bytes = drain.join().unwrap();
    println!(
        "soak: {secs} s at 10000x: RSS start {start_rss} KiB, end {end_rss} KiB, peak {peak} KiB; {bytes} bytes drawn; exit {status:?}"
    );
    assert!(
        end_rss <= start_rss + start_rss / 10 + 1024,
        "memory grew: {start_rss} KiB → {end_rss} KiB"
    );
}
