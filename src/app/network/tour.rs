//! The network's demo: a tour of the whole network, its busiest area, and one train followed
//! into its journey and back, told in captions. Like the journey's director it only answers
//! with the actions keys make (and the camera's [`Action::Look`]), so a tour is never special
//! code in the screens.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};

use super::super::screens::Screens;
use super::super::session::Steer;
use super::super::{Action, Command};
use super::NetworkView;
use crate::network::Scratch;

/// The tour's speed, times real time: fast enough to see every train move.
pub const TOUR_SPEED: f64 = 30.0;

/// When each stage begins, seconds into a round of the tour.
const STAGES: [u64; 6] = [0, 8, 16, 22, 34, 42];

/// How long one round lasts, seconds.
const ROUND: u64 = 48;

/// Plays the tour: call [`Steer::step`] before each frame.
#[derive(Debug, Clone)]
pub struct Tour {
    looping: bool,
    /// The wall time the current round began.
    round_began: Option<Duration>,
    /// The next stage to play.
    next: usize,
    finished: bool,
    /// Whether the tour keeps the instant it began at (the user chose it), else a quiet
    /// moment goes to the day's busiest.
    keep_start: bool,
    /// The busiest moment of the last service day looked at: the day, when, how many trains.
    peak: Option<(NaiveDate, DateTime<Utc>, usize)>,
}

impl Tour {
    /// A tour, round after round when `looping`.
    #[must_use]
    pub fn new(looping: bool) -> Self {
        Self {
            looping,
            round_began: None,
            next: 0,
            finished: false,
            keep_start: false,
            peak: None,
        }
    }

    /// A tour that, when `keep` (`--start` chose the instant), keeps the instant it begins
    /// at, however quiet.
    #[must_use]
    pub fn keeping_start(mut self, keep: bool) -> Self {
        self.keep_start = keep;
        self
    }

    /// The moment to go to before a round: the day's busiest, when fewer trains than a
    /// quarter of its most run now (a night, or after the day's service).
    fn busier(&mut self, view: &NetworkView) -> Option<(DateTime<Utc>, usize)> {
        if self.keep_start {
            return None;
        }
        let day = view.now.with_timezone(&view.network().zone).date_naive();
        if self.peak.is_none_or(|(d, _, _)| d != day) {
            self.peak = day_peak(view, day).map(|(at, most)| (day, at, most));
        }
        let (_, at, most) = self.peak?;
        (view.trains.len().saturating_mul(4) < most).then_some((at, most))
    }

    /// The actions of stage `stage`.
    fn stage(&mut self, stage: usize, screens: &Screens) -> Vec<Action> {
        let view = screens.network();
        let name = crate::util::text::sanitize(&view.network().name);
        let caption = |s: String| Action::Caption(Some(s));
        match stage {
            0 => {
                let mut out = vec![
                    Action::Command(Command::ResetMap),
                    Action::SetSpeed(TOUR_SPEED),
                ];
                // A tour at night (or after the day's service) goes to the day's busiest
                // moment, so a lobby screen never tours an empty network.
                match self.busier(view) {
                    Some((to, count)) => {
                        let local = to.with_timezone(&view.network().zone).format("%H:%M");
                        out.push(Action::Seek { to, play: true });
                        out.push(caption(format!(
                            "{name}: every train of the timetable, moving; at {local}, the day's busiest moment ({count} trains)"
                        )));
                    }
                    None => out.push(caption(format!(
                        "{name}: every train of the timetable, moving ({} now)",
                        view.trains.len()
                    ))),
                }
                out
            }
            1 => match busiest(view) {
                Some((lat, lon, span, count)) => vec![
                    Action::Look { lat, lon, span },
                    caption(format!("the busiest area: {count} trains in this view")),
                ],
                None => Vec::new(),
            },
            2 => vec![
                Action::Command(Command::NextTrain),
                Action::Command(Command::Follow),
                caption("one train, followed: its next stops in the panel".into()),
            ],
            3 => vec![
                Action::Command(Command::Select),
                caption("its journey, made as `import gtfs` makes it".into()),
            ],
            4 => vec![
                Action::Command(Command::Back),
                Action::Command(Command::Back),
                Action::Command(Command::ResetMap),
                caption("back on the network, at the same instant".into()),
            ],
            _ => vec![Action::Caption(None)],
        }
    }
}

/// The first quarter hour of `day` on the agency's calendar with the most trains under way,
/// and how many.
#[must_use]
pub fn day_peak(view: &NetworkView, day: NaiveDate) -> Option<(DateTime<Utc>, usize)> {
    let network = view.network();
    let midnight = network
        .zone
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()?
        .with_timezone(&Utc);
    let (mut scratch, mut trains) = (Scratch::default(), Vec::new());
    (0..24 * 4)
        .map(|quarter| {
            let at = midnight + TimeDelta::minutes(15 * quarter);
            network.running(at, &mut scratch, &mut trains);
            (at, trains.len())
        })
        .max_by_key(|&(at, count)| (count, std::cmp::Reverse(at)))
}

/// The middle and span of the busiest area of the network now (the cell of a grid a sixth
/// of the network tall holding the most trains), and how many trains are in it.
#[must_use]
pub fn busiest(view: &NetworkView) -> Option<(f64, f64, f64, usize)> {
    let area = view.area();
    let span = ((area.3 - area.1) / 6.0).max(0.01);
    let mut cells: std::collections::HashMap<(i64, i64), usize> = std::collections::HashMap::new();
    for m in &view.trains {
        let (lat, lon) = m.train.place.coord;
        #[allow(clippy::cast_possible_truncation)] // grid cells of a map
        let key = ((lat / span).floor() as i64, (lon / span).floor() as i64);
        *cells.entry(key).or_default() += 1;
    }
    let (&(y, x), &count) = cells
        .iter()
        .max_by_key(|(k, c)| (**c, std::cmp::Reverse(**k)))?;
    #[allow(clippy::cast_precision_loss)]
    let (lat, lon) = ((y as f64 + 0.5) * span, (x as f64 + 0.5) * span);
    Some((lat, lon, span * 1.5, count))
}

impl Steer<Screens> for Tour {
    fn step(&mut self, model: &Screens, wall: Duration) -> Vec<Action> {
        let mut out = Vec::new();
        let began = *self.round_began.get_or_insert_with(|| {
            out.push(Action::Demo(true));
            wall
        });
        let into = wall.saturating_sub(began).as_secs();
        while self.next < STAGES.len() && into >= STAGES[self.next] {
            let next = self.next;
            out.extend(self.stage(next, model));
            self.next += 1;
        }
        if into >= ROUND {
            if self.looping {
                self.round_began = Some(wall);
                self.next = 0;
            } else {
                self.finished = true;
                out.push(Action::Demo(false));
            }
        }
        out
    }

    fn finished(&self) -> bool {
        self.finished
    }
}
