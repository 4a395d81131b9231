//! The map's braille raster: 2×4 dots a cell, two layers (the land and water below, the route
//! above: a cell the route touches shows the route alone), one colour a cell (the last drawn).
//! Lines are clipped to the raster before they are drawn, so a line leaving the view costs only
//! its visible part.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

use crate::geo::projection::{Bounds, clip};

/// The bit of each dot of a braille cell, by (row, column).
const BRAILLE: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// The bit of a cell's ink that marks it as the route layer's.
const TOP: u8 = 0x80;

/// A braille raster over `bounds`, `cols`×`rows` cells.
#[derive(Debug)]
pub struct Raster {
    cols: usize,
    rows: usize,
    /// Each cell's lit dots.
    dots: Vec<u8>,
    /// Each cell's ink: 0 for none, else 1 + its colour's index in `palette`, with `TOP` set
    /// when the route layer owns the cell.
    ink: Vec<u8>,
    palette: Vec<Color>,
    /// Degrees to dots: dot x = (lon − west) × sx, dot y = (north − lat) × sy.
    west: f64,
    north: f64,
    sx: f64,
    sy: f64,
    /// Whether what is drawn now goes on the route layer.
    top: bool,
}

impl Raster {
    /// An empty raster for `area` showing `b`.
    #[must_use]
    pub fn new(area: Rect, b: Bounds) -> Self {
        let (cols, rows) = (usize::from(area.width), usize::from(area.height));
        Self {
            cols,
            rows,
            dots: vec![0; cols * rows],
            ink: vec![0; cols * rows],
            palette: Vec::new(),
            west: b.0,
            north: b.3,
            sx: 2.0 * f64::from(area.width) / (b.2 - b.0),
            sy: 4.0 * f64::from(area.height) / (b.3 - b.1),
            top: false,
        }
    }

    /// Draw on the route layer from now on.
    pub fn layer(&mut self) {
        self.top = true;
    }

