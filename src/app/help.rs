//! The help's and the legend's layout, below the view, so the keys scroll them exactly as far
//! as they go: the help lists every command with its keys and what it does (from the command
//! table and the keymap), whole: in one column when it fits the screen's height, else in two
//! side by side when the screen is wide enough, else in one that scrolls; descriptions wrap
//! in their column. Then a digest of the strip's symbols and notes on the mouse and the keys.

use super::Keymap;
use crate::settings::Command;
use crate::util::text::{width, wrap};

/// A piece of a help line, styled by the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Keys, right-aligned in their column.
    Keys(String),
    /// What a command does.
    Text(String),
    /// A note below the entries.
    Note(String),
}

/// The help laid out for a screen: its box's width (border included) and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    /// The box's width, its border included.
    pub width: u16,
    /// The lines inside the box, each made of pieces.
    pub lines: Vec<Vec<Piece>>,
}

/// The notes below the entries, after the digest of the strip's symbols.
pub const NOTES: [&str; 2] = [
    "Mouse: the wheel zooms, a drag pans; click a station for details, a panel to focus it.",
    "Rebind keys in config.toml under [keys].",
];

/// The narrowest a description gets in one of two columns.
const TWO_COLUMN_TEXT: usize = 30;
/// The strip's symbols in the help's digest, as the model counts its lines: any set of glyphs
/// one cell wide each lays out the same (the view's two sets are: a test says so).
pub const PLAIN_SYMBOLS: [&str; 7] = ["=", "-", "+", "O", ">", "#", "x"];

/// The one-line digest of the strip's `symbols` (travelled, ahead, stop, major, train, border,
/// transfer).
#[must_use]
pub fn digest(symbols: [&str; 7]) -> String {
    let [done, ahead, stop, major, train, border, transfer] = symbols;
    format!(
        "Strip: {done} travelled  {ahead} ahead  {stop} stop  {major} major  {train} train  {border} border  {transfer} transfer  (L: every symbol)"
    )
}

/// One entry: the keys right-aligned in `key_width`, then the description wrapped to
/// `text_width`; each line `1 + key_width + 2 + text_width + 1` cells.
fn entry(keymap: &Keymap, c: Command, key_width: usize, text_width: usize) -> Vec<Vec<Piece>> {
    let keys = keymap.label(c);
    let pad = " ".repeat(key_width.saturating_sub(width(&keys)));
    wrap(c.describe(), text_width)
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let keys = if i == 0 {
                format!(" {pad}{keys}  ")
            } else {
                " ".repeat(key_width + 3)
            };
            let fill = " ".repeat(text_width.saturating_sub(width(&text)) + 1);
            vec![Piece::Keys(keys), Piece::Text(format!("{text}{fill}"))]
        })
        .collect()
}

/// The help for a `screen` (columns, rows), with `digest` for the strip's symbols.
#[must_use]
pub fn layout(keymap: &Keymap, screen: (u16, u16), digest: &str) -> HelpLayout {
    let all = Command::ALL;
    let key_width = all
        .iter()
        .map(|c| width(&keymap.label(*c)))
        .max()
        .unwrap_or(4);
    let text_most = all.iter().map(|c| width(c.describe())).max().unwrap_or(10);
    let (w, h) = (usize::from(screen.0), usize::from(screen.1));
    let entry_most = key_width + 3 + text_most + 1;
    let one_width = (entry_most + 2).min(w);
    let one = column_lines(keymap, &all, key_width, one_width - 2);
    let two_width = (2 * entry_most + 2).min(w);
    let two_text = ((two_width - 2) / 2).saturating_sub(key_width + 4);
    let (box_width, mut lines) =
        if one.len() + NOTES.len() + 4 <= h.saturating_sub(2) || two_text < TWO_COLUMN_TEXT {
            (one_width, one)
        } else {
            let half = all.len().div_ceil(2);
            let col = (two_width - 2) / 2;
            let left = column_lines(keymap, &all[..half], key_width, col);
            let right = column_lines(keymap, &all[half..], key_width, col);
            let blank = || vec![Piece::Text(" ".repeat(col))];
            let rows = left.len().max(right.len());
            let lines = (0..rows)
                .map(|i| {
                    let mut line = left.get(i).cloned().unwrap_or_else(blank);
                    line.extend(right.get(i).cloned().unwrap_or_else(blank));
                    line
                })
                .collect();
            (two_width, lines)
        };
    lines.push(Vec::new());
    for note in std::iter::once(digest).chain(NOTES) {
        for l in wrap(note, box_width.saturating_sub(4)) {
            lines.push(vec![Piece::Note(format!(" {l}"))]);
        }
    }
    HelpLayout {
        width: u16::try_from(box_width).unwrap_or(u16::MAX),
        lines,
    }
}

/// `commands`' entries in a column `col` cells wide.
fn column_lines(
    keymap: &Keymap,
    commands: &[Command],
    key_width: usize,
    col: usize,
) -> Vec<Vec<Piece>> {
    let text_width = col.saturating_sub(key_width + 4).max(1);
    commands
        .iter()
        .flat_map(|c| entry(keymap, *c, key_width, text_width))
        .collect()
}

/// How far the help scrolls on a `screen`: its lines less the rows its box shows.
#[must_use]
pub fn help_scroll_most(keymap: &Keymap, screen: (u16, u16)) -> u16 {
    let lines = layout(keymap, screen, &digest(PLAIN_SYMBOLS)).lines.len();
    let shown = usize::from(screen.1.saturating_sub(2)).max(1);
    u16::try_from(lines.saturating_sub(shown)).unwrap_or(u16::MAX)
}

/// How many symbols the legend lists for the strip and for the map (the view's lists: a test
/// says so).
pub const LEGEND_ROWS: (usize, usize) = (15, 12);
/// The width from which the legend shows the strip's and the map's symbols side by side.
pub const LEGEND_SIDE_BY_SIDE: u16 = 110;

/// The legend's lines on a screen `width` wide: a heading and the rows of each list, side
/// by side or one after the other with a blank line between.
#[must_use]
pub fn legend_lines(width: u16) -> usize {
    let (strip, map) = (LEGEND_ROWS.0 + 1, LEGEND_ROWS.1 + 1);
    if width >= LEGEND_SIDE_BY_SIDE {
        strip.max(map)
    } else {
        strip + map + 1
    }
}

/// How far the legend scrolls on a `screen`.
#[must_use]
pub fn legend_scroll_most(screen: (u16, u16)) -> u16 {
    let shown = usize::from(screen.1.saturating_sub(2)).max(1);
    u16::try_from(legend_lines(screen.0).saturating_sub(shown)).unwrap_or(u16::MAX)
}
