//! A replay as an animated GIF. The session is played as for a cast ([`cast::drive`]); each
//! frame is rasterised, and only the rectangle of cells that ratatui's diff found changed is
//! encoded, laid over the picture before it, and inside it the pixels that stayed the same are
//! transparent, which compresses to almost nothing. Frames that change nothing add their time
//! to the frame before. The colour table is fixed per theme ([`Palette::colors`]), so no frame
//! needs one of its own and nothing is quantised.
//!
//! [`Palette::colors`]: crate::ui::palette::Palette::colors

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Duration;

use ::gif::{DisposalMethod, Encoder, Frame, Repeat};
use ratatui::layout::Rect;

use super::Look;
use super::raster::{CELL, Raster};
use crate::app::session::{Input, Session};
use crate::report::cast::{self, RecordOptions};
use crate::report::frame;
use crate::ui::palette::Rgb;

/// What [`record`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Frames drawn.
    pub frames: u64,
    /// Images in the GIF: one per frame that changed the screen (and one more for each
    /// 655.35 s a frame is held beyond the first).
    pub images: u64,
    /// The length of the animation.
    pub length: Duration,
    /// Bytes written.
    pub bytes: u64,
}

/// Record `session` as an animated GIF into `out`, painted with `look`, that loops forever.
/// Frame times and the inputs are as for a cast ([`cast::drive`]); a frame is shown until the
/// next frame that changes the screen, in hundredths of a second (GIF's unit) rounded from the
/// frame times, so the delays add up to the length.
///
/// # Errors
/// Options out of range or a picture too large (`InvalidInput`, before anything is written),
/// or a failed write to `out`.
pub fn record<M>(
    session: Session<M>,
    options: &RecordOptions,
    look: Look,
    inputs: &mut dyn FnMut(Duration) -> Vec<Input>,
    out: &mut dyn Write,
) -> io::Result<Summary>
where
    M: crate::app::Model,
    for<'a> &'a M: ratatui::widgets::Widget,
{
    cast::frame_count(options)?;
    let mut raster = Raster::new(options.size, look)?;
    let mut table = ColorTable::new(look.palette.colors(&look.theme));
    let (width, height) = raster.size();
    // What the GIF shows so far, as indices; no pixel starts as the transparent index.
    table.shown = vec![table.transparent; usize::try_from(width * height).unwrap_or(0)];
    let mut out = Counted {
        inner: out,
        bytes: 0,
    };
    let mut encoder =
        Encoder::new(&mut out, side(width)?, side(height)?, &table.bytes).map_err(gif_error)?;
    encoder.set_repeat(Repeat::Infinite).map_err(gif_error)?;
    let mut held: Option<(Frame<'static>, Duration)> = None;
    let mut images = 0;
    let (cols, rows) = options.size;
    let (frames, length) = cast::drive(session, options, inputs, &mut |model: Option<&M>, t| {
        if let Some(model) = model {
            let buf = frame::render(model, cols, rows);
            if let Some(changed) = raster.draw(&buf) {
                let image = table.image(&raster, changed)?;
                if let Some((before, since)) = held.replace((image, t)) {
                    images += hold(&mut encoder, before, since, t)?;
                }
            }
        }
        // Each frame reaches the writer, so a writer that stops on a signal can stop it.
        encoder.get_mut().flush()
    })?;
    if let Some((last, since)) = held.take() {
        images += hold(&mut encoder, last, since, length)?;
    }
    encoder.into_inner().map_err(gif_error)?.flush()?;
    Ok(Summary {
        frames,
        images,
        length,
        bytes: out.bytes,
    })
}

/// A GIF side in pixels (the raster's limits keep it well within `u16`).
fn side(pixels: u32) -> io::Result<u16> {
    u16::try_from(pixels).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a GIF is at most 65535 pixels a side, not {pixels}"),
        )
    })
}

