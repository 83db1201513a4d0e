//! Building transactions and operations the way the official SDKs do, and the range checks
//! the SDKs apply before anything is signed.

use isf_core::Bid;

use super::proto::{
    AccountPrivilege, AccountThreshold, Contract, ContractType, Operation, OperationCreateAccount,
    OperationPayCoin, OperationSetMetadata, OperationType, Transaction,
};
use crate::address::StarfireAddress;
use crate::error::{BidError, Result};

/// Most operations one transaction may carry (SDK error 11068 beyond it).
pub const MAX_OPERATIONS: usize = 100;

/// Metadata key length limits, in characters.
const METADATA_KEY_LEN: std::ops::RangeInclusive<usize> = 1..=1024;

/// Longest metadata value, in characters.
const METADATA_VALUE_MAX: usize = 256_000;

impl Transaction {
    /// A transaction from `source` with the given nonce, fee limit, gas price and operations;
    /// every other field at its default (and so not encoded).
    pub fn new(
        source: &Bid,
        nonce: i64,
        fee_limit: i64,
        gas_price: i64,
        operations: Vec<Operation>,
    ) -> Transaction {
        Transaction {
            source_address: source.to_string(),
            nonce,
            fee_limit,
            gas_price,
            operations,
            ..Transaction::default()
        }
    }

    /// Checks what the official SDKs check before signing: a valid source BID, nonce ≥ 1,
    /// non-negative fee limit, gas price and ceiling ledger, 1 to 100 operations, each well
    /// formed.
    ///
    /// # Errors
    ///
    /// [`BidError::InvalidTransaction`] naming the first field out of range.
    pub fn validate(&self) -> Result<()> {
        check_address("source_address", &self.source_address)?;
        if self.nonce < 1 {
            return Err(invalid("nonce", format!("{} is below 1", self.nonce)));
        }
        for (field, value) in [
            ("fee_limit", self.fee_limit),
            ("gas_price", self.gas_price),
            ("ceil_ledger_seq", self.ceil_ledger_seq),
        ] {
            if value < 0 {
                return Err(invalid(field, format!("{value} is negative")));
            }
        }

        let count = self.operations.len();
        if !(1..=MAX_OPERATIONS).contains(&count) {
            return Err(invalid(
                "operations",
                format!("{count} operations, expected 1 to 100"),
            ));
        }
        self.operations.iter().try_for_each(Operation::validate)
    }
}

impl Operation {
    /// Pays `amount` to `dest`, or calls the contract at `dest` with `input` (JSON text, may
    /// be empty).
    pub fn pay_coin(dest: &Bid, amount: i64, input: &str) -> Operation {
        Operation {
            r#type: OperationType::PayCoin.into(),
            pay_coin: Some(OperationPayCoin {
                dest_address: dest.to_string(),
                amount,
                input: input.to_owned(),
                ..OperationPayCoin::default()
            }),
            ..Operation::default()
        }
    }

    /// Creates the account `dest` with `init_balance`, its own key of weight 1 and a
    /// transaction threshold of 1.
    pub fn create_account(dest: &Bid, init_balance: i64) -> Operation {
        let create = OperationCreateAccount {
            dest_address: dest.to_string(),
            init_balance,
            r#priv: Some(privilege(1)),
            ..OperationCreateAccount::default()
        };
        Operation::with_create_account(create)
    }

    /// Deploys a contract; the chain assigns its address. The contract account gets no key
    /// weight, as the official SDKs set it.
    pub fn create_contract(
        contract_type: ContractType,
        payload: &str,
        init_balance: i64,
        init_input: &str,
    ) -> Operation {
        let create = OperationCreateAccount {
            contract: Some(Contract {
                r#type: contract_type.into(),
                payload: payload.to_owned(),
                version: 0,
            }),
            init_balance,
            init_input: init_input.to_owned(),
            r#priv: Some(privilege(0)),
            ..OperationCreateAccount::default()
        };
        Operation::with_create_account(create)
    }

