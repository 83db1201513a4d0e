#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Identity credentials: issue, export, verify offline; expiry, revocation and tampering.

use isf_bid::credential::{
    Credential, CredentialError, CredentialId, CredentialTerms, PartyRole, RevocationList,
    verify_credential_json,
};
use isf_bid::realname::{IdNumberKind, LegalIdentity, Uscc};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Bid, BizDate};

/// The platform (issuer): `did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE`.
const PLATFORM_KEY: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
/// Another platform: `did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe`.
const OTHER_KEY: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
/// The supplier (subject).
const SUPPLIER: &str = "did:bid:efKkF5uKsopAishxkYja4ULRJhrhrJQU";

fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

fn date(text: &str) -> BizDate {
    BizDate::parse(text).unwrap()
}

fn id(text: &str) -> CredentialId {
    CredentialId::parse(text).unwrap()
}

fn supplier_identity() -> LegalIdentity {
    let uscc = Uscc::parse("91350100M000100Y43").unwrap();
    LegalIdentity::enterprise("福州星火供应链管理有限公司", uscc).unwrap()
}

fn terms(credential_id: &str) -> CredentialTerms {
    CredentialTerms {
        id: id(credential_id),
        subject: Bid::parse(SUPPLIER).unwrap(),
        role: PartyRole::Supplier,
        issued_on: date("2025-03-01"),
        expires_on: date("2026-03-01"),
    }
}

fn issue(credential_id: &str) -> Credential {
    Credential::issue(
        &key(PLATFORM_KEY),
        &supplier_identity(),
        terms(credential_id),
    )
    .unwrap()
}

