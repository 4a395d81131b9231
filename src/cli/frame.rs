//! `longrail frame`: the screen the app would draw at an instant and size, as text, or with
//! `--out` as a PNG or SVG picture.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use super::{Cli, Failure, build, output, parse};
use crate::app::App;
use crate::app::map_view::View;
use crate::report::frame;
use crate::report::picture::{self, Format, Look};
use crate::settings::Settings;
use crate::util::text::{quote, sanitize};

/// The formats `frame --out` writes.
pub const FORMATS: [Format; 2] = [Format::Png, Format::Svg];

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
    #[arg(long, conflicts_with = "out")]
    pub ansi: bool,
    /// Write the frame to this file as a picture instead: FILE.png or FILE.svg.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<PathBuf>,
    /// Write this format whatever FILE's extension: png or svg.
    #[arg(long, value_name = "FORMAT", value_enum, requires = "out")]
    pub format: Option<FrameFormat>,
    /// Replace FILE if it already exists.
    #[arg(long, requires = "out")]
    pub force: bool,
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

/// What `frame --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FrameFormat {
    /// A PNG image.
    Png,
    /// An SVG image.
    Svg,
}

impl From<FrameFormat> for Format {
    fn from(f: FrameFormat) -> Self {
        match f {
            FrameFormat::Png => Self::Png,
            FrameFormat::Svg => Self::Svg,
        }
    }
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

/// Draw the frame at `--at` (a bad `--start` or `--speed` is still reported): as text on
/// `out`, or with `--out` into a picture file, saying on `out` what was written.
///
/// # Errors
/// An unknown extension or a picture too large (usage), an invalid route, a start that does
/// not fit, `--out` existing without `--force`, or a failed write.
pub fn run(cli: &Cli, settings: Settings, args: &Args, out: &mut dyn Write) -> Result<(), Failure> {
    let format = picture_format(args)?;
    let app =
        build::headless_app(cli, settings, args.size, Some(args.at))?.with_view(args.view.into());
    let look = Look::of(&app);
    let title = title(&app, args.at);
    write_frame(&app, args, format, look, &title, out)
}

/// The picture format `--out` and `--format` ask for (none: text), its size checked.
///
/// # Errors
/// An unknown extension or a picture too large (usage).
pub fn picture_format(args: &Args) -> Result<Option<Format>, Failure> {
    let format = match &args.out {
        Some(path) => Some(output::format_for(
            path,
            args.format.map(Format::from),
            &FORMATS,
        )?),
        None => None,
    };
    if let Some(format) = format {
        let cell = if format == Format::Svg {
            picture::svg::CELL
        } else {
            picture::raster::CELL
        };
        picture::check_size(args.size, cell).map_err(|e| Failure::Usage(e.to_string()))?;
    }
    Ok(format)
}

/// Draw `model` at `args.size` and write it: as text (or ANSI) on `out`, or into the picture
/// file `--out` names in `format`, saying on `out` what was written.
///
/// # Errors
/// `--out` existing without `--force`, or a failed write.
pub fn write_frame<M>(
    model: &M,
    args: &Args,
    format: Option<Format>,
    look: Look,
    title: &str,
    out: &mut dyn Write,
) -> Result<(), Failure>
where
    for<'a> &'a M: ratatui::widgets::Widget,
{
    let buf = frame::render(model, args.size.0, args.size.1);
    let (Some(path), Some(format)) = (&args.out, format) else {
        let text = if args.ansi {
            frame::to_ansi(&buf)
        } else {
            frame::to_text(&buf)
        };
        write!(out, "{text}")?;
        return Ok(());
    };
    let example = if format == Format::Svg {
        "longrail.svg"
    } else {
        "longrail.png"
    };
    output::check_out(path, args.force, example)?;
    let (w, h) = output::write_file(
        path,
        args.force,
        || (),
        |file| {
            if format == Format::Svg {
                let svg = picture::svg::write(&buf, look, title)?;
                file.write_all(svg.as_bytes())?;
                let (cw, ch) = picture::svg::CELL;
                Ok((u32::from(args.size.0) * cw, u32::from(args.size.1) * ch))
            } else {
                picture::png::write(&buf, look, title, file)
            }
        },
    )?;
    writeln!(
        out,
        "wrote {}: {}x{} cells, {w}x{h} pixels",
        quote(&path.display().to_string()),
        args.size.0,
        args.size.1
    )?;
    Ok(())
}

/// A picture's title: `longrail · Pyongyang → Moscow · 2025-06-20T12:00:00+00:00`.
fn title(app: &App, at: DateTime<FixedOffset>) -> String {
    format!(
        "longrail · {} · {}",
        sanitize(&app.journey().route().name),
        at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    )
}
