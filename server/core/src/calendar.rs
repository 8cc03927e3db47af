//! Calendar arithmetic on UTC days: dates as `YYYY-MM-DD`, ISO weeks as `YYYY-Www`, and the week
//! a dated file name (`2026-11-27.md`, `2026-W48.md`) reports on. Pure and exact for every date of
//! the proleptic Gregorian calendar.

/// The months' names in English, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a (year, month, day).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian (year, month, day) of a count of
/// days since 1970-01-01, exact for every date in range.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March, so that the leap day is the last day of the year.
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD` of a day.
pub fn format_date(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day of a strict `YYYY-MM-DD` that names a real date; `None` for anything else.
pub fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    // 2026-02-30 comes back as March: not a date.
    (civil_from_days(days) == (i64::from(year), month, day)).then_some(days)
}

/// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The ISO 8601 (week-numbering year, week) of a day: weeks start on Monday and week 1 holds the
/// year's first Thursday.
pub fn iso_week(days: i64) -> (i64, u32) {
    let thursday = days - weekday(days) + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u32)
}

/// The Monday of ISO week `week` of `year`, when the year has that week.
pub fn iso_week_start(year: i64, week: u32) -> Option<i64> {
    let january_fourth = days_from_civil(year, 1, 4);
    let monday = january_fourth - weekday(january_fourth) + 7 * (i64::from(week) - 1);
    (week >= 1 && iso_week(monday) == (year, week)).then_some(monday)
}

/// A week, Monday to Sunday.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// `2026-W48`.
    pub label: String,
    /// The Monday, `YYYY-MM-DD`.
    pub start: String,
    /// The Sunday, `YYYY-MM-DD`.
    pub end: String,
}

/// The ISO week holding a day.
pub fn week_of(days: i64) -> Week {
    let (year, week) = iso_week(days);
    let monday = days - weekday(days);
    Week {
        label: format!("{year:04}-W{week:02}"),
        start: format_date(monday),
        end: format_date(monday + 6),
    }
}

/// The week a dated file name reports on: the ISO week of `2026-11-27…` (any day of it), or the
/// week `2026-W48…` names. The date or week starts the name and is followed by nothing, the
/// extension, or a separator; anything else (`2026-11-27x`, `2026-W60`) is no dated name.
pub fn week_of_file_name(file_name: &str) -> Option<Week> {
    let stem = file_name.rsplit('/').next().unwrap_or(file_name);
    let ends_there = |at: usize| {
        stem[at..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '.' | '-' | '_' | ' '))
    };
    if let Some(date) = stem.get(..10)
        && let Some(days) = parse_date(date)
        && ends_there(10)
    {
        return Some(week_of(days));
    }
    let year: i64 = stem
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    let rest = stem.get(4..8)?;
    let week = rest
        .strip_prefix("-W")
        .or_else(|| rest.strip_prefix("-w"))?;
    if !week.bytes().all(|b| b.is_ascii_digit()) || !ends_there(8) {
        return None;
    }
    let monday = iso_week_start(year, week.parse().ok()?)?;
    Some(week_of(monday))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_civil_calendar() {
        for days in [-800_000, -1, 0, 1, 10_957, 20_000, 20_789, 800_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(format_date(parse_date("2024-02-29").unwrap()), "2024-02-29");
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-1-01"), None);
    }

    #[test]
    fn iso_weeks_follow_the_first_thursday() {
        let week = |date: &str| week_of(parse_date(date).unwrap());
        assert_eq!(week("2026-11-27").label, "2026-W48");
        assert_eq!(week("2026-11-27").start, "2026-11-23");
        assert_eq!(week("2026-11-27").end, "2026-11-29");
        // 2021-01-03 (a Sunday) belongs to the last week of 2020, which had 53.
        assert_eq!(week("2021-01-03").label, "2020-W53");
        assert_eq!(week("2024-12-30").label, "2025-W01");
        assert_eq!(
            iso_week_start(2020, 53).map(format_date).as_deref(),
            Some("2020-12-28")
        );
        assert_eq!(iso_week_start(2021, 53), None);
        assert_eq!(iso_week_start(2021, 0), None);
    }

    #[test]
    fn dated_file_names_give_their_week() {
        let label = |name: &str| week_of_file_name(name).map(|w| w.label);
        assert_eq!(label("2026-11-27.md").as_deref(), Some("2026-W48"));
        assert_eq!(label("2026-11-27-platform.md").as_deref(), Some("2026-W48"));
        assert_eq!(label("2026-W48.md").as_deref(), Some("2026-W48"));
        assert_eq!(label("2026-w48-team.md").as_deref(), Some("2026-W48"));
        assert_eq!(label("2026-W60.md"), None);
        assert_eq!(label("2026-11-271.md"), None);
        assert_eq!(label("weekly.md"), None);
        assert_eq!(label("0001-use-x.md"), None);
    }
}
