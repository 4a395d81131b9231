//! The network screen's model: every train of a GTFS feed at the simulated instant, on a map
//! of the feed's area. One [`NetworkView`] per viewer over a feed shared by all of them
//! ([`Atlas`]: the network model and its lines, built once); the trains are found again by
//! every update (through the run index, into buffers the view keeps, so a frame allocates
//! nothing for them), and the view draws them from `&self`.
//!
//! A train's delay and its times as (scheduled, predicted) pairs are part of the model from
//! the start ([`Moving::delay_s`], [`panel::Call`]): from the timetable alone the delay is 0 and
//! the predicted time the scheduled one; real-time data only has to fill them in.

mod command;
pub use command::COMMANDS;
pub mod find;
pub mod layout;
mod mouse;
pub mod panel;
pub mod tour;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::clock::SimClock;
use super::map_view::{MapView, visible_bounds};
use super::{Action, Command, Effect, Key, Model};
use crate::geo::projection::Bounds;
use crate::network::clock::{ClockChange, last_change};
use crate::network::realtime::{Lateness, Realtime};
use crate::network::{Departure, Lines, Network, Scratch, Train};
use crate::settings::Settings;

/// A feed as every viewer shares it: the network model, the lines the map draws, and the
/// recorded realtime data (`--realtime`) when given.
#[derive(Debug)]
pub struct Atlas {
    /// The network.
    pub network: Network,
    /// Its lines and stations.
    pub lines: Lines,
    /// Delays, cancellations, added trips and positions to replay (already applied to
    /// `network`: its added trips are among its trips).
    pub realtime: Option<Realtime>,
    /// What every viewer is told when the view opens (realtime data that named no trip).
    pub warning: Option<String>,
}

impl Atlas {
    /// The atlas of `network`.
    #[must_use]
    pub fn new(network: Network) -> Self {
        let lines = Lines::of(&network);
        Self {
            network,
            lines,
            realtime: None,
            warning: None,
        }
    }

    /// The atlas of `network` with the realtime data applied to it.
    #[must_use]
    pub fn with_realtime(network: Network, realtime: Realtime) -> Self {
        Self {
            realtime: Some(realtime),
            ..Self::new(network)
        }
    }
}

/// What is drawn over the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetOverlay {
    /// Nothing.
    None,
    /// The keys.
    Help,
    /// The next departures from stop `.0` (an index into the network's stops).
    Stop(u32),
}

/// Which run a selected train is: a trip on a service date (and, for a trip of
/// `frequencies.txt`, which departure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunId {
    /// The trip (an index into the network's trips).
    pub trip: u32,
    /// Its service date.
    pub service_date: NaiveDate,
    /// Seconds added to the trip's own times.
    pub shift: i32,
}

impl RunId {
    /// The run of `train`.
    #[must_use]
    pub fn of(train: &Train) -> Self {
        Self {
            trip: train.trip,
            service_date: train.service_date,
            shift: train.shift,
        }
    }
}

/// A train on the map: where the timetable puts it, and how late it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Moving {
    /// The run and its place.
    pub train: Train,
    /// Seconds late (negative: early); 0 from the timetable alone.
    pub delay_s: i32,
}

/// How long ago a change of the agency's clocks is still told in the title.
pub const CLOCK_CHANGE_TOLD: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// The network map's closest zoom: degrees of latitude shown (about 500 m).
pub const CLOSEST_DEG: f64 = 0.005;

/// How many departures the stop panel lists.
pub const DEPARTURES: usize = 12;

/// The network screen's whole state.
#[derive(Debug, Clone)]
pub struct NetworkView {
    atlas: Arc<Atlas>,
    /// Settings in force (theme, glyphs, keys, speed).
    pub settings: Settings,
    /// The simulated clock.
    pub clock: SimClock,
    /// The simulated instant on screen.
    pub now: DateTime<Utc>,
    /// Where the replay began (`r` goes back there).
    pub start: DateTime<Utc>,
    /// The trains running at `now`.
    pub trains: Vec<Moving>,
    found: Vec<Train>,
    scratch: Scratch,
    /// The map's viewport.
    pub map: MapView,
    /// The selected train, if any.
    pub selected: Option<RunId>,
    /// The stop `i` shows (the one found, or clicked), if any.
    pub stop: Option<u32>,
    /// What is drawn over the map.
    pub overlay: NetOverlay,
    /// How far the help is scrolled.
    pub help_scroll: u16,
    /// The next departures of the stop shown.
    pub departures: Vec<Departure>,
    /// The stops those departures are from: the stop, its platforms, and the stops of the
    /// same name beside it (one station's other entrances or complexes).
    stop_set: Vec<u32>,
    /// The find box, when open.
    pub find: Option<find::Find>,
    /// Terminal size.
    pub size: (u16, u16),
    /// A one-line notice, until the next command.
    pub notice: Option<String>,
    /// A caption over the screen (the tour).
    pub caption: Option<String>,
    /// A tour is playing.
    pub demo: bool,
    /// The last change of the agency's clocks, within [`CLOCK_CHANGE_TOLD`] before `now`.
    pub clock_change: Option<ClockChange>,
    /// The run whose journey the user asked to open (taken by the screen holding both).
    open: Option<RunId>,
    quitting: bool,
}

