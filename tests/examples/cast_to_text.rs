//! Print the last screen of an asciicast v2 file as plain text, as a terminal of the cast's
//! size would show it (through the `vt100` terminal emulator). The README's screenshot is made
//! this way from `longrail record`:
//!
//! ```sh
//! cargo run --example cast_to_text -- shot.cast
//! ```
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example cast_to_text -- FILE.cast");
        return ExitCode::from(2);
    };
    match last_screen(&path) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::from(1)
        }
    }
}

/// The cast's last screen, each row with its trailing spaces removed.
fn last_screen(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().ok_or("the file is empty")?)
        .map_err(|e| format!("the header is not JSON: {e}"))?;
    let size = |key: &str| {
        header[key]
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or(format!("the header has no {key}"))
    };
    let mut parser = vt100::Parser::new(size("height")?, size("width")?, 0);
    for (n, line) in lines.enumerate() {
        let event: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("event {}: {e}", n + 1))?;
        if event[1] == "o" {
            parser.process(event[2].as_str().unwrap_or_default().as_bytes());
        }
    }
    let screen = parser.screen();
    let (_, cols) = screen.size();
    let rows: Vec<String> = screen
        .rows(0, cols)
        .map(|row| row.trim_end().to_owned())
        .collect();
    Ok(rows.join("\n") + "\n")
}
