//! The interactive app as a state machine: the model ([`App`]) and the one place it changes
//! ([`App::update`]). Rendering reads an `&App` and never mutates it; wall time comes in as an
//! argument, so every frame is reproducible.

pub mod action;
pub mod clock;
mod command;
pub mod complete;
pub mod demo;
pub mod fleet;
pub mod focus;
pub mod geometry;
pub mod labels;
pub mod layout;
pub mod line_edit;
pub mod map_view;
pub mod model;
mod mouse;
pub mod navigate;
pub mod network;
pub mod playback;
pub mod prompt;
pub mod runs;
pub mod screens;
pub mod session;
pub mod strip_view;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

pub use crate::settings::keymap;
pub use crate::settings::{Key, KeyCode, Keymap};
pub use action::{Action, Command, Mouse};
use clock::SimClock;
pub use fleet::{Fleet, OtherTrain, TrainId};
use map_view::{MapView, View, route_parallel, visible_bounds};
pub use model::{Effect, Model};
pub use prompt::{Prompt, PromptKind};
use strip_view::StripView;

use crate::settings::{ClockConvention, Settings};
use crate::sim::{Journey, TrainState};

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key bindings.
    Help,
    /// Details of stop `.0`.
    Station(usize),
    /// What the strip's and the map's symbols mean.
    Legend,
    /// The run picker ([`App::runs`]).
    Runs,
}

/// The timetable's scroll state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimetableView {
    /// First visible row when not following.
    pub offset: usize,
    /// Keep the current stop in view.
    pub follow: bool,
}

