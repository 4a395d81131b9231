//! The network view's benchmarks (issue 22), each against `render/floor` in the same run
//! (ratatui filling a bordered 200×60 paragraph, as in `render.rs`):
//! - `netview/nyc_busiest`: the whole network screen at 200×60 with the New York subway at
//!   08:27 on a weekday (about 520 trains; `../shared/feeds`, skipped with a note where absent);
//! - `netview/synthetic_10000`: the same with a network built in memory running 10,000
//!   trains at once, on 60 routes of their own colours over a city of 2,000 stops;
//! - `netview/frame/{10000,100000,1000000}`: a whole frame (the model brought to a new instant,
//!   which finds the trains running, then drawn) of networks of 10,000 to 1,000,000 trips with
//!   the same trains running (about 260): the work must not grow with the trips.
//!
//! Before the benches it prints the bytes a steady 1× frame of the New York subway writes to a
//! 120×40 terminal (changed cells only), against a full repaint, measured as
//! tests/benches/terminal.rs measures the journey's.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use longrail::app::Action;
use longrail::app::network::{Atlas, NetworkView};
use longrail::import::Feed;
use longrail::import::network::{Filter, load};
use longrail::network::{self, Mode, Network, Raw, RawStopTime, RawTrip, Route, Service, Stop};
use longrail::settings::{Settings, config};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

const W: u16 = 200;
const H: u16 = 60;

fn nyc() -> Option<PathBuf> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/feeds/nyc_subway_mta_2026-09-23.zip");
    if path.is_file() {
        return Some(path);
    }
    eprintln!(
        "note: {} is absent; netview/nyc_busiest is skipped",
        path.display()
    );
    None
}

fn settings(paused: bool) -> Settings {
    let mut s = config::finish(config::defaults().unwrap(), false).unwrap();
    s.speed = 1.0;
    s.paused = paused;
    s
}

fn view(network: Network, at: DateTime<Utc>, size: (u16, u16), paused: bool) -> NetworkView {
    NetworkView::new(
        Arc::new(Atlas::new(network)),
        settings(paused),
        at,
        size,
        Duration::ZERO,
    )
}

fn nyc_busiest(size: (u16, u16), paused: bool) -> Option<NetworkView> {
    let path = nyc()?;
    let network = load(&mut Feed::open(&path).unwrap(), &Filter::default())
        .unwrap()
        .network;
    let at = "2026-09-23T12:27:00Z".parse().unwrap();
    Some(view(network, at, size, paused))
}

/// A network of `trips` trips of 4 stops, `per_day` on each of `trips / per_day` days from 1
/// January 2025 (a service per day), each stop `leg` seconds from the last, departing evenly
/// from 05:00 to 24:00; 60 routes in their own colours over a grid of 2,000 stops 30 km wide.
fn network_of(trips: usize, per_day: usize, leg: usize) -> Network {
    let day0 = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let days = trips / per_day;
    let services = (0..days)
        .map(|d| Service {
            added: BTreeSet::from([day0.checked_add_days(Days::new(d as u64)).unwrap()]),
            ..Service::default()
        })
        .collect();
    let (stops, routes) = (grid_stops(), coloured_routes());
    let mut raw = Raw {
        name: "bench".into(),
        zone: Some(chrono_tz::Europe::Paris),
        stops,
        routes,
        services,
        service_ids: (0..days).map(|d| format!("D{d}").into()).collect(),
        ..Raw::default()
    };
    let u = |v: usize| u32::try_from(v).unwrap();
    for i in 0..trips {
        raw.trips.push(RawTrip {
            id: format!("T{i:07}").into(),
            route: u(i % 60),
            service: u(i / per_day),
            shape: None,
            headsign: "".into(),
        });
        let start = 5 * 3600 + (i % per_day) * 19 * 3600 / per_day;
        // Each route runs along a row or a column of the grid.
        let line = i % 60;
        for s in 0..4 {
            let t = i32::try_from(start + s * leg).unwrap();
            let stop = if line < 40 {
                line * 50 + (i / 60 % 12) * 4 + s
            } else {
                ((i / 60 % 9) * 4 + s) * 50 + (line - 40) * 2
            };
            raw.stop_times.push(RawStopTime {
                trip: u(i),
                sequence: u(s),
                stop: u(stop % 2000),
                arrive: t,
                depart: t,
                dist: f32::NAN,
            });
        }
    }
    network::build(raw).0
}

