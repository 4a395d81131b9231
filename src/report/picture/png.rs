//! A frame as a PNG image: the buffer rasterised by [`Raster`], written with the `png` crate
//! (8-bit RGB, the frame's title in a UTF-8 `Title` text chunk).

use std::io::{self, Write};

use ratatui::buffer::Buffer;

use super::Look;
use super::raster::Raster;

/// Write `buf` as a PNG to `out`, painted with `look`; returns the image's size in pixels.
///
/// # Errors
/// The picture would be too large (`InvalidInput`), or writing to `out` failed.
pub fn write(buf: &Buffer, look: Look, title: &str, out: &mut dyn Write) -> io::Result<(u32, u32)> {
    let mut raster = Raster::new((buf.area.width, buf.area.height), look)?;
    raster.draw(buf);
    let (width, height) = raster.size();
    write_rgb(raster.pixels(), (width, height), title, out)?;
    Ok((width, height))
}

/// Write RGB pixels of `width`×`height` as a PNG.
///
/// # Errors
/// Writing to `out` failed, or the pixels do not fill the size.
pub fn write_rgb(
    pixels: &[u8],
    (width, height): (u32, u32),
    title: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut encoder = ::png::Encoder::new(out, width, height);
    encoder.set_color(::png::ColorType::Rgb);
    encoder.set_depth(::png::BitDepth::Eight);
    encoder
        .add_itxt_chunk("Title".to_owned(), title.to_owned())
        .map_err(io::Error::other)?;
    let mut writer = encoder.write_header().map_err(io::Error::other)?;
    writer.write_image_data(pixels).map_err(io::Error::other)?;
    writer.finish().map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::*;
    use crate::settings::ThemeName;

    #[test]
    fn the_png_decodes_to_the_grid_in_the_themes_colours() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 2));
        buf.set_string(1, 1, "█", Style::new().fg(Color::Green));
        let look = Look::new(ThemeName::Light, false, false);
        let mut bytes = Vec::new();
        assert_eq!(write(&buf, look, "t → ü", &mut bytes).unwrap(), (32, 26));
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (32, 26));
        let at = |x: usize, y: usize| &pixels[(y * 32 + x) * 3..(y * 32 + x) * 3 + 3];
        assert_eq!(at(12, 20), look.palette.rgb(Color::Green, true));
        assert_eq!(at(0, 0), look.palette.background);
        let text = &reader.info().utf8_text;
        assert_eq!(text[0].keyword, "Title");
        assert_eq!(text[0].get_text().unwrap(), "t → ü");
    }
}
