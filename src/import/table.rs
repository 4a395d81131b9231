//! One CSV file of a feed, read row by row with the `csv` crate: columns found by their header
//! names, every value as trimmed text, and every bad value reported with the file inside the
//! feed, its line and column, the column's name and the value.

use std::io::{self, Read};

use csv::{ReaderBuilder, StringRecord};

use super::feed::{Feed, io_diagnostic};
use crate::util::diag::Diagnostic;
use crate::util::text::quote;

/// One row of a table, with where it is.
pub struct Row<'a> {
    record: &'a StringRecord,
    headers: &'a [String],
    /// 1-based line of the row in its file.
    pub line: u64,
    /// Bytes from the csv crate's position of the record to its first byte (1 after a CRLF).
    shift: u64,
}

impl Row<'_> {
    /// The value in column `name`, trimmed; empty when the column or the field is missing.
    #[must_use]
    pub fn get(&self, name: &str) -> &str {
        self.index(name)
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Where column `name` is in this file's header, to read many rows by position with
    /// [`Row::at`] (what a large table's hot loop does).
    #[must_use]
    pub fn column(&self, name: &str) -> Option<usize> {
        self.index(name)
    }

    /// The value in the column at `index` (from [`Row::column`]), trimmed; empty when the
    /// column or the field is missing.
    #[must_use]
    pub fn at(&self, index: Option<usize>) -> &str {
        index.and_then(|i| self.record.get(i)).map_or("", str::trim)
    }

    /// A problem with the value in column `name`.
    #[must_use]
    pub fn bad(&self, name: &str, message: impl Into<String>, help: impl Into<String>) -> Fail {
        Fail::Row(BadValue {
            column: name.to_owned(),
            field: self.index(name),
            message: message.into(),
            help: help.into(),
            byte: self.record.position().map_or(0, csv::Position::byte) + self.shift,
            line: self.line,
        })
    }

    /// The value in column `name`, which must not be blank.
    ///
    /// # Errors
    /// A blank or missing value.
    pub fn required(&self, name: &str) -> Result<&str, Fail> {
        let v = self.get(name);
        if v.is_empty() {
            return Err(self.bad(
                name,
                format!("'{name}' is blank"),
                format!("every row of this file needs a {name}"),
            ));
        }
        Ok(v)
    }

    /// The number in column `name`, `None` when blank.
    ///
    /// # Errors
    /// A value that is not a finite number.
    pub fn number(&self, name: &str) -> Result<Option<f64>, Fail> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(self.bad(
                name,
                format!("{} is not a number", quote(v)),
                format!("write '{name}' as a decimal number, e.g. 12.5"),
            )),
        }
    }

    /// The whole number (0 or more) in column `name`, `None` when blank.
    ///
    /// # Errors
    /// A value that is not a whole number from 0 to 2^32 - 1.
    pub fn whole(&self, name: &str) -> Result<Option<u32>, Fail> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<u32>().map(Some).map_err(|_| {
            self.bad(
                name,
                format!("{} is not a whole number", quote(v)),
                format!("write '{name}' as a whole number 0 or more, e.g. 3"),
            )
        })
    }
}

/// A bad value, before its line's text is looked up for the message.
pub struct BadValue {
    column: String,
    field: Option<usize>,
    message: String,
    help: String,
    byte: u64,
    line: u64,
}

/// Why reading a table stopped.
pub enum Fail {
    /// A bad value in a row.
    Row(BadValue),
    /// Anything else, already a diagnostic.
    Diag(Diagnostic),
}

impl From<Diagnostic> for Fail {
    fn from(d: Diagnostic) -> Self {
        Self::Diag(d)
    }
}

/// Whether to read on after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next row.
    Next,
    /// Stop reading: what was wanted is found.
    Stop,
}

