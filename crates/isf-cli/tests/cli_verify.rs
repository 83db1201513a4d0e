#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! `isf verify`: credentials, contracts and revocation lists made with the library and signed
//! by the StarFire vector keys verify offline; one changed character anywhere that matters is
//! refused with a reason; an incomplete contract names its missing signers.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{CORE, FACTOR, OPERATOR, OPERATOR_BID, TIER1, TIER3, TIER3_BID, arg, isf};
use isf::bid::contract::{Contract, ContractTerms, PaymentCommitment, SigningOrder};
use isf::bid::credential::{
    CREDENTIAL_DOMAIN, Credential, CredentialClaims, CredentialId, CredentialTerms, PartyRole,
    RevocationList,
};
use isf::bid::realname::{IdNumberKind, LegalIdentity, Uscc};
use isf::bid::{KeyPair, StarfireVerifier};
use isf::core::canonical::to_canonical_json;
use isf::core::{BizDate, Fen, Hash32, VoucherId};
use tempfile::TempDir;

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn date(text: &str) -> BizDate {
    BizDate::parse(text).unwrap()
}

/// The operator's credential for tier 3 as a supplier, valid from `from` until `until`.
fn credential_json(id: &str, from: &str, until: &str) -> String {
    let identity =
        LegalIdentity::enterprise("某某有限公司", Uscc::parse("91510600MA62D0000A").unwrap())
            .unwrap();
    let terms = CredentialTerms {
        id: CredentialId::parse(id).unwrap(),
        subject: key(TIER3).bid().clone(),
        role: PartyRole::Supplier,
        issued_on: date(from),
        expires_on: date(until),
    };
    Credential::issue(&key(OPERATOR), &identity, terms)
        .unwrap()
        .to_json()
        .unwrap()
}

fn revocation_json(revoked: &[&str]) -> String {
    let ids = revoked.iter().map(|id| CredentialId::parse(id).unwrap());
    RevocationList::sign(&key(OPERATOR), date("2025-09-01"), ids)
        .unwrap()
        .to_json()
        .unwrap()
}

/// A sequential contract between the core enterprise, tier 1 and tier 3, signed by the first
/// `signed` of them.
fn contract_json(signed: usize) -> String {
    let signers = [key(CORE), key(TIER1), key(TIER3)];
    let terms = ContractTerms {
        document_hash: Hash32::of(b"supply agreement v1"),
        title: "供货框架协议".to_owned(),
        metadata: BTreeMap::from([("amount_fen".to_owned(), "100000000".to_owned())]),
        signers: signers.iter().map(|party| party.bid().clone()).collect(),
        order: SigningOrder::Sequential,
    };
    let mut contract = Contract::new(terms).unwrap();
    for party in signers.iter().take(signed) {
        contract.sign(party, &StarfireVerifier).unwrap();
    }
    contract.to_json().unwrap()
}

/// Writes `text` to `name` in `dir`.
fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Replaces the one occurrence of `from` in `text` with `to`.
fn tamper(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from} in {text}");
    text.replace(from, to)
}

/// The document with one hex digit of its (first) signature changed.
fn flip_signature(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let signature = value["signature"]
        .as_str()
        .or_else(|| value["signatures"][0]["signature"].as_str())
        .unwrap();
    let mut flipped: Vec<char> = signature.chars().collect();
    flipped[10] = if flipped[10] == '0' { '1' } else { '0' };
    tamper(text, signature, &flipped.into_iter().collect::<String>())
}

/// Verifies `text`, written to a file, with the extra `args`.
fn verify(text: &str, args: &[&str]) -> common::Run {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "document.json", text);
    let mut all = vec!["verify", arg(&path)];
    all.extend_from_slice(args);
    isf(&all)
}

const ON: [&str; 2] = ["--on", "2025-08-01"];

#[test]
fn a_valid_credential_verifies() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");

    let run = verify(&text, &ON).ok();

    assert!(
        run.stdout
            .contains("credential cred-t3 verifies on 2025-08-01")
    );
    assert!(run.stdout.contains(TIER3_BID));
    assert!(run.stdout.contains("role      supplier"));
}

#[test]
fn a_credential_as_json() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");

    let verdict = verify(&text, &["--on", "2025-08-01", "--json"]).ok().json();

    assert_eq!(verdict["kind"], "credential");
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["checked_on"], "2025-08-01");
    assert_eq!(verdict["claims"]["issuer"], OPERATOR_BID);
    assert_eq!(verdict["claims"]["role"], "supplier");
}

#[test]
fn without_a_date_the_credential_is_checked_today() {
    let text = credential_json("cred-long", "2000-01-01", "2999-12-31");

    let run = verify(&text, &[]).ok();

    assert!(run.stdout.contains("credential cred-long verifies on "));
}

