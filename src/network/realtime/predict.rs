//! The specification's rules for one trip instance: its stop updates, placed on its stops, turned
//! into predicted times ([`predict`]), and those into the times its train runs by
//! ([`effective`]). Times are seconds of the instance's service day.

use super::{Event, StopRelation, StopUpdate};

/// No time: a stop without a prediction.
pub const NONE: i32 = i32::MIN;

/// A trip instance's predicted times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// Per stop, the predicted arrival and departure ([`NONE`] without a prediction); for a
    /// skipped stop, when the train passes it (both the same).
    pub times: Box<[[i32; 2]]>,
    /// The stops passed without stopping, ascending.
    pub skipped: Box<[u32]>,
    /// The times the train runs by ([`effective`]), kept so that placing it needs no work.
    pub effective: Box<[[i32; 2]]>,
    /// The effective first departure and last arrival: when the train runs.
    pub window: (i32, i32),
}

impl Prediction {
    /// Whether stop `i` is passed without stopping.
    #[must_use]
    pub fn is_skipped(&self, i: usize) -> bool {
        u32::try_from(i).is_ok_and(|i| self.skipped.binary_search(&i).is_ok())
    }

    /// The prediction of a trip that runs exactly at `times` (an added trip).
    #[must_use]
    pub fn exact(times: &[[i32; 2]]) -> Self {
        Self::with_effective(times.into(), Box::new([]), times)
    }
}

impl Prediction {
    /// A prediction of `times` and `skipped`, with its effective times and window against
    /// `scheduled`.
    fn with_effective(times: Box<[[i32; 2]]>, skipped: Box<[u32]>, scheduled: &[[i32; 2]]) -> Self {
        let mut p = Self {
            times,
            skipped,
            effective: Box::new([]),
            window: (0, 0),
        };
        p.effective = effective(scheduled, &p).into();
        p.window = window(&p.effective);
        p
    }
}

/// A time plus a delay, in range.
fn shifted(time: i32, delay: i64) -> i32 {
    i32::try_from(i64::from(time).saturating_add(delay)).unwrap_or(if delay < 0 {
        NONE + 1
    } else {
        i32::MAX
    })
}

/// The delay an event gives against its scheduled time `scheduled`: from its `time` when it has
/// one (`origin` is the POSIX second its service day counts from), else its `delay`.
fn delay_of(event: Option<&Event>, scheduled: i32, origin: i64) -> Option<i64> {
    let e = event?;
    match (e.time, e.delay) {
        (Some(t), _) => Some(
            t.saturating_sub(origin)
                .saturating_sub(i64::from(scheduled)),
        ),
        (None, Some(d)) => Some(i64::from(d)),
        (None, None) => None,
    }
}

/// The predicted times of a trip instance scheduled at `scheduled` (arrival, departure per
/// stop), whose service day counts from `origin` (POSIX seconds), from its trip-level `delay`
/// and its stop `updates`, each placed at its stop's index and in stop order (see the module
/// documentation of `network::realtime` for the rules).
#[must_use]
pub fn predict(
    scheduled: &[[i32; 2]],
    origin: i64,
    delay: Option<i32>,
    updates: &[(usize, &StopUpdate)],
) -> Prediction {
    let mut times = vec![[NONE, NONE]; scheduled.len()];
    let mut skipped = Vec::new();
    let mut carry = delay.map(i64::from);
    let mut next = updates.iter().peekable();
    for (i, s) in scheduled.iter().enumerate() {
        // The first update placed at this stop counts; any other for it is passed over.
        let mut here = None;
        while let Some((k, u)) = next.peek() {
            if *k > i {
                break;
            }
            if *k == i && here.is_none() {
                here = Some(*u);
            }
            next.next();
        }
        let by = |c: i64| [shifted(s[0], c), shifted(s[1], c)];
        match here.map(|u| (u.relation, u)) {
            Some((StopRelation::Skipped, _)) => {
                skipped.push(u32::try_from(i).unwrap_or(u32::MAX));
                let pass = carry.map_or(NONE, |c| shifted(s[0], c));
                times[i] = [pass, pass];
            }
            Some((StopRelation::NoData, _)) => carry = None,
            Some((StopRelation::Scheduled, u)) => {
                let a = delay_of(u.arrival.as_ref(), s[0], origin);
                let d = delay_of(u.departure.as_ref(), s[1], origin);
                match (a.or(d), d.or(a)) {
                    (Some(a), Some(d)) => {
                        times[i] = [shifted(s[0], a), shifted(s[1], d)];
                        carry = Some(d);
                    }
                    _ => {
                        if let Some(c) = carry {
                            times[i] = by(c);
                        }
                    }
                }
            }
            None => {
                if let Some(c) = carry {
                    times[i] = by(c);
                }
            }
        }
    }
    Prediction::with_effective(times.into(), skipped.into(), scheduled)
}

/// The times the train runs by: the predicted ones, else the scheduled ones (a skipped stop
/// without a prediction is passed at its scheduled arrival), each no earlier than the one
/// before.
#[must_use]
pub fn effective(scheduled: &[[i32; 2]], p: &Prediction) -> Vec<[i32; 2]> {
    let mut out = Vec::with_capacity(scheduled.len());
    let mut before = NONE;
    for (i, s) in scheduled.iter().enumerate() {
        let t = p.times.get(i).copied().unwrap_or([NONE, NONE]);
        let mut e = if p.is_skipped(i) {
            let pass = if t[0] == NONE { s[0] } else { t[0] };
            [pass, pass]
        } else {
            [
                if t[0] == NONE { s[0] } else { t[0] },
                if t[1] == NONE { s[1] } else { t[1] },
            ]
        };
        e[0] = e[0].max(before);
        e[1] = e[1].max(e[0]);
        before = e[1];
        out.push(e);
    }
    out
}

