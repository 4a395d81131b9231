//! The network's demo: a tour of the whole network, its busiest area, and one train followed
//! into its journey and back, told in captions. Like the journey's director it only answers
//! with the actions keys make (and the camera's [`Action::Look`]), so a tour is never special
//! code in the screens.

use std::time::Duration;

use super::super::screens::Screens;
use super::super::session::Steer;
use super::super::{Action, Command};
use super::NetworkView;

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
        }
    }

    /// The actions of stage `stage`.
    fn stage(stage: usize, screens: &Screens) -> Vec<Action> {
        let view = screens.network();
        let name = crate::util::text::sanitize(&view.network().name);
        let caption = |s: String| Action::Caption(Some(s));
        match stage {
            0 => vec![
                Action::Command(Command::ResetMap),
                Action::SetSpeed(TOUR_SPEED),
                caption(format!(
                    "{name}: every train of the timetable, moving ({} now)",
                    view.trains.len()
                )),
            ],
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
            out.extend(Tour::stage(self.next, model));
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
