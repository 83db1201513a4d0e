//! Verifying an evidence bundle: a voucher piece's whole history, offline.

use std::fmt::Write;

use isf::evidence::{VerifiedBundle, verify_bundle_json};
use serde_json::{Map, Value};

use super::{Verdict, to_value};
use crate::error::CliError;

/// Verifies the evidence bundle in `text`.
pub fn verify(text: &str) -> Result<Verdict, CliError> {
    let verified =
        verify_bundle_json(text).map_err(|error| CliError::Refused(error.to_string()))?;
    Ok(Verdict {
        summary: summary(&verified),
        details: details(&verified),
        incomplete: None,
    })
}

fn summary(verified: &VerifiedBundle) -> String {
    let lineage: Vec<String> = verified.lineage.iter().map(ToString::to_string).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "evidence for piece {} of voucher {} verifies: {} entries, sealed by {}",
        verified.piece, verified.voucher, verified.entries, verified.operator
    );
    let _ = writeln!(
        out,
        "  issued by {} for {}, due {}",
        verified.issuer, verified.face, verified.due_date
    );
    let _ = writeln!(out, "  lineage   {}", lineage.join(" → "));
    for (bid, name, roles) in &verified.parties {
        let _ = writeln!(out, "  party     {bid}  {name}  {roles:?}");
    }
    for anchor in &verified.anchors {
        let _ = writeln!(
            out,
            "  anchored  entries {}..={} root {} tx {}",
            anchor.first_seq, anchor.last_seq, anchor.root, anchor.tx_hash
        );
    }
    out
}

fn details(verified: &VerifiedBundle) -> Map<String, Value> {
    match to_value(verified) {
        Value::Object(map) => map,
        other => Map::from_iter([("bundle".to_owned(), other)]),
    }
}
