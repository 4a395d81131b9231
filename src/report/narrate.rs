//! Narration's words: the journey told in plain, complete lines for a screen reader or a log
//! (`longrail --narrate`). Each line stands on its own: the train's clock time and date with
//! its offset from the route's reference clock (`MSK+6`; `UTC+2` on a route without one), the
//! journey day, what happened, the km, and what is next. No box drawing, blocks, braille or
//! arrows: symbols a screen reader reads out one by one become words. The events are the
//! journey's own timeline ([`crate::sim::timeline`]); the loop that plays them is
//! [`crate::term::narrate`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::settings::{ClockKind, NameStyle, Units};
use crate::sim::zones::{offsets_text, reference_label};
use crate::sim::{Journey, JourneyEvent, JourneyEventKind, Status};
use crate::util::format::{duration_text, format_number};
use crate::util::text::sanitize;

/// How many stops `n` names.
const NEXT_STOPS: usize = 3;

/// What the keys do, as the opening lines and `?` say it.
pub const KEYS_HELP: &str = "Keys, each followed by Enter: s where the train is, n the next stops, t the time on every clock, q quit, ? these keys; Enter alone repeats the last answer.";

/// Text from a file or a title made fit to be read aloud: control characters made safe,
/// arrows as words, a middle dot between words as a comma, and box-drawing, block and braille characters (never meant as words)
/// left out.
#[must_use]
pub fn spoken(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(&text.replace(" · ", ", ")).chars() {
        match c {
            '→' | '⟶' | '➔' => out.push_str(" to "),
            '←' => out.push_str(" from "),
            '↔' => out.push_str(" and "),
            '\u{2500}'..='\u{259F}' | '\u{2800}'..='\u{28FF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tells one journey: what every line and answer says.
#[derive(Debug, Clone)]
pub struct Narrator<'a> {
    journey: &'a Journey,
    units: Units,
    names: NameStyle,
    clocks: &'a [ClockKind],
    local_tz: Tz,
}

impl<'a> Narrator<'a> {
    /// A narrator of `journey`, distances in `units`, `t` naming `clocks` (yours in
    /// `local_tz`); stations named in the Latin alphabet.
    #[must_use]
    pub fn new(journey: &'a Journey, units: Units, clocks: &'a [ClockKind], local_tz: Tz) -> Self {
        Self {
            journey,
            units,
            names: NameStyle::Latin,
            clocks,
            local_tz,
        }
    }

    /// The same narrator, naming stations as `names` asks (`--names`).
    #[must_use]
    pub fn with_names(self, names: NameStyle) -> Self {
        Self { names, ..self }
    }

    /// Stop `i`'s name, to be read aloud.
    fn stop(&self, i: usize) -> String {
        self.journey
            .route()
            .stops
            .get(i)
            .map_or_else(String::new, |s| {
                spoken(&crate::app::labels::stop_name(s, self.names))
            })
    }

    /// `km 296` (`mile 184`): how far along the route `km` is.
    fn distance(&self, km: f64) -> String {
        let route = self.journey.route();
        let done = route.km_done(km) / self.units.km_per_unit();
        let unit = match self.units {
            Units::Km => "km",
            Units::Miles => "mile",
        };
        format!("{unit} {}", format_number(done.round()))
    }

    /// `Tue 17 Jun 21:35 MSK+6, day 1`: the train's clock at `at` (its zone at `km`), its
    /// offset from the reference clock, and the journey day.
    #[must_use]
    pub fn when(&self, at: DateTime<Utc>, km: f64) -> String {
        let tz = self.journey.zone_at(km);
        let reference = self.journey.route().reference();
        format!(
            "{} {}, day {}",
            at.with_timezone(&tz).format("%a %-d %b %H:%M"),
            reference_label(reference, tz, at),
            self.journey.journey_day(at)
        )
    }

    /// `03:49` on stop `i`'s clock, or `Wed 03:49` when that is another date there than at
    /// `now`.
    fn stop_time(&self, i: usize, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let tz = self
            .journey
            .route()
            .stops
            .get(i)
            .map_or(chrono_tz::UTC, |s| s.tz);
        let then = at.with_timezone(&tz);
        if then.date_naive() == now.with_timezone(&tz).date_naive() {
            then.format("%H:%M").to_string()
        } else {
            then.format("%a %H:%M").to_string()
        }
    }

    /// `in 6 h 14 min` (`now` when it is this minute).
    fn wait(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        if at - now < chrono::TimeDelta::minutes(1) {
            "now".to_owned()
        } else {
            format!("in {}", duration_text(at - now))
        }
    }

    /// `next Kilju at 03:49, in 6 h 14 min`: what comes after `now` for a train that stands
    /// at `at_stop` (to depart) or runs towards `ahead`.
    fn next(&self, now: DateTime<Utc>, at_stop: Option<usize>, ahead: Option<usize>) -> String {
        let stops = &self.journey.route().stops;
        if let Some(i) = at_stop {
            return match stops.get(i).and_then(|s| s.depart) {
                Some(depart) if depart >= now => format!(
                    "departs at {}, {}",
                    self.stop_time(i, depart, now),
                    Self::wait(depart, now)
                ),
                _ => "the end of the journey".to_owned(),
            };
        }
        match ahead.and_then(|i| Some((i, stops.get(i)?.first_instant()))) {
            Some((i, arrives)) => format!(
                "next {} at {}, {}",
                self.stop(i),
                self.stop_time(i, arrives, now),
                Self::wait(arrives, now)
            ),
            None => "the end of the journey".to_owned(),
        }
    }

    /// The line for event `e`: `Tue 17 Jun 21:35 MSK+6, day 1: departed Hamhung, km 296;
    /// next Kilju at 03:49, in 6 h 14 min`.
    #[must_use]
    pub fn event(&self, e: &JourneyEvent) -> String {
        let (what, next) = match e.kind {
            JourneyEventKind::Depart(i) => (
                format!("departed {}", self.stop(i)),
                self.next(e.at, None, Some(i + 1)),
            ),
            JourneyEventKind::Arrive(i) => (
                format!("arrived at {}", self.stop(i)),
                self.next(e.at, Some(i), None),
            ),
            JourneyEventKind::ZoneChange { .. } | JourneyEventKind::Route(_) => {
                let state = self.journey.state_at(e.at);
                let at_stop = matches!(state.status, Status::NotDeparted | Status::Stopped)
                    .then_some(state.stop)
                    .flatten();
                (spoken(&e.title), self.next(e.at, at_stop, state.next_stop))
            }
        };
        format!(
            "{}: {what}, {}; {next}",
            self.when(e.at, e.km),
            self.distance(e.km)
        )
    }

    /// The answer to `s`: where the train is at `at`, and what is next.
    #[must_use]
    pub fn where_now(&self, at: DateTime<Utc>) -> String {
        let route = self.journey.route();
        let state = self.journey.state_at(at);
        let here = state.stop.map(|i| self.stop(i)).unwrap_or_default();
        let (doing, at_stop) = match state.status {
            Status::NotDeparted => (format!("waiting at {here}"), state.stop),
            Status::Stopped => (format!("stopped at {here}"), state.stop),
            Status::Arrived => (format!("arrived at {here}"), state.stop),
            Status::Running => (
                format!(
                    "running from {} to {} at {}",
                    state
                        .previous_stop
                        .map(|i| self.stop(i))
                        .unwrap_or_default(),
                    state.next_stop.map(|i| self.stop(i)).unwrap_or_default(),
                    self.speed(state.speed_kmh)
                ),
                None,
            ),
        };
        let total = route.total_km() / self.units.km_per_unit();
        format!(
            "{}: {doing}, {} of {}, {:.0}% of the way; {}",
            self.when(at, state.km),
            self.distance(state.km),
            format_number(total.round()),
            if state.status == Status::Arrived {
                100.0
            } else {
                route.percent_done(state.km).floor()
            },
            self.next(at, at_stop, state.next_stop)
        )
    }

    /// `87 km/h` (`54 mph`).
    fn speed(&self, kmh: f64) -> String {
        let per_unit = self.units.km_per_unit();
        let unit = match self.units {
            Units::Km => "km/h",
            Units::Miles => "mph",
        };
        format!("{:.0} {unit}", kmh.max(0.0) / per_unit)
    }

    /// The answer to `n`: the next stops after `at` with their times, and the next event.
    #[must_use]
    pub fn next_stops(&self, at: DateTime<Utc>) -> String {
        let route = self.journey.route();
        let state = self.journey.state_at(at);
        let stops: Vec<String> = route
            .stops
            .iter()
            .enumerate()
            .filter(|(_, s)| s.first_instant() > at)
            .take(NEXT_STOPS)
            .map(|(i, s)| {
                let arrives = s.first_instant();
                format!(
                    "{} at {}, {}",
                    self.stop(i),
                    self.stop_time(i, arrives, at),
                    Self::wait(arrives, at)
                )
            })
            .collect();
        let stops = if stops.is_empty() {
            "no more stops: the journey is over".to_owned()
        } else {
            format!("next stops: {}", stops.join("; "))
        };
        let event = state
            .next_event
            .and_then(|i| self.journey.timeline().get(i))
            .map(|e| {
                format!(
                    "; next event: {}, {}",
                    spoken(&e.title),
                    Self::wait(e.at, at)
                )
            })
            .unwrap_or_default();
        format!("{}: {stops}{event}", self.when(at, state.km))
    }

    /// The answer to `t`: the time at `at` on every clock the app shows.
    #[must_use]
    pub fn clocks(&self, at: DateTime<Utc>) -> String {
        let route = self.journey.route();
        let state = self.journey.state_at(at);
        let shown = crate::ui::clocks::shown_clocks(route, self.clocks, self.local_tz);
        let clocks: Vec<String> = shown
            .iter()
            .map(|clock| {
                let tz = clock.zone.unwrap_or(state.tz);
                let offsets = offsets_text(route.reference(), tz, at, ", ");
                let zone = if clock.names_zone {
                    format!(", {}", tz.name())
                } else {
                    String::new()
                };
                format!(
                    "{} {} ({offsets}{zone})",
                    spoken(&clock.title),
                    at.with_timezone(&tz).format("%H:%M %a %-d %b")
                )
            })
            .collect();
        format!(
            "{}: the time on every clock: {}",
            self.when(at, state.km),
            clocks.join("; ")
        )
    }

    /// The opening lines at `at`: the route, the speed and the keys (where the train is
    /// follows: the events of that instant, or [`Narrator::where_now`]).
    #[must_use]
    pub fn opening(&self, at: DateTime<Utc>, speed: f64) -> Vec<String> {
        let route = self.journey.route();
        let (first, last) = (self.stop(0), self.stop(route.stops.len().saturating_sub(1)));
        let left = route.arrival() - at;
        #[allow(clippy::cast_possible_truncation)] // minutes of a journey at 1x or faster
        let wall = chrono::TimeDelta::seconds((left.as_seconds_f64() / speed.max(1.0)) as i64);
        vec![
            format!(
                "{}: {first} to {last}, {} {}, {} stops. Narrated at {} times real time: the rest of the journey in {}.",
                spoken(&route.name),
                format_number((route.total_km() / self.units.km_per_unit()).round()),
                self.units.name(),
                route.stops.len(),
                format_number(speed.round()),
                wall_text(wall)
            ),
            KEYS_HELP.to_owned(),
        ]
    }

    /// The closing line, after the arrival.
    #[must_use]
    pub fn end(&self) -> String {
        let route = self.journey.route();
        format!(
            "The journey is over: {} {} in {}.",
            format_number((route.total_km() / self.units.km_per_unit()).round()),
            self.units.name(),
            duration_text(route.arrival() - route.departure())
        )
    }

    /// The line after `q` at `at`.
    #[must_use]
    pub fn quit(&self, at: DateTime<Utc>) -> String {
        let km = self.journey.state_at(at).km;
        format!(
            "{}: narration stopped, {}.",
            self.when(at, km),
            self.distance(km)
        )
    }
}

/// A wall-clock length: `19 min 30 s`, `45 s`, `2 h 05 min`.
fn wall_text(d: chrono::TimeDelta) -> String {
    let secs = d.num_seconds().max(0);
    if secs >= 3600 {
        duration_text(d)
    } else if secs >= 60 {
        format!("{} min {:02} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    }
}

/// The answer to a line typed that is no key, saying what the `keys` are.
#[must_use]
pub fn unknown(line: &str, keys: &str) -> String {
    format!(
        "{} is not a key here. {keys}",
        crate::util::text::quote(&spoken(line))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn journey(id: &str) -> Journey {
        Journey::new(load_builtin(builtin(id).unwrap(), None).unwrap())
    }

    #[test]
    fn arrows_become_words_and_drawing_characters_go() {
        assert_eq!(spoken("Khasan → Tumangang"), "Khasan to Tumangang");
        assert_eq!(spoken("a ─│ b ⣿ c █"), "a b c");
        assert_eq!(spoken("bell\u{7} here"), "bell\u{FFFD} here");
    }

    #[test]
    fn a_departure_names_the_next_stop_with_its_time_and_the_wait() {
        let j = journey("pyongyang-moscow");
        let narrator = Narrator::new(&j, Units::Km, &[], chrono_tz::UTC);
        let depart = j
            .timeline()
            .iter()
            .find(|e| e.kind == JourneyEventKind::Depart(1))
            .unwrap();
        let line = narrator.event(depart);
        let hamhung = &j.route().stops[1];
        let kilju = &j.route().stops[2];
        let expected_when = depart
            .at
            .with_timezone(&hamhung.tz)
            .format("%a %-d %b %H:%M MSK+6, day 1")
            .to_string();
        assert!(line.starts_with(&expected_when), "{line}");
        assert!(line.contains(": departed Hamhung, km "), "{line}");
        let arrives = kilju.arrive.unwrap().with_timezone(&kilju.tz);
        assert!(
            line.contains(&format!("; next Kilju at {}", arrives.format("%H:%M")))
                || line.contains(&format!("; next Kilju at {}", arrives.format("%a %H:%M"))),
            "{line}"
        );
        assert!(
            line.ends_with(&format!(
                "in {}",
                duration_text(kilju.arrive.unwrap() - depart.at)
            )),
            "{line}"
        );
    }

    #[test]
    fn a_route_without_a_reference_shows_no_msk() {
        let text = include_str!("../../tests/fixtures/valid/dst-fold.toml");
        let route = crate::route::load::parse_route("dst-fold.toml", text, None).unwrap();
        let j = Journey::new(route);
        let narrator = Narrator::new(&j, Units::Km, ClockKind::ALL, chrono_tz::UTC);
        for e in j.timeline() {
            let line = narrator.event(e);
            assert!(!line.contains("MSK"), "{line}");
            assert!(line.contains(" UTC"), "{line}");
        }
        assert!(!narrator.clocks(j.route().departure()).contains("MSK"));
    }

    #[test]
    fn the_last_arrival_ends_the_journey() {
        let j = journey("khasan-tumangang");
        let narrator = Narrator::new(&j, Units::Miles, &[], chrono_tz::UTC);
        let end = j.route().stops.len() - 1;
        let last = j
            .timeline()
            .iter()
            .find(|e| e.kind == JourneyEventKind::Arrive(end))
            .unwrap();
        let line = narrator.event(last);
        assert!(line.contains("arrived at Tumangang, mile "), "{line}");
        assert!(line.ends_with("; the end of the journey"), "{line}");
        assert!(
            narrator
                .where_now(j.route().arrival())
                .contains("100% of the way")
        );
    }
}
