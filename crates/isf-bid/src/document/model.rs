//! The parts of a BID document below the top level: public keys, names, the extension,
//! services and the proof, plus the type codes of the StarFire identifier rules.
//!
//! Text fields keep the exact text read (key type spelling, hex case, endpoints), because
//! every byte is covered by the proof. Absent and present-but-empty lists stay distinct for
//! the same reason; a JSON `null` reads as absent, as the BID-SDK writes it.

use serde::{Deserialize, Serialize};

use isf_core::{Bid, PublicKey, SignatureScheme};

use crate::document::error::DocumentError;

/// One entry of `publicKey[]`: a key that can act for the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PublicKeyEntry {
    /// `<bid>#key-N`.
    pub id: String,
    /// `Ed25519` (RFC spelling), `ED25519` (BID-SDK spelling) or `SM2`.
    #[serde(rename = "type")]
    pub key_type: String,
    /// The BID that owns the key. The key must derive that BID.
    pub controller: Bid,
    /// The key in hex: the StarFire encoding (`b06566…`, `b07a66…`) or, as some RFC
    /// examples print it, the raw key alone.
    pub public_key_hex: String,
}

impl PublicKeyEntry {
    /// The entry for `key`, owned by `controller`, under `id`, with the RFC type spelling.
    pub fn new(id: String, controller: Bid, key: &PublicKey) -> PublicKeyEntry {
        let key_type = match key.scheme() {
            SignatureScheme::Sm2 => "SM2",
            _ => "Ed25519",
        };
        PublicKeyEntry {
            id,
            key_type: key_type.to_owned(),
            controller,
            public_key_hex: key.to_string(),
        }
    }

    /// The signature scheme named by `type`, in either spelling.
    ///
    /// # Errors
    ///
    /// [`DocumentError::PublicKey`] for any other type.
    pub fn scheme(&self) -> Result<SignatureScheme, DocumentError> {
        if self.key_type.eq_ignore_ascii_case("ed25519") {
            Ok(SignatureScheme::Ed25519)
        } else if self.key_type.eq_ignore_ascii_case("sm2") {
            Ok(SignatureScheme::Sm2)
        } else {
            Err(self.bad(format!("unknown key type {:?}", self.key_type)))
        }
    }

    /// The key in the StarFire encoding. A raw key (32 bytes for Ed25519, `04‖X‖Y` for SM2)
    /// gets its `b06566` / `b07a66` header added; an encoded key must match `type`.
    ///
    /// # Errors
    ///
    /// [`DocumentError::PublicKey`] for bad hex, a wrong length or a type mismatch.
    pub fn public_key(&self) -> Result<PublicKey, DocumentError> {
        let scheme = self.scheme()?;
        let bytes = hex::decode(&self.public_key_hex)
            .map_err(|_| self.bad(format!("{:?} is not hex", self.public_key_hex)))?;

        let header: &[u8] = match scheme {
            SignatureScheme::Sm2 => &[0xb0, 0x7a, 0x66],
            _ => &[0xb0, 0x65, 0x66],
        };
        let raw_len = match scheme {
            SignatureScheme::Sm2 => 65,
            _ => 32,
        };
        let encoded = if bytes.len() == raw_len {
            [header, &bytes].concat()
        } else {
            bytes
        };
        if !encoded.starts_with(header) {
            return Err(self.bad(format!(
                "{} key does not start with {}",
                self.key_type,
                hex::encode(header)
            )));
        }
        PublicKey::from_encoded(encoded).map_err(|error| self.bad(error.to_string()))
    }

    fn bad(&self, reason: String) -> DocumentError {
        DocumentError::PublicKey {
            key_id: self.id.clone(),
            reason,
        }
    }
}

/// One entry of `alsoKnownAs[]`: another name of the same subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoKnownAs {
    /// 101 BID, 102 other DID, 103 domain name, 104 Zid, 105 handle.
    #[serde(rename = "type")]
    pub kind: u32,
    /// The other name.
    pub id: String,
}

