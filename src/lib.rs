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
//!      with its rules (progress, its own clocks and reference, the live run by the calendar,
//!      the calendar day a journey day is counted from). The built-in routes are parsed at
//!      build time (`src/build.rs`) and validated at start like any file; files arrive as text.
//!    - [`sim`]: where the train is at any instant: motion profile, zones, journey events,
//!      and the journey day (on the train's clock, which only the simulation knows).
//!    - [`geo`]: the sun (NOAA), the world's coastlines, lakes and borders (Natural Earth) at
//!      four levels of detail, the map projection.
//!    - [`network`]: a whole GTFS feed as one compact model (stops, routes, trips sharing
//!      their stop patterns, shapes, services) and which trains run where at an instant,
//!      through an index by service and time, and which arrive at a stop
//!      ([`network::arrivals`]); also the GTFS geometry, calendar, service-day
//!      clock and blank-time interpolation that `import gtfs` uses; and
//!      [`network::realtime`], recorded GTFS-Realtime data applied by the specification's
//!      rules (predicted times, delays, cancelled and added trips, vehicle positions), a
//!      trip as it ran for its journey ([`network::realtime::AsRun`]: one time per event, and
//!      when its delay began or grew), and a stop's arrivals at their predicted times.
//! 3. **Settings and sources**, [`settings`]: typed values, the commands and their keys in
//!    one table ([`settings::command`], [`settings::keymap`]), [`settings::config`]
//!    (`config.toml` defaults merged with the user's file, key by key) and
//!    [`settings::source`] (a ROUTE argument: a built-in id, or a file read and handed to
//!    `route` as text).
//! 4. **The model**: [`app`]: one `Action` type, one `App::update`, the app's state in small
//!    groups read through methods ([`app::Replay`], [`app::Screen`], [`app::Panels`],
//!    [`app::Prompts`], [`app::Trains`]), the anchored clock, the screen geometry the view
//!    draws with ([`app::layout`], [`app::geometry`], [`app::labels`]), the demo's director,
//!    the other trains of the line, the run picker, and [`app::session::Session`], which
//!    drives one viewer. The network of a whole feed is a second model,
//!    [`app::network::NetworkView`] (its layout, find, panel data and tour beside it), and
//!    [`app::screens::Screens`] holds it with the journey opened from it (Enter), handing each
//!    action to the one in front; the journey's route comes through an
//!    [`app::screens::Opener`] the shell provides, with recorded realtime data running by the
//!    real times, the timetable's beside them and the delay's lines for the log
//!    ([`app::as_run`], kept on the route as [`route::AsRecorded`]).
//! 5. **The view**: [`ui`]: `&App` rendered into a buffer; strip, clocks, timetable, log,
//!    overlays; [`ui::network`] draws `&NetworkView` and `&Screens` (the map of every line and
//!    train, route colours made readable on the theme, the panels). Nothing there changes state
//!    or reads a clock.
//! 6. **The shells**:
//!    - [`report`]: outputs without a terminal: `routes`/`check`/`state`/`timetable` text and
//!      JSON, the status line, a frame as text or ANSI, a replay as asciicast v2, and pictures
//!      (a frame as PNG or SVG, a replay as GIF) in the theme's colours ([`ui::palette`]).
//!    - [`term`]: the loop that runs a `Session`, generic over ratatui's `Backend` and a
//!      `Host`; the local terminal on stdout with crossterm; signals and hang-ups; the
//!      `--on-event` commands run for journey events ([`term::hooks`]); and narration
//!      ([`term::narrate`]): the same `Session` told in plain lines for screen readers and
//!      logs (`--narrate`, `TERM=dumb`, a `dumb` `serve` viewer), or a feed's trains arriving
//!      at a stop ([`term::narrate_feed`]); the words are [`report::narrate`]'s.
//!    - [`import`]: a train of a GTFS feed turned into a route file (`longrail import gtfs`),
//!      a whole feed read into the [`network`] model (`--feed`), and GTFS-Realtime messages
//!      decoded with `prost` for it (`--realtime`, [`import::realtime`]).
//!    - [`serve`]: `longrail serve`, many viewers over SSH: a russh server on tokio, each
//!      viewer a `Session` in the same loop on a thread of its own, fed by its channel's
//!      bytes through `terminput`, drawing through a bounded per-viewer writer.
//!    - [`cli`]: the command line, a file per command, one builder of settings, apps and
//!      sessions, one error type with the exit codes; `completions` and `man` are made by
//!      clap_complete and clap_mangen from the same definition; [`cli::netview`] builds the network's
//!      screens for `--feed` (the app, `frame`, `record`, `demo`, `serve`) and opens a train's
//!      journey with `import gtfs`'s code.
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

