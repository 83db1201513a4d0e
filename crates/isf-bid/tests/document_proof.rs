#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! BID document proofs against the real StarFire vectors (RFC-004/005 and the Java BID-SDK),
//! plus signing round trips under both conventions.

use isf_bid::document::{
    BidDocument, DocTime, DocumentError, EntityType, ProofConvention, rfc_signing_bytes,
};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::signature::Verifier;
use isf_core::{Bid, PublicKey, Signature, Signer};
use serde_json::Value;

const RFC005_SOURCE: &str =
    include_str!("vectors/bif-examples/proof-rfc005-bid-document-source.json");
const RFC005_SORTED: &str =
    include_str!("vectors/bif-examples/proof-rfc005-bid-document-sorted-compact.json");
const RFC004_TYPO_SOURCE: &str =
    include_str!("vectors/bif-examples/proof-rfc004-bid-document-source.json");
const RFC004_CREDENTIAL: &str =
    include_str!("vectors/bif-examples/proof-rfc004-credential-source.json");
const RFC004_EXAMPLE: &str = include_str!("vectors/bif-examples/rfc004-bid-document-example.json");
const PROOF_VECTORS: &str = include_str!("vectors/bif-examples/proof-vectors.json");
const BIDSDK_IS_VALID: &str = include_str!("vectors/bif-examples/bidsdk-isValidProof-request.json");
const BIDSDK_CREATE: &str =
    include_str!("vectors/bif-examples/bidsdk-createBIDByTemplate-request.json");
const RESOLVER_RESPONSE: &str =
    include_str!("vectors/bif-examples/resolver-bid-document-response.json");
const RESOLVER_SUBRESOLVE: &str =
    include_str!("vectors/bif-examples/resolver-bid-document-subresolve-response.json");

/// The RFC test key (RFC-004/005), whose BID is the RFC-005 document's id.
const RFC_TEST_KEY: &str = "priSPKp8oiiAXGZaXFBMKEAoL2b6J6UDQCw4x39ereXYtyAejM";
/// An ed25519 key of the StarFire vectors: `did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE`.
const KEY_A: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn vector(name: &str) -> Value {
    let vectors: Value = serde_json::from_str(PROOF_VECTORS).unwrap();
    vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"].as_str().unwrap().starts_with(name))
        .unwrap()
        .clone()
}

fn did_document(request: &str) -> BidDocument {
    let value: Value = serde_json::from_str(request).unwrap();
    serde_json::from_value(value["didDocument"].clone()).unwrap()
}

// --- Convention A: RFC ----------------------------------------------------------------------

#[test]
fn rfc005_signing_bytes_are_the_sorted_vector_file() {
    let document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    let message = document.signing_bytes(ProofConvention::Rfc).unwrap();

    let expected = RFC005_SORTED.strip_suffix('\n').unwrap();
    assert_eq!(String::from_utf8(message).unwrap(), expected);
}

#[test]
fn rfc005_proof_verifies() {
    let document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    assert_eq!(
        document.verify_proof(&StarfireVerifier).unwrap(),
        ProofConvention::Rfc
    );
}

#[test]
fn rfc005_proof_is_the_rfc_test_keys_deterministic_signature() {
    let mut document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    let original = document.proof.clone();
    let creator = original.as_ref().unwrap().creator.clone();

    document
        .sign(&key(RFC_TEST_KEY), &creator, ProofConvention::Rfc)
        .unwrap();

    assert_eq!(document.proof, original);
}

#[test]
fn rfc005_tampered_copies_fail() {
    let tampered_value = RFC005_SOURCE.replace("contract address", "contract addresS");
    let tampered_time =
        RFC005_SOURCE.replace("09:10:09Z\",\n\t\"extension", "09:10:10Z\",\n\t\"extension");
    let tampered_version = RFC005_SOURCE.replace("\"1.1.0\"", "\"1.1.1\"");
    for text in [tampered_value, tampered_time, tampered_version] {
        assert_ne!(text, RFC005_SOURCE);
        let document = BidDocument::from_json(&text).unwrap();
        let error = document.verify_proof(&StarfireVerifier).unwrap_err();
        assert!(matches!(error, DocumentError::BadProof { .. }), "{error:?}");
        assert!(error.to_string().starts_with(
            "proof of did:bid:ef18F9AVK4SQLZPRrPkrVWwp9kbpdXHx by \
             did:bid:ef18F9AVK4SQLZPRrPkrVWwp9kbpdXHx#key-1 does not verify"
        ));
    }
}

