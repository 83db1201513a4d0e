//! One append inside an open transaction that holds the head lock: look up the facts,
//! decide, then write all entries in one statement.
//!
//! Every refusal is decided before the first write, so a refused request inside
//! [`crate::Journal::append_many`] leaves nothing behind even though it shares the transaction
//! with the requests that commit.

use postgres::Transaction;
use tracing::debug;

use super::statements::Statements;
use super::{pg, read, to_db};
use crate::error::Result;
use crate::journal::{AppendOutcome, AppendRequest, ChainHead};
use crate::rules::{self, Decision};

/// Applies `request` after `head` and moves `head` past what was written.
pub(super) fn apply(
    tx: &mut Transaction<'_>,
    statements: &Statements,
    head: &mut ChainHead,
    request: &AppendRequest,
) -> Result<AppendOutcome> {
    let recorded = match &request.request {
        Some(asked) => read::request(tx, statements, &asked.request_no)?,
        None => None,
    };
    let actual = read::stream_version(tx, statements, &request.stream)?;
    if let Decision::Replay(kept) = rules::decide(request, recorded, actual)? {
        return Ok(AppendOutcome::Replayed(kept));
    }
    let linked = rules::link(*head, actual, &request.entries)?;

    let mut seqs = Vec::with_capacity(linked.links.len());
    let mut versions = Vec::with_capacity(linked.links.len());
    for link in &linked.links {
        seqs.push(to_db(link.seq, "seq")?);
        versions.push(to_db(link.stream_version, "stream_version")?);
    }
    let kinds: Vec<&str> = request.entries.iter().map(|e| e.kind.as_str()).collect();
    let bodies: Vec<&[u8]> = request.entries.iter().map(|e| e.body.as_slice()).collect();
    let prevs: Vec<&[u8]> = linked.links.iter().map(|l| &l.prev_hash.0[..]).collect();
    let hashes: Vec<&[u8]> = linked.links.iter().map(|l| &l.hash.0[..]).collect();
    tx.execute(
        &statements.insert_entries,
        &[
            &request.stream,
            &seqs,
            &versions,
            &kinds,
            &bodies,
            &prevs,
            &hashes,
        ],
    )
    .map_err(pg)?;

    let appended = linked.appended;
    let version = to_db(appended.stream_version, "stream_version")?;
    tx.execute(&statements.set_stream_version, &[&request.stream, &version])
        .map_err(pg)?;
    if let Some(record) = &request.request {
        let digest = &record.command_digest.0[..];
        tx.execute(
            &statements.insert_request,
            &[&record.request_no, &digest, &record.outcome],
        )
        .map_err(pg)?;
    }
    let last_seq = to_db(appended.last_seq, "seq")?;
    let last_hash = &appended.last_hash.0[..];
    tx.execute(&statements.set_head, &[&last_seq, &last_hash])
        .map_err(pg)?;

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
