//! The speed profile of one run between two stops.
//!
//! The train accelerates at [`ACCEL`], cruises, and brakes at the same rate, with the cruise
//! speed solved so that it covers exactly `distance` in exactly `duration` (a trapezoid). When
//! even accelerating to the midpoint and braking from it at [`ACCEL`] cannot cover the distance
//! in time, the profile becomes a triangle with just enough acceleration.

/// Acceleration and braking rate, m/s².
pub const ACCEL: f64 = 0.3;

/// A trapezoidal (or triangular) speed profile over one segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// Segment length, metres.
    pub distance: f64,
    /// Running time, seconds.
    pub duration: f64,
    /// Acceleration used, m/s² ([`ACCEL`], or more for a triangle).
    pub accel: f64,
    /// Top speed, m/s.
    pub top_speed: f64,
    /// Time spent accelerating (and, equally, braking), seconds.
    pub ramp: f64,
}

impl Profile {
    /// Solve the profile for a segment of `distance` metres run in `duration` seconds.
    /// Degenerate inputs (zero or negative) give a profile that stands still.
    #[must_use]
    pub fn solve(distance: f64, duration: f64) -> Self {
        if !(distance > 0.0 && duration > 0.0) {
            return Self {
                distance: distance.max(0.0),
                duration: duration.max(0.0),
                accel: 0.0,
                top_speed: 0.0,
                ramp: 0.0,
            };
        }
        let a = ACCEL;
        let disc = a * a * duration * duration - 4.0 * a * distance;
        if disc >= 0.0 {
            // distance = v·T − v²/a  ⇒  v = (aT − √(a²T² − 4aD)) / 2
            let top_speed = (a * duration - disc.sqrt()) / 2.0;
            Self {
                distance,
                duration,
                accel: a,
                top_speed,
                ramp: top_speed / a,
            }
        } else {
            let accel = 4.0 * distance / (duration * duration);
            Self {
                distance,
                duration,
                accel,
                top_speed: 2.0 * distance / duration,
                ramp: duration / 2.0,
            }
        }
    }

    /// Distance covered `t` seconds after departure, metres (clamped to the segment).
    #[must_use]
    pub fn distance_at(&self, t: f64) -> f64 {
        if self.accel == 0.0 {
            return if t >= self.duration {
                self.distance
            } else {
                0.0
            };
        }
        let t = t.clamp(0.0, self.duration);
        let ramp_dist = 0.5 * self.accel * self.ramp * self.ramp;
        let brake_start = self.duration - self.ramp;
        let d = if t <= self.ramp {
            0.5 * self.accel * t * t
        } else if t <= brake_start {
            ramp_dist + self.top_speed * (t - self.ramp)
        } else {
            let left = self.duration - t;
            self.distance - 0.5 * self.accel * left * left
        };
        d.clamp(0.0, self.distance)
    }

    /// Speed `t` seconds after departure, m/s.
    #[must_use]
    pub fn speed_at(&self, t: f64) -> f64 {
        if self.accel == 0.0 || t <= 0.0 || t >= self.duration {
            return 0.0;
        }
        let brake_start = self.duration - self.ramp;
        if t < self.ramp {
            self.accel * t
        } else if t <= brake_start {
            self.top_speed
        } else {
            self.accel * (self.duration - t)
        }
    }

    /// Seconds after departure when the train has covered `d` metres (the inverse of
    /// [`Profile::distance_at`]).
    #[must_use]
    pub fn time_at(&self, d: f64) -> f64 {
        if self.accel == 0.0 || self.distance <= 0.0 {
            return 0.0;
        }
        let d = d.clamp(0.0, self.distance);
        let ramp_dist = 0.5 * self.accel * self.ramp * self.ramp;
        let t = if d <= ramp_dist {
            (2.0 * d / self.accel).sqrt()
        } else if d <= self.distance - ramp_dist {
            self.ramp + (d - ramp_dist) / self.top_speed
        } else {
            self.duration - (2.0 * (self.distance - d) / self.accel).sqrt()
        };
        t.clamp(0.0, self.duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn covers_the_segment_exactly_in_the_scheduled_time() {
        let p = Profile::solve(350_000.0, 5.0 * 3600.0);
        assert!(close(p.distance_at(0.0), 0.0, 1e-9));
        assert!(close(p.distance_at(p.duration), 350_000.0, 1e-6));
        assert!(close(p.speed_at(p.duration), 0.0, 1e-9));
        // 350 km in 5 h averages 70 km/h; the cruise must be a little faster.
        let cruise_kmh = p.top_speed * 3.6;
        assert!(cruise_kmh > 70.0 && cruise_kmh < 75.0, "{cruise_kmh}");
    }

    #[test]
    fn thirty_seconds_out_the_train_is_still_slow() {
        let p = Profile::solve(500_000.0, 6.0 * 3600.0);
        let kmh = p.speed_at(30.0) * 3.6;
        assert!(kmh < 40.0 && kmh > 30.0, "{kmh}");
        assert!(close(p.distance_at(30.0), 0.5 * ACCEL * 900.0, 1e-9));
    }

    #[test]
    fn short_fast_segment_becomes_a_triangle() {
        // 20 km in 5 minutes cannot be done at 0.3 m/s² (needs at least 2.6 m/s² here).
        let p = Profile::solve(20_000.0, 300.0);
        assert!(p.accel > ACCEL);
        assert!(close(p.ramp, 150.0, 1e-9));
        assert!(close(p.distance_at(150.0), 10_000.0, 1e-6));
        assert!(close(p.distance_at(300.0), 20_000.0, 1e-6));
    }

    #[test]
    fn distance_is_monotonic_and_time_at_inverts_it() {
        let p = Profile::solve(5_000.0, 17.0 * 60.0);
        let mut last = -1.0;
        for step in 0..=1020 {
            let t = f64::from(step);
            let d = p.distance_at(t);
            assert!(d >= last, "distance went back at {t}");
            last = d;
            assert!(
                close(p.time_at(d), t, 1e-3) || p.speed_at(t) == 0.0,
                "t={t} d={d} back={}",
                p.time_at(d)
            );
        }
    }

    #[test]
    fn degenerate_segments_do_not_divide_by_zero() {
        for p in [
            Profile::solve(0.0, 100.0),
            Profile::solve(100.0, 0.0),
            Profile::solve(-1.0, -1.0),
        ] {
            assert!(p.distance_at(50.0).is_finite());
            assert!(p.speed_at(50.0).is_finite());
            assert!(p.time_at(50.0).is_finite());
        }
    }
}