/// A different character that changes the value under every reading: never a case swap, so
/// hex stays different too.
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
fn issued_credential_verifies_with_masked_identity() {
    let credential = issue("vc-2025-0001");
    let verified = credential
        .verify(&StarfireVerifier, date("2025-06-30"), &[])
        .unwrap();

    let claims = verified.claims();
    assert_eq!(
        claims.issuer.as_str(),
        "did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE"
    );
    assert_eq!(claims.subject.as_str(), SUPPLIER);
    assert_eq!(claims.legal_name, "福州星火供应链管理有限公司");
    assert_eq!(claims.id_kind, IdNumberKind::Uscc);
    assert_eq!(claims.id_masked, "9135************43");
    assert_eq!(claims.role, PartyRole::Supplier);
    assert_eq!(verified.checked_on(), date("2025-06-30"));

    let json = credential.to_json().unwrap();
    assert!(!json.contains("91350100M000100Y43"));
    assert!(json.contains(r#""role":"supplier""#));
}

#[test]
fn exported_json_verifies_offline() {
    let json = issue("vc-2025-0001").to_json().unwrap();
    let verified =
        verify_credential_json(&json, &StarfireVerifier, date("2025-03-01"), &[]).unwrap();
    assert_eq!(
        verified.credential(),
        &Credential::from_json(&json).unwrap()
    );
}

#[test]
fn changing_any_character_of_the_json_is_detected() {
    let json = issue("vc-2025-0001").to_json().unwrap();
    let today = date("2025-06-30");
    let mut bad_signatures = 0;

    for (index, original) in json.char_indices() {
        let mut changed = json.clone();
        changed.replace_range(
            index..index + original.len_utf8(),
            &mutate(original).to_string(),
        );
        let error = verify_credential_json(&changed, &StarfireVerifier, today, &[])
            .err()
            .unwrap_or_else(|| panic!("change at byte {index} accepted: {changed}"));
        assert!(!error.to_string().is_empty());
        if matches!(error, CredentialError::BadSignature { .. }) {
            bad_signatures += 1;
        }
    }
    assert!(
        bad_signatures > 100,
        "only {bad_signatures} changes reached the signature check"
    );
}

#[test]
fn validity_period_is_checked_against_the_given_date() {
    let credential = issue("vc-2025-0001");
    for today in ["2025-03-01", "2026-02-28"] {
        assert!(
            credential
                .verify(&StarfireVerifier, date(today), &[])
                .is_ok(),
            "{today}"
        );
    }

    let early = credential
        .verify(&StarfireVerifier, date("2025-02-28"), &[])
        .unwrap_err();
    assert_eq!(
        early,
        CredentialError::NotYetValid {
            id: "vc-2025-0001".to_owned(),
            issued_on: date("2025-03-01"),
            today: date("2025-02-28"),
        }
    );

    let late = credential
        .verify(&StarfireVerifier, date("2026-03-01"), &[])
        .unwrap_err();
    assert_eq!(
        late.to_string(),
        "credential vc-2025-0001 expired on 2026-03-01 (checked on 2026-03-01)"
    );
}

#[test]
fn empty_validity_is_refused_at_issue() {
    let mut bad = terms("vc-1");
    bad.expires_on = bad.issued_on;
    let error = Credential::issue(&key(PLATFORM_KEY), &supplier_identity(), bad).unwrap_err();
    assert!(
        matches!(error, CredentialError::InvalidValidity { .. }),
        "{error:?}"
    );
}

#[test]
fn revocation_by_the_issuer_is_honoured() {
    let credential = issue("vc-2025-0001");
    let platform = key(PLATFORM_KEY);
    let list = RevocationList::sign(
        &platform,
        date("2025-05-01"),
        [id("vc-2025-0001"), id("vc-2025-0007")],
    )
    .unwrap();
    let unrelated = RevocationList::sign(&platform, date("2025-05-01"), [id("vc-9")]).unwrap();

    assert!(
        credential
            .verify(&StarfireVerifier, date("2025-06-01"), &[unrelated])
            .is_ok()
    );
    let error = credential
        .verify(
            &StarfireVerifier,
            date("2025-06-01"),
            std::slice::from_ref(&list),
        )
        .unwrap_err();
    assert_eq!(
        error,
        CredentialError::Revoked {
            id: "vc-2025-0001".to_owned(),
            issuer: platform.bid().clone(),
            as_of: date("2025-05-01"),
        }
    );

    let read = RevocationList::from_json(&list.to_json().unwrap()).unwrap();
    assert_eq!(read, list);
    assert_eq!(read.revoked().count(), 2);
}

#[test]
fn other_issuers_cannot_revoke() {
    let credential = issue("vc-2025-0001");
    let other =
        RevocationList::sign(&key(OTHER_KEY), date("2025-05-01"), [id("vc-2025-0001")]).unwrap();
    assert!(
        credential
            .verify(&StarfireVerifier, date("2025-06-01"), &[other])
            .is_ok()
    );
}

#[test]
fn a_forged_revocation_list_is_an_error_not_ignored() {
    let credential = issue("vc-2025-0001");
    let genuine =
        RevocationList::sign(&key(PLATFORM_KEY), date("2025-05-01"), [id("vc-3")]).unwrap();
    let forged_json = genuine
        .to_json()
        .unwrap()
        .replace("2025-05-01", "2025-05-02");
    let forged = RevocationList::from_json(&forged_json).unwrap();

    let error = credential
        .verify(&StarfireVerifier, date("2025-06-01"), &[forged])
        .unwrap_err();
    assert!(
        matches!(error, CredentialError::BadRevocationList { .. }),
        "{error:?}"
    );
}

#[test]
fn a_credential_signed_by_another_key_for_the_issuer_fails() {
    let genuine = issue("vc-2025-0001").to_json().unwrap();
    let impostor = Credential::issue(&key(OTHER_KEY), &supplier_identity(), terms("vc-2025-0001"))
        .unwrap()
        .to_json()
        .unwrap();

    // Splice the impostor's key and signature under the genuine issuer's name.
    let genuine_value: serde_json::Value = serde_json::from_str(&genuine).unwrap();
    let mut spliced: serde_json::Value = serde_json::from_str(&impostor).unwrap();
    spliced["claims"]["issuer"] = genuine_value["claims"]["issuer"].clone();
    let error = verify_credential_json(
        &spliced.to_string(),
        &StarfireVerifier,
        date("2025-06-01"),
        &[],
    )
    .unwrap_err();
    assert!(
        matches!(error, CredentialError::BadSignature { .. }),
        "{error:?}"
    );
}

#[test]
fn credential_ids_have_a_plain_form() {
    assert!(CredentialId::parse("did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE#vc-1").is_ok());
    for bad in ["", "has space", "中文", &"x".repeat(129)] {
        assert!(
            matches!(
                CredentialId::parse(bad),
                Err(CredentialError::InvalidId { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn unknown_fields_are_refused() {
    let json = issue("vc-1").to_json().unwrap();
    let extended = json.replacen('{', r#"{"note":"x","#, 1);
    let error = Credential::from_json(&extended).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `note`"),
        "{error}"
    );
}
