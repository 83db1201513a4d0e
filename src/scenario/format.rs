//! The scenario file format: parties with their StarFire keys and roles, product rules, and a
//! timeline of dated steps. See `docs/scenario-format.md` for the full description.
//!
//! Amounts are written in yuan as people write them (`"1,000,000.00"`), rates as percentages
//! (`"2.62%"`), dates as `YYYY-MM-DD`. Pieces are named by labels the scenario gives them when
//! they are created, so a scenario never depends on the ids the book assigns.

use isf_core::money::serde_yuan;
use isf_core::{BizDate, BusinessDayConvention, DayCount, Fen, Rate, RoundingMode};
use isf_settlement::Routing;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, from_value};

use super::strict_json::StrictValue;
use crate::platform::{FundingMode, PartyRole};

/// A whole scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, used as the prefix of request numbers.
    pub name: String,
    /// What the scenario shows.
    #[serde(default)]
    pub description: String,
    /// The platform operator.
    pub operator: PartySpec,
    /// The other parties.
    pub parties: Vec<PartySpec>,
    /// Product rules; every field is optional.
    #[serde(default)]
    pub rules: RulesSpec,
    /// The timeline, in date order.
    pub steps: Vec<Step>,
}

impl<'de> Deserialize<'de> for Step {
    /// Reads the fields every step has, then the action from the rest, refusing any field the
    /// action does not know: a misspelt `fail` or `funds` must not silently change a clearing.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Value::Object(mut fields) = StrictValue::deserialize(deserializer)?.0 else {
            return Err(de::Error::custom("a step must be an object"));
        };
        let mut take = |key: &'static str| fields.remove(key);

        let date = take("date").ok_or_else(|| de::Error::missing_field("date"))?;
        let actor = take("actor").ok_or_else(|| de::Error::missing_field("actor"))?;
        let expect_error = take("expect_error");
        let note = take("note");
        Ok(Step {
            date: from_value(date).map_err(de::Error::custom)?,
            actor: from_value(actor).map_err(de::Error::custom)?,
            expect_error: expect_error
                .map(from_value)
                .transpose()
                .map_err(de::Error::custom)?,
            note: note
                .map(from_value)
                .transpose()
                .map_err(de::Error::custom)?,
            action: from_value(Value::Object(fields)).map_err(de::Error::custom)?,
        })
    }
}

impl Scenario {
    /// The scenario's name as request numbers and file names can carry it: the name itself
    /// when it is short and plain ASCII, else its ASCII part shortened and followed by `-` and
    /// eight hex digits of its SHA-256. A plain name that itself ends so is shortened and
    /// hashed too, so that a name used as it is never looks like another's hashed form and two
    /// different names never share request numbers.
    pub fn slug(&self) -> String {
        let plain = !self.name.is_empty()
            && self.name.len() <= 32
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !ends_like_a_hash(&self.name);
        if plain {
            return self.name.clone();
        }
        let ascii: String = self
            .name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(20)
            .collect();
        let digest = isf_core::Hash32::of(self.name.as_bytes()).to_string();
        let short = digest.get(..8).unwrap_or("00000000");
        if ascii.is_empty() {
            format!("scenario-{short}")
        } else {
            format!("{ascii}-{short}")
        }
    }
}

/// True when `name` ends with `-` and eight lowercase hex digits, as a hashed slug does.
fn ends_like_a_hash(name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(split) = bytes.len().checked_sub(9) else {
        return false;
    };
    let (head, tail) = bytes.split_at(split);
    let hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    !head.is_empty() && tail.first() == Some(&b'-') && tail.iter().skip(1).all(hex)
}

/// A party and its key.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartySpec {
    /// Short id used by the steps, such as `tier1`.
    pub id: String,
    /// Legal or display name.
    pub name: String,
    /// StarFire private key string (`priSPK…`).
    pub private_key: String,
    /// Roles on the platform; the operator issues one credential per role (ignored for the
    /// operator itself).
    #[serde(default)]
    pub roles: Vec<PartyRole>,
    /// Unified social credit code of the enterprise, checked before its credentials are
    /// issued (required for every party but the operator).
    #[serde(default)]
    pub uscc: Option<String>,
}

/// Product rules with amounts in yuan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    /// Smallest piece a split may create.
    #[serde(default, with = "yuan_option")]
    pub min_split: Option<Fen>,
    /// Smallest piece as a share of the issued face, in parts per million.
    pub min_share_ppm: Option<u32>,
    /// Deepest tier below the tier-1 payee.
    pub max_depth: Option<u32>,
    /// Most pieces per split.
    pub max_children: Option<u32>,
    /// Longest term in days.
    pub max_term_days: Option<i64>,
    /// Days to sign for a piece.
    pub sign_window_days: Option<i64>,
}

