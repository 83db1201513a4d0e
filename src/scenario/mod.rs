//! Scenarios: a whole supply-chain story in one JSON file, run end to end through the
//! [`Platform`](crate::Platform) with real StarFire keys and signatures.
//!
//! [`run`] reads nothing from disk; the `isf run` command reads the file and prints the
//! [`ScenarioReport`]. Every step is turned into signed commands; a step that declares
//! `expect_error` must be refused with that text in the message, and any other refusal stops the
//! run with an error naming the step and the reason.

mod admission;
mod checks;
mod commitment;
mod error;
mod evidence;
mod format;
mod report;
mod resume;
mod runner;
mod steps;
mod strict_json;
mod text;
mod wording;

pub use error::ScenarioError;
pub use evidence::anchor_and_export;
pub use format::{Action, PartSpec, PartySpec, RulesSpec, Scenario, Step};
pub use report::{
    ClearingReport, InvariantCheck, JournalSummary, PartyReport, PieceReport, ScenarioReport,
    StepReport, VoucherReport,
};
pub use runner::{run, run_on};
pub use text::render_text;

/// Parses a scenario from JSON text, naming the line and column of any mistake.
pub fn parse(json: &str) -> Result<Scenario, ScenarioError> {
    serde_json::from_str(json).map_err(|error| ScenarioError::Malformed(error.to_string()))
}
