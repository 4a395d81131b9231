//! When a service runs: `calendar.txt` (weekdays between two dates) and `calendar_dates.txt`
//! (dates added or removed).

use std::collections::HashMap;

use super::clock::parse_date;
use super::feed::Feed;
use super::table::{Fail, Flow, Row, read_table};
pub use crate::network::calendar::Service;
use crate::util::diag::Diagnostic;

const WEEKDAY_COLUMNS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The services `wanted` accepts, from both calendar files.
///
/// # Errors
/// Neither file in the feed, or a bad row of a wanted service.
pub fn services(
    feed: &mut Feed,
    wanted: impl Fn(&str) -> bool,
) -> Result<HashMap<String, Service>, Diagnostic> {
    let mut out: HashMap<String, Service> = HashMap::new();
    let bad_date = "write dates as YYYYMMDD, e.g. 20250617";
    let mut cols = vec!["service_id", "start_date", "end_date"];
    cols.extend(WEEKDAY_COLUMNS);
    let weekly = read_table(feed, "calendar.txt", &cols, |row| {
        let id = row.required("service_id")?;
        if !wanted(id) {
            return Ok(Flow::Next);
        }
        let date = |c: &str| parse_date(row.get(c)).map_err(|why| row.bad(c, why, bad_date));
        let range = (date("start_date")?, date("end_date")?);
        let weekdays = weekdays_of(row)?;
        let s = out.entry(id.to_owned()).or_default();
        s.weekdays = weekdays;
        s.range = Some(range);
        Ok(Flow::Next)
    })?;
    let dated = read_table(
        feed,
        "calendar_dates.txt",
        &["service_id", "date", "exception_type"],
        |row| {
            let id = row.required("service_id")?;
            if !wanted(id) {
                return Ok(Flow::Next);
            }
            let date = parse_date(row.get("date")).map_err(|why| row.bad("date", why, bad_date))?;
            let s = out.entry(id.to_owned()).or_default();
            match row.get("exception_type") {
                "1" => s.added.insert(date),
                "2" => s.removed.insert(date),
                other => return Err(bad_exception(row, other)),
            };
            Ok(Flow::Next)
        },
    )?;
    if !weekly && !dated {
        return Err(super::gtfs::missing(
            feed,
            "calendar.txt or calendar_dates.txt",
        ));
    }
    Ok(out)
}

/// The seven weekday columns of a `calendar.txt` row, Monday first.
fn weekdays_of(row: &Row<'_>) -> Result<[bool; 7], Fail> {
    let mut weekdays = [false; 7];
    for (slot, col) in weekdays.iter_mut().zip(WEEKDAY_COLUMNS) {
        *slot = match row.get(col) {
            "1" => true,
            "0" | "" => false,
            other => {
                return Err(row.bad(
                    col,
                    format!("'{col}' is {}, not 0 or 1", crate::util::text::quote(other)),
                    "write 1 for days the service runs and 0 for the others",
                ));
            }
        };
    }
    Ok(weekdays)
}

fn bad_exception(row: &Row<'_>, value: &str) -> Fail {
    row.bad(
        "exception_type",
        format!(
            "'exception_type' is {}, not 1 or 2",
            crate::util::text::quote(value)
        ),
        "write 1 for a date added to the service and 2 for one removed",
    )
}
