//! One viewer's screen: a [`Model`] (the journey's [`App`], or any other kind of screen) with
//! what runs beside it (a director steering a demo, work left for after the first frame, a
//! clock shared with other viewers), driven by terminal-neutral [`Input`]s and answering with
//! [`Effect`]s for the shell to carry out. The local terminal, every `serve` viewer,
//! `record`, `demo`, the pictures and the tests all drive a `Session`, which changes the
//! model only through its `update`.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::demo::Director;
pub use super::model::Effect;
use super::model::Model;
use super::{Action, App, Fleet, Key, Mouse};

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

/// What the key bar says when a time key is pressed on a shared clock (the key bar beside it
/// offers only the keys that work).
pub const SHARED_NOTICE: &str =
    "the clock is shared by every viewer: time keys are off; the keys shown here are yours";

/// What steers a model by itself (a demo's director): before each frame it looks at the
/// model and answers with actions, the same ones keys produce.
pub trait Steer<M>: Send {
    /// The actions for wall time `wall`.
    fn step(&mut self, model: &M, wall: Duration) -> Vec<Action>;
    /// Whether it has nothing more to do (a demo that does not loop, at its end).
    fn finished(&self) -> bool;
}

impl Steer<App> for Director {
    fn step(&mut self, model: &App, wall: Duration) -> Vec<Action> {
        Director::step(self, model, wall)
    }

    fn finished(&self) -> bool {
        self.finished
    }
}

/// Work done once the first frame is on screen (building the other trains takes longer than
/// drawing it), handed to the model as an action.
pub type Later = Box<dyn FnOnce() -> Action + Send>;

/// One viewer's model and what runs beside it: a director steering it (a demo), work to do
/// after the first frame, and a clock shared with other viewers.
pub struct Session<M = App> {
    model: M,
    steer: Option<Box<dyn Steer<M>>>,
    later: Option<Later>,
    shared: Option<SharedClock>,
    quit: bool,
}

impl<M: Model> Session<M> {
    /// A session of `model`, with nothing beside it.
    #[must_use]
    pub fn new(model: M) -> Self {
        Self {
            model,
            steer: None,
            later: None,
            shared: None,
            quit: false,
        }
    }

    /// Follow `clock`, shared with other viewers, from `at` on: the replay goes to its
    /// instant now, and the time keys only say that the clock is shared.
    #[must_use]
    pub fn with_shared_clock(mut self, clock: SharedClock, at: Moment) -> Self {
        let to = clock.instant(at.utc);
        let _ = self.model.update(Action::Seek { to, play: true }, at.wall);
        let _ = self.model.update(Action::SharedClock, at.wall);
        self.shared = Some(clock);
        self
    }

    /// Whether the clock is shared with other viewers.
    #[must_use]
    pub fn shared_clock(&self) -> bool {
        self.shared.is_some()
    }

    /// Let `steer` drive the model until a key takes over (a demo).
    #[must_use]
    pub fn with_steer(mut self, steer: Box<dyn Steer<M>>) -> Self {
        self.steer = Some(steer);
        self
    }

    /// Do `later` once the first frame is drawn.
    #[must_use]
    pub fn with_later(mut self, later: Later) -> Self {
        self.later = Some(later);
        self
    }

    /// The model, to draw.
    #[must_use]
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The model, leaving the session.
    #[must_use]
    pub fn into_model(self) -> M {
        self.model
    }

    /// Whether a director is steering.
    #[must_use]
    pub fn in_demo(&self) -> bool {
        self.steer.is_some()
    }

    /// Whether the viewer has quit.
    #[must_use]
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Whether the screen changes with time alone (a demo, or the replay playing).
    #[must_use]
    pub fn animating(&self) -> bool {
        self.steer.is_some() || self.model.playing()
    }

    /// How long the shell may wait for input before the screen needs drawing again, given
    /// the time left until the next frame is allowed; `None` when nothing changes by itself.
    #[must_use]
    pub fn next_wake(&self, wall: Duration, until_frame: Duration) -> Option<Duration> {
        if self.steer.is_some() {
            return Some(until_frame);
        }
        self.model
            .next_change(wall)
            .map(|until| until.max(until_frame))
    }

    /// A frame was drawn at `at`: the first time, the work left for later is done, and its
    /// effects returned (`None` when there was none, so the screen did not change).
    pub fn drawn(&mut self, at: Moment) -> Option<Vec<Effect>> {
        let later = self.later.take()?;
        let mut effects = Vec::new();
        self.apply(later(), at.wall, &mut effects);
        Some(effects)
    }

    /// Take one input at `at`; returns what the shell should do.
    pub fn handle(&mut self, input: Input, at: Moment) -> Vec<Effect> {
        let action = match input {
            Input::Key(key) => return self.key(key, at),
            Input::Tick => return self.tick(at),
            Input::Mouse(mouse) => Action::Mouse(mouse),
            Input::Paste(text) => Action::Paste(text),
            Input::Resize(w, h) => Action::Resize(w, h),
            Input::Notice(text) => Action::Notice(text),
        };
        let mut effects = Vec::new();
        self.apply(action, at.wall, &mut effects);
        effects
    }

    /// A key: what the model says it means. During a demo any key takes over and then does
    /// its own job too (Space pauses, `q` quits), at the speed the demo had; on a shared
    /// clock, a key that would move time only says so.
    fn key(&mut self, key: Key, at: Moment) -> Vec<Effect> {
        let mut effects = Vec::new();
        let action = self.model.action_of(key, at.utc);
        if self.shared.is_some() && action.as_ref().is_some_and(Action::moves_time) {
            self.apply(Action::Notice(SHARED_NOTICE.into()), at.wall, &mut effects);
            return effects;
        }
        if self.steer.take().is_some() {
            self.apply(Action::Demo(false), at.wall, &mut effects);
        }
        // Asked again: taking over may have changed what the key means.
        if let Some(action) = self.model.action_of(key, at.utc) {
            self.apply(action, at.wall, &mut effects);
        }
        effects
    }

    /// Time passed: the director steers, then the replay plays on; a shared clock that
    /// reached its end begins its cycle again.
    fn tick(&mut self, at: Moment) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(mut steer) = self.steer.take() {
            for action in steer.step(&self.model, at.wall) {
                self.apply(action, at.wall, &mut effects);
            }
            if !steer.finished() {
                self.steer = Some(steer);
            }
        }
        if self.model.playing() {
            self.apply(Action::Tick, at.wall, &mut effects);
        }
        if let Some(clock) = self.shared.filter(|_| !self.model.playing()) {
            let to = clock.instant(at.utc);
            self.apply(Action::Seek { to, play: true }, at.wall, &mut effects);
        }
        effects
    }

    /// Apply one action; its effects join `effects`, the quit only once.
    fn apply(&mut self, action: Action, wall: Duration, effects: &mut Vec<Effect>) {
        for effect in self.model.update(action, wall) {
            if effect == Effect::Quit {
                if self.quit {
                    continue;
                }
                self.quit = true;
            }
            effects.push(effect);
        }
    }
}

impl Session<App> {
    /// Play a demo: the director steers until a key takes over.
    #[must_use]
    pub fn with_director(self, director: Director) -> Self {
        self.with_steer(Box::new(director))
    }

    /// Build the other trains with `fleet` once the first frame is drawn.
    #[must_use]
    pub fn with_later_fleet(self, fleet: LaterFleet) -> Self {
        self.with_later(Box::new(move || Action::Trains(Box::new(fleet()))))
    }

    /// The app, to draw.
    #[must_use]
    pub fn app(&self) -> &App {
        &self.model
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
