//! One viewer's app: the [`App`] with what runs beside it (a demo director, the other trains
//! still to be built), driven by terminal-neutral [`Input`]s and answering with [`Effect`]s
//! for the shell to carry out. The local terminal, `record`, `demo` and the tests all drive a
//! `Session`; nothing else changes the app's state.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::demo::Director;
use super::{Action, App, Command, Fleet, Key, Mouse};
use crate::settings::KeyCode;

/// Builds the fleet of other trains when called (after the first frame is on screen).
pub type LaterFleet = Box<dyn FnOnce() -> Fleet + Send>;

/// When an input happens: the wall time since the session began (drives the replay) and the
/// calendar time (only "now", `w`, reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Wall time since the session began.
    pub wall: Duration,
    /// The calendar time.
    pub utc: DateTime<Utc>,
}

/// Everything a terminal can send a session, independent of any terminal library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press (releases are the shell's to drop).
    Key(Key),
    /// A mouse event.
    Mouse(Mouse),
    /// Pasted text (typed into the prompt when it is open).
    Paste(String),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Time passed with no input: play on.
    Tick,
    /// Something the shell wants shown in the key bar (a hook that failed).
    Notice(String),
}

/// What the shell carries out after an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal bell (an arrival, with `--bell`).
    Bell,
    /// Run the `--on-event` hook for this event (an index into the journey's timeline).
    Hook(usize),
    /// The viewer asked to quit.
    Quit,
}

/// One clock for every viewer (`serve --shared`): the instant is derived from the calendar
/// time alone, so every session, and every server, shows the same one. It plays from `start`
/// at `speed` and begins again at `start` after `end`, in cycles counted from the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedClock {
    /// Where each cycle begins.
    pub start: DateTime<Utc>,
    /// Where each cycle ends.
    pub end: DateTime<Utc>,
    /// Times real time.
    pub speed: f64,
}

impl SharedClock {
    /// The simulated instant at calendar time `utc`.
    #[must_use]
    pub fn instant(&self, utc: DateTime<Utc>) -> DateTime<Utc> {
        #[allow(clippy::cast_precision_loss)] // milliseconds of a few days, and of the epoch
        let span_ms = (self.end - self.start).num_milliseconds() as f64;
        let cycle_ms = span_ms / self.speed.max(f64::MIN_POSITIVE);
        if !(cycle_ms >= 1.0 && cycle_ms.is_finite()) {
            return self.start;
        }
        #[allow(clippy::cast_precision_loss)]
        let phase = (utc.timestamp_millis() as f64).rem_euclid(cycle_ms);
        #[allow(clippy::cast_possible_truncation)] // at most span_ms, a few days
        let into = (phase * self.speed).min(span_ms) as i64;
        self.start + TimeDelta::milliseconds(into)
    }
}

/// What the key bar says when a time key is pressed on a shared clock.
pub const SHARED_NOTICE: &str =
    "the clock is shared by every viewer: time keys are off (m, zoom, scroll, c and ? are yours)";

/// One viewer's app and what runs beside it.
pub struct Session {
    app: App,
    director: Option<Director>,
    fleet: Option<LaterFleet>,
    shared: Option<SharedClock>,
    quit_sent: bool,
}

impl Session {
    /// A session of `app`, with nothing beside it.
    #[must_use]
    pub fn new(app: App) -> Self {
        Self {
            app,
            director: None,
            fleet: None,
            shared: None,
            quit_sent: false,
        }
    }

    /// Follow `clock`, shared with other viewers, from `at` on: the replay goes to its
    /// instant now, and the time keys only say that the clock is shared.
    #[must_use]
    pub fn with_shared_clock(mut self, clock: SharedClock, at: Moment) -> Self {
        self.app.seek(clock.instant(at.utc), at.wall);
        self.app.clock.set_paused(false, at.wall);
        self.app.update(Action::Tick, at.wall);
        self.shared = Some(clock);
        self
    }

    /// Whether the clock is shared with other viewers.
    #[must_use]
    pub fn shared_clock(&self) -> bool {
        self.shared.is_some()
    }

    /// Play a demo: the director steers until a key takes over.
    #[must_use]
    pub fn with_director(mut self, director: Director) -> Self {
        self.director = Some(director);
        self
    }

    /// Build the other trains with `fleet` once the first frame is drawn.
    #[must_use]
    pub fn with_later_fleet(mut self, fleet: LaterFleet) -> Self {
        self.fleet = Some(fleet);
        self
    }

    /// The app, to draw.
    #[must_use]
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The app, leaving the session.
    #[must_use]
    pub fn into_app(self) -> App {
        self.app
    }

    /// Whether a demo is steering.
    #[must_use]
    pub fn in_demo(&self) -> bool {
        self.director.is_some()
    }

    /// Whether the viewer has quit.
    #[must_use]
    pub fn quit(&self) -> bool {
        self.app.quit
    }

    /// Whether the screen changes with time alone (a demo, or the replay playing).
    #[must_use]
    pub fn animating(&self) -> bool {
        self.director.is_some() || !self.app.clock.paused()
    }

    /// How long the shell may wait for input before the screen needs drawing again, given
    /// the time left until the next frame is allowed; `None` when nothing changes by itself.
    #[must_use]
    pub fn next_wake(&self, wall: Duration, until_frame: Duration) -> Option<Duration> {
        if self.director.is_some() {
            return Some(until_frame);
        }
        self.app
            .clock
            .until_next_second(wall)
            .map(|until| until.max(until_frame))
    }

