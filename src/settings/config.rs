//! `config.toml`: the documented defaults (embedded from the top-level file) and the user's
//! overrides, merged key by key. Every bad key or value is a [`Diagnostic`] with file, line and
//! column.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Command, Key, Keymap};
use crate::route::load::toml_diagnostic;
use crate::settings::{
    ClockConvention, ClockKind, NameStyle, Settings, StartSpec, ThemeName, Units, parse_speed,
};
use crate::util::diag::{Diagnostic, Diagnostics};
use crate::util::files::read_text_file;

/// The default configuration, the top-level `config.toml`.
pub const DEFAULT_CONFIG: &str = include_str!("../../config.toml");

/// `[keys]` as written: command name → list of keys, all with their positions.
type KeyTable = BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>;

/// One config file as written; every key optional so that a user file may set just one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    route: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
    speed: Option<Spanned<toml::Value>>,
    paused: Option<Spanned<bool>>,
    fps: Option<Spanned<i64>>,
    clocks: Option<Spanned<Vec<Spanned<String>>>>,
    timetable_clock: Option<Spanned<String>>,
    units: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    ascii: Option<Spanned<bool>>,
    narrate: Option<Spanned<bool>>,
    names: Option<Spanned<String>>,
    keys: Option<KeyTable>,
}

/// The settings one file sets.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Layer {
    /// `route`
    pub route: Option<String>,
    /// `start`
    pub start: Option<StartSpec>,
    /// `speed`
    pub speed: Option<f64>,
    /// `paused`
    pub paused: Option<bool>,
    /// `fps`
    pub fps: Option<u32>,
    /// `clocks`
    pub clocks: Option<Vec<ClockKind>>,
    /// `timetable_clock`
    pub timetable_clock: Option<ClockConvention>,
    /// `units`
    pub units: Option<Units>,
    /// `theme`
    pub theme: Option<ThemeName>,
    /// `ascii`
    pub ascii: Option<bool>,
    /// `narrate`
    pub narrate: Option<bool>,
    /// `names`
    pub names: Option<NameStyle>,
    /// `[keys]`: command name → keys, replacing that command's bindings.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Where the last file that set `[keys]` came from, for conflict messages.
    pub keys_file: Option<String>,
}

impl Layer {
    /// Keys set in `over` replace those here.
    #[must_use]
    pub fn merge(self, over: Self) -> Self {
        Self {
            route: over.route.or(self.route),
            start: over.start.or(self.start),
            speed: over.speed.or(self.speed),
            paused: over.paused.or(self.paused),
            fps: over.fps.or(self.fps),
            clocks: over.clocks.or(self.clocks),
            timetable_clock: over.timetable_clock.or(self.timetable_clock),
            units: over.units.or(self.units),
            theme: over.theme.or(self.theme),
            ascii: over.ascii.or(self.ascii),
            narrate: over.narrate.or(self.narrate),
            names: over.names.or(self.names),
            keys_file: if over.keys.is_empty() {
                self.keys_file
            } else {
                over.keys_file
            },
            keys: self.keys.into_iter().chain(over.keys).collect(),
        }
    }
}

/// Parse and validate one config file's text.
///
/// # Errors
/// Every bad key or value, with its position.
pub fn parse_layer(file: &str, source: &str) -> Result<Layer, Diagnostics> {
    let raw: RawConfig = toml::from_str(source).map_err(|e| toml_diagnostic(file, source, &e))?;
    let mut problems = Problems {
        file,
        source,
        errors: Vec::new(),
    };
    let mut layer = problems.layer(raw);
    if !layer.keys.is_empty() {
        layer.keys_file = Some(file.to_owned());
    }
    if problems.errors.is_empty() {
        Ok(layer)
    } else {
        Err(Diagnostics(problems.errors))
    }
}

/// How to write a key, for the diagnostics of `[keys]`.
const KEY_HELP: &str = "write keys like \"q\", \"N\", \"space\", \"left\" or \"ctrl-c\"";

/// The bad keys and values of one config file, as diagnostics in the order they are found.
struct Problems<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<Diagnostic>,
}

