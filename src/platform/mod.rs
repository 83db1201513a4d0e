//! The runtime that turns signed commands into journaled events.
//!
//! [`Platform::submit`] is the only way state changes. For each command it:
//!
//! 1. catches up with entries other writers appended to the same journal;
//! 2. verifies the actor's signature and that the key belongs to the actor's BID;
//! 3. answers a repeated request number from the journal's idempotency record, or refuses it
//!    when the payload differs;
//! 4. checks the actor's credential for the role the command needs;
//! 5. lets the domain crates decide the events, refusing the command with nothing changed
//!    when they say no;
//! 6. appends one entry holding the command and its events, at the journal version the
//!    decision was based on, together with the request record — so of two writers racing
//!    exactly one wins, and the other gets a retryable conflict;
//! 7. applies the events.
//!
//! [`Platform::open`] rebuilds the state from a journal, checking every hash link and every
//! signature on the way, and that each entry's events follow from its signed command and the
//! state before it (`follows`), without deciding anything again.

mod apply;
mod command;
mod commitment;
mod decide;
mod error;
mod event;
mod follows;
mod journal;
mod party;
mod prior;
mod roles;
mod subject;

pub(crate) use apply::advance_clearing;
pub use command::{ClearingStep, Command, FundingMode, LegReport};
pub use commitment::AcceptedCommitment;
pub use error::PlatformError;
pub use event::{JournalEntry, PlatformEvent};
pub(crate) use follows::{Prior, PriorPiece, check_entry};
pub use isf_bid::credential::PartyRole;
pub use journal::{PLATFORM_STREAM, RecordedEntry};
pub(crate) use party::admit;
pub use party::{Admission, Party};
pub(crate) use roles::{Need, Register, needs};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use isf_bid::credential::CredentialId;
use isf_core::canonical::to_canonical_json;
use isf_core::{
    Bid, BizDate, Hash32, HolidayCalendar, RequestNo, SignedCommand, Verifier, VoucherId,
};
use isf_finance::financing::Application;
use isf_finance::voucher::{ProductRules, VoucherBook};
use isf_settlement::ClearingRun;
use isf_store::{AppendOutcome, AppendRequest, Journal, MemoryJournal, NewEntry, RequestRecord};
use serde::{Deserialize, Serialize};

use journal::OutcomeRef;

/// The canonical body of `entry`, after checking that it reads back as the same entry, so
/// that nothing is ever appended that a later open could not read.
fn readable_body(entry: &JournalEntry) -> Result<Vec<u8>, PlatformError> {
    let body = to_canonical_json(entry)?;
    let read: JournalEntry = serde_json::from_slice(&body)
        .map_err(|error| PlatformError::Encoding(format!("entry would not read back: {error}")))?;
    if &read != entry {
        return Err(PlatformError::Encoding(
            "entry would not read back as written".to_owned(),
        ));
    }
    Ok(body)
}

/// Entries read per page when catching up with the journal.
const PAGE: usize = 1_024;

/// What a submitted command produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Sequence number of the journal entry.
    pub seq: u64,
    /// Hash of the journal entry.
    pub entry_hash: Hash32,
    /// The events recorded.
    pub events: Vec<PlatformEvent>,
    /// True when this request number was seen before and this is the first outcome again.
    pub replayed: bool,
}

/// Who runs the platform and under which rules: fixed for the life of a journal.
#[derive(Clone, Debug)]
pub struct PlatformConfig {
    /// The operator's BID: issuer of credentials, runner of clearing.
    pub operator: Bid,
    /// The voucher product rules.
    pub rules: ProductRules,
    /// The holiday calendar that adjusts committed payment dates.
    pub calendar: HolidayCalendar,
}

/// The ISF platform runtime: voucher book, financing applications, clearing runs, parties,
/// and the journal that proves how they came to be.
pub struct Platform {
    config: PlatformConfig,
    verifier: Box<dyn Verifier + Send + Sync>,
    journal: Arc<dyn Journal>,
    state: State,
    cursor: Cursor,
    poisoned: Option<String>,
}

/// How far the state has read the journal.
#[derive(Default)]
struct Cursor {
    seq: u64,
    hash: Hash32,
    date: Option<BizDate>,
    streams: HashMap<String, u64>,
}

/// Everything the journal's events build up.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) book: VoucherBook,
    pub(crate) parties: HashMap<Bid, Party>,
    pub(crate) applications: HashMap<String, Application>,
    pub(crate) clearings: HashMap<VoucherId, Vec<ClearingRun>>,
    pub(crate) instruction_requests: HashSet<RequestNo>,
    /// The request number of every command in the journal.
    pub(crate) command_requests: HashSet<RequestNo>,
    pub(crate) revocations_as_of: Option<BizDate>,
    pub(crate) commitments: HashMap<Hash32, AcceptedCommitment>,
    pub(crate) revoked: HashSet<CredentialId>,
}

impl Platform {
    /// A platform on a fresh in-memory journal.
    pub fn new(
        config: PlatformConfig,
        verifier: Box<dyn Verifier + Send + Sync>,
    ) -> Result<Platform, PlatformError> {
        Platform::open(config, verifier, Arc::new(MemoryJournal::new()))
    }

