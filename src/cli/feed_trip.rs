//! `--realtime` read beside `--feed`, and `longrail --feed FEED [--realtime R] timetable --trip
//! TRIP_ID`: one trip's stops with their scheduled and predicted times.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use super::{Cli, Failure};
use crate::network::Network;
use crate::network::realtime::{Instance, Realtime};
use crate::report::trip_times::{trip_report, trip_text};
use crate::util::text::quote;

/// Read `--realtime` (when given) and apply it to `network`, with its warnings on standard
/// error (one when nothing in it names a trip of the feed: the timetable is shown).
///
/// # Errors
/// A file that cannot be read or decoded (exit 1), naming it.
pub fn read_realtime(cli: &Cli, network: &mut Network) -> Result<Option<Realtime>, Failure> {
    Ok(load_realtime(cli, network)?.map(|loaded| loaded.realtime))
}

/// As [`read_realtime`], with the warnings (already written to standard error) kept for a
/// screen to show.
///
/// # Errors
/// As [`read_realtime`].
pub fn load_realtime(
    cli: &Cli,
    network: &mut Network,
) -> Result<Option<crate::import::realtime::Loaded>, Failure> {
    let Some(path) = &cli.realtime else {
        return Ok(None);
    };
    let loaded = crate::import::realtime::load(network, path)?;
    for w in &loaded.warnings {
        // Not eprintln!: it panics when standard error is a terminal that went away.
        let _ = writeln!(std::io::stderr(), "warning: {w}");
    }
    Ok(Some(loaded))
}

/// `timetable --trip TRIP_ID` with `--feed`: the trip's stops on `--date` (else the date the
/// realtime data names for it, else its first date), as a table or JSON.
///
/// # Errors
/// No `--trip`, a `--clock`, a trip the feed lacks or that does not run on `--date`.
pub fn timetable(
    cli: &Cli,
    path: &Path,
    args: &super::timetable::Args,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let Some(trip_id) = &args.trip else {
        return Err(Failure::Usage(
            "timetable with --feed prints one trip: give --trip TRIP_ID (`longrail import gtfs FEED --list --route ROUTE` lists a route's trips)".into(),
        ));
    };
    if args.clock.is_some() {
        return Err(Failure::Usage(
            "--clock with --feed: a trip's times are shown in each stop's own zone".into(),
        ));
    }
    let mut network = super::feed::read(cli, path)?.network;
    let realtime = read_realtime(cli, &mut network)?.unwrap_or_default();
    let instance = instance(&network, &realtime, trip_id, cli.date)?;
    let Some(times) = realtime.trip_times(&network, instance, None) else {
        return Err(invalid(
            path,
            format!("the trip {} does not run", quote(trip_id)),
        ));
    };
    if args.wants_json() {
        let report = trip_report(&network, &times);
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Other(e.to_string()))?;
        writeln!(out, "{json}")?;
    } else {
        let text = trip_text(&network, &times);
        let settings = super::build::settings(cli)?;
        if settings.ascii {
            write!(out, "{}", crate::util::text::ascii_punctuation(&text))?;
        } else {
            write!(out, "{text}")?;
        }
    }
    Ok(())
}

/// A failure about the feed at `path`.
fn invalid(path: &Path, message: String) -> Failure {
    crate::util::diag::Diagnostics::from(crate::util::diag::Diagnostic::file_level(
        &path.display().to_string(),
        message,
    ))
    .into()
}

/// The run of `trip_id` to show: on `date`, else on the date the realtime data names for it,
/// else on the first date its service runs; for a trip of `frequencies.txt`, the run the
/// realtime data names that day, else its first.
fn instance(
    network: &Network,
    realtime: &Realtime,
    trip_id: &str,
    date: Option<NaiveDate>,
) -> Result<Instance, Failure> {
    let Some(trip) = network.trip_index(trip_id) else {
        return Err(Failure::Usage(format!(
            "--trip {}: the feed has no such trip (or --routes/--types leave it out); `longrail import gtfs FEED --list --route ROUTE` lists a route's trips",
            quote(trip_id)
        )));
    };
    let named = realtime.instances_of(trip);
    let t = &network.trips()[trip as usize];
    let service = network.services().get(t.service as usize);
    let date = match date {
        Some(d) => d,
        None => match named.first() {
            Some(i) => i.date,
            None => service
                .and_then(|s| {
                    s.first_date()
                        .and_then(|f| s.dates_from(f, 1).first().copied())
                })
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--trip {}: its service runs on no date",
                        quote(trip_id)
                    ))
                })?,
        },
    };
    if let Some(i) = named.iter().find(|i| i.date == date) {
        return Ok(*i);
    }
    if !service.is_some_and(|s| s.runs(date)) {
        let first = service
            .and_then(|s| s.dates_from(date, 1).first().copied())
            .map_or_else(String::new, |d| format!("; its next date is {d}"));
        return Err(Failure::Usage(format!(
            "--trip {} does not run on {date}{first}",
            quote(trip_id)
        )));
    }
    let shift = crate::network::realtime::first_shift(network, trip);
    Ok(Instance { trip, date, shift })
}
