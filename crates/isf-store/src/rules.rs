//! The decisions every journal implementation makes the same way: which requests are well
//! formed, whether an append writes, replays or is refused, how new entries are numbered and
//! linked, and whether an anchor receipt fits its planned batch.
//!
//! Implementations fetch the facts (the recorded request, the stream version, the head) inside
//! their own transaction and ask these functions; all writing stays with them.

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::hash::Hash32;

use crate::chain::entry_hash;
use crate::error::{Result, StoreError};
use crate::journal::{AppendRequest, Appended, ChainHead, NewEntry, RequestRecord};

const MAX_STREAM_BYTES: usize = 256;
const MAX_KIND_BYTES: usize = 128;
const MAX_REQUEST_NO_BYTES: usize = 128;

/// Checks the shape of a request before anything is looked up.
pub(crate) fn validate(request: &AppendRequest) -> Result<()> {
    check_name("stream", &request.stream, MAX_STREAM_BYTES)?;
    if request.entries.is_empty() {
        return Err(StoreError::invalid(
            "entries",
            &request.stream,
            "an append needs at least one entry",
        ));
    }
    for entry in &request.entries {
        check_name("entry kind", &entry.kind, MAX_KIND_BYTES)?;
    }
    if let Some(record) = &request.request {
        check_name("request number", &record.request_no, MAX_REQUEST_NO_BYTES)?;
    }
    Ok(())
}

/// Names must be non-empty, bounded, and free of control characters (PostgreSQL text cannot
/// hold NUL, and a name with a line break would forge log lines).
fn check_name(field: &'static str, value: &str, max_bytes: usize) -> Result<()> {
    if value.is_empty() || value.len() > max_bytes {
        return Err(StoreError::invalid(field, value, "length out of range"));
    }
    if value.chars().any(char::is_control) {
        return Err(StoreError::invalid(
            field,
            value,
            "control characters are not allowed",
        ));
    }
    Ok(())
}

/// What an append does once the facts are known.
#[derive(Debug)]
pub(crate) enum Decision {
    /// Write the entries.
    Write,
    /// Write nothing and hand back the first record.
    Replay(RequestRecord),
}

/// Decides an append given the record already kept for its request number (if any) and the
/// stream's current version. The request number is checked first so that a retry of an
/// acknowledged append is recognised even though its expected version is now stale.
pub(crate) fn decide(
    request: &AppendRequest,
    recorded: Option<RequestRecord>,
    actual_version: u64,
) -> Result<Decision> {
    if let (Some(asked), Some(kept)) = (&request.request, recorded) {
        if asked.command_digest != kept.command_digest {
            return Err(StoreError::RequestConflict {
                request_no: kept.request_no,
            });
        }
        return Ok(Decision::Replay(kept));
    }

    if request.expected_version != actual_version {
        return Err(StoreError::VersionConflict {
            stream: request.stream.clone(),
            expected: request.expected_version,
            actual: actual_version,
        });
    }
    Ok(Decision::Write)
}

/// Numbering and chain hash of one new entry; the body stays with the request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Link {
    pub seq: u64,
    pub stream_version: u64,
    pub prev_hash: Hash32,
    pub hash: Hash32,
}

/// The numbering of a whole append: one [`Link`] per entry, and the summary handed back.
#[derive(Debug)]
pub(crate) struct Linked {
    pub links: Vec<Link>,
    pub appended: Appended,
}

/// Numbers and links `entries` after `head`, in a stream now at `stream_version`.
pub(crate) fn link(head: ChainHead, stream_version: u64, entries: &[NewEntry]) -> Result<Linked> {
    let mut links = Vec::with_capacity(entries.len());
    let (mut seq, mut version, mut prev_hash) = (head.seq, stream_version, head.hash);
    for entry in entries {
        seq = seq.checked_add(1).ok_or_else(|| exhausted(head.seq))?;
        version = version.checked_add(1).ok_or_else(|| exhausted(head.seq))?;
        let hash = entry_hash(seq, &prev_hash, &entry.body);
        links.push(Link {
            seq,
            stream_version: version,
            prev_hash,
            hash,
        });
        prev_hash = hash;
    }

    let (Some(first), Some(last)) = (links.first(), links.last()) else {
        return Err(StoreError::invalid(
            "entries",
            "0",
            "an append needs at least one entry",
        ));
    };
    let appended = Appended {
        first_seq: first.seq,
        last_seq: last.seq,
        stream_version: last.stream_version,
        last_hash: last.hash,
    };
    Ok(Linked { links, appended })
}

fn exhausted(seq: u64) -> StoreError {
    StoreError::Corrupt {
        seq,
        reason: "sequence or version numbers exhausted".to_owned(),
    }
}

/// The range of the next batch to plan: from the entry after `planned_through` up to the head,
/// at most `max_batch` entries. `None` when nothing is left.
pub(crate) fn next_batch_range(
    planned_through: u64,
    head_seq: u64,
    max_batch: u64,
) -> Result<Option<(u64, u64)>> {
    if max_batch == 0 {
        return Err(StoreError::invalid(
            "max_batch",
            "0",
            "a batch holds at least one entry",
        ));
    }
    if planned_through >= head_seq {
        return Ok(None);
    }
    let first = planned_through + 1;
    let last = head_seq.min(first.saturating_add(max_batch - 1));
    Ok(Some((first, last)))
}

/// What recording `receipt` against the batch planned at its `first_seq` does: `Ok(true)` to
/// store it, `Ok(false)` when the same receipt is already stored.
pub(crate) fn accept_receipt(
    planned: Option<(AnchorBatch, Option<AnchorReceipt>)>,
    receipt: &AnchorReceipt,
) -> Result<bool> {
    let mismatch = |reason: String| StoreError::AnchorMismatch {
        first_seq: receipt.first_seq,
        last_seq: receipt.last_seq,
        reason,
    };

    let Some((batch, stored)) = planned else {
        return Err(mismatch("no batch is planned at this range".to_owned()));
    };
    if batch != receipt.batch() {
        return Err(mismatch(format!(
            "planned batch is {}..={} with root {}",
            batch.first_seq, batch.last_seq, batch.root
        )));
    }
    match stored {
        None => Ok(true),
        Some(stored) if stored.tx_hash == receipt.tx_hash => Ok(false),
        Some(stored) => Err(mismatch(format!(
            "batch already anchored by transaction {}",
            stored.tx_hash
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_ranges_are_capped_and_consecutive() {
        assert_eq!(next_batch_range(0, 0, 10).unwrap(), None);
        assert_eq!(next_batch_range(0, 25, 10).unwrap(), Some((1, 10)));
        assert_eq!(next_batch_range(20, 25, 10).unwrap(), Some((21, 25)));
        assert_eq!(next_batch_range(25, 25, 10).unwrap(), None);
        assert!(next_batch_range(0, 25, 0).is_err());
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        assert!(check_name("stream", "V-1", 10).is_ok());
        assert!(check_name("stream", "V\n1", 10).is_err());
        assert!(check_name("stream", "V\u{0}1", 10).is_err());
        assert!(check_name("stream", "", 10).is_err());
        assert!(check_name("stream", "12345678901", 10).is_err());
    }
}
