//! Splitting an amount into parts that always add up to the whole (largest remainder).
