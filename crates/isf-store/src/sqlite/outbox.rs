//! The anchoring outbox of the SQLite journal: the `anchor_batches` table holds every planned
//! batch, and its receipt columns stay empty until the receipt is recorded.

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::hash::Hash32;
use isf_core::merkle::MerkleTree;
use rusqlite::{Connection, OptionalExtension, Row, params};
use tracing::info;

use super::{read, sql};
use crate::error::{Result, StoreError};
use crate::rules;

/// The batch without a receipt, planning the next one if there is none.
pub(super) fn pending(conn: &Connection, max_batch: u64) -> Result<Option<AnchorBatch>> {
    let planned = conn
        .prepare_cached(
            "SELECT first_seq, last_seq, root FROM anchor_batches
             WHERE tx_hash IS NULL ORDER BY first_seq LIMIT 1",
        )
        .and_then(|mut statement| statement.query_row([], batch).optional())
        .map_err(sql)?;
    if planned.is_some() {
        return Ok(planned);
    }

    let planned_through: u64 = conn
        .query_row(
            "SELECT COALESCE(MAX(last_seq), 0) FROM anchor_batches",
            [],
            |row| row.get(0),
        )
        .map_err(sql)?;
    let head = read::head(conn)?;
    let Some((first_seq, last_seq)) =
        rules::next_batch_range(planned_through, head.seq, max_batch)?
    else {
        return Ok(None);
    };

    let leaves = read::hashes(conn, first_seq, last_seq)?;
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
    conn.execute(
        "INSERT INTO anchor_batches (first_seq, last_seq, root) VALUES (?1, ?2, ?3)",
        params![first_seq, last_seq, planned.root.as_bytes()],
    )
    .map_err(sql)?;

    info!(first_seq, last_seq, root = %planned.root, "anchor batch planned");
    Ok(Some(planned))
}

/// Stores `receipt` on its planned batch.
pub(super) fn record(conn: &Connection, receipt: &AnchorReceipt) -> Result<()> {
    let planned = conn
        .query_row(
            "SELECT first_seq, last_seq, root, tx_hash, anchored_at_millis
             FROM anchor_batches WHERE first_seq = ?1",
            [receipt.first_seq],
            |row| Ok((batch(row)?, stored_receipt(row)?)),
        )
        .optional()
        .map_err(sql)?;
    if !rules::accept_receipt(planned, receipt)? {
        return Ok(());
    }

    conn.execute(
        "UPDATE anchor_batches SET tx_hash = ?2, anchored_at_millis = ?3 WHERE first_seq = ?1",
        params![
            receipt.first_seq,
            receipt.tx_hash,
            receipt.anchored_at_millis
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// Every recorded receipt, in order.
pub(super) fn receipts(conn: &Connection) -> Result<Vec<AnchorReceipt>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT first_seq, last_seq, root, tx_hash, anchored_at_millis
             FROM anchor_batches WHERE tx_hash IS NOT NULL ORDER BY first_seq",
        )
        .map_err(sql)?;
    let rows = statement.query_map([], stored_receipt).map_err(sql)?;
    let receipts: Vec<Option<AnchorReceipt>> =
        rows.collect::<rusqlite::Result<_>>().map_err(sql)?;
    Ok(receipts.into_iter().flatten().collect())
}

fn batch(row: &Row<'_>) -> rusqlite::Result<AnchorBatch> {
    Ok(AnchorBatch {
        first_seq: row.get(0)?,
        last_seq: row.get(1)?,
        root: Hash32(row.get(2)?),
    })
}

/// The receipt held by a row of `first_seq, last_seq, root, tx_hash, anchored_at_millis`.
fn stored_receipt(row: &Row<'_>) -> rusqlite::Result<Option<AnchorReceipt>> {
    let tx_hash: Option<String> = row.get(3)?;
    let anchored_at_millis: Option<i64> = row.get(4)?;
    let (Some(tx_hash), Some(anchored_at_millis)) = (tx_hash, anchored_at_millis) else {
        return Ok(None);
    };
    let batch = batch(row)?;
    Ok(Some(AnchorReceipt {
        first_seq: batch.first_seq,
        last_seq: batch.last_seq,
        root: batch.root,
        tx_hash,
        anchored_at_millis,
    }))
}
