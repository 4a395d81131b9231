//! The interactive app as a state machine: the model ([`App`]) and the one place it changes
//! ([`App::update`]). Rendering reads an `&App` and never mutates it; wall time comes in as an
//! argument, so every frame is reproducible.
//!
//! The state is kept in small groups, each read through methods and changed only by `update`:
//! the journey, the settings, the instant on screen and the train at it ([`App::journey`],
//! [`App::settings`], [`App::now`], [`App::state`]); the replay's clock ([`Replay`]: paused,
//! speed, live, the dwell time skipped); the screen around the panels ([`Screen`]: size, view,
//! overlay, run picker, caption, notice, demo); the panels ([`Panels`]: the strip's and the
//! map's viewports, the timetable, the focus); the prompts ([`Prompts`]); and the trains of the
//! line ([`Trains`]: the fleet, the run shown, the run opened on, the others running now).

pub mod action;
pub mod as_run;
pub mod clock;
mod command;
pub mod complete;
pub mod demo;
pub mod fleet;
pub mod focus;
pub mod geometry;
pub mod help;
pub mod labels;
pub mod layout;
pub mod line_edit;
pub mod map_view;
pub mod model;
mod mouse;
pub mod navigate;
pub mod network;
pub mod panels;
pub mod playback;
pub mod prompt;
pub mod runs;
pub mod screen;
pub mod screens;
pub mod session;
pub mod strip_view;
pub mod table;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use crate::settings::keymap;
pub use crate::settings::{Key, KeyCode, Keymap};
pub use action::{Action, Command, Mouse};
use clock::SimClock;
pub use fleet::{Fleet, OtherTrain, TrainId, Trains};
use map_view::{MapView, View, route_parallel, visible_bounds};
pub use model::{Effect, Model};
pub use panels::{Panels, TimetableView};
pub use playback::Replay;
pub use prompt::{Prompt, PromptKind, Prompts};
pub use screen::{Overlay, Screen};
use strip_view::StripView;

use crate::settings::Settings;
use crate::sim::{Journey, TrainState};

/// The whole interactive state, in groups: the replay's clock ([`Replay`]), the screen around
/// the panels ([`Screen`]), the panels ([`Panels`]), the prompts ([`Prompts`]) and the trains
/// of the line ([`Trains`]). Everything is read through methods; only [`App::update`] changes
/// it.
#[derive(Debug, Clone)]
pub struct App {
    /// The journey being replayed (shared with the fleet, and with every `serve` viewer on
    /// the same run).
    journey: Arc<Journey>,
    /// Settings in force (with the key bindings).
    settings: Settings,
    /// The user's own zone, for the "yours" clock.
    local_tz: Tz,
    /// The simulated instant on screen (updated by every action).
    now: DateTime<Utc>,
    /// The train at `now`.
    state: TrainState,
    /// The replay's clock.
    clock: Replay,
    /// The screen around the panels.
    screen: Screen,
    /// The panels' viewports, scroll and focus.
    panels: Panels,
    /// The prompts.
    prompt: Prompts,
    /// The trains of the line.
    trains: Trains,
    /// Set when the user asked to quit during this update.
    quitting: bool,
    /// The timetable's column widths, worked out after each update (every panel of every
    /// frame asks for them; working them out formats every stop's times).
    table_widths: Option<table::Memo>,
}

/// Where the replay starts and how fast it plays. Callers check the start first (commands
/// report a bad one); a start that does not resolve here falls back to the departure. A
/// length for the whole journey sets the speed (commands check it is in range).
fn start_and_speed(journey: &Journey, settings: &Settings) -> (DateTime<Utc>, f64) {
    let route = journey.route();
    let departure = route.departure();
    let start = settings
        .start
        .resolve(journey, departure)
        .unwrap_or(departure);
    let speed = settings
        .length
        .and_then(|l| {
            crate::settings::speed_for_length(route.arrival() - route.departure(), l).ok()
        })
        .unwrap_or(settings.speed);
    (start, speed)
}

