//! Demo mode: a self-running presentation, driven by a script of data (a TOML file under
//! `assets/demo/`). The [`Director`] reads the app and the wall clock each frame and answers
//! with ordinary [`Action`]s, the same ones keys produce, so a demo is never special code in
//! the app: an eased camera that follows the train, speed that slows near the big stations
//! and rushes through the taiga, cuts to the map at borders and zone changes, captions for the
//! events, and a loop back to the start.

use std::ops::Range;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use toml::Spanned;

use super::{Action, App, Command, map_view::View};
use crate::diag::{Diagnostic, Diagnostics};
use crate::route::checker::{Checker, field};
use crate::sim::{EventClass, Seek};
use crate::text::quote;

/// The built-in demo script.
pub const DEFAULT_SCRIPT: &str = include_str!("../../assets/demo/default.toml");

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
    file: String,
    /// The file's text, for the line an error shows.
    source: String,
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
    at_span: Range<usize>,
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

/// A resolved cue against the journey.
#[derive(Debug, Clone)]
struct Placed {
    at: DateTime<Utc>,
    caption: Option<String>,
    commands: Vec<Command>,
}

/// Parse and check a demo script given as text, named `demo script` in messages.
///
/// # Errors
/// As [`parse_named`].
pub fn parse(text: &str) -> Result<Script, Diagnostics> {
    parse_named("demo script", text)
}

