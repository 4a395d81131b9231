//! `config.toml`: the documented defaults (embedded from the top-level file) and the user's
//! overrides, merged key by key. Every bad key or value is a [`Diagnostic`] with file, line and
//! column.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use std::collections::BTreeMap;

use crate::app::{Command, Key, Keymap};
use crate::diag::{Diagnostic, Diagnostics};
use crate::files::read_text_file;
use crate::route::load::toml_diagnostic;
use crate::settings::{
    ClockConvention, ClockKind, Settings, StartSpec, ThemeName, Units, parse_speed,
};

/// The default configuration, the top-level `config.toml`.
pub const DEFAULT_CONFIG: &str = include_str!("../config.toml");

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
    let mut errors = Vec::new();
    let check = |errors: &mut Vec<Diagnostic>,
                 span: std::ops::Range<usize>,
                 key: &str,
                 result: Result<(), String>,
                 help: &str| {
        if let Err(message) = result {
            errors.push(
                Diagnostic::at(file, source, Some(span), message)
                    .subject(format!("key '{key}'"))
                    .help(help),
            );
        }
    };
    let mut layer = Layer {
        route: raw.route.map(Spanned::into_inner),
        paused: raw.paused.map(Spanned::into_inner),
        ascii: raw.ascii.map(Spanned::into_inner),
        ..Layer::default()
    };
    if let Some(v) = &raw.start {
        check(
            &mut errors,
            v.span(),
            "start",
            StartSpec::parse(v.get_ref()).map(|s| layer.start = Some(s)),
            "use \"departure\", \"day N HH:MM\" or an RFC 3339 instant",
        );
    }
    if let Some(v) = &raw.speed {
        let text = match v.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        check(
            &mut errors,
            v.span(),
            "speed",
            parse_speed(&text).map(|s| layer.speed = Some(s)),
            "use a number from 1 to 100000, e.g. speed = 600",
        );
    }
    if let Some(v) = &raw.fps {
        let ok = u32::try_from(*v.get_ref())
            .ok()
            .filter(|f| (1..=120).contains(f));
        check(
            &mut errors,
            v.span(),
            "fps",
            ok.map(|f| layer.fps = Some(f))
                .ok_or_else(|| format!("{} frames per second is out of range", v.get_ref())),
            "use 1 to 120",
        );
    }
    if let Some(list) = &raw.clocks {
        let mut kinds = Vec::new();
        for item in list.get_ref() {
            check(
                &mut errors,
                item.span(),
                "clocks",
                ClockKind::parse(item.get_ref()).map(|k| kinds.push(k)),
                "list clocks from: train, moscow, origin, utc, local",
            );
        }
        layer.clocks = Some(kinds);
    }
    if let Some(v) = &raw.timetable_clock {
        check(
            &mut errors,
            v.span(),
            "timetable_clock",
            ClockConvention::parse(v.get_ref()).map(|c| layer.timetable_clock = Some(c)),
            "use local, moscow or utc",
        );
    }
    if let Some(v) = &raw.units {
        check(
            &mut errors,
            v.span(),
            "units",
            Units::parse(v.get_ref()).map(|u| layer.units = Some(u)),
            "use km or miles",
        );
    }
    if let Some(v) = &raw.theme {
        check(
            &mut errors,
            v.span(),
            "theme",
            ThemeName::parse(v.get_ref()).map(|t| layer.theme = Some(t)),
            "use dark, light or high-contrast",
        );
    }
    for (name, keys) in raw.keys.iter().flatten() {
        if Command::from_name(name.get_ref()).is_none() {
            let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
            check(
                &mut errors,
                name.span(),
                "keys",
                Err(format!(
                    "{} is not a command",
                    crate::text::quote(name.get_ref())
                )),
                &format!("bind one of: {}", names.join(", ")),
            );
            continue;
        }
        for key in keys.get_ref() {
            check(
                &mut errors,
                key.span(),
                &format!("keys.{}", name.get_ref()),
                Key::parse(key.get_ref()).map(|_| ()),
                "write keys like \"q\", \"N\", \"space\", \"left\" or \"ctrl-c\"",
            );
        }
        layer.keys.insert(
            name.get_ref().clone(),
            keys.get_ref().iter().map(|k| k.get_ref().clone()).collect(),
        );
    }
    if !layer.keys.is_empty() {
        layer.keys_file = Some(file.to_owned());
    }
    if errors.is_empty() {
        Ok(layer)
    } else {
        Err(Diagnostics(errors))
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
    Ok(base.merge(parse_layer(&path.display().to_string(), &text)?))
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
        // ...but one the user gives to two commands is an error.
        let clash = parse_layer("u.toml", "[keys]\npause = [\"q\"]\nquit = [\"q\"]\n").unwrap();
        let err = keymap_of(&defaults().unwrap().merge(clash))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("u.toml: [keys]: the key q is bound to both"),
            "{err}"
        );
    }
}
