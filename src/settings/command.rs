//! The commands keys can be bound to, in one table: each command's config name, its line in
//! the help overlay and its default keys. The keymap, the help, the key bar and `config.toml`
//! all read this table, so they cannot disagree.

use serde::Deserialize;

/// A user command that keys can be bound to. Declared in help order: a command's position
/// is its row in [`TABLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
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
    /// Open the find box: stations and events as you type.
    Find,
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
    /// List the route's runs around the one shown (by its service days), to replay another.
    Runs,
    /// Scroll the strip west/back.
    ScrollLeft,
    /// Scroll the strip east/forward.
    ScrollRight,
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
    /// Scroll the timetable up.
    TimetableUp,
    /// Scroll the timetable down.
    TimetableDown,
    /// Focus the timetable, then the event log, then neither (↑↓ move, Enter seeks).
    Focus,
    /// A page up in the focused panel (the timetable when none is).
    PageUp,
    /// A page down in the focused panel (the timetable when none is).
    PageDown,
    /// Go to the focused row's time.
    Select,
    /// Open the details of the focused row's station (or the current stop's).
    Details,
    /// Cycle the timetable clock: local, Moscow, UTC.
    CycleClock,
    /// Cycle how stations are named: Latin, their own script, both.
    CycleNames,
    /// Show or hide the map.
    Map,
    /// Fit the whole route on the map again.
    ResetMap,
    /// Restart the replay from the departure.
    Restart,
    /// Show or hide the help overlay.
    Help,
    /// Show or hide the legend of the strip's and the map's glyphs.
    Legend,
    /// Close what is open (an overlay, the prompt, the focus); never quits.
    Back,
    /// Quit.
    Quit,
}

/// One command's row: its config name, what it does (for the help) and its default keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The command.
    pub command: Command,
    /// The config name (`speed_up`).
    pub name: &'static str,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// The default keys, as written in the README and `config.toml`.
    pub keys: &'static [&'static str],
    /// Whether it changes the replay's time or speed (the keys a clock shared by every
    /// `serve` viewer turns off); the others only change what one viewer sees.
    pub moves_time: bool,
}

