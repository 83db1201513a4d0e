//! Transactions against the `transaction` entry of `starfire.json` and the C SDK's pay-coin
//! vector: blob, signature and hash byte for byte, decoding, and the submit body.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use isf_bid::tx::{
    Operation, OperationType, SignedTransaction, SubmitRequest, Transaction, TxSignature,
    transaction_hash,
};
use isf_bid::{BidError, KeyPair, StarfireVerifier};
use isf_core::{Bid, PublicKey, Signature, Signer};

use common::{bytes, paycoin, starfire, text};

fn vector_transaction() -> Transaction {
    let vectors = starfire();
    let decoded = &vectors["transaction"]["decoded"];
    let pay = &decoded["operations"][0]["pay_coin"];

    let operation = Operation::pay_coin(
        &Bid::parse(text(pay, "dest_address")).unwrap(),
        pay["amount"].as_i64().unwrap(),
        text(pay, "input"),
    );
    let mut transaction = Transaction::new(
        &Bid::parse(text(decoded, "source_address")).unwrap(),
        decoded["nonce"].as_i64().unwrap(),
        decoded["fee_limit"].as_i64().unwrap(),
        decoded["gas_price"].as_i64().unwrap(),
        vec![operation],
    );
    transaction.metadata = bytes(decoded, "metadata_hex");
    transaction
}

#[test]
fn transaction_vector_reproduces_blob_signature_and_hash() {
    let vectors = starfire();
    let entry = &vectors["transaction"];
    let pair = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap();
    assert_eq!(pair.public_key().to_string(), text(entry, "public_key"));
    assert_eq!(pair.bid().as_str(), text(entry, "source_bid"));

    let transaction = vector_transaction();
    assert_eq!(hex::encode(transaction.to_blob()), text(entry, "blob_hex"));

    let signed = SignedTransaction::sign(&transaction, &[&pair]).unwrap();
    assert_eq!(hex::encode(signed.blob()), text(entry, "blob_hex"));
    assert_eq!(
        signed.signatures()[0].sign_data.to_string(),
        text(entry, "sign_data_hex")
    );
    assert_eq!(signed.hash().to_string(), text(entry, "hash_hex"));
    signed.verify(&StarfireVerifier).unwrap();
}

#[test]
fn transaction_vector_decodes() {
    let vectors = starfire();
    let blob = bytes(&vectors["transaction"], "blob_hex");

    let decoded = Transaction::from_blob_exact(&blob).unwrap();
    assert_eq!(decoded, vector_transaction());
    assert_eq!(decoded.nonce, 1);
    assert_eq!(
        decoded.operations[0].operation_type(),
        Some(OperationType::PayCoin)
    );
    assert_eq!(
        decoded.operations[0].pay_coin.as_ref().unwrap().input,
        "{\"bar\":\"foo\"}"
    );
    decoded.validate().unwrap();
}

#[test]
fn submit_body_has_the_node_shape() {
    let vectors = starfire();
    let entry = &vectors["transaction"];
    let pair = KeyPair::from_private_str(text(entry, "private_key"), None).unwrap();
    let signed = SignedTransaction::sign(&vector_transaction(), &[&pair]).unwrap();

    let body: serde_json::Value =
        serde_json::from_str(&SubmitRequest::new(&[signed]).to_json()).unwrap();
    let expected = serde_json::json!({
        "items": [{
            "transaction_blob": text(entry, "blob_hex"),
            "signatures": [{
                "sign_data": text(entry, "sign_data_hex"),
                "public_key": text(entry, "public_key"),
            }],
        }],
    });
    assert_eq!(body, expected);
}

#[test]
fn c_sdk_paycoin_vector() {
    let vector = paycoin();
    let expected = &vector["expected"];
    let blob = bytes(&vector, "transaction_blob_hex");

    assert_eq!(
        transaction_hash(&blob).to_string(),
        text(expected, "tx_hash_sha256_of_blob_bytes")
    );

    let decoded = Transaction::from_blob_exact(&blob).unwrap();
    let source = Bid::parse(&decoded.source_address).unwrap();
    assert_eq!(source.as_str(), text(expected, "address_from_public_key"));
    assert_eq!(decoded.nonce, 2);
    assert_eq!(decoded.fee_limit, 1_000_000);
    assert_eq!(decoded.gas_price, 1);
    assert_eq!(hex::encode(&decoded.metadata), "0123456789abcdef");
    assert_eq!(decoded.domain_id, 0);

    let pay = decoded.operations[0].pay_coin.as_ref().unwrap();
    assert_eq!(pay.dest_address, "did:bid:efNiQPEGnhTPqaFatoF1p9wgr152P68F");
    assert_eq!((pay.amount, pay.input.as_str()), (8, "{}"));

    let rebuilt = Transaction {
        metadata: decoded.metadata.clone(),
        ..Transaction::new(
            &source,
            2,
            1_000_000,
            1,
            vec![Operation::pay_coin(
                &Bid::parse(&pay.dest_address).unwrap(),
                8,
                "{}",
            )],
        )
    };
    assert_eq!(rebuilt.to_blob(), blob);

    let signed = SignedTransaction::from_parts(
        blob,
        vec![TxSignature {
            public_key: PublicKey::from_hex(text(&vector, "public_key")).unwrap(),
            sign_data: Signature::from_hex(text(&vector, "sign_data_hex")).unwrap(),
        }],
    );
    signed.verify(&StarfireVerifier).unwrap();
}

