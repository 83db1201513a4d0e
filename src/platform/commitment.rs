//! Payment commitments (付款承诺函): the signed promise behind every voucher.
//!
//! A core enterprise submits its completed commitment contract before issuing. The platform
//! verifies every signature offline, reads the voucher terms out of it, and records them; an
//! issue must then name a recorded, unused commitment whose terms are exactly its own.

use isf_bid::contract::{ContractRecord, PaymentCommitment};
use isf_core::{Bid, BizDate, Fen, Hash32, Verifier, VoucherId};
use isf_finance::voucher::IssueVoucher;
use serde::{Deserialize, Serialize};

use super::error::PlatformError;

/// The terms of a verified payment commitment, as recorded by the platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedCommitment {
    /// Contract id (the hash of its terms).
    pub id: Hash32,
    /// The voucher it backs.
    pub voucher: VoucherId,
    /// Promised amount.
    pub face: Fen,
    /// Promised payment date.
    pub payment_date: BizDate,
    /// The core enterprise.
    pub issuer: Bid,
    /// The payee.
    pub payee: Bid,
    /// Hash of the letter itself.
    pub document_hash: Hash32,
}

/// Verifies a submitted commitment contract and reads its terms.
pub(crate) fn accept(
    actor: &Bid,
    record: &ContractRecord,
    verifier: &dyn Verifier,
) -> Result<AcceptedCommitment, PlatformError> {
    let contract = record.verify(verifier)?;
    let terms = PaymentCommitment::from_completed(&contract)?;
    if &terms.issuer != actor {
        return Err(PlatformError::CommitmentMismatch {
            commitment: contract.id(),
            reason: "it was not made by the submitting party",
        });
    }
    Ok(AcceptedCommitment {
        id: contract.id(),
        voucher: terms.voucher_no,
        face: terms.face_amount,
        payment_date: terms.payment_date,
        issuer: terms.issuer,
        payee: terms.payee,
        document_hash: terms.document_hash,
    })
}

/// Checks that an issue is backed by `commitment`, term for term.
pub(crate) fn check_issue(
    actor: &Bid,
    issue: &IssueVoucher,
    commitment: &AcceptedCommitment,
) -> Result<(), PlatformError> {
    let mismatch = |reason| PlatformError::CommitmentMismatch {
        commitment: commitment.id,
        reason,
    };
    if &commitment.issuer != actor {
        return Err(mismatch("it was made by another issuer"));
    }
    if commitment.voucher != issue.voucher {
        return Err(mismatch("it backs another voucher number"));
    }
    if commitment.face != issue.face {
        return Err(mismatch("its amount differs from the face amount"));
    }
    if commitment.payment_date != issue.committed_date {
        return Err(mismatch(
            "its payment date differs from the committed payment date",
        ));
    }
    if commitment.payee != issue.payee {
        return Err(mismatch("it names another payee"));
    }
    Ok(())
}