impl App {
    /// A new app at the settings' start instant, at wall time `wall`.
    #[must_use]
    pub fn new(
        journey: impl Into<Arc<Journey>>,
        settings: Settings,
        local_tz: Tz,
        size: (u16, u16),
        wall: Duration,
    ) -> Self {
        let journey = journey.into();
        let (start, speed) = start_and_speed(&journey, &settings);
        // The user's own speed, for when a demo hands back.
        let settings = Settings { speed, ..settings };
        let clock = SimClock::new(start, wall, speed, settings.paused);
        let state = journey.state_at(start);
        let route = journey.route();
        let (first, last) = route.km_range();
        let strip = StripView::new(first, last, state.km);
        let home = TrainId {
            route: 0,
            date: route.departure_date,
        };
        Self {
            panels: Panels::new(strip, settings.timetable_clock),
            journey,
            settings,
            local_tz,
            now: start,
            state,
            clock: Replay::new(clock),
            screen: Screen::new(size),
            prompt: Prompts::default(),
            trains: Trains::new(home),
            quitting: false,
            table_widths: None,
        }
        .with_table_widths()
    }

    /// With the timetable's widths worked out for what it shows now.
    fn with_table_widths(mut self) -> Self {
        self.remember_table_widths();
        self
    }

    /// Work out the timetable's widths again when the journey or a setting they depend on
    /// has changed.
    fn remember_table_widths(&mut self) {
        if !self.table_widths.as_ref().is_some_and(|m| m.is_for(self)) {
            self.table_widths = Some(table::Memo::of(self, &self.journey));
        }
    }

    /// The timetable's widths as last worked out, with what they were worked out from.
    #[must_use]
    pub fn table_widths(&self) -> Option<&table::Memo> {
        self.table_widths.as_ref()
    }

    /// Open on `view` (the strip, the map, or both side by side).
    #[must_use]
    pub fn with_view(mut self, view: View) -> Self {
        self.screen.view = view;
        self
    }

    /// Open with the map's viewport `map` (zoomed in, or looking elsewhere than the train).
    #[must_use]
    pub fn with_map(mut self, map: MapView) -> Self {
        self.panels.map = map;
        self
    }

    /// Open showing the real present by the timetable (`--now`), with what to tell the user
    /// about it (`note`, in the key bar): the start must be now.
    #[must_use]
    pub fn with_live(mut self, note: Option<String>) -> Self {
        self.clock.live = true;
        self.screen.notice = note;
        self
    }

    /// The journey being replayed (the selected run's).
    #[must_use]
    pub fn journey(&self) -> &Journey {
        &self.journey
    }

    /// The settings in force.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The key bindings.
    #[must_use]
    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    /// The user's own zone, for the "yours" clock.
    #[must_use]
    pub fn local_tz(&self) -> Tz {
        self.local_tz
    }

    /// The simulated instant on screen.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The train at [`App::now`].
    #[must_use]
    pub fn state(&self) -> &TrainState {
        &self.state
    }

    /// The replay's clock: paused, speed, live, the dwell time skipped.
    #[must_use]
    pub fn clock(&self) -> &Replay {
        &self.clock
    }

    /// The screen around the panels: size, view, overlay, caption, notice, demo.
    #[must_use]
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The panels: the strip's and the map's viewports, the timetable, the focus.
    #[must_use]
    pub fn panels(&self) -> &Panels {
        &self.panels
    }

    /// The prompts: the one open, and the go-to history.
    #[must_use]
    pub fn prompts(&self) -> &Prompts {
        &self.prompt
    }

    /// The trains of the line: the fleet, the run shown, the run opened on, the others.
    #[must_use]
    pub fn trains(&self) -> &Trains {
        &self.trains
    }

    /// Show the other trains of `fleet` (whose first route must be this journey's) alongside.
    #[must_use]
    pub fn with_fleet(mut self, fleet: Fleet) -> Self {
        self.set_fleet(fleet);
        self
    }

    /// Show the other trains of `fleet` from now on (the session does this after the first
    /// frame, so building the other journeys does not delay it).
    fn set_fleet(&mut self, fleet: Fleet) {
        self.trains.fleet = fleet;
        if !self.trains.fleet.is_empty() {
            self.trains
                .fleet
                .remember(self.trains.selected, Arc::clone(&self.journey));
        }
        self.trains.others =
            self.trains
                .fleet
                .others(self.now, self.trains.selected, self.journey.route());
    }

