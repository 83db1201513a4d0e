//! [`Fen`] as a yuan string, `"1234.56"`, for documents written for people.
//!
//! Use it on a field with `#[serde(with = "isf_core::money::serde_yuan")]`. Writing always
//! gives [`Fen::to_yuan_string`]: two decimals, no separators, no currency sign. Reading takes
//! a string in any form [`Fen::parse_yuan`] accepts (`"1234.56"`, `"¥1,234.56"`) and refuses
//! numbers, so a JSON `1234.56` is never taken as yuan or as fen by mistake.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use super::Fen;

/// Writes the amount as a yuan string, `"1234.56"`.
///
/// # Errors
///
/// Only what the serializer itself reports.
pub fn serialize<S: Serializer>(amount: &Fen, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&amount.to_yuan_string())
}

/// Reads an amount from a yuan string.
///
/// # Errors
///
/// A custom error carrying [`crate::CoreError::AmountParse`]'s message for text that is not
/// an amount, and an invalid-type error for anything that is not a string.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fen, D::Error> {
    deserializer.deserialize_str(YuanText)
}

struct YuanText;

impl Visitor<'_> for YuanText {
    type Value = Fen;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a yuan amount as a string, such as \"1234.56\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Fen, E> {
        Fen::parse_yuan(text).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Shown {
        #[serde(with = "super")]
        amount: Fen,
    }

    #[test]
    fn writes_and_reads_yuan_text() {
        let shown = Shown {
            amount: Fen::new(123_456).unwrap(),
        };
        let json = serde_json::to_string(&shown).unwrap();
        assert_eq!(json, r#"{"amount":"1234.56"}"#);
        assert_eq!(serde_json::from_str::<Shown>(&json).unwrap(), shown);

        let grouped: Shown = serde_json::from_str(r#"{"amount":"¥1,234.56"}"#).unwrap();
        assert_eq!(grouped, shown);
    }

    #[test]
    fn refuses_numbers_and_bad_text() {
        for json in [
            r#"{"amount":1234.56}"#,
            r#"{"amount":123456}"#,
            r#"{"amount":"-1.00"}"#,
            r#"{"amount":"1.234"}"#,
            r#"{"amount":null}"#,
        ] {
            assert!(serde_json::from_str::<Shown>(json).is_err(), "{json}");
        }

        let error = serde_json::from_str::<Shown>(r#"{"amount":"1e5"}"#).unwrap_err();
        assert!(error.to_string().contains("\"1e5\""), "{error}");
    }
}
