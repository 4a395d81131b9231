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
    /// Which screen to draw.
    #[arg(long, value_name = "VIEW", value_enum, default_value_t = FrameView::Strip)]
    pub view: FrameView,
}

/// The screen `frame --view` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FrameView {
    /// The strip, the clocks, the timetable and the log.
    Strip,
    /// The map in place of all of them.
    Map,
    /// The map beside the strip screen, at any width.
    Split,
}

impl From<FrameView> for View {
    fn from(view: FrameView) -> Self {
        match view {
            FrameView::Strip => Self::Strip,
            FrameView::Map => Self::Map,
            FrameView::Split => Self::Split,
        }
    }
}

/// Draw the frame at `--at` (a bad `--start` or `--speed` is still reported).
///
/// # Errors
/// An invalid route, a start that does not fit, or a failed write.
pub fn run(cli: &Cli, settings: Settings, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let app =
        build::headless_app(cli, settings, args.size, Some(args.at))?.with_view(args.view.into());
    let buf = frame::render(&app, args.size.0, args.size.1);
    let text = if args.ansi {
        frame::to_ansi(&buf)
    } else {
        frame::to_text(&buf)
    };
    write!(out, "{text}")?;
    Ok(())
}