/// Parse and check a demo script; `file` names it in messages. The places of its cues are
/// checked against a journey by [`Director::new`].
///
/// # Errors
/// Every problem found (TOML syntax, an unknown key, a wrong type, a missing key, a number out
/// of range, an unknown event kind, command or placeholder, a malformed place or route id),
/// each with file, line and column and how to fix it.
pub fn parse_named(file: &str, text: &str) -> Result<Script, Diagnostics> {
    let raw: RawScript = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut ck = Checker::new(file, text);
    let title = check_title(&mut ck, &raw.title);
    let cruise = check_cruise(&mut ck, &raw.cruise);
    let station_speed = check_number(&mut ck, &STATION_SPEED, &raw.station_speed);
    let station_km = check_number(&mut ck, &STATION_KM, &raw.station_km);
    let span_cruise_km = check_number(&mut ck, &SPAN_CRUISE_KM, &raw.span_cruise_km);
    let span_station_km = check_number(&mut ck, &SPAN_STATION_KM, &raw.span_station_km);
    let map_on = check_kinds(
        &mut ck,
        &raw.map_on,
        "map_on",
        "the event kinds that cut to the map",
    );
    let map_seconds = check_number(&mut ck, &MAP_SECONDS, &raw.map_seconds);
    let caption_on = check_kinds(
        &mut ck,
        &raw.caption_on,
        "caption_on",
        "the event kinds whose titles become captions",
    );
    let caption_seconds = check_number(&mut ck, &CAPTION_SECONDS, &raw.caption_seconds);
    let hold_end_seconds = check_number(&mut ck, &HOLD_END_SECONDS, &raw.hold_end_seconds);
    // Every cue is checked, also after a bad one.
    let cues: Vec<Option<Cue>> = raw
        .cue
        .iter()
        .enumerate()
        .map(|(i, cue)| check_cue(&mut ck, i, cue))
        .collect();
    let cue: Option<Vec<Cue>> = cues.into_iter().collect();
    let (
        Some(title),
        Some(cruise),
        Some(station_speed),
        Some(station_km),
        Some(span_cruise_km),
        Some(span_station_km),
        Some(map_on),
        Some(map_seconds),
        Some(caption_on),
        Some(caption_seconds),
        Some(hold_end_seconds),
        Some(cue),
    ) = (
        title,
        cruise,
        station_speed,
        station_km,
        span_cruise_km,
        span_station_km,
        map_on,
        map_seconds,
        caption_on,
        caption_seconds,
        hold_end_seconds,
        cue,
    )
    else {
        // Each value that is missing here was reported where it was found missing or bad.
        return Err(ck.finish(()).err().unwrap_or_else(|| {
            Diagnostic::file_level(file, "the demo script could not be read").into()
        }));
    };
    ck.finish(Script {
        title,
        cruise,
        station_speed,
        station_km,
        span_cruise_km,
        span_station_km,
        map_on,
        map_seconds,
        caption_on,
        caption_seconds,
        hold_end_seconds,
        cue,
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
    let mut count = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if pos > offset {
            break;
        }
        let header: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if header.starts_with("[[cue]]") {
            count += 1;
        }
        pos += line.len();
    }
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
    let places = "use any place the g prompt takes: departure, arrival, a station name, \"day 3 14:00\", \"day 3 14:00 MSK\", +2h (from the departure), or an RFC 3339 instant";
    let missing = format!("add at = \"departure\": where the cue plays; {places}");
    let at = ck
        .require(&cue.at, &raw.span(), &subject, "at", &missing)
        .and_then(|at| match Seek::parse(at.get_ref()) {
            Ok(seek) => Some((seek, at.span())),
            Err(message) => {
                ck.error(Some(at.span()), field(&subject, "at"), message, places);
                None
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
        .map(|b| (crate::text::edit_distance(b, text), *b))
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

/// Plays a script: call [`Director::step`] before each frame.
#[derive(Debug, Clone)]
pub struct Director {
    script: Script,
    cues: Vec<Placed>,
    next_cue: usize,
    cruise_speed: f64,
    looping: bool,
    last_wall: Option<Duration>,
    speed: f64,
    camera: Option<(f64, f64)>,
    caption_until: Option<Duration>,
    map_until: Option<Duration>,
    ended_at: Option<Duration>,
    /// The simulated instant seen at the last step: events after it are new.
    seen: Option<DateTime<Utc>>,
    /// Set when the demo has finished (not looping): the caller quits or hands over.
    pub finished: bool,
}

impl Director {
    /// A director for `script` on `app`'s journey; loops forever when `looping`.
    ///
    /// # Errors
    /// Every cue for this route whose place is not on its journey, with its position in the
    /// script.
    pub fn new(script: Script, app: &App, looping: bool) -> Result<Self, Diagnostics> {
        let route = app.journey.route();
        let cruise_speed = cruise_speed(route.arrival() - route.departure(), script.cruise);
        let mut cues = Vec::new();
        let mut errors = Vec::new();
        for (i, cue) in script.cue.iter().enumerate() {
            if cue.route.as_ref().is_some_and(|id| *id != route.id) {
                continue;
            }
            match cue.at.resolve(&app.journey, route.departure()) {
                Ok(at) => cues.push(Placed {
                    at,
                    caption: cue.caption.clone(),
                    commands: cue.actions.clone(),
                }),
                Err(message) => {
                    let mut help = format!(
                        "give a place on this route, {} ({}): a station it stops at, a day of its journey or an instant while it runs",
                        route.id,
                        quote(&route.name)
                    );
                    if cue.route.is_none() {
                        help.push_str(
                            "; or add route = \"ID\" to the cue so that only the route it belongs to plays it",
                        );
                    }
                    errors.push(
                        Diagnostic::at(
                            &script.file,
                            &script.source,
                            Some(cue.at_span.clone()),
                            message,
                        )
                        .subject(format!("cue {}, field 'at'", i + 1))
                        .help(help),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        cues.sort_by_key(|c| c.at);
        let mut script = script;
        script.title = script.title.replace("{route}", &route.name).replace(
            "{km}",
            &crate::format::format_number(route.total_km().round()),
        );
        Ok(Self {
            script,
            cues,
            next_cue: 0,
            cruise_speed,
            looping,
            last_wall: None,
            speed: cruise_speed,
            camera: None,
            caption_until: None,
            map_until: None,
            ended_at: None,
            seen: None,
            finished: false,
        })
    }

    /// The script's title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.script.title
    }

    /// The actions for this frame, at wall time `wall`, given what the app shows now.
    pub fn step(&mut self, app: &App, wall: Duration) -> Vec<Action> {
        let mut out = Vec::new();
        let dt = self
            .last_wall
            .map_or(0.0, |w| wall.saturating_sub(w).as_secs_f64());
        if self.last_wall.is_none() {
            out.push(Action::Demo(true));
            out.push(Action::Caption(Some(self.script.title.clone())));
            self.caption_until = Some(wall + secs(self.script.caption_seconds));
            if app.clock.paused() {
                out.push(Action::Command(Command::Pause));
            }
        }
        self.last_wall = Some(wall);
        self.events(app, wall, &mut out);
        self.cues(app, wall, &mut out);
        self.timers(app, wall, &mut out);
        self.end(app, wall, &mut out);
        self.drive(app, dt, &mut out);
        out
    }

    /// Captions and map cuts for the events the replay passed since the last step.
    fn events(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        let since = self.seen.replace(app.now).filter(|t| *t <= app.now);
        let Some(since) = since else {
            return;
        };
        let timeline = app.journey.timeline();
        let first = timeline.partition_point(|e| e.at <= since);
        let last = timeline.partition_point(|e| e.at <= app.now);
        for event in timeline.iter().take(last).skip(first) {
            let kind = event.kind.class();
            if self.script.caption_on.contains(&kind) {
                out.push(Action::Caption(Some(event.title.clone())));
                self.caption_until = Some(wall + secs(self.script.caption_seconds));
            }
            if self.script.map_on.contains(&kind) && app.view == View::Strip {
                out.push(Action::Command(Command::Map));
                self.map_until = Some(wall + secs(self.script.map_seconds));
            }
        }
    }

    /// The script's own cues reached by the replay.
    fn cues(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        while let Some(cue) = self.cues.get(self.next_cue).filter(|c| c.at <= app.now) {
            if let Some(text) = &cue.caption {
                out.push(Action::Caption(Some(text.clone())));
                self.caption_until = Some(wall + secs(self.script.caption_seconds));
            }
            for command in &cue.commands {
                if *command == Command::Map {
                    // A cut to the map, like an event's: only from the strip, and timed.
                    if app.view == View::Strip {
                        out.push(Action::Command(Command::Map));
                    }
                    self.map_until = Some(wall + secs(self.script.map_seconds));
                } else {
                    out.push(Action::Command(*command));
                }
            }
            self.next_cue += 1;
        }
    }

    /// End captions and map cuts whose time is up.
    fn timers(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        if self.caption_until.is_some_and(|t| wall >= t) {
            self.caption_until = None;
            out.push(Action::Caption(None));
        }
        if self.map_until.is_some_and(|t| wall >= t) {
            self.map_until = None;
            if app.view != View::Strip {
                out.push(Action::Command(Command::Map));
            }
        }
    }

    /// Hold the arrival, then loop (or finish).
    fn end(&mut self, app: &App, wall: Duration, out: &mut Vec<Action>) {
        let arrived = app.now >= app.journey.route().arrival() && app.clock.paused();
        match (arrived, self.ended_at) {
            (true, None) => self.ended_at = Some(wall),
            (true, Some(at)) if wall >= at + secs(self.script.hold_end_seconds) => {
                self.ended_at = None;
                if self.looping {
                    // Space at the arrival restarts from the departure.
                    out.push(Action::Command(Command::Pause));
                    self.next_cue = 0;
                    self.camera = None;
                } else {
                    self.finished = true;
                    out.push(Action::Demo(false));
                }
            }
            _ => {}
        }
    }

    /// Speed and camera, eased toward what the place calls for: slow and close near the big
    /// stations, fast and wide in between.
    fn drive(&mut self, app: &App, dt: f64, out: &mut Vec<Action>) {
        let near = app
            .journey
            .route()
            .stops
            .iter()
            .filter(|s| s.major)
            .map(|s| (s.km - app.state.km).abs())
            .fold(f64::INFINITY, f64::min);
        let closeness = (1.0 - near / self.script.station_km.max(1.0)).clamp(0.0, 1.0);
        let mut target_speed = lerp_log(
            self.cruise_speed,
            self.script.station_speed.max(1.0),
            closeness,
        );
        // Standing at a station: the rest of the dwell in about two seconds.
        if app.state.status == crate::sim::Status::Stopped {
            let stop = app
                .state
                .stop
                .and_then(|i| app.journey.route().stops.get(i));
            if let Some(depart) = stop.and_then(|s| s.depart) {
                let left = (depart - app.now).as_seconds_f64();
                target_speed = target_speed.max(left / 2.0);
            }
        }
        let target_span = lerp_log(
            self.script.span_cruise_km,
            self.script.span_station_km,
            closeness,
        );
        // Exponential easing: about half a second to close most of the gap; a dwell's speed
        // is taken at once (nothing moves, so nothing jumps).
        let k = 1.0 - (-dt / 0.5).exp();
        self.speed = if app.state.status == crate::sim::Status::Stopped {
            target_speed
        } else {
            ease_log(self.speed, target_speed, k)
        };
        if (self.speed / app.clock.speed() - 1.0).abs() > 0.02 && !app.clock.paused() {
            out.push(Action::SetSpeed(self.speed));
        }
        let (center, span) = self.camera.unwrap_or((app.state.km, target_span));
        let center = center + (app.state.km - center) * k;
        let span = ease_log(span, target_span, k);
        self.camera = Some((center, span));
        out.push(Action::Camera {
            center_km: center,
            span_km: span,
        });
    }
}

/// The speed that plays a journey of `sim` in `length`; a length the route cannot be played
/// in (a short route, a long cruise) plays as near to it as speeds go.
fn cruise_speed(sim: chrono::TimeDelta, length: Duration) -> f64 {
    crate::settings::clamp_speed(sim.as_seconds_f64() / length.as_secs_f64().max(1e-3))
}

/// Wall seconds as a duration (scripts are checked; anything odd here counts as zero).
fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s.clamp(0.0, 3600.0)).unwrap_or_default()
}

/// Between `a` (at 0) and `b` (at 1) on a log scale.
fn lerp_log(a: f64, b: f64, t: f64) -> f64 {
    let (a, b) = (a.max(1e-6), b.max(1e-6));
    (a.ln() + (b.ln() - a.ln()) * t).exp()
}

/// Move `from` a fraction `k` of the way to `to`, on a log scale.
fn ease_log(from: f64, to: f64, k: f64) -> f64 {
    lerp_log(from, to, k.clamp(0.0, 1.0))
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
        assert_eq!(secs(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn a_cruise_out_of_reach_clamps_to_the_nearest_speed() {
        let hour = chrono::TimeDelta::hours(1);
        assert_eq!(cruise_speed(hour, Duration::from_secs(60)), 60.0);
        assert_eq!(cruise_speed(hour, Duration::from_secs(30 * 86_400)), 1.0);
        assert_eq!(cruise_speed(hour * 1000, Duration::ZERO), 100_000.0);
    }

    #[test]
    fn easing_on_a_log_scale_moves_part_way() {
        assert!((lerp_log(100.0, 10_000.0, 0.5) - 1000.0).abs() < 1e-6);
        assert_eq!(ease_log(600.0, 600.0, 0.3), 600.0);
        let half = ease_log(100.0, 10_000.0, 0.5);
        assert!(half > 100.0 && half < 10_000.0);
    }
}
