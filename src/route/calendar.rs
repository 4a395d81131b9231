//! Which local dates a route departs on, from its service days of the month and days of the
//! week. Pure: the dates are arguments, never the wall clock.
//!
//! Every search is bounded (see [`LOOKBACK_DAYS`] and [`MAX_RANGE_DAYS`]) and stops at the
//! ends of chrono's calendar, so no date, however extreme, makes it loop for long or panic.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use super::model::Route;

/// How many days before its argument [`latest_departure`] looks at most (and [`live_run`]
/// ahead): a year, as far as any command takes an instant from a journey.
pub const LOOKBACK_DAYS: usize = 366;

/// The most days [`departures_between`] scans, counted from its first date.
pub const MAX_RANGE_DAYS: usize = 800;

/// Whether a run departs from the first stop on the local `date`.
///
/// A route with neither `service_days` nor `service_weekdays` runs on its `departure_date`
/// only; otherwise a date runs when it is one of the days of the month or falls on one of the
/// days of the week (either is enough). A service day the month lacks (31 in June) simply
/// does not run that month.
/// No run departs before the route's `first_service`.
#[must_use]
pub fn runs_on(route: &Route, date: NaiveDate) -> bool {
    if route.first_service.is_some_and(|first| date < first) {
        return false;
    }
    if route.service_days.is_empty() && route.service_weekdays.is_empty() {
        return date == route.departure_date;
    }
    route.service_days.contains(&date.day()) || route.service_weekdays.contains(&date.weekday())
}

/// The service days in words: `days 4, 14 and 24 of the month`, `Mondays, Wednesdays and
/// Fridays`, or both joined by `and`; empty for a route without service days.
#[must_use]
pub fn service_text(route: &Route) -> String {
    let days: Vec<String> = route.service_days.iter().map(u32::to_string).collect();
    let weekdays: Vec<String> = route
        .service_weekdays
        .iter()
        .map(|d| weekday_plural(*d).to_owned())
        .collect();
    let mut parts = Vec::new();
    if !days.is_empty() {
        let word = if days.len() == 1 { "day" } else { "days" };
        parts.push(format!("{word} {} of the month", join_and(&days)));
    }
    if !weekdays.is_empty() {
        parts.push(join_and(&weekdays));
    }
    parts.join(" and on ")
}

fn weekday_plural(day: chrono::Weekday) -> &'static str {
    use chrono::Weekday as W;
    match day {
        W::Mon => "Mondays",
        W::Tue => "Tuesdays",
        W::Wed => "Wednesdays",
        W::Thu => "Thursdays",
        W::Fri => "Fridays",
        W::Sat => "Saturdays",
        W::Sun => "Sundays",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Check that a run departs on `date` (a departure date the user asked for). A route without
/// service days runs on any date it is given.
///
/// # Errors
/// A message naming the date, the service days and the nearest departures either side.
pub fn check_departure_date(route: &Route, date: NaiveDate) -> Result<(), String> {
    if let Some(first) = route.first_service.filter(|first| date < *first) {
        return Err(format!(
            "{} had not begun on {date}: its first run departed on {} (choose that date or a later run)",
            route.name,
            first.format("%a %Y-%m-%d")
        ));
    }
    if route.service_days.is_empty() && route.service_weekdays.is_empty() || runs_on(route, date) {
        return Ok(());
    }
    let before = date.pred_opt().and_then(|d| latest_departure(route, d));
    let after = date.succ_opt().and_then(|d| {
        departures_between(route, d, NaiveDate::MAX)
            .first()
            .copied()
    });
    let nearest: Vec<String> = [before, after]
        .into_iter()
        .flatten()
        .map(|d| d.format("%a %Y-%m-%d").to_string())
        .collect();
    let mut message = format!(
        "{} has no departure on {} (a {}): it departs on {}",
        route.name,
        date,
        date.format("%A"),
        service_text(route)
    );
    if !nearest.is_empty() {
        message.push_str(&format!("; the nearest: {}", nearest.join(" or ")));
    }
    Err(message)
}

/// The latest departure date on or before `on_or_before`, looking back at most
/// [`LOOKBACK_DAYS`] days; `None` when no run departs in that window.
#[must_use]
pub fn latest_departure(route: &Route, on_or_before: NaiveDate) -> Option<NaiveDate> {
    std::iter::successors(Some(on_or_before), |d| d.pred_opt())
        .take(LOOKBACK_DAYS + 1)
        .find(|&d| runs_on(route, d))
}

/// The run the timetable has on the line at `at`: the departure date of the run of `base`'s
/// route that, by its service days, departed most recently at or before `at` (judged from
/// `base` shifted by whole days). The one rule for `--now`, `w`, `status` and the fleet.
#[must_use]
pub fn live_run_date(base: &Route, at: DateTime<Utc>) -> Option<NaiveDate> {
    let tz = base.stops.first()?.tz;
    let mut day = super::model::local_date(at, tz);
    // Today's run may not have left yet: then the one before it.
    for _ in 0..3 {
        let date = latest_departure(base, day)?;
        let departs = run_departure(base, date)?;
        if departs <= at {
            return Some(date);
        }
        day = date.pred_opt()?;
    }
    None
}

/// The run `--now`, `w` and `status` show at `at`, and what to tell the viewer about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRun {
    /// The run's departure date.
    pub date: NaiveDate,
    /// Set when no run is on the line at `at`: which run is shown and when the next one
    /// leaves, in the same words everywhere.
    pub note: Option<String>,
}

