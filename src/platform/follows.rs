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
//! piece or a voucher in the state it was in, that the events carry the command's terms, that
//! a clearing plan is the one the past gives for the command's run and that it moves on only as
//! its state machine allows. Product-rule limits (minimum amounts, depth, term) and calendar
//! roll-overs are not checked again, so a platform that changes its rules can still open its
//! journal.
//!
//! Which credential role a command needs is not checked here: the platform decides that in
//! `decide.rs`, and a bundle cannot yet apply the same rule without a copy of it.

mod clearing;
mod financing;
mod permit;
mod voucher;

use std::fmt;

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::{PieceState, VoucherEvent, VoucherStatus};
use isf_settlement::{ClearingPlan, ClearingRun};
use serde::Serialize;

use super::command::Command;
use super::commitment::{AcceptedCommitment, accept};
use super::error::PlatformError;
use super::event::{JournalEntry, PlatformEvent};
use super::roles::{self, Register};

/// What the entries before the one being checked established, as the check needs it.
pub(crate) trait Prior {
    /// The operator whose commands run clearing, mature vouchers and expire offers.
    fn operator(&self) -> &Bid;

    /// Who was admitted, and which credentials were revoked, before the entry.
    fn register(&self) -> Register<'_>;

    /// Checks signatures, for the contracts inside commitments.
    fn verifier(&self) -> &dyn Verifier;

    /// A piece as earlier entries left it, if one created it.
    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>>;

    /// The root piece of a voucher an earlier entry issued, which carries the voucher's
    /// issuer, due date and status. `None` exactly when no earlier entry issued the number.
    fn root(&self, voucher: &VoucherId) -> Option<PriorPiece<'_>>;

    /// A payment commitment an earlier entry accepted.
    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment>;

    /// A financing application by number.
    fn application(&self, number: &str) -> Option<&Application>;

    /// The voucher's latest clearing run.
    fn clearing_run(&self, voucher: &VoucherId) -> Option<&ClearingRun>;

    /// True when an earlier entry's command carried this request number.
    fn has_request(&self, request_no: &RequestNo) -> bool;

    /// True when an earlier clearing plan gave an instruction this request number.
    fn instruction_used(&self, request_no: &RequestNo) -> bool;

    /// Checks that `plan`, which holds together, is the plan that the pieces of its own
    /// voucher give, for its routing and funds, with instructions numbered from run `run`.
    /// Pieces of any other voucher MUST NOT enter the planning.
    fn check_plan_pieces(&self, plan: &ClearingPlan, run: &str) -> Result<(), String>;
}

/// A piece as the entries before the one checked left it, with what its voucher's issue fixed
/// and where its voucher stands.
pub(crate) struct PriorPiece<'a> {
    /// Who holds it.
    pub(crate) holder: &'a Bid,
    /// Where it stands.
    pub(crate) state: &'a PieceState,
    /// Its face.
    pub(crate) face: Fen,
    /// The issuer of its voucher.
    pub(crate) issuer: &'a Bid,
    /// The adjusted due date of its voucher.
    pub(crate) due_date: BizDate,
    /// Where its voucher stands: once matured or cancelled, nobody may act on the piece.
    pub(crate) status: VoucherStatus,
}

/// Checks one entry against its command and `prior`; the reason when it does not follow.
pub(crate) fn check_entry(prior: &impl Prior, entry: &JournalEntry) -> Result<(), String> {
    let request_no = &entry.command.request_no;
    if prior.has_request(request_no) {
        return Err(format!("request number {request_no} was recorded before"));
    }
    let (actor, payload) = (&entry.command.actor, &entry.command.payload);
    prior
        .register()
        .require(&roles::needs(actor, payload), entry.date)
        .map_err(refused)?;
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
                let register = self.prior.register();
                register
                    .may_admit(self.actor, credential)
                    .map_err(refused)?;
                let verifier = self.prior.verifier();
                credential
                    .verify(verifier, self.date, &[])
                    .map_err(|error| refused(error.into()))?;
                exactly(events, &[PlatformEvent::admission_of(credential.claims())])
            }
            Command::RevokeCredentials(list) => {
                self.by_operator("revoke credentials")?;
                list.verify(self.prior.verifier())
                    .map_err(|error| refused(error.into()))?;
                let register = self.prior.register();
                register.may_revoke(list, self.date).map_err(refused)?;
                let revoked = PlatformEvent::CredentialsRevoked {
                    revoked: list.revoked().cloned().collect(),
                    as_of: list.as_of(),
                };
                exactly(events, &[revoked])
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
            } => self.apply_financing(*piece, application, funder, terms),
            Command::Fund { application, mode } => self.fund(application, *mode),
            Command::WithdrawFinancing { application } => self.withdraw(application),
            Command::StartClearing {
                voucher,
                routing,
                funds,
                run,
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
                self.plan(plan, run)
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
        if prior.status != VoucherStatus::Outstanding {
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
}

/// A refusal by one of the platform's own rules, as the reason an entry does not follow.
fn refused(error: PlatformError) -> String {
    format!("the platform refuses it: {error}")
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
