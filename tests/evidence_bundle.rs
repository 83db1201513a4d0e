//! An evidence bundle from the demo scenario verifies offline; any tampering is caught and
//! named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use common::swap_first_two_payees;

use isf::core::anchor::MemoryChainAnchor;
use isf::core::canonical::to_canonical_json;
use isf::core::merkle::MerkleTree;
use isf::core::{Bid, Hash32, PieceId, RequestNo};
use isf::evidence::{
    EvidenceBundle, EvidenceEntry, EvidenceError, verify_bundle, verify_bundle_json,
};
use isf::finance::voucher::{NewPiece, VoucherEvent};
use isf::platform::{JournalEntry, PlatformEvent};
use isf::scenario::{self, ScenarioReport};
use isf::settlement::Instruction;
use isf::store::{MemoryJournal, entry_hash};

const DEMO: &str = include_str!("../scenarios/c1-three-tier.json");

fn demo_bundles() -> Vec<EvidenceBundle> {
    demo_report_and_bundles().1
}

fn demo_report_and_bundles() -> (ScenarioReport, Vec<EvidenceBundle>) {
    report_and_bundles(DEMO)
}

fn report_and_bundles(scenario_json: &str) -> (ScenarioReport, Vec<EvidenceBundle>) {
    let parsed = scenario::parse(scenario_json).unwrap();
    let journal = Arc::new(MemoryJournal::new());
    let report = scenario::run_on(&parsed, journal.clone()).unwrap();
    let chain = MemoryChainAnchor::new();
    let (receipts, bundles) = scenario::anchor_and_export(&parsed, journal, &chain).unwrap();
    assert!(!receipts.is_empty());
    (report, bundles)
}

/// The bundle of the factor's piece: issued, split twice, financed by assignment, cleared.
fn factor_bundle() -> EvidenceBundle {
    demo_bundles()
        .into_iter()
        .find(|bundle| bundle.piece == isf::core::PieceId(4))
        .unwrap()
}

#[test]
fn every_live_piece_of_the_demo_has_a_verifying_bundle() {
    let bundles = demo_bundles();
    assert_eq!(bundles.len(), 4);
    for bundle in &bundles {
        let verified = verify_bundle_json(&bundle.to_json().unwrap()).unwrap();
        assert_eq!(verified.lineage.first(), Some(&isf::core::PieceId(1)));
        assert_eq!(verified.lineage.last(), Some(&bundle.piece));
        assert_eq!(verified.face.to_string(), "1,000,000.00");
    }
}

#[test]
fn each_bundle_shows_its_piece_as_the_platform_left_it() {
    let (report, bundles) = demo_report_and_bundles();
    let bid_of = |id: &str| &report.parties.iter().find(|p| p.id == id).unwrap().bid;
    for bundle in &bundles {
        let standing = verify_bundle(bundle).unwrap().standing;
        let piece = report
            .vouchers
            .iter()
            .flat_map(|voucher| &voucher.pieces)
            .find(|piece| piece.id == bundle.piece)
            .unwrap();
        assert_eq!(standing.face, piece.face, "{}", piece.id);
        assert_eq!(standing.paid, piece.paid, "{}", piece.id);
        assert_eq!(&standing.holder, bid_of(&piece.holder), "{}", piece.id);
        assert_eq!(standing.payee(), bid_of(&piece.payee), "{}", piece.id);
        assert_eq!(standing.state.name(), piece.state, "{}", piece.id);
    }

    let assigned = verify_bundle(&factor_bundle()).unwrap().standing;
    assert_eq!(assigned.holder, factor());
    assert_eq!(assigned.paid.to_string(), "300,000.00");
}

#[test]
fn the_factor_piece_traces_back_through_two_splits() {
    let verified = verify_bundle(&factor_bundle()).unwrap();
    let lineage: Vec<u64> = verified.lineage.iter().map(|piece| piece.0).collect();
    assert_eq!(lineage, [1, 2, 4]);
    assert_eq!(verified.due_date.to_string(), "2025-10-09");
    assert!(verified.parties.len() >= 4, "{:?}", verified.parties);
}

