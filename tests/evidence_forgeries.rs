//! Bundles forged by someone holding the operator's key, each recording a command the platform
//! refuses: the platform's refusal is shown first, then that `verify_bundle` refuses the same
//! history too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{CORE, Fixture, OPERATOR, TIER1, TIER2, date, key, signed, yuan};
use isf::PlatformError;
use isf::bid::contract::PaymentCommitment;
use isf::bid::{KeyPair, StarfireVerifier};
use isf::core::anchor::AnchorReceipt;
use isf::core::canonical::to_canonical_json;
use isf::core::merkle::MerkleTree;
use isf::core::{DayCount, Hash32, PieceId, Rate, RequestNo, RoundingMode, VoucherId};
use isf::evidence::{
    BUNDLE_FORMAT, EvidenceBundle, EvidenceEntry, EvidenceError, Seal, VerifiedBundle,
    reseal_for_tests, verify_bundle,
};
use isf::finance::FinanceError;
use isf::finance::financing::{Application, ApplicationStatus, DiscountTerms, quote_discount};
use isf::finance::voucher::{VoucherCommand, VoucherEvent};
use isf::platform::PlatformEvent;
use isf::platform::{ClearingStep, Command, FundingMode, JournalEntry, LegReport, PartyRole};
use isf::settlement::Routing;
use isf::store::entry_hash;

/// Every entry of the fixture's journal, as recorded.
fn entries(fixture: &Fixture) -> Vec<JournalEntry> {
    let recorded = fixture.platform.entries().unwrap();
    recorded
        .into_iter()
        .map(|recorded| recorded.entry)
        .collect()
}

/// What a forger holding the operator's key does with `entries`: numbers them from 1, chains
/// them, anchors them as one batch and seals them as the bundle of `piece` of `voucher`.
fn bundle_of(entries: &[JournalEntry], voucher: &str, piece: u64) -> EvidenceBundle {
    let mut prev_hash = Hash32::ZERO;
    let mut rows = Vec::new();
    for (seq, entry) in (1..).zip(entries) {
        let body = String::from_utf8(to_canonical_json(entry).unwrap()).unwrap();
        let hash = entry_hash(seq, &prev_hash, body.as_bytes());
        rows.push((seq, prev_hash, hash, body));
        prev_hash = hash;
    }

    let leaves: Vec<Hash32> = rows.iter().map(|row| row.2).collect();
    let tree = MerkleTree::from_leaves(&leaves);
    let evidence = rows
        .into_iter()
        .enumerate()
        .map(|(index, (seq, prev_hash, hash, body))| EvidenceEntry {
            seq,
            prev_hash,
            hash,
            body,
            anchor: 0,
            proof: tree.proof(index).unwrap(),
        })
        .collect();
    let anchor = AnchorReceipt {
        first_seq: 1,
        last_seq: leaves.len() as u64,
        root: tree.root(),
        tx_hash: "forged".to_owned(),
        anchored_at_millis: 0,
    };

    let operator = key(OPERATOR);
    let mut bundle = EvidenceBundle {
        format: BUNDLE_FORMAT.to_owned(),
        voucher: voucher_id(voucher),
        piece: PieceId(piece),
        entries: evidence,
        anchors: vec![anchor],
        seal: Seal {
            operator: operator.bid().clone(),
            public_key: operator.public_key().clone(),
            signature: operator.sign(b"sealed again below").unwrap(),
        },
    };
    bundle.seal = reseal_for_tests(&bundle, &operator).unwrap();
    bundle
}

/// The reason `verify_bundle` gives for refusing an entry's events.
fn mismatch(verified: Result<VerifiedBundle, EvidenceError>) -> String {
    match verified {
        Err(EvidenceError::EventMismatch { reason, .. }) => reason,
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(verified) => panic!("the forged bundle verified: {:?}", verified.standing),
    }
}

/// An entry as the forger records it: `command` signed by `signer`, with `events`.
fn entry(
    on: &str,
    signer: &KeyPair,
    request: &str,
    command: Command,
    events: Vec<PlatformEvent>,
) -> JournalEntry {
    let command = signed(signer, request, command);
    JournalEntry {
        date: date(on),
        command,
        events,
    }
}

fn voucher_id(text: &str) -> VoucherId {
    VoucherId::parse(text).unwrap()
}

/// Commits and issues `voucher` to tier 1 on `on`, leaving it unsigned.
fn issue_unsigned(fixture: &mut Fixture, voucher: &str, on: &str) {
    let face = yuan("1,000,000.00");
    let commitment = fixture.commitment(voucher, face, "2025-10-01");
    let Command::SubmitCommitment(record) = &commitment else {
        unreachable!()
    };
    let id = record.id;
    let core = key(CORE);
    fixture
        .submit(&core, &format!("{voucher}-c"), commitment, on)
        .unwrap();
    let issue = fixture.issue_command(voucher, face, "2025-10-01", id);
    fixture
        .submit(&core, &format!("{voucher}-i"), issue, on)
        .unwrap();
}

