//! The roles a bundle's parties no longer held after its last entry, so that a reader is not
//! left to think that a revoked or expired credential still stands.

use std::collections::{HashMap, HashSet};

use isf_bid::credential::{CredentialId, PartyRole};
use isf_core::{Bid, BizDate};
use serde::Serialize;

use crate::platform::{JournalEntry, PlatformEvent};

/// A party's role that no credential in the bundle upheld after its last entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LapsedRole {
    /// The party.
    pub party: Bid,
    /// The role.
    pub role: PartyRole,
    /// Why its last credential for the role no longer stood.
    pub lapse: Lapse,
}

/// Why a credential no longer stood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lapse {
    /// The latest revocation list in the bundle revoked it.
    Revoked,
    /// It expired on this day, no later than the last entry's date.
    Expired(BizDate),
}

/// Every admitted role of the bundle's parties for which each credential was revoked by the
/// latest revocation list or had expired by the last entry's date, in party order.
pub(super) fn lapsed_roles(journal: &[JournalEntry]) -> Vec<LapsedRole> {
    let Some(last_date) = journal.last().map(|entry| entry.date) else {
        return Vec::new();
    };
    let mut revoked: HashSet<&CredentialId> = HashSet::new();
    let mut held: HashMap<(&Bid, PartyRole), Vec<(&CredentialId, BizDate)>> = HashMap::new();
    for event in journal.iter().flat_map(|entry| &entry.events) {
        match event {
            PlatformEvent::PartyAdmitted {
                party, admission, ..
            } => held
                .entry((party, admission.role))
                .or_default()
                .push((&admission.credential, admission.expires_on)),
            PlatformEvent::CredentialsRevoked { revoked: ids, .. } => {
                revoked = ids.iter().collect();
            }
            _ => {}
        }
    }

    let lapse_of = |(id, expires_on): &(&CredentialId, BizDate)| {
        if revoked.contains(id) {
            Some(Lapse::Revoked)
        } else {
            (*expires_on <= last_date).then_some(Lapse::Expired(*expires_on))
        }
    };
    let mut lapsed: Vec<LapsedRole> = held
        .into_iter()
        .filter_map(|((party, role), credentials)| {
            let lapses: Option<Vec<Lapse>> = credentials.iter().map(lapse_of).collect();
            let lapse = *lapses?.last()?;
            Some(LapsedRole {
                party: party.clone(),
                role,
                lapse,
            })
        })
        .collect();
    lapsed.sort_by(|a, b| (&a.party, a.role.name()).cmp(&(&b.party, b.role.name())));
    lapsed
}
