//! Contract signing on chain (链上签): several BIDs sign one contract document, identified by
//! its hash, in a fixed order or in any order.
//!
//! Each signer signs [`CONTRACT_DOMAIN`] followed by the canonical JSON of the contract id,
//! the document hash, the title, the metadata, the signer list and the order mode — so a
//! signature is bound to exactly this contract, and changing any term (even swapping two
//! signers) invalidates every signature. A [`Contract`] value only ever holds signatures
//! that verified and respect the order: they are checked on [`Contract::add_signature`] and
//! again when a contract is read back with [`Contract::from_json`].

mod error;
mod payment_commitment;
mod record;
mod terms;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use isf_core::canonical::to_canonical_json;
use isf_core::signature::Verifier;
use isf_core::{Bid, Hash32, PublicKey, Signature, Signer};

pub use error::ContractError;
pub use payment_commitment::{PAYMENT_COMMITMENT_KIND, PaymentCommitment};
pub use record::{ContractRecord, ContractStatus, verify_contract_json};
pub use terms::{CONTRACT_ID_DOMAIN, ContractTerms, MAX_TITLE_CHARS, SigningOrder};

use terms::{check_terms, contract_id};

/// Domain-separation tag of contract signatures.
pub const CONTRACT_DOMAIN: &[u8] = b"ISF-SDK/contract/v1\0";

/// One signer's signature on a contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractSignature {
    /// Who signed.
    pub signer: Bid,
    /// The key signed with; its BID must be `signer`.
    pub public_key: PublicKey,
    /// The signature over [`Contract::signing_bytes`].
    pub signature: Signature,
}

/// A contract and the signatures collected so far, in signing order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    id: Hash32,
    terms: ContractTerms,
    signatures: Vec<ContractSignature>,
}

#[derive(Serialize)]
struct SignedPart<'a> {
    contract_id: &'a Hash32,
    document_hash: &'a Hash32,
    title: &'a str,
    metadata: &'a BTreeMap<String, String>,
    signers: &'a [Bid],
    order: SigningOrder,
}

