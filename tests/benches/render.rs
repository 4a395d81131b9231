//! Rendering benchmarks at 200×60, each into a ratatui `Buffer` (no terminal):
//! - `render/floor`: ratatui's own cost to fill the screen (a bordered block with a paragraph
//!   holding a character in every cell);
//! - `render/strip`, `render/map`, `render/split`: longrail's whole screens mid-journey;
//! - `render/world_map`: ratatui's own high-resolution world map in a braille canvas of the same
//!   size, a baseline for the map view;
//! - `render/map/ROUTE/ZOOM`: the map screen of three routes on three continents (the
//!   Trans-Siberian, the California Zephyr, Paris–Berlin) at three zooms following the train:
//!   the whole route, 4° of latitude tall (about 450 km) and 0.5° (about 55 km).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use longrail::app::App;
use longrail::app::map_view::{MapView, View};
use longrail::settings::StartSpec;
use longrail::settings::config;
use longrail::settings::source::resolve_route;
use longrail::sim::Journey;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

const W: u16 = 200;
const H: u16 = 60;

/// The routes of `render/map/ROUTE/ZOOM`: (name, route, an instant mid-journey).
const ROUTES: [(&str, &str, &str); 3] = [
    ("trans_siberian", "pyongyang-moscow", "2025-06-22T15:45:00Z"),
    (
        "zephyr",
        "tests/fixtures/world/california-zephyr.toml",
        "2025-06-18T16:20:00Z",
    ),
    (
        "paris_berlin",
        "tests/fixtures/world/paris-berlin.toml",
        "2025-06-17T09:50:00Z",
    ),
];

/// The zooms of `render/map/ROUTE/ZOOM`: (name, degrees of latitude shown).
const ZOOMS: [(&str, Option<f64>); 3] =
    [("whole", None), ("450km", Some(4.0)), ("55km", Some(0.5))];

fn app(view: View) -> App {
    app_on("pyongyang-moscow", "2025-06-22T15:45:00Z", view)
}

fn app_on(route: &str, at: &str, view: View) -> App {
    let mut s = config::finish(config::defaults().unwrap(), false).unwrap();
    s.start = StartSpec::parse(at).unwrap();
    s.paused = true;
    let journey = Journey::new(resolve_route(route, None).unwrap());
    App::new(journey, s, chrono_tz::Asia::Tokyo, (W, H), Duration::ZERO).with_view(view)
}

fn bench(c: &mut Criterion) {
    let area = Rect::new(0, 0, W, H);
    let mut g = c.benchmark_group("render");
    let text: String = (0..H)
        .map(|_| "x".repeat(usize::from(W)))
        .collect::<Vec<_>>()
        .join("\n");
    g.bench_function("floor", |b| {
        b.iter(|| {
            let mut buf = Buffer::empty(area);
            Paragraph::new(black_box(text.as_str()))
                .block(Block::default().borders(Borders::ALL))
                .render(area, &mut buf);
            buf
        });
    });
    for (name, view) in [
        ("strip", View::Strip),
        ("map", View::Map),
        ("split", View::Split),
    ] {
        let app = app(view);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut buf = Buffer::empty(area);
                black_box(&app).render(area, &mut buf);
                buf
            });
        });
    }
    bench_world(&mut g, area);
    let map_app = app(View::Map);
    let bounds = map_app.map_bounds();
    g.bench_function("world_map", |b| {
        b.iter(|| {
            let mut buf = Buffer::empty(area);
            Canvas::default()
                .block(Block::default().borders(Borders::ALL))
                .marker(Marker::Braille)
                .x_bounds([bounds.0, bounds.2])
                .y_bounds([bounds.1, bounds.3])
                .paint(|ctx| {
                    ctx.draw(&Map {
                        resolution: MapResolution::High,
                        color: Color::Green,
                    })
                })
                .render(area, &mut buf);
            buf
        });
    });
    g.finish();
}

/// `render/map/ROUTE/ZOOM`: the map screen of every route of `ROUTES` at every zoom of `ZOOMS`.
fn bench_world(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    area: Rect,
) {
    for (route, file, at) in ROUTES {
        for (zoom, span) in ZOOMS {
            let map = MapView {
                span,
                ..MapView::default()
            };
            let app = app_on(file, at, View::Map).with_map(map);
            g.bench_function(format!("map/{route}/{zoom}"), |b| {
                b.iter(|| {
                    let mut buf = Buffer::empty(area);
                    black_box(&app).render(area, &mut buf);
                    buf
                });
            });
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
