//! Where to go on the timeline, as people write it: `departure`, `day 3 14:00` (the train's
//! own clock), `day 3 14:00 MSK`, `Irkutsk` (arrival there), `+6h`, `-30m`, or an RFC 3339
//! instant. The `g` prompt and `--start` both read this form. Pure: "now" is an argument.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::journey::Journey;
use super::zones::MOSCOW;
use crate::route::daytime::DayTime;
use crate::text::quote;

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
}

/// The forms accepted, for messages.
pub const FORMS: &str = "departure, arrival, day 3 14:00, day 3 14:00 MSK, a station name, +6h, -30m, or 2025-06-20T12:00:00Z";

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
            _ => {}
        }
        if t.starts_with(['+', '-']) {
            return parse_relative(t).map(Self::Relative);
        }
        if t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("day ")) {
            return parse_day(t);
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
        if t.chars().count() > 80 || t.chars().any(char::is_control) {
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
        let route = journey.route();
        let (departure, arrival) = (route.departure(), route.arrival());
        match self {
            Self::Departure => Ok(departure),
            Self::Arrival => Ok(arrival),
            Self::Relative(delta) => Ok(now
                .checked_add_signed(*delta)
                .unwrap_or(now)
                .clamp(departure, arrival)),
            Self::Instant(at) => {
                let at = at.with_timezone(&Utc);
                let far = TimeDelta::days(MAX_DAYS_AWAY);
                if at < departure - far || at > arrival + far {
                    return Err(format!(
                        "{} is more than a year away from this journey ({} to {})",
                        at.format("%Y-%m-%d %H:%M UTC"),
                        departure.format("%Y-%m-%d"),
                        arrival.format("%Y-%m-%d")
                    ));
                }
                Ok(at)
            }
            Self::Station(name) => station_arrival(journey, name),
            Self::Day { when, zone } => day_time(journey, *when, *zone),
        }
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
                "{} is not a clock: after the time write MSK, UTC or an IANA zone such as Asia/Irkutsk (nothing means the train's own clock)",
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

/// The first instant at which the chosen clock shows `day N HH:MM`: a named zone's clock, or
/// the train's own, which changes zone along the way (so each zone on the route is tried, and
/// a candidate counts only if the train is in a zone with that offset then).
fn day_time(journey: &Journey, when: DayTime, zone: Option<Tz>) -> Result<DateTime<Utc>, String> {
    let route = journey.route();
    let shown = format!("day {} {}", when.day, when.time.format("%H:%M"));
    let check = |at: DateTime<Utc>| -> Result<DateTime<Utc>, String> {
        let (departure, arrival) = (route.departure(), route.arrival());
        if at < departure || at > arrival {
            return Err(format!(
                "{shown} is outside the journey, which runs from day 1 {} to day {} {} (train's clock)",
                departure
                    .with_timezone(&journey.state_at(departure).tz)
                    .format("%H:%M"),
                journey.state_at(arrival).journey_day,
                arrival
                    .with_timezone(&journey.state_at(arrival).tz)
                    .format("%H:%M")
            ));
        }
        Ok(at)
    };
    if let Some(offset) = when.offset {
        // An explicit UTC offset pins the instant whatever the zone.
        let at = on_day(journey, when, |d| {
            offset
                .from_local_datetime(&d.and_time(when.time))
                .single()
                .map(|t| t.with_timezone(&Utc))
        });
        return check(at.ok_or_else(|| format!("{shown} is out of range"))?);
    }
    if let Some(tz) = zone {
        let at = earliest_local(journey, when, tz).ok_or_else(|| {
            format!("{shown} does not exist on that clock (a clock change skips it)")
        })?;
        return check(at);
    }
    let mut zones: Vec<Tz> = route.stops.iter().map(|s| s.tz).collect();
    zones.extend(route.zones.iter().map(|z| z.tz));
    zones.dedup();
    let found = zones
        .iter()
        .filter_map(|&tz| {
            let at = earliest_local(journey, when, tz)?;
            let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
            (journey.state_at(at).offset == offset).then_some(at)
        })
        .min();
    if let Some(at) = found {
        return check(at);
    }
    // Nothing matched: either the time is before or after the journey on every clock, or the
    // train's clock jumps over it at a zone change.
    let first = earliest_local(journey, when, journey.state_at(route.departure()).tz);
    if let Some(at) = first.filter(|t| *t < route.departure() || *t > route.arrival()) {
        return check(at);
    }
    Err(format!(
        "the train's clock never shows {shown}: it changes zone across that time; try a few minutes either side, or add MSK"
    ))
}

/// `when` on `tz`'s clock; the earlier of a fold, nothing in a gap.
fn earliest_local(journey: &Journey, when: DayTime, tz: Tz) -> Option<DateTime<Utc>> {
    on_day(journey, when, |d| {
        tz.from_local_datetime(&d.and_time(when.time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// The instant `local` gives (for a calendar date, on some clock) that falls on journey day
/// `when.day` ([`Journey::journey_day`]: the train's day, whatever the clock);
/// outside the journey, the date `when.day - 1` days after the departure date. A clock other
/// than the train's can show another date on the same journey day (`d1 18:04` in UTC on a
/// train that left at 03:04 in Pyongyang), so the dates either side are tried.
fn on_day(
    journey: &Journey,
    when: DayTime,
    local: impl Fn(NaiveDate) -> Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let route = journey.route();
    let (departure, arrival) = (route.departure(), route.arrival());
    let day = i64::from(when.day);
    let date = |shift: i64| {
        route
            .departure_date
            .checked_add_signed(TimeDelta::days(day - 1 + shift))
    };
    let candidates: Vec<(i64, DateTime<Utc>)> = [0, -1, 1]
        .into_iter()
        .filter_map(|shift| Some((shift, local(date(shift)?)?)))
        .filter(|(_, t)| (departure..=arrival).contains(t) && journey.journey_day(*t) == day)
        .collect();
    // Westbound, a journey day can last more than 24 hours (clocks go back), so one time of
    // day on a given clock can fall twice in it. The one the train's own clock shows wins (a
    // time copied from the timetable means the stop's own instant); then the one on the date
    // `day - 1` days after the departure date on that clock; then the earlier.
    let on_own_clock =
        |t: &DateTime<Utc>| t.with_timezone(&journey.state_at(*t).tz).time() == when.time;
    let own = candidates.iter().map(|c| c.1).filter(on_own_clock).min();
    let nominal = candidates.iter().find(|c| c.0 == 0).map(|c| c.1);
    own.or(nominal)
        .or_else(|| candidates.iter().map(|c| c.1).min())
        .or_else(|| local(date(0)?).filter(|t| !(departure..=arrival).contains(t)))
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
}
