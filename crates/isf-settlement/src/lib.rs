//! ISF clearing and settlement.
