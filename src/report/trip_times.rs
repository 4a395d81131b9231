//! What `longrail --feed FEED [--realtime R] timetable --trip TRIP_ID` prints: one trip's stops
//! with their scheduled and predicted times, as JSON or as a table.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::network::Network;
use crate::network::realtime::{StopTime, TripTimes};
use crate::util::format::rfc3339_in;
use crate::util::text::sanitize;

/// The JSON object `timetable --trip --format json` prints.
#[derive(Debug, Serialize)]
pub struct TripReport {
    /// `trip_id`.
    pub trip_id: String,
    /// `route_id`.
    pub route_id: String,
    /// The service date, YYYY-MM-DD.
    pub service_date: String,
    /// The trip does not run that day (`CANCELED`).
    pub canceled: bool,
    /// The static feed lacks the trip (a realtime message added it).
    pub added: bool,
    /// Its stops in order.
    pub stops: Vec<StopReport>,
}

/// One stop of the trip.
#[derive(Debug, Serialize)]
pub struct StopReport {
    /// `stop_id`.
    pub stop_id: String,
    /// `stop_name`.
    pub stop_name: String,
    /// `stop_sequence`.
    pub stop_sequence: Option<u32>,
    /// RFC 3339 in the stop's zone; `null` for a trip the static feed lacks.
    pub scheduled_arrival: Option<String>,
    /// Likewise.
    pub scheduled_departure: Option<String>,
    /// RFC 3339 in the stop's zone; `null` without a prediction (and at a skipped stop).
    pub predicted_arrival: Option<String>,
    /// Likewise.
    pub predicted_departure: Option<String>,
    /// Passed without stopping (`SKIPPED`).
    pub skipped: bool,
}

/// The report of `times`.
#[must_use]
pub fn trip_report(network: &Network, times: &TripTimes) -> TripReport {
    let trip = network.trips().get(times.instance.trip as usize);
    let route = trip.and_then(|t| network.routes().get(t.route as usize));
    TripReport {
        trip_id: trip.map_or_else(String::new, |t| t.id.to_string()),
        route_id: route.map_or_else(String::new, |r| r.id.to_string()),
        service_date: times.instance.date.to_string(),
        canceled: times.canceled,
        added: times.added,
        stops: times
            .stops
            .iter()
            .map(|s| stop_report(network, s))
            .collect(),
    }
}

/// One stop's report.
fn stop_report(network: &Network, s: &StopTime) -> StopReport {
    let stop = network.stops().get(s.stop as usize);
    let zone = network.stop_zone(s.stop);
    let at = |t: Option<DateTime<Utc>>| t.map(|t| rfc3339_in(t, zone));
    StopReport {
        stop_id: stop.map_or_else(String::new, |x| x.id.to_string()),
        stop_name: stop.map_or_else(String::new, |x| x.name.to_string()),
        stop_sequence: s.sequence,
        scheduled_arrival: at(s.scheduled_arrival),
        scheduled_departure: at(s.scheduled_departure),
        predicted_arrival: at(s.predicted_arrival),
        predicted_departure: at(s.predicted_departure),
        skipped: s.skipped,
    }
}

/// A time as the table shows it in `zone`: `HH:MM`, with `:SS` when the seconds are not 0.
fn clock(t: DateTime<Utc>, zone: Tz) -> String {
    let local = t.with_timezone(&zone);
    if local.format("%S").to_string() == "00" {
        local.format("%H:%M").to_string()
    } else {
        local.format("%H:%M:%S").to_string()
    }
}

