//! [`SqliteJournal`]: the embedded journal, one SQLite file in write-ahead-log mode.
//!
//! # Durability
//!
//! Every append is one `BEGIN IMMEDIATE` transaction, so appends from all threads and
//! processes that open the file are serialised by SQLite's write lock, and a version check and
//! the write it guards happen under the same lock.
//!
//! With the default [`Durability::PowerLoss`] (`synchronous = FULL`), the write-ahead log is
//! flushed to the disk before `append` returns: an acknowledged append survives both a crash
//! of the process and the loss of power, provided the disk honours flushes. This is the
//! default because an acknowledged payment must not vanish.
//!
//! [`Durability::ProcessCrash`] (`synchronous = NORMAL`) flushes only at checkpoints. An
//! acknowledged append still survives a crash of the process, since the log is written to the
//! operating system before the commit returns, but the last commits can be lost if the machine
//! loses power or the kernel crashes. The database itself stays consistent either way. It is
//! faster for small appends; choose it only where the platform can replay lost commands.
//!
//! One connection per journal value, behind a mutex: a process that needs more read
//! parallelism opens the file again.

mod append;
mod outbox;
mod read;
mod schema;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};
use tracing::info;

use crate::error::{Result, StoreError};
use crate::journal::{
    AppendOutcome, AppendRequest, ChainHead, Journal, RequestRecord, StoredEntry,
};

/// What an acknowledged append survives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Process crash and power loss (`synchronous = FULL`).
    #[default]
    PowerLoss,
    /// Process crash only; the newest commits may be lost on power loss
    /// (`synchronous = NORMAL`).
    ProcessCrash,
}

/// How to open a [`SqliteJournal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqliteOptions {
    /// What an acknowledged append survives.
    pub durability: Durability,
    /// How long to wait for another writer's lock before failing with a retryable error.
    pub busy_timeout: Duration,
}

impl Default for SqliteOptions {
    fn default() -> SqliteOptions {
        SqliteOptions {
            durability: Durability::PowerLoss,
            busy_timeout: Duration::from_secs(5),
        }
    }
}

/// A journal in one SQLite file (or in memory, for tests).
#[derive(Debug)]
pub struct SqliteJournal {
    conn: Mutex<Connection>,
}

impl SqliteJournal {
    /// Opens or creates the journal at `path` with [`SqliteOptions::default`], bringing its
    /// schema up to date.
    ///
    /// # Errors
    ///
    /// Backend failures, or a schema newer than this build understands.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteJournal> {
        SqliteJournal::open_with(path, SqliteOptions::default())
    }

    /// Opens or creates the journal at `path` with `options`.
    ///
    /// # Errors
    ///
    /// As [`SqliteJournal::open`].
    pub fn open_with(path: impl AsRef<Path>, options: SqliteOptions) -> Result<SqliteJournal> {
        let conn = Connection::open(path.as_ref()).map_err(sql)?;
        let journal = SqliteJournal::prepare(conn, options)?;
        info!(path = %path.as_ref().display(), ?options, "sqlite journal opened");
        Ok(journal)
    }

    /// A journal in memory: the SQLite code paths without a file, for tests.
    ///
    /// # Errors
    ///
    /// Backend failures.
    pub fn open_in_memory() -> Result<SqliteJournal> {
        let conn = Connection::open_in_memory().map_err(sql)?;
        SqliteJournal::prepare(conn, SqliteOptions::default())
    }

    fn prepare(mut conn: Connection, options: SqliteOptions) -> Result<SqliteJournal> {
        schema::configure(&conn, options)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteJournal {
            conn: Mutex::new(conn),
        })
    }

    /// A panic while the lock was held cannot have left a half-written append: the open
    /// transaction rolled back when it was dropped during unwinding.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` in a write transaction and commits when it returns `Ok`.
    fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let value = work(&tx)?;
        tx.commit().map_err(sql)?;
        Ok(value)
    }
}

impl Journal for SqliteJournal {
    fn append(&self, request: AppendRequest) -> Result<AppendOutcome> {
        crate::rules::validate(&request)?;
        self.write(|tx| {
            let mut head = read::head(tx)?;
            append::apply(tx, &mut head, &request)
        })
    }

    fn append_many(&self, requests: Vec<AppendRequest>) -> Result<Vec<Result<AppendOutcome>>> {
        self.write(|tx| {
            let mut head = read::head(tx)?;
            let mut outcomes = Vec::with_capacity(requests.len());
            for request in &requests {
                match crate::rules::validate(request)
                    .and_then(|()| append::apply(tx, &mut head, request))
                {
                    Err(error) if !error.is_refusal() => return Err(error),
                    outcome => outcomes.push(outcome),
                }
            }
            Ok(outcomes)
        })
    }

    fn read_stream(&self, stream: &str, from_version: u64) -> Result<Vec<StoredEntry>> {
        read::stream(&self.conn(), stream, from_version)
    }

    fn stream_version(&self, stream: &str) -> Result<u64> {
        read::stream_version(&self.conn(), stream)
    }

    fn read_all(&self, after_seq: u64, limit: usize) -> Result<Vec<StoredEntry>> {
        read::all(&self.conn(), after_seq, limit)
    }

    fn lookup_request(&self, request_no: &str) -> Result<Option<RequestRecord>> {
        read::request(&self.conn(), request_no)
    }

    fn head(&self) -> Result<ChainHead> {
        read::head(&self.conn())
    }

    fn pending_anchor_batch(&self, max_batch: u64) -> Result<Option<AnchorBatch>> {
        self.write(|tx| outbox::pending(tx, max_batch))
    }

    fn record_anchor(&self, receipt: &AnchorReceipt) -> Result<()> {
        self.write(|tx| outbox::record(tx, receipt))
    }

    fn anchors(&self) -> Result<Vec<AnchorReceipt>> {
        outbox::receipts(&self.conn())
    }
}

/// Maps a SQLite error; a busy or locked database may free up, anything else will not.
fn sql(error: rusqlite::Error) -> StoreError {
    let retryable = matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    );
    StoreError::Backend {
        backend: "sqlite",
        retryable,
        source: Box::new(error),
    }
}
