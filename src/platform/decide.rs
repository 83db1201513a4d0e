//! Deciding commands: permission checks, then the domain crates' rules. Nothing here changes
//! state, so a refused command leaves no trace.

use isf_core::{Bid, BizDate, PieceId, VoucherId};
use isf_finance::financing::{Application, ApplicationStatus, quote_discount};
use isf_finance::voucher::{IssueVoucher, PieceState, VoucherCommand};
use isf_settlement::{ClearingRun, plan_clearing};

use super::Platform;
use super::apply::advance_clearing;
use super::command::{Command, FundingMode};
use super::error::PlatformError;
use super::event::{JournalEntry, PlatformEvent};
use super::roles;
use isf_bid::credential::Credential;

type Decided = Result<Vec<PlatformEvent>, PlatformError>;

impl Platform {
    pub(super) fn decide(&self, actor: &Bid, command: &Command, today: BizDate) -> Decided {
        self.register()
            .require(&roles::needs(actor, command), today)?;
        match command {
            Command::AdmitParty(credential) => self.decide_admission(actor, credential, today),
            Command::RevokeCredentials(list) => {
                self.require_operator(actor, "revoke credentials")?;
                list.verify(self.verifier.as_ref())?;
                self.register().may_revoke(list, today)?;
                let revoked = list.revoked().cloned().collect();
                Ok(vec![PlatformEvent::CredentialsRevoked {
                    revoked,
                    as_of: list.as_of(),
                }])
            }
            Command::SubmitCommitment(record) => {
                let accepted = super::commitment::accept(actor, record, self.verifier.as_ref())?;
                if self.state.commitments.contains_key(&accepted.id) {
                    return Err(PlatformError::CommitmentMismatch {
                        commitment: accepted.id,
                        reason: "it was submitted before",
                    });
                }
                Ok(vec![PlatformEvent::CommitmentAccepted(accepted)])
            }
            Command::Voucher(voucher) => self.decide_voucher(actor, voucher, today),
            Command::ApplyFinancing {
                piece,
                application,
                funder,
                terms,
            } => {
                if self.state.applications.contains_key(application) {
                    return Err(PlatformError::DuplicateApplication(application.clone()));
                }
                let lock = VoucherCommand::LockForFinancing {
                    piece: *piece,
                    application: application.clone(),
                    funder: funder.clone(),
                };
                let locked = self.decide_book(actor, &lock, today)?;

                let held = self.state.book.piece(*piece)?;
                let due_date = self.state.book.voucher_of(held)?.due_date;
                let quote = quote_discount(held.face, today, due_date, terms)?;
                let record = Application {
                    number: application.clone(),
                    piece: *piece,
                    applicant: actor.clone(),
                    funder: funder.clone(),
                    terms: terms.clone(),
                    quote,
                    status: ApplicationStatus::Open,
                };
                Ok(vec![locked, PlatformEvent::FinancingApplied(record)])
            }
            Command::Fund { application, mode } => {
                let piece = self.open_application(application)?;
                let take = match mode {
                    FundingMode::Assignment => VoucherCommand::Assign { piece },
                    FundingMode::Pledge => VoucherCommand::Pledge { piece },
                };
                let taken = self.decide_book(actor, &take, today)?;
                let funded = PlatformEvent::FinancingFunded {
                    application: application.clone(),
                    mode: *mode,
                };
                Ok(vec![taken, funded])
            }
            Command::WithdrawFinancing { application } => {
                let piece = self.open_application(application)?;
                let unlocked = self.decide_book(actor, &VoucherCommand::Unlock { piece }, today)?;
                let withdrawn = PlatformEvent::FinancingWithdrawn {
                    application: application.clone(),
                    piece,
                };
                Ok(vec![unlocked, withdrawn])
            }
            Command::StartClearing {
                voucher,
                routing,
                funds,
                run,
            } => {
                self.require_operator(actor, "start clearing")?;
                let unfinished = self
                    .state
                    .clearings
                    .get(voucher)
                    .and_then(|runs| runs.last())
                    .is_some_and(|last| last.state() != isf_settlement::ClearingState::Done);
                if unfinished {
                    return Err(PlatformError::ClearingExists(voucher.clone()));
                }
                let plan = plan_clearing(&self.state.book, voucher, *routing, *funds, run)?;
                let reused = plan
                    .instructions
                    .iter()
                    .any(|leg| self.state.instruction_requests.contains(&leg.request_no));
                if reused {
                    return Err(PlatformError::DuplicateRunId(run.clone()));
                }
                Ok(vec![PlatformEvent::ClearingPlanned(plan)])
            }
            Command::AdvanceClearing { .. }
            | Command::ReportLeg { .. }
            | Command::AdjustLeg { .. } => {
                self.require_operator(actor, "step a clearing")?;
                let (voucher, step) = PlatformEvent::clearing_step_of(command)
                    .ok_or_else(|| PlatformError::Encoding("not a clearing step".to_owned()))?;
                self.clearing_step(voucher, step)
            }
        }
    }

    /// The events of one step of the voucher's current clearing run: the step itself, and the
    /// payments of the plan when the step finishes the run.
    fn clearing_step(&self, voucher: &VoucherId, step: PlatformEvent) -> Decided {
        let mut run = self.clearing_run(voucher)?.clone();
        advance_clearing(&mut run, &step)?;
        Ok(with_payments_if_done(&run, vec![step]))
    }

