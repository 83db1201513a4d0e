//! The credentials a scenario's operator issues so that its parties can be admitted.

use isf_bid::KeyPair;
use isf_bid::credential::{Credential, CredentialId, CredentialTerms};
use isf_bid::realname::{LegalIdentity, Uscc};
use isf_core::{Bid, BizDate};

use super::error::ScenarioError;
use super::format::PartySpec;

/// One credential per role of `party`, signed by the operator, after checking the party's
/// unified social credit code.
pub(super) fn credentials_for(
    operator: &KeyPair,
    party: &PartySpec,
    prefix: &str,
    subject: Bid,
    (issued_on, expires_on): (BizDate, BizDate),
) -> Result<Vec<Credential>, ScenarioError> {
    let bad = |what: String| ScenarioError::Malformed(format!("party {}: {what}", party.id));
    let uscc = party
        .uscc
        .as_deref()
        .ok_or_else(|| bad("a unified social credit code (uscc) is required".to_owned()))?;
    let uscc = Uscc::parse(uscc).map_err(|error| bad(error.to_string()))?;
    let identity =
        LegalIdentity::enterprise(&party.name, uscc).map_err(|error| bad(error.to_string()))?;

    let mut credentials = Vec::with_capacity(party.roles.len());
    for role in &party.roles {
        let id = format!("{prefix}-{}-{}", party.id, role_code(*role));
        let terms = CredentialTerms {
            id: CredentialId::parse(&id).map_err(|error| bad(error.to_string()))?,
            subject: subject.clone(),
            role: *role,
            issued_on,
            expires_on,
        };
        let credential = Credential::issue(operator, &identity, terms)
            .map_err(|error| bad(error.to_string()))?;
        credentials.push(credential);
    }
    Ok(credentials)
}

fn role_code(role: isf_bid::credential::PartyRole) -> &'static str {
    use isf_bid::credential::PartyRole;
    match role {
        PartyRole::CoreEnterprise => "core",
        PartyRole::Supplier => "supplier",
        PartyRole::Funder => "funder",
        PartyRole::Warehouse => "warehouse",
        PartyRole::Platform => "platform",
    }
}
