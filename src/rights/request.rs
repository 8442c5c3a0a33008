//! The life of a request: its id, the steps it may take, its extension and the handler's worklist.
//! Pure functions of the request and the date; the session seals and logs.

use serde::Serialize;
use time::Date;

use super::model::{Extension, Refusal, Request, RequestKind, RequestStatus, Step};
use crate::calendar::{request_deadline, Deadline};
use crate::error::{Error, Result};
use crate::input::{Input, Rule};

/// A request's id: the person ref and its number for that person (`P-7K2M-Q9XD-4T1B-B3`). Neither
/// is personal data, so an id may be an argument and a log entry.
pub fn request_id(person_ref: &str, n: usize) -> String {
    format!("{person_ref}-B{n}")
}

/// The person ref inside a request id, or `REQUEST_NOT_FOUND` for anything that is not one.
pub fn person_of(id: &str) -> Result<String> {
    let id = id.trim().to_uppercase();
    let (person, n) = id.rsplit_once("-B").ok_or(Error::RequestNotFound)?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::RequestNotFound);
    }
    crate::records::refs::parse_ref(person).map_err(|_| Error::RequestNotFound)
}

/// A date as `YYYY-MM-DD`.
pub fn parse_date(input: Input, s: &str) -> Result<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &fmt)
        .map_err(|_| Error::invalid(input, Rule::Format, "a date is written YYYY-MM-DD"))
}

pub fn format_date(d: Date) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&fmt).unwrap_or_default()
}

fn not_now(message: &str) -> Error {
    Error::invalid(Input::Request, Rule::NotAllowed, message.to_string())
}

/// A new request received on `received` (not in the future).
pub fn open(
    id: String,
    kind: RequestKind,
    received: Date,
    today: Date,
    channel: super::model::Channel,
    stamp: (&str, &str),
) -> Result<Request> {
    if received > today {
        return Err(Error::invalid(
            Input::ReceivedOn,
            Rule::OutOfRange,
            "a request cannot be received in the future",
        ));
    }
    let Deadline { due, .. } = request_deadline(received);
    Ok(Request {
        id,
        kind,
        received: format_date(received),
        channel,
        status: RequestStatus::Received,
        due: format_date(due),
        identity_check: None,
        extension: None,
        refusal: None,
        steps: vec![Step {
            status: RequestStatus::Received,
            by: stamp.0.into(),
            at: stamp.1.into(),
        }],
    })
}

/// Moves the request to `to`, if that step is allowed from where it stands.
pub fn step(r: &mut Request, to: RequestStatus, by: &str, at: &str) -> Result<()> {
    use RequestStatus::*;
    let from = r.status;
    let ok = match (from, to) {
        (_, _) if !from.is_open() => false,
        (Received, IdentityVerified) => true,
        // Work and answers need a verified identity; a withdrawal or an art. 12(5) refusal does not.
        (IdentityVerified, InProgress) => true,
        (IdentityVerified | InProgress | Extended, Extended) => from != Extended,
        (IdentityVerified | InProgress | Extended, Completed | PartiallyRefused) => true,
        (_, Refused | Withdrawn) => true,
        _ => false,
    };
    if !ok {
        return Err(not_now(match from {
            s if !s.is_open() => "the request is already closed",
            Received => "verify the person's identity first",
            Extended if to == Extended => "a request can be extended only once",
            _ => "the request cannot take that step now",
        }));
    }
    r.status = to;
    r.steps.push(Step {
        status: to,
        by: by.into(),
        at: at.into(),
    });
    Ok(())
}

/// Work on a verified request puts it in progress (an extended one stays extended).
pub fn start_work(r: &mut Request, by: &str, at: &str) -> Result<()> {
    match r.status {
        RequestStatus::IdentityVerified => step(r, RequestStatus::InProgress, by, at),
        RequestStatus::InProgress | RequestStatus::Extended => Ok(()),
        RequestStatus::Received => Err(not_now("verify the person's identity first")),
        _ => Err(not_now("the request is already closed")),
    }
}

