//! StarFire identity for the ISF SDK.
