//! The shared helpers every layer may use; they import nothing of ours but each other.

pub mod diag;
pub mod duration;
pub mod files;
pub mod format;
pub mod text;
pub mod toml_lines;
