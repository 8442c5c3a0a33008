//! When a protection marking is due for review (omprövning): one rule, used by the card, the caseload
//! and the watch list ("Bevakningar"), so they can never disagree.

use crate::limits::REVIEW_SOON_DAYS;

crate::named! {
    /// How a person's protection review date stands today.
    pub enum ReviewStatus {
        /// No review date is set.
        NotSet = "not_set",
        /// Later than [`REVIEW_SOON_DAYS`] from today.
        Later = "later",
        /// Today or within [`REVIEW_SOON_DAYS`] days.
        DueSoon = "due_soon",
        /// The date has passed.
        Overdue = "overdue",
    }
}

impl ReviewStatus {
    /// The status of `review_on` (YYYY-MM-DD) on `today`. A date that does not parse (validation
    /// refuses those) counts as overdue, so it is looked at rather than hidden.
    pub fn of(review_on: Option<&str>, today: time::Date) -> ReviewStatus {
        let Some(text) = review_on else {
            return ReviewStatus::NotSet;
        };
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        let Ok(date) = time::Date::parse(text, &fmt) else {
            return ReviewStatus::Overdue;
        };
        let days = (date - today).whole_days();
        if days < 0 {
            ReviewStatus::Overdue
        } else if days <= REVIEW_SOON_DAYS {
            ReviewStatus::DueSoon
        } else {
            ReviewStatus::Later
        }
    }

    /// True when the person belongs on the watch list.
    pub fn needs_attention(self) -> bool {
        matches!(self, ReviewStatus::DueSoon | ReviewStatus::Overdue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_review_date_is_overdue_due_soon_or_later_by_the_calendar() {
        let today = date!(2026 - 12 - 01);
        let cases = [
            (None, ReviewStatus::NotSet),
            (Some("2026-03-01"), ReviewStatus::Overdue),
            (Some("2026-11-30"), ReviewStatus::Overdue),
            (Some("2026-12-01"), ReviewStatus::DueSoon),
            (Some("2026-12-31"), ReviewStatus::DueSoon),
            (Some("2027-01-01"), ReviewStatus::Later),
            (Some("not a date"), ReviewStatus::Overdue),
        ];
        for (on, want) in cases {
            assert_eq!(ReviewStatus::of(on, today), want, "{on:?}");
        }
        assert!(ReviewStatus::Overdue.needs_attention());
        assert!(!ReviewStatus::Later.needs_attention() && !ReviewStatus::NotSet.needs_attention());
    }
}