/// The run the timetable has at `at`, by `base`'s service days: the one that departed most
/// recently (within [`LOOKBACK_DAYS`]); when it has arrived, that one still, with a note
/// naming the next departure; when none departed in that window, the next to depart (within
/// as many days), waiting, with a note. The one rule for `--now`, `w` and `status`.
///
/// # Errors
/// No run within [`LOOKBACK_DAYS`] either side of `at`: a message saying when the route runs
/// and what to do.
pub fn live_run(base: &Route, at: DateTime<Utc>) -> Result<LiveRun, String> {
    let next = next_run_date(base, at);
    let Some(date) = live_run_date(base, at) else {
        let Some(next) = next else {
            return Err(no_run_near(base, at));
        };
        let note = format!(
            "no {} on the line now: the next departs {}",
            base.name,
            departure_text(base, next)
        );
        return Ok(LiveRun {
            date: next,
            note: Some(note),
        });
    };
    let arrives = run_arrival(base, date);
    if arrives.is_none_or(|a| a > at) {
        return Ok(LiveRun { date, note: None });
    }
    let arrived = format!(
        "no {} on the line now: the last arrived {}",
        base.name,
        arrival_text(base, date)
    );
    let note = match next {
        Some(next) => format!("{arrived}; the next departs {}", departure_text(base, next)),
        None => format!("{arrived}; no run is timetabled in the next {LOOKBACK_DAYS} days"),
    };
    Ok(LiveRun {
        date,
        note: Some(note),
    })
}

/// `instant` of `base`'s own run, on the clock of `tz`, moved to the run of `date`: the same
/// local time on the same day of the journey, as the route file times it (so a run across a
/// daylight-saving change keeps its local times); by whole days where that local time does
/// not exist.
#[must_use]
pub fn run_time(
    base: &Route,
    date: NaiveDate,
    instant: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let days = TimeDelta::days((date - base.departure_date).num_days());
    let local = instant
        .with_timezone(&tz)
        .naive_local()
        .checked_add_signed(days)?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| instant.checked_add_signed(days))
}

/// The departure of `base`'s run of `date` from its first stop.
#[must_use]
pub fn run_departure(base: &Route, date: NaiveDate) -> Option<DateTime<Utc>> {
    let tz = base.stops.first()?.tz;
    run_time(base, date, base.departure(), tz)
}

/// The arrival of `base`'s run of `date` at its last stop.
#[must_use]
pub fn run_arrival(base: &Route, date: NaiveDate) -> Option<DateTime<Utc>> {
    let tz = base.stops.last()?.tz;
    run_time(base, date, base.arrival(), tz)
}

/// The first run that departs after `at`, within [`LOOKBACK_DAYS`].
fn next_run_date(base: &Route, at: DateTime<Utc>) -> Option<NaiveDate> {
    let tz = base.stops.first()?.tz;
    let today = super::model::local_date(at, tz);
    let until = today.checked_add_signed(TimeDelta::days(LOOKBACK_DAYS as i64))?;
    departures_between(base, today, until)
        .into_iter()
        .find(|&d| run_departure(base, d).is_some_and(|t| t > at))
}

