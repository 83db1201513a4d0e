#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Contract signing (链上签): order, duplicates, strangers, changed documents, export and
//! offline verification.

use std::collections::BTreeMap;

use isf_bid::contract::{
    Contract, ContractError, ContractTerms, SigningOrder, verify_contract_json,
};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Hash32, Signer};

const KEY_A: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
const KEY_B: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
const KEY_C: &str = "priSPKqB8wCf8GtiKCG1yN3RHPVLbfcXLmkFfHLGjSgrMRD7AJ";
const KEY_D: &str = "priSPKnDue7AJ42gt7acy4AVaobGJtM871r1eukZ2M6eeW5LxG";

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn parties() -> [KeyPair; 3] {
    [key(KEY_A), key(KEY_B), key(KEY_C)]
}

fn terms(order: SigningOrder, document: &[u8]) -> ContractTerms {
    ContractTerms {
        document_hash: Hash32::of(document),
        title: "应收账款转让协议".to_owned(),
        metadata: BTreeMap::from([("amount_fen".to_owned(), "12345600".to_owned())]),
        signers: parties().iter().map(|party| party.bid().clone()).collect(),
        order,
    }
}

fn contract(order: SigningOrder) -> Contract {
    Contract::new(terms(order, b"contract v1")).unwrap()
}

/// A different character that changes the value under every reading (never a case swap).
fn mutate(character: char) -> char {
    match character {
        '0'..='8' | 'a'..='y' | 'A'..='Y' => char::from(character as u8 + 1),
        '9' => '0',
        'z' => 'a',
        'Z' => 'A',
        '"' => '\'',
        _ if character.is_ascii() => '~',
        _ => 'X',
    }
}

#[test]
fn sequential_contract_is_signed_in_order() {
    let [a, b, c] = parties();
    let mut contract = contract(SigningOrder::Sequential);
    assert_eq!(contract.next_signer(), Some(a.bid()));

    let error = contract.sign(&b, &StarfireVerifier).unwrap_err();
    assert_eq!(
        error,
        ContractError::OutOfOrder {
            contract: contract.id(),
            signer: b.bid().clone(),
            expected: a.bid().clone(),
        }
    );
    assert!(contract.signatures().is_empty());

    contract.sign(&a, &StarfireVerifier).unwrap();
    assert!(matches!(
        contract.sign(&c, &StarfireVerifier).unwrap_err(),
        ContractError::OutOfOrder { .. }
    ));
    contract.sign(&b, &StarfireVerifier).unwrap();
    assert!(!contract.is_complete());
    assert_eq!(contract.missing_signers(), vec![c.bid()]);
    contract.sign(&c, &StarfireVerifier).unwrap();
    assert!(contract.is_complete());
    contract.require_complete().unwrap();
}

#[test]
fn any_order_contract_accepts_every_order() {
    let [a, b, c] = parties();
    let mut contract = contract(SigningOrder::AnyOrder);
    for party in [&c, &a, &b] {
        contract.sign(party, &StarfireVerifier).unwrap();
    }
    assert!(contract.is_complete());
}

#[test]
fn double_signing_and_strangers_are_refused() {
    let [a, _, _] = parties();
    let stranger = key(KEY_D);
    let mut contract = contract(SigningOrder::AnyOrder);
    contract.sign(&a, &StarfireVerifier).unwrap();

    assert_eq!(
        contract.sign(&a, &StarfireVerifier).unwrap_err(),
        ContractError::AlreadySigned {
            contract: contract.id(),
            signer: a.bid().clone(),
        }
    );
    assert_eq!(
        contract.sign(&stranger, &StarfireVerifier).unwrap_err(),
        ContractError::NotASigner {
            contract: contract.id(),
            signer: stranger.bid().clone(),
        }
    );
    assert_eq!(contract.signatures().len(), 1);
}

#[test]
fn a_signature_over_a_changed_document_is_refused() {
    let [a, _, _] = parties();
    let mut contract = contract(SigningOrder::Sequential);
    let changed = Contract::new(terms(SigningOrder::Sequential, b"contract v2")).unwrap();
    assert_ne!(changed.id(), contract.id());

    let signature = a.sign(&changed.signing_bytes().unwrap()).unwrap();
    let error = contract
        .add_signature(
            a.bid().clone(),
            Signer::public_key(&a),
            signature,
            &StarfireVerifier,
        )
        .unwrap_err();
    assert!(
        matches!(error, ContractError::BadSignature { .. }),
        "{error:?}"
    );
    assert!(error.to_string().starts_with(&format!(
        "signature of {} on contract {} does not verify",
        a.bid(),
        contract.id()
    )));
    assert!(contract.signatures().is_empty());
}

#[test]
fn a_signature_with_someone_elses_key_is_refused() {
    let [a, b, _] = parties();
    let mut contract = contract(SigningOrder::Sequential);
    let signature = b.sign(&contract.signing_bytes().unwrap()).unwrap();
    let error = contract
        .add_signature(
            a.bid().clone(),
            Signer::public_key(&b),
            signature,
            &StarfireVerifier,
        )
        .unwrap_err();
    assert!(
        matches!(error, ContractError::BadSignature { .. }),
        "{error:?}"
    );
}

