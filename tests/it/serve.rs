//! End to end: `longrail serve` on port 0 of 127.0.0.1 and the real OpenSSH client, each
//! viewer's `ssh -tt` in a pseudo-terminal with its screen read by a VT parser. Screens are
//! awaited with a deadline, never slept on.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use portable_pty::CommandBuilder;

use crate::common::bin;
use crate::common::pty::{self, Pty, TIMEOUT};
use crate::common::ssh;

/// A running server (its process, port and log) and a known_hosts file with its key.
struct Server {
    inner: ssh::Server,
}

/// The OpenSSH client and ssh-keygen, installed by `.ci/setup-tools` when missing.
fn ensure_ssh() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let have = |tool: &str| Command::new(tool).arg("-V").output().is_ok();
        if !(have("ssh") && Command::new("ssh-keygen").arg("-?").output().is_ok()) {
            let status = Command::new("bash")
                .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/setup-tools"))
                .status()
                .unwrap();
            assert!(status.success() && have("ssh"), "no OpenSSH client");
        }
    });
}

impl Server {
    fn start(args: &[&str]) -> Self {
        ensure_ssh();
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("host_key");
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key)
            .status()
            .unwrap();
        assert!(status.success());
        let server = Self {
            inner: ssh::Server::start_in(dir, args),
        };
        let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        let known = format!("[127.0.0.1]:{} {public}", server.inner.port);
        std::fs::write(server.known_hosts(), known).unwrap();
        server
    }

    fn known_hosts(&self) -> PathBuf {
        self.inner.dir.path().join("known_hosts")
    }

    /// Wait until a logged line satisfies `pred`; returns that line.
    fn wait_log(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.inner.wait_log(what, TIMEOUT, pred)
    }

    fn ssh_args(&self) -> Vec<String> {
        let mut args: Vec<String> = ["-p", &self.inner.port.to_string(), "-o"]
            .iter()
            .map(ToString::to_string)
            .collect();
        args.push(format!(
            "UserKnownHostsFile={}",
            self.known_hosts().display()
        ));
        for opt in [
            "StrictHostKeyChecking=yes",
            "BatchMode=yes",
            "ExitOnForwardFailure=yes",
        ] {
            args.push("-o".into());
            args.push(opt.into());
        }
        args.extend(["-F".into(), "/dev/null".into()]);
        args
    }

    /// `ssh ARGS 127.0.0.1 REST`, not in a terminal; its exit code and stderr.
    fn ssh_plain(&self, args: &[&str], rest: &[&str]) -> (Option<i32>, String) {
        let out = Command::new("ssh")
            .args(self.ssh_args())
            .args(args)
            .arg("127.0.0.1")
            .args(rest)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn viewer(&self, size: (u16, u16)) -> Pty {
        spawn_viewer(self, size, &[], "xterm-256color")
    }

    fn signal(&self, sig: Signal) {
        kill(
            Pid::from_raw(i32::try_from(self.inner.child.id()).unwrap()),
            sig,
        )
        .unwrap();
    }

    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.inner.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20)); // polling a child's exit
        }
    }
}

/// One viewer: `ssh -tt` with `extra` options, in a pseudo-terminal of `size` whose `TERM` is
/// `term`.
fn spawn_viewer(server: &Server, size: (u16, u16), extra: &[&str], term: &str) -> Pty {
    let mut cmd = CommandBuilder::new("ssh");
    cmd.arg("-tt");
    cmd.args(server.ssh_args());
    cmd.args(extra);
    cmd.arg("127.0.0.1");
    cmd.env("TERM", term);
    cmd.env("HOME", server.inner.dir.path().to_str().unwrap());
    Pty::spawn(cmd, size)
}

/// The number of rows the screen was last drawn at: the key bar's row is the last non-empty
/// one.
fn rows_drawn(viewer: &Pty) -> usize {
    viewer.screen().lines().count()
}

/// The viewer's terminal after the end: alternate screen left, cursor shown, mouse
/// reporting off, attributes reset, all after they were last set.
fn assert_restored(bytes: &[u8]) {
    pty::assert_restored(bytes);
    let text = String::from_utf8_lossy(bytes);
    let last = |needle: &str| text.rfind(needle);
    assert!(
        last("\x1b[0m") > last("\x1b[?1049h"),
        "attributes not reset"
    );
}

fn drawn(screen: &str) -> bool {
    screen.contains("Event log") && screen.contains("q quit")
}

