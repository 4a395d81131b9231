//! Where the network screen's parts go, for the view to draw and the model to hit-test: the
//! title row, the map, the selected train's panel over the map's right side, the key bar.

use ratatui::layout::Rect;

/// The network screen's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NetAreas {
    /// The title row.
    pub title: Rect,
    /// The map's block.
    pub map: Rect,
    /// Inside the map's border.
    pub map_inner: Rect,
    /// The selected train's panel (empty when none is selected).
    pub panel: Rect,
    /// The key bar.
    pub keybar: Rect,
}

/// The widest the train's panel is.
pub const PANEL_WIDTH: u16 = 40;

/// The areas of a `size` screen, with the train's panel when `panel`.
#[must_use]
pub fn areas((w, h): (u16, u16), panel: bool) -> NetAreas {
    let screen = Rect::new(0, 0, w, h);
    if h < 3 {
        return NetAreas {
            map: screen,
            map_inner: screen,
            ..NetAreas::default()
        };
    }
    let title = Rect::new(0, 0, w, 1);
    let keybar = Rect::new(0, h - 1, w, 1);
    let map = Rect::new(0, 1, w, h - 2);
    let map_inner = if map.width > 2 && map.height > 2 {
        Rect::new(map.x + 1, map.y + 1, map.width - 2, map.height - 2)
    } else {
        Rect::default()
    };
    let panel = if panel && w >= 30 && map.height >= 6 {
        let pw = PANEL_WIDTH.min(w / 2).max(24);
        let ph = map.height.min(16);
        Rect::new(w - pw, map.y, pw, ph)
    } else {
        Rect::default()
    };
    NetAreas {
        title,
        map,
        map_inner,
        panel,
        keybar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_fits_the_screen() {
        for w in 0..90 {
            for h in 0..40 {
                let a = areas((w, h), true);
                let screen = Rect::new(0, 0, w, h);
                for r in [a.title, a.map, a.map_inner, a.panel, a.keybar] {
                    assert!(
                        r.is_empty() || screen.contains(r.as_position()),
                        "{w}x{h}: {r:?}"
                    );
                    assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?}");
                }
            }
        }
    }
}
