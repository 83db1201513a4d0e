//! StarFire chain transactions: the `protocol.Transaction` protobuf, its blob, hash and
//! signatures, and the `submitTransaction` request body.
//!
//! Build a [`Transaction`] (usually with [`Transaction::new`] and the [`Operation`]
//! constructors), sign it with [`SignedTransaction::sign`], and send
//! [`SubmitRequest::to_json`] to the node. Sending is the client crate's job; nothing here does
//! I/O.

mod compose;
mod proto;
mod signed;

pub use compose::MAX_OPERATIONS;
pub use proto::{
    AccountPrivilege, AccountSigner, AccountThreshold, Contract, ContractType, MetadataEntry,
    Operation, OperationCreateAccount, OperationPayCoin, OperationSetMetadata, OperationType,
    OperationTypeThreshold, Transaction,
};
pub use signed::{
    SignedTransaction, SubmitItem, SubmitRequest, SubmitSignature, TxSignature, transaction_hash,
};
