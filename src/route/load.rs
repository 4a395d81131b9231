//! Reading route files safely and parsing them into a validated [`Route`].

use std::fs;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::context::context_at;
use super::model::Route;
use super::raw::RawFile;
use super::validate::validate;
use crate::diag::{Diagnostic, Diagnostics};

/// The largest route or config file read, in bytes. Larger files (and endless ones such as
/// `/dev/zero`) are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Read a text file the user named: it must be a regular file, at most [`MAX_FILE_BYTES`],
/// and UTF-8.
///
/// # Errors
/// A diagnostic naming the file and what is wrong with it.
pub fn read_text_file(path: &Path) -> Result<String, Diagnostic> {
    let shown = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| {
        Diagnostic::file_level(&shown, format!("cannot read the file: {e}"))
            .help("check the path (built-in routes are listed by `longrail routes`)")
    })?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a device, pipe or socket)"
        };
        return Err(
            Diagnostic::file_level(&shown, format!("this is {what}")).help("name a .toml file")
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&shown, meta.len()));
    }
    let file = fs::File::open(path)
        .map_err(|e| Diagnostic::file_level(&shown, format!("cannot open the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file_level(&shown, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&shown, bytes.len() as u64));
    }
    decode_utf8(&shown, bytes)
}

fn too_large(shown: &str, len: u64) -> Diagnostic {
    Diagnostic::file_level(
        shown,
        format!("the file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes (16 MiB)"),
    )
    .help("route and config files are small text files; check that this is the right file")
}

/// Decode bytes as UTF-8, or say where the first bad byte is.
///
/// # Errors
/// A diagnostic at the line and column of the first byte that is not UTF-8.
pub fn decode_utf8(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
        let bad = bytes.get(good).copied().unwrap_or(0);
        let shown_text = format!("{prefix}\u{FFFD}");
        Diagnostic::at(
            shown,
            &shown_text,
            Some(good..good),
            format!("the file is not UTF-8 text (byte 0x{bad:02x} at byte offset {good})"),
        )
        .help("save the file as UTF-8")
    })
}

/// Parse and validate route text. `file` names it in messages; `date` overrides the
/// route's `departure_date`.
///
/// # Errors
/// Every problem found, each with file, line and column.
pub fn parse_route(
    file: &str,
    source: &str,
    date: Option<NaiveDate>,
) -> Result<Route, Diagnostics> {
    let raw: RawFile = toml::from_str(source).map_err(|e| toml_diagnostic(file, source, &e))?;
    validate(&raw, file, source, date)
}

/// Turn a TOML parse or shape error into a diagnostic with position and context.
#[must_use]
pub fn toml_diagnostic(file: &str, source: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e
        .message()
        .trim()
        .replace('\n', " ")
        .replace("expected f64", "expected a number");
    let help = if message.starts_with("unknown field") {
        "remove the key or correct its spelling; the keys are listed in the README"
    } else if message.starts_with("invalid type") {
        "give the value the type the README lists (numbers unquoted, text in quotes)"
    } else {
        "fix the TOML syntax at this place (see https://toml.io)"
    };
    let span = e.span();
    let diag = Diagnostic::at(file, source, span.clone(), crate::text::escape(&message)).help(help);
    match span.and_then(|s| context_at(source, s.start)) {
        Some(ctx) => diag.subject(ctx),
        None => diag,
    }
}

/// Read and parse a route file from disk.
///
/// # Errors
/// Problems reading the file or in its content.
pub fn load_route_file(path: &Path, date: Option<NaiveDate>) -> Result<Route, Diagnostics> {
    let source = read_text_file(path)?;
    parse_route(&path.display().to_string(), &source, date)
}
