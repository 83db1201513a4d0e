//! What the platform records: journal entries and the events inside them.

use isf_bid::credential::{CredentialClaims, CredentialId};
use isf_core::{Bid, BizDate, PieceId, SignedCommand, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::VoucherEvent;
use isf_settlement::ClearingPlan;
use serde::{Deserialize, Serialize};

use super::command::{ClearingStep, Command, FundingMode, LegReport};
use super::commitment::AcceptedCommitment;
use super::party::Admission;

/// One journal entry: an accepted command, the business date it was decided on, and the
/// events it caused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Business date of the decision.
    pub date: BizDate,
    /// The signed command.
    pub command: SignedCommand<Command>,
    /// What it caused.
    pub events: Vec<PlatformEvent>,
}

/// An event of the platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum PlatformEvent {
    /// A party was admitted with one role.
    PartyAdmitted {
        /// Its BID.
        party: Bid,
        /// Its verified legal name.
        name: String,
        /// The role and credential.
        admission: Admission,
    },
    /// The operator's revocation list took effect.
    CredentialsRevoked {
        /// Every revoked credential id.
        revoked: Vec<CredentialId>,
        /// The date the operator's list speaks for.
        as_of: BizDate,
    },
    /// A payment commitment was verified and recorded.
    CommitmentAccepted(AcceptedCommitment),
    /// A voucher event.
    Voucher(VoucherEvent),
    /// A financing application was opened.
    FinancingApplied(Application),
    /// A financing application was funded.
    FinancingFunded {
        /// Application number.
        application: String,
        /// How the funder took the piece.
        mode: FundingMode,
    },
    /// A financing application was withdrawn.
    FinancingWithdrawn {
        /// Application number.
        application: String,
        /// The piece that was unlocked.
        piece: PieceId,
    },
    /// A clearing run was planned and registered.
    ClearingPlanned(ClearingPlan),
    /// A clearing run moved on.
    ClearingAdvanced {
        /// The voucher.
        voucher: VoucherId,
        /// The step taken.
        step: ClearingStep,
    },
    /// A bank reported on a settlement instruction.
    LegReported {
        /// The voucher.
        voucher: VoucherId,
        /// Instruction number.
        seq: u32,
        /// The outcome.
        report: LegReport,
    },
    /// A failed instruction was adjusted manually.
    LegAdjusted {
        /// The voucher.
        voucher: VoucherId,
        /// Instruction number.
        seq: u32,
    },
}

impl PlatformEvent {
    /// The `paid` events that finishing the clearing of `plan` records: one per piece that
    /// receives something, in allocation order.
    pub(crate) fn payments_of(plan: &ClearingPlan) -> impl Iterator<Item = PlatformEvent> + '_ {
        plan.allocations
            .iter()
            .filter(|allocation| !allocation.amount.is_zero())
            .map(|allocation| {
                PlatformEvent::Voucher(VoucherEvent::Paid {
                    piece: allocation.piece,
                    amount: allocation.amount,
                })
            })
    }
}

impl PlatformEvent {
    /// The admission a credential's claims give its subject.
    pub(crate) fn admission_of(claims: &CredentialClaims) -> PlatformEvent {
        PlatformEvent::PartyAdmitted {
            party: claims.subject.clone(),
            name: claims.legal_name.clone(),
            admission: Admission {
                role: claims.role,
                credential: claims.id.clone(),
                expires_on: claims.expires_on,
            },
        }
    }

    /// The event a clearing step command records, with the voucher it steps; `None` for
    /// every other command.
    pub(crate) fn clearing_step_of(command: &Command) -> Option<(&VoucherId, PlatformEvent)> {
        match command {
            Command::AdvanceClearing { voucher, step } => {
                let advanced = PlatformEvent::ClearingAdvanced {
                    voucher: voucher.clone(),
                    step: *step,
                };
                Some((voucher, advanced))
            }
            Command::ReportLeg {
                voucher,
                seq,
                report,
            } => {
                let reported = PlatformEvent::LegReported {
                    voucher: voucher.clone(),
                    seq: *seq,
                    report: report.clone(),
                };
                Some((voucher, reported))
            }
            Command::AdjustLeg { voucher, seq } => {
                let adjusted = PlatformEvent::LegAdjusted {
                    voucher: voucher.clone(),
                    seq: *seq,
                };
                Some((voucher, adjusted))
            }
            _ => None,
        }
    }
}
