//! Turn a [`RawFile`] into a [`Route`], one small rule at a time.
//!
//! Phases run in order and stop at the first phase with errors, so that a later rule never
//! reports a consequence of an earlier mistake: the `[route]` table, the stops' own fields, the
//! zones' names and the clocks; then the times; then the zones against the stops, and the
//! events. Every problem found is reported in file order.

use std::ops::{Range, RangeInclusive};

use chrono::{NaiveDate, Weekday};
use toml::Spanned;

use super::checker::{Checker, field, stop_subject};
use super::model::{Route, Stop};
use super::raw::{RawFile, RawMeta, RawStop};
use super::{clocks, timing, zoning};
use crate::util::diag::Diagnostics;
use crate::util::text;

/// Longest name, in characters.
pub const MAX_NAME: usize = 80;
/// Longest description or note, in characters.
pub const MAX_TEXT: usize = 2000;
/// Whole-file span used when a problem has no better place.
const TOP: Range<usize> = 0..0;

/// The `[route]` table after validation.
pub struct Meta {
    id: String,
    name: String,
    description: Option<String>,
    departure_date: NaiveDate,
    service_days: Vec<u32>,
    service_weekdays: Vec<Weekday>,
    first_service: Option<NaiveDate>,
}

/// Validate a parsed route file. `date` replaces `departure_date` when given.
///
/// # Errors
/// Every problem found, each with its place in the file.
pub fn validate(
    raw: &RawFile,
    file: &str,
    source: &str,
    date: Option<NaiveDate>,
) -> Result<Route, Diagnostics> {
    let mut ck = Checker::new(file, source);
    let meta = check_meta(&mut ck, raw.route.as_ref(), date);
    let stops = check_stops(&mut ck, &raw.stops);
    // What stands on its own is checked with the stops' fields, so one run names every such
    // mistake: the zones' names, and the clocks.
    zoning::check_zone_names(&mut ck, &raw.zones);
    let clocks = clocks::check_clocks(&mut ck, &raw.clocks);
    let (Some(meta), Some(mut stops)) = (meta, stops) else {
        return Err(ck.fail());
    };
    if ck.failed() {
        return Err(ck.fail());
    }
    timing::check_times(&mut ck, &raw.stops, &mut stops, meta.departure_date);
    if ck.failed() {
        return Err(ck.fail());
    }
    let zones = zoning::check_zones(&mut ck, &raw.zones, &raw.stops, &stops);
    let events = zoning::check_events(&mut ck, &raw.events, &stops);
    let route = Route {
        id: meta.id,
        name: meta.name,
        description: meta.description,
        departure_date: meta.departure_date,
        service_days: meta.service_days,
        service_weekdays: meta.service_weekdays,
        first_service: meta.first_service,
        clocks,
        stops,
        zones,
        events,
        source: file.to_owned(),
    };
    ck.finish(route)
}

/// The `[route]` table: present, its required keys set, and each key valid.
fn check_meta(
    ck: &mut Checker<'_>,
    meta: Option<&Spanned<RawMeta>>,
    date: Option<NaiveDate>,
) -> Option<Meta> {
    let Some(meta) = meta else {
        ck.error(
            Some(TOP),
            "",
            "the [route] table is missing",
            "start the file with [route] holding id, name and departure_date",
        );
        return None;
    };
    let span = meta.span();
    let m = meta.get_ref();
    let id = meta_id(ck, m, &span);
    let name = meta_name(ck, m, &span);
    let description = m
        .description
        .as_ref()
        .and_then(|d| ck.text(d, field("[route]", "description"), MAX_TEXT));
    let parsed_date = meta_date(ck, m, &span);
    let service_days = m
        .service_days
        .as_ref()
        .map_or_else(|| Some(Vec::new()), |d| check_service_days(ck, d));
    let service_weekdays = m
        .service_weekdays
        .as_ref()
        .map_or_else(|| Some(Vec::new()), |d| check_service_weekdays(ck, d));
    let first_service = match &m.first_service {
        Some(v) => Some(check_first_service(ck, v, parsed_date, date.is_some())?),
        None => None,
    };
    Some(Meta {
        id: id?,
        name: name?,
        description,
        departure_date: date.or(parsed_date)?,
        service_days: service_days?,
        service_weekdays: service_weekdays?,
        first_service,
    })
}

/// `[route] first_service`: a date, and not after the file's own departure date (a date
/// given with `--date` is the calendar's to check, with the service days).
fn check_first_service(
    ck: &mut Checker<'_>,
    value: &Spanned<toml::Value>,
    departure: Option<NaiveDate>,
    overridden: bool,
) -> Option<NaiveDate> {
    let first = check_date(
        ck,
        value,
        "first_service",
        "write the first date the service ran as \"YYYY-MM-DD\", e.g. first_service = \"2025-06-17\"",
    )?;
    if let Some(departure) = departure.filter(|d| *d < first && !overridden) {
        ck.error(
            Some(value.span()),
            field("[route]", "first_service"),
            format!("the first service, {first}, is after the departure_date {departure}"),
            "the departure_date is a run of the service: make first_service that date or an earlier one",
        );
        return None;
    }
    Some(first)
}

