//! The built-in routes, embedded in the binary from `assets/routes/`, and [`RouteSource`]: a
//! built-in or a route file's text, validated for any departure date. (A ROUTE argument that
//! names a file is read by `crate::settings::source`: nothing here touches the disk.)

use chrono::NaiveDate;

use super::model::Route;
use super::raw::RawFile;
use super::validate::validate;
use crate::util::diag::Diagnostics;

/// A route shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Route id, as accepted by `--route`.
    pub id: &'static str,
    /// The TOML text.
    pub source: &'static str,
    /// The same text as parsed at build time (by `src/build.rs`), so starting up skips the TOML
    /// parser; validation still runs as for any file.
    pub raw: fn() -> RawFile,
}

/// The built-in route files, parsed at build time: one function per file, named after it.
#[allow(clippy::unreadable_literal, clippy::too_many_lines)] // generated data
mod compiled {
    use crate::route::raw::{RawClock, RawEvent, RawFile, RawMeta, RawStop, RawZone};
    use toml::Spanned;
    include!(concat!(env!("OUT_DIR"), "/builtin_routes.rs"));
}

/// Every built-in route; the first is the default.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "pyongyang-moscow",
        source: include_str!("../../assets/routes/pyongyang-moscow.toml"),
        raw: compiled::pyongyang_moscow,
    },
    Builtin {
        id: "moscow-pyongyang",
        source: include_str!("../../assets/routes/moscow-pyongyang.toml"),
        raw: compiled::moscow_pyongyang,
    },
    Builtin {
        id: "pyongyang-khabarovsk",
        source: include_str!("../../assets/routes/pyongyang-khabarovsk.toml"),
        raw: compiled::pyongyang_khabarovsk,
    },
    Builtin {
        id: "vladivostok-rajin",
        source: include_str!("../../assets/routes/vladivostok-rajin.toml"),
        raw: compiled::vladivostok_rajin,
    },
    Builtin {
        id: "khasan-tumangang",
        source: include_str!("../../assets/routes/khasan-tumangang.toml"),
        raw: compiled::khasan_tumangang,
    },
    Builtin {
        id: "tumangang-khasan",
        source: include_str!("../../assets/routes/tumangang-khasan.toml"),
        raw: compiled::tumangang_khasan,
    },
];

/// The built-in route called `id`, if any.
#[must_use]
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

/// Load a built-in route by id.
///
/// # Errors
/// Only if the shipped file were invalid (a test checks that none is).
pub fn load_builtin(b: &Builtin, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
    let file = format!("assets/routes/{}.toml (built-in)", b.id);
    validate(&(b.raw)(), &file, b.source, date)
}

/// Where a route comes from, kept so it can be validated again for another departure date
/// (the fleet of trains on the line does this) without touching the disk again.
#[derive(Debug, Clone)]
pub enum RouteSource {
    /// A built-in route.
    Builtin(&'static Builtin),
    /// A route file, as read.
    File {
        /// The path, as given.
        path: String,
        /// Its text.
        text: String,
    },
}

impl RouteSource {
    /// Validate the route for the departure on `date` (its own date when `None`).
    ///
    /// # Errors
    /// The file's problems, each with its position.
    pub fn load(&self, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
        match self {
            Self::Builtin(b) => load_builtin(b, date),
            Self::File { path, text } => super::load::parse_route(path, text, date),
        }
    }

    /// The built-in id, for a built-in route.
    #[must_use]
    pub fn builtin_id(&self) -> Option<&'static str> {
        match self {
            Self::Builtin(b) => Some(b.id),
            Self::File { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_time_parse_equals_the_runtime_parser() {
        for b in BUILTINS {
            let runtime: RawFile = toml::from_str(b.source).unwrap();
            assert_eq!(
                format!("{:?}", (b.raw)()),
                format!("{runtime:?}"),
                "{}: src/build.rs and toml::from_str disagree",
                b.id
            );
        }
    }
}