impl NetworkView {
    /// A view of `atlas` at `start`, at wall time `wall`, `size` cells.
    #[must_use]
    pub fn new(
        atlas: Arc<Atlas>,
        settings: Settings,
        start: DateTime<Utc>,
        size: (u16, u16),
        wall: Duration,
    ) -> Self {
        let clock = SimClock::new(start, wall, settings.speed, settings.paused);
        let notice = atlas.warning.clone();
        let mut view = Self {
            atlas,
            settings,
            clock,
            now: start,
            start,
            trains: Vec::new(),
            found: Vec::new(),
            scratch: Scratch::default(),
            map: MapView {
                closest: CLOSEST_DEG,
                ..MapView::default()
            },
            selected: None,
            stop: None,
            overlay: NetOverlay::None,
            help_scroll: 0,
            departures: Vec::new(),
            stop_set: Vec::new(),
            find: None,
            size,
            notice,
            caption: None,
            demo: false,
            clock_change: None,
            open: None,
            quitting: false,
        };
        view.refresh(wall);
        view
    }

    /// The network.
    #[must_use]
    pub fn network(&self) -> &Network {
        &self.atlas.network
    }

    /// The lines and stations.
    #[must_use]
    pub fn lines(&self) -> &Lines {
        &self.atlas.lines
    }

    /// The shared feed.
    #[must_use]
    pub fn atlas(&self) -> &Arc<Atlas> {
        &self.atlas
    }

    /// Whether realtime data is replayed (trains are coloured by lateness then).
    #[must_use]
    pub fn realtime(&self) -> bool {
        self.atlas.realtime.is_some()
    }

    /// How many trains running now are a minute late or more.
    #[must_use]
    pub fn late_count(&self) -> usize {
        self.trains
            .iter()
            .filter(|m| m.delay_s >= Lateness::LATE_S)
            .count()
    }

    /// The selected train, when it is running now.
    #[must_use]
    pub fn selected_train(&self) -> Option<&Moving> {
        let id = self.selected?;
        self.trains.iter().find(|m| RunId::of(&m.train) == id)
    }

    /// The run whose journey was asked for, once.
    pub fn take_open(&mut self) -> Option<RunId> {
        self.open.take()
    }

    /// The feed's whole area: (min lon, min lat, max lon, max lat).
    #[must_use]
    pub fn area(&self) -> Bounds {
        self.atlas
            .lines
            .bbox()
            .unwrap_or((-180.0, -60.0, 180.0, 75.0))
    }

    /// The map's visible bounds in its area on screen.
    #[must_use]
    pub fn map_bounds(&self) -> Bounds {
        let inner = layout::areas(self.size, self.panel_open()).map_inner;
        let area = self.area();
        let parallel = f64::midpoint(area.1, area.3);
        let follow = self
            .selected_train()
            .map(|m| m.train.place.coord)
            .or_else(|| self.map.center.map(|(lon, lat)| (lat, lon)))
            .unwrap_or((parallel, f64::midpoint(area.0, area.2)));
        let mut view = self.map;
        view.follow &= self.selected_train().is_some();
        visible_bounds(&view, area, parallel, follow, (inner.width, inner.height))
    }

    /// Whether the selected train's panel is shown.
    #[must_use]
    pub fn panel_open(&self) -> bool {
        self.selected.is_some()
    }

    /// Show the next departures from stop `s` (and the stops that are the same station).
    fn show_departures(&mut self, s: u32) {
        let network = &self.atlas.network;
        let stops = network.stops();
        let Some(stop) = stops.get(s as usize) else {
            return;
        };
        let near = |c: Option<(f64, f64)>| match (c, stop.coord) {
            (Some(a), Some(b)) => crate::network::geometry::great_circle_km(a, b) < 0.5,
            _ => false,
        };
        let mut set = Vec::new();
        for (i, other) in stops.iter().enumerate() {
            if (i == s as usize || (other.name == stop.name && near(other.coord)))
                && let Ok(i) = u32::try_from(i)
            {
                set.extend(network.stop_and_platforms(i));
            }
        }
        set.sort_unstable();
        set.dedup();
        self.stop_set = set;
        self.overlay = NetOverlay::Stop(s);
    }

