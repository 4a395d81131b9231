//! Narration's words for a feed (`longrail --feed FEED --narrate --stop STOP`): a line per
//! train arriving at the chosen stop, each with the feed's clock (`Tue 23 Sep 08:14 UTC−4`),
//! the route, where the train is going, and the platform it calls at. Plain words only, as
//! for a journey ([`super::narrate`]).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::narrate::spoken;
use crate::network::Network;
use crate::network::arrivals::Arrival;
use crate::sim::zones::utc_label;
use crate::util::format::{duration_text, format_number};

/// How many arrivals `n` names.
const NEXT: usize = 3;

/// What the keys do at a feed's stop.
pub const FEED_KEYS_HELP: &str = "Keys, each followed by Enter: s the trains running and the next one here, n the next trains here, t the time on every clock, q quit, ? these keys; Enter alone repeats the last answer.";

/// Tells the trains arriving at one stop of a feed.
#[derive(Debug, Clone, Copy)]
pub struct FeedNarrator<'a> {
    network: &'a Network,
    stop: &'a str,
    local_tz: Tz,
}

impl<'a> FeedNarrator<'a> {
    /// A narrator of `network` at the stop called `stop`, your clock in `local_tz`.
    #[must_use]
    pub fn new(network: &'a Network, stop: &'a str, local_tz: Tz) -> Self {
        Self {
            network,
            stop,
            local_tz,
        }
    }

    /// `Tue 23 Sep 08:14 UTC−4`: the feed's clock at `at`.
    #[must_use]
    pub fn when(&self, at: DateTime<Utc>) -> String {
        let zone = self.network.zone;
        format!(
            "{} {}",
            at.with_timezone(&zone).format("%a %-d %b %H:%M"),
            utc_label(zone, at)
        )
    }

    /// `the 1 to South Ferry`: a train's route (its short name, else its long name, else its
    /// id) and where it goes (its headsign, else its last stop).
    fn train(&self, a: &Arrival) -> String {
        let network = self.network;
        let Some(trip) = network.trips().get(a.call.trip as usize) else {
            return "a train".to_owned();
        };
        let route = network
            .routes()
            .get(trip.route as usize)
            .map(|r| {
                [&r.short_name, &r.long_name, &r.id]
                    .into_iter()
                    .find(|n| !n.trim().is_empty())
                    .map_or_else(String::new, |n| spoken(n))
            })
            .unwrap_or_default();
        let last_stop = network
            .pattern_of(trip)
            .and_then(|p| network.pattern_stops(p).last())
            .and_then(|&s| network.stops().get(s as usize))
            .map(|s| spoken(&s.name))
            .unwrap_or_default();
        let to = if trip.headsign.trim().is_empty() {
            last_stop
        } else {
            spoken(&trip.headsign)
        };
        format!("the {route} to {to}")
    }

    /// The stop (platform) called at, by name and id.
    fn platform(&self, a: &Arrival) -> String {
        self.network
            .stops()
            .get(a.call.stop as usize)
            .map_or_else(String::new, |s| {
                format!("{} (stop {})", spoken(&s.name), spoken(&s.id))
            })
    }

    /// When `a` arrives on the feed's clock, with its delay in minutes where realtime data
    /// predicts it: `14:11 (+8)`, `14:03`.
    fn clock(&self, a: &Arrival) -> String {
        let at = a.at.with_timezone(&self.network.zone).format("%H:%M");
        match a.delay_s {
            Some(d) => format!("{at} ({:+})", crate::app::as_run::signed_minutes(d)),
            None => at.to_string(),
        }
    }

    /// `, 8 min late (due 14:03)`, `, 2 min early (due 14:03)` or `, on time`, where realtime
    /// data predicts `a`; nothing without.
    fn lateness(&self, a: &Arrival) -> String {
        let Some(d) = a.delay_s else {
            return String::new();
        };
        let due = (a.at - chrono::TimeDelta::seconds(i64::from(d)))
            .with_timezone(&self.network.zone)
            .format("%H:%M");
        match crate::app::as_run::signed_minutes(d) {
            0 => ", on time".to_owned(),
            m if m > 0 => format!(", {m} min late (due {due})"),
            m => format!(", {} min early (due {due})", m.unsigned_abs()),
        }
    }