/// The whole interactive state.
#[derive(Debug, Clone)]
pub struct App {
    /// The journey being replayed.
    pub journey: Journey,
    /// Settings in force.
    pub settings: Settings,
    /// The simulated clock.
    pub clock: SimClock,
    /// The simulated instant on screen (updated by every action).
    pub now: DateTime<Utc>,
    /// The train at `now`.
    pub state: TrainState,
    /// The strip's viewport.
    pub strip: StripView,
    /// Which screen is shown.
    pub view: View,
    /// The map's viewport.
    pub map: MapView,
    /// The timetable's scroll state.
    pub timetable: TimetableView,
    /// The timetable's clock convention.
    pub timetable_clock: ClockConvention,
    /// The overlay shown.
    pub overlay: Overlay,
    /// How far the help overlay is scrolled down, in rows (when it does not fit).
    pub help_scroll: u16,
    /// Which panel has the keyboard, and the panels' row cursors.
    pub focus: focus::Focus,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Key bindings.
    pub keymap: Keymap,
    /// The user's own zone, for the "yours" clock.
    pub local_tz: Tz,
    /// The open prompt (go to, or find), if any.
    pub prompt: Option<Prompt>,
    /// What was gone to with the go-to prompt, oldest first (↑/↓ in the prompt).
    pub history: Vec<String>,
    /// A one-line notice (why the replay paused), cleared by the next command.
    pub notice: Option<String>,
    /// Timeline events (indices) passed during this update, for hooks and the bell.
    passed: Vec<usize>,
    /// Simulated time not shown because compressed dwells played faster.
    pub skipped: TimeDelta,
    /// Whether a compressed dwell is playing right now.
    pub boosting: bool,
    /// Wall time and replay speed at the last refresh, to count what a boost skipped.
    last_refresh: Option<(Duration, f64)>,
    /// When the last `D` was pressed and where it went, so a quick second press goes on back.
    last_prev_day: Option<(Duration, DateTime<Utc>)>,
    /// Set by a seek, so the next refresh does not count the jump as played.
    sought: bool,
    /// The routes whose trains share the line (empty: only this train is shown).
    pub fleet: Fleet,
    /// Which run of which fleet route is selected (the journey above).
    pub selected: TrainId,
    /// The run the app opened on (`r` goes back to it).
    pub home: TrainId,
    /// The open run picker, if any.
    pub runs: Option<runs::RunPicker>,
    /// The other trains on the line now, for the strip and the map.
    pub others: Vec<OtherTrain>,
    /// A caption shown over the screen (demo mode).
    pub caption: Option<String>,
    /// A demo is playing: keys hand control back to the user.
    pub demo: bool,
    /// Showing the real present by the timetable (`--now`, `w`), until the user seeks,
    /// pauses or changes speed.
    pub live: bool,
    /// Set when the user asked to quit during this update.
    quitting: bool,
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
        journey: Journey,
        settings: Settings,
        local_tz: Tz,
        size: (u16, u16),
        wall: Duration,
    ) -> Self {
        let keymap = settings.keymap.clone();
        let (start, speed) = start_and_speed(&journey, &settings);
        // The user's own speed, for when a demo hands back.
        let settings = Settings { speed, ..settings };
        let clock = SimClock::new(start, wall, speed, settings.paused);
        let state = journey.state_at(start);
        let route = journey.route();
        let (first, last) = route.km_range();
        let strip = StripView::new(first, last, state.km);
        let timetable_clock = settings.timetable_clock;
        let route_date = route.departure_date;
        Self {
            journey,
            settings,
            clock,
            now: start,
            state,
            strip,
            view: View::Strip,
            map: MapView::default(),
            timetable: TimetableView {
                offset: 0,
                follow: true,
            },
            timetable_clock,
            overlay: Overlay::None,
            help_scroll: 0,
            focus: focus::Focus::default(),
            size,
            keymap,
            local_tz,
            prompt: None,
            history: Vec::new(),
            notice: None,
            passed: Vec::new(),
            skipped: TimeDelta::zero(),
            boosting: false,
            last_refresh: None,
            last_prev_day: None,
            sought: false,
            fleet: Fleet::default(),
            selected: TrainId {
                route: 0,
                date: route_date,
            },
            home: TrainId {
                route: 0,
                date: route_date,
            },
            runs: None,
            others: Vec::new(),
            live: false,
            caption: None,
            demo: false,
            quitting: false,
        }
    }

    /// Open on `view` (the strip, the map, or both side by side).
    #[must_use]
    pub fn with_view(mut self, view: View) -> Self {
        self.view = view;
        self
    }

    /// Open showing the real present by the timetable (`--now`): the start must be now.
    #[must_use]
    pub fn with_live(mut self) -> Self {
        self.live = true;
        self
    }

    /// The other trains on this route's own line (placed on its strip), not merely running
    /// somewhere at the same time.
    pub fn others_on_line(&self) -> impl Iterator<Item = &OtherTrain> {
        self.others.iter().filter(|t| t.strip_km.is_some())
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
        self.fleet = fleet;
        if !self.fleet.is_empty() {
            self.fleet.remember(self.selected, self.journey.clone());
        }
        self.others = self
            .fleet
            .others(self.now, self.selected, self.journey.route());
    }

    /// Go to the real-world instant `at`: the selected route's run that the timetable has
    /// most recently started, at 1×, playing.
    fn go_live(&mut self, at: DateTime<Utc>, wall: Duration) {
        // `now` typed into the go-to prompt arrives here (only the session knows the calendar).
        if let Some(prompt) = self.prompt.take() {
            line_edit::remember(&mut self.history, &prompt.text());
        }
        let found = if self.fleet.is_empty() {
            // No fleet (yet): this run only, when it is the one.
            crate::route::calendar::live_run(self.journey.route(), at).and_then(|live| {
                let id = TrainId {
                    date: live.date,
                    ..self.selected
                };
                (id == self.selected)
                    .then_some((id, live.note))
                    .ok_or_else(|| "the other runs are still loading: press w again".to_owned())
            })
        } else {
            self.fleet.live_run(self.selected.route, at)
        };
        let (id, note) = match found {
            Ok(found) => found,
            Err(why) => {
                self.notice = Some(why);
                return;
            }
        };
        self.select(id, wall);
        self.seek(at, wall);
        self.clock.set_speed(1.0, wall);
        self.clock.set_paused(false, wall);
        self.live = true;
        self.notice = note;
    }

    /// Make run `id` of the fleet the selected train.
    fn select(&mut self, id: TrainId, wall: Duration) {
        if id == self.selected {
            return;
        }
        let Some(journey) = self.fleet.journey(id).cloned() else {
            return;
        };
        // A compressed dwell belonged to the train left behind.
        let at = self.clock.at(wall);
        self.clock.seek(at, wall);
        self.journey = journey;
        self.selected = id;
        self.state = self.journey.state_at(self.now);
        let (first, last) = self.journey.route().km_range();
        self.strip = StripView::new(first, last, self.state.km);
        self.timetable = TimetableView {
            offset: 0,
            follow: true,
        };
        self.map.follow = true;
        self.overlay = Overlay::None;
        self.runs = None;
    }

    /// Select the next train on the line (in fleet order, wrapping round), or say there is
    /// none.
    fn next_train(&mut self, wall: Duration) {
        let mut ids = self.fleet.cycle(self.now);
        if !ids.contains(&self.selected) {
            ids.push(self.selected);
        }
        if ids.len() < 2 {
            self.notice = Some(if self.fleet.len() > 1 {
                "no other train on this line now".to_owned()
            } else {
                "no other train runs on this line".to_owned()
            });
            return;
        }
        ids.sort();
        let at = ids.iter().position(|i| *i == self.selected).unwrap_or(0);
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
            &self.map,
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
                self.notice = None;
                self.command(command, wall);
            }
            Action::Mouse(mouse) => self.mouse(mouse),
            Action::Prompt(key) => self.prompt_key(key, wall),
            Action::Paste(text) => self.paste(&text, wall),
            Action::Live(at) => self.go_live(at, wall),
            Action::SetSpeed(speed) if speed.is_finite() => {
                self.clock
                    .set_speed(crate::settings::clamp_speed(speed), wall);
            }
            Action::SetSpeed(_) => {}
            Action::Seek { to, play } => {
                self.seek(to, wall);
                if play {
                    self.clock.set_paused(false, wall);
                }
            }
            Action::Camera { center_km, span_km } => self.camera(center_km, span_km),
            // The network's camera: the journey's map keeps its own.
            Action::Look { .. } => {}
            Action::Caption(text) => self.caption = text,
            Action::Notice(text) => self.notice = Some(text),
            Action::Demo(on) => self.demo(on),
            Action::Resize(w, h) => {
                self.size = (w, h);
                if self.view != View::Strip {
                    self.view = Self::map_view_for(w);
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
        for i in std::mem::take(&mut self.passed) {
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
            self.strip.follow = false;
            self.strip.center_km = center_km;
            self.strip.span_km = span_km;
            self.strip.clamp();
        }
    }

    /// A demo starts, or hands over to the user: then what the director had under way (a cut
    /// to the map, its camera, its caption) is undone. The speed stays where the demo had
    /// it, so the train the user takes over goes on as it was going.
    fn demo(&mut self, on: bool) {
        let was = std::mem::replace(&mut self.demo, on);
        if was && !on {
            self.caption = None;
            self.strip.follow = true;
            self.view = View::Strip;
        }
    }

    /// Pasted text goes into the open prompt, as if typed; without a prompt it does nothing.
    fn paste(&mut self, text: &str, wall: Duration) {
        for c in text.chars().filter(|c| !c.is_control()) {
            if self.prompt.is_none() {
                return;
            }
            self.prompt_key(Key::char(c), wall);
        }
    }

    /// Bring `now` and the derived state up to date: what was played since the last update
    /// (events, pauses, the arrival), then compress a long dwell if asked to.
    fn refresh(&mut self, wall: Duration) {
        let mut now = self.clock.at(wall);
        let played = !std::mem::take(&mut self.sought);
        if played && now > self.now {
            now = self.play(self.now, now, wall);
        }
        if played && self.boosting {
            self.count_skipped(now, wall);
        }
        self.now = now;
        self.state = self.journey.state_at(now);
        self.compress(now, wall);
        self.boosting = self.clock.boosted_until(wall).is_some();
        self.last_refresh = Some((wall, self.clock.speed()));
        if !self.fleet.is_empty() {
            self.others = self.fleet.others(now, self.selected, self.journey.route());
        }
        self.strip.keep_in_view(self.state.km);
    }

    fn seek(&mut self, to: DateTime<Utc>, wall: Duration) {
        self.clock.seek(to, wall);
        self.sought = true;
        self.live = false;
        self.strip.follow = true;
        self.timetable.follow = true;
    }
}

impl Model for App {
    fn update(&mut self, action: Action, wall: Duration) -> Vec<Effect> {
        App::update(self, action, wall)
    }

    /// A key goes to the open prompt (Ctrl-C still quits, and Enter on `now` is the
    /// calendar's present), else through the keymap; `w` (now) becomes `Action::Live`.
    fn action_of(&self, key: Key, utc: DateTime<Utc>) -> Option<Action> {
        if let Some(prompt) = &self.prompt {
            if key == Key::ctrl('c') {
                return Some(Action::Command(Command::Quit));
            }
            if key.code == KeyCode::Enter && prompt.means_now() {
                return Some(Action::Live(utc));
            }
            return Some(Action::Prompt(key));
        }
        match self.keymap.command(key)? {
            Command::Now => Some(Action::Live(utc)),
            command => Some(Action::Command(command)),
        }
    }

    fn playing(&self) -> bool {
        !self.clock.paused()
    }

    /// The clocks on screen show seconds: the next whole simulated second.
    fn next_change(&self, wall: Duration) -> Option<Duration> {
        self.clock.until_next_second(wall)
    }

    fn instant(&self) -> DateTime<Utc> {
        self.now
    }
}
