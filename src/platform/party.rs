//! Parties admitted to the platform by verifiable credential, and the roles those grant.
//!
//! A party is admitted by presenting a credential the operator issued (实名认证 done
//! beforehand). Each credential grants one role until it expires or the operator revokes it;
//! every command checks the actor's credential for the role it needs on the day it is decided.

use std::collections::{HashMap, HashSet};

use isf_bid::credential::{CredentialId, PartyRole};
use isf_core::{Bid, BizDate};
use serde::{Deserialize, Serialize};

/// One role granted to a party by one credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admission {
    /// The role granted.
    pub role: PartyRole,
    /// The credential that grants it.
    pub credential: CredentialId,
    /// First day on which the credential is no longer valid.
    pub expires_on: BizDate,
}

/// A party admitted to the platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Its BID.
    pub bid: Bid,
    /// Its verified legal name.
    pub name: String,
    /// The roles it was admitted with.
    pub admissions: Vec<Admission>,
}

impl Party {
    /// True when a credential for `role` is valid on `today` and not revoked.
    pub fn may_act_as(
        &self,
        role: PartyRole,
        today: BizDate,
        revoked: &HashSet<CredentialId>,
    ) -> bool {
        self.admissions.iter().any(|admission| {
            admission.role == role
                && today < admission.expires_on
                && !revoked.contains(&admission.credential)
        })
    }

    /// True when any of its credentials is valid on `today` and not revoked.
    pub fn is_active(&self, today: BizDate, revoked: &HashSet<CredentialId>) -> bool {
        self.admissions.iter().any(|admission| {
            today < admission.expires_on && !revoked.contains(&admission.credential)
        })
    }

    /// The roles it was ever admitted with.
    pub fn roles(&self) -> impl Iterator<Item = PartyRole> + '_ {
        self.admissions.iter().map(|admission| admission.role)
    }
}

/// Records `admission` of `party`, under `name` when first admitted.
pub(crate) fn admit(
    parties: &mut HashMap<Bid, Party>,
    party: &Bid,
    name: &str,
    admission: &Admission,
) {
    let entry = parties.entry(party.clone()).or_insert_with(|| Party {
        bid: party.clone(),
        name: name.to_owned(),
        admissions: Vec::new(),
    });
    entry.admissions.push(admission.clone());
}
