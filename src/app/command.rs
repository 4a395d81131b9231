//! Commands from keys and scripts: jumps in time, playback, the views and the overlays.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::map_view::View;
use super::strip_view::ZOOM_STEP;
use super::{App, Command, Overlay, clock, geometry, layout};
use crate::settings::ClockConvention;

impl App {
    /// Carry out `command` at wall time `wall`.
    pub(super) fn command(&mut self, command: Command, wall: Duration) {
        let scrolls = matches!(
            command,
            Command::TimetableUp | Command::TimetableDown | Command::PageUp | Command::PageDown
        );
        if self.overlay == Overlay::Help && scrolls {
            self.scroll_help(command);
            return;
        }
        match command {
            Command::Goto
            | Command::Find
            | Command::NextZone
            | Command::PrevZone
            | Command::NextBorder
            | Command::PrevBorder
            | Command::NextDay
            | Command::PrevDay => self.jump(command, wall),
            Command::Pause
            | Command::SpeedUp
            | Command::SpeedDown
            | Command::NextStop
            | Command::PrevStop
            | Command::NextEvent
            | Command::PrevEvent
            | Command::Step
            | Command::Restart
            | Command::NextTrain
            | Command::Now => self.playback_command(command, wall),
            Command::Help | Command::Legend | Command::Back | Command::Quit => {
                self.overlay_command(command);
            }
            Command::TimetableUp | Command::TimetableDown if self.focus.panel.is_some() => {
                self.focus_command(command, wall);
            }
            Command::Focus
            | Command::PageUp
            | Command::PageDown
            | Command::Select
            | Command::Details => self.focus_command(command, wall),
            Command::ScrollLeft
            | Command::ScrollRight
            | Command::TimetableUp
            | Command::TimetableDown
            | Command::ZoomIn
            | Command::ZoomOut
                if self.view != View::Strip =>
            {
                self.map_command(command);
            }
            _ => self.view_command(command),
        }
    }

    /// Pause, speed, and the jumps to stops and events.
    fn playback_command(&mut self, command: Command, wall: Duration) {
        let now = self.clock.at(wall);
        match command {
            Command::Pause => {
                self.live = false;
                let resume_at_end = self.clock.paused() && now >= self.journey.route().arrival();
                if resume_at_end {
                    self.seek(self.journey.route().departure(), wall);
                }
                self.clock.set_paused(!self.clock.paused(), wall);
            }
            Command::SpeedUp | Command::SpeedDown => self.change_speed(command, wall),
            Command::NextStop => {
                let to = self.journey.next_stop_time(now);
                self.seek_or_say(to, "no stop ahead: the train has arrived", wall);
            }
            Command::PrevStop => {
                let to = self.journey.previous_stop_time(now);
                self.seek_or_say(to, "no stop behind: this is the departure", wall);
            }
            Command::NextEvent => {
                let to = self.timeline_time(now, true, |k| k.is_notable());
                self.seek_or_say(to, "no event ahead", wall);
            }
            Command::PrevEvent => {
                let to = self.timeline_time(now, false, |k| k.is_notable());
                self.seek_or_say(to, "no event behind", wall);
            }
            Command::Step if self.clock.paused() => {
                self.seek(now + TimeDelta::minutes(1), wall);
            }
            Command::Step => {
                self.say("`.` steps a minute while paused: press Space to pause first");
            }
            Command::Restart => self.seek(self.journey.route().departure(), wall),
            Command::NextTrain => self.next_train(wall),
            // The session turns this key into `Action::Live` with the calendar's instant;
            // arriving here (a script without a clock) it does nothing.
            _ => {}
        }
    }

