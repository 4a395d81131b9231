//! Everything that can happen to the app, as one type. Keys, mouse, resizes, timer ticks and
//! (later) demo scripts all become an [`Action`], handled in one place: `App::update`.

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A user command that keys can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Pause or resume the replay.
    Pause,
    /// Next faster speed preset.
    SpeedUp,
    /// Next slower speed preset.
    SpeedDown,
    /// Jump to the next arrival or departure.
    NextStop,
    /// Jump to the previous arrival or departure.
    PrevStop,
    /// Jump to the next event (zone change, border, transfer...).
    NextEvent,
    /// Jump to the previous event.
    PrevEvent,
    /// Step one simulated minute (while paused).
    Step,
    /// Open the "go to" prompt (a time, a station, a step such as +6h).
    Goto,
    /// Jump to the next clock (zone) change.
    NextZone,
    /// Jump to the previous clock (zone) change.
    PrevZone,
    /// Jump to the next border crossing.
    NextBorder,
    /// Jump to the previous border crossing.
    PrevBorder,
    /// Jump to the start of the next journey day (train's clock).
    NextDay,
    /// Jump to the start of this journey day, or the one before.
    PrevDay,
    /// Select the next train on the line (clocks, timetable and follow mode go with it).
    NextTrain,
    /// Show where the trains are right now by the published timetable, at 1×.
    Now,
    /// Scroll the strip west/back.
    ScrollLeft,
    /// Scroll the strip east/forward.
    ScrollRight,
    /// Scroll the timetable up.
    TimetableUp,
    /// Scroll the timetable down.
    TimetableDown,
    /// Zoom the strip in.
    ZoomIn,
    /// Zoom the strip out.
    ZoomOut,
    /// Show the start of the route.
    ViewStart,
    /// Show the end of the route.
    ViewEnd,
    /// Follow the train again.
    Follow,
    /// Cycle the timetable clock: local, Moscow, UTC.
    CycleClock,
    /// Show or hide the map.
    Map,
    /// Fit the whole route on the map again.
    ResetMap,
    /// Restart the replay from the departure.
    Restart,
    /// Show or hide the help overlay.
    Help,
    /// Close the open overlay, or quit when none is open.
    Back,
    /// Quit.
    Quit,
}

impl Command {
    /// Every command, in help order.
    pub const ALL: &'static [Self] = &[
        Self::Pause,
        Self::SpeedUp,
        Self::SpeedDown,
        Self::NextStop,
        Self::PrevStop,
        Self::NextEvent,
        Self::PrevEvent,
        Self::Step,
        Self::Goto,
        Self::NextZone,
        Self::PrevZone,
        Self::NextBorder,
        Self::PrevBorder,
        Self::NextDay,
        Self::PrevDay,
        Self::NextTrain,
        Self::Now,
        Self::ScrollLeft,
        Self::ScrollRight,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ViewStart,
        Self::ViewEnd,
        Self::Follow,
        Self::TimetableUp,
        Self::TimetableDown,
        Self::CycleClock,
        Self::Map,
        Self::ResetMap,
        Self::Restart,
        Self::Help,
        Self::Back,
        Self::Quit,
    ];

    /// The config name (`speed_up`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::SpeedUp => "speed_up",
            Self::SpeedDown => "speed_down",
            Self::NextStop => "next_stop",
            Self::PrevStop => "prev_stop",
            Self::NextEvent => "next_event",
            Self::PrevEvent => "prev_event",
            Self::Step => "step",
            Self::Goto => "goto",
            Self::NextZone => "next_zone",
            Self::PrevZone => "prev_zone",
            Self::NextBorder => "next_border",
            Self::PrevBorder => "prev_border",
            Self::NextDay => "next_day",
            Self::PrevDay => "prev_day",
            Self::NextTrain => "next_train",
            Self::Now => "now",
            Self::ScrollLeft => "scroll_left",
            Self::ScrollRight => "scroll_right",
            Self::TimetableUp => "timetable_up",
            Self::TimetableDown => "timetable_down",
            Self::ZoomIn => "zoom_in",
            Self::ZoomOut => "zoom_out",
            Self::ViewStart => "view_start",
            Self::ViewEnd => "view_end",
            Self::Follow => "follow",
            Self::CycleClock => "cycle_clock",
            Self::Map => "map",
            Self::ResetMap => "reset_map",
            Self::Restart => "restart",
            Self::Help => "help",
            Self::Back => "back",
            Self::Quit => "quit",
        }
    }

    /// What it does, for the help overlay.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Pause => "pause / resume",
            Self::SpeedUp => "faster (presets 1× to 100,000×)",
            Self::SpeedDown => "slower",
            Self::NextStop => "next arrival or departure",
            Self::PrevStop => "previous arrival or departure",
            Self::NextEvent => "next event (zone, border, transfer…)",
            Self::PrevEvent => "previous event",
            Self::Step => "step one minute (paused)",
            Self::Goto => "go to: day 3 14:00 [MSK], a station, +6h, -30m, an instant",
            Self::NextZone => "next clock change",
            Self::PrevZone => "previous clock change",
            Self::NextBorder => "next border",
            Self::PrevBorder => "previous border",
            Self::NextDay => "next journey day (00:00, train's clock)",
            Self::PrevDay => "start of this journey day / the one before",
            Self::NextTrain => "select the next train on the line",
            Self::Now => "now, by the timetable (not live tracking), at 1×",
            Self::ScrollLeft => "scroll left (strip, or map when shown)",
            Self::ScrollRight => "scroll right (strip, or map when shown)",
            Self::ZoomIn => "zoom in (strip, or map when shown)",
            Self::ZoomOut => "zoom out",
            Self::ViewStart => "show the start of the route",
            Self::ViewEnd => "show the end of the route",
            Self::Follow => "follow the train",
            Self::TimetableUp => "scroll the timetable up (map: pan north)",
            Self::TimetableDown => "scroll the timetable down (map: pan south)",
            Self::CycleClock => "timetable clock: local / Moscow / UTC",
            Self::Map => "map on / off (beside the strip when wide)",
            Self::ResetMap => "fit the whole route on the map",
            Self::Restart => "restart from departure",
            Self::Help => "this help",
            Self::Back => "close overlay, or quit",
            Self::Quit => "quit",
        }
    }

    /// Parse a config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// A key typed into the open prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKey {
    /// A character to insert.
    Char(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Go.
    Enter,
    /// Close the prompt.
    Cancel,
}

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
    /// A key for the open prompt (the shell sends these instead of commands while it is open).
    Prompt(PromptKey),
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
}
