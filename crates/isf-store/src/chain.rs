//! The hash that links journal entries into one global chain.
//!
//! `hash = SHA-256(EVENT_DOMAIN ‖ seq as 8 big-endian bytes ‖ prev_hash ‖ body)`, where
//! `prev_hash` is the hash of the entry with sequence `seq - 1`, or [`Hash32::ZERO`] for the
//! first entry. This is [`isf_core::envelope::ChainedEvent::compute_hash`] with the body bytes
//! taken as they are: when the runtime stores the canonical JSON of a value as the body, the
//! stored hash equals the `ChainedEvent` hash of that value, so the journal can be exported and
//! checked offline with [`isf_core::envelope::verify_chain`].
//!
//! The stream name, entry kind and stream version are not in the hash: they are indexes kept
//! beside the body. Whatever must be tamper-evident (the voucher number, the event type) has to
//! be inside the body, which is where the runtime puts it.

use isf_core::envelope::EVENT_DOMAIN;
use isf_core::hash::Hash32;

/// The chain hash of the entry with sequence `seq`, predecessor hash `prev_hash` and `body`.
pub fn entry_hash(seq: u64, prev_hash: &Hash32, body: &[u8]) -> Hash32 {
    Hash32::of_parts(&[EVENT_DOMAIN, &seq.to_be_bytes(), prev_hash.as_bytes(), body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use isf_core::canonical::to_canonical_json;
    use isf_core::envelope::ChainedEvent;

    #[test]
    fn equals_the_chained_event_hash_of_canonical_json() {
        let body = voucher_body();
        let canonical = to_canonical_json(&body).unwrap();
        let event = ChainedEvent::link(0, Hash32::ZERO, body).unwrap();
        assert_eq!(entry_hash(1, &Hash32::ZERO, &canonical), event.hash);
    }

    fn voucher_body() -> std::collections::BTreeMap<String, u64> {
        [("amount".to_owned(), 6_000), ("piece".to_owned(), 1)].into()
    }
}
