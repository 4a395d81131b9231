//! What the tests share: an app at a fixed instant with fixed settings (here), the app's
//! binary run as a command ([`bin`]), and a program in a pseudo-terminal with its screen read by
//! a VT parser ([`pty`]).
#![allow(dead_code)] // each test module uses its own part

pub mod bin;
pub mod pty;
pub mod ssh;

use std::time::Duration;

use longrail::app::App;
use longrail::settings::config;
use longrail::settings::source::resolve_route;
use longrail::settings::{Settings, StartSpec};
use longrail::sim::Journey;

/// Default settings as shipped, starting paused at `at` on `route`.
pub fn settings(route: &str, at: &str) -> Settings {
    let mut s = config::finish(config::defaults().unwrap(), false).unwrap();
    s.route = route.to_owned();
    s.start = StartSpec::parse(at).unwrap();
    s.paused = true;
    s
}

/// An app on `route` at `at`, `w`×`h`, with the user's zone fixed to Tokyo.
pub fn app_with(settings: Settings, size: (u16, u16)) -> App {
    let journey = Journey::new(resolve_route(&settings.route, None).unwrap());
    App::new(
        journey,
        settings,
        chrono_tz::Asia::Tokyo,
        size,
        Duration::ZERO,
    )
}

/// The default route at `at`.
pub fn app(at: &str, size: (u16, u16)) -> App {
    app_with(settings("pyongyang-moscow", at), size)
}

/// The default route at `at`, with every built-in train that shares its line.
pub fn app_with_trains(at: &str, size: (u16, u16)) -> App {
    app_with_trains_on(None, at, size)
}

/// The default route's run of `date` (its own without one) at `at`, with every built-in
/// train that shares its line.
pub fn app_with_trains_on(date: Option<&str>, at: &str, size: (u16, u16)) -> App {
    app_with_trains_from(settings("pyongyang-moscow", at), date, size)
}

/// An app with `s` (on the default route) on the route's run of `date` (its own without
/// one), with every built-in train that shares its line.
pub fn app_with_trains_from(s: Settings, date: Option<&str>, size: (u16, u16)) -> App {
    use longrail::app::Fleet;
    use longrail::settings::source::resolve_source;
    let source = resolve_source(&s.route).unwrap();
    let route = source.load(date.map(|d| d.parse().unwrap())).unwrap();
    let candidates = longrail::settings::source::line_candidates(&source);
    let fleet = Fleet::of_line(source, &route, candidates);
    App::new(
        Journey::new(route),
        s,
        chrono_tz::Asia::Tokyo,
        size,
        Duration::ZERO,
    )
    .with_fleet(fleet)
}
