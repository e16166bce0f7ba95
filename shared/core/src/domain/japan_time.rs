//! Dates and times as people in Japan read them in mail: 「2026年12月8日（火）14:00〜14:30」.

use chrono::{DateTime, Datelike, FixedOffset, Utc};

fn japan(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset"))
}

/// The date in Japan at `at`.
pub fn japan_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    japan(at).date_naive()
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// 「2026年12月8日（火）14:00〜14:30」 (the end's date is left out when it is the same day).
pub fn range_ja(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (japan(start), japan(end));
    let day = |d: DateTime<FixedOffset>| {
        format!(
            "{}年{}月{}日（{}）",
            d.year(),
            d.month(),
            d.day(),
            WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize]
        )
    };
    let end = if s.date_naive() == e.date_naive() { String::new() } else { day(e) };
    format!("{}{}〜{}{}", day(s), s.format("%H:%M"), end, e.format("%H:%M"))
}

/// 「2026年12月8日（火）14:00」.
pub fn moment_ja(at: DateTime<Utc>) -> String {
    let d = japan(at);
    format!(
        "{}年{}月{}日（{}）{}",
        d.year(),
        d.month(),
        d.day(),
        WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize],
        d.format("%H:%M")
    )
}

/// "Tue 8 Dec 2026, 14:00 (Japan time)".
pub fn moment_en(at: DateTime<Utc>) -> String {
    format!("{} (Japan time)", japan(at).format("%a %-d %b %Y, %H:%M"))
}

/// "Tue 8 Dec 2026, 14:00–14:30 (Japan time)".
pub fn range_en(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (japan(start), japan(end));
    let end = if s.date_naive() == e.date_naive() { e.format("%H:%M") } else { e.format("%a %-d %b %Y, %H:%M") };
    format!("{}–{} (Japan time)", s.format("%a %-d %b %Y, %H:%M"), end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_japan_time_with_the_weekday() {
        let start = Utc.with_ymd_and_hms(2026, 12, 8, 5, 0, 0).unwrap();
        let end = start + chrono::Duration::minutes(30);
        assert_eq!(range_ja(start, end), "2026年12月8日（火）14:00〜14:30");
        assert_eq!(range_en(start, end), "Tue 8 Dec 2026, 14:00–14:30 (Japan time)");
        assert_eq!(
            (moment_ja(start), moment_en(start)),
            ("2026年12月8日（火）14:00".into(), "Tue 8 Dec 2026, 14:00 (Japan time)".into())
        );
        // 23:50 UTC is already the next day in Japan, and the end runs past midnight.
        let late = Utc.with_ymd_and_hms(2026, 12, 8, 14, 45, 0).unwrap();
        assert_eq!(
            range_ja(late, late + chrono::Duration::minutes(30)),
            "2026年12月8日（火）23:45〜2026年12月9日（水）00:15"
        );
    }
}