impl Problems<'_> {
    /// The layer `raw` describes, key by key in file-format order; a bad value is recorded
    /// and left unset.
    fn layer(&mut self, raw: RawConfig) -> Layer {
        Layer {
            route: raw.route.map(Spanned::into_inner),
            start: raw.start.as_ref().and_then(|v| {
                self.parsed(
                    v,
                    "start",
                    StartSpec::parse,
                    "use \"departure\", \"day N HH:MM\" or an RFC 3339 instant",
                )
            }),
            speed: raw.speed.as_ref().and_then(|v| self.speed(v)),
            paused: raw.paused.map(Spanned::into_inner),
            fps: raw.fps.as_ref().and_then(|v| self.fps(v)),
            clocks: raw.clocks.as_ref().map(|list| self.clocks(list.get_ref())),
            timetable_clock: raw.timetable_clock.as_ref().and_then(|v| {
                self.parsed(
                    v,
                    "timetable_clock",
                    ClockConvention::parse,
                    "use local, reference (the route's own clock), utc, moscow or an IANA zone",
                )
            }),
            units: raw
                .units
                .as_ref()
                .and_then(|v| self.parsed(v, "units", Units::parse, "use km or miles")),
            theme: raw.theme.as_ref().and_then(|v| {
                self.parsed(
                    v,
                    "theme",
                    ThemeName::parse,
                    "use dark, light or high-contrast",
                )
            }),
            ascii: raw.ascii.map(Spanned::into_inner),
            narrate: raw.narrate.map(Spanned::into_inner),
            names: raw.names.as_ref().and_then(|v| {
                self.parsed(v, "names", NameStyle::parse, "use latin, local or both")
            }),
            keys: self.keys(raw.keys.as_ref()),
            keys_file: None,
        }
    }

    /// `speed`: a number, or a string such as `"600x"`.
    fn speed(&mut self, value: &Spanned<toml::Value>) -> Option<f64> {
        let text = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.check(
            value.span(),
            "speed",
            parse_speed(&text),
            "use a number from 1 to 100000, e.g. speed = 600",
        )
    }

    /// `fps`: 1 to 120 frames per second.
    fn fps(&mut self, value: &Spanned<i64>) -> Option<u32> {
        let fps = u32::try_from(*value.get_ref())
            .ok()
            .filter(|f| (1..=120).contains(f))
            .ok_or_else(|| format!("{} frames per second is out of range", value.get_ref()));
        self.check(value.span(), "fps", fps, "use 1 to 120")
    }

    /// `clocks`: the clocks named correctly, each bad name recorded.
    fn clocks(&mut self, list: &[Spanned<String>]) -> Vec<ClockKind> {
        list.iter()
            .filter_map(|item| {
                self.parsed(
                    item,
                    "clocks",
                    ClockKind::parse_config,
                    "list clocks from: train, route, origin, destination, utc, local",
                )
            })
            .collect()
    }

    /// `[keys]`: command name → keys, for the commands that exist; every key is checked.
    fn keys(&mut self, table: Option<&KeyTable>) -> BTreeMap<String, Vec<String>> {
        let mut keys = BTreeMap::new();
        // Which of this file's commands each key went to, to report a key given to two at
        // the place of the second (a key bound here leaves its default command, so only two
        // bindings in the same file can clash).
        let mut owner: BTreeMap<Key, &str> = BTreeMap::new();
        for (name, list) in table.into_iter().flatten() {
            if Command::from_name(name.get_ref()).is_none() {
                self.unknown_command(name);
                continue;
            }
            let subject = format!("keys.{}", name.get_ref());
            for key in list.get_ref() {
                // The keymap reads the keys again when built; here they are checked in place.
                let Some(parsed) = self.parsed(key, &subject, Key::parse, KEY_HELP) else {
                    continue;
                };
                match owner.insert(parsed, name.get_ref()) {
                    Some(other) if other != name.get_ref() => self.report(
                        key.span(),
                        &subject,
                        format!("the key {parsed} is bound to both '{other}' and '{}'", name.get_ref()),
                        "give each key to one command only; list a command's keys in full to replace its defaults",
                    ),
                    _ => {}
                }
            }
            keys.insert(
                name.get_ref().clone(),
                list.get_ref().iter().map(|k| k.get_ref().clone()).collect(),
            );
        }
        keys
    }

    /// A `[keys]` entry whose name is no command.
    fn unknown_command(&mut self, name: &Spanned<String>) {
        let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
        self.report(
            name.span(),
            "keys",
            format!(
                "{} is not a command",
                crate::util::text::quote(name.get_ref())
            ),
            &format!("bind one of: {}", names.join(", ")),
        );
    }

    /// `value` read by `parse`, or its error recorded under `key`.
    fn parsed<T>(
        &mut self,
        value: &Spanned<String>,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
        help: &str,
    ) -> Option<T> {
        self.check(value.span(), key, parse(value.get_ref()), help)
    }

    /// The value in `result`, or its error recorded at `span` under `key`.
    fn check<T>(
        &mut self,
        span: Range<usize>,
        key: &str,
        result: Result<T, String>,
        help: &str,
    ) -> Option<T> {
        result
            .map_err(|message| self.report(span, key, message, help))
            .ok()
    }

    /// Record `message` at `span` under `key`, with `help`.
    fn report(&mut self, span: Range<usize>, key: &str, message: String, help: &str) {
        self.errors.push(
            Diagnostic::at(self.file, self.source, Some(span), message)
                .subject(format!("key '{key}'"))
                .help(help),
        );
    }
}

