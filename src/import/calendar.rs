//! When a service runs: `calendar.txt` (weekdays between two dates) and `calendar_dates.txt`
//! (dates added or removed).

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate};

use super::clock::parse_date;
use super::feed::Feed;
use super::table::{Fail, Flow, Row, read_table};
use crate::util::diag::Diagnostic;

/// The days one service runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Service {
    /// Monday first; with `range`, the weekdays `calendar.txt` gives.
    pub weekdays: [bool; 7],
    /// `calendar.txt`'s first and last date.
    pub range: Option<(NaiveDate, NaiveDate)>,
    /// `calendar_dates.txt` exception type 1.
    pub added: BTreeSet<NaiveDate>,
    /// `calendar_dates.txt` exception type 2.
    pub removed: BTreeSet<NaiveDate>,
}

/// The longest span searched for a date a service runs: 20 years.
const SEARCH_DAYS: i64 = 366 * 20;

const WEEKDAY_COLUMNS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Service {
    /// Whether the service runs on `date`.
    #[must_use]
    pub fn runs(&self, date: NaiveDate) -> bool {
        if self.removed.contains(&date) {
            return false;
        }
        if self.added.contains(&date) {
            return true;
        }
        self.range.is_some_and(|(from, to)| {
            (from..=to).contains(&date)
                && self.weekdays[date.weekday().num_days_from_monday() as usize]
        })
    }

    /// The first `n` dates on or after `from` that the service runs.
    #[must_use]
    pub fn dates_from(&self, from: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let last = self.last_date();
        let mut out = Vec::new();
        let mut d = from;
        let mut steps = 0;
        while out.len() < n && last.is_some_and(|l| d <= l) && steps < SEARCH_DAYS {
            if self.runs(d) {
                out.push(d);
            }
            d += Duration::days(1);
            steps += 1;
        }
        out
    }

    /// The first date the service runs, if any.
    #[must_use]
    pub fn first_date(&self) -> Option<NaiveDate> {
        let first = [self.range.map(|r| r.0), self.added.first().copied()]
            .into_iter()
            .flatten()
            .min()?;
        self.dates_from(first, 1).first().copied()
    }

    fn last_date(&self) -> Option<NaiveDate> {
        [self.range.map(|r| r.1), self.added.last().copied()]
            .into_iter()
            .flatten()
            .max()
    }

    /// The days it runs in words: `mon tue wed thu fri, 2025-01-06 to 2025-06-30; also
    /// 2025-07-01; not 2025-04-21`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((from, to)) = self.range {
            let days: Vec<&str> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .zip(self.weekdays)
                .filter(|(_, on)| *on)
                .map(|(d, _)| *d)
                .collect();
            let days = if days.is_empty() {
                "no weekday".to_owned()
            } else {
                days.join(" ")
            };
            parts.push(format!("{days}, {from} to {to}"));
        }
        let list = |set: &BTreeSet<NaiveDate>| {
            let shown: Vec<String> = set.iter().take(8).map(ToString::to_string).collect();
            let more = set.len().saturating_sub(8);
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        if !self.added.is_empty() {
            parts.push(format!("also {}", list(&self.added)));
        }
        if !self.removed.is_empty() {
            parts.push(format!("not {}", list(&self.removed)));
        }
        if parts.is_empty() {
            "no dates".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn exceptions_add_and_remove_days() {
        let mut s = Service {
            weekdays: [true, false, false, false, false, false, false],
            range: Some((d(2025, 6, 1), d(2025, 6, 30))),
            ..Service::default()
        };
        s.removed.insert(d(2025, 6, 9));
        s.added.insert(d(2025, 6, 10));
        assert!(s.runs(d(2025, 6, 2)));
        assert!(!s.runs(d(2025, 6, 9)));
        assert!(s.runs(d(2025, 6, 10)));
        assert!(!s.runs(d(2025, 7, 7)));
        assert_eq!(s.first_date(), Some(d(2025, 6, 2)));
        assert_eq!(
            s.dates_from(d(2025, 6, 3), 3),
            [d(2025, 6, 10), d(2025, 6, 16), d(2025, 6, 23)]
        );
        assert_eq!(
            s.describe(),
            "mon, 2025-06-01 to 2025-06-30; also 2025-06-10; not 2025-06-09"
        );
    }
}
