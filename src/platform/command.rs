//! The commands a platform accepts, each carried in a `SignedCommand` naming its actor.

use isf_bid::contract::ContractRecord;
use isf_core::{Bid, Fen, PieceId, VoucherId};
use isf_finance::financing::DiscountTerms;
use isf_finance::voucher::VoucherCommand;
use isf_settlement::Routing;
use serde::{Deserialize, Serialize};

use isf_bid::credential::{Credential, RevocationList};

/// A command to the platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Command {
    /// A party presents a credential issued by the operator, binding its BID to a verified
    /// legal identity and a role. The subject or the operator may present it.
    AdmitParty(Credential),
    /// The operator publishes its signed list of revoked credentials, replacing the last one.
    RevokeCredentials(RevocationList),
    /// A core enterprise submits its completed payment commitment (付款承诺函) before issuing
    /// the voucher it backs.
    SubmitCommitment(ContractRecord),
    /// A command on vouchers.
    Voucher(VoucherCommand),
    /// The holder of a piece applies to a funder for discount financing; the piece is locked
    /// while the application is open.
    ApplyFinancing {
        /// The piece to finance.
        piece: PieceId,
        /// Application number, unique on the platform.
        application: String,
        /// The funder.
        funder: Bid,
        /// Rate and day count of the discount.
        terms: DiscountTerms,
    },
    /// The funder funds an open application, taking the piece by assignment or pledge.
    Fund {
        /// Application number.
        application: String,
        /// How the funder takes the piece.
        mode: FundingMode,
    },
    /// The applicant or the funder withdraws an open application; the piece is unlocked.
    WithdrawFinancing {
        /// Application number.
        application: String,
    },
    /// The operator plans the clearing of a matured voucher and registers it (业务上链).
    StartClearing {
        /// The voucher.
        voucher: VoucherId,
        /// End-to-end or gradual.
        routing: Routing,
        /// What the issuer pays, when less than everything due.
        #[serde(default)]
        funds: Option<Fen>,
        /// Run id: the prefix of the instructions' request numbers.
        run: String,
    },
    /// The operator moves a clearing run to its next state.
    AdvanceClearing {
        /// The voucher.
        voucher: VoucherId,
        /// The step.
        step: ClearingStep,
    },
    /// The operator reports the bank's outcome of one settlement instruction.
    ReportLeg {
        /// The voucher.
        voucher: VoucherId,
        /// Instruction number.
        seq: u32,
        /// The outcome.
        report: LegReport,
    },
    /// The operator records the manual adjustment (调账) of a failed instruction.
    AdjustLeg {
        /// The voucher.
        voucher: VoucherId,
        /// Instruction number.
        seq: u32,
    },
}

/// How a funder takes a financed piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingMode {
    /// 转让: the funder becomes the holder (ISF `ASSIGNMENT_FINANCING`).
    Assignment,
    /// 质押: the holder keeps the piece, the funder is paid at maturity (ISF `PLEDGE_FINANCING`).
    Pledge,
}

impl FundingMode {
    /// A short name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            FundingMode::Assignment => "assignment (转让)",
            FundingMode::Pledge => "pledge (质押)",
        }
    }
}

/// The steps of a clearing run before execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClearingStep {
    /// on chain → applied (申请清结算).
    Apply,
    /// applied → started (开始清结算).
    Start,
    /// started → executing (执行清结算).
    Execute,
}

/// A bank's report on one settlement instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LegReport {
    /// Paid.
    Paid,
    /// Failed, with the bank's reason.
    Failed {
        /// The bank's reason.
        reason: String,
    },
}

impl Command {
    /// A short name of the command kind, used as the journal entry kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Command::AdmitParty(_) => "admit_party",
            Command::RevokeCredentials(_) => "revoke_credentials",
            Command::SubmitCommitment(_) => "submit_commitment",
            Command::Voucher(_) => "voucher",
            Command::ApplyFinancing { .. } => "apply_financing",
            Command::Fund { .. } => "fund",
            Command::WithdrawFinancing { .. } => "withdraw_financing",
            Command::StartClearing { .. } => "start_clearing",
            Command::AdvanceClearing { .. } => "advance_clearing",
            Command::ReportLeg { .. } => "report_leg",
            Command::AdjustLeg { .. } => "adjust_leg",
        }
    }
}
