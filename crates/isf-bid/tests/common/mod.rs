//! Shared helpers of the integration tests: the vector files, compiled in.

#![allow(dead_code)]

use serde_json::Value;

/// `tests/vectors/starfire.json`.
pub fn starfire() -> Value {
    serde_json::from_str(include_str!("../vectors/starfire.json")).unwrap()
}

/// `tests/vectors/tx-vector-paycoin.json`.
pub fn paycoin() -> Value {
    serde_json::from_str(include_str!("../vectors/tx-vector-paycoin.json")).unwrap()
}

/// A string field of a vector.
pub fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field {key} is not a string"))
}

/// A hex field of a vector, decoded.
pub fn bytes(value: &Value, key: &str) -> Vec<u8> {
    hex::decode(text(value, key)).unwrap()
}
