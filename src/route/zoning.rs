//! Validation of `[[zones]]` and `[[events]]`, and the zone map built from them.

use std::ops::RangeInclusive;

use toml::Spanned;

use super::checker::{Checker, field};
use super::model::{EventKind, RouteEvent, Stop, ZoneBoundary, zone_in};
use super::raw::{RawEvent, RawStop, RawZone};
use crate::util::text;

/// Longest event title, in characters.
pub const MAX_TITLE: usize = 120;

/// Check the `[[zones]]` entries and build the zone map: the explicit boundaries, plus one at
/// the midpoint of every segment whose ends differ in zone and that has no explicit boundary.
pub fn check_zones(
    ck: &mut Checker<'_>,
    raw: &[Spanned<RawZone>],
    raw_stops: &[Spanned<RawStop>],
    stops: &[Stop],
) -> Vec<ZoneBoundary> {
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        return Vec::new();
    };
    let mut explicit: Vec<ZoneBoundary> = Vec::new();
    for (i, zone) in raw.iter().enumerate() {
        let subject = format!("zone entry {}", i + 1);
        let Some(entry) = check_zone_entry(ck, zone, &subject, first.km..=last.km) else {
            continue;
        };
        if follows_previous(ck, zone.get_ref(), &subject, &entry, explicit.last()) {
            explicit.push(entry);
        }
    }
    let map = build_map(&explicit, stops);
    check_stops_match_map(ck, &map, raw_stops, stops);
    map
}

/// The `tz` of every `[[zones]]` entry, on its own: a known zone (the rest of each entry is
/// checked against the stops once they are valid).
pub fn check_zone_names(ck: &mut Checker<'_>, raw: &[Spanned<RawZone>]) {
    for (i, zone) in raw.iter().enumerate() {
        if let Some(tz) = &zone.get_ref().tz {
            let subject = format!("zone entry {}", i + 1);
            let _ = ck.zone(tz, field(&subject, "tz"));
        }
    }
}

/// One `[[zones]]` entry's own keys: `km` on the route (within `on_route`) and a known `tz`.
fn check_zone_entry(
    ck: &mut Checker<'_>,
    zone: &Spanned<RawZone>,
    subject: &str,
    on_route: RangeInclusive<f64>,
) -> Option<ZoneBoundary> {
    let z = zone.get_ref();
    let range_help = format!(
        "a zone boundary lies on the route, from km {} to km {}",
        on_route.start(),
        on_route.end()
    );
    let km = ck
        .require(
            &z.km,
            &zone.span(),
            subject,
            "km",
            "add km = <where the clock changes>",
        )
        .and_then(|k| ck.number(k, field(subject, "km"), on_route, &range_help));
    let tz = ck
        .require(
            &z.tz,
            &zone.span(),
            subject,
            "tz",
            "add tz = \"Area/City\", the zone from this km on",
        )
        .and_then(|t| ck.zone(t, field(subject, "tz")));
    Some(ZoneBoundary { km: km?, tz: tz? })
}

/// Whether `entry` lies after the `previous` entry (the entries are in travel order); reports
/// it if not.
fn follows_previous(
    ck: &mut Checker<'_>,
    zone: &RawZone,
    subject: &str,
    entry: &ZoneBoundary,
    previous: Option<&ZoneBoundary>,
) -> bool {
    let Some(prev) = previous.filter(|prev| entry.km <= prev.km) else {
        return true;
    };
    ck.error(
        zone.km.as_ref().map(Spanned::span),
        field(subject, "km"),
        format!(
            "km {} is not after the previous zone entry's km {}",
            entry.km, prev.km
        ),
        "list [[zones]] entries in travel order, km increasing",
    );
    false
}

/// Every stop's own `tz` must be the zone the map gives its km.
fn check_stops_match_map(
    ck: &mut Checker<'_>,
    map: &[ZoneBoundary],
    raw_stops: &[Spanned<RawStop>],
    stops: &[Stop],
) {
    for (i, stop) in stops.iter().enumerate() {
        let found = zone_in(map, stop.km);
        if found != stop.tz {
            let span = raw_stops
                .get(i)
                .and_then(|s| s.get_ref().tz.as_ref())
                .map(Spanned::span);
            let subject = super::checker::stop_subject(i, Some(&stop.name));
            ck.error(span, field(&subject, "tz"), format!("the stop is in {} but the [[zones]] entries put km {} in {}", stop.tz.name(), stop.km, found.name()), format!("add a [[zones]] entry with tz = \"{}\" before this stop, or correct the stop's tz", stop.tz.name()));
        }
    }
}

fn build_map(explicit: &[ZoneBoundary], stops: &[Stop]) -> Vec<ZoneBoundary> {
    let mut all: Vec<ZoneBoundary> = explicit.to_vec();
    for pair in stops.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let covered = explicit.iter().any(|z| z.km > a.km && z.km <= b.km);
        if a.tz != b.tz && !covered {
            all.push(ZoneBoundary {
                km: f64::midpoint(a.km, b.km),
                tz: b.tz,
            });
        }
    }
    all.sort_by(|x, y| x.km.total_cmp(&y.km));
    let mut map = Vec::with_capacity(all.len() + 1);
    if let Some(first) = stops.first() {
        map.push(ZoneBoundary {
            km: first.km,
            tz: first.tz,
        });
    }
    for z in all {
        if map.last().is_some_and(|m: &ZoneBoundary| m.tz == z.tz) {
            continue;
        }
        if let Some(last) = map.last_mut().filter(|m| m.km == z.km) {
            *last = z;
        } else {
            map.push(z);
        }
    }
    map
}

/// Check the `[[events]]` entries; returns them sorted by km (stable).
pub fn check_events(
    ck: &mut Checker<'_>,
    raw: &[Spanned<RawEvent>],
    stops: &[Stop],
) -> Vec<RouteEvent> {
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        return Vec::new();
    };
    let mut events = Vec::with_capacity(raw.len());
    for (i, event) in raw.iter().enumerate() {
        let subject = format!("event {}", i + 1);
        let e = event.get_ref();
        let range_help = format!(
            "an event lies on the route, from km {} to km {}",
            first.km, last.km
        );
        let km = ck
            .require(
                &e.km,
                &event.span(),
                &subject,
                "km",
                "add km = <where it happens>",
            )
            .and_then(|k| ck.number(k, field(&subject, "km"), first.km..=last.km, &range_help));
        let kind = ck
            .require(&e.kind, &event.span(), &subject, "kind", &kinds_help())
            .and_then(|k| check_kind(ck, k, &subject));
        let title = ck
            .require(
                &e.title,
                &event.span(),
                &subject,
                "title",
                "add title = \"what the traveller sees\"",
            )
            .and_then(|t| ck.text(t, field(&subject, "title"), MAX_TITLE));
        if let (Some(km), Some(kind), Some(title)) = (km, kind, title) {
            events.push(RouteEvent { km, kind, title });
        }
    }
    events.sort_by(|a, b| a.km.total_cmp(&b.km));
    events
}

fn check_kind(ck: &mut Checker<'_>, kind: &Spanned<String>, subject: &str) -> Option<EventKind> {
    let found = EventKind::from_name(kind.get_ref());
    if found.is_none() {
        ck.error(
            Some(kind.span()),
            field(subject, "kind"),
            format!("{} is not an event kind", text::quote(kind.get_ref())),
            kinds_help(),
        );
    }
    found
}

fn kinds_help() -> String {
    let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
    format!("use one of: {}", names.join(", "))
}
