//! The run picker (`R`, or `g` with a date outside the run shown): the route's runs around a
//! date by its service days, each with its departure and arrival, to replay another; and `r`,
//! back to the run the app opened on.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::{App, Command, Overlay, TrainId};
use crate::route::calendar::{departures_between, run_arrival, run_departure};

/// How many runs the picker lists before the date it opens on, and from it on.
const EACH_SIDE: usize = 6;

/// How far either side of its date the picker looks for runs.
const SPAN_DAYS: i64 = 200;

/// One run listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    /// Which run.
    pub id: TrainId,
    /// Its departure from the first stop.
    pub departs: DateTime<Utc>,
    /// Its arrival at the last stop.
    pub arrives: DateTime<Utc>,
}

/// The open run picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPicker {
    /// The date it was opened around.
    pub around: NaiveDate,
    /// The runs, in date order.
    pub rows: Vec<RunRow>,
    /// The row chosen.
    pub cursor: usize,
}

impl App {
    /// Open the run picker around `date`: the runs of the selected train's route, up to
    /// [`EACH_SIDE`] before it and as many from it on, the cursor on the first on or after
    /// it (on the run shown, when it is listed).
    pub(super) fn open_runs(&mut self, date: NaiveDate) {
        let route = self.trains.selected.route;
        let base = self
            .trains
            .fleet
            .base(route)
            .cloned()
            .unwrap_or_else(|| self.journey.route().clone());
        let span = TimeDelta::days(SPAN_DAYS);
        let (Some(from), Some(to)) = (date.checked_sub_signed(span), date.checked_add_signed(span))
        else {
            self.say("no runs that far from the calendar's ends");
            return;
        };
        let all = departures_between(&base, from, to);
        let split = all.partition_point(|d| *d < date);
        let dates = &all[split.saturating_sub(EACH_SIDE)..(split + EACH_SIDE).min(all.len())];
        let rows: Vec<RunRow> = dates
            .iter()
            .filter_map(|&d| self.run_row(TrainId { route, date: d }))
            .collect();
        if rows.is_empty() {
            let name = crate::util::text::sanitize(&base.name);
            self.say(&format!(
                "{name} has no run within {SPAN_DAYS} days of {}",
                date.format("%a %-d %b %Y")
            ));
            return;
        }
        let cursor = rows
            .iter()
            .position(|r| r.id == self.trains.selected && date == self.trains.selected.date)
            .or_else(|| rows.iter().position(|r| r.id.date >= date))
            .unwrap_or(rows.len() - 1);
        self.screen.runs = Some(RunPicker {
            around: date,
            rows,
            cursor,
        });
        self.prompt.open = None;
        self.screen.overlay = Overlay::Runs;
    }

    /// The row of run `id`: its times, from its journey (the fleet's), or from the journey
    /// shown shifted by whole days while the fleet is still being built.
    fn run_row(&mut self, id: TrainId) -> Option<RunRow> {
        if let Some(j) = self.trains.fleet.journey(id) {
            let r = j.route();
            return Some(RunRow {
                id,
                departs: r.departure(),
                arrives: r.arrival(),
            });
        }
        let r = self.journey.route();
        Some(RunRow {
            id,
            departs: run_departure(r, id.date)?,
            arrives: run_arrival(r, id.date)?,
        })
    }

    /// A key while the picker is open: ↑↓ and the page keys move, Enter replays the run
    /// chosen, Esc (or `R` again) closes. Returns whether the key was the picker's.
    pub(super) fn runs_command(&mut self, command: Command, wall: Duration) -> bool {
        let Some(picker) = self.screen.runs.as_mut() else {
            return false;
        };
        let last = picker.rows.len().saturating_sub(1);
        match command {
            Command::TimetableUp => picker.cursor = picker.cursor.saturating_sub(1),
            Command::TimetableDown => picker.cursor = (picker.cursor + 1).min(last),
            Command::PageUp => picker.cursor = 0,
            Command::PageDown => picker.cursor = last,
            Command::Select => {
                let chosen = picker.rows.get(picker.cursor).map(|r| r.id);
                self.close_runs();
                if let Some(id) = chosen {
                    self.replay_run(id, wall);
                }
            }
            Command::Back | Command::Runs => self.close_runs(),
            _ => return false,
        }
        true
    }

    /// Close the picker.
    pub(super) fn close_runs(&mut self) {
        self.screen.runs = None;
        if self.screen.overlay == Overlay::Runs {
            self.screen.overlay = Overlay::None;
        }
    }

    /// Replay run `id` from its departure.
    fn replay_run(&mut self, id: TrainId, wall: Duration) {
        if id != self.trains.selected && self.trains.fleet.journey(id).is_none() {
            self.say("the other runs are still loading: try again in a moment");
            return;
        }
        self.select(id, wall);
        self.seek(self.journey.route().departure(), wall);
    }

    /// `r`: back to the run the app opened on (after `w`, Tab or the picker), from its
    /// departure.
    pub(super) fn restart(&mut self, wall: Duration) {
        if self.trains.home != self.trains.selected {
            self.replay_run(self.trains.home, wall);
        } else {
            self.seek(self.journey.route().departure(), wall);
        }
    }
}
