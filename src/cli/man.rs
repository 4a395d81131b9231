//! `longrail man [COMMAND]`: the manual page in roff, made by clap_mangen from the same
//! command-line definition the binary parses with: `longrail(1)` for the program and
//! `longrail-COMMAND(1)` for each command; `--dir DIR` writes them all.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::{Cli, Failure, output};

/// `longrail man`'s options.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Read one with `longrail man serve | man -l -`; install them all with `longrail man --dir ~/.local/share/man/man1`."
)]
pub struct Args {
    /// The command whose page to print (without one, the program's).
    #[arg(value_name = "COMMAND", value_parser = command_names(), conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page (longrail.1, longrail-serve.1...) into this folder instead.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
    /// With --dir: replace pages already there (an earlier install's).
    #[arg(long, requires = "dir")]
    pub force: bool,
}

/// The commands that have a page of their own (asked for when needed: the definition of
/// `man` is part of the command line they are read from).
fn commands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// A command's name, as `man COMMAND` takes it.
fn command_names() -> super::parse::Known<String> {
    super::parse::Known::new(commands, |text| {
        if commands().iter().any(|c| c == text) {
            Ok(text.to_owned())
        } else {
            Err(format!(
                "{} is not a command: use one of {}",
                crate::util::text::quote(text),
                commands().join(", ")
            ))
        }
    })
}

/// The program's command as the pages describe it: named `longrail`, with its version.
fn program() -> clap::Command {
    let mut command = Cli::command();
    command.build();
    command
}

/// The page of `name` (a command) or of the program, in roff.
///
/// # Errors
/// An unknown command (clap has checked the name), or a failed render.
fn page(name: Option<&str>) -> Result<Vec<u8>, Failure> {
    let program = program();
    let command = match name {
        None => program,
        Some(name) => program
            .get_subcommands()
            .find(|c| c.get_name() == name)
            .cloned()
            .ok_or_else(|| Failure::Usage(format!("longrail has no command {name}")))?
            .version(super::VERSION),
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(command).render(&mut roff)?;
    Ok(roff)
}

/// Print the page asked for, or write every page into `--dir`.
///
/// # Errors
/// A failed write, or a page in `--dir` already there without `--force`.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    if let Some(dir) = &args.dir {
        return write_all(dir, args.force, out);
    }
    out.write_all(&page(args.command.as_deref())?)?;
    Ok(())
}

/// Every page into `dir` (made if missing), naming each file written on `out`.
fn write_all(dir: &Path, force: bool, out: &mut dyn Write) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::Other(format!(
            "cannot create the folder {}: {e}",
            crate::util::text::quote(&dir.display().to_string())
        ))
    })?;
    let mut names = vec![None];
    names.extend(commands().into_iter().map(Some));
    let pages: Vec<(PathBuf, Option<String>)> = names
        .into_iter()
        .map(|name| {
            let file = name
                .as_ref()
                .map_or_else(|| "longrail.1".to_owned(), |n| format!("longrail-{n}.1"));
            (dir.join(file), name)
        })
        .collect();
    // All or nothing: no page is written while another is in the way.
    if let Some((path, _)) = pages
        .iter()
        .find(|(path, _)| !force && std::fs::symlink_metadata(path).is_ok())
    {
        return Err(Failure::Other(format!(
            "{} already exists (an earlier install?): add --force to replace the pages",
            crate::util::text::quote(&path.display().to_string())
        )));
    }
    for (path, name) in pages {
        let roff = page(name.as_deref())?;
        output::write_file(&path, force, || {}, |w| w.write_all(&roff))?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(())
}
