//! `longrail completions SHELL`: the shell's completion script, made by clap_complete from the
//! same command-line definition the binary parses with, so commands, options, built-in route
//! ids and themes complete as they are.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Failure};

/// `longrail completions`' options.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Install, for example:\n  bash: longrail completions bash > ~/.local/share/bash-completion/completions/longrail\n  zsh:  longrail completions zsh > ~/.zfunc/_longrail   (with fpath+=(~/.zfunc) before compinit)\n  fish: longrail completions fish > ~/.config/fish/completions/longrail.fish"
)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: Shell,
}

/// Write the completion script for `args.shell`.
///
/// # Errors
/// A failed write.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "longrail", &mut script);
    out.write_all(&script)?;
    Ok(())
}