/// `Tue 3 Jun 2025 03:04 from Pyongyang`: a run's departure on the first stop's clock.
fn departure_text(base: &Route, date: NaiveDate) -> String {
    let Some(first) = base.stops.first() else {
        return date.to_string();
    };
    run_departure(base, date).map_or_else(
        || date.to_string(),
        |t| {
            format!(
                "{} from {}",
                t.with_timezone(&first.tz).format("%a %-d %b %Y %H:%M"),
                first.name
            )
        },
    )
}

/// `Wed 25 Jun 2025 15:50 at Moscow Yaroslavsky`: a run's arrival on the last stop's clock.
fn arrival_text(base: &Route, date: NaiveDate) -> String {
    let Some(last) = base.stops.last() else {
        return date.to_string();
    };
    run_arrival(base, date).map_or_else(
        || date.to_string(),
        |t| {
            format!(
                "{} at {}",
                t.with_timezone(&last.tz).format("%a %-d %b %Y %H:%M"),
                last.name
            )
        },
    )
}

/// Why no run is shown: the route runs on no date within [`LOOKBACK_DAYS`] of `at`.
fn no_run_near(base: &Route, at: DateTime<Utc>) -> String {
    let one_off = base.service_days.is_empty() && base.service_weekdays.is_empty();
    let when = if one_off {
        format!(
            "it runs on {} only",
            base.departure_date.format("%a %Y-%m-%d")
        )
    } else {
        format!("it departs on {}", service_text(base))
    };
    let first = base
        .first_service
        .filter(|_| !one_off)
        .map_or_else(String::new, |f| {
            format!(" from {}", f.format("%a %Y-%m-%d"))
        });
    format!(
        "{} has no run within {LOOKBACK_DAYS} days of {}: {when}{first}; replay a run with --date (or g and a date in the app)",
        base.name,
        at.format("%Y-%m-%d")
    )
}

