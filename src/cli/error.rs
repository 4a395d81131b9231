//! Why a command failed, and the exit code each reason gets: 1 for invalid input or a failed
//! operation, 2 for bad usage.

use std::process::ExitCode;

use crate::util::diag::Diagnostics;

/// Why a run failed; `main` prints it and exits with [`Failure::exit_code`].
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user's input (a route, config or demo file) is invalid.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    /// Reading or writing failed (a closed pipe, a terminal error).
    #[error("error: {0}")]
    Io(#[from] std::io::Error),
    /// An argument that parses but does not fit (a start the route never reaches).
    #[error("error: {0}")]
    Usage(String),
    /// Anything else, already worded for the user.
    #[error("error: {0}")]
    Other(String),
    /// A signal or a hang-up stopped the run: exit with this code (128 + the signal), saying
    /// what was left undone if anything was (empty: nothing to say).
    #[error("{1}")]
    Stopped(u8, String),
}

impl Failure {
    /// 2 for bad usage, 128 + the signal for a run a signal stopped, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) => ExitCode::from(2),
            Self::Stopped(code, _) => ExitCode::from(*code),
            _ => ExitCode::from(1),
        }
    }

    /// Whether this is only a closed pipe (`longrail timetable | head`): not worth a message.
    #[must_use]
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
