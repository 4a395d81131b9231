//! Parsing route text into a validated [`Route`], with TOML errors as diagnostics. (Files are
//! read by `crate::util::files` and `crate::settings::source`.)

use chrono::NaiveDate;

use super::context::context_at;
use super::model::Route;
use super::raw::RawFile;
use super::validate::validate;
use crate::util::diag::{Diagnostic, Diagnostics};

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
    let diag = Diagnostic::at(
        file,
        source,
        span.clone(),
        crate::util::text::escape(&message),
    )
    .help(help);
    match span.and_then(|s| context_at(source, s.start)) {
        Some(ctx) => diag.subject(ctx),
        None => diag,
    }
}