#[test]
fn one_changed_character_in_a_credential_is_refused() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");
    let changed_subject = TIER3_BID.replace("Qu9", "Qu8");
    let cases = [
        ("signature", flip_signature(&text), "does not verify"),
        (
            "subject",
            tamper(&text, TIER3_BID, &changed_subject),
            "does not verify",
        ),
        (
            "role to another role",
            tamper(&text, "\"role\":\"supplier\"", "\"role\":\"funder\""),
            "does not verify",
        ),
        (
            "role to no role",
            tamper(&text, "\"role\":\"supplier\"", "\"role\":\"suppliex\""),
            "unknown variant",
        ),
        (
            "expiry",
            tamper(
                &text,
                "\"expires_on\":\"2026-07-01\"",
                "\"expires_on\":\"2027-07-01\"",
            ),
            "does not verify",
        ),
    ];

    for (what, tampered, reason) in cases {
        let run = verify(&tampered, &ON).fails_with(reason);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("credential refused"),
            "{what}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_refusal_as_json_says_why() {
    let text = flip_signature(&credential_json("cred-t3", "2025-07-01", "2026-07-01"));

    let run = verify(&text, &["--on", "2025-08-01", "--json"]);

    assert_eq!(run.code, Some(1));
    let verdict = run.json();
    assert_eq!(verdict["valid"], false);
    assert!(
        verdict["reason"]
            .as_str()
            .unwrap()
            .contains("does not verify")
    );
}

#[test]
fn validity_dates_are_enforced() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");

    verify(&text, &["--on", "2026-07-01"]).fails_with("expired on 2026-07-01");
    verify(&text, &["--on", "2025-06-30"]).fails_with("is not valid before 2025-07-01");
    verify(&text, &["--on", "2025-13-01"]).fails_with("2025-13-01");
}

#[test]
fn revocation_lists_are_applied() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");
    let dir = TempDir::new().unwrap();
    let revoking = write(&dir, "revoking.json", &revocation_json(&["cred-t3"]));
    let other = write(&dir, "other.json", &revocation_json(&["cred-other"]));
    let forged = write(
        &dir,
        "forged.json",
        &flip_signature(&revocation_json(&["cred-other"])),
    );

    verify(
        &text,
        &["--on", "2025-10-01", "--revocations", arg(&revoking)],
    )
    .fails_with("credential cred-t3 was revoked");
    let run = verify(&text, &["--on", "2025-10-01", "--revocations", arg(&other)]).ok();
    assert!(
        run.stdout
            .contains("1 revocation list(s) of the issuer checked")
    );
    verify(
        &text,
        &["--on", "2025-10-01", "--revocations", arg(&forged)],
    )
    .fails_with("revocation list of");
    verify(
        &text,
        &["--on", "2025-10-01", "--revocations", "/nonexistent.json"],
    )
    .fails_with("revocation lists in /nonexistent.json");
}

#[test]
fn a_revocation_list_verifies_on_its_own() {
    let text = revocation_json(&["cred-a", "cred-b"]);

    let run = verify(&text, &[]).ok();
    assert!(run.stdout.contains("2 credential(s) revoked"));

    verify(&flip_signature(&text), &[]).fails_with("does not verify");
}

#[test]
fn a_complete_contract_verifies() {
    let run = verify(&contract_json(3), &[]).ok();

    assert!(
        run.stdout
            .contains("3 of 3 signatures present and verified, complete")
    );
    assert!(!run.stdout.contains("missing"));
}

#[test]
fn an_incomplete_contract_names_the_missing_signers() {
    let run = verify(&contract_json(1), &[]);

    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 of 3 signatures present and verified, incomplete")
    );
    assert!(run.stdout.contains(&format!("missing   {TIER3_BID}")));
    assert!(run.stderr.contains("is missing signatures of"));
    assert!(run.stderr.contains(TIER3_BID));

    let verdict = verify(&contract_json(2), &["--json"]).json();
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["complete"], false);
    assert_eq!(verdict["missing"], serde_json::json!([TIER3_BID]));
}

#[test]
fn a_changed_contract_is_refused() {
    let text = contract_json(3);

    verify(&flip_signature(&text), &[]).fails_with("does not verify");
    verify(&tamper(&text, "供货框架协议", "供货框架协仪"), &[])
        .fails_with("does not match its terms");
    verify(&tamper(&text, "100000000", "100000001"), &[]).fails_with("does not match its terms");
}

