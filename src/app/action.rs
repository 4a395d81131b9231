//! Everything that can happen to the app, as one type. Keys, mouse, resizes, timer ticks and
//! (later) demo scripts all become an [`Action`], handled in one place: `App::update`.

pub use crate::settings::Command;
use crate::settings::Key;
use chrono::{DateTime, Utc};

/// A mouse button event on the screen, in cell coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// Wheel up (zoom in) at a cell.
    WheelUp(u16, u16),
    /// Wheel down (zoom out) at a cell.
    WheelDown(u16, u16),
    /// Left button pressed at a cell.
    Down(u16, u16),
    /// Moved with the left button held.
    Drag(u16, u16),
    /// Left button released.
    Up(u16, u16),
}

/// Everything the app reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Time passed: bring the simulated instant up to date.
    Tick,
    /// A user command (from a key binding or a script).
    Command(Command),
    /// A mouse event.
    Mouse(Mouse),
    /// The terminal changed size (columns, rows).
    Resize(u16, u16),
    /// A key for the open prompt (sent instead of commands while it is open).
    Prompt(Key),
    /// Go to this instant of the real world (the shell reads the wall clock when the user
    /// asks for "now"): the run the timetable has on the line then, at 1×.
    Live(DateTime<Utc>),
    /// Set the replay speed exactly (a demo script), within 1× to 100,000×.
    SetSpeed(f64),
    /// Point the strip's camera: centre and width in km (a demo script's eased camera).
    Camera {
        /// Km at the middle of the strip.
        center_km: f64,
        /// Km across the strip.
        span_km: f64,
    },
    /// Show a caption over the screen, or clear it.
    Caption(Option<String>),
    /// A demo starts (true) or hands over to the user (false).
    Demo(bool),
    /// Show a notice in the key bar (a hook that failed), until the next command.
    Notice(String),
}