#[test]
fn changing_any_byte_of_the_bundle_is_caught() {
    let json = factor_bundle().to_json().unwrap();
    let bytes = json.as_bytes();
    let mut checked = 0;
    // Every 37th byte keeps the test quick while touching every field of the bundle.
    for position in (0..bytes.len()).step_by(37) {
        let original = bytes[position];
        if original.is_ascii_whitespace() {
            continue;
        }
        let replacement = if original == b'1' { b'2' } else { b'1' };
        let mut tampered = bytes.to_vec();
        tampered[position] = replacement;
        let Ok(text) = String::from_utf8(tampered) else {
            continue;
        };
        assert!(
            verify_bundle_json(&text).is_err(),
            "changing byte {position} ({:?}) went unnoticed",
            original as char
        );
        checked += 1;
    }
    assert!(checked > 300, "only {checked} positions checked");
}

/// Seals a tampered bundle again with the operator's own key, to show that the checks under
/// the seal hold even against someone holding that key.
fn reseal(mut bundle: EvidenceBundle) -> EvidenceBundle {
    let parsed = scenario::parse(DEMO).unwrap();
    let operator = isf::bid::KeyPair::from_private_str(&parsed.operator.private_key, None).unwrap();
    bundle.seal = isf::evidence::reseal_for_tests(&bundle, &operator).unwrap();
    bundle
}

#[test]
fn each_check_names_what_broke() {
    let bundle = factor_bundle();

    let mut unsealed = bundle.clone();
    unsealed.piece = isf::core::PieceId(5);
    let error = verify_bundle(&unsealed).unwrap_err();
    assert!(matches!(error, EvidenceError::Seal(_)), "{error}");

    let mut body = bundle.clone();
    body.entries[3].body = body.entries[3].body.replacen("2025-07", "2025-08", 1);
    let error = verify_bundle(&reseal(body)).unwrap_err();
    assert!(matches!(error, EvidenceError::EntryHash { .. }), "{error}");

    let mut proof = bundle.clone();
    proof.anchors[0].root = isf::core::Hash32::of(b"another root");
    let error = verify_bundle(&reseal(proof)).unwrap_err();
    assert!(matches!(error, EvidenceError::Anchor { .. }), "{error}");

    let mut missing = bundle.clone();
    missing
        .entries
        .retain(|entry| !entry.body.contains("\"split\""));
    let error = verify_bundle(&reseal(missing)).unwrap_err();
    assert!(matches!(error, EvidenceError::Lineage { .. }), "{error}");

    let mut no_commitment = bundle.clone();
    no_commitment
        .entries
        .retain(|entry| !entry.body.contains("submit_commitment"));
    let error = verify_bundle(&reseal(no_commitment)).unwrap_err();
    assert!(
        matches!(&error, EvidenceError::EventMismatch { reason, .. }
            if reason.contains("was never accepted")),
        "{error}"
    );

    let mut format = bundle;
    format.format = "isf-evidence/v0".to_owned();
    let error = verify_bundle(&format).unwrap_err();
    assert!(
        matches!(error, EvidenceError::UnsupportedFormat(_)),
        "{error}"
    );
}

#[test]
fn an_anchor_range_too_wide_to_count_is_refused() {
    let mut bundle = factor_bundle();
    bundle.entries.truncate(1);
    bundle.anchors[0].first_seq = 0;
    bundle.anchors[0].last_seq = u64::MAX;
    bundle.entries[0].proof.leaf_index = 1;

    let error = verify_bundle(&reseal(bundle)).unwrap_err();

    assert!(
        matches!(error, EvidenceError::Anchor { seq: 1, .. }),
        "{error}"
    );
}

/// Recomputes, after entries were edited, what a forger holding the operator's key would:
/// every hash from the first entry on, each entry's link to the one before, the batch root and
/// every proof, and the seal. The factor's bundle holds every entry of the journal's only
/// batch, so the whole batch can be rebuilt from the bundle.
fn rechain(mut bundle: EvidenceBundle) -> EvidenceBundle {
    let batch = &bundle.anchors[0];
    let seqs: Vec<u64> = bundle.entries.iter().map(|entry| entry.seq).collect();
    assert_eq!(bundle.anchors.len(), 1);
    assert_eq!(seqs, (batch.first_seq..=batch.last_seq).collect::<Vec<_>>());

    let mut prev_hash = Hash32::ZERO;
    for entry in &mut bundle.entries {
        entry.prev_hash = prev_hash;
        entry.hash = entry_hash(entry.seq, &entry.prev_hash, entry.body.as_bytes());
        prev_hash = entry.hash;
    }
    relink_batch(&mut bundle);
    reseal(bundle)
}