    /// Writes (or, with `delete`, removes) the metadata entry `key` of the source account.
    /// `version` 0 skips the optimistic version check.
    pub fn set_metadata(key: &str, value: &str, version: i64, delete: bool) -> Operation {
        Operation {
            r#type: OperationType::SetMetadata.into(),
            set_metadata: Some(OperationSetMetadata {
                key: key.to_owned(),
                value: value.to_owned(),
                version,
                delete_flag: delete,
            }),
            ..Operation::default()
        }
    }

    /// The operation type, or `None` for a number this SDK does not know.
    pub fn operation_type(&self) -> Option<OperationType> {
        OperationType::try_from(self.r#type).ok()
    }

    /// Checks that the operation carries the body its type calls for, with values in range.
    ///
    /// # Errors
    ///
    /// [`BidError::InvalidTransaction`] naming the first field out of range.
    pub fn validate(&self) -> Result<()> {
        if !self.source_address.is_empty() {
            check_address("operations.source_address", &self.source_address)?;
        }
        match self.operation_type() {
            Some(OperationType::PayCoin) => validate_pay_coin(self.pay_coin.as_ref()),
            Some(OperationType::CreateAccount) => {
                validate_create_account(self.create_account.as_ref())
            }
            Some(OperationType::SetMetadata) => validate_set_metadata(self.set_metadata.as_ref()),
            _ => Err(invalid(
                "operations.type",
                format!("{} is not an operation this sdk builds", self.r#type),
            )),
        }
    }

    fn with_create_account(create: OperationCreateAccount) -> Operation {
        Operation {
            r#type: OperationType::CreateAccount.into(),
            create_account: Some(create),
            ..Operation::default()
        }
    }
}

fn privilege(master_weight: i64) -> AccountPrivilege {
    AccountPrivilege {
        master_weight,
        signers: Vec::new(),
        thresholds: Some(AccountThreshold {
            tx_threshold: 1,
            type_thresholds: Vec::new(),
        }),
    }
}

fn validate_pay_coin(pay: Option<&OperationPayCoin>) -> Result<()> {
    let pay = pay.ok_or_else(|| invalid("operations.pay_coin", "missing".to_owned()))?;
    check_address("pay_coin.dest_address", &pay.dest_address)?;
    if pay.amount < 0 {
        return Err(invalid(
            "pay_coin.amount",
            format!("{} is negative", pay.amount),
        ));
    }
    Ok(())
}

fn validate_create_account(create: Option<&OperationCreateAccount>) -> Result<()> {
    let create =
        create.ok_or_else(|| invalid("operations.create_account", "missing".to_owned()))?;
    match &create.contract {
        Some(contract) if contract.payload.is_empty() => {
            return Err(invalid(
                "create_account.contract.payload",
                "empty".to_owned(),
            ));
        }
        Some(_) => {}
        None => check_address("create_account.dest_address", &create.dest_address)?,
    }
    if create.init_balance < 0 {
        let reason = format!("{} is negative", create.init_balance);
        return Err(invalid("create_account.init_balance", reason));
    }
    Ok(())
}

fn validate_set_metadata(set: Option<&OperationSetMetadata>) -> Result<()> {
    let set = set.ok_or_else(|| invalid("operations.set_metadata", "missing".to_owned()))?;
    let key_len = set.key.chars().count();
    if !METADATA_KEY_LEN.contains(&key_len) {
        let reason = format!("{key_len} characters, expected 1 to 1024");
        return Err(invalid("set_metadata.key", reason));
    }
    let value_len = set.value.chars().count();
    if value_len > METADATA_VALUE_MAX {
        let reason = format!("{value_len} characters, at most 256000");
        return Err(invalid("set_metadata.value", reason));
    }
    if set.version < 0 {
        return Err(invalid(
            "set_metadata.version",
            format!("{} is negative", set.version),
        ));
    }
    Ok(())
}

fn check_address(field: &'static str, text: &str) -> Result<()> {
    StarfireAddress::parse(text)
        .map(|_| ())
        .map_err(|error| invalid(field, error.to_string()))
}

fn invalid(field: &'static str, reason: String) -> BidError {
    BidError::InvalidTransaction { field, reason }
}
