//! Demo mode: a self-running presentation, driven by a script of data (a TOML file under
//! `assets/demo/`). The [`Director`] reads the app and the wall clock each frame and answers
//! with ordinary [`Action`]s, the same ones keys produce, so a demo is never special code in
//! the app: an eased camera that follows the train, speed that slows near the big stations
//! and rushes through the taiga, cuts to the map at borders and zone changes, captions for the
//! events, and a loop back to the start.

pub mod script;

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use script::{Cue, DEFAULT_SCRIPT, DEFAULT_SCRIPT_FILE, Script, parse, parse_named};

use super::{Action, App, Command, map_view::View};
use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::text::quote;

/// A resolved cue against the journey.
#[derive(Debug, Clone)]
struct Placed {
    at: DateTime<Utc>,
    caption: Option<String>,
    commands: Vec<Command>,
}

/// Plays a script: call [`Director::step`] before each frame.
#[derive(Debug, Clone)]
pub struct Director {
    script: Script,
    cues: Vec<Placed>,
    next_cue: usize,
    cruise_speed: f64,
    looping: bool,
    last_wall: Option<Duration>,
    speed: f64,
    camera: Option<(f64, f64)>,
    caption_until: Option<Duration>,
    map_until: Option<Duration>,
    ended_at: Option<Duration>,
    /// The simulated instant seen at the last step: events after it are new.
    seen: Option<DateTime<Utc>>,
    /// Set when the demo has finished (not looping): the caller quits or hands over.
    pub finished: bool,
}

impl Director {
    /// A director for `script` on `app`'s journey; loops forever when `looping`.
    ///
    /// # Errors
    /// Every cue for this route whose place is not on its journey, with its position in the
    /// script.
    pub fn new(script: Script, app: &App, looping: bool) -> Result<Self, Diagnostics> {
        let route = app.journey().route();
        let cruise_speed = cruise_speed(route.arrival() - route.departure(), script.cruise);
        let cues = place_cues(&script, app)?;
        let mut script = script;
        script.title = script.title.replace("{route}", &route.name).replace(
            "{km}",
            &crate::util::format::format_number(route.total_km().round()),
        );
        Ok(Self {
            script,
            cues,
            next_cue: 0,
            cruise_speed,
            looping,
            last_wall: None,
            speed: cruise_speed,
            camera: None,
            caption_until: None,
            map_until: None,
            ended_at: None,
            seen: None,
            finished: false,
        })
    }

    /// The script's title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.script.title
    }

    /// The actions for this frame, at wall time `wall`, given what the app shows now.
    pub fn step(&mut self, app: &App, wall: Duration) -> Vec<Action> {
        let mut out = Vec::new();
        let dt = self
            .last_wall
            .map_or(0.0, |w| wall.saturating_sub(w).as_secs_f64());
        if self.last_wall.is_none() {
            out.push(Action::Demo(true));
            out.push(Action::Caption(Some(self.script.title.clone())));
            self.caption_until = Some(wall + secs(self.script.caption_seconds));
            if app.clock().paused() {
                out.push(Action::Command(Command::Pause));
            }
        }
        self.last_wall = Some(wall);
        self.events(app, wall, &mut out);
        self.cues(app, wall, &mut out);
        self.timers(app, wall, &mut out);
        self.end(app, wall, &mut out);
        self.drive(app, dt, &mut out);
        out
    }

    /// Captions and map cuts for the events the replay passed since the last step.
    fn events(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        let since = self.seen.replace(app.now()).filter(|t| *t <= app.now());
        let Some(since) = since else {
            return;
        };
        let timeline = app.journey().timeline();
        let first = timeline.partition_point(|e| e.at <= since);
        let last = timeline.partition_point(|e| e.at <= app.now());
        for event in timeline.iter().take(last).skip(first) {
            let kind = &event.kind;
            if self.script.caption_on.iter().any(|c| kind.is(*c)) {
                out.push(Action::Caption(Some(event.title.clone())));
                self.caption_until = Some(wall + secs(self.script.caption_seconds));
            }
            if self.script.map_on.iter().any(|c| kind.is(*c)) && app.screen().view() == View::Strip
            {
                out.push(Action::Command(Command::Map));
                self.map_until = Some(wall + secs(self.script.map_seconds));
            }
        }
    }

    /// The script's own cues reached by the replay.
    fn cues(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        while let Some(cue) = self.cues.get(self.next_cue).filter(|c| c.at <= app.now()) {
            if let Some(text) = &cue.caption {
                out.push(Action::Caption(Some(text.clone())));
                self.caption_until = Some(wall + secs(self.script.caption_seconds));
            }
            for command in &cue.commands {
                if *command == Command::Map {
                    // A cut to the map, like an event's: only from the strip, and timed.
                    if app.screen().view() == View::Strip {
                        out.push(Action::Command(Command::Map));
                    }
                    self.map_until = Some(wall + secs(self.script.map_seconds));
                } else {
                    out.push(Action::Command(*command));
                }
            }
            self.next_cue += 1;
        }
    }

    /// End captions and map cuts whose time is up.
    fn timers(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        if self.caption_until.is_some_and(|t| wall >= t) {
            self.caption_until = None;
            out.push(Action::Caption(None));
        }
        if self.map_until.is_some_and(|t| wall >= t) {
            self.map_until = None;
            if app.screen().view() != View::Strip {
                out.push(Action::Command(Command::Map));
            }
        }
    }

    /// Hold the arrival, then loop (or finish).
    fn end(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        let arrived = app.now() >= app.journey().route().arrival() && app.clock().paused();
        match (arrived, self.ended_at) {
            (true, None) => self.ended_at = Some(wall),
            (true, Some(at)) if wall >= at + secs(self.script.hold_end_seconds) => {
                self.ended_at = None;
                if self.looping {
                    // Space at the arrival restarts from the departure.
                    out.push(Action::Command(Command::Pause));
                    self.next_cue = 0;
                    self.camera = None;
                } else {
                    self.finished = true;
                    out.push(Action::Demo(false));
                }
            }
            _ => {}
        }
    }

    /// Speed and camera, eased toward what the place calls for: slow and close near the big
    /// stations, fast and wide in between.
    fn drive(&mut self, app: &App, dt: f64, out: &mut Vec<Action>) {
        let near = app
            .journey()
            .route()
            .stops
            .iter()
            .filter(|s| s.major)
            .map(|s| (s.km - app.state().km).abs())
            .fold(f64::INFINITY, f64::min);
        let closeness = (1.0 - near / self.script.station_km.max(1.0)).clamp(0.0, 1.0);
        let mut target_speed = lerp_log(
            self.cruise_speed,
            self.script.station_speed.max(1.0),
            closeness,
        );
        // Standing at a station: the rest of the dwell in about two seconds.
        if app.state().status == crate::sim::Status::Stopped {
            let stop = app
                .state()
                .stop
                .and_then(|i| app.journey().route().stops.get(i));
            if let Some(depart) = stop.and_then(|s| s.depart) {
                let left = (depart - app.now()).as_seconds_f64();
                target_speed = target_speed.max(left / 2.0);
            }
        }
        let target_span = lerp_log(
            self.script.span_cruise_km,
            self.script.span_station_km,
            closeness,
        );
        // Exponential easing: about half a second to close most of the gap; a dwell's speed
        // is taken at once (nothing moves, so nothing jumps).
        let k = 1.0 - (-dt / 0.5).exp();
        self.speed = if app.state().status == crate::sim::Status::Stopped {
            target_speed
        } else {
            ease_log(self.speed, target_speed, k)
        };
        if (self.speed / app.clock().speed() - 1.0).abs() > 0.02 && !app.clock().paused() {
            out.push(Action::SetSpeed(self.speed));
        }
        let (center, span) = self.camera.unwrap_or((app.state().km, target_span));
        let center = center + (app.state().km - center) * k;
        let span = ease_log(span, target_span, k);
        self.camera = Some((center, span));
        out.push(Action::Camera {
            center_km: center,
            span_km: span,
        });
    }
}

