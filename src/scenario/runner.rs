//! Running a scenario: keys, party registration, then every step as signed commands.

use std::collections::HashMap;

use isf_bid::credential::{CredentialId, RevocationList};
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Bid, BizDate, HolidayCalendar, PieceId, RequestNo, SignedCommand, VoucherId};
use isf_finance::financing::DiscountTerms;
use isf_finance::voucher::{ProductRules, SplitPart, VoucherCommand, VoucherEvent};
use isf_settlement::ClearingState;

use super::error::ScenarioError;
use super::format::{Action, PartySpec, RulesSpec, Scenario, Step};
use super::report::Activity;
use super::report::{ScenarioReport, StepReport};
use crate::platform::{
    ClearingStep, Command, LegReport, Platform, PlatformConfig, PlatformEvent, Receipt,
};
use isf_store::{Journal, MemoryJournal};
use std::sync::Arc;

/// Runs `scenario` end to end on a fresh in-memory journal and reports the outcome.
pub fn run(scenario: &Scenario) -> Result<ScenarioReport, ScenarioError> {
    run_on(scenario, Arc::new(MemoryJournal::new()))
}

/// Runs `scenario` on `journal`. Running it again on the same journal changes nothing: every
/// command is answered from the journal by its request number, and steps that were refused
/// as expected the first time are not tried again.
pub fn run_on(
    scenario: &Scenario,
    journal: Arc<dyn Journal>,
) -> Result<ScenarioReport, ScenarioError> {
    let mut runner = Runner::new(scenario, journal)?;
    runner.register_parties()?;
    for (index, step) in scenario.steps.iter().enumerate() {
        runner.run_step(index + 1, step)?;
    }
    let activity = Activity {
        appended: runner.appended,
        replayed: runner.replayed,
    };
    super::report::build(
        &runner.platform,
        scenario,
        &runner.names,
        &runner.labels,
        runner.steps,
        activity,
    )
}

pub(super) struct Runner<'s> {
    scenario: &'s Scenario,
    platform: Platform,
    keys: HashMap<&'s str, KeyPair>,
    names: HashMap<Bid, String>,
    labels: HashMap<String, PieceId>,
    credentials: HashMap<String, Vec<CredentialId>>,
    revoked: Vec<CredentialId>,
    steps: Vec<StepReport>,
    appended: u64,
    replayed: u64,
    prefix: String,
    last_date: Option<BizDate>,
}