/// Every command, in help order (the order of [`Command`]'s variants).
pub const TABLE: [Spec; 42] = [
    Spec {
        command: Command::Pause,
        name: "pause",
        help: "pause / resume",
        moves_time: true,
        keys: &["space"],
    },
    Spec {
        command: Command::SpeedUp,
        name: "speed_up",
        help: "faster (presets 1× to 100,000×)",
        moves_time: true,
        keys: &["+", "=", "]"],
    },
    Spec {
        command: Command::SpeedDown,
        name: "speed_down",
        help: "slower",
        moves_time: true,
        keys: &["-", "["],
    },
    Spec {
        command: Command::NextStop,
        name: "next_stop",
        help: "next arrival or departure",
        moves_time: true,
        keys: &["n"],
    },
    Spec {
        command: Command::PrevStop,
        name: "prev_stop",
        help: "previous arrival or departure",
        moves_time: true,
        keys: &["p"],
    },
    Spec {
        command: Command::NextEvent,
        name: "next_event",
        help: "next event (zone, border, transfer…)",
        moves_time: true,
        keys: &["N"],
    },
    Spec {
        command: Command::PrevEvent,
        name: "prev_event",
        help: "previous event",
        moves_time: true,
        keys: &["P"],
    },
    Spec {
        command: Command::Step,
        name: "step",
        help: "step one minute (paused)",
        moves_time: true,
        keys: &["."],
    },
    Spec {
        command: Command::Goto,
        name: "goto",
        help: "go to: d3 14:00 [zone], 14:00, a station, +6h, departure +2h, a date, now",
        moves_time: true,
        keys: &["g"],
    },
    Spec {
        command: Command::Find,
        name: "find",
        help: "find a station or an event (local names too)",
        moves_time: true,
        keys: &["/"],
    },
    Spec {
        command: Command::NextZone,
        name: "next_zone",
        help: "next clock change",
        moves_time: true,
        keys: &["c"],
    },
    Spec {
        command: Command::PrevZone,
        name: "prev_zone",
        help: "previous clock change",
        moves_time: true,
        keys: &["C"],
    },
    Spec {
        command: Command::NextBorder,
        name: "next_border",
        help: "next border",
        moves_time: true,
        keys: &["b"],
    },
    Spec {
        command: Command::PrevBorder,
        name: "prev_border",
        help: "previous border",
        moves_time: true,
        keys: &["B"],
    },
    Spec {
        command: Command::NextDay,
        name: "next_day",
        help: "next journey day (00:00, train's clock)",
        moves_time: true,
        keys: &["d"],
    },
    Spec {
        command: Command::PrevDay,
        name: "prev_day",
        help: "start of this journey day / the one before",
        moves_time: true,
        keys: &["D"],
    },
    Spec {
        command: Command::NextTrain,
        name: "next_train",
        help: "select the next train on the line",
        moves_time: false,
        keys: &["tab"],
    },
    Spec {
        command: Command::Now,
        name: "now",
        help: "now, by the timetable (not live tracking), at 1×",
        moves_time: true,
        keys: &["w"],
    },
    Spec {
        command: Command::Runs,
        name: "runs",
        help: "the route's runs by date: pick one to replay",
        moves_time: true,
        keys: &["R"],
    },
    Spec {
        command: Command::ScrollLeft,
        name: "scroll_left",
        help: "scroll left (strip, or map when shown)",
        moves_time: false,
        keys: &["left", "h"],
    },
    Spec {
        command: Command::ScrollRight,
        name: "scroll_right",
        help: "scroll right (strip, or map when shown)",
        moves_time: false,
        keys: &["right", "l"],
    },
    Spec {
        command: Command::ZoomIn,
        name: "zoom_in",
        help: "zoom in (strip, or map when shown)",
        moves_time: false,
        keys: &["z"],
    },
    Spec {
        command: Command::ZoomOut,
        name: "zoom_out",
        help: "zoom out",
        moves_time: false,
        keys: &["Z"],
    },
    Spec {
        command: Command::ViewStart,
        name: "view_start",
        help: "show the start of the route",
        moves_time: false,
        keys: &["home"],
    },
    Spec {
        command: Command::ViewEnd,
        name: "view_end",
        help: "show the end of the route",
        moves_time: false,
        keys: &["end"],
    },
    Spec {
        command: Command::Follow,
        name: "follow",
        help: "follow the train",
        moves_time: false,
        keys: &["f"],
    },
    Spec {
        command: Command::TimetableUp,
        name: "timetable_up",
        help: "timetable up (focused: row up; map: pan north)",
        moves_time: false,
        keys: &["up", "k"],
    },
    Spec {
        command: Command::TimetableDown,
        name: "timetable_down",
        help: "timetable down (focused: row down; map: pan south)",
        moves_time: false,
        keys: &["down", "j"],
    },
    Spec {
        command: Command::Focus,
        name: "focus",
        help: "focus the timetable / the event log / neither",
        moves_time: false,
        keys: &["e"],
    },
    Spec {
        command: Command::PageUp,
        name: "page_up",
        help: "a page up (focused panel, else the timetable)",
        moves_time: false,
        keys: &["pageup"],
    },
    Spec {
        command: Command::PageDown,
        name: "page_down",
        help: "a page down (focused panel, else the timetable)",
        moves_time: false,
        keys: &["pagedown"],
    },
    Spec {
        command: Command::Select,
        name: "select",
        help: "go to the focused row's time",
        moves_time: true,
        keys: &["enter"],
    },
    Spec {
        command: Command::Details,
        name: "details",
        help: "details of the focused row's station (or this stop's)",
        moves_time: false,
        keys: &["i"],
    },
    Spec {
        command: Command::CycleClock,
        name: "cycle_clock",
        help: "timetable and log clock: local / route / UTC",
        moves_time: false,
        keys: &["t"],
    },
    Spec {
        command: Command::CycleNames,
        name: "names",
        help: "station names: Latin / own script / both",
        moves_time: false,
        keys: &["s"],
    },
    Spec {
        command: Command::Map,
        name: "map",
        help: "map on / off (beside the strip when wide)",
        moves_time: false,
        keys: &["m"],
    },
    Spec {
        command: Command::ResetMap,
        name: "reset_map",
        help: "fit the whole route on the map",
        moves_time: false,
        keys: &["0"],
    },
    Spec {
        command: Command::Restart,
        name: "restart",
        help: "restart (the run the app opened on)",
        moves_time: true,
        keys: &["r"],
    },
    Spec {
        command: Command::Help,
        name: "help",
        help: "this help",
        moves_time: false,
        keys: &["?"],
    },
    Spec {
        command: Command::Legend,
        name: "legend",
        help: "what the strip's and the map's symbols mean",
        moves_time: false,
        keys: &["L"],
    },
    Spec {
        command: Command::Back,
        name: "back",
        help: "close what is open (never quits)",
        moves_time: false,
        keys: &["esc"],
    },
    Spec {
        command: Command::Quit,
        name: "quit",
        help: "quit",
        moves_time: false,
        keys: &["q", "ctrl-c"],
    },
];

impl Command {
    /// Every command, in help order.
    pub const ALL: [Self; TABLE.len()] = {
        let mut all = [Self::Pause; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].command;
            i += 1;
        }
        all
    };

    /// This command's row of [`TABLE`].
    #[must_use]
    pub fn spec(self) -> &'static Spec {
        // The variants are declared in table order (a unit test checks it), so the
        // discriminant is always an index into the table.
        &TABLE[self as usize]
    }

    /// The config name (`speed_up`).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What it does, for the help overlay.
    #[must_use]
    pub fn describe(self) -> &'static str {
        self.spec().help
    }

    /// The default keys.
    #[must_use]
    pub fn default_keys(self) -> &'static [&'static str] {
        self.spec().keys
    }

    /// Whether it changes the replay's time or speed.
    #[must_use]
    pub fn moves_time(self) -> bool {
        self.spec().moves_time
    }

    /// Parse a config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        TABLE.iter().find(|s| s.name == name).map(|s| s.command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_declared_in_table_order() {
        for (i, spec) in TABLE.iter().enumerate() {
            assert_eq!(spec.command as usize, i, "{} is out of place", spec.name);
            assert_eq!(Command::from_name(spec.name), Some(spec.command));
        }
    }
}
