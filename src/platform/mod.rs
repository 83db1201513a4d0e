//! The runtime that turns signed commands into journaled events.
//!
//! [`Platform::submit`] is the only way state changes. For each command it:
//!
//! 1. answers a repeated request number from the idempotency record, or refuses it when the
//!    payload differs;
//! 2. verifies the actor's signature and that the key belongs to the actor's BID;
//! 3. checks the actor's role on the platform;
//! 4. lets the domain crates decide the events, refusing the command with nothing changed
//!    when they say no;
//! 5. appends one hash-chained journal entry holding the command and its events, and applies
//!    the events.
//!
//! Replaying the journal with [`Platform::replay`] rebuilds the same state without deciding
//! anything again.

mod apply;
mod command;
mod commitment;
mod decide;
mod error;
mod event;
mod journal;
mod party;

pub use command::{ClearingStep, Command, FundingMode, LegReport};
pub use commitment::AcceptedCommitment;
pub use error::PlatformError;
pub use event::{JournalEntry, PlatformEvent};
pub use isf_bid::credential::PartyRole;
pub use journal::MemoryJournal;
pub use party::{Admission, Party};

use std::collections::{HashMap, HashSet};

use isf_bid::credential::CredentialId;

use isf_core::envelope::ChainedEvent;
use isf_core::{
    Bid, BizDate, Hash32, HolidayCalendar, RequestNo, SignedCommand, Verifier, VoucherId,
};
use isf_finance::financing::Application;
use isf_finance::voucher::{ProductRules, VoucherBook};
use isf_settlement::ClearingRun;
use serde::{Deserialize, Serialize};

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

/// The ISF platform runtime: voucher book, financing applications, clearing runs, parties,
/// and the journal that proves how they came to be.
pub struct Platform {
    operator: Bid,
    calendar: HolidayCalendar,
    verifier: Box<dyn Verifier + Send + Sync>,
    state: State,
    journal: MemoryJournal,
    requests: HashMap<RequestNo, (Hash32, u64)>,
    poisoned: Option<String>,
}

/// Everything the journal's events build up.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) book: VoucherBook,
    pub(crate) parties: HashMap<Bid, Party>,
    pub(crate) applications: HashMap<String, Application>,
    pub(crate) clearings: HashMap<VoucherId, ClearingRun>,
    pub(crate) commitments: HashMap<Hash32, AcceptedCommitment>,
    pub(crate) revoked: HashSet<CredentialId>,
}

impl Platform {
    /// A platform run by `operator`, with an empty journal.
    pub fn new(
        operator: Bid,
        rules: ProductRules,
        calendar: HolidayCalendar,
        verifier: Box<dyn Verifier + Send + Sync>,
    ) -> Result<Platform, PlatformError> {
        let mut state = State {
            book: VoucherBook::new(rules)?,
            ..State::default()
        };
        // The operator is the credential issuer by configuration, not by a journal entry.
        state.parties.insert(
            operator.clone(),
            Party {
                bid: operator.clone(),
                name: "platform operator".to_owned(),
                admissions: Vec::new(),
            },
        );
        Ok(Platform {
            operator,
            calendar,
            verifier,
            state,
            journal: MemoryJournal::default(),
            requests: HashMap::new(),
            poisoned: None,
        })
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
        let digest = command.payload_digest()?;
        if let Some(receipt) = self.replayed(&command.request_no, digest)? {
            return Ok(receipt);
        }

        command.verify(self.verifier.as_ref())?;
        if let Some(last) = self.journal.last() {
            if today < last.body.date {
                return Err(PlatformError::DateWentBack {
                    date: today,
                    last: last.body.date,
                });
            }
        }
        let events = self.decide(&command.actor, &command.payload, today)?;

        let request_no = command.request_no.clone();
        let entry = JournalEntry {
            date: today,
            command,
            events,
        };
        let linked = self.journal.append(entry)?;
        self.requests.insert(request_no, (digest, linked.seq));
        for event in &linked.body.events {
            // Decided events always apply; a failure here is a defect, so stop accepting
            // commands rather than run on a state that differs from the journal.
            if let Err(error) = self.state.apply(event) {
                self.poisoned = Some(error.to_string());
                return Err(error);
            }
        }
        Ok(Receipt {
            seq: linked.seq,
            entry_hash: linked.hash,
            events: linked.body.events.clone(),
            replayed: false,
        })
    }

    /// Rebuilds a platform from journal entries, checking the hash chain and applying the
    /// recorded events without deciding them again.
    pub fn replay(
        operator: Bid,
        rules: ProductRules,
        calendar: HolidayCalendar,
        verifier: Box<dyn Verifier + Send + Sync>,
        entries: Vec<ChainedEvent<JournalEntry>>,
    ) -> Result<Platform, PlatformError> {
        isf_core::envelope::verify_chain(&entries)?;
        let mut platform = Platform::new(operator, rules, calendar, verifier)?;
        for entry in entries {
            entry.body.command.verify(platform.verifier.as_ref())?;
            for event in &entry.body.events {
                platform.state.apply(event)?;
            }
            let digest = entry.body.command.payload_digest()?;
            let request_no = entry.body.command.request_no.clone();
            platform.requests.insert(request_no, (digest, entry.seq));
            platform.journal.push_verified(entry);
        }
        Ok(platform)
    }

    /// The voucher book.
    pub fn book(&self) -> &VoucherBook {
        &self.state.book
    }

    /// The holiday calendar used to adjust committed payment dates.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// The operator's BID.
    pub fn operator(&self) -> &Bid {
        &self.operator
    }

    /// A registered party.
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

    /// The clearing run of a voucher.
    pub fn clearing(&self, voucher: &VoucherId) -> Option<&ClearingRun> {
        self.state.clearings.get(voucher)
    }

    /// The journal, oldest entry first.
    pub fn journal(&self) -> &[ChainedEvent<JournalEntry>] {
        self.journal.entries()
    }

    fn replayed(
        &self,
        request_no: &RequestNo,
        digest: Hash32,
    ) -> Result<Option<Receipt>, PlatformError> {
        let Some(&(seen, seq)) = self.requests.get(request_no) else {
            return Ok(None);
        };
        if seen != digest {
            return Err(PlatformError::RequestConflict(request_no.clone()));
        }
        let entry = self
            .journal
            .get(seq)
            .ok_or(PlatformError::RequestConflict(request_no.clone()))?;
        Ok(Some(Receipt {
            seq,
            entry_hash: entry.hash,
            events: entry.body.events.clone(),
            replayed: true,
        }))
    }
}
