//! Bundles forged by someone holding the operator's key, each recording a voucher command the
//! platform refuses: the platform's refusal is shown first, then that `verify_bundle` refuses
//! the same history too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::forger::{
    bundle_of, clear, cleared, entries, entry, issue_unsigned, mismatch, voucher_id,
};
use common::{CORE, Fixture, OPERATOR, TIER1, date, key, signed, yuan};
use isf::PlatformError;
use isf::bid::contract::PaymentCommitment;
use isf::bid::{KeyPair, StarfireVerifier};
use isf::core::{Hash32, PieceId, VoucherId};
use isf::evidence::{EvidenceError, verify_bundle};
use isf::finance::FinanceError;
use isf::finance::voucher::{VoucherCommand, VoucherEvent};
use isf::platform::{Command, JournalEntry, PlatformEvent};

#[test]
fn a_bundle_made_as_a_forger_would_verifies_when_nothing_is_forged() {
    let fixture = cleared();

    let verified = verify_bundle(&bundle_of(&entries(&fixture), "V-1", 1)).unwrap();

    assert_eq!(verified.standing.paid, yuan("1,000,000.00"));
}

/// V-1 is signed and cleared; V-2 is issued beside it. The forger signs V-1's maturity and
/// clearing again as V-2's, keeping the payments to V-1's piece.
#[test]
fn a_piece_shown_paid_by_the_clearing_of_another_voucher_is_refused() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    issue_unsigned(&mut fixture, "V-2", "2025-07-03");
    clear(&mut fixture, "V-1", "RUN-1");

    let operator = key(OPERATOR);
    let forged: Vec<JournalEntry> = entries(&fixture)
        .into_iter()
        .map(|entry| relabelled_for_v2(entry, &operator))
        .collect();
    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(reason.contains("no live piece of voucher V-2"), "{reason}");
}

/// `entry` with every operator command and event naming V-1 made to name V-2, signed again.
fn relabelled_for_v2(mut entry: JournalEntry, operator: &KeyPair) -> JournalEntry {
    let relabel = |voucher: &mut VoucherId| {
        if voucher.as_str() == "V-1" {
            *voucher = voucher_id("V-2");
        }
    };
    if entry.command.actor != *operator.bid() {
        return entry;
    }

    let mut payload = entry.command.payload.clone();
    match &mut payload {
        Command::Voucher(VoucherCommand::Mature { voucher })
        | Command::StartClearing { voucher, .. }
        | Command::AdvanceClearing { voucher, .. }
        | Command::ReportLeg { voucher, .. }
        | Command::AdjustLeg { voucher, .. } => relabel(voucher),
        _ => return entry,
    }
    entry.command = signed(operator, entry.command.request_no.as_str(), payload);
    for event in &mut entry.events {
        match event {
            PlatformEvent::Voucher(VoucherEvent::Matured { voucher, .. })
            | PlatformEvent::ClearingAdvanced { voucher, .. }
            | PlatformEvent::LegReported { voucher, .. }
            | PlatformEvent::LegAdjusted { voucher, .. } => relabel(voucher),
            PlatformEvent::ClearingPlanned(plan) => relabel(&mut plan.voucher),
            _ => {}
        }
    }
    entry
}

/// The entries of a second commitment for V-1 (another letter), its issue as P3 and tier 1's
/// sign-receipt, as a platform that had already given out P1 and P2 records them.
fn second_issue_of_v1() -> Vec<JournalEntry> {
    let mut other = Fixture::new();
    other.issue_signed("DECOY-1", "1,000,000.00");
    issue_unsigned(&mut other, "DECOY-2", "2025-07-02");

    let face = yuan("1,000,000.00");
    let core = key(CORE);
    let terms = PaymentCommitment {
        voucher_no: voucher_id("V-1"),
        face_amount: face,
        payment_date: date("2025-10-01"),
        issuer: core.bid().clone(),
        payee: key(TIER1).bid().clone(),
        document_hash: Hash32::of(b"a second letter"),
    };
    let mut contract = terms.to_contract().unwrap();
    contract.sign(&core, &StarfireVerifier).unwrap();
    let record = Command::SubmitCommitment(contract.to_record());
    other.submit(&core, "V-1-c2", record, "2025-07-03").unwrap();
    let issue = other.issue_command("V-1", face, "2025-10-01", contract.id());
    other.submit(&core, "V-1-i2", issue, "2025-07-03").unwrap();
    let sign = Command::Voucher(VoucherCommand::Sign { piece: PieceId(3) });
    other
        .submit(&key(TIER1), "V-1-s2", sign, "2025-07-04")
        .unwrap();

    let copied = ["V-1-c2", "V-1-i2", "V-1-s2"];
    let mut entries = entries(&other);
    entries.retain(|entry| copied.contains(&entry.command.request_no.as_str()));
    assert_eq!(entries.len(), copied.len());
    entries
}

#[test]
fn a_voucher_number_issued_twice_is_refused() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let again = second_issue_of_v1();
    let mut forged = entries(&fixture);
    forged.extend(again.iter().cloned());

    let core = key(CORE);
    let commitment = again[0].command.payload.clone();
    fixture
        .submit(&core, "V-1-c2", commitment, "2025-07-03")
        .unwrap();
    let issue = again[1].command.payload.clone();
    let refused = fixture.submit(&core, "V-1-i2", issue, "2025-07-03");
    assert!(
        matches!(
            refused,
            Err(PlatformError::Finance(FinanceError::DuplicateVoucher(_)))
        ),
        "{refused:?}"
    );

    let error = verify_bundle(&bundle_of(&forged, "V-1", 3)).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::Lineage { reason, .. }
            if reason.contains("issued more than once")),
        "{error}"
    );
}

