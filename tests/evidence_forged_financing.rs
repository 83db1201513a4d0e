//! Bundles forged by someone holding the operator's key around financing and clearing: an
//! applicant funding itself, a funder without the funder role or whose credential was revoked,
//! a plan numbered for another run. The platform's refusal is shown first, then that
//! `verify_bundle` refuses the same history too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::forger::{bundle_of, cleared, entries, entry, mismatch};
use common::{FACTOR, Fixture, OPERATOR, TIER1, TIER2, date, key, yuan};
use isf::bid::KeyPair;
use isf::bid::credential::{CredentialId, RevocationList};
use isf::core::{DayCount, Rate, RequestNo, RoundingMode};
use isf::evidence::verify_bundle;
use isf::finance::financing::{Application, ApplicationStatus, DiscountTerms, quote_discount};
use isf::finance::voucher::VoucherEvent;
use isf::platform::{Command, FundingMode, JournalEntry, PartyRole, PlatformEvent};

fn discount_terms() -> DiscountTerms {
    DiscountTerms {
        rate: Rate::parse("2.62%").unwrap(),
        day_count: DayCount::Act360,
        rounding: RoundingMode::HalfUp,
        extra_days: 0,
    }
}

/// A fixture where tier 1 holds P1 of V-1, and the forged entries of tier 1 applying to
/// `funder` for financing of P1 and `funder` taking it as pledge, with the signed application.
fn financed_by(funder: &KeyPair, tag: &str) -> (Fixture, Vec<JournalEntry>, Command) {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let (tier1, day) = (key(TIER1), "2025-08-15");
    let apply = Command::ApplyFinancing {
        piece: root,
        application: "FA-1".to_owned(),
        funder: funder.bid().clone(),
        terms: discount_terms(),
    };
    let face = yuan("1,000,000.00");
    let quote = quote_discount(face, date(day), date("2025-10-09"), &discount_terms()).unwrap();
    let applied = Application {
        number: "FA-1".to_owned(),
        piece: root,
        applicant: tier1.bid().clone(),
        funder: funder.bid().clone(),
        terms: discount_terms(),
        quote,
        status: ApplicationStatus::Open,
    };
    let locked = VoucherEvent::Locked {
        piece: root,
        application: "FA-1".to_owned(),
        funder: funder.bid().clone(),
    };
    let pledged = VoucherEvent::Pledged {
        piece: root,
        pledgee: funder.bid().clone(),
    };
    let fund = Command::Fund {
        application: "FA-1".to_owned(),
        mode: FundingMode::Pledge,
    };
    let funded = PlatformEvent::FinancingFunded {
        application: "FA-1".to_owned(),
        mode: FundingMode::Pledge,
    };

    let applying = vec![
        PlatformEvent::Voucher(locked),
        PlatformEvent::FinancingApplied(applied),
    ];
    let funding = vec![PlatformEvent::Voucher(pledged), funded];

    let mut forged = entries(&fixture);
    let request = format!("{tag}-apply");
    forged.push(entry(day, &tier1, &request, apply.clone(), applying));
    let request = format!("{tag}-fund");
    forged.push(entry(day, funder, &request, fund, funding));
    (fixture, forged, apply)
}

#[test]
fn financing_from_oneself_is_refused() {
    let tier1 = key(TIER1);
    let (mut fixture, mut forged, apply) = financed_by(&tier1, "self");
    // Tier 1 is admitted as a funder too, so that only financing itself is wrong.
    let uscc = "91310115MA1K3XY70D";
    let credential = fixture.credential(&tier1, PartyRole::Funder, uscc, "cred-t1-funder");
    let admit = Command::AdmitParty(credential);
    fixture
        .submit(&tier1, "admit-t1-funder", admit, "2025-08-15")
        .unwrap();
    let admission = entries(&fixture).pop().unwrap();
    forged.insert(forged.len() - 2, admission);
    let refused = fixture.submit(&tier1, "self-apply", apply, "2025-08-15");
    assert!(refused.is_err(), "the platform let tier 1 finance itself");

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(reason.contains("from itself"), "{reason}");
}

#[test]
fn funding_by_a_party_without_the_funder_role_is_refused() {
    let tier2 = key(TIER2);
    let (mut fixture, forged, apply) = financed_by(&tier2, "norole");
    let refused = fixture.submit(&key(TIER1), "norole-apply", apply, "2025-08-15");
    assert!(refused.is_err(), "the platform let a supplier fund");

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(
        reason.contains("needs a valid funder credential to fund financing"),
        "{reason}"
    );
}

#[test]
fn a_plan_numbered_for_another_run_than_the_signed_command_is_refused() {
    let mut forged = entries(&cleared());
    let planned = forged.iter_mut().flat_map(|entry| &mut entry.events);
    for event in planned {
        if let PlatformEvent::ClearingPlanned(plan) = event {
            for leg in &mut plan.instructions {
                let number = format!("OTHER-RUN-{:04}", leg.seq);
                leg.request_no = RequestNo::parse(&number).unwrap();
            }
            assert_eq!(plan.check_consistency(), Ok(()), "the forgery adds up");
        }
    }

    let reason = mismatch(verify_bundle(&bundle_of(&forged, "V-1", 1)));

    assert!(
        reason.contains("for run OTHER-RUN where the command starts run RUN-1"),
        "{reason}"
    );
}

#[test]
fn financing_by_a_party_whose_credentials_were_revoked_is_refused() {
    let factor = key(FACTOR);
    let (mut fixture, forged, apply) = financed_by(&factor, "revoked");
    let recorded = entries(&fixture).len();
    let operator = key(OPERATOR);
    let tier1_credential = CredentialId::parse("cred-1").unwrap();
    let list = RevocationList::sign(&operator, date("2025-08-01"), [tier1_credential]).unwrap();
    let revoke = Command::RevokeCredentials(list);
    fixture
        .submit(&operator, "revoke", revoke, "2025-08-01")
        .unwrap();
    let refused = fixture.submit(&key(TIER1), "revoked-apply", apply, "2025-08-15");
    assert!(refused.is_err(), "the platform let a revoked party apply");
    let mut with_revocation = entries(&fixture);
    with_revocation.extend(forged.into_iter().skip(recorded));

    let reason = mismatch(verify_bundle(&bundle_of(&with_revocation, "V-1", 1)));

    assert!(reason.contains("is not an admitted party"), "{reason}");
}
