//! Product rules: the limits a platform configures for its voucher product.

use isf_core::Fen;
use serde::{Deserialize, Serialize};

use crate::error::{FinanceError, Result};

/// The longest sign window a product may set, in days.
pub const MAX_SIGN_WINDOW_DAYS: i64 = 365;

/// The longest term a product may allow, in days: ten years.
const MAX_TERM_DAYS: i64 = 3_650;

/// Limits of a voucher product. Every field has a conservative default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProductRules {
    /// Smallest piece a split may create, transferred part or kept remainder alike
    /// (default 1,000.00, a common platform minimum).
    pub min_split: Fen,
    /// Smallest piece a split may create as a share of the voucher's issued face, in parts per
    /// million (default 0: no share limit).
    pub min_share_ppm: u32,
    /// Deepest tier a piece may reach below the tier-1 payee (default 10).
    pub max_depth: u32,
    /// Most pieces one split may create, remainder included (default 20).
    pub max_children: u32,
    /// Longest allowed time from issue to committed payment date, in days (default 365).
    pub max_term_days: i64,
    /// Days a recipient has to sign for a piece; it returns to the sender after that
    /// (default 7).
    pub sign_window_days: i64,
}

impl Default for ProductRules {
    fn default() -> Self {
        ProductRules {
            min_split: Fen::new(100_000).unwrap_or(Fen::ZERO),
            min_share_ppm: 0,
            max_depth: 10,
            max_children: 20,
            max_term_days: 365,
            sign_window_days: 7,
        }
    }
}

impl ProductRules {
    /// Checks that the rules make sense together.
    pub fn validate(&self) -> Result<()> {
        if self.min_share_ppm > 1_000_000 {
            return Err(FinanceError::InvalidRules(
                "min_share_ppm cannot exceed 1,000,000",
            ));
        }
        if self.max_children < 1 {
            return Err(FinanceError::InvalidRules(
                "max_children must be at least 1",
            ));
        }
        if self.max_term_days < 1 {
            return Err(FinanceError::InvalidRules(
                "max_term_days must be at least 1",
            ));
        }
        if !(0..=MAX_SIGN_WINDOW_DAYS).contains(&self.sign_window_days) {
            return Err(FinanceError::InvalidRules(
                "sign_window_days must be 0 to 365",
            ));
        }
        if self.max_term_days > MAX_TERM_DAYS {
            return Err(FinanceError::InvalidRules(
                "max_term_days cannot exceed 3,650 (ten years)",
            ));
        }
        Ok(())
    }
}