impl<'s> Runner<'s> {
    fn new(scenario: &'s Scenario, journal: Arc<dyn Journal>) -> Result<Runner<'s>, ScenarioError> {
        let mut keys = HashMap::new();
        let mut names = HashMap::new();
        for party in std::iter::once(&scenario.operator).chain(&scenario.parties) {
            let key = key_of(party)?;
            if names.insert(key.bid().clone(), party.id.clone()).is_some() {
                return malformed(format!(
                    "party {} shares its key with another party",
                    party.id
                ));
            }
            if keys.insert(party.id.as_str(), key).is_some() {
                return malformed(format!("party id {} is used twice", party.id));
            }
        }

        let operator = bid_of(&keys, &scenario.operator.id)?;
        let calendar =
            HolidayCalendar::china().map_err(|error| malformed_error(error.to_string()))?;
        let config = PlatformConfig {
            operator,
            rules: rules_of(&scenario.rules),
            calendar,
        };
        let platform = Platform::open(config, Box::new(StarfireVerifier), journal)?;
        Ok(Runner {
            scenario,
            platform,
            keys,
            names,
            labels: HashMap::new(),
            credentials: HashMap::new(),
            revoked: Vec::new(),
            steps: Vec::new(),
            appended: 0,
            replayed: 0,
            prefix: request_prefix(&scenario.name),
            last_date: None,
        })
    }

    /// The operator issues each party one credential per role, valid for three years from
    /// the first step, and each party presents its credentials to be admitted.
    fn register_parties(&mut self) -> Result<(), ScenarioError> {
        let Some(first) = self.scenario.steps.first() else {
            return malformed("a scenario needs at least one step".to_owned());
        };
        let (issued_on, operator) = (first.date, self.scenario.operator.id.as_str());
        let expires_on = issued_on
            .add_months(36)
            .map_err(|error| malformed_error(error.to_string()))?;
        for party in &self.scenario.parties {
            let credentials = super::admission::credentials_for(
                self.key(operator).map_err(Refusal::into_error)?,
                party,
                &self.prefix,
                bid_of(&self.keys, &party.id)?,
                (issued_on, expires_on),
            )?;
            for (n, credential) in credentials.into_iter().enumerate() {
                self.credentials
                    .entry(party.id.clone())
                    .or_default()
                    .push(credential.claims().id.clone());
                let request = format!("{}-admit-{}-{n}", self.prefix, party.id);
                self.submit(
                    &party.id,
                    &request,
                    Command::AdmitParty(credential),
                    issued_on,
                )
                .map_err(|refusal| {
                    malformed_error(format!("admitting {}: {}", party.id, refusal.message()))
                })?;
            }
        }
        Ok(())
    }

    fn run_step(&mut self, number: usize, step: &Step) -> Result<(), ScenarioError> {
        if self.last_date.is_some_and(|last| step.date < last) {
            return malformed(format!(
                "step {number} is dated before the step preceding it"
            ));
        }
        self.last_date = Some(step.date);

        let summary = describe(&step.action);
        if step.expect_error.is_some() && self.replayed > 0 && self.appended == 0 {
            // Everything so far was answered from the journal: this step was refused as
            // expected when the scenario first ran, and refusals leave nothing to replay.
            self.steps.push(StepReport {
                number,
                date: step.date,
                actor: step.actor.clone(),
                summary,
                refused: Some("refused as expected when first run; not tried again".to_owned()),
                note: step.note.clone(),
            });
            return Ok(());
        }
        let outcome = self.perform(number, step);
        let refused = match (outcome, &step.expect_error) {
            (Ok(()), None) => None,
            (Err(Refusal::Platform(reason)), Some(expected)) if reason.contains(expected) => {
                Some(reason)
            }
            (Err(Refusal::Platform(reason)), None) => {
                return Err(ScenarioError::UnexpectedRefusal {
                    step: number,
                    action: summary,
                    date: step.date.to_string(),
                    actor: step.actor.clone(),
                    reason,
                });
            }
            (Err(Refusal::Scenario(error)), _) => return Err(error),
            (outcome, Some(expected)) => {
                return Err(ScenarioError::ExpectationNotMet {
                    step: number,
                    action: summary,
                    expected: expected.clone(),
                    outcome: match outcome {
                        Ok(()) => "it succeeded".to_owned(),
                        Err(refusal) => format!("it failed with: {}", refusal.message()),
                    },
                });
            }
        };
        self.steps.push(StepReport {
            number,
            date: step.date,
            actor: step.actor.clone(),
            summary,
            refused,
            note: step.note.clone(),
        });
        Ok(())
    }

    fn perform(&mut self, number: usize, step: &Step) -> Result<(), Refusal> {
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
                let command = VoucherCommand::Split {
                    piece: parent,
                    parts: split_parts,
                };
                let receipt = self.submit(actor, &request, Command::Voucher(command), date)?;
                let mut labels = parts
                    .iter()
                    .map(|part| part.label.clone())
                    .collect::<Vec<_>>();
                labels.extend(remainder.iter().cloned());
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
                let ids = self.credentials.get(party).cloned().unwrap_or_default();
                self.revoked.extend(ids);
                let list =
                    RevocationList::sign(self.key(actor)?, date, self.revoked.iter().cloned())
                        .map_err(|error| Refusal::Platform(error.to_string()))?;
                self.submit(actor, &request, Command::RevokeCredentials(list), date)
                    .map(drop)
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
        let issuer = self.key(actor)?;
        let commitment =
            super::commitment::sign_commitment(issuer, &voucher, *amount, *committed_date, &payee)
                .map_err(|error| Refusal::Platform(error.to_string()))?;
        let commitment_id = commitment.id();

        let submitted = Command::SubmitCommitment(commitment.to_record());
        self.submit(
            actor,
            &format!("{request}-commitment"),
            submitted,
            step.date,
        )?;

        let command = VoucherCommand::Issue(isf_finance::voucher::IssueVoucher {
            voucher,
            payee,
            face: *amount,
            committed_date: *committed_date,
            convention: *convention,
            commitment: commitment_id,
            contracts: contracts.clone(),
            invoices: invoices.clone(),
        });
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
        for &seq in fail.iter().filter(|&&seq| seq >= 1 && seq <= legs) {
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

    fn submit(
        &mut self,
        actor: &str,
        request: &str,
        command: Command,
        date: BizDate,
    ) -> Result<Receipt, Refusal> {
        let key = self.key(actor)?;
        let request_no = RequestNo::parse(request)
            .map_err(|error| Refusal::Scenario(malformed_error(error.to_string())))?;
        let signed = SignedCommand::sign(key, request_no, command)
            .map_err(|error| Refusal::Platform(error.to_string()))?;
        let receipt = self
            .platform
            .submit(signed, date)
            .map_err(|error| Refusal::Platform(error.to_string()))?;
        if receipt.replayed {
            self.replayed += 1;
        } else {
            self.appended += 1;
        }
        Ok(receipt)
    }

    fn learn_split_labels(&mut self, receipt: &Receipt, labels: &[String]) -> Result<(), Refusal> {
        for event in &receipt.events {
            if let PlatformEvent::Voucher(VoucherEvent::Split { children, .. }) = event {
                if children.len() != labels.len() {
                    return Err(Refusal::Scenario(malformed_error(format!(
                        "split created {} pieces but {} labels were given \
                         (name the remainder with \"remainder\")",
                        children.len(),
                        labels.len()
                    ))));
                }
                for (child, label) in children.iter().zip(labels) {
                    self.labels.insert(label.clone(), child.id);
                }
            }
        }
        Ok(())
    }

    fn key(&self, id: &str) -> Result<&KeyPair, Refusal> {
        self.keys
            .get(id)
            .ok_or_else(|| Refusal::Scenario(malformed_error(format!("unknown party id {id}"))))
    }

    fn label(&self, label: &str) -> Result<PieceId, Refusal> {
        self.labels.get(label).copied().ok_or_else(|| {
            Refusal::Scenario(malformed_error(format!("unknown piece label {label}")))
        })
    }
}

/// Why a step did not go through: the platform refused it, or the scenario itself is wrong.
enum Refusal {
    Platform(String),
    Scenario(ScenarioError),
}

impl Refusal {
    fn into_error(self) -> ScenarioError {
        match self {
            Refusal::Platform(reason) => ScenarioError::Malformed(reason),
            Refusal::Scenario(error) => error,
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Platform(reason) => reason.clone(),
            Refusal::Scenario(error) => error.to_string(),
        }
    }
}

fn describe(action: &Action) -> String {
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
        Action::Split { piece, parts, .. } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| format!("{} to {} as {}", part.amount, part.to, part.label))
                .collect();
            format!("split {piece}: {}", parts.join(", "))
        }
        Action::Expire { piece } => format!("expire the offer of {piece}"),
        Action::Void { voucher } => format!("void voucher {voucher}"),
        Action::ApplyFinancing {
            piece,
            application,
            funder,
            rate,
            ..
        } => format!("apply to {funder} for discount financing {application} of {piece} at {rate}"),
        Action::Fund { application, mode } => format!("fund {application} by {mode:?}"),
        Action::WithdrawFinancing { application } => format!("withdraw {application}"),
        Action::ReleasePledge { piece } => format!("release the pledge of {piece}"),
        Action::RevokeCredentials { party } => format!("revoke the credentials of {party}"),
        Action::Mature { voucher } => format!("mature voucher {voucher}"),
        Action::Clear {
            voucher, routing, ..
        } => format!("clear voucher {voucher} ({})", routing.isf_code()),
    }
}

