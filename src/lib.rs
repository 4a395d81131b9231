//! # longrail
//!
//! Replays the Pyongyang → Moscow through car (and any other train described in a TOML route
//! file) against a simulated clock.
//!
//! ## Module map, by layer
//!
//! Dependencies point one way, down this list: a module imports only modules of its own
//! layer or of the layers above it here. `../shared/tools/import-cycles` checks that no file
//! or folder imports one that imports it back, and `.ci/run` checks that the pure core never
//! mentions the terminal, the wall clock or the file system.
//!
//! 1. **Shared helpers**, importing nothing of ours but each other:
//!    - [`text`]: quoting and sanitising text from files before it reaches a terminal.
//!    - [`format`](mod@format): numbers, speeds, durations and instants as every view and output writes them.
//!    - [`duration`]: lengths of time as typed on the command line (`90s`, `1h30m`).
//!    - [`diag`]: user-facing diagnostics with file, line, column and a fix.
//!    - [`files`]: the user's files: text read safely, new files written atomically.
//! 2. **The pure core**: no terminal, no wall clock, no file system; time is an argument.
//!    - [`route`]: the route file format, its validation, and the validated [`route::Route`]
//!      with its rules (progress, the live run by the calendar, the calendar day a journey
//!      day is counted from). The built-in
//!      routes are parsed at build time (`src/build.rs`) and validated at start like any file;
//!      files arrive as text.
//!    - [`sim`]: where the train is at any instant: motion profile, zones, journey events,
//!      and the journey day (on the train's clock, which only the simulation knows).
//!    - [`geo`]: the sun (NOAA), the world's coastlines, lakes and borders (Natural Earth) at
//!      four levels of detail, the map projection.
//! 3. **Settings and sources**: [`settings`] (typed values, the commands and their keys in one
//!    table, the keymap), [`config`] (`config.toml` defaults merged with the user's file, key by
//!    key) and [`source`] (a ROUTE argument: a built-in id, or a file read and handed to
//!    `route` as text).
//! 4. **The model**: [`app`]: one `Action` type, one `App::update`, the anchored clock, the
//!    screen geometry the view draws with ([`app::layout`], [`app::geometry`], [`app::labels`]), the demo's
//!    director, the other trains, and [`app::session::Session`], which drives one viewer.
//! 5. **The view**: [`ui`]: `&App` rendered into a buffer; strip, clocks, timetable, log,
//!    overlays. Nothing there changes state or reads a clock.
//! 6. **The shells**:
//!    - [`report`]: outputs without a terminal: `routes`/`check`/`state`/`timetable` text and
//!      JSON, the status line, a frame as text or ANSI, a replay as asciicast v2, and pictures
//!      (a frame as PNG or SVG, a replay as GIF) in the theme's colours ([`ui::palette`]).
//!    - [`term`]: the loop that runs a `Session`, generic over ratatui's `Backend` and a
//!      `Host`; the local terminal on stdout with crossterm; signals and hang-ups.
//!    - [`import`]: a train of a GTFS feed turned into a route file (`longrail import gtfs`).
//!    - [`serve`]: `longrail serve`, many viewers over SSH: a russh server on tokio, each
//!      viewer a `Session` in the same loop on a thread of its own, fed by its channel's
//!      bytes through `terminput`, drawing through a bounded per-viewer writer.
//!    - [`hooks`]: `--on-event` commands run for journey events, with the event in the
//!      environment.
//!    - [`cli`]: the command line, a file per command, one builder of settings, apps and
//!      sessions, one error type with the exit codes.
//!    - [`harness`]: untrusted input taken all the way through, for the fuzz targets and their
//!      regression tests.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod app;
pub mod cli;
pub mod config;
pub mod diag;
pub mod duration;
pub mod files;
pub mod format;
pub mod geo;
pub mod harness;
pub mod hooks;
pub mod import;
pub mod report;
pub mod route;
pub mod serve;
pub mod settings;
pub mod sim;
pub mod source;
pub mod term;
pub mod text;
pub mod ui;
