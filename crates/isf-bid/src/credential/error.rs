//! What can be wrong with an identity credential or a revocation list.

use thiserror::Error;

use isf_core::{Bid, BizDate, CoreError};

/// A credential or revocation list could not be issued, read or accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The JSON is not a credential or revocation list (unknown fields are refused).
    #[error("invalid credential json: {reason}")]
    Json {
        /// What serde reported.
        reason: String,
    },
    /// A credential id does not have the accepted form.
    #[error("invalid credential id {input:?}: {reason}")]
    InvalidId {
        /// The text as given (truncated when long).
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The validity period is empty.
    #[error("credential {id}: expiry {expires_on} is not after issuance {issued_on}")]
    InvalidValidity {
        /// The credential.
        id: String,
        /// First day of validity.
        issued_on: BizDate,
        /// First day of expiry.
        expires_on: BizDate,
    },
    /// The signature does not verify, or the key presented is not the issuer's.
    #[error("credential {id}: signature of issuer {issuer} does not verify: {source}")]
    BadSignature {
        /// The credential.
        id: String,
        /// The issuer it claims.
        issuer: Bid,
        /// What the verifier reported.
        source: CoreError,
    },
    /// The credential's validity has not started.
    #[error("credential {id} is not valid before {issued_on} (checked on {today})")]
    NotYetValid {
        /// The credential.
        id: String,
        /// First day of validity.
        issued_on: BizDate,
        /// The date checked.
        today: BizDate,
    },
    /// The credential has expired.
    #[error("credential {id} expired on {expires_on} (checked on {today})")]
    Expired {
        /// The credential.
        id: String,
        /// First day on which it is no longer valid.
        expires_on: BizDate,
        /// The date checked.
        today: BizDate,
    },
    /// The issuer revoked the credential.
    #[error("credential {id} was revoked by {issuer} (revocation list of {as_of})")]
    Revoked {
        /// The credential.
        id: String,
        /// The issuer.
        issuer: Bid,
        /// Date of the revocation list that names it.
        as_of: BizDate,
    },
    /// A revocation list claiming to be the issuer's does not verify.
    #[error("revocation list of {issuer} dated {as_of} does not verify: {source}")]
    BadRevocationList {
        /// The issuer it claims.
        issuer: Bid,
        /// Its date.
        as_of: BizDate,
        /// What the verifier reported.
        source: CoreError,
    },
    /// Encoding for signing, or the signer, failed.
    #[error("cannot sign or encode credential data: {source}")]
    Signing {
        /// What failed.
        source: CoreError,
    },
}
