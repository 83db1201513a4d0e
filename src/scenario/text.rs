//! The human-readable rendering of a scenario report.

use std::collections::HashMap;
use std::fmt::Write;

use isf_core::{Bid, Fen, PieceId};
use isf_finance::financing::{Application, ApplicationStatus};
use isf_settlement::LegStatus;
use unicode_width::UnicodeWidthStr;

use super::report::{ClearingReport, PieceReport, ScenarioReport, VoucherReport};

/// Renders `report` as plain text for a terminal.
pub fn render_text(report: &ScenarioReport) -> String {
    let mut out = String::new();
    let names: HashMap<&Bid, &str> = report
        .parties
        .iter()
        .map(|party| (&party.bid, party.id.as_str()))
        .collect();
    let name = |bid: &Bid| names.get(bid).copied().unwrap_or(bid.as_str()).to_owned();

    let _ = writeln!(out, "ISF scenario: {}", report.name);
    if !report.description.is_empty() {
        let _ = writeln!(out, "{}", report.description);
    }

    section(&mut out, "Parties");
    for party in &report.parties {
        let roles: Vec<&str> = party.roles.iter().map(|role| role.name()).collect();
        let line = format!(
            "  {:<10} {} {}  {}",
            party.id,
            padded(&party.name, 30),
            party.bid,
            roles.join(", ")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }

    section(&mut out, "Timeline");
    for step in &report.steps {
        let outcome = match &step.refused {
            None => "ok".to_owned(),
            Some(reason) => format!("refused as expected: {reason}"),
        };
        let _ = writeln!(
            out,
            "  {:>2}. {}  {:<9} {}\n        → {outcome}",
            step.number, step.date, step.actor, step.summary
        );
        if let Some(note) = &step.note {
            let _ = writeln!(out, "        ({note})");
        }
    }

    for voucher in &report.vouchers {
        render_voucher(&mut out, voucher);
    }

    if !report.financing.is_empty() {
        section(&mut out, "Financing");
        for application in &report.financing {
            let quote = &application.quote;
            let _ = writeln!(
                out,
                "  {}  {} applied to {}  piece {} face {}  {} {}\n        {} days from {} to {}, \
                 interest {}, advance {}  [{}]",
                application.number,
                name(&application.applicant),
                name(&application.funder),
                application.piece,
                quote.face,
                application.terms.rate,
                application.terms.day_count.name(),
                quote.days,
                quote.financing_date,
                quote.due_date,
                quote.interest,
                quote.advance,
                financing_status(report, application)
            );
        }
    }

    for run in &report.clearing {
        render_clearing(&mut out, run, &name);
    }

    section(&mut out, "Invariants");
    for check in &report.invariants {
        let mark = if check.holds { "ok  " } else { "FAIL" };
        let _ = writeln!(out, "  [{mark}] {}", check.check);
        for violation in &check.violations {
            let _ = writeln!(out, "         {violation}");
        }
    }

    section(&mut out, "Journal");
    let journal = &report.journal;
    let _ = writeln!(
        out,
        "  {} entries, head {}, {}",
        journal.entries,
        journal.head,
        if journal.verified {
            "verified"
        } else {
            "NOT VERIFIED"
        }
    );
    if journal.appended == 0 && journal.replayed > 0 {
        let _ = writeln!(
            out,
            "  nothing new happened: all {} commands were already in the journal",
            journal.replayed
        );
    } else {
        let _ = writeln!(
            out,
            "  this run appended {} entries ({} commands answered from the journal)",
            journal.appended, journal.replayed
        );
    }
    out
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn render_voucher(out: &mut String, voucher: &VoucherReport) {
    section(out, &format!("Voucher {}", voucher.voucher));
    let holiday = voucher
        .committed_holiday
        .as_deref()
        .map(|name| format!(" ({name})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  face {}  issued {} by {}  status {}\n  committed payment date {}{holiday} → due {}\n  \
         payment commitment {}",
        voucher.face,
        voucher.issue_date,
        voucher.issuer,
        status_with_payment(voucher),
        voucher.committed_date,
        voucher.due_date,
        voucher.commitment
    );

    let mut children: HashMap<Option<PieceId>, Vec<&PieceReport>> = HashMap::new();
    for piece in &voucher.pieces {
        children.entry(piece.parent).or_default().push(piece);
    }
    let mut stack: Vec<(&PieceReport, usize)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|piece| (*piece, 0)).collect())
        .unwrap_or_default();
    while let Some((piece, indent)) = stack.pop() {
        let label = piece.label.as_deref().unwrap_or("-");
        let paid = if piece.paid.is_zero() {
            String::new()
        } else {
            format!("  paid {}", piece.paid)
        };
        let payee = if piece.payee == piece.holder {
            String::new()
        } else {
            format!(" (payable to {})", piece.payee)
        };
        let _ = writeln!(
            out,
            "  {:indent$}{} {:<10} {:>16}  {}{payee}  [{}]{paid}",
            "",
            piece.id,
            label,
            piece.face.to_string(),
            piece.holder,
            piece.state,
            indent = indent * 3
        );
        if let Some(kids) = children.get(&Some(piece.id)) {
            stack.extend(kids.iter().rev().map(|kid| (*kid, indent + 1)));
        }
    }
}

fn render_clearing(out: &mut String, run: &ClearingReport, name: &dyn Fn(&Bid) -> String) {
    let plan = &run.plan;
    section(
        out,
        &format!(
            "Clearing of {}, {} (ISF capitalPathType {})",
            plan.voucher,
            plan.routing.name(),
            plan.routing.isf_code()
        ),
    );
    let _ = writeln!(
        out,
        "  due {}  owed {}  funded {} by {}  state {}",
        plan.due_date,
        plan.due,
        plan.funded,
        name(&plan.payer),
        run.state.name()
    );
    let shortfall = plan.due.saturating_sub(plan.funded);
    if !shortfall.is_zero() {
        let _ = writeln!(
            out,
            "  shortfall {shortfall}: the issuer paid part; each piece received its share"
        );
    }
    let _ = writeln!(out, "  clearing lines:");
    for line in &plan.lines {
        let _ = writeln!(
            out,
            "    {:<10} {:>16}  ({} piece{})",
            name(&line.payee),
            line.amount.to_string(),
            line.pieces,
            if line.pieces == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(out, "  settlement instructions:");
    for (instruction, leg) in plan.instructions.iter().zip(&run.legs) {
        let status = match leg {
            LegStatus::Pending => "pending".to_owned(),
            LegStatus::Paid => "paid".to_owned(),
            LegStatus::Failed { reason } => format!("failed: {reason}"),
            LegStatus::Adjusted => "failed, adjusted (调账)".to_owned(),
        };
        let _ = writeln!(
            out,
            "    #{} {}  step {}  {:<8} → {:<8} {:>16}  {status}",
            instruction.seq,
            instruction.request_no,
            instruction.step,
            name(&instruction.payer),
            name(&instruction.payee),
            instruction.amount.to_string()
        );
    }
}

/// `text` followed by spaces up to `columns` terminal columns: a Chinese character takes two,
/// so counting characters would misalign the names that have them.
fn padded(text: &str, columns: usize) -> String {
    let fill = columns.saturating_sub(UnicodeWidthStr::width(text));
    format!("{text}{:fill$}", "")
}

/// The application's status, saying when a pledge it took has since been released: the
/// application stays funded by pledge, but its piece is no longer pledged.
fn financing_status(report: &ScenarioReport, application: &Application) -> String {
    let status = application.status.name();
    let piece = report
        .vouchers
        .iter()
        .flat_map(|voucher| &voucher.pieces)
        .find(|piece| piece.id == application.piece);
    let released = application.status == ApplicationStatus::FundedByPledge
        && piece.is_some_and(|piece| piece.state != "pledged");
    if released {
        format!("{status}, pledge released")
    } else {
        status.to_owned()
    }
}

/// The voucher's status, with how much of its face its clearings have paid once any has.
fn status_with_payment(voucher: &VoucherReport) -> String {
    let status = voucher.status.name();
    let paid = voucher
        .pieces
        .iter()
        .try_fold(Fen::ZERO, |sum, piece| sum.checked_add(piece.paid).ok());
    match paid {
        Some(paid) if paid.is_zero() => status.to_owned(),
        Some(paid) if paid == voucher.face => format!("{status}, paid in full"),
        Some(paid) => format!("{status}, {paid} of {} paid", voucher.face),
        None => status.to_owned(),
    }
}
