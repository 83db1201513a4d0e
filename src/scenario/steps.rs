//! What each kind of scenario step does: the commands it signs and submits, and how it is
//! described in the report.

use isf_bid::credential::RevocationList;
use isf_core::BizDate;
use isf_finance::financing::DiscountTerms;
use isf_finance::voucher::{SplitPart, VoucherCommand, VoucherEvent};
use isf_settlement::ClearingState;

use super::format::{Action, Step};
use super::runner::{Refusal, Runner, bid_of, malformed_error, voucher_id};
use crate::platform::{ClearingStep, Command, LegReport, PlatformEvent, Receipt};

impl Runner<'_> {
    pub(super) fn perform(&mut self, number: usize, step: &Step) -> Result<(), Refusal> {
        let actor = step.actor.as_str();
        let request = format!("{}-{number:03}", self.prefix);
        let date = step.date;
        match &step.action {
            Action::Issue { .. } => self.issue(actor, &request, step),
            Action::Sign { piece } => {
                let piece = self.label(piece)?;
                self.voucher_command(actor, &request, VoucherCommand::Sign { piece }, date)
            }
            Action::Reject { piece } => {
                let piece = self.label(piece)?;
                self.voucher_command(actor, &request, VoucherCommand::Reject { piece }, date)
            }
            Action::Expire { piece } => {
                let piece = self.label(piece)?;
                self.voucher_command(actor, &request, VoucherCommand::ExpireOffer { piece }, date)
            }
            Action::Split {
                piece,
                parts,
                remainder,
            } => {
                let parent = self.label(piece)?;
                let mut split_parts = Vec::with_capacity(parts.len());
                for part in parts {
                    split_parts.push(SplitPart {
                        to: bid_of(&self.keys, &part.to).map_err(Refusal::Scenario)?,
                        amount: part.amount,
                    });
                }
                let mut labels = parts
                    .iter()
                    .map(|part| part.label.clone())
                    .collect::<Vec<_>>();
                labels.extend(remainder.iter().cloned());
                self.check_split_labels(parent, &split_parts, remainder.is_some())?;

                let command = VoucherCommand::Split {
                    piece: parent,
                    parts: split_parts,
                };
                let receipt = self.submit(actor, &request, Command::Voucher(command), date)?;
                self.learn_split_labels(&receipt, &labels)
            }
            Action::Void { voucher } => {
                let voucher = voucher_id(voucher)?;
                self.voucher_command(actor, &request, VoucherCommand::Void { voucher }, date)
            }
            Action::ApplyFinancing {
                piece,
                application,
                funder,
                rate,
                day_count,
                rounding,
                extra_days,
            } => {
                let command = Command::ApplyFinancing {
                    piece: self.label(piece)?,
                    application: application.clone(),
                    funder: bid_of(&self.keys, funder).map_err(Refusal::Scenario)?,
                    terms: DiscountTerms {
                        rate: *rate,
                        day_count: *day_count,
                        rounding: *rounding,
                        extra_days: *extra_days,
                    },
                };
                self.submit(actor, &request, command, date).map(drop)
            }
            Action::Fund { application, mode } => {
                let command = Command::Fund {
                    application: application.clone(),
                    mode: *mode,
                };
                self.submit(actor, &request, command, date).map(drop)
            }
            Action::WithdrawFinancing { application } => {
                let command = Command::WithdrawFinancing {
                    application: application.clone(),
                };
                self.submit(actor, &request, command, date).map(drop)
            }
            Action::ReleasePledge { piece } => {
                let piece = self.label(piece)?;
                self.voucher_command(
                    actor,
                    &request,
                    VoucherCommand::ReleasePledge { piece },
                    date,
                )
            }
            Action::RevokeCredentials { party } => {
                let ids = self.credentials.get(party).cloned().ok_or_else(|| {
                    Refusal::Scenario(malformed_error(format!("unknown party id {party}")))
                })?;
                let revoked = self.revoked.iter().chain(&ids).cloned();
                let list = RevocationList::sign(self.key(actor)?, date, revoked)
                    .map_err(|error| Refusal::Platform(error.to_string()))?;
                self.submit(actor, &request, Command::RevokeCredentials(list), date)?;
                // Only a list the platform accepted is the one in force.
                self.revoked.extend(ids);
                Ok(())
            }
            Action::Mature { voucher } => {
                let voucher = voucher_id(voucher)?;
                self.voucher_command(actor, &request, VoucherCommand::Mature { voucher }, date)
            }
            Action::Clear { .. } => self.clear(actor, &request, step),
        }
    }

    fn issue(&mut self, actor: &str, request: &str, step: &Step) -> Result<(), Refusal> {
        let Action::Issue {
            voucher,
            label,
            payee,
            amount,
            committed_date,
            convention,
            contracts,
            invoices,
        } = &step.action
        else {
            return Err(Refusal::Scenario(malformed_error(
                "not an issue step".to_owned(),
            )));
        };
        let voucher = voucher_id(voucher)?;
        let payee = bid_of(&self.keys, payee).map_err(Refusal::Scenario)?;
        if self.labels.contains_key(label) {
            return Err(Refusal::Scenario(malformed_error(format!(
                "piece label {label} is used twice"
            ))));
        }
        let issuer = self.key(actor)?;
        let commitment =
            super::commitment::sign_commitment(issuer, &voucher, *amount, *committed_date, &payee)
                .map_err(|error| Refusal::Platform(error.to_string()))?;
        let terms = isf_finance::voucher::IssueVoucher {
            voucher,
            payee,
            face: *amount,
            committed_date: *committed_date,
            convention: *convention,
            commitment: commitment.id(),
            contracts: contracts.clone(),
            invoices: invoices.clone(),
        };
        // Every refusal the issue would meet is found before the commitment is submitted, so a
        // refused issue step leaves nothing behind.
        let issuer_bid = issuer.bid().clone();
        self.platform
            .preview_issue(&issuer_bid, &terms, step.date)
            .map_err(|error| Refusal::Platform(error.to_string()))?;

        let submitted = Command::SubmitCommitment(commitment.to_record());
        self.submit(
            actor,
            &format!("{request}-commitment"),
            submitted,
            step.date,
        )?;

        let command = VoucherCommand::Issue(terms);
        let receipt = self.submit(actor, request, Command::Voucher(command), step.date)?;
        for event in &receipt.events {
            if let PlatformEvent::Voucher(VoucherEvent::Issued { root, .. }) = event {
                self.labels.insert(label.clone(), *root);
            }
        }
        Ok(())
    }

    fn clear(&mut self, actor: &str, request: &str, step: &Step) -> Result<(), Refusal> {
        let Action::Clear {
            voucher,
            routing,
            funds,
            fail,
        } = &step.action
        else {
            return Err(Refusal::Scenario(malformed_error(
                "not a clear step".to_owned(),
            )));
        };
        let voucher = voucher_id(voucher)?;
        let date = step.date;
        if let Some(seq) = repeated(fail) {
            return Err(Refusal::Scenario(malformed_error(format!(
                "fail names instruction {seq} more than once"
            ))));
        }

        let start = Command::StartClearing {
            voucher: voucher.clone(),
            routing: *routing,
            funds: *funds,
            run: format!("{request}-pay"),
        };
        self.submit(actor, &format!("{request}-plan"), start, date)?;
        for (name, step) in [
            ("apply", ClearingStep::Apply),
            ("start", ClearingStep::Start),
            ("execute", ClearingStep::Execute),
        ] {
            let command = Command::AdvanceClearing {
                voucher: voucher.clone(),
                step,
            };
            self.submit(actor, &format!("{request}-{name}"), command, date)?;
        }

        let legs = self
            .platform
            .clearing(&voucher)
            .map_or(0, |run| run.plan().instructions.len() as u32);
        if let Some(&seq) = fail.iter().find(|&&seq| seq == 0 || seq > legs) {
            return Err(Refusal::Scenario(malformed_error(format!(
                "fail names instruction {seq}, but the clearing has instructions 1 to {legs}"
            ))));
        }
        for seq in 1..=legs {
            let report = if fail.contains(&seq) {
                LegReport::Failed {
                    reason: "payee account rejected the transfer".to_owned(),
                }
            } else {
                LegReport::Paid
            };
            let command = Command::ReportLeg {
                voucher: voucher.clone(),
                seq,
                report,
            };
            self.submit(actor, &format!("{request}-leg{seq:04}"), command, date)?;
        }
        for &seq in fail {
            let command = Command::AdjustLeg {
                voucher: voucher.clone(),
                seq,
            };
            self.submit(actor, &format!("{request}-adjust{seq:04}"), command, date)?;
        }

        let state = self.platform.clearing(&voucher).map(|run| run.state());
        if state != Some(ClearingState::Done) {
            return Err(Refusal::Platform(format!(
                "clearing of {voucher} did not finish"
            )));
        }
        Ok(())
    }

    fn voucher_command(
        &mut self,
        actor: &str,
        request: &str,
        command: VoucherCommand,
        date: BizDate,
    ) -> Result<(), Refusal> {
        self.submit(actor, request, Command::Voucher(command), date)
            .map(drop)
    }

    /// Refuses, before anything is journaled, labels that do not match the pieces the split
    /// will create: one per part, plus one for a remainder exactly when the parts leave one.
    fn check_split_labels(
        &self,
        parent: isf_core::PieceId,
        parts: &[SplitPart],
        remainder_labelled: bool,
    ) -> Result<(), Refusal> {
        // A piece that cannot be split is refused by the platform, with its own reason.
        let Ok(piece) = self.platform.book().piece(parent) else {
            return Ok(());
        };
        if piece.state != isf_finance::voucher::PieceState::Held {
            return Ok(());
        }
        let requested = parts
            .iter()
            .map(|part| i128::from(part.amount.get()))
            .sum::<i128>();
        let leaves_remainder = requested < i128::from(piece.face.get());
        if leaves_remainder != remainder_labelled {
            let reason = if leaves_remainder {
                "the parts leave a remainder: name it with \"remainder\""
            } else {
                "the parts use the whole piece, so there is no remainder to name"
            };
            return Err(Refusal::Scenario(malformed_error(reason.to_owned())));
        }
        Ok(())
    }

    fn learn_split_labels(&mut self, receipt: &Receipt, labels: &[String]) -> Result<(), Refusal> {
        for event in &receipt.events {
            if let PlatformEvent::Voucher(VoucherEvent::Split { children, .. }) = event {
                if children.len() != labels.len() {
                    return Err(Refusal::Scenario(malformed_error(format!(
                        "split created {} pieces but {} labels were given \
                         (one label per part, plus \"remainder\" exactly when the parts leave one)",
                        children.len(),
                        labels.len()
                    ))));
                }
                for (child, label) in children.iter().zip(labels) {
                    if self.labels.insert(label.clone(), child.id).is_some() {
                        return Err(Refusal::Scenario(malformed_error(format!(
                            "piece label {label} is used twice"
                        ))));
                    }
                }
            }
        }
        Ok(())
    }
}

