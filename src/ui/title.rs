//! The title bar: route, status, journey day, progress, speed, paused badge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::sim::Status;
use crate::util::format::{duration_text, speed_text};
use unicode_width::UnicodeWidthStr;

/// What the train is doing, in words: `running Omsk → Novosibirsk`.
#[must_use]
pub fn status_text(app: &App, g: &Glyphs) -> String {
    status_within(app, g, usize::MAX)
}

/// The status with each station name cut to at most `name_width` columns.
fn status_within(app: &App, g: &Glyphs, name_width: usize) -> String {
    let stops = &app.journey().route().stops;
    let name = |i: Option<usize>| {
        i.and_then(|i| stops.get(i)).map_or_else(String::new, |s| {
            truncate(&super::shown(&s.name, g), name_width, g.ellipsis)
        })
    };
    let s = app.state();
    match s.status {
        Status::NotDeparted => format!("waiting to depart {}", name(s.stop)),
        Status::Stopped => format!("stopped at {}", name(s.stop)),
        Status::Running => format!(
            "running {} {} {}",
            name(s.previous_stop),
            g.arrow,
            name(s.next_stop)
        ),
        Status::Arrived if app.clock().live() => between_runs(app, &name(s.stop)),
        Status::Arrived => format!("arrived at {}", name(s.stop)),
    }
}

/// Whether the title shows the present between two runs (the last has arrived, the next has
/// not left): then the stale run's day and progress are left out.
fn is_between_runs(app: &App) -> bool {
    app.clock().live() && app.state().status == Status::Arrived
}

/// Showing the present (`--now`, `w`) after the last run has arrived and before the next
/// leaves: when the next departs, then when the last arrived.
fn between_runs(app: &App, stop: &str) -> String {
    let route = app.journey().route();
    let arrived = route.arrival();
    let tz = route.stops.last().map_or(chrono_tz::UTC, |s| s.tz);
    let arrived_text = arrived.with_timezone(&tz).format("%-d %b %H:%M");
    let next = next_departure(route).map_or_else(
        || "no later departure in the timetable".to_owned(),
        |at| {
            let tz = route.stops.first().map_or(chrono_tz::UTC, |s| s.tz);
            format!(
                "next departure {}, in {}",
                at.with_timezone(&tz).format("%-d %b"),
                duration_text(at - app.now())
            )
        },
    );
    format!("{next} · between runs: the last arrived at {stop} {arrived_text}")
}

/// The departure of the run after `route`'s, by its service days.
fn next_departure(route: &crate::route::Route) -> Option<chrono::DateTime<chrono::Utc>> {
    use crate::route::calendar::{LOOKBACK_DAYS, departures_between};
    let from = route.departure_date.succ_opt()?;
    let to = from.checked_add_days(chrono::Days::new(LOOKBACK_DAYS as u64))?;
    let date = *departures_between(route, from, to).first()?;
    crate::route::calendar::run_departure(route, date)
}

/// The app's name at the left, while there is room for it.
const BRAND: &str = " longrail ";

/// Draw the title bar.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    buf.set_style(area, theme.title);
    let badge = badge(app, usize::from(area.width));
    let room = usize::from(area.width).saturating_sub(badge.width() + 1);
    let (brand, body) = title_text(app, g, room);
    let spans = vec![
        Span::styled(brand, theme.title.patch(theme.accent)),
        Span::styled(format!("{body} "), theme.title),
        Span::styled(badge, theme.badge),
    ];
    Line::from(spans).render(area, buf);
}

/// The badge at the right: live mode, paused, or none; the live badge shortened on a
/// narrow bar.
fn badge(app: &App, width: usize) -> &'static str {
    if app.clock().live() {
        if width >= 120 {
            " NOW, BY THE TIMETABLE: NOT LIVE TRACKING "
        } else {
            " TIMETABLE NOW "
        }
    } else if app.clock().paused() {
        " PAUSED "
    } else {
        ""
    }
}

