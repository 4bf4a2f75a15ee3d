//! Seconds since the epoch written as a date a reader recognises.
//!
//! DKIM's t= and x= tags are seconds since 1970-01-01T00:00:00Z (RFC 6376,
//! section 3.5); a finding shows them as `2026-11-19 05:51:03 UTC` next to
//! the number the header holds.

/// `seconds` since the epoch as `YYYY-MM-DD HH:MM:SS UTC` (proleptic
/// Gregorian calendar, no leap seconds, as POSIX time counts). Years past
/// 9999 are written with more digits; every `u64` has a date.
pub(crate) fn utc_text(seconds: u64) -> String {
    let (days, secs) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The (year, month, day) of the day `days` after 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, from "chrono-Compatible Low-Level
/// Date Algorithms" (<https://howardhinnant.github.io/date_algorithms.html>),
/// restricted to days on or after the epoch, so unsigned arithmetic never
/// goes below zero: days are counted from 0000-03-01 in eras of 400 years
/// (146 097 days), with March first so that the leap day ends the year.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // 719 468 days from 0000-03-01 to 1970-01-01; `days` is at most
    // u64::MAX / 86 400, so the sum cannot overflow.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097; // day of era, [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1, [0, 365]
    let mp = (5 * doy + 2) / 153; // month from March, [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = era * 400 + yoe + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::utc_text;

    /// Expected values computed independently (Python's datetime in UTC).
    #[test]
    fn known_dates() {
        for (seconds, text) in [
            (0, "1970-01-01 00:00:00 UTC"),
            (68_169_600, "1972-02-29 00:00:00 UTC"),
            (951_782_400, "2000-02-29 00:00:00 UTC"),
            (1_795_067_463, "2026-11-19 05:51:03 UTC"),
            (2_147_483_647, "2038-01-19 03:14:07 UTC"),
            (2_147_483_648, "2038-01-19 03:14:08 UTC"),
            // 2100 is not a leap year: February 28 is followed by March 1.
            (4_107_542_399, "2100-02-28 23:59:59 UTC"),
            (4_107_542_400, "2100-03-01 00:00:00 UTC"),
            (253_402_300_799, "9999-12-31 23:59:59 UTC"),
            (253_402_300_800, "10000-01-01 00:00:00 UTC"),
        ] {
            assert_eq!(utc_text(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn the_largest_timestamp_has_a_date() {
        // 400-year cycles counted separately: 213 503 982 334 601 days and
        // 25 215 seconds after the epoch.
        assert_eq!(utc_text(u64::MAX), "584554051223-11-09 07:00:15 UTC");
    }
}
