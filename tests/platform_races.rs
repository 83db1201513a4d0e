//! Writers sharing one journal: a decision made on a state another writer has since moved on
//! from is refused with a retryable conflict, never appended beside it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::{Arc, Mutex};

use common::{Fixture, config, key, yuan};
use isf::bid::StarfireVerifier;
use isf::core::PieceId;
use isf::core::anchor::{AnchorBatch, AnchorReceipt};
use isf::finance::voucher::{SplitPart, VoucherCommand};
use isf::platform::Command;
use isf::store::{
    AppendOutcome, AppendRequest, ChainHead, Journal, RequestRecord, SqliteJournal, StoreError,
    StoredEntry,
};
use isf::{Platform, PlatformError};

/// A journal that runs `before_next_append` once, just before the next append goes through:
/// the moment another writer could slip in between a decision and its append.
struct Interleaved {
    inner: Arc<dyn Journal>,
    before_next_append: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

type StoreResult<T> = Result<T, StoreError>;

impl Journal for Interleaved {
    fn append(&self, request: AppendRequest) -> StoreResult<AppendOutcome> {
        let hook = self.before_next_append.lock().unwrap().take();
        if let Some(hook) = hook {
            hook();
        }
        self.inner.append(request)
    }
    fn append_many(
        &self,
        requests: Vec<AppendRequest>,
    ) -> StoreResult<Vec<StoreResult<AppendOutcome>>> {
        self.inner.append_many(requests)
    }
    fn read_stream(&self, stream: &str, from_version: u64) -> StoreResult<Vec<StoredEntry>> {
        self.inner.read_stream(stream, from_version)
    }
    fn stream_version(&self, stream: &str) -> StoreResult<u64> {
        self.inner.stream_version(stream)
    }
    fn read_all(&self, after_seq: u64, limit: usize) -> StoreResult<Vec<StoredEntry>> {
        self.inner.read_all(after_seq, limit)
    }
    fn lookup_request(&self, request_no: &str) -> StoreResult<Option<RequestRecord>> {
        self.inner.lookup_request(request_no)
    }
    fn head(&self) -> StoreResult<ChainHead> {
        self.inner.head()
    }
    fn pending_anchor_batch(&self, max_batch: u64) -> StoreResult<Option<AnchorBatch>> {
        self.inner.pending_anchor_batch(max_batch)
    }
    fn record_anchor(&self, receipt: &AnchorReceipt) -> StoreResult<()> {
        self.inner.record_anchor(receipt)
    }
    fn anchors(&self) -> StoreResult<Vec<AnchorReceipt>> {
        self.inner.anchors()
    }
}

#[test]
fn a_writer_on_another_voucher_in_between_forces_a_retry_not_a_fork() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut first = Fixture::on(Arc::new(SqliteJournal::open(&path).unwrap()));
    let root = first.issue_signed("V-A", "1,000,000.00");
    let commitment_b = first.commitment("V-B", yuan("10,000.00"), "2025-10-01");
    let Command::SubmitCommitment(record) = &commitment_b else {
        unreachable!()
    };
    let issue_b = first.issue_command("V-B", yuan("10,000.00"), "2025-10-01", record.id);

    // Between the second writer's decision and its append, the first writer commits and
    // issues another voucher, which takes the next piece id.
    let sneak = Mutex::new(Some(first));
    let hook = move || {
        let mut first = sneak.lock().unwrap().take().unwrap();
        let core = key(common::CORE);
        first
            .submit(&core, "b-commit", commitment_b, "2025-07-03")
            .unwrap();
        first
            .submit(&core, "b-issue", issue_b, "2025-07-03")
            .unwrap();
    };
    let journal = Arc::new(Interleaved {
        inner: Arc::new(SqliteJournal::open(&path).unwrap()),
        before_next_append: Mutex::new(Some(Box::new(hook))),
    });
    let operator = key(common::OPERATOR);
    let mut second = Platform::open(
        config(&operator),
        Box::new(StarfireVerifier),
        journal.clone(),
    )
    .unwrap();

    let tier1 = key(common::TIER1);
    let split = Command::Voucher(VoucherCommand::Split {
        piece: root,
        parts: vec![SplitPart {
            to: key(common::TIER2).bid().clone(),
            amount: yuan("500,000.00"),
        }],
    });
    let stale = second.submit(
        common::signed(&tier1, "split", split.clone()),
        common::date("2025-07-03"),
    );
    match stale {
        Err(PlatformError::Store(error)) => assert!(error.is_retryable(), "{error}"),
        other => panic!("expected a retryable conflict, got {other:?}"),
    }

    let retried = second.submit(
        common::signed(&tier1, "split", split),
        common::date("2025-07-03"),
    );
    let receipt = retried.unwrap();
    assert!(!receipt.replayed);
    let reopened = Platform::open(config(&operator), Box::new(StarfireVerifier), journal).unwrap();
    assert_eq!(reopened.book().pieces(), second.book().pieces());
    assert_eq!(
        reopened.book().piece(PieceId(2)).unwrap().face,
        yuan("10,000.00")
    );
}
