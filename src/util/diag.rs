//! User-facing diagnostics for files the user wrote (route files, config files).
//!
//! A [`Diagnostic`] names the file, the line and column, what it is about (a stop, a field),
//! what is wrong (quoting the bad value safely) and how to fix it. It renders like a compiler
//! message, with the offending source line and a caret under the column.

use std::fmt;
use std::ops::Range;

use crate::util::text;

/// One problem in a file, with everything a user needs to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`assets/x.toml`, `built-in route 'pyongyang-moscow'`).
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What the problem is about, e.g. `stop 3 "Irkutsk", field 'km'`.
    pub subject: Option<String>,
    /// What is wrong, with the bad value quoted.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending source line, already escaped for the terminal.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about the whole file.
    #[must_use]
    pub fn file_level(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            position: None,
            subject: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A diagnostic at a byte span of `source`.
    #[must_use]
    pub fn at(
        file: &str,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let mut diag = Self::file_level(file, message);
        if let Some(span) = span {
            let (line, column, text) = locate(source, span.start);
            diag.position = Some((line, column));
            diag.source_line = Some(text);
        }
        diag
    }

    /// Attach the subject (stop or field) the problem is about.
    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Attach advice on how to fix the problem.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The one-line summary: `file:line:col: subject: message`.
    #[must_use]
    pub fn headline(&self) -> String {
        let mut out = text::escape(&self.file);
        if let Some((line, column)) = self.position {
            out.push_str(&format!(":{line}:{column}"));
        }
        out.push_str(": ");
        if let Some(subject) = &self.subject {
            out.push_str(subject);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.headline())?;
        if let (Some((line, column)), Some(source)) = (self.position, &self.source_line) {
            let gutter = line.to_string().len();
            write!(f, "\n {line} | {source}")?;
            let pad = source.chars().take(column.saturating_sub(1)).count();
            write!(f, "\n {:gutter$} | {:pad$}^", "", "")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Several diagnostics from one file, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diag) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diag}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diag: Diagnostic) -> Self {
        Self(vec![diag])
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`, and that line's text
/// (escaped, tabs kept as one space so the caret lines up).
#[must_use]
pub fn locate(source: &str, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let raw = source[line_start..line_end].trim_end_matches('\r');
    let shown: String = raw
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    (line, column, text::sanitize(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let src = "a = 1\nназвание = 2\n";
        let offset = src.find('2').unwrap();
        let (line, column, text) = locate(src, offset);
        assert_eq!((line, column), (2, 12));
        assert_eq!(text, "название = 2");
    }

    #[test]
    fn display_shows_source_line_and_caret() {
        let src = "[route]\nkm = -5\n";
        let diag = Diagnostic::at("r.toml", src, Some(13..15), "km -5 is negative")
            .subject("field 'km'")
            .help("use a distance of 0 or more");
        let shown = diag.to_string();
        assert_eq!(
            shown,
            "error: r.toml:2:6: field 'km': km -5 is negative\n 2 | km = -5\n   |      ^\n  help: use a distance of 0 or more"
        );
    }

    #[test]
    fn locate_survives_offsets_past_the_end_and_inside_characters() {
        let src = "é";
        assert_eq!(locate(src, 1).0, 1);
        assert_eq!(locate(src, 99).1, 2);
    }
}
