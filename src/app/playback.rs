//! What happens as the replay plays forward: events passed (for hooks and the bell), pausing
//! on chosen events, stopping at the arrival, and compressing long dwells.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::App;
use super::clock::SimClock;
use crate::sim::{Journey, JourneyEvent, JourneyEventKind, Status};
use crate::util::format::rfc3339_in;

/// Dwells longer than this (simulated) are compressed with `--compress-dwells`.
const LONG_DWELL: TimeDelta = TimeDelta::minutes(20);

/// A compressed dwell plays in about this much wall time.
const DWELL_WALL_SECS: f64 = 2.0;

/// The replay's clock and what playing it has done: the anchored clock, whether it shows the
/// real present, the dwell time compressed away; and what the next update needs (the events
/// passed, the last refresh, a seek since then, the last `D`).
#[derive(Debug, Clone)]
pub struct Replay {
    /// The simulated clock.
    pub(super) sim: SimClock,
    /// Showing the real present by the timetable (`--now`, `w`), until the user seeks,
    /// pauses or changes speed.
    pub(super) live: bool,
    /// Simulated time not shown because compressed dwells played faster.
    pub(super) skipped: TimeDelta,
    /// Whether a compressed dwell is playing right now.
    pub(super) boosting: bool,
    /// Timeline events (indices) passed during this update, for hooks and the bell.
    pub(super) passed: Vec<usize>,
    /// Wall time and replay speed at the last refresh, to count what a boost skipped.
    pub(super) last_refresh: Option<(Duration, f64)>,
    /// When the last `D` was pressed and where it went, so a quick second press goes on back.
    pub(super) last_prev_day: Option<(Duration, DateTime<Utc>)>,
    /// Set by a seek, so the next refresh does not count the jump as played.
    pub(super) sought: bool,
}

impl Replay {
    /// A replay on `sim`, nothing played yet.
    pub(super) fn new(sim: SimClock) -> Self {
        Self {
            sim,
            live: false,
            skipped: TimeDelta::zero(),
            boosting: false,
            passed: Vec::new(),
            last_refresh: None,
            last_prev_day: None,
            sought: false,
        }
    }

    /// Whether the replay is paused.
    #[must_use]
    pub fn paused(&self) -> bool {
        self.sim.paused()
    }

    /// The replay speed, times real time (not counting a compressed dwell).
    #[must_use]
    pub fn speed(&self) -> f64 {
        self.sim.speed()
    }

    /// Whether the screen shows the real present (`--now`, `w`).
    #[must_use]
    pub fn live(&self) -> bool {
        self.live
    }

    /// Simulated time not shown because compressed dwells played faster.
    #[must_use]
    pub fn skipped(&self) -> TimeDelta {
        self.skipped
    }

    /// Whether a compressed dwell is playing right now.
    #[must_use]
    pub fn boosting(&self) -> bool {
        self.boosting
    }
}

impl App {
    /// The simulated clock moved forward by playing from `from` to `to` at wall time `wall`:
    /// record the events passed, pause on a chosen one or at the arrival. Returns the instant
    /// the replay really reached.
    pub(super) fn play(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        wall: Duration,
    ) -> DateTime<Utc> {
        let timeline = self.journey.timeline();
        let first = timeline.partition_point(|e| e.at <= from);
        let last = timeline.partition_point(|e| e.at <= to);
        let mut reached = to;
        let mut paused_by = None;
        for (i, event) in timeline.iter().enumerate().take(last).skip(first) {
            if paused_by.is_some() && event.at > reached {
                // Paused at an earlier event; those at the same instant were still passed.
                break;
            }
            self.clock.passed.push(i);
            let wanted = || self.settings.pause_on.iter().any(|c| event.kind.is(*c));
            if paused_by.is_none() && !self.screen.demo && wanted() {
                reached = event.at;
                paused_by = Some(i);
            }
        }
        if let Some(i) = paused_by {
            self.screen.notice = Some(format!(
                "paused at: {}",
                crate::util::text::sanitize(&timeline[i].title)
            ));
        }
        let arrival = self.journey.route().arrival();
        if reached >= arrival && from <= arrival {
            reached = arrival;
        }
        if reached < to || reached == arrival && to >= arrival {
            self.clock.sim.seek(reached, wall);
            self.clock.sim.set_paused(true, wall);
            // Paused: the screen no longer shows the present.
            self.clock.live = false;
        }
        reached
    }

