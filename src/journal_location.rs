//! Opening a journal from a location string: a SQLite file path, or a PostgreSQL URL.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use isf_store::{Journal, SqliteJournal, StoreError};
use thiserror::Error;

/// Why a journal location could not be opened.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum OpenJournalError {
    /// The folder for a SQLite file could not be created.
    #[error("cannot create folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// A PostgreSQL URL was given to a build without the `postgres` feature.
    #[error("PostgreSQL journals need the `postgres` feature")]
    PostgresNotBuilt,
    /// The store could not open the journal.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Opens the journal at `location`: `postgres://…` or `postgresql://…` opens PostgreSQL (with
/// the `postgres` feature), anything else is a SQLite file, created with its folder if missing.
pub fn open_journal(location: &str) -> Result<Arc<dyn Journal>, OpenJournalError> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return open_postgres(location);
    }
    let path = Path::new(location);
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|source| OpenJournalError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
    }
    Ok(Arc::new(SqliteJournal::open(path)?))
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Arc<dyn Journal>, OpenJournalError> {
    Ok(Arc::new(isf_store::PostgresJournal::connect(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str) -> Result<Arc<dyn Journal>, OpenJournalError> {
    Err(OpenJournalError::PostgresNotBuilt)
}