    /// Decides a replayed entry's command again on the state before it and requires the
    /// recorded events. An issue or a split rests on the product rules and the calendar, which a
    /// platform may have changed since, so for those only the permissions are checked again;
    /// `follows` checks what they did.
    pub(super) fn check_recorded_decision(&self, entry: &JournalEntry) -> Result<(), String> {
        let (actor, today) = (&entry.command.actor, entry.date);
        match &entry.command.payload {
            Command::Voucher(
                command @ (VoucherCommand::Issue(_) | VoucherCommand::Split { .. }),
            ) => self
                .register()
                .require(&roles::voucher_needs(actor, command), today)
                .and_then(|()| self.permit_voucher(actor, command))
                .map_err(|error| format!("the platform refuses it: {error}")),
            payload => {
                let decided = self
                    .decide(actor, payload, today)
                    .map_err(|error| format!("the platform refuses it: {error}"))?;
                if decided != entry.events {
                    return Err("the platform decides other events for it".to_owned());
                }
                Ok(())
            }
        }
    }

    /// Decides an issue as if its payment commitment were already accepted, recording
    /// nothing, so that a caller about to submit the commitment first learns any other
    /// refusal the issue would meet and need not leave a commitment without its voucher.
    pub(crate) fn preview_issue(
        &self,
        actor: &Bid,
        terms: &IssueVoucher,
        today: BizDate,
    ) -> Result<(), PlatformError> {
        let command = VoucherCommand::Issue(terms.clone());
        self.register()
            .require(&roles::voucher_needs(actor, &command), today)?;
        self.require_new_voucher(&terms.voucher)?;
        self.decide_book(actor, &command, today).map(drop)
    }

    /// A voucher number is issued once.
    fn require_new_voucher(&self, voucher: &VoucherId) -> Result<(), PlatformError> {
        if self.state.book.voucher(voucher).is_ok() {
            return Err(isf_finance::FinanceError::DuplicateVoucher(voucher.clone()).into());
        }
        Ok(())
    }

    fn decide_voucher(&self, actor: &Bid, command: &VoucherCommand, today: BizDate) -> Decided {
        self.permit_voucher(actor, command)?;
        Ok(vec![self.decide_book(actor, command, today)?])
    }

    /// What the platform requires of a voucher command beyond the book's own rules and the
    /// parties it needs (`roles`): a matching payment commitment, a new voucher number, the
    /// operator for maturing, and no direct locking or paying.
    fn permit_voucher(&self, actor: &Bid, command: &VoucherCommand) -> Result<(), PlatformError> {
        match command {
            VoucherCommand::Issue(terms) => {
                let commitment = self
                    .state
                    .commitments
                    .get(&terms.commitment)
                    .ok_or(PlatformError::UnknownCommitment(terms.commitment))?;
                super::commitment::check_issue(actor, terms, commitment)?;
                self.require_new_voucher(&terms.voucher)?;
            }
            VoucherCommand::Mature { .. } | VoucherCommand::ExpireOffer { .. } => {
                self.require_operator(actor, "mature vouchers or expire offers")?;
            }
            VoucherCommand::LockForFinancing { .. }
            | VoucherCommand::Unlock { .. }
            | VoucherCommand::Assign { .. }
            | VoucherCommand::Pledge { .. } => {
                return Err(PlatformError::OperatorOnly(
                    "lock or fund pieces directly; use the financing commands",
                ));
            }
            VoucherCommand::RecordPayment { .. } => {
                return Err(PlatformError::OperatorOnly(
                    "record payments directly; clearing records them",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    fn decide_book(
        &self,
        actor: &Bid,
        command: &VoucherCommand,
        today: BizDate,
    ) -> Result<PlatformEvent, PlatformError> {
        let event = self
            .state
            .book
            .decide(actor, command, today, &self.config.calendar)?;
        Ok(PlatformEvent::Voucher(event))
    }

    fn open_application(&self, number: &str) -> Result<PieceId, PlatformError> {
        let application = self
            .state
            .applications
            .get(number)
            .ok_or_else(|| PlatformError::UnknownApplication(number.to_owned()))?;
        let locked = matches!(
            self.state.book.piece(application.piece)?.state,
            PieceState::Locked { .. }
        );
        if application.status != ApplicationStatus::Open || !locked {
            return Err(PlatformError::UnknownApplication(number.to_owned()));
        }
        Ok(application.piece)
    }

    fn clearing_run(&self, voucher: &VoucherId) -> Result<&ClearingRun, PlatformError> {
        self.state
            .clearings
            .get(voucher)
            .and_then(|runs| runs.last())
            .ok_or_else(|| PlatformError::NoClearing(voucher.clone()))
    }

    fn require_operator(&self, actor: &Bid, action: &'static str) -> Result<(), PlatformError> {
        if actor != &self.config.operator {
            return Err(PlatformError::OperatorOnly(action));
        }
        Ok(())
    }
}

/// Appends the payments to the pieces once a run is done, so the book learns what each piece
/// received in the same journal entry that completes the clearing.
fn with_payments_if_done(run: &ClearingRun, mut events: Vec<PlatformEvent>) -> Vec<PlatformEvent> {
    if run.state() != isf_settlement::ClearingState::Done {
        return events;
    }
    events.extend(PlatformEvent::payments_of(run.plan()));
    events
}

impl Platform {
    /// Admits the subject of an operator-issued credential that verifies on `today`.
    fn decide_admission(&self, actor: &Bid, credential: &Credential, today: BizDate) -> Decided {
        self.register().may_admit(actor, credential)?;
        // Revoked ids were checked above; the signed lists were verified when published.
        credential.verify(self.verifier.as_ref(), today, &[])?;
        Ok(vec![PlatformEvent::admission_of(credential.claims())])
    }
}