/// The cues of `script` for `app`'s route, at their instants on its journey, in order.
///
/// # Errors
/// Every cue whose place is not on the journey, with its position in the script.
fn place_cues(script: &Script, app: &App) -> Result<Vec<Placed>, Diagnostics> {
    let route = app.journey().route();
    let mut cues = Vec::new();
    let mut errors = Vec::new();
    for (i, cue) in script.cue.iter().enumerate() {
        if cue.route.as_ref().is_some_and(|id| *id != route.id) {
            continue;
        }
        match cue.at.resolve(app.journey(), route.departure()) {
            Ok(at) => cues.push(Placed {
                at,
                caption: cue.caption.clone(),
                commands: cue.actions.clone(),
            }),
            Err(message) => errors.push(unplaced(script, app, i, cue, message)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    cues.sort_by_key(|c| c.at);
    Ok(cues)
}

/// Cue `i` names a place that is not on the journey.
fn unplaced(script: &Script, app: &App, i: usize, cue: &Cue, message: String) -> Diagnostic {
    let route = app.journey().route();
    let mut help = format!(
        "give a place on this route, {} ({}): a station it stops at, a day of its journey or an instant while it runs",
        route.id,
        quote(&route.name)
    );
    if cue.route.is_none() {
        help.push_str(
            "; or add route = \"ID\" to the cue so that only the route it belongs to plays it",
        );
    }
    Diagnostic::at(
        &script.file,
        &script.source,
        Some(cue.at_span.clone()),
        message,
    )
    .subject(format!("cue {}, field 'at'", i + 1))
    .help(help)
}

/// The speed that plays a journey of `sim` in `length`; a length the route cannot be played
/// in (a short route, a long cruise) plays as near to it as speeds go.
fn cruise_speed(sim: chrono::TimeDelta, length: Duration) -> f64 {
    crate::settings::clamp_speed(sim.as_seconds_f64() / length.as_secs_f64().max(1e-3))
}

/// Wall seconds as a duration (scripts are checked; anything odd here counts as zero).
fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s.clamp(0.0, 3600.0)).unwrap_or_default()
}

/// Between `a` (at 0) and `b` (at 1) on a log scale.
fn lerp_log(a: f64, b: f64, t: f64) -> f64 {
    let (a, b) = (a.max(1e-6), b.max(1e-6));
    (a.ln() + (b.ln() - a.ln()) * t).exp()
}

/// Move `from` a fraction `k` of the way to `to`, on a log scale.
fn ease_log(from: f64, to: f64, k: f64) -> f64 {
    lerp_log(from, to, k.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nan_length_is_no_time() {
        assert_eq!(secs(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn a_cruise_out_of_reach_clamps_to_the_nearest_speed() {
        let hour = chrono::TimeDelta::hours(1);
        assert_eq!(cruise_speed(hour, Duration::from_secs(60)), 60.0);
        assert_eq!(cruise_speed(hour, Duration::from_secs(30 * 86_400)), 1.0);
        assert_eq!(cruise_speed(hour * 1000, Duration::ZERO), 100_000.0);
    }

    #[test]
    fn easing_on_a_log_scale_moves_part_way() {
        assert!((lerp_log(100.0, 10_000.0, 0.5) - 1000.0).abs() < 1e-6);
        assert_eq!(ease_log(600.0, 600.0, 0.3), 600.0);
        let half = ease_log(100.0, 10_000.0, 0.5);
        assert!(half > 100.0 && half < 10_000.0);
    }
}