/// Rebuilds the batch root and every proof from the bundle's hashes as they are.
fn relink_batch(bundle: &mut EvidenceBundle) {
    let leaves: Vec<Hash32> = bundle.entries.iter().map(|entry| entry.hash).collect();
    let tree = MerkleTree::from_leaves(&leaves);
    bundle.anchors[0].root = tree.root();
    for (index, entry) in bundle.entries.iter_mut().enumerate() {
        entry.proof = tree.proof(index).unwrap();
    }
}

/// The factor's bundle with the first event `edit` changes rewritten in its entry and the
/// bundle rechained; the sequence number of that entry.
fn forge(edit: impl Fn(&mut PlatformEvent) -> bool) -> (EvidenceBundle, u64) {
    let mut bundle = factor_bundle();
    let mut forged = None;
    for entry in &mut bundle.entries {
        let mut read: JournalEntry = serde_json::from_str(&entry.body).unwrap();
        if read.events.iter_mut().any(&edit) {
            entry.body = String::from_utf8(to_canonical_json(&read).unwrap()).unwrap();
            forged = Some(entry.seq);
            break;
        }
    }
    (rechain(bundle), forged.expect("no event was edited"))
}

fn factor() -> Bid {
    Bid::parse("did:bid:efaJmqSioZ59czxR6LjBUQjt6n1iph12").unwrap()
}

/// The split that created the factor's piece P4.
fn split_of_p4(event: &mut PlatformEvent) -> Option<(&mut PieceId, &mut Vec<NewPiece>)> {
    match event {
        PlatformEvent::Voucher(VoucherEvent::Split {
            parent, children, ..
        }) if children.iter().any(|child| child.id == PieceId(4)) => Some((parent, children)),
        _ => None,
    }
}

#[test]
fn a_rechained_bundle_without_edits_still_verifies() {
    let (bundle, _) = forge(|_| true);

    assert!(verify_bundle(&bundle).is_ok());
}

#[test]
fn events_that_do_not_follow_from_the_signed_command_are_refused() {
    type Edit = fn(&mut PlatformEvent) -> bool;
    let edits: [(&str, Edit); 11] = [
        ("split part offered to another party", |event| {
            split_of_p4(event).is_some_and(|(_, children)| {
                children[0].recipient = Some(factor());
                true
            })
        }),
        ("split re-parented onto the root", |event| {
            split_of_p4(event).is_some_and(|(parent, _)| {
                *parent = PieceId(1);
                true
            })
        }),
        ("split remainder offered to a party", |event| {
            split_of_p4(event).is_some_and(|(_, children)| {
                children[1].recipient = Some(factor());
                true
            })
        }),
        ("funding takes another piece", |event| match event {
            PlatformEvent::Voucher(VoucherEvent::Assigned { piece, .. }) => {
                *piece = PieceId(3);
                true
            }
            _ => false,
        }),
        ("issue to another payee", |event| match event {
            PlatformEvent::Voucher(VoucherEvent::Issued { payee, .. }) => {
                *payee = factor();
                true
            }
            _ => false,
        }),
        (
            "issue due before its committed payment date",
            |event| match event {
                PlatformEvent::Voucher(VoucherEvent::Issued { due_date, .. }) => {
                    *due_date = isf::core::BizDate::parse("2025-08-18").unwrap();
                    true
                }
                _ => false,
            },
        ),
        (
            "issue offered for longer than any sign window",
            |event| match event {
                PlatformEvent::Voucher(VoucherEvent::Issued {
                    issue_date,
                    sign_deadline,
                    ..
                }) => {
                    *sign_deadline = issue_date.add_days(366).unwrap();
                    true
                }
                _ => false,
            },
        ),
        (
            "commitment accepted for another amount",
            |event| match event {
                PlatformEvent::CommitmentAccepted(accepted) => {
                    accepted.face = isf::core::Fen::new(1).unwrap();
                    true
                }
                _ => false,
            },
        ),
        ("split whose children share more than the piece", |event| {
            split_of_p4(event).is_some_and(|(_, children)| {
                let kept = children.last_mut().unwrap();
                kept.face = kept
                    .face
                    .checked_add(isf::core::Fen::new(1).unwrap())
                    .unwrap();
                true
            })
        }),
        (
            "financing quoted other than its terms give",
            |event| match event {
                PlatformEvent::FinancingApplied(applied) => {
                    applied.quote.advance = isf::core::Fen::new(1).unwrap();
                    true
                }
                _ => false,
            },
        ),
        ("admission under another name", |event| match event {
            PlatformEvent::PartyAdmitted { name, .. } => {
                name.push_str(" (forged)");
                true
            }
            _ => false,
        }),
    ];

    for (what, edit) in edits {
        let (bundle, seq) = forge(edit);
        let error = verify_bundle(&bundle).unwrap_err();
        assert!(
            matches!(&error, EvidenceError::EventMismatch { seq: at, .. } if *at == seq),
            "{what}: {error}"
        );
    }
}

