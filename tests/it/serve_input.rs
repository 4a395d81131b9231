//! What a `serve` viewer sends, taken through the server's input path without a network:
//! random bytes cut anywhere never panic the parser or the session, and a viewer's loop fed
//! random packets keeps drawing and ends cleanly when its connection goes.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32};
use std::time::{Duration, Instant};

use longrail::app::session::Session;
use longrail::serve::output::{Flow, FrameWriter};
use longrail::serve::viewer::{self, Ending, Link, Packet};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_cut_anywhere_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        longrail::harness::serve_input(&data);
    }

    #[test]
    fn escape_heavy_bytes_never_panic(
        data in proptest::collection::vec(
            prop_oneof![Just(0x1bu8), Just(b'['), Just(b'<'), Just(b';'), Just(b'M'), any::<u8>()],
            0..400,
        )
    ) {
        longrail::harness::serve_input(&data);
    }
}

/// A viewer's loop on a thread, its packets sender, and the frames it sends.
fn viewer_loop(
    size: (u16, u16),
) -> (
    std::sync::mpsc::SyncSender<Packet>,
    tokio::sync::mpsc::Receiver<Vec<u8>>,
    std::thread::JoinHandle<Ending>,
) {
    let (packets, packets_rx) = std::sync::mpsc::sync_channel(viewer::INPUT_QUEUE);
    let (frames, frames_rx) = FrameWriter::queue();
    let flow = Flow::new(size);
    let link = Link {
        packets: packets_rx,
        resize: Arc::new(AtomicU32::new(0)),
        frames,
        flow,
        stop: Arc::new(AtomicBool::new(false)),
        idle: None,
        size,
        started: Instant::now(),
        narrate: false,
    };
    let session = Session::new(common::app("2025-06-22T03:00:00Z", size));
    let thread = std::thread::spawn(move || viewer::run(session, link, 30));
    (packets, frames_rx, thread)
}

#[test]
fn a_viewer_fed_random_packets_keeps_drawing_and_ends_when_the_connection_goes() {
    let (packets, mut frames, thread) = viewer_loop((100, 30));
    // A fixed pseudo-random stream (xorshift), without the quit keys so the loop runs on.
    let mut x: u32 = 0x9e37_79b9;
    for _ in 0..300 {
        let packet: Vec<u8> = (0..37)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .filter(|b| !matches!(b, b'q' | b'Q' | 3 | 0x1b))
            .collect();
        // A full queue drops the packet, as a paste flood is dropped.
        let _ = viewer::send_bytes(&packets, &packet);
        while frames.try_recv().is_ok() {}
    }
    drop(packets);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !thread.is_finished() {
        assert!(Instant::now() < deadline, "the viewer's loop did not end");
        while frames.try_recv().is_ok() {}
        std::thread::yield_now();
    }
    assert_eq!(thread.join().unwrap(), Ending::Gone);
}

#[test]
fn q_ends_the_viewer_with_a_quit_and_its_first_frame_fills_the_size() {
    let (packets, mut frames, thread) = viewer_loop((90, 20));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut bytes = Vec::new();
    let mut screen = vt100::Parser::new(20, 90, 0);
    while !screen.screen().contents().contains("q quit") {
        assert!(Instant::now() < deadline, "no first frame");
        if let Ok(frame) = frames.try_recv() {
            screen.process(&frame);
            bytes.extend(frame);
        } else {
            std::thread::yield_now();
        }
    }
    assert!(String::from_utf8_lossy(&bytes).contains("\x1b[?1049h"));
    assert_eq!(screen.screen().contents().lines().count(), 20);
    assert!(viewer::send_bytes(&packets, b"q"));
    assert_eq!(thread.join().unwrap(), Ending::Quit);
}

#[test]
fn on_a_shared_clock_time_keys_only_say_so_and_view_keys_work() {
    use longrail::app::session::{Input, Moment, SHARED_NOTICE, SharedClock};
    use longrail::settings::{Key, KeyCode};
    let app = common::app("2025-06-22T03:00:00Z", (120, 40));
    let route = app.journey().route();
    let clock = SharedClock {
        start: route.departure(),
        end: route.arrival(),
        speed: 600.0,
    };
    let now = Moment {
        wall: Duration::ZERO,
        utc: chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap(),
    };
    let mut session = Session::new(app).with_shared_clock(clock, now);
    assert_eq!(session.app().now(), clock.instant(now.utc));
    assert!(!session.app().clock().paused());
    let key = |c| Input::Key(Key::plain(KeyCode::Char(c)));
    let _ = session.handle(key(' '), now);
    assert!(
        !session.app().clock().paused(),
        "Space must not pause a shared clock"
    );
    let frame = longrail::report::frame::render(session.app(), 120, 40);
    let text: String = frame.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains(&SHARED_NOTICE[..30]), "no notice on screen");
    let before = session.app().screen().view();
    let _ = session.handle(key('m'), now);
    assert_ne!(
        session.app().screen().view(),
        before,
        "m changes the viewer's own view"
    );
}

/// Draw the viewer's frames into `screen` until it satisfies `pred` (30 s at most).
fn wait_screen(
    frames: &mut tokio::sync::mpsc::Receiver<Vec<u8>>,
    screen: &mut vt100::Parser,
    what: &str,
    pred: impl Fn(&str) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !pred(&screen.screen().contents()) {
        assert!(
            Instant::now() < deadline,
            "no frame with {what}; screen:\n{}",
            screen.screen().contents()
        );
        if let Ok(frame) = frames.try_recv() {
            screen.process(&frame);
        } else {
            std::thread::yield_now();
        }
    }
}

#[test]
fn delete_over_ssh_deletes_the_character_at_the_cursor() {
    let (packets, mut frames, thread) = viewer_loop((100, 30));
    let mut screen = vt100::Parser::new(30, 100, 0);
    wait_screen(&mut frames, &mut screen, "the first frame", |s| {
        s.contains("q quit")
    });
    // The go-to prompt, "abcd", the cursor two to the left (before `c`), then Delete as an
    // xterm sends it.
    assert!(viewer::send_bytes(&packets, b"gabcd\x1b[D\x1b[D"));
    wait_screen(&mut frames, &mut screen, "abcd typed", |s| {
        s.contains("abcd")
    });
    assert!(viewer::send_bytes(&packets, b"\x1b[3~"));
    wait_screen(&mut frames, &mut screen, "c deleted", |s| {
        s.contains("abd") && !s.contains("abcd")
    });
    drop(packets);
    assert_eq!(thread.join().unwrap(), Ending::Gone);
}
