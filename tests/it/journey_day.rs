//! One meaning of the journey day everywhere (README, "The journey day"): day 1 is the
//! departure date at the first stop; each midnight the train's clock passes starts the next
//! day; a clock set back across midnight does not take the day back; before the departure it
//! is day 1, after the arrival the last day; a time on another clock carries the train's day.
//! The title, `state`, `status`, the timetable in every clock and `g`/`--start` agree.

use crate::common;
use crate::common::bin::stdout;

use chrono::{DateTime, TimeDelta, Utc};
use longrail::route::BUILTINS;
use longrail::settings::ClockConvention;
use longrail::settings::source::resolve_route;
use longrail::sim::{Journey, JourneyEventKind, Seek};

fn journeys() -> Vec<Journey> {
    BUILTINS
        .iter()
        .map(|b| Journey::new(resolve_route(b.id, None).unwrap()))
        .collect()
}

#[test]
fn the_day_never_goes_back_and_stays_within_the_journey() {
    for j in journeys() {
        let route = j.route();
        let (dep, arr) = (route.departure(), route.arrival());
        let mut t = dep - TimeDelta::days(3);
        let mut last = 1;
        while t <= arr + TimeDelta::days(3) {
            let day = j.journey_day(t);
            assert!(day >= last, "{}: day {last} then {day} at {t}", route.id);
            assert!(
                (1..=j.total_days()).contains(&day),
                "{}: day {day}",
                route.id
            );
            last = day;
            t += TimeDelta::minutes(7);
        }
        assert_eq!(j.journey_day(dep - TimeDelta::days(6)), 1);
        assert_eq!(j.journey_day(arr + TimeDelta::days(5)), j.total_days());
        // Across every clock change, a second either side.
        for e in j.timeline() {
            if matches!(e.kind, JourneyEventKind::ZoneChange { .. }) {
                let before = j.journey_day(e.at - TimeDelta::seconds(1));
                assert!(j.journey_day(e.at) >= before, "{}: {}", route.id, e.title);
            }
        }
    }
}

#[test]
fn every_timetable_clock_prints_days_g_and_start_take_back() {
    for j in journeys() {
        let route = j.route();
        for clock in [
            ClockConvention::Local,
            ClockConvention::Reference,
            ClockConvention::Utc,
        ] {
            for stop in &route.stops {
                for at in [stop.arrive, stop.depart].into_iter().flatten() {
                    let tz = clock.zone(stop.tz, route);
                    let day = j.journey_day(at);
                    assert!(day >= 1, "{}: d{day}", route.id);
                    let zone = match clock {
                        ClockConvention::Local => stop.tz.name().to_owned(),
                        ClockConvention::Reference => "MSK".to_owned(),
                        _ => "UTC".to_owned(),
                    };
                    let typed =
                        format!("day {day} {} {zone}", at.with_timezone(&tz).format("%H:%M"));
                    let back = Seek::parse(&typed)
                        .and_then(|s| s.resolve(&j, route.departure()))
                        .unwrap_or_else(|e| panic!("{}: {typed}: {e}", route.id));
                    assert_eq!(back, at, "{}: {typed}", route.id);
                }
            }
        }
    }
}

#[test]
fn title_state_and_status_agree_before_during_and_after_the_journey() {
    let j = Journey::new(resolve_route("pyongyang-moscow", None).unwrap());
    let total = j.total_days();
    let dep = j.route().departure();
    let mut instants: Vec<DateTime<Utc>> = vec![
        dep - TimeDelta::days(6),
        j.route().arrival() + TimeDelta::days(5),
    ];
    for e in j.timeline() {
        if matches!(e.kind, JourneyEventKind::ZoneChange { .. }) {
            instants.push(e.at - TimeDelta::seconds(1));
            instants.push(e.at + TimeDelta::seconds(1));
        }
    }
    for at in instants {
        let rfc = at.to_rfc3339();
        let day = j.journey_day(at);
        let app = common::app(&rfc, (200, 60));
        let title =
            longrail::report::frame::to_text(&longrail::report::frame::render(&app, 200, 60));
        let title = title.lines().next().unwrap().to_owned();
        assert!(
            title.contains(&format!("day {day} of {total}")),
            "{rfc}: {title}"
        );
        let state = stdout(&["state", "--at", &rfc]);
        assert!(
            state.contains(&format!("\"journey_day\": {day},")),
            "{rfc}: {state}"
        );
        let status = stdout(&["status", "--at", &rfc, "--format", "%d/%D"]);
        assert_eq!(status.trim(), format!("{day}/{total}"), "{rfc}");
    }
}