#[test]
fn every_term_is_in_the_signed_bytes() {
    let base = contract(SigningOrder::Sequential);
    let mut swapped = terms(SigningOrder::Sequential, b"contract v1");
    swapped.signers.swap(1, 2);
    let mut retitled = terms(SigningOrder::Sequential, b"contract v1");
    retitled.title.push('!');
    let mut extra = terms(SigningOrder::Sequential, b"contract v1");
    extra.metadata.insert("note".to_owned(), String::new());
    let reordered = terms(SigningOrder::AnyOrder, b"contract v1");

    for other in [swapped, retitled, extra, reordered] {
        let other = Contract::new(other).unwrap();
        assert_ne!(other.id(), base.id());
        assert_ne!(
            other.signing_bytes().unwrap(),
            base.signing_bytes().unwrap()
        );
    }
    assert!(
        base.signing_bytes()
            .unwrap()
            .starts_with(b"ISF-SDK/contract/v1\0{")
    );
}

#[test]
fn bad_terms_are_refused() {
    let mut empty = terms(SigningOrder::Sequential, b"x");
    empty.signers.clear();
    let mut twice = terms(SigningOrder::Sequential, b"x");
    twice.signers.push(twice.signers[0].clone());
    let mut untitled = terms(SigningOrder::Sequential, b"x");
    untitled.title = "  ".to_owned();
    let mut blank_key = terms(SigningOrder::Sequential, b"x");
    blank_key.metadata.insert(String::new(), "v".to_owned());

    for (bad, reason) in [
        (empty, "a contract needs at least one signer".to_owned()),
        (
            twice,
            format!("signer {} is listed twice", key(KEY_A).bid()),
        ),
        (
            untitled,
            "title \"  \" must have 1 to 200 characters".to_owned(),
        ),
        (blank_key, "metadata keys must not be blank".to_owned()),
    ] {
        assert_eq!(
            Contract::new(bad).unwrap_err(),
            ContractError::InvalidTerms { reason }
        );
    }
}

#[test]
fn exported_contracts_verify_offline_and_report_who_is_missing() {
    let [a, b, c] = parties();
    let mut contract = contract(SigningOrder::Sequential);
    contract.sign(&a, &StarfireVerifier).unwrap();

    let status = verify_contract_json(&contract.to_json().unwrap(), &StarfireVerifier).unwrap();
    assert!(!status.is_complete());
    assert_eq!(status.missing, vec![b.bid().clone(), c.bid().clone()]);
    assert_eq!(status.contract, contract);

    contract.sign(&b, &StarfireVerifier).unwrap();
    contract.sign(&c, &StarfireVerifier).unwrap();
    let status = verify_contract_json(&contract.to_json().unwrap(), &StarfireVerifier).unwrap();
    assert!(status.is_complete());

    let incomplete = Contract::new(terms(SigningOrder::AnyOrder, b"y")).unwrap();
    assert_eq!(
        incomplete.require_complete().unwrap_err().to_string(),
        format!(
            "contract {} is missing signatures of {}, {}, {}",
            incomplete.id(),
            a.bid(),
            b.bid(),
            c.bid()
        )
    );
}

#[test]
fn reordered_signatures_break_a_sequential_contract_only() {
    let [a, b, _] = parties();
    for order in [SigningOrder::Sequential, SigningOrder::AnyOrder] {
        let mut contract = contract(order);
        contract.sign(&a, &StarfireVerifier).unwrap();
        contract.sign(&b, &StarfireVerifier).unwrap();

        let mut value: serde_json::Value =
            serde_json::from_str(&contract.to_json().unwrap()).unwrap();
        value["signatures"].as_array_mut().unwrap().swap(0, 1);
        let verdict = verify_contract_json(&value.to_string(), &StarfireVerifier);
        match order {
            SigningOrder::Sequential => assert!(matches!(
                verdict.unwrap_err(),
                ContractError::OutOfOrder { .. }
            )),
            SigningOrder::AnyOrder => assert!(verdict.is_ok()),
        }
    }
}

#[test]
fn changing_any_character_of_the_json_is_detected() {
    let [a, _, _] = parties();
    let mut contract = contract(SigningOrder::Sequential);
    contract.sign(&a, &StarfireVerifier).unwrap();
    let json = contract.to_json().unwrap();

    let mut reasons = BTreeMap::<&str, usize>::new();
    for (index, original) in json.char_indices() {
        let mut changed = json.clone();
        changed.replace_range(
            index..index + original.len_utf8(),
            &mutate(original).to_string(),
        );
        let error = verify_contract_json(&changed, &StarfireVerifier)
            .err()
            .unwrap_or_else(|| panic!("change at byte {index} accepted: {changed}"));
        let kind = match error {
            ContractError::Json { .. } => "json",
            ContractError::IdMismatch { .. } => "id",
            ContractError::BadSignature { .. } => "signature",
            _ => "other",
        };
        *reasons.entry(kind).or_default() += 1;
    }
    assert!(reasons.get("id").copied().unwrap_or(0) > 50, "{reasons:?}");
    assert!(
        reasons.get("signature").copied().unwrap_or(0) > 50,
        "{reasons:?}"
    );
}

#[test]
fn duplicated_signature_in_json_is_refused() {
    let [a, _, _] = parties();
    let mut contract = contract(SigningOrder::AnyOrder);
    contract.sign(&a, &StarfireVerifier).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&contract.to_json().unwrap()).unwrap();
    let first = value["signatures"][0].clone();
    value["signatures"].as_array_mut().unwrap().push(first);

    let error = verify_contract_json(&value.to_string(), &StarfireVerifier).unwrap_err();
    assert!(
        matches!(error, ContractError::AlreadySigned { .. }),
        "{error:?}"
    );
}

#[test]
fn signer_bids_must_be_well_formed_in_json() {
    let json = contract(SigningOrder::AnyOrder).to_json().unwrap();
    let broken = json.replacen("did:bid:ef", "did:bid:xx", 1);
    let error = verify_contract_json(&broken, &StarfireVerifier).unwrap_err();
    assert!(matches!(error, ContractError::Json { .. }), "{error:?}");
}