/// The brand and the body for `room` columns. Every field stays, in priority order: the
/// route's name, the status, the day and progress, the speed and the dwell time skipped.
/// Going narrower, the skipped note, the progress and the day shorten, the brand goes, then
/// the names are cut with `…` (the route's name last).
fn title_text(app: &App, g: &Glyphs, room: usize) -> (String, String) {
    let (progress_long, progress_short) = progress_texts(app);
    let (day_long, day_short) = day_texts(app);
    let (skipped, skipped_short) = skipped_texts(app);
    let speed = speed_text(app.clock().speed());
    let name = run_name(app, g);
    let status = status_text(app, g);
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(g.sep)
    };
    if is_between_runs(app) {
        // The next departure first; the route's name gives way to it on a narrow bar.
        let mut text = format!(" {}", join(&[&name, &status, &speed]));
        if text.width() > room {
            let name = truncate(&name, 12, g.ellipsis);
            text = format!(" {}", join(&[&name, &status, &speed]));
        }
        return (String::new(), truncate(&text, room, g.ellipsis));
    }
    let forms = [
        (&progress_long, &skipped, &day_long, BRAND),
        (&progress_short, &skipped_short, &day_long, BRAND),
        (&progress_short, &skipped_short, &day_short, BRAND),
        (&progress_short, &skipped_short, &day_short, ""),
    ];
    let tries = forms.map(|(progress, skipped, day, brand)| {
        (
            brand,
            vec![
                name.as_str(),
                status.as_str(),
                day.as_str(),
                progress.as_str(),
                speed.as_str(),
                skipped.as_str(),
            ],
        )
    });
    for (brand, parts) in &tries {
        let lead = if brand.is_empty() { " " } else { "" };
        let text = format!("{lead}{}", join(parts));
        if brand.width() + text.width() <= room {
            return ((*brand).to_owned(), text);
        }
    }
    let tail = join(&[&day_short, &progress_short, &speed, &skipped_short]);
    (String::new(), cut_names(app, g, &name, &tail, room))
}

/// The route's name, and the run's date when it is not the run the app opened on (after `w`,
/// Tab or the run picker): `Pyongyang → Moscow 3 Jul`, with the year when it differs.
fn run_name(app: &App, g: &Glyphs) -> String {
    let name = super::shown(&app.journey().route().name, g);
    if app.trains().selected() == app.trains().home() {
        return name;
    }
    use chrono::Datelike;
    let date = app.trains().selected().date;
    let format = if date.year() == app.trains().home().date.year() {
        "%-d %b"
    } else {
        "%-d %b %Y"
    };
    format!("{name} {}", date.format(format))
}

/// The route's name a cut title keeps when 8 columns leave less than 5 of it: enough for a
/// word after a train's number (`IC 7 Norther…`).
const NAME_LEAST: usize = 12;

/// The title with the names cut to fit `room`: the route's `name` keeps what the stations
/// in the status (cut down to 6 columns each) leave it, at least 8 columns (or
/// [`NAME_LEAST`] when 8 keep too little); the status gets
/// the rest; `tail` (day, progress, speed) is kept whole.
fn cut_names(app: &App, g: &Glyphs, name_full: &str, tail: &str, room: usize) -> String {
    let name = name_full;
    let join = |parts: &[&str]| parts.join(g.sep);
    let status = status_text(app, g);
    let fixed = tail.width() + 2 * g.sep.width() + 1;
    let left = room.saturating_sub(fixed);
    let name_room = name
        .width()
        .min(left.saturating_sub(status_within(app, g, 6).width()))
        .max(8);
    let mut name = truncate(name, name_room, g.ellipsis);
    if name.trim_end_matches(g.ellipsis).width() < 5 {
        // `IC…` says nothing: a word after the train's number does.
        name = truncate(name_full, NAME_LEAST, g.ellipsis);
    }
    let status_room = left.saturating_sub(name.width());
    let status = (1..=status.width())
        .rev()
        .map(|w| status_within(app, g, w))
        .find(|s| s.width() <= status_room)
        .unwrap_or_else(|| truncate(&status_within(app, g, 1), status_room, g.ellipsis));
    truncate(
        &format!(" {}", join(&[&name, &status, tail])),
        room,
        g.ellipsis,
    )
}

/// The journey day out of the journey's days, by the train's clock (held within them, see
/// [`crate::sim::Journey::journey_day`]): `day 3 of 9`, and short, `d3/9`.
fn day_texts(app: &App) -> (String, String) {
    let total_days = app.journey().total_days();
    let day = app.state().journey_day;
    (
        format!("day {day} of {total_days}"),
        format!("d{day}/{total_days}"),
    )
}

/// The distance travelled: in full with the route's length and percentage, and as the
/// percentage alone.
fn progress_texts(app: &App) -> (String, String) {
    let route = app.journey().route();
    let done = route.km_done(app.state().km);
    let pct = route.percent_done(app.state().km);
    let units = app.settings().units;
    let long = format!(
        "{} of {} ({pct:.0}%)",
        units.format(done),
        units.format(route.total_km())
    );
    (long, format!("{pct:.0}%"))
}

/// How much time compressed dwells have skipped, in full and short (`⏩` while one plays
/// fast), or nothing.
fn skipped_texts(app: &App) -> (String, String) {
    if app.clock().skipped() > chrono::TimeDelta::zero() {
        let fast = if app.clock().boosting() { "⏩ " } else { "" };
        let total = duration_text(app.clock().skipped());
        (
            format!("{fast}{total} of dwells skipped"),
            format!("{fast}{total} skipped"),
        )
    } else {
        (String::new(), String::new())
    }
}