#[test]
fn rfc005_signature_with_bitcoin_alphabet_is_refused() {
    let bitcoin = vector("rfc005")["signature_base58_bitcoin_alphabet_would_be"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    document.proof.as_mut().unwrap().signature_value = bitcoin;
    assert!(document.verify_proof(&StarfireVerifier).is_err());
}

#[test]
fn rfc004_source_with_typo_in_creator_is_refused_by_name() {
    let document = BidDocument::from_json(RFC004_TYPO_SOURCE).unwrap();
    let error = document.verify_proof(&StarfireVerifier).unwrap_err();
    assert_eq!(
        error,
        DocumentError::KeyNotFound {
            bid: Bid::parse("did:bid:ef18F9AVK4SQLZPRrPkrVWwp9kbpdXHx").unwrap(),
            key_id: "did:bid:ef18F9AVK4SQLZPRrPkrVWwp9kbpdXHx #key-1".to_owned(),
        }
    );
}

#[test]
fn rfc004_credential_vector_verifies_with_the_same_canonical_form() {
    let source: Value = serde_json::from_str(RFC004_CREDENTIAL).unwrap();
    let message = rfc_signing_bytes(&source).unwrap();
    let expected = vector("rfc004 credential")["message_compact"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(String::from_utf8(message.clone()).unwrap(), expected);

    let signature_text = source["proof"][0]["signatureValue"].as_str().unwrap();
    let (convention, signature) = ProofConvention::decode(signature_text).unwrap();
    assert_eq!(convention, ProofConvention::Rfc);
    let signer = key(RFC_TEST_KEY);
    StarfireVerifier
        .verify(
            signer.bid(),
            &Signer::public_key(&signer),
            &message,
            &signature,
        )
        .unwrap();

    let mut tampered = message.clone();
    tampered[20] ^= 1;
    let verdict = StarfireVerifier.verify(
        signer.bid(),
        &Signer::public_key(&signer),
        &tampered,
        &signature,
    );
    assert!(verdict.is_err());
}

// --- Convention B: BID-SDK ------------------------------------------------------------------

#[test]
fn bidsdk_signing_bytes_follow_java_field_order() {
    let document = did_document(BIDSDK_IS_VALID);
    let message = document.signing_bytes(ProofConvention::BidSdk).unwrap();
    let expected = vector("BID-SDK-JAVA")["message_compact"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(String::from_utf8(message).unwrap(), expected);
}

#[test]
fn bidsdk_is_valid_proof_vector_verifies_and_tampering_fails() {
    let document = did_document(BIDSDK_IS_VALID);
    assert_eq!(
        document.verify_proof(&StarfireVerifier).unwrap(),
        ProofConvention::BidSdk
    );

    let mut lower = document.clone();
    let proof = lower.proof.as_mut().unwrap();
    proof.signature_value = proof.signature_value.to_lowercase();
    assert_eq!(
        lower.verify_proof(&StarfireVerifier).unwrap(),
        ProofConvention::BidSdk
    );

    let mut tampered = document.clone();
    tampered.extension.as_mut().unwrap().ttl = 86401;
    let error = tampered.verify_proof(&StarfireVerifier).unwrap_err();
    assert!(matches!(error, DocumentError::BadProof { .. }), "{error:?}");

    let mut moved = document;
    moved
        .context
        .push("https://w3id.org/security/v1".to_owned());
    assert!(moved.verify_proof(&StarfireVerifier).is_err());
}

#[test]
fn bidsdk_delegate_sign_is_a_signature_over_the_encoded_public_key() {
    let document = did_document(BIDSDK_IS_VALID);
    let entry = &document.public_key.as_ref().unwrap()[0];
    let public_key = entry.public_key().unwrap();
    let delegate = document
        .extension
        .as_ref()
        .unwrap()
        .delegate_sign
        .as_ref()
        .unwrap();
    let signature = Signature::from_hex(&delegate.signature_value).unwrap();
    StarfireVerifier
        .verify(
            &entry.controller,
            &public_key,
            public_key.encoded(),
            &signature,
        )
        .unwrap();
}

/// The BID-SDK's `createBIDByTemplate` signs each document while `authentication` still names
/// the document's own key, then replaces it with the sender's key: the proofs as sent do not
/// cover the final `authentication`. A verifier must refuse them as they are; with the
/// signed value put back they verify, which checks the Java byte form on two more documents.
#[test]
fn bidsdk_create_by_template_proofs_cover_the_original_authentication() {
    let request: Value = serde_json::from_str(BIDSDK_CREATE).unwrap();
    for item in request["bid"].as_array().unwrap() {
        let mut document: BidDocument = serde_json::from_value(item["document"].clone()).unwrap();
        let error = document.verify_proof(&StarfireVerifier).unwrap_err();
        assert!(matches!(error, DocumentError::BadProof { .. }), "{error:?}");

        document.authentication = vec![format!("{}#key-1", document.id)];
        assert_eq!(
            document.verify_proof(&StarfireVerifier).unwrap(),
            ProofConvention::BidSdk
        );
    }
}

// --- Model ----------------------------------------------------------------------------------

#[test]
fn rfc004_example_reads_raw_public_keys_with_or_without_prefix() {
    let document = BidDocument::from_json(RFC004_EXAMPLE).unwrap();
    let entry = document
        .public_key_entry(&format!("{}#key-1", document.id))
        .unwrap();
    let key = entry.public_key().unwrap();
    assert_eq!(
        key.to_string(),
        "b06566b9906e1b50e81501369cc777979f8bcf27bd1917d794fa6d5e320b1ccc4f48bb"
    );

    let mut prefixed = entry.clone();
    prefixed.public_key_hex = key.to_string();
    assert_eq!(prefixed.public_key().unwrap(), key);

    // The example's proof is by a key of another BID, which the document does not list.
    let error = document.verify_proof(&StarfireVerifier).unwrap_err();
    assert!(
        matches!(error, DocumentError::KeyNotFound { .. }),
        "{error:?}"
    );
}

#[test]
fn documents_round_trip_through_json_unchanged() {
    for text in [RFC005_SOURCE, RFC004_EXAMPLE] {
        let document = BidDocument::from_json(text).unwrap();
        let again = BidDocument::from_json(&document.to_json().unwrap()).unwrap();
        assert_eq!(again, document);
        let original: Value = serde_json::from_str(text).unwrap();
        let written: Value = serde_json::from_str(&document.to_json().unwrap()).unwrap();
        assert_eq!(written, original);
    }
}

#[test]
fn unknown_fields_are_refused_by_name() {
    let response: Value = serde_json::from_str(RESOLVER_RESPONSE).unwrap();
    let text = response["data"]["didDocument"].to_string();
    let error = BidDocument::from_json(&text).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `delegateSign `"),
        "{error}"
    );

    let response: Value = serde_json::from_str(RESOLVER_SUBRESOLVE).unwrap();
    let text = response["data"]["didDocument"].to_string();
    let error = BidDocument::from_json(&text).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `delegateSign `"),
        "{error}"
    );

    let extra = RFC005_SOURCE.replacen('{', "{\"note\": \"x\",", 1);
    let error = BidDocument::from_json(&extra).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `note`"),
        "{error}"
    );
}

