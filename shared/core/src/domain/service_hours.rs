//! Service hours by plan (サービス提供時間): the business-hours plan serves the interactive
//! functions on weekdays 9:00-21:00 Japan time, except Japanese public holidays; the other plan
//! serves around the clock. Holidays are computed (no table to keep up to date), as the Act on
//! National Holidays defines them since 2007: fixed days, Happy Mondays, the equinoxes, the
//! substitute holiday after a Sunday holiday, and a day between two holidays.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};

use super::tenant::Plan;

const OPENS_AT: u32 = 9;
const CLOSES_AT: u32 = 21;

impl Plan {
    /// Whether the tenant's interactive functions are served at `at`.
    pub fn is_open(self, at: DateTime<Utc>) -> bool {
        match self {
            Plan::Always => true,
            Plan::BusinessHours => {
                let japan = at.with_timezone(&FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset"));
                let date = japan.date_naive();
                let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                weekday && !is_holiday(date) && (OPENS_AT..CLOSES_AT).contains(&japan.hour())
            }
        }
    }
}

/// Whether `date` is a Japanese public holiday (valid 2007-2099).
pub fn is_holiday(date: NaiveDate) -> bool {
    if is_named_holiday(date) {
        return true;
    }
    // 振替休日: the first non-holiday after a holiday that fell on a Sunday.
    let mut back = date - Duration::days(1);
    while is_named_holiday(back) {
        if back.weekday() == Weekday::Sun {
            return true;
        }
        back -= Duration::days(1);
    }
    // 国民の休日: a weekday between two holidays.
    date.weekday() != Weekday::Sun
        && is_named_holiday(date - Duration::days(1))
        && is_named_holiday(date + Duration::days(1))
}

fn is_named_holiday(date: NaiveDate) -> bool {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let nth_monday = |n: u32| date.weekday() == Weekday::Mon && (d - 1) / 7 + 1 == n;
    match m {
        1 => d == 1 || nth_monday(2),
        2 => d == 11 || d == 23,
        3 => d == equinox_day(y, 20.8431),
        4 => d == 29,
        5 => (3..=5).contains(&d),
        7 => nth_monday(3),
        8 => d == 11,
        9 => nth_monday(3) || d == equinox_day(y, 23.2488),
        10 => nth_monday(2),
        11 => d == 3 || d == 23,
        _ => false,
    }
}

/// The day of the vernal (base 20.8431) or autumnal (23.2488) equinox, by the formula the
/// National Astronomical Observatory's predictions follow for 1980-2099.
fn equinox_day(year: i32, base: f64) -> u32 {
    let since = f64::from(year - 1980);
    (base + 0.242194 * since - (since / 4.0).floor()).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn knows_the_holidays_of_2026() {
        let holidays: Vec<NaiveDate> =
            (0..365).map(|k| day(2026, 1, 1) + Duration::days(k)).filter(|d| is_holiday(*d)).collect();
        let expected = [
            (1, 1),
            (1, 12),
            (2, 11),
            (2, 23),
            (3, 20),
            (4, 29),
            (5, 3),
            (5, 4),
            (5, 5),
            (5, 6),
            (7, 20),
            (8, 11),
            (9, 21),
            (9, 22),
            (9, 23),
            (10, 12),
            (11, 3),
            (11, 23),
        ];
        assert_eq!(holidays, expected.map(|(m, d)| day(2026, m, d)));
    }

    #[test]
    fn business_hours_are_weekdays_nine_to_nine_japan_time() {
        let jst = |m, d, h| FixedOffset::east_opt(9 * 3600).unwrap().with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap();
        let open = |m, d, h| Plan::BusinessHours.is_open(jst(m, d, h).with_timezone(&Utc));
        assert!(open(11, 25, 9) && open(11, 25, 20), "a Wednesday");
        assert!(!open(11, 25, 8) && !open(11, 25, 21));
        assert!(!open(11, 28, 12), "a Saturday");
        assert!(!open(5, 6, 12), "振替休日: 憲法記念日 fell on a Sunday");
        assert!(!open(9, 22, 12), "国民の休日 between 敬老の日 and 秋分の日");
        assert!(Plan::Always.is_open(jst(11, 28, 3).with_timezone(&Utc)));
    }
}
