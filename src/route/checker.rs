//! Shared plumbing for validation rules: collects diagnostics and checks single fields.

use std::fmt::{self, Display};
use std::ops::{Range, RangeInclusive};

use toml::Spanned;

use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::text;

/// The most diagnostics reported for one file; past this the user fixes and re-runs.
const MAX_DIAGNOSTICS: usize = 25;

/// Collects diagnostics for one file.
pub struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
    /// Problems found past [`MAX_DIAGNOSTICS`].
    more: usize,
}

impl<'a> Checker<'a> {
    /// A checker for `source`, read from `file`.
    pub fn new(file: &'a str, source: &'a str) -> Self {
        Self {
            file,
            source,
            diags: Vec::new(),
            more: 0,
        }
    }

    /// Record a problem at `span`.
    pub fn error(
        &mut self,
        span: Option<Range<usize>>,
        subject: impl Display,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        if self.diags.len() < MAX_DIAGNOSTICS {
            let subject = subject.to_string();
            let diag = Diagnostic::at(self.file, self.source, span, message).help(help);
            let diag = if subject.is_empty() {
                diag
            } else {
                diag.subject(&subject)
            };
            self.diags.push(diag);
        } else {
            self.more += 1;
        }
    }

    /// Whether anything was recorded.
    pub fn failed(&self) -> bool {
        !self.diags.is_empty()
    }

    /// Finish: `Ok(value)` when nothing was recorded.
    ///
    /// # Errors
    /// Every diagnostic recorded.
    pub fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(self.fail())
        }
    }

    /// Give up: the diagnostics so far (never empty: a phase that produced no value without
    /// saying why is itself reported).
    pub fn fail(mut self) -> Diagnostics {
        if self.diags.is_empty() {
            self.error(
                None,
                "",
                "the route could not be read",
                "check the file against the format in the README",
            );
        }
        // In file order (a problem without a place first: it is about the whole file).
        self.diags.sort_by_key(|d| d.position);
        if self.more > 0 {
            let more = Diagnostic::file_level(
                self.file,
                format!(
                    "{} more problem{} not shown",
                    self.more,
                    if self.more == 1 { "" } else { "s" }
                ),
            )
            .help("fix these and check the file again");
            self.diags.push(more);
        }
        Diagnostics(self.diags)
    }

    /// A required key: report it missing at `table_span`.
    pub fn require<'v, T>(
        &mut self,
        value: &'v Option<Spanned<T>>,
        table_span: &Range<usize>,
        subject: impl Display,
        key: &str,
        help: &str,
    ) -> Option<&'v Spanned<T>> {
        if value.is_none() {
            self.error(
                Some(table_span.clone()),
                subject,
                format!("the key '{key}' is missing"),
                help,
            );
        }
        value.as_ref()
    }

    /// Check a text value: no control, bidi or zero-width characters, not blank, not too long.
    pub fn text(
        &mut self,
        value: &Spanned<String>,
        subject: impl Display,
        max_chars: usize,
    ) -> Option<String> {
        let s = value.get_ref();
        if let Some(c) = text::first_unsafe_char(s) {
            self.error(
                Some(value.span()),
                subject,
                format!("the text {} holds the control or invisible character {}", text::quote(s), text::escape(&c.to_string())),
                "remove control characters, bidi overrides and zero-width characters: they could disturb the terminal",
            );
            return None;
        }
        if s.trim().is_empty() {
            self.error(
                Some(value.span()),
                subject,
                "the text is empty",
                "write some visible text, or remove the key if it is optional",
            );
            return None;
        }
        if s.chars().count() > max_chars {
            self.error(
                Some(value.span()),
                subject,
                format!(
                    "the text {} is longer than {max_chars} characters",
                    text::quote(s)
                ),
                "shorten it",
            );
            return None;
        }
        Some(s.clone())
    }

    /// Check a number: finite and within `range`.
    pub fn number(
        &mut self,
        value: &Spanned<f64>,
        subject: impl Display,
        range: RangeInclusive<f64>,
        help: &str,
    ) -> Option<f64> {
        let x = *value.get_ref();
        if !x.is_finite() {
            self.error(
                Some(value.span()),
                subject,
                format!("{x} is not a finite number"),
                format!("use a plain number; nan and inf are not allowed ({help})"),
            );
            return None;
        }
        if !range.contains(&x) {
            self.error(
                Some(value.span()),
                subject,
                format!(
                    "{x} is out of range: it must be from {} to {}",
                    range.start(),
                    range.end()
                ),
                help,
            );
            return None;
        }
        Some(x)
    }

    /// Check an IANA zone name.
    pub fn zone(
        &mut self,
        value: &Spanned<String>,
        subject: impl Display,
    ) -> Option<chrono_tz::Tz> {
        let name = value.get_ref();
        match name.parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let hint = suggest_zone(name)
                    .map_or_else(String::new, |z| format!(" (did you mean \"{z}\"?)"));
                self.error(
                    Some(value.span()),
                    subject,
                    format!("{} is not a time zone in the IANA database{hint}", text::quote(name)),
                    "use an IANA zone name such as \"Asia/Irkutsk\" or \"Europe/Moscow\" (see `timedatectl list-timezones`)",
                );
                None
            }
        }
    }
}

