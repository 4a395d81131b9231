//! Entry points that take untrusted bytes all the way through: the fuzz targets under
//! `tests/fuzz/` call them, and `tests/it/fuzz_regressions.rs` replays the saved inputs through
//! them on every test run. Each returns normally for any input; a panic is a bug.

use std::time::Duration;

use chrono::TimeDelta;

use crate::app::{Action, App, Command};
use crate::route;
use crate::settings::config;
use crate::settings::{self, StartSpec};
use crate::sim::Journey;
use crate::util::files::decode_utf8;

/// A route file's bytes: decode, parse, validate, then (when valid) simulate and render.
pub fn route_bytes(data: &[u8]) {
    let Ok(text) = decode_utf8("fuzz.toml", data.to_vec()) else {
        return;
    };
    route_text(&text);
}

/// A route file's text: parse and validate; when valid, query the train across the journey,
/// print the reports and draw a few frames.
pub fn route_text(text: &str) {
    let Ok(route) = route::parse_route("fuzz.toml", text, None) else {
        return;
    };
    let journey = Journey::new(route);
    let (dep, arr) = (journey.route().departure(), journey.route().arrival());
    let span = (arr - dep).num_seconds().max(1);
    for k in -1..=9 {
        let at = dep + TimeDelta::seconds(span * k / 8);
        let state = journey.state_at(at);
        let _ = crate::report::state_report(&journey, &state);
    }
    let _ = crate::report::timetable_text(
        &journey,
        settings::ClockConvention::Reference,
        settings::Units::Miles,
        settings::NameStyle::Both,
    );
    let Ok(defaults) = config::defaults() else {
        return;
    };
    let Ok(mut s) = config::finish(defaults, false) else {
        return;
    };
    s.start = StartSpec::Instant(dep.fixed_offset());
    let mut app = App::new(journey, s, chrono_tz::UTC, (90, 30), Duration::ZERO);
    for (i, command) in [
        Command::NextEvent,
        Command::ZoomIn,
        Command::Map,
        Command::NextStop,
        Command::ZoomOut,
    ]
    .into_iter()
    .enumerate()
    {
        app.update(Action::Command(command), Duration::from_secs(i as u64));
        let _ = crate::report::frame::render(&app, 90, 30);
    }
}

/// A config file's bytes: decode, parse, validate, build the keymap.
pub fn config_bytes(data: &[u8]) {
    let Ok(text) = decode_utf8("fuzz-config.toml", data.to_vec()) else {
        return;
    };
    if let Ok(layer) = config::parse_layer("fuzz-config.toml", &text)
        && let Ok(defaults) = config::defaults()
    {
        let _ = config::finish(defaults.merge(layer), false);
    }
}

/// A demo script's bytes: decode, parse and check; when valid, place it on the default journey
/// and play it for a while, frame by frame, as `longrail demo` does.
pub fn demo_bytes(data: &[u8]) {
    let Ok(text) = decode_utf8("fuzz-demo.toml", data.to_vec()) else {
        return;
    };
    let Ok(script) = crate::app::demo::parse_named("fuzz-demo.toml", &text) else {
        return;
    };
    let (Some(journey), Ok(defaults)) = (default_journey(), config::defaults()) else {
        return;
    };
    let Ok(s) = config::finish(defaults, false) else {
        return;
    };
    let mut app = App::new(journey.clone(), s, chrono_tz::UTC, (90, 30), Duration::ZERO);
    let Ok(mut director) = crate::app::demo::Director::new(script, &app, true) else {
        return;
    };
    for frame in 0..300 {
        let wall = Duration::from_millis(frame * 200);
        for action in director.step(&app, wall) {
            app.update(action, wall);
        }
    }
    let _ = crate::report::frame::render(&app, 90, 30);
}