/// Extends the deadline by two months. Allowed once, before the first deadline, and only when the
/// person is told by then (`told_on`).
pub fn extend(
    r: &mut Request,
    reason: String,
    told_on: Date,
    today: Date,
    stamp: (&str, &str),
) -> Result<()> {
    let received = parse_date(Input::ReceivedOn, &r.received)?;
    let Deadline { due, extended_due } = request_deadline(received);
    if today > due || told_on > due || told_on < received {
        return Err(not_now(
            "an extension must be decided and told to the person within the first month",
        ));
    }
    step(r, RequestStatus::Extended, stamp.0, stamp.1)?;
    r.due = format_date(extended_due);
    r.extension = Some(Extension {
        by: stamp.0.into(),
        at: stamp.1.into(),
        reason,
        person_told_on: format_date(told_on),
    });
    Ok(())
}

/// Closes the request with its outcome; a refusal names its ground.
pub fn close(
    r: &mut Request,
    outcome: RequestStatus,
    refusal: Option<Refusal>,
    by: &str,
    at: &str,
) -> Result<()> {
    use RequestStatus::*;
    if !matches!(outcome, Completed | PartiallyRefused | Refused | Withdrawn) {
        return Err(not_now(
            "a request closes as completed, partially refused, refused or withdrawn",
        ));
    }
    let refuses = matches!(outcome, PartiallyRefused | Refused);
    if refuses != refusal.is_some() {
        return Err(Error::invalid(
            Input::Reason,
            Rule::Required,
            "a refusal (and only a refusal) names its ground",
        ));
    }
    step(r, outcome, by, at)?;
    r.refusal = refusal;
    Ok(())
}

/// One open request on the handler's worklist.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WorkItem {
    pub request_id: String,
    pub person_ref: String,
    pub initials: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub received: String,
    pub due: String,
    /// Days from today to the due date (negative: overdue).
    pub days_left: i64,
    pub overdue: bool,
}

impl WorkItem {
    pub fn of(r: &Request, person_ref: &str, initials: &str, today: Date) -> Result<WorkItem> {
        let due = parse_date(Input::Request, &r.due)?;
        let days_left = (due - today).whole_days();
        Ok(WorkItem {
            request_id: r.id.clone(),
            person_ref: person_ref.into(),
            initials: initials.into(),
            kind: r.kind,
            status: r.status,
            received: r.received.clone(),
            due: r.due.clone(),
            days_left,
            overdue: days_left < 0,
        })
    }
}

/// Overdue first, then by due date (earliest first), then by when received, then by id.
pub fn order(items: &mut [WorkItem]) {
    // Two deadlines moved to the same working day (a holiday, a weekend) keep the order they came in.
    items.sort_by(|a, b| {
        (!a.overdue, &a.due, &a.received, &a.request_id).cmp(&(
            !b.overdue,
            &b.due,
            &b.received,
            &b.request_id,
        ))
    });
}

/// How many are due by the end of this week (Sunday), overdue ones included.
pub fn due_this_week(items: &[WorkItem], today: Date) -> usize {
    let to_sunday = 6 - i64::from(today.weekday().number_days_from_monday());
    items.iter().filter(|i| i.days_left <= to_sunday).count()
}

#[cfg(test)]
mod tests {
    use super::super::model::Channel;
    use super::*;
    use time::macros::date;

    fn fresh(received: Date) -> Request {
        open(
            request_id("P-0000-0000-0001", 1),
            RequestKind::Access,
            received,
            date!(2026 - 12 - 01),
            Channel::InPerson,
            ("h", "t"),
        )
        .unwrap()
    }

    #[test]
    fn ids_carry_the_person_ref() {
        let id = request_id("P-7K2M-Q9XD-4T1B", 3);
        assert_eq!(id, "P-7K2M-Q9XD-4T1B-B3");
        assert_eq!(person_of(&id.to_lowercase()).unwrap(), "P-7K2M-Q9XD-4T1B");
        for bad in [
            "P-7K2M-Q9XD-4T1B",
            "P-7K2M-Q9XD-4T1B-B",
            "x-B1",
            "P-7K2M-Q9XD-4T1B-Bx",
        ] {
            assert_eq!(
                person_of(bad).unwrap_err().code(),
                crate::ErrorCode::RequestNotFound
            );
        }
    }

    #[test]
    fn due_is_one_calendar_month_and_a_future_receipt_is_refused() {
        assert_eq!(fresh(date!(2026 - 01 - 31)).due, "2026-03-02");
        assert_eq!(fresh(date!(2026 - 11 - 24)).due, "2026-12-28");
        assert!(open(
            "x".into(),
            RequestKind::Access,
            date!(2026 - 12 - 02),
            date!(2026 - 12 - 01),
            Channel::Letter,
            ("h", "t"),
        )
        .is_err());
    }

