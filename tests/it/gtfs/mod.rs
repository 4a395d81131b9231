//! Small GTFS feeds the tests write, and the route files imported from them.
#![allow(dead_code)] // each test file uses its own part of these helpers

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use longrail::import::{Feed, Imported, Request, import_trip};

/// A feed's files by name, starting from a minimal valid one-trip feed.
#[derive(Clone)]
pub struct Files(pub BTreeMap<String, String>);

impl Files {
    /// One agency (`zone`), one route, one trip `T1` running every day of June 2025, and the
    /// given stops and stop times (the CSV lines below the header).
    pub fn new(zone: &str, stops: &str, stop_times: &str) -> Self {
        let mut f = BTreeMap::new();
        f.insert("agency.txt".into(), format!("agency_id,agency_name,agency_url,agency_timezone\nA,Test Rail,https://example.org,{zone}\n"));
        f.insert("routes.txt".into(), "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,IC 7,Northern Express,2\n".into());
        f.insert("trips.txt".into(), "route_id,service_id,trip_id,trip_headsign,trip_short_name,shape_id\nR1,S1,T1,Terminus,701,\n".into());
        f.insert("calendar.txt".into(), "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS1,1,1,1,1,1,1,1,20250601,20250630\n".into());
        f.insert("stops.txt".into(), format!("stop_id,stop_code,stop_name,stop_lat,stop_lon,stop_timezone,parent_station\n{stops}"));
        f.insert("stop_times.txt".into(), format!("trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type,shape_dist_traveled\n{stop_times}"));
        Self(f)
    }

    /// Replace (or add) a file.
    pub fn with(mut self, name: &str, text: &str) -> Self {
        self.0.insert(name.into(), text.into());
        self
    }

    /// Leave a file out.
    pub fn without(mut self, name: &str) -> Self {
        self.0.remove(name);
        self
    }

    /// Write the feed as a folder inside `dir`.
    pub fn write_dir(&self, dir: &Path) -> PathBuf {
        let feed = dir.join("feed");
        std::fs::create_dir_all(&feed).unwrap();
        for (name, text) in &self.0 {
            std::fs::write(feed.join(name), text).unwrap();
        }
        feed
    }

    /// Write the feed as a zip archive inside `dir`.
    pub fn write_zip(&self, dir: &Path) -> PathBuf {
        let path = dir.join("feed.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in &self.0 {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    /// Import trip `T1` (on `date`, when given) from this feed written as a folder.
    pub fn import(&self, date: Option<&str>) -> Result<Imported, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = self.write_dir(dir.path());
        import(&path, "T1", date, None)
    }
}

/// Import `trip` from the feed at `path`.
pub fn import(
    path: &Path,
    trip: &str,
    date: Option<&str>,
    at: Option<&str>,
) -> Result<Imported, String> {
    let mut feed = Feed::open(path).map_err(|d| d.to_string())?;
    let request = Request {
        trip: trip.into(),
        date: date.map(|d| d.parse().unwrap()),
        at: at.map(str::to_owned),
    };
    import_trip(&mut feed, &request).map_err(|d| d.to_string())
}

/// The value of `key` in each `[[stops]]` table of a route file, `None` where it is absent.
pub fn stop_values(text: &str, key: &str) -> Vec<Option<String>> {
    let doc: toml::Value = toml::from_str(text).unwrap();
    doc["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s.get(key)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        })
        .collect()
}

/// The stop times lines of a stop, for building `stop_times.txt`.
pub fn st(stop: &str, seq: u32, arrive: &str, depart: &str) -> String {
    format!("T1,{arrive},{depart},{stop},{seq},0,0,\n")
}

/// One stop of a written route file, with what its comments say about it.
#[derive(Debug)]
pub struct Written {
    /// The GTFS `stop_sequence` its name line names.
    pub sequence: u32,
    /// Whether other stops were folded into it.
    pub merged: bool,
    /// Its `tz`, `arrive` and `depart`.
    pub tz: String,
    /// See `tz`.
    pub arrive: Option<String>,
    /// See `tz`.
    pub depart: Option<String>,
}

/// The stops of a route file the importer wrote.
pub fn written_stops(text: &str) -> Vec<Written> {
    let doc: toml::Value = toml::from_str(text).unwrap();
    let stops = doc["stops"].as_array().unwrap();
    let names: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("name = ") && l.contains("# GTFS stop_id"))
        .collect();
    assert_eq!(names.len(), stops.len());
    stops
        .iter()
        .zip(names)
        .map(|(s, line)| {
            let seq = line.split("stop_sequence ").nth(1).unwrap();
            let seq = seq.split(|c: char| !c.is_ascii_digit()).next().unwrap();
            let get = |k: &str| s.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            Written {
                sequence: seq.parse().unwrap(),
                merged: line.contains("; merged with "),
                tz: get("tz").unwrap(),
                arrive: get("arrive"),
                depart: get("depart"),
            }
        })
        .collect()
}

/// Compare every stop's arrival and departure in `imported` with tests/it/gtfs/oracle.py's own
/// conversion (Python's zoneinfo) of the feed's times; stops other stops were folded into
/// are compared on the side that is their own. Returns how many times were compared.
pub fn check_against_zoneinfo(feed: &Path, trip: &str, imported: &Imported) -> usize {
    let stops = written_stops(&imported.text);
    let zones: BTreeMap<String, String> = stops
        .iter()
        .map(|s| (s.sequence.to_string(), s.tz.clone()))
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/gtfs/oracle.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(feed)
        .arg(trip)
        .arg(imported.service_date.to_string())
        .arg(imported.departure_date.to_string())
        .arg(serde_json::to_string(&zones).unwrap())
        .output()
        .expect("python3 runs the oracle");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: BTreeMap<String, (Option<String>, Option<String>)> =
        serde_json::from_slice(&out.stdout).unwrap();
    let last = stops.len() - 1;
    let mut compared = 0;
    for (i, s) in stops.iter().enumerate() {
        let (arrive, depart) = &expected[&s.sequence.to_string()];
        // A stop keeps its own arrival, except the terminus, which takes the arrival of
        // the stops folded into it; it keeps its own departure unless stops were folded in.
        if i > 0 && !(s.merged && i == last) {
            assert_eq!(
                s.arrive.as_ref(),
                arrive.as_ref(),
                "arrival at stop_sequence {}",
                s.sequence
            );
            compared += 1;
        }
        if i < last && !s.merged {
            assert_eq!(
                s.depart.as_ref(),
                depart.as_ref(),
                "departure at stop_sequence {}",
                s.sequence
            );
            compared += 1;
        }
    }
    compared
}

/// The real feed `name` (`cairns_gtfs.zip`, `nyc_subway_gtfs.zip`), fetched by the setup
/// script when it is not there yet; `None` (after a note) when it cannot be had outside CI.
pub fn real_feed(name: &str) -> Option<PathBuf> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let path = target.join("tools/gtfs-kit/data").join(name);
    if path.is_file() {
        return Some(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/setup-tools");
    let setup = Command::new("bash")
        .arg(&script)
        .arg(target.join("tools/venv"))
        .stdin(Stdio::null())
        .output();
    if path.is_file() {
        return Some(path);
    }
    let why = match setup {
        Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
        Err(e) => e.to_string(),
    };
    assert!(
        !crate::common::bin::in_ci(),
        "the real GTFS feed {name} is needed in CI: {why}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "note: skipping the real-feed test, {name} is not available (in CI this fails): {why}"
    );
    None
}
