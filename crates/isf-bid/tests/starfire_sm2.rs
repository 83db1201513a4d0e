//! SM2 keys, addresses and signatures against the `sm2` and `sm2_signature` entries of
//! `starfire.json`. Needs the `sm2` feature.

#![cfg(feature = "sm2")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use isf_bid::keys::parse_public_key;
use isf_bid::{BidError, KeyPair, KeyType, PrivateKey, StarfireAddress, StarfireVerifier};
use isf_core::signature::Verifier;
use isf_core::{Bid, Signature};

use common::{bytes, starfire, text};

#[test]
fn sm2_entries_derive_public_key_and_bid() {
    let vectors = starfire();
    let entries = vectors["sm2"].as_array().unwrap();
    assert!(!entries.is_empty());

    for entry in entries {
        let private = text(entry, "private_key");
        let pair = KeyPair::from_private_str(private, None).unwrap();

        assert_eq!(pair.key_type(), KeyType::Sm2);
        assert_eq!(pair.public_key().to_string(), text(entry, "public_key"));
        assert_eq!(pair.bid().as_str(), text(entry, "bid"));
        assert_eq!(pair.private_str().as_str(), private);
        assert!(private.starts_with("priSrr"));

        let address = StarfireAddress::parse(text(entry, "bid")).unwrap();
        assert_eq!(address.key_type(), KeyType::Sm2);
        assert!(address.is_derived_from(pair.public_key()));
    }
}

#[test]
fn sm2_signature_vector_verifies() {
    let vectors = starfire();
    let entry = &vectors["sm2_signature"];
    assert_eq!(text(entry, "user_id"), "1234567812345678");

    let key = parse_public_key(text(entry, "public_key")).unwrap();
    let bid = Bid::parse(text(entry, "bid")).unwrap();
    let message = bytes(entry, "message_hex");
    let signature = Signature::from_hex(text(entry, "signature_hex")).unwrap();

    StarfireVerifier.check_binding(&bid, &key).unwrap();
    StarfireVerifier
        .verify(&bid, &key, &message, &signature)
        .unwrap();

    let mut tampered = message.clone();
    tampered[0] ^= 1;
    assert!(
        StarfireVerifier
            .verify(&bid, &key, &tampered, &signature)
            .is_err()
    );
}

#[test]
fn sm2_key_signs_verifiably() {
    let vectors = starfire();
    let pair = KeyPair::from_private_str(text(&vectors["sm2"][0], "private_key"), None).unwrap();

    let signature = pair.sign(b"contract text").unwrap();
    StarfireVerifier
        .verify(pair.bid(), pair.public_key(), b"contract text", &signature)
        .unwrap();
    assert!(
        StarfireVerifier
            .verify(pair.bid(), pair.public_key(), b"contract text!", &signature)
            .is_err()
    );
}

#[test]
fn sm2_scalar_out_of_range_is_refused() {
    for raw in [[0; 32], [0xff; 32]] {
        let key = PrivateKey::from_raw(KeyType::Sm2, raw);
        let error = KeyPair::from_private_key(key, None).unwrap_err();
        assert!(matches!(error, BidError::PrivateKey { .. }), "{error}");
    }
}

#[test]
fn sm2_point_off_the_curve_is_refused() {
    let vectors = starfire();
    let mut text = text(&vectors["sm2"][0], "public_key").to_owned();
    text.replace_range(text.len() - 2.., "00");
    let error = parse_public_key(&text).unwrap_err();
    assert!(error.to_string().contains("sm2 curve"), "{error}");
}

#[test]
fn generated_sm2_keys_round_trip() {
    let pair = KeyPair::generate(KeyType::Sm2, Some("x9z0")).unwrap();
    assert!(pair.bid().as_str().starts_with("did:bid:x9z0:zf"));
    assert!(pair.public_key().to_string().starts_with("b07a6604"));

    let again = KeyPair::from_private_str(&pair.private_str(), Some("x9z0")).unwrap();
    assert_eq!(again.bid(), pair.bid());
}
