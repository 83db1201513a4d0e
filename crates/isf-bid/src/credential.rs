//! Identity credentials (身份凭证): a platform BID vouches, with its signature, that a subject
//! BID belongs to a verified legal identity acting in a named role.
//!
//! The credential carries the legal name and the *masked* identity number only, so it can be
//! shown and stored freely. The issuer signs [`CREDENTIAL_DOMAIN`] followed by the canonical
//! JSON of the claims. Anyone holding the credential verifies it offline with
//! [`Credential::verify`]: the signature, the issuer key's binding to the issuer BID, the
//! validity dates against a date the caller passes in, and the issuer's revocation lists.

mod error;
mod revocation;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use isf_core::canonical::to_canonical_json;
use isf_core::signature::Verifier;
use isf_core::{Bid, BizDate, PublicKey, Signature, Signer};

use crate::realname::{IdNumberKind, LegalIdentity};

pub use error::CredentialError;
pub use revocation::{REVOCATION_DOMAIN, RevocationList};

/// Domain-separation tag of credential signatures.
pub const CREDENTIAL_DOMAIN: &[u8] = b"ISF-SDK/credential/v1\0";

/// The id of a credential: 1 to 128 characters of `A-Z a-z 0-9 - _ . : / #`, unique per
/// issuer.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CredentialId(Box<str>);

impl CredentialId {
    /// Checks the form.
    ///
    /// # Errors
    ///
    /// [`CredentialError::InvalidId`] for an empty, overlong or oddly spelled id.
    pub fn parse(text: &str) -> Result<CredentialId, CredentialError> {
        let bad = |reason| CredentialError::InvalidId {
            input: crate::error::excerpt(text),
            reason,
        };
        if text.is_empty() || text.len() > 128 {
            return Err(bad("must be 1 to 128 characters"));
        }
        let allowed = |byte: u8| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b':' | b'/' | b'#')
        };
        if !text.bytes().all(allowed) {
            return Err(bad("only letters, digits and - _ . : / # are allowed"));
        }
        Ok(CredentialId(Box::from(text)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CredentialId({})", self.0)
    }
}

impl Serialize for CredentialId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CredentialId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CredentialId::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The part a party plays on the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The core enterprise (核心企业) whose payment promises back the vouchers.
    CoreEnterprise,
    /// A supplier (供应商) that receives, splits and transfers vouchers.
    Supplier,
    /// A funder (资金方): bank, factoring company.
    Funder,
    /// A warehouse operator (仓储方).
    Warehouse,
    /// The platform operator (平台方).
    Platform,
}

impl PartyRole {
    /// A short name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            PartyRole::CoreEnterprise => "core enterprise",
            PartyRole::Supplier => "supplier",
            PartyRole::Funder => "funder",
            PartyRole::Warehouse => "warehouse",
            PartyRole::Platform => "platform",
        }
    }
}

/// What the issuer vouches for; these are the signed fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialClaims {
    /// The credential's id, unique per issuer.
    pub id: CredentialId,
    /// The platform BID that vouches.
    pub issuer: Bid,
    /// The BID the identity is bound to.
    pub subject: Bid,
    /// The verified legal name.
    pub legal_name: String,
    /// Which kind of number `id_masked` is.
    pub id_kind: IdNumberKind,
    /// The identity number, masked.
    pub id_masked: String,
    /// The subject's role.
    pub role: PartyRole,
    /// First day of validity.
    pub issued_on: BizDate,
    /// First day on which the credential is no longer valid.
    pub expires_on: BizDate,
}

/// What an issuer supplies besides the identity when issuing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialTerms {
    /// The new credential's id.
    pub id: CredentialId,
    /// The BID the identity is bound to.
    pub subject: Bid,
    /// The subject's role.
    pub role: PartyRole,
    /// First day of validity.
    pub issued_on: BizDate,
    /// First day on which the credential is no longer valid.
    pub expires_on: BizDate,
}

/// A signed identity credential. Reading one does not check it: use [`Credential::verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    claims: CredentialClaims,
    issuer_key: PublicKey,
    signature: Signature,
}

impl Credential {
    /// Issues a credential binding `terms.subject` to `identity`, signed by `issuer`.
    ///
    /// # Errors
    ///
    /// [`CredentialError::InvalidValidity`] unless `expires_on` is after `issued_on`;
    /// [`CredentialError::Signing`] when the signer fails.
    pub fn issue(
        issuer: &dyn Signer,
        identity: &LegalIdentity,
        terms: CredentialTerms,
    ) -> Result<Credential, CredentialError> {
        let claims = CredentialClaims {
            id: terms.id,
            issuer: issuer.bid().clone(),
            subject: terms.subject,
            legal_name: identity.name().to_owned(),
            id_kind: identity.kind(),
            id_masked: identity.masked_number(),
            role: terms.role,
            issued_on: terms.issued_on,
            expires_on: terms.expires_on,
        };
        check_validity(&claims)?;

        let signature = issuer
            .sign(&signing_bytes(&claims)?)
            .map_err(|source| CredentialError::Signing { source })?;
        Ok(Credential {
            claims,
            issuer_key: issuer.public_key(),
            signature,
        })
    }

