//! Signing and verifying the `proof` of a BID document under either convention.
//!
//! - [`ProofConvention::Rfc`] (StarFire RFC-004/005): the document without `proof`, object
//!   keys sorted at every depth, compact UTF-8; the signature in StarFire Base58.
//! - [`ProofConvention::BidSdk`] (the Java BID-SDK): the document without `proof` in the
//!   SDK's field order with `@context` last, compact UTF-8; the signature in upper-case hex.
//!
//! A verifier tells them apart by the signature's text: 128 hex digits are the BID-SDK form,
//! anything else must be Base58. The two cannot be confused, since Base58 of 64 bytes is at
//! most 88 characters long.
//!
//! Keys are sorted here by their UTF-8 bytes, while the RFC says UTF-16 code units; the two
//! orders differ only for keys with characters beyond U+FFFF, and every key of a document
//! is one of the ASCII field names (unknown fields are refused).

use serde_json::Value;

use isf_core::canonical::to_canonical_json;
use isf_core::signature::Verifier;
use isf_core::{CoreError, Signature, Signer};

use crate::base58;
use crate::document::BidDocument;
use crate::document::error::DocumentError;
use crate::document::java::java_bytes;
use crate::document::model::{Proof, PublicKeyEntry};
use crate::error::excerpt;

/// The two ways BID documents are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProofConvention {
    /// Sorted-key compact JSON, StarFire Base58 signature (RFC-004, RFC-005).
    Rfc,
    /// Java field order with `@context` last, upper-case hex signature (BID-SDK-JAVA).
    BidSdk,
}

impl ProofConvention {
    /// The convention whose encoding `signature_value` uses, with the decoded signature.
    /// Hex is accepted in either case.
    pub fn decode(signature_value: &str) -> Option<(ProofConvention, Signature)> {
        let is_hex = signature_value.len() == 128
            && signature_value.bytes().all(|byte| byte.is_ascii_hexdigit());
        if is_hex {
            let signature = Signature::from_hex(signature_value).ok()?;
            return Some((ProofConvention::BidSdk, signature));
        }

        let bytes = base58::decode(signature_value).ok()?;
        let array: [u8; 64] = bytes.try_into().ok()?;
        Some((ProofConvention::Rfc, Signature(array)))
    }

    /// `signature` written the way this convention writes it.
    pub fn encode(self, signature: &Signature) -> String {
        match self {
            ProofConvention::Rfc => base58::encode(&signature.0),
            ProofConvention::BidSdk => hex::encode_upper(signature.0),
        }
    }
}

/// The RFC signing bytes of any JSON object: without its top-level `proof`, keys sorted,
/// compact. Works for documents and for RFC-004 credentials alike.
///
/// # Errors
///
/// [`CoreError::Encoding`] when the value holds a floating-point number.
pub fn rfc_signing_bytes(value: &Value) -> Result<Vec<u8>, CoreError> {
    match value {
        Value::Object(fields) => {
            let mut unsigned = fields.clone();
            unsigned.remove("proof");
            to_canonical_json(&unsigned)
        }
        other => to_canonical_json(other),
    }
}

impl BidDocument {
    /// The exact bytes a proof under `convention` signs.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Encoding`] if the document cannot be encoded.
    pub fn signing_bytes(&self, convention: ProofConvention) -> Result<Vec<u8>, DocumentError> {
        let encoding = |source| DocumentError::Encoding {
            bid: self.id.clone(),
            source,
        };
        let reason = |error: serde_json::Error| CoreError::Encoding {
            reason: error.to_string(),
        };

        match convention {
            ProofConvention::Rfc => {
                let value = serde_json::to_value(self).map_err(|error| encoding(reason(error)))?;
                rfc_signing_bytes(&value).map_err(encoding)
            }
            ProofConvention::BidSdk => java_bytes(self).map_err(|error| encoding(reason(error))),
        }
    }

