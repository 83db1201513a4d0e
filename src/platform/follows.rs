//! Whether a recorded entry's events follow from its signed command and from what the entries
//! before it established.
//!
//! Only commands are signed; events are the platform's record of what each command did. So
//! whoever can write the journal's store, or holds the operator's key, could record beside a
//! genuine command an outcome the platform never decided: a funding that assigns the piece to
//! someone else, payments that differ from the plan, a signature by a party who was never
//! offered the piece. This check refuses such entries. It runs on every entry the platform
//! replays and on every entry of an evidence bundle, each with its own view of the past (a
//! [`Prior`]).
//!
//! What it checks is what does not depend on the platform's configuration: who may act on a
//! piece in the state it was in, that the events carry the command's terms, that a clearing
//! plan is the one the past gives and that it moves on only as its state machine allows.
//! Product-rule limits (minimum amounts, depth, term) and calendar roll-overs are not checked
//! again, so a platform that changes its rules can still open its journal.

mod clearing;
mod voucher;

use std::fmt;

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::{Application, ApplicationStatus, quote_discount};
use isf_finance::voucher::{PieceState, VoucherCommand, VoucherEvent};
use isf_settlement::{ClearingPlan, ClearingRun};
use serde::Serialize;

use super::command::{Command, FundingMode};
use super::commitment::{AcceptedCommitment, accept, check_issue};
use super::event::{JournalEntry, PlatformEvent};

/// What the entries before the one being checked established, as the check needs it.
pub(crate) trait Prior {
    /// The operator whose commands run clearing, mature vouchers and expire offers.
    fn operator(&self) -> &Bid;

    /// Checks signatures, for the contracts inside commitments.
    fn verifier(&self) -> &dyn Verifier;

    /// A piece as earlier entries left it, if one created it.
    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>>;

    /// A payment commitment an earlier entry accepted.
    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment>;

    /// The issuer and adjusted due date of an issued voucher.
    fn issue(&self, voucher: &VoucherId) -> Option<(&Bid, BizDate)>;

    /// True when the voucher has matured.
    fn is_matured(&self, voucher: &VoucherId) -> bool;

    /// A financing application by number.
    fn application(&self, number: &str) -> Option<&Application>;

    /// The voucher's latest clearing run.
    fn clearing_run(&self, voucher: &VoucherId) -> Option<&ClearingRun>;

    /// True when an earlier entry's command carried this request number.
    fn has_request(&self, request_no: &RequestNo) -> bool;

    /// True when an earlier clearing plan gave an instruction this request number.
    fn instruction_used(&self, request_no: &RequestNo) -> bool;

    /// Checks that `plan`, which holds together, is the plan the voucher's pieces give.
    fn check_plan_pieces(&self, plan: &ClearingPlan) -> Result<(), String>;
}

/// A piece as the entries before the one checked left it.
pub(crate) struct PriorPiece<'a> {
    /// Who holds it.
    pub(crate) holder: &'a Bid,
    /// Where it stands.
    pub(crate) state: &'a PieceState,
    /// Its face.
    pub(crate) face: Fen,
    /// The adjusted due date of its voucher.
    pub(crate) due_date: BizDate,
    /// False once its voucher matured or was cancelled: then nobody may act on it.
    pub(crate) outstanding: bool,
}

/// Checks one entry against its command and `prior`; the reason when it does not follow.
pub(crate) fn check_entry(prior: &impl Prior, entry: &JournalEntry) -> Result<(), String> {
    let request_no = &entry.command.request_no;
    if prior.has_request(request_no) {
        return Err(format!("request number {request_no} was recorded before"));
    }
    let check = Check {
        prior,
        actor: &entry.command.actor,
        date: entry.date,
        events: entry.events.as_slice(),
    };
    check.command(&entry.command.payload)
}

/// One entry under check.
struct Check<'a, P> {
    prior: &'a P,
    actor: &'a Bid,
    date: BizDate,
    events: &'a [PlatformEvent],
}