/// Text typed where an instant (the `g` prompt, `--start`), a time, a speed or length, event
/// kinds, a hook command, a status format, a size or a key is expected; resolved against the
/// built-in route where it parses.
pub fn instant_text(text: &str) {
    let _ = settings::parse_speed(text);
    let _ = settings::parse_speed_spec(text);
    let _ = settings::parse_event_kinds(text);
    let _ = crate::util::duration::parse_duration(text);
    let _ = crate::term::hooks::parse_command(text);
    let _ = crate::report::status::Format::parse(text);
    let _ = crate::cli::parse::parse_size(text);
    let _ = crate::app::Key::parse(text);
    let _ = route::daytime::DayTime::parse(text);
    if let Ok(start) = StartSpec::parse(text)
        && let Some(journey) = default_journey()
    {
        let departure = journey.route().departure();
        if let Ok(at) = start.resolve(journey, departure) {
            let _ = journey.state_at(at);
        }
        // As typed into the `g` prompt, mid-journey.
        let _ = start.resolve(journey, departure + chrono::TimeDelta::days(3));
    }
}

/// The default built-in journey, built once (the fuzzer calls [`instant_text`] millions of
/// times).
fn default_journey() -> Option<&'static Journey> {
    static JOURNEY: std::sync::OnceLock<Option<Journey>> = std::sync::OnceLock::new();
    JOURNEY
        .get_or_init(|| {
            let b = route::BUILTINS.first()?;
            route::builtin::load_builtin(b, None).ok().map(Journey::new)
        })
        .as_ref()
}

/// Structured route fuzzing: the bytes choose the pieces of a route file (stop count, zones
/// with and without daylight saving, times near the DST changes, odd numbers and names), so
/// the fuzzer spends its time past the TOML parser, in validation and the engine.
pub fn route_choices(data: &[u8]) {
    route_text(&route_from_choices(data));
}

/// Zones the stops and zone entries pick from: with and without daylight saving, odd
/// offsets, and one that does not exist.
const ZONES: &[&str] = &[
    "Asia/Pyongyang",
    "Asia/Vladivostok",
    "Europe/Moscow",
    "America/Chicago",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Nowhere/Atlantis",
    "UTC",
];

/// Stop names to pick from: scripts, control and bidi characters, blank, a trailing space.
const NAMES: &[&str] = &[
    "Omsk",
    "Иркутск",
    "평양",
    "Be\u{1b}[31mta",
    "Gam\u{202e}ma",
    "",
    "Omsk ",
    "x",
];

/// Numbers to pick for coordinates and zone or event km: in and out of range, not finite.
const NUMBERS: &[&str] = &["0", "1.5", "-3", "1e9", "nan", "inf", "91", "181", "42"];

/// Build route text from choice bytes (each byte picks from a small pool).
#[must_use]
pub fn route_from_choices(data: &[u8]) -> String {
    let mut c = Choices(data.iter());
    let mut out = String::from("[route]\nid = \"fuzz\"\nname = \"Fuzz\"\n");
    out += &format!(
        "departure_date = \"2025-{:02}-{:02}\"\n",
        [3, 10, 11, 6][c.pick(4)],
        1 + c.pick(30)
    );
    let stops = 1 + c.pick(8);
    let (mut km, mut minutes) = (0.0, 0);
    for i in 0..stops {
        km += [0.0, 1.0, 80.0, 400.0, -5.0][c.pick(5)];
        minutes += [0, 30, 61, 600, 1440][c.pick(5)];
        push_stop(&mut out, &mut c, i, i + 1 == stops, km, minutes);
    }
    for _ in 0..c.pick(3) {
        out += &format!(
            "[[zones]]\nkm = {}\ntz = \"{}\"\n",
            c.one_of(NUMBERS),
            c.one_of(ZONES)
        );
    }
    for _ in 0..c.pick(3) {
        out += &format!(
            "[[events]]\nkm = {}\nkind = \"{}\"\ntitle = \"t\"\n",
            c.one_of(NUMBERS),
            c.one_of(&["border", "river", "bordr"])
        );
    }
    out
}

/// The choice bytes, read one per choice; past their end every choice is the first.
struct Choices<'a>(std::slice::Iter<'a, u8>);

