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

/// One cell: its dots, its colour, and whether the route layer owns it.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    dots: u8,
    colour: Option<Color>,
    top: bool,
}

/// A braille raster over `bounds`, `cols`×`rows` cells.
#[derive(Debug)]
pub struct Raster {
    cols: usize,
    rows: usize,
    cells: Vec<Cell>,
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
            cells: vec![Cell::default(); cols * rows],
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

    /// Light the dot under (x, y) dot coordinates, if it is inside.
    pub fn dot(&mut self, x: f64, y: f64, colour: Color) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        // Truncation is the floor here: both are non-negative.
        let (dx, dy) = (x as usize, y as usize);
        if dx >= self.cols * 2 || dy >= self.rows * 4 {
            return;
        }
        let Some(cell) = self.cells.get_mut(dy / 4 * self.cols + dx / 2) else {
            return;
        };
        if self.top && !cell.top {
            *cell = Cell {
                top: true,
                ..Cell::default()
            };
        } else if !self.top && cell.top {
            return;
        }
        cell.dots |= BRAILLE[dy % 4][dx % 2];
        cell.colour = Some(colour);
    }

    /// A straight line between two points in dot coordinates, clipped to the raster.
    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), colour: Color) {
        let edge = (
            0.0,
            0.0,
            (self.cols * 2) as f64 - 1e-9,
            (self.rows * 4) as f64 - 1e-9,
        );
        if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
            return;
        }
        let Some((a, b)) = clip(a, b, edge) else {
            return;
        };
        let (x0, y0) = (a.0.floor() as i64, a.1.floor() as i64);
        let (x1, y1) = (b.0.floor() as i64, b.1.floor() as i64);
        // Bresenham over whole dots.
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.dot(x as f64, y as f64, colour);
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
        let mut prev: Option<(f64, f64)> = None;
        for (lon, lat) in points {
            let p = self.project(lon, lat);
            if let Some(q) = prev {
                self.line(q, p, colour);
            }
            prev = Some(p);
        }
    }

    /// Write the lit cells into `buf` at `area`: braille patterns, or `.` with `ascii`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, ascii: bool) {
        for (i, cell) in self.cells.iter().enumerate() {
            if cell.dots == 0 {
                continue;
            }
            let (x, y) = ((i % self.cols) as u16, (i / self.cols) as u16);
            if let Some(c) = buf.cell_mut((area.x + x, area.y + y)) {
                let ch = if ascii {
                    '.'
                } else {
                    char::from_u32(0x2800 + u32::from(cell.dots)).unwrap_or('.')
                };
                c.set_char(ch);
                if let Some(colour) = cell.colour {
                    c.set_fg(colour);
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
        r.line((f64::NAN, 1.0), (2.0, 2.0), Color::Red);
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