#[test]
fn tampered_blob_fails_verification() {
    let vector = paycoin();
    let mut blob = bytes(&vector, "transaction_blob_hex");
    let last = blob.len() - 1;
    blob[last] = 2; // gas_price 1 -> 2

    let signed = SignedTransaction::from_parts(
        blob,
        vec![TxSignature {
            public_key: PublicKey::from_hex(text(&vector, "public_key")).unwrap(),
            sign_data: Signature::from_hex(text(&vector, "sign_data_hex")).unwrap(),
        }],
    );
    let error = signed.verify(&StarfireVerifier).unwrap_err();
    assert!(matches!(error, BidError::BadSignature { .. }), "{error}");
}

#[test]
fn signature_by_a_stranger_is_refused() {
    let vectors = starfire();
    let stranger =
        KeyPair::from_private_str(text(&vectors["ed25519"][0], "private_key"), None).unwrap();
    let transaction = vector_transaction();
    let signed = SignedTransaction::sign(&transaction, &[&stranger]).unwrap();

    let error = signed.verify(&StarfireVerifier).unwrap_err();
    assert!(matches!(error, BidError::KeyMismatch { .. }), "{error}");
}

#[test]
fn garbage_blobs_are_refused() {
    for garbage in [&[0xff_u8][..], &[0x0a, 0x05, b'a'], &[0x22, 0x80], &[0x08]] {
        let error = Transaction::from_blob(garbage).unwrap_err();
        assert!(
            matches!(error, BidError::TxDecode { .. }),
            "{garbage:?}: {error}"
        );
    }

    // Well-formed protobuf with a field the SDK does not model: readable, but not exact.
    let vectors = starfire();
    let mut blob = bytes(&vectors["transaction"], "blob_hex");
    blob.extend_from_slice(&[0xa8, 0x06, 0x01]); // field 101, varint 1
    assert!(Transaction::from_blob(&blob).is_ok());
    let error = Transaction::from_blob_exact(&blob).unwrap_err();
    assert!(error.to_string().contains("does not model"), "{error}");
}

#[test]
fn invalid_transactions_are_not_signed() {
    let vectors = starfire();
    let pair =
        KeyPair::from_private_str(text(&vectors["transaction"], "private_key"), None).unwrap();
    let signers: [&dyn Signer; 1] = [&pair];

    let mut zero_nonce = vector_transaction();
    zero_nonce.nonce = 0;
    let mut no_ops = vector_transaction();
    no_ops.operations.clear();
    let mut negative = vector_transaction();
    negative.operations[0].pay_coin.as_mut().unwrap().amount = -1;
    let mut bad_dest = vector_transaction();
    bad_dest.operations[0]
        .pay_coin
        .as_mut()
        .unwrap()
        .dest_address = "did:bid:ef0".to_owned();
    let mut long_key = vector_transaction();
    long_key.operations = vec![Operation::set_metadata(&"k".repeat(1025), "v", 0, false)];

    for (transaction, field) in [
        (zero_nonce, "nonce"),
        (no_ops, "operations"),
        (negative, "pay_coin.amount"),
        (bad_dest, "pay_coin.dest_address"),
        (long_key, "set_metadata.key"),
    ] {
        match SignedTransaction::sign(&transaction, &signers) {
            Err(BidError::InvalidTransaction { field: named, .. }) => assert_eq!(named, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(SignedTransaction::sign(&vector_transaction(), &[]).is_err());
}

#[test]
fn account_and_metadata_operations_round_trip() {
    let vectors = starfire();
    let source = Bid::parse(text(&vectors["transaction"], "source_bid")).unwrap();
    let dest = Bid::parse(text(&vectors["ed25519"][0], "bid")).unwrap();
    let operations = vec![
        Operation::create_account(&dest, 10_000_000),
        Operation::set_metadata("voucher", "{\"id\":1}", 0, false),
        Operation::create_contract(
            isf_bid::tx::ContractType::Javascript,
            "\"use strict\";function init(){}function main(){}",
            0,
            "",
        ),
    ];
    let transaction = Transaction::new(&source, 3, 1_000_000, 100, operations);
    transaction.validate().unwrap();

    let blob = transaction.to_blob();
    assert_eq!(Transaction::from_blob_exact(&blob).unwrap(), transaction);
    let create = transaction.operations[0].create_account.as_ref().unwrap();
    let privilege = create.r#priv.as_ref().unwrap();
    assert_eq!(privilege.master_weight, 1);
    assert_eq!(privilege.thresholds.as_ref().unwrap().tx_threshold, 1);
}