/// Every departure date from `from` to `to`, both included, in order. Only the first
/// [`MAX_RANGE_DAYS`] days from `from` are scanned; an empty list when `to` is before `from`.
#[must_use]
pub fn departures_between(route: &Route, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    std::iter::successors(Some(from), |d| d.succ_opt())
        .take_while(|&d| d <= to)
        .take(MAX_RANGE_DAYS)
        .filter(|&d| runs_on(route, d))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Days, Weekday};

    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A route with only the fields the calendar reads filled in.
    fn route(departure: &str, days: &[u32], weekdays: &[Weekday]) -> Route {
        Route {
            id: "calendar-test".to_owned(),
            name: "A → B".to_owned(),
            description: None,
            departure_date: date(departure),
            service_days: days.to_vec(),
            service_weekdays: weekdays.to_vec(),
            first_service: None,
            clocks: Vec::new(),
            stops: Vec::new(),
            zones: Vec::new(),
            events: Vec::new(),
            source: "test".to_owned(),
            realtime: None,
        }
    }

    fn dates(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| date(s)).collect()
    }

    #[test]
    fn without_a_pattern_only_the_departure_date_runs() {
        let r = route("2025-06-17", &[], &[]);
        assert!(runs_on(&r, date("2025-06-17")));
        assert!(!runs_on(&r, date("2025-06-16")));
        assert!(!runs_on(&r, date("2025-07-17")));
        assert_eq!(latest_departure(&r, date("2025-06-16")), None);
        assert_eq!(
            latest_departure(&r, date("2025-06-17")),
            Some(date("2025-06-17"))
        );
        assert_eq!(
            latest_departure(&r, date("2025-09-01")),
            Some(date("2025-06-17"))
        );
        assert_eq!(
            departures_between(&r, date("2025-01-01"), date("2025-12-31")),
            dates(&["2025-06-17"])
        );
    }

    #[test]
    fn days_of_the_month() {
        let r = route("2025-06-17", &[3, 17], &[]);
        assert_eq!(
            departures_between(&r, date("2025-06-01"), date("2025-07-10")),
            dates(&["2025-06-03", "2025-06-17", "2025-07-03"])
        );
        // The departure date alone does not run when a pattern is given and it is not in it.
        let r = route("2025-06-18", &[3, 17], &[]);
        assert!(!runs_on(&r, date("2025-06-18")));
    }

    #[test]
    fn a_date_off_the_service_days_is_refused_in_words() {
        use chrono::Weekday::{Fri, Mon, Wed};
        let r = route("2025-06-18", &[], &[Mon, Wed, Fri]);
        assert_eq!(service_text(&r), "Mondays, Wednesdays and Fridays");
        assert!(check_departure_date(&r, date("2025-06-20")).is_ok());
        let e = check_departure_date(&r, date("2025-06-19")).unwrap_err();
        assert!(
            e.contains("(a Thursday): it departs on Mondays, Wednesdays and Fridays")
                && e.contains("Wed 2025-06-18 or Fri 2025-06-20"),
            "{e}"
        );
        let both = route("2025-06-03", &[3], &[Fri]);
        assert_eq!(service_text(&both), "day 3 of the month and on Fridays");
        // Without service days any date is taken.
        let any = route("2025-06-03", &[], &[]);
        assert!(check_departure_date(&any, date("2031-02-11")).is_ok());
    }

    #[test]
    fn a_service_day_the_month_lacks_does_not_run_that_month() {
        let r = route("2025-01-31", &[31], &[]);
        assert_eq!(
            departures_between(&r, date("2025-01-01"), date("2025-12-31")),
            dates(&[
                "2025-01-31",
                "2025-03-31",
                "2025-05-31",
                "2025-07-31",
                "2025-08-31",
                "2025-10-31",
                "2025-12-31"
            ])
        );
        assert!(!runs_on(&r, date("2025-06-30")));
        assert!(!runs_on(&r, date("2025-07-01")));
        assert_eq!(
            latest_departure(&r, date("2025-07-30")),
            Some(date("2025-05-31"))
        );
    }

    #[test]
    fn february_29_runs_in_leap_years_only() {
        let r = route("2024-02-29", &[29], &[]);
        assert!(runs_on(&r, date("2024-02-29")));
        assert_eq!(
            departures_between(&r, date("2025-02-01"), date("2025-03-01")),
            Vec::<NaiveDate>::new()
        );
        assert_eq!(
            latest_departure(&r, date("2025-03-28")),
            Some(date("2025-01-29"))
        );
    }

    #[test]
    fn days_of_the_week() {
        let r = route(
            "2025-06-18",
            &[],
            &[Weekday::Mon, Weekday::Wed, Weekday::Fri],
        );
        assert_eq!(
            departures_between(&r, date("2025-06-15"), date("2025-06-23")),
            dates(&["2025-06-16", "2025-06-18", "2025-06-20", "2025-06-23"])
        );
        assert!(!runs_on(&r, date("2025-06-17")));
        // A Sunday looks back to the Friday before it.
        assert_eq!(
            latest_departure(&r, date("2025-06-22")),
            Some(date("2025-06-20"))
        );
    }

    #[test]
    fn days_of_the_month_and_of_the_week_together_run_on_either() {
        let r = route("2025-06-17", &[17], &[Weekday::Mon]);
        assert_eq!(
            departures_between(&r, date("2025-06-14"), date("2025-06-24")),
            dates(&["2025-06-16", "2025-06-17", "2025-06-23"])
        );
    }

    #[test]
    fn an_inverted_range_is_empty_and_one_day_ranges_work() {
        let r = route("2025-06-17", &[17], &[]);
        assert!(departures_between(&r, date("2025-06-18"), date("2025-06-16")).is_empty());
        assert_eq!(
            departures_between(&r, date("2025-06-17"), date("2025-06-17")),
            dates(&["2025-06-17"])
        );
    }

    #[test]
    fn the_look_back_stops_after_its_limit() {
        let r = route("2025-06-17", &[], &[]);
        let edge = date("2025-06-17") + Days::new(366);
        assert_eq!(latest_departure(&r, edge), Some(date("2025-06-17")));
        assert_eq!(latest_departure(&r, edge + Days::new(1)), None);
    }

    #[test]
    fn a_long_range_is_capped() {
        let every_day = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        let r = route("2025-01-01", &[], &every_day);
        let all = departures_between(&r, date("2025-01-01"), date("2099-12-31"));
        assert_eq!(all.len(), MAX_RANGE_DAYS);
        assert_eq!(all.last(), Some(&(date("2025-01-01") + Days::new(799))));
    }

    #[test]
    fn extreme_dates_neither_panic_nor_run_away() {
        let r = route("2025-06-17", &[1, 31], &[Weekday::Sun]);
        let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
        let _ = runs_on(&r, min);
        let _ = runs_on(&r, max);
        let back = latest_departure(&r, min);
        assert!(back.is_none_or(|d| d == min), "{back:?}");
        assert!(latest_departure(&r, max).is_some());
        let early = departures_between(&r, min, max);
        assert!(!early.is_empty() && early.len() <= MAX_RANGE_DAYS);
        let late = departures_between(&r, max - Days::new(40), max);
        assert!(!late.is_empty() && late.iter().all(|&d| d <= max));
        assert!(departures_between(&r, max, min).is_empty());
        let one_off = route("2025-06-17", &[], &[]);
        assert_eq!(latest_departure(&one_off, min), None);
        assert!(departures_between(&one_off, min, max).is_empty());
    }
}

