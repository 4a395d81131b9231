//! The sun's position, after NOAA's solar calculator (the equations of its "General Solar
//! Position" spreadsheet, from Meeus' *Astronomical Algorithms*): declination and equation of
//! time at an instant, the subsolar point, the sun's elevation anywhere, and sunrise and sunset.
//! Good to about a minute for the years this app shows.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

/// Sun's elevation at sunrise and sunset: −0.833°, for refraction and the sun's radius.
pub const HORIZON_DEG: f64 = -0.833;

/// Where the sun is at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sun {
    /// Declination, degrees (the subsolar latitude).
    pub declination: f64,
    /// Equation of time, minutes.
    pub equation_of_time: f64,
    /// Longitude where the sun is overhead, degrees.
    pub subsolar_lon: f64,
}

/// Sunrise and sunset on one day at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daylight {
    /// The sun rises and sets.
    RiseSet(DateTime<Utc>, DateTime<Utc>),
    /// The sun stays up all day (midnight sun).
    AlwaysUp,
    /// The sun stays down all day (polar night).
    AlwaysDown,
}

impl Sun {
    /// The sun at instant `at`.
    #[must_use]
    pub fn at(at: DateTime<Utc>) -> Self {
        let jd = at.timestamp_millis() as f64 / 86_400_000.0 + 2_440_587.5;
        let t = (jd - 2_451_545.0) / 36_525.0;
        let l0 = (280.466_46 + t * (36_000.769_83 + t * 0.000_303_2)).rem_euclid(360.0);
        let m = 357.529_11 + t * (35_999.050_29 - 0.000_153_7 * t);
        let e = 0.016_708_634 - t * (0.000_042_037 + 0.000_000_126_7 * t);
        let (mr, l0r) = (m.to_radians(), l0.to_radians());
        let center = mr.sin() * (1.914_602 - t * (0.004_817 + 0.000_014 * t))
            + (2.0 * mr).sin() * (0.019_993 - 0.000_101 * t)
            + (3.0 * mr).sin() * 0.000_289;
        let omega = (125.04 - 1934.136 * t).to_radians();
        let apparent = (l0 + center - 0.005_69 - 0.004_78 * omega.sin()).to_radians();
        let mean_obliquity =
            23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.000_59 - t * 0.001_813))) / 60.0) / 60.0;
        let obliquity = (mean_obliquity + 0.002_56 * omega.cos()).to_radians();
        let declination = (obliquity.sin() * apparent.sin()).asin().to_degrees();
        let y = (obliquity / 2.0).tan().powi(2);
        let eot = y * (2.0 * l0r).sin() - 2.0 * e * mr.sin()
            + 4.0 * e * y * mr.sin() * (2.0 * l0r).cos()
            - 0.5 * y * y * (4.0 * l0r).sin()
            - 1.25 * e * e * (2.0 * mr).sin();
        let equation_of_time = 4.0 * eot.to_degrees();
        let minutes = f64::from(at.timestamp().rem_euclid(86_400) as i32) / 60.0;
        let subsolar_lon = wrap_lon((720.0 - minutes - equation_of_time) / 4.0);
        Self {
            declination,
            equation_of_time,
            subsolar_lon,
        }
    }

    /// The sun's elevation above the horizon at (lat, lon), degrees.
    #[must_use]
    pub fn elevation(&self, lat: f64, lon: f64) -> f64 {
        let (lat, dec) = (lat.to_radians(), self.declination.to_radians());
        let hour_angle = (lon - self.subsolar_lon).to_radians();
        (lat.sin() * dec.sin() + lat.cos() * dec.cos() * hour_angle.cos())
            .clamp(-1.0, 1.0)
            .asin()
            .to_degrees()
    }

    /// Whether it is night at (lat, lon): the sun below the sunrise/sunset horizon.
    #[must_use]
    pub fn is_night(&self, lat: f64, lon: f64) -> bool {
        self.elevation(lat, lon) < HORIZON_DEG
    }
}

