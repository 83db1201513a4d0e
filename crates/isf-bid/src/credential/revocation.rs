//! [`RevocationList`]: the credential ids an issuer has withdrawn, signed by the issuer.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use isf_core::canonical::to_canonical_json;
use isf_core::signature::Verifier;
use isf_core::{Bid, BizDate, PublicKey, Signature, Signer};

use crate::credential::CredentialId;
use crate::credential::error::CredentialError;

/// Domain-separation tag of revocation-list signatures.
pub const REVOCATION_DOMAIN: &[u8] = b"ISF-SDK/revocation/v1\0";

/// The signed part of a revocation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokedSet {
    issuer: Bid,
    as_of: BizDate,
    revoked: BTreeSet<CredentialId>,
}

/// The credentials an issuer has revoked as of a date, signed by that issuer.
///
/// A list only ever speaks for its own issuer: a verifier ignores lists of other issuers, so
/// nobody can revoke credentials they did not issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationList {
    list: RevokedSet,
    issuer_key: PublicKey,
    signature: Signature,
}

impl RevocationList {
    /// Signs the list of `revoked` ids as `issuer`, current as of `as_of`.
    ///
    /// # Errors
    ///
    /// [`CredentialError::Signing`] when encoding or the signer fails.
    pub fn sign(
        issuer: &dyn Signer,
        as_of: BizDate,
        revoked: impl IntoIterator<Item = CredentialId>,
    ) -> Result<RevocationList, CredentialError> {
        let list = RevokedSet {
            issuer: issuer.bid().clone(),
            as_of,
            revoked: revoked.into_iter().collect(),
        };
        let signature = issuer
            .sign(&signing_bytes(&list)?)
            .map_err(|source| CredentialError::Signing { source })?;
        Ok(RevocationList {
            list,
            issuer_key: issuer.public_key(),
            signature,
        })
    }

    /// Checks the signature and that the key is the issuer's.
    ///
    /// # Errors
    ///
    /// [`CredentialError::BadRevocationList`] when either fails.
    pub fn verify(&self, verifier: &dyn Verifier) -> Result<(), CredentialError> {
        let message = signing_bytes(&self.list)?;
        verifier
            .verify(
                &self.list.issuer,
                &self.issuer_key,
                &message,
                &self.signature,
            )
            .map_err(|source| CredentialError::BadRevocationList {
                issuer: self.list.issuer.clone(),
                as_of: self.list.as_of,
                source,
            })
    }

    /// Whose credentials the list revokes.
    pub fn issuer(&self) -> &Bid {
        &self.list.issuer
    }

    /// The date the list is current as of.
    pub fn as_of(&self) -> BizDate {
        self.list.as_of
    }

    /// Whether `id` is revoked by this list.
    pub fn contains(&self, id: &CredentialId) -> bool {
        self.list.revoked.contains(id)
    }

    /// The revoked ids, in order.
    pub fn revoked(&self) -> impl Iterator<Item = &CredentialId> {
        self.list.revoked.iter()
    }

    /// The list as compact JSON.
    ///
    /// # Errors
    ///
    /// [`CredentialError::Json`] if serialisation fails.
    pub fn to_json(&self) -> Result<String, CredentialError> {
        serde_json::to_string(self).map_err(|error| CredentialError::Json {
            reason: error.to_string(),
        })
    }

    /// Reads a list from JSON. The signature is checked by [`RevocationList::verify`].
    ///
    /// # Errors
    ///
    /// [`CredentialError::Json`] naming the first problem.
    pub fn from_json(text: &str) -> Result<RevocationList, CredentialError> {
        serde_json::from_str(text).map_err(|error| CredentialError::Json {
            reason: error.to_string(),
        })
    }
}

fn signing_bytes(list: &RevokedSet) -> Result<Vec<u8>, CredentialError> {
    let body = to_canonical_json(list).map_err(|source| CredentialError::Signing { source })?;
    Ok([REVOCATION_DOMAIN, &body].concat())
}