/// One event as the table (and a train's panel) shows it in `zone`: the scheduled time, with
/// the predicted one and the delay in minutes when there is a prediction (`14:03 → 14:11 +8`,
/// `14:03 +0` when on time), or only the predicted time for an added trip (`→ 14:11`).
#[must_use]
pub fn event_text(
    scheduled: Option<DateTime<Utc>>,
    predicted: Option<DateTime<Utc>>,
    zone: Tz,
) -> String {
    match (scheduled, predicted) {
        (Some(s), Some(p)) if s != p => {
            // The delay in minutes (`+8`), or in seconds when not whole minutes (`+30s`).
            let d = (p - s).num_seconds();
            let delay = if d % 60 == 0 {
                format!("{:+}", d / 60)
            } else {
                format!("{d:+}s")
            };
            format!("{} → {} {delay}", clock(s, zone), clock(p, zone))
        }
        (Some(s), Some(_)) => format!("{} +0", clock(s, zone)),
        (Some(s), None) => clock(s, zone),
        (None, Some(p)) => format!("→ {}", clock(p, zone)),
        (None, None) => "–".to_owned(),
    }
}

/// The table: a heading line, then per stop its sequence, id, name, arrival and departure
/// (scheduled → predicted, with the delay in minutes) and a note.
#[must_use]
pub fn trip_text(network: &Network, times: &TripTimes) -> String {
    let report = trip_report(network, times);
    let mut rows: Vec<[String; 6]> = vec![[
        "seq".into(),
        "stop".into(),
        "name".into(),
        "arrival".into(),
        "departure".into(),
        String::new(),
    ]];
    for (s, r) in times.stops.iter().zip(&report.stops) {
        let zone = network.stop_zone(s.stop);
        rows.push([
            s.sequence.map_or_else(String::new, |q| q.to_string()),
            sanitize(&r.stop_id),
            sanitize(&r.stop_name),
            event_text(s.scheduled_arrival, s.predicted_arrival, zone),
            event_text(s.scheduled_departure, s.predicted_departure, zone),
            if s.skipped {
                "skipped".into()
            } else {
                String::new()
            },
        ]);
    }
    let one_zone = times
        .stops
        .iter()
        .all(|s| network.stop_zone(s.stop) == network.zone);
    let mut out = heading(network, &report, one_zone);
    out.push_str(&columns(&rows));
    out
}

/// The line above the table.
fn heading(network: &Network, r: &TripReport, one_zone: bool) -> String {
    let zone = if one_zone {
        network.zone.name().to_owned()
    } else {
        "each stop's own zone".to_owned()
    };
    let mut line = format!(
        "{} · trip {} · route {} · {} · times in {zone}",
        sanitize(&network.name),
        sanitize(&r.trip_id),
        sanitize(&r.route_id),
        r.service_date,
    );
    if r.canceled {
        line.push_str(" · CANCELED: does not run");
    }
    if r.added {
        line.push_str(" · added by the realtime data");
    }
    line.push('\n');
    line
}

/// Rows in columns padded to their widths (two spaces between).
fn columns(rows: &[[String; 6]]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut widths = [0usize; 6];
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (k, (w, c)) in widths.iter().zip(row).enumerate() {
            if k > 0 {
                line.push_str("  ");
            }
            line.push_str(c);
            line.push_str(&" ".repeat(w.saturating_sub(c.width())));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_event_shows_the_scheduled_and_the_real_time_with_the_delay() {
        let zone = chrono_tz::Europe::Berlin;
        let at = |h: u32, m: u32, s: u32| {
            Some(
                zone.with_ymd_and_hms(2025, 6, 10, h, m, s)
                    .unwrap()
                    .with_timezone(&Utc),
            )
        };
        assert_eq!(
            event_text(at(14, 3, 0), at(14, 11, 0), zone),
            "14:03 → 14:11 +8"
        );
        assert_eq!(
            event_text(at(14, 3, 0), at(14, 1, 0), zone),
            "14:03 → 14:01 -2"
        );
        assert_eq!(
            event_text(at(14, 3, 0), at(14, 3, 30), zone),
            "14:03 → 14:03:30 +30s"
        );
        assert_eq!(event_text(at(14, 3, 0), at(14, 3, 0), zone), "14:03 +0");
        assert_eq!(event_text(at(14, 3, 0), None, zone), "14:03");
        assert_eq!(event_text(None, at(14, 11, 0), zone), "→ 14:11");
        assert_eq!(event_text(None, None, zone), "–");
    }
}
