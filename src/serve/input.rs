//! The bytes a viewer's terminal sends, turned into [`Input`]s by `terminput` (crossterm's
//! input parser as a library). Bytes arrive in SSH packets cut anywhere: an escape sequence
//! may be split across packets, and one packet may hold several. A lone ESC at the end of a
//! packet may be the start of a sequence or the Esc key; it is held until more bytes come or
//! the viewer's loop says the wait is over ([`Parser::flush`]). The events become inputs by the
//! one mapping every shell uses ([`crate::term::input`]).

use terminput::Event;

use crate::app::session::Input;
use crate::settings::{Key, KeyCode};
use crate::term::input::input_of;

/// An unfinished sequence longer than this is not one the parser will ever finish (a real
/// one is a few dozen bytes); it is dropped rather than buffered.
const MAX_PENDING: usize = 64;

/// Bytes in, inputs out; keeps the unfinished tail of a sequence between packets.
#[derive(Debug, Default)]
pub struct Parser {
    pending: Vec<u8>,
}

impl Parser {
    /// Take one packet's bytes; returns the inputs they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut inputs = Vec::new();
        for &byte in bytes {
            self.pending.push(byte);
            // ESC alone is the Esc key or the start of a sequence: the bytes behind it (in this
            // packet or the next) tell, or the loop's flush when none come.
            if self.pending != [0x1b] {
                self.step(&mut inputs);
            }
        }
        inputs
    }

    /// Parse what is pending: an event ends the sequence, an error drops it.
    fn step(&mut self, inputs: &mut Vec<Input>) {
        match parse(&self.pending) {
            Ok(None) if self.pending.len() < MAX_PENDING => {}
            Ok(Some(event)) => {
                self.pending.clear();
                inputs.extend(input_of(&event));
            }
            Ok(None) | Err(()) => self.pending.clear(),
        }
    }

    /// Whether a lone ESC is waiting to be told apart from the start of a sequence.
    #[must_use]
    pub fn holding(&self) -> bool {
        !self.pending.is_empty()
    }

    /// No more bytes came soon enough: what is held is what it is (a lone ESC is the Esc
    /// key; an unfinished sequence is dropped).
    pub fn flush(&mut self) -> Option<Input> {
        let held = std::mem::take(&mut self.pending);
        if held == [0x1b] {
            return Some(Input::Key(Key::plain(KeyCode::Esc)));
        }
        None
    }
}

/// `terminput`'s parser, with a panic inside it (it has asserts) treated as a bad sequence.
fn parse(bytes: &[u8]) -> Result<Option<Event>, ()> {
    if zero_mouse_coordinate(bytes) {
        return Err(());
    }
    std::panic::catch_unwind(|| Event::parse_from(bytes))
        .map_err(|_| ())?
        .map_err(|_| ())
}

/// Whether `bytes` are a whole mouse report (`ESC [ < b ; x ; y M`, or rxvt's without the
/// `<`) at column or row 0. Cells count from 1 there; `terminput` 0.5 subtracts 1 without a
/// check, which overflows (the fuzzer found it), so such a report is refused before it.
fn zero_mouse_coordinate(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"\x1b[") else {
        return false;
    };
    let Some((&last, body)) = rest.split_last() else {
        return false;
    };
    if last != b'M' && last != b'm' {
        return false;
    }
    let body = body.strip_prefix(b"<").unwrap_or(body);
    body.split(|&b| b == b';')
        .skip(1)
        .take(2)
        .any(|field| !field.is_empty() && field.iter().all(|&b| b == b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::app::Mouse;

    fn key(code: KeyCode) -> Input {
        Input::Key(Key::plain(code))
    }

    fn all(packets: &[&[u8]]) -> Vec<Input> {
        let mut p = Parser::default();
        let mut out: Vec<Input> = packets.iter().flat_map(|b| p.feed(b)).collect();
        out.extend(p.flush());
        out
    }

    #[test]
    fn enter_is_carriage_return_and_ctrl_c_is_byte_3() {
        assert_eq!(all(&[b"\r"]), vec![key(KeyCode::Enter)]);
        let ctrl_c = Input::Key(Key::ctrl('c'));
        assert_eq!(all(&[b"\x03"]), vec![ctrl_c]);
    }

    #[test]
    fn several_sequences_in_one_packet() {
        assert_eq!(
            all(&[b" m\x1b[C\x1b[Dq"]),
            vec![
                key(KeyCode::Char(' ')),
                key(KeyCode::Char('m')),
                key(KeyCode::Right),
                key(KeyCode::Left),
                key(KeyCode::Char('q')),
            ]
        );
    }

    #[test]
    fn a_sequence_split_at_every_point_gives_the_same_keys() {
        let whole: &[u8] = b"a\x1b[Cb\x1b[<0;12;5M\x1b[<0;12;5m\xc3\xa9";
        let expected = all(&[whole]);
        assert_eq!(expected.len(), 6, "{expected:?}");
        for cut in 0..=whole.len() {
            let (a, b) = whole.split_at(cut);
            assert_eq!(all(&[a, b]), expected, "cut at {cut}");
        }
    }

    #[test]
    fn a_lone_escape_waits_for_the_next_packet_then_is_esc() {
        let mut p = Parser::default();
        assert!(p.feed(b"\x1b").is_empty());
        assert!(p.holding());
        assert_eq!(p.feed(b"[A"), vec![key(KeyCode::Up)]);
        assert!(p.feed(b"\x1b").is_empty());
        assert_eq!(p.flush(), Some(key(KeyCode::Esc)));
        assert!(!p.holding());
    }

    #[test]
    fn a_mouse_click_is_down_and_up_at_zero_based_cells() {
        assert_eq!(
            all(&[b"\x1b[<0;10;3M\x1b[<0;10;3m"]),
            vec![
                Input::Mouse(Mouse::Down(9, 2)),
                Input::Mouse(Mouse::Up(9, 2))
            ]
        );
    }

    #[test]
    fn a_mouse_report_at_column_or_row_zero_is_refused_not_a_panic() {
        for bad in [&b"\x1b[<0;0;5M"[..], b"\x1b[<0;5;00m", b"\x1b[32;0;1M"] {
            assert!(zero_mouse_coordinate(bad), "{bad:?}");
            assert_eq!(all(&[bad, b"x"]), vec![key(KeyCode::Char('x'))], "{bad:?}");
        }
        assert!(!zero_mouse_coordinate(b"\x1b[<0;10;5M"));
        assert!(!zero_mouse_coordinate(b"\x1b[<0;010;5M"));
    }

    #[test]
    fn an_endless_sequence_is_dropped_not_buffered() {
        let mut p = Parser::default();
        let mut junk = b"\x1b[".to_vec();
        junk.extend(std::iter::repeat_n(b'1', 10_000));
        let _ = p.feed(&junk);
        assert!(p.pending.len() <= MAX_PENDING);
        assert_eq!(p.feed(b"x"), vec![key(KeyCode::Char('x'))]);
    }
}
