//! Lengths of time as people write them on a command line: `90`, `90s`, `1.5s`, `5m`, `1h30m`,
//! `2h`, `1d`.
//!
//! The forms accepted:
//! - a bare number is seconds: `90`, `2.5`;
//! - otherwise one or more NUMBER UNIT parts, with the units `d` (days of 24 h), `h`, `m` and
//!   `s`, largest first and each at most once: `1d12h`, `1h30m`, `5m30s`;
//! - a number is digits, optionally with a decimal point and up to 9 digits after it (`1.5s`,
//!   `0.25h`); the result is exact to the nanosecond (no floating point is involved);
//! - spaces around the whole are ignored; spaces inside are not accepted.
//!
//! Zero is a valid duration here; callers that need more than zero check for it.

use std::time::Duration;

use crate::util::text::quote;

/// The units, largest first, with their length in seconds.
const UNITS: [(char, u64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

/// Examples quoted in every error message.
const EXAMPLES: &str = "write e.g. 90, 90s, 1.5s, 5m, 1h30m or 1d";

/// Parse a duration such as `90`, `90s`, `1.5s`, `5m`, `1h30m`, `2h` or `1d`.
///
/// # Errors
/// A message quoting the text, saying what is wrong with it and showing the forms accepted:
/// empty, negative, an unknown or misplaced unit, a malformed number, or a duration too long
/// to represent.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("the duration is empty: {EXAMPLES}"));
    }
    if t.starts_with('-') {
        return Err(bad(text, "a duration cannot be negative"));
    }
    if t.contains(char::is_whitespace) {
        return Err(bad(text, "write it without spaces"));
    }
    if t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return amount(text, t, 1);
    }
    let mut rest = t;
    let mut total = Duration::ZERO;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let (number, unit, after) = split_part(text, rest)?;
        let index = UNITS
            .iter()
            .position(|(u, _)| *u == unit)
            .ok_or_else(|| bad(text, &format!("'{unit}' is not a unit: use d, h, m or s")))?;
        if index < next_unit {
            return Err(bad(
                text,
                "the units go from the largest to the smallest (d, h, m, s), each at most once",
            ));
        }
        next_unit = index + 1;
        total = total
            .checked_add(amount(text, number, UNITS[index].1)?)
            .ok_or_else(|| too_long(text))?;
        rest = after;
    }
    Ok(total)
}

/// Split `rest` into its first number, the unit character after it, and what follows.
fn split_part<'a>(text: &str, rest: &'a str) -> Result<(&'a str, char, &'a str), String> {
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| bad(text, &format!("{} has no unit after it", quote(rest))))?;
    let (number, after) = rest.split_at(end);
    let mut chars = after.chars();
    let Some(unit) = chars.next() else {
        return Err(bad(text, &format!("{} has no unit after it", quote(rest))));
    };
    if number.is_empty() {
        return Err(bad(text, &format!("a number must come before '{unit}'")));
    }
    Ok((number, unit, chars.as_str()))
}

/// `number` (digits, optionally a point and up to 9 more digits) times `unit_secs` seconds.
fn amount(text: &str, number: &str, unit_secs: u64) -> Result<Duration, String> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (number.contains('.') && !digits(fraction)) {
        return Err(bad(
            text,
            &format!("{} is not a number such as 5 or 1.5", quote(number)),
        ));
    }
    if fraction.len() > 9 {
        return Err(bad(text, "use at most 9 digits after the decimal point"));
    }
    let whole: u64 = whole.parse().map_err(|_| too_long(text))?;
    let secs = whole.checked_mul(unit_secs).ok_or_else(|| too_long(text))?;
    // At most 9 digits, so these fit: the numerator is below 10^9 × 86,400 × 10^9.
    let fraction_value: u128 = fraction.parse().unwrap_or(0);
    let scale = 10u128.pow(u32::try_from(fraction.len()).unwrap_or(0));
    let nanos = fraction_value * u128::from(unit_secs) * 1_000_000_000 / scale;
    let nanos = u64::try_from(nanos).map_err(|_| too_long(text))?;
    Duration::from_secs(secs)
        .checked_add(Duration::from_nanos(nanos))
        .ok_or_else(|| too_long(text))
}

fn bad(text: &str, why: &str) -> String {
    format!("{} is not a duration: {why}; {EXAMPLES}", quote(text))
}

fn too_long(text: &str) -> String {
    format!(
        "the duration {} is too long to represent: {EXAMPLES}",
        quote(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn bare_numbers_are_seconds() {
        assert_eq!(parse_duration("90"), Ok(secs(90)));
        assert_eq!(parse_duration(" 90 "), Ok(secs(90)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("2.5"), Ok(Duration::from_millis(2500)));
    }

    #[test]
    fn units_and_their_combinations() {
        assert_eq!(parse_duration("90s"), Ok(secs(90)));
        assert_eq!(parse_duration("5m"), Ok(secs(300)));
        assert_eq!(parse_duration("2h"), Ok(secs(7200)));
        assert_eq!(parse_duration("1d"), Ok(secs(86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(secs(5400)));
        assert_eq!(parse_duration("1d2h3m4s"), Ok(secs(93_784)));
        assert_eq!(parse_duration("5m0s"), Ok(secs(300)));
    }

    #[test]
    fn fractions_are_exact() {
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0.25h"), Ok(secs(900)));
        assert_eq!(parse_duration("0.1s"), Ok(Duration::from_millis(100)));
        assert_eq!(parse_duration("0.000000001s"), Ok(Duration::from_nanos(1)));
        assert_eq!(parse_duration("1.5d"), Ok(secs(129_600)));
    }

    #[test]
    fn empty_and_negative_are_refused_with_the_forms_allowed() {
        for text in ["", "   "] {
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains("empty") && e.contains("1h30m"), "{e}");
        }
        let e = parse_duration("-5s").unwrap_err();
        assert!(e.contains("\"-5s\"") && e.contains("negative"), "{e}");
    }

    #[test]
    fn malformed_text_names_the_problem() {
        for (text, says) in [
            ("5x", "'x' is not a unit"),
            ("5M", "'M' is not a unit"),
            ("1h30", "\"30\" has no unit"),
            ("h", "a number must come before 'h'"),
            ("30m1h", "largest to the smallest"),
            ("1m1m", "largest to the smallest"),
            ("1..5s", "not a number"),
            (".5s", "not a number"),
            ("5.s", "not a number"),
            ("1.2.3", "not a number"),
            ("1h 30m", "without spaces"),
            ("1.0000000001s", "9 digits"),
            ("five", "a number must come before 'f'"),
        ] {
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
            assert!(e.contains(&quote(text)), "{text}: {e}");
        }
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        for text in [
            "99999999999999999999999s",
            "18446744073709551615d",
            "213503982334601d8h",
            "213503982334602d",
        ] {
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains("too long"), "{text}: {e}");
        }
        assert_eq!(
            parse_duration("18446744073709551615"),
            Ok(secs(u64::MAX)),
            "the largest whole number of seconds still fits"
        );
    }
}
