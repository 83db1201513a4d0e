//! Properties of Ed25519 keys over random seeds: every encoding round-trips, signatures
//! verify, and any flipped byte or character is detected.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use isf_bid::keys::parse_public_key;
use isf_bid::{AcCode, KeyPair, KeyType, PrivateKey, StarfireAddress, StarfireVerifier};
use isf_core::signature::Verifier;
use isf_core::{Bid, Signature};
use proptest::prelude::*;

fn pair(seed: [u8; 32], ac: Option<&str>) -> KeyPair {
    let ac = ac.map(|ac| AcCode::parse(ac).unwrap());
    KeyPair::from_private_key(PrivateKey::from_raw(KeyType::Ed25519, seed), ac).unwrap()
}

/// Characters a flipped address character may become: the alphabet, its neighbours that
/// are not in it, and the separators.
fn replacement() -> impl Strategy<Value = char> {
    prop::sample::select(
        "123456789AbCDEFGHJKLMNPQRSTuVWXYZaBcdefghijkmnopqrstUvwxyz0OIlBbUu:-_ "
            .chars()
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #[test]
    fn encodings_round_trip(seed in any::<[u8; 32]>(), ac in prop::option::of("[a-z0-9]{4}")) {
        let pair = pair(seed, ac.as_deref());

        let private = PrivateKey::parse(&pair.private_str()).unwrap();
        prop_assert_eq!(private.expose_raw(), &seed);
        prop_assert!(pair.private_str().starts_with("priSPK"));

        let key_hex = pair.public_key().to_string();
        prop_assert!(key_hex.starts_with("b06566"));
        prop_assert_eq!(&parse_public_key(&key_hex).unwrap(), pair.public_key());

        let address = StarfireAddress::parse(pair.bid().as_str()).unwrap();
        prop_assert_eq!(&address, pair.address());
        prop_assert!(address.is_derived_from(pair.public_key()));
        prop_assert_eq!(address.ac().map(AcCode::as_str), ac.as_deref());
    }

    #[test]
    fn signatures_verify(
        seed in any::<[u8; 32]>(),
        message in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let pair = pair(seed, None);
        let signature = pair.sign(&message).unwrap();
        StarfireVerifier
            .verify(pair.bid(), pair.public_key(), &message, &signature)
            .unwrap();
    }

    #[test]
    fn flipped_signature_byte_is_detected(
        seed in any::<[u8; 32]>(),
        message in prop::collection::vec(any::<u8>(), 0..64),
        index in 0usize..64,
        flip in 1u8..=255,
    ) {
        let pair = pair(seed, None);
        let mut signature = pair.sign(&message).unwrap();
        signature.0[index] ^= flip;

        let result = StarfireVerifier.verify(pair.bid(), pair.public_key(), &message, &signature);
        prop_assert!(result.is_err());
    }

    #[test]
    fn flipped_message_byte_is_detected(
        seed in any::<[u8; 32]>(),
        message in prop::collection::vec(any::<u8>(), 1..64),
        index in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let pair = pair(seed, None);
        let signature = pair.sign(&message).unwrap();
        let mut tampered = message.clone();
        tampered[index.index(message.len())] ^= flip;

        let result = StarfireVerifier.verify(pair.bid(), pair.public_key(), &tampered, &signature);
        prop_assert!(result.is_err());
    }

    #[test]
    fn flipped_address_character_is_detected(
        seed in any::<[u8; 32]>(),
        ac in prop::option::of("[a-z0-9]{4}"),
        index in any::<prop::sample::Index>(),
        replacement in replacement(),
    ) {
        let pair = pair(seed, ac.as_deref());
        let original = pair.bid().as_str();
        let position = index.index(original.len());
        prop_assume!(!original[position..].starts_with(replacement));

        let mut mutated = original.to_owned();
        mutated.replace_range(position..=position, &replacement.to_string());

        match StarfireAddress::parse(&mutated) {
            Err(_) => {}
            Ok(address) => {
                prop_assert_ne!(&address, pair.address());
                // Only an edit of the AC code keeps the key binding; anything else breaks it.
                let suffix = original.rsplit(':').next().unwrap();
                if position >= original.len() - suffix.len() {
                    prop_assert!(!address.is_derived_from(pair.public_key()));
                    let bid = Bid::parse(&mutated).unwrap();
                    let signature = pair.sign(b"m").unwrap();
                    let result = StarfireVerifier.verify(&bid, pair.public_key(), b"m", &signature);
                    prop_assert!(result.is_err());
                } else {
                    prop_assert_ne!(address.ac(), pair.address().ac());
                }
            }
        }
    }

    #[test]
    fn foreign_signature_bytes_are_refused(
        seed in any::<[u8; 32]>(),
        bytes in any::<[[u8; 32]; 2]>(),
    ) {
        let pair = pair(seed, None);
        let mut raw = [0; 64];
        raw[..32].copy_from_slice(&bytes[0]);
        raw[32..].copy_from_slice(&bytes[1]);

        let result = StarfireVerifier.verify(pair.bid(), pair.public_key(), b"m", &Signature(raw));
        prop_assert!(result.is_err());
    }
}
