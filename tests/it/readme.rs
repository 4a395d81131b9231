//! Every command the README shows runs: each `longrail ...` line of a `sh` code block is run
//! (from a scratch directory, so the files it writes land there) and must succeed, unless it
//! ends in `# example` (it needs a file of the reader's own, or runs until stopped). A line
//! that opens the app must get as far as asking for a terminal: its options were all taken.

use std::path::Path;

use crate::common::bin;

/// The `longrail` lines of the README's shell code blocks, without their comments, and
/// whether each is marked as an example.
fn commands(readme: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            in_sh = !in_sh && matches!(lang, "sh" | "bash" | "shell");
            continue;
        }
        let command = trimmed.strip_prefix("$ ").unwrap_or(trimmed);
        if in_sh && command.starts_with("longrail ") {
            let example = command.ends_with("# example");
            let words = command.split(" #").next().unwrap_or(command).trim();
            found.push((words.to_owned(), example));
        }
    }
    found
}

#[test]
fn every_longrail_line_of_the_readme_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let lines = commands(&readme);
    assert!(lines.iter().filter(|(_, e)| !e).count() >= 5, "{lines:?}");
    let dir = bin::scratch("readme");
    for (line, example) in lines {
        let words = shell_words::split(&line).unwrap();
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        if example {
            continue;
        }
        let out = bin::longrail()
            .args(&args)
            .current_dir(&dir)
            .env("TZ", "UTC")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let wants_terminal = stderr.contains("the app needs a terminal");
        assert!(
            out.status.success() || wants_terminal,
            "README: `{line}` failed ({:?}): {stderr}",
            out.status.code()
        );
    }
}

#[test]
fn the_scanner_finds_lines_and_examples() {
    let text = "```sh\nlongrail status   # a comment\n$ longrail check my.toml  # example\n```\nlongrail not-in-a-block\n";
    assert_eq!(
        commands(text),
        [
            ("longrail status".to_owned(), false),
            ("longrail check my.toml".to_owned(), true)
        ]
    );
}
