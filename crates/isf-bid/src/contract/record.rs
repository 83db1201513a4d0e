//! The wire form of a contract ([`ContractRecord`]) and its offline verification
//! ([`verify_contract_json`], [`ContractStatus`]).

use serde::{Deserialize, Serialize};

use isf_core::signature::Verifier;
use isf_core::{Bid, Hash32};

use crate::contract::{Contract, ContractError, ContractSignature, ContractTerms};

/// The wire form of a contract: terms, id and signatures as sent between parties, not yet
/// verified. [`ContractRecord::verify`] turns it into a [`Contract`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractRecord {
    /// The contract id the sender states.
    pub id: Hash32,
    /// The terms.
    pub terms: ContractTerms,
    /// The signatures, in signing order.
    pub signatures: Vec<ContractSignature>,
}

impl ContractRecord {
    /// Re-checks everything as [`Contract::from_json`] does: the terms, that the id is the hash
    /// of the terms, and every signature in order.
    ///
    /// # Errors
    ///
    /// The first [`ContractError`] met.
    pub fn verify(&self, verifier: &dyn Verifier) -> Result<Contract, ContractError> {
        let mut contract = Contract::new(self.terms.clone())?;
        if contract.id != self.id {
            return Err(ContractError::IdMismatch {
                stated: self.id,
                computed: contract.id,
            });
        }
        for signed in &self.signatures {
            contract.add_signature(
                signed.signer.clone(),
                signed.public_key.clone(),
                signed.signature.clone(),
                verifier,
            )?;
        }
        Ok(contract)
    }
}

impl Contract {
    /// The wire form of this contract.
    pub fn to_record(&self) -> ContractRecord {
        ContractRecord {
            id: self.id,
            terms: self.terms.clone(),
            signatures: self.signatures.clone(),
        }
    }
}

/// A contract read and checked by [`verify_contract_json`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractStatus {
    /// The contract, with every signature verified.
    pub contract: Contract,
    /// Who has not signed yet, in list order.
    pub missing: Vec<Bid>,
}

impl ContractStatus {
    /// Whether everyone has signed.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Reads a contract from JSON and verifies it offline: the id, every signature, and the
/// order of a sequential contract. An incomplete contract is not an error; the status says
/// who is missing.
///
/// # Errors
///
/// The first [`ContractError`] met.
pub fn verify_contract_json(
    json: &str,
    verifier: &dyn Verifier,
) -> Result<ContractStatus, ContractError> {
    let contract = Contract::from_json(json, verifier)?;
    let missing = contract.missing_signers().into_iter().cloned().collect();
    Ok(ContractStatus { contract, missing })
}
