//! Where a route comes from: a ROUTE argument (a built-in id or a path) or a route file on disk,
//! read here so that the pure core (`route`) is only ever handed text.

use std::path::Path;

use chrono::NaiveDate;

use crate::route::builtin::{BUILTINS, RouteSource, builtin};
use crate::route::{Route, parse_route};
use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::files::read_text_file;
use crate::util::text;

/// Read and parse a route file from disk.
///
/// # Errors
/// Problems reading the file or in its content.
pub fn load_route_file(path: &Path, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
    let source = read_text_file(path)?;
    parse_route(&path.display().to_string(), &source, date)
}

/// Find a ROUTE argument: a built-in id, else a path to a route file (read, not yet checked).
///
/// # Errors
/// When it is neither, or the file cannot be read.
pub fn resolve_source(spec: &str) -> Result<RouteSource, Diagnostics> {
    if let Some(b) = builtin(spec) {
        return Ok(RouteSource::Builtin(b));
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
    let text = read_text_file(path)?;
    Ok(RouteSource::File {
        path: path.display().to_string(),
        text,
    })
}

/// The most route files of the same folder looked at for trains of the same line.
const MAX_SIBLINGS: usize = 64;

/// The routes whose trains may share `main`'s line (the fleet keeps those that do): every
/// other built-in route, and for a route file, the other route files (`*.toml`) of its folder,
/// in name order, at most 64 (`MAX_SIBLINGS`); a file that cannot be read is skipped (it is not
/// the one the user asked for).
#[must_use]
pub fn line_candidates(main: &RouteSource) -> Vec<RouteSource> {
    let mut out: Vec<RouteSource> = BUILTINS
        .iter()
        .filter(|b| main.builtin_id() != Some(b.id))
        .map(RouteSource::Builtin)
        .collect();
    if let RouteSource::File { path, .. } = main {
        out.extend(sibling_files(Path::new(path)));
    }
    out
}

/// The other `*.toml` files beside `path`, read.
fn sibling_files(path: &Path) -> Vec<RouteSource> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let own = std::fs::canonicalize(path).ok();
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .filter(|p| own.is_none() || std::fs::canonicalize(p).ok() != own)
        .collect();
    files.sort();
    files
        .into_iter()
        .take(MAX_SIBLINGS)
        .filter_map(|p| {
            let text = read_text_file(&p).ok()?;
            Some(RouteSource::File {
                path: p.display().to_string(),
                text,
            })
        })
        .collect()
}

/// Resolve a ROUTE argument: a built-in id, else a path to a route file.
///
/// # Errors
/// When it is neither, or the file is invalid.
pub fn resolve_route(spec: &str, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
    resolve_source(spec)?.load(date)
}