    /// (lon, lat) in degrees as dot coordinates (not rounded, not clipped).
    #[must_use]
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.west) * self.sx, (self.north - lat) * self.sy)
    }

    /// The ink of `colour` on the current layer (a new palette entry the first time).
    fn ink(&mut self, colour: Color) -> u8 {
        let index = match self.palette.iter().position(|c| *c == colour) {
            Some(i) => i,
            None => {
                self.palette.push(colour);
                self.palette.len() - 1
            }
        };
        // Fewer than 127 colours are ever drawn (one per kind of line); past that the last wins.
        let ink = u8::try_from(index + 1).unwrap_or(TOP - 1).min(TOP - 1);
        if self.top { ink | TOP } else { ink }
    }

    /// The raster's size in dots.
    fn dots_wide_tall(&self) -> (f64, f64) {
        ((self.cols * 2) as f64, (self.rows * 4) as f64)
    }

    /// Light the dot under (x, y) dot coordinates, if it is inside.
    pub fn dot(&mut self, x: f64, y: f64, colour: Color) {
        let (w, h) = self.dots_wide_tall();
        if x >= 0.0 && y >= 0.0 && x < w && y < h {
            let ink = self.ink(colour);
            // Truncation is the floor here: both are non-negative.
            self.light(x as usize, y as usize, ink);
        }
    }

    /// Light dot (x, y), inside the raster, with `ink`.
    fn light(&mut self, x: usize, y: usize, ink: u8) {
        let i = y / 4 * self.cols + x / 2;
        let (Some(dots), Some(cell)) = (self.dots.get_mut(i), self.ink.get_mut(i)) else {
            return;
        };
        if ink & TOP != 0 && *cell & TOP == 0 {
            *dots = 0;
        } else if ink & TOP == 0 && *cell & TOP != 0 {
            return;
        }
        *dots |= BRAILLE[y % 4][x % 2];
        *cell = ink;
    }

    /// A straight line in `ink` between two points in dot coordinates, clipped to the raster.
    fn line_ink(&mut self, a: (f64, f64), b: (f64, f64), ink: u8) {
        let (w, h) = self.dots_wide_tall();
        let inside = |p: (f64, f64)| p.0 >= 0.0 && p.1 >= 0.0 && p.0 < w && p.1 < h;
        let (a, b) = if inside(a) && inside(b) {
            (a, b)
        } else {
            // Wholly beyond one edge (the usual case off the view), or not a number: nothing.
            if (a.0 < 0.0 && b.0 < 0.0)
                || (a.1 < 0.0 && b.1 < 0.0)
                || (a.0 >= w && b.0 >= w)
                || (a.1 >= h && b.1 >= h)
                || ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite())
            {
                return;
            }
            match clip(a, b, (0.0, 0.0, w - 1e-9, h - 1e-9)) {
                Some(ab) => ab,
                None => return,
            }
        };
        // Both ends are inside now, so truncation is the floor.
        let (x0, y0, x1, y1) = (a.0 as i64, a.1 as i64, b.0 as i64, b.1 as i64);
        // Bresenham over whole dots.
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            // In range: both ends are inside and the steps stay between them.
            self.light(x as usize, y as usize, ink);
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// A polyline of (lon, lat) degrees, each segment clipped.
    pub fn polyline(&mut self, points: impl Iterator<Item = (f64, f64)>, colour: Color) {
        let ink = self.ink(colour);
        let mut prev: Option<(f64, f64)> = None;
        for (lon, lat) in points {
            let p = self.project(lon, lat);
            if let Some(q) = prev {
                self.line_ink(q, p, ink);
            }
            prev = Some(p);
        }
    }

    /// Write the lit cells into `buf` at `area`: braille patterns, or `.` with `ascii`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, ascii: bool) {
        for (i, (&dots, &ink)) in self.dots.iter().zip(&self.ink).enumerate() {
            if dots == 0 {
                continue;
            }
            let (x, y) = ((i % self.cols) as u16, (i / self.cols) as u16);
            if let Some(c) = buf.cell_mut((area.x + x, area.y + y)) {
                let ch = if ascii {
                    '.'
                } else {
                    char::from_u32(0x2800 + u32::from(dots)).unwrap_or('.')
                };
                c.set_char(ch);
                if let Some(colour) = self.palette.get(usize::from(ink & !TOP).wrapping_sub(1)) {
                    c.set_fg(*colour);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: &Raster, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        r.render(area, &mut buf, false);
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_owned()).collect())
            .collect()
    }

    #[test]
    fn dots_lines_and_clipping() {
        let area = Rect::new(0, 0, 3, 2);
        let mut r = Raster::new(area, (0.0, 0.0, 6.0, 8.0));
        // One dot per degree: (0.5, 7.5) is the top-left dot.
        r.dot(0.0, 0.0, Color::Red);
        r.polyline([(0.5, 7.5), (5.5, 7.5)].into_iter(), Color::Blue);
        // A line from far outside only lights the part inside.
        r.polyline([(-100.0, 0.5), (100.0, 0.5)].into_iter(), Color::Blue);
        assert_eq!(text(&r, 3, 2), ["⠉⠉⠉", "⣀⣀⣀"]);
        // Outside the raster nothing happens, NaN included.
        r.dot(-1.0, 0.0, Color::Red);
        r.dot(f64::NAN, 0.0, Color::Red);
        r.dot(6.0, 0.0, Color::Red);
        let red = r.ink(Color::Red);
        r.line_ink((f64::NAN, 1.0), (2.0, 2.0), red);
        r.line_ink((1.0, 1.0), (2.0, f64::INFINITY), red);
        assert_eq!(text(&r, 3, 2), ["⠉⠉⠉", "⣀⣀⣀"]);
    }

    #[test]
    fn the_route_layer_owns_its_cells() {
        let area = Rect::new(0, 0, 2, 1);
        let mut r = Raster::new(area, (0.0, 0.0, 4.0, 4.0));
        r.polyline([(0.5, 3.5), (3.5, 3.5)].into_iter(), Color::Blue);
        r.layer();
        r.dot(0.0, 3.0, Color::Red);
        let mut buf = Buffer::empty(area);
        r.render(area, &mut buf, false);
        // The first cell shows the route's dot alone, in its colour; the second the line.
        assert_eq!(buf[(0, 0)].symbol(), "⡀");
        assert_eq!(buf[(0, 0)].fg, Color::Red);
        assert_eq!(buf[(1, 0)].symbol(), "⠉");
        assert_eq!(buf[(1, 0)].fg, Color::Blue);
        let mut plain = Buffer::empty(area);
        r.render(area, &mut plain, true);
        assert_eq!(plain[(0, 0)].symbol(), ".");
    }
}
