//! A synthetic GTFS feed as large as wanted, for the network benches and `feed_load`
//! (included by both with `#[path]`): routes of 30 stops along their own shapes, trips every
//! few minutes from 05:00 to 01:00 on weekdays, Saturdays and Sundays, written as a folder.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Stops per trip (and per route).
pub const STOPS: usize = 30;

/// Write a feed of `trips` trips of [`STOPS`] stops (`trips * STOPS` stop times) into `dir`,
/// unless its `stop_times.txt` is already there.
pub fn write_feed(dir: &Path, trips: usize) -> std::io::Result<()> {
    if dir.join("stop_times.txt").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let routes = (trips / 1000).clamp(1, 200);
    let put = |name: &str, text: &str| std::fs::write(dir.join(name), text);
    put(
        "agency.txt",
        "agency_id,agency_name,agency_url,agency_timezone\nA,Synthetic Transit,https://example.org,Europe/Paris\n",
    )?;
    put(
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20250101,20251231\nSA,0,0,0,0,0,1,0,20250101,20251231\nSU,0,0,0,0,0,0,1,20250101,20251231\n",
    )?;
    put(
        "calendar_dates.txt",
        "service_id,date,exception_type\nWK,20250714,2\nSU,20250714,1\n",
    )?;
    let (mut r, mut stops, mut shapes) = (
        String::from(
            "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\n",
        ),
        String::from("stop_id,stop_name,stop_lat,stop_lon\n"),
        String::from("shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n"),
    );
    for k in 0..routes {
        let (lat0, lon0) = (48.5 + (k % 20) as f64 * 0.02, 2.0 + (k / 20) as f64 * 0.05);
        let _ = writeln!(r, "R{k},A,{k},Line {k},3,{:06X}", k * 0x10_3050 % 0xFF_FFFF);
        for s in 0..STOPS {
            let _ = writeln!(
                stops,
                "S{k}-{s},Stop {s} of line {k},{:.6},{:.6}",
                lat0 + s as f64 * 0.004,
                lon0 + (s as f64 * 0.5).sin() * 0.01
            );
        }
        for p in 0..STOPS * 6 {
            let f = p as f64 / 6.0;
            let _ = writeln!(
                shapes,
                "SH{k},{:.6},{:.6},{p}",
                lat0 + f * 0.004,
                lon0 + (f * 0.5).sin() * 0.01 + 0.0003
            );
        }
    }
    put("routes.txt", &r)?;
    put("stops.txt", &stops)?;
    put("shapes.txt", &shapes)?;
    write_trips(dir, trips, routes)
}

/// `trips.txt` and `stop_times.txt`: the trips spread over the routes, the day types and the
/// hours from 05:00 to 01:00.
fn write_trips(dir: &Path, trips: usize, routes: usize) -> std::io::Result<()> {
    let mut t = std::io::BufWriter::new(std::fs::File::create(dir.join("trips.txt"))?);
    let mut st = std::io::BufWriter::new(std::fs::File::create(dir.join("stop_times.txt"))?);
    writeln!(
        t,
        "route_id,service_id,trip_id,trip_headsign,direction_id,shape_id"
    )?;
    writeln!(
        st,
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type"
    )?;
    let clock = |s: usize| format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    for i in 0..trips {
        let (k, service) = (i % routes, ["WK", "SA", "SU"][i / routes % 3]);
        let start = 5 * 3600 + (i / routes / 3) * 1200 % (20 * 3600) + (i % 7) * 60;
        writeln!(t, "R{k},{service},T{i:07},Stop 29 of line {k},0,SH{k}")?;
        for s in 0..STOPS {
            let arrive = start + s * 150;
            let depart = arrive + if s == 0 || s + 1 == STOPS { 0 } else { 30 };
            writeln!(
                st,
                "T{i:07},{},{},S{k}-{s},{},0,0",
                clock(arrive),
                clock(depart),
                s + 1
            )?;
        }
    }
    t.flush()?;
    st.flush()
}
