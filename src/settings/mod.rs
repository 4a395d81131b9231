//! Typed application settings and the small value types they are made of (speed, start
//! instant, clock conventions, units, theme). Parsing of each value lives here so the config
//! file and the command line accept exactly the same forms. Beside them: the commands and
//! their keys ([`command`], [`keymap`]), the config file ([`config`]) and the ROUTE argument
//! ([`source`]).

pub mod command;
pub mod config;
pub mod keymap;
pub mod source;

pub use crate::sim::EventClass;
pub use command::Command;
pub use keymap::{Key, KeyCode, Keymap};

/// Slowest and fastest replay speeds.
pub const SPEED_RANGE: (f64, f64) = (1.0, 100_000.0);

/// `speed` brought within [`SPEED_RANGE`] (callers keep non-finite values out).
#[must_use]
pub fn clamp_speed(speed: f64) -> f64 {
    speed.clamp(SPEED_RANGE.0, SPEED_RANGE.1)
}

/// Parse a replay speed: `600` or `600x`, from 1 to 100000.
///
/// # Errors
/// A message naming the value and the allowed range.
pub fn parse_speed(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let number = t.strip_suffix(['x', '×']).unwrap_or(t);
    let speed: f64 = number.parse().map_err(|_| {
        format!(
            "{} is not a speed: write a number such as 600 or 600x",
            crate::util::text::quote(text)
        )
    })?;
    if !speed.is_finite() || !(SPEED_RANGE.0..=SPEED_RANGE.1).contains(&speed) {
        return Err(format!(
            "the speed {} is out of range: use 1 to 100000 (times real time)",
            crate::util::text::quote(text)
        ));
    }
    Ok(speed)
}

/// A replay speed as given on the command line: times real time, or the length the whole
/// journey should take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpeedSpec {
    /// `600` or `600x`.
    Times(f64),
    /// `5m`: the whole journey in five minutes.
    Length(std::time::Duration),
}

/// Parse `--speed`: `600`, `600x`, or a length with a unit (`5m`, `90s`, `1h30m`) for the
/// whole journey.
///
/// # Errors
/// A message naming the value and the forms allowed.
pub fn parse_speed_spec(text: &str) -> Result<SpeedSpec, String> {
    let t = text.trim();
    if t.ends_with(['s', 'm', 'h', 'd']) {
        return parse_length(t).map(SpeedSpec::Length);
    }
    parse_speed(text).map(SpeedSpec::Times)
}

/// Parse `--duration`: how long the whole journey should take (more than zero).
///
/// # Errors
/// A message naming the value and the forms allowed.
pub fn parse_length(text: &str) -> Result<std::time::Duration, String> {
    let length = crate::util::duration::parse_duration(text)?;
    if length.is_zero() {
        return Err(format!(
            "{} is no time at all: give the journey a length such as 5m",
            crate::util::text::quote(text)
        ));
    }
    Ok(length)
}

/// The speed at which a journey of `journey` plays in `length`, when it is within
/// [`SPEED_RANGE`].
///
/// # Errors
/// A message saying which speed it would take and the shortest and longest lengths possible.
pub fn speed_for_length(
    journey: chrono::TimeDelta,
    length: std::time::Duration,
) -> Result<f64, String> {
    let sim = journey.as_seconds_f64().max(1.0);
    let speed = sim / length.as_secs_f64().max(1e-9);
    if (SPEED_RANGE.0..=SPEED_RANGE.1).contains(&speed) {
        return Ok(speed);
    }
    let asked = if length.as_secs() >= 60 {
        crate::util::format::duration_text(chrono::TimeDelta::seconds(
            i64::try_from(length.as_secs()).unwrap_or(i64::MAX / 1000),
        ))
    } else {
        format!("{} s", length.as_secs_f64())
    };
    let need = if speed < SPEED_RANGE.0 {
        "would be slower than real time".to_owned()
    } else {
        format!(
            "would need {}× real time",
            crate::util::format::format_number(speed.round())
        )
    };
    Err(format!(
        "playing the whole journey ({}) in {asked} {need}; speeds run from 1× to 100,000×, so give a length from {:.0} s to {} (the journey's own length)",
        crate::util::format::duration_text(journey),
        (sim / SPEED_RANGE.1).ceil(),
        crate::util::format::duration_text(journey)
    ))
}