impl Choices<'_> {
    /// A choice among `n` (`n` 0 counts as 1).
    fn pick(&mut self, n: usize) -> usize {
        usize::from(self.0.next().copied().unwrap_or(0)) % n.max(1)
    }

    /// A choice from `pool`.
    fn one_of<'p>(&mut self, pool: &[&'p str]) -> &'p str {
        pool[self.pick(pool.len())]
    }
}

/// Append stop `i` at `km` and `minutes` after the first departure: its name, place and
/// zone, its times (an arrival but at the first stop, with a chosen offset; a departure but
/// at the `last`) and sometimes a waypoint.
fn push_stop(out: &mut String, c: &mut Choices<'_>, i: usize, last: bool, km: f64, minutes: usize) {
    let clock = format!(
        "day {} {:02}:{:02}",
        1 + minutes / 1440,
        (minutes / 60) % 24,
        minutes % 60
    );
    let offset = c.one_of(&["", " -05:00", " -06:00", " +02:00", " +9"]);
    out.push_str(&format!(
        "[[stops]]\nname = \"{}{i}\"\nkm = {km}\n",
        c.one_of(NAMES).replace('"', "")
    ));
    out.push_str(&format!(
        "lat = {}\nlon = {}\ntz = \"{}\"\n",
        c.one_of(NUMBERS),
        c.one_of(NUMBERS),
        c.one_of(ZONES)
    ));
    if i > 0 {
        out.push_str(&format!("arrive = \"{clock}{offset}\"\n"));
    }
    if !last {
        out.push_str(&format!("depart = \"{clock}\"\n"));
    }
    if c.pick(4) == 0 {
        out.push_str(&format!(
            "via = [[{}, {}]]\n",
            c.one_of(NUMBERS),
            c.one_of(NUMBERS)
        ));
    }
}

/// A GTFS feed's bytes through `import gtfs`: a zip archive as it is (bytes starting `PK`),
/// or else files separated by NUL bytes (agency, routes, trips, calendar, calendar_dates,
/// stops, stop_times, shapes, frequencies) zipped in memory first. Lists the routes, lists
/// each route's trips and imports the first trip; an imported route is then replayed like a
/// route file.
pub fn gtfs_bytes(data: &[u8]) {
    use crate::import::{self, Feed, Request};
    let zip = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        zip_parts(data)
    };
    // 1 MiB per file: enough for any fuzz input, and a bomb stops there.
    let open = || {
        Feed::from_zip(
            Box::new(std::io::Cursor::new(zip.clone())),
            "fuzz.zip".into(),
        )
        .map(|f| f.with_limit(1 << 20))
    };
    let Ok(mut feed) = open() else {
        return;
    };
    let _ = import::list::routes(&mut feed);
    let Ok(trips) = import::gtfs::trips(&mut feed, |_| true) else {
        return;
    };
    for trip in trips.iter().take(2) {
        let _ = import::list::trips(&mut feed, &trip.route);
        let request = Request {
            trip: trip.id.clone(),
            date: None,
            at: Some("08:00".into()),
        };
        let _ = import::import_trip(&mut feed, &request);
        let request = Request {
            at: None,
            ..request
        };
        if let Ok(imported) = import::import_trip(&mut feed, &request) {
            route_text(&imported.text);
        }
    }
}

/// A GTFS feed's bytes (as [`gtfs_bytes`] takes them) through the network model: the whole
/// feed read as `--feed` reads it (with and without a route filter), then the trains running
/// at instants around every service date's clock (before the first departure, at it, past
/// midnight, days later, across the clock changes of its zone), each report and status line
/// made, and the feed's "present" found for a few wall-clock moments; then the network
/// screen drawn at the middle of its service (a train selected, a stop's departures, found
/// by name) at two sizes.
pub fn network_bytes(data: &[u8]) {
    use crate::import::Feed;
    use crate::import::network::{Filter, load};
    let zip = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        zip_parts(data)
    };
    for filter in [
        Filter::default(),
        Filter {
            routes: Vec::new(),
            modes: vec![crate::network::Mode::Rail, crate::network::Mode::Bus],
        },
    ] {
        let feed = Feed::from_zip(
            Box::new(std::io::Cursor::new(zip.clone())),
            "fuzz.zip".into(),
        );
        let Ok(mut feed) = feed.map(|f| f.with_limit(1 << 20)) else {
            return;
        };
        if let Ok(loaded) = load(&mut feed, &filter) {
            query_network(&loaded.network);
            draw_network(loaded.network);
        }
    }
}

