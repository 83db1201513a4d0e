//! Transaction blobs, their hash and signatures, and the `submitTransaction` request body.
//!
//! The blob is the protobuf encoding of a [`Transaction`]; its hash is SHA-256 of the blob;
//! each signer signs the blob bytes themselves. The node receives
//! `{"items":[{"transaction_blob":hex,"signatures":[{"sign_data":hex,"public_key":hex}]}]}`.

use prost::Message;
use serde::{Deserialize, Serialize};

use isf_core::{Hash32, PublicKey, Signature, Signer};

use super::proto::Transaction;
use crate::address::StarfireAddress;
use crate::error::{BidError, Result};
use crate::verifier::StarfireVerifier;

impl Transaction {
    /// The canonical blob: the protobuf encoding, default-valued fields omitted.
    pub fn to_blob(&self) -> Vec<u8> {
        self.encode_to_vec()
    }

    /// Reads a blob for inspection. Fields this SDK does not model are skipped.
    ///
    /// # Errors
    ///
    /// [`BidError::TxDecode`] when the bytes are not a protobuf `Transaction`.
    pub fn from_blob(blob: &[u8]) -> Result<Transaction> {
        Transaction::decode(blob).map_err(|error| BidError::TxDecode {
            reason: error.to_string(),
        })
    }

    /// Reads a blob and insists that encoding the result gives the same bytes back, so that
    /// nothing in the blob goes unseen (unmodelled operations or fields, non-canonical
    /// encodings). Use this before signing a blob someone else built.
    ///
    /// # Errors
    ///
    /// [`BidError::TxDecode`] when the bytes are not a `Transaction` or carry anything this
    /// SDK would not write itself.
    pub fn from_blob_exact(blob: &[u8]) -> Result<Transaction> {
        let transaction = Transaction::from_blob(blob)?;
        if transaction.to_blob() != blob {
            return Err(BidError::TxDecode {
                reason: "blob holds fields or encodings this sdk does not model".to_owned(),
            });
        }
        Ok(transaction)
    }
}

/// The transaction hash: SHA-256 of the blob, as the node reports it.
pub fn transaction_hash(blob: &[u8]) -> Hash32 {
    Hash32::of(blob)
}

/// One signature over a blob and the key that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSignature {
    /// The signer's StarFire public key.
    pub public_key: PublicKey,
    /// The 64-byte signature over the blob.
    pub sign_data: Signature,
}

/// A blob with its signatures, ready to submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedTransaction {
    blob: Vec<u8>,
    signatures: Vec<TxSignature>,
}

impl SignedTransaction {
    /// Checks the transaction ([`Transaction::validate`]), encodes it and signs the blob with
    /// every signer in turn.
    ///
    /// # Errors
    ///
    /// [`BidError::InvalidTransaction`] for an invalid transaction or no signer, and any
    /// error of a signer.
    pub fn sign(transaction: &Transaction, signers: &[&dyn Signer]) -> Result<SignedTransaction> {
        transaction.validate()?;
        if signers.is_empty() {
            return Err(BidError::InvalidTransaction {
                field: "signatures",
                reason: "at least one signer is needed".to_owned(),
            });
        }

        let blob = transaction.to_blob();
        let signatures = signers
            .iter()
            .map(|signer| {
                Ok(TxSignature {
                    public_key: signer.public_key(),
                    sign_data: signer.sign(&blob)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SignedTransaction { blob, signatures })
    }

    /// Puts together a blob and signatures made elsewhere. Nothing is checked here; see
    /// [`SignedTransaction::verify`].
    pub fn from_parts(blob: Vec<u8>, signatures: Vec<TxSignature>) -> SignedTransaction {
        SignedTransaction { blob, signatures }
    }

    /// The blob that was signed.
    pub fn blob(&self) -> &[u8] {
        &self.blob
    }

    /// The signatures, in signing order.
    pub fn signatures(&self) -> &[TxSignature] {
        &self.signatures
    }

    /// The transaction hash, SHA-256 of the blob.
    pub fn hash(&self) -> Hash32 {
        transaction_hash(&self.blob)
    }

    /// The transaction inside the blob.
    ///
    /// # Errors
    ///
    /// [`BidError::TxDecode`] when the blob does not decode.
    pub fn transaction(&self) -> Result<Transaction> {
        Transaction::from_blob(&self.blob)
    }

    /// Checks that every signature verifies over the blob and that one of the keys owns the
    /// transaction's source address. Whether the keys carry enough weight is the chain's
    /// business.
    ///
    /// # Errors
    ///
    /// [`BidError::BadSignature`] for a signature that fails, [`BidError::KeyMismatch`] when no
    /// key owns the source address, [`BidError::TxDecode`] for a blob that does not decode.
    pub fn verify(&self, verifier: &StarfireVerifier) -> Result<()> {
        for signature in &self.signatures {
            verifier.verify_signature(&signature.public_key, &self.blob, &signature.sign_data)?;
        }

        let source = self.transaction()?.source_address;
        let address = StarfireAddress::parse(&source)?;
        let owned = self
            .signatures
            .iter()
            .any(|signature| address.is_derived_from(&signature.public_key));
        if !owned {
            return Err(BidError::KeyMismatch {
                bid: source,
                public_key: self
                    .signatures
                    .first()
                    .map(|signature| signature.public_key.to_string())
                    .unwrap_or_default(),
            });
        }
        Ok(())
    }

    /// This transaction as one item of a `submitTransaction` request.
    pub fn to_submit_item(&self) -> SubmitItem {
        SubmitItem {
            transaction_blob: hex::encode(&self.blob),
            signatures: self
                .signatures
                .iter()
                .map(|signature| SubmitSignature {
                    sign_data: signature.sign_data.to_string(),
                    public_key: signature.public_key.to_string(),
                })
                .collect(),
        }
    }
}

/// The body of `POST /submitTransaction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitRequest {
    /// The transactions, each with its signatures.
    pub items: Vec<SubmitItem>,
}

/// One transaction in a [`SubmitRequest`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitItem {
    /// The blob, lower-case hex.
    pub transaction_blob: String,
    /// Its signatures.
    pub signatures: Vec<SubmitSignature>,
}

/// One signature in a [`SubmitItem`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitSignature {
    /// The signature, lower-case hex.
    pub sign_data: String,
    /// The StarFire public key, lower-case hex.
    pub public_key: String,
}

impl SubmitRequest {
    /// A request submitting `transactions` in order.
    pub fn new(transactions: &[SignedTransaction]) -> SubmitRequest {
        SubmitRequest {
            items: transactions
                .iter()
                .map(SignedTransaction::to_submit_item)
                .collect(),
        }
    }

    /// The request body as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "items": self.items }).to_string()
    }
}
