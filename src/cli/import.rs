//! `longrail import gtfs`: list a GTFS feed's routes and trips, or turn one trip into a route
//! file, written atomically and never over an existing file without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Cli, Failure};
use crate::import::{self, Feed, Request};
use crate::util::diag::Diagnostics;
use crate::util::files;
use crate::util::text::quote;

/// `longrail import`'s formats.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Format {
    /// A GTFS feed (a .zip or a folder of .txt files). The global --route names the route for
    /// --list (route_id, short or long name, any case) and --date the service date for --trip.
    #[command(
        after_help = "Examples:\n  longrail import gtfs feed.zip --list\n  longrail import gtfs feed.zip --list --route 110\n  longrail import gtfs feed.zip --trip TRIP_ID --date 2025-06-17 --out my-train.toml"
    )]
    Gtfs(GtfsArgs),
}

/// `longrail import`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// What to import from.
    #[command(subcommand)]
    pub format: Format,
}

/// `longrail import gtfs`'s options; the global `--route` and `--date` apply as well.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["list", "trip"])))]
pub struct GtfsArgs {
    /// The feed: a GTFS .zip file or a folder of GTFS .txt files.
    #[arg(value_name = "FEED", value_hint = clap::ValueHint::AnyPath)]
    pub feed: PathBuf,
    /// List the feed's routes; with --route ROUTE, that route's trips.
    #[arg(long)]
    pub list: bool,
    /// Import this trip (a trip_id) as a route file.
    #[arg(long, value_name = "TRIP_ID")]
    pub trip: Option<String>,
    /// For a trip defined by frequencies.txt: the departure to import, HH:MM of the service
    /// day.
    #[arg(long, value_name = "HH:MM", conflicts_with = "list")]
    pub at: Option<String>,
    /// Write the route file here instead of to standard output.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, conflicts_with = "list")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it already exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Run `longrail import`.
///
/// # Errors
/// Bad usage (exit 2); a bad feed, a trip that cannot be imported or a failed write (exit 1).
pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let Format::Gtfs(args) = &args.format;
    if args.list && cli.date.is_some() {
        return Err(Failure::Usage(
            "--date is the service date of a --trip import; --list takes none".into(),
        ));
    }
    if args.trip.is_some() && cli.route.is_some() {
        return Err(Failure::Usage("--route chooses the route whose trips --list shows; --trip takes none (a trip_id is unique in a feed)".into()));
    }
    let mut feed = Feed::open(&args.feed).map_err(Diagnostics::from)?;
    if args.list {
        let text = match &cli.route {
            Some(route) => import::list::trips(&mut feed, route),
            None => import::list::routes(&mut feed),
        }
        .map_err(Diagnostics::from)?;
        write!(out, "{text}")?;
        return Ok(());
    }
    let request = Request {
        trip: args.trip.clone().unwrap_or_default(),
        date: cli.date,
        at: args.at.clone(),
    };
    let imported = import::import_trip(&mut feed, &request)?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    let Some(path) = &args.out else {
        write!(out, "{}", imported.text)?;
        return Ok(());
    };
    files::write_new_file(path, args.force, |file| {
        file.write_all(imported.text.as_bytes())
    })
    .map_err(|e| match e {
        files::WriteError::Exists(_) => exists(path),
        other => Failure::Other(other.to_string()),
    })?;
    writeln!(
        out,
        "wrote {}: route {}, {} stops, departs {} (service date {})",
        quote(&path.display().to_string()),
        imported.id,
        imported.stops,
        imported.departure_date,
        imported.service_date
    )?;
    Ok(())
}

fn exists(path: &Path) -> Failure {
    Failure::Other(format!(
        "{} already exists: choose another --out, or add --force to replace it",
        quote(&path.display().to_string())
    ))
}
