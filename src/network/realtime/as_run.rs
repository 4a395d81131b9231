//! A trip instance as the recorded messages say it ran, for the journey opened from the network
//! ([`Realtime::as_run`]): one time for each arrival and departure (the train of a journey runs
//! by one timetable, it cannot jump as the network's trains do when a message moves them), and
//! the instants its delay, as the data in force then said, began, grew or ended.
//!
//! An event's time is the one of the message in force when the train reaches it: walking the
//! trip's events in order, the first state (each message from its timestamp on) under which
//! the event comes before the next message arrives; never earlier than the event before. A
//! message that says nothing of an event leaves it as the one before it said; before the first
//! message, the first message's word on the events it gives (a recording's first message tells
//! of the run before it better than the timetable), else the timetable. After the last message
//! the journey's train is where the network screen places it; before, it may differ where a
//! message moved the train back or forth (the network screen shows the timetable before the
//! first message).

use chrono::{DateTime, Duration, Utc};

use super::live::instance_delay;
use super::predict::{NONE, Prediction};
use super::{DelayChange, DelayKind, Instance, Lateness, Realtime, State};
use crate::network::Network;

/// A trip instance's times as it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsRun {
    /// The instance.
    pub instance: Instance,
    /// The instant its service day's times count from.
    pub origin: DateTime<Utc>,
    /// Per stop, the timetable's arrival and departure, seconds of the service day.
    pub scheduled: Vec<[i32; 2]>,
    /// Per stop, when the train arrived and left by the messages (see the module's
    /// documentation), seconds of the service day.
    pub real: Vec<[i32; 2]>,
    /// Per stop, whether the train passed it without stopping (`SKIPPED`).
    pub skipped: Vec<bool>,
    /// When its delay began, grew or ended, as the data in force then said (its lateness on
    /// the network screen), in time order; `stop` is the stop whose event the delay is of.
    pub news: Vec<DelayChange>,
}

impl AsRun {
    /// The instant of `secs` of its service day.
    #[must_use]
    pub fn instant(&self, secs: i32) -> DateTime<Utc> {
        self.origin + Duration::seconds(i64::from(secs))
    }
}

/// One state of the instance with the POSIX second it takes over: the timetable from the
/// start, then each message's prediction (`None`: cancelled).
struct Window<'a> {
    from: i64,
    prediction: Option<&'a Prediction>,
}

impl Realtime {
    /// The times `instance` ran by, as the messages say (see [`AsRun`]); `None` when no
    /// message names it or it is a trip the static feed lacks.
    #[must_use]
    pub fn as_run(&self, network: &Network, instance: Instance) -> Option<AsRun> {
        let k = self.known(&instance).filter(|k| !k.added)?;
        let scheduled = k.scheduled(network);
        if scheduled.is_empty() || k.versions.is_empty() {
            return None;
        }
        let origin = k.origin.timestamp();
        let mut windows = vec![Window {
            from: i64::MIN,
            prediction: None,
        }];
        windows.extend(k.versions.iter().map(|v| Window {
            from: v.from,
            prediction: match &v.state {
                State::Predicted(p) => Some(p),
                State::Canceled => None,
            },
        }));
        let (real, skipped) = walk(&windows, &scheduled, origin);
        let news = news(&windows, &scheduled, &real, origin);
        Some(AsRun {
            instance,
            origin: k.origin,
            scheduled,
            real,
            skipped,
            news,
        })
    }
}

/// The effective times of window `w` (the timetable for the first, and for a cancellation).
fn times_of<'a>(w: &Window<'a>, scheduled: &'a [[i32; 2]]) -> &'a [[i32; 2]] {
    w.prediction.map_or(scheduled, |p| &p.effective)
}

/// Per window, each event's time by the last word on it: the window's prediction where it
/// has one for the event, else the window's before (the timetable's in the first).
fn words(windows: &[Window], scheduled: &[[i32; 2]]) -> Vec<Vec<[i32; 2]>> {
    let mut out: Vec<Vec<[i32; 2]>> = Vec::with_capacity(windows.len());
    for w in windows {
        let before = out.last().map_or(scheduled, Vec::as_slice);
        let now = match w.prediction {
            Some(p) => (0..scheduled.len())
                .map(|i| {
                    let (t, e) = (p.times.get(i), p.effective.get(i));
                    let mut row = before.get(i).copied().unwrap_or(scheduled[i]);
                    for side in 0..2 {
                        if let (Some(t), Some(e)) = (t, e)
                            && (t[side] != NONE || p.is_skipped(i))
                        {
                            row[side] = e[side];
                        }
                    }
                    row
                })
                .collect(),
            None => before.to_vec(),
        };
        out.push(now);
    }
    // Before the first message, its word on what had happened (a recording's first message
    // tells the run before it better than the timetable).
    if let Some(first) = out.get(1).cloned() {
        out[0] = first;
    }
    out
}

/// Each event's time, and the stops passed without stopping, by the rule of the module.
fn walk(windows: &[Window], scheduled: &[[i32; 2]], origin: i64) -> (Vec<[i32; 2]>, Vec<bool>) {
    let words = words(windows, scheduled);
    let mut real = vec![[0, 0]; scheduled.len()];
    let mut skipped = vec![false; scheduled.len()];
    let mut before = i32::MIN;
    let mut c = 0;
    for (i, row) in real.iter_mut().enumerate() {
        for (side, slot) in row.iter_mut().enumerate() {
            let (t, at) = loop {
                let t = words[c].get(i).map_or(scheduled[i][side], |e| e[side]);
                let ends = windows.get(c + 1).map(|n| n.from.saturating_sub(origin));
                if ends.is_none_or(|end| i64::from(t) < end) {
                    break (t, c);
                }
                c += 1;
            };
            *slot = t.max(before);
            before = *slot;
            if side == 0 {
                let by = windows.get(at.max(1)).and_then(|w| w.prediction);
                skipped[i] = by.is_some_and(|p| p.is_skipped(i));
            }
        }
    }
    (real, skipped)
}

