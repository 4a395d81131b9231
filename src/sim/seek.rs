//! Where to go on the timeline, as people write it: `departure`, `day 3 14:00` or `d3 14:00`
//! (the train's own clock, as the timetable prints it), `day 3 14:00 MSK`, a bare `14:00`
//! (the next time the train's clock shows it), `Irkutsk` (arrival there), `+6h`, `-30m`,
//! `departure +2h`, `arrival -1h`, a date (`2025-06-20`, midnight on the train's clock, or
//! `2025-06-20 14:00`), `now`, or an RFC 3339 instant. The `g` prompt, `--start` and demo
//! scripts read this form. Pure: the current instant is an argument, and `now` (the
//! calendar's present) is the caller's to supply.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

pub use super::clock_time::Resolved;
use super::clock_time::{day_time, next_clock_time};
use super::journey::Journey;
use super::zones::MOSCOW;
use crate::route::daytime::DayTime;
use crate::util::text::quote;

/// How far from the journey an absolute instant may be (it is shown with the train waiting or
/// arrived; much further is almost surely a typo in the year).
const MAX_DAYS_AWAY: i64 = 366;

/// A place on the timeline, not yet resolved against a journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seek {
    /// The departure from the first stop.
    Departure,
    /// The arrival at the last stop.
    Arrival,
    /// `day N HH:MM` on a clock: the train's own (`None`) or a named zone's.
    Day {
        /// Journey day (1 = the departure date) and clock time.
        when: DayTime,
        /// The zone whose clock is meant; `None` is the train's local clock wherever it is.
        zone: Option<Tz>,
    },
    /// The arrival at a stop, by (part of) its name.
    Station(String),
    /// Forward or back from the current instant (or from the departure, for `--start`).
    Relative(TimeDelta),
    /// An absolute instant.
    Instant(DateTime<FixedOffset>),
    /// A bare clock time: the next instant after the current one at which the clock (the
    /// train's own, or `zone`'s) shows it.
    Clock {
        /// The time (the day in it is ignored).
        when: DayTime,
        /// The zone whose clock is meant; `None` is the train's.
        zone: Option<Tz>,
    },
    /// A date: its midnight on the train's clock, or the time given on that date.
    Date(NaiveDate, Option<chrono::NaiveTime>),
    /// Another place, moved by a step: `departure +2h`, `arrival -1h`, `Irkutsk +30m`.
    Offset(Box<Seek>, TimeDelta),
    /// The calendar's present (`now`): only the caller knows it.
    Now,
}

/// The forms accepted, for messages.
pub const FORMS: &str = "departure, arrival, d3 14:00 (or day 3 14:00), day 3 14:00 UTC, 14:00, a station name, +6h, -30m, departure +2h, arrival -1h, 2025-06-20, now, or 2025-06-20T12:00:00Z";

