//! Annual interest rates in parts per million and the interest they accrue.