    /// Checks the credential offline as of `today`: the signature, that the key is the
    /// issuer's, the validity period (`issued_on <= today < expires_on`), and that none of
    /// the issuer's `revocations` names it. Lists by other issuers are ignored; a list that
    /// claims the issuer but does not verify is an error, not silently skipped.
    ///
    /// # Errors
    ///
    /// The first [`CredentialError`] met, in the order above.
    pub fn verify(
        &self,
        verifier: &dyn Verifier,
        today: BizDate,
        revocations: &[RevocationList],
    ) -> Result<VerifiedCredential, CredentialError> {
        let claims = &self.claims;
        let message = signing_bytes(claims)?;
        verifier
            .verify(&claims.issuer, &self.issuer_key, &message, &self.signature)
            .map_err(|source| CredentialError::BadSignature {
                id: claims.id.to_string(),
                issuer: claims.issuer.clone(),
                source,
            })?;

        check_validity(claims)?;
        if today < claims.issued_on {
            return Err(CredentialError::NotYetValid {
                id: claims.id.to_string(),
                issued_on: claims.issued_on,
                today,
            });
        }
        if today >= claims.expires_on {
            return Err(CredentialError::Expired {
                id: claims.id.to_string(),
                expires_on: claims.expires_on,
                today,
            });
        }

        for list in revocations
            .iter()
            .filter(|list| *list.issuer() == claims.issuer)
        {
            list.verify(verifier)?;
            if list.contains(&claims.id) {
                return Err(CredentialError::Revoked {
                    id: claims.id.to_string(),
                    issuer: claims.issuer.clone(),
                    as_of: list.as_of(),
                });
            }
        }
        Ok(VerifiedCredential {
            credential: self.clone(),
            checked_on: today,
        })
    }

    /// The signed claims, unchecked.
    pub fn claims(&self) -> &CredentialClaims {
        &self.claims
    }

    /// The key the issuer signed with.
    pub fn issuer_key(&self) -> &PublicKey {
        &self.issuer_key
    }

    /// The credential as compact JSON.
    ///
    /// # Errors
    ///
    /// [`CredentialError::Json`] if serialisation fails.
    pub fn to_json(&self) -> Result<String, CredentialError> {
        serde_json::to_string(self).map_err(|error| CredentialError::Json {
            reason: error.to_string(),
        })
    }

    /// Reads a credential from JSON without checking it.
    ///
    /// # Errors
    ///
    /// [`CredentialError::Json`] naming the first problem.
    pub fn from_json(text: &str) -> Result<Credential, CredentialError> {
        serde_json::from_str(text).map_err(|error| CredentialError::Json {
            reason: error.to_string(),
        })
    }
}

/// A credential that passed [`Credential::verify`] on a given date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedCredential {
    credential: Credential,
    checked_on: BizDate,
}

impl VerifiedCredential {
    /// The verified claims.
    pub fn claims(&self) -> &CredentialClaims {
        &self.credential.claims
    }

    /// The credential itself.
    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    /// The date it was checked for.
    pub fn checked_on(&self) -> BizDate {
        self.checked_on
    }
}

/// Reads a credential from JSON and verifies it: [`Credential::from_json`] then
/// [`Credential::verify`].
///
/// # Errors
///
/// [`CredentialError`] saying why the credential is not acceptable.
pub fn verify_credential_json(
    json: &str,
    verifier: &dyn Verifier,
    today: BizDate,
    revocations: &[RevocationList],
) -> Result<VerifiedCredential, CredentialError> {
    Credential::from_json(json)?.verify(verifier, today, revocations)
}

fn check_validity(claims: &CredentialClaims) -> Result<(), CredentialError> {
    if claims.expires_on <= claims.issued_on {
        return Err(CredentialError::InvalidValidity {
            id: claims.id.to_string(),
            issued_on: claims.issued_on,
            expires_on: claims.expires_on,
        });
    }
    Ok(())
}

/// [`CREDENTIAL_DOMAIN`] followed by the canonical JSON of `claims`.
fn signing_bytes(claims: &CredentialClaims) -> Result<Vec<u8>, CredentialError> {
    let body = to_canonical_json(claims).map_err(|source| CredentialError::Signing { source })?;
    Ok([CREDENTIAL_DOMAIN, &body].concat())
}