fn gif_error(e: ::gif::EncodingError) -> io::Error {
    match e {
        ::gif::EncodingError::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// Hundredths of a second, rounded.
fn centis(t: Duration) -> u64 {
    u64::try_from((t.as_nanos() + 5_000_000) / 10_000_000).unwrap_or(u64::MAX)
}

/// Write `image` to show from `since` until `until`; a delay longer than GIF's 655.35 s goes on
/// in one-pixel transparent images. Returns the images written.
fn hold<W: Write>(
    encoder: &mut Encoder<W>,
    mut image: Frame<'static>,
    since: Duration,
    until: Duration,
) -> io::Result<u64> {
    let mut rest = centis(until).saturating_sub(centis(since));
    let take = |rest: &mut u64| {
        let now = (*rest).min(u64::from(u16::MAX));
        *rest -= now;
        // At most u16::MAX by the line above.
        u16::try_from(now).unwrap_or(u16::MAX)
    };
    image.delay = take(&mut rest);
    encoder.write_frame(&image).map_err(gif_error)?;
    let mut written = 1;
    while rest > 0 {
        let filler = Frame {
            delay: take(&mut rest),
            dispose: DisposalMethod::Keep,
            transparent: Some(0),
            width: 1,
            height: 1,
            buffer: Cow::Borrowed(&[0]),
            ..Frame::default()
        };
        encoder.write_frame(&filler).map_err(gif_error)?;
        written += 1;
    }
    Ok(written)
}

/// The GIF's one colour table, the way from a pixel to its index, and the picture shown so far.
struct ColorTable {
    /// `[r, g, b, ...]` as the encoder takes it, the transparent entry last.
    bytes: Vec<u8>,
    colors: Vec<Rgb>,
    index: HashMap<Rgb, u8>,
    /// The index that leaves the pixel below as it was.
    transparent: u8,
    /// The index of every pixel the GIF shows now.
    shown: Vec<u8>,
}

impl ColorTable {
    /// The table of `colors` (the first 255, which is more than a theme has) and one entry more
    /// for transparency.
    fn new(mut colors: Vec<Rgb>) -> Self {
        colors.truncate(255);
        let index = colors
            .iter()
            .zip(0..=u8::MAX)
            .map(|(&c, i)| (c, i))
            .collect();
        let transparent = u8::try_from(colors.len()).unwrap_or(u8::MAX);
        let mut bytes = colors.concat();
        bytes.extend([0, 0, 0]);
        Self {
            bytes,
            colors,
            index,
            transparent,
            shown: Vec::new(),
        }
    }

    /// The index of `c`: its own, or the nearest colour's for one the theme does not have.
    fn find(&self, c: Rgb) -> u8 {
        if let Some(&i) = self.index.get(&c) {
            return i;
        }
        let distance =
            |d: &Rgb| -> u32 { (0..3).map(|k| u32::from(c[k].abs_diff(d[k])).pow(2)).sum() };
        self.colors
            .iter()
            .zip(0..=u8::MAX)
            .min_by_key(|(d, _)| distance(d))
            .map_or(0, |(_, i)| i)
    }

    /// The raster's pixels inside the cells of `changed`, as an image placed there: those the
    /// GIF already shows are transparent.
    fn image(&mut self, raster: &Raster, changed: Rect) -> io::Result<Frame<'static>> {
        let (width, _) = raster.size();
        let (cw, ch) = CELL;
        let (left, top) = (u32::from(changed.x) * cw, u32::from(changed.y) * ch);
        let (w, h) = (
            u32::from(changed.width) * cw,
            u32::from(changed.height) * ch,
        );
        let pixels = raster.pixels();
        let mut buffer = Vec::with_capacity(usize::try_from(w * h).unwrap_or(0));
        let mut last: Option<(Rgb, u8)> = None;
        // Taken out for the loop (which looks colours up in `self`), put back after it.
        let mut all_shown = std::mem::take(&mut self.shown);
        for y in top..top + h {
            let start = usize::try_from((y * width + left) * 3).map_err(io::Error::other)?;
            let row = pixels
                .get(start..start + usize::try_from(w * 3).map_err(io::Error::other)?)
                .ok_or_else(|| io::Error::other("the changed cells lie outside the picture"))?;
            let shown = all_shown
                .get_mut(start / 3..start / 3 + row.len() / 3)
                .ok_or_else(|| io::Error::other("the changed cells lie outside the picture"))?;
            for (px, was) in row.chunks_exact(3).zip(shown) {
                let c = [px[0], px[1], px[2]];
                let i = match last {
                    Some((seen, i)) if seen == c => i,
                    _ => self.find(c),
                };
                last = Some((c, i));
                buffer.push(if *was == i { self.transparent } else { i });
                *was = i;
            }
        }
        self.shown = all_shown;
        Ok(Frame {
            dispose: DisposalMethod::Keep,
            transparent: Some(self.transparent),
            left: side(left)?,
            top: side(top)?,
            width: side(w)?,
            height: side(h)?,
            buffer: Cow::Owned(buffer),
            ..Frame::default()
        })
    }
}

/// A writer that counts the bytes through it.
struct Counted<'a> {
    inner: &'a mut dyn Write,
    bytes: u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;
    use crate::settings::StartSpec;
    use crate::settings::source::resolve_route;
    use crate::sim::Journey;

    fn session() -> Session {
        let mut s =
            crate::settings::config::finish(crate::settings::config::defaults().unwrap(), false)
                .unwrap();
        s.start = StartSpec::parse("2025-06-20T12:00:00Z").unwrap();
        s.speed = 10_000.0;
        let journey = Journey::new(resolve_route(&s.route, None).unwrap());
        Session::new(App::new(
            journey,
            s,
            chrono_tz::Asia::Tokyo,
            (60, 20),
            Duration::ZERO,
        ))
    }

    #[test]
    fn the_images_laid_over_each_other_are_the_last_screen() {
        let options = RecordOptions {
            size: (60, 20),
            fps: 10,
            duration: Duration::from_secs(2),
            title: String::new(),
            timestamp: None,
            shell: None,
        };
        let look = Look::new(crate::settings::ThemeName::Dark, false, false);
        let mut bytes = Vec::new();
        let summary = record(session(), &options, look, &mut |_| Vec::new(), &mut bytes).unwrap();
        assert_eq!((summary.frames, summary.images), (20, 20));
        assert_eq!(summary.bytes, bytes.len() as u64);
        // The same replay's last screen, rasterised whole.
        let mut last = None;
        cast::drive(session(), &options, &mut |_| Vec::new(), &mut |app, _| {
            if let Some(app) = app {
                last = Some(frame::render(app, 60, 20));
            }
            Ok(())
        })
        .unwrap();
        let mut whole = Raster::new((60, 20), look).unwrap();
        whole.draw(&last.unwrap());
        let mut options = ::gif::DecodeOptions::new();
        options.set_color_output(::gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(bytes.as_slice()).unwrap();
        let width = usize::from(decoder.width());
        let mut canvas = vec![0; whole.pixels().len()];
        let mut partial = 0;
        while let Some(f) = decoder.read_next_frame().unwrap() {
            assert_eq!(f.delay, 10);
            partial += usize::from(usize::from(f.width) * usize::from(f.height) < canvas.len() / 3);
            for (i, px) in f.buffer.chunks(4).enumerate() {
                if px[3] == 255 {
                    let x = usize::from(f.left) + i % usize::from(f.width);
                    let y = usize::from(f.top) + i / usize::from(f.width);
                    canvas[(y * width + x) * 3..(y * width + x) * 3 + 3].copy_from_slice(&px[..3]);
                }
            }
        }
        assert!(partial > 0, "some images cover only part of the screen");
        assert!(canvas == whole.pixels(), "the GIF ends on the last screen");
    }

    #[test]
    fn delays_add_up_to_the_length_in_rounded_hundredths() {
        assert_eq!(centis(Duration::from_millis(333)), 33);
        assert_eq!(centis(Duration::from_millis(335)), 34);
        assert_eq!(centis(Duration::from_secs(60)), 6000);
    }

    #[test]
    fn a_colour_not_in_the_table_gets_the_nearest() {
        let t = ColorTable::new(vec![[0, 0, 0], [250, 250, 250], [200, 0, 0]]);
        assert_eq!(t.bytes.len(), 12);
        assert_eq!(t.transparent, 3);
        assert_eq!(t.find([250, 250, 250]), 1);
        assert_eq!(t.find([190, 10, 5]), 2);
        assert_eq!(t.find([20, 20, 20]), 0);
    }

    #[test]
    fn a_long_hold_goes_on_in_transparent_fillers() {
        let mut bytes = Vec::new();
        let mut encoder = Encoder::new(&mut bytes, 1, 1, &[0, 0, 0, 255, 255, 255]).unwrap();
        let image = Frame {
            width: 1,
            height: 1,
            buffer: Cow::Owned(vec![1]),
            ..Frame::default()
        };
        let written = hold(
            &mut encoder,
            image,
            Duration::ZERO,
            Duration::from_secs(1400),
        )
        .unwrap();
        assert_eq!(written, 3);
        drop(encoder);
        let mut options = ::gif::DecodeOptions::new();
        options.set_color_output(::gif::ColorOutput::Indexed);
        let mut decoder = options.read_info(bytes.as_slice()).unwrap();
        let mut delays = Vec::new();
        while let Some(f) = decoder.read_next_frame().unwrap() {
            delays.push((f.delay, f.transparent));
        }
        assert_eq!(delays, [(65535, None), (65535, Some(0)), (8_930, Some(0))]);
    }
}
