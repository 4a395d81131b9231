//! `longrail demo`: a self-running presentation in the terminal; any key takes over.

use std::path::PathBuf;

use super::{Cli, Failure, app, build};

/// `longrail demo`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Start again after the arrival, forever (a lobby screen).
    #[arg(long = "loop")]
    pub looping: bool,
    /// A demo script of your own (see assets/demo/default.toml).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub script: Option<PathBuf>,
}

/// Play the demo in the terminal.
///
/// # Errors
/// An invalid script, route or config, or a terminal failure.
pub fn run(cli: &Cli, args: &Args) -> Result<(), Failure> {
    let script = build::demo_script(args.script.as_deref())?;
    app::open(cli, Some((script, args.looping)))
}
