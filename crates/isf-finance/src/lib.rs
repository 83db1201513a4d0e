//! ISF financing products.