/// The built-in defaults as a complete layer.
///
/// # Errors
/// Only if the shipped `config.toml` were invalid (a test checks it is not).
pub fn defaults() -> Result<Layer, Diagnostics> {
    let mut layer = shipped()?;
    // The shipped [keys] are the built-in bindings themselves (a test checks they match), so
    // they stay out of the merged layer: its [keys] are then only what the user wrote, which
    // is what takes a key away from the default command that had it.
    layer.keys.clear();
    layer.keys_file = None;
    Ok(layer)
}

/// The shipped `config.toml` exactly as written, `[keys]` included.
fn shipped() -> Result<Layer, Diagnostics> {
    parse_layer("config.toml (built-in defaults)", DEFAULT_CONFIG)
}

/// The user's config file: `explicit` if given (it must exist), else the platform's config
/// directory's `longrail/config.toml` if that exists.
#[must_use]
pub fn user_config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let candidate = dirs::config_dir()?.join("longrail").join("config.toml");
    candidate.is_file().then_some(candidate)
}

/// Load the defaults and the user's file, merged.
///
/// # Errors
/// Problems reading or validating either file.
pub fn load(explicit: Option<&Path>) -> Result<Layer, Diagnostics> {
    let base = defaults()?;
    let Some(path) = user_config_path(explicit) else {
        return Ok(base);
    };
    let text = read_text_file(&path)?;
    let mut layer = parse_layer(&path.display().to_string(), &text)?;
    layer.route = layer.route.map(|route| beside(&path, route));
    Ok(base.merge(layer))
}

/// A `route` from the config file at `config`: a built-in id or an absolute path as written;
/// a relative path is taken from the config file's directory, where its writer looked.
fn beside(config: &Path, route: String) -> String {
    let as_path = Path::new(&route);
    if crate::route::builtin::builtin(&route).is_some() || as_path.is_absolute() {
        return route;
    }
    match config.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir.join(as_path).display().to_string(),
        None => route,
    }
}

/// The keymap a merged layer describes: the defaults with its `[keys]` overrides.
///
/// # Errors
/// A key bound to two commands.
pub fn keymap_of(layer: &Layer) -> Result<Keymap, Diagnostics> {
    let overrides: Vec<(Command, Vec<String>)> = layer
        .keys
        .iter()
        .filter_map(|(name, keys)| Some((Command::from_name(name)?, keys.clone())))
        .collect();
    Keymap::with_overrides(&overrides).map_err(|e| {
        let file = layer.keys_file.as_deref().unwrap_or("config.toml");
        Diagnostic::file_level(file, format!("[keys]: {e}")).help("give each key to one command only; list a command's keys in full to replace its defaults").into()
    })
}

