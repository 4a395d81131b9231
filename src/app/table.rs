//! The timetable's columns, below the view and the layout: each column as wide as the longest
//! value it holds on this route (or its header), and which of them a width shows. Station
//! names, arrivals and departures always show; names then get their room (up to
//! [`NAME_ROOM`] cells) before any other column; then the due time, the clock (where the
//! stops' clocks differ), the dwell and the km are added in that order, each only after the
//! one before it, so a wider timetable never loses a column; what is left goes to long names.
//! The layout gives the timetable no more width than its widest table takes.

use std::sync::{Arc, Weak};

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::App;
use crate::route::Stop;
use crate::settings::{ClockConvention, NameStyle, Units};
use crate::sim::Journey;
use crate::sim::zones::{offset_secs, utc_label};
use crate::util::format::{duration_text, dwell_text};
use crate::util::text::width;

/// How much of a long name shows before the optional columns are added.
pub const NAME_ROOM: usize = 30;
/// The narrowest the name column gets (a route's longest name when shorter).
const NAME_LEAST: usize = 12;
/// How many of the next stops say when the train is due.
pub const DUE_STOPS: usize = 3;

/// A column of the timetable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The stop's name.
    Station,
    /// The distance from the first stop.
    Km,
    /// The arrival.
    Arrive,
    /// The departure.
    Depart,
    /// The stop's own clock (`UTC+10`).
    Clock,
    /// How long the train stands.
    Dwell,
    /// How long until the train is there (`in 3 h 47 min`), for the next stops.
    Due,
    /// With recorded realtime data, the real time against the timetable's (`→ d1 14:11 +8`,
    /// `skipped`): then the arrival and departure are the timetable's.
    Real,
}

impl Column {
    /// The column's header (`unit` names the km column: `km` or `mi`).
    #[must_use]
    pub fn header(self, unit: &'static str) -> &'static str {
        match self {
            Self::Station => "Station",
            Self::Km => unit,
            Self::Arrive => "Arrive",
            Self::Depart => "Depart",
            Self::Clock => "Clock",
            Self::Dwell => "Dwell",
            Self::Due => "Due",
            Self::Real => "Real",
        }
    }

    /// Whether the column's values line up on the right (numbers).
    #[must_use]
    pub fn right_aligned(self) -> bool {
        self == Self::Km
    }
}

/// The widths the columns want on a route, each its longest value or its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widths {
    /// The longest name.
    pub name: usize,
    /// A time (arrival or departure).
    pub time: usize,
    /// The km.
    pub km: usize,
    /// The clock, when the stops' clocks differ (else no clock column).
    pub clock: Option<usize>,
    /// The dwell.
    pub dwell: usize,
    /// The due time.
    pub due: usize,
    /// The real time, on a journey with recorded realtime data (else no such column).
    pub real: Option<usize>,
}

/// A time in the timetable's clock: `d1 03:04` on the stops' own, `Tue 17 Jun 03:04` on
/// another.
#[must_use]
pub fn time_text(app: &App, t: Option<DateTime<Utc>>, own: Tz) -> String {
    let Some(t) = t else { return String::new() };
    crate::sim::clock_time::stamp(
        app.journey(),
        t,
        own,
        app.panels()
            .timetable_clock()
            .fixed_zone(app.journey().route()),
    )
}

/// Stop `i`'s arrival and departure as the timetable has them: the route's own, or on a
/// journey with recorded realtime data (whose stops keep the real times) the timetable's.
#[must_use]
pub fn planned(app: &App, i: usize, stop: &Stop) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    app.journey()
        .route()
        .realtime
        .as_ref()
        .and_then(|r| r.scheduled.get(i))
        .map_or((stop.arrive, stop.depart), |p| (p.arrive, p.depart))
}

/// On a journey with recorded realtime data, stop `i`'s real time against the timetable's:
/// its departure's (its arrival's at the last stop) as `→ d1 14:11 +8`, or `skipped`; empty
/// without.
#[must_use]
pub fn real_text(app: &App, i: usize, stop: &Stop) -> String {
    let Some(s) = app
        .journey()
        .route()
        .realtime
        .as_ref()
        .and_then(|r| r.scheduled.get(i))
    else {
        return String::new();
    };
    if s.skipped {
        return "skipped".to_owned();
    }
    let (Some(real), Some(planned)) = (stop.depart.or(stop.arrive), s.depart.or(s.arrive)) else {
        return String::new();
    };
    let delay = i32::try_from((real - planned).num_seconds()).unwrap_or(i32::MAX);
    format!(
        "→ {} {:+}",
        time_text(app, Some(real), stop.tz),
        super::as_run::signed_minutes(delay)
    )
}