/// Read table `name` of `feed`, calling `each` on every row. `required` lists the columns
/// the table must have. Returns `false` when the feed has no such file.
///
/// # Errors
/// A missing column, a row that is not CSV or not UTF-8, a file over the size limit, or the
/// first problem `each` finds, with the file, line and column.
pub fn read_table(
    feed: &mut Feed,
    name: &str,
    required: &[&str],
    mut each: impl FnMut(&Row<'_>) -> Result<Flow, Fail>,
) -> Result<bool, Diagnostic> {
    let label = feed.file_label(name);
    let limit = feed.limit();
    let outcome = feed.with_file(name, |reader| {
        rows(reader, &label, limit, required, &mut each)
    })?;
    match outcome {
        None => Ok(false),
        Some(Ok(())) => Ok(true),
        Some(Err(Fail::Diag(d))) => Err(d),
        Some(Err(Fail::Row(bad))) => {
            let text = feed.line_at(name, bad.byte);
            Err(row_diagnostic(&label, &text, &bad))
        }
    }
}

/// The rows of one file, through `each`.
fn rows(
    reader: &mut dyn Read,
    label: &str,
    limit: u64,
    required: &[&str],
    each: &mut dyn FnMut(&Row<'_>) -> Result<Flow, Fail>,
) -> Result<Result<(), Fail>, Diagnostic> {
    let crlf = std::rc::Rc::new(std::cell::Cell::new(None));
    let sniffed = LineEnds {
        inner: reader,
        crlf: std::rc::Rc::clone(&crlf),
        last: 0,
    };
    let mut csv = ReaderBuilder::new()
        .flexible(true)
        .from_reader(RecordGuard::new(sniffed));
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| csv_diagnostic(label, limit, &e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    check_header(label, &headers, required)?;
    let mut record = StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(Ok(())),
            Ok(true) => {}
            Err(e) => return Err(csv_diagnostic(label, limit, &e)),
        }
        // After a CRLF line end the csv crate puts a record at the end's LF, a line short.
        let after_crlf = u64::from(crlf.get() == Some(true));
        let line = record.position().map_or(0, csv::Position::line) + after_crlf;
        let row = Row {
            record: &record,
            headers: &headers,
            line,
            shift: after_crlf,
        };
        match each(&row) {
            Ok(Flow::Next) => {}
            Ok(Flow::Stop) => return Ok(Ok(())),
            Err(fail) => return Ok(Err(fail)),
        }
    }
}

/// A reader that notes whether the file's first line ends with CRLF (`Some(true)`) or LF.
struct LineEnds<'a> {
    inner: &'a mut dyn Read,
    crlf: std::rc::Rc<std::cell::Cell<Option<bool>>>,
    /// The byte before this read's first (for a CR at the end of the previous read).
    last: u8,
}

impl Read for LineEnds<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.crlf.get().is_none() && n > 0 {
            if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
                let before = if i == 0 { self.last } else { buf[i - 1] };
                self.crlf.set(Some(before == b'\r'));
            }
            self.last = buf[n - 1];
        }
        Ok(n)
    }
}

/// The header line must name every `required` column, and no column twice (the CSV reader
/// would take the first and drop the other silently).
fn check_header(label: &str, headers: &[String], required: &[&str]) -> Result<(), Diagnostic> {
    let header_line = quote(&headers.join(","));
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = headers[..i].iter().position(|h| h == name) {
            let mut d = Diagnostic::file_level(
                label,
                format!(
                    "the column '{name}' is named twice in the header line (fields {} and {})",
                    first + 1,
                    i + 1
                ),
            )
            .help("keep one of the two columns: which one holds the values meant cannot be told");
            d.position = Some((1, field_column(&headers.join(","), i)));
            return Err(d);
        }
    }
    if let Some(missing) = required.iter().find(|c| !headers.iter().any(|h| h == *c)) {
        let mut d = Diagnostic::file_level(
            label,
            format!("the column '{missing}' is missing (the header line names {header_line})"),
        )
        .help(format!(
            "a GTFS {} has the columns {}",
            label.rsplit('/').next().unwrap_or(label),
            required.join(", ")
        ));
        d.position = Some((1, 1));
        return Err(d);
    }
    Ok(())
}

/// A diagnostic for an error of the CSV reader (not UTF-8, an I/O error, the size limit, a
/// row too long or badly quoted).
fn csv_diagnostic(label: &str, limit: u64, e: &csv::Error) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::Io(io) => {
            if let Some(bad) = io.get_ref().and_then(|e| e.downcast_ref::<Malformed>()) {
                let mut d = Diagnostic::file_level(label, bad.message.clone()).help(bad.help);
                d.position = Some((
                    usize::try_from(bad.line).unwrap_or(usize::MAX),
                    usize::try_from(bad.column).unwrap_or(usize::MAX),
                ));
                return d;
            }
            io_diagnostic(label, limit, io)
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            let mut d = Diagnostic::file_level(
                label,
                format!(
                    "the file is not UTF-8 text (field {} of this row)",
                    err.field() + 1
                ),
            )
            .help("GTFS files are UTF-8: convert the file (e.g. iconv -f LATIN1 -t UTF-8)");
            if let Some(p) = pos {
                d.position = Some((usize::try_from(p.line()).unwrap_or(usize::MAX), 1));
            }
            d
        }
        _ => Diagnostic::file_level(label, format!("the file is not CSV: {e}"))
            .help("GTFS files are comma-separated text with a header line"),
    }
}

