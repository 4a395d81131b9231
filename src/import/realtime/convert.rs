//! A decoded `FeedMessage` turned into the pure core's [`Snapshot`]: the fields the rules use,
//! dates and times parsed, enumerations named, the rest left behind.

use chrono::NaiveDate;

use super::proto;
use crate::network::realtime::{
    Event, Snapshot, StopRelation, StopUpdate, TripRef, TripRelation, TripUpdate, VehiclePosition,
    VehicleStatus,
};

/// What the core takes of `message`: its timestamp, trip updates and vehicle positions (an
/// entity marked deleted is left out).
#[must_use]
pub fn snapshot(message: &proto::FeedMessage) -> Snapshot {
    let mut out = Snapshot {
        timestamp: message
            .header
            .timestamp
            .filter(|&t| t > 0)
            .and_then(|t| i64::try_from(t).ok()),
        ..Snapshot::default()
    };
    for e in &message.entity {
        if e.is_deleted == Some(true) {
            continue;
        }
        if let Some(u) = &e.trip_update {
            out.updates.push(trip_update(u));
        }
        if let Some(v) = &e.vehicle {
            out.positions.push(position(v));
        }
    }
    out
}

/// A `TripUpdate`.
fn trip_update(u: &proto::TripUpdate) -> TripUpdate {
    TripUpdate {
        trip: trip_ref(&u.trip),
        delay: u.delay,
        stops: u.stop_time_update.iter().map(stop_update).collect(),
    }
}

/// A `StopTimeUpdate`.
fn stop_update(s: &proto::trip_update::StopTimeUpdate) -> StopUpdate {
    let event = |e: &Option<proto::trip_update::StopTimeEvent>| {
        e.as_ref().map(|e| Event {
            time: e.time,
            delay: e.delay,
        })
    };
    StopUpdate {
        sequence: s.stop_sequence,
        stop_id: s.stop_id.as_deref().map(Into::into),
        arrival: event(&s.arrival),
        departure: event(&s.departure),
        // SCHEDULED 0, SKIPPED 1, NO_DATA 2, UNSCHEDULED 3 (stops at the times given).
        relation: match s.schedule_relationship {
            Some(1) => StopRelation::Skipped,
            Some(2) => StopRelation::NoData,
            _ => StopRelation::Scheduled,
        },
    }
}

/// A `TripDescriptor`; a date or time that does not parse counts as not given.
fn trip_ref(t: &proto::TripDescriptor) -> TripRef {
    TripRef {
        trip_id: t
            .trip_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(Into::into),
        route_id: t
            .route_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(Into::into),
        start_date: t.start_date.as_deref().and_then(parse_date),
        start_time: t.start_time.as_deref().and_then(parse_time),
        // SCHEDULED 0, ADDED 1, UNSCHEDULED 2, CANCELED 3, REPLACEMENT 5, DUPLICATED 6,
        // DELETED 7, NEW 8.
        relation: match t.schedule_relationship {
            Some(1 | 8) => TripRelation::Added,
            Some(2) => TripRelation::Unscheduled,
            Some(3 | 7) => TripRelation::Canceled,
            Some(5) => TripRelation::Replacement,
            Some(6) => TripRelation::Duplicated,
            _ => TripRelation::Scheduled,
        },
    }
}

/// A `VehiclePosition`.
fn position(v: &proto::VehiclePosition) -> VehiclePosition {
    VehiclePosition {
        trip: v.trip.as_ref().map(trip_ref).unwrap_or_default(),
        coord: v
            .position
            .as_ref()
            .map(|p| (f64::from(p.latitude), f64::from(p.longitude))),
        timestamp: v
            .timestamp
            .filter(|&t| t > 0)
            .and_then(|t| i64::try_from(t).ok()),
        stop_sequence: v.current_stop_sequence,
        stop_id: v
            .stop_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(Into::into),
        // INCOMING_AT 0, STOPPED_AT 1, IN_TRANSIT_TO 2 (the default).
        status: match v.current_status {
            Some(0) => VehicleStatus::IncomingAt,
            Some(1) => VehicleStatus::StoppedAt,
            _ => VehicleStatus::InTransitTo,
        },
    }
}

/// `YYYYMMDD`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// `HH:MM:SS` of a service day (past 24:00 too): seconds.
fn parse_time(s: &str) -> Option<i32> {
    let mut parts = s.split(':');
    let h: i32 = parts.next()?.trim().parse().ok()?;
    let m: i32 = parts.next()?.parse().ok()?;
    let sec: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(0..=999).contains(&h)
        || !(0..60).contains(&m)
        || !(0..60).contains(&sec)
    {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_parse_as_gtfs_writes_them() {
        assert_eq!(parse_time("25:10:05"), Some(25 * 3600 + 605));
        assert_eq!(parse_time("08:00"), None);
        assert_eq!(parse_time("08:61:00"), None);
        assert_eq!(parse_time("x"), None);
        assert_eq!(
            parse_date("20161229"),
            NaiveDate::from_ymd_opt(2016, 12, 29)
        );
        assert_eq!(parse_date("2016-12-29"), None);
    }
}
