//! How an `isf` command fails, and the exit code each kind of failure gives.
//!
//! | code | meaning |
//! | --- | --- |
//! | 0 | success: the scenario ran, the key was made or read, the document verified |
//! | 1 | refused: a scenario step or invariant failed, a document does not verify |
//! | 2 | bad input: an unreadable file, text that is not what the command expects |
//! | 3 | incomplete: a contract whose signatures all verify but that still lacks signers |
//!
//! clap's own usage errors (an unknown option, a missing argument) also exit with 2.

use std::process::ExitCode;

use thiserror::Error;

/// Why a command did not succeed. Messages never contain a private key.
#[derive(Debug, Error)]
pub enum CliError {
    /// The input was understood and is not acceptable: exit code 1.
    #[error("{0}")]
    Refused(String),
    /// The input could not be read, or is not what the command expects: exit code 2.
    #[error("{0}")]
    Input(String),
    /// A contract is valid so far but not signed by everyone: exit code 3.
    #[error("{0}")]
    Incomplete(String),
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Refused(_) => ExitCode::from(1),
            CliError::Input(_) => ExitCode::from(2),
            CliError::Incomplete(_) => ExitCode::from(3),
        }
    }
}