    /// Signs the document with the key listed under `key_id` and sets `proof`, replacing any
    /// earlier proof. Set `updated` before signing: the proof covers it.
    ///
    /// # Errors
    ///
    /// [`DocumentError::KeyNotFound`] when the document lists no such key,
    /// [`DocumentError::SignerMismatch`] when `signer` is not that key's controller or holds
    /// another key, and the signer's own failure.
    pub fn sign(
        &mut self,
        signer: &dyn Signer,
        key_id: &str,
        convention: ProofConvention,
    ) -> Result<(), DocumentError> {
        let entry = self.find_key(key_id)?;
        let expected = entry.public_key()?;
        let found = signer.public_key();
        if entry.controller != *signer.bid() || expected != found {
            return Err(DocumentError::SignerMismatch {
                bid: self.id.clone(),
                key_id: key_id.to_owned(),
                signer: signer.bid().clone(),
                expected: format!("{expected} controlled by {}", entry.controller),
                found: found.to_string(),
            });
        }

        let message = self.signing_bytes(convention)?;
        let signature = signer
            .sign(&message)
            .map_err(|source| DocumentError::Signing {
                bid: self.id.clone(),
                source,
            })?;
        self.proof = Some(Proof {
            creator: key_id.to_owned(),
            signature_value: convention.encode(&signature),
        });
        Ok(())
    }

    /// Verifies `proof` with the key the document itself lists under `proof.creator`, and
    /// that the key belongs to the controller that entry names. Returns the convention the
    /// proof was made under.
    ///
    /// This says the document is intact and signed by one of its own keys; whether that key
    /// may speak for the document is the registry's rule (see
    /// [`MemoryBidRegistry`](crate::resolver::MemoryBidRegistry)).
    ///
    /// # Errors
    ///
    /// [`DocumentError`] naming the missing proof or key, the undecodable signature, or the
    /// verifier's refusal.
    pub fn verify_proof(&self, verifier: &dyn Verifier) -> Result<ProofConvention, DocumentError> {
        let proof = self.proof()?;
        let entry = self.find_key(&proof.creator)?;
        self.verify_proof_with_key(entry, verifier)
    }

    /// Verifies `proof` with `key`, which may come from elsewhere (the current registered
    /// version of the document, or the document of another BID): the proof's `creator`
    /// must be `key.id`, the signature must verify under the key and the key must belong to
    /// `key.controller`.
    ///
    /// # Errors
    ///
    /// As [`BidDocument::verify_proof`].
    pub fn verify_proof_with_key(
        &self,
        key: &PublicKeyEntry,
        verifier: &dyn Verifier,
    ) -> Result<ProofConvention, DocumentError> {
        let proof = self.proof()?;
        if proof.creator != key.id {
            return Err(DocumentError::WrongCreator {
                bid: self.id.clone(),
                creator: proof.creator.clone(),
                key_id: key.id.clone(),
            });
        }
        let public_key = key.public_key()?;
        let (convention, signature) =
            ProofConvention::decode(&proof.signature_value).ok_or_else(|| {
                DocumentError::SignatureValue {
                    bid: self.id.clone(),
                    value: excerpt(&proof.signature_value),
                }
            })?;

        let message = self.signing_bytes(convention)?;
        verifier
            .verify(&key.controller, &public_key, &message, &signature)
            .map_err(|source| DocumentError::BadProof {
                bid: self.id.clone(),
                creator: proof.creator.clone(),
                source,
            })?;
        Ok(convention)
    }

    fn proof(&self) -> Result<&Proof, DocumentError> {
        self.proof
            .as_ref()
            .ok_or_else(|| DocumentError::MissingProof {
                bid: self.id.clone(),
            })
    }

    fn find_key(&self, key_id: &str) -> Result<&PublicKeyEntry, DocumentError> {
        self.public_key_entry(key_id)
            .ok_or_else(|| DocumentError::KeyNotFound {
                bid: self.id.clone(),
                key_id: key_id.to_owned(),
            })
    }
}
