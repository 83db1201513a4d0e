//! `isf verify`: offline verification of a signed JSON document.
//!
//! Nothing is fetched. Each document carries the public keys it was signed with, and
//! [`StarfireVerifier`](isf::bid::StarfireVerifier) checks that every key derives to the BID it
//! signs for, so the check needs neither a resolver nor a network.
//!
//! # Which kind of document
//!
//! [`DocumentKind::detect`] reads the kind from the document itself:
//!
//! 1. a top-level string field `kind` names it, for formats that carry one;
//! 2. otherwise the top-level fields decide: `claims` makes a credential, `terms` with
//!    `signatures` a contract, `list` a revocation list.
//!
//! `--kind` skips detection. Adding a kind takes a variant of [`DocumentKind`] with its name,
//! its shape in `DocumentKind::has_shape` (a format that carries a tag of its own, such as a
//! `format` field, is recognised there), and one arm in `verify_document` calling a function
//! from the JSON text to a [`Verdict`]; a refusal is a [`CliError::Refused`] with the reason.
//!
//! # Outcome
//!
//! The exit code is 0 when the document verifies in full, 1 when it does not (any tampering,
//! an expired or revoked credential, an evidence bundle sealed by another operator than
//! `--operator`), 2 when the file cannot be read or is not a known kind, and 3 for a contract
//! whose signatures verify but that still lacks signers.
//!
//! Every field of the text summary and of an error message comes from the document, so each
//! is printed through [`printable`]: a control character in a name cannot repaint the
//! terminal. JSON output escapes them by itself.

mod contract;
mod credential;
mod evidence;
mod revocation;

use std::fmt;
use std::path::{Path, PathBuf};

use isf::core::{Bid, BizDate};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::CliError;
use crate::output;
use crate::printable::{printable, printable_lines};

/// The kinds of document `isf verify` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An identity credential (身份凭证) signed by a platform operator.
    Credential,
    /// A contract (链上签) and the signatures collected on it.
    Contract,
    /// An issuer's signed list of revoked credentials.
    RevocationList,
    /// An evidence bundle for one voucher piece (`format: "isf-evidence/v1"`).
    Evidence,
}

impl DocumentKind {
    /// Every kind, in the order `detect` tries their shapes.
    const ALL: [DocumentKind; 4] = [
        DocumentKind::Credential,
        DocumentKind::Contract,
        DocumentKind::RevocationList,
        DocumentKind::Evidence,
    ];

    /// The name used in `kind` fields, in `--kind` and in the output.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Credential => "credential",
            DocumentKind::Contract => "contract",
            DocumentKind::RevocationList => "revocation_list",
            DocumentKind::Evidence => "evidence",
        }
    }

    /// Whether a JSON object without a `kind` field has this kind's top-level fields.
    fn has_shape(self, object: &Map<String, Value>) -> bool {
        match self {
            DocumentKind::Credential => object.contains_key("claims"),
            DocumentKind::Contract => {
                object.contains_key("terms") && object.contains_key("signatures")
            }
            DocumentKind::RevocationList => object.contains_key("list"),
            DocumentKind::Evidence => object
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|format| format.starts_with("isf-evidence/")),
        }
    }

    /// Reads the kind of the JSON document `text`: its `kind` field, or else its shape.
    pub fn detect(text: &str) -> Result<DocumentKind, CliError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| CliError::Input(format!("not a json document: {error}")))?;
        let Value::Object(object) = value else {
            return Err(CliError::Input(
                "not a signed document: the json is not an object".to_owned(),
            ));
        };

        if let Some(Value::String(name)) = object.get("kind") {
            return DocumentKind::ALL
                .into_iter()
                .find(|kind| kind.name() == name)
                .ok_or_else(|| {
                    CliError::Input(format!(
                        "unknown document kind {name:?}; known kinds: {}",
                        known_kinds()
                    ))
                });
        }

        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.has_shape(&object))
            .ok_or_else(|| {
                CliError::Input(format!(
                    "cannot tell what this document is (known kinds: {}); name it with --kind",
                    known_kinds()
                ))
            })
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn known_kinds() -> String {
    DocumentKind::ALL.map(DocumentKind::name).join(", ")
}

/// What `isf verify` was asked.
#[derive(Debug)]
pub struct VerifyOptions {
    /// The kind, when the user names it instead of letting it be detected.
    pub kind: Option<DocumentKind>,
    /// Date a credential must be valid on; today in Beijing when absent.
    pub on: Option<BizDate>,
    /// Files of revocation lists to check a credential against.
    pub revocations: Vec<PathBuf>,
    /// The operator an evidence bundle must be sealed by.
    pub operator: Option<Bid>,
    /// Print JSON instead of the text summary.
    pub json: bool,
}

/// The result of a document that verified.
#[derive(Debug)]
pub struct Verdict {
    /// The human summary: a first line, then indented details, one string per line. Each
    /// line is made printable when it is printed.
    pub summary: Vec<String>,
    /// The same facts as JSON fields.
    pub details: Map<String, Value>,
    /// Why the document, though valid so far, is not yet complete.
    pub incomplete: Option<String>,
}

