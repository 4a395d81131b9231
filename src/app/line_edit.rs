//! A one-line text editor with readline's keys: a cursor moved by ←/→, Home/End, characters
//! inserted at it, Backspace and Delete around it, Ctrl-U (delete to the start), Ctrl-W
//! (delete the word before), and a history walked with ↑/↓. Pure and small, so the prompt and
//! the find box share it.

use crate::settings::{Key, KeyCode};

/// How many entries the history keeps (the oldest go first).
pub const HISTORY_MAX: usize = 50;

/// The text being edited and where the cursor is (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    chars: Vec<char>,
    cursor: usize,
    /// While walking the history: which entry is shown (0 = the newest), and the line the
    /// user had typed before starting, to come back to.
    browsing: Option<(usize, Vec<char>)>,
}

impl LineEdit {
    /// The text.
    #[must_use]
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The cursor, as a count of characters before it.
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replace the whole text, with the cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.chars = text.chars().collect();
        self.cursor = self.chars.len();
    }

    /// Apply `key` if it is one of readline's editing keys (characters, Backspace and
    /// Delete, ←/→, Home/End and Ctrl-A/E/B/F/D/U/W); returns whether the text changed. Any
    /// other key (Enter, ↑/↓, Tab, a control character...) leaves the line as it is.
    pub fn key(&mut self, key: Key) -> bool {
        let before = self.chars.len();
        let code = match key.code {
            KeyCode::Char(c) if key.ctrl => match c {
                'a' => KeyCode::Home,
                'e' => KeyCode::End,
                'b' => KeyCode::Left,
                'f' => KeyCode::Right,
                'd' => KeyCode::Delete,
                'u' => return self.kill_to_start(before),
                'w' => return self.kill_word(before),
                _ => return false,
            },
            KeyCode::Char(_) if key.alt => return false,
            code => code,
        };
        match code {
            KeyCode::Char(c) if !c.is_control() => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => {}
        }
        self.changed(before)
    }

    /// Delete from the start to the cursor (Ctrl-U).
    fn kill_to_start(&mut self, before: usize) -> bool {
        self.chars.drain(..self.cursor);
        self.cursor = 0;
        self.changed(before)
    }

    /// Delete the word before the cursor, and the spaces after it (Ctrl-W).
    fn kill_word(&mut self, before: usize) -> bool {
        let mut start = self.cursor;
        while start > 0 && self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        self.chars.drain(start..self.cursor);
        self.cursor = start;
        self.changed(before)
    }

    /// Whether the text changed from `before` characters; a change ends a history walk.
    fn changed(&mut self, before: usize) -> bool {
        let changed = self.chars.len() != before;
        if changed {
            self.browsing = None;
        }
        changed
    }

    /// Show the entry one older (`back`) or one newer in `history` (oldest first). Going
    /// newer than the newest brings back what was typed before.
    pub fn walk(&mut self, history: &[String], back: bool) {
        let (shown, typed) = match (self.browsing.take(), back) {
            (None, false) => return,
            (None, true) if history.is_empty() => return,
            (None, true) => (0, self.chars.clone()),
            (Some((i, typed)), true) => ((i + 1).min(history.len().saturating_sub(1)), typed),
            (Some((0, typed)), false) => {
                self.chars = typed;
                self.cursor = self.chars.len();
                return;
            }
            (Some((i, typed)), false) => (i - 1, typed),
        };
        let Some(entry) = history.iter().rev().nth(shown) else {
            return;
        };
        self.set(entry);
        self.browsing = Some((shown, typed));
    }
}

/// Add `entry` to `history` as its newest, dropping an older copy and the oldest beyond
/// [`HISTORY_MAX`]; blank entries are not kept.
pub fn remember(history: &mut Vec<String>, entry: &str) {
    let entry = entry.trim();
    if entry.is_empty() {
        return;
    }
    history.retain(|e| e != entry);
    history.push(entry.to_owned());
    if history.len() > HISTORY_MAX {
        history.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineEdit {
        let mut e = LineEdit::default();
        for c in text.chars() {
            e.key(Key::char(c));
        }
        e
    }

    #[test]
    fn the_cursor_moves_and_inserts_where_it_is() {
        let mut e = typed("day 3 1400");
        for _ in 0..2 {
            e.key(Key::plain(KeyCode::Left));
        }
        e.key(Key::char(':'));
        assert_eq!((e.text().as_str(), e.cursor()), ("day 3 14:00", 9));
        e.key(Key::ctrl('a'));
        e.key(Key::plain(KeyCode::Delete));
        assert_eq!(e.text(), "ay 3 14:00");
        e.key(Key::plain(KeyCode::Backspace)); // nothing before the cursor
        assert_eq!(e.text(), "ay 3 14:00");
        e.key(Key::char('d'));
        e.key(Key::plain(KeyCode::End));
        e.key(Key::ctrl('f')); // already at the end
        e.key(Key::plain(KeyCode::Backspace));
        assert_eq!((e.text().as_str(), e.cursor()), ("day 3 14:0", 10));
    }

    #[test]
    fn ctrl_u_and_ctrl_w_delete_before_the_cursor() {
        let mut e = typed("day 3  14:00");
        e.key(Key::ctrl('w'));
        assert_eq!(e.text(), "day 3  ");
        e.key(Key::ctrl('w'));
        assert_eq!(e.text(), "day ", "the spaces go with the word before them");
        let mut e = typed("Ulan-Ude +2h");
        e.key(Key::plain(KeyCode::Left));
        e.key(Key::plain(KeyCode::Left));
        e.key(Key::ctrl('u'));
        assert_eq!((e.text().as_str(), e.cursor()), ("2h", 0));
    }

    #[test]
    fn nothing_is_cut_and_control_characters_are_refused() {
        let long = "x".repeat(500);
        let mut e = typed(&long);
        assert_eq!(e.text(), long, "no silent length cut");
        assert!(!e.key(Key::char('\u{1b}')));
        assert!(!e.key(Key::plain(KeyCode::Enter)));
        assert!(!e.key(Key {
            alt: true,
            ..Key::char('x')
        }));
        assert_eq!(e.text().chars().count(), 500);
    }

    #[test]
    fn history_walks_back_and_returns_to_what_was_typed() {
        let mut history = Vec::new();
        for entry in ["Omsk", "+6h", "  ", "Omsk"] {
            remember(&mut history, entry);
        }
        assert_eq!(
            history,
            ["+6h", "Omsk"],
            "newest last, no blanks or repeats"
        );
        let mut e = typed("Irk");
        e.walk(&history, true);
        assert_eq!(e.text(), "Omsk");
        e.walk(&history, true);
        assert_eq!(e.text(), "+6h");
        e.walk(&history, true);
        assert_eq!(e.text(), "+6h", "stays at the oldest");
        e.walk(&history, false);
        e.walk(&history, false);
        assert_eq!(e.text(), "Irk", "back to the line being typed");
        e.walk(&history, false);
        assert_eq!(e.text(), "Irk");
        for i in 0..HISTORY_MAX + 5 {
            remember(&mut history, &format!("+{i}h"));
        }
        assert_eq!(history.len(), HISTORY_MAX);
    }
}
