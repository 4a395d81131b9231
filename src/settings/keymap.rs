//! Key bindings: which [`Key`] runs which [`Command`]. The same table drives the app, the key
//! bar and the help overlay, so they can never disagree. Keys here are our own type; the
//! terminal shell converts its key events into them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::command::Command;

/// A key with its modifiers, independent of any terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Which key.
    pub code: KeyCode,
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
    /// Shift held, for keys that are not characters (a character carries its shift in its
    /// case: `N` is shift-n; Shift-Tab is [`KeyCode::BackTab`]).
    pub shift: bool,
}

/// The key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character (case matters: `N` is shift-n).
    Char(char),
    /// ←
    Left,
    /// →
    Right,
    /// ↑
    Up,
    /// ↓
    Down,
    /// Home
    Home,
    /// End
    End,
    /// Page Up
    PageUp,
    /// Page Down
    PageDown,
    /// Escape
    Esc,
    /// Enter
    Enter,
    /// Tab
    Tab,
    /// Backspace
    Backspace,
    /// Delete
    Delete,
    /// Insert
    Insert,
    /// Shift-Tab
    BackTab,
    /// A function key, F1 to F12.
    F(u8),
}

/// The highest function key a binding may name.
pub const MAX_F: u8 = 12;

const NAMED: &[(&str, KeyCode)] = &[
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("esc", KeyCode::Esc),
    ("enter", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
];

impl Key {
    /// A plain key.
    #[must_use]
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A plain character key.
    #[must_use]
    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// A character with Ctrl held.
    #[must_use]
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// The key as every shell reports it, whatever the terminal sent: Ctrl with a letter
    /// means the lower-case letter, a character's shift is in the character itself, and
    /// Shift-Tab is [`KeyCode::BackTab`].
    #[must_use]
    pub fn normal(self) -> Self {
        match self.code {
            KeyCode::Char(c) => Self {
                code: KeyCode::Char(if self.ctrl { c.to_ascii_lowercase() } else { c }),
                shift: false,
                ..self
            },
            KeyCode::Tab if self.shift => Self {
                code: KeyCode::BackTab,
                shift: false,
                ..self
            },
            KeyCode::BackTab => Self {
                shift: false,
                ..self
            },
            _ => self,
        }
    }

    /// Parse `space`, `q`, `N`, `+`, `left`, `f5`, `ctrl-c`, `alt-x`, `shift-left`, `shift-tab`.
    ///
    /// # Errors
    /// A message with the forms allowed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut key = Self::char(' ');
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let flag = if lower.starts_with("ctrl-") {
                &mut key.ctrl
            } else if lower.starts_with("alt-") {
                &mut key.alt
            } else if lower.starts_with("shift-") {
                &mut key.shift
            } else {
                break;
            };
            let (_, after) = rest.split_once('-').unwrap_or((rest, ""));
            if after.is_empty() {
                break;
            }
            *flag = true;
            rest = after;
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() && key.shift => {
                return Err(format!(
                    "{}: a character carries its shift itself; write the shifted character (\"N\" for shift-n, \"?\" for shift-/)",
                    crate::util::text::quote(text)
                ));
            }
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named(rest).ok_or_else(|| format!("{} is not a key: use a character (\"q\", \"N\", \"+\"), a name (space, left, right, up, down, home, end, pageup, pagedown, esc, enter, tab, backtab, backspace, delete, insert, f1 to f12) or ctrl-/alt-/shift- before either", crate::util::text::quote(text)))?,
        };
        Ok(key.normal())
    }
}

/// The key a name stands for (`left`, `f5`), in any case.
fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=MAX_F).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED
        .iter()
        .find(|(known, _)| *known == lower)
        .map(|(_, code)| *code)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

/// The key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    by_command: BTreeMap<Command, Vec<Key>>,
}

