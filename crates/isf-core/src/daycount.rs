//! Day-count conventions: Act/360, Act/365F and 30/360.
