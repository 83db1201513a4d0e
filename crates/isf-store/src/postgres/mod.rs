//! `PostgresJournal`: the journal in a PostgreSQL database, for platforms that run several
//! nodes (cargo feature `postgres`).
//!
//! # Concurrency and durability
//!
//! Every append runs in one transaction that first locks the single row of `chain_head`
//! (`SELECT … FOR UPDATE`). All writers, on any node, queue on that lock, so the global chain
//! stays linear, and the version and request checks made after taking it see every earlier
//! commit (each statement in `READ COMMITTED` reads the newest committed data). The chain is
//! one sequence, so appends are serialised by nature; the lock makes that explicit instead of
//! leaving it to serialisation failures.
//!
//! An append is acknowledged when `COMMIT` returns, which with the server's default
//! `synchronous_commit = on` means the commit record is flushed to the server's disk. If the
//! connection breaks during `COMMIT` the outcome is unknown: the error is retryable, and a
//! retry carrying the same request number is answered from the journal (replayed) if the
//! first attempt did commit.
//!
//! After a retryable failure (a lost connection, a server restart) the next call opens a new
//! connection, in the same schema, before doing its work. The connection is plain TCP without
//! TLS when opened from a URL; for TLS, build a [`postgres::Client`] with a TLS connector and
//! use [`PostgresJournal::from_client`].

mod append;
mod outbox;
mod read;
mod schema;
mod statements;

use std::sync::{Mutex, PoisonError};

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::hash::Hash32;
use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};
use tracing::info;

use self::statements::Statements;
use crate::error::{Result, StoreError};
use crate::journal::{
    AppendOutcome, AppendRequest, ChainHead, Journal, RequestRecord, StoredEntry,
};

/// A journal in a PostgreSQL database, in the schema first on the connection's `search_path`.
pub struct PostgresJournal {
    conn: Mutex<Conn>,
    /// How to open the connection again after it broke; `None` for a caller's client.
    reopen: Option<Reopen>,
}

struct Conn {
    client: Client,
    statements: Statements,
    /// Set after a retryable failure: the connection may be dead without knowing it yet.
    suspect: bool,
}

#[derive(Clone)]
struct Reopen {
    url: String,
    schema: Option<String>,
}

impl std::fmt::Debug for PostgresJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password, so it is not shown.
        f.debug_struct("PostgresJournal").finish_non_exhaustive()
    }
}

impl PostgresJournal {
    /// Connects to `url` (`postgres://user@host:port/db`, or the key-value form) without TLS
    /// and brings the schema up to date.
    ///
    /// # Errors
    ///
    /// Backend failures, or a schema newer than this build understands.
    pub fn connect(url: &str) -> Result<PostgresJournal> {
        PostgresJournal::open(Reopen {
            url: url.to_owned(),
            schema: None,
        })
    }

    /// Connects to `url` and keeps the journal in `schema`, creating the schema if needed.
    /// Several journals can share one database this way.
    ///
    /// # Errors
    ///
    /// [`StoreError::InvalidRequest`] when `schema` is not a plain lower-case identifier
    /// (`[a-z_][a-z0-9_]*`, at most 63 bytes); otherwise as [`PostgresJournal::connect`].
    pub fn connect_in_schema(url: &str, schema: &str) -> Result<PostgresJournal> {
        check_schema_name(schema)?;
        PostgresJournal::open(Reopen {
            url: url.to_owned(),
            schema: Some(schema.to_owned()),
        })
    }

    /// Uses a connection the caller opened (for TLS or custom settings). The journal lives in
    /// the schema first on its `search_path`. A broken connection is not reopened.
    ///
    /// # Errors
    ///
    /// As [`PostgresJournal::connect`].
    pub fn from_client(client: Client) -> Result<PostgresJournal> {
        Ok(PostgresJournal {
            conn: Mutex::new(Conn::prepare(client)?),
            reopen: None,
        })
    }

    fn open(reopen: Reopen) -> Result<PostgresJournal> {
        let conn = reopen.connect()?;
        info!(
            schema = reopen.schema.as_deref(),
            "postgres journal connected"
        );
        Ok(PostgresJournal {
            conn: Mutex::new(conn),
            reopen: Some(reopen),
        })
    }

    /// Runs `work` on the connection, reopened first if it broke and the journal knows how.
    fn with_conn<T>(&self, work: impl FnOnce(&mut Client, &Statements) -> Result<T>) -> Result<T> {
        // A panic mid-transaction dropped the transaction, which rolls it back.
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        if conn.client.is_closed() || conn.suspect {
            if let Some(reopen) = &self.reopen {
                *conn = reopen.connect()?;
            }
        }

        let Conn {
            client,
            statements,
            suspect,
        } = &mut *conn;
        let result = work(client, statements);
        *suspect = matches!(
            result,
            Err(StoreError::Backend {
                retryable: true,
                ..
            })
        );
        result
    }

