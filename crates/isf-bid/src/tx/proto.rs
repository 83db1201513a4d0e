//! The messages of the StarFire `protocol` package (proto3) that ISF builds and reads.
//!
//! Tags and types follow the descriptors embedded in the official Java SDK (release 1.0.3).
//! Only the operations ISF uses are modelled: pay coin (transfers and contract calls), create
//! account (accounts and contracts) and set metadata. Field 12 `domain_id` is declared; left at
//! 0 it is not written, which gives the same bytes as SDK releases that lack it.

/// `protocol.Transaction`: what the source account signs, as a protobuf blob.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Transaction {
    /// The signing account's BID.
    #[prost(string, tag = "1")]
    pub source_address: String,
    /// The account's next sequence number: last used nonce + 1.
    #[prost(int64, tag = "2")]
    pub nonce: i64,
    /// A condition expression; unused by the SDKs.
    #[prost(string, tag = "3")]
    pub expr_condition: String,
    /// What the transaction does, in order.
    #[prost(message, repeated, tag = "4")]
    pub operations: Vec<Operation>,
    /// Free bytes; the SDKs put the UTF-8 of a remark here.
    #[prost(bytes = "vec", tag = "5")]
    pub metadata: Vec<u8>,
    /// Most the source will pay in fees, in the chain's smallest unit.
    #[prost(int64, tag = "6")]
    pub fee_limit: i64,
    /// Price per unit of gas.
    #[prost(int64, tag = "7")]
    pub gas_price: i64,
    /// Last ledger sequence in which the transaction may be included; 0 for no limit.
    #[prost(int64, tag = "8")]
    pub ceil_ledger_seq: i64,
    /// Chain id; 0 when unused.
    #[prost(int64, tag = "9")]
    pub chain_id: i64,
    /// Address prefix; unused by the SDKs.
    #[prost(string, tag = "10")]
    pub address_prefix: String,
    /// Binary source address; unused by the SDKs.
    #[prost(bytes = "vec", tag = "11")]
    pub raw_source_address: Vec<u8>,
    /// Consensus domain; 0 is the main domain.
    #[prost(int32, tag = "12")]
    pub domain_id: i32,
}

/// `protocol.Operation`: one step of a transaction.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Operation {
    /// Which operation this is; see [`OperationType`].
    #[prost(enumeration = "OperationType", tag = "1")]
    pub r#type: i32,
    /// Acting account when it differs from the transaction's source; usually empty.
    #[prost(string, tag = "2")]
    pub source_address: String,
    /// Free bytes attached to the operation.
    #[prost(bytes = "vec", tag = "3")]
    pub metadata: Vec<u8>,
    /// Set for [`OperationType::CreateAccount`].
    #[prost(message, optional, tag = "4")]
    pub create_account: Option<OperationCreateAccount>,
    /// Set for [`OperationType::SetMetadata`].
    #[prost(message, optional, tag = "7")]
    pub set_metadata: Option<OperationSetMetadata>,
    /// Set for [`OperationType::PayCoin`].
    #[prost(message, optional, tag = "10")]
    pub pay_coin: Option<OperationPayCoin>,
    /// Binary source address; unused by the SDKs.
    #[prost(bytes = "vec", tag = "20")]
    pub raw_source_address: Vec<u8>,
}

/// `protocol.Operation.Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum OperationType {
    /// Not set.
    Unknown = 0,
    /// Create an account or a contract.
    CreateAccount = 1,
    /// Write a metadata entry of the source account.
    SetMetadata = 4,
    /// Change signer weights.
    SetSignerWeight = 5,
    /// Change thresholds.
    SetThreshold = 6,
    /// Transfer coin, or call a contract.
    PayCoin = 7,
    /// Write a log entry.
    Log = 8,
    /// Change signers and thresholds at once.
    SetPrivilege = 9,
    /// Upgrade a contract.
    UpgradeContract = 10,
    /// Change a controlled area.
    SetControlledArea = 11,
}

/// `protocol.OperationPayCoin`: transfer coin, or call the contract at `dest_address`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OperationPayCoin {
    /// Receiving account or contract.
    #[prost(string, tag = "1")]
    pub dest_address: String,
    /// Amount in the chain's smallest unit.
    #[prost(int64, tag = "2")]
    pub amount: i64,
    /// Contract input (JSON text) when calling a contract.
    #[prost(string, tag = "3")]
    pub input: String,
    /// Binary destination address; unused by the SDKs.
    #[prost(bytes = "vec", tag = "4")]
    pub raw_dest_address: Vec<u8>,
}

