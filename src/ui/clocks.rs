//! The clocks row: the train's local time, the route's own clocks (Moscow time on the built-in
//! routes), the origin's, the destination's, UTC and the user's own zone, each zone once.
//! The train's clock flashes after a zone change.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{Glyphs, Theme};
use super::truncate;
use crate::app::App;
use crate::geo::solar::{Daylight, daylight};
use crate::route::Route;
use crate::settings::ClockKind;
use crate::sim::JourneyEventKind;
use crate::sim::zones::{offsets_text, utc_label};
use crate::util::text::sanitize;

/// Narrowest clock box.
const MIN_WIDTH: u16 = 20;

/// The zone change the train clock is still flashing for, if any: it flashes for 20 simulated
/// minutes, or 4 seconds of real time at high speed, whichever is longer.
#[must_use]
pub fn recent_zone_change(app: &App) -> Option<i32> {
    let e = app
        .state()
        .last_event
        .and_then(|i| app.journey().timeline().get(i))?;
    let JourneyEventKind::ZoneChange { delta_secs, .. } = e.kind else {
        return None;
    };
    let window = TimeDelta::seconds((app.clock().speed() * 4.0).max(1200.0) as i64);
    (app.now() - e.at <= window && delta_secs != 0).then_some(delta_secs)
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

/// One clock of the row: its title, its zone (`None`: the train's, which moves with it), where
/// it is (for sunrise and sunset) and whether its title names its zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownClock {
    /// The box's title: `Train`, `Moscow`, `Pyongyang`, `UTC`, `Yours`.
    pub title: String,
    /// The zone; `None` for the train's own clock.
    pub zone: Option<Tz>,
    /// (lat, lon) of the place, for its sunrise and sunset; the train's own comes from its
    /// position.
    pub place: Option<(f64, f64)>,
    /// Whether the title names the zone too (the train's and the user's own).
    pub names_zone: bool,
}

/// Whether two zones always show the same time: the same zone, or two names of UTC.
fn same_zone(a: Tz, b: Tz) -> bool {
    const UTC_NAMES: [&str; 12] = [
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "Etc/Universal",
        "Universal",
        "Etc/Zulu",
        "Zulu",
        "GMT",
        "Etc/GMT",
        "Etc/Greenwich",
        "Greenwich",
    ];
    a == b || UTC_NAMES.contains(&a.name()) && UTC_NAMES.contains(&b.name())
}

/// The clocks `kinds` asks for on `route`, in that order, each zone once: a clock whose zone is
/// already shown (the Moscow → Pyongyang origin is the Moscow clock) is left out, and when it
/// is the user's own, the clock shown says so (`UTC · yours`).
#[must_use]
pub fn shown_clocks(route: &Route, kinds: &[ClockKind], local_tz: Tz) -> Vec<ShownClock> {
    let mut out: Vec<ShownClock> = Vec::new();
    let fixed = |title: &str, tz: Tz, place: Option<(f64, f64)>| ShownClock {
        title: sanitize(title),
        zone: Some(tz),
        place,
        names_zone: false,
    };
    for kind in kinds {
        let wanted: Vec<ShownClock> = match kind {
            ClockKind::Train => vec![ShownClock {
                title: "Train".into(),
                zone: None,
                place: None,
                names_zone: true,
            }],
            ClockKind::Route => {
                let mut clocks: Vec<&crate::route::RouteClock> = route.clocks.iter().collect();
                clocks.sort_by_key(|c| c.label.is_none());
                clocks
                    .iter()
                    .map(|c| fixed(&c.name, c.tz, c.place))
                    .collect()
            }
            ClockKind::Origin => route
                .stops
                .first()
                .map(|s| fixed(&s.name, s.tz, Some((s.lat, s.lon))))
                .into_iter()
                .collect(),
            ClockKind::Destination => route
                .stops
                .last()
                .map(|s| fixed(&s.name, s.tz, Some((s.lat, s.lon))))
                .into_iter()
                .collect(),
            ClockKind::Utc => vec![fixed("UTC", chrono_tz::UTC, None)],
            ClockKind::Local => vec![ShownClock {
                names_zone: true,
                ..fixed("Yours", local_tz, None)
            }],
        };
        for clock in wanted {
            let shown = clock.zone.and_then(|tz| {
                out.iter_mut()
                    .find(|c| c.zone.is_some_and(|z| same_zone(z, tz)))
            });
            match shown {
                Some(same) if *kind == ClockKind::Local && !same.title.ends_with("yours") => {
                    same.title.push_str(" · yours");
                }
                Some(_) => {}
                None => out.push(clock),
            }
        }
    }
    out
}

