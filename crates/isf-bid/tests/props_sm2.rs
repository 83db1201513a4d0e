//! Properties of SM2 keys over random scalars: encodings round-trip, signatures verify, and
//! flipped bytes are detected. Needs the `sm2` feature.

#![cfg(feature = "sm2")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use isf_bid::keys::parse_public_key;
use isf_bid::{KeyPair, KeyType, PrivateKey, StarfireAddress, StarfireVerifier};
use isf_core::signature::Verifier;
use proptest::prelude::*;

/// A key pair from 32 random bytes, or `None` for the rare bytes that are no SM2 scalar.
fn pair(raw: [u8; 32]) -> Option<KeyPair> {
    KeyPair::from_private_key(PrivateKey::from_raw(KeyType::Sm2, raw), None).ok()
}

proptest! {
    // SM2 arithmetic is slow in debug builds; fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn encodings_round_trip(raw in any::<[u8; 32]>()) {
        let Some(pair) = pair(raw) else { return Ok(()) };

        prop_assert!(pair.private_str().starts_with("priSrr"));
        let private = PrivateKey::parse(&pair.private_str()).unwrap();
        prop_assert_eq!(private.expose_raw(), &raw);

        let key_hex = pair.public_key().to_string();
        prop_assert!(key_hex.starts_with("b07a6604"));
        prop_assert_eq!(&parse_public_key(&key_hex).unwrap(), pair.public_key());

        let address = StarfireAddress::parse(pair.bid().as_str()).unwrap();
        prop_assert!(pair.bid().as_str().starts_with("did:bid:zf"));
        prop_assert!(address.is_derived_from(pair.public_key()));
    }

    #[test]
    fn signatures_verify_and_flips_are_detected(
        raw in any::<[u8; 32]>(),
        message in prop::collection::vec(any::<u8>(), 1..100),
        index in 0usize..64,
        flip in 1u8..=255,
        message_index in any::<prop::sample::Index>(),
    ) {
        let Some(pair) = pair(raw) else { return Ok(()) };
        let signature = pair.sign(&message).unwrap();
        StarfireVerifier.verify(pair.bid(), pair.public_key(), &message, &signature).unwrap();

        let mut bad_signature = signature.clone();
        bad_signature.0[index] ^= flip;
        prop_assert!(StarfireVerifier
            .verify(pair.bid(), pair.public_key(), &message, &bad_signature)
            .is_err());

        let mut bad_message = message.clone();
        bad_message[message_index.index(message.len())] ^= flip;
        prop_assert!(StarfireVerifier
            .verify(pair.bid(), pair.public_key(), &bad_message, &signature)
            .is_err());
    }
}
