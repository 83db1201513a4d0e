//! Whether a voucher event follows from the voucher command beside it.

use isf_core::{Bid, BizDate, BusinessDayConvention, PieceId};
use isf_finance::voucher::{
    IssueVoucher, MAX_SIGN_WINDOW_DAYS, SplitPart, VoucherCommand, VoucherEvent,
};

use super::{same, show};

/// Checks the one event `command` by `actor` caused on business date `date`.
pub(super) fn check(
    actor: &Bid,
    date: BizDate,
    command: &VoucherCommand,
    event: &VoucherEvent,
) -> Result<(), String> {
    let expected = match command {
        VoucherCommand::Issue(terms) => return check_issue(actor, date, terms, event),
        VoucherCommand::Split { piece, parts } => return check_split(date, *piece, parts, event),
        VoucherCommand::Sign { piece } => VoucherEvent::Signed {
            piece: *piece,
            holder: actor.clone(),
        },
        VoucherCommand::Reject { piece } => VoucherEvent::OfferEnded {
            piece: *piece,
            rejected: true,
        },
        VoucherCommand::ExpireOffer { piece } => VoucherEvent::OfferEnded {
            piece: *piece,
            rejected: false,
        },
        VoucherCommand::Void { voucher } => VoucherEvent::Voided {
            voucher: voucher.clone(),
        },
        VoucherCommand::LockForFinancing {
            piece,
            application,
            funder,
        } => VoucherEvent::Locked {
            piece: *piece,
            application: application.clone(),
            funder: funder.clone(),
        },
        VoucherCommand::Unlock { piece } => VoucherEvent::Unlocked { piece: *piece },
        VoucherCommand::Assign { piece } => VoucherEvent::Assigned {
            piece: *piece,
            funder: actor.clone(),
        },
        VoucherCommand::Pledge { piece } => VoucherEvent::Pledged {
            piece: *piece,
            pledgee: actor.clone(),
        },
        VoucherCommand::ReleasePledge { piece } => VoucherEvent::PledgeReleased { piece: *piece },
        VoucherCommand::Mature { voucher } => VoucherEvent::Matured {
            voucher: voucher.clone(),
            on: date,
        },
        VoucherCommand::RecordPayment { piece, amount } => VoucherEvent::Paid {
            piece: *piece,
            amount: *amount,
        },
    };

    if event != &expected {
        return Err(format!(
            "recorded {} where the command causes {}",
            show(event),
            show(&expected)
        ));
    }
    Ok(())
}

/// The issue carries the command's terms, with the actor as issuer, on the entry's date. Its
/// due date, root piece and sign deadline come from the calendar and the book.
fn check_issue(
    actor: &Bid,
    date: BizDate,
    terms: &IssueVoucher,
    event: &VoucherEvent,
) -> Result<(), String> {
    let VoucherEvent::Issued {
        voucher,
        issuer,
        payee,
        face,
        issue_date,
        committed_date,
        due_date,
        commitment,
        contracts,
        invoices,
        sign_deadline,
        ..
    } = event
    else {
        return Err(format!("recorded {} where the command issues", show(event)));
    };

    same("voucher", voucher, &terms.voucher)?;
    same("issuer", issuer, actor)?;
    same("payee", payee, &terms.payee)?;
    same("face", face, &terms.face)?;
    same("issue date", issue_date, &date)?;
    same("committed date", committed_date, &terms.committed_date)?;
    same("commitment", commitment, &terms.commitment)?;
    if contracts != &terms.contracts || invoices != &terms.invoices {
        return Err("the underlying contracts or invoices differ from the command's".to_owned());
    }
    if terms.committed_date <= date || *due_date <= date {
        return Err(format!(
            "the voucher is committed for {} and due on {due_date}, not after its issue",
            terms.committed_date
        ));
    }
    check_roll(terms.committed_date, *due_date, terms.convention)?;
    check_deadline("the sign deadline", *sign_deadline, date)
}

/// The longest roll of a committed payment date to a business day that any calendar could
/// give: the longest run of days off in the State Council's notices, the extended Spring
/// Festival of 2020, is ten days.
const MAX_ROLL_DAYS: i64 = 15;

