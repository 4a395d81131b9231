//! `/` on the network: a route (by short name, long name or id), a stop (by name) or a trip
//! (by id or headsign), ranked by the same fuzzy matcher as the journey's find, as you type.

use std::time::Duration;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::super::line_edit::LineEdit;
use super::super::{Key, KeyCode};
use super::{NetworkView, RunId};
use crate::network::Network;
use crate::util::text::sanitize;

/// How many suggestions are shown.
pub const MAX_FOUND: usize = 8;

/// What a suggestion leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A route (an index into the network's routes).
    Route(u32),
    /// A stop.
    Stop(u32),
    /// A trip.
    Trip(u32),
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What is shown.
    pub label: String,
    /// Beside it, dimmer: what kind of thing it is.
    pub detail: String,
    /// Where Enter goes.
    pub target: Target,
}

/// The open find box: the line typed, the suggestions, the one chosen.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// The line.
    pub line: LineEdit,
    /// The suggestions for it, best first.
    pub found: Vec<Found>,
    /// Which suggestion Enter takes.
    pub chosen: usize,
}

/// The best suggestions for `query` in `network`: routes, then stations, then trips, each
/// kind ranked by score, at most [`MAX_FOUND`] in all.
#[must_use]
pub fn search(network: &Network, query: &str) -> Vec<Found> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let mut scorer = Scorer {
        matcher: Matcher::new(Config::DEFAULT),
        pattern: Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
        buf: Vec::new(),
    };
    let mut all: Vec<(u32, Found)> = Vec::new();
    routes(network, &mut scorer, &mut all);
    stops(network, &mut scorer, &mut all);
    for (i, t) in network.trips().iter().enumerate().filter(|(_, t)| t.runs()) {
        if let (Some(s), Ok(i)) = (scorer.best(&[&t.id]), u32::try_from(i)) {
            let detail = format!("trip · to {}", sanitize(&t.headsign));
            let label = sanitize(&t.id);
            all.push((
                s,
                Found {
                    label,
                    detail,
                    target: Target::Trip(i),
                },
            ));
        }
    }
    all.sort_by_key(|f| std::cmp::Reverse(f.0));
    // Stops of one name (a station's several entrances or complexes) are offered once.
    let mut seen = std::collections::HashSet::new();
    all.into_iter()
        .map(|(_, f)| f)
        .filter(|f| seen.insert((f.label.clone(), f.detail.clone())))
        .take(MAX_FOUND)
        .collect()
}

/// Scores names against one query.
struct Scorer {
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
}

impl Scorer {
    /// The best score of any of `names`, if one matches.
    fn best(&mut self, names: &[&str]) -> Option<u32> {
        names
            .iter()
            .filter_map(|n| {
                self.pattern
                    .score(Utf32Str::new(n, &mut self.buf), &mut self.matcher)
            })
            .max()
    }
}

/// The routes that match, ahead of stops and trips.
fn routes(network: &Network, scorer: &mut Scorer, all: &mut Vec<(u32, Found)>) {
    for (i, r) in network.routes().iter().enumerate() {
        if let (Some(s), Ok(i)) = (
            scorer.best(&[&r.short_name, &r.long_name, &r.id]),
            u32::try_from(i),
        ) {
            let label = sanitize(if r.short_name.is_empty() {
                &r.long_name
            } else {
                &r.short_name
            });
            let detail = format!("route · {}", sanitize(&r.long_name));
            all.push((
                s + 1000,
                Found {
                    label,
                    detail,
                    target: Target::Route(i),
                },
            ));
        }
    }
}

/// The stations and stops (not platforms) that match, ahead of trips.
fn stops(network: &Network, scorer: &mut Scorer, all: &mut Vec<(u32, Found)>) {
    for (i, s) in network.stops().iter().enumerate() {
        let shown = (s.parent.is_none() || s.station) && s.coord.is_some();
        if !shown {
            continue;
        }
        if let (Some(sc), Ok(i)) = (scorer.best(&[&s.name]), u32::try_from(i)) {
            let found = Found {
                label: sanitize(&s.name),
                detail: "stop".into(),
                target: Target::Stop(i),
            };
            all.push((sc + 500, found));
        }
    }
}

impl NetworkView {
    /// A key for the open find box.
    pub(super) fn find_key(&mut self, key: Key, wall: Duration) {
        let _ = wall;
        let Some(find) = &mut self.find else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.find = None,
            KeyCode::Up => find.chosen = find.chosen.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                find.chosen = (find.chosen + 1).min(find.found.len().saturating_sub(1));
            }
            KeyCode::Enter => {
                let target = find.found.get(find.chosen).map(|f| f.target);
                self.find = None;
                match target {
                    Some(t) => self.go_to(t),
                    None => {
                        self.notice =
                            Some("nothing found: type part of a route, stop or trip".into())
                    }
                }
            }
            _ => {
                if find.line.key(key) {
                    find.found = search(&self.atlas.network, &find.line.text());
                    find.chosen = 0;
                }
            }
        }
    }

    /// Show what was found: a route's whole line, a stop close up (its departures under
    /// `i`), a trip's train selected and followed (when it runs now).
    fn go_to(&mut self, target: Target) {
        match target {
            Target::Route(r) => self.show_route(r),
            Target::Stop(s) => {
                let coord = self
                    .network()
                    .stops()
                    .get(s as usize)
                    .and_then(|st| st.coord);
                if let Some((lat, lon)) = coord {
                    self.stop = Some(s);
                    self.look(lat, lon, 0.05);
                    self.show_departures(s);
                }
            }
            Target::Trip(t) => {
                let running = self.trains.iter().find(|m| m.train.trip == t);
                match running {
                    Some(m) => {
                        self.selected = Some(RunId::of(&m.train));
                        self.map.follow = true;
                        if self.map.span.is_none() {
                            self.map.span = Some(0.1);
                        }
                    }
                    None => {
                        self.notice = Some(format!(
                            "trip {} is not running at this instant",
                            crate::util::text::quote(&self.network().trips()[t as usize].id)
                        ));
                    }
                }
            }
        }
    }

    /// Fit the map to route `r`'s lines, and say how many of its trains run.
    fn show_route(&mut self, r: u32) {
        let mut b: Option<(f64, f64, f64, f64)> = None;
        for line in self
            .lines()
            .at_detail(f64::INFINITY)
            .iter()
            .filter(|l| l.route == r)
        {
            let l = line.bbox;
            b = Some(b.map_or(l, |b| {
                (b.0.min(l.0), b.1.min(l.1), b.2.max(l.2), b.3.max(l.3))
            }));
        }
        let running = self
            .trains
            .iter()
            .filter(|m| {
                self.network()
                    .trips()
                    .get(m.train.trip as usize)
                    .is_some_and(|t| t.route == r)
            })
            .count();
        if let Some(b) = b {
            let span = ((b.3 - b.1) * 1.2).max(0.02);
            self.look(f64::midpoint(b.1, b.3), f64::midpoint(b.0, b.2), span);
        }
        let name = self
            .network()
            .routes()
            .get(r as usize)
            .map_or_else(String::new, |x| sanitize(&x.short_name));
        self.notice = Some(format!("route {name}: {running} trains running"));
    }
}
