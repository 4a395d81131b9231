//! The route: its file format, validation, and the validated model. Pure: no terminal, no clock.

pub mod builtin;
pub mod checker;
pub mod context;
pub mod daytime;
pub mod load;
pub mod model;
pub mod raw;
pub mod timing;
pub mod validate;
pub mod zoning;

pub use builtin::{BUILTINS, resolve_route};
pub use load::{load_route_file, parse_route, read_text_file};
pub use model::{EventKind, Route, RouteEvent, Stop, ZoneBoundary};
