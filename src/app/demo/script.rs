//! The demo script: a TOML file under `assets/demo/`, checked into typed values with
//! file:line:col diagnostics like routes and config (every problem at once, each with how to
//! fix it). The [`super::Director`] plays it.

use std::ops::Range;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::route::checker::{Checker, field};
use crate::settings::Command;
use crate::sim::{EventClass, Seek};
use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::text::quote;

/// The built-in demo script.
pub const DEFAULT_SCRIPT: &str = include_str!("../../../assets/demo/default.toml");

/// How messages name the built-in demo script.
pub const DEFAULT_SCRIPT_FILE: &str = "assets/demo/default.toml (built-in)";

/// Longest title or caption, in characters.
const MAX_CAPTION: usize = 500;

/// The placeholders a title may hold.
const PLACEHOLDERS: [&str; 2] = ["{route}", "{km}"];

/// A position for problems of the whole file (a missing key).
const TOP: Range<usize> = 0..0;

/// A demo script, validated: every number in range, every name (event kind, command, route,
/// place) checked, so that nothing in it is silently ignored.
#[derive(Debug, Clone)]
pub struct Script {
    /// The first caption; `{route}` and `{km}` become the route's name and length.
    pub title: String,
    /// How long the whole journey would take at cruising speed.
    pub cruise: Duration,
    /// Speed near major stations, times real time.
    pub station_speed: f64,
    /// How near (km) a major station counts as "near".
    pub station_km: f64,
    /// Strip width (km) in the open.
    pub span_cruise_km: f64,
    /// Strip width (km) near stations.
    pub span_station_km: f64,
    /// Event kinds that cut to the map for a while.
    pub map_on: Vec<EventClass>,
    /// How long a cut to the map lasts (wall seconds).
    pub map_seconds: f64,
    /// Event kinds whose titles become captions.
    pub caption_on: Vec<EventClass>,
    /// How long a caption stays (wall seconds).
    pub caption_seconds: f64,
    /// How long the arrival is held before the demo loops (wall seconds).
    pub hold_end_seconds: f64,
    /// Captions and actions at given places on the timeline.
    pub cue: Vec<Cue>,
    /// The file as messages name it: a cue's place is checked against the journey only when
    /// the demo starts, and its error still points into the file.
    pub(super) file: String,
    /// The file's text, for the line an error shows.
    pub(super) source: String,
}

/// A cue: at a place on the timeline (any form the `g` prompt takes), show a caption and/or
/// run commands (by their config names, as in `[keys]`).
#[derive(Debug, Clone)]
pub struct Cue {
    /// Where: `departure`, a station name, `day 3 14:00`, an instant...
    pub at: Seek,
    /// Only on this route (an id, as in `longrail routes`); other routes skip the cue.
    pub route: Option<String>,
    /// Caption text.
    pub caption: Option<String>,
    /// Commands to run, e.g. `map`.
    pub actions: Vec<Command>,
    /// Where `at` is written in the file.
    pub(super) at_span: Range<usize>,
}

/// A demo script as written: every key optional here, so that a missing one is reported with
/// the others, and every value with its place in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    title: Option<Spanned<String>>,
    cruise: Option<Spanned<String>>,
    station_speed: Option<Spanned<f64>>,
    station_km: Option<Spanned<f64>>,
    span_cruise_km: Option<Spanned<f64>>,
    span_station_km: Option<Spanned<f64>>,
    map_on: Option<Spanned<Vec<Spanned<String>>>>,
    map_seconds: Option<Spanned<f64>>,
    caption_on: Option<Spanned<Vec<Spanned<String>>>>,
    caption_seconds: Option<Spanned<f64>>,
    hold_end_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    cue: Vec<Spanned<RawCue>>,
}

/// One `[[cue]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    at: Option<Spanned<String>>,
    route: Option<Spanned<String>>,
    caption: Option<Spanned<String>>,
    #[serde(default)]
    actions: Vec<Spanned<String>>,
}

/// A number of the script: its key, the range allowed, an example and what it means.
struct Number {
    key: &'static str,
    min: f64,
    max: f64,
    example: &'static str,
    meaning: &'static str,
}

const fn number(
    key: &'static str,
    (min, max): (f64, f64),
    example: &'static str,
    meaning: &'static str,
) -> Number {
    Number {
        key,
        min,
        max,
        example,
        meaning,
    }
}

