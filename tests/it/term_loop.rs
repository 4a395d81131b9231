//! The terminal loop driven on a `TestBackend` by a scripted host: inputs at chosen wall
//! times, a clock that jumps to the next input instead of sleeping, effects recorded. The same
//! loop the local terminal runs, with no pty.

use crate::common;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use longrail::app::demo::{DEFAULT_SCRIPT, Director, parse};
use longrail::app::session::{Effect, Input, Moment, Session};
use longrail::app::{App, Fleet, Key};
use longrail::settings::KeyCode;
use longrail::sim::JourneyEventKind;
use longrail::term::{self, Host};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Inputs at wall times; the clock moves only when the loop waits, straight to the next input
/// (or by the whole timeout). Stops the loop once `until` has passed.
struct Script {
    wall: Duration,
    inputs: VecDeque<(Duration, Input)>,
    until: Duration,
    effects: Vec<(Duration, Effect)>,
    /// A notice to hand back for the first hook effect (a hook that failed).
    hook_notice: Option<String>,
}

impl Script {
    fn new(inputs: Vec<(u64, Input)>, until_ms: u64) -> Self {
        Self {
            wall: Duration::ZERO,
            inputs: inputs
                .into_iter()
                .map(|(ms, i)| (Duration::from_millis(ms), i))
                .collect(),
            until: Duration::from_millis(until_ms),
            effects: Vec::new(),
            hook_notice: None,
        }
    }
}

fn utc() -> DateTime<Utc> {
    "2025-06-20T12:00:00Z".parse().unwrap()
}

impl Host for Script {
    fn now(&mut self) -> Moment {
        Moment {
            wall: self.wall,
            utc: utc(),
        }
    }

    fn input(&mut self, timeout: Duration) -> std::io::Result<Option<Input>> {
        match self.inputs.front() {
            Some((at, _)) if *at <= self.wall + timeout => {
                self.wall = self.wall.max(*at);
                Ok(self.inputs.pop_front().map(|(_, i)| i))
            }
            _ => {
                self.wall += timeout;
                Ok(None)
            }
        }
    }

    fn effect(&mut self, effect: Effect) -> Option<String> {
        let hook = matches!(effect, Effect::Hook(_));
        self.effects.push((self.wall, effect));
        if hook { self.hook_notice.take() } else { None }
    }

    fn stopped(&self) -> bool {
        self.wall > self.until
    }
}

/// A terminal of `w`×`h` on a test backend big enough for any resize in these tests.
fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::with_options(
        TestBackend::new(300, 100),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap()
}

/// The text of the screen's top-left `w`×`h`.
fn screen(buffer: &Buffer, w: u16, h: u16) -> String {
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn demo_session(app: App) -> Session {
    let director = Director::new(parse(DEFAULT_SCRIPT).unwrap(), &app, false).unwrap();
    Session::new(app).with_director(director)
}

fn playing(at: &str, size: (u16, u16)) -> App {
    let mut s = common::settings("pyongyang-moscow", at);
    s.paused = false;
    common::app_with(s, size)
}

#[test]
fn a_key_takes_over_the_demo_and_the_user_has_the_controls() {
    let mut terminal = terminal(100, 30);
    let mut session = demo_session(playing("departure", (100, 30)));
    let mut host = Script::new(vec![(3_000, Input::Key(Key::char('m')))], 4_000);
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    let app = session.app();
    assert!(
        !session.in_demo() && !app.screen().demo(),
        "the key handed over"
    );
    assert!(
        app.screen().caption().is_none(),
        "the demo's caption is gone"
    );
    assert!(!session.quit(), "a key other than q does not quit");
    // The demo moved the replay on before the key, and the key did its own job too.
    assert!(app.now() > app.journey().route().departure());
    assert_ne!(
        app.screen().view(),
        longrail::app::map_view::View::Strip,
        "m opened the map"
    );
    let text = screen(terminal.backend().buffer(), 100, 30);
    assert!(!text.contains("demo camera"), "{text}");
}

#[test]
fn space_takes_over_the_demo_pauses_and_keeps_the_demos_speed() {
    let mut session = demo_session(playing("departure", (100, 30)));
    let moment = |ms: u64| Moment {
        wall: Duration::from_millis(ms),
        utc: utc(),
    };
    for ms in (0..=6_000).step_by(100) {
        session.handle(Input::Tick, moment(ms));
    }
    let demo_speed = session.app().clock().speed();
    assert!(!session.app().clock().paused(), "the demo plays");
    session.handle(Input::Key(Key::char(' ')), moment(6_050));
    let app = session.app();
    assert!(!session.in_demo(), "the key handed over");
    assert!(app.clock().paused(), "and Space paused, as it does");
    assert_eq!(app.clock().speed(), demo_speed, "the demo's speed stays");
}

#[test]
fn esc_during_the_demo_takes_over_without_quitting() {
    let mut session = demo_session(playing("departure", (100, 30)));
    let at = Moment {
        wall: Duration::from_millis(500),
        utc: utc(),
    };
    session.handle(Input::Tick, at);
    let effects = session.handle(Input::Key(Key::plain(KeyCode::Esc)), at);
    assert!(!session.in_demo() && !session.quit() && effects.is_empty());
}

#[test]
fn q_during_the_demo_quits_at_once() {
    let mut terminal = terminal(100, 30);
    let mut session = demo_session(playing("departure", (100, 30)));
    let mut host = Script::new(vec![(1_500, Input::Key(Key::char('q')))], 600_000);
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    assert!(session.quit());
    assert_eq!(
        host.effects,
        vec![(Duration::from_millis(1_500), Effect::Quit)]
    );
    assert!(
        host.wall < Duration::from_secs(2),
        "the loop ended with the key"
    );
}

#[test]
fn arrivals_ring_the_bell_and_every_event_runs_the_hook() {
    let mut s = common::settings("pyongyang-moscow", "departure");
    s.paused = false;
    s.bell = true;
    s.speed = 100_000.0;
    let app = common::app_with(s, (100, 30));
    let mut session = Session::new(app);
    let mut terminal = terminal(100, 30);
    let mut host = Script::new(Vec::new(), 20_000);
    host.hook_notice = Some("hook 'notify-send' failed: not found".to_owned());
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    let timeline = session.app().journey().timeline();
    let hooks: Vec<usize> = host
        .effects
        .iter()
        .filter_map(|(_, e)| match e {
            Effect::Hook(hook) => Some(hook.event),
            _ => None,
        })
        .collect();
    let bells = host
        .effects
        .iter()
        .filter(|(_, e)| *e == Effect::Bell)
        .count();
    // The replay starts at the departure: that event is on screen at the start, not passed.
    let start = session.app().journey().route().departure();
    let passed: Vec<usize> = (0..timeline.len())
        .filter(|&i| timeline[i].at > start && timeline[i].at <= session.app().now())
        .collect();
    let arrivals = timeline
        .iter()
        .filter(|e| e.at <= session.app().now() && matches!(e.kind, JourneyEventKind::Arrive(_)))
        .count();
    // 20 s at 100,000× is more than 23 days: the whole journey, every event once, in order.
    assert_eq!(hooks, passed);
    assert_eq!(passed.len(), timeline.len() - 1, "the whole journey");
    assert_eq!(bells, arrivals);
    assert!(bells > 10, "{bells} arrivals");
}

#[test]
fn a_notice_from_a_failed_hook_reaches_the_key_bar() {
    let mut s = common::settings("pyongyang-moscow", "departure");
    s.paused = false;
    s.speed = 100_000.0;
    let mut session = Session::new(common::app_with(s, (120, 40)));
    let mut terminal = terminal(120, 40);
    let mut host = Script::new(Vec::new(), 500);
    host.hook_notice = Some("the hook could not start".to_owned());
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    assert_eq!(
        session.app().screen().notice(),
        Some("the hook could not start")
    );
    let text = screen(terminal.backend().buffer(), 120, 40);
    assert!(text.contains("the hook could not start"), "{text}");
}

/// A test backend that counts the frames drawn.
struct Counting {
    inner: TestBackend,
    frames: Arc<AtomicUsize>,
}

impl Backend for Counting {
    type Error = std::convert::Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames.fetch_add(1, Ordering::SeqCst);
        self.inner.flush()
    }
}

