//! Password-protected keystores in the official StarFire JSON format.
//!
//! ```json
//! {"address": "did:bid:ef…", "aesctr_iv": "<16 bytes, HEX>", "cypher_text": "<HEX>",
//!  "scrypt_params": {"n": 16384, "p": 1, "r": 8, "salt": "<32 bytes, HEX>"}, "version": 65536}
//! ```
//!
//! The key is scrypt(password as UTF-8, salt, N, r, p) with 32 output bytes; the cipher text is
//! AES-256-CTR (128-bit big-endian counter starting at the IV) over the ASCII private-key
//! string. There is no MAC: a wrong password is recognised because the plain text is not a
//! private key whose address is the recorded one. Scrypt parameters read from a file are
//! bounded so that a hostile keystore cannot demand gigabytes of memory.

use aes::Aes256;
use ctr::Ctr128BE;
use ctr::cipher::{KeyIvInit, StreamCipher};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::address::StarfireAddress;
use crate::error::{BidError, Result};
use crate::keypair::KeyPair;

/// The version number the official SDKs write.
pub const KEYSTORE_VERSION: u32 = 65536;

/// Largest scrypt memory (128 · r · N bytes) a keystore may ask for: 256 MiB.
const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

/// Longest cipher text accepted, in bytes; a private-key string has 50.
const MAX_CYPHER_LEN: usize = 256;

/// A keystore as stored: every field is as the official SDKs write it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keystore {
    /// The BID of the key inside.
    pub address: String,
    /// The 16-byte AES-CTR initial counter block, upper-case hex.
    pub aesctr_iv: String,
    /// The encrypted private-key string, upper-case hex.
    pub cypher_text: String,
    /// How the AES key was derived from the password.
    pub scrypt_params: ScryptParams,
    /// Format version, [`KEYSTORE_VERSION`] when written here; not checked when read.
    pub version: u32,
}

/// The scrypt settings and salt of a keystore.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScryptParams {
    /// Cost parameter N, a power of two.
    pub n: u64,
    /// Parallelism parameter p.
    pub p: u32,
    /// Block size parameter r.
    pub r: u32,
    /// The salt, upper-case hex (32 random bytes when written here).
    pub salt: String,
}

/// The scrypt cost of a new keystore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfCost {
    /// Cost parameter N, a power of two.
    pub n: u64,
    /// Block size parameter r.
    pub r: u32,
    /// Parallelism parameter p.
    pub p: u32,
}

impl KdfCost {
    /// What the official SDKs use: N = 16384, r = 8, p = 1 (16 MiB).
    pub const DEFAULT: KdfCost = KdfCost {
        n: 16384,
        r: 8,
        p: 1,
    };

    fn to_params(self) -> Result<scrypt::Params> {
        let bad = |reason: String| BidError::Keystore { reason };
        if !self.n.is_power_of_two() || self.n < 2 {
            return Err(bad(format!(
                "scrypt n = {} is not a power of two above 1",
                self.n
            )));
        }
        if !(1..=32).contains(&self.r) || !(1..=16).contains(&self.p) {
            return Err(bad(format!(
                "scrypt r = {} or p = {} outside 1..=32 and 1..=16",
                self.r, self.p
            )));
        }
        let memory = self.n.saturating_mul(128).saturating_mul(u64::from(self.r));
        if memory > MAX_SCRYPT_MEMORY {
            return Err(bad(format!(
                "scrypt n = {} r = {} needs more than 256 MiB",
                self.n, self.r
            )));
        }

        let log_n = u8::try_from(self.n.trailing_zeros())
            .map_err(|_| bad(format!("scrypt n = {} too large", self.n)))?;
        scrypt::Params::new(log_n, self.r, self.p, 32).map_err(|_| {
            bad(format!(
                "scrypt n = {} r = {} p = {} refused",
                self.n, self.r, self.p
            ))
        })
    }
}

impl Keystore {
    /// Encrypts a key pair under `password` with the default scrypt cost.
    ///
    /// # Errors
    ///
    /// [`BidError::Randomness`] when the OS random number generator fails.
    pub fn encrypt(key: &KeyPair, password: &str) -> Result<Keystore> {
        Keystore::encrypt_with_cost(key, password, KdfCost::DEFAULT)
    }

    /// Encrypts a key pair under `password` with the given scrypt cost.
    ///
    /// # Errors
    ///
    /// [`BidError::Keystore`] for a cost outside the accepted range, [`BidError::Randomness`]
    /// when the OS random number generator fails.
    pub fn encrypt_with_cost(key: &KeyPair, password: &str, cost: KdfCost) -> Result<Keystore> {
        let params = cost.to_params()?;
        let mut salt = [0; 32];
        let mut iv = [0; 16];
        fill_random(&mut salt)?;
        fill_random(&mut iv)?;

        let aes_key = derive_key(password, &salt, &params)?;
        let mut text = Zeroizing::new(key.private_str().as_bytes().to_vec());
        apply_ctr(&aes_key, &iv, &mut text);

        Ok(Keystore {
            address: key.bid().to_string(),
            aesctr_iv: hex::encode_upper(iv),
            cypher_text: hex::encode_upper(text.as_slice()),
            scrypt_params: ScryptParams {
                n: cost.n,
                p: cost.p,
                r: cost.r,
                salt: hex::encode_upper(salt),
            },
            version: KEYSTORE_VERSION,
        })
    }

