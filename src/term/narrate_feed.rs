//! The trains arriving at one stop of a feed, as a narration's [`Story`]: the feed's clock
//! runs at the chosen speed from the feed's present, and each arrival at the stop
//! ([`Network::arrivals`]) becomes a line ([`FeedNarrator`] words it); with recorded realtime
//! data, at its predicted time with its delay ([`Realtime::arrivals`]).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::narrate::Story;
use crate::app::clock::SimClock;
use crate::app::session::{Effect, Moment};
use crate::network::Network;
use crate::network::arrivals::{Arrival, Call};
use crate::network::clock::service_origin;
use crate::network::realtime::Realtime;
use crate::report::narrate_feed::FeedNarrator;

/// How far ahead the next arrivals are looked for.
const LOOK_AHEAD: TimeDelta = TimeDelta::days(2);

/// The trains arriving at a stop of `network`.
pub struct FeedStory {
    network: Network,
    /// Recorded realtime data (`--realtime`), when given.
    realtime: Option<Realtime>,
    stop: String,
    calls: Vec<Call>,
    clock: SimClock,
    now: DateTime<Utc>,
    /// After this instant no train arrives at the stop any more (the feed's service ends).
    end: DateTime<Utc>,
    /// The arrivals still to come within [`LOOK_AHEAD`], soonest first.
    upcoming: Vec<Arrival>,
    local_tz: Tz,
}

impl FeedStory {
    /// The story of the trains calling at `stops` (named `stop`) of `network` (with its
    /// `realtime` data when given), from `start` at `speed` times real time, wall time `wall`.
    #[must_use]
    pub fn new(
        (network, realtime): (Network, Option<Realtime>),
        stop: String,
        stops: &[u32],
        (start, speed, wall): (DateTime<Utc>, f64, Duration),
        local_tz: Tz,
    ) -> Self {
        let calls = network.calls_at(stops);
        let end = network
            .service_span()
            .zip(calls.last())
            .map_or(start, |((_, last), call)| {
                service_origin(last, network.zone) + TimeDelta::seconds(i64::from(call.arrive))
            });
        let mut story = Self {
            network,
            realtime,
            stop,
            calls,
            clock: SimClock::new(start, wall, speed, false),
            now: start,
            end,
            upcoming: Vec::new(),
            local_tz,
        };
        story.upcoming = story.arrivals(start, start + LOOK_AHEAD);
        story
    }

    /// The arrivals after `from` and up to `to`: by the timetable, or as the realtime data in
    /// force now predicts them.
    fn arrivals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Arrival> {
        match &self.realtime {
            Some(r) => r.arrivals(&self.network, &self.calls, (from, to), self.now),
            None => self.network.arrivals(&self.calls, from, to),
        }
    }

    fn narrator(&self) -> FeedNarrator<'_> {
        FeedNarrator::new(&self.network, &self.stop, self.local_tz)
    }
}

impl Story for FeedStory {
    fn opening(&self) -> Vec<String> {
        let narrator = self.narrator();
        let mut lines = narrator.opening(self.now, self.clock.speed());
        lines.push(narrator.where_now(self.now, self.upcoming.first()));
        lines
    }

    /// A line per train that arrived since the last call.
    fn play(&mut self, at: Moment) -> (Vec<String>, Vec<Effect>) {
        let to = self.clock.at(at.wall).min(self.end.max(self.now));
        let from = self.now;
        self.now = to;
        let passed = self.arrivals(from, to);
        self.upcoming = self.arrivals(self.now, self.now + LOOK_AHEAD);
        let narrator = self.narrator();
        let lines = passed
            .iter()
            .enumerate()
            .map(|(i, a)| narrator.arrival(a, passed.get(i + 1).or(self.upcoming.first())))
            .collect();
        (lines, Vec::new())
    }

    fn over(&self) -> Option<String> {
        (self.now >= self.end).then(|| self.narrator().end(self.now))
    }

    fn until_next(&self) -> Duration {
        let next = self.upcoming.first().map_or(self.end, |a| a.at);
        let wall = (next - self.now).as_seconds_f64() / self.clock.speed().max(1.0);
        Duration::from_secs_f64(wall.clamp(0.001, 1.0))
    }

    fn answer(&self, key: char) -> Option<String> {
        let narrator = self.narrator();
        match key {
            's' => Some(narrator.where_now(self.now, self.upcoming.first())),
            'n' => Some(narrator.next(self.now, &self.upcoming)),
            't' => Some(narrator.clocks(self.now)),
            _ => None,
        }
    }

    fn quit(&self) -> String {
        self.narrator().quit(self.now)
    }

    fn keys(&self) -> &'static str {
        crate::report::narrate_feed::FEED_KEYS_HELP
    }
}
