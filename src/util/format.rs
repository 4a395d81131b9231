//! Numbers, lengths of time and instants as the app writes them, in one place for every view
//! and output: the screen, the headless commands, hooks and recordings.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use chrono_tz::Tz;

/// `10,287` (thousands separated), `2.5`.
#[must_use]
pub fn format_number(value: f64) -> String {
    if value.fract().abs() > 1e-9 {
        return format!("{value:.1}");
    }
    let digits = format!("{}", value.abs() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

/// `600×`, `1.5×`.
#[must_use]
pub fn speed_text(speed: f64) -> String {
    if speed.fract() == 0.0 || speed >= 10.0 {
        format!("{}×", format_number(speed.round()))
    } else {
        format!("{speed:.1}×")
    }
}

/// `8 d 10 h 40 min`, `5 h 07 min`, `12 min`.
#[must_use]
pub fn duration_text(d: Duration) -> String {
    let total = d.num_minutes().max(0);
    let (days, hours, mins) = (total / 1440, total / 60 % 24, total % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins:02} min"),
        _ => format!("{days} d {hours:02} h {mins:02} min"),
    }
}

/// A run time between stops, to the second when under an hour: `5 h 07 min`, `12 min 05 s`.
#[must_use]
pub fn run_time_text(d: Duration) -> String {
    let m = d.num_minutes();
    if m >= 60 {
        format!("{} h {:02} min", m / 60, m % 60)
    } else {
        format!("{} min {:02} s", m, d.num_seconds() % 60)
    }
}

/// A dwell at a stop, as every length of time is written: `5 min`, `4 h 20 min`.
#[must_use]
pub fn dwell_text(minutes: i64) -> String {
    duration_text(Duration::minutes(minutes))
}

/// RFC 3339 with seconds and the zone's offset.
#[must_use]
pub fn rfc3339_in(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(Duration::minutes(12)), "12 min");
        assert_eq!(duration_text(Duration::minutes(307)), "5 h 07 min");
        assert_eq!(
            duration_text(Duration::minutes(8 * 1440 + 10 * 60 + 40)),
            "8 d 10 h 40 min"
        );
        assert_eq!(duration_text(Duration::minutes(-5)), "0 min");
        assert_eq!(run_time_text(Duration::seconds(725)), "12 min 05 s");
        assert_eq!(run_time_text(Duration::minutes(307)), "5 h 07 min");
    }

    #[test]
    fn numbers_and_speeds() {
        assert_eq!(format_number(10_287.0), "10,287");
        assert_eq!(format_number(-1_234_567.0), "-1,234,567");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(speed_text(600.0), "600×");
        assert_eq!(speed_text(1.5), "1.5×");
        assert_eq!(dwell_text(260), "4 h 20 min");
        assert_eq!(dwell_text(5), "5 min");
    }
}