impl<P: Prior> Check<'_, P> {
    fn command(&self, command: &Command) -> Result<(), String> {
        let events = self.events;
        match command {
            Command::AdmitParty(credential) => {
                exactly(events, &[PlatformEvent::admission_of(credential.claims())])
            }
            Command::RevokeCredentials(list) => {
                self.by_operator("revoke credentials")?;
                let [PlatformEvent::CredentialsRevoked { revoked, .. }] = events else {
                    return Err(unexpected(events, "one credentials_revoked event"));
                };
                if !revoked.iter().eq(list.revoked()) {
                    return Err("the revoked credentials differ from the signed list".to_owned());
                }
                Ok(())
            }
            Command::SubmitCommitment(record) => {
                let accepted = accept(self.actor, record, self.prior.verifier())
                    .map_err(|error| format!("the commitment cannot be accepted: {error}"))?;
                if self.prior.commitment(&accepted.id).is_some() {
                    return Err(format!("commitment {} was accepted before", accepted.id));
                }
                exactly(events, &[PlatformEvent::CommitmentAccepted(accepted)])
            }
            Command::Voucher(command) => {
                let [PlatformEvent::Voucher(event)] = events else {
                    return Err(unexpected(events, "one voucher event"));
                };
                self.may_act_on(command)?;
                voucher::check(self.actor, self.date, command, event)?;
                self.split_adds_up(event)
            }
            Command::ApplyFinancing {
                piece,
                application,
                funder,
                terms,
            } => {
                self.holds(*piece, "apply for financing on")?;
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
                if self.prior.application(application).is_some() {
                    return Err(format!("application {application:?} was opened before"));
                }
                same("financed piece", &applied.piece, piece)?;
                same("applicant", &applied.applicant, self.actor)?;
                same("funder", &applied.funder, funder)?;
                if &applied.terms != terms || applied.status != ApplicationStatus::Open {
                    return Err(
                        "the application's terms or status differ from the command's".into(),
                    );
                }
                // The quote rests on nothing but the piece, the dates and the signed terms.
                let held = self.outstanding(*piece)?;
                let quote = quote_discount(held.face, self.date, held.due_date, terms)
                    .map_err(|error| format!("the terms give no quote: {error}"))?;
                if applied.quote != quote {
                    return Err("the quote is not the one the terms give".to_owned());
                }
                Ok(())
            }
            Command::Fund { application, mode } => {
                let opened = self.open_application(application)?;
                if &opened.funder != self.actor {
                    return Err(format!(
                        "{} funds application {application:?}, which was made to {}",
                        self.actor, opened.funder
                    ));
                }
                let piece = opened.piece;
                let taken = match mode {
                    FundingMode::Assignment => VoucherEvent::Assigned {
                        piece,
                        funder: self.actor.clone(),
                    },
                    FundingMode::Pledge => VoucherEvent::Pledged {
                        piece,
                        pledgee: self.actor.clone(),
                    },
                };
                let funded = PlatformEvent::FinancingFunded {
                    application: application.clone(),
                    mode: *mode,
                };
                exactly(events, &[PlatformEvent::Voucher(taken), funded])
            }
            Command::WithdrawFinancing { application } => {
                let opened = self.open_application(application)?;
                let piece = opened.piece;
                let holder = self.prior.piece(piece).map(|prior| prior.holder);
                if &opened.funder != self.actor && holder != Some(self.actor) {
                    return Err(format!(
                        "{} withdraws application {application:?}, which is not theirs",
                        self.actor
                    ));
                }
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
                self.by_operator("start clearing")?;
                let [PlatformEvent::ClearingPlanned(plan)] = events else {
                    return Err(unexpected(events, "one clearing_planned event"));
                };
                same("cleared voucher", &plan.voucher, voucher)?;
                if plan.routing != *routing {
                    return Err("the plan's routing differs from the command's".to_owned());
                }
                same("funded amount", &plan.funded, &funds.unwrap_or(plan.due))?;
                self.plan(plan)
            }
            Command::AdvanceClearing { .. }
            | Command::ReportLeg { .. }
            | Command::AdjustLeg { .. } => {
                let (voucher, step) = PlatformEvent::clearing_step_of(command)
                    .ok_or_else(|| "not a clearing step".to_owned())?;
                self.clearing_step(step, voucher)
            }
        }
    }

    /// The actor may give this voucher command on the piece or voucher as it stood.
    fn may_act_on(&self, command: &VoucherCommand) -> Result<(), String> {
        match command {
            VoucherCommand::Issue(terms) => {
                let commitment = self
                    .prior
                    .commitment(&terms.commitment)
                    .ok_or_else(|| format!("commitment {} was never accepted", terms.commitment))?;
                check_issue(self.actor, terms, commitment).map_err(|error| error.to_string())
            }
            VoucherCommand::Sign { piece } | VoucherCommand::Reject { piece } => {
                let signing = matches!(command, VoucherCommand::Sign { .. });
                match self.outstanding(*piece)?.state {
                    PieceState::PendingSign {
                        recipient,
                        deadline,
                    } if recipient == self.actor && !(signing && self.date > *deadline) => Ok(()),
                    _ => Err(format!("{piece} was not on offer to {}", self.actor)),
                }
            }
            VoucherCommand::ExpireOffer { piece } => {
                self.by_operator("expire offers")?;
                match self.outstanding(*piece)?.state {
                    PieceState::PendingSign { deadline, .. } if self.date > *deadline => Ok(()),
                    _ => Err(format!("{piece} had no offer past its deadline")),
                }
            }
            VoucherCommand::Split { piece, parts } => {
                if parts.is_empty() {
                    return Err(format!("the split of {piece} names no parts"));
                }
                let wrong = parts
                    .iter()
                    .find(|part| part.amount.is_zero() || &part.to == self.actor);
                if let Some(part) = wrong {
                    return Err(format!(
                        "the split of {piece} gives {} to {}",
                        part.amount, part.to
                    ));
                }
                self.holds(*piece, "split")
            }
            VoucherCommand::Void { voucher } => match self.prior.issue(voucher) {
                Some((issuer, _)) if issuer == self.actor => Ok(()),
                _ => Err(format!(
                    "{} voids voucher {voucher}, not its issuer",
                    self.actor
                )),
            },
            VoucherCommand::Mature { voucher } => {
                self.by_operator("mature vouchers")?;
                match self.prior.issue(voucher) {
                    Some((_, due)) if self.date >= due && !self.prior.is_matured(voucher) => Ok(()),
                    _ => Err(format!("voucher {voucher} is matured before it is due")),
                }
            }
            VoucherCommand::ReleasePledge { piece } => match self.outstanding(*piece)?.state {
                PieceState::Pledged { pledgee, .. } if pledgee == self.actor => Ok(()),
                _ => Err(format!("{piece} is not pledged to {}", self.actor)),
            },
            VoucherCommand::LockForFinancing { .. }
            | VoucherCommand::Unlock { .. }
            | VoucherCommand::Assign { .. }
            | VoucherCommand::Pledge { .. }
            | VoucherCommand::RecordPayment { .. } => {
                Err("pieces are locked, funded and paid only through financing and clearing".into())
            }
        }
    }

    /// A split's children, none of them empty, share exactly the face of the piece split.
    fn split_adds_up(&self, event: &VoucherEvent) -> Result<(), String> {
        let VoucherEvent::Split {
            parent, children, ..
        } = event
        else {
            return Ok(());
        };
        if let Some(empty) = children.iter().find(|child| child.face.is_zero()) {
            return Err(format!("the split creates {} with no face", empty.id));
        }
        let shared: i128 = children
            .iter()
            .map(|child| i128::from(child.face.get()))
            .sum();
        let face = self.outstanding(*parent)?.face;
        if shared != i128::from(face.get()) {
            return Err(format!(
                "the split of {parent} shares {shared} fen of its {face}"
            ));
        }
        Ok(())
    }

    /// The actor held `piece` of an outstanding voucher, free to move.
    fn holds(&self, piece: PieceId, action: &str) -> Result<(), String> {
        let prior = self.outstanding(piece)?;
        if prior.holder != self.actor || prior.state != &PieceState::Held {
            return Err(format!(
                "{} may not {action} {piece}: it did not hold it free",
                self.actor
            ));
        }
        Ok(())
    }

    /// A piece an earlier entry created, of a voucher that has neither matured nor been
    /// cancelled.
    fn outstanding(&self, piece: PieceId) -> Result<PriorPiece<'_>, String> {
        let prior = self
            .prior
            .piece(piece)
            .ok_or_else(|| format!("{piece} was never created"))?;
        if !prior.outstanding {
            return Err(format!(
                "{piece} belongs to a voucher that matured or was cancelled"
            ));
        }
        Ok(prior)
    }

    fn by_operator(&self, action: &str) -> Result<(), String> {
        if self.actor != self.prior.operator() {
            return Err(format!(
                "{} may not {action}: only the operator may",
                self.actor
            ));
        }
        Ok(())
    }

    /// An application that is open, with its piece still locked by it.
    fn open_application(&self, number: &str) -> Result<&Application, String> {
        let application = self
            .prior
            .application(number)
            .filter(|application| application.status == ApplicationStatus::Open)
            .ok_or_else(|| format!("application {number:?} was not open"))?;
        match self.outstanding(application.piece)?.state {
            PieceState::Locked {
                application: by, ..
            } if by == number => Ok(application),
            _ => Err(format!(
                "application {number:?} no longer locked {}",
                application.piece
            )),
        }
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

/// A recorded value must be the one the command or the past names.
fn same<T: PartialEq + fmt::Display>(what: &str, recorded: &T, expected: &T) -> Result<(), String> {
    if recorded == expected {
        return Ok(());
    }
    Err(format!(
        "the {what} is {recorded} where it must be {expected}"
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
