//! Clock times on the timeline: when a clock (the train's own, which changes zone and may
//! change for daylight saving, or a named zone's) shows `day N HH:MM`. A time shown twice (the
//! clocks went back) resolves to the first, with a note saying so and how to ask for the
//! second; a time never shown (the clocks went forward over it) is an error naming the
//! skipped interval.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use super::journey::Journey;
use super::timeline::JourneyEventKind;
use super::zones::{offset_secs, utc_label};
use crate::route::daytime::DayTime;

/// An instant found for what the user wrote, and what they should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Something to tell the user: which of two equal clock times was taken.
    pub note: Option<String>,
}

impl Resolved {
    /// An instant with nothing to say.
    #[must_use]
    pub fn plain(at: DateTime<Utc>) -> Self {
        Self { at, note: None }
    }
}

/// `day N HH:MM` as written back to the user.
fn shown(when: DayTime) -> String {
    format!("day {} {}", when.day, when.time.format("%H:%M"))
}

/// The local date and time `when` means, day 1 being `date`.
fn local(when: DayTime, date: NaiveDate) -> Option<NaiveDateTime> {
    let day = date.checked_add_signed(TimeDelta::days(i64::from(when.day) - 1))?;
    Some(day.and_time(when.time))
}

/// Every instant at which `tz`'s clock shows `local`: none in a gap, two in a fold.
fn instants(tz: Tz, local: NaiveDateTime) -> Vec<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        LocalResult::None => vec![],
    }
}

/// The instants at which the train's own clock shows `local`, in time order: for each zone
/// on the route, the instants its clock shows that, kept when the train keeps that zone's
/// offset then.
fn train_instants(journey: &Journey, local: NaiveDateTime) -> Vec<DateTime<Utc>> {
    let route = journey.route();
    let mut zones: Vec<Tz> = route.stops.iter().map(|s| s.tz).collect();
    zones.extend(route.zones.iter().map(|z| z.tz));
    zones.sort_by_key(|tz| tz.name());
    zones.dedup();
    let mut found: Vec<DateTime<Utc>> = zones
        .iter()
        .flat_map(|&tz| {
            instants(tz, local).into_iter().filter(move |&at| {
                let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
                journey.state_at(at).offset == offset
            })
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// When the clock chosen (`zone`, or the train's own for `None`) shows `when` on journey day
/// `when.day` ([`Journey::journey_day`]: the train's day, whatever the clock). A clock other
/// than the train's can show another date on the same journey day (`d1 18:04` in UTC on a
/// train that left at 03:04 in Pyongyang), so the dates either side are tried too. Westbound,
/// a journey day can last more than 24 hours, so a time can fall twice in it: the instant the
/// train's own clock shows wins (a time copied from the timetable means the stop's own
/// instant), then the one on day N's date on that clock, then the earlier. A time shown twice
/// because the clocks go back takes the first, noting it.
///
/// # Errors
/// A time outside the journey, or one the clock skips (naming the skipped interval).
pub fn day_time(journey: &Journey, when: DayTime, zone: Option<Tz>) -> Result<Resolved, String> {
    let route = journey.route();
    let nominal = local(when, route.departure_date)
        .ok_or_else(|| format!("{} is out of range", shown(when)))?;
    let on_clock = |ndt: NaiveDateTime| -> Vec<DateTime<Utc>> {
        match (when.offset, zone) {
            // An explicit UTC offset pins the instant whatever the zone.
            (Some(offset), _) => offset
                .from_local_datetime(&ndt)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .into_iter()
                .collect(),
            (None, Some(tz)) => instants(tz, ndt),
            (None, None) => train_instants(journey, ndt),
        }
    };
    let candidates = on_day(journey, when, nominal, &on_clock);
    let Some(&(shift, at)) = pick(journey, when, &candidates) else {
        // Outside the journey on every date tried, or a time the clock skips.
        return match on_clock(nominal).first() {
            Some(at) => within(journey, when, *at).map(Resolved::plain),
            None => Err(never_shown(journey, when, zone, nominal)),
        };
    };
    let twin = candidates
        .iter()
        .find(|(s, t)| *s == shift && *t > at)
        .map(|c| c.1);
    let note = twin.map(|second| {
        let offset = |t: DateTime<Utc>| clock_offset(journey, zone, t);
        // The way to the other one first, so a narrow key bar keeps it.
        format!(
            "{} happens twice; for the second, type {} {} (went to the first, at {}: the clocks go back)",
            shown(when),
            shown(when),
            offset(second),
            offset_text(offset(at)),
        )
    });
    Ok(Resolved { at, note })
}

/// Every instant on journey day `when.day`, within the journey, at which the clock shows
/// `when` on day N's date (`nominal`) or the dates either side, with the shift in days.
fn on_day(
    journey: &Journey,
    when: DayTime,
    nominal: NaiveDateTime,
    on_clock: &dyn Fn(NaiveDateTime) -> Vec<DateTime<Utc>>,
) -> Vec<(i64, DateTime<Utc>)> {
    let route = journey.route();
    let (departure, arrival) = (route.departure(), route.arrival());
    let day = i64::from(when.day);
    let mut found: Vec<(i64, DateTime<Utc>)> = [0, -1, 1]
        .into_iter()
        .filter_map(|shift| Some((shift, nominal.checked_add_signed(TimeDelta::days(shift))?)))
        .flat_map(|(shift, ndt)| on_clock(ndt).into_iter().map(move |t| (shift, t)))
        .filter(|(_, t)| (departure..=arrival).contains(t) && journey.journey_day(*t) == day)
        .collect();
    found.sort_by_key(|c| c.1);
    found
}

/// The candidate meant: the one the train's own clock shows, then one on day N's date, then
/// the earliest.
fn pick<'a>(
    journey: &Journey,
    when: DayTime,
    candidates: &'a [(i64, DateTime<Utc>)],
) -> Option<&'a (i64, DateTime<Utc>)> {
    let on_own_clock = |c: &&(i64, DateTime<Utc>)| {
        c.1.with_timezone(&journey.state_at(c.1).tz).time() == when.time
    };
    candidates
        .iter()
        .find(on_own_clock)
        .or_else(|| candidates.iter().find(|c| c.0 == 0))
        .or_else(|| candidates.first())
}

/// The offset of the clock meant at `at`.
fn clock_offset(journey: &Journey, zone: Option<Tz>, at: DateTime<Utc>) -> FixedOffset {
    match zone {
        Some(tz) => tz.offset_from_utc_datetime(&at.naive_utc()).fix(),
        None => journey.state_at(at).offset,
    }
}

/// `UTC+10` for an offset.
fn offset_text(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        "UTC".to_owned()
    } else {
        format!("UTC{}", super::zones::signed_hours(secs))
    }
}

