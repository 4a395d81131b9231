//! Validation of `[[clocks]]`: the clocks a route names, and the one reference its `±` labels
//! count from (`MSK+6` on the built-in routes).

use toml::Spanned;

use super::checker::{Checker, field};
use super::model::RouteClock;
use super::raw::RawClock;
use crate::util::text;

/// The most clocks a route may name (each box takes 20 columns).
pub const MAX_CLOCKS: usize = 8;

/// Longest clock title, in characters.
const MAX_CLOCK_NAME: usize = 40;

/// Longest reference label, in characters (`MSK`, `CET`, `IST`).
const MAX_LABEL: usize = 6;

/// How to write a label, for its diagnostics.
const LABEL_HELP: &str =
    "write 1 to 6 ASCII letters or digits, starting with a letter, e.g. label = \"MSK\"";

/// Check the `[[clocks]]` entries: each named, in a known zone, no zone twice, at most one
/// reference (the clock with a `label`), and a place given with both `lat` and `lon`.
pub fn check_clocks(ck: &mut Checker<'_>, raw: &[Spanned<RawClock>]) -> Vec<RouteClock> {
    if raw.len() > MAX_CLOCKS {
        ck.error(
            raw.get(MAX_CLOCKS).map(Spanned::span),
            format!("clock {}", MAX_CLOCKS + 1),
            format!(
                "the route names {} clocks; at most {MAX_CLOCKS} fit a screen",
                raw.len()
            ),
            "remove the clocks readers need least (the train's, the origin's, the destination's, UTC and the reader's own are shown anyway)",
        );
        return Vec::new();
    }
    let mut out: Vec<RouteClock> = Vec::new();
    for (i, entry) in raw.iter().enumerate() {
        let subject = clock_subject(
            i,
            entry.get_ref().name.as_ref().map(|n| n.get_ref().as_str()),
        );
        let Some(clock) = check_clock(ck, entry, &subject) else {
            continue;
        };
        if let Some((j, same)) = out.iter().enumerate().find(|(_, c)| c.tz == clock.tz) {
            let span = entry.get_ref().tz.as_ref().map(Spanned::span);
            ck.error(
                span,
                field(&subject, "tz"),
                format!(
                    "{} is the zone of clock {} {} already",
                    text::quote(clock.tz.name()),
                    j + 1,
                    text::quote(&same.name)
                ),
                "name each zone once: one clock shows it, whatever its roles",
            );
            continue;
        }
        if let (Some(label), Some((j, reference))) = (
            entry.get_ref().label.as_ref(),
            out.iter().enumerate().find(|(_, c)| c.label.is_some()),
        ) {
            ck.error(
                Some(label.span()),
                field(&subject, "label"),
                format!(
                    "a second reference: clock {} {} is the reference already (label {})",
                    j + 1,
                    text::quote(&reference.name),
                    text::quote(reference.label.as_deref().unwrap_or_default())
                ),
                "keep 'label' on one clock only: every ± label on the screen counts from that one",
            );
            continue;
        }
        out.push(clock);
    }
    out
}

/// `clock 2 "Moscow"`, or `clock 2` when the name is unknown.
fn clock_subject(index: usize, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("clock {} {}", index + 1, text::quote(name)),
        None => format!("clock {}", index + 1),
    }
}

/// One entry's own keys.
fn check_clock(
    ck: &mut Checker<'_>,
    entry: &Spanned<RawClock>,
    subject: &str,
) -> Option<RouteClock> {
    let span = entry.span();
    let c = entry.get_ref();
    let name = ck
        .require(
            &c.name,
            &span,
            subject,
            "name",
            "add name = \"Moscow\" (the clock's title on the screen)",
        )
        .and_then(|n| ck.text(n, field(subject, "name"), MAX_CLOCK_NAME));
    let tz = ck
        .require(
            &c.tz,
            &span,
            subject,
            "tz",
            "add tz = \"Area/City\" (an IANA zone)",
        )
        .and_then(|v| ck.zone(v, field(subject, "tz")));
    let label = match &c.label {
        Some(label) => Some(check_label(ck, label, subject)?),
        None => None,
    };
    let place = check_place(ck, c, &span, subject)?;
    Some(RouteClock {
        name: name?,
        tz: tz?,
        label,
        place,
    })
}

/// A reference label: short, plain, and not one that reads as an offset from UTC.
fn check_label(ck: &mut Checker<'_>, label: &Spanned<String>, subject: &str) -> Option<String> {
    let s = label.get_ref();
    let plain = s.len() <= MAX_LABEL
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !plain {
        ck.error(
            Some(label.span()),
            field(subject, "label"),
            format!("the label {} is not a short label", text::quote(s)),
            LABEL_HELP,
        );
        return None;
    }
    if ["UTC", "GMT", "Z", "UT"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(s))
    {
        ck.error(
            Some(label.span()),
            field(subject, "label"),
            format!(
                "the label {} would read as an offset from UTC",
                text::quote(s)
            ),
            "leave the label out for UTC offsets (a route without a reference shows UTC+9), or name the reference zone's own abbreviation, e.g. \"MSK\"",
        );
        return None;
    }
    Some(s.clone())
}

/// `lat` and `lon`: both or neither, each in range.
fn check_place(
    ck: &mut Checker<'_>,
    c: &RawClock,
    span: &std::ops::Range<usize>,
    subject: &str,
) -> Option<Option<(f64, f64)>> {
    match (&c.lat, &c.lon) {
        (None, None) => Some(None),
        (Some(lat), Some(lon)) => {
            let lat = ck.number(
                lat,
                field(subject, "lat"),
                -90.0..=90.0,
                "latitude is in degrees, -90 (south) to 90 (north)",
            );
            let lon = ck.number(
                lon,
                field(subject, "lon"),
                -180.0..=180.0,
                "longitude is in degrees, -180 (west) to 180 (east)",
            );
            Some(Some((lat?, lon?)))
        }
        (Some(_), None) | (None, Some(_)) => {
            let missing = if c.lat.is_none() { "lat" } else { "lon" };
            ck.error(
                Some(span.clone()),
                subject,
                format!("the key '{missing}' is missing: a clock's place takes both lat and lon"),
                "give both lat and lon (where its sunrise and sunset are worked out), or neither",
            );
            None
        }
    }
}