impl Seek {
    /// Parse what the user typed.
    ///
    /// # Errors
    /// A message naming the text and the forms accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err(format!("type where to go: {FORMS}"));
        }
        match t.to_ascii_lowercase().as_str() {
            "departure" | "start" => return Ok(Self::Departure),
            "arrival" | "end" => return Ok(Self::Arrival),
            "now" => return Ok(Self::Now),
            _ => {}
        }
        if t.starts_with(['+', '-']) {
            return parse_relative(t).map(Self::Relative);
        }
        // `departure +2h`: a place, then a step.
        if let Some((base, step)) = t.rsplit_once(char::is_whitespace)
            && step.starts_with(['+', '-'])
            && let Ok(delta) = parse_relative(step)
            && let Ok(base) = Self::parse(base)
        {
            return Ok(Self::Offset(Box::new(base), delta));
        }
        if let Some(day) = short_day(t) {
            return parse_day(&day);
        }
        if t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("day ")) {
            return parse_day(t);
        }
        if let Some(seek) = parse_clock_or_date(t) {
            return seek;
        }
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            return DateTime::parse_from_rfc3339(t)
                .map(Self::Instant)
                .map_err(|_| {
                    format!(
                        "{} is not an RFC 3339 instant (e.g. 2025-06-20T12:00:00Z); or use {FORMS}",
                        quote(t)
                    )
                });
        }
        if t.chars().any(char::is_control) {
            return Err(format!(
                "{} is not a place on the timeline: use {FORMS}",
                quote(t)
            ));
        }
        Ok(Self::Station(t.to_owned()))
    }

    /// The instant this means for `journey`, with `now` the current instant (relative seeks
    /// count from it). Relative seeks stop at the departure and the arrival.
    ///
    /// # Errors
    /// An unknown or ambiguous station, a clock time the train never shows, or an instant far
    /// outside the journey; each message says what would work.
    pub fn resolve(&self, journey: &Journey, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
        self.resolve_noted(journey, now).map(|r| r.at)
    }

    /// Like [`Seek::resolve`], with a note for the user when the text could mean two
    /// instants (a clock time shown twice because the clocks went back) and the first was
    /// taken.
    ///
    /// # Errors
    /// As [`Seek::resolve`]; `now` (the calendar's present) is an error here, for the caller
    /// to have handled.
    pub fn resolve_noted(&self, journey: &Journey, now: DateTime<Utc>) -> Result<Resolved, String> {
        let route = journey.route();
        let (departure, arrival) = (route.departure(), route.arrival());
        let plain = |at| Ok(Resolved::plain(at));
        match self {
            Self::Departure => plain(departure),
            Self::Arrival => plain(arrival),
            Self::Relative(delta) => plain(
                now.checked_add_signed(*delta)
                    .unwrap_or(now)
                    .clamp(departure, arrival),
            ),
            Self::Instant(at) => near_journey(journey, at.with_timezone(&Utc)).map(Resolved::plain),
            Self::Station(name) => station_arrival(journey, name).map(Resolved::plain),
            Self::Day { when, zone } => day_time(journey, *when, *zone),
            Self::Clock { when, zone } => next_clock_time(journey, *when, *zone, now),
            Self::Date(date, time) => on_date(journey, *date, *time),
            Self::Offset(base, delta) => {
                let found = base.resolve_noted(journey, now)?;
                let at = found.at.checked_add_signed(*delta).unwrap_or(found.at);
                near_journey(journey, at).map(|at| Resolved { at, ..found })
            }
            Self::Now => {
                Err("now is the calendar's present: press w (or start with --now)".to_owned())
            }
        }
    }
}

/// `at`, unless it is more than a year from the journey (surely a typo in the year): the one
/// check of an instant that `frame`, `state`, `status`, `record` and `--start` share.
///
/// # Errors
/// The instant and the journey's dates.
pub fn near_journey(journey: &Journey, at: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let route = journey.route();
    let (departure, arrival) = (route.departure(), route.arrival());
    let far = TimeDelta::days(MAX_DAYS_AWAY);
    if at < departure - far || at > arrival + far {
        let local = |t: DateTime<Utc>, stop: Option<&crate::route::Stop>| {
            let tz = stop.map_or(chrono_tz::UTC, |s| s.tz);
            t.with_timezone(&tz).format("%Y-%m-%d").to_string()
        };
        return Err(format!(
            "{} is more than a year away from this journey ({} to {}): give an instant within a year of it",
            at.format("%Y-%m-%d %H:%M UTC"),
            local(departure, route.stops.first()),
            local(arrival, route.stops.last())
        ));
    }
    Ok(at)
}

/// A date's midnight (or `time`) on the train's clock: journey day (date − departure date + 1).
fn on_date(
    journey: &Journey,
    date: NaiveDate,
    time: Option<chrono::NaiveTime>,
) -> Result<Resolved, String> {
    let route = journey.route();
    let day = (date - route.departure_date).num_days() + 1;
    let last = journey.state_at(route.arrival()).journey_day;
    let span = || {
        format!(
            "{} is not a day of this journey, which runs from {} to {} (train's clock)",
            date.format("%Y-%m-%d"),
            route.departure_date.format("%Y-%m-%d"),
            (route.departure_date + TimeDelta::days(last - 1)).format("%Y-%m-%d")
        )
    };
    let day = i32::try_from(day)
        .ok()
        .filter(|d| *d >= 1)
        .ok_or_else(span)?;
    let time = time.unwrap_or(chrono::NaiveTime::MIN);
    let when = DayTime {
        day,
        time,
        offset: None,
    };
    // Day 1 begins at the departure, not at its midnight.
    if day == 1 && time == chrono::NaiveTime::MIN {
        return Ok(Resolved::plain(route.departure()));
    }
    day_time(journey, when, None).map_err(|e| if i64::from(day) > last { span() } else { e })
}