    /// With `--compress-dwells`, play a long dwell (or border wait) under way at `now` fast,
    /// so it takes about two seconds, and count the time skipped.
    pub(super) fn compress(&mut self, now: DateTime<Utc>, wall: Duration) {
        if !self.settings.compress_dwells
            || self.clock.paused()
            || self.clock.sim.boosted_until(wall).is_some()
            || self.state.status != Status::Stopped
        {
            return;
        }
        let Some(depart) = self
            .state
            .stop
            .and_then(|i| self.journey.route().stops.get(i))
            .and_then(|s| s.depart)
        else {
            return;
        };
        let left = depart - now;
        let total = self
            .state
            .stop
            .and_then(|i| self.journey.route().stops.get(i))
            .and_then(|s| s.arrive.map(|a| depart - a))
            .unwrap_or(left);
        if total <= LONG_DWELL || left <= TimeDelta::seconds(1) {
            return;
        }
        let speed = self.clock.speed();
        let fast = (left.as_seconds_f64() / DWELL_WALL_SECS).max(speed);
        if fast > speed {
            self.clock.sim.boost_until(depart, fast, wall);
        }
    }

    /// A boost was under way since the last refresh: count the simulated time played beyond
    /// what plain playback at the set speed would have shown. Counted as it happens, so a
    /// boost cut short (a pause, a new speed, a seek) counts only what really went by.
    pub(super) fn count_skipped(&mut self, now: DateTime<Utc>, wall: Duration) {
        let Some((last_wall, speed)) = self.clock.last_refresh else {
            return;
        };
        let plain = wall.saturating_sub(last_wall).as_secs_f64() * speed;
        let extra = (now - self.now).as_seconds_f64() - plain;
        if extra.is_finite() && extra > 0.0 {
            self.clock.skipped += TimeDelta::milliseconds((extra * 1000.0) as i64);
        }
    }

    /// Whether this event kind rings the bell.
    #[must_use]
    pub fn rings(kind: &JourneyEventKind) -> bool {
        matches!(kind, JourneyEventKind::Arrive(_))
    }
}

/// The environment a hook sees for `event` of `journey`: `LONGRAIL_EVENT` (its kind:
/// arrive, depart, zone, border, gauge, transfer...), `LONGRAIL_TITLE`, `LONGRAIL_KM`,
/// `LONGRAIL_TIME` (UTC), `LONGRAIL_LOCAL_TIME` (the train's clock), `LONGRAIL_ZONE`,
/// `LONGRAIL_STATION` (arrivals and departures), `LONGRAIL_ROUTE` and `LONGRAIL_TRAIN`.
#[must_use]
pub fn event_env(journey: &Journey, event: &JourneyEvent) -> Vec<(&'static str, String)> {
    let route = journey.route();
    let state = journey.state_at(event.at);
    let station = match event.kind {
        JourneyEventKind::Arrive(i) | JourneyEventKind::Depart(i) => {
            route.stops.get(i).map(|s| s.name.clone())
        }
        _ => None,
    };
    vec![
        ("LONGRAIL_EVENT", event.kind.name().to_owned()),
        ("LONGRAIL_TITLE", event.title.clone()),
        ("LONGRAIL_KM", format!("{:.1}", event.km)),
        ("LONGRAIL_TIME", rfc3339_in(event.at, chrono_tz::UTC)),
        ("LONGRAIL_LOCAL_TIME", rfc3339_in(event.at, state.tz)),
        ("LONGRAIL_ZONE", state.tz.name().to_owned()),
        ("LONGRAIL_STATION", station.unwrap_or_default()),
        ("LONGRAIL_ROUTE", route.id.clone()),
        ("LONGRAIL_TRAIN", route.name.clone()),
    ]
}
