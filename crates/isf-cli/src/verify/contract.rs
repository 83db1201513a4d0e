//! Verifying a contract: its id against its terms, every signature in order, and who has
//! not signed yet. A payment commitment (付款承诺函) must also carry well-formed voucher terms.

use isf::bid::StarfireVerifier;
use isf::bid::contract::{
    Contract, ContractStatus, PAYMENT_COMMITMENT_KIND, PaymentCommitment, verify_contract_json,
};
use serde_json::{Map, Value, json};

use super::{Verdict, serde_name, to_value};
use crate::error::CliError;

/// Verifies the contract in `text`. Every signature present must verify; missing signers
/// make the verdict incomplete rather than refused.
pub fn verify(text: &str) -> Result<Verdict, CliError> {
    let status = verify_contract_json(text, &StarfireVerifier)
        .map_err(|error| CliError::Refused(error.to_string()))?;
    let contract = &status.contract;

    let commitment = payment_commitment(contract)?;

    let incomplete = contract
        .require_complete()
        .err()
        .map(|error| error.to_string());
    Ok(Verdict {
        summary: summary(&status, commitment.as_ref()),
        details: details(&status, commitment.as_ref()),
        incomplete,
    })
}

/// The voucher terms of a contract marked as a payment commitment; a contract so marked
/// whose terms do not read is refused, since a voucher issue would refuse it too.
fn payment_commitment(contract: &Contract) -> Result<Option<PaymentCommitment>, CliError> {
    let marked =
        contract.terms().metadata.get("kind").map(String::as_str) == Some(PAYMENT_COMMITMENT_KIND);
    if !marked {
        return Ok(None);
    }
    PaymentCommitment::from_contract(contract)
        .map(Some)
        .map_err(|error| CliError::Refused(error.to_string()))
}

fn summary(status: &ContractStatus, commitment: Option<&PaymentCommitment>) -> Vec<String> {
    let contract = &status.contract;
    let terms = contract.terms();
    let signed = contract.signatures().len();
    let listed = terms.signers.len();

    let state = if status.is_complete() {
        "complete"
    } else {
        "incomplete"
    };
    let mut lines = vec![
        format!(
            "contract {}: {signed} of {listed} signatures present and verified, {state}",
            contract.id()
        ),
        format!("  title     {}", terms.title),
        format!("  document  {}", terms.document_hash),
        format!("  order     {}", serde_name(&terms.order)),
    ];
    if let Some(commitment) = commitment {
        lines.push(format!(
            "  payment commitment of voucher {}: {} from {} to {}, payable {}",
            commitment.voucher_no,
            commitment.face_amount,
            commitment.issuer,
            commitment.payee,
            commitment.payment_date
        ));
    }
    for signer in &terms.signers {
        let mark = if status.missing.contains(signer) {
            "missing"
        } else {
            "signed "
        };
        lines.push(format!("  {mark}   {signer}"));
    }
    lines
}

fn details(status: &ContractStatus, commitment: Option<&PaymentCommitment>) -> Map<String, Value> {
    let contract = &status.contract;
    let terms = contract.terms();
    let signers: Vec<Value> = terms
        .signers
        .iter()
        .map(|signer| json!({ "bid": signer, "signed": !status.missing.contains(signer) }))
        .collect();

    let mut details = Map::new();
    details.insert("complete".to_owned(), Value::Bool(status.is_complete()));
    details.insert("id".to_owned(), to_value(&contract.id()));
    details.insert("title".to_owned(), Value::from(terms.title.as_str()));
    details.insert("document_hash".to_owned(), to_value(&terms.document_hash));
    details.insert("order".to_owned(), to_value(&terms.order));
    details.insert("metadata".to_owned(), to_value(&terms.metadata));
    details.insert("signers".to_owned(), Value::Array(signers));
    details.insert("missing".to_owned(), to_value(&status.missing));
    if let Some(commitment) = commitment {
        let commitment = json!({
            "voucher_no": commitment.voucher_no,
            "face_amount_fen": commitment.face_amount.get(),
            "payment_date": commitment.payment_date,
            "issuer": commitment.issuer,
            "payee": commitment.payee,
        });
        details.insert("payment_commitment".to_owned(), commitment);
    }
    details
}
