#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The BidResolver port and the registration and update rules of MemoryBidRegistry.

use std::sync::Arc;

use isf_bid::document::{
    BidDocument, DocTime, DocumentError, EntityType, ProofConvention, PublicKeyEntry,
};
use isf_bid::resolver::{BidResolver, MemoryBidRegistry, RegistryError, ResolveError};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Bid, Signer};
use serde_json::Value;

const RFC005_SOURCE: &str =
    include_str!("vectors/bif-examples/proof-rfc005-bid-document-source.json");
const BIDSDK_IS_VALID: &str = include_str!("vectors/bif-examples/bidsdk-isValidProof-request.json");

/// `did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE`.
const KEY_A: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
/// `did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe`.
const KEY_B: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn at(text: &str) -> DocTime {
    DocTime::parse(text).unwrap()
}

fn key_1(signer: &KeyPair) -> String {
    format!("{}#key-1", signer.bid())
}

/// A document for `owner` created at `created`, signed by `owner`'s own key.
fn signed_document(owner: &KeyPair, created: &str) -> BidDocument {
    let mut document = BidDocument::new(
        owner.bid().clone(),
        &Signer::public_key(owner),
        EntityType::Enterprise,
        at(created),
    );
    document
        .sign(owner, &key_1(owner), ProofConvention::Rfc)
        .unwrap();
    document
}

/// `document` as a newer version dated `updated`, with `edit` applied, signed by `signer`
/// under `key_id`.
fn new_version(
    document: &BidDocument,
    updated: &str,
    signer: &KeyPair,
    key_id: &str,
    edit: impl FnOnce(&mut BidDocument),
) -> BidDocument {
    let mut next = document.clone();
    next.updated = at(updated);
    edit(&mut next);
    next.sign(signer, key_id, ProofConvention::Rfc).unwrap();
    next
}

#[test]
fn registers_and_resolves_real_vector_documents() {
    let mut registry = MemoryBidRegistry::new();
    let rfc = BidDocument::from_json(RFC005_SOURCE).unwrap();
    let request: Value = serde_json::from_str(BIDSDK_IS_VALID).unwrap();
    let sdk: BidDocument = serde_json::from_value(request["didDocument"].clone()).unwrap();

    registry.register(rfc.clone(), &StarfireVerifier).unwrap();
    registry.register(sdk.clone(), &StarfireVerifier).unwrap();

    assert_eq!(registry.len(), 2);
    assert_eq!(registry.resolve(&rfc.id).unwrap(), rfc);
    assert_eq!(registry.resolve(&sdk.id).unwrap(), sdk);
}

#[test]
fn unknown_bid_is_not_found_and_not_retryable() {
    let registry = MemoryBidRegistry::new();
    let bid = Bid::parse("did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE").unwrap();
    let error = registry.resolve(&bid).unwrap_err();
    assert_eq!(error, ResolveError::NotFound { bid: bid.clone() });
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "no bid document for did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE"
    );

    let busy = ResolveError::Unavailable {
        bid,
        reason: "server too busy (3)".to_owned(),
        retryable: true,
    };
    assert!(busy.is_retryable());
}

#[test]
fn resolver_works_through_references_boxes_and_arcs() {
    let owner = key(KEY_A);
    let mut registry = MemoryBidRegistry::new();
    registry
        .register(
            signed_document(&owner, "2025-01-01T00:00:00Z"),
            &StarfireVerifier,
        )
        .unwrap();

    let shared: Arc<dyn BidResolver> = Arc::new(registry.clone());
    let boxed: Box<dyn BidResolver> = Box::new(registry.clone());
    let by_ref: &dyn BidResolver = &registry;
    for resolver in [&shared as &dyn BidResolver, &boxed, &by_ref] {
        assert_eq!(resolver.resolve(owner.bid()).unwrap().id, *owner.bid());
    }
}

