//! Today's business date in Beijing from the system clock.
//!
//! The library never reads a clock; the command line is the edge where the current time
//! enters, and only where the user did not name a date.

use std::time::{SystemTime, UNIX_EPOCH};

use isf::core::BizDate;

use crate::error::CliError;

/// The Beijing civil date of the current instant.
pub fn today_in_beijing() -> Result<BizDate, CliError> {
    let unusable = |why: &str| {
        CliError::Input(format!(
            "cannot tell today's date ({why}); name it with --on YYYY-MM-DD"
        ))
    };

    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| unusable("the system clock is set before 1970"))?;
    let millis = i64::try_from(since_epoch.as_millis())
        .map_err(|_| unusable("the system clock is out of range"))?;

    BizDate::from_millis(millis).map_err(|error| unusable(&error.to_string()))
}
