//! The journey's events in time order: departures, arrivals, zone changes and route events.

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use chrono_tz::Tz;

use super::zones::{offset_secs, reference_label, signed_hours, utc_label};
use crate::route::{EventKind, Route};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JourneyEventKind {
    /// The train leaves stop `.0`.
    Depart(usize),
    /// The train reaches stop `.0`.
    Arrive(usize),
    /// The train's clock changes zone.
    ZoneChange {
        /// Zone before.
        from: Tz,
        /// Zone after.
        to: Tz,
        /// Change of the UTC offset, seconds (positive: clocks go forward).
        delta_secs: i32,
    },
    /// A route event from the file.
    Route(EventKind),
}

impl JourneyEventKind {
    /// Notable events are what the "last/next event" queries and jump keys use: everything
    /// but departures and arrivals.
    #[must_use]
    pub fn is_notable(&self) -> bool {
        !matches!(self, Self::Depart(_) | Self::Arrive(_))
    }

    /// What kind of event this is, without its details.
    #[must_use]
    pub fn class(&self) -> EventClass {
        match self {
            Self::Depart(_) => EventClass::Depart,
            Self::Arrive(_) => EventClass::Arrive,
            Self::ZoneChange { .. } => EventClass::Zone,
            Self::Route(kind) => EventClass::Route(*kind),
        }
    }

    /// Whether the train's clock changes here: a zone change to another UTC offset.
    #[must_use]
    pub fn changes_clock(&self) -> bool {
        matches!(self, Self::ZoneChange { delta_secs, .. } if *delta_secs != 0)
    }

    /// Whether this is a `class` event as `--pause-on`, the jump keys and a demo's cues mean
    /// it: a change of zone that leaves the clock as it was is no `zone` event there.
    #[must_use]
    pub fn is(&self, class: EventClass) -> bool {
        self.class() == class && (class != EventClass::Zone || self.changes_clock())
    }

    /// Short machine name: `depart`, `arrive`, `zone`, or the route event's kind.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.class().name()
    }
}

/// The kind of a journey event without its details: what `--pause-on`, a demo script's
/// `map_on` and `caption_on`, hooks (`LONGRAIL_EVENT`) and `state` name. The route's own
/// kinds are [`EventKind`]'s, listed there once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventClass {
    /// The train's clock changes zone.
    Zone,
    /// A route event of this kind (a border, a change of gauge...).
    Route(EventKind),
    /// The train reaches a stop.
    Arrive,
    /// The train leaves a stop.
    Depart,
}

impl EventClass {
    /// Every kind, in the order the docs list them: the zone, the route's kinds, the stops.
    pub const ALL: [Self; EventKind::ALL.len() + 3] = {
        let mut all = [Self::Zone; EventKind::ALL.len() + 3];
        let mut i = 0;
        while i < EventKind::ALL.len() {
            all[i + 1] = Self::Route(EventKind::ALL[i]);
            i += 1;
        }
        all[i + 1] = Self::Arrive;
        all[i + 2] = Self::Depart;
        all
    };

    /// The name users write (`border`, `zone`, `arrive`...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Zone => "zone",
            Self::Arrive => "arrive",
            Self::Depart => "depart",
            Self::Route(kind) => kind.name(),
        }
    }

    /// Every kind's name, comma-separated, for messages.
    #[must_use]
    pub fn names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
        names.join(", ")
    }

    /// Parse a kind's name, exactly as [`EventClass::name`] writes it.
    ///
    /// # Errors
    /// A message naming the text and listing every kind.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| {
                format!(
                    "{} is not an event kind: use one of {}",
                    crate::util::text::quote(text),
                    Self::names()
                )
            })
    }
}

/// One event of the journey, at its exact instant.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Where, km along the route.
    pub km: f64,
    /// What.
    pub kind: JourneyEventKind,
    /// What to show.
    pub title: String,
}

/// The title of an arrival or a departure at the stop called `name` (`Arrives at Hamhung`);
/// `None` for other events, whose titles are their own.
#[must_use]
pub fn stop_title(kind: JourneyEventKind, name: &str) -> Option<String> {
    match kind {
        JourneyEventKind::Arrive(_) => Some(format!("Arrives at {name}")),
        JourneyEventKind::Depart(_) => Some(format!("Departs from {name}")),
        JourneyEventKind::ZoneChange { .. } | JourneyEventKind::Route(_) => None,
    }
}

