//! The two choices a caller makes about the calendar: how a date that is not a business day
//! rolls, and what to do for a year whose holiday notice is not known.

use serde::{Deserialize, Serialize};

/// How [`HolidayCalendar::adjust`](super::HolidayCalendar::adjust) moves a date that is not a
/// business day. Serialised in snake_case: `"unadjusted"`, `"following"`,
/// `"modified_following"`, `"preceding"`.
///
/// The default is [`Following`](BusinessDayConvention::Following): a payment due on a day off
/// is made on the next business day (顺延), the usual rule for vouchers and loans in China.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessDayConvention {
    /// Keep the date as it is, business day or not.
    Unadjusted,
    /// The first business day on or after the date.
    #[default]
    Following,
    /// The first business day on or after the date, unless that lies in a later month; then
    /// the last business day on or before the date.
    ModifiedFollowing,
    /// The last business day on or before the date.
    Preceding,
}

/// What the calendar answers for a date in a year it has no holiday notice for.
///
/// Serialised in snake_case: `"refuse"`, `"weekends_only"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownYearPolicy {
    /// Fail with [`CoreError::YearNotCovered`](crate::CoreError::YearNotCovered): guessing
    /// would silently move payment dates once the notice appears.
    #[default]
    Refuse,
    /// Treat Monday to Friday as business days, provisionally, until the notice is loaded.
    WeekendsOnly,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        assert_eq!(
            BusinessDayConvention::default(),
            BusinessDayConvention::Following
        );
        assert_eq!(UnknownYearPolicy::default(), UnknownYearPolicy::Refuse);
    }

    #[test]
    fn serde_names() {
        let json = serde_json::to_string(&BusinessDayConvention::ModifiedFollowing).unwrap();
        assert_eq!(json, r#""modified_following""#);
        let json = serde_json::to_string(&UnknownYearPolicy::WeekendsOnly).unwrap();
        assert_eq!(json, r#""weekends_only""#);
        let back: BusinessDayConvention = serde_json::from_str(r#""preceding""#).unwrap();
        assert_eq!(back, BusinessDayConvention::Preceding);
    }
}
