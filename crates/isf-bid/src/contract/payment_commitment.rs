//! The payment commitment (付款承诺函): a core enterprise's signed promise to pay a voucher's
//! face amount to the payee on a date. Issuing a voucher requires a completed one.
//!
//! It is an ordinary [`Contract`] whose metadata carries the voucher terms under fixed keys,
//! with the core enterprise as the first (usually only) signer, in sequential order.

use std::collections::BTreeMap;

use isf_core::{Bid, BizDate, Fen, Hash32, VoucherId};

use crate::contract::{Contract, ContractError, ContractTerms, SigningOrder};

/// The `kind` metadata value that marks a payment commitment.
pub const PAYMENT_COMMITMENT_KIND: &str = "payment_commitment";

const KIND: &str = "kind";
const VOUCHER_NO: &str = "voucher_no";
const FACE_AMOUNT_FEN: &str = "face_amount_fen";
const PAYMENT_DATE: &str = "payment_date";
const ISSUER: &str = "issuer";
const PAYEE: &str = "payee";

/// The terms of a payment commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentCommitment {
    /// The voucher the commitment backs.
    pub voucher_no: VoucherId,
    /// The amount promised, in fen.
    pub face_amount: Fen,
    /// The date the core enterprise promises to pay.
    pub payment_date: BizDate,
    /// The core enterprise that promises.
    pub issuer: Bid,
    /// Who is to be paid.
    pub payee: Bid,
    /// SHA-256 of the signed letter itself.
    pub document_hash: Hash32,
}

impl PaymentCommitment {
    /// The contract for this commitment, signed by the issuer alone.
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidTerms`] for a zero amount or an issuer paying itself.
    pub fn to_contract(&self) -> Result<Contract, ContractError> {
        self.to_contract_with(&[])
    }

    /// The contract for this commitment, signed first by the issuer, then by `co_signers`
    /// in order (a guarantor, the platform).
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidTerms`] for a zero amount, an issuer paying itself, or a
    /// signer listed twice.
    pub fn to_contract_with(&self, co_signers: &[Bid]) -> Result<Contract, ContractError> {
        let bad = |reason: &str| ContractError::InvalidTerms {
            reason: reason.to_owned(),
        };
        if self.face_amount.is_zero() {
            return Err(bad("a payment commitment needs a face amount above zero"));
        }
        if self.issuer == self.payee {
            return Err(bad(
                "the issuer of a payment commitment cannot be its payee",
            ));
        }

        let metadata = BTreeMap::from([
            (KIND.to_owned(), PAYMENT_COMMITMENT_KIND.to_owned()),
            (VOUCHER_NO.to_owned(), self.voucher_no.to_string()),
            (
                FACE_AMOUNT_FEN.to_owned(),
                self.face_amount.get().to_string(),
            ),
            (PAYMENT_DATE.to_owned(), self.payment_date.to_string()),
            (ISSUER.to_owned(), self.issuer.to_string()),
            (PAYEE.to_owned(), self.payee.to_string()),
        ]);
        let signers = std::iter::once(self.issuer.clone())
            .chain(co_signers.iter().cloned())
            .collect();
        Contract::new(ContractTerms {
            document_hash: self.document_hash,
            title: format!("付款承诺函 {}", self.voucher_no),
            metadata,
            signers,
            order: SigningOrder::Sequential,
        })
    }

    /// Reads the commitment out of a contract, checking that it is marked as one, every
    /// field is present and well-formed, and the issuer is the first signer.
    ///
    /// # Errors
    ///
    /// [`ContractError::NotPaymentCommitment`] naming the first problem.
    pub fn from_contract(contract: &Contract) -> Result<PaymentCommitment, ContractError> {
        let bad = |reason: String| ContractError::NotPaymentCommitment {
            contract: contract.id(),
            reason,
        };
        let terms = contract.terms();
        let field = |key: &str| {
            terms
                .metadata
                .get(key)
                .ok_or_else(|| bad(format!("metadata has no {key:?}")))
        };
        let invalid = |key: &str, error: &dyn std::fmt::Display| {
            bad(format!("metadata {key:?} is invalid: {error}"))
        };

        if field(KIND)? != PAYMENT_COMMITMENT_KIND {
            return Err(bad(format!(
                "metadata {KIND:?} is not {PAYMENT_COMMITMENT_KIND:?}"
            )));
        }
        let voucher_no =
            VoucherId::parse(field(VOUCHER_NO)?).map_err(|error| invalid(VOUCHER_NO, &error))?;
        let fen = field(FACE_AMOUNT_FEN)?
            .parse::<i64>()
            .map_err(|error| invalid(FACE_AMOUNT_FEN, &error))?;
        let face_amount = Fen::new(fen).map_err(|error| invalid(FACE_AMOUNT_FEN, &error))?;
        let payment_date =
            BizDate::parse(field(PAYMENT_DATE)?).map_err(|error| invalid(PAYMENT_DATE, &error))?;
        let issuer = Bid::parse(field(ISSUER)?).map_err(|error| invalid(ISSUER, &error))?;
        let payee = Bid::parse(field(PAYEE)?).map_err(|error| invalid(PAYEE, &error))?;

        if face_amount.is_zero() {
            return Err(bad(format!("metadata {FACE_AMOUNT_FEN:?} is zero")));
        }
        if issuer == payee {
            return Err(bad(format!("the issuer {issuer} is also the payee")));
        }
        if terms.signers.first() != Some(&issuer) {
            return Err(bad(format!("the issuer {issuer} is not the first signer")));
        }
        Ok(PaymentCommitment {
            voucher_no,
            face_amount,
            payment_date,
            issuer,
            payee,
            document_hash: terms.document_hash,
        })
    }

    /// As [`PaymentCommitment::from_contract`], and the contract must be signed by everyone:
    /// what a voucher issue requires.
    ///
    /// # Errors
    ///
    /// [`ContractError::NotPaymentCommitment`] or [`ContractError::Incomplete`].
    pub fn from_completed(contract: &Contract) -> Result<PaymentCommitment, ContractError> {
        let commitment = PaymentCommitment::from_contract(contract)?;
        contract.require_complete()?;
        Ok(commitment)
    }
}