/// One dated step of the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Business date of the step.
    pub date: BizDate,
    /// Id of the acting party (`operator` for the operator).
    pub actor: String,
    /// What happens.
    #[serde(flatten)]
    pub action: Action,
    /// When set, the step must be refused with an error whose message contains this text.
    #[serde(default)]
    pub expect_error: Option<String>,
    /// A note printed in the report.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a step does.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// The actor (a core enterprise) signs a payment commitment and issues a voucher.
    Issue {
        /// Voucher number.
        voucher: String,
        /// Label of the root piece.
        label: String,
        /// Party id of the tier-1 supplier.
        payee: String,
        /// Face amount in yuan.
        #[serde(with = "serde_yuan")]
        amount: Fen,
        /// Committed payment date.
        committed_date: BizDate,
        /// Business-day convention of the committed date.
        #[serde(default)]
        convention: BusinessDayConvention,
        /// Underlying contracts.
        #[serde(default)]
        contracts: Vec<String>,
        /// Underlying invoices.
        #[serde(default)]
        invoices: Vec<String>,
    },
    /// The recipient signs for a piece.
    Sign {
        /// Piece label.
        piece: String,
    },
    /// The recipient rejects a piece.
    Reject {
        /// Piece label.
        piece: String,
    },
    /// The holder splits a piece.
    Split {
        /// Piece label.
        piece: String,
        /// Parts for recipients.
        parts: Vec<PartSpec>,
        /// Label for the remainder the holder keeps, if any.
        #[serde(default)]
        remainder: Option<String>,
    },
    /// An unsigned piece past its sign window returns to its sender.
    Expire {
        /// Piece label.
        piece: String,
    },
    /// The issuer voids a voucher nobody signed for.
    Void {
        /// Voucher number.
        voucher: String,
    },
    /// The holder applies for discount financing.
    ApplyFinancing {
        /// Piece label.
        piece: String,
        /// Application number.
        application: String,
        /// Party id of the funder.
        funder: String,
        /// Annual discount rate, such as `"2.62%"`.
        #[serde(with = "percent")]
        rate: Rate,
        /// Day-count convention.
        day_count: DayCount,
        /// Rounding of the interest.
        #[serde(default)]
        rounding: RoundingMode,
        /// Extra days counted.
        #[serde(default)]
        extra_days: u32,
    },
    /// The funder funds an application.
    Fund {
        /// Application number.
        application: String,
        /// Assignment or pledge.
        mode: FundingMode,
    },
    /// The applicant or funder withdraws an application.
    WithdrawFinancing {
        /// Application number.
        application: String,
    },
    /// The pledgee releases a pledge.
    ReleasePledge {
        /// Piece label.
        piece: String,
    },
    /// The operator revokes every credential of a party.
    RevokeCredentials {
        /// Party id.
        party: String,
    },
    /// The voucher becomes due.
    Mature {
        /// Voucher number.
        voucher: String,
    },
    /// The operator clears a matured voucher and reports every payment leg.
    Clear {
        /// Voucher number.
        voucher: String,
        /// Routing.
        #[serde(default)]
        routing: Routing,
        /// What the issuer pays, when it defaults in part (yuan).
        #[serde(default, with = "yuan_option")]
        funds: Option<Fen>,
        /// Instruction numbers whose payment fails and is then adjusted manually.
        #[serde(default)]
        fail: Vec<u32>,
    },
}

/// One part of a split.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    /// Party id of the recipient.
    pub to: String,
    /// Amount in yuan.
    #[serde(with = "serde_yuan")]
    pub amount: Fen,
    /// Label of the new piece.
    pub label: String,
}

/// Optional yuan amounts: absent or `null` for none.
mod yuan_option {
    use isf_core::Fen;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        amount: &Option<Fen>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match amount {
            Some(fen) => serializer.collect_str(fen),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Fen>, D::Error> {
        let text: Option<String> = Option::deserialize(deserializer)?;
        text.map(|text| Fen::parse_yuan(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Rates written as percentages, such as `"2.62%"`.
mod percent {
    use isf_core::Rate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(rate: &Rate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(rate)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Rate, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug_of(name: &str) -> String {
        let json = serde_json::json!({
            "name": name,
            "operator": { "id": "operator", "name": "Operator", "private_key": "k" },
            "parties": [],
            "steps": []
        });
        serde_json::from_value::<Scenario>(json).unwrap().slug()
    }

    #[test]
    fn plain_names_are_used_as_they_are_and_others_are_hashed() {
        assert_eq!(slug_of("c1-three-tier"), "c1-three-tier");
        assert_eq!(slug_of("my trial"), "mytrial-54a0fc73");
        let unicode = slug_of("中文");
        assert!(
            unicode.starts_with("scenario-") && unicode.len() == 17,
            "{unicode}"
        );
    }

    #[test]
    fn a_plain_name_shaped_like_a_hashed_one_is_hashed_too() {
        let hashed = slug_of("my trial");
        assert_ne!(slug_of(&hashed), hashed);
        assert!(slug_of(&hashed).starts_with("mytrial-54a0fc73-"));
        assert!(slug_of("release-2025abcd").starts_with("release-2025abcd-"));
    }
}
