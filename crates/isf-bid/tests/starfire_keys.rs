//! Ed25519 keys, addresses and signatures against `starfire.json`: every `ed25519` and
//! `with_ac` entry, `message_signature` and every `invalid` input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use isf_bid::keys::parse_public_key;
use isf_bid::{BidError, KeyPair, KeyType, PrivateKey, StarfireAddress, StarfireVerifier};
use isf_core::signature::Verifier;
use isf_core::{Bid, Signature, Signer};

use common::{bytes, starfire, text};

#[test]
fn ed25519_entries_derive_public_key_and_bid() {
    let vectors = starfire();
    let entries = vectors["ed25519"].as_array().unwrap();
    assert_eq!(entries.len(), 8);

    for entry in entries {
        let private = text(entry, "private_key");
        let pair = KeyPair::from_private_str(private, None).unwrap();

        assert_eq!(pair.key_type(), KeyType::Ed25519);
        assert_eq!(pair.public_key().to_string(), text(entry, "public_key"));
        assert_eq!(pair.bid().as_str(), text(entry, "bid"));
        assert_eq!(pair.private_str().as_str(), private);
    }
}

#[test]
fn ed25519_entries_parse_back() {
    let vectors = starfire();
    for entry in vectors["ed25519"].as_array().unwrap() {
        let key = parse_public_key(text(entry, "public_key")).unwrap();
        let upper = parse_public_key(&text(entry, "public_key").to_uppercase()).unwrap();
        assert_eq!(key, upper);

        let address = StarfireAddress::parse(text(entry, "bid")).unwrap();
        assert_eq!(address.as_str(), text(entry, "bid"));
        assert_eq!(address.key_type(), KeyType::Ed25519);
        assert!(address.ac().is_none());
        assert!(address.is_derived_from(&key));
        assert_eq!(
            StarfireAddress::from_public_key(&key, None).unwrap(),
            address
        );

        let bid = Bid::parse(text(entry, "bid")).unwrap();
        StarfireVerifier.check_binding(&bid, &key).unwrap();
    }
}

#[test]
fn private_key_string_round_trips_through_raw_bytes() {
    let vectors = starfire();
    for entry in vectors["ed25519"].as_array().unwrap() {
        let private = text(entry, "private_key");
        let key = PrivateKey::parse(private).unwrap();
        let rebuilt = PrivateKey::from_raw(key.key_type(), *key.expose_raw());
        assert_eq!(rebuilt.to_encoded().as_str(), private);
        assert!(private.starts_with("priSPK"));
    }
}

#[test]
fn with_ac_entries() {
    let vectors = starfire();
    for entry in vectors["with_ac"].as_array().unwrap() {
        let pair =
            KeyPair::from_private_str(text(entry, "private_key"), Some(text(entry, "ac"))).unwrap();
        assert_eq!(pair.bid().as_str(), text(entry, "bid"));

        let address = StarfireAddress::parse(text(entry, "bid")).unwrap();
        assert_eq!(address.ac().unwrap().as_str(), text(entry, "ac"));
        assert_eq!(&address, pair.address());

        // The AC code does not enter the hash: the same key owns the plain address too.
        let plain = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap();
        assert_eq!(plain.address().key_hash(), address.key_hash());
        StarfireVerifier
            .check_binding(pair.bid(), plain.public_key())
            .unwrap();
    }
}

#[test]
fn message_signature_matches_the_sdk() {
    let vectors = starfire();
    let entry = &vectors["message_signature"];
    let pair = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap();
    let message = bytes(entry, "message_hex");

    let signature = pair.sign(&message).unwrap();
    let expected = text(entry, "signature_hex");
    assert!(signature.to_string().eq_ignore_ascii_case(expected));

    let parsed = Signature::from_hex(expected).unwrap();
    StarfireVerifier
        .verify(pair.bid(), pair.public_key(), &message, &parsed)
        .unwrap();
}

#[test]
fn signer_trait_signs_verifiably() {
    let vectors = starfire();
    let entry = &vectors["ed25519"][0];
    let pair = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap();
    let signer: &dyn Signer = &pair;

    let signature = signer.sign(b"hello").unwrap();
    let key = signer.public_key();
    StarfireVerifier
        .verify(signer.bid(), &key, b"hello", &signature)
        .unwrap();

    let wrong = StarfireVerifier.verify(signer.bid(), &key, b"hellO", &signature);
    assert!(matches!(
        wrong,
        Err(isf_core::CoreError::BadSignature { .. })
    ));
}

#[test]
fn verifier_refuses_a_bid_of_another_key() {
    let vectors = starfire();
    let first =
        KeyPair::from_private_str(text(&vectors["ed25519"][0], "private_key"), None).unwrap();
    let second =
        KeyPair::from_private_str(text(&vectors["ed25519"][1], "private_key"), None).unwrap();
    let signature = second.sign(b"m").unwrap();

    let error = StarfireVerifier
        .verify_for(first.bid(), second.public_key(), b"m", &signature)
        .unwrap_err();
    assert!(matches!(error, BidError::KeyMismatch { .. }), "{error}");
    let core = StarfireVerifier
        .verify(first.bid(), second.public_key(), b"m", &signature)
        .unwrap_err();
    assert!(core.to_string().contains("does not derive"), "{core}");
}