#[test]
fn registration_refuses_duplicates_and_missing_proofs() {
    let owner = key(KEY_A);
    let mut registry = MemoryBidRegistry::new();
    let document = signed_document(&owner, "2025-01-01T00:00:00Z");
    registry
        .register(document.clone(), &StarfireVerifier)
        .unwrap();

    assert_eq!(
        registry
            .register(document.clone(), &StarfireVerifier)
            .unwrap_err(),
        RegistryError::AlreadyRegistered {
            bid: owner.bid().clone()
        }
    );

    let other = key(KEY_B);
    let mut unsigned = signed_document(&other, "2025-01-01T00:00:00Z");
    unsigned.proof = None;
    assert_eq!(
        registry.register(unsigned, &StarfireVerifier).unwrap_err(),
        RegistryError::Document(DocumentError::MissingProof {
            bid: other.bid().clone()
        })
    );
}

#[test]
fn registration_requires_the_bids_own_key() {
    let owner = key(KEY_A);
    let squatter = key(KEY_B);

    // A document for A, signed by B's key which it lists, honestly, as controlled by B.
    let mut document = signed_document(&owner, "2025-01-01T00:00:00Z");
    let foreign_id = format!("{}#key-2", owner.bid());
    let entry = PublicKeyEntry::new(
        foreign_id.clone(),
        squatter.bid().clone(),
        &Signer::public_key(&squatter),
    );
    document.public_key.as_mut().unwrap().push(entry);
    document
        .sign(&squatter, &foreign_id, ProofConvention::Rfc)
        .unwrap();
    document.verify_proof(&StarfireVerifier).unwrap();

    let error = MemoryBidRegistry::new()
        .register(document, &StarfireVerifier)
        .unwrap_err();
    assert_eq!(
        error,
        RegistryError::IdMismatch {
            bid: owner.bid().clone(),
            key_id: foreign_id,
            controller: squatter.bid().clone(),
        }
    );
}

#[test]
fn registration_refuses_a_key_claimed_for_the_wrong_bid() {
    let owner = key(KEY_A);
    let squatter = key(KEY_B);

    // B's key listed as controlled by A: the key binding check refuses it.
    let mut document = BidDocument::new(
        owner.bid().clone(),
        &Signer::public_key(&squatter),
        EntityType::Enterprise,
        at("2025-01-01T00:00:00Z"),
    );
    let signature = squatter
        .sign(&document.signing_bytes(ProofConvention::Rfc).unwrap())
        .unwrap();
    document.proof = Some(isf_bid::document::Proof {
        creator: key_1(&owner),
        signature_value: ProofConvention::Rfc.encode(&signature),
    });

    let error = MemoryBidRegistry::new()
        .register(document, &StarfireVerifier)
        .unwrap_err();
    assert!(
        matches!(
            error,
            RegistryError::Document(DocumentError::BadProof { .. })
        ),
        "{error:?}"
    );
}

#[test]
fn updates_need_a_newer_date() {
    let owner = key(KEY_A);
    let mut registry = MemoryBidRegistry::new();
    let first = signed_document(&owner, "2025-01-01T00:00:00Z");
    registry.register(first.clone(), &StarfireVerifier).unwrap();

    let same = new_version(
        &first,
        "2025-01-01T00:00:00Z",
        &owner,
        &key_1(&owner),
        |d| {
            d.extension.as_mut().unwrap().ttl = 3600;
        },
    );
    assert_eq!(
        registry.update(same, &StarfireVerifier).unwrap_err(),
        RegistryError::Stale {
            bid: owner.bid().clone(),
            current: at("2025-01-01T00:00:00Z"),
            offered: at("2025-01-01T00:00:00Z"),
        }
    );

    let newer = new_version(
        &first,
        "2025-02-01T00:00:00Z",
        &owner,
        &key_1(&owner),
        |d| {
            d.extension.as_mut().unwrap().ttl = 3600;
        },
    );
    registry.update(newer.clone(), &StarfireVerifier).unwrap();
    assert_eq!(registry.resolve(owner.bid()).unwrap(), newer);

    let older = new_version(
        &first,
        "2025-01-15T00:00:00Z",
        &owner,
        &key_1(&owner),
        |_| {},
    );
    assert!(matches!(
        registry.update(older, &StarfireVerifier).unwrap_err(),
        RegistryError::Stale { .. }
    ));
    assert_eq!(registry.resolve(owner.bid()).unwrap(), newer);
}

