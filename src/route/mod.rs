//! The route: its file format, validation, the validated model and its service calendar. Pure:
//! no terminal, no clock.

pub mod builtin;
pub mod calendar;
pub mod checker;
pub mod clocks;
pub mod context;
pub mod daytime;
pub mod load;
pub mod model;
pub mod raw;
pub mod timing;
pub mod validate;
pub mod zoning;

pub use builtin::BUILTINS;
pub use calendar::{departures_between, latest_departure, runs_on};
pub use load::parse_route;
pub use model::{
    AsRecorded, EventKind, Route, RouteClock, RouteEvent, Scheduled, Stop, TimedEvent, ZoneBoundary,
};