/// Fold a longitude into −180..180.
#[must_use]
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Sunrise and sunset on local date `date` at (lat, lon).
#[must_use]
pub fn daylight(date: NaiveDate, lat: f64, lon: f64) -> Daylight {
    // Solar noon there, first roughly, then with the sun of that moment.
    let midday = Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).unwrap_or_default())
        - Duration::seconds((lon / 15.0 * 3600.0) as i64);
    let mut noon = midday;
    for _ in 0..2 {
        let sun = Sun::at(noon);
        let minutes = 720.0 - 4.0 * lon - sun.equation_of_time;
        noon = day_start(date) + Duration::milliseconds((minutes * 60_000.0) as i64);
    }
    let sun = Sun::at(noon);
    let (lat_r, dec) = (lat.to_radians(), sun.declination.to_radians());
    let cos_ha =
        (HORIZON_DEG.to_radians().sin() - lat_r.sin() * dec.sin()) / (lat_r.cos() * dec.cos());
    if cos_ha <= -1.0 {
        return Daylight::AlwaysUp;
    }
    if cos_ha >= 1.0 || !cos_ha.is_finite() {
        return Daylight::AlwaysDown;
    }
    let half_day = Duration::milliseconds((cos_ha.acos().to_degrees() * 4.0 * 60_000.0) as i64);
    Daylight::RiseSet(noon - half_day, noon + half_day)
}

fn day_start(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    /// Reference times from the `astral` 3.2 Python package (an independent implementation of
    /// the same NOAA equations), local time, for the route's cities on journey dates.
    const REFERENCE: &[(&str, &str, f64, f64, &str, &str)] = &[
        (
            "Europe/Moscow",
            "2025-06-25",
            55.7558,
            37.6173,
            "03:46:22",
            "21:17:54",
        ),
        (
            "Asia/Irkutsk",
            "2025-06-22",
            52.28,
            104.26,
            "04:41:41",
            "21:28:14",
        ),
        (
            "Asia/Pyongyang",
            "2025-06-17",
            39.005,
            125.736,
            "05:11:12",
            "20:04:50",
        ),
        (
            "Asia/Novosibirsk",
            "2025-12-21",
            55.03,
            82.90,
            "09:52:04",
            "17:00:53",
        ),
        (
            "Asia/Vladivostok",
            "2025-03-20",
            48.50,
            135.10,
            "07:03:15",
            "19:11:47",
        ),
    ];

    fn within_a_minute(got: DateTime<Utc>, tz: Tz, date: &str, want: &str) {
        let local = got.with_timezone(&tz);
        let want =
            chrono::NaiveDateTime::parse_from_str(&format!("{date} {want}"), "%Y-%m-%d %H:%M:%S")
                .unwrap();
        let diff = (local.naive_local() - want).num_seconds().abs();
        assert!(diff <= 60, "{tz}: got {local}, want {want}");
    }

    #[test]
    fn sunrise_and_sunset_match_reference_times() {
        for (zone, date, lat, lon, rise, set) in REFERENCE {
            let tz: Tz = zone.parse().unwrap();
            let Daylight::RiseSet(r, s) = daylight(date.parse().unwrap(), *lat, *lon) else {
                panic!("{zone}: no sunrise")
            };
            within_a_minute(r, tz, date, rise);
            within_a_minute(s, tz, date, set);
        }
    }

    #[test]
    fn the_sun_is_overhead_near_the_tropic_at_the_june_solstice() {
        let sun = Sun::at("2025-06-21T02:42:00Z".parse().unwrap());
        assert!(
            (sun.declination - 23.44).abs() < 0.01,
            "{}",
            sun.declination
        );
        // Noon at Greenwich is about 12:02 UTC on 21 June.
        let noon = Sun::at("2025-06-21T12:02:00Z".parse().unwrap());
        assert!(noon.subsolar_lon.abs() < 0.3, "{}", noon.subsolar_lon);
        assert!((noon.elevation(23.44, 0.0) - 90.0).abs() < 0.3);
    }

    #[test]
    fn night_and_day_at_a_known_instant() {
        // 2025-06-22T03:00Z: 11:00 in Irkutsk (day), 06:00 in Moscow (day, sun up at 03:46),
        // 22:00 the previous evening in New York (night).
        let sun = Sun::at("2025-06-22T03:00:00Z".parse().unwrap());
        assert!(!sun.is_night(52.28, 104.26));
        assert!(!sun.is_night(55.76, 37.62));
        assert!(sun.is_night(40.71, -74.0));
    }

    #[test]
    fn polar_day_and_night() {
        assert_eq!(
            daylight("2025-06-21".parse().unwrap(), 75.0, 100.0),
            Daylight::AlwaysUp
        );
        assert_eq!(
            daylight("2025-12-21".parse().unwrap(), 75.0, 100.0),
            Daylight::AlwaysDown
        );
    }
}
