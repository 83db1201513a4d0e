//! Queries of the SQLite journal: entries, stream versions, request records and the head.
//!
//! Each takes a plain connection, so the append path can call them inside its transaction.

use isf_core::hash::Hash32;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sql;
use crate::error::Result;
use crate::journal::{ChainHead, RequestRecord, StoredEntry};

const ENTRY_COLUMNS: &str = "seq, stream, stream_version, kind, body, prev_hash, hash";

fn entry(row: &Row<'_>) -> rusqlite::Result<StoredEntry> {
    Ok(StoredEntry {
        seq: row.get(0)?,
        stream: row.get(1)?,
        stream_version: row.get(2)?,
        kind: row.get(3)?,
        body: row.get(4)?,
        prev_hash: Hash32(row.get(5)?),
        hash: Hash32(row.get(6)?),
    })
}

/// Entries of `stream` from `from_version` on.
pub(super) fn stream(
    conn: &Connection,
    stream: &str,
    from_version: u64,
) -> Result<Vec<StoredEntry>> {
    // Versions above the storable range cannot exist.
    let Ok(from_version) = i64::try_from(from_version) else {
        return Ok(Vec::new());
    };
    let sql_text = format!(
        "SELECT {ENTRY_COLUMNS} FROM entries
         WHERE stream = ?1 AND stream_version >= ?2 ORDER BY stream_version"
    );
    let mut statement = conn.prepare_cached(&sql_text).map_err(sql)?;
    let rows = statement
        .query_map(params![stream, from_version], entry)
        .map_err(sql)?;
    rows.collect::<rusqlite::Result<_>>().map_err(sql)
}

/// At most `limit` entries after `after_seq`.
pub(super) fn all(conn: &Connection, after_seq: u64, limit: usize) -> Result<Vec<StoredEntry>> {
    let (Ok(after_seq), Ok(limit)) = (i64::try_from(after_seq), i64::try_from(limit)) else {
        return Ok(Vec::new());
    };
    let sql_text =
        format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    let mut statement = conn.prepare_cached(&sql_text).map_err(sql)?;
    let rows = statement
        .query_map(params![after_seq, limit], entry)
        .map_err(sql)?;
    rows.collect::<rusqlite::Result<_>>().map_err(sql)
}

/// The version of `stream`, 0 when it has no entries.
pub(super) fn stream_version(conn: &Connection, stream: &str) -> Result<u64> {
    let version = conn
        .prepare_cached("SELECT version FROM streams WHERE stream = ?1")
        .and_then(|mut statement| statement.query_row([stream], |row| row.get(0)).optional())
        .map_err(sql)?;
    Ok(version.unwrap_or(0))
}

/// The record kept for `request_no`.
pub(super) fn request(conn: &Connection, request_no: &str) -> Result<Option<RequestRecord>> {
    conn.prepare_cached(
        "SELECT request_no, command_digest, outcome FROM requests WHERE request_no = ?1",
    )
    .and_then(|mut statement| {
        statement
            .query_row([request_no], |row| {
                Ok(RequestRecord {
                    request_no: row.get(0)?,
                    command_digest: Hash32(row.get(1)?),
                    outcome: row.get(2)?,
                })
            })
            .optional()
    })
    .map_err(sql)
}

/// The newest entry, or [`ChainHead::EMPTY`].
pub(super) fn head(conn: &Connection) -> Result<ChainHead> {
    let head = conn
        .prepare_cached("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1")
        .and_then(|mut statement| {
            statement
                .query_row([], |row| {
                    Ok(ChainHead {
                        seq: row.get(0)?,
                        hash: Hash32(row.get(1)?),
                    })
                })
                .optional()
        })
        .map_err(sql)?;
    Ok(head.unwrap_or(ChainHead::EMPTY))
}

/// The hashes of entries `first_seq..=last_seq`, in order.
pub(super) fn hashes(conn: &Connection, first_seq: u64, last_seq: u64) -> Result<Vec<Hash32>> {
    let mut statement = conn
        .prepare_cached("SELECT hash FROM entries WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")
        .map_err(sql)?;
    let rows = statement
        .query_map(params![first_seq, last_seq], |row| Ok(Hash32(row.get(0)?)))
        .map_err(sql)?;
    rows.collect::<rusqlite::Result<_>>().map_err(sql)
}