/// Complete settings from a merged layer; any key still unset takes the built-in fallback.
///
/// # Errors
/// A key bound to two commands.
pub fn finish(layer: Layer, no_color: bool) -> Result<Settings, Diagnostics> {
    let keymap = keymap_of(&layer)?;
    Ok(Settings {
        route: layer.route.unwrap_or_else(|| "pyongyang-moscow".into()),
        start: layer.start.unwrap_or(StartSpec::Departure),
        speed: layer.speed.unwrap_or(600.0),
        length: None,
        paused: layer.paused.unwrap_or(false),
        fps: layer.fps.unwrap_or(30),
        clocks: layer.clocks.unwrap_or_else(|| ClockKind::ALL.to_vec()),
        timetable_clock: layer.timetable_clock.unwrap_or(ClockConvention::Local),
        units: layer.units.unwrap_or(Units::Km),
        theme: layer.theme.unwrap_or(ThemeName::Dark),
        ascii: layer.ascii.unwrap_or(false),
        narrate: layer.narrate.unwrap_or(false),
        names: layer.names.unwrap_or(NameStyle::Latin),
        no_color,
        keymap,
        pause_on: Vec::new(),
        compress_dwells: false,
        bell: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_parse_and_set_every_key() {
        let d = shipped().unwrap();
        assert!(d.route.is_some() && d.start.is_some() && d.speed.is_some() && d.paused.is_some());
        assert!(d.fps.is_some() && d.clocks.is_some() && d.timetable_clock.is_some());
        assert!(d.units.is_some() && d.theme.is_some() && d.ascii.is_some());
        assert!(defaults().unwrap().keys.is_empty());
        for c in Command::ALL {
            assert!(
                d.keys.contains_key(c.name()),
                "config.toml does not list the keys of {}",
                c.name()
            );
        }
        assert_eq!(keymap_of(&d).unwrap(), Keymap::defaults());
    }

    #[test]
    fn user_layer_overrides_key_by_key() {
        let user = parse_layer("u.toml", "theme = \"light\"\nspeed = \"50x\"\n").unwrap();
        let merged = defaults().unwrap().merge(user);
        assert_eq!(merged.theme, Some(ThemeName::Light));
        assert_eq!(merged.speed, Some(50.0));
        assert_eq!(merged.route.as_deref(), Some("pyongyang-moscow"));
    }

    #[test]
    fn bad_values_name_file_line_and_column() {
        let err = parse_layer("u.toml", "fps = 30\ntheme = \"neon\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("error: u.toml:2:9: key 'theme': \"neon\" is not allowed here"),
            "{err}"
        );
        let err = parse_layer("u.toml", "colour = 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("u.toml:1:1") && err.contains("unknown field `colour`"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn user_keys_replace_a_command_and_bad_keys_are_positioned() {
        let user = parse_layer("u.toml", "[keys]\npause = [\"p\"]\nprev_stop = [\"o\"]\n").unwrap();
        let map = keymap_of(&defaults().unwrap().merge(user)).unwrap();
        assert_eq!(map.command(Key::char('p')), Some(Command::Pause));
        let err = parse_layer("u.toml", "[keys]\npause = [\"hyper-x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("u.toml:2:10: key 'keys.pause'"), "{err}");
        let err = parse_layer("u.toml", "[keys]\nfly = [\"x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("u.toml:2:1: key 'keys': \"fly\" is not a command"),
            "{err}"
        );
        // A key the user gives to a command leaves the default that had it...
        let moved = parse_layer("u.toml", "[keys]\ncycle_clock = [\"c\"]\n").unwrap();
        let map = keymap_of(&defaults().unwrap().merge(moved)).unwrap();
        assert_eq!(map.command(Key::char('c')), Some(Command::CycleClock));
        assert_eq!(map.command(Key::char('C')), Some(Command::PrevZone));
        // ...but one the user gives to two commands is an error, at the second binding
        // (`space` and `" "`-less names alike: keys are compared once parsed).
        let err = parse_layer(
            "u.toml",
            "[keys]\npause = [\"q\"]\nquit = [\"esc\", \"q\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "u.toml:3:16: key 'keys.quit': the key q is bound to both 'pause' and 'quit'"
            ),
            "{err}"
        );
        let err = parse_layer(
            "u.toml",
            "[keys]\npause = [\"space\"]\nstep = [\"Space\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("u.toml:3:9:"), "{err}");
    }
}
