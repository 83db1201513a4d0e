//! Bundles forged by someone holding the operator's key around who is admitted: a party
//! admitted by someone else, a revocation list of a stranger's, an older list lifting a
//! revocation. The platform's refusal is shown first, then that `verify_bundle` refuses the
//! same history too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::forger::{bundle_of, entries, entry, mismatch};
use common::{Fixture, OPERATOR, STRANGER, TIER1, date, key};
use isf::bid::credential::{CredentialId, PartyRole, RevocationList};
use isf::evidence::verify_bundle;
use isf::platform::{Command, PlatformEvent};

/// The event a revocation list records.
fn revoked_by(list: &RevocationList) -> PlatformEvent {
    PlatformEvent::CredentialsRevoked {
        revoked: list.revoked().cloned().collect(),
        as_of: list.as_of(),
    }
}

#[test]
fn a_party_admitted_by_someone_else_is_refused() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let stranger = key(STRANGER);
    let uscc = "91110000MA01ABCD1M";
    let credential = fixture.credential(&stranger, PartyRole::Supplier, uscc, "cred-s");
    let admit = Command::AdmitParty(credential);
    let by_tier1 = fixture.submit(&key(TIER1), "admit-s-t1", admit.clone(), "2025-07-05");
    assert!(
        by_tier1.is_err(),
        "the platform let tier 1 admit a stranger"
    );
    fixture
        .submit(&stranger, "admit-s", admit.clone(), "2025-07-05")
        .unwrap();
    let mut forged = entries(&fixture);
    let genuine = forged.pop().unwrap();

    forged.push(entry(
        "2025-07-05",
        &key(TIER1),
        "admit-s-t1",
        admit,
        genuine.events,
    ));

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));
    assert!(
        reason.contains("admit a party other than oneself"),
        "{reason}"
    );
}

#[test]
fn a_revocation_list_signed_by_a_stranger_is_refused() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let (operator, stranger) = (key(OPERATOR), key(STRANGER));
    let list = RevocationList::sign(&stranger, date("2025-07-05"), []).unwrap();
    let revoke = Command::RevokeCredentials(list.clone());
    let refused = fixture.submit(&operator, "r-s", revoke.clone(), "2025-07-05");
    assert!(refused.is_err(), "the platform took a stranger's list");
    let mut forged = entries(&fixture);

    forged.push(entry(
        "2025-07-05",
        &operator,
        "r-s",
        revoke,
        vec![revoked_by(&list)],
    ));

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));
    assert!(reason.contains("publish revocation lists"), "{reason}");
}

#[test]
fn an_older_revocation_list_cannot_lift_a_revocation_in_a_bundle() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let operator = key(OPERATOR);
    let tier2_credential = CredentialId::parse("cred-2").unwrap();
    let newer = RevocationList::sign(&operator, date("2025-07-04"), [tier2_credential]).unwrap();
    let revoke = Command::RevokeCredentials(newer);
    fixture
        .submit(&operator, "r-1", revoke, "2025-07-04")
        .unwrap();
    let older = RevocationList::sign(&operator, date("2025-07-03"), []).unwrap();
    let lift = Command::RevokeCredentials(older.clone());
    let refused = fixture.submit(&operator, "r-0", lift.clone(), "2025-07-05");
    assert!(refused.is_err(), "the platform took an older list");
    let mut forged = entries(&fixture);

    forged.push(entry(
        "2025-07-05",
        &operator,
        "r-0",
        lift,
        vec![revoked_by(&older)],
    ));

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));
    assert!(reason.contains("older than the list in force"), "{reason}");
}