/// A stop's distance from the first stop, in the settings' units, as a whole number.
#[must_use]
pub fn km_text(app: &App, stop: &Stop) -> String {
    let first = app.journey().route().stops.first().map_or(0.0, |s| s.km);
    format!(
        "{:.0}",
        (stop.km - first) / app.settings().units.km_per_unit()
    )
}

/// A stop's own clock when it is first there: `UTC+10`.
#[must_use]
pub fn clock_text(stop: &Stop) -> String {
    utc_label(stop.tz, stop.first_instant())
}

/// How long the train stands at a stop, or nothing.
#[must_use]
pub fn dwell_of(stop: &Stop) -> String {
    stop.dwell_minutes().map_or_else(String::new, dwell_text)
}

/// How long until the train is due, to fit `room` cells: `in 1 d 03 h 28 min`, or without the
/// minutes, or the days alone, when longer than the column (only before the run leaves).
#[must_use]
pub fn due_text(wait: TimeDelta, room: usize) -> String {
    let full = format!("in {}", duration_text(wait));
    if width(&full) <= room {
        return full;
    }
    let minutes = wait.num_minutes().max(0);
    let (days, hours) = (minutes / 1440, minutes / 60 % 24);
    let shorter = if days > 0 {
        format!("in {days} d {hours:02} h")
    } else {
        format!("in {hours} h")
    };
    if width(&shorter) <= room {
        shorter
    } else {
        format!("in {days} d")
    }
}

/// Whether the stops' own clocks differ in UTC offset (then, on local time, each row says
/// which clock it is in, so a shuttle does not seem to arrive before it leaves).
#[must_use]
pub fn clocks_differ(app: &App) -> bool {
    let stops = &app.journey().route().stops;
    app.panels().timetable_clock() == ClockConvention::Local
        && stops.windows(2).any(|w| {
            offset_secs(w[0].tz, w[0].first_instant()) != offset_secs(w[1].tz, w[1].first_instant())
        })
}

/// What each column wants on the app's route, in its timetable clock and units: the ones
/// the app keeps (worked out once per journey and setting), or worked out now when those are
/// not for what the app shows (never the case after an update).
#[must_use]
pub fn widths(app: &App) -> Widths {
    app.table_widths()
        .filter(|m| m.is_for(app))
        .map_or_else(|| measure(app), |m| m.widths.clone())
}

/// What a [`Widths`] was worked out from: the journey, the timetable's clock, how stations
/// are named and the units.
#[derive(Debug, Clone)]
pub struct Memo {
    /// The journey (weak: the memo keeps no journey alive, and while it is held no other
    /// journey can take the same address).
    journey: Weak<Journey>,
    /// The settings the widths depend on.
    key: (ClockConvention, NameStyle, Units),
    /// The widths.
    widths: Widths,
}

impl Memo {
    /// The widths of `app`'s timetable now, with what they were worked out from.
    #[must_use]
    pub fn of(app: &App, journey: &Arc<Journey>) -> Self {
        Self {
            journey: Arc::downgrade(journey),
            key: key(app),
            widths: measure(app),
        }
    }

    /// Whether these are the widths of what `app` shows now.
    #[must_use]
    pub fn is_for(&self, app: &App) -> bool {
        std::ptr::eq(self.journey.as_ptr(), app.journey()) && self.key == key(app)
    }
}

/// The settings a timetable's widths depend on, besides the journey.
fn key(app: &App) -> (ClockConvention, NameStyle, Units) {
    (
        app.panels().timetable_clock(),
        crate::app::labels::names(app),
        app.settings().units,
    )
}

/// Work out afresh what each column wants on the app's route: every stop's values formatted.
#[must_use]
pub fn measure(app: &App) -> Widths {
    let stops = &app.journey().route().stops;
    let longest = |f: &dyn Fn(&Stop) -> usize, least: usize| {
        stops.iter().map(f).max().unwrap_or(0).max(least)
    };
    let departure = app.journey().route().departure();
    let time = longest(
        &|s: &Stop| {
            width(&time_text(app, s.arrive, s.tz)).max(width(&time_text(app, s.depart, s.tz)))
        },
        6,
    );
    let real = app.journey().route().realtime.as_ref().map(|_| {
        stops
            .iter()
            .enumerate()
            .map(|(i, s)| width(&real_text(app, i, s)))
            .max()
            .unwrap_or(0)
            .max(4)
    });
    Widths {
        name: longest(
            &|s: &Stop| {
                width(&crate::app::labels::stop_name(
                    s,
                    crate::app::labels::names(app),
                ))
            },
            7,
        ),
        time,
        km: longest(&|s: &Stop| width(&km_text(app, s)), 2),
        clock: clocks_differ(app).then(|| longest(&|s: &Stop| width(&clock_text(s)), 5)),
        dwell: longest(&|s: &Stop| width(&dwell_of(s)), 5),
        due: longest(
            &|s: &Stop| {
                width(&format!(
                    "in {}",
                    duration_text(s.first_instant() - departure)
                ))
            },
            3,
        ),
        real,
    }
}