/// Where the replay starts: the same forms as the `g` prompt ([`crate::sim::Seek`]); a
/// relative start (`+6h`) counts from the departure.
pub type StartSpec = crate::sim::Seek;

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The name used in config files and on the command line.
            #[must_use]
            pub fn name(self) -> &'static str { match self { $(Self::$variant => $text),+ } }
            /// Parse the name used in config files and on the command line.
            ///
            /// # Errors
            /// A message listing the names allowed.
            pub fn parse(text: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.name() == text).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.name()).collect();
                    format!("{} is not allowed here: use one of {}", crate::util::text::quote(text), names.join(", "))
                })
            }
        }
    };
}

named_enum!(
    /// A clock in the clocks row. One clock with two roles (the destination that is also the
    /// route's reference) is shown once, at the first role's place.
    ClockKind {
        /// The train's local time at its position.
        Train = "train",
        /// The route's own clocks, its reference first (Moscow time on the built-in routes).
        Route = "route",
        /// The first stop's zone (Pyongyang on the default route).
        Origin = "origin",
        /// The last stop's zone.
        Destination = "destination",
        /// UTC.
        Utc = "utc",
        /// The user's own zone.
        Local = "local",
    }
);

impl ClockKind {
    /// Parse a clock's name as the config writes it; `moscow`, the name before route files
    /// named their own clocks, is the route's clocks (Moscow time on the built-in routes).
    ///
    /// # Errors
    /// A message listing the names allowed.
    pub fn parse_config(text: &str) -> Result<Self, String> {
        if text == "moscow" {
            return Ok(Self::Route);
        }
        Self::parse(text)
    }
}

/// Which clock timetable times are shown in: each stop's own, the route's reference, UTC, or
/// any zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockConvention {
    /// Each stop's own local time (Russian Railways since August 2018): the train's clock.
    Local,
    /// The route's reference clock (Moscow time on the built-in routes, as Russian Railways
    /// until July 2018); UTC on a route without one.
    Reference,
    /// UTC.
    Utc,
    /// A zone named by the user (`moscow` is `Europe/Moscow`).
    Zone(chrono_tz::Tz),
}

impl ClockConvention {
    /// Parse `local`, `reference`, `utc`, `moscow` or an IANA zone name.
    ///
    /// # Errors
    /// A message listing the forms allowed.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "local" => return Ok(Self::Local),
            "reference" | "route" => return Ok(Self::Reference),
            "utc" => return Ok(Self::Utc),
            "moscow" | "msk" => return Ok(Self::Zone(crate::sim::zones::MOSCOW)),
            _ => {}
        }
        text.parse::<chrono_tz::Tz>().map(Self::Zone).map_err(|_| {
            format!(
                "{} is not a clock: use local, reference (the route's own, Moscow time on the built-in routes), utc, or an IANA zone such as Europe/Zurich",
                crate::util::text::quote(text)
            )
        })
    }

    /// The name, as [`ClockConvention::parse`] reads it.
    #[must_use]
    pub fn name(self) -> String {
        match self {
            Self::Local => "local".to_owned(),
            Self::Reference => "reference".to_owned(),
            Self::Utc => "utc".to_owned(),
            Self::Zone(tz) => tz.name().to_owned(),
        }
    }

    /// The zone a timetable time at a stop in `stop_tz` is shown in, on `route`; `None` for
    /// each stop's own clock (the train's).
    #[must_use]
    pub fn fixed_zone(self, route: &crate::route::Route) -> Option<chrono_tz::Tz> {
        match self {
            Self::Local => None,
            Self::Reference => Some(route.reference().map_or(chrono_tz::UTC, |c| c.tz)),
            Self::Utc => Some(chrono_tz::UTC),
            Self::Zone(tz) => Some(tz),
        }
    }

    /// The zone a timetable time at a stop in `stop_tz` is shown in, on `route`.
    #[must_use]
    pub fn zone(self, stop_tz: chrono_tz::Tz, route: &crate::route::Route) -> chrono_tz::Tz {
        self.fixed_zone(route).unwrap_or(stop_tz)
    }

    /// `local time at each stop`, `Moscow time (MSK)`, `UTC`, `Europe/Zurich`, on `route`.
    #[must_use]
    pub fn caption(self, route: &crate::route::Route) -> String {
        match self {
            Self::Local => "local time at each stop".to_owned(),
            Self::Reference => match route.reference() {
                Some(c) => format!(
                    "{} time ({})",
                    crate::util::text::sanitize(&c.name),
                    c.label.as_deref().unwrap_or_default()
                ),
                None => "UTC".to_owned(),
            },
            Self::Utc => "UTC".to_owned(),
            Self::Zone(tz) if tz == crate::sim::zones::MOSCOW => "Moscow time (MSK)".to_owned(),
            Self::Zone(tz) => tz.name().to_owned(),
        }
    }

    /// The next convention `t` goes to on `route`: local, the reference (when the route has
    /// one), UTC, local again; from a zone named in the config, local.
    #[must_use]
    pub fn next(self, route: &crate::route::Route) -> Self {
        match self {
            Self::Local if route.reference().is_some() => Self::Reference,
            Self::Local | Self::Reference => Self::Utc,
            Self::Utc | Self::Zone(_) => Self::Local,
        }
    }
}

