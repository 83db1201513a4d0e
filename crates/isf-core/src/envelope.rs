//! The two envelopes every state change travels in.
//!
//! A [`SignedCommand`] is what an actor asks for: the actor's BID, a request number, the
//! payload, and the actor's signature over [`COMMAND_DOMAIN`] followed by the canonical JSON
//! of those three. A [`ChainedEvent`] is what the platform recorded: a body (typically the
//! accepted command and the events it produced) linked by hash to the entry before it, so that
//! removing, reordering or editing any entry breaks every hash after it.

use serde::{Deserialize, Serialize};

use crate::canonical::to_canonical_json;
use crate::error::{CoreError, Result};
use crate::hash::Hash32;
use crate::id::{Bid, RequestNo};
use crate::signature::{PublicKey, Signature, Signer, Verifier};

/// Domain-separation tag of command signatures. A signature made for a StarFire transaction
/// or any other purpose can never be replayed as an ISF command, and vice versa.
pub const COMMAND_DOMAIN: &[u8] = b"ISF-SDK/command/v1\0";

/// Domain-separation tag of journal entry hashes.
pub const EVENT_DOMAIN: &[u8] = b"ISF-SDK/event/v1\0";

/// A command signed by its actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCommand<P> {
    /// Who asks.
    pub actor: Bid,
    /// The idempotency key chosen by the caller.
    pub request_no: RequestNo,
    /// What is asked.
    pub payload: P,
    /// The actor's public key, whose BID must be `actor`.
    pub public_key: PublicKey,
    /// The actor's signature over [`SignedCommand::signing_bytes`].
    pub signature: Signature,
}

#[derive(Serialize)]
struct SignedPart<'a, P> {
    actor: &'a Bid,
    request_no: &'a RequestNo,
    payload: &'a P,
}

impl<P: Serialize> SignedCommand<P> {
    /// Signs `payload` as `signer` under `request_no`.
    pub fn sign(signer: &dyn Signer, request_no: RequestNo, payload: P) -> Result<Self> {
        let actor = signer.bid().clone();
        let message = Self::signing_bytes(&actor, &request_no, &payload)?;
        let signature = signer.sign(&message)?;
        Ok(SignedCommand {
            actor,
            request_no,
            payload,
            public_key: signer.public_key(),
            signature,
        })
    }

    /// The exact bytes an actor signs: the domain tag, then the canonical JSON of
    /// `{"actor", "payload", "request_no"}`.
    pub fn signing_bytes(actor: &Bid, request_no: &RequestNo, payload: &P) -> Result<Vec<u8>> {
        let body = to_canonical_json(&SignedPart {
            actor,
            request_no,
            payload,
        })?;
        let mut message = Vec::with_capacity(COMMAND_DOMAIN.len() + body.len());
        message.extend_from_slice(COMMAND_DOMAIN);
        message.extend_from_slice(&body);
        Ok(message)
    }

    /// Checks the signature and that the public key belongs to the actor.
    pub fn verify(&self, verifier: &dyn Verifier) -> Result<()> {
        let message = Self::signing_bytes(&self.actor, &self.request_no, &self.payload)?;
        verifier.verify(&self.actor, &self.public_key, &message, &self.signature)
    }

    /// A digest of what was asked (actor, request number, payload), independent of the
    /// signature bytes. Two submissions with the same request number are the same request
    /// exactly when their digests are equal.
    pub fn payload_digest(&self) -> Result<Hash32> {
        let message = Self::signing_bytes(&self.actor, &self.request_no, &self.payload)?;
        Ok(Hash32::of(&message))
    }
}

/// One entry of a hash-chained journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainedEvent<B> {
    /// Position in the chain, from 1.
    pub seq: u64,
    /// Hash of the previous entry, [`Hash32::ZERO`] for the first.
    pub prev_hash: Hash32,
    /// What was recorded.
    pub body: B,
    /// [`ChainedEvent::compute_hash`] of this entry.
    pub hash: Hash32,
}

impl<B: Serialize> ChainedEvent<B> {
    /// Links `body` after an entry with sequence `prev_seq` and hash `prev_hash`.
    pub fn link(prev_seq: u64, prev_hash: Hash32, body: B) -> Result<Self> {
        let seq = prev_seq.checked_add(1).ok_or(CoreError::BrokenChain {
            seq: prev_seq,
            reason: "sequence exhausted",
        })?;
        let hash = Self::compute_hash(seq, &prev_hash, &body)?;
        Ok(ChainedEvent {
            seq,
            prev_hash,
            body,
            hash,
        })
    }

    /// SHA-256 of the domain tag, the big-endian sequence, the previous hash and the
    /// canonical JSON of the body.
    pub fn compute_hash(seq: u64, prev_hash: &Hash32, body: &B) -> Result<Hash32> {
        let canonical = to_canonical_json(body)?;
        Ok(Hash32::of_parts(&[
            EVENT_DOMAIN,
            &seq.to_be_bytes(),
            prev_hash.as_bytes(),
            &canonical,
        ]))
    }

    /// Checks that this entry's hash matches its content.
    pub fn verify_hash(&self) -> Result<()> {
        if Self::compute_hash(self.seq, &self.prev_hash, &self.body)? != self.hash {
            return Err(CoreError::BrokenChain {
                seq: self.seq,
                reason: "hash does not match the content",
            });
        }
        Ok(())
    }
}

/// Checks a whole chain from its first entry: sequence numbers count up from 1, each entry
/// links to the hash of the one before, and every hash matches its content.
pub fn verify_chain<B: Serialize>(entries: &[ChainedEvent<B>]) -> Result<()> {
    let mut expected_prev = Hash32::ZERO;
    for (index, entry) in entries.iter().enumerate() {
        let expected_seq = index as u64 + 1;
        if entry.seq != expected_seq {
            return Err(CoreError::BrokenChain {
                seq: entry.seq,
                reason: "sequence number out of order",
            });
        }
        if entry.prev_hash != expected_prev {
            return Err(CoreError::BrokenChain {
                seq: entry.seq,
                reason: "does not link to the previous entry",
            });
        }
        entry.verify_hash()?;
        expected_prev = entry.hash;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_detects_edits_and_reorders() {
        let first = ChainedEvent::link(0, Hash32::ZERO, "issue".to_owned()).unwrap();
        let second = ChainedEvent::link(first.seq, first.hash, "split".to_owned()).unwrap();
        let chain = vec![first.clone(), second.clone()];
        assert!(verify_chain(&chain).is_ok());

        let mut edited = chain.clone();
        edited[0].body = "issue!".to_owned();
        assert!(verify_chain(&edited).is_err());

        assert!(verify_chain(&[second, first]).is_err());
    }
}
