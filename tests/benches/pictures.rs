//! Pictures against casts (`cargo bench --bench pictures`), each pair from the same app:
//! - `pictures/png_200x60` against `pictures/cast_200x60`: one mid-journey frame at 200×60 as a
//!   PNG (render, rasterise, encode) and as a one-frame asciicast;
//! - `pictures/gif_demo` against `pictures/cast_demo`: the built-in demo for 60 s at 100×30
//!   and 5 fps (300 frames) as an animated GIF and as an asciicast.
//!
//! Before the timings it prints the bytes each of them writes.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use longrail::app::App;
use longrail::app::demo::{DEFAULT_SCRIPT, DEFAULT_SCRIPT_FILE, Director, parse_named};
use longrail::app::session::Session;
use longrail::report::cast::{self, RecordOptions};
use longrail::report::frame;
use longrail::report::picture::{Look, gif, png};
use longrail::settings::StartSpec;
use longrail::settings::config;
use longrail::settings::source::resolve_route;
use longrail::sim::Journey;

fn app(size: (u16, u16)) -> App {
    let mut s = config::finish(config::defaults().unwrap(), false).unwrap();
    s.start = StartSpec::parse("2025-06-22T15:45:00Z").unwrap();
    let journey = Journey::new(resolve_route("pyongyang-moscow", None).unwrap());
    App::new(journey, s, chrono_tz::Asia::Tokyo, size, Duration::ZERO)
}

fn options(size: (u16, u16), fps: u32, duration: Duration) -> RecordOptions {
    RecordOptions {
        size,
        fps,
        duration,
        title: "bench".to_owned(),
        timestamp: None,
        shell: None,
    }
}

/// The demo as `record --demo` plays it.
fn demo(size: (u16, u16)) -> Session {
    let app = app(size);
    let script = parse_named(DEFAULT_SCRIPT_FILE, DEFAULT_SCRIPT).unwrap();
    let director = Director::new(script, &app, true).unwrap();
    Session::new(app).with_director(director)
}

fn png_of(app: &App) -> Vec<u8> {
    let buf = frame::render(app, 200, 60);
    let mut out = Vec::new();
    png::write(&buf, Look::of(app), "bench", &mut out).unwrap();
    out
}

fn cast_of(session: Session, opts: &RecordOptions) -> Vec<u8> {
    let mut out = Vec::new();
    cast::record(session, opts, &mut |_| Vec::new(), &mut out).unwrap();
    out
}

fn gif_of(session: Session, opts: &RecordOptions) -> Vec<u8> {
    let look = Look::of(session.app());
    let mut out = Vec::new();
    gif::record(session, opts, look, &mut |_| Vec::new(), &mut out).unwrap();
    out
}

fn bench(c: &mut Criterion) {
    let still = app((200, 60));
    let one = options((200, 60), 1, Duration::from_secs(1));
    let minute = options((100, 30), 5, Duration::from_secs(60));
    println!(
        "bytes: png_200x60 {}, cast_200x60 {}, gif_demo {}, cast_demo {}",
        png_of(&still).len(),
        cast_of(Session::new(app((200, 60))), &one).len(),
        gif_of(demo((100, 30)), &minute).len(),
        cast_of(demo((100, 30)), &minute).len(),
    );
    let mut g = c.benchmark_group("pictures");
    g.bench_function("png_200x60", |b| b.iter(|| png_of(&still)));
    g.bench_function("cast_200x60", |b| {
        b.iter_batched(
            || Session::new(app((200, 60))),
            |s| cast_of(s, &one),
            criterion::BatchSize::SmallInput,
        );
    });
    g.sample_size(10);
    g.bench_function("gif_demo", |b| {
        b.iter_batched(
            || demo((100, 30)),
            |s| gif_of(s, &minute),
            criterion::BatchSize::SmallInput,
        );
    });
    g.bench_function("cast_demo", |b| {
        b.iter_batched(
            || demo((100, 30)),
            |s| cast_of(s, &minute),
            criterion::BatchSize::SmallInput,
        );
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
