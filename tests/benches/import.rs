//! `import gtfs` benchmarks on synthetic feeds of 10,000 and 1,000,000 `stop_times.txt` rows
//! (100 trips of 100 stops, and 10,000 trips of 100 stops; each stop names its zone):
//! - `import/trip/{10000,1000000}`: importing one trip (the middle one) from the feed, the
//!   whole way from opening the folder to the checked route file text;
//! - `import/csv-read/{10000,1000000}`: the `csv` crate alone reading every row of the same
//!   `stop_times.txt` into records, the reader's own cost, so that the importer's is the
//!   ratio of the two.
//!
//! Both report time per row (criterion's throughput in elements). The feeds stay in
//! `target/bench-gtfs/` for peak-memory measurements of the real binary, e.g.
//! `/usr/bin/time -v target/release/longrail import gtfs target/bench-gtfs/rows-1000000
//! --trip T5000 > /dev/null`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use longrail::import::{Feed, Request, import_trip};

const STOPS_PER_TRIP: usize = 100;

/// Write (once) a feed of `rows` stop times: trips of 100 stops 5 km and 4 minutes apart
/// with 1-minute dwells, along the 50th parallel, every stop in Europe/Berlin.
fn feed(rows: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-gtfs/rows-{rows}"));
    let done = dir.join("stop_times.txt");
    if done.is_file() {
        return dir;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let trips = rows / STOPS_PER_TRIP;
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "agency.txt",
        "agency_id,agency_name,agency_url,agency_timezone\nA,Bench Rail,https://example.org,Europe/Berlin\n",
    );
    write(
        "routes.txt",
        "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,B,Bench Line,2\n",
    );
    write(
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,20250601,20250630\n",
    );
    let mut stops = String::from("stop_id,stop_name,stop_lat,stop_lon,stop_timezone\n");
    for s in 0..STOPS_PER_TRIP {
        let _ = writeln!(
            stops,
            "S{s},Station {s},50.0,{:.5},Europe/Berlin",
            6.0 + s as f64 * 0.07
        );
    }
    write("stops.txt", &stops);
    let mut trip_rows = String::from("route_id,service_id,trip_id,trip_headsign\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for t in 0..trips {
        let _ = writeln!(trip_rows, "R1,S1,T{t},Station 99");
        let start = 5 * 3600 + (t % 100) * 60;
        for s in 0..STOPS_PER_TRIP {
            let arrive = start + s * 300;
            let depart = arrive + if s == 0 { 0 } else { 60 };
            let _ = writeln!(
                times,
                "T{t},{},{},S{s},{}",
                clock(arrive),
                clock(depart),
                s + 1
            );
        }
    }
    write("trips.txt", &trip_rows);
    write("stop_times.txt", &times);
    dir
}

fn clock(secs: usize) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn import_one(dir: &Path, rows: usize) -> usize {
    let mut feed = Feed::open(dir).unwrap();
    let request = Request {
        trip: format!("T{}", rows / STOPS_PER_TRIP / 2),
        date: None,
        at: None,
    };
    import_trip(&mut feed, &request).unwrap().text.len()
}

fn csv_read(dir: &Path) -> usize {
    let mut reader = csv::Reader::from_path(dir.join("stop_times.txt")).unwrap();
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    while reader.read_record(&mut record).unwrap() {
        n += record.len();
    }
    n
}

fn bench_import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for rows in [10_000usize, 1_000_000] {
        let dir = feed(rows);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("trip", rows), &dir, |b, dir| {
            b.iter(|| black_box(import_one(dir, rows)));
        });
        group.bench_with_input(BenchmarkId::new("csv-read", rows), &dir, |b, dir| {
            b.iter(|| black_box(csv_read(dir)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
