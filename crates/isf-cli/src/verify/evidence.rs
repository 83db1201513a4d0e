//! Verifying an evidence bundle: a voucher piece's whole history, offline.
//!
//! Anyone can run a platform and seal bundles with a key of their own, so a bundle that
//! verifies proves what its sealing operator recorded, nothing more. `--operator` names the
//! operator the reader trusts; a bundle sealed by anyone else is then refused.

use isf::core::Bid;
use isf::evidence::{Lapse, PieceStanding, VerifiedBundle, verify_bundle_json};
use isf::finance::voucher::PieceState;
use isf::platform::PartyRole;
use serde_json::{Map, Value};

use super::{Verdict, to_value};
use crate::error::CliError;

/// Verifies the evidence bundle in `text`, and when `operator` is given, that it sealed it.
pub fn verify(text: &str, operator: Option<&Bid>) -> Result<Verdict, CliError> {
    let verified =
        verify_bundle_json(text).map_err(|error| CliError::Refused(error.to_string()))?;
    if let Some(expected) = operator.filter(|expected| **expected != verified.operator) {
        return Err(CliError::Refused(format!(
            "sealed by {}, not by the expected operator {expected}",
            verified.operator
        )));
    }

    Ok(Verdict {
        summary: summary(&verified),
        details: details(&verified),
        incomplete: None,
    })
}

fn summary(verified: &VerifiedBundle) -> Vec<String> {
    let lineage: Vec<String> = verified.lineage.iter().map(ToString::to_string).collect();
    let mut lines = vec![
        format!(
            "evidence for piece {} of voucher {} verifies: {} entries, sealed by {}",
            verified.piece, verified.voucher, verified.entries, verified.operator
        ),
        format!(
            "  issued by {} for {}, due {}",
            verified.issuer, verified.face, verified.due_date
        ),
        format!("  lineage   {}", lineage.join(" → ")),
        standing_line(&verified.standing),
    ];
    for (bid, name, roles) in &verified.parties {
        let roles: Vec<String> = roles
            .iter()
            .map(|role| role_with_lapse(verified, bid, *role))
            .collect();
        lines.push(format!("  party     {bid}  {name}  {}", roles.join(", ")));
    }
    for anchor in &verified.anchors {
        lines.push(format!(
            "  anchored  entries {}–{} root {} tx {}",
            anchor.first_seq, anchor.last_seq, anchor.root, anchor.tx_hash
        ));
    }
    lines
}

/// A role's name, saying when no credential for it stood after the last entry.
fn role_with_lapse(verified: &VerifiedBundle, party: &Bid, role: PartyRole) -> String {
    let lapse = verified
        .lapsed
        .iter()
        .find(|lapsed| &lapsed.party == party && lapsed.role == role)
        .map(|lapsed| lapsed.lapse);
    match lapse {
        None => role.name().to_owned(),
        Some(Lapse::Revoked) => format!("{} (revoked)", role.name()),
        Some(Lapse::Expired(on)) => format!("{} (expired {on})", role.name()),
    }
}

/// The piece's face, what it was paid and who holds it, with its state unless simply held.
fn standing_line(standing: &PieceStanding) -> String {
    let state = match &standing.state {
        PieceState::Held => String::new(),
        PieceState::PendingSign {
            recipient,
            deadline,
        } => format!(" (offered to {recipient} until {deadline})"),
        PieceState::Locked { funder, .. } => format!(" (locked for financing with {funder})"),
        PieceState::Pledged { pledgee, .. } => format!(" (pledged to {pledgee})"),
        other => format!(" ({})", other.name()),
    };
    format!(
        "  piece     face {}, paid {}, held by {}{state}",
        standing.face, standing.paid, standing.holder
    )
}

fn details(verified: &VerifiedBundle) -> Map<String, Value> {
    match to_value(verified) {
        Value::Object(map) => map,
        other => Map::from_iter([("bundle".to_owned(), other)]),
    }
}