#[test]
fn an_entry_that_does_not_link_to_the_one_before_is_refused() {
    let mut bundle = factor_bundle();
    let seq = bundle.entries[10].seq;
    let entry = &mut bundle.entries[10];
    entry.prev_hash = Hash32::of(b"not the entry before");
    entry.hash = entry_hash(entry.seq, &entry.prev_hash, entry.body.as_bytes());
    relink_batch(&mut bundle);

    let error = verify_bundle(&reseal(bundle)).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::BrokenLink { seq: at, .. } if *at == seq),
        "{error}"
    );
    assert!(
        error.to_string().contains(&format!("entry {seq}")),
        "{error}"
    );
}

#[test]
fn the_first_entry_must_start_from_the_zero_hash() {
    let mut bundle = factor_bundle();
    let entry = &mut bundle.entries[0];
    assert_eq!(entry.seq, 1);
    entry.prev_hash = Hash32::of(b"an invented past");
    entry.hash = entry_hash(entry.seq, &entry.prev_hash, entry.body.as_bytes());
    for index in 1..bundle.entries.len() {
        let previous = bundle.entries[index - 1].hash;
        let entry = &mut bundle.entries[index];
        entry.prev_hash = previous;
        entry.hash = entry_hash(entry.seq, &entry.prev_hash, entry.body.as_bytes());
    }
    relink_batch(&mut bundle);

    let error = verify_bundle(&reseal(bundle)).unwrap_err();

    assert!(
        matches!(error, EvidenceError::BrokenLink { seq: 1, .. }),
        "{error}"
    );
}

#[test]
fn a_clearing_plan_that_adds_up_but_pays_the_wrong_parties_is_refused() {
    let (bundle, seq) = forge(|event| match event {
        PlatformEvent::ClearingPlanned(plan) => {
            swap_first_two_payees(plan);
            assert_eq!(plan.check_consistency(), Ok(()));
            true
        }
        _ => false,
    });

    let error = verify_bundle(&bundle).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::EventMismatch { seq: at, reason }
            if *at == seq && reason.contains("to someone other than")),
        "{error}"
    );
}

#[test]
fn a_clearing_plan_paid_by_someone_other_than_the_issuer_is_refused() {
    let (bundle, seq) = forge(|event| match event {
        PlatformEvent::ClearingPlanned(plan) => {
            let (issuer, stand_in) = (plan.payer.clone(), factor());
            let replace = |bid: &mut Bid| {
                if *bid == issuer {
                    *bid = stand_in.clone();
                }
            };
            replace(&mut plan.payer);
            for leg in &mut plan.instructions {
                replace(&mut leg.payer);
            }
            true
        }
        _ => false,
    });

    let error = verify_bundle(&bundle).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::EventMismatch { seq: at, reason }
            if *at == seq && reason.contains("paying issuer")),
        "{error}"
    );
}