/// Matures `voucher` on its due date and clears it end to end under run `run`, paid in full.
fn clear(fixture: &mut Fixture, voucher: &str, run: &str) {
    let operator = key(OPERATOR);
    let day = "2025-10-09";
    let mut submit = |request: String, command| {
        fixture.submit(&operator, &request, command, day).unwrap();
    };

    let mature = VoucherCommand::Mature {
        voucher: voucher_id(voucher),
    };
    submit(format!("{voucher}-m"), Command::Voucher(mature));
    let start = Command::StartClearing {
        voucher: voucher_id(voucher),
        routing: Routing::EndToEnd,
        funds: None,
        run: run.to_owned(),
    };
    submit(format!("{voucher}-plan"), start);
    let steps = [
        ClearingStep::Apply,
        ClearingStep::Start,
        ClearingStep::Execute,
    ];
    for (n, step) in steps.into_iter().enumerate() {
        let voucher = voucher_id(voucher);
        submit(
            format!("{voucher}-adv{n}"),
            Command::AdvanceClearing { voucher, step },
        );
    }
    let report = Command::ReportLeg {
        voucher: voucher_id(voucher),
        seq: 1,
        report: LegReport::Paid,
    };
    submit(format!("{voucher}-leg1"), report);
}

/// V-1 issued to tier 1, signed, matured and cleared in full: tier 1 holds P1, paid.
fn cleared() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    clear(&mut fixture, "V-1", "RUN-1");
    fixture
}

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

fn discount_terms() -> DiscountTerms {
    DiscountTerms {
        rate: Rate::parse("2.62%").unwrap(),
        day_count: DayCount::Act360,
        rounding: RoundingMode::HalfUp,
        extra_days: 0,
    }
}

/// A fixture where tier 1 holds P1 of V-1, and the forged entries of tier 1 applying to
/// `funder` for financing of P1 and `funder` taking it as pledge, with the signed application.
fn financed_by(funder: &KeyPair, tag: &str) -> (Fixture, Vec<JournalEntry>, Command) {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let (tier1, day) = (key(TIER1), "2025-08-15");
    let apply = Command::ApplyFinancing {
        piece: root,
        application: "FA-1".to_owned(),
        funder: funder.bid().clone(),
        terms: discount_terms(),
    };
    let face = yuan("1,000,000.00");
    let quote = quote_discount(face, date(day), date("2025-10-09"), &discount_terms()).unwrap();
    let applied = Application {
        number: "FA-1".to_owned(),
        piece: root,
        applicant: tier1.bid().clone(),
        funder: funder.bid().clone(),
        terms: discount_terms(),
        quote,
        status: ApplicationStatus::Open,
    };
    let locked = VoucherEvent::Locked {
        piece: root,
        application: "FA-1".to_owned(),
        funder: funder.bid().clone(),
    };
    let pledged = VoucherEvent::Pledged {
        piece: root,
        pledgee: funder.bid().clone(),
    };
    let fund = Command::Fund {
        application: "FA-1".to_owned(),
        mode: FundingMode::Pledge,
    };
    let funded = PlatformEvent::FinancingFunded {
        application: "FA-1".to_owned(),
        mode: FundingMode::Pledge,
    };

    let applying = vec![
        PlatformEvent::Voucher(locked),
        PlatformEvent::FinancingApplied(applied),
    ];
    let funding = vec![PlatformEvent::Voucher(pledged), funded];

    let mut forged = entries(&fixture);
    let request = format!("{tag}-apply");
    forged.push(entry(day, &tier1, &request, apply.clone(), applying));
    let request = format!("{tag}-fund");
    forged.push(entry(day, funder, &request, fund, funding));
    (fixture, forged, apply)
}

#[test]
fn financing_from_oneself_is_refused() {
    let tier1 = key(TIER1);
    let (mut fixture, mut forged, apply) = financed_by(&tier1, "self");
    // Tier 1 is admitted as a funder too, so that only financing itself is wrong.
    let uscc = "91310115MA1K3XY70D";
    let credential = fixture.credential(&tier1, PartyRole::Funder, uscc, "cred-t1-funder");
    let admit = Command::AdmitParty(credential);
    fixture
        .submit(&tier1, "admit-t1-funder", admit, "2025-08-15")
        .unwrap();
    let admission = entries(&fixture).pop().unwrap();
    forged.insert(forged.len() - 2, admission);
    let refused = fixture.submit(&tier1, "self-apply", apply, "2025-08-15");
    assert!(refused.is_err(), "the platform let tier 1 finance itself");

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(reason.contains("from itself"), "{reason}");
}

#[test]
#[ignore = "roles are not checked in bundles yet: the platform's role rule is inline in \
            src/platform/decide.rs and must become a function follows can call"]
fn funding_by_a_party_without_the_funder_role_is_refused() {
    let tier2 = key(TIER2);
    let (mut fixture, forged, apply) = financed_by(&tier2, "norole");
    let refused = fixture.submit(&key(TIER1), "norole-apply", apply, "2025-08-15");
    assert!(refused.is_err(), "the platform let a supplier fund");

    let verified = verify_bundle(&bundle_of(&forged, "V-1", 1));

    assert!(verified.is_err(), "a supplier's funding verified");
}

#[test]
fn a_plan_numbered_for_another_run_than_the_signed_command_is_refused() {
    let mut forged = entries(&cleared());
    let planned = forged.iter_mut().flat_map(|entry| &mut entry.events);
    for event in planned {
        if let PlatformEvent::ClearingPlanned(plan) = event {
            for leg in &mut plan.instructions {
                let number = format!("OTHER-RUN-{:04}", leg.seq);
                leg.request_no = RequestNo::parse(&number).unwrap();
            }
            assert_eq!(plan.check_consistency(), Ok(()), "the forgery adds up");
        }
    }

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(
        reason.contains("for run OTHER-RUN where the command starts run RUN-1"),
        "{reason}"
    );
}