/// The columns a timetable `room` cells wide inside its border shows, left to right, each with
/// its width; a blank cell between two columns and one after the last.
#[must_use]
pub fn fit(w: &Widths, room: u16) -> Vec<(Column, usize)> {
    let room = usize::from(room).saturating_sub(1);
    let least = w.name.min(NAME_LEAST);
    // The real times (recorded realtime data) always show, beside the timetable's.
    let mut used = least + 2 * (w.time + 1) + w.real.map_or(0, |r| r + 1);
    // Names first, up to their room.
    let grow = w
        .name
        .min(NAME_ROOM)
        .saturating_sub(least)
        .min(room.saturating_sub(used));
    let mut name = least + grow;
    used += grow;
    // Then the optional columns, in order, each only after the one before.
    let optional = [
        (Column::Due, Some(w.due)),
        (Column::Clock, w.clock),
        (Column::Dwell, Some(w.dwell)),
        (Column::Km, Some(w.km)),
    ];
    let mut shown = Vec::new();
    for (column, want) in optional {
        let Some(want) = want else { continue };
        if used + want + 1 > room {
            break;
        }
        used += want + 1;
        shown.push((column, want));
    }
    // What is left, to the longest names.
    name += room.saturating_sub(used).min(w.name.saturating_sub(name));
    let has = |c: Column| shown.iter().find(|(s, _)| *s == c).copied();
    let mut out = vec![(Column::Station, name)];
    out.extend(has(Column::Km));
    out.extend([(Column::Arrive, w.time), (Column::Depart, w.time)]);
    out.extend(w.real.map(|r| (Column::Real, r)));
    out.extend(has(Column::Clock));
    out.extend(has(Column::Dwell));
    out.extend(has(Column::Due));
    out
}

/// The width inside its border the timetable needs to show every column with whole names
/// (the blank cells between and after them included).
#[must_use]
pub fn widest(w: &Widths) -> u16 {
    let columns =
        w.name + 2 * w.time + w.km + w.clock.unwrap_or(0) + w.dwell + w.due + w.real.unwrap_or(0);
    let count = 6 + usize::from(w.clock.is_some()) + usize::from(w.real.is_some());
    u16::try_from(columns + count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths() -> Widths {
        Widths {
            name: 40,
            time: 8,
            km: 5,
            clock: Some(6),
            dwell: 10,
            due: 18,
            real: None,
        }
    }

    #[test]
    fn a_wider_timetable_never_loses_a_column_and_names_come_first() {
        let w = widths();
        let mut before: Vec<Column> = Vec::new();
        let mut name_before = 0;
        for room in 20..=200 {
            let columns = fit(&w, room);
            let shown: Vec<Column> = columns.iter().map(|c| c.0).collect();
            for c in &before {
                assert!(shown.contains(c), "{c:?} went at {room}");
            }
            // Names may give back what was left over when a column comes, never their room.
            let name = columns[0].1;
            assert!(
                name >= name_before.min(NAME_ROOM),
                "names narrower at {room}"
            );
            let used: usize = columns.iter().map(|c| c.1 + 1).sum();
            if room >= 31 {
                assert!(used <= usize::from(room), "{room}: {columns:?}");
            }
            if shown.len() > 3 {
                assert!(
                    name >= NAME_ROOM,
                    "a column before the names' room at {room}"
                );
            }
            if usize::from(room) >= usize::from(widest(&w)) {
                assert_eq!(shown.len(), 7, "{room}");
                assert_eq!(name, 40, "{room}");
            }
            before = shown;
            name_before = name;
        }
    }

    #[test]
    fn due_times_shorten_only_when_longer_than_their_column() {
        let wait = TimeDelta::minutes(27 * 60 + 28);
        assert_eq!(due_text(wait, 18), "in 1 d 03 h 28 min");
        assert_eq!(due_text(wait, 15), "in 1 d 03 h");
        assert_eq!(due_text(wait, 8), "in 1 d");
        assert_eq!(due_text(TimeDelta::minutes(42), 18), "in 42 min");
    }
}