/// The network screen of `network` at noon of the middle of its service: drawn whole, with
/// a train selected, with a stop's departures and with the find box, at 80×24 and 3×3.
fn draw_network(network: crate::network::Network) {
    use crate::app::Key;
    use crate::app::network::{Atlas, NetworkView};
    let Some((first, last)) = network.service_span() else {
        return;
    };
    let days = u64::try_from((last - first).num_days() / 2).unwrap_or(0);
    let date = first
        .checked_add_days(chrono::Days::new(days))
        .unwrap_or(first);
    let at = crate::network::clock::service_origin(date, network.zone) + TimeDelta::hours(12);
    let Ok(settings) = config::defaults().and_then(|d| config::finish(d, false)) else {
        return;
    };
    let atlas = std::sync::Arc::new(Atlas::new(network));
    let mut view = NetworkView::new(atlas, settings, at, (80, 24), Duration::ZERO);
    let wall = Duration::ZERO;
    for action in [
        Action::Tick,
        Action::Command(Command::NextTrain),
        Action::Command(Command::Details),
        Action::Command(Command::Back),
        Action::Command(Command::Find),
        Action::Prompt(Key::char('a')),
        Action::Prompt(Key::plain(crate::app::KeyCode::Enter)),
        Action::Resize(3, 3),
        Action::Command(Command::ZoomIn),
    ] {
        let _ = view.update(action, wall);
        let (w, h) = view.size;
        let _ = crate::report::frame::render(&view, w, h);
    }
}

/// Trains, reports and status lines of `network` at instants around its service dates.
fn query_network(network: &crate::network::Network) {
    use chrono::{Days, TimeZone, Utc};
    let Some((first, last)) = network.service_span() else {
        return;
    };
    let mut scratch = crate::network::Scratch::default();
    let mut trains = Vec::new();
    let middle = first.checked_add_days(Days::new(
        u64::try_from((last - first).num_days() / 2).unwrap_or(0),
    ));
    for date in [Some(first), middle, Some(last)].into_iter().flatten() {
        let origin = crate::network::clock::service_origin(date, network.zone);
        for hours in [-1, 0, 5, 8, 12, 23, 25, 30, 49, 73] {
            let at = origin + TimeDelta::hours(hours) + TimeDelta::seconds(hours * 61);
            network.running(at, &mut scratch, &mut trains);
            let _ = crate::report::network::state_report(network, at, &trains);
            let _ = crate::report::network::status_line(network, at, trains.len());
        }
    }
    for now in [0i64, 1_750_000_000, 4_000_000_000] {
        if let chrono::LocalResult::Single(t) = Utc.timestamp_opt(now, 0) {
            let _ = network.present(t, None);
            let _ = network.present(t, Some(first));
        }
    }
    let _ = network.heap_bytes();
}