fn key_of(party: &PartySpec) -> Result<KeyPair, ScenarioError> {
    KeyPair::from_private_str(&party.private_key, None)
        .map_err(|error| malformed_error(format!("private key of {}: {error}", party.id)))
}

fn bid_of(keys: &HashMap<&str, KeyPair>, id: &str) -> Result<Bid, ScenarioError> {
    keys.get(id)
        .map(|key| key.bid().clone())
        .ok_or_else(|| malformed_error(format!("unknown party id {id}")))
}

fn voucher_id(text: &str) -> Result<VoucherId, Refusal> {
    VoucherId::parse(text).map_err(|error| Refusal::Scenario(malformed_error(error.to_string())))
}

pub(super) fn rules_of(spec: &RulesSpec) -> ProductRules {
    let defaults = ProductRules::default();
    ProductRules {
        min_split: spec.min_split.unwrap_or(defaults.min_split),
        min_share_ppm: spec.min_share_ppm.unwrap_or(defaults.min_share_ppm),
        max_depth: spec.max_depth.unwrap_or(defaults.max_depth),
        max_children: spec.max_children.unwrap_or(defaults.max_children),
        max_term_days: spec.max_term_days.unwrap_or(defaults.max_term_days),
        sign_window_days: spec.sign_window_days.unwrap_or(defaults.sign_window_days),
    }
}

/// Request numbers start with the scenario name reduced to the characters they allow.
fn request_prefix(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(32)
        .collect();
    if cleaned.is_empty() {
        "scenario".to_owned()
    } else {
        cleaned
    }
}

fn malformed_error(reason: String) -> ScenarioError {
    ScenarioError::Malformed(reason)
}

fn malformed<T>(reason: String) -> Result<T, ScenarioError> {
    Err(ScenarioError::Malformed(reason))
}
