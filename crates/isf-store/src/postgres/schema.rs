//! Schema migrations of the PostgreSQL journal.
//!
//! The version lives in `isf_schema_version` inside the journal's schema. Migrations run in
//! one transaction under an advisory lock keyed by the schema name, so nodes starting at the
//! same time apply each step once.

use postgres::Client;
use tracing::info;

use super::pg;
use crate::error::{Result, StoreError};

/// Each step brings the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: entries, the chain head row every writer locks, stream versions, request records,
    // anchor batches.
    "CREATE TABLE entries (
        seq            BIGINT PRIMARY KEY,
        stream         TEXT   NOT NULL,
        stream_version BIGINT NOT NULL,
        kind           TEXT   NOT NULL,
        body           BYTEA  NOT NULL,
        prev_hash      BYTEA  NOT NULL,
        hash           BYTEA  NOT NULL,
        UNIQUE (stream, stream_version)
    );
    CREATE TABLE chain_head (
        singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        seq       BIGINT  NOT NULL,
        hash      BYTEA   NOT NULL
    );
    INSERT INTO chain_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));
    CREATE TABLE streams (
        stream  TEXT   PRIMARY KEY,
        version BIGINT NOT NULL
    );
    CREATE TABLE requests (
        request_no     TEXT  PRIMARY KEY,
        command_digest BYTEA NOT NULL,
        outcome        BYTEA NOT NULL
    );
    CREATE TABLE anchor_batches (
        first_seq          BIGINT PRIMARY KEY,
        last_seq           BIGINT NOT NULL,
        root               BYTEA  NOT NULL,
        tx_hash            TEXT,
        anchored_at_millis BIGINT
    );",
];

/// Brings the schema first on the `search_path` up to the newest version this build knows.
pub(super) fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(hashtext('isf-store'), hashtext(coalesce(current_schema(), '')));
         CREATE TABLE IF NOT EXISTS isf_schema_version (
             singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
             version   INTEGER NOT NULL
         );
         INSERT INTO isf_schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;",
    )
    .map_err(pg)?;

    let row = tx
        .query_one("SELECT version FROM isf_schema_version", &[])
        .map_err(pg)?;
    let current: i32 = row.try_get(0).map_err(pg)?;
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    let known = MIGRATIONS.len();
    if current > known {
        return Err(StoreError::backend(
            "postgres",
            false,
            format!("schema version {current} is newer than this build supports ({known})"),
        ));
    }

    for (index, step) in MIGRATIONS.iter().enumerate().skip(current) {
        let version = i32::try_from(index + 1).unwrap_or(i32::MAX);
        tx.batch_execute(step).map_err(pg)?;
        tx.execute("UPDATE isf_schema_version SET version = $1", &[&version])
            .map_err(pg)?;
    }
    tx.commit().map_err(pg)?;

    if current < known {
        info!(
            from = current,
            to = known,
            "postgres journal schema migrated"
        );
    }
    Ok(())
}
