//! The anchoring outbox of the PostgreSQL journal: the `anchor_batches` table holds every
//! planned batch, and its receipt columns stay empty until the receipt is recorded.
//!
//! Planning and recording lock the table (`EXCLUSIVE`: readers pass, other planners wait), so
//! nodes anchoring at once agree on one plan. Appends are not blocked.

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::merkle::MerkleTree;
use postgres::{GenericClient, Row, Transaction};
use tracing::info;

use super::statements::Statements;
use super::{from_db, hash_from_db, pg, read, to_db};
use crate::error::{Result, StoreError};
use crate::rules;

const LOCK: &str = "LOCK TABLE anchor_batches IN EXCLUSIVE MODE";
const COLUMNS: &str = "first_seq, last_seq, root, tx_hash, anchored_at_millis";

/// The batch without a receipt, planning the next one if there is none.
pub(super) fn pending(
    tx: &mut Transaction<'_>,
    statements: &Statements,
    max_batch: u64,
) -> Result<Option<AnchorBatch>> {
    tx.batch_execute(LOCK).map_err(pg)?;
    let planned = tx
        .query_opt(
            &format!(
                "SELECT {COLUMNS} FROM anchor_batches
                 WHERE tx_hash IS NULL ORDER BY first_seq LIMIT 1"
            ),
            &[],
        )
        .map_err(pg)?;
    if let Some(row) = planned {
        return row_batch(&row).map(Some);
    }

    let row = tx
        .query_one("SELECT COALESCE(MAX(last_seq), 0) FROM anchor_batches", &[])
        .map_err(pg)?;
    let planned_through: i64 = row.try_get(0).map_err(pg)?;
    let head = read::head(tx, statements)?;
    let range = rules::next_batch_range(from_db(planned_through, 0)?, head.seq, max_batch)?;
    let Some((first_seq, last_seq)) = range else {
        return Ok(None);
    };

    let leaves = read::hashes(tx, statements, first_seq, last_seq)?;
    if leaves.len() as u64 != last_seq - first_seq + 1 {
        return Err(StoreError::Corrupt {
            seq: first_seq,
            reason: format!("entries missing between {first_seq} and {last_seq}"),
        });
    }
    let planned = AnchorBatch {
        first_seq,
        last_seq,
        root: MerkleTree::from_leaves(&leaves).root(),
    };
    let (first, last) = (to_db(first_seq, "first_seq")?, to_db(last_seq, "last_seq")?);
    let root = &planned.root.0[..];
    tx.execute(
        "INSERT INTO anchor_batches (first_seq, last_seq, root) VALUES ($1, $2, $3)",
        &[&first, &last, &root],
    )
    .map_err(pg)?;

    info!(first_seq, last_seq, root = %planned.root, "anchor batch planned");
    Ok(Some(planned))
}

/// Stores `receipt` on its planned batch.
pub(super) fn record(tx: &mut Transaction<'_>, receipt: &AnchorReceipt) -> Result<()> {
    tx.batch_execute(LOCK).map_err(pg)?;
    let first = to_db(receipt.first_seq, "first_seq")?;
    let row = tx
        .query_opt(
            &format!("SELECT {COLUMNS} FROM anchor_batches WHERE first_seq = $1"),
            &[&first],
        )
        .map_err(pg)?;
    let planned = match row {
        Some(row) => Some((row_batch(&row)?, row_receipt(&row)?)),
        None => None,
    };
    if !rules::accept_receipt(planned, receipt)? {
        return Ok(());
    }

    tx.execute(
        "UPDATE anchor_batches SET tx_hash = $2, anchored_at_millis = $3 WHERE first_seq = $1",
        &[&first, &receipt.tx_hash, &receipt.anchored_at_millis],
    )
    .map_err(pg)?;
    Ok(())
}

/// Every recorded receipt, in order.
pub(super) fn receipts(client: &mut impl GenericClient) -> Result<Vec<AnchorReceipt>> {
    let rows = client
        .query(
            &format!(
                "SELECT {COLUMNS} FROM anchor_batches
                 WHERE tx_hash IS NOT NULL ORDER BY first_seq"
            ),
            &[],
        )
        .map_err(pg)?;
    let mut receipts = Vec::with_capacity(rows.len());
    for row in &rows {
        receipts.extend(row_receipt(row)?);
    }
    Ok(receipts)
}

fn row_batch(row: &Row) -> Result<AnchorBatch> {
    let first: i64 = row.try_get(0).map_err(pg)?;
    let last: i64 = row.try_get(1).map_err(pg)?;
    let root: &[u8] = row.try_get(2).map_err(pg)?;
    Ok(AnchorBatch {
        first_seq: from_db(first, first)?,
        last_seq: from_db(last, first)?,
        root: hash_from_db(root, first)?,
    })
}

fn row_receipt(row: &Row) -> Result<Option<AnchorReceipt>> {
    let tx_hash: Option<String> = row.try_get(3).map_err(pg)?;
    let anchored_at_millis: Option<i64> = row.try_get(4).map_err(pg)?;
    let (Some(tx_hash), Some(anchored_at_millis)) = (tx_hash, anchored_at_millis) else {
        return Ok(None);
    };
    let batch = row_batch(row)?;
    Ok(Some(AnchorReceipt {
        first_seq: batch.first_seq,
        last_seq: batch.last_seq,
        root: batch.root,
        tx_hash,
        anchored_at_millis,
    }))
}
