//! The `longrail` binary: parse the command line and hand over to the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use longrail::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on bad usage, 0 for --help/--version
    // Not locked for the whole run: the terminal shell's watchdog thread may need stdout to
    // restore the terminal.
    let mut out = std::io::stdout();
    let result = cli::run(&cli, &mut out).and_then(|()| out.flush().map_err(cli::Failure::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`longrail timetable | head`) is not an error worth a message.
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            let message = failure.to_string();
            if !message.is_empty() {
                // Not eprintln!: it panics when standard error is a terminal that went away.
                let _ = writeln!(std::io::stderr(), "{message}");
            }
            failure.exit_code()
        }
    }
}
