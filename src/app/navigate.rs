//! Moving through time: the jump keys (zone changes, borders, journey days). Everything
//! resolves to an instant and goes through the one `seek`.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};

use super::App;
use crate::route::EventKind;
use crate::route::daytime::DayTime;
use crate::sim::{JourneyEventKind, Seek};

/// `D` pressed again within this (wall time) of the last goes one more day back.
const PRESS_AGAIN: Duration = Duration::from_secs(3);

impl App {
    /// The next (or previous) clock change.
    pub(super) fn zone_jump(&mut self, forward: bool, wall: Duration) {
        let now = self.clock.sim.at(wall);
        let to = self.timeline_time(now, forward, JourneyEventKind::changes_clock);
        let why = if forward {
            "no clock change ahead"
        } else {
            "no clock change behind"
        };
        self.seek_or_say(to, why, wall);
    }

    /// The next (or previous) border crossing.
    pub(super) fn border_jump(&mut self, forward: bool, wall: Duration) {
        let now = self.clock.sim.at(wall);
        let border = |k: &JourneyEventKind| matches!(k, JourneyEventKind::Route(EventKind::Border));
        let to = self.timeline_time(now, forward, border);
        let why = if forward {
            "no border ahead"
        } else {
            "no border behind"
        };
        self.seek_or_say(to, why, wall);
    }

    /// `d`: the start of the next journey day.
    pub(super) fn next_day(&mut self, wall: Duration) {
        let to = self.day_start(self.state.journey_day + 1);
        self.seek_or_say(to, "this is the last day of the journey", wall);
    }

    /// `D`: the start of this journey day; within a minute of it, or pressed again soon
    /// after landing there (at 600× a minute passes in a tenth of a second), the day before.
    pub(super) fn prev_day(&mut self, wall: Duration) {
        let now = self.clock.sim.at(wall);
        let this = self.day_start(self.state.journey_day);
        let again = |t: DateTime<Utc>| {
            self.clock
                .last_prev_day
                .is_some_and(|(w, at)| at == t && wall.saturating_sub(w) < PRESS_AGAIN)
        };
        let target = match this {
            Some(t) if now - t > TimeDelta::minutes(1) && !again(t) => Some(t),
            _ => self
                .day_start(self.state.journey_day - 1)
                .or(Some(self.journey.route().departure())),
        };
        self.clock.last_prev_day = target.map(|t| (wall, t));
        self.seek_or_say(target, "", wall);
    }

    /// The first instant of journey day `day` on the train's clock, kept within the journey
    /// (day 1 starts at the departure).
    fn day_start(&self, day: i64) -> Option<DateTime<Utc>> {
        let route = self.journey.route();
        let day = i32::try_from(day).ok().filter(|d| *d >= 1)?;
        if day == 1 {
            return Some(route.departure());
        }
        let when = DayTime {
            day,
            time: NaiveTime::MIN,
            offset: None,
        };
        let seek = Seek::Day { when, zone: None };
        // A clock change can skip midnight; the day then starts at that change.
        seek.resolve(&self.journey, route.departure())
            .ok()
            .or_else(|| {
                self.journey
                    .timeline()
                    .iter()
                    .filter(|e| matches!(e.kind, JourneyEventKind::ZoneChange { .. }))
                    // The first second on the new clock.
                    .map(|e| e.at + TimeDelta::seconds(1))
                    .find(|t| self.journey.state_at(*t).journey_day == i64::from(day))
            })
    }

    /// The next (or previous) timeline event of a kind, strictly after (before) `now`.
    pub(super) fn timeline_time(
        &self,
        now: DateTime<Utc>,
        forward: bool,
        wanted: impl Fn(&JourneyEventKind) -> bool,
    ) -> Option<DateTime<Utc>> {
        let mut times = self
            .journey
            .timeline()
            .iter()
            .filter(|e| wanted(&e.kind))
            .map(|e| e.at);
        if forward {
            times.find(|t| *t > now)
        } else {
            times.rev().find(|t| *t < now)
        }
    }
}
