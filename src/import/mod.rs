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
}

/// Import one trip of `feed` as a route file.
///
/// # Errors
/// A bad feed (a missing file, a bad row), a trip that is not there or does not run on the
/// date, or a trip that cannot be a route (fewer than two stops, times going backwards).
pub fn import_trip(feed: &mut Feed, req: &Request) -> Result<Imported, Diagnostics> {
    let loaded = trip::load(feed, req)?;
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
    })
}