/// `[route] id`: required, and a valid id.
fn meta_id(ck: &mut Checker<'_>, m: &RawMeta, span: &Range<usize>) -> Option<String> {
    ck.require(
        &m.id,
        span,
        "[route]",
        "id",
        "add id = \"my-route\" (lower-case letters, digits and '-')",
    )
    .and_then(|id| check_id(ck, id))
}

/// `[route] name`: required, and safe text.
fn meta_name(ck: &mut Checker<'_>, m: &RawMeta, span: &Range<usize>) -> Option<String> {
    ck.require(&m.name, span, "[route]", "name", "add name = \"From → To\"")
        .and_then(|n| ck.text(n, field("[route]", "name"), MAX_NAME))
}

/// `[route] departure_date`: required, and a date (even when `--date` replaces it).
fn meta_date(ck: &mut Checker<'_>, m: &RawMeta, span: &Range<usize>) -> Option<NaiveDate> {
    ck.require(
        &m.departure_date,
        span,
        "[route]",
        "departure_date",
        "add departure_date = \"2025-06-17\" (the local date at the first stop)",
    )
    .and_then(|d| {
        check_date(
            ck,
            d,
            "departure_date",
            "write the local date of departure at the first stop as \"YYYY-MM-DD\", e.g. \"2025-06-17\"",
        )
    })
}

/// Whether `s` is a route id: 1 to 64 lower-case ASCII letters, digits and `-`.
#[must_use]
pub fn is_route_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_id(ck: &mut Checker<'_>, id: &Spanned<String>) -> Option<String> {
    let s = id.get_ref();
    if !is_route_id(s) {
        ck.error(
            Some(id.span()),
            field("[route]", "id"),
            format!("the id {} is not allowed", text::quote(s)),
            "use 1 to 64 lower-case letters, digits and '-', e.g. \"pyongyang-moscow\"",
        );
        return None;
    }
    Some(s.clone())
}

fn check_date(
    ck: &mut Checker<'_>,
    value: &Spanned<toml::Value>,
    key: &str,
    help: &str,
) -> Option<NaiveDate> {
    let text_form = match value.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        other => other.to_string(),
    };
    match NaiveDate::parse_from_str(&text_form, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            ck.error(
                Some(value.span()),
                field("[route]", key),
                format!("{} is not a date", text::quote(&text_form)),
                help,
            );
            None
        }
    }
}

fn check_service_days(ck: &mut Checker<'_>, days: &Spanned<Vec<Spanned<i64>>>) -> Option<Vec<u32>> {
    let mut out: Vec<u32> = Vec::new();
    for day in days.get_ref() {
        let d = *day.get_ref();
        match u32::try_from(d) {
            Ok(d) if (1..=31).contains(&d) && !out.contains(&d) => out.push(d),
            _ => {
                ck.error(
                    Some(day.span()),
                    field("[route]", "service_days"),
                    format!("{d} is not a new day of the month"),
                    "list distinct days from 1 to 31, e.g. service_days = [3, 17]",
                );
                return None;
            }
        }
    }
    out.sort_unstable();
    Some(out)
}

/// The names `service_weekdays` accepts (in any case), Monday first.
const WEEKDAY_NAMES: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// How to write `service_weekdays`, for its diagnostics.
const WEEKDAYS_HELP: &str = "write distinct three-letter English day names (mon tue wed thu fri sat sun, any case), e.g. service_weekdays = [\"mon\", \"wed\", \"fri\"]";

/// Every entry is checked, so that one run reports every bad name and every repeat.
fn check_service_weekdays(
    ck: &mut Checker<'_>,
    days: &Spanned<Vec<Spanned<String>>>,
) -> Option<Vec<Weekday>> {
    let mut seen: Vec<(Weekday, &str)> = Vec::new();
    let mut ok = true;
    for day in days.get_ref() {
        let name = day.get_ref();
        let Some(weekday) = weekday_from_name(name) else {
            report_unknown_weekday(ck, day);
            ok = false;
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(w, _)| *w == weekday) {
            ck.error(
                Some(day.span()),
                field("[route]", "service_weekdays"),
                format!(
                    "{} is listed twice (the same day as {} before it)",
                    text::quote(name),
                    text::quote(first)
                ),
                WEEKDAYS_HELP,
            );
            ok = false;
            continue;
        }
        seen.push((weekday, name));
    }
    let mut out: Vec<Weekday> = seen.into_iter().map(|(w, _)| w).collect();
    out.sort_unstable_by_key(|w| w.num_days_from_monday());
    ok.then_some(out)
}

