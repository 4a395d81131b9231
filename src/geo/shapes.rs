//! Country borders and lakes from `assets/geo/borders.txt` (Natural Earth, public domain; see
//! `assets/geo/SOURCE.md`), embedded in the binary and parsed once.

use std::sync::OnceLock;

/// The embedded asset.
pub const BORDERS: &str = include_str!("../../assets/geo/borders.txt");

/// What a polyline outlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    /// A land border between two countries.
    Border,
    /// Lake Baikal.
    Baikal,
    /// Another large lake.
    Lake,
}

/// One polyline in degrees, with its bounding box for quick culling.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// What it is.
    pub kind: ShapeKind,
    /// Points as (lon, lat).
    pub points: Vec<(f64, f64)>,
    /// (min lon, min lat, max lon, max lat).
    pub bbox: (f64, f64, f64, f64),
}

/// Parse the asset format: `#` comments, then lines `K lon,lat lon,lat ...` with kind letter
/// `B` (border), `L` (Baikal) or `K` (lake). Malformed lines are skipped.
#[must_use]
pub fn parse(text: &str) -> Vec<Shape> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(parse_line)
        .collect()
}

fn parse_line(line: &str) -> Option<Shape> {
    let mut parts = line.split_ascii_whitespace();
    let kind = match parts.next()? {
        "B" => ShapeKind::Border,
        "L" => ShapeKind::Baikal,
        "K" => ShapeKind::Lake,
        _ => return None,
    };
    let points: Vec<(f64, f64)> = parts
        .filter_map(|p| {
            let (lon, lat) = p.split_once(',')?;
            Some((lon.parse().ok()?, lat.parse().ok()?))
        })
        .filter(|(lon, lat): &(f64, f64)| lon.is_finite() && lat.is_finite())
        .collect();
    if points.len() < 2 {
        return None;
    }
    let bbox = points
        .iter()
        .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, &(x, y)| {
            (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
        });
    Some(Shape { kind, points, bbox })
}

/// The embedded shapes, parsed on first use.
#[must_use]
pub fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| parse(BORDERS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_asset_holds_borders_baikal_and_the_tumen_border() {
        let all = shapes();
        assert!(all.iter().filter(|s| s.kind == ShapeKind::Border).count() > 100);
        let baikal: Vec<_> = all.iter().filter(|s| s.kind == ShapeKind::Baikal).collect();
        assert_eq!(baikal.len(), 1);
        let (x0, y0, x1, y1) = baikal[0].bbox;
        assert!(
            x0 > 103.0 && x1 < 110.5 && y0 > 51.0 && y1 < 56.5,
            "{:?}",
            baikal[0].bbox
        );
        // The 17-km North Korea–Russia border on the Tumen survives simplification.
        assert!(all.iter().any(|s| {
            s.kind == ShapeKind::Border
                && s.points
                    .iter()
                    .all(|&(x, y)| (130.4..130.8).contains(&x) && (42.2..42.6).contains(&y))
        }));
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let shapes = parse("# c\nB 1,2 3,4\nX 1,2 3,4\nB 1,2\nB 1,x 3,4 5,6\nL nan,1 2,3 4,5\n");
        assert_eq!(shapes.len(), 3);
        assert_eq!(shapes[1].points, vec![(3.0, 4.0), (5.0, 6.0)]);
        assert_eq!(shapes[2].points.len(), 2);
    }
}
