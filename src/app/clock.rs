//! The simulated clock: anchored, never accumulated.
//!
//! `sim = anchor_sim + speed × (wall − anchor_wall)`, re-anchored on every pause, speed change
//! and seek, so no error builds up however long it runs. Wall time is an argument (a monotonic
//! duration since the app started); nothing here reads a clock.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// Replay speed presets for speed up / speed down, times real time.
pub const SPEED_PRESETS: &[f64] = &[
    1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 3000.0, 6000.0, 10_000.0,
    30_000.0, 60_000.0, 100_000.0,
];

/// The simulated clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimClock {
    anchor_sim: DateTime<Utc>,
    anchor_wall: Duration,
    speed: f64,
    paused: bool,
    /// A faster stretch from the anchor up to an instant (a compressed dwell), then the
    /// normal speed: `(until, speed)`.
    boost: Option<(DateTime<Utc>, f64)>,
}

impl SimClock {
    /// A clock showing `sim` at wall time `wall`.
    #[must_use]
    pub fn new(sim: DateTime<Utc>, wall: Duration, speed: f64, paused: bool) -> Self {
        Self {
            anchor_sim: sim,
            anchor_wall: wall,
            speed,
            paused,
            boost: None,
        }
    }

    /// The simulated instant at wall time `wall`.
    #[must_use]
    pub fn at(&self, wall: Duration) -> DateTime<Utc> {
        if self.paused {
            return self.anchor_sim;
        }
        let wall_secs = wall.saturating_sub(self.anchor_wall).as_secs_f64();
        let Some((until, fast)) = self.boost else {
            return advance(self.anchor_sim, wall_secs * self.speed);
        };
        // The boosted stretch lasts until `until`; after it, the normal speed.
        let stretch = (until - self.anchor_sim).as_seconds_f64().max(0.0);
        let stretch_wall = stretch / fast;
        if wall_secs <= stretch_wall {
            advance(self.anchor_sim, wall_secs * fast)
        } else {
            advance(until, (wall_secs - stretch_wall) * self.speed)
        }
    }

    /// Play faster (`fast`× real time) from now until the instant `until`, then at the normal
    /// speed again. Any seek, pause or speed change ends it.
    pub fn boost_until(&mut self, until: DateTime<Utc>, fast: f64, wall: Duration) {
        let now = self.at(wall);
        self.seek(now, wall);
        if !self.paused && until > now && fast > self.speed {
            self.boost = Some((until, fast));
        }
    }

    /// The end of the boosted stretch, while one is under way at `wall`.
    #[must_use]
    pub fn boosted_until(&self, wall: Duration) -> Option<DateTime<Utc>> {
        self.boost
            .map(|(until, _)| until)
            .filter(|u| self.at(wall) < *u)
    }

    /// Replay speed.
    #[must_use]
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Whether the clock is paused.
    #[must_use]
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Jump to `sim` (exact), keeping speed and pause.
    pub fn seek(&mut self, sim: DateTime<Utc>, wall: Duration) {
        self.anchor_sim = sim;
        self.anchor_wall = wall;
        self.boost = None;
    }

    /// Pause or resume at wall time `wall`.
    pub fn set_paused(&mut self, paused: bool, wall: Duration) {
        let now = self.at(wall);
        self.seek(now, wall);
        self.paused = paused;
    }

    /// Change speed at wall time `wall` without a jump in the simulated instant.
    pub fn set_speed(&mut self, speed: f64, wall: Duration) {
        let now = self.at(wall);
        self.seek(now, wall);
        self.speed = speed;
    }

    /// Wall time until the simulated clock next crosses a whole second (for redraw timing).
    #[must_use]
    pub fn until_next_second(&self, wall: Duration) -> Option<Duration> {
        if self.paused {
            return None;
        }
        let now = self.at(wall);
        let sub = f64::from(now.timestamp_subsec_nanos()) / 1e9;
        let rate = match self.boosted_until(wall) {
            Some(_) => self.boost.map_or(self.speed, |(_, fast)| fast),
            None => self.speed,
        };
        Some(Duration::from_secs_f64(((1.0 - sub) / rate).max(0.0)))
    }
}