    /// Opens the keystore and returns the key pair inside, on the AC code of its address.
    ///
    /// # Errors
    ///
    /// [`BidError::Keystore`] for a malformed keystore or out-of-range scrypt parameters,
    /// [`BidError::WrongPassword`] when the password does not open it,
    /// [`BidError::Sm2Unsupported`] for an SM2 key without the `sm2` feature.
    pub fn decrypt(&self, password: &str) -> Result<KeyPair> {
        let address =
            StarfireAddress::parse(&self.address).map_err(|error| malformed("address", &error))?;
        let params = self.cost().to_params()?;
        let salt = decode_field("scrypt_params.salt", &self.scrypt_params.salt, 1..=128)?;
        let iv: [u8; 16] = decode_field("aesctr_iv", &self.aesctr_iv, 16..=16)?
            .try_into()
            .map_err(|_| malformed_reason("aesctr_iv", "must be 16 bytes"))?;
        let mut text = Zeroizing::new(decode_field(
            "cypher_text",
            &self.cypher_text,
            1..=MAX_CYPHER_LEN,
        )?);

        let aes_key = derive_key(password, &salt, &params)?;
        apply_ctr(&aes_key, &iv, &mut text);

        let wrong = || BidError::WrongPassword {
            address: self.address.clone(),
        };
        let text = std::str::from_utf8(&text).map_err(|_| wrong())?;
        let ac = address.ac().map(|ac| ac.as_str());
        let key = KeyPair::from_private_str(text, ac).map_err(|error| match error {
            BidError::Sm2Unsupported => error,
            _ => wrong(),
        })?;
        if key.address() != &address {
            return Err(wrong());
        }
        Ok(key)
    }

    /// Reads a keystore from JSON.
    ///
    /// # Errors
    ///
    /// [`BidError::Keystore`] when the JSON does not have the keystore's fields.
    pub fn from_json(text: &str) -> Result<Keystore> {
        serde_json::from_str(text).map_err(|error| BidError::Keystore {
            reason: format!("not keystore json: {error}"),
        })
    }

    /// The keystore as compact JSON, fields in the order the official SDKs write them.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "address": self.address,
            "aesctr_iv": self.aesctr_iv,
            "cypher_text": self.cypher_text,
            "scrypt_params": {
                "n": self.scrypt_params.n,
                "p": self.scrypt_params.p,
                "r": self.scrypt_params.r,
                "salt": self.scrypt_params.salt,
            },
            "version": self.version,
        })
        .to_string()
    }

    fn cost(&self) -> KdfCost {
        KdfCost {
            n: self.scrypt_params.n,
            r: self.scrypt_params.r,
            p: self.scrypt_params.p,
        }
    }
}

fn derive_key(password: &str, salt: &[u8], params: &scrypt::Params) -> Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0; 32]);
    scrypt::scrypt(password.as_bytes(), salt, params, key.as_mut_slice()).map_err(|_| {
        BidError::Keystore {
            reason: "scrypt refused the output length".to_owned(),
        }
    })?;
    Ok(key)
}

fn apply_ctr(key: &[u8; 32], iv: &[u8; 16], data: &mut [u8]) {
    let mut cipher = Ctr128BE::<Aes256>::new(key.into(), iv.into());
    cipher.apply_keystream(data);
}

fn fill_random(buffer: &mut [u8]) -> Result<()> {
    OsRng
        .try_fill_bytes(buffer)
        .map_err(|error| BidError::Randomness {
            reason: error.to_string(),
        })
}

fn decode_field(
    field: &str,
    text: &str,
    length: std::ops::RangeInclusive<usize>,
) -> Result<Vec<u8>> {
    if text.len() > length.end().saturating_mul(2) {
        return Err(malformed_reason(field, "too long"));
    }
    let bytes = hex::decode(text).map_err(|_| malformed_reason(field, "not hex"))?;
    if !length.contains(&bytes.len()) {
        let reason = format!(
            "{} bytes, expected {} to {}",
            bytes.len(),
            length.start(),
            length.end()
        );
        return Err(malformed_reason(field, &reason));
    }
    Ok(bytes)
}

fn malformed(field: &str, error: &BidError) -> BidError {
    malformed_reason(field, &error.to_string())
}

fn malformed_reason(field: &str, reason: &str) -> BidError {
    BidError::Keystore {
        reason: format!("{field}: {reason}"),
    }
}