/// The factor's bundle with its entries edited by `edit`, then numbered again from 1 and
/// rechained as one batch.
fn with_entries(edit: impl FnOnce(&mut Vec<EvidenceEntry>)) -> EvidenceBundle {
    let mut bundle = factor_bundle();
    edit(&mut bundle.entries);
    for (seq, entry) in (1..).zip(&mut bundle.entries) {
        entry.seq = seq;
        entry.anchor = 0;
    }
    bundle.anchors.truncate(1);
    bundle.anchors[0].first_seq = 1;
    bundle.anchors[0].last_seq = bundle.entries.len() as u64;
    rechain(bundle)
}

#[test]
fn a_signed_command_recorded_twice_is_refused() {
    let bundle = with_entries(|entries| {
        let split = entries
            .iter()
            .position(|entry| entry.body.contains("\"split\""))
            .unwrap();
        let again = entries[split].clone();
        entries.insert(split + 1, again);
    });

    let error = verify_bundle(&bundle).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::EventMismatch { reason, .. }
            if reason.contains("was recorded before")),
        "{error}"
    );
}

#[test]
fn a_gradual_clearing_routed_through_a_stranger_is_refused() {
    let (bundle, seq) = forge(|event| match event {
        PlatformEvent::ClearingPlanned(plan) => {
            let (issuer, stranger) = (plan.payer.clone(), operator_bid());
            let run = plan.run_id().unwrap().to_owned();
            let mut legs = vec![(issuer.clone(), stranger.clone(), plan.funded, 0)];
            for leg in &plan.instructions {
                let payer = if leg.payer == issuer {
                    stranger.clone()
                } else {
                    leg.payer.clone()
                };
                legs.push((payer, leg.payee.clone(), leg.amount, leg.step + 1));
            }
            plan.instructions = (1..)
                .zip(legs)
                .map(|(seq, (payer, payee, amount, step))| Instruction {
                    seq,
                    request_no: RequestNo::parse(&format!("{run}-{seq:04}")).unwrap(),
                    payer,
                    payee,
                    amount,
                    step,
                })
                .collect();
            assert_eq!(plan.check_consistency(), Ok(()), "the forgery adds up");
            true
        }
        _ => false,
    });

    let error = verify_bundle(&bundle).unwrap_err();

    assert!(
        matches!(&error, EvidenceError::EventMismatch { seq: at, reason }
            if *at == seq && reason.contains("differs from the plan its pieces give")),
        "{error}"
    );
}

/// The demo's operator, who takes no part in its clearing's route.
fn operator_bid() -> Bid {
    Bid::parse("did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE").unwrap()
}

/// The demo with its funding and clearing changed by `change`.
fn demo_variant(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut scenario: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    change(&mut scenario);
    scenario.to_string()
}

#[test]
fn bundles_verify_under_every_funding_mode_routing_and_partial_payment() {
    let variants = [
        ("pledge, gradual", "pledge", "gradual", None),
        (
            "pledge, end to end, part paid",
            "pledge",
            "end_to_end",
            Some("777,777.77"),
        ),
        (
            "assignment, end to end, part paid",
            "assignment",
            "end_to_end",
            Some("333,333.33"),
        ),
        (
            "assignment, gradual, part paid",
            "assignment",
            "gradual",
            Some("500,000.01"),
        ),
    ];
    for (what, mode, routing, funds) in variants {
        let json = demo_variant(|scenario| {
            let steps = scenario["steps"].as_array_mut().unwrap();
            let fund = steps.iter_mut().find(|step| step["do"] == "fund").unwrap();
            fund["mode"] = mode.into();
            let clear = steps.iter_mut().find(|step| step["do"] == "clear").unwrap();
            clear["routing"] = routing.into();
            clear["fail"] = serde_json::json!([]);
            if let Some(funds) = funds {
                clear["funds"] = funds.into();
            }
        });

        let (report, bundles) = report_and_bundles(&json);

        assert!(report.invariants.iter().all(|check| check.holds), "{what}");
        assert_eq!(bundles.len(), 4, "{what}");
        for bundle in &bundles {
            let verified = verify_bundle(bundle);
            assert!(
                verified.is_ok(),
                "{what}, {}: {:?}",
                bundle.piece,
                verified.err()
            );
        }
    }
}
