//! Every event of every built-in route, and of a route written for this test through a
//! daylight-saving change (`tests/fixtures/valid/dst-spring-zones.toml`), seen at its own
//! instant: the train is on the far side of it. The instant printed (whole seconds, as `state`
//! and the hooks write it) is the instant meant; `state` there lists the event as the last one,
//! never as the next; the clock at a zone change already shows the new zone, and its offset is
//! the one Python's `zoneinfo` gives for that zone and instant.

use crate::common;

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use longrail::app::{Action, Command};
use longrail::route::BUILTINS;
use longrail::settings::source::{load_route_file, resolve_route};
use longrail::sim::{Journey, JourneyEventKind};

const FIXTURE: &str = "tests/fixtures/valid/dst-spring-zones.toml";

fn journeys() -> Vec<(String, Journey)> {
    let mut all: Vec<(String, Journey)> = BUILTINS
        .iter()
        .map(|b| {
            (
                b.id.to_owned(),
                Journey::new(resolve_route(b.id, None).unwrap()),
            )
        })
        .collect();
    let route = load_route_file(std::path::Path::new(FIXTURE), None).unwrap();
    all.push((FIXTURE.to_owned(), Journey::new(route)));
    all
}

/// Check one event `i` of `journey` at its own instant.
fn far_side(name: &str, journey: &Journey, i: usize) {
    let event = &journey.timeline()[i];
    let what = format!("{name}: {} at {}", event.title, event.at);
    let printed = event.at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let read: DateTime<Utc> = printed.parse().unwrap();
    assert_eq!(
        read, event.at,
        "{what}: printed as {printed}, which is another instant"
    );
    let state = journey.state_at(read);
    if event.kind.is_notable() {
        let last = state.last_event.map(|l| journey.timeline()[l].at);
        assert_eq!(last, Some(event.at), "{what}: not the last event there");
        if let Some(next) = state.next_event {
            assert!(
                journey.timeline()[next].at > event.at,
                "{what}: still listed as next ({})",
                journey.timeline()[next].title
            );
        }
        assert!(
            state.km >= event.km - 1e-9,
            "{what}: the train is at km {}",
            state.km
        );
    }
    if let JourneyEventKind::ZoneChange { from, to, .. } = event.kind {
        assert_eq!(state.tz, to, "{what}: the clock still shows {}", state.tz);
        let before = journey.state_at(read - TimeDelta::seconds(1));
        assert_eq!(
            before.tz, from,
            "{what}: a second before, already {}",
            before.tz
        );
    }
}

#[test]
fn at_every_event_the_train_is_on_its_far_side() {
    for (name, journey) in journeys() {
        for i in 0..journey.timeline().len() {
            far_side(&name, &journey, i);
        }
    }
}

/// The UTC offsets Python's `zoneinfo` gives for (zone, instant) pairs, one a line.
fn zoneinfo_offsets(pairs: &[(String, String)]) -> Vec<i64> {
    let script = "import sys, datetime, zoneinfo\n\
        for line in sys.stdin:\n\
        \x20   tz, at = line.split()\n\
        \x20   t = datetime.datetime.fromisoformat(at.replace('Z', '+00:00'))\n\
        \x20   print(int(t.astimezone(zoneinfo.ZoneInfo(tz)).utcoffset().total_seconds()))\n";
    let input: String = pairs
        .iter()
        .map(|(tz, at)| format!("{tz} {at}\n"))
        .collect();
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with zoneinfo is the oracle");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

#[test]
fn at_every_zone_change_the_offset_is_zoneinfos_for_the_new_zone() {
    let mut pairs = Vec::new();
    let mut ours = Vec::new();
    for (_, journey) in journeys() {
        for event in journey.timeline() {
            if let JourneyEventKind::ZoneChange { to, .. } = event.kind {
                let state = journey.state_at(event.at);
                pairs.push((
                    to.name().to_owned(),
                    event.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                ));
                ours.push(i64::from(state.offset.local_minus_utc()));
            }
        }
    }
    assert!(pairs.len() > 20, "{} zone changes", pairs.len());
    assert_eq!(ours, zoneinfo_offsets(&pairs));
}

#[test]
fn after_a_jump_to_a_clock_change_the_app_shows_the_new_clock() {
    for (name, _) in journeys().into_iter().filter(|(n, _)| n != FIXTURE) {
        let mut app = common::app_with(common::settings(&name, "departure"), (120, 40));
        let mut wall = Duration::ZERO;
        let mut seen = 0;
        loop {
            let before = app.now();
            wall += Duration::from_millis(10);
            app.update(Action::Command(Command::NextZone), wall);
            if app.now() == before {
                break;
            }
            let event = app
                .journey()
                .timeline()
                .iter()
                .find(|e| {
                    e.at == app.now() && matches!(e.kind, JourneyEventKind::ZoneChange { .. })
                })
                .unwrap_or_else(|| {
                    panic!("{name}: `c` landed at {}, on no clock change", app.now())
                });
            let JourneyEventKind::ZoneChange { to, delta_secs, .. } = event.kind else {
                unreachable!()
            };
            assert_ne!(
                delta_secs, 0,
                "{name}: `c` stopped where the clock does not change"
            );
            assert_eq!(app.state().tz, to, "{name}: after `c` to {}", event.title);
            seen += 1;
        }
        if name.contains("moscow") {
            assert!(
                seen >= 8,
                "{name}: only {seen} clock changes reached with `c`"
            );
        }
    }
}
