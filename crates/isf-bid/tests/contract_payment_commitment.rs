#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The payment commitment (付款承诺函) as a contract signed by the core enterprise.

use std::collections::BTreeMap;

use isf_bid::contract::{
    Contract, ContractError, ContractTerms, PAYMENT_COMMITMENT_KIND, PaymentCommitment,
    SigningOrder,
};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Bid, BizDate, Fen, Hash32, VoucherId};

/// The core enterprise: `did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE`.
const CORE_KEY: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
/// The platform, a co-signer: `did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe`.
const PLATFORM_KEY: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
const SUPPLIER: &str = "did:bid:efKkF5uKsopAishxkYja4ULRJhrhrJQU";

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn commitment() -> PaymentCommitment {
    PaymentCommitment {
        voucher_no: VoucherId::parse("V-2025-000123").unwrap(),
        face_amount: Fen::new(100_000_000).unwrap(),
        payment_date: BizDate::new(2025, 12, 31).unwrap(),
        issuer: key(CORE_KEY).bid().clone(),
        payee: Bid::parse(SUPPLIER).unwrap(),
        document_hash: Hash32::of(b"letter"),
    }
}

#[test]
fn commitment_contract_carries_the_terms_and_the_issuer_signs() {
    let mut contract = commitment().to_contract().unwrap();
    let terms = contract.terms();
    assert_eq!(terms.title, "付款承诺函 V-2025-000123");
    assert_eq!(terms.signers, vec![key(CORE_KEY).bid().clone()]);
    assert_eq!(terms.order, SigningOrder::Sequential);
    assert_eq!(terms.metadata["kind"], PAYMENT_COMMITMENT_KIND);
    assert_eq!(terms.metadata["face_amount_fen"], "100000000");
    assert_eq!(terms.metadata["payment_date"], "2025-12-31");
    assert_eq!(terms.metadata["payee"], SUPPLIER);

    assert_eq!(
        PaymentCommitment::from_contract(&contract).unwrap(),
        commitment()
    );
    let error = PaymentCommitment::from_completed(&contract).unwrap_err();
    assert!(
        matches!(error, ContractError::Incomplete { .. }),
        "{error:?}"
    );

    contract.sign(&key(CORE_KEY), &StarfireVerifier).unwrap();
    assert_eq!(
        PaymentCommitment::from_completed(&contract).unwrap(),
        commitment()
    );
}

#[test]
fn a_payee_cannot_sign_in_place_of_the_issuer() {
    let mut contract = commitment().to_contract().unwrap();
    let error = contract
        .sign(&key(PLATFORM_KEY), &StarfireVerifier)
        .unwrap_err();
    assert!(
        matches!(error, ContractError::NotASigner { .. }),
        "{error:?}"
    );
}

#[test]
fn co_signers_follow_the_issuer() {
    let platform = key(PLATFORM_KEY);
    let mut contract = commitment()
        .to_contract_with(std::slice::from_ref(platform.bid()))
        .unwrap();
    assert!(matches!(
        contract.sign(&platform, &StarfireVerifier).unwrap_err(),
        ContractError::OutOfOrder { .. }
    ));
    contract.sign(&key(CORE_KEY), &StarfireVerifier).unwrap();
    contract.sign(&platform, &StarfireVerifier).unwrap();

    let json = contract.to_json().unwrap();
    let read = Contract::from_json(&json, &StarfireVerifier).unwrap();
    assert_eq!(
        PaymentCommitment::from_completed(&read).unwrap(),
        commitment()
    );
}

#[test]
fn zero_amounts_and_self_payment_are_refused() {
    let mut zero = commitment();
    zero.face_amount = Fen::ZERO;
    assert!(matches!(
        zero.to_contract(),
        Err(ContractError::InvalidTerms { .. })
    ));

    let mut own = commitment();
    own.payee = own.issuer.clone();
    assert!(matches!(
        own.to_contract(),
        Err(ContractError::InvalidTerms { .. })
    ));
}

type Edit = Box<dyn Fn(&mut ContractTerms)>;

#[test]
fn other_contracts_are_not_commitments() {
    let base = commitment().to_contract().unwrap().terms().clone();
    let cases: [(&str, Edit); 5] = [
        (
            "metadata \"kind\" is not \"payment_commitment\"",
            Box::new(|t| {
                t.metadata.insert("kind".to_owned(), "loan".to_owned());
            }),
        ),
        (
            "metadata has no \"payee\"",
            Box::new(|t| {
                t.metadata.remove("payee");
            }),
        ),
        (
            "metadata \"face_amount_fen\" is invalid",
            Box::new(|t| {
                t.metadata
                    .insert("face_amount_fen".to_owned(), "1,000.00".to_owned());
            }),
        ),
        (
            "metadata \"payment_date\" is invalid",
            Box::new(|t| {
                t.metadata
                    .insert("payment_date".to_owned(), "2025-02-30".to_owned());
            }),
        ),
        (
            "is not the first signer",
            Box::new(|t| {
                t.signers = vec![Bid::parse(SUPPLIER).unwrap()];
            }),
        ),
    ];

    for (expected, edit) in cases {
        let mut terms = base.clone();
        edit(&mut terms);
        let contract = Contract::new(terms).unwrap();
        let error = PaymentCommitment::from_contract(&contract).unwrap_err();
        assert!(
            matches!(error, ContractError::NotPaymentCommitment { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }

    let plain = Contract::new(ContractTerms {
        metadata: BTreeMap::new(),
        ..base
    })
    .unwrap();
    assert!(PaymentCommitment::from_contract(&plain).is_err());
}
