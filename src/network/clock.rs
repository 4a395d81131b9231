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
}