#[test]
fn document_times_have_one_form() {
    assert_eq!(
        DocTime::parse("2021-06-24T09:10:09Z").unwrap().as_str(),
        "2021-06-24T09:10:09Z"
    );
    for bad in [
        "2021-6-24T09:10:09Z",
        "2021-06-24 09:10:09Z",
        "2021-02-30T00:00:00Z",
        "2021-06-24T09:10:09",
        "2021-06-24T09:10:09.000Z",
        "2021-06-24T24:00:00Z",
    ] {
        assert_eq!(
            DocTime::parse(bad).unwrap_err(),
            DocumentError::Time {
                input: bad.to_owned()
            },
            "{bad}"
        );
    }
    let at = DocTime::from_millis(1_624_525_809_999).unwrap();
    assert_eq!(at.as_str(), "2021-06-24T09:10:09Z");
}

// --- Building and signing -------------------------------------------------------------------

fn fresh_document(signer: &KeyPair) -> BidDocument {
    let at = DocTime::parse("2025-01-02T03:04:05Z").unwrap();
    BidDocument::new(
        signer.bid().clone(),
        &Signer::public_key(signer),
        EntityType::Enterprise,
        at,
    )
}

#[test]
fn built_documents_sign_and_verify_under_both_conventions() {
    let signer = key(KEY_A);
    let key_id = format!("{}#key-1", signer.bid());
    for convention in [ProofConvention::Rfc, ProofConvention::BidSdk] {
        let mut document = fresh_document(&signer);
        document.sign(&signer, &key_id, convention).unwrap();
        assert_eq!(
            document.verify_proof(&StarfireVerifier).unwrap(),
            convention
        );

        let read = BidDocument::from_json(&document.to_json().unwrap()).unwrap();
        assert_eq!(read.verify_proof(&StarfireVerifier).unwrap(), convention);

        let value = &read.proof.as_ref().unwrap().signature_value;
        match convention {
            ProofConvention::Rfc => assert!(value.len() < 90),
            ProofConvention::BidSdk => {
                assert_eq!(value.len(), 128);
                assert_eq!(*value, value.to_uppercase());
            }
        }
    }
}

