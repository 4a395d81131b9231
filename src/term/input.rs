//! The one mapping from a terminal's events to the app's [`Input`]s, for every shell. Events
//! are `terminput`'s (crossterm's input parser as a library): an SSH viewer's bytes are parsed
//! into them (`crate::serve::input`), and the local terminal's crossterm events are converted
//! to them by terminput's crossterm adapter ([`from_crossterm`]). So a key reaches the app the
//! same way, whichever terminal it was typed on.

use terminput::{
    Event, KeyCode as T, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
    ScrollDirection,
};

use crate::app::Mouse;
use crate::app::session::Input;
use crate::settings::{Key, KeyCode};

/// A terminal event as an input; events the app has no use for (key releases, focus, other
/// buttons) are `None`.
#[must_use]
pub fn input_of(event: &Event) -> Option<Input> {
    match event {
        Event::Key(k) => key_of(k).map(Input::Key),
        Event::Mouse(m) => {
            let (col, row) = (m.column, m.row);
            let mouse = match m.kind {
                MouseEventKind::Scroll(ScrollDirection::Up) => Mouse::WheelUp(col, row),
                MouseEventKind::Scroll(ScrollDirection::Down) => Mouse::WheelDown(col, row),
                MouseEventKind::Down(MouseButton::Left) => Mouse::Down(col, row),
                MouseEventKind::Drag(MouseButton::Left) => Mouse::Drag(col, row),
                MouseEventKind::Up(MouseButton::Left) => Mouse::Up(col, row),
                _ => return None,
            };
            Some(Input::Mouse(mouse))
        }
        Event::Paste(text) => Some(Input::Paste(text.clone())),
        Event::Resize { cols, rows } => Some(Input::Resize(
            u16::try_from(*cols).unwrap_or(u16::MAX),
            u16::try_from(*rows).unwrap_or(u16::MAX),
        )),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// A key press (or repeat) as our own [`Key`], in its [normal form](Key::normal); releases
/// and keys no binding can name (Caps Lock, media keys, F13 and up...) are `None`.
#[must_use]
pub fn key_of(key: &KeyEvent) -> Option<Key> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let code = match key.code {
        T::Char(c) => KeyCode::Char(c),
        T::Left => KeyCode::Left,
        T::Right => KeyCode::Right,
        T::Up => KeyCode::Up,
        T::Down => KeyCode::Down,
        T::Home => KeyCode::Home,
        T::End => KeyCode::End,
        T::PageUp => KeyCode::PageUp,
        T::PageDown => KeyCode::PageDown,
        T::Esc => KeyCode::Esc,
        T::Enter => KeyCode::Enter,
        T::Tab => KeyCode::Tab,
        T::Backspace => KeyCode::Backspace,
        T::Delete => KeyCode::Delete,
        T::Insert => KeyCode::Insert,
        T::F(n) if (1..=crate::settings::keymap::MAX_F).contains(&n) => KeyCode::F(n),
        _ => return None,
    };
    let mods = key.modifiers;
    let key = Key {
        code,
        ctrl: mods.intersects(KeyModifiers::CTRL),
        alt: mods.intersects(KeyModifiers::ALT),
        shift: mods.intersects(KeyModifiers::SHIFT),
    };
    Some(key.normal())
}

/// A crossterm event (the local terminal's) as an input, through terminput's adapter and the
/// same mapping as every other terminal's.
#[must_use]
pub fn from_crossterm(event: ratatui::crossterm::event::Event) -> Option<Input> {
    input_of(&terminput_crossterm::to_terminput(event).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{
        Event as CEvent, KeyCode as C, KeyEvent as CKey, KeyEventKind as CKind,
        KeyModifiers as CMods,
    };

    fn crossterm(code: C, mods: CMods) -> Option<Input> {
        from_crossterm(CEvent::Key(CKey::new(code, mods)))
    }

    #[test]
    fn crossterm_keys_arrive_normalised() {
        let key = |k: Key| Some(Input::Key(k));
        assert_eq!(crossterm(C::Char('N'), CMods::SHIFT), key(Key::char('N')));
        assert_eq!(crossterm(C::Char('C'), CMods::CONTROL), key(Key::ctrl('c')));
        assert_eq!(
            crossterm(C::BackTab, CMods::SHIFT),
            key(Key::plain(KeyCode::BackTab))
        );
        assert_eq!(
            crossterm(C::Delete, CMods::NONE),
            key(Key::plain(KeyCode::Delete))
        );
        assert_eq!(crossterm(C::F(13), CMods::NONE), None);
        let release = CKey::new_with_kind(C::Char('q'), CMods::NONE, CKind::Release);
        assert_eq!(from_crossterm(CEvent::Key(release)), None);
    }
}
