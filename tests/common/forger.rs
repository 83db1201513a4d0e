//! What a forger holding the operator's key does: take a real journal's entries, change or
//! add some, and chain, anchor and seal them as an evidence bundle.

use isf::bid::KeyPair;
use isf::core::anchor::AnchorReceipt;
use isf::core::canonical::to_canonical_json;
use isf::core::merkle::MerkleTree;
use isf::core::{Hash32, PieceId, VoucherId};
use isf::evidence::{
    BUNDLE_FORMAT, EvidenceBundle, EvidenceEntry, EvidenceError, Seal, VerifiedBundle,
    reseal_for_tests,
};
use isf::finance::voucher::VoucherCommand;
use isf::platform::{ClearingStep, Command, JournalEntry, LegReport, PlatformEvent};
use isf::settlement::Routing;
use isf::store::entry_hash;

use super::{CORE, Fixture, OPERATOR, date, key, signed, yuan};

/// Every entry of the fixture's journal, as recorded.
pub fn entries(fixture: &Fixture) -> Vec<JournalEntry> {
    let recorded = fixture.platform.entries().unwrap();
    recorded
        .into_iter()
        .map(|recorded| recorded.entry)
        .collect()
}

/// What a forger holding the operator's key does with `entries`: numbers them from 1, chains
/// them, anchors them as one batch and seals them as the bundle of `piece` of `voucher`.
pub fn bundle_of(entries: &[JournalEntry], voucher: &str, piece: u64) -> EvidenceBundle {
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
pub fn mismatch(verified: Result<VerifiedBundle, EvidenceError>) -> String {
    match verified {
        Err(EvidenceError::EventMismatch { reason, .. }) => reason,
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(verified) => panic!("the forged bundle verified: {:?}", verified.standing),
    }
}

/// An entry as the forger records it: `command` signed by `signer`, with `events`.
pub fn entry(
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

pub fn voucher_id(text: &str) -> VoucherId {
    VoucherId::parse(text).unwrap()
}

/// Commits and issues `voucher` to tier 1 on `on`, leaving it unsigned.
pub fn issue_unsigned(fixture: &mut Fixture, voucher: &str, on: &str) {
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
pub fn clear(fixture: &mut Fixture, voucher: &str, run: &str) {
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
pub fn cleared() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    clear(&mut fixture, "V-1", "RUN-1");
    fixture
}