impl Keymap {
    /// Bindings from `(command, keys)` pairs; later pairs for the same command replace earlier
    /// ones.
    ///
    /// # Errors
    /// A key that cannot be parsed, or one bound to two commands.
    pub fn from_bindings<'a>(
        pairs: impl IntoIterator<Item = (Command, Vec<&'a str>)>,
    ) -> Result<Self, String> {
        let mut by_command: BTreeMap<Command, Vec<Key>> = BTreeMap::new();
        for (command, keys) in pairs {
            by_command.insert(command, parse_keys(&keys)?);
        }
        let map = Self { by_command };
        map.check_conflicts()?;
        Ok(map)
    }

    /// The default bindings.
    #[must_use]
    pub fn defaults() -> Self {
        let pairs = Command::ALL.iter().map(|c| (*c, c.default_keys().to_vec()));
        // The defaults are fixed strings checked by a unit test; an error is impossible.
        Self::from_bindings(pairs).unwrap_or(Self {
            by_command: BTreeMap::new(),
        })
    }

    /// The defaults with `overrides` replacing whole commands' key lists. A key the user
    /// gives to one command leaves the default it had elsewhere (so a config written before
    /// a new default key still loads); only the user's own lists can clash.
    ///
    /// # Errors
    /// A bad key, or a key the user bound to two commands.
    pub fn with_overrides(overrides: &[(Command, Vec<String>)]) -> Result<Self, String> {
        let mut by_command: BTreeMap<Command, Vec<Key>> = BTreeMap::new();
        for command in Command::ALL {
            by_command.insert(command, parse_keys(command.default_keys())?);
        }
        let mut taken = BTreeSet::new();
        for (command, keys) in overrides {
            let parsed = parse_keys(keys)?;
            taken.extend(parsed.iter().copied());
            by_command.insert(*command, parsed);
        }
        let user: BTreeSet<Command> = overrides.iter().map(|(c, _)| *c).collect();
        for (command, keys) in &mut by_command {
            if !user.contains(command) {
                keys.retain(|k| !taken.contains(k));
            }
        }
        let map = Self { by_command };
        map.check_conflicts()?;
        if map.keys(Command::Quit).is_empty() && map.command(Key::ctrl('c')) != Some(Command::Quit)
        {
            return Err(
                "no key would quit: keep a key for 'quit', or leave ctrl-c unbound (it then quits)"
                    .into(),
            );
        }
        Ok(map)
    }