    /// The strip, the map and the timetable's viewports.
    fn view_command(&mut self, command: Command) {
        match command {
            Command::Map => {
                self.view = if self.view == View::Strip {
                    Self::map_view_for(self.size.0)
                } else {
                    View::Strip
                };
            }
            Command::ResetMap => self.map.reset(),
            Command::ScrollLeft => {
                self.strip
                    .scroll(if self.strip_reversed() { 0.2 } else { -0.2 })
            }
            Command::ScrollRight => {
                self.strip
                    .scroll(if self.strip_reversed() { -0.2 } else { 0.2 })
            }
            Command::ZoomIn => self.zoom(1.0 / ZOOM_STEP, None),
            Command::ZoomOut => self.zoom(ZOOM_STEP, None),
            Command::ViewStart | Command::ViewEnd => {
                let stops = &self.journey.route().stops;
                let stop = if command == Command::ViewStart {
                    stops.first()
                } else {
                    stops.last()
                };
                self.strip.follow = false;
                self.strip.jump_to(stop.map_or(0.0, |s| s.km));
            }
            Command::Follow => {
                self.map.follow = true;
                self.strip.follow = true;
                self.timetable.follow = true;
                self.strip.jump_to(self.state.km);
            }
            Command::TimetableUp | Command::TimetableDown => {
                self.scroll_timetable(command == Command::TimetableDown);
            }
            Command::CycleClock => {
                let all = ClockConvention::ALL;
                let i = all
                    .iter()
                    .position(|c| *c == self.timetable_clock)
                    .unwrap_or(0);
                self.timetable_clock = all[(i + 1) % all.len()];
            }
            _ => {}
        }
    }

    /// Help, the legend, closing what is open, and quitting.
    fn overlay_command(&mut self, command: Command) {
        let toggle = |open: Overlay, wanted: Overlay| {
            if open == wanted {
                Overlay::None
            } else {
                wanted
            }
        };
        match command {
            Command::Help => {
                self.overlay = toggle(self.overlay, Overlay::Help);
                self.help_scroll = 0;
            }
            Command::Legend => self.overlay = toggle(self.overlay, Overlay::Legend),
            // Esc closes what is open (an overlay, then the focus) and otherwise does
            // nothing: a stray Esc never quits.
            Command::Back if self.overlay != Overlay::None => self.overlay = Overlay::None,
            Command::Back => self.focus.panel = None,
            Command::Quit => self.quit = true,
            _ => {}
        }
    }

    /// ↑/↓ and PageUp/PageDown scroll the help when it does not fit (the view clamps it).
    fn scroll_help(&mut self, command: Command) {
        let page = self.size.1.saturating_sub(4).max(1);
        self.help_scroll = match command {
            Command::TimetableUp => self.help_scroll.saturating_sub(1),
            Command::TimetableDown => self.help_scroll.saturating_add(1),
            Command::PageUp => self.help_scroll.saturating_sub(page),
            _ => self.help_scroll.saturating_add(page),
        }
        .min(crate::settings::Command::ALL.len() as u16);
    }

    fn map_command(&mut self, command: Command) {
        let bounds = self.map_bounds();
        match command {
            Command::ScrollLeft => self.map.pan(-0.2, 0.0, bounds),
            Command::ScrollRight => self.map.pan(0.2, 0.0, bounds),
            Command::TimetableUp => self.map.pan(0.0, 0.2, bounds),
            Command::TimetableDown => self.map.pan(0.0, -0.2, bounds),
            Command::ZoomIn => self.map.zoom(1.0 / ZOOM_STEP, bounds),
            Command::ZoomOut => self.map.zoom(ZOOM_STEP, bounds),
            _ => {}
        }
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
        self.notice = Some(text.to_owned());
    }

    /// One speed preset faster or slower, saying so at either end of the range.
    fn change_speed(&mut self, command: Command, wall: Duration) {
        let (speed, limit) = if command == Command::SpeedUp {
            (clock::faster(self.clock.speed()), "fastest")
        } else {
            (clock::slower(self.clock.speed()), "slowest")
        };
        if (speed - self.clock.speed()).abs() < f64::EPSILON {
            let shown = crate::util::format::speed_text(speed);
            self.say(&format!("already the {limit} speed, {shown}"));
            return;
        }
        self.live = false;
        self.clock.set_speed(speed, wall);
    }

    pub(super) fn zoom(&mut self, factor: f64, anchor: Option<f64>) {
        let anchor = anchor.unwrap_or(if self.strip.follow {
            self.state.km
        } else {
            self.strip.center_km
        });
        self.strip.zoom(factor, anchor);
    }

    fn scroll_timetable(&mut self, down: bool) {
        let areas = layout::areas(self);
        let rows = usize::from(areas.timetable_rows());
        let current = geometry::first_row(self, rows);
        let max = self.journey.route().stops.len().saturating_sub(rows);
        self.timetable.follow = false;
        self.timetable.offset = if down {
            (current + 1).min(max)
        } else {
            current.saturating_sub(1)
        };
    }
}