    #[test]
    fn steps_follow_the_order() {
        let mut r = fresh(date!(2026 - 11 - 20));
        assert!(step(&mut r, RequestStatus::Completed, "h", "t").is_err());
        assert!(start_work(&mut r, "h", "t").is_err());
        step(&mut r, RequestStatus::IdentityVerified, "h", "t").unwrap();
        start_work(&mut r, "h", "t").unwrap();
        assert_eq!(r.status, RequestStatus::InProgress);
        close(&mut r, RequestStatus::Completed, None, "h", "t").unwrap();
        assert!(step(&mut r, RequestStatus::Withdrawn, "h", "t").is_err());
        assert_eq!(r.steps.len(), 4);
    }

    #[test]
    fn an_extension_is_once_and_within_the_first_month() {
        let mut r = fresh(date!(2026 - 11 - 24));
        step(&mut r, RequestStatus::IdentityVerified, "h", "t").unwrap();
        let today = date!(2026 - 12 - 01);
        assert!(extend(&mut r, "r".into(), date!(2026 - 12 - 29), today, ("h", "t")).is_err());
        extend(&mut r, "r".into(), today, today, ("h", "t")).unwrap();
        assert_eq!(r.due, "2027-02-24");
        assert!(extend(&mut r, "r".into(), today, today, ("h", "t")).is_err());
        // Too late: after the first deadline.
        let mut late = fresh(date!(2026 - 10 - 01));
        step(&mut late, RequestStatus::IdentityVerified, "h", "t").unwrap();
        assert!(extend(&mut late, "r".into(), today, today, ("h", "t")).is_err());
    }

    #[test]
    fn a_refusal_names_its_ground() {
        let mut r = fresh(date!(2026 - 11 - 20));
        step(&mut r, RequestStatus::IdentityVerified, "h", "t").unwrap();
        assert!(close(&mut r, RequestStatus::Refused, None, "h", "t").is_err());
        let refusal = Refusal {
            ground: super::super::model::RefusalGround::OslSecrecy,
            text: "sekretess".into(),
        };
        assert!(close(
            &mut r,
            RequestStatus::Completed,
            Some(refusal.clone()),
            "h",
            "t"
        )
        .is_err());
        close(&mut r, RequestStatus::Refused, Some(refusal), "h", "t").unwrap();
    }

    #[test]
    fn the_worklist_puts_overdue_first_then_the_earliest_due() {
        let today = date!(2026 - 12 - 02); // a Wednesday
        let item = |id: &str, due: &str| {
            let mut r = fresh(date!(2026 - 11 - 01));
            r.id = id.into();
            r.due = due.into();
            WorkItem::of(&r, "P", "Å. L.", today).unwrap()
        };
        let mut items = vec![
            item("c", "2026-12-20"),
            item("a", "2026-11-30"),
            item("b", "2026-12-04"),
            item("d", "2026-12-06"),
        ];
        order(&mut items);
        let ids: Vec<&str> = items.iter().map(|i| i.request_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "d", "c"]);
        assert!(items[0].overdue && items[0].days_left == -2);
        assert_eq!(due_this_week(&items, today), 3);
    }

    #[test]
    fn deadlines_moved_to_the_same_day_keep_the_order_received() {
        // Received 1 and 3 December 2026: both fall due on Monday 4 January 2027 (1 January is a
        // holiday, 2 and 3 January a weekend). The one received first comes first, whatever its id.
        let today = date!(2026 - 12 - 03);
        let item = |id: &str, received| {
            let mut r = open(
                request_id("P-0000-0000-0001", 1),
                RequestKind::Access,
                received,
                today,
                Channel::InPerson,
                ("h", "t"),
            )
            .unwrap();
            r.id = id.into();
            WorkItem::of(&r, "P", "Å. L.", today).unwrap()
        };
        let mut items = vec![
            item("a", date!(2026 - 12 - 03)),
            item("b", date!(2026 - 12 - 01)),
        ];
        assert_eq!(
            items[0].due, items[1].due,
            "the test needs the same due day"
        );
        order(&mut items);
        let ids: Vec<&str> = items.iter().map(|i| i.request_id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
    }
}
