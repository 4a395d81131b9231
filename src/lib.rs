//! # longrail
//!
//! Replays the Pyongyang → Moscow through car (and any other train described in a TOML route
//! file) against a simulated clock.
//!
//! ## Module map, by layer
//!
//! `src/` holds `lib.rs`, `main.rs` (the binary), `build.rs` (the build script) and one folder
//! per layer or shell, listed here in layer order. Dependencies point one way, down this
//! list: a module imports only modules of its own layer or of the layers above it here.
//! `../shared/tools/import-cycles` checks that no file or folder imports one that imports it
//! back, and `.ci/run` checks that the pure core never mentions the terminal, the wall clock
//! or the file system.
//!
//! 1. **Shared helpers**, [`util`], importing nothing of ours but each other:
//!    - [`util::text`]: quoting and sanitising text from files before it reaches a terminal.
//!    - [`util::format`]: numbers, speeds, durations and instants as every view and output
//!      writes them.
//!    - [`util::duration`]: lengths of time as typed on the command line (`90s`, `1h30m`).
//!    - [`util::diag`]: user-facing diagnostics with file, line, column and a fix.
//!    - [`util::files`]: the user's files: text read safely, new files written atomically.
//! 2. **The pure core**: no terminal, no wall clock, no file system; time is an argument.
//!    - [`route`]: the route file format, its validation, and the validated [`route::Route`]
//!      with its rules (progress, the live run by the calendar, the calendar day a journey
//!      day is counted from). The built-in routes are parsed at build time (`src/build.rs`)
//!      and validated at start like any file; files arrive as text.
//!    - [`sim`]: where the train is at any instant: motion profile, zones, journey events,
//!      and the journey day (on the train's clock, which only the simulation knows).
//!    - [`geo`]: the sun (NOAA), Natural Earth borders and lakes, the map projection.
//! 3. **Settings and sources**, [`settings`]: typed values, the commands and their keys in
//!    one table ([`settings::command`], [`settings::keymap`]), [`settings::config`]
//!    (`config.toml` defaults merged with the user's file, key by key) and
//!    [`settings::source`] (a ROUTE argument: a built-in id, or a file read and handed to
//!    `route` as text).
//! 4. **The model**: [`app`]: one `Action` type, one `App::update`, the anchored clock, the
//!    screen geometry the view draws with ([`app::layout`], [`app::geometry`],
//!    [`app::labels`]), the demo's director, the other trains, and [`app::session::Session`],
//!    which drives one viewer.
//! 5. **The view**: [`ui`]: `&App` rendered into a buffer; strip, clocks, timetable, log,
//!    overlays. Nothing there changes state or reads a clock.
//! 6. **The shells**:
//!    - [`report`]: outputs without a terminal: `routes`/`check`/`state`/`timetable` text and
//!      JSON, the status line, a frame as text or ANSI, a replay as asciicast v2, and pictures
//!      (a frame as PNG or SVG, a replay as GIF) in the theme's colours ([`ui::palette`]).
//!    - [`term`]: the loop that runs a `Session`, generic over ratatui's `Backend` and a
//!      `Host`; the local terminal on stdout with crossterm; signals and hang-ups; and the
//!      `--on-event` commands run for journey events ([`term::hooks`]).
//!    - [`import`]: a train of a GTFS feed turned into a route file (`longrail import gtfs`).
//!    - [`serve`]: `longrail serve`, many viewers over SSH: a russh server on tokio, each
//!      viewer a `Session` in the same loop on a thread of its own, fed by its channel's
//!      bytes through `terminput`, drawing through a bounded per-viewer writer.
//!    - [`cli`]: the command line, a file per command, one builder of settings, apps and
//!      sessions, one error type with the exit codes.
//!    - `harness` (with the `harness` feature only): untrusted input taken all the way
//!      through, for the fuzz targets and their regression tests.

//! ## One loop for every kind of screen
//!
//! A screen's state is a model: a type that implements [`app::Model`]. Its
//! `update(&mut self, Action, wall) -> Vec<Effect>` is the only place the state changes;
//! `action_of(&self, Key, utc)` says what a key means now; `playing`, `next_change` and
//! `instant` tell the loop when to draw. [`app::session::Session<M>`] drives any model for
//! one viewer (a demo's director through [`app::session::Steer<M>`], work after the first
//! frame through [`app::session::Later`], a clock shared by every viewer), and
//! [`term::run`] and [`serve::viewer::run`] run any session whose model the view can draw
//! (`for<'a> &'a M: ratatui::widgets::Widget`, implemented in [`ui`]). The journey's
//! [`app::App`] is one such model. Another kind of screen (a whole network of trains) is a
//! new model and a new widget, driven by the same session, loop and shells; a screen that
//! opens another (a journey from the network, and back with Esc) is a model holding both,
//! handing each action to the one in front.
//!
//! Shells carry out the effects ([`term::Host::effect`]): the bell, an `--on-event` command
//! with the event in its environment ([`app::model::Hook`]), the quit.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod util;

pub mod geo;
pub mod route;
pub mod sim;

pub mod settings;

pub mod app;

pub mod ui;

pub mod cli;
pub mod import;
pub mod report;
pub mod serve;
pub mod term;

#[cfg(feature = "harness")]
pub mod harness;