/// The clocks that fit the clocks row `area`, in the configured order, each with its box.
#[must_use]
pub fn laid_out(app: &App, area: Rect) -> Vec<(ShownClock, Rect)> {
    let fit = usize::from(area.width / MIN_WIDTH).max(1);
    let clocks: Vec<ShownClock> = shown_clocks(
        app.journey().route(),
        &app.settings().clocks,
        app.local_tz(),
    )
    .into_iter()
    .take(fit)
    .collect();
    if clocks.is_empty() || area.is_empty() {
        return Vec::new();
    }
    let boxes = crate::app::layout::columns(area, u16::try_from(clocks.len()).unwrap_or(1));
    clocks.into_iter().zip(boxes).collect()
}

/// The clocks' boxes in the clocks row `area`.
#[must_use]
pub fn boxes(app: &App, area: Rect) -> Vec<Rect> {
    laid_out(app, area).into_iter().map(|(_, r)| r).collect()
}

/// Draw the clocks that fit, in the configured order.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, g: &Glyphs) {
    for (clock, rect) in laid_out(app, area) {
        draw_clock(app, &clock, rect, buf, theme, g);
    }
}

fn draw_clock(
    app: &App,
    clock: &ShownClock,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    g: &Glyphs,
) {
    let label = &clock.title;
    let tz = clock.zone.unwrap_or(app.state().tz);
    let flash = if clock.zone.is_none() {
        recent_zone_change(app)
    } else {
        None
    };
    let show_zone = clock.names_zone && !same_zone(tz, chrono_tz::UTC);
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
    let local: DateTime<Tz> = app.now().with_timezone(&tz);
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
    // A blank before the right border.
    let room = usize::from(area.width.saturating_sub(3));
    let second = second_line(app, tz, flash, room, theme, g);
    let place = match clock.zone {
        None => Some((app.state().lat, app.state().lon)),
        Some(_) => clock.place,
    };
    let third = place.map_or_else(String::new, |place| sun_line(app.now(), tz, place, g));
    let lines = vec![
        Line::from(vec![time, date]),
        Line::from(second),
        Line::styled(third, theme.dim),
    ];
    let inner = block.inner(area);
    block.render(area, buf);
    super::draw_lines(&lines, inner, buf);
}

/// A clock's second line, in the longest form that fits `room` cells: the clock change it
/// is flashing for (`clocks −1 h · UTC+9`, `−1 h · UTC+9`, `−1 h`), else its offsets (from
/// UTC, and from the route's reference when it has one; UTC's alone when both do not fit).
fn second_line(
    app: &App,
    tz: Tz,
    flash: Option<i32>,
    room: usize,
    theme: &Theme,
    g: &Glyphs,
) -> Span<'static> {
    let utc = utc_label(tz, app.now());
    let (forms, style) = match flash {
        Some(delta) => {
            let hours = format!("{} h", crate::sim::zones::signed_hours(delta));
            (
                vec![
                    format!("clocks {hours}{}{utc}", g.sep),
                    format!("{hours}{}{utc}", g.sep),
                    hours,
                ],
                theme.flash,
            )
        }
        None => (
            vec![
                offsets_text(app.journey().route().reference(), tz, app.now(), g.sep),
                utc,
            ],
            theme.dim,
        ),
    };
    let text = forms
        .iter()
        .find(|f| crate::util::text::width(f) <= room)
        .cloned()
        .unwrap_or_else(|| truncate(&forms[forms.len() - 1], room, g.ellipsis));
    Span::styled(text, style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::builtin::{builtin, load_builtin};

    fn titles(id: &str, local: Tz) -> Vec<String> {
        let route = load_builtin(builtin(id).unwrap(), None).unwrap();
        shown_clocks(&route, ClockKind::ALL, local)
            .into_iter()
            .map(|c| c.title)
            .collect()
    }

    #[test]
    fn a_zone_with_two_roles_is_one_clock() {
        // Moscow is the reference and the destination westbound, the origin eastbound.
        assert_eq!(
            titles("pyongyang-moscow", chrono_tz::Asia::Tokyo),
            ["Train", "Moscow", "Pyongyang", "UTC", "Yours"]
        );
        assert_eq!(
            titles("moscow-pyongyang", chrono_tz::Asia::Tokyo),
            ["Train", "Moscow", "Pyongyang", "UTC", "Yours"]
        );
        // The user's own zone, when another clock shows it already, is named on that one.
        assert_eq!(
            titles("pyongyang-moscow", chrono_tz::Etc::UTC),
            ["Train", "Moscow", "Pyongyang", "UTC · yours"]
        );
        assert_eq!(
            titles("khasan-tumangang", chrono_tz::Europe::Moscow),
            ["Train", "Moscow · yours", "Khasan", "Tumangang", "UTC"]
        );
    }
}