/// Verifies the document at `path` and prints the verdict.
pub fn verify(path: &Path, options: &VerifyOptions) -> Result<(), CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| CliError::Input(format!("cannot read {}: {error}", path.display())))?;
    let kind = match options.kind {
        Some(kind) => kind,
        None => DocumentKind::detect(&text)
            .map_err(|error| CliError::Input(format!("{}: {error}", path.display())))?,
    };

    let outcome = verify_document(kind, &text, options);

    report(kind, outcome, options.json).map_err(|error| in_file(error, path, kind))
}

/// One arm per document kind.
fn verify_document(
    kind: DocumentKind,
    text: &str,
    options: &VerifyOptions,
) -> Result<Verdict, CliError> {
    let credential_options = options.on.is_some() || !options.revocations.is_empty();
    if credential_options && kind != DocumentKind::Credential {
        return Err(CliError::Input(
            "--on and --revocations apply to credentials only".to_owned(),
        ));
    }
    if options.operator.is_some() && kind != DocumentKind::Evidence {
        return Err(CliError::Input(
            "--operator applies to evidence bundles only".to_owned(),
        ));
    }

    match kind {
        DocumentKind::Credential => credential::verify(text, options),
        DocumentKind::Contract => contract::verify(text),
        DocumentKind::RevocationList => revocation::verify(text),
        DocumentKind::Evidence => evidence::verify(text, options.operator.as_ref()),
    }
}

/// Prints the verdict, or with `--json` the refusal too, and turns an incomplete document
/// into its exit code.
fn report(
    kind: DocumentKind,
    outcome: Result<Verdict, CliError>,
    json: bool,
) -> Result<(), CliError> {
    let verdict = match outcome {
        Ok(verdict) => verdict,
        Err(CliError::Refused(reason)) if json => {
            output::emit_json(&Refusal {
                kind: kind.name(),
                valid: false,
                reason: &reason,
            })?;
            return Err(CliError::Refused(reason));
        }
        Err(error) => return Err(error),
    };

    if json {
        output::emit_json(&Accepted {
            kind: kind.name(),
            valid: true,
            details: &verdict.details,
        })?;
    } else {
        output::emit(&summary_text(&verdict.summary))?;
    }

    match verdict.incomplete {
        Some(reason) => Err(CliError::Incomplete(reason)),
        None => Ok(()),
    }
}

/// The summary lines, each made printable, so that no field of the document can start a line
/// of its own or repaint one.
fn summary_text(lines: &[String]) -> String {
    printable_lines(&lines.join("\n"))
}

/// The JSON verdict on a document that verified: kind and validity first, then the facts.
#[derive(Serialize)]
struct Accepted<'a> {
    kind: &'static str,
    valid: bool,
    #[serde(flatten)]
    details: &'a Map<String, Value>,
}

/// The JSON verdict on a document that did not verify.
#[derive(Serialize)]
struct Refusal<'a> {
    kind: &'static str,
    valid: bool,
    reason: &'a str,
}

/// Puts the file (and for a refusal, the kind) in front of a failure's message, keeping its
/// exit code. The message may quote the document, so it is made printable.
fn in_file(error: CliError, path: &Path, kind: DocumentKind) -> CliError {
    let path = path.display();
    match error {
        CliError::Refused(reason) => {
            CliError::Refused(format!("{path}: {kind} refused: {}", printable(&reason)))
        }
        CliError::Input(reason) => CliError::Input(format!("{path}: {}", printable(&reason))),
        CliError::Incomplete(reason) => {
            CliError::Incomplete(format!("{path}: {}", printable(&reason)))
        }
    }
}

/// The snake_case name serde gives an enum value (`supplier`, `any_order`).
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        _ => "?".to_owned(),
    }
}

/// A JSON value for the report; plain data always converts.
fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_field_wins_over_shape() {
        let kind = DocumentKind::detect(r#"{"kind":"contract","claims":{}}"#).unwrap();
        assert_eq!(kind, DocumentKind::Contract);
    }

    #[test]
    fn shapes_are_told_apart() {
        let cases = [
            (
                r#"{"claims":{},"issuer_key":"","signature":""}"#,
                DocumentKind::Credential,
            ),
            (
                r#"{"id":"","terms":{},"signatures":[]}"#,
                DocumentKind::Contract,
            ),
            (
                r#"{"list":{},"issuer_key":"","signature":""}"#,
                DocumentKind::RevocationList,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(DocumentKind::detect(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn unknown_documents_are_input_errors() {
        for text in ["[]", "not json", r#"{"kind":"ledger"}"#, r#"{"a":1}"#] {
            let error = DocumentKind::detect(text).unwrap_err();
            assert!(matches!(error, CliError::Input(_)), "{text}: {error}");
        }
    }
}
