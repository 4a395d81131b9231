//! The journey's events in time order: departures, arrivals, zone changes and route events.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::zones::{msk_label, offset_secs, signed_hours, utc_label};
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
            Self::Route(kind) => EventClass::from(*kind),
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
/// `map_on` and `caption_on`, hooks (`LONGRAIL_EVENT`) and `state` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventClass {
    /// The train's clock changes zone.
    Zone,
    /// A border crossing (a route event).
    Border,
    /// A change of gauge (a route event).
    Gauge,
    /// A through car changes trains (a route event).
    Transfer,
    /// A notable bridge (a route event).
    Bridge,
    /// A river crossing (a route event).
    River,
    /// Something to look at (a route event).
    Landmark,
    /// Anything else in the route's events.
    Note,
    /// The train reaches a stop.
    Arrive,
    /// The train leaves a stop.
    Depart,
}

impl EventClass {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Self; 10] = [
        Self::Zone,
        Self::Border,
        Self::Gauge,
        Self::Transfer,
        Self::Bridge,
        Self::River,
        Self::Landmark,
        Self::Note,
        Self::Arrive,
        Self::Depart,
    ];

    /// The name users write (`border`, `zone`, `arrive`...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Zone => "zone",
            Self::Arrive => "arrive",
            Self::Depart => "depart",
            Self::Border => EventKind::Border.name(),
            Self::Gauge => EventKind::Gauge.name(),
            Self::Transfer => EventKind::Transfer.name(),
            Self::Bridge => EventKind::Bridge.name(),
            Self::River => EventKind::River.name(),
            Self::Landmark => EventKind::Landmark.name(),
            Self::Note => EventKind::Note.name(),
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
                    crate::text::quote(text),
                    Self::names()
                )
            })
    }
}

impl From<EventKind> for EventClass {
    fn from(kind: EventKind) -> Self {
        match kind {
            EventKind::Border => Self::Border,
            EventKind::Gauge => Self::Gauge,
            EventKind::Transfer => Self::Transfer,
            EventKind::Bridge => Self::Bridge,
            EventKind::River => Self::River,
            EventKind::Landmark => Self::Landmark,
            EventKind::Note => Self::Note,
        }
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

/// Build the sorted timeline of a route, given when the train passes each km.
pub fn build(route: &Route, instant_at_km: impl Fn(f64) -> DateTime<Utc>) -> Vec<JourneyEvent> {
    let mut events = Vec::new();
    for (i, stop) in route.stops.iter().enumerate() {
        if let Some(at) = stop.arrive {
            events.push(JourneyEvent {
                at,
                km: stop.km,
                kind: JourneyEventKind::Arrive(i),
                title: format!("Arrives at {}", stop.name),
            });
        }
        if let Some(at) = stop.depart {
            events.push(JourneyEvent {
                at,
                km: stop.km,
                kind: JourneyEventKind::Depart(i),
                title: format!("Departs from {}", stop.name),
            });
        }
    }
    for pair in route.zones.windows(2) {
        let (from, to) = (pair[0].tz, pair[1].tz);
        let at = instant_at_km(pair[1].km);
        let delta_secs = offset_secs(to, at) - offset_secs(from, at);
        let title = zone_title(to, at, delta_secs);
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
    for e in &route.events {
        events.push(JourneyEvent {
            at: instant_at_km(e.km),
            km: e.km,
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
/// of zone with the same offset.
#[must_use]
pub fn zone_title(to: Tz, at: DateTime<Utc>, delta_secs: i32) -> String {
    let change = if delta_secs == 0 {
        "clocks unchanged".to_owned()
    } else {
        format!("clocks {} h", signed_hours(delta_secs))
    };
    format!(
        "{change}: now {} ({}), {}",
        utc_label(to, at),
        msk_label(to, at),
        to.name()
    )
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
            assert_eq!(EventClass::from(kind).name(), kind.name());
        }
        let err = EventClass::parse("bordr").unwrap_err();
        assert!(
            err.contains("\"bordr\"") && err.contains(&EventClass::names()),
            "{err}"
        );
    }
}