/// `from` plus `seconds` (clamped far beyond any journey: nanoseconds fit an i64 for ±292
/// years).
fn advance(from: DateTime<Utc>, seconds: f64) -> DateTime<Utc> {
    let nanos = (seconds * 1e9).clamp(0.0, 1e18) as i64;
    from.checked_add_signed(TimeDelta::nanoseconds(nanos))
        .unwrap_or(from)
}

/// The next preset above `speed` (or the top one).
#[must_use]
pub fn faster(speed: f64) -> f64 {
    SPEED_PRESETS
        .iter()
        .copied()
        .find(|&p| p > speed * 1.000_001)
        .unwrap_or(100_000.0)
}

/// The next preset below `speed` (or the bottom one).
#[must_use]
pub fn slower(speed: f64) -> f64 {
    SPEED_PRESETS
        .iter()
        .rev()
        .copied()
        .find(|&p| p < speed / 1.000_001)
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2025-06-17T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn eight_days_at_100000x_do_not_drift() {
        let clock = SimClock::new(t0(), Duration::ZERO, 100_000.0, false);
        // 8 days = 691200 s of simulated time = 6.912 s of wall time.
        let end = clock.at(Duration::from_millis(6912));
        assert_eq!(end, t0() + TimeDelta::days(8));
        // Many small re-anchors (speed changes back and forth) land on the same instant.
        let mut c = clock;
        for i in 1..=6912u64 {
            if i % 2 == 0 {
                c.set_speed(100_000.0, Duration::from_millis(i));
            }
        }
        assert_eq!(c.at(Duration::from_millis(6912)), t0() + TimeDelta::days(8));
    }

    #[test]
    fn pause_freezes_and_resume_continues_without_a_jump() {
        let mut c = SimClock::new(t0(), Duration::ZERO, 60.0, false);
        c.set_paused(true, Duration::from_secs(10));
        assert_eq!(
            c.at(Duration::from_secs(500)),
            t0() + TimeDelta::minutes(10)
        );
        c.set_paused(false, Duration::from_secs(500));
        assert_eq!(
            c.at(Duration::from_secs(501)),
            t0() + TimeDelta::minutes(11)
        );
    }

    #[test]
    fn a_boost_runs_fast_up_to_its_end_then_at_the_normal_speed() {
        let mut c = SimClock::new(t0(), Duration::ZERO, 60.0, false);
        // Two hours of dwell at 3600×: two wall seconds.
        c.boost_until(t0() + TimeDelta::hours(2), 3600.0, Duration::ZERO);
        assert_eq!(c.at(Duration::from_secs(1)), t0() + TimeDelta::hours(1));
        assert_eq!(c.at(Duration::from_secs(2)), t0() + TimeDelta::hours(2));
        assert_eq!(
            c.at(Duration::from_secs(3)),
            t0() + TimeDelta::hours(2) + TimeDelta::minutes(1)
        );
        assert_eq!(
            c.boosted_until(Duration::from_secs(1)),
            Some(t0() + TimeDelta::hours(2))
        );
        assert_eq!(c.boosted_until(Duration::from_secs(3)), None);
        // A seek ends the boost.
        c.seek(t0(), Duration::from_secs(3));
        assert_eq!(c.at(Duration::from_secs(4)), t0() + TimeDelta::minutes(1));
    }

    #[test]
    fn presets_step_up_and_down_and_stop_at_the_ends() {
        assert_eq!(faster(600.0), 1200.0);
        assert_eq!(slower(600.0), 300.0);
        assert_eq!(faster(100_000.0), 100_000.0);
        assert_eq!(slower(1.0), 1.0);
        assert_eq!(faster(700.0), 1200.0);
    }

    #[test]
    fn next_second_timing_follows_speed() {
        let c = SimClock::new(t0(), Duration::ZERO, 2.0, false);
        assert_eq!(
            c.until_next_second(Duration::from_millis(250)),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            SimClock::new(t0(), Duration::ZERO, 2.0, true).until_next_second(Duration::ZERO),
            None
        );
    }
}