/// Build the sorted timeline of a route, given when the train passes each km.
pub fn build(route: &Route, instant_at_km: impl Fn(f64) -> DateTime<Utc>) -> Vec<JourneyEvent> {
    let mut events = Vec::new();
    for (i, stop) in route.stops.iter().enumerate() {
        if let Some(at) = stop.arrive {
            events.push(JourneyEvent {
                at,
                km: stop.km,
                kind: JourneyEventKind::Arrive(i),
                title: stop_title(JourneyEventKind::Arrive(i), &stop.name).unwrap_or_default(),
            });
        }
        if let Some(at) = stop.depart {
            events.push(JourneyEvent {
                at,
                km: stop.km,
                kind: JourneyEventKind::Depart(i),
                title: stop_title(JourneyEventKind::Depart(i), &stop.name).unwrap_or_default(),
            });
        }
    }
    for pair in route.zones.windows(2) {
        let (from, to) = (pair[0].tz, pair[1].tz);
        let at = instant_at_km(pair[1].km);
        let delta_secs = offset_secs(to, at) - offset_secs(from, at);
        let title = zone_title(route, to, at, delta_secs);
        events.push(JourneyEvent {
            at,
            km: pair[1].km,
            kind: JourneyEventKind::ZoneChange {
                from,
                to,
                delta_secs,
            },
            title,
        });
    }
    events.extend(daylight_saving(route, &instant_at_km));
    for e in &route.events {
        events.push(JourneyEvent {
            at: instant_at_km(e.km),
            km: e.km,
            kind: JourneyEventKind::Route(e.kind),
            title: e.title.clone(),
        });
    }
    let (first_km, last_km) = route.km_range();
    for e in route.realtime.iter().flat_map(|r| &r.news) {
        events.push(JourneyEvent {
            at: e.at,
            km: km_at(&instant_at_km, first_km, last_km, e.at),
            kind: JourneyEventKind::Route(e.kind),
            title: e.title.clone(),
        });
    }
    events.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(a.km.total_cmp(&b.km))
            .then(order(&a.kind).cmp(&order(&b.kind)))
    });
    events
}

/// The clock changes within one zone while the train is in it (daylight saving begins or
/// ends), as zone changes from the zone to itself.
fn daylight_saving(
    route: &Route,
    instant_at_km: &impl Fn(f64) -> DateTime<Utc>,
) -> Vec<JourneyEvent> {
    let (departure, arrival) = (route.departure(), route.arrival());
    let mut events = Vec::new();
    for (i, zone) in route.zones.iter().enumerate() {
        let start = if i == 0 {
            departure
        } else {
            instant_at_km(zone.km)
        };
        let end = route
            .zones
            .get(i + 1)
            .map_or(arrival, |next| instant_at_km(next.km));
        let last_km = route.stops.last().map_or(zone.km, |s| s.km);
        let end_km = route.zones.get(i + 1).map_or(last_km, |next| next.km);
        for at in offset_changes(zone.tz, start, end) {
            let km = km_at(instant_at_km, zone.km, end_km, at);
            let delta_secs =
                offset_secs(zone.tz, at) - offset_secs(zone.tz, at - TimeDelta::seconds(1));
            let title = format!(
                "{} (daylight saving)",
                zone_title(route, zone.tz, at, delta_secs)
            );
            events.push(JourneyEvent {
                at,
                km,
                kind: JourneyEventKind::ZoneChange {
                    from: zone.tz,
                    to: zone.tz,
                    delta_secs,
                },
                title,
            });
        }
    }
    events
}

