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
    let runner = Runner::execute(scenario, Arc::new(MemoryJournal::new()))?;
    let activity = Activity {
        appended: runner.appended,
        replayed: 0,
    };
    runner.report(None, activity)
}

/// Runs `scenario` and records it in `journal`. The scenario first runs in full in memory, so
/// that a scenario stopped by an unexpected outcome writes nothing; then what `journal` lacks
/// of that history is appended to it. Running it again on the same journal therefore checks
/// every step afresh and changes nothing, and a journal holding anything else is refused.
pub fn run_on(
    scenario: &Scenario,
    journal: Arc<dyn Journal>,
) -> Result<ScenarioReport, ScenarioError> {
    let rehearsal = Runner::execute(scenario, Arc::new(MemoryJournal::new()))?;
    let (platform, activity) = super::resume::carry_over(&rehearsal.platform, journal)?;
    rehearsal.report(Some(&platform), activity)
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
    pub(super) prefix: String,
    last_date: Option<BizDate>,
}

impl<'s> Runner<'s> {
    /// Registers the parties and performs every step on a platform over `journal`.
    fn execute(scenario: &'s Scenario, journal: Arc<dyn Journal>) -> Result<Self, ScenarioError> {
        let mut runner = Runner::new(scenario, journal)?;
        runner.register_parties()?;
        for (index, step) in scenario.steps.iter().enumerate() {
            runner.run_step(index + 1, step)?;
        }
        Ok(runner)
    }

    /// The report of this run, read from its own platform or the one it was `carried` to.
    fn report(
        self,
        carried: Option<&Platform>,
        activity: Activity,
    ) -> Result<ScenarioReport, ScenarioError> {
        super::report::build(
            carried.unwrap_or(&self.platform),
            self.scenario,
            &self.names,
            &self.labels,
            self.steps,
            activity,
        )
    }

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
        let outcome = self.perform(number, step).map_err(|refusal| match refusal {
            Refusal::Platform(reason) => {
                let words = super::wording::in_scenario_words(&reason, &self.names, &self.labels);
                Refusal::Platform(words)
            }
            other => other,
        });
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
        if !receipt.replayed {
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
