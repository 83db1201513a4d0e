//! The BID-SDK (Java) byte form of a document: Jackson's output for the SDK's model classes,
//! fields in declaration order, the field renamed to `@context` last, nulls and the proof
//! left out, compact UTF-8 with non-ASCII characters unescaped.
//!
//! The mirror structs below exist only to fix that order; they borrow from the document.

use serde::Serialize;

use isf_core::Bid;

use crate::document::BidDocument;
use crate::document::model::{
    AlsoKnownAs, Attribute, CredentialRef, DelegateSign, Extension, PublicKeyEntry, Service,
};
use crate::document::time::DocTime;

#[derive(Serialize)]
struct JavaDocument<'a> {
    version: &'a str,
    id: &'a Bid,
    #[serde(rename = "publicKey", skip_serializing_if = "Option::is_none")]
    public_key: Option<Vec<JavaKey<'a>>>,
    authentication: &'a [String],
    #[serde(rename = "alsoKnownAs", skip_serializing_if = "Option::is_none")]
    also_known_as: Option<Vec<JavaAlias<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<JavaExtension<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<Vec<JavaService<'a>>>,
    created: &'a DocTime,
    updated: &'a DocTime,
    #[serde(rename = "@context")]
    context: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JavaKey<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    key_type: &'a str,
    public_key_hex: &'a str,
    controller: &'a Bid,
}

#[derive(Serialize)]
struct JavaAlias<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JavaExtension<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery: Option<&'a [String]>,
    ttl: u64,
    #[serde(rename = "type")]
    kind: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    delegate_sign: Option<JavaDelegateSign<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Vec<JavaAttribute<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acsns: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verifiable_credentials: Option<Vec<JavaCredentialRef<'a>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JavaDelegateSign<'a> {
    signer: &'a str,
    signature_value: &'a str,
}

#[derive(Serialize)]
struct JavaAttribute<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    desc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encrypt: Option<u8>,
}

#[derive(Serialize)]
struct JavaCredentialRef<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JavaService<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_type: Option<u8>,
    service_endpoint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
}

/// The bytes the BID-SDK signs for `document`.
pub(crate) fn java_bytes(document: &BidDocument) -> serde_json::Result<Vec<u8>> {
    let mirror = JavaDocument {
        version: &document.version,
        id: &document.id,
        public_key: document
            .public_key
            .as_deref()
            .map(|keys| keys.iter().map(key).collect()),
        authentication: &document.authentication,
        also_known_as: document
            .also_known_as
            .as_deref()
            .map(|aliases| aliases.iter().map(alias).collect()),
        extension: document.extension.as_ref().map(extension),
        service: document
            .service
            .as_deref()
            .map(|services| services.iter().map(service).collect()),
        created: &document.created,
        updated: &document.updated,
        context: &document.context,
    };
    serde_json::to_vec(&mirror)
}

fn key(entry: &PublicKeyEntry) -> JavaKey<'_> {
    JavaKey {
        id: &entry.id,
        key_type: &entry.key_type,
        public_key_hex: &entry.public_key_hex,
        controller: &entry.controller,
    }
}

fn alias(alias: &AlsoKnownAs) -> JavaAlias<'_> {
    JavaAlias {
        id: &alias.id,
        kind: alias.kind,
    }
}

fn extension(extension: &Extension) -> JavaExtension<'_> {
    JavaExtension {
        recovery: extension.recovery.as_deref(),
        ttl: extension.ttl,
        kind: extension.kind,
        delegate_sign: extension.delegate_sign.as_ref().map(delegate_sign),
        attributes: extension
            .attributes
            .as_deref()
            .map(|attributes| attributes.iter().map(attribute).collect()),
        acsns: extension.acsns.as_deref(),
        verifiable_credentials: extension
            .verifiable_credentials
            .as_deref()
            .map(|credentials| credentials.iter().map(credential_ref).collect()),
    }
}

fn delegate_sign(delegate: &DelegateSign) -> JavaDelegateSign<'_> {
    JavaDelegateSign {
        signer: &delegate.signer,
        signature_value: &delegate.signature_value,
    }
}

fn attribute(attribute: &Attribute) -> JavaAttribute<'_> {
    JavaAttribute {
        key: &attribute.key,
        desc: attribute.desc.as_deref(),
        value: attribute.value.as_deref(),
        format: attribute.format.as_deref(),
        encrypt: attribute.encrypt,
    }
}

fn credential_ref(credential: &CredentialRef) -> JavaCredentialRef<'_> {
    JavaCredentialRef {
        id: &credential.id,
        kind: credential.kind,
    }
}

fn service(service: &Service) -> JavaService<'_> {
    JavaService {
        id: &service.id,
        kind: &service.kind,
        version: service.version.as_deref(),
        protocol: service.protocol,
        server_type: service.server_type,
        service_endpoint: &service.service_endpoint,
        port: service.port,
    }
}
