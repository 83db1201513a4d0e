//! Tracing a piece back to its voucher's issue through the events in a bundle.

use std::collections::HashMap;

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, VoucherId};
use isf_finance::voucher::VoucherEvent;

use super::error::EvidenceError;

/// What the voucher's issue event says.
pub(super) struct Issue {
    pub(super) voucher: VoucherId,
    pub(super) issuer: Bid,
    pub(super) payee: Bid,
    pub(super) face: Fen,
    pub(super) committed_date: BizDate,
    pub(super) due_date: BizDate,
    pub(super) commitment: Hash32,
    pub(super) root: PieceId,
}

/// Finds the one issue of `voucher` and the chain of pieces from its root down to `piece`.
pub(super) fn trace<'a>(
    voucher: &VoucherId,
    piece: PieceId,
    events: impl Iterator<Item = &'a VoucherEvent>,
) -> Result<(Issue, Vec<PieceId>), EvidenceError> {
    let broken = |reason: String| EvidenceError::Lineage {
        piece: piece.to_string(),
        reason,
    };
    let mut issue = None;
    let mut parents: HashMap<PieceId, PieceId> = HashMap::new();
    for event in events {
        match event {
            VoucherEvent::Issued {
                voucher: issued,
                issuer,
                payee,
                face,
                committed_date,
                due_date,
                commitment,
                root,
                ..
            } if issued == voucher => {
                if issue.is_some() {
                    // What the bundle proves (issuer, face, due date) is read from the issue:
                    // with two, it would prove whichever came last.
                    return Err(broken(format!(
                        "voucher {voucher} is issued more than once"
                    )));
                }
                issue = Some(Issue {
                    voucher: issued.clone(),
                    issuer: issuer.clone(),
                    payee: payee.clone(),
                    face: *face,
                    committed_date: *committed_date,
                    due_date: *due_date,
                    commitment: *commitment,
                    root: *root,
                });
            }
            VoucherEvent::Split {
                parent, children, ..
            } => {
                for child in children {
                    parents.insert(child.id, *parent);
                }
            }
            _ => {}
        }
    }
    let issue = issue.ok_or_else(|| broken(format!("no issue of voucher {voucher}")))?;

    let mut lineage = vec![piece];
    let mut current = piece;
    while current != issue.root {
        let parent = parents
            .get(&current)
            .copied()
            .ok_or_else(|| broken(format!("no split created {current}")))?;
        if lineage.len() > parents.len() {
            return Err(broken("the splits form a cycle".to_owned()));
        }
        lineage.push(parent);
        current = parent;
    }
    lineage.reverse();
    Ok((issue, lineage))
}
