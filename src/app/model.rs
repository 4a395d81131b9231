//! What the [`Session`](super::session::Session) and the shells' loop need of a screen's
//! model, so that every kind of screen is driven by the same loop, session and shells: the
//! journey ([`App`](super::App)) today, a whole network of trains tomorrow. A model takes
//! every [`Action`] in its `update`, which is the only place its state changes, and answers
//! with the [`Effect`]s the shell must carry out; the view draws it from `&self` (the loop
//! asks for `&M: ratatui::widgets::Widget`).

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Action;
use crate::settings::Key;

/// What the shell carries out after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal bell (an arrival, with `--bell`).
    Bell,
    /// Run the `--on-event` hook for an event the replay passed.
    Hook(Hook),
    /// The viewer asked to quit.
    Quit,
}

/// An event the replay passed, as the `--on-event` command is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// The event's index in the journey's timeline.
    pub event: usize,
    /// The command's environment (`LONGRAIL_EVENT`, `LONGRAIL_TITLE`...).
    pub env: Vec<(&'static str, String)>,
}

/// A screen's model, as the session and the loop drive it.
pub trait Model {
    /// Apply `action` at wall time `wall` (since the session began); returns what the shell
    /// must carry out. The only place the model's state changes.
    fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect>;

    /// The action `key` stands for now (through the keymap, or the open prompt), if any;
    /// `utc` is the calendar's time, for the keys that mean "now".
    fn action_of(&self, key: Key, utc: DateTime<Utc>) -> Option<Action>;

    /// Whether time moves the screen by itself (the replay is playing).
    fn playing(&self) -> bool;

    /// How long after wall time `wall` the screen next changes by itself (`None` while
    /// nothing does): the loop may sleep until then.
    fn next_change(&self, wall: Duration) -> Option<Duration>;

    /// The simulated instant on screen.
    fn instant(&self) -> DateTime<Utc>;
}
