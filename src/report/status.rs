//! `longrail status`: one line for a tmux status bar or a shell prompt, from a `%`-field format.
//!
//! Pure: the format is parsed once into tokens (so an unknown field is caught before anything
//! is computed), the line is rendered from a journey and a train state, and the run to show is
//! chosen from the timetable for an instant passed in. Nothing here reads the wall clock.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::route::Route;
use crate::route::model::local_date;
use crate::settings::{ClockConvention, Units};
use crate::sim::zones::{reference_label, utc_label};
use crate::sim::{Journey, Status, TrainState};
use crate::util::text::{quote, sanitize};

/// The format used without `--format`: `Omsk→Novosibirsk 57% · 14:03 UTC+6 (MSK+3) · day 4/9`.
pub const DEFAULT_FORMAT: &str = "%w %p · %l %z (%m) · day %d/%D";

/// The format used without `--format` on a route without a reference clock, where `%m` would
/// repeat `%z`: `Chicago→Galesburg 12% · 14:03 UTC−5 · day 1/3`.
pub const PLAIN_FORMAT: &str = "%w %p · %l %z · day %d/%D";

/// The format for `route` when none is given: [`DEFAULT_FORMAT`], or [`PLAIN_FORMAT`] on a
/// route without a reference clock.
#[must_use]
pub fn default_format(route: &Route) -> Format {
    let text = if route.reference().is_some() {
        DEFAULT_FORMAT
    } else {
        PLAIN_FORMAT
    };
    // Both constants parse (a unit test checks them); an empty format would print nothing.
    Format::parse(text).unwrap_or(Format { tokens: Vec::new() })
}

/// A value the status line can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `%w`: where the train is, in words that read well on their own.
    Where,
    /// `%f`: the stop behind the train.
    From,
    /// `%t`: the stop ahead, or the stop the train stands at.
    To,
    /// `%s`: running, stopped, waiting or arrived.
    Status,
    /// `%p`: share of the route's km covered, rounded down, with a percent sign.
    Percent,
    /// `%k`: km covered, rounded down.
    KmDone,
    /// `%K`: the route's length in km.
    KmTotal,
    /// `%l`: the train's local time, HH:MM.
    LocalTime,
    /// `%M`: the time on the route's reference clock (Moscow on the built-in routes; UTC
    /// without one), HH:MM.
    ReferenceTime,
    /// `%z`: the train's UTC offset, `UTC+6`.
    UtcOffset,
    /// `%m`: the train's offset from the reference clock, `MSK+3` (`UTC+6` without one).
    ReferenceOffset,
    /// `%v`: speed, whole km/h.
    Speed,
    /// `%d`: the day of the journey, 1 to `%D`.
    Day,
    /// `%D`: how many calendar days the journey spans.
    Days,
    /// `%r`: the route id.
    RouteId,
    /// `%n`: the route name.
    RouteName,
    /// `%R`: the run shown, by its departure date.
    Run,
}

/// Every field: its letter, the field, and what it shows, in the order the help lists them.
pub const FIELDS: [(char, Field, &str); 17] = [
    (
        'w',
        Field::Where,
        "where: Omsk→Novosibirsk (running), at Omsk (stopped), Pyongyang (departs 03:04), arrived Moscow",
    ),
    (
        'f',
        Field::From,
        "the stop behind the train (the first stop before departure)",
    ),
    (
        't',
        Field::To,
        "the stop ahead, or the stop the train stands at",
    ),
    (
        's',
        Field::Status,
        "running, stopped, waiting (before departure) or arrived",
    ),
    (
        'p',
        Field::Percent,
        "share of the route's km covered, rounded down: 57% (100% only on arrival)",
    ),
    (
        'k',
        Field::KmDone,
        "km covered, rounded down: 5862 (miles with units = \"miles\" in the config)",
    ),
    (
        'K',
        Field::KmTotal,
        "the route's length in km (or miles): 10287",
    ),
    ('l', Field::LocalTime, "the train's local time: 14:03"),
    (
        'M',
        Field::ReferenceTime,
        "the time on the route's reference clock: 11:03 (Moscow time on the built-in routes; UTC on a route without one)",
    ),
    ('z', Field::UtcOffset, "the train's UTC offset: UTC+6"),
    (
        'm',
        Field::ReferenceOffset,
        "the train's offset from the reference clock: MSK+3 (UTC+6 on a route without one)",
    ),
    (
        'v',
        Field::Speed,
        "speed in whole km/h (or mph): 72 (0 unless running)",
    ),
    (
        'd',
        Field::Day,
        "day of the journey, 1 to %D (1 before departure, %D after arrival)",
    ),
    (
        'D',
        Field::Days,
        "calendar days the journey spans, departure day to arrival day",
    ),
    ('r', Field::RouteId, "the route id: pyongyang-moscow"),
    ('n', Field::RouteName, "the route name"),
    (
        'R',
        Field::Run,
        "the run shown: its departure date at the first stop, 2025-06-17",
    ),
];