const STATION_SPEED: Number = number(
    "station_speed",
    crate::settings::SPEED_RANGE,
    "900",
    "the replay's speed near major stations, times real time",
);
const STATION_KM: Number = number(
    "station_km",
    (0.0, 100_000.0),
    "80",
    "how near (km) a major station slows the replay",
);
const SPAN_CRUISE_KM: Number = number(
    "span_cruise_km",
    (1.0, 100_000.0),
    "3000",
    "the strip's width (km) in the open",
);
const SPAN_STATION_KM: Number = number(
    "span_station_km",
    (1.0, 100_000.0),
    "350",
    "the strip's width (km) at a major station",
);
const MAP_SECONDS: Number = number(
    "map_seconds",
    (0.1, 3600.0),
    "4",
    "how long a cut to the map lasts, in wall seconds",
);
const CAPTION_SECONDS: Number = number(
    "caption_seconds",
    (0.1, 3600.0),
    "5",
    "how long a caption stays, in wall seconds",
);
const HOLD_END_SECONDS: Number = number(
    "hold_end_seconds",
    (0.0, 3600.0),
    "6",
    "how long the arrival is held before the demo loops, in wall seconds",
);

/// Parse and check a demo script given as text, named `demo script` in messages.
///
/// # Errors
/// As [`parse_named`].
pub fn parse(text: &str) -> Result<Script, Diagnostics> {
    parse_named("demo script", text)
}

/// Parse and check a demo script; `file` names it in messages. The places of its cues are
/// checked against a journey by [`super::Director::new`].
///
/// # Errors
/// Every problem found (TOML syntax, an unknown key, a wrong type, a missing key, a number out
/// of range, an unknown event kind, command or placeholder, a malformed place or route id),
/// each with file, line and column and how to fix it.
pub fn parse_named(file: &str, text: &str) -> Result<Script, Diagnostics> {
    let raw: RawScript = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut ck = Checker::new(file, text);
    match check_script(&mut ck, &raw, file, text) {
        Some(script) => ck.finish(script),
        // Each value that is missing was reported where it was found missing or bad.
        None => Err(ck.finish(()).err().unwrap_or_else(|| {
            Diagnostic::file_level(file, "the demo script could not be read").into()
        })),
    }
}

/// Check every key of `raw` (so that every problem is reported, not just the first), then
/// put the script together if none was bad.
fn check_script(ck: &mut Checker<'_>, raw: &RawScript, file: &str, text: &str) -> Option<Script> {
    let title = check_title(ck, &raw.title);
    let cruise = check_cruise(ck, &raw.cruise);
    let station_speed = check_number(ck, &STATION_SPEED, &raw.station_speed);
    let station_km = check_number(ck, &STATION_KM, &raw.station_km);
    let span_cruise_km = check_number(ck, &SPAN_CRUISE_KM, &raw.span_cruise_km);
    let span_station_km = check_number(ck, &SPAN_STATION_KM, &raw.span_station_km);
    let map_on = check_kinds(
        ck,
        &raw.map_on,
        "map_on",
        "the event kinds that cut to the map",
    );
    let map_seconds = check_number(ck, &MAP_SECONDS, &raw.map_seconds);
    let caption_on = check_kinds(
        ck,
        &raw.caption_on,
        "caption_on",
        "the event kinds whose titles become captions",
    );
    let caption_seconds = check_number(ck, &CAPTION_SECONDS, &raw.caption_seconds);
    let hold_end_seconds = check_number(ck, &HOLD_END_SECONDS, &raw.hold_end_seconds);
    // Every cue is checked, also after a bad one.
    let cues: Vec<Option<Cue>> = raw
        .cue
        .iter()
        .enumerate()
        .map(|(i, cue)| check_cue(ck, i, cue))
        .collect();
    Some(Script {
        title: title?,
        cruise: cruise?,
        station_speed: station_speed?,
        station_km: station_km?,
        span_cruise_km: span_cruise_km?,
        span_station_km: span_station_km?,
        map_on: map_on?,
        map_seconds: map_seconds?,
        caption_on: caption_on?,
        caption_seconds: caption_seconds?,
        hold_end_seconds: hold_end_seconds?,
        cue: cues.into_iter().collect::<Option<Vec<Cue>>>()?,
        file: file.to_owned(),
        source: text.to_owned(),
    })
}

