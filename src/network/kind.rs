//! What kind of vehicle a route runs: GTFS `route_type`, the extended (TPEG hierarchical)
//! types mapped to their base, and the names `--types` takes.

/// A route's base type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// 0: tram, streetcar, light rail.
    Tram,
    /// 1: subway, metro.
    Subway,
    /// 2: rail (intercity, long distance, suburban).
    Rail,
    /// 3: bus (and coach).
    Bus,
    /// 4: ferry.
    Ferry,
    /// 5: cable tram.
    CableTram,
    /// 6: aerial lift, gondola.
    AerialLift,
    /// 7: funicular.
    Funicular,
    /// 11: trolleybus.
    Trolleybus,
    /// 12: monorail.
    Monorail,
    /// Anything else (air, taxi, an unknown number).
    Other,
}

/// Every mode, in `route_type` order, with the names `--types` takes (the first is the one
/// shown).
pub const NAMES: [(Mode, &[&str]); 11] = [
    (
        Mode::Tram,
        &["tram", "streetcar", "light_rail", "lightrail"],
    ),
    (Mode::Subway, &["subway", "metro", "underground"]),
    (Mode::Rail, &["rail", "train"]),
    (Mode::Bus, &["bus", "coach"]),
    (Mode::Ferry, &["ferry", "boat", "water"]),
    (Mode::CableTram, &["cable_tram", "cabletram", "cable_car"]),
    (Mode::AerialLift, &["aerial_lift", "gondola", "cable_way"]),
    (Mode::Funicular, &["funicular"]),
    (Mode::Trolleybus, &["trolleybus"]),
    (Mode::Monorail, &["monorail"]),
    (Mode::Other, &["other"]),
];

impl Mode {
    /// The base mode of a `route_type`: 0 to 7, 11 and 12 as GTFS defines them; the extended
    /// types by their hundreds (100s rail, 200s coach, 400s urban rail, 700s bus, 800
    /// trolleybus, 900s tram, 1000 and 1200 water, 1300s aerial lift, 1400 funicular).
    #[must_use]
    pub fn of(route_type: i32) -> Self {
        match route_type {
            0 | 900..=999 => Self::Tram,
            1 | 400..=404 | 500..=699 => Self::Subway,
            2 | 100..=199 | 300..=399 => Self::Rail,
            3 | 200..=299 | 700..=799 => Self::Bus,
            4 | 1000..=1099 | 1200..=1299 => Self::Ferry,
            5 => Self::CableTram,
            6 | 1300..=1399 => Self::AerialLift,
            7 | 1400..=1499 => Self::Funicular,
            11 | 800..=899 => Self::Trolleybus,
            12 | 405 => Self::Monorail,
            _ => Self::Other,
        }
    }

    /// Its name, as `--types` takes it and the reports write it.
    #[must_use]
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("other", |(_, names)| names[0])
    }

    /// The mode a name (any case, `-` or `_`) or a `route_type` number stands for.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let key = text.trim().to_lowercase().replace('-', "_");
        if let Ok(n) = key.parse::<i32>() {
            return Some(Self::of(n));
        }
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
            .map(|(m, _)| *m)
    }
}

/// Parse `--types`: names or `route_type` numbers, comma-separated.
///
/// # Errors
/// A name that is no mode, with the names there are.
pub fn parse_modes(text: &str) -> Result<Vec<Mode>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mode = Mode::parse(part).ok_or_else(|| {
            let names: Vec<&str> = NAMES.iter().map(|(_, n)| n[0]).collect();
            format!(
                "{} is not a route type: use {} (or a GTFS route_type number)",
                crate::util::text::quote(part),
                names.join(", ")
            )
        })?;
        if !out.contains(&mode) {
            out.push(mode);
        }
    }
    if out.is_empty() {
        return Err("--types needs at least one route type, e.g. --types subway,rail".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_types_map_to_their_base() {
        assert_eq!(Mode::of(109), Mode::Rail);
        assert_eq!(Mode::of(401), Mode::Subway);
        assert_eq!(Mode::of(405), Mode::Monorail);
        assert_eq!(Mode::of(715), Mode::Bus);
        assert_eq!(Mode::of(202), Mode::Bus);
        assert_eq!(Mode::of(800), Mode::Trolleybus);
        assert_eq!(Mode::of(901), Mode::Tram);
        assert_eq!(Mode::of(1200), Mode::Ferry);
        assert_eq!(Mode::of(1301), Mode::AerialLift);
        assert_eq!(Mode::of(1400), Mode::Funicular);
        assert_eq!(Mode::of(1100), Mode::Other);
        assert_eq!(Mode::of(-1), Mode::Other);
    }

    #[test]
    fn types_are_named_or_numbered() {
        assert_eq!(
            parse_modes("rail, Metro,3,light-rail").unwrap(),
            [Mode::Rail, Mode::Subway, Mode::Bus, Mode::Tram]
        );
        let e = parse_modes("rail,hovercraft").unwrap_err();
        assert!(e.contains("\"hovercraft\" is not a route type"), "{e}");
        assert!(parse_modes(" , ").is_err());
        assert_eq!(Mode::Subway.name(), "subway");
    }
}
