//! Commands from keys and scripts: jumps in time, playback, the views and the overlays.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::map_view::View;
use super::prompt::PromptKind;
use super::strip_view::ZOOM_STEP;
use super::{App, Command, Overlay, clock, geometry, layout};

impl App {
    /// Carry out `command` at wall time `wall`. Every command has its arm here, so a new one
    /// cannot compile without saying what it does.
    pub(super) fn command(&mut self, command: Command, wall: Duration) {
        if self.overlay_takes(command, wall) {
            return;
        }
        let now = self.clock.sim.at(wall);
        let map = self.screen.view != View::Strip;
        match command {
            Command::Pause => self.toggle_pause(now, wall),
            Command::SpeedUp | Command::SpeedDown => {
                self.change_speed(command == Command::SpeedUp, wall);
            }
            Command::NextStop | Command::PrevStop => {
                self.stop_jump(now, command == Command::NextStop, wall);
            }
            Command::NextEvent | Command::PrevEvent => {
                self.event_jump(now, command == Command::NextEvent, wall);
            }
            Command::Step => self.step(now, wall),
            Command::Goto => self.open_prompt(PromptKind::Goto),
            Command::Find => self.open_prompt(PromptKind::Find),
            Command::NextZone | Command::PrevZone => {
                self.zone_jump(command == Command::NextZone, wall);
            }
            Command::NextBorder | Command::PrevBorder => {
                self.border_jump(command == Command::NextBorder, wall);
            }
            Command::NextDay => self.next_day(wall),
            Command::PrevDay => self.prev_day(wall),
            Command::NextTrain => self.next_train(wall),
            // Only the calendar knows "now": the key becomes `Action::Live` (see
            // `App::action_of`); a script's `now`, without a calendar, does nothing.
            Command::Now => {}
            Command::Restart => self.restart(wall),
            Command::Runs => self.open_runs(self.trains.selected.date),
            Command::ScrollLeft | Command::ScrollRight => {
                self.scroll_sideways(command == Command::ScrollRight, map);
            }
            Command::ZoomIn | Command::ZoomOut => self.zoom_key(command == Command::ZoomIn, map),
            Command::ViewStart | Command::ViewEnd => self.view_end(command == Command::ViewEnd),
            Command::Follow => self.follow(),
            Command::TimetableUp | Command::TimetableDown => {
                self.up_down(command == Command::TimetableDown, map);
            }
            Command::Focus => self.cycle_focus(),
            Command::PageUp | Command::PageDown => self.page(command == Command::PageDown),
            Command::Select => self.select_row(wall),
            Command::Details => self.details(),
            Command::CycleClock => self.cycle_clock(),
            Command::CycleNames => self.cycle_names(),
            Command::Map => self.toggle_map(),
            Command::ResetMap => self.panels.map.reset(),
            Command::Help => self.toggle_overlay(Overlay::Help),
            Command::Legend => self.toggle_overlay(Overlay::Legend),
            Command::Back => self.back(),
            Command::Quit => self.quitting = true,
        }
    }

    /// Whether the overlay open takes `command` for itself: the help and the legend scroll with
    /// ↑↓ and the page keys, the run picker moves, picks and closes with its keys.
    fn overlay_takes(&mut self, command: Command, wall: Duration) -> bool {
        let scrolls = matches!(
            command,
            Command::TimetableUp | Command::TimetableDown | Command::PageUp | Command::PageDown
        );
        if matches!(self.screen.overlay, Overlay::Help | Overlay::Legend) && scrolls {
            let down = matches!(command, Command::TimetableDown | Command::PageDown);
            self.scroll_help(down, matches!(command, Command::PageUp | Command::PageDown));
            return true;
        }
        self.screen.overlay == Overlay::Runs && self.runs_command(command, wall)
    }

    /// Space: pause or play; at the arrival, play again from the departure.
    fn toggle_pause(&mut self, now: DateTime<Utc>, wall: Duration) {
        self.clock.live = false;
        let resume_at_end = self.clock.paused() && now >= self.journey.route().arrival();
        if resume_at_end {
            self.seek(self.journey.route().departure(), wall);
        }
        self.clock.sim.set_paused(!self.clock.paused(), wall);
    }

    /// The next (or previous) arrival or departure.
    fn stop_jump(&mut self, now: DateTime<Utc>, forward: bool, wall: Duration) {
        if forward {
            let to = self.journey.next_stop_time(now);
            self.seek_or_say(to, "no stop ahead: the train has arrived", wall);
        } else {
            let to = self.journey.previous_stop_time(now);
            self.seek_or_say(to, "no stop behind: this is the departure", wall);
        }
    }

    /// The next (or previous) notable event.
    fn event_jump(&mut self, now: DateTime<Utc>, forward: bool, wall: Duration) {
        let to = self.timeline_time(now, forward, |k| k.is_notable());
        let why = if forward {
            "no event ahead"
        } else {
            "no event behind"
        };
        self.seek_or_say(to, why, wall);
    }

    /// `.`: a minute on, while paused.
    fn step(&mut self, now: DateTime<Utc>, wall: Duration) {
        if self.clock.paused() {
            self.seek(now + TimeDelta::minutes(1), wall);
        } else {
            self.say("`.` steps a minute while paused: press Space to pause first");
        }
    }

    /// ←/→: the map when it is shown, else the strip (west and east as drawn).
    fn scroll_sideways(&mut self, right: bool, map: bool) {
        if map {
            let bounds = self.map_bounds();
            self.panels
                .map
                .pan(if right { 0.2 } else { -0.2 }, 0.0, bounds);
        } else {
            let step = if right == self.strip_reversed() {
                -0.2
            } else {
                0.2
            };
            self.panels.strip.scroll(step);
        }
    }

