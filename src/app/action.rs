//! Everything that can happen to the app, as one type. Keys, mouse, resizes, pastes, timer
//! ticks, a demo's director, a shared clock and the other trains built after the first frame
//! all become an [`Action`], handled in one place: `App::update`.

use super::Fleet;
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
#[derive(Debug, Clone)]
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
    /// Point the map's camera at (`lat`, `lon`), `span` degrees of latitude tall (a network
    /// tour's).
    Look {
        /// Latitude of the middle.
        lat: f64,
        /// Longitude of the middle.
        lon: f64,
        /// Degrees of latitude shown.
        span: f64,
    },
    /// Show a caption over the screen, or clear it.
    Caption(Option<String>),
    /// A demo starts (true) or hands over to the user (false).
    Demo(bool),
    /// Show a notice in the key bar (a hook that failed), until the next command.
    Notice(String),
    /// The replay's clock is shared by every viewer (`serve --shared`): the key bar offers
    /// only the keys that do not move time.
    SharedClock,
    /// Text pasted into the terminal (typed into the prompt when it is open).
    Paste(String),
    /// Go to this instant, and play from it when `play` (a clock shared by every viewer).
    Seek {
        /// The instant.
        to: DateTime<Utc>,
        /// Play from there, even if paused.
        play: bool,
    },
    /// The other trains on the line, built after the first frame was drawn.
    Trains(Box<Fleet>),
}

impl Action {
    /// Whether this action changes the replay's time or speed: the actions a clock shared by
    /// every viewer refuses from one of them. For commands, the command table says
    /// ([`Command::moves_time`]).
    #[must_use]
    pub fn moves_time(&self) -> bool {
        match self {
            Self::Command(command) => command.moves_time(),
            Self::Live(_) | Self::SetSpeed(_) | Self::Seek { .. } => true,
            Self::Tick
            | Self::Mouse(_)
            | Self::Resize(..)
            | Self::Prompt(_)
            | Self::Camera { .. }
            | Self::Look { .. }
            | Self::Caption(_)
            | Self::Demo(_)
            | Self::Notice(_)
            | Self::SharedClock
            | Self::Paste(_)
            | Self::Trains(_) => false,
        }
    }
}
