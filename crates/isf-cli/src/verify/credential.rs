//! Verifying an identity credential: the issuer's signature and key, the validity dates on
//! the chosen day, and the issuer's revocation lists.

use std::path::Path;

use isf::bid::StarfireVerifier;
use isf::bid::credential::{CredentialClaims, RevocationList, verify_credential_json};
use isf::core::BizDate;
use serde_json::{Map, Value};

use super::{Verdict, VerifyOptions, serde_name, to_value};
use crate::clock::today_in_beijing;
use crate::error::CliError;

/// Verifies the credential in `text` on `options.on` (today in Beijing when absent) against
/// the revocation lists in `options.revocations`.
pub fn verify(text: &str, options: &VerifyOptions) -> Result<Verdict, CliError> {
    let on = match options.on {
        Some(date) => date,
        None => today_in_beijing()?,
    };
    let mut revocations = Vec::new();
    for path in &options.revocations {
        revocations.extend(read_revocations(path)?);
    }

    let verified = verify_credential_json(text, &StarfireVerifier, on, &revocations)
        .map_err(|error| CliError::Refused(error.to_string()))?;
    let claims = verified.claims();
    let lists_checked = revocations
        .iter()
        .filter(|list| *list.issuer() == claims.issuer)
        .count();

    Ok(Verdict {
        summary: summary(claims, on, lists_checked),
        details: details(claims, on, lists_checked),
        incomplete: None,
    })
}

/// A file holding one revocation list or a JSON array of them.
fn read_revocations(path: &Path) -> Result<Vec<RevocationList>, CliError> {
    let bad = |reason: String| {
        CliError::Input(format!("revocation lists in {}: {reason}", path.display()))
    };
    let text = std::fs::read_to_string(path).map_err(|error| bad(error.to_string()))?;

    let value: Value = serde_json::from_str(&text).map_err(|error| bad(error.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        single => vec![single],
    };
    items
        .into_iter()
        .map(|item| {
            serde_json::from_value(item)
                .map_err(|error| bad(format!("not a revocation list: {error}")))
        })
        .collect()
}

fn summary(claims: &CredentialClaims, on: BizDate, lists_checked: usize) -> Vec<String> {
    vec![
        format!("credential {} verifies on {on}", claims.id),
        format!("  issuer    {}", claims.issuer),
        format!("  subject   {}", claims.subject),
        format!(
            "  identity  {} ({} {})",
            claims.legal_name,
            serde_name(&claims.id_kind),
            claims.id_masked
        ),
        format!("  role      {}", serde_name(&claims.role)),
        format!(
            "  valid     from {} until {} (first day no longer valid)",
            claims.issued_on, claims.expires_on
        ),
        format!("  revoked   no ({lists_checked} revocation list(s) of the issuer checked)"),
    ]
}

fn details(claims: &CredentialClaims, on: BizDate, lists_checked: usize) -> Map<String, Value> {
    let mut details = Map::new();
    details.insert("checked_on".to_owned(), to_value(&on));
    details.insert("claims".to_owned(), to_value(claims));
    details.insert(
        "revocation_lists_checked".to_owned(),
        Value::from(lists_checked),
    );
    details
}
