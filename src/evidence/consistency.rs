//! Whether the events of each journal entry follow from the signed command it records.
//!
//! A command's signature proves what its actor asked for; the events beside it are what the
//! platform recorded as the outcome, and only the operator's seal vouches for them. Whoever
//! holds the operator's key could otherwise keep a genuine signed command and record events it
//! never asked for: a split that hands a part to someone else, a funding that takes another
//! piece. So each event is checked against the command: the terms, the actor and the business
//! date of the entry wherever they determine it.
//!
//! What the platform computed from its whole state (piece ids, sign deadlines, discount
//! quotes) cannot be recomputed from a bundle, which holds one voucher's entries. For those
//! the kinds of event are checked, and the links between entries that the bundle does show: a
//! funding or a withdrawal moves the piece its application locked, and no piece is created
//! twice. A clearing plan must hold together on its own (see
//! [`ClearingPlan::check_consistency`]), be paid by the voucher's issuer on its due date and
//! allocate only pieces the bundle created. Each clearing step must be one the run's state
//! machine allows, and the plan's payments are recorded once, with the step that finishes the
//! run.

mod voucher;

use std::collections::{HashMap, HashSet};
use std::fmt;

use isf_core::{Bid, BizDate, PieceId, VoucherId};
use isf_finance::financing::ApplicationStatus;
use isf_finance::voucher::VoucherEvent;
use isf_settlement::{ClearingPlan, ClearingRun, ClearingState};
use serde::Serialize;

use super::error::EvidenceError;
use super::standing::Standings;
use crate::platform::advance_clearing;
use crate::platform::{Admission, Command, FundingMode, JournalEntry, PlatformEvent};

/// Checks the entries in sequence order, each with its sequence number.
pub(super) fn check_consistency<'a>(
    entries: impl IntoIterator<Item = (u64, &'a JournalEntry)>,
) -> Result<(), EvidenceError> {
    let mut seen = Seen::default();
    for (seq, entry) in entries {
        let mismatch = |reason| EvidenceError::EventMismatch { seq, reason };
        seen.check(entry).map_err(mismatch)?;
        seen.record(entry).map_err(mismatch)?;
    }
    Ok(())
}

/// What earlier entries of the bundle established.
#[derive(Default)]
struct Seen<'a> {
    /// The piece each financing application locked.
    applications: HashMap<&'a str, PieceId>,
    /// Who issued each voucher, and its due date.
    issues: HashMap<&'a VoucherId, (&'a Bid, BizDate)>,
    /// The latest clearing run of each voucher, moved on by every step the bundle records.
    runs: HashMap<&'a VoucherId, ClearingRun>,
    /// Every piece created so far, by an issue or a split.
    pieces: HashSet<PieceId>,
    /// Where the voucher's pieces stand, once it is issued.
    standings: Option<Standings>,
}