    /// `in 3 min`, or `now`.
    fn wait(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        if at - now < chrono::TimeDelta::minutes(1) {
            "now".to_owned()
        } else {
            format!("in {}", duration_text(at - now))
        }
    }

    /// The line for arrival `a`, with the next one when known.
    #[must_use]
    pub fn arrival(&self, a: &Arrival, next: Option<&Arrival>) -> String {
        let end = if a.call.last {
            ", the end of its trip"
        } else {
            ""
        };
        let next = next.map_or_else(String::new, |n| {
            format!(
                "; next: {} at {}, {}",
                self.train(n),
                self.clock(n),
                Self::wait(n.at, a.at)
            )
        });
        format!(
            "{}: {} arrives at {}{}{end}{next}",
            self.when(a.at),
            self.train(a),
            self.platform(a),
            self.lateness(a)
        )
    }

    /// The opening lines: the feed, the stop, the speed and the keys.
    #[must_use]
    pub fn opening(&self, at: DateTime<Utc>, speed: f64) -> Vec<String> {
        vec![
            format!(
                "{}: the trains arriving at {}, from {}, narrated at {} times real time.",
                spoken(&self.network.name),
                spoken(self.stop),
                self.when(at),
                format_number(speed.round())
            ),
            FEED_KEYS_HELP.to_owned(),
        ]
    }

    /// The answer to `s`: the trains running in the whole feed at `at`, and the next at the
    /// stop.
    #[must_use]
    pub fn where_now(&self, at: DateTime<Utc>, next: Option<&Arrival>) -> String {
        let running = self.network.running_at(at).len();
        let trains = if running == 1 { "train" } else { "trains" };
        let next = next.map_or_else(
            || format!("no more trains arrive at {}", spoken(self.stop)),
            |n| {
                format!(
                    "next at {}: {} at {}, {}",
                    spoken(self.stop),
                    self.train(n),
                    self.clock(n),
                    Self::wait(n.at, at)
                )
            },
        );
        format!(
            "{}: {running} {trains} running in the feed; {next}",
            self.when(at)
        )
    }

    /// The answer to `n`: the next arrivals.
    #[must_use]
    pub fn next(&self, at: DateTime<Utc>, upcoming: &[Arrival]) -> String {
        if upcoming.is_empty() {
            return format!(
                "{}: no more trains arrive at {}",
                self.when(at),
                spoken(self.stop)
            );
        }
        let list: Vec<String> = upcoming
            .iter()
            .take(NEXT)
            .map(|a| {
                format!(
                    "{} at {}, {}",
                    self.train(a),
                    self.clock(a),
                    Self::wait(a.at, at)
                )
            })
            .collect();
        format!(
            "{}: next at {}: {}",
            self.when(at),
            spoken(self.stop),
            list.join("; ")
        )
    }

    /// The answer to `t`: the feed's clock, UTC and yours.
    #[must_use]
    pub fn clocks(&self, at: DateTime<Utc>) -> String {
        let show = |tz: Tz| {
            format!(
                "{} ({}, {})",
                at.with_timezone(&tz).format("%H:%M %a %-d %b"),
                utc_label(tz, at),
                tz.name()
            )
        };
        format!(
            "{}: the time on every clock: the feed {}; UTC {}; yours {}",
            self.when(at),
            show(self.network.zone),
            at.format("%H:%M %a %-d %b"),
            show(self.local_tz)
        )
    }

    /// The closing line: the feed's service ended.
    #[must_use]
    pub fn end(&self, at: DateTime<Utc>) -> String {
        format!(
            "{}: no more trains arrive at {}: the feed's service ends here.",
            self.when(at),
            spoken(self.stop)
        )
    }

    /// The line after `q`.
    #[must_use]
    pub fn quit(&self, at: DateTime<Utc>) -> String {
        format!("{}: narration stopped.", self.when(at))
    }
}
