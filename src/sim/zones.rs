//! Labels for zones: `UTC+10`, `MSK+7`.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Moscow's zone, the reference of Russian railway time.
pub const MOSCOW: Tz = chrono_tz::Europe::Moscow;

/// Seconds `tz` is ahead of UTC at `at`.
#[must_use]
pub fn offset_secs(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// `UTC+10`, `UTC−3:30`, `UTC` for the offset of `tz` at `at`.
#[must_use]
pub fn utc_label(tz: Tz, at: DateTime<Utc>) -> String {
    offset_label("UTC", offset_secs(tz, at))
}

/// `MSK+7`, `MSK`, `MSK−1` for the difference between `tz` and Moscow at `at`.
#[must_use]
pub fn msk_label(tz: Tz, at: DateTime<Utc>) -> String {
    offset_label("MSK", offset_secs(tz, at) - offset_secs(MOSCOW, at))
}

fn offset_label(base: &str, secs: i32) -> String {
    if secs == 0 {
        base.to_owned()
    } else {
        format!("{base}{}", signed_hours(secs))
    }
}

/// A signed whole or fractional hour count: `+10`, `−1`, `+5:30` (with a real minus sign).
#[must_use]
pub fn signed_hours(secs: i32) -> String {
    let sign = if secs < 0 { '−' } else { '+' };
    let mins = secs.unsigned_abs() / 60;
    if mins.is_multiple_of(60) {
        format!("{sign}{}", mins / 60)
    } else {
        format!("{sign}{}:{:02}", mins / 60, mins % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_iana_database() {
        let at = "2025-06-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(utc_label(chrono_tz::Asia::Vladivostok, at), "UTC+10");
        assert_eq!(msk_label(chrono_tz::Asia::Vladivostok, at), "MSK+7");
        assert_eq!(msk_label(MOSCOW, at), "MSK");
        assert_eq!(utc_label(chrono_tz::Asia::Kolkata, at), "UTC+5:30");
        assert_eq!(msk_label(chrono_tz::America::Chicago, at), "MSK−8");
        // Pyongyang was UTC+8:30 from 2015 to 2018.
        let old = "2016-06-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(utc_label(chrono_tz::Asia::Pyongyang, old), "UTC+8:30");
    }
}