impl<'a> Seen<'a> {
    /// Checks `entry` against what came before, and moves on the clearing run a clearing step
    /// advances.
    fn check(&mut self, entry: &JournalEntry) -> Result<(), String> {
        let actor = &entry.command.actor;
        let events = entry.events.as_slice();
        match &entry.command.payload {
            Command::AdmitParty(credential) => {
                let claims = credential.claims();
                let admitted = PlatformEvent::PartyAdmitted {
                    party: claims.subject.clone(),
                    name: claims.legal_name.clone(),
                    admission: Admission {
                        role: claims.role,
                        credential: claims.id.clone(),
                        expires_on: claims.expires_on,
                    },
                };
                exactly(events, &[admitted])
            }
            Command::RevokeCredentials(list) => {
                let [PlatformEvent::CredentialsRevoked { revoked, .. }] = events else {
                    return Err(unexpected(events, "one credentials_revoked event"));
                };
                if !revoked.iter().eq(list.revoked()) {
                    return Err("the revoked credentials differ from the signed list".to_owned());
                }
                Ok(())
            }
            Command::SubmitCommitment(record) => {
                let [PlatformEvent::CommitmentAccepted(accepted)] = events else {
                    return Err(unexpected(events, "one commitment_accepted event"));
                };
                same("accepted commitment", &accepted.id, &record.id)
            }
            Command::Voucher(command) => {
                let [PlatformEvent::Voucher(event)] = events else {
                    return Err(unexpected(events, "one voucher event"));
                };
                voucher::check(actor, entry.date, command, event)
            }
            Command::ApplyFinancing {
                piece,
                application,
                funder,
                terms,
            } => {
                let [locked, PlatformEvent::FinancingApplied(applied)] = events else {
                    return Err(unexpected(events, "voucher locked, financing_applied"));
                };
                let lock = VoucherEvent::Locked {
                    piece: *piece,
                    application: application.clone(),
                    funder: funder.clone(),
                };
                exactly(
                    std::slice::from_ref(locked),
                    &[PlatformEvent::Voucher(lock)],
                )?;

                if &applied.number != application {
                    return Err(format!(
                        "the application is numbered {:?} where the command says {application:?}",
                        applied.number
                    ));
                }
                same("financed piece", &applied.piece, piece)?;
                same("applicant", &applied.applicant, actor)?;
                same("funder", &applied.funder, funder)?;
                if &applied.terms != terms || applied.status != ApplicationStatus::Open {
                    return Err(
                        "the application's terms or status differ from the command's".into(),
                    );
                }
                Ok(())
            }
            Command::Fund { application, mode } => {
                let piece = self.piece_of(application)?;
                let taken = match mode {
                    FundingMode::Assignment => VoucherEvent::Assigned {
                        piece,
                        funder: actor.clone(),
                    },
                    FundingMode::Pledge => VoucherEvent::Pledged {
                        piece,
                        pledgee: actor.clone(),
                    },
                };
                let funded = PlatformEvent::FinancingFunded {
                    application: application.clone(),
                    mode: *mode,
                };
                exactly(events, &[PlatformEvent::Voucher(taken), funded])
            }
            Command::WithdrawFinancing { application } => {
                let piece = self.piece_of(application)?;
                let withdrawn = PlatformEvent::FinancingWithdrawn {
                    application: application.clone(),
                    piece,
                };
                let unlocked = PlatformEvent::Voucher(VoucherEvent::Unlocked { piece });
                exactly(events, &[unlocked, withdrawn])
            }
            Command::StartClearing {
                voucher,
                routing,
                funds,
                ..
            } => {
                let [PlatformEvent::ClearingPlanned(plan)] = events else {
                    return Err(unexpected(events, "one clearing_planned event"));
                };
                same("cleared voucher", &plan.voucher, voucher)?;
                if plan.routing != *routing {
                    return Err("the plan's routing differs from the command's".to_owned());
                }
                same("funded amount", &plan.funded, &funds.unwrap_or(plan.due))?;
                self.check_plan(plan)
            }
            Command::AdvanceClearing { voucher, step } => {
                let advanced = PlatformEvent::ClearingAdvanced {
                    voucher: voucher.clone(),
                    step: *step,
                };
                self.check_clearing(events, advanced, voucher)
            }
            Command::ReportLeg {
                voucher,
                seq,
                report,
            } => {
                let reported = PlatformEvent::LegReported {
                    voucher: voucher.clone(),
                    seq: *seq,
                    report: report.clone(),
                };
                self.check_clearing(events, reported, voucher)
            }
            Command::AdjustLeg { voucher, seq } => {
                let adjusted = PlatformEvent::LegAdjusted {
                    voucher: voucher.clone(),
                    seq: *seq,
                };
                self.check_clearing(events, adjusted, voucher)
            }
        }
    }

    /// A plan pays on the voucher's due date from its issuer, only pieces the bundle created,
    /// and starts a run only once the voucher's previous run is done.
    fn check_plan(&self, plan: &ClearingPlan) -> Result<(), String> {
        plan.check_consistency()
            .map_err(|error| error.to_string())?;
        let &(issuer, due_date) = self
            .issues
            .get(&plan.voucher)
            .ok_or_else(|| format!("voucher {} is cleared but never issued", plan.voucher))?;
        same("paying issuer", &plan.payer, issuer)?;
        same("clearing due date", &plan.due_date, &due_date)?;
        self.check_plan_pieces(plan)?;
        match self.runs.get(&plan.voucher) {
            Some(run) if run.state() != ClearingState::Done => Err(format!(
                "a second clearing of voucher {} starts before the first is done",
                plan.voucher
            )),
            _ => Ok(()),
        }
    }

    /// A plan pays every piece the bundle leaves owed something, what it is owed, to whom it
    /// is payable, and nothing else.
    fn check_plan_pieces(&self, plan: &ClearingPlan) -> Result<(), String> {
        let standings = self
            .standings
            .as_ref()
            .ok_or_else(|| format!("voucher {} is cleared but never issued", plan.voucher))?;
        for allocation in &plan.allocations {
            let piece = allocation.piece;
            let standing = standings
                .get(piece)
                .filter(|standing| standing.state.is_live())
                .ok_or_else(|| format!("the plan pays piece {piece}, which is not live"))?;
            if allocation.outstanding != standing.outstanding() {
                return Err(format!(
                    "the plan says piece {piece} is owed {} where it is owed {}",
                    allocation.outstanding,
                    standing.outstanding()
                ));
            }
            if plan.payee_of(allocation) != Some(standing.payee()) {
                return Err(format!(
                    "the plan pays piece {piece} to someone other than {}",
                    standing.payee()
                ));
            }
        }
        // Allocations name distinct pieces, all of them owed: equal counts make equal sets.
        let owed = standings.owed().count();
        if owed != plan.allocations.len() {
            return Err(format!(
                "the plan pays {} piece(s) where {owed} are owed something",
                plan.allocations.len()
            ));
        }
        Ok(())
    }

