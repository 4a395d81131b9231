//! Labels for zones: `UTC+10`, and the `±` label from the route's reference clock, `MSK+7`
//! (on a route without a reference, the UTC label stands in for it).

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::route::RouteClock;

/// Moscow's zone (what `MSK` typed in the go-to prompt means).
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

/// The reference's zone and label, when the route has a labelled clock.
fn labelled(reference: Option<&RouteClock>) -> Option<(Tz, &str)> {
    reference.and_then(|c| Some((c.tz, c.label.as_deref()?)))
}

/// `MSK+7`, `MSK`, `MSK−1`: the difference between `tz` and the route's `reference` clock at
/// `at`; on a route without a reference, the UTC label (`UTC+10`).
#[must_use]
pub fn reference_label(reference: Option<&RouteClock>, tz: Tz, at: DateTime<Utc>) -> String {
    match labelled(reference) {
        Some((zone, label)) => offset_label(label, offset_secs(tz, at) - offset_secs(zone, at)),
        None => utc_label(tz, at),
    }
}

/// `UTC+10 · MSK+7` (with `sep` between), or `UTC+10` alone on a route without a reference.
#[must_use]
pub fn offsets_text(
    reference: Option<&RouteClock>,
    tz: Tz,
    at: DateTime<Utc>,
    sep: &str,
) -> String {
    let utc = utc_label(tz, at);
    if labelled(reference).is_some() {
        format!("{utc}{sep}{}", reference_label(reference, tz, at))
    } else {
        utc
    }
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

    fn moscow() -> RouteClock {
        RouteClock {
            name: "Moscow".into(),
            tz: MOSCOW,
            label: Some("MSK".into()),
            place: None,
        }
    }

    #[test]
    fn labels_follow_the_iana_database() {
        let at = "2025-06-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let msk = Some(moscow());
        let msk = msk.as_ref();
        assert_eq!(utc_label(chrono_tz::Asia::Vladivostok, at), "UTC+10");
        assert_eq!(
            reference_label(msk, chrono_tz::Asia::Vladivostok, at),
            "MSK+7"
        );
        assert_eq!(reference_label(msk, MOSCOW, at), "MSK");
        assert_eq!(utc_label(chrono_tz::Asia::Kolkata, at), "UTC+5:30");
        assert_eq!(
            reference_label(msk, chrono_tz::America::Chicago, at),
            "MSK−8"
        );
        // Pyongyang was UTC+8:30 from 2015 to 2018.
        let old = "2016-06-20T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(utc_label(chrono_tz::Asia::Pyongyang, old), "UTC+8:30");
    }

    #[test]
    fn without_a_reference_the_utc_label_stands_in() {
        let at = "2025-07-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let chicago = chrono_tz::America::Chicago;
        assert_eq!(reference_label(None, chicago, at), "UTC−5");
        assert_eq!(offsets_text(None, chicago, at, " · "), "UTC−5");
        let unlabelled = RouteClock {
            label: None,
            ..moscow()
        };
        assert_eq!(offsets_text(Some(&unlabelled), chicago, at, " · "), "UTC−5");
        let msk = moscow();
        assert_eq!(
            offsets_text(Some(&msk), chicago, at, " · "),
            "UTC−5 · MSK−8"
        );
    }
}
