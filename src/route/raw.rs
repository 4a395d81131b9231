//! The route file exactly as written: serde structures that keep every value's byte span.
//!
//! Every key is optional here so that a missing key becomes our own message naming the stop,
//! not a generic deserializer error. Unknown keys are rejected by serde.

use serde::Deserialize;
use toml::Spanned;

/// A whole route file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The `[route]` table.
    pub route: Option<Spanned<RawMeta>>,
    /// The `[[stops]]` array.
    #[serde(default)]
    pub stops: Vec<Spanned<RawStop>>,
    /// The `[[zones]]` array.
    #[serde(default)]
    pub zones: Vec<Spanned<RawZone>>,
    /// The `[[events]]` array.
    #[serde(default)]
    pub events: Vec<Spanned<RawEvent>>,
}

/// The `[route]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Route id, `[a-z0-9-]+`.
    pub id: Option<Spanned<String>>,
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// Optional description.
    pub description: Option<Spanned<String>>,
    /// Local date of departure at the first stop (a string or a TOML local date).
    pub departure_date: Option<Spanned<toml::Value>>,
    /// Days of the month the service departs.
    pub service_days: Option<Spanned<Vec<Spanned<i64>>>>,
}

/// One `[[stops]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStop {
    /// Station name, unique in the route.
    pub name: Option<Spanned<String>>,
    /// Name in the local script.
    pub local_name: Option<Spanned<String>>,
    /// Distance from the first stop.
    pub km: Option<Spanned<f64>>,
    /// Latitude in degrees.
    pub lat: Option<Spanned<f64>>,
    /// Longitude in degrees.
    pub lon: Option<Spanned<f64>>,
    /// IANA time-zone name.
    pub tz: Option<Spanned<String>>,
    /// Arrival, `day N HH:MM`.
    pub arrive: Option<Spanned<String>>,
    /// Departure, `day N HH:MM`.
    pub depart: Option<Spanned<String>>,
    /// Free note.
    pub note: Option<Spanned<String>>,
    /// Label priority.
    pub major: Option<bool>,
    /// Geometry waypoints on the way to the next stop, `[[lat, lon], ...]`.
    pub via: Option<Vec<Spanned<Vec<Spanned<f64>>>>>,
}

/// One `[[zones]]` entry: the clock changes here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    /// Where the zone begins.
    pub km: Option<Spanned<f64>>,
    /// The zone from here on.
    pub tz: Option<Spanned<String>>,
}

/// One `[[events]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// Where it happens.
    pub km: Option<Spanned<f64>>,
    /// border | gauge | transfer | bridge | river | landmark | note.
    pub kind: Option<Spanned<String>>,
    /// What to show.
    pub title: Option<Spanned<String>>,
}

/// Describe where byte `offset` sits in a route file (`stop 3 "Omsk"`, `[route]`), for
/// errors that come from the TOML parser and so carry no context of their own.
#[must_use]
pub fn context_at(source: &str, offset: usize) -> Option<String> {
    let mut header: Option<(&str, usize, usize)> = None; // (table, ordinal, byte start)
    let mut counts = [0usize; 3];
    let mut pos = 0;
    for line in source.split_inclusive('\n') {
        if pos > offset {
            break;
        }
        let trimmed = line.trim();
        let table = ["[[stops]]", "[[zones]]", "[[events]]"]
            .iter()
            .position(|h| trimmed.starts_with(h));
        if let Some(i) = table {
            counts[i] += 1;
            header = Some((["stop", "zone entry", "event"][i], counts[i], pos));
        } else if trimmed.starts_with("[route]") {
            header = Some(("[route]", 0, pos));
        }
        pos += line.len();
    }
    let (table, ordinal, start) = header?;
    if ordinal == 0 {
        return Some(table.to_owned());
    }
    let name = (table == "stop")
        .then(|| block_name(&source[start..]))
        .flatten();
    Some(match name {
        Some(name) => format!("{table} {ordinal} {}", crate::text::quote(&name)),
        None => format!("{table} {ordinal}"),
    })
}

fn block_name(block: &str) -> Option<String> {
    block
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_names_the_stop_around_an_offset() {
        let src = "[route]\nid = \"x\"\n[[stops]]\nname = \"A\"\n[[stops]]\nname = \"Omsk\"\nkm = \"x\"\n";
        let offset = src.find("\"x\"\n").unwrap();
        assert_eq!(context_at(src, offset).as_deref(), Some("[route]"));
        let offset = src.rfind("\"x\"").unwrap();
        assert_eq!(context_at(src, offset).as_deref(), Some("stop 2 \"Omsk\""));
        assert_eq!(context_at("a = 1", 0), None);
    }
}