pub(super) fn describe(action: &Action) -> String {
    match action {
        Action::Issue {
            voucher,
            payee,
            amount,
            committed_date,
            ..
        } => format!("issue voucher {voucher} of {amount} to {payee}, payable {committed_date}"),
        Action::Sign { piece } => format!("sign for {piece}"),
        Action::Reject { piece } => format!("reject {piece}"),
        Action::Split {
            piece,
            parts,
            remainder,
        } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| format!("{} to {} as {}", part.amount, part.to, part.label))
                .collect();
            let kept = remainder.as_ref().map_or(String::new(), |label| {
                format!(", keeping the rest as {label}")
            });
            format!("split {piece}: {}{kept}", parts.join(", "))
        }
        Action::Expire { piece } => format!("expire the unsigned offer of piece {piece}"),
        Action::Void { voucher } => format!("void voucher {voucher}"),
        Action::ApplyFinancing {
            piece,
            application,
            funder,
            rate,
            ..
        } => format!("apply to {funder} for discount financing {application} of {piece} at {rate}"),
        Action::Fund { application, mode } => format!("fund {application} by {}", mode.name()),
        Action::WithdrawFinancing { application } => format!("withdraw {application}"),
        Action::ReleasePledge { piece } => format!("release the pledge of {piece}"),
        Action::RevokeCredentials { party } => format!("revoke the credentials of {party}"),
        Action::Mature { voucher } => format!("mature voucher {voucher}"),
        Action::Clear {
            voucher, routing, ..
        } => format!("clear voucher {voucher} ({})", routing.name()),
    }
}

/// The first number that appears a second time in `numbers`.
fn repeated(numbers: &[u32]) -> Option<u32> {
    let mut seen = std::collections::HashSet::new();
    numbers.iter().copied().find(|&number| !seen.insert(number))
}