#[test]
fn a_payment_commitment_shows_its_voucher_terms() {
    let core = key(CORE);
    let commitment = PaymentCommitment {
        voucher_no: VoucherId::parse("CE-2025-0001").unwrap(),
        face_amount: Fen::parse_yuan("1,000,000.00").unwrap(),
        payment_date: date("2025-10-01"),
        issuer: core.bid().clone(),
        payee: key(TIER1).bid().clone(),
        document_hash: Hash32::of(b"letter"),
    };
    let mut contract = commitment.to_contract().unwrap();
    contract.sign(&core, &StarfireVerifier).unwrap();

    let run = verify(&contract.to_json().unwrap(), &[]).ok();

    assert!(
        run.stdout
            .contains("payment commitment of voucher CE-2025-0001: 1,000,000.00"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_signer_outside_the_contract_is_refused() {
    let text = contract_json(3);
    let stranger = key(FACTOR);
    let bid = key(TIER3).bid().to_string();

    let swapped = tamper(
        &text,
        &format!("\"signer\":\"{bid}\""),
        &format!("\"signer\":\"{}\"", stranger.bid()),
    );

    verify(&swapped, &[]).fails_with("is not a signer");
}

#[test]
fn unreadable_or_unknown_documents_are_bad_input() {
    let missing = isf(&["verify", "/nonexistent/document.json"]).fails_with("cannot read");
    assert_eq!(missing.code, Some(2));

    let unknown = verify(r#"{"kind":"evidence_bundle"}"#, &[]).fails_with("unknown document kind");
    assert_eq!(unknown.code, Some(2));

    let shapeless =
        verify(r#"{"hello":"world"}"#, &[]).fails_with("cannot tell what this document is");
    assert_eq!(shapeless.code, Some(2));

    let not_json = verify("hello", &[]).fails_with("not a json document");
    assert_eq!(not_json.code, Some(2));
}

#[test]
fn options_must_fit_the_kind() {
    verify(&contract_json(3), &ON).fails_with("apply to credentials only");

    let credential = credential_json("cred-t3", "2025-07-01", "2026-07-01");
    verify(&credential, &["--kind", "contract"]).fails_with("invalid contract json");
}

/// A terminal escape that moves the cursor up and rewrites a line to look like a verdict.
const SPOOF: &str = "Core\u{1b}7\u{1b}[3A\r\u{1b}[2Kverifies, sealed by did:bid:efdPP4\u{1b}8";

/// A credential for tier 3 under `legal_name`, signed by the operator by hand: the library
/// refuses such a name when issuing, but anyone can sign claims of their own.
fn credential_named(legal_name: &str) -> String {
    let operator = key(OPERATOR);
    let claims = CredentialClaims {
        id: CredentialId::parse("cred-spoof").unwrap(),
        issuer: operator.bid().clone(),
        subject: key(TIER3).bid().clone(),
        legal_name: legal_name.to_owned(),
        id_kind: IdNumberKind::Uscc,
        id_masked: "9151************0A".to_owned(),
        role: PartyRole::Supplier,
        issued_on: date("2025-07-01"),
        expires_on: date("2026-07-01"),
    };
    let message = [CREDENTIAL_DOMAIN, &to_canonical_json(&claims).unwrap()].concat();
    serde_json::json!({
        "claims": claims,
        "issuer_key": operator.public_key(),
        "signature": operator.sign(&message).unwrap(),
    })
    .to_string()
}

/// True when `text` holds a control character other than the newlines that end its lines.
fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn control_characters_in_a_document_are_printed_escaped() {
    let run = verify(&credential_named(SPOOF), &ON).ok();

    assert!(!has_controls(&run.stdout), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains("identity  Core\\u{1b}7\\u{1b}[3A\\u{d}\\u{1b}[2Kverifies"),
        "{}",
        run.stdout
    );

    let chinese = verify(&credential_named("某某有限公司"), &ON).ok();
    assert!(chinese.stdout.contains("identity  某某有限公司 (uscc"));

    let json = verify(&credential_named(SPOOF), &["--on", "2025-08-01", "--json"]).ok();
    assert_eq!(json.json()["claims"]["legal_name"], SPOOF);
}

#[test]
fn control_characters_in_a_refusal_are_printed_escaped() {
    let text = credential_json("cred-t3", "2025-07-01", "2026-07-01");
    let hostile = tamper(
        &text,
        "\"role\":\"supplier\"",
        "\"role\":\"supplier\\u001b[2K\\r\"",
    );

    let run = verify(&hostile, &ON).fails_with("unknown variant");

    assert!(!has_controls(&run.stderr), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("supplier\\u{1b}[2K\\u{d}"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_operator_option_applies_to_evidence_only() {
    let credential = credential_json("cred-t3", "2025-07-01", "2026-07-01");

    let run = verify(
        &credential,
        &["--on", "2025-08-01", "--operator", OPERATOR_BID],
    )
    .fails_with("--operator applies to evidence bundles only");
    assert_eq!(run.code, Some(2));

    let run = verify(&credential, &["--operator", "did:bid:nobody"]).fails_with("did:bid:nobody");
    assert_eq!(run.code, Some(2));
}