    /// Go to the real-world instant `at`: the selected route's run that the timetable has
    /// most recently started, at 1×, playing.
    fn go_live(&mut self, at: DateTime<Utc>, wall: Duration) {
        // `now` typed into the go-to prompt arrives here (only the session knows the calendar).
        if let Some(prompt) = self.prompt.open.take() {
            line_edit::remember(&mut self.prompt.history, &prompt.text());
        }
        let found = if self.trains.fleet.is_empty() {
            // No fleet (yet): this run only, when it is the one.
            crate::route::calendar::live_run(self.journey.route(), at).and_then(|live| {
                let id = TrainId {
                    date: live.date,
                    ..self.trains.selected
                };
                (id == self.trains.selected)
                    .then_some((id, live.note))
                    .ok_or_else(|| "the other runs are still loading: press w again".to_owned())
            })
        } else {
            self.trains.fleet.live_run(self.trains.selected.route, at)
        };
        let (id, note) = match found {
            Ok(found) => found,
            Err(why) => {
                self.screen.notice = Some(why);
                return;
            }
        };
        self.select(id, wall);
        self.seek(at, wall);
        self.clock.sim.set_speed(1.0, wall);
        self.clock.sim.set_paused(false, wall);
        self.clock.live = true;
        self.screen.notice = note;
    }

    /// Make run `id` of the fleet the selected train.
    fn select(&mut self, id: TrainId, wall: Duration) {
        if id == self.trains.selected {
            return;
        }
        let Some(journey) = self.trains.fleet.journey(id).cloned() else {
            return;
        };
        // A compressed dwell belonged to the train left behind.
        let at = self.clock.sim.at(wall);
        self.clock.sim.seek(at, wall);
        self.journey = journey;
        self.trains.selected = id;
        self.state = self.journey.state_at(self.now);
        let (first, last) = self.journey.route().km_range();
        self.panels.strip = StripView::new(first, last, self.state.km);
        self.panels.timetable = TimetableView::default();
        self.panels.map.follow = true;
        self.screen.overlay = Overlay::None;
        self.screen.runs = None;
    }

    /// Select the next train on the line (in fleet order, wrapping round), or say there is
    /// none.
    fn next_train(&mut self, wall: Duration) {
        let mut ids = self.trains.fleet.cycle(self.now);
        if !ids.contains(&self.trains.selected) {
            ids.push(self.trains.selected);
        }
        if ids.len() < 2 {
            self.screen.notice = Some(if self.trains.fleet.len() > 1 {
                "no other train on this line now".to_owned()
            } else {
                "no other train runs on this line".to_owned()
            });
            return;
        }
        ids.sort();
        let at = ids
            .iter()
            .position(|i| *i == self.trains.selected)
            .unwrap_or(0);
        self.select(ids[(at + 1) % ids.len()], wall);
    }

    /// The map layout for a terminal `width` columns wide: beside the strip when wide enough.
    #[must_use]
    pub fn map_view_for(width: u16) -> View {
        if width >= layout::SPLIT_WIDTH {
            View::Split
        } else {
            View::Map
        }
    }

    /// The map's visible bounds in its current area.
    #[must_use]
    pub fn map_bounds(&self) -> crate::geo::projection::Bounds {
        let area = layout::areas(self).map_inner;
        let stops = self.journey.route().stops.iter();
        visible_bounds(
            &self.panels.map,
            self.journey.bbox(),
            route_parallel(stops.map(|s| (s.km, s.lat))),
            (self.state.lat, self.state.lon),
            (area.width, area.height),
        )
    }

    /// Whether the strip is drawn with west on the left and the route running right to left.
    #[must_use]
    pub fn strip_reversed(&self) -> bool {
        let stops = &self.journey.route().stops;
        matches!((stops.first(), stops.last()), (Some(a), Some(b)) if b.lon < a.lon)
    }