/// The weekday a three-letter English name (any case) stands for.
fn weekday_from_name(name: &str) -> Option<Weekday> {
    WEEKDAY_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, w)| w)
}

fn report_unknown_weekday(ck: &mut Checker<'_>, day: &Spanned<String>) {
    let name = day.get_ref();
    // A full or longer name ("Monday", "tues") gets its three-letter form suggested.
    let hint = name
        .get(..3)
        .filter(|_| name.len() > 3)
        .and_then(|prefix| {
            WEEKDAY_NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(prefix))
        })
        .map_or_else(String::new, |(n, _)| format!(" (did you mean \"{n}\"?)"));
    ck.error(
        Some(day.span()),
        field("[route]", "service_weekdays"),
        format!("{} is not a day of the week{hint}", text::quote(name)),
        WEEKDAYS_HELP,
    );
}

fn check_stops(ck: &mut Checker<'_>, raw: &[Spanned<RawStop>]) -> Option<Vec<Stop>> {
    if raw.len() < 2 {
        let span = raw.first().map_or(TOP, Spanned::span);
        ck.error(
            Some(span),
            "",
            format!("the route has {} stop(s); it needs at least two", raw.len()),
            "add [[stops]] tables for the first and the last stop at least",
        );
        return None;
    }
    let mut stops = Vec::with_capacity(raw.len());
    for (i, stop) in raw.iter().enumerate() {
        stops.push(check_stop(ck, i, stop));
    }
    check_names_unique(ck, raw);
    check_km_increasing(ck, raw);
    if let Some(last) = raw.last()
        && let Some(via) = last.get_ref().via.as_ref().filter(|v| !v.is_empty())
    {
        let subject = stop_subject(
            raw.len() - 1,
            last.get_ref().name.as_ref().map(|n| n.get_ref().as_str()),
        );
        ck.error(
            via.first().map(Spanned::span),
            field(&subject, "via"),
            "the last stop has waypoints, but no next stop to lead to",
            "remove 'via' from the last stop: waypoints describe the way to the next stop",
        );
    }
    stops.into_iter().collect()
}

/// One `[[stops]]` entry's own fields; its times are checked later, in [`timing`].
fn check_stop(ck: &mut Checker<'_>, i: usize, stop: &Spanned<RawStop>) -> Option<Stop> {
    let span = stop.span();
    let s = stop.get_ref();
    let subject = stop_subject(i, s.name.as_ref().map(|n| n.get_ref().as_str()));
    let name = ck
        .require(&s.name, &span, &subject, "name", "add name = \"Station\"")
        .and_then(|n| ck.text(n, field(&subject, "name"), MAX_NAME));
    let local_name = s
        .local_name
        .as_ref()
        .and_then(|n| ck.text(n, field(&subject, "local_name"), MAX_NAME));
    let note = s
        .note
        .as_ref()
        .and_then(|n| ck.text(n, field(&subject, "note"), MAX_TEXT));
    let km = stop_number(ck, &s.km, &span, &subject, &KM);
    let lat = stop_number(ck, &s.lat, &span, &subject, &LAT);
    let lon = stop_number(ck, &s.lon, &span, &subject, &LON);
    let tz = ck
        .require(
            &s.tz,
            &span,
            &subject,
            "tz",
            "add tz = \"Area/City\" (an IANA zone)",
        )
        .and_then(|v| ck.zone(v, field(&subject, "tz")));
    Some(Stop {
        name: name?,
        local_name,
        km: km?,
        lat: lat?,
        lon: lon?,
        tz: tz?,
        arrive: None,
        depart: None,
        note,
        major: s.major.unwrap_or(false),
        via: check_via(ck, s.via.as_deref().unwrap_or_default(), &subject)?,
    })
}

/// A number every stop has: its key, its range, and the help for each way to get it wrong.
struct StopNumber {
    key: &'static str,
    range: RangeInclusive<f64>,
    missing_help: &'static str,
    range_help: &'static str,
}

/// A stop's `km`.
const KM: StopNumber = StopNumber {
    key: "km",
    range: 0.0..=100_000.0,
    missing_help: "add km = <distance from the first stop>",
    range_help: "km is the distance from the first stop, from 0 to 100000",
};

/// A stop's `lat`.
const LAT: StopNumber = StopNumber {
    key: "lat",
    range: -90.0..=90.0,
    missing_help: "add lat = <latitude in degrees, north positive>",
    range_help: "latitude is in degrees, -90 (south) to 90 (north)",
};

