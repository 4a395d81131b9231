//! The built-in routes, embedded in the binary from `assets/routes/`, and the lookup that turns
//! a ROUTE argument (a built-in id or a path) into a [`Route`].

use std::path::Path;

use chrono::NaiveDate;

use super::load::{load_route_file, parse_route};
use super::model::Route;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text;

/// A route shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Route id, as accepted by `--route`.
    pub id: &'static str,
    /// The TOML text.
    pub source: &'static str,
}

/// Every built-in route; the first is the default.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "pyongyang-moscow",
        source: include_str!("../../assets/routes/pyongyang-moscow.toml"),
    },
    Builtin {
        id: "moscow-pyongyang",
        source: include_str!("../../assets/routes/moscow-pyongyang.toml"),
    },
    Builtin {
        id: "pyongyang-khabarovsk",
        source: include_str!("../../assets/routes/pyongyang-khabarovsk.toml"),
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
    parse_route(
        &format!("assets/routes/{}.toml (built-in)", b.id),
        b.source,
        date,
    )
}

/// Resolve a ROUTE argument: a built-in id, else a path to a route file.
///
/// # Errors
/// When it is neither, or the file is invalid.
pub fn resolve_route(spec: &str, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
    if let Some(b) = builtin(spec) {
        return load_builtin(b, date);
    }
    let path = Path::new(spec);
    let looks_like_id = !spec.is_empty()
        && spec
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if looks_like_id && !path.exists() {
        let ids: Vec<&str> = BUILTINS.iter().map(|b| b.id).collect();
        return Err(Diagnostic::file_level(
            spec,
            format!(
                "there is no built-in route {} and no file of that name",
                text::quote(spec)
            ),
        )
        .help(format!(
            "use one of {} or the path to a route file",
            ids.join(", ")
        ))
        .into());
    }
    load_route_file(path, date)
}