#[test]
fn updates_need_a_key_authorised_by_the_current_version() {
    let owner = key(KEY_A);
    let intruder = key(KEY_B);
    let mut registry = MemoryBidRegistry::new();
    let first = signed_document(&owner, "2025-01-01T00:00:00Z");
    registry.register(first.clone(), &StarfireVerifier).unwrap();

    // The intruder adds its own key to the new version and signs with it.
    let intruder_id = format!("{}#key-2", owner.bid());
    let added = new_version(
        &first,
        "2025-02-01T00:00:00Z",
        &intruder,
        &intruder_id,
        |d| {
            let entry = PublicKeyEntry::new(
                intruder_id.clone(),
                intruder.bid().clone(),
                &Signer::public_key(&intruder),
            );
            d.public_key.as_mut().unwrap().push(entry);
            d.authentication.push(intruder_id.clone());
        },
    );
    assert_eq!(
        registry.update(added, &StarfireVerifier).unwrap_err(),
        RegistryError::NotAuthorised {
            bid: owner.bid().clone(),
            key_id: intruder_id,
        }
    );

    // The intruder swaps the material behind the authorised key id: checked against the
    // current version's key, the signature fails.
    let swapped = new_version(
        &first,
        "2025-02-01T00:00:00Z",
        &intruder,
        &key_1(&owner),
        |d| {
            d.public_key.as_mut().unwrap()[0] = PublicKeyEntry::new(
                key_1(&owner),
                intruder.bid().clone(),
                &Signer::public_key(&intruder),
            );
        },
    );
    swapped.verify_proof(&StarfireVerifier).unwrap();
    let error = registry.update(swapped, &StarfireVerifier).unwrap_err();
    assert!(
        matches!(
            error,
            RegistryError::Document(DocumentError::BadProof { .. })
        ),
        "{error:?}"
    );
    assert_eq!(registry.resolve(owner.bid()).unwrap(), first);
}

#[test]
fn a_key_of_another_registered_bid_can_be_authorised() {
    let owner = key(KEY_A);
    let manager = key(KEY_B);
    let mut registry = MemoryBidRegistry::new();
    registry
        .register(
            signed_document(&manager, "2025-01-01T00:00:00Z"),
            &StarfireVerifier,
        )
        .unwrap();

    let mut first = BidDocument::new(
        owner.bid().clone(),
        &Signer::public_key(&owner),
        EntityType::Enterprise,
        at("2025-01-01T00:00:00Z"),
    );
    first.authentication = vec![key_1(&manager)];
    first
        .sign(&owner, &key_1(&owner), ProofConvention::BidSdk)
        .unwrap();
    registry.register(first.clone(), &StarfireVerifier).unwrap();

    let mut next = first.clone();
    next.updated = at("2025-03-01T00:00:00Z");
    next.extension.as_mut().unwrap().ttl = 600;
    next.proof = None;
    let message = next.signing_bytes(ProofConvention::BidSdk).unwrap();
    let signature = manager.sign(&message).unwrap();
    next.proof = Some(isf_bid::document::Proof {
        creator: key_1(&manager),
        signature_value: ProofConvention::BidSdk.encode(&signature),
    });
    registry.update(next.clone(), &StarfireVerifier).unwrap();
    assert_eq!(registry.resolve(owner.bid()).unwrap(), next);

    // The owner's own key is no longer in `authentication`.
    let own = new_version(
        &next,
        "2025-04-01T00:00:00Z",
        &owner,
        &key_1(&owner),
        |_| {},
    );
    assert!(matches!(
        registry.update(own, &StarfireVerifier).unwrap_err(),
        RegistryError::NotAuthorised { .. }
    ));
}

#[test]
fn updating_an_unknown_bid_is_refused() {
    let owner = key(KEY_A);
    let document = signed_document(&owner, "2025-01-01T00:00:00Z");
    assert_eq!(
        MemoryBidRegistry::new()
            .update(document, &StarfireVerifier)
            .unwrap_err(),
        RegistryError::NotRegistered {
            bid: owner.bid().clone()
        }
    );
}