#[test]
fn first_frame_at_the_clients_size_keys_mouse_resize_and_q_restores() {
    let server = Server::start(&["--paused", "--start", "2025-06-22T03:00:00Z"]);
    let mut v = server.viewer((120, 40));
    let screen = v.wait_for("the first frame", drawn);
    assert!(screen.contains("PAUSED"), "{screen}");
    let line = server.wait_log("the connection line", |l| l.contains("connect 127.0.0.1"));
    assert!(
        line.contains("120x40 TERM=xterm-256color") && line.contains("mode own"),
        "{line}"
    );
    // The key bar is on the last of 40 rows, and the title runs the full 120 columns.
    assert_eq!(rows_drawn(&v), 40);
    // Space plays; m opens the map; g opens the prompt and Enter seeks; Esc closes.
    v.send(b" ");
    v.wait_for("playing", |s| !s.contains("PAUSED"));
    v.send(b" ");
    v.wait_for("paused again", |s| s.contains("PAUSED"));
    v.send(b"m");
    v.wait_for("the map", |s| s.contains("Map"));
    v.send(b"m");
    v.wait_for("the strip again", |s| s.contains("Route"));
    v.send(b"g");
    v.wait_for("the go-to prompt", |s| s.to_lowercase().contains("go to"));
    v.send(b"Irkutsk\r");
    v.wait_for("Irkutsk reached", |s| {
        s.lines().next().unwrap_or("").contains("Irkutsk")
    });
    // The help opens with ?, Esc (a lone ESC byte) closes it.
    v.send(b"?");
    v.wait_for("the help", |s| s.contains("pause / resume"));
    v.send(b"\x1b");
    v.wait_for("help closed", |s| !s.contains("pause / resume"));
    // A click on a station's mark on the strip opens its details; a second click closes them.
    let screen = v.screen();
    let (row, col) = screen
        .lines()
        .enumerate()
        .find_map(|(r, l)| l.chars().position(|c| c == '┼').map(|c| (r + 1, c + 1)))
        .expect("a station mark on the strip");
    let click = format!("\x1b[<0;{col};{row}M\x1b[<0;{col};{row}m");
    v.send(click.as_bytes());
    v.wait_for("the station's details", |s| s.contains("Esc closes"));
    v.send(click.as_bytes());
    v.wait_for("the details closed", |s| !s.contains("Esc closes"));
    v.resize(90, 30);
    v.wait_for("the frame at 90x30", |s| {
        drawn(s) && s.lines().count() == 30
    });
    v.send(b"q");
    let (code, bytes, _) = v.wait_exit();
    assert_eq!(code, 0, "ssh's exit status");
    assert_restored(&bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("goodbye"));
    let line = server.wait_log("the disconnection line", |l| {
        l.contains("disconnect 127.0.0.1")
    });
    assert!(
        line.contains("bytes sent") && line.contains("quit"),
        "{line}"
    );
    // The size at the end, after the resize, and the first one.
    assert!(
        line.contains(" 90x30 (first 120x40) TERM="),
        "not the last size: {line}"
    );
}

#[test]
fn two_viewers_at_different_sizes_are_independent() {
    let server = Server::start(&["--paused", "--start", "2025-06-22T03:00:00Z"]);
    let mut a = server.viewer((120, 40));
    let b = server.viewer((80, 24));
    a.wait_for("a's frame", drawn);
    b.wait_for("b's frame", drawn);
    a.send(b"m");
    a.wait_for("a's map", |s| s.contains("Map"));
    a.send(b"+ ");
    a.wait_for("a playing", |s| !s.contains("PAUSED"));
    let b_screen = b.screen();
    assert!(
        b_screen.contains("PAUSED") && !b_screen.contains("Map ·"),
        "{b_screen}"
    );
    assert_eq!(b_screen.lines().count(), 24);
}

#[test]
fn shared_viewers_see_the_same_instant_and_time_keys_say_so() {
    let server = Server::start(&["--shared", "--speed", "600"]);
    let mut a = server.viewer((120, 40));
    a.wait_for("a's frame", drawn);
    let t0 = train_clock(&a.screen()).unwrap();
    a.wait_for("ten simulated minutes", |s| {
        train_clock(s).is_some_and(|t| apart(t, t0) >= 600)
    });
    let b = server.viewer((120, 40));
    b.wait_for("b's frame", drawn);
    a.send(b" ");
    a.wait_for("the shared notice", |s| s.contains("the clock is shared"));
    // b joined a second or more after a: on clocks of their own at 600x they would be ten
    // simulated minutes or more apart. On the shared clock, two screens read together agree
    // within a few frames (at most 5 simulated minutes: half a second).
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let (sa, sb) = (a.screen(), b.screen());
        let (ta, tb) = (train_clock(&sa).unwrap(), train_clock(&sb).unwrap());
        if apart(ta, tb) <= 300 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never the same instant:\n{sa}\n{sb}"
        );
        std::thread::sleep(Duration::from_millis(20)); // sampling two live screens
    }
}