/// One piece of a parsed format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Text printed as written (`%%` already turned into `%`).
    Text(String),
    /// A field, filled in at render time.
    Field(Field),
}

/// A parsed `--format`: text and fields, checked once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    tokens: Vec<Token>,
}

impl Format {
    /// Parse a format such as `%w %p · %l`; `%%` is a percent sign.
    ///
    /// # Errors
    /// An unknown field (named, with the list of fields) or a `%` at the very end.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => literal.push('%'),
                Some(letter) => {
                    let field = field_for(letter).ok_or_else(|| unknown_field(letter))?;
                    if !literal.is_empty() {
                        tokens.push(Token::Text(std::mem::take(&mut literal)));
                    }
                    tokens.push(Token::Field(field));
                }
                None => return Err(lone_percent(text)),
            }
        }
        if !literal.is_empty() {
            tokens.push(Token::Text(literal));
        }
        Ok(Self { tokens })
    }
}

fn field_for(letter: char) -> Option<Field> {
    FIELDS
        .iter()
        .find(|(l, _, _)| *l == letter)
        .map(|(_, field, _)| *field)
}

fn field_letters() -> String {
    FIELDS
        .iter()
        .map(|(l, _, _)| format!("%{l}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn unknown_field(letter: char) -> String {
    format!(
        "{} is not a status field: use one of {}, or %% for a percent sign (see `longrail status --help`)",
        quote(&format!("%{letter}")),
        field_letters()
    )
}

fn lone_percent(text: &str) -> String {
    format!(
        "{} ends with a lone %: write %% for a percent sign, or add a field letter (see `longrail status --help`)",
        quote(text)
    )
}

/// Which run is shown, that it is the timetable, and how to use the line in tmux.
const RUN_HELP: &str = "\
This is the published timetable replayed, not live tracking: a late, early or
cancelled train is not shown.

Which run: with --date, the departure of that date; with --at alone, the route's
own departure_date (as `longrail state`); with neither, the latest departure the
timetable has made by now (today's counts once it has left the first stop).

tmux: set -g status-right '#(longrail status)'
      set -g status-interval 60
tmux passes status-right through strftime first, so inside #() write each % as %%:
      set -g status-right '#(longrail status --format \"%%w %%p\")'
";

/// The text `longrail status --help` shows after the options: the fields and which run is shown.
#[must_use]
pub fn help_text() -> String {
    let mut out = String::from("Fields:\n");
    for (letter, _, meaning) in FIELDS {
        out.push_str(&format!("  %{letter}  {meaning}\n"));
    }
    out.push_str("  %%  a percent sign\n\n");
    out.push_str(RUN_HELP);
    out
}

/// The line for `state` on `journey`, filled in from `format`. Station and route names pass
/// through [`sanitize`], so no escape sequence from a route file reaches the terminal.
#[must_use]
pub fn render(format: &Format, journey: &Journey, state: &TrainState, style: Style) -> String {
    let mut out = String::new();
    for token in &format.tokens {
        match token {
            Token::Text(text) => out.push_str(text),
            Token::Field(field) => out.push_str(&field_text(*field, journey, state, style)),
        }
    }
    out
}

/// How the line shows what the config sets: distances and speeds in `units`, the departure
/// time in `clock` (the config's `timetable_clock`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Distances (`%k`, `%K`) and speeds (`%v`, per hour).
    pub units: Units,
    /// The clock of the departure time in `%w` before departure.
    pub clock: ClockConvention,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            units: Units::Km,
            clock: ClockConvention::Local,
        }
    }
}

