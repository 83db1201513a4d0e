//! Parties admitted to the platform and the roles that decide what they may do.

use isf_core::Bid;
use serde::{Deserialize, Serialize};

/// What a party may do on the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A core enterprise: issues vouchers and pays them at maturity.
    CoreEnterprise,
    /// A supplier: receives, splits and passes on pieces, applies for financing.
    Supplier,
    /// A bank or factor: funds financing applications.
    Funder,
    /// A warehouse: keeps goods behind warehouse receipts.
    Warehouse,
}

/// A party admitted by the operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Its BID.
    pub bid: Bid,
    /// Legal or display name.
    pub name: String,
    /// Its roles.
    pub roles: Vec<Role>,
}

impl Party {
    /// True when the party has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