/// The first departure and the last arrival of effective times.
fn window(e: &[[i32; 2]]) -> (i32, i32) {
    match (e.first(), e.last()) {
        (Some(f), Some(l)) => (f[1], l[0]),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delay(d: i32) -> Option<Event> {
        Some(Event {
            time: None,
            delay: Some(d),
        })
    }

    fn at(t: i64) -> Option<Event> {
        Some(Event {
            time: Some(t),
            delay: None,
        })
    }

    fn update(arrival: Option<Event>, departure: Option<Event>) -> StopUpdate {
        StopUpdate {
            arrival,
            departure,
            ..StopUpdate::default()
        }
    }

    /// Six stops, ten minutes apart, a minute's stop at each.
    fn schedule() -> Vec<[i32; 2]> {
        (0..6).map(|i| [i * 600, i * 600 + 60]).collect()
    }

    #[test]
    fn a_delay_propagates_until_the_next_update_and_stops_before_keep_their_schedule() {
        let s = schedule();
        let (u2, u4) = (update(delay(300), None), update(None, delay(60)));
        let p = predict(&s, 0, None, &[(2, &u2), (4, &u4)]);
        assert_eq!(p.times[0], [NONE, NONE]);
        assert_eq!(p.times[1], [NONE, NONE]);
        // Only the arrival given: the departure has the same delay.
        assert_eq!(p.times[2], [1500, 1560]);
        assert_eq!(p.times[3], [2100, 2160]);
        // Only the departure given: the arrival has the same delay.
        assert_eq!(p.times[4], [2460, 2520]);
        assert_eq!(p.times[5], [3060, 3120]);
        assert_eq!(p.window, (60, 3060));
    }

    #[test]
    fn time_wins_over_delay_and_counts_from_the_service_day() {
        let s = schedule();
        let origin = 1_000_000;
        let both = update(
            Some(Event {
                time: Some(origin + 1300),
                delay: Some(999),
            }),
            None,
        );
        let p = predict(&s, origin, None, &[(2, &both)]);
        assert_eq!(p.times[2], [1300, 1360]);
        assert_eq!(
            p.times[3],
            [1900, 1960],
            "the time's delay, 100 s, propagates"
        );
        let p = predict(&s, origin, None, &[(1, &update(at(origin + 500), None))]);
        assert_eq!(p.times[1], [500, 560], "100 s early");
        assert_eq!(p.times[2], [1100, 1160]);
    }

    #[test]
    fn skipped_stops_carry_the_delay_and_no_data_ends_it() {
        let s = schedule();
        let late = update(None, delay(120));
        let skip = StopUpdate {
            relation: StopRelation::Skipped,
            ..StopUpdate::default()
        };
        let none = StopUpdate {
            relation: StopRelation::NoData,
            ..StopUpdate::default()
        };
        let p = predict(&s, 0, None, &[(1, &late), (2, &skip), (4, &none)]);
        assert!(p.is_skipped(2) && !p.is_skipped(1));
        assert_eq!(
            p.times[2],
            [1320, 1320],
            "passed at its arrival plus the delay"
        );
        assert_eq!(p.times[3], [1920, 1980], "the delay propagates across it");
        assert_eq!(p.times[4], [NONE, NONE]);
        assert_eq!(p.times[5], [NONE, NONE]);
        let e = effective(&s, &p);
        assert_eq!(e[2], [1320, 1320], "no stop at a skipped stop");
        assert_eq!(e[4], [2400, 2460], "the schedule again after NO_DATA");
    }

    #[test]
    fn a_trip_delay_counts_from_the_first_stop_and_effective_times_never_go_back() {
        let s = schedule();
        let early = update(delay(-900), None);
        let p = predict(&s, 0, Some(30), &[(3, &early)]);
        assert_eq!(p.times[0], [30, 90]);
        assert_eq!(p.times[3], [900, 960]);
        let e = effective(&s, &p);
        // Stop 2 departs at 1290 (+30): stop 3 cannot be reached before.
        assert_eq!(e[2], [1230, 1290]);
        assert_eq!(e[3], [1290, 1290]);
        assert!(e.iter().flatten().is_sorted());
    }

    #[test]
    fn updates_at_unknown_stops_and_empty_events_change_nothing() {
        let s = schedule();
        let empty = update(Some(Event::default()), None);
        let p = predict(&s, 0, None, &[(2, &empty), (9, &empty)]);
        assert!(p.times.iter().all(|t| *t == [NONE, NONE]));
        assert_eq!(effective(&s, &p), s);
        // Absurd values saturate instead of overflowing.
        let far = update(at(i64::MAX), delay(i32::MIN));
        let p = predict(&s, i64::MIN, None, &[(0, &far), (3, &far)]);
        assert_eq!(p.times[0][0], i32::MAX);
        assert_eq!(p.times[3][0], i32::MAX);
        let p = predict(&s, i64::MAX, None, &[(2, &update(at(i64::MIN), None))]);
        assert_eq!(p.times[2], [NONE + 1, NONE + 1]);
    }
}
