//! Keyboard focus for the timetable and the event log: a key (or a click) focuses a panel,
//! ↑/↓ and PageUp/PageDown move its row cursor (the panel scrolls to keep it in view), Enter
//! goes to the row's time and `i` opens the row's station. Esc lets go.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{App, Overlay, geometry, layout};
use crate::sim::JourneyEventKind;

/// A panel that can take the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The timetable: rows are stops.
    Timetable,
    /// The event log: rows are journey events.
    Log,
}

/// Which panel has the keyboard, and each panel's row cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    /// The focused panel, if any.
    pub panel: Option<Panel>,
    /// The timetable's cursor: a stop's index.
    pub stop: usize,
    /// The log's cursor: an index into the journey's timeline.
    pub event: usize,
    /// The first timeline event the focused log shows.
    pub log_offset: usize,
}

/// The first visible row that keeps `cursor` in view, moving `offset` as little as possible.
#[must_use]
pub fn keep_in_view(offset: usize, cursor: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if cursor < offset {
        cursor
    } else if cursor >= offset + rows {
        cursor + 1 - rows
    } else {
        offset
    }
}

impl App {
    /// Rows of events the log shows inside its border.
    #[must_use]
    pub fn log_rows(&self) -> usize {
        usize::from(layout::areas(self).log.height.saturating_sub(2))
    }

    /// The last event already passed (the log's newest line), if any.
    fn last_seen_event(&self) -> usize {
        let seen = self
            .journey
            .timeline()
            .partition_point(|e| e.at <= self.now);
        seen.saturating_sub(1)
    }

    /// Focus `panel` (or none), with its cursor on the train's place.
    pub(super) fn set_focus(&mut self, panel: Option<Panel>) {
        self.panels.focus.panel = panel;
        match panel {
            Some(Panel::Timetable) => {
                self.panels.focus.stop = geometry::focus_row(self);
                self.move_cursor(0);
            }
            Some(Panel::Log) => {
                self.panels.focus.event = self.last_seen_event();
                // The same lines the log showed before it had the focus.
                let rows = self.log_rows();
                self.panels.focus.log_offset =
                    (self.panels.focus.event + 1).saturating_sub(rows.saturating_sub(1));
                self.move_cursor(0);
            }
            None => {}
        }
    }

    /// `e`: focus the timetable, then the log, then neither (not while the map covers them).
    pub(super) fn cycle_focus(&mut self) {
        if self.screen.view == super::map_view::View::Map {
            self.say("the map covers the timetable and the log: m shows them again");
            return;
        }
        self.set_focus(match self.panels.focus.panel {
            None => Some(Panel::Timetable),
            Some(Panel::Timetable) => Some(Panel::Log),
            Some(Panel::Log) => None,
        });
    }