/// `d3 14:00 [zone]` (the form the timetable and log print) as `day 3 14:00 [zone]`.
fn short_day(text: &str) -> Option<String> {
    let (first, rest) = text.split_once(char::is_whitespace)?;
    let digits = first.strip_prefix(['d', 'D'])?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("day {digits} {}", rest.trim_start()))
}

/// `14:00 [zone]` (the next time a clock shows it), `2025-06-20` or `2025-06-20 14:00`.
fn parse_clock_or_date(text: &str) -> Option<Result<Seek, String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let clock = |t: &str| DayTime::parse(&format!("day 1 {t}")).ok().map(|d| d.time);
    if let Some(time) = words.first().and_then(|w| clock(w)) {
        let zone = match words.get(1..) {
            Some([]) | None => None,
            Some([zone]) => match parse_zone(zone) {
                Ok(tz) => Some(tz),
                Err(e) => return Some(Err(e)),
            },
            Some(_) => return None,
        };
        let when = DayTime {
            day: 1,
            time,
            offset: None,
        };
        return Some(Ok(Seek::Clock { when, zone }));
    }
    let date = NaiveDate::parse_from_str(words.first()?, "%Y-%m-%d").ok()?;
    match words.get(1..) {
        Some([]) | None => Some(Ok(Seek::Date(date, None))),
        Some([time]) => Some(
            clock(time)
                .map(|t| Seek::Date(date, Some(t)))
                .ok_or_else(|| format!("{} is not a time: write HH:MM", quote(time))),
        ),
        Some(_) => None,
    }
}

/// `+6h`, `-30m`, `+1d2h`, `+90s`, `-1h30m`.
fn parse_relative(text: &str) -> Result<TimeDelta, String> {
    let bad = || {
        format!(
            "{} is not a time step: write a sign, then numbers with d, h, m or s (+6h, -30m, +1d2h)",
            quote(text)
        )
    };
    let (sign, mut rest) = match text.split_at(1) {
        ("-", r) => (-1, r.trim_start()),
        (_, r) => (1, r.trim_start()),
    };
    if rest.is_empty() {
        return Err(bad());
    }
    let mut seconds: i64 = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, tail) = rest.split_at(digits);
        let number: i64 = number.parse().map_err(|_| bad())?;
        let mut chars = tail.chars();
        let unit = match chars.next() {
            Some('d') => 86_400,
            Some('h') => 3_600,
            Some('m') => 60,
            Some('s') => 1,
            _ => return Err(bad()),
        };
        seconds = number
            .checked_mul(unit)
            .and_then(|s| seconds.checked_add(s))
            .filter(|s| *s <= 400 * 86_400)
            .ok_or_else(|| format!("{} is too far: at most 400 days", quote(text)))?;
        rest = chars.as_str().trim_start();
    }
    Ok(TimeDelta::seconds(sign * seconds))
}

/// `day N HH:MM[:SS] [MSK|UTC|Area/City]`.
fn parse_day(text: &str) -> Result<Seek, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (time_words, zone) = match words.as_slice() {
        [_, _, _, zone] if !zone.starts_with(['+', '-']) => (&words[..3], Some(parse_zone(zone)?)),
        _ => (&words[..], None),
    };
    // "Day 3 14:00" means the same as "day 3 14:00".
    let mut time_words = time_words.to_vec();
    if let Some(first) = time_words.first_mut() {
        *first = "day";
    }
    let when =
        DayTime::parse(&time_words.join(" ")).map_err(|e| format!("{}: {e}", quote(text)))?;
    Ok(Seek::Day { when, zone })
}

fn parse_zone(text: &str) -> Result<Tz, String> {
    match text.to_ascii_uppercase().as_str() {
        "MSK" | "MOSCOW" => Ok(MOSCOW),
        "UTC" | "Z" | "GMT" => Ok(chrono_tz::UTC),
        _ => text.parse::<Tz>().map_err(|_| {
            format!(
                "{} is not a clock: after the time write UTC, MSK or an IANA zone such as Europe/Berlin (nothing means the train's own clock)",
                quote(text)
            )
        }),
    }
}

