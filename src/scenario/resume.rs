//! Carrying a scenario's run over to the journal it is recorded in.
//!
//! A scenario runs in full in memory first, where every outcome is decided and checked against
//! the state its step was written for. Only then is the journal touched: it must hold nothing,
//! or a beginning of exactly that history (an earlier run of the same scenario, or one cut off
//! while it was being recorded), and the rest is appended through the platform's own checks.
//! Comparing with what the journal holds, rather than replaying steps against it, matters
//! because a journal shows the platform as the last run left it, not as each step found it, and
//! refusals leave nothing in it.

use std::sync::Arc;

use isf_bid::StarfireVerifier;
use isf_store::Journal;

use super::error::ScenarioError;
use super::report::Activity;
use crate::platform::{JournalEntry, Platform, RecordedEntry};

/// Opens a platform on `journal` with the rehearsal's configuration, checks that the journal
/// holds a beginning of the rehearsal's history and appends the rest.
pub(super) fn carry_over(
    rehearsal: &Platform,
    journal: Arc<dyn Journal>,
) -> Result<(Platform, Activity), ScenarioError> {
    let verifier = Box::new(StarfireVerifier);
    let mut platform = Platform::open(rehearsal.config().clone(), verifier, journal)?;
    let rehearsed = rehearsal.entries()?;
    let recorded = platform.entries()?;

    for (have, want) in recorded.iter().zip(&rehearsed) {
        if let Some(difference) = difference(&have.entry, &want.entry) {
            return Err(mismatch(have.seq, &want.entry, difference));
        }
    }
    if let Some(extra) = recorded.get(rehearsed.len()) {
        let what = "goes on past where the scenario ends";
        return Err(mismatch(extra.seq, &extra.entry, what));
    }

    let missing = &rehearsed[recorded.len()..];
    for RecordedEntry { seq, entry, .. } in missing {
        let receipt = platform
            .submit(entry.command.clone(), entry.date)
            .map_err(|error| {
                mismatch(*seq, entry, format!("is refused on the journal: {error}"))
            })?;
        if receipt.replayed || receipt.events != entry.events {
            return Err(mismatch(
                *seq,
                entry,
                "is decided differently on the journal",
            ));
        }
    }

    let activity = Activity {
        appended: missing.len() as u64,
        replayed: recorded.len() as u64,
    };
    Ok((platform, activity))
}

/// How a recorded entry differs from the one the scenario gives at its place. Signatures are
/// not compared: what must match is what the command says, not how its signer produced the
/// signature, which the journal has already verified.
fn difference(have: &JournalEntry, want: &JournalEntry) -> Option<&'static str> {
    let (ours, theirs) = (&have.command, &want.command);
    if ours.request_no != theirs.request_no {
        Some("is another command than the scenario's")
    } else if ours.actor != theirs.actor || ours.payload != theirs.payload {
        Some("carries other terms than the scenario's command")
    } else if have.date != want.date {
        Some("is dated otherwise than the scenario's step")
    } else if have.events != want.events {
        Some("records other events than the scenario now causes")
    } else {
        None
    }
}

/// The scenario's entry at `seq` names its step through its request number.
fn mismatch(seq: u64, scenario: &JournalEntry, what: impl Into<String>) -> ScenarioError {
    ScenarioError::ForeignJournal {
        seq,
        request: scenario.command.request_no.to_string(),
        reason: what.into(),
    }
}
