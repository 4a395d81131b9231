//! The whole world's coastlines, lakes, country borders and first-level borders (Natural Earth,
//! public domain; see `assets/geo/SOURCE.md`), at several levels of detail, from the compact
//! `assets/geo/world.bin` embedded in the binary.
//!
//! Each level is decoded on first use only, into integer thousandths of a degree, and cut into
//! chunks of at most [`CHUNK`] points with their bounding boxes, so a view touches (and the
//! map projects) only the chunks that meet it. The format is described in
//! `assets/geo/build_map.py`, which writes it.

use std::sync::OnceLock;

use super::projection::Bounds;

/// The embedded asset.
pub const WORLD: &[u8] = include_bytes!("../../assets/geo/world.bin");

/// Stored coordinates are integer thousandths of a degree.
pub const UNIT: f64 = 1000.0;

/// Most points in a chunk (its last point is the next chunk's first).
pub const CHUNK: usize = 32;

const MAGIC: &[u8] = b"LRMAP1\n";

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A coastline (of the sea, or of an inland sea such as the Caspian).
    Coast,
    /// The shore of a lake.
    Lake,
    /// A border between two first-level units of a country (states, provinces, régions).
    Admin1,
    /// A land border between two countries.
    Border,
}

impl Kind {
    fn from_code(code: u64) -> Option<Self> {
        Some(match code {
            0 => Self::Coast,
            1 => Self::Lake,
            2 => Self::Admin1,
            3 => Self::Border,
            _ => return None,
        })
    }
}

/// A run of consecutive points of one line, with its bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// What the line is.
    pub kind: Kind,
    /// (min lon, min lat, max lon, max lat) in thousandths of a degree.
    pub bbox: [i32; 4],
    /// Its points are `points[start..end]` of the level.
    pub start: u32,
    /// One past its last point.
    pub end: u32,
}

/// One level of detail, decoded.
#[derive(Debug, Default)]
pub struct Level {
    /// The smallest braille dot (degrees of latitude) this level is drawn for.
    pub min_dot: f64,
    /// Every point of every line, (lon, lat) in thousandths of a degree.
    pub points: Vec<[i32; 2]>,
    /// The lines cut into chunks, in drawing order.
    pub chunks: Vec<Chunk>,
}

impl Level {
    /// The chunks whose bounding boxes meet `b` (degrees), with their points.
    pub fn chunks_in(&self, b: Bounds) -> impl Iterator<Item = (&Chunk, &[[i32; 2]])> {
        let q = |v: f64| {
            (v * UNIT)
                .floor()
                .clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
        };
        let (x0, y0, x1, y1) = (q(b.0), q(b.1), q(b.2) + 1, q(b.3) + 1);
        self.chunks
            .iter()
            .filter(move |c| {
                c.bbox[2] >= x0 && c.bbox[0] <= x1 && c.bbox[3] >= y0 && c.bbox[1] <= y1
            })
            .filter_map(|c| Some((c, self.points.get(c.start as usize..c.end as usize)?)))
    }
}

/// A level found in the asset, not yet decoded.
struct Entry {
    min_dot: f64,
    lines: u64,
    body: &'static [u8],
    decoded: OnceLock<Level>,
}

/// Reads LEB128 varints from a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i64> {
        let z = self.varint()?;
        Some((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    fn take(&mut self, n: u64) -> Option<&'a [u8]> {
        let end = self.at.checked_add(usize::try_from(n).ok()?)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
}

/// The levels listed in an asset, coarsest first; `None` if it is malformed.
fn directory(bytes: &'static [u8]) -> Option<Vec<Entry>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let mut r = Reader { bytes: rest, at: 0 };
    let n = r.varint()?;
    let mut out = Vec::new();
    for _ in 0..n.min(16) {
        let min_dot = r.varint()? as f64 / 1e6;
        let len = r.varint()?;
        let lines = r.varint()?;
        let body = r.take(len)?;
        out.push(Entry {
            min_dot,
            lines,
            body,
            decoded: OnceLock::new(),
        });
    }
    Some(out)
}

/// Decode one level's lines into points and chunks; `None` if the bytes are malformed.
fn decode(body: &[u8], lines: u64, min_dot: f64) -> Option<Level> {
    let mut r = Reader { bytes: body, at: 0 };
    let mut level = Level {
        min_dot,
        ..Level::default()
    };
    let (mut x, mut y) = (0i64, 0i64);
    for _ in 0..lines {
        let kind = Kind::from_code(r.varint()?)?;
        let n = usize::try_from(r.varint()?).ok()?;
        if n > body.len() {
            return None;
        }
        let first = level.points.len();
        for _ in 0..n {
            x += r.signed()?;
            y += r.signed()?;
            level
                .points
                .push([i32::try_from(x).ok()?, i32::try_from(y).ok()?]);
        }
        push_chunks(&mut level, kind, first);
    }
    (r.at == body.len()).then_some(level)
}

/// Cut the line that starts at point `first` (and runs to the end) into chunks.
fn push_chunks(level: &mut Level, kind: Kind, first: usize) {
    let end = level.points.len();
    let mut start = first;
    while start + 1 < end {
        let stop = (start + CHUNK).min(end);
        let bbox = level.points[start..stop].iter().fold(
            [i32::MAX, i32::MAX, i32::MIN, i32::MIN],
            |b, p| {
                [
                    b[0].min(p[0]),
                    b[1].min(p[1]),
                    b[2].max(p[0]),
                    b[3].max(p[1]),
                ]
            },
        );
        level.chunks.push(Chunk {
            kind,
            bbox,
            start: start as u32,
            end: stop as u32,
        });
        start = stop - 1;
    }
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| directory(WORLD).unwrap_or_default())
}

