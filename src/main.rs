//! The `longrail` binary: parse the command line and hand over to the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use longrail::cli::Cli;
use longrail::commands::{self, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits 2 on bad usage, 0 for --help/--version
    if cli.print_config {
        print!("{}", longrail::config::DEFAULT_CONFIG);
        return ExitCode::SUCCESS;
    }
    let result = match &cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            commands::run_headless(&cli, command, &mut out)
                .and_then(|()| out.flush().map_err(Failure::from))
        }
        None => commands::run_interactive(&cli, None),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`longrail timetable | head`) is not an error worth a message.
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure @ Failure::Usage(_)) => {
            eprintln!("{failure}");
            ExitCode::from(2)
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(1)
        }
    }
}
