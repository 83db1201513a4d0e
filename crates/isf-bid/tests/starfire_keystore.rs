//! Keystores against the `keystore` entry of `starfire.json`, both directions.
//!
//! scrypt at the official cost (N = 16384, r = 8) takes about a second per call in a debug
//! build, so these tests call it only a few times.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use isf_bid::keystore::{KEYSTORE_VERSION, KdfCost};
use isf_bid::{BidError, KeyPair, KeyType, Keystore};

use common::{starfire, text};

fn vector_keystore() -> Keystore {
    let vectors = starfire();
    Keystore::from_json(&vectors["keystore"]["json"].to_string()).unwrap()
}

/// Cheap scrypt settings for tests that are about the format, not the cost.
const FAST: KdfCost = KdfCost { n: 16, r: 8, p: 1 };

#[test]
fn vector_keystore_opens_with_its_password() {
    let vectors = starfire();
    let entry = &vectors["keystore"];

    let pair = vector_keystore().decrypt(text(entry, "password")).unwrap();
    assert_eq!(pair.private_str().as_str(), text(entry, "private_key"));
    assert_eq!(pair.bid().as_str(), text(&entry["json"], "address"));
}

#[test]
fn vector_keystore_refuses_a_wrong_password() {
    let error = vector_keystore().decrypt("Test").unwrap_err();
    assert!(matches!(error, BidError::WrongPassword { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("did:bid:efqhQu9YWEWpUKQYkAyGevPGtAdD1N6p")
    );
}

#[test]
fn vector_keystore_json_round_trips() {
    let vectors = starfire();
    let keystore = vector_keystore();
    assert_eq!(keystore.version, KEYSTORE_VERSION);

    let written: serde_json::Value = serde_json::from_str(&keystore.to_json()).unwrap();
    assert_eq!(written, vectors["keystore"]["json"]);
}

#[test]
fn new_keystore_at_the_default_cost_opens() {
    let pair = KeyPair::generate(KeyType::Ed25519, None).unwrap();
    let keystore = Keystore::encrypt(&pair, "correct horse").unwrap();

    assert_eq!(keystore.scrypt_params.n, 16384);
    assert_eq!(keystore.scrypt_params.r, 8);
    assert_eq!(keystore.scrypt_params.p, 1);
    assert_eq!(keystore.scrypt_params.salt.len(), 64);
    assert_eq!(keystore.aesctr_iv.len(), 32);
    assert_eq!(keystore.cypher_text, keystore.cypher_text.to_uppercase());
    assert_eq!(keystore.version, 65536);

    let opened = Keystore::from_json(&keystore.to_json())
        .unwrap()
        .decrypt("correct horse")
        .unwrap();
    assert_eq!(opened.bid(), pair.bid());
}

#[test]
fn keystore_keeps_the_ac_code() {
    let pair = KeyPair::generate(KeyType::Ed25519, Some("aa1c")).unwrap();
    let keystore = Keystore::encrypt_with_cost(&pair, "pw", FAST).unwrap();
    assert!(keystore.address.starts_with("did:bid:aa1c:"));
    assert_eq!(keystore.decrypt("pw").unwrap().bid(), pair.bid());
    assert!(matches!(
        keystore.decrypt("pw2"),
        Err(BidError::WrongPassword { .. })
    ));
}

#[test]
fn swapped_address_is_a_wrong_password() {
    let pair = KeyPair::generate(KeyType::Ed25519, None).unwrap();
    let other = KeyPair::generate(KeyType::Ed25519, None).unwrap();
    let mut keystore = Keystore::encrypt_with_cost(&pair, "pw", FAST).unwrap();
    keystore.address = other.bid().to_string();

    assert!(matches!(
        keystore.decrypt("pw"),
        Err(BidError::WrongPassword { .. })
    ));
}

#[test]
fn hostile_parameters_are_refused_before_any_work() {
    let base = vector_keystore();
    let mut cases = Vec::new();

    let mut huge = base.clone();
    huge.scrypt_params.n = 1 << 30;
    cases.push((huge, "256 MiB"));
    let mut odd = base.clone();
    odd.scrypt_params.n = 1000;
    cases.push((odd, "power of two"));
    let mut wide = base.clone();
    wide.scrypt_params.p = 1000;
    cases.push((wide, "p = 1000"));
    let mut short_iv = base.clone();
    short_iv.aesctr_iv = "00".to_owned();
    cases.push((short_iv, "aesctr_iv"));
    let mut not_hex = base.clone();
    not_hex.cypher_text = "zz".to_owned();
    cases.push((not_hex, "cypher_text"));
    let mut bad_address = base;
    bad_address.address = "did:bid:ef0".to_owned();
    cases.push((bad_address, "address"));

    for (keystore, needle) in cases {
        let error = keystore.decrypt("test").unwrap_err();
        assert!(matches!(error, BidError::Keystore { .. }), "{error}");
        assert!(error.to_string().contains(needle), "{needle}: {error}");
    }
}

#[test]
fn malformed_json_is_refused() {
    for text in ["", "{}", "[]", "{\"address\": 1}", "not json"] {
        let error = Keystore::from_json(text).unwrap_err();
        assert!(
            matches!(error, BidError::Keystore { .. }),
            "{text}: {error}"
        );
    }
}
