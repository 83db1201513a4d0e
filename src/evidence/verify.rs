//! Checking a bundle offline, in this order: format, seal, every entry's hash, link to the entry
//! before it and body, every command signature, every entry's anchoring, that each entry's
//! events follow from its command, the parties' admissions, the piece's lineage back to the
//! issue, and the payment commitment behind the issue.
//!
//! Every number in a bundle comes from whoever made it, so arithmetic on them is checked.

use std::collections::HashMap;

use isf_bid::StarfireVerifier;
use isf_bid::contract::PaymentCommitment;
use isf_bid::credential::PartyRole;
use isf_core::anchor::AnchorReceipt;
use isf_core::canonical::to_canonical_json;
use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, Verifier, VoucherId};
use isf_finance::voucher::VoucherEvent;
use isf_store::entry_hash;
use serde::Serialize;

use super::consistency::check_consistency;
use super::error::EvidenceError;
use super::format::{BUNDLE_FORMAT, EvidenceBundle, EvidenceEntry, seal_bytes};
use super::lapsed::{LapsedRole, lapsed_roles};
use super::lineage::trace;
use super::standing::{PieceStanding, follow};
use crate::platform::{Command, JournalEntry, PlatformEvent};

/// What a verified bundle proves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifiedBundle {
    /// The voucher.
    pub voucher: VoucherId,
    /// The piece.
    pub piece: PieceId,
    /// Pieces from the issued root down to `piece`.
    pub lineage: Vec<PieceId>,
    /// Where `piece` stands after the bundle's last entry.
    pub standing: PieceStanding,
    /// The core enterprise that committed to pay.
    pub issuer: Bid,
    /// Issued face.
    pub face: Fen,
    /// Adjusted due date.
    pub due_date: BizDate,
    /// The operator who sealed the bundle. Anyone can seal a bundle with a key of their own:
    /// compare it with the operator you trust.
    pub operator: Bid,
    /// Every party the bundle admits, with its verified legal name and the roles it was
    /// admitted with.
    pub parties: Vec<(Bid, String, Vec<PartyRole>)>,
    /// The roles among those that no longer held after the last entry: revoked or expired.
    pub lapsed: Vec<LapsedRole>,
    /// Number of entries checked.
    pub entries: usize,
    /// The anchor receipts the entries are proven against; their transactions can be looked
    /// up on chain.
    pub anchors: Vec<AnchorReceipt>,
}

/// Reads and verifies a bundle from JSON.
pub fn verify_bundle_json(json: &str) -> Result<VerifiedBundle, EvidenceError> {
    let bundle: EvidenceBundle =
        serde_json::from_str(json).map_err(|error| EvidenceError::Malformed(error.to_string()))?;
    verify_bundle(&bundle)
}

/// Verifies a bundle with nothing but its own content and the StarFire key rules.
pub fn verify_bundle(bundle: &EvidenceBundle) -> Result<VerifiedBundle, EvidenceError> {
    let verifier = StarfireVerifier;
    if bundle.format != BUNDLE_FORMAT {
        return Err(EvidenceError::UnsupportedFormat(bundle.format.clone()));
    }
    check_seal(bundle, &verifier)?;

    let mut journal = Vec::with_capacity(bundle.entries.len());
    let mut previous: Option<&EvidenceEntry> = None;
    for entry in &bundle.entries {
        if previous.is_some_and(|previous| entry.seq <= previous.seq) || entry.seq == 0 {
            return Err(EvidenceError::Malformed(format!(
                "entry {} is out of order",
                entry.seq
            )));
        }
        let read = read_entry(entry, previous, &verifier)?;
        check_anchor(entry, &bundle.anchors)?;
        journal.push(read);
        previous = Some(entry);
    }

    let voucher_events: Vec<&VoucherEvent> = journal
        .iter()
        .flat_map(|entry| &entry.events)
        .filter_map(|event| match event {
            PlatformEvent::Voucher(event) => Some(event),
            _ => None,
        })
        .collect();
    let (issue, lineage) = trace(
        &bundle.voucher,
        bundle.piece,
        voucher_events.iter().copied(),
    )?;

    // The lineage first: a bundle missing a split says which piece it cannot trace, rather
    // than what the missing piece makes of a later clearing.
    let seqs = bundle.entries.iter().map(|entry| entry.seq);
    check_consistency(&bundle.seal.operator, seqs.zip(&journal))?;
    let parties = admitted_parties(&journal, &bundle.seal.operator, &verifier)?;
    let standing = follow(&issue, bundle.piece, voucher_events)?;
    check_commitment(&journal, &issue, &bundle.voucher, &verifier)?;

    Ok(VerifiedBundle {
        voucher: bundle.voucher.clone(),
        piece: bundle.piece,
        lineage,
        standing,
        issuer: issue.issuer,
        face: issue.face,
        due_date: issue.due_date,
        operator: bundle.seal.operator.clone(),
        parties,
        lapsed: lapsed_roles(&journal),
        entries: bundle.entries.len(),
        anchors: bundle.anchors.clone(),
    })
}

fn check_seal(bundle: &EvidenceBundle, verifier: &dyn Verifier) -> Result<(), EvidenceError> {
    let seal = &bundle.seal;
    let message = seal_bytes(
        &bundle.format,
        &bundle.voucher,
        bundle.piece,
        &bundle.entries,
        &bundle.anchors,
        &seal.operator,
    )?;
    verifier
        .verify(&seal.operator, &seal.public_key, &message, &seal.signature)
        .map_err(|error| EvidenceError::Seal(error.to_string()))
}

