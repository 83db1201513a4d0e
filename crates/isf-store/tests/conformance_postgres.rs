//! The journal conformance suite against `PostgresJournal`, each test in its own fresh schema.
//!
//! Needs `ISF_TEST_POSTGRES_URL` (see `.ci/postgres.sh`); without it the tests say SKIPPED and
//! pass, except under CI, where they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

#[cfg(feature = "postgres")]
mod with_postgres {
    use isf_store::{Journal, PostgresJournal};

    use crate::support::{fresh_schema, postgres_url};

    fn fresh() -> Option<PostgresJournal> {
        let url = postgres_url()?;
        Some(PostgresJournal::connect_in_schema(&url, &fresh_schema("conf")).unwrap())
    }

    isf_store::journal_conformance_tests!(fresh);

    #[test]
    fn schema_names_are_checked() {
        let Some(url) = postgres_url() else { return };
        for bad in ["", "Upper", "1st", "a-b", "a;drop", &"x".repeat(64)] {
            let error = PostgresJournal::connect_in_schema(&url, bad).unwrap_err();
            assert!(error.is_refusal(), "{bad:?}: {error}");
        }
    }

    #[test]
    fn reopening_keeps_entries_and_schema_version() {
        let Some(url) = postgres_url() else { return };
        let schema = fresh_schema("reopen");
        let first = PostgresJournal::connect_in_schema(&url, &schema).unwrap();
        isf_store::conformance::append_and_read(&first);
        drop(first);

        let again = PostgresJournal::connect_in_schema(&url, &schema).unwrap();
        assert_eq!(again.verify_chain().unwrap(), 4);
    }

    /// A connection killed by the server is reopened, in the same schema, on the next call.
    #[test]
    fn broken_connection_is_reopened() {
        let Some(url) = postgres_url() else { return };
        let schema = fresh_schema("reopen_conn");
        let separator = if url.contains('?') { '&' } else { '?' };
        let tagged = format!("{url}{separator}application_name={schema}");
        let journal = PostgresJournal::connect_in_schema(&tagged, &schema).unwrap();
        isf_store::conformance::append_and_read(&journal);

        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let killed = admin
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE application_name = $1",
                &[&schema],
            )
            .unwrap();
        assert_eq!(killed.len(), 1);

        let first_try = journal.head();
        if let Err(error) = &first_try {
            assert!(
                error.is_retryable(),
                "a lost connection is retryable: {error}"
            );
        }
        assert_eq!(journal.head().unwrap().seq, 4);
        assert_eq!(journal.verify_chain().unwrap(), 4);
    }
}

/// Without the `postgres` feature there is nothing to run; CI must build with it.
#[cfg(not(feature = "postgres"))]
#[test]
fn postgres_feature_is_off() {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the PostgreSQL tests: cargo test -p isf-store --features postgres"
    );
    eprintln!("SKIPPED: built without the `postgres` feature; PostgreSQL tests not compiled");
}
