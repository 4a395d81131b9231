//! The title bar: route, status, journey day, progress, speed, paused badge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{Glyphs, Theme};
use crate::app::App;
use crate::format::{duration_text, speed_text};
use crate::sim::Status;
use crate::text::sanitize;
use unicode_width::UnicodeWidthStr;

/// What the train is doing, in words: `running Omsk → Novosibirsk`.
#[must_use]
pub fn status_text(app: &App, g: &Glyphs) -> String {
    let stops = &app.journey.route().stops;
    let name = |i: Option<usize>| {
        i.and_then(|i| stops.get(i))
            .map_or_else(String::new, |s| sanitize(&s.name))
    };
    let s = &app.state;
    match s.status {
        Status::NotDeparted => format!("waiting to depart {}", name(s.stop)),
        Status::Stopped => format!("stopped at {}", name(s.stop)),
        Status::Running => format!(
            "running {} {} {}",
            name(s.previous_stop),
            g.arrow,
            name(s.next_stop)
        ),
        Status::Arrived => format!("arrived at {}", name(s.stop)),
    }
}

/// Draw the title bar.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    buf.set_style(area, theme.title);
    let badge = badge(app);
    let width = usize::from(area.width);
    let body = body_text(app, g, |text| text.width() + badge.width() + 11 <= width);
    let spans = vec![
        Span::styled(" longrail ", theme.title.patch(theme.accent)),
        Span::styled(format!("{body} "), theme.title),
        Span::styled(badge, theme.badge),
    ];
    Line::from(spans).render(area, buf);
}

/// The badge at the right: live mode, paused, or none.
fn badge(app: &App) -> &'static str {
    if app.live {
        " NOW, BY THE TIMETABLE: NOT LIVE TRACKING "
    } else if app.clock.paused() {
        " PAUSED "
    } else {
        ""
    }
}

/// The title's parts joined: the fullest set whose text `fits`, else the barest.
fn body_text(app: &App, g: &Glyphs, fits: impl Fn(&str) -> bool) -> String {
    let (progress_long, progress_short) = progress_texts(app);
    let day_text = day_text(app);
    let skipped = skipped_text(app);
    let speed = speed_text(app.clock.speed());
    let name = sanitize(&app.journey.route().name);
    let status = status_text(app, g);
    // From the fullest to the barest; the first that fits is drawn.
    let mut variants: [Vec<&str>; 4] = [
        vec![&name, &status, &day_text, &progress_long, &speed],
        vec![&name, &status, &day_text, &progress_short, &speed],
        vec![&status, &day_text, &progress_short, &speed],
        vec![&status, &speed],
    ];
    if !skipped.is_empty() {
        for parts in &mut variants[..3] {
            parts.push(&skipped);
        }
    }
    variants
        .iter()
        .map(|parts| parts.join(g.sep))
        .find(|text| fits(text))
        .unwrap_or_else(|| variants[3].join(g.sep))
}

/// The journey day out of the journey's days, by the train's clock.
fn day_text(app: &App) -> String {
    format!(
        "day {} of {}",
        app.state.journey_day,
        app.journey.total_days()
    )
}

/// The distance travelled: in full with the route's length and percentage, and as the
/// percentage alone.
fn progress_texts(app: &App) -> (String, String) {
    let route = app.journey.route();
    let done = route.km_done(app.state.km);
    let pct = route.percent_done(app.state.km);
    let units = app.settings.units;
    let long = format!(
        "{} of {} ({pct:.0}%)",
        units.format(done),
        units.format(route.total_km())
    );
    (long, format!("{pct:.0}%"))
}

/// How much time compressed dwells have skipped (marked while one plays), or nothing.
fn skipped_text(app: &App) -> String {
    if app.skipped > chrono::TimeDelta::zero() {
        let fast = if app.boosting { "⏩ " } else { "" };
        format!("{fast}{} of dwells skipped", duration_text(app.skipped))
    } else {
        String::new()
    }
}