/// The diagnostic for a bad value: the row's line with a caret under the field.
fn row_diagnostic(label: &str, text: &str, bad: &BadValue) -> Diagnostic {
    let column = bad.field.map_or(1, |f| field_column(text, f));
    let subject = match bad.field {
        Some(f) => format!("column '{}' (field {})", bad.column, f + 1),
        None => format!("column '{}' (missing from the header)", bad.column),
    };
    let mut d = Diagnostic::file_level(label, bad.message.clone())
        .subject(subject)
        .help(bad.help.clone());
    d.position = Some((usize::try_from(bad.line).unwrap_or(usize::MAX), column));
    d.source_line = Some(crate::util::text::escape(&text.replace('\t', " ")));
    d
}

/// The 1-based character column where field `index` of a CSV line starts (quotes respected).
#[must_use]
pub fn field_column(line: &str, index: usize) -> usize {
    let mut field = 0;
    let mut quoted = false;
    for (col, c) in line.chars().enumerate() {
        if field == index {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            _ => {}
        }
    }
    line.chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::field_column;

    #[test]
    fn columns_count_characters_and_skip_quoted_commas() {
        let line = "a,\"b, c\",dé,e";
        assert_eq!(field_column(line, 0), 1);
        assert_eq!(field_column(line, 1), 3);
        assert_eq!(field_column(line, 2), 10);
        assert_eq!(field_column(line, 3), 13);
        assert_eq!(field_column(line, 9), 14);
    }
}

/// The longest record (a row, quoted line breaks and all) a table may have: a row of a
/// timetable is a few hundred bytes, so anything longer is a damaged or hostile file, and
/// reading it whole would take memory in proportion.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Where the reader is in a CSV record, byte by byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a field.
    FieldStart,
    /// Inside a field without quotes.
    Bare,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: its end, or the first of `""`.
    QuoteSeen,
}

/// Why a [`RecordGuard`] stopped the reading, and where (1-based line and column).
#[derive(Debug)]
pub struct Malformed {
    /// The line.
    pub line: u64,
    /// The column, in characters.
    pub column: u64,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Malformed {}

/// A reader that follows the CSV quoting of what passes through it and stops, with the
/// line and column, at a record longer than [`MAX_RECORD_BYTES`] (before the CSV reader
/// has buffered it whole) or at text after a field's closing quote (`"Al"pha"`, which the
/// CSV reader would take as `Alpha"`).
pub struct RecordGuard<R> {
    inner: R,
    state: Quoting,
    /// Bytes of the record so far.
    record: usize,
    /// The line and the column (characters) of the next byte.
    line: u64,
    column: u64,
    /// Where the record began.
    record_line: u64,
}

impl<R: Read> RecordGuard<R> {
    /// A guard over `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            state: Quoting::FieldStart,
            record: 0,
            line: 1,
            column: 1,
            record_line: 1,
        }
    }

    fn fail(&self, message: String, help: &'static str, column: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            Malformed {
                line: self.line,
                column,
                message,
                help,
            },
        )
    }

    /// Take one byte of the stream.
    fn step(&mut self, b: u8) -> io::Result<()> {
        use Quoting::{Bare, FieldStart, QuoteSeen, Quoted};
        self.record += 1;
        if self.record > MAX_RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                Malformed {
                    line: self.record_line,
                    column: 1,
                    message: format!(
                        "the row starting on this line is longer than {MAX_RECORD_BYTES} bytes (1 MiB); it was not read"
                    ),
                    help: "a row of a GTFS file is a few hundred bytes: the file is damaged (a missing quote or line break?) or is not a timetable",
                },
            ));
        }
        let column = self.column;
        self.state = match (self.state, b) {
            (Quoted, b'"') => QuoteSeen,
            (Quoted, _) => Quoted,
            (QuoteSeen, b'"') | (FieldStart, b'"') => Quoted,
            (QuoteSeen | FieldStart | Bare, b',') => FieldStart,
            (QuoteSeen | FieldStart | Bare, b'\r' | b'\n') => FieldStart,
            (QuoteSeen, _) => {
                return Err(self.fail(
                    "text after a field's closing quote".to_owned(),
                    "a quote inside a quoted field is written twice (\"Al\"\"pha\"); or leave the field unquoted",
                    column,
                ));
            }
            (FieldStart | Bare, _) => Bare,
        };
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
            if self.state == FieldStart {
                self.record = 0;
                self.record_line = self.line;
            }
        } else if b & 0xC0 != 0x80 {
            // A character's first byte (UTF-8 continuation bytes do not count).
            self.column += 1;
        }
        Ok(())
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.step(b)?;
        }
        Ok(n)
    }
}
