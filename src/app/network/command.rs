//! The network screen's commands: the same command table and keymap as the journey, each
//! meaning what it says on a map of trains.

use std::time::Duration;

use chrono::TimeDelta;

use super::super::clock;
use super::super::strip_view::ZOOM_STEP;
use super::{Command, NetOverlay, NetworkView, RunId, find};

/// The commands the network screen answers, with what each does there: the help lists them,
/// in this order, under the keys the keymap gives them.
pub const COMMANDS: [(Command, &str); 21] = [
    (Command::Pause, "pause / resume"),
    (Command::SpeedUp, "faster (presets 1× to 100,000×)"),
    (Command::SpeedDown, "slower"),
    (Command::Step, "step one minute (paused)"),
    (Command::Now, "now, by the feed's own calendar, at 1×"),
    (Command::Restart, "back to where the replay began"),
    (Command::Find, "find a route, a stop or a trip"),
    (
        Command::NextTrain,
        "select a train (the one nearest the middle first)",
    ),
    (
        Command::Select,
        "open the selected train's journey (Esc comes back)",
    ),
    (
        Command::Details,
        "next departures of the stop found or clicked, else the train's next stop",
    ),
    (Command::Follow, "follow the selected train"),
    (Command::ScrollLeft, "pan west"),
    (Command::ScrollRight, "pan east"),
    (Command::TimetableUp, "pan north"),
    (Command::TimetableDown, "pan south"),
    (Command::ZoomIn, "zoom in"),
    (Command::ZoomOut, "zoom out"),
    (Command::ResetMap, "the whole network"),
    (Command::Help, "this help"),
    (
        Command::Back,
        "close what is open, then let go of the train",
    ),
    (Command::Quit, "quit"),
];

/// How far one pan key moves the map: a fifth of the view.
const PAN: f64 = 0.2;

impl NetworkView {
    /// Carry out `command` at wall time `wall`.
    pub(super) fn command(&mut self, command: Command, wall: Duration) {
        if self.overlay == NetOverlay::Help && self.help_takes(command) {
            return;
        }
        let bounds = self.map_bounds();
        match command {
            Command::Pause => {
                let paused = self.clock.paused();
                self.clock.set_paused(!paused, wall);
            }
            Command::SpeedUp => {
                let s = clock::faster(self.clock.speed());
                self.clock.set_speed(s, wall);
            }
            Command::SpeedDown => {
                let s = clock::slower(self.clock.speed());
                self.clock.set_speed(s, wall);
            }
            Command::Step => self.step(wall),
            Command::Restart => self.clock.seek(self.start, wall),
            Command::Find => self.find = Some(find::Find::default()),
            Command::NextTrain => self.next_train(),
            Command::Select => self.open = self.selected,
            Command::Details => self.details(),
            Command::Follow => self.follow(bounds),
            Command::ScrollLeft => self.map.pan(-PAN, 0.0, bounds),
            Command::ScrollRight => self.map.pan(PAN, 0.0, bounds),
            Command::TimetableUp => self.map.pan(0.0, PAN, bounds),
            Command::TimetableDown => self.map.pan(0.0, -PAN, bounds),
            Command::ZoomIn => self.map.zoom(1.0 / ZOOM_STEP, bounds),
            Command::ZoomOut => self.map.zoom(ZOOM_STEP, bounds),
            Command::ResetMap => self.map.reset(),
            Command::Help => self.toggle(NetOverlay::Help),
            Command::Back => self.back(),
            Command::Quit => self.quitting = true,
            _ => self.notice = Some(not_here(command)),
        }
    }

    /// The help scrolls with ↑↓ and the page keys while open.
    fn help_takes(&mut self, command: Command) -> bool {
        let step: i32 = match command {
            Command::TimetableUp => -1,
            Command::TimetableDown => 1,
            Command::PageUp => -10,
            Command::PageDown => 10,
            _ => return false,
        };
        let scroll = i32::from(self.help_scroll) + step;
        self.help_scroll = u16::try_from(scroll.clamp(0, 100)).unwrap_or(0);
        true
    }

    /// One simulated minute on, when paused.
    fn step(&mut self, wall: Duration) {
        if self.clock.paused() {
            let to = self.clock.at(wall) + TimeDelta::minutes(1);
            self.clock.seek(to, wall);
        } else {
            self.notice = Some("steps are for a paused replay: Space pauses".into());
        }
    }

