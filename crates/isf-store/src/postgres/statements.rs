//! The statements of the PostgreSQL journal, prepared once per connection so that each call
//! costs one round trip instead of two.

use postgres::{Client, Statement};

use super::pg;
use crate::error::Result;

/// Columns of an entry in the order `read::entry` reads them.
const ENTRY_COLUMNS: &str = "seq, stream, stream_version, kind, body, prev_hash, hash";

/// Prepared statements of one connection.
pub(super) struct Statements {
    pub lock_head: Statement,
    pub head: Statement,
    pub set_head: Statement,
    pub request: Statement,
    pub insert_request: Statement,
    pub stream_version: Statement,
    pub set_stream_version: Statement,
    pub insert_entries: Statement,
    pub read_stream: Statement,
    pub read_all: Statement,
    pub hashes: Statement,
}

impl Statements {
    pub(super) fn prepare(client: &mut Client) -> Result<Statements> {
        let mut prepare = |sql: &str| client.prepare(sql).map_err(pg);
        Ok(Statements {
            lock_head: prepare("SELECT seq, hash FROM chain_head FOR UPDATE")?,
            head: prepare("SELECT seq, hash FROM chain_head")?,
            set_head: prepare("UPDATE chain_head SET seq = $1, hash = $2")?,
            request: prepare(
                "SELECT request_no, command_digest, outcome FROM requests WHERE request_no = $1",
            )?,
            insert_request: prepare(
                "INSERT INTO requests (request_no, command_digest, outcome) VALUES ($1, $2, $3)",
            )?,
            stream_version: prepare("SELECT version FROM streams WHERE stream = $1")?,
            set_stream_version: prepare(
                "INSERT INTO streams (stream, version) VALUES ($1, $2)
                 ON CONFLICT (stream) DO UPDATE SET version = excluded.version",
            )?,
            // One round trip for the whole batch: the columns travel as arrays.
            insert_entries: prepare(
                "INSERT INTO entries (seq, stream, stream_version, kind, body, prev_hash, hash)
                 SELECT t.seq, $1, t.version, t.kind, t.body, t.prev_hash, t.hash
                 FROM UNNEST($2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::BYTEA[], $6::BYTEA[],
                             $7::BYTEA[]) AS t (seq, version, kind, body, prev_hash, hash)",
            )?,
            read_stream: prepare(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries
                 WHERE stream = $1 AND stream_version >= $2 ORDER BY stream_version"
            ))?,
            read_all: prepare(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries WHERE seq > $1 ORDER BY seq LIMIT $2"
            ))?,
            hashes: prepare("SELECT hash FROM entries WHERE seq BETWEEN $1 AND $2 ORDER BY seq")?,
        })
    }
}
