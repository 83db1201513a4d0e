//! `isf bid new` and `isf bid inspect`: StarFire key pairs and BIDs as JSON.
//!
//! A private key is printed only when `--show-private` is given, and never appears in an error
//! message: when text cannot be read as a key, the error says what was expected and why the
//! text was refused, without repeating it.

use std::io::BufRead;

use isf::bid::address::StarfireAddress;
use isf::bid::keys::{KeyType, parse_public_key};
use isf::bid::{AcCode, BidError, KeyPair};
use serde::{Serialize, Serializer};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output;

/// What `isf bid` prints: the public facts of a key or an address, and the private key when
/// asked for.
#[derive(Serialize)]
struct KeyReport {
    /// What the input was read as (`inspect` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    bid: String,
    key_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ac: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "secret")]
    private_key: Option<Zeroizing<String>>,
}

impl KeyReport {
    fn of_key_pair(pair: &KeyPair, show_private: bool) -> KeyReport {
        KeyReport {
            kind: None,
            bid: pair.bid().to_string(),
            key_type: pair.key_type().to_string(),
            public_key: Some(pair.public_key().to_string()),
            ac: pair.address().ac().map(AcCode::to_string),
            key_hash: None,
            private_key: show_private.then(|| pair.private_str()),
        }
    }
}

/// `isf bid new`: draws a fresh key pair and prints its BID, key type and public key, and the
/// private key when `show_private` is set.
pub fn new(sm2: bool, ac: Option<&str>, show_private: bool) -> Result<(), CliError> {
    let key_type = if sm2 { KeyType::Sm2 } else { KeyType::Ed25519 };

    let pair = KeyPair::generate(key_type, ac).map_err(|error| refusal(error, None))?;

    output::emit(&output::to_json(&KeyReport::of_key_pair(
        &pair,
        show_private,
    ))?)
}

/// `isf bid inspect`: reads a private key (`pri…`), a public key (hex, `b0…`) or a BID
/// (`did:bid:…`), or the first line of standard input when `input` is `-` (which keeps a
/// private key out of the shell history), and prints what it is and what derives from it.
pub fn inspect(input: &str, ac: Option<&str>, show_private: bool) -> Result<(), CliError> {
    let text = if input == "-" {
        read_stdin_line()?
    } else {
        Zeroizing::new(input.to_owned())
    };
    let text = text.trim();

    let report = match detect(text) {
        Some(Kind::PrivateKey) => {
            let pair = KeyPair::from_private_str(text, ac)
                .map_err(|error| refusal(error, Some(PRIVATE_FORM)))?;
            KeyReport {
                kind: Some("private_key"),
                ..KeyReport::of_key_pair(&pair, show_private)
            }
        }
        Some(Kind::PublicKey) => inspect_public_key(text, ac)?,
        Some(Kind::Address) => inspect_address(text, ac)?,
        None => {
            return Err(CliError::Input(format!(
                "expected a starfire private key (pri…), a public key (hex b06566… or \
                 b07a66…) or a bid (did:bid:…); the {} characters given are none of these",
                text.chars().count()
            )));
        }
    };

    output::emit(&output::to_json(&report)?)
}

/// What an input to `inspect` looks like it is; the parser of that kind then says whether it
/// really is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    PrivateKey,
    PublicKey,
    Address,
}

fn detect(text: &str) -> Option<Kind> {
    if text.starts_with("did:") {
        Some(Kind::Address)
    } else if text.starts_with("pri") {
        Some(Kind::PrivateKey)
    } else if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        Some(Kind::PublicKey)
    } else {
        None
    }
}

fn inspect_public_key(text: &str, ac: Option<&str>) -> Result<KeyReport, CliError> {
    let as_public = |error| refusal(error, Some(PUBLIC_FORM));
    let key = parse_public_key(text).map_err(as_public)?;
    let ac = ac.map(AcCode::parse).transpose().map_err(as_public)?;

    let address = StarfireAddress::from_public_key(&key, ac).map_err(as_public)?;

    Ok(KeyReport {
        kind: Some("public_key"),
        bid: address.to_string(),
        key_type: address.key_type().to_string(),
        public_key: Some(key.to_string()),
        ac: address.ac().map(AcCode::to_string),
        key_hash: None,
        private_key: None,
    })
}

fn inspect_address(text: &str, ac: Option<&str>) -> Result<KeyReport, CliError> {
    if ac.is_some() {
        return Err(CliError::Input(
            "--ac applies to keys only: a bid carries its own ac code".to_owned(),
        ));
    }

    let address =
        StarfireAddress::parse(text).map_err(|error| refusal(error, Some(ADDRESS_FORM)))?;

    Ok(KeyReport {
        kind: Some("address"),
        bid: address.to_string(),
        key_type: address.key_type().to_string(),
        public_key: None,
        ac: address.ac().map(AcCode::to_string),
        key_hash: Some(hex::encode(address.key_hash())),
        private_key: None,
    })
}

fn read_stdin_line() -> Result<Zeroizing<String>, CliError> {
    let mut line = Zeroizing::new(String::with_capacity(256));
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| CliError::Input(format!("cannot read standard input: {error}")))?;
    Ok(line)
}

/// Writes the private key into the output; the caller has asked for it with `--show-private`.
fn secret<S: Serializer>(
    key: &Option<Zeroizing<String>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match key {
        Some(text) => serializer.serialize_str(text),
        None => serializer.serialize_none(),
    }
}

const PRIVATE_FORM: &str = "a private key (pri… in starfire base58)";
const PUBLIC_FORM: &str = "a public key (hex of b06566 and 32 bytes, or b07a66 and 65 bytes)";
const ADDRESS_FORM: &str = "a bid (did:bid:, an optional ac code and :, then ef… or zf…)";

/// Says what the input was read as, then the library's reason, which never repeats a private
/// key; a missing build feature gets a hint instead, since no other input would help.
fn refusal(error: BidError, read_as: Option<&str>) -> CliError {
    match (error, read_as) {
        (BidError::Sm2Unsupported, _) => CliError::Input(
            "sm2 keys need an isf built with the `sm2` feature \
             (cargo build -p isf-cli --features sm2)"
                .to_owned(),
        ),
        (other, Some(form)) => CliError::Input(format!("expected {form}: {other}")),
        (other, None) => CliError::Input(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_follows_the_prefix() {
        assert_eq!(
            detect("did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe"),
            Some(Kind::Address)
        );
        assert_eq!(detect("priSPKqru2zMzeb14XWx"), Some(Kind::PrivateKey));
        assert_eq!(detect("b06566ab"), Some(Kind::PublicKey));
        assert_eq!(detect("hello"), None);
        assert_eq!(detect(""), None);
    }
}
