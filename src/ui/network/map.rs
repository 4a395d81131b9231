//! The network's map: the world below (coastlines, lakes, borders at the zoom's level of
//! detail), every route's line in its colour, the stations as dots and as many names as fit,
//! and every running train as a marker on its line; a cell holding more than one train shows
//! how many.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::Look;
use super::colour::route_colour;
use crate::app::network::{NetworkView, RunId};
use crate::geo::projection::Bounds;
use crate::network::realtime::Lateness;
use crate::ui::map::raster::Raster;
use crate::ui::map::{cell_of, paint_geography};

/// Cells of the map per station name shown, at most: names as the zoom allows.
const CELLS_PER_NAME: usize = 160;

/// The colour of each route, worked out when first needed in a frame.
struct Colours<'a> {
    view: &'a NetworkView,
    look: &'a Look,
    known: Vec<Option<Color>>,
}

impl Colours<'_> {
    fn of(&mut self, route: u32) -> Color {
        if let Some(Some(c)) = self.known.get(route as usize) {
            return *c;
        }
        let own = self
            .view
            .network()
            .routes()
            .get(route as usize)
            .and_then(|r| r.color);
        let c = route_colour(own, route, &self.look.theme, &self.look.palette);
        if let Some(slot) = self.known.get_mut(route as usize) {
            *slot = Some(c);
        }
        c
    }
}

