//! The integration tests, in one binary (one link of the crate and its dependencies, and one
//! pool of test threads for all of them): a module per subject, and the helpers they share
//! in [`common`] (an app at a fixed instant, the binary run as a command, a program in a
//! pseudo-terminal read by a VT parser) and [`gtfs`] (small feeds written for the importer).
//!
//! `cargo test --test it MODULE::` runs one subject, e.g. `cargo test --test it serve::`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod gtfs;

mod any_route;
mod app_actions;
mod clock_changes;
mod demo;
mod engine;
mod fit;
mod fuzz_regressions;
mod headless_cli;
mod import_attack;
mod import_cli;
mod import_gtfs;
mod import_real;
mod install;
mod interactive;
mod invalid_demo;
mod invalid_routes;
mod journey_day;
mod keys;
mod local_names;
mod map_snapshots;
mod narrate;
mod network_cli;
mod network_e2e;
mod network_real;
mod network_view;
mod pictures;
mod prompt_keys;
mod properties;
mod pty;
mod readme;
mod readme_screen;
mod realtime;
mod realtime_real;
mod record;
mod record_signals;
mod route_facts;
mod serve;
mod serve_attack;
mod serve_input;
mod serve_soak;
mod soak;
mod status_cli;
mod strip_labels;
mod sweep;
mod term_loop;
mod trains;
mod ui_snapshots;