    fn check_conflicts(&self) -> Result<(), String> {
        let mut seen: BTreeMap<Key, Command> = BTreeMap::new();
        for command in Command::ALL {
            for key in self.keys(command) {
                if let Some(other) = seen.insert(*key, command) {
                    return Err(format!(
                        "the key {key} is bound to both '{}' and '{}'",
                        other.name(),
                        command.name()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The command bound to `key`, if any. Ctrl-C bound to nothing quits, so there is always
    /// a way out whatever the config says.
    #[must_use]
    pub fn command(&self, key: Key) -> Option<Command> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| self.keys(*c).contains(&key))
            .or_else(|| (key == Key::ctrl('c')).then_some(Command::Quit))
    }

    /// The keys bound to `command`.
    #[must_use]
    pub fn keys(&self, command: Command) -> &[Key] {
        self.by_command.get(&command).map_or(&[], Vec::as_slice)
    }

    /// The keys of `command` joined for display (`+/=/]`), or `—` when unbound.
    #[must_use]
    pub fn label(&self, command: Command) -> String {
        let keys: Vec<String> = self.keys(command).iter().map(ToString::to_string).collect();
        if keys.is_empty() {
            "—".into()
        } else {
            keys.join("/")
        }
    }
}

/// Parse a command's list of key names.
fn parse_keys(keys: &[impl AsRef<str>]) -> Result<Vec<Key>, String> {
    keys.iter().map(|k| Key::parse(k.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_without_conflicts_and_cover_every_command() {
        let pairs = Command::ALL.iter().map(|c| (*c, c.default_keys().to_vec()));
        let map = Keymap::from_bindings(pairs).unwrap();
        for c in Command::ALL {
            assert!(!map.keys(c).is_empty(), "{} unbound", c.name());
        }
        assert_eq!(map.command(Key::char(' ')), Some(Command::Pause));
        assert_eq!(map.command(Key::char('N')), Some(Command::NextEvent));
        assert_eq!(
            map.command(Key {
                code: KeyCode::Char('c'),
                ctrl: true,
                alt: false,
                shift: false,
            }),
            Some(Command::Quit)
        );
    }

    #[test]
    fn keys_parse_and_display() {
        assert_eq!(Key::parse("ctrl-C").unwrap().to_string(), "Ctrl-C");
        assert_eq!(Key::parse("space").unwrap().to_string(), "Space");
        assert_eq!(Key::parse("Left").unwrap().to_string(), "←");
        assert_eq!(Key::parse("-").unwrap(), Key::char('-'));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("").is_err());
        assert_eq!(Key::parse("F5").unwrap(), Key::plain(KeyCode::F(5)));
        assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
        assert!(Key::parse("f13").is_err() && Key::parse("f0").is_err());
        assert_eq!(Key::parse("insert").unwrap().to_string(), "Ins");
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            Key::plain(KeyCode::BackTab)
        );
        assert_eq!(Key::parse("backtab").unwrap(), Key::plain(KeyCode::BackTab));
        let shift_left = Key::parse("Shift-Left").unwrap();
        assert!(shift_left.shift && shift_left.code == KeyCode::Left);
        assert_eq!(shift_left.to_string(), "Shift-←");
        assert_eq!(
            Key::parse("ctrl-alt-shift-f3").unwrap().to_string(),
            "Ctrl-Alt-Shift-F3"
        );
        assert!(
            Key::parse("shift-n").is_err(),
            "a character's shift is its case"
        );
        assert_eq!(Key::parse("ctrl--").unwrap(), Key::ctrl('-'));
    }

    #[test]
    fn overrides_replace_a_command_and_conflicts_are_errors() {
        let map = Keymap::with_overrides(&[
            (Command::Pause, vec!["p".into()]),
            (Command::PrevStop, vec!["o".into()]),
        ])
        .unwrap();
        assert_eq!(map.command(Key::char('p')), Some(Command::Pause));
        assert_eq!(map.command(Key::char(' ')), None);
        let err = Keymap::with_overrides(&[
            (Command::Pause, vec!["x".into()]),
            (Command::Quit, vec!["x".into()]),
        ])
        .unwrap_err();
        assert!(err.contains("bound to both"), "{err}");
    }

    #[test]
    fn a_key_the_user_binds_leaves_the_default_that_had_it() {
        // `c` became "next zone change" by default; a config that gave it to the clocks
        // before still loads, and the user's choice wins.
        let map = Keymap::with_overrides(&[(Command::CycleClock, vec!["c".into()])]).unwrap();
        assert_eq!(map.command(Key::char('c')), Some(Command::CycleClock));
        assert!(!map.keys(Command::NextZone).contains(&Key::char('c')));
        assert_eq!(map.command(Key::char('C')), Some(Command::PrevZone));
        let map = Keymap::with_overrides(&[(Command::Pause, vec!["q".into()])]).unwrap();
        assert_eq!(map.command(Key::char('q')), Some(Command::Pause));
        assert!(
            !map.keys(Command::Quit).is_empty(),
            "quit keeps its other keys"
        );
    }

    #[test]
    fn there_is_always_a_key_that_quits() {
        assert_eq!(Key::parse("ctrl-c").unwrap(), Key::ctrl('c'));
        let none = |c: Command| (c, Vec::<String>::new());
        let map = Keymap::with_overrides(&[none(Command::Quit), none(Command::Back)]).unwrap();
        assert_eq!(map.command(Key::ctrl('c')), Some(Command::Quit));
        let err = Keymap::with_overrides(&[
            none(Command::Quit),
            (Command::Pause, vec!["space".into(), "ctrl-c".into()]),
        ])
        .unwrap_err();
        assert!(err.contains("no key would quit"), "{err}");
    }
}
