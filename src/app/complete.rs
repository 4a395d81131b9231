//! Suggestions for what is being typed: station names for the go-to prompt, and stations and
//! events for `/` find, ranked by a fuzzy matcher (nucleo's, the one helix uses), over names
//! and local names alike.

use chrono::{DateTime, Utc};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::route::Stop;
use crate::sim::{Journey, JourneyEventKind};
use crate::util::text::sanitize;

/// How many suggestions are kept.
pub const MAX_MATCHES: usize = 8;

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// What is shown: a station's name, or an event's title.
    pub label: String,
    /// Shown beside it, dimmer: the local name, and when (`d3 14:00`).
    pub detail: String,
    /// What Tab puts in the prompt.
    pub fill: String,
    /// Where Enter goes.
    pub at: DateTime<Utc>,
}

/// The journey day and the local time of `at` at `tz`: `d3 14:00`, as the timetable prints.
fn stamp(journey: &Journey, at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let day = journey.journey_day(at);
    format!("d{day} {}", at.with_timezone(&tz).format("%H:%M"))
}

/// Scores haystacks against one query.
struct Scorer {
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
}

impl Scorer {
    fn new(query: &str) -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
            buf: Vec::new(),
        }
    }

    /// The best score of any of `names`, if one matches.
    fn best<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Option<u32> {
        names
            .into_iter()
            .filter_map(|n| {
                self.pattern
                    .score(Utf32Str::new(n, &mut self.buf), &mut self.matcher)
            })
            .max()
    }
}

/// A stop's names: its name and its local name.
fn names(stop: &Stop) -> impl Iterator<Item = &str> {
    std::iter::once(stop.name.as_str()).chain(stop.local_name.as_deref())
}

/// A stop as a suggestion, at its arrival (its departure at the first stop).
fn stop_match(journey: &Journey, stop: &Stop) -> Match {
    let at = stop
        .arrive
        .or(stop.depart)
        .unwrap_or_else(|| stop.first_instant());
    let local = stop
        .local_name
        .as_deref()
        .map(|n| format!("{} · ", sanitize(n)))
        .unwrap_or_default();
    Match {
        label: sanitize(&stop.name),
        detail: format!("{local}{}", stamp(journey, at, stop.tz)),
        fill: stop.name.clone(),
        at,
    }
}

/// How well `stop` answers `query` beyond the fuzzy score: 2 for a name equal to it, 1 for a
/// name starting with it (what Enter would take anyway), else 0.
fn closeness(stop: &Stop, query: &str) -> u8 {
    let query = query.trim().to_lowercase();
    names(stop)
        .map(|n| {
            let n = n.to_lowercase();
            if n == query {
                2
            } else {
                u8::from(n.starts_with(&query))
            }
        })
        .max()
        .unwrap_or(0)
}

/// Stops whose name or local name matches `query`, best first (then in route order).
#[must_use]
pub fn stations(journey: &Journey, query: &str) -> Vec<Match> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let mut scorer = Scorer::new(query);
    let mut found: Vec<(u8, u32, &Stop)> = journey
        .route()
        .stops
        .iter()
        .filter_map(|s| Some((closeness(s, query), scorer.best(names(s))?, s)))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse((f.0, f.1)));
    found
        .into_iter()
        .take(MAX_MATCHES)
        .map(|(_, _, s)| stop_match(journey, s))
        .collect()
}

/// Stops and notable events (zone changes, borders, landmarks...) matching `query`, best
/// first, then in time order; with nothing typed, every stop and event in time order.
#[must_use]
pub fn find(journey: &Journey, query: &str) -> Vec<Match> {
    let mut scorer = Scorer::new(query.trim());
    let mut found: Vec<(u32, Match)> = journey
        .route()
        .stops
        .iter()
        .filter_map(|s| Some((scorer.best(names(s))?, stop_match(journey, s))))
        .collect();
    for e in journey.timeline() {
        if !e.kind.is_notable() {
            continue;
        }
        let Some(score) = scorer.best([e.title.as_str(), e.kind.name()]) else {
            continue;
        };
        let tz = match e.kind {
            JourneyEventKind::ZoneChange { to, .. } => to,
            _ => journey.zone_at(e.km),
        };
        found.push((
            score,
            Match {
                label: sanitize(&e.title),
                detail: stamp(journey, e.at, tz),
                fill: e.title.clone(),
                at: e.at,
            },
        ));
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.at.cmp(&b.1.at)));
    found
        .into_iter()
        .take(MAX_MATCHES)
        .map(|(_, m)| m)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn westbound() -> Journey {
        Journey::new(load_builtin(builtin("pyongyang-moscow").unwrap(), None).unwrap())
    }

    fn labels(found: &[Match]) -> Vec<&str> {
        found.iter().map(|m| m.label.as_str()).collect()
    }

    #[test]
    fn station_names_complete_fuzzily_with_the_exact_and_prefix_first() {
        let j = westbound();
        let found = stations(&j, "nsk");
        assert!(
            labels(&found).contains(&"Novosibirsk"),
            "{:?}",
            labels(&found)
        );
        assert_eq!(labels(&stations(&j, "omsk"))[0], "Omsk");
        assert_eq!(labels(&stations(&j, "irk"))[0], "Irkutsk");
        assert!(stations(&j, "").is_empty());
        assert!(stations(&j, "zzzzqq").is_empty());
        assert!(found.len() <= MAX_MATCHES);
    }

    #[test]
    fn local_names_match_too() {
        let j = westbound();
        let stop = j
            .route()
            .stops
            .iter()
            .find(|s| s.local_name.is_some())
            .expect("a stop with a local name");
        let local = stop.local_name.clone().unwrap();
        let found = stations(&j, &local);
        assert_eq!(found[0].fill, stop.name, "{local}");
        assert!(found[0].detail.contains(&local));
    }

    #[test]
    fn find_reaches_events_and_stations() {
        let j = westbound();
        let found = find(&j, "border");
        assert!(!found.is_empty());
        let border = j
            .timeline()
            .iter()
            .find(|e| e.kind.name() == "border")
            .unwrap();
        assert!(
            found.iter().any(|m| m.at == border.at),
            "{:?}",
            labels(&found)
        );
        let found = find(&j, "Ulan");
        assert_eq!(found[0].label, "Ulan-Ude", "{:?}", labels(&found));
        assert_eq!(
            find(&j, "").len(),
            MAX_MATCHES,
            "nothing typed: the first few"
        );
    }
}
