//! GTFS times and dates, and how the route file writes them.
//!
//! A `stop_times.txt` time counts seconds from "noon minus 12 h" of the service date in the
//! agency's zone (midnight, except on the days the clocks change), and may pass 24:00. The
//! route file writes that instant in the stop's own zone as `day N HH:MM[:SS]`, with the
//! offset where the local time happens twice.

use chrono::{DateTime, LocalResult, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub use crate::network::clock::service_origin;
use crate::route::daytime::format_offset;

/// Parse a GTFS time, `H:MM:SS` or `HH:MM:SS` (hours may pass 24), as seconds.
///
/// # Errors
/// What is wrong with it, for the user.
pub fn parse_time(text: &str) -> Result<i64, String> {
    // Split without allocating: every row of stop_times.txt has two of these.
    let mut parts = text.split(':');
    let (Some(h), Some(m), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "{} is not a time H:MM:SS",
            crate::util::text::quote(text)
        ));
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1, 3) || !digits(m, 2, 2) || !digits(s, 2, 2) {
        return Err(format!(
            "{} is not a time H:MM:SS (hours of 1 to 3 digits, minutes and seconds of 2)",
            crate::util::text::quote(text)
        ));
    }
    let num = |p: &str| {
        p.bytes()
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'))
    };
    let (h, m, s) = (num(h), num(m), num(s));
    if m > 59 || s > 59 {
        return Err(format!(
            "{} is out of range: minutes and seconds run 00 to 59",
            crate::util::text::quote(text)
        ));
    }
    Ok(h * 3600 + m * 60 + s)
}

/// Parse a GTFS date, `YYYYMMDD`.
///
/// # Errors
/// What is wrong with it, for the user.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    if text.len() == 8
        && text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(d) = NaiveDate::parse_from_str(text, "%Y%m%d")
    {
        return Ok(d);
    }
    Err(format!(
        "{} is not a date YYYYMMDD",
        crate::util::text::quote(text)
    ))
}

/// An instant in `tz`, written as a route file's `day N HH:MM[:SS]`, day 1 being
/// `departure_date`; with the offset when that local time happens twice. A stop west of the
/// first reached before its own midnight is on an earlier local date: day 0 (or −1 across
/// the widest gaps), which the format allows for that. `None` when the day would be out of
/// the format's range (−1 to 366).
#[must_use]
pub fn day_time(instant: DateTime<Utc>, tz: Tz, departure_date: NaiveDate) -> Option<String> {
    use crate::route::daytime::{FIRST_TIMETABLE_DAY, LAST_DAY};
    let local = instant.with_timezone(&tz);
    let day = (local.date_naive() - departure_date).num_days() + 1;
    if !(i64::from(FIRST_TIMETABLE_DAY)..=i64::from(LAST_DAY)).contains(&day) {
        return None;
    }
    let naive = local.naive_local();
    let clock = if naive.format("%S").to_string() == "00" {
        naive.format("%H:%M").to_string()
    } else {
        naive.format("%H:%M:%S").to_string()
    };
    let mut out = format!("day {day} {clock}");
    if matches!(tz.from_local_datetime(&naive), LocalResult::Ambiguous(..)) {
        out.push(' ');
        out.push_str(&format_offset(local.offset().fix()));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn times_pass_midnight_and_refuse_bad_forms() {
        assert_eq!(parse_time("7:05:00"), Ok(7 * 3600 + 300));
        assert_eq!(parse_time("49:00:01"), Ok(49 * 3600 + 1));
        for bad in ["7:5:00", "07:60:00", "07:00", "x:00:00", "", "1000:00:00"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_stop_west_of_the_first_before_its_midnight_is_on_day_0() {
        let t = Utc.with_ymd_and_hms(2025, 6, 16, 21, 40, 0).unwrap();
        assert_eq!(
            day_time(t, chrono_tz::Europe::Kaliningrad, date(2025, 6, 17)).as_deref(),
            Some("day 0 23:40")
        );
        assert_eq!(
            day_time(t, chrono_tz::Etc::GMTPlus12, date(2025, 6, 18)).as_deref(),
            Some("day -1 09:40")
        );
        assert_eq!(day_time(t, chrono_tz::UTC, date(2025, 6, 19)), None);
    }

    #[test]
    fn folds_get_their_offset() {
        let chicago = chrono_tz::America::Chicago;
        let t = Utc.with_ymd_and_hms(2025, 11, 2, 7, 30, 0).unwrap();
        assert_eq!(
            day_time(t, chicago, date(2025, 11, 1)).as_deref(),
            Some("day 2 01:30 -06:00")
        );
        let t = Utc.with_ymd_and_hms(2025, 11, 2, 8, 30, 5).unwrap();
        assert_eq!(
            day_time(t, chicago, date(2025, 11, 2)).as_deref(),
            Some("day 1 02:30:05")
        );
    }
}