impl Contract {
    /// An unsigned contract.
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidTerms`] for a blank or overlong title, a blank metadata key,
    /// no signers, or a signer listed twice.
    pub fn new(terms: ContractTerms) -> Result<Contract, ContractError> {
        check_terms(&terms)?;
        let id = contract_id(&terms)?;
        Ok(Contract {
            id,
            terms,
            signatures: Vec::new(),
        })
    }

    /// The contract id: SHA-256 of [`CONTRACT_ID_DOMAIN`] and the canonical JSON of the terms.
    pub fn id(&self) -> Hash32 {
        self.id
    }

    /// The terms.
    pub fn terms(&self) -> &ContractTerms {
        &self.terms
    }

    /// The signatures so far, in the order they were added.
    pub fn signatures(&self) -> &[ContractSignature] {
        &self.signatures
    }

    /// The exact bytes every signer signs.
    ///
    /// # Errors
    ///
    /// [`ContractError::Signing`] if encoding fails.
    pub fn signing_bytes(&self) -> Result<Vec<u8>, ContractError> {
        let part = SignedPart {
            contract_id: &self.id,
            document_hash: &self.terms.document_hash,
            title: &self.terms.title,
            metadata: &self.terms.metadata,
            signers: &self.terms.signers,
            order: self.terms.order,
        };
        let body = to_canonical_json(&part).map_err(|source| ContractError::Signing { source })?;
        Ok([CONTRACT_DOMAIN, &body].concat())
    }

    /// Signs as `signer` and adds the signature, under the rules of
    /// [`Contract::add_signature`].
    ///
    /// # Errors
    ///
    /// As [`Contract::add_signature`], plus the signer's own failure.
    pub fn sign(
        &mut self,
        signer: &dyn Signer,
        verifier: &dyn Verifier,
    ) -> Result<(), ContractError> {
        self.check_turn(signer.bid())?;
        let signature = signer
            .sign(&self.signing_bytes()?)
            .map_err(|source| ContractError::Signing { source })?;
        self.add_signature(
            signer.bid().clone(),
            signer.public_key(),
            signature,
            verifier,
        )
    }

    /// Adds `signer`'s signature after checking that the signer is listed, has not signed,
    /// is next in a sequential contract, and that the signature verifies over this
    /// contract's bytes with a key belonging to the signer. A refused signature leaves the
    /// contract unchanged.
    ///
    /// # Errors
    ///
    /// [`ContractError::NotASigner`], [`ContractError::AlreadySigned`],
    /// [`ContractError::OutOfOrder`] or [`ContractError::BadSignature`].
    pub fn add_signature(
        &mut self,
        signer: Bid,
        public_key: PublicKey,
        signature: Signature,
        verifier: &dyn Verifier,
    ) -> Result<(), ContractError> {
        self.check_turn(&signer)?;

        let message = self.signing_bytes()?;
        verifier
            .verify(&signer, &public_key, &message, &signature)
            .map_err(|source| ContractError::BadSignature {
                contract: self.id,
                signer: signer.clone(),
                source,
            })?;

        self.signatures.push(ContractSignature {
            signer,
            public_key,
            signature,
        });
        Ok(())
    }

    fn check_turn(&self, signer: &Bid) -> Result<(), ContractError> {
        if !self.terms.signers.contains(signer) {
            return Err(ContractError::NotASigner {
                contract: self.id,
                signer: signer.clone(),
            });
        }
        if self.has_signed(signer) {
            return Err(ContractError::AlreadySigned {
                contract: self.id,
                signer: signer.clone(),
            });
        }
        if self.terms.order == SigningOrder::Sequential {
            if let Some(expected) = self.next_signer().filter(|next| *next != signer) {
                return Err(ContractError::OutOfOrder {
                    contract: self.id,
                    signer: signer.clone(),
                    expected: expected.clone(),
                });
            }
        }
        Ok(())
    }

    fn has_signed(&self, signer: &Bid) -> bool {
        self.signatures
            .iter()
            .any(|signed| signed.signer == *signer)
    }

    /// Who has not signed yet, in list order.
    pub fn missing_signers(&self) -> Vec<&Bid> {
        self.terms
            .signers
            .iter()
            .filter(|signer| !self.has_signed(signer))
            .collect()
    }

    /// The first signer in list order who has not signed: in a sequential contract, the only
    /// one who may sign now.
    pub fn next_signer(&self) -> Option<&Bid> {
        self.terms
            .signers
            .iter()
            .find(|signer| !self.has_signed(signer))
    }

    /// Whether every listed signer has signed.
    pub fn is_complete(&self) -> bool {
        self.next_signer().is_none()
    }

    /// Fails with [`ContractError::Incomplete`] unless every signer has signed.
    ///
    /// # Errors
    ///
    /// [`ContractError::Incomplete`] listing who is missing.
    pub fn require_complete(&self) -> Result<(), ContractError> {
        if self.is_complete() {
            return Ok(());
        }
        Err(ContractError::Incomplete {
            contract: self.id,
            missing: self.missing_signers().into_iter().cloned().collect(),
        })
    }

    /// The contract and its signatures as compact JSON.
    ///
    /// # Errors
    ///
    /// [`ContractError::Json`] if serialisation fails.
    pub fn to_json(&self) -> Result<String, ContractError> {
        serde_json::to_string(&self.to_record()).map_err(|error| ContractError::Json {
            reason: error.to_string(),
        })
    }

    /// Reads a contract from JSON and re-checks everything: the terms, that the id is the
    /// hash of the terms, and every signature in the stored order as
    /// [`Contract::add_signature`] would.
    ///
    /// # Errors
    ///
    /// The first [`ContractError`] met.
    pub fn from_json(text: &str, verifier: &dyn Verifier) -> Result<Contract, ContractError> {
        let record: ContractRecord =
            serde_json::from_str(text).map_err(|error| ContractError::Json {
                reason: error.to_string(),
            })?;
        record.verify(verifier)
    }
}