named_enum!(
    /// How stations are named: the route's Latin names, the names in their own script where
    /// the route file gives them (`local_name`: Korean in the DPRK, Russian in Russia), or
    /// both.
    NameStyle {
        /// The Latin names (`Hamhung`).
        Latin = "latin",
        /// The names in their own script (`함흥`), the Latin name where there is none.
        Local = "local",
        /// Both (`Hamhung 함흥`).
        Both = "both",
    }
);

impl NameStyle {
    /// The next style the key goes to: Latin, local, both, Latin again.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Latin => Self::Local,
            Self::Local => Self::Both,
            Self::Both => Self::Latin,
        }
    }
}

named_enum!(
    /// Distance units.
    Units {
        /// Kilometres.
        Km = "km",
        /// Statute miles.
        Miles = "miles",
    }
);

named_enum!(
    /// Colour theme.
    ThemeName {
        /// Light text on a dark terminal.
        Dark = "dark",
        /// Dark text on a light terminal.
        Light = "light",
        /// Maximum contrast, no subtle shades.
        HighContrast = "high-contrast",
    }
);

impl Units {
    /// Kilometres in one unit.
    #[must_use]
    pub fn km_per_unit(self) -> f64 {
        match self {
            Self::Km => 1.0,
            Self::Miles => 1.609_344,
        }
    }

    /// A distance in km shown in these units, rounded: `2,500 km`, `1,553 miles`.
    #[must_use]
    pub fn format(self, km: f64) -> String {
        format!(
            "{} {}",
            crate::util::format::format_number((km / self.km_per_unit()).round()),
            self.name()
        )
    }
}

/// The application settings after the defaults, the user's config and the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Default route: a built-in id or a path.
    pub route: String,
    /// Where the replay starts.
    pub start: StartSpec,
    /// Replay speed, times real time.
    pub speed: f64,
    /// When set, the speed is whatever plays the whole journey in this long.
    pub length: Option<std::time::Duration>,
    /// Start paused.
    pub paused: bool,
    /// Frames per second cap.
    pub fps: u32,
    /// Clocks shown, in order.
    pub clocks: Vec<ClockKind>,
    /// Timetable clock convention.
    pub timetable_clock: ClockConvention,
    /// Distance units.
    pub units: Units,
    /// Colour theme.
    pub theme: ThemeName,
    /// Draw with ASCII only.
    pub ascii: bool,
    /// How stations are named (`--names`, the `names` key).
    pub names: NameStyle,
    /// Without a command, narrate the journey in plain lines instead of opening the app
    /// (`--narrate`, `LONGRAIL_NARRATE`, `TERM=dumb`).
    pub narrate: bool,
    /// No colour at all (`NO_COLOR`).
    pub no_color: bool,
    /// Key bindings.
    pub keymap: Keymap,
    /// Journey event kinds that pause the replay when it reaches them (`--pause-on`).
    pub pause_on: Vec<EventClass>,
    /// Play long dwells and border waits faster, and say how much was skipped.
    pub compress_dwells: bool,
    /// Ring the terminal bell on arrivals.
    pub bell: bool,
}

