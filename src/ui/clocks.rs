//! The clocks row: the train's local time, Moscow, the origin, UTC and the user's own zone.
//! The train's clock flashes after a zone change.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::geo::solar::{Daylight, daylight};
use crate::settings::ClockKind;
use crate::sim::JourneyEventKind;
use crate::sim::zones::{MOSCOW, msk_label, utc_label};
use crate::util::text::sanitize;

/// Narrowest clock box.
const MIN_WIDTH: u16 = 20;

/// The zone change the train clock is still flashing for, if any: it flashes for 20 simulated
/// minutes, or 4 seconds of real time at high speed, whichever is longer.
#[must_use]
pub fn recent_zone_change(app: &App) -> Option<i32> {
    let e = app
        .state
        .last_event
        .and_then(|i| app.journey.timeline().get(i))?;
    let JourneyEventKind::ZoneChange { delta_secs, .. } = e.kind else {
        return None;
    };
    let window = TimeDelta::seconds((app.clock.speed() * 4.0).max(1200.0) as i64);
    (app.now - e.at <= window && delta_secs != 0).then_some(delta_secs)
}

/// Moscow's coordinates (Red Square), for its sunrise and sunset.
const MOSCOW_AT: (f64, f64) = (55.7539, 37.6208);

/// Where a clock is, for sunrise and sunset: (lat, lon), if it has a place.
fn place_of(app: &App, kind: ClockKind) -> Option<(f64, f64)> {
    match kind {
        ClockKind::Train => Some((app.state.lat, app.state.lon)),
        ClockKind::Moscow => Some(MOSCOW_AT),
        ClockKind::Origin => app.journey.route().stops.first().map(|s| (s.lat, s.lon)),
        ClockKind::Utc | ClockKind::Local => None,
    }
}

/// `☀ 04:41–21:28` at a place on its local date, in `tz`.
#[must_use]
pub fn sun_line(at: DateTime<Utc>, tz: Tz, (lat, lon): (f64, f64), g: &Glyphs) -> String {
    let (sun, dash) = if g.ascii {
        ("sun ", "-")
    } else {
        ("☀ ", "–")
    };
    match daylight(at.with_timezone(&tz).date_naive(), lat, lon) {
        Daylight::RiseSet(rise, set) => format!(
            "{sun}{}{dash}{}",
            rise.with_timezone(&tz).format("%H:%M"),
            set.with_timezone(&tz).format("%H:%M")
        ),
        Daylight::AlwaysUp => format!("{sun}all day"),
        Daylight::AlwaysDown => format!("{sun}none today"),
    }
}

fn zone_of(app: &App, kind: ClockKind) -> (String, Tz) {
    let origin = app
        .journey
        .route()
        .stops
        .first()
        .map_or(chrono_tz::UTC, |s| s.tz);
    let origin_name = app
        .journey
        .route()
        .stops
        .first()
        .map_or_else(String::new, |s| sanitize(&s.name));
    match kind {
        ClockKind::Train => ("Train".into(), app.state.tz),
        ClockKind::Moscow => ("Moscow".into(), MOSCOW),
        ClockKind::Origin => (origin_name, origin),
        ClockKind::Utc => ("UTC".into(), chrono_tz::UTC),
        ClockKind::Local => ("Yours".into(), app.local_tz),
    }
}

/// Draw the clocks that fit, in the configured order.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let fit = usize::from(area.width / MIN_WIDTH).max(1);
    let kinds: Vec<ClockKind> = app.settings.clocks.iter().copied().take(fit).collect();
    if kinds.is_empty() {
        return;
    }
    let boxes = crate::app::layout::columns(area, u16::try_from(kinds.len()).unwrap_or(1));
    for (kind, rect) in kinds.iter().zip(boxes.iter()) {
        draw_clock(app, *kind, *rect, buf, theme, g);
    }
}

fn draw_clock(app: &App, kind: ClockKind, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    let (label, tz) = zone_of(app, kind);
    let flash = if kind == ClockKind::Train {
        recent_zone_change(app)
    } else {
        None
    };
    let show_zone = matches!(kind, ClockKind::Train | ClockKind::Local) && tz != chrono_tz::UTC;
    let zone_name = if show_zone {
        format!("{}{}", g.sep, tz.name())
    } else {
        String::new()
    };
    let width = usize::from(area.width.saturating_sub(4));
    let title = truncate(&format!("{label}{zone_name}"), width, g.ellipsis);
    let border = if flash.is_some() {
        theme.flash
    } else {
        theme.border
    };
    let block = super::panel(format!(" {title} "), theme.text, border, g);
    let local: DateTime<Tz> = app.now.with_timezone(&tz);
    let time = Span::styled(
        local.format("%H:%M:%S").to_string(),
        if flash.is_some() {
            theme.flash
        } else {
            theme.clock
        },
    );
    let date_format = if area.width >= 23 {
        " %a %d %b"
    } else if area.width >= 19 {
        " %d %b"
    } else {
        ""
    };
    let date = Span::styled(local.format(date_format).to_string(), theme.text);
    let second = match flash {
        Some(delta) => Span::styled(
            format!(
                "clocks {} h{}{}",
                crate::sim::zones::signed_hours(delta),
                g.sep,
                utc_label(tz, app.now)
            ),
            theme.flash,
        ),
        None => Span::styled(offsets(tz, app.now, g), theme.dim),
    };
    let third =
        place_of(app, kind).map_or_else(String::new, |place| sun_line(app.now, tz, place, g));
    let lines = vec![
        Line::from(vec![time, date]),
        Line::from(second),
        Line::styled(third, theme.dim),
    ];
    Paragraph::new(lines).block(block).render(area, buf);
}

fn offsets(tz: Tz, at: DateTime<Utc>, g: &Glyphs) -> String {
    format!("{}{}{}", utc_label(tz, at), g.sep, msk_label(tz, at))
}
