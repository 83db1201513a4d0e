//! Why a scenario could not be run to the end.

use thiserror::Error;

use crate::platform::PlatformError;

/// A scenario that is malformed, or a step whose outcome was not the declared one.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file does not describe a valid scenario.
    #[error("malformed scenario: {0}")]
    Malformed(String),
    /// A step was refused without declaring `expect_error`.
    #[error("step {step} ({action}) on {date} by {actor} was refused: {reason}")]
    UnexpectedRefusal {
        /// Step number, from 1.
        step: usize,
        /// What the step does.
        action: String,
        /// The step date.
        date: String,
        /// The acting party id.
        actor: String,
        /// The platform's reason.
        reason: String,
    },
    /// A step declared `expect_error` but succeeded, or failed for another reason.
    #[error("step {step} ({action}) expected an error containing {expected:?} but {outcome}")]
    ExpectationNotMet {
        /// Step number, from 1.
        step: usize,
        /// What the step does.
        action: String,
        /// The declared text.
        expected: String,
        /// What happened instead.
        outcome: String,
    },
    /// The journal the scenario runs on holds a history other than the scenario's own, so
    /// carrying on there would mix two stories. Run it on a fresh journal instead.
    #[error(
        "the journal does not hold this scenario's history: entry {seq} (request {request}) \
         {reason}; run the scenario on a fresh journal"
    )]
    ForeignJournal {
        /// Sequence number of the first entry that differs.
        seq: u64,
        /// The request number there, `{name}-{step:03}…` for a step of the scenario.
        request: String,
        /// How it differs.
        reason: String,
    },
    /// The voucher book could not be read for the report.
    #[error("cannot report: {0}")]
    Report(#[from] isf_finance::FinanceError),
    /// The platform could not be set up.
    #[error("platform setup failed: {0}")]
    Setup(Box<PlatformError>),
}

impl From<PlatformError> for ScenarioError {
    fn from(error: PlatformError) -> Self {
        ScenarioError::Setup(Box::new(error))
    }
}