    /// A frame was drawn: the first time, the other trains join (building them takes longer
    /// than the first frame). Returns whether the screen changed.
    pub fn drawn(&mut self) -> bool {
        let Some(build) = self.fleet.take() else {
            return false;
        };
        let fleet = build();
        if fleet.is_empty() {
            return false;
        }
        self.app.set_fleet(fleet);
        true
    }

    /// Take one input at `at`; returns what the shell should do.
    pub fn handle(&mut self, input: Input, at: Moment) -> Vec<Effect> {
        let mut effects = Vec::new();
        match input {
            Input::Key(key) => self.key(key, at, &mut effects),
            Input::Mouse(mouse) => self.apply(Action::Mouse(mouse), at, &mut effects),
            Input::Paste(text) => {
                if self.app.prompt.is_some() {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        self.apply(Action::Prompt(Key::char(c)), at, &mut effects);
                    }
                }
            }
            Input::Resize(w, h) => self.apply(Action::Resize(w, h), at, &mut effects),
            Input::Tick => self.tick(at, &mut effects),
            Input::Notice(text) => self.apply(Action::Notice(text), at, &mut effects),
        }
        effects
    }

    /// A key: to the prompt when it is open, else through the keymap. During a demo any key
    /// takes over and then does its own job too (Space pauses, `q` quits), at the speed the
    /// demo had.
    fn key(&mut self, key: Key, at: Moment, effects: &mut Vec<Effect>) {
        let action = self.action_of(key, at);
        if self.shared.is_some() && action.as_ref().is_some_and(moves_time) {
            self.apply(Action::Notice(SHARED_NOTICE.into()), at, effects);
            return;
        }
        if self.director.take().is_some() {
            self.apply(Action::Demo(false), at, effects);
        }
        if let Some(action) = self.action_of(key, at) {
            self.apply(action, at, effects);
        }
    }

    /// What a key means now.
    fn action_of(&self, key: Key, at: Moment) -> Option<Action> {
        if let Some(prompt) = &self.app.prompt {
            if key == Key::ctrl('c') {
                return Some(Action::Command(Command::Quit));
            }
            if key.code == KeyCode::Enter && prompt.means_now() {
                // Only the session knows the calendar: "now" is the `w` key's jump.
                return Some(Action::Live(at.utc));
            }
            return Some(Action::Prompt(key));
        }
        match self.app.keymap.command(key)? {
            Command::Now => Some(Action::Live(at.utc)),
            command => Some(Action::Command(command)),
        }
    }

    /// Time passed: the director steers, then the replay plays on.
    fn tick(&mut self, at: Moment, effects: &mut Vec<Effect>) {
        if let Some(mut director) = self.director.take() {
            for action in director.step(&self.app, at.wall) {
                self.apply(action, at, effects);
            }
            if !director.finished {
                self.director = Some(director);
            }
        }
        if !self.app.clock.paused() {
            self.apply(Action::Tick, at, effects);
        }
        if let Some(clock) = self.shared.filter(|_| self.app.clock.paused()) {
            // The arrival: the shared cycle begins again.
            self.app.seek(clock.instant(at.utc), at.wall);
            self.app.clock.set_paused(false, at.wall);
            self.apply(Action::Tick, at, effects);
        }
    }

    /// Apply one action, then collect its effects: the bell for arrivals (when asked), the
    /// hook for every event passed, and the quit once.
    fn apply(&mut self, action: Action, at: Moment, effects: &mut Vec<Effect>) {
        self.app.update(action, at.wall);
        let timeline = self.app.journey.timeline();
        for &i in &self.app.outbox {
            let Some(event) = timeline.get(i) else {
                continue;
            };
            if self.app.settings.bell && App::rings(&event.kind) {
                effects.push(Effect::Bell);
            }
            effects.push(Effect::Hook(i));
        }
        if self.app.quit && !self.quit_sent {
            self.quit_sent = true;
            effects.push(Effect::Quit);
        }
    }
}

/// Whether `action` changes the replay's time or speed (the keys a shared clock turns off).
fn moves_time(action: &Action) -> bool {
    match action {
        Action::Command(command) => !matches!(
            command,
            Command::ScrollLeft
                | Command::ScrollRight
                | Command::ZoomIn
                | Command::ZoomOut
                | Command::ViewStart
                | Command::ViewEnd
                | Command::Follow
                | Command::TimetableUp
                | Command::TimetableDown
                | Command::CycleClock
                | Command::Map
                | Command::ResetMap
                | Command::Help
                | Command::Back
                | Command::Quit
                | Command::NextTrain
                | Command::Focus
                | Command::PageUp
                | Command::PageDown
                | Command::Details
                | Command::Legend
        ),
        Action::Live(_) | Action::SetSpeed(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn the_shared_instant_follows_the_calendar_and_cycles() {
        // A 6000 s journey at 600x: a 10 s cycle, counted from the Unix epoch.
        let clock = SharedClock {
            start: at(1_000_000),
            end: at(1_006_000),
            speed: 600.0,
        };
        assert_eq!(clock.instant(at(0)), at(1_000_000));
        assert_eq!(clock.instant(at(3)), at(1_001_800));
        assert_eq!(clock.instant(at(13)), at(1_001_800), "the next cycle");
        assert_eq!(clock.instant(at(1_700_000_009)), at(1_005_400));
    }

    #[test]
    fn a_degenerate_shared_clock_stays_at_its_start() {
        let still = SharedClock {
            start: at(5),
            end: at(5),
            speed: 600.0,
        };
        assert_eq!(still.instant(at(123)), at(5));
        let stopped = SharedClock {
            start: at(5),
            end: at(50),
            speed: 0.0,
        };
        assert_eq!(stopped.instant(at(123)), at(5));
    }
}
