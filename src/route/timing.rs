//! Validation of the stops' times: present where needed, well formed, existing in the stop's
//! zone, ordered in absolute time, and at believable speeds.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use toml::Spanned;

use super::checker::{Checker, Field, field, stop_subject};
use super::daytime::{DayTime, ResolveError, format_offset};
use super::model::Stop;
use super::raw::RawStop;
use crate::util::format::run_time_text as duration_text;
use crate::util::text;

/// Fastest average speed allowed between two stops, km/h (faster than any passenger train).
pub const MAX_SPEED_KMH: f64 = 400.0;

const TIME_HELP: &str = "write the local time at the stop as \"day N HH:MM\" (day 1 is the departure date), e.g. \"day 3 07:00\"";

/// Resolve every stop's times into `stops` and check their order and speeds.
pub fn check_times(
    ck: &mut Checker<'_>,
    raw: &[Spanned<RawStop>],
    stops: &mut [Stop],
    date: NaiveDate,
) {
    let last = raw.len().saturating_sub(1);
    for (i, (rs, stop)) in raw.iter().zip(stops.iter_mut()).enumerate() {
        let subject = stop_subject(i, Some(&stop.name));
        let r = rs.get_ref();
        let (needs_arrive, needs_depart) = (i != 0, i != last);
        stop.arrive = one_time(
            ck,
            r.arrive.as_ref(),
            needs_arrive,
            &rs.span(),
            &subject,
            "arrive",
            date,
            stop.tz,
        );
        stop.depart = one_time(
            ck,
            r.depart.as_ref(),
            needs_depart,
            &rs.span(),
            &subject,
            "depart",
            date,
            stop.tz,
        );
    }
    if ck.failed() {
        return;
    }
    check_order(ck, raw, stops);
}

#[allow(clippy::too_many_arguments)] // one call site; grouping these would only add a struct
fn one_time(
    ck: &mut Checker<'_>,
    value: Option<&Spanned<String>>,
    needed: bool,
    table: &std::ops::Range<usize>,
    subject: &str,
    key: &str,
    date: NaiveDate,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let Some(value) = value else {
        if needed {
            ck.error(
                Some(table.clone()),
                subject,
                format!("the key '{key}' is missing"),
                TIME_HELP,
            );
        }
        return None;
    };
    let subject = field(subject, key);
    if !needed {
        let (which, other) = if key == "arrive" {
            ("first", "depart")
        } else {
            ("last", "arrive")
        };
        ck.error(
            Some(value.span()),
            subject,
            format!("the {which} stop cannot have '{key}'"),
            format!("remove '{key}': the {which} stop only has '{other}'"),
        );
        return None;
    }
    resolve_time(ck, value, subject, date, tz)
}

/// A time as written, `day N HH:MM` with an optional offset, as an instant: it must parse,
/// and exist once in `tz` (or have its offset say which).
fn resolve_time(
    ck: &mut Checker<'_>,
    value: &Spanned<String>,
    subject: Field<'_>,
    date: NaiveDate,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let input = value.get_ref();
    let parsed = match DayTime::parse_timetable(input) {
        Ok(t) => t,
        Err(why) => {
            ck.error(
                Some(value.span()),
                subject,
                format!("{} is not a valid time: {why}", text::quote(input)),
                TIME_HELP,
            );
            return None;
        }
    };
    match parsed.resolve(date, tz) {
        Ok(t) => Some(t),
        Err(e) => {
            let when = local_when(date, parsed);
            let (message, help) = resolve_message(&e, &when, tz, parsed);
            ck.error(
                Some(value.span()),
                subject,
                format!("{}{message}", text::quote(input)),
                help,
            );
            None
        }
    }
}

/// ` (YYYY-MM-DD HH:MM:SS)`, the local date and time `t` stands for, or nothing when its day
/// is out of range.
fn local_when(date: NaiveDate, t: DayTime) -> String {
    let local = date
        .checked_add_signed(Duration::days(i64::from(t.day) - 1))
        .map(|d| d.and_time(t.time));
    local.map_or_else(String::new, |l| {
        format!(" ({})", l.format("%Y-%m-%d %H:%M:%S"))
    })
}

fn resolve_message(e: &ResolveError, when: &str, tz: Tz, t: DayTime) -> (String, String) {
    let clock = t.time.format("%H:%M");
    match e {
        ResolveError::OutOfRange => (
            " is too far from the departure date".into(),
            "use a smaller day number".into(),
        ),
        ResolveError::Nonexistent => (
            format!(
                "{when} does not exist in {}: the clocks skip it when daylight saving starts",
                tz.name()
            ),
            "move the time out of the skipped hour (local clocks jump forward there)".into(),
        ),
        ResolveError::Ambiguous { offsets: [a, b] } => (
            format!(
                "{when} happens twice in {} (at {} and at {}) as the clocks go back",
                tz.name(),
                format_offset(*a),
                format_offset(*b)
            ),
            format!(
                "add the offset of the one you mean: \"day {} {clock} {}\" or \"day {} {clock} {}\"",
                t.day,
                format_offset(*a),
                t.day,
                format_offset(*b)
            ),
        ),
        ResolveError::OffsetMismatch { valid } => {
            let list: Vec<String> = valid.iter().map(|o| format_offset(*o)).collect();
            (
                format!(
                    "{when}: that offset is not one {} has at this local time",
                    tz.name()
                ),
                format!("use {} or leave the offset out", list.join(" or ")),
            )
        }
    }
}

fn check_order(ck: &mut Checker<'_>, raw: &[Spanned<RawStop>], stops: &[Stop]) {
    for (i, stop) in stops.iter().enumerate() {
        let r = raw[i].get_ref();
        let subject = stop_subject(i, Some(&stop.name));
        if let (Some(arr), Some(dep)) = (stop.arrive, stop.depart)
            && dep < arr
        {
            ck.error(
                r.depart.as_ref().map(Spanned::span),
                field(&subject, "depart"),
                format!(
                    "the departure {} is before the arrival {}",
                    utc(dep),
                    utc(arr)
                ),
                "a train leaves after it arrives: check the day numbers and times",
            );
        }
        let Some(prev) = i.checked_sub(1).and_then(|p| stops.get(p)) else {
            continue;
        };
        let (Some(prev_dep), Some(arr)) = (prev.depart, stop.arrive) else {
            continue;
        };
        let span = r.arrive.as_ref().map(Spanned::span);
        if arr <= prev_dep {
            ck.error(span, field(&subject, "arrive"), format!("the arrival {} is not after the departure from {} at {}", utc(arr), text::quote(&prev.name), utc(prev_dep)), "times are local to each stop; in absolute time each arrival must come after the previous departure");
            continue;
        }
        let hours = (arr - prev_dep).num_seconds() as f64 / 3600.0;
        let speed = (stop.km - prev.km) / hours;
        if speed > MAX_SPEED_KMH {
            ck.error(
                span,
                field(&subject, "arrive"),
                format!(
                    "reaching it from {} means {:.0} km/h on average ({:.1} km in {})",
                    text::quote(&prev.name),
                    speed,
                    stop.km - prev.km,
                    duration_text(arr - prev_dep)
                ),
                format!(
                    "no train averages over {MAX_SPEED_KMH:.0} km/h: check the km and the times"
                ),
            );
        }
    }
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}
