//! `longrail serve` under attack, on port 0 of 127.0.0.1, with scripted SSH clients (russh's
//! client in this process, on tokio) doing what a hostile or broken client does: floods of
//! silent connections from another loopback address, a channel closed under a live connection,
//! a reader that stops reading its socket at the largest size, strings of 100 kB, connections
//! dropped without a goodbye. Every wait has a deadline and awaits an event (a log line, a
//! frame, a closed socket); every flood is bounded in count and time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{IpAddr, SocketAddr};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::bin;
use crate::common::ssh::*;
use russh::ChannelMsg;

/// Connections from `from` that say nothing, kept open: whenever the server closes one,
/// another is opened (at most one a `pace` per task, and `most` in all, until `until`),
/// counted in `opened`. Returns how many were opened.
async fn flood(
    to: SocketAddr,
    from: IpAddr,
    (tasks, most, pace): (usize, usize, Duration),
    opened: Arc<AtomicUsize>,
    until: Arc<AtomicBool>,
) -> usize {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let (opened, until) = (Arc::clone(&opened), Arc::clone(&until));
        set.spawn(async move {
            let mut tick = tokio::time::interval(pace);
            while !until.load(Ordering::Relaxed) && opened.fetch_add(1, Ordering::Relaxed) < most {
                tick.tick().await;
                let Ok(mut s) = tcp_from(from, to, None).await else {
                    continue;
                };
                // Silent: wait until the server closes it (or the flood ends).
                let mut buf = [0u8; 256];
                loop {
                    if until.load(Ordering::Relaxed) {
                        return;
                    }
                    let read = tokio::time::timeout(
                        Duration::from_millis(200),
                        tokio::io::AsyncReadExt::read(&mut s, &mut buf),
                    )
                    .await;
                    if let Ok(Ok(0) | Err(_)) = read {
                        break;
                    }
                }
            }
        });
    }
    while set.join_next().await.is_some() {}
    opened.load(Ordering::Relaxed).min(most)
}

#[test]
fn a_flood_from_one_address_never_locks_out_another_addresss_viewers() {
    // Room for 4 viewers: today's cap on connections at once is 2 × 4 + 16 = 24.
    let server = Server::start(&["--paused", "--max-viewers", "4"]);
    let to = server.addr();
    let rt = runtime();
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicUsize::new(0));
    let flooding = rt.spawn(flood(
        to,
        THERE,
        (40, 20_000, Duration::from_millis(50)),
        Arc::clone(&opened),
        Arc::clone(&stop),
    ));
    // The viewers come once the flood has made its first 80 connections (twice what it
    // keeps open: it is refilling), and while it goes on.
    let began = Instant::now();
    while opened.load(Ordering::Relaxed) < 80 {
        assert!(began.elapsed() < TIMEOUT, "the flood never got going");
        std::thread::sleep(Duration::from_millis(20)); // polling a counter with a deadline
    }
    let mut results = Vec::new();
    for _ in 0..3 {
        let got = rt.block_on(async {
            let mut v = Viewer::connect(to, &Spec::new((80, 24))).await?;
            v.first_frame().await?;
            Ok::<_, String>(v)
        });
        results.push(got.map(|_| ()));
    }
    stop.store(true, Ordering::Relaxed);
    let opened = rt.block_on(flooding).unwrap();
    assert!(
        results.iter().all(Result::is_ok),
        "viewers from 127.0.0.1 during a flood from 127.0.0.2 ({opened} connections in {:.1} s): {results:?}",
        began.elapsed().as_secs_f64()
    );
}

#[test]
fn closing_the_channel_ends_the_viewer_and_frees_its_slot_at_once() {
    // One viewer at most: the second gets in only if the first one's slot is freed.
    let server = Server::start(&["--demo", "--max-viewers", "1"]);
    let to = server.addr();
    let rt = runtime();
    let (first, _keep) = rt.block_on(async {
        let mut v = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        v.first_frame().await.unwrap();
        // As OpenSSH's connection sharing does: the session channel closes, the
        // connection stays.
        v.channel.close().await.unwrap();
        let handle = v.handle;
        (v.channel, handle)
    });
    let line = server.wait_log("the first viewer leaving", Duration::from_secs(10), |l| {
        l.contains("disconnect 127.0.0.1")
    });
    assert!(line.contains("left (closed the channel)"), "{line}");
    rt.block_on(async {
        let mut second = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        second.first_frame().await.unwrap();
    });
    drop(first);
    // No viewer thread is left drawing for the closed channel: the server names one viewer.
    let threads = std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.starts_with("viewer"))
        })
        .count();
    assert_eq!(threads, 1, "viewer threads");
}

