//! Queries of the PostgreSQL journal: entries, stream versions, request records and the head.
//!
//! Each takes any client, so the append path can call them inside its transaction.

use isf_core::hash::Hash32;
use postgres::{GenericClient, Row};

use super::statements::Statements;
use super::{from_db, hash_from_db, pg, to_db};
use crate::error::Result;
use crate::journal::{ChainHead, RequestRecord, StoredEntry};

fn entry(row: &Row) -> Result<StoredEntry> {
    let seq: i64 = row.try_get(0).map_err(pg)?;
    let version: i64 = row.try_get(2).map_err(pg)?;
    let prev_hash: &[u8] = row.try_get(5).map_err(pg)?;
    let hash: &[u8] = row.try_get(6).map_err(pg)?;
    Ok(StoredEntry {
        seq: from_db(seq, seq)?,
        stream: row.try_get(1).map_err(pg)?,
        stream_version: from_db(version, seq)?,
        kind: row.try_get(3).map_err(pg)?,
        body: row.try_get(4).map_err(pg)?,
        prev_hash: hash_from_db(prev_hash, seq)?,
        hash: hash_from_db(hash, seq)?,
    })
}

/// Entries of `stream` from `from_version` on.
pub(super) fn stream(
    client: &mut impl GenericClient,
    statements: &Statements,
    stream: &str,
    from_version: u64,
) -> Result<Vec<StoredEntry>> {
    // Versions above the storable range cannot exist.
    let Ok(from_version) = i64::try_from(from_version) else {
        return Ok(Vec::new());
    };
    let rows = client
        .query(&statements.read_stream, &[&stream, &from_version])
        .map_err(pg)?;
    rows.iter().map(entry).collect()
}

/// At most `limit` entries after `after_seq`.
pub(super) fn all(
    client: &mut impl GenericClient,
    statements: &Statements,
    after_seq: u64,
    limit: usize,
) -> Result<Vec<StoredEntry>> {
    let (Ok(after_seq), Ok(limit)) = (i64::try_from(after_seq), i64::try_from(limit)) else {
        return Ok(Vec::new());
    };
    let rows = client
        .query(&statements.read_all, &[&after_seq, &limit])
        .map_err(pg)?;
    rows.iter().map(entry).collect()
}

/// The version of `stream`, 0 when it has no entries.
pub(super) fn stream_version(
    client: &mut impl GenericClient,
    statements: &Statements,
    stream: &str,
) -> Result<u64> {
    let row = client
        .query_opt(&statements.stream_version, &[&stream])
        .map_err(pg)?;
    let Some(row) = row else { return Ok(0) };
    let version: i64 = row.try_get(0).map_err(pg)?;
    from_db(version, 0)
}

/// The record kept for `request_no`.
pub(super) fn request(
    client: &mut impl GenericClient,
    statements: &Statements,
    request_no: &str,
) -> Result<Option<RequestRecord>> {
    let row = client
        .query_opt(&statements.request, &[&request_no])
        .map_err(pg)?;
    let Some(row) = row else { return Ok(None) };
    let digest: &[u8] = row.try_get(1).map_err(pg)?;
    Ok(Some(RequestRecord {
        request_no: row.try_get(0).map_err(pg)?,
        command_digest: hash_from_db(digest, 0)?,
        outcome: row.try_get(2).map_err(pg)?,
    }))
}

/// The newest entry, or [`ChainHead::EMPTY`].
pub(super) fn head(client: &mut impl GenericClient, statements: &Statements) -> Result<ChainHead> {
    let row = client.query_one(&statements.head, &[]).map_err(pg)?;
    head_from(&row)
}

/// The head, locked until the transaction ends: every writer queues here.
pub(super) fn lock_head(
    client: &mut impl GenericClient,
    statements: &Statements,
) -> Result<ChainHead> {
    let row = client.query_one(&statements.lock_head, &[]).map_err(pg)?;
    head_from(&row)
}

fn head_from(row: &Row) -> Result<ChainHead> {
    let seq: i64 = row.try_get(0).map_err(pg)?;
    let hash: &[u8] = row.try_get(1).map_err(pg)?;
    Ok(ChainHead {
        seq: from_db(seq, seq)?,
        hash: hash_from_db(hash, seq)?,
    })
}

/// The hashes of entries `first_seq..=last_seq`, in order.
pub(super) fn hashes(
    client: &mut impl GenericClient,
    statements: &Statements,
    first_seq: u64,
    last_seq: u64,
) -> Result<Vec<Hash32>> {
    let range = [to_db(first_seq, "first_seq")?, to_db(last_seq, "last_seq")?];
    let rows = client
        .query(&statements.hashes, &[&range[0], &range[1]])
        .map_err(pg)?;
    rows.iter()
        .map(|row| {
            let hash: &[u8] = row.try_get(0).map_err(pg)?;
            hash_from_db(hash, 0)
        })
        .collect()
}
