//! What `longrail serve` costs per viewer, printed as a table (`cargo bench --bench serve`):
//! N in-process viewers (N = 10, 50, 100, 200; `cargo bench --bench serve -- 10 50` for some),
//! each a real viewer loop (`serve::viewer::run`) on its own thread, with the session the
//! server builds (`cli::build::viewer_factory`: the default route and its other trains), at
//! 120×40, playing at 600×, at serve's frame rate (`serve::MAX_FPS`, 15 a second). Their frames go through the
//! real bounded writer into raw channels that one thread drains; the SSH layer (russh's
//! encryption, tokio) is not in these figures.
//!
//! `cargo bench --bench serve -- feed 50` serves the New York subway's network
//! (`cli::netview::viewer_factory`, `--feed` at 08:27 on a weekday) at 1× and 60× instead.
//!
//! `cargo bench --bench serve -- ssh 10 50` measures the real thing instead: the release
//! binary's `serve --speed 600` on port 0, N OpenSSH clients (`ssh -tt`) each in a 120×40
//! pseudo-terminal whose output is read and dropped, and the server process's CPU (from
//! /proc/PID/stat) and memory over 10 s after every viewer's first bytes.
//!
//! For each N: CPU of the whole process over the measured seconds (from /proc/self/stat) per
//! viewer in millicores, bytes per viewer per second, and resident memory added per viewer
//! (VmRSS after the viewers started, less before). Measurements, not pass/fail: the machine
//! is shared and noisy.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser as _;
use longrail::cli::{Cli, build};
use longrail::serve::output::{Flow, FrameWriter};
use longrail::serve::viewer::{self, Link, Packet};
use longrail::serve::{Mode, ViewerSpec};

// The end-to-end tests' pseudo-terminal harness, shared by its path.
#[path = "../it/common/pty.rs"]
mod pty;

use pty::{Keep, Pty};

const SIZE: (u16, u16) = (120, 40);
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURE: Duration = Duration::from_secs(10);

/// CPU seconds (user + system) of this process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = stat.rsplit(')').next().unwrap();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

/// Resident memory of this process, KiB.
fn rss_kib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

struct Viewers {
    stop: Arc<AtomicBool>,
    inputs: Vec<std::sync::mpsc::SyncSender<Packet>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    bytes: Arc<AtomicU64>,
}

fn start(n: usize, factory: &longrail::serve::Factory) -> Viewers {
    let stop = Arc::new(AtomicBool::new(false));
    let bytes = Arc::new(AtomicU64::new(0));
    let mut inputs = Vec::new();
    let mut threads = Vec::new();
    let mut drains = Vec::new();
    for _ in 0..n {
        let started = Instant::now();
        let session = factory(&ViewerSpec {
            size: SIZE,
            color: true,
            started,
        })
        .unwrap();
        let (packets, packets_rx) = std::sync::mpsc::sync_channel(viewer::INPUT_QUEUE);
        let (frames, frames_rx) = FrameWriter::queue();
        let flow = Flow::new(SIZE);
        drains.push((frames_rx, Arc::clone(&flow)));
        let link = Link {
            packets: packets_rx,
            resize: Arc::new(AtomicU32::new(0)),
            frames,
            flow,
            stop: Arc::clone(&stop),
            idle: None,
            size: SIZE,
            started,
            narrate: false,
        };
        inputs.push(packets);
        threads.push(std::thread::spawn(move || {
            session(link, longrail::serve::MAX_FPS);
        }));
    }
    let (done, counted) = (Arc::clone(&stop), Arc::clone(&bytes));
    threads.push(std::thread::spawn(move || {
        while !done.load(Ordering::Relaxed) {
            for (rx, flow) in &mut drains {
                while let Ok(frame) = rx.try_recv() {
                    counted.fetch_add(frame.len() as u64, Ordering::Relaxed);
                    flow.delivered(frame.len());
                }
            }
            std::thread::sleep(Duration::from_millis(5)); // a client's read interval
        }
    }));
    Viewers {
        stop,
        inputs,
        threads,
        bytes,
    }
}

fn measure(n: usize, factory: &longrail::serve::Factory) {
    let rss0 = rss_kib();
    let viewers = start(n, factory);
    std::thread::sleep(WARM_UP); // the first frames and the other trains' building
    let (cpu0, bytes0, t0) = (
        cpu_seconds(),
        viewers.bytes.load(Ordering::Relaxed),
        Instant::now(),
    );
    std::thread::sleep(MEASURE);
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let bytes = viewers.bytes.load(Ordering::Relaxed) - bytes0;
    let rss = rss_kib() - rss0;
    viewers.stop.store(true, Ordering::Relaxed);
    drop(viewers.inputs);
    for t in viewers.threads {
        t.join().unwrap();
    }
    let per = n as f64;
    println!(
        "serve N={n:>3}: {:>6.2} millicores/viewer, {:>7.0} B/s/viewer, {:>6.0} KiB RSS/viewer (process: {:.0}% CPU, {:.1} MiB added)",
        cpu / secs / per * 1000.0,
        bytes as f64 / secs / per,
        rss / per,
        cpu / secs * 100.0,
        rss / 1024.0
    );
}