/// When the delay in force changes class: at each message's timestamp and each event of the
/// state in force, within the run (`real`'s first departure to its last arrival).
fn news(
    windows: &[Window],
    scheduled: &[[i32; 2]],
    real: &[[i32; 2]],
    origin: i64,
) -> Vec<DelayChange> {
    let (Some(first), Some(last)) = (real.first(), real.last()) else {
        return Vec::new();
    };
    let (start, end) = (i64::from(first[1]), i64::from(last[0]));
    let mut at: Vec<(i64, usize)> = vec![(start, window_at(windows, origin + start))];
    for (c, w) in windows.iter().enumerate().skip(1) {
        let ends = windows.get(c + 1).map_or(i64::MAX, |n| n.from);
        at.push((w.from.saturating_sub(origin), c));
        for e in times_of(w, scheduled).iter().flatten() {
            let e = i64::from(*e);
            if (w.from.saturating_sub(origin)..ends.saturating_sub(origin)).contains(&e) {
                at.push((e, c));
            }
        }
    }
    at.retain(|(t, _)| (start..=end).contains(t));
    at.sort_unstable();
    at.dedup();
    let mut out = Vec::new();
    let mut said = 0;
    for (t, c) in at {
        let times = times_of(&windows[c], scheduled);
        let Some((stop, departure, delay)) = instance_delay(times, scheduled, t) else {
            continue;
        };
        let kind = if said < Lateness::LATE_S && delay >= Lateness::LATE_S {
            DelayKind::Began
        } else if said >= Lateness::LATE_S && delay >= said.saturating_add(Lateness::LATE_S) {
            DelayKind::Grew
        } else if said >= Lateness::LATE_S && delay < Lateness::LATE_S {
            DelayKind::Ended
        } else {
            // A delay that shrinks but stays is growth measured from its least.
            said = said.min(delay.max(Lateness::LATE_S));
            continue;
        };
        said = delay;
        out.push(DelayChange {
            at: DateTime::<Utc>::from_timestamp(origin.saturating_add(t), 0)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            stop,
            departure,
            delay_s: delay,
            kind,
        });
    }
    out
}

/// The window in force at POSIX second `at`.
fn window_at(windows: &[Window], at: i64) -> usize {
    windows.partition_point(|w| w.from <= at).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::realtime::predict::predict;
    use crate::network::realtime::{Event, StopUpdate};

    fn by(d: i32) -> StopUpdate {
        StopUpdate {
            arrival: Some(Event {
                time: None,
                delay: Some(d),
            }),
            ..StopUpdate::default()
        }
    }

    /// Five stops ten minutes apart, a minute's stop at each, from second 0 of the day.
    fn schedule() -> Vec<[i32; 2]> {
        (0..5).map(|i| [i * 600, i * 600 + 60]).collect()
    }

    #[test]
    fn each_event_takes_the_times_in_force_when_the_train_reaches_it() {
        let s = schedule();
        // At 700 s a message: +240 s from stop 2 on; at 1900 s another: +600 s from stop 3.
        let (a, b) = (by(240), by(600));
        let first = predict(&s, 0, None, &[(2, &a)]);
        let second = predict(&s, 0, None, &[(3, &b)]);
        let windows = [
            Window {
                from: i64::MIN,
                prediction: None,
            },
            Window {
                from: 700,
                prediction: Some(&first),
            },
            Window {
                from: 1900,
                prediction: Some(&second),
            },
        ];
        let (real, skipped) = walk(&windows, &s, 0);
        assert_eq!(real[0], [0, 60], "before any message: the timetable");
        assert_eq!(real[1], [600, 660]);
        assert_eq!(real[2], [1440, 1500], "the first message's +240");
        assert_eq!(real[3], [2400, 2460], "the second's +600");
        assert_eq!(real[4], [3000, 3060]);
        assert!(skipped.iter().all(|s| !s));
        let news = news(&windows, &s, &real, 0);
        let seen: Vec<(i64, usize, i32, DelayKind)> = news
            .iter()
            .map(|n| (n.at.timestamp(), n.stop, n.delay_s, n.kind))
            .collect();
        // Said when each message arrived: the delay of the next event then.
        assert_eq!(
            seen,
            [
                (700, 2, 240, DelayKind::Began),
                (1900, 3, 600, DelayKind::Grew)
            ]
        );
        assert_eq!(first.times[0][0], NONE, "no word on stop 0");
    }

    #[test]
    fn before_the_first_message_its_word_on_the_run_counts_and_skipped_stops_are_marked() {
        let s = schedule();
        let skip = StopUpdate {
            relation: crate::network::realtime::StopRelation::Skipped,
            ..StopUpdate::default()
        };
        let late = by(120);
        let p = predict(&s, 0, None, &[(0, &late), (2, &skip)]);
        let windows = [
            Window {
                from: i64::MIN,
                prediction: None,
            },
            Window {
                from: 1000,
                prediction: Some(&p),
            },
        ];
        let (real, skipped) = walk(&windows, &s, 0);
        // Stops 0 and 1 came before the message (at 1000), which says they were 120 s late.
        assert_eq!(real[0], [120, 180]);
        assert_eq!(real[1], [720, 780]);
        assert_eq!(
            real[2],
            [1320, 1320],
            "skipped: passed at its arrival + 120"
        );
        assert_eq!(skipped, [false, false, true, false, false]);
        assert_eq!(real[3], [1920, 1980]);
    }
}