    fn toggle(&mut self, overlay: NetOverlay) {
        self.overlay = if self.overlay == overlay {
            NetOverlay::None
        } else {
            overlay
        };
        self.help_scroll = 0;
    }

    /// Esc: close the overlay, else let go of the selected train.
    fn back(&mut self) {
        if self.overlay != NetOverlay::None {
            self.overlay = NetOverlay::None;
        } else if self.selected.is_some() {
            self.selected = None;
            self.map.follow = false;
        }
    }

    /// Follow the selected train (zooming in to it), or say there is none.
    fn follow(&mut self, bounds: crate::geo::projection::Bounds) {
        if self.selected.is_none() {
            self.notice = Some("select a train first (Tab, or click one)".into());
            return;
        }
        self.map.follow = true;
        if self.map.span.is_none() {
            self.map.zoom(0.25, bounds);
        }
    }

    /// `i`: the departures of the stop found or clicked; else of the selected train's next
    /// stop; else of the station nearest the middle of the map.
    fn details(&mut self) {
        let stop = self
            .stop
            .or_else(|| self.next_stop_of_selected())
            .or_else(|| self.station_near_middle());
        match stop {
            Some(s) => {
                self.show_departures(s);
            }
            None => self.notice = Some("no station in view: find one with /".into()),
        }
    }

    /// The station the selected train runs to next (or stands at).
    fn next_stop_of_selected(&self) -> Option<u32> {
        let m = self.selected_train()?;
        let network = self.network();
        let trip = network.trips().get(m.train.trip as usize)?;
        let stops = network.pattern_stops(network.pattern_of(trip)?);
        let s = *stops.get(m.train.place.to)?;
        Some(crate::network::lines::station_of(network, s))
    }

    /// The station nearest the middle of the map, if one is in view.
    fn station_near_middle(&self) -> Option<u32> {
        let b = self.map_bounds();
        let (lon, lat) = (f64::midpoint(b.0, b.2), f64::midpoint(b.1, b.3));
        self.lines()
            .stations()
            .iter()
            .filter(|s| {
                let (y, x) = s.coord;
                (b.0..b.2).contains(&x) && (b.1..b.3).contains(&y)
            })
            .min_by(|a, b| {
                let d = |s: &crate::network::lines::Station| {
                    (s.coord.0 - lat).powi(2) + (s.coord.1 - lon).powi(2)
                };
                d(a).total_cmp(&d(b))
            })
            .map(|s| s.stop)
    }

    /// Tab: with no train selected, the one in view nearest the middle; else the next one in
    /// view, in trip order, round again after the last.
    fn next_train(&mut self) {
        let b = self.map_bounds();
        let visible: Vec<&super::Moving> = self
            .trains
            .iter()
            .filter(|m| {
                let (lat, lon) = m.train.place.coord;
                (b.0..b.2).contains(&lon) && (b.1..b.3).contains(&lat)
            })
            .collect();
        let chosen = match self.selected {
            None => {
                let (lon, lat) = (f64::midpoint(b.0, b.2), f64::midpoint(b.1, b.3));
                visible
                    .iter()
                    .min_by(|a, c| {
                        let d = |m: &super::Moving| {
                            let (y, x) = m.train.place.coord;
                            (y - lat).powi(2) + (x - lon).powi(2)
                        };
                        d(a).total_cmp(&d(c))
                    })
                    .map(|m| RunId::of(&m.train))
            }
            Some(current) => {
                let mut ids: Vec<RunId> = visible.iter().map(|m| RunId::of(&m.train)).collect();
                ids.sort_by_key(|r| (r.trip, r.service_date, r.shift));
                let key = (current.trip, current.service_date, current.shift);
                ids.iter()
                    .find(|r| (r.trip, r.service_date, r.shift) > key)
                    .or_else(|| ids.first())
                    .copied()
            }
        };
        match chosen {
            Some(id) => {
                self.selected = Some(id);
                self.overlay = NetOverlay::None;
            }
            None => self.notice = Some("no train running in view: zoom out (Z or 0)".into()),
        }
    }
}

/// What the key bar says for a command the network screen has no use for.
fn not_here(command: Command) -> String {
    format!(
        "{} is for a journey: select a train (Tab) and open it (Enter)",
        command.name()
    )
}
