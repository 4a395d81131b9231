//! Timetable times as written in route files: `day N HH:MM[:SS] [±HH:MM]`.
//!
//! Day 1 is the route's departure date; day N is the local calendar date at that stop N−1
//! days later. A stop west of the first, reached before its own midnight, can be on an
//! earlier local date than the departure: day 0 (the date before), or even day −1 across
//! the widest gaps of the zone map (+14:00 to −12:00 is 26 hours). The optional offset picks
//! one side of an ambiguous local time (a DST fold).

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A parsed timetable time, not yet placed on a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayTime {
    /// Journey day, 1-based (0 and −1 only in a route file, for stops reached on a local
    /// date before the departure date).
    pub day: i32,
    /// Local wall-clock time at the stop.
    pub time: NaiveTime,
    /// Explicit UTC offset, to choose a side of a DST fold.
    pub offset: Option<FixedOffset>,
}

/// Why a local time could not be placed on the absolute timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The day number is so large that the date overflows.
    OutOfRange,
    /// The local time is skipped by a spring-forward gap in the zone.
    Nonexistent,
    /// The local time happens twice (a fold) and no offset says which.
    Ambiguous {
        /// The two offsets it could have, earlier first.
        offsets: [FixedOffset; 2],
    },
    /// The explicit offset is not one the zone has at that local time.
    OffsetMismatch {
        /// The offsets the zone does have there.
        valid: Vec<FixedOffset>,
    },
}

/// The earliest day a route file's time may have: a stop reached on the local date two
/// before the departure date's is a day −1.
pub const FIRST_TIMETABLE_DAY: i32 = -1;

/// The latest day of any time.
pub const LAST_DAY: i32 = 366;

impl DayTime {
    /// Parse `day N HH:MM`, `day N HH:MM:SS`, optionally followed by ` ±HH:MM`, with N a
    /// journey day (1 to 366), as typed to go somewhere.
    ///
    /// # Errors
    /// A message saying which part is malformed, for the user.
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::parse_from(input, 1)
    }

    /// [`DayTime::parse`] for a time in a route file's timetable, whose day may also be 0 or
    /// −1 (see the module's doc).
    ///
    /// # Errors
    /// A message saying which part is malformed, for the user.
    pub fn parse_timetable(input: &str) -> Result<Self, String> {
        Self::parse_from(input, FIRST_TIMETABLE_DAY)
    }

    fn parse_from(input: &str, first_day: i32) -> Result<Self, String> {
        let mut parts = input.split_whitespace();
        if parts.next() != Some("day") {
            return Err("expected a time like \"day 2 14:05\" (it must start with \"day\")".into());
        }
        let day_text = parts
            .next()
            .ok_or("the day number is missing after \"day\"")?;
        let day: i32 = day_text
            .parse()
            .map_err(|_| format!("the day {day_text:?} is not a whole number"))?;
        if day < first_day || day > LAST_DAY {
            let earlier = if first_day < 1 {
                " (0 and -1 for local dates before it, at stops west of the first)"
            } else {
                ""
            };
            return Err(format!(
                "the day {day} is out of range: days count from 1 (the departure date){earlier} to {LAST_DAY}"
            ));
        }
        let time_text = parts
            .next()
            .ok_or("the clock time HH:MM is missing after the day")?;
        let time = parse_clock(time_text)?;
        let offset = parts.next().map(parse_offset).transpose()?;
        if let Some(extra) = parts.next() {
            return Err(format!("unexpected {extra:?} after the time"));
        }
        Ok(Self { day, time, offset })
    }

    /// Place this local time at a stop in zone `tz`, where day 1 is `departure_date`.
    ///
    /// # Errors
    /// When the local time does not exist, is ambiguous without an offset, or the offset does
    /// not fit.
    pub fn resolve(
        &self,
        departure_date: NaiveDate,
        tz: Tz,
    ) -> Result<DateTime<Utc>, ResolveError> {
        let date = departure_date
            .checked_add_signed(Duration::days(i64::from(self.day) - 1))
            .ok_or(ResolveError::OutOfRange)?;
        let local = date.and_time(self.time);
        let candidates: Vec<DateTime<Tz>> = match tz.from_local_datetime(&local) {
            LocalResult::None => return Err(ResolveError::Nonexistent),
            LocalResult::Single(t) => vec![t],
            LocalResult::Ambiguous(a, b) => vec![a, b],
        };
        let offset_of = |t: &DateTime<Tz>| t.fixed_offset().offset().to_owned();
        match (self.offset, candidates.as_slice()) {
            (None, [only]) => Ok(only.with_timezone(&Utc)),
            (None, [a, b]) => Err(ResolveError::Ambiguous {
                offsets: [offset_of(a), offset_of(b)],
            }),
            (Some(wanted), _) => candidates
                .iter()
                .find(|t| offset_of(t) == wanted)
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| ResolveError::OffsetMismatch {
                    valid: candidates.iter().map(offset_of).collect(),
                }),
            (None, _) => Err(ResolveError::Nonexistent),
        }
    }
}