#[cfg(test)]
mod live_tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn route(id: &str) -> Route {
        load_builtin(builtin(id).unwrap(), None).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_live_run_is_the_latest_departure_by_the_timetable() {
        let west = route("pyongyang-moscow");
        for (now, expected, on_line) in [
            ("2025-06-20T12:00:00Z", "2025-06-17", true),
            ("2025-07-05T00:00:00Z", "2025-07-03", true),
            // 09:00 on 3 July in Pyongyang: that day's train left at 03:04.
            ("2025-07-03T00:00:00Z", "2025-07-03", true),
            // 02:00 on 3 July in Pyongyang: not yet, so the 17 June run, arrived on the 25th.
            ("2025-07-02T17:00:00Z", "2025-06-17", false),
            // The days of the month roll over the year.
            ("2026-01-10T00:00:00Z", "2026-01-03", true),
        ] {
            let run = live_run(&west, at(now)).unwrap();
            assert_eq!(run.date, date(expected), "now {now}");
            assert_eq!(run.note.is_none(), on_line, "now {now}: {:?}", run.note);
        }
        let between = live_run(&west, at("2025-07-02T17:00:00Z")).unwrap();
        assert_eq!(
            between.note.as_deref(),
            Some(
                "no Pyongyang → Moscow on the line now: the last arrived Wed 25 Jun 2025 15:50 at Moscow Yaroslavsky; the next departs Thu 3 Jul 2025 03:04 from Pyongyang"
            )
        );
    }

    #[test]
    fn before_the_first_service_the_first_run_waits() {
        let west = route("pyongyang-moscow");
        let run = live_run(&west, at("2025-06-01T00:00:00Z")).unwrap();
        assert_eq!(
            run.date,
            date("2025-06-17"),
            "not 3 June: the service began on the 17th"
        );
        assert!(
            run.note
                .as_deref()
                .is_some_and(|n| n.contains("the next departs Tue 17 Jun 2025 03:04")),
            "{:?}",
            run.note
        );
    }

    #[test]
    fn a_one_off_route_runs_near_its_date_only() {
        // vladivostok-rajin runs on its departure_date only.
        let one_off = route("vladivostok-rajin");
        for now in [
            "2025-01-01T00:00:00Z",
            "2025-06-20T00:00:00Z",
            "2026-06-01T00:00:00Z",
        ] {
            assert_eq!(
                live_run(&one_off, at(now)).unwrap().date,
                one_off.departure_date,
                "{now}"
            );
        }
        let far = live_run(&one_off, at("2030-01-01T00:00:00Z")).unwrap_err();
        assert_eq!(
            far,
            "Vladivostok → Rajin has no run within 366 days of 2030-01-01: it runs on Tue 2025-06-17 only; replay a run with --date (or g and a date in the app)"
        );
    }

    #[test]
    fn the_live_run_survives_the_ends_of_time() {
        let west = route("pyongyang-moscow");
        for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let _ = live_run(&west, now);
        }
    }
}
