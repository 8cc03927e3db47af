use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::outline::MetaField;
use crate::position::TextRange;
use crate::rules::support::looks_like_placeholder;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A date in the document's metadata is not a real `YYYY-MM-DD` date, or is in the future.
    ///
    /// Dates tell readers how old a decision is and when it is due for review; tools sort
    /// documents by them and remind people when `review-by` passes. `23-07-2014` is read as
    /// three different dates in three countries, `2024-02-30` does not exist, and a `date` next
    /// year is usually a typo for this one. ISO 8601 (`2024-03-04`) is unambiguous and sorts as
    /// text.
    ///
    /// Checked fields: `date`, every field ending in `date` (`start-date`, `decision-date`),
    /// `review-by`, `created`, `updated`, `last-updated`, `deadline`. Only `date` may not lie in
    /// the future. When the value is a real date in another common form (`2024/3/4`,
    /// `23-07-2014`), the fix rewrites it as `YYYY-MM-DD`; ambiguous ones (`03-04-2024`) are left
    /// to you.
    ///
    /// ```markdown
    /// Date: 2024-02-30     <- reported: February 2024 has 29 days
    /// ```
    pub struct InvalidDate {
        id: "invalid-date",
        severity: Warning,
        summary: "A date field is not a real YYYY-MM-DD date",
        fix: Safe,
    }
}

impl Rule for InvalidDate {
    rule_metadata!();
    /// A date that is not a date misleads a reader of a decided record as much as a draft's.
    fn checks_decided_records(&self) -> bool {
        true
    }

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        if ctx.kind.is_none() {
            return;
        }
        for field in ctx.outline.metadata.iter().filter(|f| is_date_key(&f.key)) {
            if let Some(diagnostic) = self.check_field(ctx, field) {
                out.push(diagnostic);
            }
        }
    }
}

impl InvalidDate {
    fn check_field(&self, ctx: &RuleContext, field: &MetaField) -> Option<Diagnostic> {
        let value = field
            .value
            .trim()
            .trim_matches(|c: char| matches!(c, '*' | '_' | '`' | '"' | '\'') || c.is_whitespace());
        // `(2023-06-27)`: a date in parentheses is that date, as the author meant it.
        let value = match value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
            Some(inner) if iso_date(inner.trim()).is_some() => inner.trim(),
            _ => value,
        };
        // `DATE`, `TODAY_DATE`: a template's variable that a tool fills in (adr-tools' `Date:
        // DATE`), not a date written wrong.
        let template_variable = value.len() >= 3
            && value
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-');
        if value.is_empty() || looks_like_placeholder(value) || template_variable {
            return None;
        }
        let diagnostic = |message: String, fix: Option<Fix>| Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: field.value_range,
            message,
            fix,
        };
        if let Some((year, month, day)) = iso_date(value) {
            if let Err(problem) = check_calendar(year, month, day) {
                return Some(diagnostic(
                    format!(
                        "`{}` is not a real date: {problem}",
                        key_value(field, value)
                    ),
                    None,
                ));
            }
            let date = &value[..10];
            if field.key == "date" && is_after(date, ctx.today) {
                return Some(diagnostic(
                    format!("`date: {date}` is in the future (today is {})", ctx.today),
                    None,
                ));
            }
            return None;
        }
        let rewritten = other_form(value).filter(|&(y, m, d)| check_calendar(y, m, d).is_ok());
        let fix = rewritten.and_then(|(year, month, day)| {
            let iso = format!("{year:04}-{month:02}-{day:02}");
            let offset = field.value_range.slice(ctx.text).find(value)?;
            let start = field.value_range.start + offset;
            Some(Fix {
                title: format!("Write the date as `{iso}`"),
                edits: vec![TextEdit {
                    range: TextRange::new(start, start + value.len()),
                    new_text: iso,
                }],
            })
        });
        Some(diagnostic(
            format!(
                "`{}` is not a date in the form YYYY-MM-DD",
                key_value(field, value)
            ),
            fix,
        ))
    }
}