/// Where the bundle's own voucher is another, the second issue is refused by the check that
/// its events follow from the past, not by the lineage.
#[test]
fn a_voucher_number_issued_again_is_refused_in_any_bundle_that_shows_it() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    issue_unsigned(&mut fixture, "V-2", "2025-07-03");

    let mut forged = entries(&fixture);
    forged.extend(second_issue_of_v1());
    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-2", 2)));

    assert!(reason.contains("voucher V-1 was issued before"), "{reason}");
}

#[test]
fn a_voucher_number_issued_twice_cannot_be_cleared_for_twice_its_face() {
    let face = yuan("1,000,000.00");
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    clear(&mut fixture, "V-1", "RUN-1");

    let mut forged = Vec::new();
    for mut entry in entries(&fixture) {
        if entry.command.request_no.as_str() == "V-1-m" {
            forged.extend(second_issue_of_v1());
        }
        for event in &mut entry.events {
            if let PlatformEvent::ClearingPlanned(plan) = event {
                let mut second = plan.allocations[0];
                second.piece = PieceId(3);
                plan.allocations.push(second);
                plan.due = yuan("2,000,000.00");
                plan.funded = yuan("2,000,000.00");
                plan.lines[0].amount = yuan("2,000,000.00");
                plan.lines[0].pieces = 2;
                plan.instructions[0].amount = yuan("2,000,000.00");
            }
        }
        if entry.command.request_no.as_str() == "V-1-leg1" {
            let paid = VoucherEvent::Paid {
                piece: PieceId(3),
                amount: face,
            };
            entry.events.push(PlatformEvent::Voucher(paid));
        }
        forged.push(entry);
    }

    for piece in [1, 3] {
        let verified = verify_bundle(&bundle_of(&forged, "V-1", piece));
        assert!(
            verified.is_err(),
            "P{piece}: {:?}",
            verified.map(|v| v.standing)
        );
    }
}

/// The issuer voiding V-1 of `fixture` on `on`, which the platform refuses, as forged.
fn void_by_the_issuer(fixture: &mut Fixture, on: &str) -> JournalEntry {
    let core = key(CORE);
    let void = Command::Voucher(VoucherCommand::Void {
        voucher: voucher_id("V-1"),
    });
    let refused = fixture.submit(&core, "void", void.clone(), on);
    assert!(refused.is_err(), "the platform voided V-1");

    let voided = VoucherEvent::Voided {
        voucher: voucher_id("V-1"),
    };
    entry(
        on,
        &core,
        "void",
        void,
        vec![PlatformEvent::Voucher(voided)],
    )
}

#[test]
fn a_void_after_the_payee_signed_is_refused() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let void = void_by_the_issuer(&mut fixture, "2025-07-03");

    let mut forged = entries(&fixture);
    forged.push(void);
    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(
        reason.contains("voided when outstanding with its root held"),
        "{reason}"
    );
}

#[test]
fn a_void_after_maturity_and_payment_is_refused() {
    let mut fixture = cleared();
    let void = void_by_the_issuer(&mut fixture, "2025-10-10");

    let mut forged = entries(&fixture);
    forged.push(void);
    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(reason.contains("voided when matured"), "{reason}");
}

#[test]
fn a_void_before_the_payee_signs_verifies() {
    let mut fixture = Fixture::new();
    issue_unsigned(&mut fixture, "V-1", "2025-07-01");
    let void = Command::Voucher(VoucherCommand::Void {
        voucher: voucher_id("V-1"),
    });
    fixture
        .submit(&key(CORE), "void", void, "2025-07-02")
        .unwrap();

    let verified = verify_bundle(&bundle_of(&entries(&fixture), "V-1", 1)).unwrap();

    assert_eq!(verified.standing.state.name(), "cancelled");
}

/// V-1 cancelled by `cancel` of `actor`, then matured by the operator, which the platform
/// refuses; the forged history.
fn matured_after(actor: &str, cancel: VoucherCommand) -> Vec<JournalEntry> {
    let mut fixture = Fixture::new();
    issue_unsigned(&mut fixture, "V-1", "2025-07-01");
    let cancel = Command::Voucher(cancel);
    fixture
        .submit(&key(actor), "cancel", cancel, "2025-07-02")
        .unwrap();
    let operator = key(OPERATOR);
    let mature = Command::Voucher(VoucherCommand::Mature {
        voucher: voucher_id("V-1"),
    });
    let refused = fixture.submit(&operator, "m", mature.clone(), "2025-10-09");
    assert!(refused.is_err(), "the platform matured a cancelled voucher");

    let matured = VoucherEvent::Matured {
        voucher: voucher_id("V-1"),
        on: date("2025-10-09"),
    };
    let mut forged = entries(&fixture);
    let events = vec![PlatformEvent::Voucher(matured)];
    forged.push(entry("2025-10-09", &operator, "m", mature, events));
    forged
}

#[test]
fn maturing_a_cancelled_voucher_is_refused() {
    let rejected = matured_after(TIER1, VoucherCommand::Reject { piece: PieceId(1) });
    let voided = matured_after(
        CORE,
        VoucherCommand::Void {
            voucher: voucher_id("V-1"),
        },
    );

    for forged in [rejected, voided] {
        let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));
        assert!(reason.contains("matured when cancelled"), "{reason}");
    }
}