/// The closest IANA zone name to a misspelt one, when it is close enough to be a typo: the
/// same name in another case, else the zone at the smallest Damerau-Levenshtein distance
/// (letters swapped, missing, extra or wrong), over the whole name or over the city alone
/// (`Moskow` for `Europe/Moscow`), at most one edit in five letters (and at least one).
fn suggest_zone(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let city = |n: &str| n.rsplit('/').next().unwrap_or_default().to_owned();
    let wanted_city = city(&lower);
    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    if let Some(same) = names.clone().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let limit = (lower.chars().count() / 5).max(1);
    names
        .map(|candidate| {
            let c = candidate.to_ascii_lowercase();
            let whole = strsim::damerau_levenshtein(&lower, &c);
            let by_city = if lower.contains('/') {
                usize::MAX
            } else {
                strsim::damerau_levenshtein(&wanted_city, &city(&c))
            };
            (whole.min(by_city), candidate)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod zone_tests {
    use super::suggest_zone;

    #[test]
    fn near_miss_zones_get_the_real_one_suggested() {
        for (typo, zone) in [
            ("Europe/Moskow", "Europe/Moscow"),
            ("Asia/Ulaanbatar", "Asia/Ulaanbaatar"),
            ("asia/irkutsk", "Asia/Irkutsk"),
            ("Asia/Yakustk", "Asia/Yakutsk"),
            ("Asia/Vladivostock", "Asia/Vladivostok"),
            ("Moskow", "Europe/Moscow"),
        ] {
            assert_eq!(suggest_zone(typo), Some(zone), "{typo}");
        }
        for far in ["Mars/Olympus", "Nowhere", "Europe/Atlantis"] {
            assert_eq!(suggest_zone(far), None, "{far}");
        }
    }
}

/// `stop 3 "Irkutsk"`, or `stop 3` when the name is unknown.
pub fn stop_subject(index: usize, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("stop {} {}", index + 1, text::quote(name)),
        None => format!("stop {}", index + 1),
    }
}

/// `<subject>, field '<key>'`, written out only when a diagnostic needs it (validation names
/// a field for every value it checks, and almost all of them are fine).
#[derive(Clone, Copy)]
pub struct Field<'a> {
    subject: &'a str,
    key: &'a str,
}

impl Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.subject.is_empty() {
            write!(f, "field '{}'", self.key)
        } else {
            write!(f, "{}, field '{}'", self.subject, self.key)
        }
    }
}

/// The field `key` of `subject` (a stop, a table, or "" for the top level).
pub fn field<'a>(subject: &'a str, key: &'a str) -> Field<'a> {
    Field { subject, key }
}