/// `start-date: 2014-3-1`, for messages.
fn key_value(field: &MetaField, value: &str) -> String {
    format!("{}: {value}", field.key)
}

fn is_date_key(key: &str) -> bool {
    key.ends_with("date")
        || matches!(
            key,
            "review-by" | "created" | "updated" | "last-updated" | "deadline"
        )
}

/// `YYYY-MM-DD`, optionally followed by a time (`T10:00`, ` 10:00`).
fn iso_date(value: &str) -> Option<(u32, u32, u32)> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range.clone())
            .filter(|b| b.iter().all(u8::is_ascii_digit))
            .and_then(|_| value[range].parse().ok())
    };
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    if bytes.len() > 10
        && !(matches!(bytes[10], b'T' | b' ') && bytes.get(11).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    Some((digits(0..4)?, digits(5..7)?, digits(8..10)?))
}

/// A real date written another way: `2024/3/4`, `2024.03.04`, `(2016-06-17)`, `23-07-2014` (day
/// first, when the day is over 12), `07/23/2014` (month first, likewise). `None` when ambiguous.
fn other_form(value: &str) -> Option<(u32, u32, u32)> {
    let inner =
        value.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']') || c.is_whitespace());
    let parts: Vec<&str> = inner.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let numbers: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => Some((numbers[0], numbers[1], numbers[2])),
        (1..=2, 4) if numbers[0] > 12 && numbers[1] <= 12 => {
            Some((numbers[2], numbers[1], numbers[0]))
        }
        (1..=2, 4) if numbers[1] > 12 && numbers[0] <= 12 => {
            Some((numbers[2], numbers[0], numbers[1]))
        }
        _ => None,
    }
}

fn check_calendar(year: u32, month: u32, day: u32) -> Result<(), String> {
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!(
            "{} {year} has {days} days",
            crate::calendar::MONTH_NAMES[month as usize - 1]
        ));
    }
    Ok(())
}

/// Whether `date` (YYYY-MM-DD) is after `today` (YYYY-MM-DD): ISO dates compare as text.
fn is_after(date: &str, today: &str) -> bool {
    iso_date(today).is_some() && date > &today[..10]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_are_checked() {
        assert!(check_calendar(2024, 2, 29).is_ok());
        assert_eq!(
            check_calendar(2023, 2, 29).unwrap_err(),
            "February 2023 has 28 days"
        );
        assert_eq!(
            check_calendar(2024, 2, 30).unwrap_err(),
            "February 2024 has 29 days"
        );
        assert!(check_calendar(1900, 2, 29).is_err());
        assert!(check_calendar(2000, 2, 29).is_ok());
        assert_eq!(
            check_calendar(2024, 13, 1).unwrap_err(),
            "there is no month 13"
        );
        assert!(check_calendar(2024, 4, 31).is_err());
    }

    #[test]
    fn iso_dates_are_recognised() {
        assert_eq!(iso_date("2024-03-04"), Some((2024, 3, 4)));
        assert_eq!(iso_date("2024-03-04T10:00:00Z"), Some((2024, 3, 4)));
        assert_eq!(iso_date("2024-3-4"), None);
        assert_eq!(iso_date("2024-03-04 (approx)"), None);
    }

    #[test]
    fn other_forms_are_rewritten_only_when_unambiguous() {
        assert_eq!(other_form("2020/05/18"), Some((2020, 5, 18)));
        assert_eq!(other_form("2023-10-3"), Some((2023, 10, 3)));
        assert_eq!(other_form("(2016-06-17)"), Some((2016, 6, 17)));
        assert_eq!(other_form("23-07-2014"), Some((2014, 7, 23)));
        assert_eq!(other_form("07/23/2014"), Some((2014, 7, 23)));
        assert_eq!(other_form("03-04-2024"), None);
        assert_eq!(other_form("March 3, 2024"), None);
    }

    #[test]
    fn only_later_dates_are_in_the_future() {
        assert!(is_after("2026-01-02", "2026-01-01"));
        assert!(!is_after("2026-01-01", "2026-01-01"));
        assert!(!is_after("2026-01-02", "not a date"));
    }
}