#[test]
fn invalid_inputs_are_refused() {
    let vectors = starfire();
    let real = StarfireAddress::parse("did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe").unwrap();

    for entry in vectors["invalid"].as_array().unwrap() {
        let input = text(entry, "input");
        if input.starts_with("pri") {
            let error = PrivateKey::parse(input).unwrap_err();
            assert!(
                matches!(error, BidError::PrivateKey { .. }),
                "{input}: {error}"
            );
            assert!(!error.to_string().contains(input), "secret echoed: {error}");
            assert!(KeyPair::from_private_str(input, None).is_err());
            continue;
        }
        match StarfireAddress::parse(input) {
            // The Bitcoin-alphabet rendering decodes, but to other bytes.
            Ok(address) => {
                assert_ne!(address, real, "{input}");
                assert_ne!(address.key_hash(), real.key_hash(), "{input}");
                assert_ne!(address.as_str(), real.as_str());
            }
            Err(error) => assert!(
                matches!(error, BidError::Address { .. }),
                "{input}: {error}"
            ),
        }
    }
}

#[test]
fn invalid_address_errors_say_why() {
    let cases = [
        (
            "did:bid:xx2AuAJid1dB22rk3M6vB6cUc1ENnpfEe",
            "key-type prefix",
        ),
        ("did:bid:ef0AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "'0'"),
        ("did:bid:efO2AuAJid1dB22rk3M6vB6cUc1ENnpfE", "'O'"),
        ("did:bid:efI2AuAJid1dB22rk3M6vB6cUc1ENnpfE", "'I'"),
        ("did:bid:efl2AuAJid1dB22rk3M6vB6cUc1ENnpfE", "'l'"),
        (
            "did:bid:et2AuAJid1dB22rk3M6vB6cUc1ENnpfEe",
            "encoding character",
        ),
        ("ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "did:bid:"),
        ("did:bid:ab:cd:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "parts"),
        ("did:bid:AB12:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "ac code"),
        ("did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEeee", "22"),
    ];
    for (input, needle) in cases {
        let message = StarfireAddress::parse(input).unwrap_err().to_string();
        assert!(message.contains(needle), "{input}: {message}");
        assert!(message.contains(&input[..8.min(input.len())]), "{message}");
    }
}

#[test]
fn legacy_and_foreign_private_keys_are_refused() {
    let legacy = "privbsDGan4sA9ZYpEERhMe25k4K5tnJu1fNqfEHbyKfaV9XSYq7uMcy";
    let message = PrivateKey::parse(legacy).unwrap_err().to_string();
    assert!(message.contains("header"), "{message}");

    let mut raw = vec![0x18, 0x9e, 0x99, 0x73, 0x66];
    raw.extend_from_slice(&[9; 32]);
    let secp = isf_bid::base58::encode(&raw);
    let message = PrivateKey::parse(&secp).unwrap_err().to_string();
    assert!(message.contains("key-type byte 0x73"), "{message}");

    raw[3] = 0x65;
    raw[4] = 0x73;
    let message = PrivateKey::parse(&isf_bid::base58::encode(&raw))
        .unwrap_err()
        .to_string();
    assert!(message.contains("encoding byte 0x73"), "{message}");

    raw[4] = 0x66;
    raw.push(0);
    let message = PrivateKey::parse(&isf_bid::base58::encode(&raw))
        .unwrap_err()
        .to_string();
    assert!(message.contains("33 bytes"), "{message}");
}

#[test]
fn debug_output_hides_secrets() {
    let vectors = starfire();
    let private = text(&vectors["ed25519"][0], "private_key");
    let pair = KeyPair::from_private_str(private, None).unwrap();

    let shown = format!("{pair:?} {:?}", pair.private_key());
    assert!(!shown.contains(private));
    assert!(!shown.contains(&hex::encode(pair.private_key().expose_raw())));
    assert!(shown.contains("<redacted>"));
}

#[test]
fn generated_keys_round_trip() {
    let pair = KeyPair::generate(KeyType::Ed25519, Some("aa1c")).unwrap();
    assert!(pair.bid().as_str().starts_with("did:bid:aa1c:ef"));

    let again = KeyPair::from_private_str(&pair.private_str(), Some("aa1c")).unwrap();
    assert_eq!(again.bid(), pair.bid());
    assert_eq!(again.public_key(), pair.public_key());

    assert!(matches!(
        KeyPair::generate(KeyType::Ed25519, Some("AA1C")),
        Err(BidError::AcCode { .. })
    ));
}

#[cfg(not(feature = "sm2"))]
#[test]
fn sm2_without_the_feature_says_so() {
    let vectors = starfire();
    let entry = &vectors["sm2"][0];

    let error = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap_err();
    assert_eq!(error, BidError::Sm2Unsupported);
    assert!(error.to_string().contains("sm2 support not compiled in"));
    assert_eq!(
        KeyPair::generate(KeyType::Sm2, None).unwrap_err(),
        BidError::Sm2Unsupported
    );

    // Addresses need only SM3, which is always there.
    let key = parse_public_key(text(entry, "public_key")).unwrap();
    let address = StarfireAddress::from_public_key(&key, None).unwrap();
    assert_eq!(address.as_str(), text(entry, "bid"));

    let signature_entry = &vectors["sm2_signature"];
    let key = parse_public_key(text(signature_entry, "public_key")).unwrap();
    let bid = Bid::parse(text(signature_entry, "bid")).unwrap();
    let signature = Signature::from_hex(text(signature_entry, "signature_hex")).unwrap();
    let error = StarfireVerifier
        .verify(
            &bid,
            &key,
            &bytes(signature_entry, "message_hex"),
            &signature,
        )
        .unwrap_err();
    assert!(
        error.to_string().contains("sm2 support not compiled in"),
        "{error}"
    );
}