/// `at` if the journey is under way then, else an error giving the journey's span.
fn within(journey: &Journey, when: DayTime, at: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let route = journey.route();
    let (departure, arrival) = (route.departure(), route.arrival());
    if at >= departure && at <= arrival {
        return Ok(at);
    }
    let on_train = |t: DateTime<Utc>| t.with_timezone(&journey.state_at(t).tz).format("%H:%M");
    Err(format!(
        "{} is outside the journey, which runs from day 1 {} to day {} {} (train's clock)",
        shown(when),
        on_train(departure),
        journey.state_at(arrival).journey_day,
        on_train(arrival)
    ))
}

/// Why no instant shows `local`: outside the journey, or skipped by a clock going forward
/// (named, with the interval skipped).
fn never_shown(journey: &Journey, when: DayTime, zone: Option<Tz>, local: NaiveDateTime) -> String {
    let route = journey.route();
    let tz = zone.unwrap_or_else(|| journey.state_at(route.departure()).tz);
    let skip = match zone {
        Some(tz) => zone_gap(tz, local),
        None => train_gap(journey, local),
    };
    let Some((from, to, label)) = skip else {
        // No gap covers it: before or after the journey on every clock.
        let outside = instants(tz, local).first().copied().or_else(|| {
            tz.from_local_datetime(&local)
                .earliest()
                .map(|t| t.to_utc())
        });
        return outside
            .and_then(|at| within(journey, when, at).err())
            .unwrap_or_else(|| format!("{} is outside the journey", shown(when)));
    };
    let clock = zone.map_or_else(|| "the train's clock".to_owned(), |tz| tz.name().to_owned());
    format!(
        "{clock} never shows {}: at {} it goes forward to {} ({label}), skipping {}–{}; try day {} {}",
        shown(when),
        from.format("%H:%M"),
        to.format("%H:%M"),
        from.format("%H:%M"),
        to.format("%H:%M"),
        day_of(route.departure_date, to),
        to.format("%H:%M"),
    )
}