    /// A platform on `journal`, its state rebuilt from every entry already there.
    pub fn open(
        config: PlatformConfig,
        verifier: Box<dyn Verifier + Send + Sync>,
        journal: Arc<dyn Journal>,
    ) -> Result<Platform, PlatformError> {
        let mut state = State {
            book: VoucherBook::new(config.rules.clone())?,
            ..State::default()
        };
        // The operator is the credential issuer by configuration, not by a journal entry.
        state.parties.insert(
            config.operator.clone(),
            Party {
                bid: config.operator.clone(),
                name: "platform operator".to_owned(),
                admissions: Vec::new(),
            },
        );
        let mut platform = Platform {
            config,
            verifier,
            journal,
            state,
            cursor: Cursor::default(),
            poisoned: None,
        };
        platform.catch_up()?;
        tracing::info!(
            entries = platform.cursor.seq,
            "platform state rebuilt from the journal"
        );
        Ok(platform)
    }

    /// Submits a signed command decided on business date `today`.
    pub fn submit(
        &mut self,
        command: SignedCommand<Command>,
        today: BizDate,
    ) -> Result<Receipt, PlatformError> {
        if let Some(reason) = &self.poisoned {
            return Err(PlatformError::Poisoned(reason.clone()));
        }
        self.catch_up()?;

        command.verify(self.verifier.as_ref())?;
        let digest = command.payload_digest()?;
        if let Some(record) = self.journal.lookup_request(command.request_no.as_str())? {
            return self.replayed(&command.request_no, digest, &record);
        }
        if let Some(last) = self.cursor.date.filter(|last| today < *last) {
            return Err(PlatformError::DateWentBack { date: today, last });
        }

        let events = self.decide(&command.actor, &command.payload, today)?;
        let stream = PLATFORM_STREAM.to_owned();
        let expected = self.cursor.streams.get(&stream).copied().unwrap_or(0);
        let request_no = command.request_no.clone();
        let entry = JournalEntry {
            date: today,
            command,
            events,
        };
        // Every entry is checked again when it is read back; one that check refuses must never
        // be written, or the journal would no longer open.
        follows::check_entry(&self.state_before(), &entry).map_err(PlatformError::Unrecordable)?;
        let kind = format!("command.{}", entry.command.payload.kind());
        let outcome = serde_json::to_vec(&OutcomeRef {
            stream: stream.clone(),
            version: expected + 1,
        })
        .map_err(|error| PlatformError::Encoding(error.to_string()))?;
        let append = AppendRequest {
            stream,
            expected_version: expected,
            request: Some(RequestRecord {
                request_no: request_no.to_string(),
                command_digest: digest,
                outcome,
            }),
            entries: vec![NewEntry {
                kind,
                body: readable_body(&entry)?,
            }],
        };

        match self.journal.append(append) {
            Ok(AppendOutcome::Appended(appended)) => {
                tracing::debug!(seq = appended.last_seq, request = %request_no, "command journaled");
                self.catch_up()?;
                Ok(Receipt {
                    seq: appended.last_seq,
                    entry_hash: appended.last_hash,
                    events: entry.events,
                    replayed: false,
                })
            }
            Ok(AppendOutcome::Replayed(record)) => self.replayed(&request_no, digest, &record),
            Err(error) => {
                tracing::warn!(request = %request_no, %error, "journal refused the command");
                Err(error.into())
            }
        }
    }

    /// Applies every entry appended since the state last read the journal, by this platform
    /// or by any other writer sharing the journal.
    pub fn catch_up(&mut self) -> Result<(), PlatformError> {
        loop {
            let page = self.journal.read_all(self.cursor.seq, PAGE)?;
            if page.is_empty() {
                return Ok(());
            }
            for stored in page {
                let recorded = RecordedEntry::read(stored)?;
                self.apply_recorded(recorded)?;
            }
        }
    }

