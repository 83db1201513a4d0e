//! Making a bundle from a platform's journal.

use std::collections::HashSet;

use isf_core::anchor::AnchorReceipt;
use isf_core::merkle::MerkleTree;
use isf_core::{Bid, Hash32, PieceId, Signer, VoucherId};

use super::error::EvidenceError;
use super::format::{BUNDLE_FORMAT, EvidenceBundle, EvidenceEntry, Seal, seal_bytes};
use crate::platform::{Command, Need, Platform, RecordedEntry, needs};

/// Exports the evidence for `piece`, sealed by the operator through `sealer`. Every entry in
/// the bundle must already be anchored: anchor the journal first.
pub fn export_bundle(
    platform: &Platform,
    piece: PieceId,
    sealer: &dyn Signer,
) -> Result<EvidenceBundle, EvidenceError> {
    let export = |reason: String| EvidenceError::Export(reason);
    if sealer.bid() != platform.operator() {
        return Err(export(
            "only the platform operator can seal evidence".to_owned(),
        ));
    }
    let book = platform.book();
    let held = book
        .piece(piece)
        .map_err(|error| export(error.to_string()))?;
    let voucher = book
        .voucher_of(held)
        .map_err(|error| export(error.to_string()))?
        .id
        .clone();

    let recorded = platform
        .entries()
        .map_err(|error| export(error.to_string()))?;
    let chosen = select_entries(platform, &recorded, &voucher)?;
    let receipts = platform
        .journal()
        .anchors()
        .map_err(|error| export(error.to_string()))?;

    let mut anchors: Vec<AnchorReceipt> = Vec::new();
    let mut entries = Vec::with_capacity(chosen.len());
    for entry in chosen {
        let receipt = receipts
            .iter()
            .find(|receipt| receipt.first_seq <= entry.seq && entry.seq <= receipt.last_seq)
            .ok_or_else(|| export(format!("entry {} is not anchored yet", entry.seq)))?;
        let slot = match anchors.iter().position(|known| known == receipt) {
            Some(slot) => slot,
            None => {
                anchors.push(receipt.clone());
                anchors.len() - 1
            }
        };
        let proof = inclusion_proof(&recorded, receipt, entry.seq)?;
        let body = String::from_utf8(entry.body.clone())
            .map_err(|_| export(format!("entry {} is not UTF-8", entry.seq)))?;
        entries.push(EvidenceEntry {
            seq: entry.seq,
            prev_hash: entry.prev_hash,
            hash: entry.hash,
            body,
            anchor: slot,
            proof,
        });
    }

    let operator = sealer.bid().clone();
    let message = seal_bytes(
        BUNDLE_FORMAT,
        &voucher,
        piece,
        &entries,
        &anchors,
        &operator,
    )?;
    let signature = sealer.sign(&message)?;
    Ok(EvidenceBundle {
        format: BUNDLE_FORMAT.to_owned(),
        voucher,
        piece,
        entries,
        anchors,
        seal: Seal {
            operator,
            public_key: sealer.public_key(),
            signature,
        },
    })
}

/// The voucher's entries; the admissions of every party they needed, so that a reader can check
/// each actor's role and each recipient's admission; and every revocation list, which can
/// withdraw those admissions.
fn select_entries<'a>(
    platform: &Platform,
    recorded: &'a [RecordedEntry],
    voucher: &VoucherId,
) -> Result<Vec<&'a RecordedEntry>, EvidenceError> {
    let mut voucher_entries = Vec::new();
    for entry in recorded {
        let concerned = platform
            .voucher_concerned(&entry.entry.command.payload, &entry.entry.events)
            .map_err(|error| EvidenceError::Export(error.to_string()))?;
        if concerned.as_ref() == Some(voucher) {
            voucher_entries.push(entry);
        }
    }
    let needed: HashSet<&Bid> = voucher_entries
        .iter()
        .flat_map(|entry| needs(&entry.entry.command.actor, &entry.entry.command.payload))
        .map(Need::party)
        .collect();
    let register = recorded
        .iter()
        .filter(|entry| match &entry.entry.command.payload {
            Command::AdmitParty(credential) => needed.contains(&credential.claims().subject),
            Command::RevokeCredentials(_) => true,
            _ => false,
        });

    let mut chosen: Vec<&RecordedEntry> = voucher_entries.into_iter().chain(register).collect();
    chosen.sort_by_key(|entry| entry.seq);
    Ok(chosen)
}

/// Proof that entry `seq` is in the batch of `receipt`, rebuilt from the journal's hashes.
fn inclusion_proof(
    recorded: &[RecordedEntry],
    receipt: &AnchorReceipt,
    seq: u64,
) -> Result<isf_core::merkle::InclusionProof, EvidenceError> {
    let export = |reason: String| EvidenceError::Export(reason);
    let leaves: Vec<Hash32> = recorded
        .iter()
        .filter(|entry| receipt.first_seq <= entry.seq && entry.seq <= receipt.last_seq)
        .map(|entry| entry.hash)
        .collect();
    let tree = MerkleTree::from_leaves(&leaves);
    if tree.root() != receipt.root {
        return Err(export(format!(
            "batch {}..={} does not rebuild to its anchored root",
            receipt.first_seq, receipt.last_seq
        )));
    }
    let index = usize::try_from(seq - receipt.first_seq)
        .map_err(|_| export(format!("entry {seq} is out of range")))?;
    tree.proof(index)
        .ok_or_else(|| export(format!("no proof for entry {seq}")))
}

/// Seals `bundle` again as `sealer`, whatever it contains. Only for tests that show the checks
/// beneath the seal: a real export always seals what it read from the journal.
#[doc(hidden)]
pub fn reseal_for_tests(
    bundle: &EvidenceBundle,
    sealer: &dyn Signer,
) -> Result<Seal, EvidenceError> {
    let operator = sealer.bid().clone();
    let message = seal_bytes(
        &bundle.format,
        &bundle.voucher,
        bundle.piece,
        &bundle.entries,
        &bundle.anchors,
        &operator,
    )?;
    Ok(Seal {
        operator,
        public_key: sealer.public_key(),
        signature: sealer.sign(&message)?,
    })
}