#[test]
fn a_reader_stopped_at_the_largest_size_is_dropped_by_the_stall_limit_with_memory_bounded() {
    // The demo at 500×200 sends the most. The client's window is 8 KiB and its socket's
    // buffer small, so once it stops reading, the server's output has nowhere to go within a
    // frame: from then the 30 s stall limit runs.
    let server = Server::start(&["--demo"]);
    let to = server.addr();
    let rt = runtime();
    let mut spec = Spec::new((500, 200));
    spec.window = WINDOW;
    spec.rcvbuf = Some(16 * 1024);
    let (mut stopped, mut live) = rt.block_on(async {
        let mut stopped = Viewer::connect(to, &spec).await.unwrap();
        stopped.first_frame().await.unwrap();
        let mut live = Viewer::connect(to, &Spec::new((80, 24))).await.unwrap();
        live.first_frame().await.unwrap();
        (stopped, live)
    });
    let rss_before = server.rss_kib();
    stopped.stopped.store(true, Ordering::Relaxed);
    let since = Instant::now();
    // The live viewer's screen keeps changing meanwhile, and memory stays bounded.
    let mut peak = rss_before;
    rt.block_on(async {
        while since.elapsed() < Duration::from_secs(20) {
            let before = live.screen.screen().contents();
            live.wait_for("a later frame", |s| s != before)
                .await
                .unwrap();
            peak = peak.max(server.rss_kib());
        }
    });
    let line = server.wait_log("the stopped viewer dropped", Duration::from_secs(60), |l| {
        l.contains("too slow")
    });
    let took = since.elapsed();
    peak = peak.max(server.rss_kib());
    // What the client took before it stopped, read to the end of what its SSH layer had.
    let received = rt.block_on(stopped.drain());
    let sent: u64 = line
        .split(" bytes sent")
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    eprintln!(
        "dropped {:.1} s after it stopped reading; {sent} bytes sent, {received} received; RSS {rss_before} KiB before, peak {peak} KiB",
        took.as_secs_f64()
    );
    assert!(line.contains("500x200"), "{line}");
    // The server counts as sent only what the client's window took: what it read, and at
    // most one window more that waits in its socket.
    assert!(
        sent <= received + u64::from(WINDOW),
        "{sent} bytes counted as sent, {received} received, window {WINDOW}"
    );
    // The stall limit runs from when the output stopped: within a frame of the stop.
    assert!(
        took <= Duration::from_secs(33),
        "dropped {:.1} s after it stopped reading; the stall limit is 30 s",
        took.as_secs_f64()
    );
    // What is held for it: at most 1 MiB of frames in flight, and the allocator's slack.
    let grown = peak.saturating_sub(rss_before);
    assert!(grown < 8 * 1024, "the server grew by {grown} KiB");
    rt.block_on(async {
        let before = live.screen.screen().contents();
        live.wait_for("frames still coming", |s| s != before)
            .await
            .unwrap();
    });
}

/// The stopped reader's SSH window.
const WINDOW: u32 = 8 * 1024;

impl Viewer {
    /// Take what the client's SSH layer already has for the channel (its socket is no
    /// longer read); returns every byte of data received in all.
    async fn drain(&mut self) -> u64 {
        // Only what is queued already: the first wait that finds nothing ends it.
        while let Ok(Some(msg)) =
            tokio::time::timeout(Duration::from_millis(50), self.channel.wait()).await
        {
            if let ChannelMsg::Data { data } = msg {
                self.bytes.extend_from_slice(&data);
            }
        }
        self.bytes.len() as u64
    }
}

#[test]
fn client_strings_reach_the_log_capped_and_escaped() {
    let server = Server::start(&["--paused"]);
    let to = server.addr();
    let rt = runtime();
    let huge_term = format!("xterm\x1b[31m{}", "t".repeat(100_000));
    let huge_user = format!("eve\u{202e}{}", "u".repeat(100_000));
    rt.block_on(async {
        let mut spec = Spec::new((80, 24));
        spec.term = huge_term.clone();
        spec.user = huge_user.clone();
        let mut v = Viewer::connect(to, &spec).await.unwrap();
        v.first_frame().await.unwrap();
        v.handle
            .disconnect(russh::Disconnect::ByApplication, "", "")
            .await
            .unwrap();
    });
    server.wait_log("the disconnection line", TIMEOUT, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    let log = server.log_text();
    for line in log.lines() {
        assert!(
            line.chars().count() <= 400,
            "a log line of {} characters",
            line.len()
        );
        assert!(
            !line.contains('\x1b') && !line.contains('\u{202e}'),
            "unescaped: {line:?}"
        );
    }
    let connect = log
        .lines()
        .find(|l| l.contains("connect 127.0.0.1"))
        .unwrap();
    assert!(connect.contains("TERM=xterm\\u{1b}[31mttt"), "{connect}");
}

#[test]
fn a_viewer_whose_connection_drops_is_logged_as_such_not_as_closed_before_a_shell() {
    let server = Server::start(&["--speed", "600"]);
    let to = server.addr();
    let rt = runtime();
    for _ in 0..3 {
        rt.block_on(async {
            let mut v = Viewer::connect(to, &Spec::new((120, 40))).await.unwrap();
            v.first_frame().await.unwrap();
            // No channel close, no disconnect message: the socket just goes.
            drop(v);
        });
    }
    let lines = server.wait_lines("three disconnection lines", TIMEOUT, 3, |l| {
        l.contains("disconnect 127.0.0.1")
    });
    for line in lines {
        assert!(
            line.contains("120x40") && line.ends_with("connection closed"),
            "{line}"
        );
    }
}

#[test]
fn bad_key_files_get_their_own_true_message() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("keys.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let key = dir.path().join("host_key");
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["--host-key", "/tmp"],
            "this is a directory",
            "give --host-key the path of a key file",
        ),
        (
            &["--host-key", "/dev/zero"],
            "not a regular file",
            "give --host-key the path of a key file",
        ),
        (
            &[
                "--host-key",
                key.to_str().unwrap(),
                "--authorized-keys",
                fifo.to_str().unwrap(),
            ],
            "not a regular file",
            "authorized_keys",
        ),
    ];
    for (args, what, help) in cases {
        let out = bin::longrail()
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(what) && err.contains(help), "{args:?}: {err}");
        assert!(
            !err.contains("chmod") && !err.contains(".toml"),
            "{args:?}: {err}"
        );
    }
}