/// 2,000 stops on a grid 50 wide, about 30 km across.
fn grid_stops() -> Vec<Stop> {
    (0..2000)
        .map(|s| Stop {
            id: format!("S{s}").into(),
            name: format!("Stop {s}").into(),
            coord: Some((
                48.7 + f64::from(s / 50) * 0.007,
                2.1 + f64::from(s % 50) * 0.008,
            )),
            parent: None,
            station: false,
        })
        .collect()
}

/// 60 routes, each in a colour of its own.
fn coloured_routes() -> Vec<Route> {
    (0..60u8)
        .map(|r| Route {
            id: format!("R{r}").into(),
            short_name: format!("{r}").into(),
            long_name: String::new().into(),
            route_type: 1,
            mode: Mode::Subway,
            color: Some([
                r.wrapping_mul(37),
                255 - r.wrapping_mul(11),
                r.wrapping_mul(91),
            ]),
            text_color: None,
        })
        .collect()
}

/// Noon (Paris) of day `d` from 1 January 2025.
fn noon(d: usize) -> DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .checked_add_days(Days::new(d as u64))
        .unwrap();
    chrono_tz::Europe::Paris
        .from_local_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[derive(Clone, Default)]
struct Counter(Arc<Mutex<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes of a full repaint and of a steady 1× frame (the mean of 120, a second apart) of
/// the New York subway at 120×40.
fn bytes_per_frame() {
    let Some(mut view) = nyc_busiest((120, 40), false) else {
        return;
    };
    let counter = Counter::default();
    let backend = ratatui::backend::CrosstermBackend::new(counter.clone());
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    };
    let mut terminal = ratatui::Terminal::with_options(backend, options).unwrap();
    terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    let full = *counter.0.lock().unwrap();
    let frames = 120;
    for second in 1..=frames {
        let _ = view.update(Action::Tick, Duration::from_secs(second));
        terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
    }
    let steady = (*counter.0.lock().unwrap() - full) as f64 / frames as f64;
    eprintln!(
        "bytes: full repaint 120x40 = {full} B; steady 1x frame of the New York subway = {steady:.0} B = {:.1}% of a repaint",
        steady / full as f64 * 100.0
    );
}

fn bench(c: &mut Criterion) {
    bytes_per_frame();
    let area = Rect::new(0, 0, W, H);
    let mut g = c.benchmark_group("netview");
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
    if let Some(view) = nyc_busiest((W, H), true) {
        eprintln!("nyc: {} trains running", view.trains.len());
        g.bench_function("nyc_busiest", |b| {
            b.iter(|| {
                let mut buf = Buffer::empty(area);
                black_box(&view).render(area, &mut buf);
                buf
            });
        });
    }
    // 10,000 trains at once: trips of 3 legs of 40 minutes (2 h), 95,000 a day over 19 h.
    let busy = view(network_of(95_000, 95_000, 2400), noon(0), (W, H), true);
    eprintln!("synthetic: {} trains running", busy.trains.len());
    g.bench_function("synthetic_10000", |b| {
        b.iter(|| {
            let mut buf = Buffer::empty(area);
            black_box(&busy).render(area, &mut buf);
            buf
        });
    });
    for trips in [10_000, 100_000, 1_000_000] {
        let days = trips / 10_000;
        let mut v = view(
            network_of(trips, 10_000, 600),
            noon(days / 2),
            (W, H),
            false,
        );
        eprintln!("{trips} trips: {} running", v.trains.len());
        let mut wall = 0u64;
        g.bench_with_input(BenchmarkId::new("frame", trips), &trips, |b, _| {
            b.iter(|| {
                wall = (wall + 1) % 600;
                let _ = v.update(Action::Tick, Duration::from_secs(wall));
                let mut buf = Buffer::empty(area);
                (&v).render(area, &mut buf);
                buf
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
