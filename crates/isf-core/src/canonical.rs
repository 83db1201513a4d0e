//! The canonical byte form of a value, which is what gets signed and hashed.
//!
//! Canonical form is compact JSON with object keys sorted by their UTF-8 bytes at every depth,
//! no insignificant white space, and integers only (a float anywhere is refused, since two
//! encoders may print the same float differently). Sorting is done here rather than trusted to
//! `serde_json`'s map type, whose order depends on a feature flag any crate in a build can turn on.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{CoreError, Result};

/// Canonical JSON bytes of `value`.
pub fn to_canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let tree = serde_json::to_value(value).map_err(|error| CoreError::Encoding {
        reason: error.to_string(),
    })?;
    let mut out = Vec::with_capacity(256);
    write_value(&tree, &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<()> {
    match value {
        Value::Number(number) if number.is_f64() => Err(CoreError::Encoding {
            reason: format!("floating-point number {number} has no canonical form"),
        }),
        Value::Object(map) => write_object(map, out),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_value(item, out)?;
            }
            out.push(b']');
            Ok(())
        }
        scalar => {
            let text = serde_json::to_string(scalar).map_err(|error| CoreError::Encoding {
                reason: error.to_string(),
            })?;
            out.extend_from_slice(text.as_bytes());
            Ok(())
        }
    }
}

fn write_object(map: &Map<String, Value>, out: &mut Vec<u8>) -> Result<()> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));

    out.push(b'{');
    for (index, (key, item)) in entries.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_value(&Value::String(key.clone()), out)?;
        out.push(b':');
        write_value(item, out)?;
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_sorted_at_every_depth() {
        let value = json!({"b": 1, "a": {"z": [1, {"y": 2, "x": 3}], "c": "中"}});
        let bytes = to_canonical_json(&value).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, r#"{"a":{"c":"中","z":[1,{"x":3,"y":2}]},"b":1}"#);
    }

    #[test]
    fn floats_refused() {
        assert!(to_canonical_json(&json!({"a": 1.5})).is_err());
    }
}
