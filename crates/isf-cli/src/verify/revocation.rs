//! Verifying a revocation list on its own: the issuer's signature and key.

use isf::bid::StarfireVerifier;
use isf::bid::credential::RevocationList;
use serde_json::{Map, Value};

use super::{Verdict, to_value};
use crate::error::CliError;

/// Verifies the revocation list in `text`.
pub fn verify(text: &str) -> Result<Verdict, CliError> {
    let list =
        RevocationList::from_json(text).map_err(|error| CliError::Refused(error.to_string()))?;
    list.verify(&StarfireVerifier)
        .map_err(|error| CliError::Refused(error.to_string()))?;

    let revoked: Vec<&str> = list.revoked().map(|id| id.as_str()).collect();
    Ok(Verdict {
        summary: summary(&list, &revoked),
        details: details(&list, &revoked),
        incomplete: None,
    })
}

fn summary(list: &RevocationList, revoked: &[&str]) -> Vec<String> {
    let heading = format!(
        "revocation list of {} as of {} verifies: {} credential(s) revoked",
        list.issuer(),
        list.as_of(),
        revoked.len()
    );
    let ids = revoked.iter().map(|id| format!("  revoked   {id}"));
    std::iter::once(heading).chain(ids).collect()
}

fn details(list: &RevocationList, revoked: &[&str]) -> Map<String, Value> {
    let mut details = Map::new();
    details.insert("issuer".to_owned(), to_value(list.issuer()));
    details.insert("as_of".to_owned(), to_value(&list.as_of()));
    details.insert("revoked".to_owned(), to_value(&revoked));
    details
}
