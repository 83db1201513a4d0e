//! Why the platform refused a command.

use isf_core::{Bid, BizDate, CoreError, RequestNo};
use isf_finance::FinanceError;
use isf_settlement::SettlementError;
use thiserror::Error;

use isf_bid::credential::{CredentialError, PartyRole};

/// A refused command. Nothing was recorded and nothing changed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PlatformError {
    /// The request number was used before with a different payload.
    #[error("request number {0} was already used for a different command")]
    RequestConflict(RequestNo),
    /// The party holds no valid credential on the platform.
    #[error("{0} is not an admitted party with a valid credential")]
    UnknownParty(Bid),
    /// The actor lacks a valid credential for the role the command needs.
    #[error("{party} needs a valid {} credential to {action}", role.name())]
    MissingRole {
        /// The party.
        party: Bid,
        /// The role needed.
        role: PartyRole,
        /// What it tried.
        action: &'static str,
    },
    /// The credential was revoked by the operator.
    #[error("credential {0} was revoked")]
    RevokedCredential(isf_bid::credential::CredentialId),
    /// A credential was refused.
    #[error("credential refused: {0}")]
    Credential(Box<CredentialError>),
    /// Only the operator may do this.
    #[error("only the platform operator may {0}")]
    OperatorOnly(&'static str),
    /// A financing application number is unknown.
    #[error("unknown financing application {0}")]
    UnknownApplication(String),
    /// A financing application number is taken.
    #[error("financing application {0} already exists")]
    DuplicateApplication(String),
    /// A clearing run id was used before: its instruction request numbers would repeat.
    #[error("clearing run id {0} was used before")]
    DuplicateRunId(String),
    /// A revocation list older than the one in force.
    #[error("revocation list as of {0} is older than the list in force")]
    StaleRevocationList(BizDate),
    /// A revocation list dated after the day it is published, which would refuse every
    /// genuine list until then.
    #[error("revocation list as of {as_of} is published on {today}, before its date")]
    RevocationListAhead {
        /// The list's date.
        as_of: BizDate,
        /// The day it was submitted.
        today: BizDate,
    },
    /// The operator presented as a party: it acts without a credential and never holds or
    /// receives pieces.
    #[error("the platform operator is not admitted as a party")]
    OperatorAsParty,
    /// No clearing run exists for the voucher.
    #[error("no clearing run for voucher {0}")]
    NoClearing(isf_core::VoucherId),
    /// A clearing run for the voucher exists already.
    #[error("voucher {0} already has a clearing run")]
    ClearingExists(isf_core::VoucherId),
    /// The business date is earlier than the journal's last entry.
    #[error("business date {date} is before the last recorded date {last}")]
    DateWentBack {
        /// The date given.
        date: BizDate,
        /// The last recorded date.
        last: BizDate,
    },
    /// The journal holds an entry that does not read or does not link.
    #[error("journal entry {seq} is corrupt: {reason}")]
    CorruptJournal {
        /// Sequence number of the entry.
        seq: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A decision that the checks run on every journal entry when it is read back would
    /// refuse, so recording it would leave a journal that no longer opens. Nothing was
    /// written. Seen when a loaded holiday notice rolls a date further than any official one.
    #[error("the command's outcome cannot be recorded: {0}")]
    Unrecordable(String),
    /// A value could not be encoded for the journal.
    #[error("cannot encode for the journal: {0}")]
    Encoding(String),
    /// The journal refused or failed the append; [`isf_store::StoreError`] says whether a
    /// retry can help (a version conflict is retried by submitting again).
    #[error(transparent)]
    Store(Box<isf_store::StoreError>),
    /// The platform stopped after a defect left its state unlike its journal.
    #[error("platform stopped: {0}")]
    Poisoned(String),
    /// A payment commitment does not back the voucher it is used for.
    #[error("payment commitment {commitment} cannot be used: {reason}")]
    CommitmentMismatch {
        /// Contract id of the commitment.
        commitment: isf_core::Hash32,
        /// What does not match.
        reason: &'static str,
    },
    /// No recorded commitment has this id, or it was used already.
    #[error("no unused payment commitment {0}")]
    UnknownCommitment(isf_core::Hash32),
    /// A contract did not verify.
    #[error(transparent)]
    Contract(Box<isf_bid::contract::ContractError>),
    /// A product rule refused the command.
    #[error(transparent)]
    Finance(#[from] FinanceError),
    /// Clearing refused the command.
    #[error(transparent)]
    Settlement(#[from] SettlementError),
    /// A signature, encoding or arithmetic check failed.
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<CredentialError> for PlatformError {
    fn from(error: CredentialError) -> Self {
        PlatformError::Credential(Box::new(error))
    }
}

impl From<isf_bid::contract::ContractError> for PlatformError {
    fn from(error: isf_bid::contract::ContractError) -> Self {
        PlatformError::Contract(Box::new(error))
    }
}

impl From<isf_store::StoreError> for PlatformError {
    fn from(error: isf_store::StoreError) -> Self {
        PlatformError::Store(Box::new(error))
    }
}