/// A due date is the committed date rolled by its convention. Which days are business days
/// rests on the platform's calendar, which is not checked again, but no roll goes the wrong
/// way, leaves the month under modified following, or runs past [`MAX_ROLL_DAYS`].
fn check_roll(
    committed: BizDate,
    due: BizDate,
    convention: BusinessDayConvention,
) -> Result<(), String> {
    let roll = committed.days_until(due);
    let fits = match convention {
        BusinessDayConvention::Unadjusted => roll == 0,
        BusinessDayConvention::Following => (0..=MAX_ROLL_DAYS).contains(&roll),
        BusinessDayConvention::Preceding => (-MAX_ROLL_DAYS..=0).contains(&roll),
        BusinessDayConvention::ModifiedFollowing => {
            // Rolled back only when every day from the committed date to the month's end is
            // off: that whole run, from the due date on, must fit.
            let run_back = last_of_month(committed).map(|end| due.days_until(end));
            due.month() == committed.month()
                && (0..=MAX_ROLL_DAYS).contains(&roll.abs())
                && (roll >= 0 || run_back.is_some_and(|run| run <= MAX_ROLL_DAYS))
        }
    };
    if !fits {
        return Err(format!(
            "the due date {due} is no {convention:?} roll of the committed date {committed}"
        ));
    }
    Ok(())
}

/// The last day of `date`'s month.
fn last_of_month(date: BizDate) -> Option<BizDate> {
    let first = BizDate::new(date.year(), date.month(), 1).ok()?;
    first.add_months(1).ok()?.pred().ok()
}

/// An offer's deadline lies between the day it was made and the longest sign window a
/// product may set: the window itself is configuration, not checked again.
fn check_deadline(what: &str, deadline: BizDate, made: BizDate) -> Result<(), String> {
    if !(0..=MAX_SIGN_WINDOW_DAYS).contains(&made.days_until(deadline)) {
        return Err(format!(
            "{what} {deadline} is outside the longest sign window from {made}"
        ));
    }
    Ok(())
}

/// The split consumes the commanded piece on the entry's date and creates one child per part,
/// in order, offered to the part's recipient for the part's amount, then at most one kept
/// remainder offered to nobody. The new ids come from the book.
fn check_split(
    date: BizDate,
    piece: PieceId,
    parts: &[SplitPart],
    event: &VoucherEvent,
) -> Result<(), String> {
    let VoucherEvent::Split {
        parent,
        children,
        on,
    } = event
    else {
        return Err(format!("recorded {} where the command splits", show(event)));
    };
    same("split piece", parent, &piece)?;
    same("split date", on, &date)?;

    let wrong_count = || {
        format!(
            "the split creates {} piece(s) for {} part(s)",
            children.len(),
            parts.len()
        )
    };
    let (given, kept) = children
        .split_at_checked(parts.len())
        .ok_or_else(wrong_count)?;
    for (number, (child, part)) in (1..).zip(given.iter().zip(parts)) {
        if child.recipient.as_ref() != Some(&part.to) {
            let recipient = child
                .recipient
                .as_ref()
                .map_or_else(|| "nobody".to_owned(), ToString::to_string);
            return Err(format!(
                "part {number} ({}) is offered to {recipient} where the command gives it to {}",
                child.id, part.to
            ));
        }
        same(&format!("face of part {number}"), &child.face, &part.amount)?;
        check_deadline(
            &format!("the deadline of part {number}"),
            child.deadline,
            date,
        )?;
    }

    match kept {
        [] => Ok(()),
        [remainder] if remainder.recipient.is_none() => {
            // A kept remainder waits for nobody: its deadline is the split's own day.
            same("remainder's deadline", &remainder.deadline, &date)
        }
        [remainder] => Err(format!(
            "the kept remainder {} is offered to someone",
            remainder.id
        )),
        _ => Err(wrong_count()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn roll(committed: &str, due: &str, convention: BusinessDayConvention) -> bool {
        let date = |text| BizDate::parse(text).unwrap();
        check_roll(date(committed), date(due), convention).is_ok()
    }

    #[test]
    fn a_due_date_rolls_only_the_way_its_convention_allows() {
        use BusinessDayConvention::*;

        assert!(roll("2025-10-01", "2025-10-09", Following));
        assert!(!roll("2025-10-01", "2025-09-30", Following));
        assert!(!roll("2025-10-01", "2025-10-17", Following));
        assert!(roll("2025-10-01", "2025-10-01", Unadjusted));
        assert!(!roll("2025-10-01", "2025-10-09", Unadjusted));
        assert!(roll("2025-10-05", "2025-09-30", Preceding));
        assert!(!roll("2025-10-05", "2025-10-06", Preceding));
    }

    #[test]
    fn modified_following_rolls_back_only_over_a_month_end_run_of_days_off() {
        use BusinessDayConvention::ModifiedFollowing;

        // 2025-05-31 is a Saturday: forward would leave May, so back to Friday the 30th.
        assert!(roll("2025-05-31", "2025-05-30", ModifiedFollowing));
        assert!(roll("2025-11-20", "2025-11-20", ModifiedFollowing));
        // Back fifteen days from the 20th would need the 5th to the 30th all off.
        assert!(!roll("2025-11-20", "2025-11-05", ModifiedFollowing));
        assert!(!roll("2025-05-31", "2025-06-02", ModifiedFollowing));
    }
}
