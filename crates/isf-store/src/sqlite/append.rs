//! One append inside an open write transaction: look up the facts, decide, then write.
//!
//! Every refusal is decided before the first write, so a refused request inside
//! [`crate::Journal::append_many`] leaves nothing behind even though it shares the transaction
//! with the requests that commit.

use rusqlite::{Connection, params};
use tracing::debug;

use super::{read, sql};
use crate::error::Result;
use crate::journal::{AppendOutcome, AppendRequest, ChainHead};
use crate::rules::{self, Decision};

/// Applies `request` after `head` and moves `head` past what was written.
pub(super) fn apply(
    conn: &Connection,
    head: &mut ChainHead,
    request: &AppendRequest,
) -> Result<AppendOutcome> {
    let recorded = match &request.request {
        Some(asked) => read::request(conn, &asked.request_no)?,
        None => None,
    };
    let actual = read::stream_version(conn, &request.stream)?;
    if let Decision::Replay(kept) = rules::decide(request, recorded, actual)? {
        return Ok(AppendOutcome::Replayed(kept));
    }
    let linked = rules::link(*head, actual, &request.entries)?;

    let mut insert = conn
        .prepare_cached(
            "INSERT INTO entries (seq, stream, stream_version, kind, body, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(sql)?;
    for (link, entry) in linked.links.iter().zip(&request.entries) {
        insert
            .execute(params![
                link.seq,
                request.stream,
                link.stream_version,
                entry.kind,
                entry.body,
                link.prev_hash.as_bytes(),
                link.hash.as_bytes(),
            ])
            .map_err(sql)?;
    }

    let appended = linked.appended;
    set_stream_version(conn, &request.stream, appended.stream_version)?;
    if let Some(record) = &request.request {
        conn.prepare_cached(
            "INSERT INTO requests (request_no, command_digest, outcome) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut statement| {
            statement.execute(params![
                record.request_no,
                record.command_digest.as_bytes(),
                record.outcome,
            ])
        })
        .map_err(sql)?;
    }

    *head = ChainHead {
        seq: appended.last_seq,
        hash: appended.last_hash,
    };
    debug!(
        stream = %request.stream,
        first_seq = appended.first_seq,
        last_seq = appended.last_seq,
        "appended"
    );
    Ok(AppendOutcome::Appended(appended))
}

fn set_stream_version(conn: &Connection, stream: &str, version: u64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO streams (stream, version) VALUES (?1, ?2)
         ON CONFLICT (stream) DO UPDATE SET version = excluded.version",
    )
    .and_then(|mut statement| statement.execute(params![stream, version]))
    .map_err(sql)?;
    Ok(())
}
