//! Timestamps: milliseconds since the Unix epoch, written as RFC 3339 in UTC.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// `2026-11-26T04:50:42.123Z`
    pub fn to_rfc3339(self) -> String {
        self.to_string()
    }

    /// Parses RFC 3339 (`Z` or `±hh:mm`, optional fraction). Returns `None` on
    /// anything else, including dates that do not exist (`2026-02-31`,
    /// `2100-02-29`), hours past 23, minutes past 59 and offsets past
    /// `±23:59`. A leap second (`:60`, which RFC 3339 allows) is read as
    /// the first second of the next minute, as Unix time has none.
    pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo)
            || !(1..=days_in_month(y, mo)).contains(&d)
            || h > 23
            || mi > 59
            || sec > 60
        {
            return None;
        }
        let mut i = 19;
        let mut millis = 0i64;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            let frac = &s[start..i.min(start + 3)];
            millis = frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
        }
        let offset_min = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let m = oh * 60 + om;
                if *sign == b'-' {
                    -m
                } else {
                    m
                }
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo, d);
        let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
        Some(Timestamp(secs * 1000 + millis))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.rem_euclid(1000);
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

/// Days in month `m` (1 to 12) of year `y`, in the proleptic Gregorian
/// calendar: February has 29 days in years divisible by 4, except
/// centuries not divisible by 400.
fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms (public domain).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(1_795_668_642_123).to_string(),
            "2026-11-26T04:50:42.123Z"
        );
        assert_eq!(
            Timestamp(951_782_400_000).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn parses_offsets_and_fractions() {
        let t = Timestamp::parse_rfc3339("2026-11-26T04:50:42.123Z").unwrap();
        assert_eq!(t.0, 1_795_668_642_123);
        let t2 = Timestamp::parse_rfc3339("2026-11-26T05:50:42.123+01:00").unwrap();
        assert_eq!(t, t2);
        let t3 = Timestamp::parse_rfc3339("2026-11-26T04:50:42Z").unwrap();
        assert_eq!(t3.0, 1_795_668_642_000);
        for bad in [
            "",
            "2026-11-26",
            "2026-13-01T00:00:00Z",
            "2026-11-26T04:50:42",
            "2026-11-26T04:50:42.Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(ms in -62_000_000_000_000i64..253_000_000_000_000i64) {
            let t = Timestamp(ms);
            prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        }
    }

    fn parse(s: &str) -> Option<Timestamp> {
        Timestamp::parse_rfc3339(s)
    }

    #[test]
    fn days_past_the_end_of_the_month_are_refused() {
        for bad in [
            "2026-02-31T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-06-31T00:00:00Z",
            "2026-09-31T00:00:00Z",
            "2026-11-31T12:00:00.500+02:00",
            "2026-01-32T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-00-10T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn leap_days_and_month_ends_are_read() {
        for (good, back) in [
            ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"),
            ("2000-02-29T23:59:59.999Z", "2000-02-29T23:59:59.999Z"),
            ("2026-02-28T00:00:00Z", "2026-02-28T00:00:00.000Z"),
            ("2026-04-30T00:00:00Z", "2026-04-30T00:00:00.000Z"),
            ("2026-12-31T00:00:00Z", "2026-12-31T00:00:00.000Z"),
        ] {
            assert_eq!(parse(good).map(|t| t.to_string()).as_deref(), Some(back));
        }
    }

    #[test]
    fn times_out_of_range_are_refused() {
        for bad in [
            "2026-11-26T24:00:00Z",
            "2026-11-26T23:60:00Z",
            "2026-11-26T23:59:61Z",
            "2026-11-26T99:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    /// RFC 3339 allows a leap second (`:60`); Unix time has none, so it is
    /// read as the first second of the next minute.
    #[test]
    fn a_leap_second_is_the_next_minute() {
        assert_eq!(parse("2016-12-31T23:59:60Z"), parse("2017-01-01T00:00:00Z"));
        assert!(parse("2016-12-31T23:59:60Z").is_some());
    }

    #[test]
    fn offsets_out_of_range_are_refused() {
        for bad in [
            "2026-11-26T04:50:42+24:00",
            "2026-11-26T04:50:42-25:00",
            "2026-11-26T04:50:42+01:60",
            "2026-11-26T04:50:42+99:99",
            "2026-11-26T04:50:42+0100",
            "2026-11-26T04:50:42+01:0",
            "2026-11-26T04:50:42+1:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let z = parse("2026-11-26T04:50:42Z");
        assert_eq!(parse("2026-11-26T04:50:42-00:00"), z);
        assert_eq!(parse("2026-11-27T04:49:42+23:59"), z);
        assert_eq!(parse("2026-11-25T04:51:42-23:59"), z);
    }

    /// The last day of month `m` of year `y`, from the calendar algorithm
    /// (the day before the first of the next month), not from the parser's
    /// table.
    fn month_len(y: i64, m: i64) -> i64 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        civil_from_days(days_from_civil(ny, nm, 1) - 1).2
    }

    proptest! {
        /// Any valid timestamp written out reads back to itself, with `Z`
        /// or with an offset.
        #[test]
        fn valid_timestamps_read_back(
            y in 0i64..=9999,
            m in 1i64..=12,
            d_seed in 0i64..31,
            h in 0i64..=23,
            mi in 0i64..=59,
            s in 0i64..=59,
            ms in 0i64..=999,
            off in -(23 * 60 + 59)..=(23 * 60 + 59i64),
        ) {
            let d = 1 + d_seed % month_len(y, m);
            let text = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z");
            let t = parse(&text);
            prop_assert!(t.is_some(), "{}", text);
            prop_assert_eq!(t.map(|t| t.to_string()), Some(text.clone()));
            // The same instant written with an offset: local time = UTC + offset.
            if let Some(t) = t {
                let local = Timestamp(t.0 + off * 60_000).to_string();
                let sign = if off < 0 { '-' } else { '+' };
                let with_offset = format!(
                    "{}{sign}{:02}:{:02}",
                    &local[..local.len() - 1],
                    off.abs() / 60,
                    off.abs() % 60
                );
                // Only within the four-digit years the format can write.
                if local.len() == 24 && local.as_bytes()[0].is_ascii_digit() {
                    prop_assert_eq!(parse(&with_offset), Some(t), "{}", with_offset);
                }
            }
        }

        /// A day past the end of its month is refused, whatever the rest.
        #[test]
        fn days_past_the_month_are_refused(
            y in 0i64..=9999,
            m in 1i64..=12,
            extra in 1i64..=(99 - 28),
            h in 0i64..=23,
        ) {
            let d = month_len(y, m) + extra;
            prop_assume!(d <= 99);
            let text = format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00Z");
            prop_assert_eq!(parse(&text), None, "{}", text);
        }
    }
}
