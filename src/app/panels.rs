//! The panels' own state: the strip's and the map's viewports, the timetable's scroll and
//! clock, and the keyboard focus with the panels' row cursors.

use super::focus::Focus;
use super::map_view::MapView;
use super::strip_view::StripView;
use crate::settings::ClockConvention;

/// The timetable's scroll state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimetableView {
    /// First visible row when not following.
    pub offset: usize,
    /// Keep the current stop in view.
    pub follow: bool,
}

impl Default for TimetableView {
    fn default() -> Self {
        Self {
            offset: 0,
            follow: true,
        }
    }
}

/// The panels' state.
#[derive(Debug, Clone)]
pub struct Panels {
    /// The strip's viewport.
    pub(super) strip: StripView,
    /// The map's viewport.
    pub(super) map: MapView,
    /// The timetable's scroll state.
    pub(super) timetable: TimetableView,
    /// The timetable's (and the log's) clock convention.
    pub(super) timetable_clock: ClockConvention,
    /// Which panel has the keyboard, and the panels' row cursors.
    pub(super) focus: Focus,
}

impl Panels {
    /// The panels at the start: the strip as given, the whole route on the map, the
    /// timetable following the train on `timetable_clock`, no focus.
    pub(super) fn new(strip: StripView, timetable_clock: ClockConvention) -> Self {
        Self {
            strip,
            map: MapView::default(),
            timetable: TimetableView::default(),
            timetable_clock,
            focus: Focus::default(),
        }
    }

    /// The strip's viewport.
    #[must_use]
    pub fn strip(&self) -> &StripView {
        &self.strip
    }

    /// The map's viewport.
    #[must_use]
    pub fn map(&self) -> &MapView {
        &self.map
    }

    /// The timetable's scroll state.
    #[must_use]
    pub fn timetable(&self) -> TimetableView {
        self.timetable
    }

    /// The clock the timetable and the log show times on.
    #[must_use]
    pub fn timetable_clock(&self) -> ClockConvention {
        self.timetable_clock
    }

    /// Which panel has the keyboard, and the cursors.
    #[must_use]
    pub fn focus(&self) -> &Focus {
        &self.focus
    }
}
