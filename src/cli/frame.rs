//! `longrail frame`: the screen the app would draw at an instant and size, as text.

use std::io::Write;

use chrono::{DateTime, FixedOffset};

use super::{Cli, Failure, build, parse};
use crate::app::map_view::View;
use crate::report::frame;
use crate::settings::Settings;

/// `longrail frame`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The instant, RFC 3339.
    #[arg(long, value_name = "INSTANT", value_parser = parse::parse_instant)]
    pub at: DateTime<FixedOffset>,
    /// Terminal size, columns×rows (e.g. 120x40).
    #[arg(long, value_name = "WxH", default_value = "120x40", value_parser = parse::parse_size)]
    pub size: (u16, u16),
    /// Keep colours, as ANSI escape sequences.
    #[arg(long)]
    pub ansi: bool,
    /// Which screen: strip, map, or split (the map beside the strip, at any width).
    #[arg(long, value_name = "VIEW", default_value = "strip", value_parser = ["strip", "map", "split"])]
    pub view: String,
}

/// Draw the frame at `--at` (a bad `--start` or `--speed` is still reported).
///
/// # Errors
/// An invalid route, a start that does not fit, or a failed write.
pub fn run(cli: &Cli, settings: Settings, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let view = match args.view.as_str() {
        "map" => View::Map,
        "split" => View::Split,
        _ => View::Strip,
    };
    let app = build::headless_app(cli, settings, args.size, Some(args.at))?.with_view(view);
    let buf = frame::render(&app, args.size.0, args.size.1);
    let text = if args.ansi {
        frame::to_ansi(&buf)
    } else {
        frame::to_text(&buf)
    };
    write!(out, "{text}")?;
    Ok(())
}
