//! Value parsers for the command line's options: sizes, dates and instants.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// Parse `120x40` (also `120×40`), 1 to 1000 each way.
///
/// # Errors
/// A message with the expected form.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || {
        format!(
            "{} is not a size: use COLUMNSxROWS, e.g. 120x40 (1 to 1000 each)",
            crate::util::text::quote(text)
        )
    };
    let (w, h) = text.split_once(['x', '×', 'X']).ok_or_else(bad)?;
    let w: u16 = w.trim().parse().map_err(|_| bad())?;
    let h: u16 = h.trim().parse().map_err(|_| bad())?;
    if !(1..=1000).contains(&w) || !(1..=1000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

/// Parse `2025-07-03`.
///
/// # Errors
/// A message with the expected form.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!(
            "{} is not a date: use YYYY-MM-DD, e.g. 2025-07-03",
            crate::util::text::quote(text)
        )
    })
}

/// Parse an RFC 3339 instant.
///
/// # Errors
/// A message with examples.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| format!("{} is not an RFC 3339 instant: use e.g. 2025-06-20T12:00:00Z or 2025-06-20T21:00:00+09:00", crate::util::text::quote(text)))
}

/// A value parser that parses with the project's own function (so its messages stay the
/// project's) and tells clap the values it knows, for the help, the man page and the shell
/// completions: the built-in route ids, the themes.
#[derive(Clone, Copy)]
pub struct Known<T> {
    names: fn() -> Vec<String>,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Known<T> {
    /// Values parsed by `parse`, with `names` the ones to offer.
    #[must_use]
    pub fn new(names: fn() -> Vec<String>, parse: fn(&str) -> Result<T, String>) -> Self {
        Self { names, parse }
    }
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Known<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.names)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// TYPES: route types, comma-separated, offering each type's name (completion offers them
/// for the first; the GTFS numbers and the other names parse too).
#[must_use]
pub fn types_arg() -> Known<Vec<crate::network::Mode>> {
    Known::new(
        || {
            crate::network::kind::NAMES
                .iter()
                .map(|(_, names)| names[0].to_owned())
                .collect()
        },
        crate::network::kind::parse_modes,
    )
}

/// A ROUTE: any text (a built-in id or a file's path, told apart when it is loaded), offering
/// the built-in ids.
#[must_use]
pub fn route_arg() -> Known<String> {
    Known::new(
        || {
            crate::route::builtin::BUILTINS
                .iter()
                .map(|b| b.id.to_owned())
                .collect()
        },
        |text| Ok(text.to_owned()),
    )
}

/// A theme's name, offering every theme.
#[must_use]
pub fn theme_arg() -> Known<crate::settings::ThemeName> {
    use crate::settings::ThemeName;
    Known::new(
        || ThemeName::ALL.iter().map(|t| t.name().to_owned()).collect(),
        ThemeName::parse,
    )
}

/// How stations are named, offering the three styles.
#[must_use]
pub fn names_arg() -> Known<crate::settings::NameStyle> {
    use crate::settings::NameStyle;
    Known::new(
        || NameStyle::ALL.iter().map(|t| t.name().to_owned()).collect(),
        NameStyle::parse,
    )
}