/// A TOML syntax or shape error (an unknown key, a wrong type), with its position, the cue
/// it is in and the key whose value it is about.
fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> Diagnostics {
    let mut diag = crate::route::load::toml_diagnostic(file, text, e);
    diag.subject = e.span().and_then(|s| {
        let cue = cue_context(text, s.start);
        match (cue, key_before(text, s.start)) {
            (Some(cue), Some(key)) => Some(field(&cue, key).to_string()),
            (None, Some(key)) => Some(field("", key).to_string()),
            (cue, None) => cue,
        }
    });
    if diag.message.starts_with("unknown field") {
        diag.help = Some(
            "remove the key or correct its spelling; assets/demo/default.toml describes every key"
                .to_owned(),
        );
    } else if diag.message.starts_with("invalid type") {
        diag.help = Some(
            "give the value the type assets/demo/default.toml shows: numbers unquoted, text in quotes, lists in [ ]"
                .to_owned(),
        );
    }
    diag.into()
}

/// `cue 3` when byte `offset` is inside the third `[[cue]]` table.
fn cue_context(text: &str, offset: usize) -> Option<String> {
    let count = crate::util::toml_lines::headers_before(text, offset)
        .filter(|h| h.array && h.name == "cue")
        .count();
    (count > 0).then(|| format!("cue {count}"))
}

/// The key of the `key = value` line that byte `offset` is in the value of, if any.
fn key_before(text: &str, offset: usize) -> Option<&str> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    bare.then_some(key)
}

fn check_title(ck: &mut Checker<'_>, value: &Option<Spanned<String>>) -> Option<String> {
    let missing = "add title = \"{route}: {km} km\": the first caption";
    let value = ck.require(value, &TOP, "", "title", missing)?;
    let title = ck.text(value, field("", "title"), MAX_CAPTION)?;
    let mut rest = title.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            break;
        };
        let word = &after[..=close];
        let is_name = word[1..close]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_');
        if is_name && !PLACEHOLDERS.contains(&word) {
            ck.error(
                Some(value.span()),
                field("", "title"),
                format!(
                    "{} is not a placeholder: the title takes {}",
                    quote(word),
                    PLACEHOLDERS.join(" and ")
                ),
                "write {route} for the route's name and {km} for its length in km",
            );
            return None;
        }
        rest = &after[close..];
    }
    Some(title)
}

fn check_cruise(ck: &mut Checker<'_>, value: &Option<Spanned<String>>) -> Option<Duration> {
    let help = "write how long the whole journey takes at cruising speed: a length such as \"3m\", \"90s\" or \"1h30m\"";
    let missing = "add cruise = \"3m\": how long the whole journey takes at cruising speed";
    let value = ck.require(value, &TOP, "", "cruise", missing)?;
    match crate::settings::parse_length(value.get_ref()) {
        Ok(length) => Some(length),
        Err(message) => {
            ck.error(Some(value.span()), field("", "cruise"), message, help);
            None
        }
    }
}

fn check_number(ck: &mut Checker<'_>, spec: &Number, value: &Option<Spanned<f64>>) -> Option<f64> {
    let Number {
        key,
        min,
        max,
        example,
        meaning,
    } = *spec;
    let missing = format!("add {key} = {example}: {meaning}");
    let value = ck.require(value, &TOP, "", key, &missing)?;
    let x = *value.get_ref();
    if !(min..=max).contains(&x) {
        ck.error(
            Some(value.span()),
            field("", key),
            format!("{x} is out of range: it must be a number from {min} to {max}"),
            format!("give {key} a number from {min} to {max}: {meaning}"),
        );
        return None;
    }
    Some(x)
}