/// CPU seconds and resident KiB of another process.
fn process_cpu_rss(pid: u32) -> (f64, f64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit(')').next().unwrap();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    (
        ticks / 100.0,
        line.split_whitespace().nth(1).unwrap().parse().unwrap(),
    )
}

/// The release server on port 0 with room for `n` viewers: the process, its port, and a
/// known_hosts file with its key (in `dir`).
fn start_server(dir: &std::path::Path, n: usize) -> (std::process::Child, String, PathBuf) {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let key = dir.join("hk");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let limit = (n + 1).to_string();
    let mut server = Command::new(env!("CARGO_BIN_EXE_longrail"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--speed",
            "600",
            "--host-key",
        ])
        .arg(&key)
        .args(["--max-viewers", &limit, "--per-address", &limit])
        .env("HOME", dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("serving on") {
        line.clear();
        log.read_line(&mut line).unwrap();
    }
    // The rest of the log is read and dropped, so the server never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    let port = line.split("127.0.0.1:").nth(1).unwrap();
    let port = port.split(',').next().unwrap().to_owned();
    let pub_key = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let known = dir.join("kh");
    std::fs::write(&known, format!("[127.0.0.1]:{port} {pub_key}")).unwrap();
    (server, port, known)
}

/// One `ssh -tt` in a 120×40 pty, its output counted and dropped.
fn spawn_client(port: &str, known: &std::path::Path) -> Pty {
    let mut cmd = portable_pty::CommandBuilder::new("ssh");
    cmd.args(["-tt", "-p", port, "-o", "StrictHostKeyChecking=yes"]);
    cmd.args(["-o", "BatchMode=yes", "-F", "/dev/null", "-o"]);
    cmd.arg(format!("UserKnownHostsFile={}", known.display()));
    cmd.arg("127.0.0.1");
    cmd.env("TERM", "xterm-256color");
    Pty::spawn_with(cmd, SIZE, Keep::Count)
}

/// The real server and N real ssh clients in ptys.
fn measure_ssh(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, port, known) = start_server(dir.path(), n);
    let (_, rss_base) = process_cpu_rss(server.id());
    let clients: Vec<Pty> = (0..n).map(|_| spawn_client(&port, &known)).collect();
    let drawn = || clients.iter().filter(|c| c.count() > 0).count();
    let deadline = Instant::now() + Duration::from_secs(60);
    while drawn() < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50)); // waiting for every viewer's first bytes
    }
    std::thread::sleep(WARM_UP);
    let (cpu0, _) = process_cpu_rss(server.id());
    std::thread::sleep(MEASURE);
    let (cpu1, rss1) = process_cpu_rss(server.id());
    println!(
        "serve over ssh N={n:>3}: {:>6.2} millicores/viewer, {:>5.0} KiB RSS/viewer (server {:.1} MiB, {:.1} MiB before the viewers); {} of {n} viewers drawn",
        (cpu1 - cpu0) / MEASURE.as_secs_f64() / n as f64 * 1000.0,
        (rss1 - rss_base) / n as f64,
        rss1 / 1024.0,
        rss_base / 1024.0,
        drawn(),
    );
    for client in clients {
        client.kill();
    }
    let _ = server.kill();
    let _ = server.wait();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let asked: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let ns = if asked.is_empty() {
        vec![10, 50, 100, 200]
    } else {
        asked
    };
    if args.iter().any(|a| a == "ssh") {
        for n in ns {
            measure_ssh(n);
        }
        return;
    }
    if args.iter().any(|a| a == "feed") {
        // `serve --feed`: the New York subway at its busiest minute, at 1x and at 60x.
        let nyc = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/feeds/nyc_subway_mta_2026-09-23.zip"
        );
        for speed in ["1", "60"] {
            let cli = Cli::parse_from([
                "longrail",
                "--feed",
                nyc,
                "--speed",
                speed,
                "--start",
                "2026-09-23T08:27:00-04:00",
            ]);
            let factory =
                longrail::cli::netview::viewer_factory(&cli, std::path::Path::new(nyc), Mode::Own)
                    .unwrap();
            println!("serve --feed (New York subway, 08:27, {speed}x):");
            for n in &ns {
                measure(*n, &factory);
            }
        }
        return;
    }
    let cli = Cli::parse_from([
        "longrail",
        "--speed",
        "600",
        "--start",
        "2025-06-17T00:00:00Z",
    ]);
    let factory = build::viewer_factory(&cli, Mode::Own).unwrap();
    for n in ns {
        measure(n, &factory);
    }
}
