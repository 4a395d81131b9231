//! # longrail
//!
//! Replays the Pyongyang → Moscow through car (and any other train described in a TOML route
//! file) against a simulated clock.
//!
//! Module map (data flows top to bottom; `route`, `sim` and `geo` never touch the terminal, the
//! file system or the wall clock: time is always an argument and files arrive as text; `.ci/run`
//! checks it):
//!
//! - [`text`]: quoting and sanitising text from files before it reaches a terminal.
//! - [`duration`]: lengths of time as typed on the command line (`90s`, `1h30m`).
//! - [`diag`]: user-facing diagnostics with file, line, column and a fix.
//! - [`files`]: the user's files: text read safely, new files written atomically (`tempfile`).
//! - [`route`]: the route file format, its validation, and the validated [`route::Route`]. The
//!   built-in routes are parsed at build time (`src/build.rs`) and validated at start like any
//!   file.
//! - [`source`]: a ROUTE argument (a built-in id or a path); route files read and handed to
//!   `route` as text.
//! - [`sim`]: where the train is at any instant: motion profile, zones, journey events.
//! - [`settings`]: typed settings values (speed, start, clocks, units, theme) and their parsing.
//! - [`config`]: `config.toml` defaults merged with the user's file, key by key.
//! - [`report`]: headless text and JSON outputs (`routes`, `check`, `state`, `timetable`).
//! - [`status`]: `longrail status`: one line for a status bar, from a `%`-field format.
//! - [`geo`]: the sun (NOAA), Natural Earth borders and lakes, the map projection and clipping.
//! - [`app`]: the interactive model: one `Action` type, one `update`, the anchored clock and keymap.
//! - [`ui`]: rendering `&App` into a buffer: strip, clocks, timetable, event log, overlays.
//! - [`headless`]: a frame rendered without a terminal, as text (or ANSI), for `longrail frame`.
//! - [`record`]: `longrail record`: the replay as an asciicast v2 file, drawn through ratatui's
//!   crossterm backend into memory frame by frame, written to a temporary file and moved into place.
//! - [`tui`]: the terminal shell: raw mode, events, signals, restoring the terminal on every exit.
//! - [`hooks`]: `--on-event` commands run for journey events, with the event in the environment.
//! - [`harness`]: untrusted input taken all the way through, for the fuzz targets and their regression tests.
//! - [`cli`], [`commands`]: the command line and its dispatch.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub mod duration;
pub mod files;
pub mod geo;
pub mod harness;
pub mod headless;
pub mod hooks;
pub mod record;
pub mod report;
pub mod route;
pub mod settings;
pub mod sim;
pub mod source;
pub mod status;
pub mod text;
pub mod tui;
pub mod ui;