/// How many levels the asset holds.
#[must_use]
pub fn level_count() -> usize {
    entries().len()
}

/// Level `i` (0 is the coarsest), decoded on first use; `None` past the last.
#[must_use]
pub fn level(i: usize) -> Option<&'static Level> {
    let e = entries().get(i)?;
    Some(
        e.decoded
            .get_or_init(|| decode(e.body, e.lines, e.min_dot).unwrap_or_default()),
    )
}

/// The index of the level to draw when a braille dot is `dot` degrees of latitude tall: the
/// coarsest whose `min_dot` is at most `dot` (the finest for anything smaller).
#[must_use]
pub fn level_index_for(dot: f64) -> usize {
    let all = entries();
    all.iter()
        .position(|e| e.min_dot <= dot)
        .unwrap_or(all.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any chunk of `kind` at level `i` has a point inside the box (degrees).
    fn has_point(i: usize, kind: Kind, b: Bounds) -> bool {
        level(i).unwrap().chunks_in(b).any(|(c, pts)| {
            c.kind == kind
                && pts.iter().any(|p| {
                    let (x, y) = (f64::from(p[0]) / UNIT, f64::from(p[1]) / UNIT);
                    x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3
                })
        })
    }

    #[test]
    fn every_level_decodes_whole_and_in_order_of_detail() {
        let n = level_count();
        assert!(n >= 3, "{n} levels");
        let mut prev = f64::INFINITY;
        for i in 0..n {
            let e = &entries()[i];
            let l = level(i).unwrap();
            assert!(
                e.min_dot < prev,
                "level {i} is not finer than the one before"
            );
            prev = e.min_dot;
            assert!(!l.chunks.is_empty(), "level {i} is empty or malformed");
            for c in &l.chunks {
                assert!(c.end - c.start >= 2 && (c.end - c.start) as usize <= CHUNK);
            }
        }
        assert_eq!(entries()[n - 1].min_dot, 0.0);
    }

    #[test]
    fn the_whole_world_is_there_at_every_level() {
        for i in 0..level_count() {
            // Lake Baikal, the Great Lakes (Lake Michigan), Lake Balkhash, the Caspian's coast, the US–Canada
            // border on the 49th parallel, Cape Horn's coast; from the continent level on,
            // Lake Geneva, Illinois and the Tumen border (North Korea and Russia).
            assert!(
                has_point(i, Kind::Lake, (103.5, 51.0, 110.5, 56.0)),
                "Baikal {i}"
            );
            assert!(
                has_point(i, Kind::Lake, (-88.1, 41.6, -84.7, 46.2)),
                "Michigan {i}"
            );
            assert!(
                has_point(i, Kind::Lake, (73.3, 44.8, 79.3, 47.0)),
                "Balkhash {i}"
            );
            assert!(
                has_point(i, Kind::Coast, (47.0, 37.0, 54.0, 47.0)),
                "Caspian {i}"
            );
            assert!(
                has_point(i, Kind::Border, (-123.5, 48.8, -94.5, 49.2)),
                "49th {i}"
            );
            assert!(
                has_point(i, Kind::Coast, (-68.0, -56.5, -66.0, -55.0)),
                "Horn {i}"
            );
            if i > 0 {
                assert!(
                    has_point(i, Kind::Lake, (6.1, 46.1, 6.9, 46.6)),
                    "Geneva {i}"
                );
                assert!(
                    has_point(i, Kind::Admin1, (-88.0, 36.0, -87.0, 42.5)),
                    "Illinois {i}"
                );
                assert!(
                    has_point(i, Kind::Border, (130.5, 42.25, 130.72, 42.55)),
                    "Tumen {i}"
                );
            }
            // Russia's federal subjects (Novosibirsk Oblast) only from the country level on.
            let oblast = has_point(i, Kind::Admin1, (82.0, 53.0, 86.0, 56.0));
            assert_eq!(oblast, i > 1, "Novosibirsk {i}");
        }
    }

    #[test]
    fn levels_are_picked_by_dot_size_and_chunks_by_view() {
        let n = level_count();
        assert_eq!(level_index_for(10.0), 0);
        assert_eq!(level_index_for(0.0), n - 1);
        assert_eq!(level_index_for(-1.0), n - 1);
        assert_eq!(level_index_for(f64::NAN), n - 1);
        let l = level(n - 1).unwrap();
        let geneva = (6.0, 46.0, 7.0, 46.7);
        let near: Vec<_> = l.chunks_in(geneva).collect();
        assert!(!near.is_empty() && near.len() < l.chunks.len() / 100);
        for (c, _) in near {
            let b = c.bbox;
            assert!(b[2] >= 6000 && b[0] <= 7001 && b[3] >= 46000 && b[1] <= 46701);
        }
    }

    #[test]
    fn malformed_assets_decode_to_nothing() {
        assert!(directory(b"nope").is_none());
        assert!(
            directory(b"LRMAP1\n\x01\x00\x05").is_none(),
            "body shorter than said"
        );
        // A kind that does not exist; a point count past the bytes; bytes left over.
        assert!(decode(&[9, 2, 0, 0, 2, 2], 1, 0.0).is_none());
        assert!(decode(&[0, 200, 1], 1, 0.0).is_none());
        assert!(decode(&[0, 2, 0, 0, 2, 2, 7], 1, 0.0).is_none());
        let ok = decode(&[0, 2, 0, 0, 2, 3], 1, 0.0).unwrap();
        assert_eq!(ok.points, vec![[0, 0], [1, -2]]);
        assert_eq!(ok.chunks[0].bbox, [0, -2, 1, 0]);
    }
}
