//! When a service runs: the weekdays between two dates of `calendar.txt`, and the dates
//! `calendar_dates.txt` adds or removes. Pure: the files are read by `crate::import::calendar`.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};

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

    /// The last date the service could run (the later of calendar.txt's end and the last
    /// date added), if any.
    #[must_use]
    pub fn last_date(&self) -> Option<NaiveDate> {
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
