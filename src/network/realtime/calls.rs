//! The trains arriving at a stop as realtime data predicts them, for narration
//! ([`Realtime::arrivals`]): each timetabled arrival moved to its predicted time, with its delay;
//! cancelled trains and trains that pass the stop without stopping left out.

use chrono::{DateTime, Duration, Utc};

use super::{Instance, Realtime, State};
use crate::network::Network;
use crate::network::arrivals::{Arrival, Call};

/// How far from its timetabled time a train's arrival is looked for, seconds: a train later
/// (or earlier) than this by its prediction is missed.
pub const MARGIN_S: i64 = 3 * 3600;

impl Realtime {
    /// The arrivals of `calls` (from [`Network::calls_at`]) after `from` and up to `to` by the
    /// predictions in force at `at`, in time order (see the module's documentation); trips the
    /// static feed lacks are not among them.
    #[must_use]
    pub fn arrivals(
        &self,
        network: &Network,
        calls: &[Call],
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        at: DateTime<Utc>,
    ) -> Vec<Arrival> {
        let margin = Duration::seconds(MARGIN_S);
        let mut out: Vec<Arrival> = network
            .arrivals(calls, from - margin, to + margin)
            .into_iter()
            .filter_map(|a| self.predicted(network, a, at))
            .filter(|a| a.at > from && a.at <= to)
            .collect();
        out.sort_by_key(|a| (a.at, a.call.trip, a.call.stop));
        out
    }

    /// `a` as the prediction in force at `at` has it: `None` when its train does not run or
    /// does not stop there.
    fn predicted(&self, network: &Network, mut a: Arrival, at: DateTime<Utc>) -> Option<Arrival> {
        let k = a.call.position as usize;
        let Some(own) = network
            .trips
            .get(a.call.trip as usize)
            .and_then(|t| network.trip_times(t).get(k))
        else {
            return Some(a);
        };
        let instance = Instance {
            trip: a.call.trip,
            date: a.service_date,
            shift: a.call.arrive.saturating_sub(own[0]),
        };
        let Some(known) = self.known(&instance) else {
            return Some(a);
        };
        match known.state_at(at.timestamp()) {
            None => Some(a),
            Some(State::Canceled) => None,
            Some(State::Predicted(p)) => {
                if p.is_skipped(k) {
                    return None;
                }
                let e = p.effective.get(k)?[0];
                a.delay_s = Some(e.saturating_sub(a.call.arrive));
                a.at = known.origin + Duration::seconds(i64::from(e));
                Some(a)
            }
        }
    }
}