/// How far apart two times of day are, across midnight too.
fn apart(a: i64, b: i64) -> i64 {
    let d = (a - b).rem_euclid(86_400);
    d.min(86_400 - d)
}

/// The train's clock on a screen, in seconds of the day (the line under the Train box's
/// title: `│12:05:13 17 Jun`).
fn train_clock(screen: &str) -> Option<i64> {
    let mut lines = screen.lines();
    lines.find(|l| l.contains("╭ Train"))?;
    let time = lines.next()?.split('│').nth(1)?.get(..8)?.to_owned();
    let mut parts = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(h * 3600 + m * 60 + s)
}

#[test]
fn exec_forwarding_and_no_pty_are_refused() {
    let server = Server::start(&[]);
    let (code, err) = server.ssh_plain(&[], &["ls"]);
    assert_ne!(code, Some(0), "exec must fail: {err}");
    assert!(err.contains("exec request failed"), "{err}");
    let (code, err) = server.ssh_plain(&["-W", "127.0.0.1:22"], &[]);
    assert_ne!(code, Some(0), "-W must fail: {err}");
    let (code, err) = server.ssh_plain(&["-N", "-R", "0:127.0.0.1:22"], &[]);
    assert_ne!(code, Some(0), "-R must fail: {err}");
    assert!(err.to_lowercase().contains("forwarding failed"), "{err}");
    // -L: ssh listens here, and the connection it forwards is refused by the server.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut forward = Command::new("ssh")
        .args(server.ssh_args())
        .args(["-N", "-L", &format!("{port}:127.0.0.1:9"), "127.0.0.1"])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let mut local = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(Instant::now() < deadline, "ssh -L never listened");
        std::thread::sleep(Duration::from_millis(50)); // waiting for ssh's listener
    };
    local.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(
        local.read(&mut buf).unwrap_or(0),
        0,
        "the forwarded connection must close"
    );
    forward.kill().unwrap();
    let out = forward.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("administratively prohibited"), "{err}");
    let (code, err) = server.ssh_plain(&["-s"], &["sftp"]);
    assert_ne!(code, Some(0), "sftp must fail: {err}");
}

#[test]
fn a_connection_without_a_shell_is_closed_after_ten_seconds() {
    let server = Server::start(&[]);
    let began = Instant::now();
    let (code, err) = server.ssh_plain(&["-N"], &[]);
    assert_eq!(code, Some(255), "{err}");
    assert!(
        began.elapsed() >= Duration::from_secs(9),
        "{:?}",
        began.elapsed()
    );
    server.wait_log("the disconnection line", |l| {
        l.contains("no shell within 10 s")
    });
}

