//! Geography for the map view, pure: the sun (day and night), country borders and lakes from
//! the embedded Natural Earth asset, and the projection from degrees to the map's plane.

pub mod projection;
pub mod shapes;
pub mod solar;
