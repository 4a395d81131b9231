//! Every key a binding can name reaches the app as the same input locally and over SSH. For
//! each key (with every modifier a terminal can send with it), the test knows the bytes an
//! xterm-compatible terminal sends and the event crossterm's parser makes of them (its rules
//! are written out below: byte 1 to 26 is Ctrl with a letter, an upper-case letter comes with
//! Shift, ESC before a key adds Alt, `CSI 1;m X` carries the modifiers as `m - 1`, Shift-Tab is
//! `BackTab`). The bytes go through the SSH viewer's parser, the crossterm event through the
//! local terminal's conversion, and both must give the key the binding names.

use longrail::app::session::Input;
use longrail::serve::input::Parser;
use longrail::settings::{Key, KeyCode};
use longrail::term::input::from_crossterm;
use ratatui::crossterm::event::{Event, KeyCode as C, KeyEvent, KeyModifiers as M};

/// One key as a terminal sends it and as crossterm reports it, and the binding that names it.
struct Case {
    binding: String,
    bytes: Vec<u8>,
    crossterm: KeyEvent,
}

/// The modifiers of `CSI 1;m X`: `m - 1` holds Shift (1), Alt (2) and Ctrl (4).
fn modifiers(shift: bool, alt: bool, ctrl: bool) -> (u8, M, String) {
    let mut mods = M::NONE;
    let mut prefix = String::new();
    for (on, m, name) in [
        (ctrl, M::CONTROL, "ctrl-"),
        (alt, M::ALT, "alt-"),
        (shift, M::SHIFT, "shift-"),
    ] {
        if on {
            mods |= m;
            prefix.push_str(name);
        }
    }
    let param = 1 + u8::from(shift) + 2 * u8::from(alt) + 4 * u8::from(ctrl);
    (param, mods, prefix)
}