    /// Who is admitted, as the platform's state records it.
    pub(crate) fn register(&self) -> roles::Register<'_> {
        roles::Register {
            operator: &self.config.operator,
            parties: &self.state.parties,
            revoked: &self.state.revoked,
            revocations_as_of: self.state.revocations_as_of,
        }
    }

    /// The state as the check of the next entry sees it.
    fn state_before(&self) -> prior::StateBefore<'_> {
        prior::StateBefore {
            state: &self.state,
            operator: &self.config.operator,
            verifier: self.verifier.as_ref(),
        }
    }

    fn apply_recorded(&mut self, recorded: RecordedEntry) -> Result<(), PlatformError> {
        let corrupt = |reason: &str| PlatformError::CorruptJournal {
            seq: recorded.seq,
            reason: reason.to_owned(),
        };
        if recorded.seq != self.cursor.seq + 1 || recorded.prev_hash != self.cursor.hash {
            return Err(corrupt("does not link to the entry before it"));
        }
        recorded.entry.command.verify(self.verifier.as_ref())?;
        follows::check_entry(&self.state_before(), &recorded.entry).map_err(|reason| {
            corrupt(&format!("events do not follow from its command: {reason}"))
        })?;
        if self
            .cursor
            .date
            .is_some_and(|last| recorded.entry.date < last)
        {
            return Err(corrupt("is dated before the entry before it"));
        }
        self.check_recorded_decision(&recorded.entry)
            .map_err(|reason| corrupt(&reason))?;

        for event in &recorded.entry.events {
            // Recorded events always applied once; a failure means the journal and this code
            // disagree, so stop accepting commands rather than run on a divergent state.
            if let Err(error) = self.state.apply(event) {
                self.poisoned = Some(error.to_string());
                return Err(error);
            }
        }
        self.state
            .command_requests
            .insert(recorded.entry.command.request_no.clone());
        self.cursor.seq = recorded.seq;
        self.cursor.hash = recorded.hash;
        self.cursor.date = Some(recorded.entry.date);
        self.cursor
            .streams
            .insert(recorded.stream, recorded.stream_version);
        Ok(())
    }

    fn replayed(
        &self,
        request_no: &RequestNo,
        digest: Hash32,
        record: &RequestRecord,
    ) -> Result<Receipt, PlatformError> {
        if record.command_digest != digest {
            return Err(PlatformError::RequestConflict(request_no.clone()));
        }
        let lost = || PlatformError::CorruptJournal {
            seq: 0,
            reason: format!("request {request_no} has no entry"),
        };
        let outcome: OutcomeRef = serde_json::from_slice(&record.outcome).map_err(|_| lost())?;
        let stored = self
            .journal
            .read_stream(&outcome.stream, outcome.version)?
            .into_iter()
            .find(|stored| stored.stream_version == outcome.version)
            .ok_or_else(lost)?;
        let recorded = RecordedEntry::read(stored)?;
        Ok(Receipt {
            seq: recorded.seq,
            entry_hash: recorded.hash,
            events: recorded.entry.events,
            replayed: true,
        })
    }

    /// The voucher book.
    pub fn book(&self) -> &VoucherBook {
        &self.state.book
    }

    /// Who runs the platform and under which rules.
    pub fn config(&self) -> &PlatformConfig {
        &self.config
    }

    /// The holiday calendar used to adjust committed payment dates.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.config.calendar
    }

    /// The operator's BID.
    pub fn operator(&self) -> &Bid {
        &self.config.operator
    }

    /// A party admitted to the platform.
    pub fn party(&self, bid: &Bid) -> Option<&Party> {
        self.state.parties.get(bid)
    }

    /// A financing application by number.
    pub fn application(&self, number: &str) -> Option<&Application> {
        self.state.applications.get(number)
    }

    /// All financing applications.
    pub fn applications(&self) -> impl Iterator<Item = &Application> {
        self.state.applications.values()
    }

    /// The latest clearing run of a voucher.
    pub fn clearing(&self, voucher: &VoucherId) -> Option<&ClearingRun> {
        self.state
            .clearings
            .get(voucher)
            .and_then(|runs| runs.last())
    }

    /// Every clearing run of a voucher, oldest first: more than one when a partial payment
    /// was followed by another.
    pub fn clearings(&self, voucher: &VoucherId) -> &[ClearingRun] {
        self.state.clearings.get(voucher).map_or(&[], Vec::as_slice)
    }

    /// The journal the platform writes to.
    pub fn journal(&self) -> &Arc<dyn Journal> {
        &self.journal
    }

    /// Sequence number and hash of the last journal entry the state includes.
    pub fn head(&self) -> (u64, Hash32) {
        (self.cursor.seq, self.cursor.hash)
    }

    /// Every journal entry the state includes, oldest first, read back from the journal. Each
    /// must link to the one before it and the last must be the head the state was built to,
    /// so that nothing changed in the store since the entries were checked is handed out as
    /// if it had been.
    pub fn entries(&self) -> Result<Vec<RecordedEntry>, PlatformError> {
        let changed = |seq: u64| PlatformError::CorruptJournal {
            seq,
            reason: "changed in the store since the platform checked it".to_owned(),
        };
        let mut entries: Vec<RecordedEntry> = Vec::new();
        let mut hash = Hash32::ZERO;
        while entries.len() < self.cursor.seq as usize {
            let after = entries.last().map_or(0, |entry| entry.seq);
            let page = self.journal.read_all(after, PAGE)?;
            if page.first().is_none_or(|first| first.seq != after + 1) {
                return Err(changed(after + 1));
            }
            for stored in page
                .into_iter()
                .take_while(|stored| stored.seq <= self.cursor.seq)
            {
                let recorded = RecordedEntry::read(stored)?;
                let expected_seq = entries.len() as u64 + 1;
                if recorded.seq != expected_seq || recorded.prev_hash != hash {
                    return Err(changed(recorded.seq));
                }
                hash = recorded.hash;
                entries.push(recorded);
            }
        }
        if hash != self.cursor.hash {
            return Err(changed(self.cursor.seq));
        }
        Ok(entries)
    }
}