    /// Runs `work` in a transaction and commits when it returns `Ok`.
    fn write<T>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>, &Statements) -> Result<T>,
    ) -> Result<T> {
        self.with_conn(|client, statements| {
            let mut tx = client.transaction().map_err(pg)?;
            let value = work(&mut tx, statements)?;
            tx.commit().map_err(pg)?;
            Ok(value)
        })
    }
}

impl Reopen {
    fn connect(&self) -> Result<Conn> {
        let mut client = Client::connect(&self.url, NoTls).map_err(pg)?;
        if let Some(schema) = &self.schema {
            // The name was checked to be a plain identifier, so it can be spliced in.
            client
                .batch_execute(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
                ))
                .map_err(pg)?;
        }
        Conn::prepare(client)
    }
}

impl Conn {
    fn prepare(mut client: Client) -> Result<Conn> {
        schema::migrate(&mut client)?;
        let statements = Statements::prepare(&mut client)?;
        Ok(Conn {
            client,
            statements,
            suspect: false,
        })
    }
}

fn check_schema_name(schema: &str) -> Result<()> {
    let mut bytes = schema.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_');
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !(first_ok && rest_ok && schema.len() <= 63) {
        return Err(StoreError::invalid(
            "schema",
            schema,
            "must be a lower-case identifier of at most 63 bytes",
        ));
    }
    Ok(())
}

impl Journal for PostgresJournal {
    fn append(&self, request: AppendRequest) -> Result<AppendOutcome> {
        crate::rules::validate(&request)?;
        self.write(|tx, statements| {
            let mut head = read::lock_head(tx, statements)?;
            append::apply(tx, statements, &mut head, &request)
        })
    }

    fn append_many(&self, requests: Vec<AppendRequest>) -> Result<Vec<Result<AppendOutcome>>> {
        self.write(|tx, statements| {
            let mut head = read::lock_head(tx, statements)?;
            let mut outcomes = Vec::with_capacity(requests.len());
            for request in &requests {
                match crate::rules::validate(request)
                    .and_then(|()| append::apply(tx, statements, &mut head, request))
                {
                    Err(error) if !error.is_refusal() => return Err(error),
                    outcome => outcomes.push(outcome),
                }
            }
            Ok(outcomes)
        })
    }

    fn read_stream(&self, stream: &str, from_version: u64) -> Result<Vec<StoredEntry>> {
        self.with_conn(|client, statements| read::stream(client, statements, stream, from_version))
    }

    fn stream_version(&self, stream: &str) -> Result<u64> {
        self.with_conn(|client, statements| read::stream_version(client, statements, stream))
    }

    fn read_all(&self, after_seq: u64, limit: usize) -> Result<Vec<StoredEntry>> {
        self.with_conn(|client, statements| read::all(client, statements, after_seq, limit))
    }

    fn lookup_request(&self, request_no: &str) -> Result<Option<RequestRecord>> {
        self.with_conn(|client, statements| read::request(client, statements, request_no))
    }

    fn head(&self) -> Result<ChainHead> {
        self.with_conn(read::head)
    }

    fn pending_anchor_batch(&self, max_batch: u64) -> Result<Option<AnchorBatch>> {
        self.write(|tx, statements| outbox::pending(tx, statements, max_batch))
    }

    fn record_anchor(&self, receipt: &AnchorReceipt) -> Result<()> {
        self.write(|tx, _| outbox::record(tx, receipt))
    }

    fn anchors(&self) -> Result<Vec<AnchorReceipt>> {
        self.with_conn(|client, _| outbox::receipts(client))
    }
}

/// Maps a PostgreSQL error. Lost connections, serialisation failures, deadlocks and a server
/// shutting down can pass; anything the server refused on its merits will not.
fn pg(error: postgres::Error) -> StoreError {
    let transient_codes = [
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CANNOT_CONNECT_NOW,
        SqlState::CONNECTION_FAILURE,
    ];
    let retryable = match error.code() {
        Some(code) => transient_codes.contains(code),
        None => error.is_closed() || is_io(&error),
    };
    StoreError::Backend {
        backend: "postgres",
        retryable,
        source: Box::new(error),
    }
}

fn is_io(error: &postgres::Error) -> bool {
    std::error::Error::source(error).is_some_and(|source| source.is::<std::io::Error>())
}

/// A sequence number or version as PostgreSQL stores it (`BIGINT`).
fn to_db(value: u64, field: &'static str) -> Result<i64> {
    i64::try_from(value)
        .map_err(|_| StoreError::invalid(field, &value.to_string(), "above the storable range"))
}

/// A stored `BIGINT` back as a sequence number or version.
fn from_db(value: i64, seq: i64) -> Result<u64> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt {
        seq: u64::try_from(seq).unwrap_or(0),
        reason: format!("negative number {value} stored"),
    })
}

/// A stored `BYTEA` back as a hash.
fn hash_from_db(bytes: &[u8], seq: i64) -> Result<Hash32> {
    let array: [u8; 32] = bytes.try_into().map_err(|_| StoreError::Corrupt {
        seq: u64::try_from(seq).unwrap_or(0),
        reason: format!("stored hash has {} bytes, not 32", bytes.len()),
    })?;
    Ok(Hash32(array))
}
