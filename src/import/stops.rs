//! A trip's stops as the route file has them: each with its place, its zone (and how it was
//! found), a name that is safe, short enough and unique in the route.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;

use super::gtfs::{Stop, StopTime};
use crate::route::validate::MAX_NAME;
use crate::util::diag::Diagnostic;
use crate::util::text::{is_unsafe_char, quote};

/// How a stop's zone was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneFrom {
    /// Its own `stop_timezone`.
    Own,
    /// Its parent station's `stop_timezone`.
    Parent,
    /// The zone boundaries at its coordinates (`tzf-rs`).
    Coordinates,
    /// The agency's `agency_timezone`.
    Agency,
}

impl ZoneFrom {
    /// How the route file says it.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Own => "zone from the stop's stop_timezone",
            Self::Parent => "zone from its parent station's stop_timezone",
            Self::Coordinates => "zone at the stop's coordinates (tzf-rs boundaries)",
            Self::Agency => "zone from agency_timezone",
        }
    }
}

/// Where a stop is and its zone.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Latitude and longitude.
    pub coord: (f64, f64),
    /// Its zone.
    pub tz: Tz,
    /// How the zone was found.
    pub zone_from: ZoneFrom,
}

/// Finds zones at coordinates; the boundaries are loaded once per process, the first time
/// a stop needs them (about 30 ms).
pub struct Zones;

/// The zone boundaries, shared by every import of the process.
static FINDER: std::sync::OnceLock<tzf_rs::DefaultFinder> = std::sync::OnceLock::new();

impl Zones {
    fn at(&mut self, (lat, lon): (f64, f64)) -> Option<Tz> {
        // DefaultFinder::new only panics on boundary data that tzf-rs's release checks.
        let finder = FINDER.get_or_init(tzf_rs::DefaultFinder::new);
        finder.get_tz_name(lon, lat).parse().ok()
    }
}

/// Place the stop of `st`: its coordinates (or its parent's) and its zone.
///
/// # Errors
/// The stop is not in `stops.txt`, has no coordinates, or names a zone that is not IANA.
pub fn place(
    st: &StopTime,
    stops: &HashMap<String, Stop>,
    agency: Tz,
    zones: &mut Zones,
    label: &str,
) -> Result<Placed, Diagnostic> {
    let at_row = |message: String, help: &str| {
        let mut d = Diagnostic::file_level(label, message).help(help);
        d.position = Some((usize::try_from(st.line).unwrap_or(usize::MAX), 1));
        d
    };
    let Some(stop) = stops.get(&st.stop) else {
        return Err(at_row(
            format!("the stop_id {} is not in stops.txt", quote(&st.stop)),
            "every stop of stop_times.txt must be listed in stops.txt",
        ));
    };
    let parent = stops.get(&stop.parent);
    let coord = stop
        .coord
        .or_else(|| parent.and_then(|p| p.coord))
        .ok_or_else(|| {
            at_row(
                format!(
                    "the stop {} has no coordinates (nor has its parent station)",
                    quote(&st.stop)
                ),
                "give the stop stop_lat and stop_lon in stops.txt",
            )
        })?;
    let named = |z: &Option<String>| -> Result<Option<Tz>, Diagnostic> {
        z.as_deref()
            .map(|name| {
                name.parse::<Tz>().map_err(|_| {
                    at_row(
                        format!(
                            "the stop {} has stop_timezone {}, which is not an IANA time zone",
                            quote(&st.stop),
                            quote(name)
                        ),
                        "fix stop_timezone in stops.txt, e.g. Europe/Berlin",
                    )
                })
            })
            .transpose()
    };
    let (tz, zone_from) = if let Some(tz) = named(&stop.zone)? {
        (tz, ZoneFrom::Own)
    } else if let Some(tz) = parent.map(|p| named(&p.zone)).transpose()?.flatten() {
        (tz, ZoneFrom::Parent)
    } else if let Some(tz) = zones.at(coord) {
        (tz, ZoneFrom::Coordinates)
    } else {
        (agency, ZoneFrom::Agency)
    };
    Ok(Placed {
        coord,
        tz,
        zone_from,
    })
}

/// A feed's text made fit for a route file: unsafe characters (controls, bidi overrides,
/// zero-width) become spaces, runs of white space one space.
#[must_use]
pub fn clean(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if is_unsafe_char(c) { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `max` characters, with `…` where it was cut.
#[must_use]
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// The names of the trip's stops, unique in the route (case-insensitive): a name that two
/// stops share gets the stop's code or id added, and every name fits the format's limit.
#[must_use]
pub fn unique_names(stops: &[&Stop]) -> Vec<String> {
    let base: Vec<String> = stops
        .iter()
        .map(|s| {
            let name = clean(&s.name);
            if name.is_empty() { clean(&s.id) } else { name }
        })
        .collect();
    let mut count: HashMap<String, usize> = HashMap::new();
    for name in &base {
        *count.entry(name.to_lowercase()).or_default() += 1;
    }
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(base.len());
    for (name, stop) in base.iter().zip(stops) {
        let shared = count.get(&name.to_lowercase()).copied().unwrap_or(0) > 1;
        let tag = if stop.code.is_empty() {
            clean(&stop.id)
        } else {
            clean(&stop.code)
        };
        let mut candidate = if shared {
            with_tag(name, &tag)
        } else {
            shorten(name, MAX_NAME)
        };
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            candidate = with_tag(name, &format!("{tag} #{n}"));
            n += 1;
        }
        taken.insert(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

/// `name (tag)`, the name shortened so the whole fits the limit.
fn with_tag(name: &str, tag: &str) -> String {
    let tag = shorten(tag, MAX_NAME / 2);
    let room = MAX_NAME.saturating_sub(tag.chars().count() + 3);
    format!("{} ({tag})", shorten(name, room))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(id: &str, code: &str, name: &str) -> Stop {
        Stop {
            id: id.into(),
            code: code.into(),
            name: name.into(),
            coord: None,
            zone: None,
            parent: String::new(),
        }
    }

    #[test]
    fn shared_names_are_kept_apart_by_code_or_id() {
        let a = stop("BOS", "", "Boston");
        let b = stop("BBY", "X1", "boston");
        let c = stop("NYP", "", "New\tYork\u{1b}[31m");
        let names = unique_names(&[&a, &b, &c]);
        assert_eq!(names, ["Boston (BOS)", "boston (X1)", "New York [31m"]);
    }

    #[test]
    fn long_names_fit_the_limit() {
        let long = "A".repeat(200);
        let a = stop("1", "", &long);
        let b = stop("2", "", &long);
        for name in unique_names(&[&a, &b]) {
            assert!(name.chars().count() <= MAX_NAME, "{name}");
        }
    }
}