/// The named keys that xterm sends as escape sequences, with every modifier combination.
fn named_keys() -> Vec<Case> {
    // name, crossterm's code, the final byte of `CSI X` / `CSI 1;m X`, or the number of
    // `CSI n ~` / `CSI n;m ~`.
    let letters: &[(&str, C, u8)] = &[
        ("left", C::Left, b'D'),
        ("right", C::Right, b'C'),
        ("up", C::Up, b'A'),
        ("down", C::Down, b'B'),
        ("home", C::Home, b'H'),
        ("end", C::End, b'F'),
        ("f1", C::F(1), b'P'),
        ("f2", C::F(2), b'Q'),
        ("f3", C::F(3), b'R'),
        ("f4", C::F(4), b'S'),
    ];
    let tildes: &[(&str, C, u8)] = &[
        ("insert", C::Insert, 2),
        ("delete", C::Delete, 3),
        ("pageup", C::PageUp, 5),
        ("pagedown", C::PageDown, 6),
        ("f5", C::F(5), 15),
        ("f6", C::F(6), 17),
        ("f7", C::F(7), 18),
        ("f8", C::F(8), 19),
        ("f9", C::F(9), 20),
        ("f10", C::F(10), 21),
        ("f11", C::F(11), 23),
        ("f12", C::F(12), 24),
    ];
    let mut cases = Vec::new();
    for bits in 0..8u8 {
        let (param, mods, prefix) = modifiers(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
        for &(name, code, last) in letters {
            let bytes = match (param, name.starts_with('f')) {
                (1, true) => format!("\x1bO{}", last as char),
                (1, false) => format!("\x1b[{}", last as char),
                _ => format!("\x1b[1;{param}{}", last as char),
            };
            cases.push(Case {
                binding: format!("{prefix}{name}"),
                bytes: bytes.into_bytes(),
                crossterm: KeyEvent::new(code, mods),
            });
        }
        for &(name, code, number) in tildes {
            let bytes = if param == 1 {
                format!("\x1b[{number}~")
            } else {
                format!("\x1b[{number};{param}~")
            };
            cases.push(Case {
                binding: format!("{prefix}{name}"),
                bytes: bytes.into_bytes(),
                crossterm: KeyEvent::new(code, mods),
            });
        }
    }
    cases
}

/// Characters, plain, with Alt (ESC before them) and, for letters and the four symbols that
/// have control codes, with Ctrl (and Ctrl-Alt); then Enter, Tab, Shift-Tab, Backspace, Esc
/// and Space with what a terminal can send with them.
fn character_keys() -> Vec<Case> {
    let mut cases = Vec::new();
    let case = |binding: String, bytes: Vec<u8>, code: C, mods: M| Case {
        binding,
        bytes,
        crossterm: KeyEvent::new(code, mods),
    };
    let chars = ('!'..='~').chain(['é', 'ж', '한']);
    for c in chars {
        // ESC [ and ESC O begin escape sequences (CSI, SS3): crossterm's parser and the SSH
        // parser both wait for the rest, so no terminal can send Alt-[ or Alt-O alone.
        let alt_sendable = !matches!(c, '[' | 'O');
        let shift = if c.is_uppercase() { M::SHIFT } else { M::NONE };
        let mut utf8 = [0u8; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes().to_vec();
        cases.push(case(c.to_string(), bytes.clone(), C::Char(c), shift));
        if alt_sendable {
            let alt = [b"\x1b".as_slice(), &bytes].concat();
            cases.push(case(format!("alt-{c}"), alt, C::Char(c), shift | M::ALT));
        }
    }
    // Ctrl-I, Ctrl-J and Ctrl-M are Tab, a newline and Enter on the wire: no terminal can
    // tell them apart from those keys.
    let controls = ('a'..='z')
        .filter(|c| !matches!(c, 'i' | 'j' | 'm'))
        .map(|c| (c, c as u8 - b'a' + 1))
        .chain(('4'..='7').map(|c| (c, c as u8 - b'4' + 0x1c)));
    for (c, byte) in controls {
        cases.push(case(
            format!("ctrl-{c}"),
            vec![byte],
            C::Char(c),
            M::CONTROL,
        ));
        let both = vec![0x1b, byte];
        cases.push(case(
            format!("ctrl-alt-{c}"),
            both,
            C::Char(c),
            M::CONTROL | M::ALT,
        ));
    }
    for (name, bytes, code, mods) in [
        ("enter", &b"\r"[..], C::Enter, M::NONE),
        ("alt-enter", b"\x1b\r", C::Enter, M::ALT),
        ("tab", b"\t", C::Tab, M::NONE),
        ("alt-tab", b"\x1b\t", C::Tab, M::ALT),
        ("shift-tab", b"\x1b[Z", C::BackTab, M::SHIFT),
        ("backtab", b"\x1b[Z", C::BackTab, M::SHIFT),
        ("backspace", b"\x7f", C::Backspace, M::NONE),
        ("alt-backspace", b"\x1b\x7f", C::Backspace, M::ALT),
        ("esc", b"\x1b", C::Esc, M::NONE),
        ("space", b" ", C::Char(' '), M::NONE),
        ("alt-space", b"\x1b ", C::Char(' '), M::ALT),
        ("ctrl-space", b"\0", C::Char(' '), M::CONTROL),
    ] {
        cases.push(case(name.into(), bytes.to_vec(), code, mods));
    }
    cases
}

/// The inputs an SSH viewer's bytes become (a lone ESC once no more bytes come).
fn over_ssh(bytes: &[u8]) -> Vec<Input> {
    let mut parser = Parser::default();
    let mut inputs = parser.feed(bytes);
    inputs.extend(parser.flush());
    inputs
}

#[test]
fn every_key_a_binding_can_name_is_the_same_input_locally_and_over_ssh() {
    let cases: Vec<Case> = named_keys().into_iter().chain(character_keys()).collect();
    let mut failures = Vec::new();
    for case in &cases {
        let key = match Key::parse(&case.binding) {
            Ok(key) => key,
            Err(e) => {
                failures.push(format!("{}: cannot be bound: {e}", case.binding));
                continue;
            }
        };
        let want = vec![Input::Key(key)];
        let ssh = over_ssh(&case.bytes);
        let local: Vec<Input> = from_crossterm(Event::Key(case.crossterm))
            .into_iter()
            .collect();
        if ssh != want || local != want {
            failures.push(format!(
                "{} ({:?}): over SSH {ssh:?}, locally {local:?}, bound {want:?}",
                case.binding,
                String::from_utf8_lossy(&case.bytes)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} keys differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Every kind of key is in the table: each named key, with every modifier.
    assert!(cases.len() > 400, "{} cases", cases.len());
}

#[test]
fn delete_is_a_key_over_ssh() {
    assert_eq!(
        over_ssh(b"\x1b[3~"),
        vec![Input::Key(Key::plain(KeyCode::Delete))]
    );
}