/// The arrival at the stop named `name` (exactly, else the only stop starting with it; either
/// name or local name, ignoring case). The first stop has no arrival: its departure.
fn station_arrival(journey: &Journey, name: &str) -> Result<DateTime<Utc>, String> {
    let route = journey.route();
    let wanted = name.to_lowercase();
    let names = |s: &crate::route::Stop| {
        [
            Some(s.name.to_lowercase()),
            s.local_name.as_ref().map(|n| n.to_lowercase()),
        ]
    };
    let exact: Vec<usize> = (0..route.stops.len())
        .filter(|&i| {
            names(&route.stops[i])
                .iter()
                .flatten()
                .any(|n| *n == wanted)
        })
        .collect();
    let found = if exact.is_empty() {
        (0..route.stops.len())
            .filter(|&i| {
                names(&route.stops[i])
                    .iter()
                    .flatten()
                    .any(|n| n.starts_with(&wanted))
            })
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [i] => {
            let stop = &route.stops[*i];
            Ok(stop
                .arrive
                .or(stop.depart)
                .unwrap_or_else(|| route.departure()))
        }
        [] => Err(match closest_name(route, &wanted) {
            Some(near) => format!("no stop is called {}: did you mean {near}?", quote(name)),
            None => format!(
                "no stop on {} is called {}; stops include {}",
                route.name,
                quote(name),
                sample_names(route)
            ),
        }),
        many => {
            let listed: Vec<&str> = many.iter().map(|&i| route.stops[i].name.as_str()).collect();
            Err(format!(
                "{} could be {}: type more of the name",
                quote(name),
                listed.join(", ")
            ))
        }
    }
}