/// Parse `--pause-on border,zone,transfer`: event kinds ([`EventClass::ALL`], in any case, a
/// few plurals and synonyms too), or `all`.
///
/// # Errors
/// A message naming the unknown kind and listing the kinds.
pub fn parse_event_kinds(text: &str) -> Result<Vec<EventClass>, String> {
    let mut kinds = Vec::new();
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let word = word.to_ascii_lowercase();
        if word == "all" {
            return Ok(EventClass::ALL.to_vec());
        }
        let word = match word.as_str() {
            "zones" | "clock" => "zone".to_owned(),
            "borders" => "border".to_owned(),
            "transfers" => "transfer".to_owned(),
            "arrival" | "arrivals" | "stop" | "stops" => "arrive".to_owned(),
            _ => word,
        };
        let kind = EventClass::parse(&word).map_err(|_| {
            format!(
                "{} is not an event kind: use any of {}, or all",
                crate::util::text::quote(&word),
                EventClass::names()
            )
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        return Err("name at least one event kind, e.g. border,zone,transfer".to_owned());
    }
    Ok(kinds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::EventKind;

    #[test]
    fn speeds_accept_plain_and_x_forms_within_range() {
        assert_eq!(parse_speed("600"), Ok(600.0));
        assert_eq!(parse_speed("600x"), Ok(600.0));
        assert_eq!(parse_speed("1"), Ok(1.0));
        for bad in ["0", "100001", "nan", "inf", "-5", "fast", ""] {
            assert!(parse_speed(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_length_out_of_range_says_why_in_words() {
        let journey = chrono::TimeDelta::hours(8 * 24 + 16);
        let slow =
            speed_for_length(journey, std::time::Duration::from_secs(100 * 86_400)).unwrap_err();
        assert!(
            slow.contains("in 100 d 00 h 00 min would be slower than real time"),
            "{slow}"
        );
        assert!(!slow.contains("need 0"), "{slow}");
        let fast = speed_for_length(journey, std::time::Duration::from_secs(2)).unwrap_err();
        assert!(
            fast.contains("in 2 s would need 374,400× real time"),
            "{fast}"
        );
        assert!(speed_for_length(journey, std::time::Duration::from_secs(300)).is_ok());
    }

    #[test]
    fn start_forms() {
        assert_eq!(StartSpec::parse("departure"), Ok(StartSpec::Departure));
        assert!(matches!(
            StartSpec::parse("day 3 14:00"),
            Ok(StartSpec::Day { zone: None, .. })
        ));
        assert!(matches!(
            StartSpec::parse("2025-06-20T12:00:00Z"),
            Ok(StartSpec::Instant(_))
        ));
        // Any other word is a station name, checked against the route when resolved.
        assert!(matches!(
            StartSpec::parse("Omsk"),
            Ok(StartSpec::Station(_))
        ));
        assert!(StartSpec::parse("day x").is_err());
    }

    #[test]
    fn event_kinds_are_parsed_once_into_the_enum() {
        assert_eq!(
            parse_event_kinds("Border, zones,border"),
            Ok(vec![EventClass::Route(EventKind::Border), EventClass::Zone])
        );
        assert_eq!(parse_event_kinds("all"), Ok(EventClass::ALL.to_vec()));
        assert_eq!(parse_event_kinds("stops"), Ok(vec![EventClass::Arrive]));
        let err = parse_event_kinds("border,bordr").unwrap_err();
        assert!(
            err.starts_with("\"bordr\" is not an event kind: use any of zone, border, gauge,")
                && err.ends_with("arrive, depart, or all"),
            "{err}"
        );
        assert!(parse_event_kinds(" , ").is_err());
    }

    #[test]
    fn clocks_and_conventions_read_their_names() {
        assert_eq!(ClockKind::parse_config("moscow"), Ok(ClockKind::Route));
        assert_eq!(
            ClockKind::parse_config("destination"),
            Ok(ClockKind::Destination)
        );
        assert_eq!(
            ClockConvention::parse("reference"),
            Ok(ClockConvention::Reference)
        );
        assert_eq!(
            ClockConvention::parse("moscow"),
            Ok(ClockConvention::Zone(chrono_tz::Europe::Moscow))
        );
        assert_eq!(
            ClockConvention::parse("Europe/Zurich"),
            Ok(ClockConvention::Zone(chrono_tz::Europe::Zurich))
        );
        let err = ClockConvention::parse("mars").unwrap_err();
        assert!(err.contains("use local, reference"), "{err}");
        for c in [
            ClockConvention::Local,
            ClockConvention::Reference,
            ClockConvention::Utc,
        ] {
            assert_eq!(ClockConvention::parse(&c.name()), Ok(c));
        }
    }

    #[test]
    fn t_skips_the_reference_on_a_route_without_one() {
        let with = crate::route::builtin::load_builtin(
            crate::route::builtin::builtin("pyongyang-moscow").unwrap(),
            None,
        )
        .unwrap();
        let without = crate::route::Route {
            clocks: Vec::new(),
            ..with.clone()
        };
        assert_eq!(
            ClockConvention::Local.next(&with),
            ClockConvention::Reference
        );
        assert_eq!(ClockConvention::Local.next(&without), ClockConvention::Utc);
        assert_eq!(
            ClockConvention::Reference.caption(&with),
            "Moscow time (MSK)"
        );
        assert_eq!(ClockConvention::Reference.caption(&without), "UTC");
    }

    #[test]
    fn named_values_list_the_choices_on_error() {
        assert_eq!(ThemeName::parse("light"), Ok(ThemeName::Light));
        let err = ThemeName::parse("neon").unwrap_err();
        assert!(err.contains("dark, light, high-contrast"), "{err}");
    }
}