/// The NUL-separated parts of `data` as the files of a GTFS feed, zipped (stored).
pub fn zip_parts(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    const NAMES: [&str; 9] = [
        "agency.txt",
        "routes.txt",
        "trips.txt",
        "calendar.txt",
        "calendar_dates.txt",
        "stops.txt",
        "stop_times.txt",
        "shapes.txt",
        "frequencies.txt",
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in NAMES.iter().zip(data.split(|b| *b == 0)) {
        if zip.start_file(*name, options).is_err() || zip.write_all(part).is_err() {
            return Vec::new();
        }
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

/// What a viewer of `longrail serve` types: the bytes after the first are cut into packets at
/// the points the first bytes choose (the first says how many points), parsed as the
/// server parses an SSH channel's bytes, and the inputs played through a session and drawn.
/// However the bytes are cut, they must give the same inputs.
///
/// # Panics
/// When two cuttings of the same bytes give different inputs: a parser bug.
#[allow(clippy::panic)] // the mismatch is what the fuzzer looks for
pub fn serve_input(data: &[u8]) {
    let Some((&cuts, rest)) = data.split_first() else {
        return;
    };
    let cuts = usize::from(cuts % 8).min(rest.len());
    let (points, payload) = rest.split_at(cuts);
    let mut packets = Vec::new();
    let mut from = 0;
    let mut sorted: Vec<usize> = points
        .iter()
        .map(|&p| usize::from(p) % (payload.len() + 1))
        .collect();
    sorted.sort_unstable();
    for at in sorted {
        packets.push(&payload[from..at.max(from)]);
        from = at.max(from);
    }
    packets.push(&payload[from..]);
    let parse = |packets: &[&[u8]]| {
        let mut parser = crate::serve::input::Parser::default();
        let mut inputs: Vec<_> = packets.iter().flat_map(|p| parser.feed(p)).collect();
        inputs.extend(parser.flush());
        inputs
    };
    let inputs = parse(&packets);
    if inputs != parse(&[payload]) {
        panic!("cutting {payload:?} into {packets:?} changed the inputs");
    }
    play_inputs(inputs);
}

/// Play `inputs` through a session of the default journey, drawing after each.
fn play_inputs(inputs: Vec<crate::app::session::Input>) {
    use crate::app::session::{Moment, Session};
    let (Some(journey), Ok(defaults)) = (default_journey(), config::defaults()) else {
        return;
    };
    let Ok(s) = config::finish(defaults, false) else {
        return;
    };
    let app = App::new(journey.clone(), s, chrono_tz::UTC, (80, 24), Duration::ZERO);
    let mut session = Session::new(app);
    for (i, input) in inputs.into_iter().take(200).enumerate() {
        let at = Moment {
            wall: Duration::from_millis(u64::try_from(i).unwrap_or(0) * 50),
            utc: chrono::DateTime::UNIX_EPOCH,
        };
        let _ = session.handle(input, at);
        if session.quit() {
            break;
        }
        let (w, h) = session.app().screen().size();
        let _ = crate::report::frame::render(session.app(), w.max(1), h.max(1));
    }
}

/// The small feed [`realtime_bytes`] applies messages to (NUL-separated files, as
/// [`zip_parts`] takes them): stops A to D on a line in Europe/Berlin, every day of 2025; trip
/// T1 (route R1) at 08:00, numbered 1 to 4; trip F1 (route R2) every 30 minutes from 12:00
/// until before 14:00 (frequencies.txt), numbered 10 to 40.
pub const REALTIME_FEED: &str = "agency_id,agency_name,agency_url,agency_timezone\nA,Fuzz Rail,https://example.org,Europe/Berlin\n\0\
route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,One,2\nR2,A,2,Two,3\n\0\
route_id,service_id,trip_id\nR1,S,T1\nR2,S,F1\n\0\
service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20250101,20251231\n\0\
service_id,date,exception_type\n\0\
stop_id,stop_name,stop_lat,stop_lon\nA,Alpha,52.0,13.0\nB,Bravo,52.0,13.2\nC,Charlie,52.0,13.4\nD,Delta,52.0,13.6\n\0\
trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:11:00,B,2\nT1,08:20:00,08:21:00,C,3\nT1,08:30:00,08:30:00,D,4\n\
F1,00:00:00,00:00:00,A,10\nF1,00:10:00,00:11:00,B,20\nF1,00:20:00,00:21:00,C,30\nF1,00:30:00,00:30:00,D,40\n\0\
shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n\0\
trip_id,start_time,end_time,headway_secs\nF1,12:00:00,14:00:00,1800\n";

/// A GTFS-Realtime message's bytes applied to the network of [`REALTIME_FEED`] as `--realtime`
/// applies them (twice: as received, and again ten minutes later), then the trains running
/// and their delays at instants around the message and the service day, the state report,
/// and every trip instance it names: its stops' times (as `timetable --trip` prints them, JSON
/// and table) and where its delay changes.
pub fn realtime_bytes(data: &[u8]) {
    use crate::network::realtime::Realtime;
    static NETWORK: std::sync::OnceLock<Option<crate::network::Network>> =
        std::sync::OnceLock::new();
    let base = NETWORK.get_or_init(|| {
        let zip = zip_parts(REALTIME_FEED.as_bytes());
        let mut feed =
            crate::import::Feed::from_zip(Box::new(std::io::Cursor::new(zip)), "fuzz.zip".into())
                .ok()?;
        let filter = crate::import::network::Filter::default();
        crate::import::network::load(&mut feed, &filter)
            .ok()
            .map(|l| l.network)
    });
    let (Some(base), Ok(snapshot)) = (base, crate::import::realtime::decode(data, "fuzz.pb"))
    else {
        return;
    };
    let mut network = base.clone();
    let mut realtime = Realtime::default();
    let _ = realtime.add(&mut network, &snapshot);
    let mut later = snapshot.clone();
    later.timestamp = Some(later.timestamp.unwrap_or(0).saturating_add(600));
    let _ = realtime.add(&mut network, &later);
    query_realtime(&network, &realtime, snapshot.timestamp);
    realtime_screen(network, realtime);
}

/// The network screen with `realtime` at 08:05 and 12:40 on 10 June 2025, a train selected
/// (its panel with predicted times), drawn at 80x24 and 3x3.
fn realtime_screen(network: crate::network::Network, realtime: crate::network::realtime::Realtime) {
    use crate::app::network::{Atlas, NetworkView};
    let Ok(settings) = config::defaults().and_then(|d| config::finish(d, false)) else {
        return;
    };
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 10).unwrap_or_default();
    let origin = crate::network::clock::service_origin(day, network.zone);
    let atlas = std::sync::Arc::new(Atlas::with_realtime(network, realtime));
    for at in [
        TimeDelta::minutes(8 * 60 + 5),
        TimeDelta::minutes(12 * 60 + 40),
    ] {
        let mut view = NetworkView::new(
            atlas.clone(),
            settings.clone(),
            origin + at,
            (80, 24),
            Duration::ZERO,
        );
        for action in [
            Action::Command(Command::NextTrain),
            Action::Tick,
            Action::Resize(3, 3),
        ] {
            let _ = view.update(action, Duration::ZERO);
            let (w, h) = view.size;
            let _ = crate::report::frame::render(&view, w, h);
        }
    }
}

/// Trains, delays, reports and trip times of `realtime` at instants around `received` and the
/// service day of 10 June 2025.
fn query_realtime(
    network: &crate::network::Network,
    realtime: &crate::network::realtime::Realtime,
    received: Option<i64>,
) {
    use chrono::{DateTime, NaiveDate, Utc};
    let day = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap_or_default();
    let origin = crate::network::clock::service_origin(day, network.zone);
    let mut instants: Vec<DateTime<Utc>> = [7, 8, 12, 13, 25]
        .iter()
        .map(|h| origin + TimeDelta::hours(*h) + TimeDelta::minutes(15))
        .collect();
    if let Some(t) = received.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)) {
        instants.extend([t, t + TimeDelta::minutes(5), t + TimeDelta::hours(2)]);
    }
    let mut scratch = crate::network::Scratch::default();
    let mut trains = Vec::new();
    for at in instants {
        realtime.running(network, at, &mut scratch, &mut trains);
        for t in &trains {
            let _ = realtime.delay(network, t, at);
        }
        let _ = realtime.late_count(network, &trains, at);
        let _ = crate::report::network::state_report_live(network, at, &trains, Some(realtime));
        for trip in 0..u32::try_from(network.trips().len()).unwrap_or(0) {
            for instance in realtime.instances_of(trip) {
                if let Some(times) = realtime.trip_times(network, instance, Some(at)) {
                    let _ = crate::report::trip_times::trip_report(network, &times);
                    let _ = crate::report::trip_times::trip_text(network, &times);
                }
                let _ = realtime.delay_changes(network, instance, at);
            }
        }
    }
}
