//! The payment commitment letter a scenario's issuer signs before each issue.

use isf_bid::KeyPair;
use isf_bid::StarfireVerifier;
use isf_bid::contract::{Contract, ContractError, PaymentCommitment};
use isf_core::{Bid, BizDate, Fen, Hash32, VoucherId};

/// Writes the letter for a voucher, hashes it, and has the issuer sign the commitment contract.
pub(super) fn sign_commitment(
    issuer: &KeyPair,
    voucher: &VoucherId,
    face: Fen,
    payment_date: BizDate,
    payee: &Bid,
) -> Result<Contract, ContractError> {
    let letter = format!(
        "付款承诺函\n凭证编号 {voucher}\n承诺于 {payment_date} 无条件向 {payee} 支付 {face} 元。\n承诺人 {}\n",
        issuer.bid()
    );
    let commitment = PaymentCommitment {
        voucher_no: voucher.clone(),
        face_amount: face,
        payment_date,
        issuer: issuer.bid().clone(),
        payee: payee.clone(),
        document_hash: Hash32::of(letter.as_bytes()),
    };
    let mut contract = commitment.to_contract()?;
    contract.sign(issuer, &StarfireVerifier)?;
    Ok(contract)
}