/// The stop name nearest to `wanted` (lower case) by edit distance (Levenshtein, by
/// characters), if it is near enough to be a typo.
fn closest_name<'r>(route: &'r crate::route::Route, wanted: &str) -> Option<&'r str> {
    let limit = (wanted.chars().count() / 3).max(1);
    route
        .stops
        .iter()
        .map(|s| {
            (
                strsim::levenshtein(&s.name.to_lowercase(), wanted),
                s.name.as_str(),
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

fn sample_names(route: &crate::route::Route) -> String {
    let majors: Vec<&str> = route
        .stops
        .iter()
        .filter(|s| s.major)
        .map(|s| s.name.as_str())
        .take(5)
        .collect();
    if majors.is_empty() {
        route
            .stops
            .iter()
            .take(5)
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        majors.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn westbound() -> Journey {
        Journey::new(load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap())
    }

    fn at(journey: &Journey, text: &str) -> Result<DateTime<Utc>, String> {
        let departure = journey.route().departure();
        Seek::parse(text)?.resolve(journey, departure + TimeDelta::hours(30))
    }

    #[test]
    fn a_station_name_means_its_arrival_in_any_case_or_prefix() {
        let j = westbound();
        let irkutsk = j
            .route()
            .stops
            .iter()
            .find(|s| s.name == "Irkutsk")
            .unwrap();
        assert_eq!(at(&j, "Irkutsk"), Ok(irkutsk.arrive.unwrap()));
        assert_eq!(at(&j, "irkutsk"), Ok(irkutsk.arrive.unwrap()));
        assert_eq!(at(&j, "Irk"), Ok(irkutsk.arrive.unwrap()));
        assert_eq!(at(&j, "Pyongyang"), Ok(j.route().departure()));
    }

    #[test]
    fn an_ambiguous_or_unknown_station_says_what_would_work() {
        let j = westbound();
        let e = at(&j, "Kh").unwrap_err();
        assert!(e.contains("Khasan") && e.contains("Khabarovsk"), "{e}");
        let e = at(&j, "Irkustk").unwrap_err();
        assert!(e.contains("did you mean Irkutsk?"), "{e}");
        let e = at(&j, "Vladivostok").unwrap_err();
        assert!(e.contains("no stop") && e.contains("stops include"), "{e}");
    }

    #[test]
    fn a_typo_is_at_most_one_edit_in_three_letters() {
        let j = westbound();
        let e = at(&j, "Omsx").unwrap_err();
        assert!(e.contains("did you mean Omsk?"), "{e}");
        // Swapped letters are two edits (plain Levenshtein): too far in a four-letter name.
        let e = at(&j, "Omks").unwrap_err();
        assert!(
            e.contains("stops include") && !e.contains("did you mean"),
            "{e}"
        );
    }

    #[test]
    fn day_and_time_on_the_trains_clock_and_on_moscows() {
        let j = westbound();
        let t = at(&j, "day 3 14:00").unwrap();
        let s = j.state_at(t);
        assert_eq!(s.local_time().format("%H:%M").to_string(), "14:00");
        assert_eq!(s.journey_day, 3);
        let m = at(&j, "day 3 14:00 MSK").unwrap();
        let moscow = m.with_timezone(&MOSCOW);
        assert_eq!(moscow.format("%H:%M").to_string(), "14:00");
        assert_eq!(
            moscow.date_naive(),
            j.route().departure_date + TimeDelta::days(2)
        );
        assert_ne!(t, m, "the train is not on Moscow time on day 3");
        assert_eq!(at(&j, "Day 3 14:00"), Ok(t), "any case");
        assert_eq!(at(&j, "DAY 3 14:00 msk"), Ok(m));
        let e = at(&j, "day 1 03:00").unwrap_err();
        assert!(e.contains("outside the journey"), "{e}");
        assert!(at(&j, "day 3 14:00 Mars/Olympus").is_err());
    }

    #[test]
    fn steps_count_from_now_and_stop_at_the_ends() {
        let j = westbound();
        let now = j.route().departure() + TimeDelta::hours(30);
        assert_eq!(at(&j, "+6h"), Ok(now + TimeDelta::hours(6)));
        assert_eq!(at(&j, "-30m"), Ok(now - TimeDelta::minutes(30)));
        assert_eq!(at(&j, "+1d2h"), Ok(now + TimeDelta::hours(26)));
        assert_eq!(at(&j, "+300d"), Ok(j.route().arrival()));
        assert_eq!(at(&j, "-3d"), Ok(j.route().departure()));
        assert!(Seek::parse("+").is_err());
        assert!(Seek::parse("+6x").is_err());
        assert!(Seek::parse("+99999999999999d").is_err());
    }

    #[test]
    fn instants_and_ends() {
        let j = westbound();
        assert_eq!(
            at(&j, "2025-06-20T12:00:00Z"),
            Ok("2025-06-20T12:00:00Z".parse().unwrap())
        );
        assert!(at(&j, "2031-06-20T12:00:00Z").is_err());
        assert_eq!(at(&j, "arrival"), Ok(j.route().arrival()));
        assert_eq!(at(&j, "departure"), Ok(j.route().departure()));
        assert!(Seek::parse("").is_err());
        assert!(Seek::parse("2025-13-01").is_err());
        // Found by the random action test: text whose 4th byte is inside a character.
        assert!(matches!(Seek::parse("u🕴\"%"), Ok(Seek::Station(_))));
        assert!(Seek::parse("day🕴").is_ok());
    }

    fn fixture(text: &str) -> Journey {
        Journey::new(crate::route::load::parse_route("fixture.toml", text, None).unwrap())
    }

    #[test]
    fn the_forms_the_app_prints_and_bare_times() {
        let j = westbound();
        assert_eq!(at(&j, "d3 14:00"), at(&j, "day 3 14:00"));
        assert_eq!(at(&j, "D3 14:00 msk"), at(&j, "day 3 14:00 MSK"));
        // A bare time: the next time the train's clock shows it, after now (30 h in).
        let now = j.route().departure() + TimeDelta::hours(30);
        let t = at(&j, "14:00").unwrap();
        assert!(t > now && t - now <= TimeDelta::hours(25), "{t}");
        assert_eq!(
            j.state_at(t).local_time().format("%H:%M").to_string(),
            "14:00"
        );
        let m = at(&j, "14:00 MSK").unwrap();
        assert_eq!(
            m.with_timezone(&MOSCOW).format("%H:%M").to_string(),
            "14:00"
        );
        assert!(m > now);
    }

    #[test]
    fn places_moved_by_a_step_dates_and_now() {
        let j = westbound();
        let (dep, arr) = (j.route().departure(), j.route().arrival());
        assert_eq!(at(&j, "departure +2h"), Ok(dep + TimeDelta::hours(2)));
        assert_eq!(at(&j, "arrival -1h"), Ok(arr - TimeDelta::hours(1)));
        let irkutsk = j
            .route()
            .stops
            .iter()
            .find(|s| s.name == "Irkutsk")
            .unwrap();
        assert_eq!(
            at(&j, "Irkutsk +30m"),
            Ok(irkutsk.arrive.unwrap() + TimeDelta::minutes(30))
        );
        // A date is its midnight on the train's clock; its first day starts at the departure.
        let day3 = j.route().departure_date + TimeDelta::days(2);
        let t = at(&j, &day3.format("%Y-%m-%d").to_string()).unwrap();
        assert_eq!(Ok(t), at(&j, "day 3 00:00"));
        let t = at(&j, &format!("{} 14:00", day3.format("%Y-%m-%d"))).unwrap();
        assert_eq!(Ok(t), at(&j, "day 3 14:00"));
        let first = j.route().departure_date.format("%Y-%m-%d").to_string();
        assert_eq!(at(&j, &first), Ok(dep));
        let e = at(&j, "2025-01-01").unwrap_err();
        assert!(e.contains("not a day of this journey"), "{e}");
        assert_eq!(Seek::parse("now"), Ok(Seek::Now));
        assert!(at(&j, "now").is_err(), "the calendar is the caller's");
        assert!(Seek::parse(&"x".repeat(200)).is_ok(), "no length cut");
    }

    #[test]
    fn a_time_shown_twice_on_the_trains_clock_says_which_was_taken() {
        // Westbound, the clocks go back from UTC+10 to UTC+9 at 21:45 on day 3 (near Obluchye,
        // at the Amur Oblast border): 21:00 comes twice.
        let j = westbound();
        let seek = Seek::parse("day 3 21:00").unwrap();
        let found = seek.resolve_noted(&j, j.route().departure()).unwrap();
        let note = found.note.expect("a note about the fold");
        assert!(
            note.contains("happens twice") && note.contains("UTC+10"),
            "{note}"
        );
        assert!(note.contains("day 3 21:00 +09:00"), "{note}");
        assert_eq!(j.state_at(found.at).offset.local_minus_utc(), 10 * 3600);
        let second = at(&j, "day 3 21:00 +09:00").unwrap();
        assert_eq!(second - found.at, TimeDelta::hours(1));
        assert_eq!(
            j.state_at(second).local_time().format("%H:%M").to_string(),
            "21:00"
        );
        // A time shown once has no note.
        let once = Seek::parse("day 3 14:00").unwrap();
        assert_eq!(
            once.resolve_noted(&j, j.route().departure()).unwrap().note,
            None
        );
    }

    #[test]
    fn a_daylight_saving_fold_says_which_was_taken() {
        let j = fixture(include_str!("../../tests/fixtures/valid/dst-fold.toml"));
        let seek = Seek::parse("day 2 01:15").unwrap();
        let found = seek.resolve_noted(&j, j.route().departure()).unwrap();
        let note = found.note.unwrap();
        assert!(note.contains("UTC−5") && note.contains("-06:00"), "{note}");
        assert_eq!(
            found.at,
            "2025-11-02T06:15:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn a_skipped_time_names_the_interval_skipped() {
        // Eastbound the train's clock goes forward an hour at each zone change.
        let j = Journey::new(load_builtin(builtin("moscow-pyongyang").unwrap(), None).unwrap());
        let change = j
            .timeline()
            .iter()
            .find(|e| matches!(e.kind, crate::sim::JourneyEventKind::ZoneChange { delta_secs, .. } if delta_secs == 3600))
            .unwrap();
        let state = j.state_at(change.at - TimeDelta::seconds(1));
        let before = change.at.with_timezone(&state.tz);
        let inside = before.naive_local() + TimeDelta::minutes(20);
        let day = (inside.date() - j.route().departure_date).num_days() + 1;
        let text = format!("day {day} {}", inside.format("%H:%M"));
        let e = at(&j, &text).unwrap_err();
        let from = before.format("%H:%M").to_string();
        let to = (before.naive_local() + TimeDelta::hours(1))
            .format("%H:%M")
            .to_string();
        assert!(e.contains(&format!("skipping {from}–{to}")), "{e}");
        assert!(!e.contains("a few minutes"), "{e}");
        // Daylight saving in one zone: 02:00-03:00 on 8 Mar 2026 in Chicago.
        let j = fixture(include_str!("../../tests/fixtures/valid/dst-gap.toml"));
        let e = at(&j, "day 2 02:30").unwrap_err();
        assert!(
            e.contains("skipping 02:00–03:00") && e.contains("try day 2 03:00"),
            "{e}"
        );
        let e = at(&j, "day 2 02:30 America/Chicago").unwrap_err();
        assert!(
            e.contains("America/Chicago never shows") && e.contains("skipping 02:00–03:00"),
            "{e}"
        );
    }
}
