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

/// Has the operator publish `list` on 2025-07-05, which the platform must refuse, then records
/// it anyway after the fixture's entries and gives the reason `verify_bundle` refuses them.
fn forged_revocation(mut fixture: Fixture, list: RevocationList) -> String {
    let operator = key(OPERATOR);
    let revoke = Command::RevokeCredentials(list.clone());
    let refused = fixture.submit(&operator, "r-forged", revoke.clone(), "2025-07-05");
    assert!(refused.is_err(), "the platform published the list");
    let revoked = PlatformEvent::CredentialsRevoked {
        revoked: list.revoked().cloned().collect(),
        as_of: list.as_of(),
    };
    let mut forged = entries(&fixture);

    forged.push(entry(
        "2025-07-05",
        &operator,
        "r-forged",
        revoke,
        vec![revoked],
    ));

    mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)))
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
    let list = RevocationList::sign(&key(STRANGER), date("2025-07-05"), []).unwrap();

    let reason = forged_revocation(fixture, list);

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

    let reason = forged_revocation(fixture, older);

    assert!(reason.contains("older than the list in force"), "{reason}");
}