    /// Apply one action at wall time `wall`; returns what the shell must carry out (the bell
    /// and the hooks for the events passed, a quit). The only place the app's state changes.
    pub fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        match action {
            Action::Tick => {}
            Action::Command(command) => {
                self.screen.notice = None;
                self.command(command, wall);
            }
            Action::Mouse(mouse) => self.mouse(mouse),
            Action::Prompt(key) => self.prompt_key(key, wall),
            Action::Paste(text) => self.paste(&text, wall),
            Action::Live(at) => self.go_live(at, wall),
            Action::SetSpeed(speed) if speed.is_finite() => {
                self.clock
                    .sim
                    .set_speed(crate::settings::clamp_speed(speed), wall);
            }
            Action::SetSpeed(_) => {}
            Action::Seek { to, play } => {
                self.seek(to, wall);
                if play {
                    self.clock.sim.set_paused(false, wall);
                }
            }
            Action::Camera { center_km, span_km } => self.camera(center_km, span_km),
            // The network's camera: the journey's map keeps its own.
            Action::Look { .. } => {}
            Action::Caption(text) => self.screen.caption = text,
            Action::Notice(text) => self.screen.notice = Some(text),
            Action::SharedClock => self.screen.shared_clock = true,
            Action::Demo(on) => self.demo(on),
            Action::Resize(w, h) => {
                self.screen.size = (w, h);
                if self.screen.view != View::Strip {
                    self.screen.view = Self::map_view_for(w);
                }
            }
            Action::Trains(fleet) => self.set_fleet(*fleet),
        }
        self.refresh(wall);
        self.effects()
    }

    /// What this update leaves the shell to do: the bell for arrivals (when asked), the hook
    /// for every event passed, and the quit.
    fn effects(&mut self) -> Vec<Effect> {
        let timeline = self.journey.timeline();
        let mut effects = Vec::new();
        for i in std::mem::take(&mut self.clock.passed) {
            let Some(event) = timeline.get(i) else {
                continue;
            };
            if self.settings.bell && Self::rings(&event.kind) {
                effects.push(Effect::Bell);
            }
            effects.push(Effect::Hook(model::Hook {
                event: i,
                env: playback::event_env(&self.journey, event),
            }));
        }
        if std::mem::take(&mut self.quitting) {
            effects.push(Effect::Quit);
        }
        effects
    }

    /// Point the strip's camera (a demo's), when the numbers are numbers.
    fn camera(&mut self, center_km: f64, span_km: f64) {
        if center_km.is_finite() && span_km.is_finite() {
            self.panels.strip.follow = false;
            self.panels.strip.center_km = center_km;
            self.panels.strip.span_km = span_km;
            self.panels.strip.clamp();
        }
    }

    /// A demo starts, or hands over to the user: then what the director had under way (a cut
    /// to the map, its camera, its caption) is undone. The speed stays where the demo had
    /// it, so the train the user takes over goes on as it was going.
    fn demo(&mut self, on: bool) {
        let was = std::mem::replace(&mut self.screen.demo, on);
        if was && !on {
            self.screen.caption = None;
            self.panels.strip.follow = true;
            self.screen.view = View::Strip;
        }
    }

    /// Pasted text goes into the open prompt, as if typed; without a prompt it does nothing.
    fn paste(&mut self, text: &str, wall: Duration) {
        for c in text.chars().filter(|c| !c.is_control()) {
            if self.prompt.open.is_none() {
                return;
            }
            self.prompt_key(Key::char(c), wall);
        }
    }

    /// Bring `now` and the derived state up to date: what was played since the last update
    /// (events, pauses, the arrival), then compress a long dwell if asked to.
    fn refresh(&mut self, wall: Duration) {
        let mut now = self.clock.sim.at(wall);
        let played = !std::mem::take(&mut self.clock.sought);
        if played && now > self.now {
            now = self.play(self.now, now, wall);
        }
        if played && self.clock.boosting {
            self.count_skipped(now, wall);
        }
        self.now = now;
        self.state = self.journey.state_at(now);
        self.compress(now, wall);
        self.clock.boosting = self.clock.sim.boosted_until(wall).is_some();
        self.clock.last_refresh = Some((wall, self.clock.speed()));
        if !self.trains.fleet.is_empty() {
            self.trains.others =
                self.trains
                    .fleet
                    .others(now, self.trains.selected, self.journey.route());
        }
        self.panels.strip.keep_in_view(self.state.km);
        self.remember_table_widths();
    }

    fn seek(&mut self, to: DateTime<Utc>, wall: Duration) {
        self.clock.sim.seek(to, wall);
        self.clock.sought = true;
        self.clock.live = false;
        self.panels.strip.follow = true;
        self.panels.timetable.follow = true;
    }
}

impl Model for App {
    fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        App::update(self, action, wall)
    }

    /// A key goes to the open prompt (Ctrl-C still quits, and Enter on `now` is the
    /// calendar's present), else through the keymap; `w` (now) becomes `Action::Live`.
    fn action_of(&self, key: Key, utc: DateTime<Utc>) -> Option<Action> {
        if let Some(prompt) = &self.prompt.open {
            if key == Key::ctrl('c') {
                return Some(Action::Command(Command::Quit));
            }
            if key.code == KeyCode::Enter && prompt.means_now() {
                return Some(Action::Live(utc));
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

    /// The clocks on screen show seconds: the next whole simulated second.
    fn next_change(&self, wall: Duration) -> Option<Duration> {
        self.clock.sim.until_next_second(wall)
    }

    fn instant(&self) -> DateTime<Utc> {
        self.now
    }
}
