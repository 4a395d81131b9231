//! The route file's text: a header that says where every figure came from, the `[route]`
//! table and one `[[stops]]` table per stop, every string written by the `toml` crate.

use std::fmt::Write as _;

/// One stop as it will be written.
#[derive(Debug, Clone)]
pub struct DraftStop {
    /// Unique name.
    pub name: String,
    /// A comment for the name line (the GTFS stop id, what was merged).
    pub name_comment: String,
    /// Km from the first stop.
    pub km: f64,
    /// Latitude and longitude.
    pub coord: (f64, f64),
    /// IANA zone name.
    pub tz: String,
    /// How the zone was found.
    pub tz_comment: &'static str,
    /// `day N HH:MM[:SS]`, and whether it is estimated.
    pub arrive: Option<(String, bool)>,
    /// See `arrive`.
    pub depart: Option<(String, bool)>,
    /// Optional note.
    pub note: Option<String>,
    /// Label priority.
    pub major: bool,
    /// Waypoints to the next stop.
    pub via: Vec<(f64, f64)>,
}

/// The whole file as it will be written.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Header comment lines (without `# `), already single-line and safe.
    pub header: Vec<String>,
    /// `[route] id`.
    pub id: String,
    /// `[route] name`.
    pub name: String,
    /// `[route] description`.
    pub description: String,
    /// `[route] departure_date`.
    pub departure_date: String,
    /// A comment for `departure_date`.
    pub date_comment: String,
    /// The stops.
    pub stops: Vec<DraftStop>,
}

/// A TOML string literal for `s`, escaped by the `toml` crate.
#[must_use]
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A comment's text made one safe line: control and other unsafe characters escaped.
#[must_use]
pub fn comment(s: &str) -> String {
    crate::util::text::escape(s).replace(['\n', '\r'], " ")
}

/// The file's text.
#[must_use]
pub fn render(d: &Draft) -> String {
    let mut out = String::new();
    for line in &d.header {
        let _ = writeln!(out, "# {}", comment(line));
    }
    let _ = writeln!(out, "\n[route]");
    let _ = writeln!(out, "id = {}", toml_string(&d.id));
    let _ = writeln!(out, "name = {}", toml_string(&d.name));
    let _ = writeln!(out, "description = {}", toml_string(&d.description));
    let _ = writeln!(
        out,
        "departure_date = {}  # {}",
        toml_string(&d.departure_date),
        comment(&d.date_comment)
    );
    for stop in &d.stops {
        render_stop(&mut out, stop);
    }
    out
}

fn render_stop(out: &mut String, s: &DraftStop) {
    let _ = writeln!(out, "\n[[stops]]");
    let _ = writeln!(
        out,
        "name = {}  # {}",
        toml_string(&s.name),
        comment(&s.name_comment)
    );
    let _ = writeln!(out, "km = {:.3}", s.km);
    let _ = writeln!(out, "lat = {:.6}", s.coord.0);
    let _ = writeln!(out, "lon = {:.6}", s.coord.1);
    let _ = writeln!(out, "tz = {}  # {}", toml_string(&s.tz), s.tz_comment);
    for (key, value) in [("arrive", &s.arrive), ("depart", &s.depart)] {
        if let Some((time, estimated)) = value {
            let note = if *estimated {
                "  # ESTIMATED: blank in the feed, interpolated by distance"
            } else {
                ""
            };
            let _ = writeln!(out, "{key} = {}{note}", toml_string(time));
        }
    }
    if let Some(note) = &s.note {
        let _ = writeln!(out, "note = {}", toml_string(note));
    }
    if s.major {
        let _ = writeln!(out, "major = true");
    }
    if !s.via.is_empty() {
        let _ = write!(out, "via = [");
        for (i, (lat, lon)) in s.via.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}[{lat:.6}, {lon:.6}]");
        }
        let _ = writeln!(out, "]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_toml_and_comments_stay_one_line() {
        let s = toml_string("Say \"hi\" \\ there");
        let parsed: toml::Value = toml::from_str(&format!("k = {s}")).unwrap();
        assert_eq!(parsed["k"].as_str(), Some("Say \"hi\" \\ there"));
        assert_eq!(comment("a\nb\u{1b}"), "a\\u{a}b\\u{1b}");
    }
}
