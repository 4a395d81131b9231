//! Geography for the map view, pure: the sun (day and night), the world's coastlines, lakes
//! and borders from the embedded Natural Earth asset at several levels of detail, and the
//! projection from degrees to the map's plane.

pub mod projection;
pub mod solar;
pub mod world;