/// A stop's `lon`.
const LON: StopNumber = StopNumber {
    key: "lon",
    range: -180.0..=180.0,
    missing_help: "add lon = <longitude in degrees, east positive>",
    range_help: "longitude is in degrees, -180 (west) to 180 (east)",
};

/// The stop's number `rule.key`: present (else reported at the stop's table), finite and in
/// range.
fn stop_number(
    ck: &mut Checker<'_>,
    value: &Option<Spanned<f64>>,
    table: &Range<usize>,
    subject: &str,
    rule: &StopNumber,
) -> Option<f64> {
    ck.require(value, table, subject, rule.key, rule.missing_help)
        .and_then(|v| {
            ck.number(
                v,
                field(subject, rule.key),
                rule.range.clone(),
                rule.range_help,
            )
        })
}

fn check_via(
    ck: &mut Checker<'_>,
    via: &[Spanned<Vec<Spanned<f64>>>],
    subject: &str,
) -> Option<Vec<(f64, f64)>> {
    let mut points = Vec::with_capacity(via.len());
    let help =
        "write waypoints as [lat, lon] pairs in degrees: via = [[51.9, 104.8], [51.7, 104.1]]";
    for point in via {
        let [lat, lon] = point.get_ref().as_slice() else {
            ck.error(
                Some(point.span()),
                field(subject, "via"),
                format!(
                    "a waypoint has {} numbers; it needs two, [lat, lon]",
                    point.get_ref().len()
                ),
                help,
            );
            return None;
        };
        let lat = ck.number(
            lat,
            field(subject, "via"),
            -90.0..=90.0,
            "latitude is -90 to 90; waypoints are [lat, lon]",
        )?;
        let lon = ck.number(
            lon,
            field(subject, "via"),
            -180.0..=180.0,
            "longitude is -180 to 180; waypoints are [lat, lon]",
        )?;
        points.push((lat, lon));
    }
    Some(points)
}

fn check_names_unique(ck: &mut Checker<'_>, raw: &[Spanned<RawStop>]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, stop) in raw.iter().enumerate() {
        let Some(name) = &stop.get_ref().name else {
            continue;
        };
        let key = name.get_ref().to_lowercase();
        if let Some(first) = seen.get(&key) {
            ck.error(
                Some(name.span()),
                field(&stop_subject(i, Some(name.get_ref())), "name"),
                format!(
                    "the name {} is already used by stop {}",
                    text::quote(name.get_ref()),
                    first + 1
                ),
                "give every stop a distinct name (seeking and shared lines find stops by name)",
            );
        } else {
            seen.insert(key, i);
        }
    }
}

fn check_km_increasing(ck: &mut Checker<'_>, raw: &[Spanned<RawStop>]) {
    let km_of = |s: &Spanned<RawStop>| {
        s.get_ref()
            .km
            .as_ref()
            .map(|k| *k.get_ref())
            .filter(|k| k.is_finite())
    };
    for (i, pair) in raw.windows(2).enumerate() {
        let (Some(prev), Some(next)) = (km_of(&pair[0]), km_of(&pair[1])) else {
            continue;
        };
        if next <= prev {
            let stop = pair[1].get_ref();
            let subject = stop_subject(i + 1, stop.name.as_ref().map(|n| n.get_ref().as_str()));
            let span = stop.km.as_ref().map(Spanned::span);
            ck.error(span, field(&subject, "km"), format!("km {next} is not greater than the previous stop's km {prev}"), "km is the distance from the first stop: it must increase strictly from each stop to the next");
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use crate::route::parse_route;

    /// A valid three-stop route whose `[route]` table ends with `extra`.
    fn route_with(extra: &str) -> String {
        include_str!("../../tests/fixtures/valid/three-stops.toml").replacen(
            "service_days = [17]",
            extra,
            1,
        )
    }

    #[test]
    fn weekdays_are_read_in_any_case_and_kept_monday_first() {
        let src = route_with("service_weekdays = [\"FRI\", \"mon\", \"Wed\"]");
        let route = parse_route("t.toml", &src, None).unwrap();
        assert_eq!(
            route.service_weekdays,
            [Weekday::Mon, Weekday::Wed, Weekday::Fri]
        );
        assert!(route.service_days.is_empty());
    }

    #[test]
    fn weekdays_default_to_none_and_may_be_empty() {
        let route = parse_route("t.toml", &route_with(""), None).unwrap();
        assert!(route.service_weekdays.is_empty());
        let route = parse_route("t.toml", &route_with("service_weekdays = []"), None).unwrap();
        assert!(route.service_weekdays.is_empty());
    }

    #[test]
    fn every_bad_weekday_is_reported() {
        let src = route_with("service_weekdays = [\"monday\", \"sun\", \"Sun\", \"\"]");
        let err = parse_route("t.toml", &src, None).unwrap_err();
        assert_eq!(err.0.len(), 3, "{err}");
    }
}