#[test]
fn the_other_trains_join_after_the_first_frame() {
    let frames = Arc::new(AtomicUsize::new(0));
    let backend = Counting {
        inner: TestBackend::new(140, 40),
        frames: Arc::clone(&frames),
    };
    let mut terminal = Terminal::new(backend).unwrap();
    // 2025-06-20: the westbound car and a Rossiya share the line.
    let app = common::app("2025-06-20T12:00:00Z", (140, 40));
    let seen_at_build = Arc::new(AtomicUsize::new(usize::MAX));
    let (seen, counted) = (Arc::clone(&seen_at_build), Arc::clone(&frames));
    let main = app.journey().route().clone();
    let fleet = Box::new(move || {
        seen.store(counted.load(Ordering::SeqCst), Ordering::SeqCst);
        let source = longrail::settings::source::resolve_source("pyongyang-moscow").unwrap();
        let candidates = longrail::settings::source::line_candidates(&source);
        Fleet::of_line(source, &main, candidates)
    });
    let mut session = Session::new(app).with_later_fleet(fleet);
    let mut host = Script::new(Vec::new(), 1_000);
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    assert_eq!(
        seen_at_build.load(Ordering::SeqCst),
        1,
        "built after one frame"
    );
    assert!(
        !session.app().trains().others().is_empty(),
        "other trains on the line"
    );
    assert!(frames.load(Ordering::SeqCst) >= 2, "drawn again with them");
    let text = screen(terminal.backend().inner.buffer(), 140, 40);
    assert!(text.contains("other train"), "{text}");
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let mut terminal = terminal(80, 24);
    let mut session = Session::new(common::app("2025-06-20T12:00:00Z", (80, 24)));
    let mut host = Script::new(vec![(500, Input::Resize(130, 42))], 1_000);
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    assert_eq!(session.app().screen().size(), (130, 42));
    let area = terminal.get_frame().area();
    assert_eq!((area.width, area.height), (130, 42));
    let text = screen(terminal.backend().buffer(), 130, 42);
    let rows: Vec<&str> = text.lines().collect();
    // The screen now spans the new width: the frame's right border is at column 129.
    let last_col: Vec<char> = rows.iter().map(|r| r.chars().nth(129).unwrap()).collect();
    assert!(
        last_col.iter().any(|c| *c != ' '),
        "nothing drawn at column 129"
    );
    assert_eq!(
        terminal.backend().buffer(),
        frame_at(&session, 130, 42).backend().buffer(),
        "the same frame as a fresh draw of the app"
    );
}

/// The frame `frame` would draw for the session's app.
fn frame_at(session: &Session, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = terminal(w, h);
    t.draw(|f| f.render_widget(session.app(), f.area()))
        .unwrap();
    t
}

#[test]
fn q_quits_and_the_loop_returns() {
    let mut terminal = terminal(80, 24);
    let mut session = Session::new(common::app("departure", (80, 24)));
    let mut host = Script::new(vec![(200, Input::Key(Key::char('q')))], 60_000);
    term::run(&mut terminal, &mut session, &mut host, 10).unwrap();
    assert!(session.quit());
    assert_eq!(
        host.effects,
        vec![(Duration::from_millis(200), Effect::Quit)]
    );
}