fn field_text(field: Field, journey: &Journey, state: &TrainState, style: Style) -> String {
    let route = journey.route();
    let per_unit = style.units.km_per_unit();
    match field {
        Field::Where => where_text(route, state, style.clock),
        Field::From => stop_name(route, from_stop(state)),
        Field::To => stop_name(route, to_stop(state)),
        Field::Status => status_word(state.status).to_owned(),
        Field::Percent => format!("{:.0}%", percent_done(route, state).floor()),
        Field::KmDone => format!("{:.0}", (route.km_done(state.km) / per_unit).floor()),
        Field::KmTotal => format!("{:.0}", route.total_km() / per_unit),
        Field::LocalTime => state.local_time().format("%H:%M").to_string(),
        Field::ReferenceTime => state
            .at
            .with_timezone(&route.reference().map_or(chrono_tz::UTC, |c| c.tz))
            .format("%H:%M")
            .to_string(),
        Field::UtcOffset => utc_label(state.tz, state.at),
        Field::ReferenceOffset => reference_label(route.reference(), state.tz, state.at),
        Field::Speed => format!("{:.0}", state.speed_kmh.max(0.0) / per_unit),
        Field::Day => state.journey_day.to_string(),
        Field::Days => journey.total_days().to_string(),
        Field::RouteId => sanitize(&route.id),
        Field::RouteName => sanitize(&route.name),
        Field::Run => route.departure_date.to_string(),
    }
}

/// A stop's name made safe for a terminal; empty when there is no such stop.
fn stop_name(route: &Route, index: Option<usize>) -> String {
    index
        .and_then(|i| route.stops.get(i))
        .map_or_else(String::new, |s| sanitize(&s.name))
}

/// The stop behind the train: the one it left, or the one before the stop it stands at; the
/// first stop while it waits there to depart.
fn from_stop(state: &TrainState) -> Option<usize> {
    match state.status {
        Status::NotDeparted => state.stop,
        Status::Stopped | Status::Running | Status::Arrived => state.previous_stop,
    }
}

/// The stop ahead while running, else the stop the train stands at.
fn to_stop(state: &TrainState) -> Option<usize> {
    match state.status {
        Status::Running => state.next_stop,
        Status::NotDeparted | Status::Stopped | Status::Arrived => state.stop,
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::NotDeparted => "waiting",
        Status::Stopped => "stopped",
        Status::Running => "running",
        Status::Arrived => "arrived",
    }
}

/// Where the train is, in words that make sense whatever it is doing.
fn where_text(route: &Route, state: &TrainState, clock: ClockConvention) -> String {
    let here = stop_name(route, to_stop(state));
    match state.status {
        Status::NotDeparted => format!(
            "{here} (departs {})",
            departure_time(route, state.at, clock)
        ),
        Status::Stopped => format!("at {here}"),
        Status::Running => format!("{}→{here}", stop_name(route, from_stop(state))),
        Status::Arrived => format!("arrived {here}"),
    }
}

/// The departure's time on `clock` (the first stop's for local time): `03:04` on the day of
/// `at` there, else with the date, `17 Jun 03:04`, and the year too when it is not the year
/// of `at`, `3 Jan 2026 03:04`.
fn departure_time(route: &Route, at: DateTime<Utc>, clock: ClockConvention) -> String {
    let tz = clock.zone(origin_zone(route), route);
    let departs = route.departure().with_timezone(&tz);
    let (then, now) = (local_date(route.departure(), tz), local_date(at, tz));
    if then == now {
        departs.format("%H:%M").to_string()
    } else if then.year() == now.year() {
        departs.format("%-d %b %H:%M").to_string()
    } else {
        departs.format("%-d %b %Y %H:%M").to_string()
    }
}

