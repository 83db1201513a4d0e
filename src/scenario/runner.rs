//! Running a scenario: keys, party registration, then every step as signed commands.

use std::collections::HashMap;

use isf_bid::credential::CredentialId;
use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::{Bid, BizDate, HolidayCalendar, PieceId, RequestNo, SignedCommand, VoucherId};
use isf_finance::voucher::ProductRules;

use super::error::ScenarioError;
use super::format::{PartySpec, RulesSpec, Scenario, Step};
use super::report::Activity;
use super::report::{ScenarioReport, StepReport};
use crate::platform::{Command, Platform, PlatformConfig, Receipt};
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
    pub(super) platform: Platform,
    pub(super) keys: HashMap<&'s str, KeyPair>,
    names: HashMap<Bid, String>,
    pub(super) labels: HashMap<String, PieceId>,
    pub(super) credentials: HashMap<String, Vec<CredentialId>>,
    pub(super) revoked: Vec<CredentialId>,
    steps: Vec<StepReport>,
    appended: u64,
    replayed: u64,
    pub(super) prefix: String,
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
            prefix: scenario.slug(),
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

        let summary = super::steps::describe(&step.action);
        if step.expect_error.is_some() && self.replayed > 0 && self.appended == 0 {
            // Everything so far was answered from the journal: this step was refused as
            // expected when the scenario first ran, and refusals leave nothing to replay.
            self.steps.push(StepReport {
                number,
                date: step.date,
                actor: step.actor.clone(),
                summary,
                refused: Some(
                    "on the first run; a refusal leaves nothing in the journal to answer again"
                        .to_owned(),
                ),
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

    pub(super) fn submit(
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

    pub(super) fn key(&self, id: &str) -> Result<&KeyPair, Refusal> {
        self.keys
            .get(id)
            .ok_or_else(|| Refusal::Scenario(malformed_error(format!("unknown party id {id}"))))
    }

    pub(super) fn label(&self, label: &str) -> Result<PieceId, Refusal> {
        self.labels.get(label).copied().ok_or_else(|| {
            Refusal::Scenario(malformed_error(format!("unknown piece label {label}")))
        })
    }
}

/// Why a step did not go through: the platform refused it, or the scenario itself is wrong.
pub(super) enum Refusal {
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

fn key_of(party: &PartySpec) -> Result<KeyPair, ScenarioError> {
    KeyPair::from_private_str(&party.private_key, None)
        .map_err(|error| malformed_error(format!("private key of {}: {error}", party.id)))
}

pub(super) fn bid_of(keys: &HashMap<&str, KeyPair>, id: &str) -> Result<Bid, ScenarioError> {
    keys.get(id)
        .map(|key| key.bid().clone())
        .ok_or_else(|| malformed_error(format!("unknown party id {id}")))
}

pub(super) fn voucher_id(text: &str) -> Result<VoucherId, Refusal> {
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

pub(super) fn malformed_error(reason: String) -> ScenarioError {
    ScenarioError::Malformed(reason)
}

fn malformed<T>(reason: String) -> Result<T, ScenarioError> {
    Err(ScenarioError::Malformed(reason))
}
