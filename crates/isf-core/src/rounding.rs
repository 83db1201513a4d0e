//! Named rounding rules. Rounding happens once, at a named step, with one of these.

use serde::{Deserialize, Serialize};

/// How a quotient is rounded to a whole number of fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: halves go away from zero. The default of Chinese finance.
    #[default]
    HalfUp,
    /// Banker's rounding: halves go to the even neighbour.
    HalfEven,
    /// Truncation toward zero.
    Down,
    /// Away from zero whenever there is any remainder.
    Up,
}
