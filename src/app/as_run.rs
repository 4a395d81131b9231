//! A journey opened from the network with recorded realtime data: its route's stops keep the
//! times the train really ran by, and [`of`] says what goes beside them, the timetable's times
//! per stop (skipped stops marked) and the log's lines on the delay.

use crate::network::Network;
use crate::network::realtime::{self, DelayChange, DelayKind};
use crate::route::{AsRecorded, EventKind, Scheduled, TimedEvent};

/// What the route of `run` carries beside its real times; `stops` are the trip's stop times
/// the route's stops are, in order.
#[must_use]
pub fn of(network: &Network, run: &realtime::AsRun, stops: &[usize]) -> AsRecorded {
    let last = stops.len().saturating_sub(1);
    let scheduled = stops
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let s = run.scheduled.get(i).copied().unwrap_or_default();
            Scheduled {
                arrive: (k > 0).then(|| run.instant(s[0])),
                depart: (k < last).then(|| run.instant(s[1])),
                skipped: run.skipped.get(i).copied().unwrap_or(false),
            }
        })
        .collect();
    let names = stop_names(network, run.instance.trip);
    let news = run
        .news
        .iter()
        .map(|c| TimedEvent {
            at: c.at,
            kind: EventKind::Note,
            title: title(c, names.get(c.stop).map_or("", String::as_str)),
        })
        .collect();
    AsRecorded { scheduled, news }
}

/// The names of trip `trip`'s stops, in order, made safe to show.
fn stop_names(network: &Network, trip: u32) -> Vec<String> {
    let Some(pattern) = network
        .trips()
        .get(trip as usize)
        .and_then(|t| network.pattern_of(t))
    else {
        return Vec::new();
    };
    network
        .pattern_stops(pattern)
        .iter()
        .map(|&s| {
            network
                .stops()
                .get(s as usize)
                .map_or_else(String::new, |s| crate::util::text::sanitize(&s.name))
        })
        .collect()
}

/// A delay of `delay_s` seconds in whole minutes, to the nearest (halves away from zero).
#[must_use]
pub fn signed_minutes(delay_s: i32) -> i32 {
    if delay_s < 0 {
        delay_s.saturating_sub(30) / 60
    } else {
        delay_s.saturating_add(30) / 60
    }
}

/// A delay in whole minutes, signed: `+4 min`, `-2 min`.
#[must_use]
pub fn minutes_text(delay_s: i32) -> String {
    format!("{:+} min", signed_minutes(delay_s))
}

/// The log's line for `c` at stop `stop`: `Delay began: +4 min at Embarcadero`.
#[must_use]
pub fn title(c: &DelayChange, stop: &str) -> String {
    let by = minutes_text(c.delay_s);
    let what = match c.kind {
        DelayKind::Began => format!("Delay began: {by}"),
        DelayKind::Grew => format!("Delay grew to {by}"),
        DelayKind::Ended => format!("Delay ended: {by}"),
    };
    if stop.is_empty() {
        what
    } else {
        format!("{what} at {stop}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn the_log_says_the_delay_in_whole_minutes_and_where() {
        let change = |delay_s, kind| DelayChange {
            at: DateTime::<Utc>::UNIX_EPOCH,
            stop: 0,
            departure: false,
            delay_s,
            kind,
        };
        assert_eq!(
            title(&change(240, DelayKind::Began), "Embarcadero"),
            "Delay began: +4 min at Embarcadero"
        );
        assert_eq!(
            title(&change(545, DelayKind::Grew), "Montgomery St."),
            "Delay grew to +9 min at Montgomery St."
        );
        assert_eq!(
            title(&change(-20, DelayKind::Ended), ""),
            "Delay ended: +0 min"
        );
        assert_eq!(minutes_text(-150), "-3 min");
        assert_eq!(minutes_text(0), "+0 min");
    }
}
