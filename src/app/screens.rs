//! The network screen with the journey it can open: Enter on a selected train opens that
//! train's journey (its route made by the same code as `import gtfs`, through an [`Opener`]
//! the shell provides), and Esc comes back to the network at the journey's instant. One
//! model, [`Screens`], hands each call to the screen in front.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::network::{NetworkView, RunId};
use super::{Action, App, Command, Effect, Key, Model, Overlay};
use crate::route::Route;
use crate::settings::StartSpec;
use crate::sim::Journey;

/// What the key bar of a journey opened from the network says first.
pub const BACK_NOTICE: &str = "Esc: back to the network";

/// Makes the route of one run of a feed's trip: the shell reads the feed (`import gtfs`'s
/// code); the model only asks.
pub trait Opener: Send + Sync {
    /// The route of trip `trip_id` on `service_date`; `departure` is the run's first
    /// departure as `HH:MM:SS` of the service day, for a trip of `frequencies.txt`; `times`,
    /// when given, the times its stops keep (per stop time of the trip, arrival and departure
    /// in seconds of the service day: the times a train really ran by).
    ///
    /// # Errors
    /// Why the trip cannot be opened, for the key bar.
    fn open(
        &self,
        trip_id: &str,
        service_date: NaiveDate,
        departure: Option<String>,
        times: Option<&[[i64; 2]]>,
    ) -> Result<Opened, String>;
}

/// A run's route, and where its stops are among the trip's.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The route.
    pub route: Route,
    /// Per stop of the route, the index of its stop time among the trip's.
    pub stops: Vec<usize>,
}

/// The network, and the journey opened from it when one is.
pub struct Screens {
    network: NetworkView,
    journey: Option<Box<App>>,
    opener: Arc<dyn Opener>,
    local_tz: Tz,
}

impl std::fmt::Debug for Screens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screens")
            .field("journey", &self.journey.is_some())
            .finish_non_exhaustive()
    }
}

impl Screens {
    /// The network in front, opening journeys with `opener`; `local_tz` is the viewer's
    /// own zone, for the journey's "yours" clock.
    #[must_use]
    pub fn new(network: NetworkView, opener: Arc<dyn Opener>, local_tz: Tz) -> Self {
        Self {
            network,
            journey: None,
            opener,
            local_tz,
        }
    }

    /// The network screen.
    #[must_use]
    pub fn network(&self) -> &NetworkView {
        &self.network
    }

    /// The journey in front, if one is open.
    #[must_use]
    pub fn journey(&self) -> Option<&App> {
        self.journey.as_deref()
    }

    /// Open the journey of run `id` at the network's instant, speed and pause.
    fn open(&mut self, id: RunId, wall: Duration) {
        let network = self.network.network();
        let Some(trip) = network.trips().get(id.trip as usize) else {
            return;
        };
        let departure = (id.shift != 0).then(|| {
            let first = network.trip_times(trip).first().map_or(0, |t| t[1]);
            let secs = first.saturating_add(id.shift).max(0);
            format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
        });
        let run = self.network.realtime_data().and_then(|r| {
            r.as_run(
                network,
                crate::network::realtime::Instance {
                    trip: id.trip,
                    date: id.service_date,
                    shift: id.shift,
                },
            )
        });
        let times: Option<Vec<[i64; 2]>> = run.as_ref().map(|r| {
            r.real
                .iter()
                .map(|t| [i64::from(t[0]), i64::from(t[1])])
                .collect()
        });
        let opened = self
            .opener
            .open(&trip.id, id.service_date, departure, times.as_deref());
        let route = match opened {
            Ok(Opened { mut route, stops }) => {
                if let Some(run) = &run {
                    route.realtime = Some(Box::new(super::as_run::of(network, run, &stops)));
                }
                route
            }
            Err(why) => {
                self.network.notice = Some(why);
                return;
            }
        };
        let mut settings = self.network.settings.clone();
        settings.start = StartSpec::Instant(self.network.now.fixed_offset());
        settings.speed = self.network.clock.speed();
        settings.length = None;
        settings.paused = self.network.clock.paused();
        let mut app = App::new(
            Journey::new(route),
            settings,
            self.local_tz,
            self.network.size,
            wall,
        );
        let _ = app.update(Action::Notice(BACK_NOTICE.into()), wall);
        self.journey = Some(Box::new(app));
    }

    /// Back to the network at the journey's instant, speed and pause.
    fn close(&mut self, wall: Duration) {
        let Some(app) = self.journey.take() else {
            return;
        };
        let clock = app.clock();
        self.network.clock.set_speed(clock.speed(), wall);
        self.network.clock.set_paused(clock.paused(), wall);
        self.network.seek(app.now(), wall);
    }
}

/// Whether Esc in `app` would close nothing: then it goes back to the network.
fn nothing_open(app: &App) -> bool {
    app.screen().overlay() == Overlay::None
        && app.prompts().open().is_none()
        && app.panels().focus().panel.is_none()
        && app.screen().runs().is_none()
}

impl Model for Screens {
    fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        if let Action::Resize(w, h) = action {
            if let Some(app) = &mut self.journey {
                let _ = app.update(Action::Resize(w, h), wall);
            }
            return self.network.update(action, wall);
        }
        let Some(app) = &mut self.journey else {
            let effects = self.network.update(action, wall);
            if let Some(id) = self.network.take_open() {
                self.open(id, wall);
            }
            return effects;
        };
        if matches!(action, Action::Command(Command::Back)) && nothing_open(app) {
            self.close(wall);
            return self.network.update(Action::Tick, wall);
        }
        // A tour's camera, captions and hand-over concern the network behind too.
        if let Action::Look { .. } | Action::Caption(_) | Action::Demo(_) = action {
            let _ = self.network.update(action.clone(), wall);
        }
        app.update(action, wall)
    }

    fn action_of(&self, key: Key, utc: DateTime<Utc>) -> Option<Action> {
        match &self.journey {
            Some(app) => app.action_of(key, utc),
            None => self.network.action_of(key, utc),
        }
    }

    fn playing(&self) -> bool {
        match &self.journey {
            Some(app) => Model::playing(app.as_ref()),
            None => self.network.playing(),
        }
    }

    fn next_change(&self, wall: Duration) -> Option<Duration> {
        match &self.journey {
            Some(app) => Model::next_change(app.as_ref(), wall),
            None => self.network.next_change(wall),
        }
    }

    fn instant(&self) -> DateTime<Utc> {
        match &self.journey {
            Some(app) => app.now(),
            None => self.network.now,
        }
    }
}
