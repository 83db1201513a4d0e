//! Evidence bundles: everything needed to prove, offline, what happened to one voucher piece.
//!
//! A bundle holds every journal entry of the piece's voucher (the payment commitment, the
//! issue, each sign-receipt, split, financing and clearing step — each with the actor's
//! signed command and the events it caused), the admission entries of every party that acted,
//! the Merkle inclusion proof of each entry in its anchored batch and the anchor receipts, and
//! the operator's seal over all of it. [`verify_bundle`] checks it with nothing but the bundle:
//! see `docs/evidence-bundle.md` for the format and the checks, in order.

mod consistency;
mod error;
mod export;
mod format;
mod lapsed;
mod lineage;
mod standing;
mod verify;

pub use error::EvidenceError;
pub use export::{export_bundle, reseal_for_tests};
pub use format::{BUNDLE_FORMAT, EvidenceBundle, EvidenceEntry, Seal};
pub use lapsed::{Lapse, LapsedRole};
pub use standing::PieceStanding;
pub use verify::{VerifiedBundle, verify_bundle, verify_bundle_json};
