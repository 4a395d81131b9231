//! The simulation: where the train is at any instant. Pure and deterministic: every query takes
//! the instant as an argument; nothing here reads the wall clock or touches the terminal.

pub mod clock_time;
pub mod journey;
pub mod motion;
pub mod seek;
pub mod state;
pub mod timeline;
pub mod zones;

pub use journey::Journey;
pub use seek::Seek;
pub use state::{Status, TrainState};
pub use timeline::{EventClass, JourneyEvent, JourneyEventKind};