/// Where the train is at `at`, between `lo` and `hi` km: the km whose passing instant is
/// `at`, by bisection (the passing instant never decreases along the route).
fn km_at(
    instant_at_km: &impl Fn(f64) -> DateTime<Utc>,
    mut lo: f64,
    mut hi: f64,
    at: DateTime<Utc>,
) -> f64 {
    for _ in 0..48 {
        let mid = f64::midpoint(lo, hi);
        if instant_at_km(mid) <= at {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The instants in `(start, end]` at which `tz`'s UTC offset changes, to the second: hourly
/// samples, then bisection where two samples differ.
fn offset_changes(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut found = Vec::new();
    let mut lo = start;
    while lo < end {
        let hi = (lo + TimeDelta::hours(1)).min(end);
        if offset_secs(tz, lo) != offset_secs(tz, hi) {
            let (mut a, mut b) = (lo, hi);
            while b - a > TimeDelta::seconds(1) {
                let mid = a + (b - a) / 2;
                if offset_secs(tz, mid) == offset_secs(tz, a) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            // The change is at a whole second (tz transitions are): the first whole second
            // in (a, b] with the new offset, so the event prints as the instant it is.
            let whole = b.with_nanosecond(0).unwrap_or(b);
            let change = if whole > a && offset_secs(tz, whole) == offset_secs(tz, b) {
                whole
            } else {
                whole + TimeDelta::seconds(1)
            };
            found.push(change);
        }
        lo = hi;
    }
    found
}

/// Order of simultaneous events: arrive, then what happens at the stop, then depart.
fn order(kind: &JourneyEventKind) -> u8 {
    match kind {
        JourneyEventKind::Arrive(_) => 0,
        JourneyEventKind::ZoneChange { .. } => 1,
        JourneyEventKind::Route(_) => 2,
        JourneyEventKind::Depart(_) => 3,
    }
}

/// `clocks +1 h: now UTC+10 (MSK+7), Asia/Vladivostok`, or `clocks unchanged` for a change
/// of zone with the same offset; without a reference clock on the route, `now UTC+10,
/// Asia/Vladivostok`.
#[must_use]
pub fn zone_title(route: &Route, to: Tz, at: DateTime<Utc>, delta_secs: i32) -> String {
    let change = if delta_secs == 0 {
        "clocks unchanged".to_owned()
    } else {
        format!("clocks {} h", signed_hours(delta_secs))
    };
    let now = match route.reference() {
        Some(reference) => format!(
            "{} ({})",
            utc_label(to, at),
            reference_label(Some(reference), to, at)
        ),
        None => utc_label(to, at),
    };
    format!("{change}: now {now}, {}", to.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_change_that_keeps_the_clock_is_no_zone_event() {
        let tz = chrono_tz::Asia::Vladivostok;
        let kept = JourneyEventKind::ZoneChange {
            from: chrono_tz::Asia::Magadan,
            to: tz,
            delta_secs: 0,
        };
        let moved = JourneyEventKind::ZoneChange {
            from: chrono_tz::Asia::Pyongyang,
            to: tz,
            delta_secs: 3600,
        };
        assert!(!kept.changes_clock() && !kept.is(EventClass::Zone));
        assert!(moved.changes_clock() && moved.is(EventClass::Zone));
        assert_eq!(
            kept.class(),
            EventClass::Zone,
            "still a zone change by kind"
        );
        assert!(JourneyEventKind::Arrive(1).is(EventClass::Arrive));
    }

    #[test]
    fn every_kind_parses_back_from_its_name_and_route_kinds_keep_theirs() {
        for kind in EventClass::ALL {
            assert_eq!(EventClass::parse(kind.name()), Ok(kind));
        }
        for kind in EventKind::ALL {
            assert_eq!(EventClass::Route(kind).name(), kind.name());
        }
        let names = EventClass::names();
        assert_eq!(
            names,
            "zone, border, gauge, transfer, bridge, river, landmark, note, arrive, depart"
        );
        let err = EventClass::parse("bordr").unwrap_err();
        assert!(
            err.contains("\"bordr\"") && err.contains(&EventClass::names()),
            "{err}"
        );
    }

    fn zone_changes(text: &str) -> Vec<(String, i32, String)> {
        let route = crate::route::load::parse_route("fixture.toml", text, None).unwrap();
        let journey = crate::sim::Journey::new(route);
        journey
            .timeline()
            .iter()
            .filter_map(|e| match e.kind {
                JourneyEventKind::ZoneChange { delta_secs, .. } => {
                    Some((e.at.to_rfc3339(), delta_secs, e.title.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// The instants are Python's: `datetime(2025,11,2,7,tzinfo=timezone.utc)
    /// .astimezone(ZoneInfo("America/Chicago"))` is 01:00-06:00, a second earlier 01:59:59-05:00
    /// (and 08:00Z on 8 Mar 2026 is 03:00-05:00, 07:59:59Z 01:59:59-06:00).
    #[test]
    fn daylight_saving_changes_within_one_zone_are_clock_changes() {
        let fold = zone_changes(include_str!("../../tests/fixtures/valid/dst-fold.toml"));
        assert!(
            fold.iter()
                .any(|(at, delta, title)| at == "2025-11-02T07:00:00+00:00"
                    && *delta == -3600
                    && title.starts_with("clocks −1 h: now UTC−6")
                    && title.ends_with("America/Chicago (daylight saving)")),
            "{fold:?}"
        );
        let gap = zone_changes(include_str!("../../tests/fixtures/valid/dst-gap.toml"));
        assert_eq!(gap.len(), 1, "{gap:?}");
        assert_eq!(
            (gap[0].0.as_str(), gap[0].1),
            ("2026-03-08T08:00:00+00:00", 3600)
        );
    }

    #[test]
    fn a_route_without_daylight_saving_gets_no_extra_changes() {
        let route = crate::route::builtin::load_builtin(
            crate::route::builtin::builtin("pyongyang-moscow").unwrap(),
            None,
        )
        .unwrap();
        let journey = crate::sim::Journey::new(route);
        assert!(
            !journey
                .timeline()
                .iter()
                .any(|e| e.title.contains("daylight saving"))
        );
    }
}
