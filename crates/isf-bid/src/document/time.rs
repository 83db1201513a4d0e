//! [`DocTime`]: the `created` and `updated` instants of a BID document.

use std::fmt;

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::document::error::DocumentError;

const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// An instant in UTC written `YYYY-MM-DDTHH:MM:SSZ`, the only form BID documents use.
///
/// The text is kept exactly as read, because it is part of the signed bytes. Since the form
/// is fixed-width, ordering the text orders the instants.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocTime(Box<str>);

impl DocTime {
    /// Reads the exact form `YYYY-MM-DDTHH:MM:SSZ`.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Time`] for any other form or an impossible date or time.
    pub fn parse(text: &str) -> Result<DocTime, DocumentError> {
        let parsed = NaiveDateTime::parse_from_str(text, FORMAT).ok();
        let canonical = parsed.map(|instant| instant.format(FORMAT).to_string());
        // The width check keeps five-digit and negative years out, which would break ordering.
        if text.len() != 20 || canonical.as_deref() != Some(text) {
            return Err(DocumentError::Time {
                input: crate::error::excerpt(text),
            });
        }
        Ok(DocTime(Box::from(text)))
    }

    /// The instant `millis` after the Unix epoch, truncated to the second.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Time`] when the instant is outside the years chrono can represent.
    pub fn from_millis(millis: i64) -> Result<DocTime, DocumentError> {
        let instant = DateTime::from_timestamp_millis(millis).ok_or(DocumentError::Time {
            input: format!("{millis} ms"),
        })?;
        DocTime::parse(&instant.format(FORMAT).to_string())
    }

    /// The text as written in the document.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DocTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocTime({})", self.0)
    }
}

impl Serialize for DocTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DocTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DocTime::parse(&text).map_err(serde::de::Error::custom)
    }
}