    /// A page up or down: the focused panel's cursor, or the timetable when none is focused.
    pub(super) fn page(&mut self, down: bool) {
        let rows = match self.panels.focus.panel {
            Some(Panel::Log) => self.log_rows(),
            Some(Panel::Timetable) | None => usize::from(layout::areas(self).timetable_rows()),
        };
        let page = isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1);
        let step = if down { page } else { -page };
        if self.panels.focus.panel.is_none() {
            self.scroll_timetable_by(step);
        } else {
            self.move_cursor(step);
        }
    }

    /// Enter: go to the focused row's time.
    pub(super) fn select_row(&mut self, wall: Duration) {
        if let Some(at) = self.focused_time() {
            self.seek(at, wall);
        }
    }

    /// `i`: the details of the focused row's station, or the current stop's.
    pub(super) fn details(&mut self) {
        let stop = self
            .focused_stop()
            .unwrap_or_else(|| geometry::focus_row(self));
        self.screen.overlay = Overlay::Station(stop);
    }

    /// Move the focused panel's cursor by `by` rows, keeping it in view.
    pub(super) fn move_cursor(&mut self, by: isize) {
        let step =
            |at: usize, count: usize| at.saturating_add_signed(by).min(count.saturating_sub(1));
        match self.panels.focus.panel {
            Some(Panel::Timetable) => {
                self.panels.focus.stop =
                    step(self.panels.focus.stop, self.journey.route().stops.len());
                let rows = usize::from(layout::areas(self).timetable_rows());
                let first = geometry::first_row(self, rows);
                self.panels.timetable.follow = false;
                self.panels.timetable.offset = keep_in_view(first, self.panels.focus.stop, rows);
            }
            Some(Panel::Log) => {
                self.panels.focus.event =
                    step(self.panels.focus.event, self.journey.timeline().len());
                let rows = self.log_rows();
                self.panels.focus.log_offset =
                    keep_in_view(self.panels.focus.log_offset, self.panels.focus.event, rows);
            }
            None => {}
        }
    }

    /// Scroll the unfocused timetable by `by` rows.
    fn scroll_timetable_by(&mut self, by: isize) {
        let rows = usize::from(layout::areas(self).timetable_rows());
        let first = geometry::first_row(self, rows);
        let max = self.journey.route().stops.len().saturating_sub(rows);
        self.panels.timetable.follow = false;
        self.panels.timetable.offset = first.saturating_add_signed(by).min(max);
    }

    /// The time of the focused row: a stop's arrival (its departure at the first stop), or
    /// an event's instant.
    fn focused_time(&self) -> Option<DateTime<Utc>> {
        match self.panels.focus.panel? {
            Panel::Timetable => {
                let stop = self.journey.route().stops.get(self.panels.focus.stop)?;
                Some(
                    stop.arrive
                        .or(stop.depart)
                        .unwrap_or_else(|| stop.first_instant()),
                )
            }
            Panel::Log => self
                .journey
                .timeline()
                .get(self.panels.focus.event)
                .map(|e| e.at),
        }
    }

    /// The station of the focused row: the stop itself, the stop an arrival or departure is
    /// at, or the last stop before an event on the line.
    fn focused_stop(&self) -> Option<usize> {
        match self.panels.focus.panel? {
            Panel::Timetable => Some(self.panels.focus.stop),
            Panel::Log => {
                let e = self.journey.timeline().get(self.panels.focus.event)?;
                Some(match e.kind {
                    JourneyEventKind::Arrive(i) | JourneyEventKind::Depart(i) => i,
                    _ => {
                        let stops = &self.journey.route().stops;
                        stops.partition_point(|s| s.km <= e.km).saturating_sub(1)
                    }
                })
            }
        }
    }

    /// A click in the timetable or the log: focus it, with the cursor on the row clicked.
    /// Returns whether the click was there.
    pub(super) fn focus_click(&mut self, col: u16, row: u16) -> bool {
        let areas = layout::areas(self);
        let inside = |r: ratatui::layout::Rect| r.contains((col, row).into());
        if inside(areas.timetable) {
            let rows = usize::from(areas.timetable_rows());
            let first = geometry::first_row(self, rows);
            // The border and the header come before the first stop.
            let line = usize::from(row.saturating_sub(areas.timetable.y + 2));
            let clicked = (first + line).min(self.journey.route().stops.len().saturating_sub(1));
            self.panels.focus.panel = Some(Panel::Timetable);
            self.panels.timetable.follow = false;
            self.panels.timetable.offset = first;
            self.panels.focus.stop = clicked;
            return true;
        }
        if inside(areas.log) {
            let line = usize::from(row.saturating_sub(areas.log.y + 1));
            if self.panels.focus.panel != Some(Panel::Log) {
                self.set_focus(Some(Panel::Log));
            }
            let last = self.journey.timeline().len().saturating_sub(1);
            self.panels.focus.event = (self.panels.focus.log_offset + line).min(last);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_moves_only_to_keep_the_cursor_in_it() {
        assert_eq!(keep_in_view(10, 12, 5), 10);
        assert_eq!(keep_in_view(10, 9, 5), 9);
        assert_eq!(keep_in_view(10, 15, 5), 11);
        assert_eq!(keep_in_view(0, 3, 0), 3);
    }
}