/// `protocol.OperationCreateAccount`: create an account, or deploy a contract.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OperationCreateAccount {
    /// The new account's BID; empty when deploying a contract (the chain assigns it).
    #[prost(string, tag = "1")]
    pub dest_address: String,
    /// The contract to deploy, if any.
    #[prost(message, optional, tag = "2")]
    pub contract: Option<Contract>,
    /// Signers and thresholds of the new account.
    #[prost(message, optional, tag = "3")]
    pub r#priv: Option<AccountPrivilege>,
    /// Initial metadata entries.
    #[prost(message, repeated, tag = "4")]
    pub metadatas: Vec<MetadataEntry>,
    /// Coin moved to the new account.
    #[prost(int64, tag = "5")]
    pub init_balance: i64,
    /// Contract init input (JSON text).
    #[prost(string, tag = "6")]
    pub init_input: String,
    /// Public key of the new account; unused by the SDKs.
    #[prost(string, tag = "7")]
    pub dest_public_key: String,
    /// Binary destination address; unused by the SDKs.
    #[prost(bytes = "vec", tag = "8")]
    pub raw_dest_address: Vec<u8>,
}

/// `protocol.OperationSetMetadata`: write (or delete) one metadata entry.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OperationSetMetadata {
    /// Entry key, 1 to 1024 characters.
    #[prost(string, tag = "1")]
    pub key: String,
    /// Entry value, up to 256 000 characters.
    #[prost(string, tag = "2")]
    pub value: String,
    /// Expected current version for optimistic locking; 0 to skip the check.
    #[prost(int64, tag = "3")]
    pub version: i64,
    /// Delete the entry instead of writing it.
    #[prost(bool, tag = "4")]
    pub delete_flag: bool,
}

/// `protocol.Contract`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Contract {
    /// The virtual machine; see [`ContractType`].
    #[prost(enumeration = "ContractType", tag = "1")]
    pub r#type: i32,
    /// The contract code.
    #[prost(string, tag = "2")]
    pub payload: String,
    /// Contract version.
    #[prost(int64, tag = "3")]
    pub version: i64,
}

/// `protocol.Contract.ContractType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ContractType {
    /// JavaScript contract.
    Javascript = 0,
    /// EVM (Solidity) contract.
    Evm = 1,
    /// System contract.
    System = 2,
    /// WebAssembly contract.
    Wasm = 3,
}

/// `protocol.AccountPrivilege`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AccountPrivilege {
    /// Weight of the account's own key.
    #[prost(int64, tag = "1")]
    pub master_weight: i64,
    /// Further signers.
    #[prost(message, repeated, tag = "2")]
    pub signers: Vec<AccountSigner>,
    /// Thresholds.
    #[prost(message, optional, tag = "3")]
    pub thresholds: Option<AccountThreshold>,
}

/// `protocol.Signer`: a further signer of an account and its weight.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AccountSigner {
    /// The signer's BID.
    #[prost(string, tag = "1")]
    pub address: String,
    /// Its weight.
    #[prost(int64, tag = "2")]
    pub weight: i64,
}

/// `protocol.AccountThreshold`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AccountThreshold {
    /// Weight needed for any transaction.
    #[prost(int64, tag = "1")]
    pub tx_threshold: i64,
    /// Weights needed per operation type.
    #[prost(message, repeated, tag = "2")]
    pub type_thresholds: Vec<OperationTypeThreshold>,
}

/// `protocol.OperationTypeThreshold`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OperationTypeThreshold {
    /// The operation type.
    #[prost(enumeration = "OperationType", tag = "1")]
    pub r#type: i32,
    /// Weight needed for it.
    #[prost(int64, tag = "2")]
    pub threshold: i64,
}

/// `protocol.KeyPair` (common.proto): a metadata entry. Renamed here so that it is not
/// mistaken for a signing key pair.
#[derive(Clone, PartialEq, prost::Message)]
pub struct MetadataEntry {
    /// Entry key.
    #[prost(string, tag = "1")]
    pub key: String,
    /// Entry value.
    #[prost(string, tag = "2")]
    pub value: String,
    /// Entry version.
    #[prost(int64, tag = "3")]
    pub version: i64,
}