/// Checks the entry's hash and its link to `previous`, then reads its body and checks the
/// command's signature.
fn read_entry(
    entry: &EvidenceEntry,
    previous: Option<&EvidenceEntry>,
    verifier: &dyn Verifier,
) -> Result<JournalEntry, EvidenceError> {
    let body = entry.body.as_bytes();
    if entry_hash(entry.seq, &entry.prev_hash, body) != entry.hash {
        return Err(EvidenceError::EntryHash { seq: entry.seq });
    }
    check_link(entry, previous)?;

    let bad_body = |reason: String| EvidenceError::EntryBody {
        seq: entry.seq,
        reason,
    };
    let read: JournalEntry =
        serde_json::from_slice(body).map_err(|error| bad_body(error.to_string()))?;
    if to_canonical_json(&read)? != body {
        return Err(bad_body("not in canonical form".to_owned()));
    }
    read.command
        .verify(verifier)
        .map_err(|error| EvidenceError::CommandSignature {
            seq: entry.seq,
            reason: error.to_string(),
        })?;
    Ok(read)
}

/// The journal's chain, where the bundle shows it: entry 1 starts from the zero hash, and an
/// entry whose predecessor is in the bundle links to that predecessor's hash. Entries of
/// other vouchers between two bundle entries are left out, so only neighbours can be checked.
fn check_link(
    entry: &EvidenceEntry,
    previous: Option<&EvidenceEntry>,
) -> Result<(), EvidenceError> {
    let broken = |linked| EvidenceError::BrokenLink {
        seq: entry.seq,
        linked,
    };
    if entry.seq == 1 && entry.prev_hash != Hash32::ZERO {
        return Err(broken("the zero hash that starts the journal"));
    }

    let neighbour = previous.filter(|previous| previous.seq.checked_add(1) == Some(entry.seq));
    if neighbour.is_some_and(|neighbour| entry.prev_hash != neighbour.hash) {
        return Err(broken("the hash of the entry before it"));
    }
    Ok(())
}

fn check_anchor(entry: &EvidenceEntry, anchors: &[AnchorReceipt]) -> Result<(), EvidenceError> {
    let fail = |reason| EvidenceError::Anchor {
        seq: entry.seq,
        reason,
    };
    let receipt = anchors
        .get(entry.anchor)
        .ok_or(fail("names no anchor receipt of the bundle"))?;
    let position = entry
        .seq
        .checked_sub(receipt.first_seq)
        .filter(|_| entry.seq <= receipt.last_seq)
        .ok_or(fail("lies outside its anchored batch"))?;
    let size = receipt
        .last_seq
        .checked_sub(receipt.first_seq)
        .and_then(|span| span.checked_add(1))
        .ok_or(fail("its anchored batch has an impossible range"))?;

    let proof = &entry.proof;
    let at_its_place = proof.leaf_index == position && proof.leaf_count == size;
    if !at_its_place {
        return Err(fail("proof is for another position in the batch"));
    }
    if !proof.verify(&entry.hash, &receipt.root) {
        return Err(fail("inclusion proof does not lead to the anchored root"));
    }
    Ok(())
}

/// Every actor but the operator must have been admitted by a credential of the operator,
/// valid on the day it was presented.
fn admitted_parties(
    journal: &[JournalEntry],
    operator: &Bid,
    verifier: &dyn Verifier,
) -> Result<Vec<(Bid, String, Vec<PartyRole>)>, EvidenceError> {
    let mut parties: HashMap<Bid, (String, Vec<PartyRole>)> = HashMap::new();
    for entry in journal {
        let actor = &entry.command.actor;
        let Command::AdmitParty(credential) = &entry.command.payload else {
            if actor != operator && !parties.contains_key(actor) {
                return Err(EvidenceError::Lineage {
                    piece: actor.to_string(),
                    reason: "a party acted before any admission in the bundle".to_owned(),
                });
            }
            continue;
        };
        let claims = credential.claims();
        let valid =
            &claims.issuer == operator && credential.verify(verifier, entry.date, &[]).is_ok();
        if !valid {
            return Err(EvidenceError::Lineage {
                piece: claims.subject.to_string(),
                reason: "an admission credential was not issued by the sealing operator".to_owned(),
            });
        }
        let party = parties
            .entry(claims.subject.clone())
            .or_insert_with(|| (claims.legal_name.clone(), Vec::new()));
        party.1.push(claims.role);
    }
    let mut listed: Vec<(Bid, String, Vec<PartyRole>)> = parties
        .into_iter()
        .map(|(bid, (name, roles))| (bid, name, roles))
        .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(listed)
}

/// The issue must rest on a completed payment commitment of the same terms, signed by the
/// issuer, and present in the bundle.
fn check_commitment(
    journal: &[JournalEntry],
    issue: &super::lineage::Issue,
    voucher: &VoucherId,
    verifier: &dyn Verifier,
) -> Result<(), EvidenceError> {
    let fail = |reason: String| EvidenceError::Commitment(reason);
    let record = journal
        .iter()
        .find_map(|entry| match &entry.command.payload {
            Command::SubmitCommitment(record) if record.id == issue.commitment => Some(record),
            _ => None,
        })
        .ok_or_else(|| {
            fail(format!(
                "commitment {} is not in the bundle",
                issue.commitment
            ))
        })?;
    let contract = record
        .verify(verifier)
        .map_err(|error| fail(error.to_string()))?;
    let terms =
        PaymentCommitment::from_completed(&contract).map_err(|error| fail(error.to_string()))?;

    let matches = &terms.voucher_no == voucher
        && terms.face_amount == issue.face
        && terms.payment_date == issue.committed_date
        && terms.issuer == issue.issuer
        && terms.payee == issue.payee;
    if !matches {
        return Err(fail("its terms differ from the issued voucher".to_owned()));
    }
    Ok(())
}