/// The zone of the first stop (UTC for a route without stops, which validation rejects).
fn origin_zone(route: &Route) -> Tz {
    route.stops.first().map_or(chrono_tz::UTC, |s| s.tz)
}

/// Percent of the route's km covered; 100 once arrived (also on a route of no length).
fn percent_done(route: &Route, state: &TrainState) -> f64 {
    if state.status == Status::Arrived {
        100.0
    } else {
        route.percent_done(state.km)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn journey(id: &str) -> Journey {
        Journey::new(load_builtin(builtin(id).unwrap(), None).unwrap())
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn line(format: &str, journey: &Journey, instant: &str) -> String {
        let format = Format::parse(format).unwrap();
        render(
            &format,
            journey,
            &journey.state_at(at(instant)),
            Style::default(),
        )
    }

    #[test]
    fn the_format_is_split_into_text_and_fields() {
        let f = Format::parse("a%%b %w%p!").unwrap();
        assert_eq!(
            f.tokens,
            vec![
                Token::Text("a%b ".to_owned()),
                Token::Field(Field::Where),
                Token::Field(Field::Percent),
                Token::Text("!".to_owned()),
            ]
        );
        assert_eq!(Format::parse("").unwrap().tokens, Vec::new());
        assert!(Format::parse(DEFAULT_FORMAT).is_ok());
        assert!(Format::parse(PLAIN_FORMAT).is_ok());
    }

    #[test]
    fn an_unknown_field_is_named_with_the_list() {
        let err = Format::parse("%w %x").unwrap_err();
        assert!(err.starts_with("\"%x\" is not a status field"), "{err}");
        for (letter, _, _) in FIELDS {
            assert!(err.contains(&format!("%{letter}")), "{err}");
        }
        let err = Format::parse("%\u{1b}").unwrap_err();
        assert!(!err.contains('\u{1b}'), "{err}");
    }

    #[test]
    fn a_trailing_percent_is_an_error() {
        let err = Format::parse("57%").unwrap_err();
        assert!(err.contains("lone %: write %%"), "{err}");
        assert!(Format::parse("57%%").is_ok());
    }

    #[test]
    fn every_field_letter_is_distinct_and_in_the_help() {
        let help = help_text();
        for (i, (letter, field, _)) in FIELDS.iter().enumerate() {
            assert_eq!(field_for(*letter), Some(*field));
            assert!(FIELDS[..i].iter().all(|(l, _, _)| l != letter), "%{letter}");
            assert!(help.contains(&format!("  %{letter}  ")), "%{letter}");
        }
        assert!(help.contains("not live tracking"));
    }

    #[test]
    fn every_field_while_running() {
        // `longrail state --at 2025-06-23T00:00:00Z`: running Tayga → Novosibirsk (due 09:30
        // local) at km 6808.614 of 10287, 57.5 km/h, 07:00 at UTC+7 (03:00 in Moscow), day 7.
        let j = journey("pyongyang-moscow");
        let instant = "2025-06-23T00:00:00Z";
        assert_eq!(
            line(DEFAULT_FORMAT, &j, instant),
            "Tayga→Novosibirsk 66% · 07:00 UTC+7 (MSK+4) · day 7/9"
        );
        assert_eq!(
            line("%f|%t|%s|%w", &j, instant),
            "Tayga|Novosibirsk|running|Tayga→Novosibirsk"
        );
        assert_eq!(
            line("%k/%K km, %p, %v km/h", &j, instant),
            "6808/10287 km, 66%, 58 km/h"
        );
        assert_eq!(line("%l %M %z %m", &j, instant), "07:00 03:00 UTC+7 MSK+4");
        assert_eq!(line("%d/%D", &j, instant), "7/9");
        assert_eq!(
            line("%r|%n", &j, instant),
            "pyongyang-moscow|Pyongyang → Moscow"
        );
        assert_eq!(line("100%%", &j, instant), "100%");
    }

    #[test]
    fn clocks_and_offsets_follow_the_train() {
        // At 2025-06-22T06:00Z the train is past Irkutsk, in its zone (UTC+8, MSK+5).
        let j = journey("pyongyang-moscow");
        let instant = "2025-06-22T06:00:00Z";
        assert_eq!(j.state_at(at(instant)).tz.name(), "Asia/Irkutsk");
        assert_eq!(line("%l %M %z %m", &j, instant), "14:00 09:00 UTC+8 MSK+5");
    }

    #[test]
    fn before_departure_the_line_says_when_it_leaves() {
        let j = journey("pyongyang-moscow");
        // 02:00 in Pyongyang on the day of departure (03:04).
        let same_day = "2025-06-16T17:00:00Z";
        assert_eq!(
            line(DEFAULT_FORMAT, &j, same_day),
            "Pyongyang (departs 03:04) 0% · 02:00 UTC+9 (MSK+6) · day 1/9"
        );
        assert_eq!(
            line("%s|%f|%t|%k|%v", &j, same_day),
            "waiting|Pyongyang|Pyongyang|0|0"
        );
        // The evening before, the date is shown too.
        assert_eq!(
            line("%w %d", &j, "2025-06-16T12:00:00Z"),
            "Pyongyang (departs 17 Jun 03:04) 1"
        );
    }

    #[test]
    fn after_arrival_the_line_says_arrived() {
        // Five days after the arrival (25 June 15:50), the day stays at the last.
        let j = journey("pyongyang-moscow");
        let instant = "2025-06-30T09:00:00Z";
        assert_eq!(
            line(DEFAULT_FORMAT, &j, instant),
            "arrived Moscow Yaroslavsky 100% · 12:00 UTC+3 (MSK) · day 9/9"
        );
        assert_eq!(
            line("%s|%f|%t|%k|%v", &j, instant),
            "arrived|Aleksandrov|Moscow Yaroslavsky|10287|0"
        );
    }

    #[test]
    fn standing_at_a_stop_reads_at() {
        // Hamhung: arrives 14:51, departs 15:06 (UTC+9), so 15:00 is during the dwell.
        let j = journey("pyongyang-moscow");
        let instant = "2025-06-17T06:00:00Z";
        assert_eq!(
            line(DEFAULT_FORMAT, &j, instant),
            "at Hamhung 2% · 15:00 UTC+9 (MSK+6) · day 1/9"
        );
        assert_eq!(
            line("%s|%f|%t|%v", &j, instant),
            "stopped|Pyongyang|Hamhung|0"
        );
    }

    #[test]
    fn the_clock_changes_at_a_zone_boundary() {
        // Westbound into the Omsk zone (UTC+6) from the Novosibirsk zone (UTC+7).
        let j = journey("pyongyang-moscow");
        let boundary = j
            .route()
            .zones
            .iter()
            .find(|z| z.tz.name() == "Asia/Omsk")
            .unwrap();
        let crossing = j.instant_at_km(boundary.km);
        let before = (crossing - chrono::Duration::seconds(30)).to_rfc3339();
        let after = (crossing + chrono::Duration::seconds(30)).to_rfc3339();
        let (b, a) = (line("%l %z %m", &j, &before), line("%l %z %m", &j, &after));
        assert!(b.ends_with(" UTC+7 MSK+4"), "{b}");
        assert!(a.ends_with(" UTC+6 MSK+3"), "{a}");
        let hour = |s: &str| s[..2].parse::<i32>().unwrap();
        assert_eq!((hour(&b) - hour(&a)).rem_euclid(24), 1, "{b} / {a}");
    }

    #[test]
    fn names_from_files_are_sanitised() {
        let mut route = load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap();
        route.stops[0].name = "\u{1b}]0;pwned\u{7}Pyongyang\u{202e}".to_owned();
        route.name = "evil\u{1b}[2J".to_owned();
        let j = Journey::new(route);
        let text = line("%w %f %t %n", &j, "2025-06-16T20:00:00Z");
        assert!(
            !text.chars().any(crate::util::text::is_unsafe_char),
            "{text:?}"
        );
        assert!(text.contains("Pyongyang"), "{text}");
    }
}