    /// A clearing step records itself, and, when it finishes the run, the payments of the
    /// voucher's plan; the run must allow the step.
    fn check_clearing(
        &mut self,
        events: &[PlatformEvent],
        step: PlatformEvent,
        voucher: &VoucherId,
    ) -> Result<(), String> {
        let (first, payments) = events
            .split_first()
            .ok_or_else(|| unexpected(events, "a clearing step"))?;
        exactly(std::slice::from_ref(first), &[step])?;

        let run = self.runs.get_mut(voucher).ok_or_else(|| {
            format!("it steps the clearing of voucher {voucher}, whose plan is not in the bundle")
        })?;
        let was_done = run.state() == ClearingState::Done;
        advance_clearing(run, first)
            .map_err(|error| format!("the clearing run refuses the step: {error}"))?;
        let finished = !was_done && run.state() == ClearingState::Done;

        let planned: Vec<PlatformEvent> = if finished {
            PlatformEvent::payments_of(run.plan()).collect()
        } else {
            Vec::new()
        };
        exactly(payments, &planned)
    }

    fn piece_of(&self, application: &str) -> Result<PieceId, String> {
        self.applications
            .get(application)
            .copied()
            .ok_or_else(|| format!("application {application:?} is not opened in the bundle"))
    }

    /// Learns what `entry`, already checked, established.
    fn record(&mut self, entry: &'a JournalEntry) -> Result<(), String> {
        for event in &entry.events {
            self.follow(event)?;
            match event {
                PlatformEvent::FinancingApplied(application) => {
                    self.applications
                        .insert(application.number.as_str(), application.piece);
                }
                PlatformEvent::ClearingPlanned(plan) => {
                    self.runs
                        .insert(&plan.voucher, ClearingRun::new(plan.clone()));
                }
                PlatformEvent::Voucher(VoucherEvent::Issued {
                    voucher,
                    issuer,
                    due_date,
                    root,
                    ..
                }) => {
                    self.issues.insert(voucher, (issuer, *due_date));
                    self.create(*root)?;
                }
                PlatformEvent::Voucher(VoucherEvent::Split { children, .. }) => {
                    for child in children {
                        self.create(child.id)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Moves the voucher's pieces by `event`; the voucher's issue starts the following.
    fn follow(&mut self, event: &PlatformEvent) -> Result<(), String> {
        let PlatformEvent::Voucher(event) = event else {
            return Ok(());
        };
        if let VoucherEvent::Issued { voucher, .. } = event {
            self.standings
                .get_or_insert_with(|| Standings::new(voucher.clone()));
        }
        match &mut self.standings {
            Some(standings) => standings.apply(event).map_err(|error| error.to_string()),
            None => Ok(()),
        }
    }

    fn create(&mut self, piece: PieceId) -> Result<(), String> {
        if !self.pieces.insert(piece) {
            return Err(format!("piece {piece} is created a second time"));
        }
        Ok(())
    }
}

/// The events must be exactly `expected`, in order.
fn exactly(events: &[PlatformEvent], expected: &[PlatformEvent]) -> Result<(), String> {
    if events.len() != expected.len() {
        return Err(format!(
            "{} event(s) recorded where the command causes {}",
            events.len(),
            expected.len()
        ));
    }
    match events
        .iter()
        .zip(expected)
        .find(|(event, wanted)| event != wanted)
    {
        Some((event, wanted)) => Err(format!(
            "recorded {} where the command causes {}",
            show(event),
            show(wanted)
        )),
        None => Ok(()),
    }
}

/// A recorded value must be the one the command names.
fn same<T: PartialEq + fmt::Display>(
    what: &str,
    recorded: &T,
    commanded: &T,
) -> Result<(), String> {
    if recorded == commanded {
        return Ok(());
    }
    Err(format!(
        "the {what} is {recorded} where the command says {commanded}"
    ))
}

/// The events are not of the kinds the command causes.
fn unexpected(events: &[PlatformEvent], wanted: &str) -> String {
    let kinds: Vec<String> = events.iter().map(kind_of).collect();
    format!(
        "recorded [{}] where the command causes {wanted}",
        kinds.join(", ")
    )
}

/// The serde tag of an event, with the voucher event's own tag: `voucher split`.
fn kind_of(event: &PlatformEvent) -> String {
    let value = serde_json::to_value(event).unwrap_or_default();
    let tag = |value: &serde_json::Value, key| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let kind = tag(&value, "kind").unwrap_or_else(|| "?".to_owned());
    match value.get("body").and_then(|body| tag(body, "type")) {
        Some(inner) => format!("{kind} {inner}"),
        None => kind,
    }
}

/// An event or value as compact JSON, which escapes any control characters in it.
fn show<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "?".to_owned())
}
