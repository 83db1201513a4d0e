//! Every parser of outside input returns (never panics) on arbitrary text or bytes, including
//! near-misses of valid input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use isf_bid::keys::parse_public_key;
use isf_bid::tx::{SubmitRequest, Transaction};
use isf_bid::{AcCode, KeyPair, Keystore, PrivateKey, StarfireAddress, base58};
use proptest::prelude::*;

const ALPHABET: &str = "123456789AbCDEFGHJKLMNPQRSTuVWXYZaBcdefghijkmnopqrstUvwxyz";

fn near_bid() -> impl Strategy<Value = String> {
    let suffix = prop::collection::vec(
        prop::sample::select(ALPHABET.chars().collect::<Vec<_>>()),
        0..45,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>());
    (
        prop::sample::select(vec!["did:bid:", "did:bid:aa1c:", "did:bid::", "did:", ""]),
        prop::sample::select(vec!["ef", "zf", "ez", "e", "", "sf"]),
        suffix,
    )
        .prop_map(|(prefix, kind, suffix)| format!("{prefix}{kind}{suffix}"))
}

fn near_private_key() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(ALPHABET.chars().collect::<Vec<_>>()),
        0..70,
    )
    .prop_map(|chars| format!("pri{}", chars.into_iter().collect::<String>()))
}

proptest! {
    #[test]
    fn text_parsers_never_panic(text in ".*") {
        let _ = PrivateKey::parse(&text);
        let _ = KeyPair::from_private_str(&text, None);
        let _ = parse_public_key(&text);
        let _ = StarfireAddress::parse(&text);
        let _ = AcCode::parse(&text);
        let _ = base58::decode(&text);
        let _ = Keystore::from_json(&text);
        let _ = serde_json::from_str::<SubmitRequest>(&text);
    }

    #[test]
    fn near_valid_addresses_never_panic(text in near_bid()) {
        if let Ok(address) = StarfireAddress::parse(&text) {
            prop_assert_eq!(address.as_str(), text.as_str());
            prop_assert_eq!(address.key_hash().len(), 22);
        }
    }

    #[test]
    fn near_valid_private_keys_never_panic(text in near_private_key()) {
        if let Ok(key) = PrivateKey::parse(&text) {
            let encoded = key.to_encoded();
            prop_assert_eq!(encoded.as_str(), text.as_str());
        }
        let _ = KeyPair::from_private_str(&text, None);
    }

    #[test]
    fn near_valid_public_keys_never_panic(
        header in prop::sample::select(vec!["b06566", "b07a6604", "b07a66", "b065", ""]),
        body in "[0-9a-fA-F]{0,140}",
    ) {
        let _ = parse_public_key(&format!("{header}{body}"));
    }

    #[test]
    fn blob_decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Transaction::from_blob(&bytes);
        if let Ok(transaction) = Transaction::from_blob_exact(&bytes) {
            prop_assert_eq!(transaction.to_blob(), bytes);
        }
    }

    #[test]
    fn mutated_vector_blobs_never_panic(
        index in any::<prop::sample::Index>(),
        value in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let vectors = common::starfire();
        let mut blob = common::bytes(&vectors["transaction"], "blob_hex");
        let at = index.index(blob.len());
        blob[at] = value;
        blob.truncate(cut.index(blob.len() + 1));

        if let Ok(transaction) = Transaction::from_blob(&blob) {
            let _ = transaction.validate();
        }
    }

    #[test]
    fn keystore_shaped_json_never_panics(
        n in any::<u64>(),
        r in any::<u32>(),
        p in any::<u32>(),
        salt in "[0-9A-Fa-fx]{0,80}",
        iv in "[0-9A-F]{0,40}",
        cypher in "[0-9A-F]{0,120}",
    ) {
        let keystore = Keystore::from_json(&serde_json::json!({
            "address": "did:bid:efqhQu9YWEWpUKQYkAyGevPGtAdD1N6p",
            "aesctr_iv": iv,
            "cypher_text": cypher,
            "scrypt_params": { "n": n, "p": p, "r": r, "salt": salt },
            "version": 65536,
        }).to_string()).unwrap();
        // Only cheap settings may reach scrypt here; the rest must be refused up front.
        let cheap = n <= 1024 && r <= 8 && p <= 2;
        if cheap {
            let _ = keystore.decrypt("test");
        } else {
            let affordable = n.checked_mul(128).and_then(|m| m.checked_mul(u64::from(r)))
                .is_some_and(|memory| memory <= 256 * 1024 * 1024 && r <= 32 && p <= 16);
            if !affordable {
                prop_assert!(keystore.decrypt("test").is_err());
            }
        }
    }
}
