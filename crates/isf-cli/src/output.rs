//! Writing results to standard output.
//!
//! `println!` panics when the reader has gone away (`isf run … --json - | head`); these helpers
//! treat a closed pipe as the end of the output instead, since the reader has what it wanted.

use std::io::{self, Write};

use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::CliError;

/// Writes `text` to standard output as it is.
pub fn emit(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());

    match written {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(CliError::Refused(format!(
            "cannot write to standard output: {error}"
        ))),
    }
}

/// Writes `value` to standard output as pretty JSON and a newline.
pub fn emit_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    emit(&to_json(value)?)
}

/// `value` as pretty JSON and a newline, in a buffer that is wiped when dropped.
///
/// Key output is far smaller than the buffer reserved up front, so it is written once and
/// never moved by a reallocation: wiping the buffer wipes the only copy of a private key.
pub fn to_json<T: Serialize>(value: &T) -> Result<Zeroizing<String>, CliError> {
    const RESERVED: usize = 4096;

    let mut bytes = Zeroizing::new(Vec::with_capacity(RESERVED));
    serde_json::to_writer_pretty(&mut *bytes, value)
        .map_err(|error| CliError::Refused(format!("cannot encode json: {error}")))?;
    bytes.push(b'\n');

    // Moves the buffer into the string without copying it.
    let text = String::from_utf8(std::mem::take(&mut *bytes))
        .map_err(|_| CliError::Refused("cannot encode json: not utf-8".to_owned()))?;
    Ok(Zeroizing::new(text))
}