#[test]
fn piped_ssh_tt_with_a_zero_size_is_drawn_at_80_by_24() {
    let server = Server::start(&["--paused"]);
    let mut child = Command::new("ssh")
        .arg("-tt")
        .args(server.ssh_args())
        .arg("127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let line = server.wait_log("the connection line", |l| l.contains("connect 127.0.0.1"));
    assert!(line.contains(" 80x24 "), "{line}");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"q").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let mut parser = vt100::Parser::new(24, 80, 0);
    parser.process(&out.stdout);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Event log"), "no frame drawn");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_viewer_over_the_limit_is_told_the_server_is_full() {
    let server = Server::start(&["--paused", "--max-viewers", "1"]);
    let first = server.viewer((80, 24));
    first.wait_for("the first viewer's frame", drawn);
    let second = server.viewer((80, 24));
    let (code, bytes, _) = second.wait_exit();
    assert_eq!(code, 1);
    assert!(
        String::from_utf8_lossy(&bytes).contains("the server is full"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn sigterm_restores_every_viewer_and_the_server_exits_0() {
    let mut server = Server::start(&["--speed", "600"]);
    let a = server.viewer((120, 40));
    let b = server.viewer((80, 24));
    a.wait_for("a's frame", drawn);
    b.wait_for("b's frame", drawn);
    server.signal(Signal::SIGTERM);
    let started = Instant::now();
    for v in [a, b] {
        let (code, bytes, _) = v.wait_exit();
        assert_eq!(code, 0, "ssh's exit status");
        assert_restored(&bytes);
        assert!(String::from_utf8_lossy(&bytes).contains("the server is stopping"));
    }
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_idle_viewer_is_closed_after_the_idle_timeout_but_not_in_the_demo() {
    let server = Server::start(&["--paused", "--idle-timeout", "2s"]);
    let v = server.viewer((80, 24));
    v.wait_for("the frame", drawn);
    let (code, bytes, _) = v.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("no input for the idle timeout"));
    let line = server.wait_log("the disconnection line", |l| l.contains("disconnect 127"));
    assert!(line.ends_with("idle"), "{line}");
    // In the demo, the same timeout does not apply: the viewer outlives it.
    let demo = Server::start(&["--demo", "--idle-timeout", "1s"]);
    let mut v = demo.viewer((80, 24));
    v.wait_for("the demo", drawn);
    // The demo draws on and on: the screen is looked at again with every frame, until three
    // times the timeout has passed.
    let began = Instant::now();
    v.wait_for("the demo playing on past the timeout", |_| {
        began.elapsed() > Duration::from_secs(3)
    });
    assert!(v.running(), "the demo viewer was closed");
    v.send(b"q");
    assert_eq!(v.wait_exit().0, 0);
}

/// A viewer whose `TERM` is `dumb` (a screen reader's, a log's) is narrated: plain lines,
/// keys typed line by line and echoed, no escape sequence, not even at the goodbye.
#[test]
fn a_dumb_terminal_is_narrated() {
    let server = Server::start(&["--start", "day 8 12:00", "--speed", "60"]);
    let mut v = spawn_viewer(&server, (250, 24), &[], "dumb");
    v.wait_for("the narration's opening", |s| {
        s.contains("Keys, each followed by Enter")
    });
    let line = server.wait_log("the connection line", |l| l.contains("connect 127.0.0.1"));
    assert!(line.contains("TERM=dumb, no colour"), "{line}");
    v.send(b"s\r");
    v.wait_for("the answer to s", |s| s.contains("% of the way;"));
    v.send(b"q\r");
    let (code, bytes, _) = v.wait_exit();
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains('\x1b'), "an escape sequence: {text:?}");
    assert!(
        text.contains("\r\ns\r\n"),
        "s echoed on a line of its own: {text:?}"
    );
    assert!(text.contains("narration stopped"), "{text}");
    assert!(text.contains("longrail: goodbye"), "{text}");
}

#[test]
fn authorized_keys_let_in_only_those_keys() {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("viewer");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let allowed = keys.path().join("authorized_keys");
    std::fs::copy(key.with_extension("pub"), &allowed).unwrap();
    let server = Server::start(&["--paused", "--authorized-keys", allowed.to_str().unwrap()]);
    let (code, err) = server.ssh_plain(&["-tt"], &[]);
    assert_eq!(code, Some(255), "no key: {err}");
    assert!(err.contains("Permission denied"), "{err}");
    let v = spawn_viewer(&server, (80, 24), &["-i", key.to_str().unwrap()], "xterm");
    v.wait_for("the frame for the allowed key", drawn);
}

#[test]
fn on_event_and_bell_are_usage_errors_with_serve() {
    for args in [&["--bell", "serve"][..], &["--on-event", "true", "serve"]] {
        let out = bin::longrail().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("with serve"));
    }
}

#[test]
fn a_feeds_network_is_served_each_viewer_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let feed = crate::network_view::city().write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let server = Server::start(&[
        "--feed",
        f,
        "--paused",
        "--start",
        crate::network_view::MORNING,
    ]);
    let mut a = server.viewer((100, 32));
    let mut b = server.viewer((80, 24));
    for v in [&a, &b] {
        v.wait_for("the network", |s| {
            s.contains("8 trains running") && s.contains("q quit")
        });
    }
    // One viewer's train and journey are theirs alone.
    a.send(b"\t");
    a.wait_for("a train selected", |s| s.contains(" Train "));
    a.send(b"\r");
    a.wait_for("its journey", |s| s.contains("Timetable"));
    assert!(!b.screen().contains("Timetable") && !b.screen().contains(" Train "));
    a.send(b"\x1b");
    a.wait_for("the network again", |s| s.contains("trains running"));
    for v in [&mut a, &mut b] {
        v.send(b"q");
    }
    for v in [a, b] {
        let (code, bytes, _) = v.wait_exit();
        assert_eq!(code, 0, "ssh's exit status");
        assert_restored(&bytes);
    }
}

#[test]
fn shared_feed_viewers_see_one_clock_and_time_keys_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let feed = crate::network_view::city().write_zip(dir.path());
    let f = feed.to_str().unwrap();
    let server = Server::start(&[
        "--feed",
        f,
        "--shared",
        "--start",
        crate::network_view::MORNING,
    ]);
    let mut v = server.viewer((100, 32));
    v.wait_for("the network", |s| {
        s.contains("trains running") && s.contains("q quit")
    });
    v.send(b" ");
    v.wait_for("the shared clock's notice", |s| {
        s.contains("the clock is shared")
    });
    v.send(b"q");
    let (code, bytes, _) = v.wait_exit();
    assert_eq!(code, 0);
    assert_restored(&bytes);
}