    /// Seek to `to` at wall time `wall` (keeping speed and pause).
    pub fn seek(&mut self, to: DateTime<Utc>, wall: Duration) {
        self.clock.seek(to, wall);
    }

    /// Bring `now` and what follows from it up to date.
    fn refresh(&mut self, wall: Duration) {
        self.now = self.clock.at(wall);
        let network = &self.atlas.network;
        let realtime = self.atlas.realtime.as_ref();
        match realtime {
            Some(r) => r.running(network, self.now, &mut self.scratch, &mut self.found),
            None => network.running(self.now, &mut self.scratch, &mut self.found),
        }
        let now = self.now;
        self.trains.clear();
        self.trains.extend(self.found.iter().map(|t| Moving {
            train: t.clone(),
            delay_s: realtime.and_then(|r| r.delay(network, t, now)).unwrap_or(0),
        }));
        self.clock_change = last_change(network.zone, self.now, CLOCK_CHANGE_TOLD);
        if let NetOverlay::Stop(_) = self.overlay {
            self.departures = network.departures(
                &self.stop_set,
                self.now,
                chrono::TimeDelta::hours(3),
                DEPARTURES,
                &mut self.scratch,
            );
        }
        if self.selected.is_some() && self.selected_train().is_none() {
            self.selected = None;
            self.notice = Some("the selected train has reached the end of its trip".into());
        }
    }

    /// Apply one action at wall time `wall`; the only place the view changes.
    pub fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        match action {
            // The network screen's keys under a shared clock are not narrowed yet (issue 19, item 12 is the journey's).
            Action::Tick | Action::Trains(_) | Action::Camera { .. } | Action::SharedClock => {}
            Action::Command(command) => {
                self.notice = None;
                self.command(command, wall);
            }
            Action::Mouse(mouse) => self.mouse(mouse),
            Action::Prompt(key) => self.find_key(key, wall),
            Action::Paste(text) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    self.find_key(Key::char(c), wall);
                }
            }
            Action::Live(utc) => self.live(utc, wall),
            Action::SetSpeed(speed) if speed.is_finite() => {
                self.clock
                    .set_speed(crate::settings::clamp_speed(speed), wall);
            }
            Action::SetSpeed(_) => {}
            Action::Seek { to, play } => {
                self.clock.seek(to, wall);
                if play {
                    self.clock.set_paused(false, wall);
                }
            }
            Action::Look { lat, lon, span } => self.look(lat, lon, span),
            Action::Caption(text) => self.caption = text,
            Action::Notice(text) => self.notice = Some(text),
            Action::Demo(on) => {
                if self.demo && !on {
                    self.caption = None;
                }
                self.demo = on;
            }
            Action::Resize(w, h) => self.size = (w, h),
        }
        self.refresh(wall);
        if std::mem::take(&mut self.quitting) {
            vec![Effect::Quit]
        } else {
            Vec::new()
        }
    }

    /// Point the map at (`lat`, `lon`), `span` degrees of latitude tall.
    fn look(&mut self, lat: f64, lon: f64, span: f64) {
        if lat.is_finite() && lon.is_finite() && span.is_finite() && span > 0.0 {
            self.map.center = Some((lon, lat.clamp(-80.0, 85.0)));
            self.map.span = Some(span.clamp(CLOSEST_DEG, 180.0));
            self.map.follow = false;
        }
    }

    /// The present moment of the feed's calendar at calendar time `utc`, at 1×, playing.
    fn live(&mut self, utc: DateTime<Utc>, wall: Duration) {
        self.find = None;
        let (at, _) = self.atlas.network.present(utc, None);
        self.clock.seek(at, wall);
        self.clock.set_speed(1.0, wall);
        self.clock.set_paused(false, wall);
    }
}

impl Model for NetworkView {
    fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        NetworkView::update(self, action, wall)
    }

    /// The find box takes every key while open (Ctrl-C still quits); else the keymap.
    fn action_of(&self, key: Key, utc: DateTime<Utc>) -> Option<Action> {
        if self.find.is_some() {
            if key == Key::ctrl('c') {
                return Some(Action::Command(Command::Quit));
            }
            return Some(Action::Prompt(key));
        }
        match self.settings.keymap.command(key)? {
            Command::Now => Some(Action::Live(utc)),
            command => Some(Action::Command(command)),
        }
    }

    fn playing(&self) -> bool {
        !self.clock.paused()
    }

    fn next_change(&self, wall: Duration) -> Option<Duration> {
        self.clock.until_next_second(wall)
    }

    fn instant(&self) -> DateTime<Utc> {
        self.now
    }
}
