//! Discount financing of a voucher piece: the terms a funder offers, the quote they give, and
//! the application that ties a piece to a funder.
//!
//! Interest is counted from the financing date (counted) to the piece's due date (not counted),
//! 算头不算尾, on the *adjusted* due date: when the committed payment date falls on a holiday,
//! the extra days until the next business day count too. Interest is rounded once, at the end.

use isf_core::{Bid, BizDate, DayCount, Fen, PieceId, Rate, RoundingMode};
use serde::{Deserialize, Serialize};

use crate::error::{FinanceError, Result};

/// What a funder charges for discounting a piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountTerms {
    /// Annual discount rate.
    pub rate: Rate,
    /// Day-count convention (Act/360 is customary for renminbi discounting).
    pub day_count: DayCount,
    /// Rounding of the interest to the fen (四舍五入 by default).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Days added to the count, such as the three days for a paper bill whose acceptor is in
    /// another city (default 0).
    #[serde(default)]
    pub extra_days: u32,
}

/// The outcome of discounting a face amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountQuote {
    /// Face amount discounted.
    pub face: Fen,
    /// Day the funder pays.
    pub financing_date: BizDate,
    /// The adjusted due date.
    pub due_date: BizDate,
    /// Days counted, extra days included.
    pub days: i64,
    /// Discount interest.
    pub interest: Fen,
    /// What the applicant receives: face less interest.
    pub advance: Fen,
}

/// Quotes discount financing of `face` on `financing_date`, due on `due_date`.
pub fn quote_discount(
    face: Fen,
    financing_date: BizDate,
    due_date: BizDate,
    terms: &DiscountTerms,
) -> Result<DiscountQuote> {
    if due_date <= financing_date {
        return Err(FinanceError::InvalidTerm {
            committed: due_date,
            reason: "financing must happen before the due date",
        });
    }
    let days = terms.day_count.days(financing_date, due_date) + i64::from(terms.extra_days);
    let basis = terms.day_count.basis_days();
    let interest = terms
        .rate
        .interest_for_days(face, days, basis, terms.rounding)?;
    if interest >= face {
        return Err(FinanceError::DiscountExceedsFace {
            interest,
            face,
            days,
        });
    }
    let advance = face.checked_sub(interest)?;
    Ok(DiscountQuote {
        face,
        financing_date,
        due_date,
        days,
        interest,
        advance,
    })
}

/// Where a financing application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Open: the piece is locked.
    Open,
    /// Funded by assignment: the funder holds the piece.
    FundedByAssignment,
    /// Funded by pledge: the funder is paid at maturity.
    FundedByPledge,
    /// Withdrawn without funding.
    Withdrawn,
}

impl ApplicationStatus {
    /// A short name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            ApplicationStatus::Open => "open",
            ApplicationStatus::FundedByAssignment => "funded by assignment",
            ApplicationStatus::FundedByPledge => "funded by pledge",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A financing application for one piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// Application number.
    pub number: String,
    /// The piece.
    pub piece: PieceId,
    /// The holder who applied.
    pub applicant: Bid,
    /// The funder applied to.
    pub funder: Bid,
    /// The terms.
    pub terms: DiscountTerms,
    /// The quote at application.
    pub quote: DiscountQuote,
    /// Where it stands.
    pub status: ApplicationStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> BizDate {
        BizDate::parse(text).unwrap()
    }

    #[test]
    fn bill_discount_case_c4() {
        // Face 1,000,000.00 discounted 15 August, due 29 October, 2.62 % on 360 days.
        let terms = DiscountTerms {
            rate: Rate::parse("2.62%").unwrap(),
            day_count: DayCount::Act360,
            rounding: RoundingMode::HalfUp,
            extra_days: 0,
        };
        let face = Fen::new(100_000_000).unwrap();
        let quote = quote_discount(face, date("2025-08-15"), date("2025-10-29"), &terms).unwrap();
        assert_eq!(quote.days, 75);
        assert_eq!(quote.interest, Fen::new(545_833).unwrap());
        assert_eq!(quote.advance, Fen::new(99_454_167).unwrap());
    }

    #[test]
    fn other_city_bill_adds_three_days() {
        let terms = DiscountTerms {
            rate: Rate::parse("2.62%").unwrap(),
            day_count: DayCount::Act360,
            rounding: RoundingMode::HalfUp,
            extra_days: 3,
        };
        let face = Fen::new(100_000_000).unwrap();
        let quote = quote_discount(face, date("2025-08-15"), date("2025-10-29"), &terms).unwrap();
        assert_eq!(quote.days, 78);
    }

    #[test]
    fn financing_on_or_after_due_date_refused() {
        let terms = DiscountTerms {
            rate: Rate::parse("2.62%").unwrap(),
            day_count: DayCount::Act360,
            rounding: RoundingMode::HalfUp,
            extra_days: 0,
        };
        let face = Fen::new(100).unwrap();
        assert!(quote_discount(face, date("2025-10-29"), date("2025-10-29"), &terms).is_err());
    }
}
