use crate::diagnostic::Diagnostic;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The document's review date has passed, or it has been `proposed` for too long.
    ///
    /// A decision record is trusted as long as it is current. A `review-by` date (also written
    /// `review-date` or `revisit-by`) is the author's promise to look again; once it has passed,
    /// readers cannot tell whether the decision still holds. A record that stays `proposed` for
    /// months is worse: the team works as if it were decided while the record says it is not.
    /// Review it and update the date, or accept, reject or withdraw the proposal.
    ///
    /// The age after which a proposal counts as stale is 90 days from its `date`; a team that
    /// decides faster (or slower) says so, and the severity is configurable like every rule's:
    ///
    /// ```toml
    /// [rules]
    /// review-overdue = { severity = "info", max-proposed-days = 30 }
    /// ```
    ///
    /// ```markdown
    /// ---
    /// status: accepted
    /// review-by: 2024-01-31
    /// ---
    /// ```
    pub struct ReviewOverdue {
        id: "review-overdue",
        severity: Warning,
        summary: "A review-by date has passed, or a proposal has stayed open too long",
    }
}

/// The metadata keys that hold a review date.
const REVIEW_KEYS: &[&str] = &["review-by", "review-date", "revisit-by", "next-review"];

impl Rule for ReviewOverdue {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        if ctx.is_template {
            return;
        }
        let Some(today) = days(ctx.today) else { return };
        for key in REVIEW_KEYS {
            let Some(field) = ctx.outline.meta(key) else {
                continue;
            };
            let Some(due) = days(field.value.trim()) else {
                continue;
            };
            if due < today {
                out.push(Diagnostic {
                    rule: Self::ID,
                    severity: self.default_severity(),
                    range: field.value_range,
                    message: format!(
                        "the review was due on {} ({} days ago); review the decision and update `{key}`",
                        field.value.trim(),
                        today - due
                    ),
                    fix: None,
                });
            }
        }
        let Some(kind) = ctx.kind else { return };
        let (Some(status), Some(date)) = (
            crate::status::stated_status(ctx.outline, Some(kind)),
            ctx.outline.meta("date"),
        ) else {
            return;
        };
        let proposed = kind
            .match_status(status.value)
            .is_some_and(|m| m.spec.name == "proposed");
        if let (true, Some(since)) = (proposed, days(date.value.trim()))
            && today - since > i64::from(ctx.config.thresholds.max_proposed_days)
        {
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: status.range,
                message: format!(
                    "proposed since {} ({} days); accept, reject or withdraw it",
                    date.value.trim(),
                    today - since
                ),
                fix: None,
            });
        }
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn days(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || date.len() > 10 {
        return None;
    }
    Some(crate::calendar::days_from_civil(
        year,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::days;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2024-03-01").unwrap() - days("2024-02-28").unwrap(), 2);
        assert_eq!(days("2024-13-01"), None);
        assert_eq!(days("soon"), None);
    }
}