/// Draw the map block into `area`.
pub fn render(view: &NetworkView, area: Rect, buf: &mut Buffer, look: &Look) {
    let (theme, g) = (&look.theme, &look.g);
    let what = match (view.map.span, view.map.follow && view.selected.is_some()) {
        (None, _) => "the whole network",
        (Some(_), true) => "following the train",
        (Some(_), false) => "free view: 0 shows it all",
    };
    let mut block = crate::ui::panel(format!(" Map{}{what} ", g.sep), theme.text, theme.border, g)
        .title_bottom(Line::styled(" Natural Earth ", theme.dim).right_aligned());
    if view.realtime() {
        block = block.title_bottom(lateness_legend(look).left_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 2 || inner.height < 2 {
        return;
    }
    let bounds = view.map_bounds();
    let mut colours = Colours {
        view,
        look,
        known: vec![None; view.network().routes().len()],
    };
    let mut raster = Raster::new(inner, bounds);
    paint_geography(&mut raster, inner, bounds, theme);
    raster.layer();
    paint_lines(&mut raster, view, inner, bounds, &mut colours);
    raster.render(inner, buf, g.ascii);
    labels(view, inner, bounds, buf, look);
    crate::ui::scale::render(inner, bounds, view.settings.units, buf, theme, g);
    trains(view, inner, bounds, buf, &mut colours);
}

/// The stations' dots, then every route's line at the level of detail of the view (a cell
/// takes the colour drawn last: a station on a line shows in the line's colour).
fn paint_lines(
    raster: &mut Raster,
    view: &NetworkView,
    inner: Rect,
    b: Bounds,
    colours: &mut Colours,
) {
    let dot = (b.3 - b.1) / (4.0 * f64::from(inner.height.max(1)));
    let meets = |l: &(f64, f64, f64, f64)| l.0 <= b.2 && l.2 >= b.0 && l.1 <= b.3 && l.3 >= b.1;
    let fg = colours.look.theme.major.fg.unwrap_or(Color::Reset);
    for s in view.lines().stations() {
        let (lat, lon) = s.coord;
        if (b.0..b.2).contains(&lon) && (b.1..b.3).contains(&lat) {
            let (x, y) = raster.project(lon, lat);
            raster.dot(x, y, fg);
        }
    }
    for line in view
        .lines()
        .at_detail(dot)
        .iter()
        .filter(|l| meets(&l.bbox))
    {
        let colour = colours.of(line.route);
        raster.polyline(
            line.points
                .iter()
                .map(|&(x, y)| (f64::from(x), f64::from(y))),
            colour,
        );
    }
}

/// Station names, the busiest first, as many as fit without overlapping one another or a
/// train (and no more than one per [`CELLS_PER_NAME`] cells, so a wide view is not all
/// names): right of the dot, else left of it.
fn labels(view: &NetworkView, inner: Rect, b: Bounds, buf: &mut Buffer, look: &Look) {
    let most = (usize::from(inner.width) * usize::from(inner.height) / CELLS_PER_NAME).max(1);
    let network = view.network();
    let mut grid = Grid::new(inner);
    // The trains' cells alone: a name keeps a blank between its far end and a train.
    let mut trains = Grid::new(inner);
    for m in &view.trains {
        if let Some(cell) = cell_of(inner, b, m.train.place.coord.1, m.train.place.coord.0) {
            grid.take(cell.0, cell.1, 1);
            trains.take(cell.0, cell.1, 1);
        }
    }
    let focus = view.stop;
    let mut placed = 0;
    let mut named: Vec<(String, u16, u16)> = Vec::new();
    for s in view.lines().stations().iter().take(most * 4) {
        let Some((x, y)) = cell_of(inner, b, s.coord.1, s.coord.0) else {
            continue;
        };
        let Some(stop) = network.stops().get(s.stop as usize) else {
            continue;
        };
        let text = crate::ui::shown(&stop.name, &look.g);
        // One name per station: the stops of one name a few cells apart are one place.
        if named
            .iter()
            .any(|(n, nx, ny)| *n == text && nx.abs_diff(x) < 12 && ny.abs_diff(y) < 3)
        {
            continue;
        }
        let w =
            u16::try_from(unicode_width::UnicodeWidthStr::width(text.as_str())).unwrap_or(u16::MAX);
        // One cell from the station's own (where the trains standing there are counted, so
        // 4 trains at 86 St never read "486 St"), on its right or else its left; no train
        // right beside either end of the name.
        let right = x.checked_add(2);
        let left = x.checked_sub(w.saturating_add(1));
        let Some(at) = [right, left].into_iter().flatten().find(|&at| {
            grid.free(at, y, w)
                && !at.checked_sub(1).is_some_and(|l| trains.taken(l, y))
                && !at.checked_add(w).is_some_and(|r| trains.taken(r, y))
        }) else {
            continue;
        };
        grid.take(at.saturating_sub(1), y, w.saturating_add(2));
        let style = if focus == Some(s.stop) {
            look.theme.accent
        } else {
            look.theme.station
        };
        buf.set_string(at, y, &text, style);
        named.push((text, x, y));
        placed += 1;
        if placed >= most {
            break;
        }
    }
}

/// Which cells of the map are taken (by a name or a train).
struct Grid {
    area: Rect,
    taken: Vec<bool>,
}

impl Grid {
    fn new(area: Rect) -> Self {
        Self {
            area,
            taken: vec![false; usize::from(area.width) * usize::from(area.height)],
        }
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        let a = self.area;
        (a.x <= x && x < a.right() && a.y <= y && y < a.bottom())
            .then(|| usize::from(y - a.y) * usize::from(a.width) + usize::from(x - a.x))
    }

    /// Whether `w` cells from (x, y) are inside and free.
    fn free(&self, x: u16, y: u16, w: u16) -> bool {
        (0..w).all(|i| {
            x.checked_add(i)
                .and_then(|x| self.index(x, y))
                .is_some_and(|i| !self.taken[i])
        })
    }

    /// Whether the cell (x, y) is inside and taken.
    fn taken(&self, x: u16, y: u16) -> bool {
        self.index(x, y).is_some_and(|i| self.taken[i])
    }

    /// Take `w` cells from (x, y) (those inside).
    fn take(&mut self, x: u16, y: u16, w: u16) {
        for i in 0..w {
            if let Some(i) = x.checked_add(i).and_then(|x| self.index(x, y)) {
                self.taken[i] = true;
            }
        }
    }
}

/// The four lateness classes, in order, with their words in the legend.
const LATENESS: [(Lateness, &str); 4] = [
    (Lateness::Early, "early"),
    (Lateness::OnTime, "on time"),
    (Lateness::Late, "1-5 min late"),
    (Lateness::VeryLate, "5+ min late"),
];

/// The legend of the trains' colours with realtime data, on the map's bottom border.
fn lateness_legend(look: &Look) -> Line<'static> {
    let marker = if look.g.ascii { "o" } else { "●" };
    let mut spans = vec![Span::raw(" ")];
    for (l, words) in LATENESS {
        spans.push(Span::styled(
            marker,
            Style::new()
                .fg(look.theme.lateness(l))
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(format!(" {words} "), look.theme.dim));
    }
    Line::from(spans)
}

/// What a train's marker is coloured by: its route (an index), or with realtime data (`live`)
/// its lateness (an index into [`LATENESS`]).
fn colour_key(
    network: &crate::network::Network,
    m: &crate::app::network::Moving,
    live: bool,
) -> u32 {
    if live {
        let class = Lateness::of(m.delay_s);
        LATENESS
            .iter()
            .position(|(l, _)| *l == class)
            .and_then(|k| u32::try_from(k).ok())
            .unwrap_or(u32::MAX)
    } else {
        network
            .trips()
            .get(m.train.trip as usize)
            .map_or(u32::MAX, |t| t.route)
    }
}

/// The trains: a marker in its route's colour (with realtime data, its lateness's), a count
/// where several share a cell, the selected one highlighted.
fn trains(view: &NetworkView, inner: Rect, b: Bounds, buf: &mut Buffer, colours: &mut Colours) {
    let (w, h) = (usize::from(inner.width), usize::from(inner.height));
    // Per cell: how many trains, and the route (or lateness class) of the first (u32::MAX
    // once they differ).
    let mut cells: Vec<(u16, u32)> = vec![(0, 0); w * h];
    let (network, live) = (view.network(), view.realtime());
    for m in &view.trains {
        let (lat, lon) = m.train.place.coord;
        let Some((x, y)) = cell_of(inner, b, lon, lat) else {
            continue;
        };
        let i = usize::from(y - inner.y) * w + usize::from(x - inner.x);
        let route = colour_key(network, m, live);
        if let Some(c) = cells.get_mut(i) {
            c.1 = if c.0 == 0 || c.1 == route {
                route
            } else {
                u32::MAX
            };
            c.0 = c.0.saturating_add(1);
        }
    }
    let g = &colours.look.g;
    for (i, &(count, route)) in cells.iter().enumerate().filter(|(_, c)| c.0 > 0) {
        let (x, y) = (inner.x + (i % w) as u16, inner.y + (i / w) as u16);
        let symbol = match count {
            1 => {
                if g.ascii {
                    "o"
                } else {
                    "●"
                }
            }
            2..=9 => ["", "", "2", "3", "4", "5", "6", "7", "8", "9"][usize::from(count)],
            _ => "+",
        };
        let colour = if route == u32::MAX {
            colours.look.theme.text.fg.unwrap_or(Color::Reset)
        } else if live {
            colours.look.theme.lateness(LATENESS[route as usize % 4].0)
        } else {
            colours.of(route)
        };
        buf.set_string(
            x,
            y,
            symbol,
            Style::new().fg(colour).add_modifier(Modifier::BOLD),
        );
    }
    if let Some(m) = view.selected_train() {
        let (lat, lon) = m.train.place.coord;
        if let Some((x, y)) = cell_of(inner, b, lon, lat) {
            debug_assert_eq!(Some(RunId::of(&m.train)), view.selected);
            buf.set_string(
                x,
                y,
                if g.ascii { "@" } else { "◉" },
                colours.look.theme.train,
            );
        }
    }
}
