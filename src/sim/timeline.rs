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

    /// Short machine name: `depart`, `arrive`, `zone`, or the route event's kind.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Depart(_) => "depart",
            Self::Arrive(_) => "arrive",
            Self::ZoneChange { .. } => "zone",
            Self::Route(kind) => kind.name(),
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
