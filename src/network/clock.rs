//! The clock of a GTFS feed: a time in `stop_times.txt` counts seconds from "noon minus 12 h"
//! of its service date in the agency's zone (midnight, except on the days the clocks change),
//! and may pass 24:00.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant a GTFS time is counted from: noon minus 12 h of `date` in `agency`.
#[must_use]
pub fn service_origin(date: NaiveDate, agency: Tz) -> DateTime<Utc> {
    let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
    let utc = match agency.from_local_datetime(&noon) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // No zone skips noon; if one did, the UTC reading is the best there is.
        LocalResult::None => Utc.from_utc_datetime(&noon),
    };
    utc - Duration::hours(12)
}

/// A change of a zone's clocks: when, and the UTC offsets before and after, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockChange {
    /// The instant the clocks changed.
    pub at: DateTime<Utc>,
    /// The UTC offset before, seconds.
    pub before: i32,
    /// The UTC offset after, seconds.
    pub after: i32,
}

/// The UTC offset of `zone` at `at`, in seconds.
#[must_use]
pub fn offset_at(zone: Tz, at: DateTime<Utc>) -> i32 {
    use chrono::Offset;
    at.with_timezone(&zone).offset().fix().local_minus_utc()
}

/// The last change of `zone`'s clocks in the `within` before `at` (daylight saving), to the
/// second; `None` when the offset then is the one now. One change a day at most is assumed,
/// as every zone has.
#[must_use]
pub fn last_change(zone: Tz, at: DateTime<Utc>, within: Duration) -> Option<ClockChange> {
    let instant = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(at);
    let (mut lo, mut hi) = ((at - within).timestamp(), at.timestamp());
    let (before, after) = (offset_at(zone, instant(lo)), offset_at(zone, instant(hi)));
    if before == after {
        return None;
    }
    // The offset is `before` at `lo` and `after` at `hi`: halve until a second apart.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_at(zone, instant(mid)) == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(ClockChange {
        at: instant(hi),
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_origin_is_noon_minus_twelve_hours_not_midnight() {
        // New York, 9 March 2025: clocks spring forward at 02:00, so noon is 16:00 UTC and the
        // origin 04:00 UTC, which is 23:00 local on the 8th.
        let o = service_origin(date(2025, 3, 9), chrono_tz::America::New_York);
        assert_eq!(o.to_rfc3339(), "2025-03-09T04:00:00+00:00");
    }

    #[test]
    fn the_last_clock_change_is_found_to_the_second() {
        let ny = chrono_tz::America::New_York;
        // 2 November 2025: 02:00 EDT becomes 01:00 EST, at 06:00 UTC.
        let at = Utc.with_ymd_and_hms(2025, 11, 2, 9, 30, 0).unwrap();
        let change = last_change(ny, at, Duration::hours(24)).unwrap();
        assert_eq!(change.at.to_rfc3339(), "2025-11-02T06:00:00+00:00");
        assert_eq!((change.before, change.after), (-4 * 3600, -5 * 3600));
        assert_eq!(last_change(ny, at, Duration::hours(3)), None);
        assert_eq!(last_change(chrono_tz::UTC, at, Duration::days(300)), None);
    }
}