//! ### How it is built (the tour the README used to give)
//!
//! `src/lib.rs` opens with a map of the modules in their layers; dependencies point one way, from
//! the shells down to the shared helpers, and `../shared/tools/import-cycles src` finds no cycle
//! between files or folders. In order:
//!
//! - **Shared helpers** (`util/`: `text`, `format`, `duration`, `diag`): quoting, the one way
//!   numbers, speeds, durations and instants are written, diagnostics with file:line:col.
//! - **The pure core** (`route/`, `sim/`, `geo/`): the route format, its validation and its rules
//!   (progress and the live run are each defined once, on `Route` and in `route/calendar.rs`; the
//!   journey day and the days on `sim::Journey`, which knows when the train's clock changes); where the train is at an instant; the sun, borders and the map
//!   projection. No terminal, no wall clock, no file system: `.ci/pure-core` (run by `.ci/run`)
//!   fails CI, naming the file and line, when code there mentions `ratatui`, `crossterm`,
//!   `Utc::now`, `Local::now`, `SystemTime`, `Instant::now` or `std::fs`. Files are read by
//!   `util/files.rs` and `settings/source.rs` (a ROUTE argument) and handed over as text; `util/files.rs` also writes
//!   new files atomically (`tempfile`).
//! - **Settings** (`settings/`, with `config.rs`): typed values, and every command with its config name,
//!   help line and default keys in one table (`settings/command.rs`) that the keymap, the help and
//!   the key bar all read.
//! - **The model** (`app/`): every input becomes one `Action`, handled in `App::update`
//!   (`app/mod.rs`; commands in `app/command.rs`, mouse in `app/mouse.rs`, jumps in
//!   `app/navigate.rs`, the prompts in `app/prompt.rs` with `app/line_edit.rs` (the readline line
//!   and its history) and `app/complete.rs` (the fuzzy suggestions), the panels' keyboard focus in
//!   `app/focus.rs`). Its state is in groups, each with the methods the view reads: the replay's
//!   clock (`Replay`, in `app/playback.rs`), the screen around the panels (`app/screen.rs`), the
//!   panels (`app/panels.rs`), the prompts (`Prompts`, in `app/prompt.rs`) and the trains of the
//!   line (`Trains`, in `app/fleet.rs`). Clock times (when a clock shows `day N HH:MM`, twice, or never) are resolved
//!   in `sim/clock_time.rs`. The simulated clock is anchored (`sim = anchor + speed × (wall −
//!   anchor_wall)`) with wall time passed in. The screen geometry that both the model and the view
//!   need lives here, below the view: `app/layout.rs` (the areas), `app/geometry.rs` (the strip's
//!   km ↔ column projection and rows, the timetable's rows) and `app/labels.rs` (where every
//!   station's and other train's name goes on the strip), so a click is hit-tested with the same
//!   numbers the screen is drawn with. `app/session.rs` is the **Session**: one viewer's app with
//!   what runs beside it (the demo's director from `app/demo/`, the other trains from
//!   `app/fleet.rs` joining after the first frame); it takes terminal-neutral inputs (key, mouse,
//!   paste, resize, tick, each with the wall time) and answers with effects (bell, hook, quit) for
//!   the shell to carry out. Demo takeover, prompt routing and "now" are decided there, once.
//! - **The view** (`ui/`): renders an `&App` and changes nothing: `ui/strip.rs`, `ui/map.rs`
//!   (with `ui/scale.rs`, its scale bar), `ui/clocks.rs`, `ui/timetable.rs`, `ui/log.rs`,
//!   `ui/title.rs`, `ui/keybar.rs`, `ui/overlay.rs` (help and station details), `ui/prompt.rs`
//!   (the go-to prompt and find), `ui/legend.rs`, `ui/theme.rs`.
//! - **The shells**: `term/mod.rs` is the loop, generic over ratatui's `Backend` and a `Host` that
//!   supplies inputs and the time and carries out effects; `term/local.rs` is the local terminal
//!   (crossterm on stdout, the bell, `--on-event` hooks from `term/hooks.rs`), `term/signals.rs` the
//!   signals and hang-ups, `term/input.rs` every terminal's events as inputs, and `term/frames.rs`
//!   the one writer that hands a whole frame to stdout or to an SSH viewer's queue. `tests/it/term_loop.rs` runs the same loop on a `TestBackend` with a
//!   scripted host. `report/` holds the outputs without a terminal: `report/mod.rs` (`routes`,
//!   `check`, `state`, `timetable`), `report/status.rs`, `report/frame.rs` (a frame as text or
//!   ANSI), `report/cast.rs` (a Session recorded as asciicast v2) and `report/picture/` (a frame
//!   as PNG or SVG, a Session recorded as GIF: `raster.rs` draws cells with soft_ratatui, `png.rs`,
//!   `svg.rs`, `gif.rs`), painted with the theme's `ui/palette.rs`. `cli/` is the command line:
//!   `cli/mod.rs` (the global options and the dispatch), one file per command with its options and
//!   its `run` (`cli/app.rs` for the interactive app, `demo.rs`, `routes.rs`, `check.rs`,
//!   `state.rs`, `timetable.rs`, `frame.rs`, `record.rs`, `status.rs`), `cli/build.rs` (the one
//!   place that builds settings, the app and the Session from the options), `cli/output.rs` (the
//!   format from `--format` or the extension, and files written atomically, stopped by a signal)
//!   and `cli/error.rs` (one
//!   error type: exit 1 for invalid input, 2 for bad usage). `import/` is `import gtfs` (its
//!   command is `cli/import.rs`): `feed.rs` (a zip or folder, every file through a size limit),
//!   `table.rs` (CSV rows with the `csv` crate, bad values placed by line and column), `gtfs.rs`
//!   and `calendar.rs` (the files it reads), `trip.rs` (one trip's data), `stops.rs` (zones and
//!   names), `geometry.rs` (distances, projection, the `geo` simplification), `plan.rs`
//!   (interpolation, folding), `clock.rs` (GTFS times to `day N HH:MM`), `draft.rs` and
//!   `write.rs` (the route file's content and text), `list.rs` (`--list`); what it writes must
//!   pass `route::parse_route` before anything is written. `serve/` is `longrail serve`:
//!   `serve/mod.rs` (the tokio accept loop, the limits, the log lines, SIGTERM), `serve/conn.rs`
//!   (russh's handler for one connection: authentication, the one pty and shell, every refusal,
//!   and the restore, exit status and close at the end), `serve/viewer.rs` (a viewer's Session in
//!   the same `term::run` loop on its own thread, with a `Host` fed by a bounded queue of the
//!   channel's bytes), `serve/input.rs` (those bytes to inputs with `terminput`), `serve/output.rs`
//!   (the per-viewer queue behind `term/frames.rs`' writer, its bound on bytes in flight, skipped
//!   frames and full repaints, and a backend that never asks the server's own terminal anything)
//!   and `serve/keys.rs` (the host key and authorized keys); `cli/serve.rs` has its options,
//!   and `cli/build.rs`'s `viewer_factory` builds each viewer's Session.
//!
//! Functions stay within 60 lines (clippy's `too_many_lines`, threshold in `.clippy.toml`).
//!
//! Tests: unit tests beside the code; `tests/it/invalid_routes.rs` (one fixture per validation rule);
//! `tests/it/invalid_demo.rs` (one fixture per demo-script rule, the shipped scripts on every route,
//! random edits of a script);
//! `tests/it/engine.rs` and `tests/it/properties.rs` (engine behaviour and proptest properties over random
//! routes through DST zones); `tests/it/headless_cli.rs` (the real binary's outputs, insta
//! snapshots); `tests/it/ui_snapshots.rs` (whole screens in ratatui's `TestBackend` at several sizes,
//! instants, themes and in ASCII); `tests/it/app_actions.rs` (the app driven by action sequences, and
//! random sequences of keys, mouse events and resizes from 1×1 to 300×100); `tests/it/pty.rs` (the
//! real binary in a pseudo-terminal, screen read with `vt100`, every exit path checked for a
//! restored terminal); `tests/it/record.rs` (casts from the real binary, replayed with `vt100` and
//! played by asciinema 2.4.0); `tests/it/pictures.rs` (PNG, SVG and GIF files from the real binary,
//! read back with the `png`, `gif` and `roxmltree` crates and drawn by headless Chromium: sizes,
//! the train's colour in each theme, delays, the SVG's text cell for cell); `tests/it/trains.rs` (the other trains on the strip and the map, a
//! snapshot of two cars passing, Tab); `tests/it/demo.rs` (the whole default demo played headless);
//! `tests/it/status_cli.rs` (the status line); `tests/it/prompt_keys.rs` (the prompts driven by keys
//! through a Session: editing, history, completion, find, the forms, a time shown twice);
//! `tests/it/interactive.rs` (focus, the legend, the help's scrolling, the title at every width from
//! 60, notices at the limits, `--now` between runs, with snapshots of each); `tests/it/term_loop.rs`
//! (the terminal loop on a `TestBackend`: demo takeover (Space pauses, the demo's speed stays, Esc
//! does not quit), `q` in a demo, bell and hook effects, a hook's notice, the other
//! trains joining after the first frame, a resize); `tests/it/clock_changes.rs` (every event of every
//! built-in route and of `tests/fixtures/valid/dst-spring-zones.toml`, a route through a
//! daylight-saving change, seen at its own instant: on its far side, with zone offsets from
//! Python's `zoneinfo`); `tests/it/journey_day.rs` (the one journey day in the title, `state`,
//! `status`, every timetable clock and `g`/`--start`); `tests/it/strip_labels.rs` (names on the
//! strip: priority over other trains' names, event titles never glued, a click anywhere on a
//! station's name); `tests/it/import_gtfs.rs`, `tests/it/import_cli.rs`
//! and `tests/it/import_real.rs` (`import gtfs` on written feeds, as a command, and on real feeds
//! against Python's `zoneinfo`; their helpers and the oracle are in `tests/it/gtfs/`);
//! `tests/it/realtime.rs` (`--realtime` with messages written in the test, one per rule; the
//! journey opened from the network with two recorded messages: its real times, a skipped stop,
//! its log's delay lines, snapshots, in a pseudo-terminal; the narration of a stop) and
//! `tests/it/realtime_real.rs` (the recorded BART message against a Python oracle using
//! Google's gtfs-realtime-bindings, and a BART journey opened from the network); `tests/it/serve.rs` (`longrail serve` against
//! the real OpenSSH client, each viewer's `ssh -tt` in a pseudo-terminal read with `vt100`: see
//! "Serving a demo over SSH"; the slow-viewer test takes about 90 s, the time to fill an OpenSSH
//! window plus the 30 s limit); `tests/it/network_view.rs` (the network screen of a small feed: snapshots at three zooms, the
//! train's panel, a stop's departures, a journey opened with Enter and left with Esc, find, a click,
//! counts on shared cells, a clock change in the title, `--ascii`, `frame --feed`, the tour) and
//! `tests/it/network_e2e.rs` (`--feed` in a pseudo-terminal, `demo --feed`, `record --feed` played by
//! asciinema); `tests/it/serve_input.rs` (random bytes through the server's input
//! path, a viewer's loop without a network, a shared clock's keys). Below `tests/`, in folders (so `cargo test`
//! does not take them for integration tests): `benches/` (`cargo bench`), `examples/` (`cargo run
//! --example`) and `fuzz/` (the `cargo fuzz` crate, its own workspace). Review snapshot changes
//! with `cargo insta review` (`cargo install cargo-insta`).

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod util;

pub mod geo;
pub mod network;
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