/// A list of event kinds (`map_on`, `caption_on`).
fn check_kinds(
    ck: &mut Checker<'_>,
    value: &Option<Spanned<Vec<Spanned<String>>>>,
    key: &str,
    meaning: &str,
) -> Option<Vec<EventClass>> {
    let missing = format!("add {key} = [\"border\", \"zone\"]: {meaning} (or [] for none)");
    let list = ck.require(value, &TOP, "", key, &missing)?;
    let mut kinds = Vec::new();
    let mut ok = true;
    for item in list.get_ref() {
        match EventClass::parse(item.get_ref()) {
            Ok(kind) if kinds.contains(&kind) => {}
            Ok(kind) => kinds.push(kind),
            Err(message) => {
                ck.error(
                    Some(item.span()),
                    field("", key),
                    message,
                    format!("{key} lists {meaning}, by the names --pause-on takes"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(kinds)
}

fn check_cue(ck: &mut Checker<'_>, i: usize, raw: &Spanned<RawCue>) -> Option<Cue> {
    let subject = format!("cue {}", i + 1);
    let cue = raw.get_ref();
    let places = "use any place the g prompt takes but now: departure, arrival, a station name, \"day 3 14:00\", \"d3 14:00 UTC\", +2h (from the departure), \"arrival -1h\", or an RFC 3339 instant";
    let missing = format!("add at = \"departure\": where the cue plays; {places}");
    let at = ck
        .require(&cue.at, &raw.span(), &subject, "at", &missing)
        .and_then(|at| {
            let place = Seek::parse(at.get_ref()).and_then(|seek| match seek {
                Seek::Now => {
                    Err("now is the calendar's present, not a place on the journey".to_owned())
                }
                seek => Ok(seek),
            });
            match place {
                Ok(seek) => Some((seek, at.span())),
                Err(message) => {
                    ck.error(Some(at.span()), field(&subject, "at"), message, places);
                    None
                }
            }
        });
    let route = match &cue.route {
        Some(id) => check_route_id(ck, &subject, id).map(Some),
        None => Some(None),
    };
    let caption = match &cue.caption {
        Some(text) => ck
            .text(text, field(&subject, "caption"), MAX_CAPTION)
            .map(Some),
        None => Some(None),
    };
    let mut actions = Vec::new();
    for name in &cue.actions {
        match Command::from_name(name.get_ref()) {
            Some(command) => actions.push(command),
            None => {
                let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
                ck.error(
                    Some(name.span()),
                    field(&subject, "actions"),
                    format!("{} is not a command", quote(name.get_ref())),
                    format!(
                        "use the command names of [keys] in config.toml: {}",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    if actions.len() != cue.actions.len() {
        return None;
    }
    let (at, at_span) = at?;
    Some(Cue {
        at,
        route: route?,
        caption: caption?,
        actions,
        at_span,
    })
}

/// A cue's `route`: an id, and not a near miss of a built-in one (a route of your own has an
/// id of its own; a misspelt built-in id would skip the cue everywhere, silently).
fn check_route_id(ck: &mut Checker<'_>, subject: &str, id: &Spanned<String>) -> Option<String> {
    let text = id.get_ref();
    let ids: Vec<&str> = crate::route::BUILTINS.iter().map(|b| b.id).collect();
    let help = format!(
        "name the one route the cue plays on by its id: a built-in one ({}) or the id in your route file's [route] table",
        ids.join(", ")
    );
    if !crate::route::validate::is_route_id(text) {
        ck.error(
            Some(id.span()),
            field(subject, "route"),
            format!(
                "{} is not a route id: ids are 1 to 64 lower-case letters, digits and '-'",
                quote(text)
            ),
            help,
        );
        return None;
    }
    let near = ids
        .iter()
        .filter(|b| **b != text)
        .map(|b| (strsim::levenshtein(b, text), *b))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d);
    if let Some((_, builtin)) = near {
        ck.error(
            Some(id.span()),
            field(subject, "route"),
            format!(
                "{} is not a built-in route: did you mean {}?",
                quote(text),
                quote(builtin)
            ),
            help,
        );
        return None;
    }
    Some(text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_script_parses_and_every_cue_fits_the_default_route() {
        let script = parse(DEFAULT_SCRIPT).unwrap();
        assert!(!script.cue.is_empty());
        assert!(parse("title = 1").is_err());
        let bad = DEFAULT_SCRIPT.replace("actions = [\"map\"]", "actions = [\"fly\"]");
        if bad != DEFAULT_SCRIPT {
            assert!(
                parse(&bad)
                    .unwrap_err()
                    .to_string()
                    .contains("not a command")
            );
        }
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_the_field_named() {
        for (field, bad) in [
            ("caption_seconds = 5", "caption_seconds = nan"),
            ("station_speed = 900", "station_speed = inf"),
            ("span_cruise_km = 3000", "span_cruise_km = -1"),
            ("hold_end_seconds = 6", "hold_end_seconds = 1e9"),
        ] {
            let text = DEFAULT_SCRIPT.replace(field, bad);
            assert_ne!(text, DEFAULT_SCRIPT, "{field} is in the shipped script");
            let e = parse(&text).unwrap_err().to_string();
            let name = field.split(' ').next().unwrap();
            assert!(e.contains(name) && e.contains("out of range"), "{e}");
        }
    }
}