    /// `z`/`Z`: the map when it is shown, else the strip.
    fn zoom_key(&mut self, zoom_in: bool, map: bool) {
        let factor = if zoom_in { 1.0 / ZOOM_STEP } else { ZOOM_STEP };
        if map {
            let bounds = self.map_bounds();
            self.panels.map.zoom(factor, bounds);
        } else {
            self.zoom(factor, None);
        }
    }

    /// ↑/↓: the focused panel's cursor, else the map (north and south) when it is shown, else
    /// the timetable.
    fn up_down(&mut self, down: bool, map: bool) {
        if self.panels.focus.panel.is_some() {
            self.move_cursor(if down { 1 } else { -1 });
        } else if map {
            let bounds = self.map_bounds();
            self.panels
                .map
                .pan(0.0, if down { -0.2 } else { 0.2 }, bounds);
        } else {
            self.scroll_timetable(down);
        }
    }

    /// Home/End: show the start or the end of the route on the strip.
    fn view_end(&mut self, end: bool) {
        let stops = &self.journey.route().stops;
        let stop = if end { stops.last() } else { stops.first() };
        let km = stop.map_or(0.0, |s| s.km);
        self.panels.strip.follow = false;
        self.panels.strip.jump_to(km);
    }

    /// `f`: follow the train again, everywhere.
    fn follow(&mut self) {
        self.panels.map.follow = true;
        self.panels.strip.follow = true;
        self.panels.timetable.follow = true;
        self.panels.strip.jump_to(self.state.km);
    }

    /// `t`: the timetable's next clock convention.
    fn cycle_clock(&mut self) {
        self.panels.timetable_clock = self.panels.timetable_clock.next(self.journey.route());
    }

    /// `s`: how stations are named, Latin, own script, both; saying so (with `--ascii`, the
    /// Latin names stay).
    fn cycle_names(&mut self) {
        self.settings.names = self.settings.names.next();
        self.screen.notice = Some(if self.settings.ascii {
            "station names: Latin (--ascii draws no other script)".to_owned()
        } else {
            match self.settings.names {
                crate::settings::NameStyle::Latin => "station names: Latin",
                crate::settings::NameStyle::Local => "station names: in their own script",
                crate::settings::NameStyle::Both => "station names: Latin and their own script",
            }
            .to_owned()
        });
    }

    /// `m`: the map on (beside the strip when wide enough) or off.
    fn toggle_map(&mut self) {
        self.screen.view = if self.screen.view == View::Strip {
            Self::map_view_for(self.screen.size.0)
        } else {
            View::Strip
        };
    }

    /// Open `overlay`, or close it when it is the one open.
    fn toggle_overlay(&mut self, overlay: Overlay) {
        self.screen.overlay = if self.screen.overlay == overlay {
            Overlay::None
        } else {
            overlay
        };
        self.screen.help_scroll = 0;
    }

    /// Esc closes what is open (an overlay, then the focus) and otherwise does nothing: a
    /// stray Esc never quits.
    fn back(&mut self) {
        if self.screen.overlay == Overlay::None {
            self.panels.focus.panel = None;
        } else {
            self.screen.overlay = Overlay::None;
        }
    }

    /// ↑/↓ and PageUp/PageDown scroll the help or the legend when it does not fit, as far as
    /// it goes.
    fn scroll_help(&mut self, down: bool, by_page: bool) {
        let rows = if by_page {
            self.screen.size.1.saturating_sub(4).max(1)
        } else {
            1
        };
        let most = if self.screen.overlay == Overlay::Legend {
            super::help::legend_scroll_most(self.screen.size)
        } else {
            super::help::help_scroll_most(&self.settings.keymap, self.screen.size)
        };
        self.screen.help_scroll = if down {
            self.screen.help_scroll.saturating_add(rows)
        } else {
            self.screen.help_scroll.saturating_sub(rows)
        }
        .min(most);
    }

    /// Go to `to`, or say `why` not in the key bar.
    pub(super) fn seek_or_say(&mut self, to: Option<DateTime<Utc>>, why: &str, wall: Duration) {
        match to {
            Some(to) => self.seek(to, wall),
            None => self.say(why),
        }
    }

    /// A brief notice in the key bar (until the next command).
    pub(super) fn say(&mut self, text: &str) {
        self.screen.notice = Some(text.to_owned());
    }

    /// One speed preset faster or slower, saying so at either end of the range.
    fn change_speed(&mut self, faster: bool, wall: Duration) {
        let (speed, limit) = if faster {
            (clock::faster(self.clock.speed()), "fastest")
        } else {
            (clock::slower(self.clock.speed()), "slowest")
        };
        if (speed - self.clock.speed()).abs() < f64::EPSILON {
            let shown = crate::util::format::speed_text(speed);
            self.say(&format!("already the {limit} speed, {shown}"));
            return;
        }
        self.clock.live = false;
        self.clock.sim.set_speed(speed, wall);
    }

    pub(super) fn zoom(&mut self, factor: f64, anchor: Option<f64>) {
        let anchor = anchor.unwrap_or(if self.panels.strip.follow {
            self.state.km
        } else {
            self.panels.strip.center_km
        });
        self.panels.strip.zoom(factor, anchor);
    }

    fn scroll_timetable(&mut self, down: bool) {
        let areas = layout::areas(self);
        let rows = usize::from(areas.timetable_rows());
        let current = geometry::first_row(self, rows);
        let max = self.journey.route().stops.len().saturating_sub(rows);
        self.panels.timetable.follow = false;
        self.panels.timetable.offset = if down {
            (current + 1).min(max)
        } else {
            current.saturating_sub(1)
        };
    }
}
