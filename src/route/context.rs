//! Where a byte offset sits in a route file, for TOML parser errors that carry no context.

/// Describe where byte `offset` sits in a route file (`stop 3 "Omsk"`, `[route]`), for
/// errors that come from the TOML parser and so carry no context of their own.
#[must_use]
pub fn context_at(source: &str, offset: usize) -> Option<String> {
    let mut header: Option<(&str, usize, usize)> = None; // (table, ordinal, byte start)
    let mut counts = [0usize; 4];
    for found in crate::util::toml_lines::headers_before(source, offset) {
        let table = ["stops", "zones", "events", "clocks"]
            .iter()
            .position(|name| found.array && found.name == *name);
        if let Some(i) = table {
            counts[i] += 1;
            header = Some((
                ["stop", "zone entry", "event", "clock"][i],
                counts[i],
                found.start,
            ));
        } else if !found.array && found.name == "route" {
            header = Some(("[route]", 0, found.start));
        }
    }
    let (table, ordinal, start) = header?;
    if ordinal == 0 {
        return Some(table.to_owned());
    }
    let name = (table == "stop" || table == "clock")
        .then(|| block_name(&source[start..]))
        .flatten();
    Some(match name {
        Some(name) => format!("{table} {ordinal} {}", crate::util::text::quote(&name)),
        None => format!("{table} {ordinal}"),
    })
}

fn block_name(block: &str) -> Option<String> {
    block
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_names_the_stop_around_an_offset() {
        let src = "[route]\nid = \"x\"\n[[stops]]\nname = \"A\"\n[[stops]]\nname = \"Omsk\"\nkm = \"x\"\n";
        let offset = src.find("\"x\"\n").unwrap();
        assert_eq!(context_at(src, offset).as_deref(), Some("[route]"));
        let offset = src.rfind("\"x\"").unwrap();
        assert_eq!(context_at(src, offset).as_deref(), Some("stop 2 \"Omsk\""));
        assert_eq!(context_at("a = 1", 0), None);
        let spaced = src.replace("[[stops]]", "[[ stops ]]");
        let offset = spaced.rfind("\"x\"").unwrap();
        assert_eq!(
            context_at(&spaced, offset).as_deref(),
            Some("stop 2 \"Omsk\"")
        );
    }
}
