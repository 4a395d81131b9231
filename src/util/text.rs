//! Text safety: quoting values in error messages and cleaning text before it reaches a terminal.
//!
//! Route files are shared between people, so any string in them may hold escape sequences,
//! bidi overrides or zero-width characters. Nothing from a route is printed raw.

/// Is `c` a character that must never be printed raw: a control character (C0, DEL, C1),
/// a bidi embedding/override/isolate, or an invisible format character.
#[must_use]
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}' // zero-width no-break space (BOM)
            | '\u{FFF9}'..='\u{FFFB}') // interlinear annotation controls
}

/// Quote a value for an error message: in double quotes, with unsafe characters escaped as
/// `\u{1b}` and long values shortened, so a message never carries raw control characters.
#[must_use]
pub fn quote(value: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for (count, c) in value.chars().enumerate() {
        if count == MAX_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// Escape unsafe characters as `\u{..}` and leave everything else as it is.
#[must_use]
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        push_unsafe_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
    } else {
        push_unsafe_escaped(out, c);
    }
}

fn push_unsafe_escaped(out: &mut String, c: char) {
    if is_unsafe_char(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Make text safe to draw in a terminal cell grid: unsafe characters become `�`.
#[must_use]
pub fn sanitize(value: &str) -> String {
    value
        .chars()
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// The first unsafe character in `value`, if any.
#[must_use]
pub fn first_unsafe_char(value: &str) -> Option<char> {
    value.chars().find(|&c| is_unsafe_char(c))
}

/// The one-cell ASCII look-alike of a symbol longrail draws (`×` `x`, `−` `-`, `→` `>`,
/// `·` `|`, `●` `.`...), for `--ascii`; `None` for anything else, letters included.
#[must_use]
pub fn ascii_look_alike(c: char) -> Option<char> {
    Some(match c {
        '×' => 'x',
        '−' | '–' | '—' | '─' => '-',
        '→' | '⏩' | '▶' | '›' | '▸' => '>',
        '←' | '◀' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '↔' | '⇄' => '=',
        '·' | '│' | '├' | '┤' => '|',
        '✗' => 'x',
        '•' | '●' => '.',
        '°' => ' ',
        '…' => '~',
        '☀' => '*',
        _ => return None,
    })
}

/// How many terminal cells `text` takes (Unicode's East Asian width, as ratatui draws it):
/// the one measure of text width the views, the outputs and the tests use.
#[must_use]
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// How many terminal cells `c` takes (a control character none).
#[must_use]
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut into lines of at most `width` cells at spaces (a word longer than a line is cut
/// where the line ends), so a message is shown whole.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && self::width(&line) + 1 + self::width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        for c in word.chars() {
            if self::width(&line) + char_width(c) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
}

/// Typographic symbols as plain ASCII for `--ascii` text output, where width is free (`→`
/// becomes `->`, `…` `...`, the rest as [`ascii_look_alike`]); letters of names in other
/// scripts are left alone.
#[must_use]
pub fn ascii_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '…' => out.push_str("..."),
            _ => out.push(ascii_look_alike(c).unwrap_or(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_become_ascii_and_letters_stay() {
        assert_eq!(
            ascii_punctuation("Omsk→Novosibirsk 57% · 14:03 UTC+6 (MSK−3) · 평양"),
            "Omsk->Novosibirsk 57% | 14:03 UTC+6 (MSK-3) | 평양"
        );
    }

    #[test]
    fn quote_escapes_control_and_bidi_characters() {
        assert_eq!(quote("a\u{1b}[31mb"), "\"a\\u{1b}[31mb\"");
        assert_eq!(quote("x\u{202e}y"), "\"x\\u{202e}y\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn quote_shortens_long_values() {
        let long = "x".repeat(200);
        let quoted = quote(&long);
        assert!(quoted.chars().count() < 90, "{quoted}");
        assert!(quoted.ends_with("…\""));
    }

    #[test]
    fn sanitize_replaces_every_unsafe_character() {
        let cleaned = sanitize("Om\u{1b}sk\u{200b}\u{7f}\u{9b}");
        assert_eq!(cleaned, "Om\u{FFFD}sk\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(sanitize("Иркутск 평양"), "Иркутск 평양");
    }

    #[test]
    fn first_unsafe_char_finds_the_offender() {
        assert_eq!(first_unsafe_char("ok"), None);
        assert_eq!(first_unsafe_char("a\tb"), Some('\t'));
    }
}