fn parse_clock(text: &str) -> Result<NaiveTime, String> {
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len())
        || fields
            .iter()
            .any(|f| f.len() != 2 || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "the clock time {text:?} is not HH:MM or HH:MM:SS (two digits each)"
        ));
    }
    let number = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (hour, minute, second) = (number(0), number(1), number(2));
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "the clock time {text:?} is out of range: hours run 00–23, minutes and seconds 00–59"
        ));
    }
    NaiveTime::from_hms_opt(hour, minute, second)
        .ok_or_else(|| format!("the clock time {text:?} is not valid"))
}

fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    let bad = || format!("the offset {text:?} is not like +09:00 or -06:00");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let hours: i32 = h.parse().map_err(|_| bad())?;
    let minutes: i32 = m.parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// Format a UTC offset as `+10:00`.
#[must_use]
pub fn format_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_the_documented_forms() {
        let t = DayTime::parse("day 1 10:30").unwrap();
        assert_eq!(
            (t.day, t.time.to_string(), t.offset),
            (1, "10:30:00".into(), None)
        );
        let t = DayTime::parse("day 12 01:30:15 -06:00").unwrap();
        assert_eq!(t.day, 12);
        assert_eq!(t.offset, FixedOffset::west_opt(6 * 3600));
    }

    #[test]
    fn rejects_malformed_times_with_a_reason() {
        for (input, needle) in [
            ("day 0 10:00", "out of range"),
            ("day -1 10:00", "out of range"),
            ("day 1 25:61", "out of range"),
            ("day one 10:00", "not a whole number"),
            ("10:00", "start with"),
            ("day 2", "missing"),
            ("day 2 9:00", "two digits"),
            ("day 2 09:00 +9", "offset"),
            ("day 2 09:00 +09:00 x", "unexpected"),
        ] {
            let err = DayTime::parse(input).unwrap_err();
            assert!(err.contains(needle), "{input}: {err}");
        }
    }

    #[test]
    fn a_timetable_may_have_days_0_and_minus_1_and_no_earlier() {
        let t = DayTime::parse_timetable("day 0 23:40").unwrap();
        let utc = t.resolve(date(2025, 6, 17), chrono_tz::Europe::Kaliningrad);
        assert_eq!(
            utc.map(|u| u.to_rfc3339()),
            Ok("2025-06-16T21:40:00+00:00".into())
        );
        assert_eq!(DayTime::parse_timetable("day -1 22:40").unwrap().day, -1);
        let e = DayTime::parse_timetable("day -2 10:00").unwrap_err();
        assert!(e.contains("out of range") && e.contains("0 and -1"), "{e}");
    }

    #[test]
    fn resolves_local_time_through_the_iana_zone() {
        let t = DayTime::parse("day 2 07:00").unwrap();
        let utc = t.resolve(date(2025, 6, 17), chrono_tz::Asia::Vladivostok);
        assert_eq!(
            utc.map(|u| u.to_rfc3339()),
            Ok("2025-06-17T21:00:00+00:00".into())
        );
    }

    #[test]
    fn spring_forward_gap_is_nonexistent() {
        // Chicago skipped 02:00–03:00 on 9 March 2025.
        let t = DayTime::parse("day 1 02:30").unwrap();
        assert_eq!(
            t.resolve(date(2025, 3, 9), chrono_tz::America::Chicago),
            Err(ResolveError::Nonexistent)
        );
    }

    #[test]
    fn fall_back_fold_needs_an_offset() {
        // Chicago repeated 01:00–02:00 on 2 November 2025.
        let plain = DayTime::parse("day 1 01:30").unwrap();
        assert!(matches!(
            plain.resolve(date(2025, 11, 2), chrono_tz::America::Chicago),
            Err(ResolveError::Ambiguous { .. })
        ));
        let early = DayTime::parse("day 1 01:30 -05:00").unwrap();
        let late = DayTime::parse("day 1 01:30 -06:00").unwrap();
        let chicago = chrono_tz::America::Chicago;
        let (a, b) = (
            early.resolve(date(2025, 11, 2), chicago),
            late.resolve(date(2025, 11, 2), chicago),
        );
        assert_eq!(
            a.map(|t| t.to_rfc3339()),
            Ok("2025-11-02T06:30:00+00:00".into())
        );
        assert_eq!(
            b.map(|t| t.to_rfc3339()),
            Ok("2025-11-02T07:30:00+00:00".into())
        );
        let wrong = DayTime::parse("day 1 01:30 +09:00").unwrap();
        assert!(matches!(
            wrong.resolve(date(2025, 11, 2), chicago),
            Err(ResolveError::OffsetMismatch { .. })
        ));
    }

    #[test]
    fn formats_offsets() {
        assert_eq!(
            format_offset(FixedOffset::east_opt(36_000).unwrap()),
            "+10:00"
        );
        assert_eq!(
            format_offset(FixedOffset::west_opt(5 * 3600 + 1800).unwrap()),
            "-05:30"
        );
    }
}
