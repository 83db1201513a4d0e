//! The two ways money reaches the final holders of a voucher.

use serde::{Deserialize, Serialize};

/// Clearing routing of the ISF settlement service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// 首尾兑付: the core enterprise pays every final payee directly (ISF `ENDTOEND`).
    #[default]
    EndToEnd,
    /// 逐级清算: the core enterprise pays its tier-1 supplier, and every holder pays the next
    /// tier for what it passed on (ISF `GRADUALLY`).
    Gradual,
}

impl Routing {
    /// A short name for reports, with the Chinese term.
    pub fn name(self) -> &'static str {
        match self {
            Routing::EndToEnd => "end-to-end (首尾兑付)",
            Routing::Gradual => "gradual (逐级清算)",
        }
    }

    /// The ISF Open API `capitalPathType` code.
    pub fn isf_code(self) -> &'static str {
        match self {
            Routing::EndToEnd => "ENDTOEND",
            Routing::Gradual => "GRADUALLY",
        }
    }
}