/// The journey day of a local date-time (day 1 = `date`).
fn day_of(date: NaiveDate, local: NaiveDateTime) -> i64 {
    (local.date() - date).num_days() + 1
}

/// The forward clock change of the train's clock whose skipped local interval holds `local`:
/// the interval's ends and the new offset's label.
fn train_gap(
    journey: &Journey,
    local: NaiveDateTime,
) -> Option<(NaiveDateTime, NaiveDateTime, String)> {
    journey.timeline().iter().find_map(|e| {
        let JourneyEventKind::ZoneChange {
            from,
            to,
            delta_secs,
        } = e.kind
        else {
            return None;
        };
        if delta_secs <= 0 {
            return None;
        }
        // The instant of the change on the old clock (a second before it, plus that second:
        // with daylight saving `from` is also the new zone, whose clock has already moved).
        let second = Duration::seconds(1);
        let before = (e.at - second).with_timezone(&from).naive_local() + second;
        let after = before + Duration::seconds(i64::from(delta_secs));
        (before <= local && local < after).then(|| (before, after, utc_label(to, e.at)))
    })
}

/// The spring-forward gap of `tz` around `local`, found by bisecting the UTC instants where
/// its offset changes.
fn zone_gap(tz: Tz, local: NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime, String)> {
    let guess = local.and_utc();
    let (mut lo, mut hi) = (guess - TimeDelta::hours(26), guess + TimeDelta::hours(26));
    let (start, end) = (offset_secs(tz, lo), offset_secs(tz, hi));
    if end <= start {
        return None;
    }
    while hi - lo > TimeDelta::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if offset_secs(tz, mid) == start {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let before = (hi + TimeDelta::seconds(i64::from(start))).naive_utc();
    let after = (hi + TimeDelta::seconds(i64::from(end))).naive_utc();
    (before <= local && local < after).then(|| (before, after, utc_label(tz, hi)))
}

/// The next instant after `now` at which the train's clock (or `zone`'s) shows `when.time`,
/// on any journey day from the one the train is on.
///
/// # Errors
/// None left before the arrival.
pub fn next_clock_time(
    journey: &Journey,
    when: DayTime,
    zone: Option<Tz>,
    now: DateTime<Utc>,
) -> Result<Resolved, String> {
    let route = journey.route();
    let first = journey.state_at(now).journey_day.max(1);
    let last = journey.state_at(route.arrival()).journey_day.max(first);
    for day in first..=last {
        let Ok(day) = i32::try_from(day) else { break };
        let when = DayTime { day, ..when };
        if let Ok(found) = day_time(journey, when, zone)
            && found.at > now
        {
            return Ok(found);
        }
    }
    Err(format!(
        "{} does not come round again before the arrival (day {} {}); add a day: day 3 {}",
        when.time.format("%H:%M"),
        journey.state_at(route.arrival()).journey_day,
        route
            .arrival()
            .with_timezone(&journey.state_at(route.arrival()).tz)
            .format("%H:%M"),
        when.time.format("%H:%M")
    ))
}

/// How an instant is written in the timetable and the event log: on the train's own clock
/// (`own`, the stop's or the place's zone; `fixed` is `None`) with its journey day,
/// `d1 03:04`; on any other clock with that clock's own date, `Mon 16 Jun 21:04`, since a
/// journey day counted on the train's clock would seem to go backwards there.
#[must_use]
pub fn stamp(journey: &Journey, at: DateTime<Utc>, own: Tz, fixed: Option<Tz>) -> String {
    match fixed {
        None => format!(
            "d{} {}",
            journey.journey_day(at),
            at.with_timezone(&own).format("%H:%M")
        ),
        Some(tz) => at.with_timezone(&tz).format(STAMP_FORMAT).to_string(),
    }
}

/// The format of a time on a clock other than the train's: `Mon 16 Jun 21:04`.
pub const STAMP_FORMAT: &str = "%a %d %b %H:%M";
