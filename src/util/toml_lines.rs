//! Table headers found by scanning a TOML file's lines, for messages about where in a file a
//! byte is (the TOML parser's errors name no table). One scanner for the route files and the
//! demo scripts, which takes every header TOML allows: `[[stops]]`, `[[ stops ]]`, `[route]`,
//! with a comment after it.

/// A table header a line opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The table's name (`stops`, `route`).
    pub name: String,
    /// An array of tables (`[[...]]`) rather than a table (`[...]`).
    pub array: bool,
    /// Where the line starts, in bytes.
    pub start: usize,
}

/// The header `line` opens, if it opens one (its `start` is 0).
#[must_use]
pub fn header(line: &str) -> Option<Header> {
    let code = line.split('#').next().unwrap_or("").trim();
    let (inner, array) = if let Some(inner) = code.strip_prefix("[[") {
        (inner.strip_suffix("]]")?, true)
    } else {
        (code.strip_prefix('[')?.strip_suffix(']')?, false)
    };
    let name = inner.trim();
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    bare.then(|| Header {
        name: name.to_owned(),
        array,
        start: 0,
    })
}

/// Every header on a line that starts at or before byte `offset` of `text`, in order.
pub fn headers_before(text: &str, offset: usize) -> impl Iterator<Item = Header> + '_ {
    let mut pos = 0;
    text.split_inclusive('\n')
        .map_while(move |line| {
            let start = pos;
            pos += line.len();
            (start <= offset).then_some((start, line))
        })
        .filter_map(|(start, line)| header(line).map(|h| Header { start, ..h }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_spaces_and_comments_are_headers() {
        let h = |l| header(l).map(|h| (h.name, h.array));
        assert_eq!(h("[[stops]]"), Some(("stops".into(), true)));
        assert_eq!(
            h("  [[ stops ]]  # the next stop"),
            Some(("stops".into(), true))
        );
        assert_eq!(h("[ route ]"), Some(("route".into(), false)));
        assert_eq!(h("name = \"[x]\""), None);
        assert_eq!(h("[[stops]"), None);
        assert_eq!(h("[]"), None);
    }

    #[test]
    fn headers_before_an_offset_carry_where_their_line_starts() {
        let text = "[route]\nid = 1\n[[ stops ]]\nname = \"A\"\n[[stops]]\n";
        let found: Vec<(String, usize)> = headers_before(text, 20)
            .map(|h| (h.name, h.start))
            .collect();
        assert_eq!(found, [("route".into(), 0), ("stops".into(), 15)]);
    }
}