/// `extension`: the StarFire additions to a DID document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Extension {
    /// Key ids allowed to recover (replace the keys of) the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Vec<String>>,
    /// How long a resolver may cache the document, in seconds.
    pub ttl: u64,
    /// A third party's signature over the public key, for trusted resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegate_sign: Option<DelegateSign>,
    /// What the BID names: see [`EntityType`].
    #[serde(rename = "type")]
    pub kind: u32,
    /// Descriptive attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<Attribute>>,
    /// AC codes (sub-chains) this main-chain BID owns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acsns: Option<Vec<String>>,
    /// Credentials about the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifiable_credentials: Option<Vec<CredentialRef>>,
}

impl Extension {
    /// An extension with only the required fields.
    pub fn new(ttl: u64, kind: EntityType) -> Extension {
        Extension {
            recovery: None,
            ttl,
            delegate_sign: None,
            kind: kind.code(),
            attributes: None,
            acsns: None,
            verifiable_credentials: None,
        }
    }

    /// The entity type, when the code is one of the known ones.
    pub fn entity_type(&self) -> Option<EntityType> {
        EntityType::from_code(self.kind)
    }
}

/// `extension.delegateSign`: a third party vouching for the public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DelegateSign {
    /// The vouching key's id.
    pub signer: String,
    /// Its signature over the document's public key.
    pub signature_value: String,
}

/// One entry of `extension.attributes[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// The attribute's name.
    pub key: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// 1 when `value` is encrypted, 0 when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypt: Option<u8>,
    /// `image`, `text`, `video` or `mixture`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// One entry of `extension.verifiableCredentials[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialRef {
    /// The credential's id.
    pub id: String,
    /// 201 trusted certification, 202 education, 203 qualification, 204 authorisation.
    #[serde(rename = "type")]
    pub kind: u32,
}

/// One entry of `service[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Service {
    /// `<bid>#<name>`.
    pub id: String,
    /// `DIDDecrypt`, `DIDStorage`, `DIDRevocation`, `DIDResolver`, `DIDSubResolve(r)`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Protocol version of a sub-chain resolver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// 0 UDP, 1 TCP, 2 HTTP, 3 HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u8>,
    /// 0 domain name, 1 IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_type: Option<u8>,
    /// The URL, domain name or IP address.
    pub service_endpoint: String,
    /// The port, with an IP address endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// `proof`: who signed the document and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Proof {
    /// The signing key's id, `<bid>#key-N`.
    pub creator: String,
    /// StarFire Base58 (RFC convention) or upper-case hex (BID-SDK convention).
    pub signature_value: String,
}

/// The entity type codes of `extension.type` (属性类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntityType {
    /// 101.
    Person,
    /// 102.
    Enterprise,
    /// 103.
    Node,
    /// 104.
    SmartDevice,
    /// 105.
    SmartContract,
    /// 201.
    Image,
    /// 202.
    Video,
    /// 203.
    Document,
    /// 204.
    ResourceData,
    /// 205.
    Credential,
    /// 206.
    AcCode,
    /// 999.
    Other,
}

const ENTITY_CODES: [(EntityType, u32); 12] = [
    (EntityType::Person, 101),
    (EntityType::Enterprise, 102),
    (EntityType::Node, 103),
    (EntityType::SmartDevice, 104),
    (EntityType::SmartContract, 105),
    (EntityType::Image, 201),
    (EntityType::Video, 202),
    (EntityType::Document, 203),
    (EntityType::ResourceData, 204),
    (EntityType::Credential, 205),
    (EntityType::AcCode, 206),
    (EntityType::Other, 999),
];

impl EntityType {
    /// The numeric code.
    pub fn code(self) -> u32 {
        ENTITY_CODES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or(999, |(_, code)| *code)
    }

    /// The type with `code`, if it is one of the known codes.
    pub fn from_code(code: u32) -> Option<EntityType> {
        ENTITY_CODES
            .iter()
            .find(|(_, known)| *known == code)
            .map(|(kind, _)| *kind)
    }
}
