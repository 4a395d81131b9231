//! `longrail import gtfs`: one trip of a GTFS feed (a zip or a folder of CSV files) turned into
//! a route file that passes the app's own route checks, with the same care for time zones as
//! the built-in routes, and every derived figure said in the file.
//!
//! A shell-layer module: it reads the feed from disk ([`feed`]), row by row with the `csv`
//! crate ([`table`], [`gtfs`], [`calendar`]), works out the stops ([`stops`], [`plan`],
//! [`clock`], with the distances and times of [`crate::network::course`]) and writes text
//! ([`write`](mod@write)) that [`crate::route::parse_route`] must accept before anything is
//! written.
//! [`network`] reads a whole feed into the pure [`crate::network::Network`] with the same
//! tables, calendar and interpolation.
//!
//! # How each figure of a written route is derived
//! The file's header and line comments say which rule applied.
//! - **Times**: `stop_times.txt` counts from noon minus 12 h of the service date in the
//!   route's `agency_timezone` (midnight except on the nights the clocks change), past 24:00 for
//!   long trips. Each instant is written in the stop's own zone as `day N HH:MM[:SS]`, with its
//!   offset where that local time happens twice. Blank times at non-timepoint stops are
//!   interpolated by distance and marked `ESTIMATED`; a stop with one of its two times uses it
//!   for both.
//! - **Dates**: `calendar.txt` and `calendar_dates.txt`; the service days become a comment, since
//!   the route format cannot say "weekdays until 26 December, except the 25th".
//!   `departure_date` is the first stop's local date, which can differ from the service date. A
//!   date outside `feed_info.txt`'s window is a warning.
//! - **Zones**: `stop_timezone`, else the parent station's, else the zone at the coordinates
//!   (`tzf-rs`; its data is MIT and ODbL-1.0, © OpenStreetMap contributors), else the agency's.
//! - **Km**: `shape_dist_traveled` when every stop time has one (read as km, metres, miles or
//!   feet, whichever makes the span nearest the shape's length), else the stops projected
//!   greedily onto the shape, else great circles between stops.
//! - **Waypoints**: the shape simplified by Ramer-Douglas-Peucker (`geo`) at 1/2000 of its
//!   extent, split between the stops.
//! - **Gaps and clashes**: stops passed without stopping are left out and listed; stops at the
//!   same metre or the same instant are folded into one; a `frequencies.txt` trip needs `--at`.
//! - **Names**: control, bidi and zero-width characters become spaces; two stops of one name
//!   get their `stop_code` or `stop_id`; names are cut to 80 characters.
//!
//! Bad feeds are refused with exit 1 and nothing written, naming the file inside the feed, its
//! line and column: a missing file or column, an unknown trip or route ("did you mean"), a bad
//! time, number, date or zone, a repeated key or `stop_sequence`, times that go backwards, a
//! record over 1 MiB, a file that is not UTF-8 or inflates past 2 GiB. Only the chosen trip's
//! `stop_times.txt` rows are parsed, in one pass; `stops.txt` is held whole. The tests compare
//! the real NYC and Cairns feeds with an independent Python conversion (`tests/it/gtfs/`).

pub mod calendar;
pub mod clock;
pub mod draft;
pub mod feed;
pub mod gtfs;
pub mod list;
pub mod network;
pub mod plan;
pub mod realtime;
pub mod stops;
pub mod table;
pub mod trip;
pub mod write;

use chrono::NaiveDate;

pub use feed::Feed;

use crate::util::diag::{Diagnostic, Diagnostics};

/// What to import.
#[derive(Debug, Clone)]
pub struct Request {
    /// The `trip_id`.
    pub trip: String,
    /// The service date; without one, the first date the trip runs.
    pub date: Option<NaiveDate>,
    /// For a trip defined by `frequencies.txt`: the departure, `HH:MM[:SS]` of the service
    /// day.
    pub at: Option<String>,
}

/// A trip turned into a route file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The route file's text (it passes `longrail check`).
    pub text: String,
    /// The route's id.
    pub id: String,
    /// How many stops it has.
    pub stops: usize,
    /// The GTFS service date.
    pub service_date: NaiveDate,
    /// The route's `departure_date` (the first stop's local date).
    pub departure_date: NaiveDate,
    /// Things worth telling the user that do not stop the import.
    pub warnings: Vec<String>,
    /// Per stop of the route, the index of its stop time among the trip's (stops passed
    /// without stopping and stops folded into another have none).
    pub stop_indices: Vec<usize>,
}

/// Import one trip of `feed` as a route file.
///
/// # Errors
/// A bad feed (a missing file, a bad row), a trip that is not there or does not run on the
/// date, or a trip that cannot be a route (fewer than two stops, times going backwards).
pub fn import_trip(feed: &mut Feed, req: &Request) -> Result<Imported, Diagnostics> {
    import_trip_at(feed, req, None)
}

/// Import one trip of `feed` as a route file whose stops keep the times `times` gives (per
/// stop time of the trip, arrival and departure in seconds of the service day: the times a
/// train really ran by), where it gives one for every stop time; else as [`import_trip`].
///
/// # Errors
/// As [`import_trip`].
pub fn import_trip_at(
    feed: &mut Feed,
    req: &Request,
    times: Option<&[[i64; 2]]>,
) -> Result<Imported, Diagnostics> {
    let mut loaded = trip::load(feed, req)?;
    if let Some(times) = times.filter(|t| t.len() == loaded.times.len()) {
        for (st, t) in loaded.times.iter_mut().zip(times) {
            st.arrive = Some(t[0]);
            st.depart = Some(t[1]);
        }
    }
    let draft = draft::build(feed, &loaded)?;
    let text = write::render(&draft.draft);
    let label = format!(
        "the route made from trip {}",
        crate::util::text::quote(&req.trip)
    );
    if let Err(e) = crate::route::parse_route(&label, &text, None) {
        let mut all = vec![
            Diagnostic::file_level(feed.shown(), "the trip does not make a valid route file; nothing was written")
                .help("the route checks below say why: usually a figure in the feed (a time or a place) that no train could keep"),
        ];
        all.extend(e.0);
        return Err(Diagnostics(all));
    }
    Ok(Imported {
        text,
        id: draft.draft.id.clone(),
        stops: draft.draft.stops.len(),
        service_date: loaded.date,
        departure_date: draft.departure_date,
        warnings: loaded.warnings,
        stop_indices: draft.indices,
    })
}
