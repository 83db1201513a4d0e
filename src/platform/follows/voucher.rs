//! Whether a voucher event follows from the voucher command beside it.

use isf_core::{Bid, BizDate, PieceId};
use isf_finance::voucher::{IssueVoucher, SplitPart, VoucherCommand, VoucherEvent};

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
        commitment,
        contracts,
        invoices,
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
    }

    match kept {
        [] => Ok(()),
        [remainder] if remainder.recipient.is_none() => Ok(()),
        [remainder] => Err(format!(
            "the kept remainder {} is offered to someone",
            remainder.id
        )),
        _ => Err(wrong_count()),
    }
}
