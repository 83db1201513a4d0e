//! The `isf` command.

fn main() {}