#[test]
fn signing_with_someone_elses_key_is_refused() {
    let owner = key(KEY_A);
    let stranger = key(RFC_TEST_KEY);
    let mut document = fresh_document(&owner);
    let key_id = format!("{}#key-1", owner.bid());

    let error = document
        .sign(&stranger, &key_id, ProofConvention::Rfc)
        .unwrap_err();
    assert!(
        matches!(error, DocumentError::SignerMismatch { .. }),
        "{error:?}"
    );
    assert!(document.proof.is_none());

    let missing = document
        .sign(&owner, "did:bid:x#key-9", ProofConvention::Rfc)
        .unwrap_err();
    assert!(
        matches!(missing, DocumentError::KeyNotFound { .. }),
        "{missing:?}"
    );
}

#[test]
fn a_key_listed_under_a_foreign_controller_does_not_verify() {
    let owner = key(KEY_A);
    let stranger = key(RFC_TEST_KEY);
    let mut document = fresh_document(&owner);
    let key_id = format!("{}#key-1", owner.bid());
    document
        .sign(&owner, &key_id, ProofConvention::Rfc)
        .unwrap();

    // Claim the owner's key for another BID: the verifier's key binding refuses it.
    let entry = &mut document.public_key.as_mut().unwrap()[0];
    entry.controller = stranger.bid().clone();
    let error = document.verify_proof(&StarfireVerifier).unwrap_err();
    assert!(matches!(error, DocumentError::BadProof { .. }), "{error:?}");
}

#[test]
fn undecodable_signature_values_are_named() {
    let mut document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    document.proof.as_mut().unwrap().signature_value = "0OIl".to_owned();
    let error = document.verify_proof(&StarfireVerifier).unwrap_err();
    assert_eq!(
        error.to_string(),
        "proof of did:bid:ef18F9AVK4SQLZPRrPkrVWwp9kbpdXHx: signature value \"0OIl\" is neither \
         128 hex digits nor starfire base58 of 64 bytes"
    );

    document.proof = None;
    assert!(matches!(
        document.verify_proof(&StarfireVerifier).unwrap_err(),
        DocumentError::MissingProof { .. }
    ));
}

#[test]
fn public_key_entries_check_their_type() {
    let mut document = BidDocument::from_json(RFC005_SOURCE).unwrap();
    let entry = &mut document.public_key.as_mut().unwrap()[0];
    entry.key_type = "SM2".to_owned();
    let error = entry.public_key().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("SM2 key does not start with b07a66"),
        "{error}"
    );

    entry.key_type = "RSA".to_owned();
    assert!(
        entry
            .public_key()
            .unwrap_err()
            .to_string()
            .contains("unknown key type \"RSA\"")
    );

    entry.key_type = "ED25519".to_owned();
    entry.public_key_hex = "b06566zz".to_owned();
    assert!(
        entry
            .public_key()
            .unwrap_err()
            .to_string()
            .contains("is not hex")
    );

    let sm2 = PublicKey::from_hex(
        "b07a66049c92405f0a7fc1a9e28a700efcd44ae695803c97769112c71cdbc221131c2544347a1efdc18dc5\
         3413add3aa95fbc4aee8b35ab34bfa641b9b1a51ac444de91c",
    )
    .unwrap();
    entry.key_type = "SM2".to_owned();
    entry.public_key_hex = hex::encode(&sm2.encoded()[3..]);
    assert_eq!(entry.public_key().unwrap(), sm2);
}
