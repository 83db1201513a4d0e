#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The serde forms of money and rates as a platform uses them in its own types.

use isf_core::{Fen, Rate};
use serde::{Deserialize, Serialize};

/// A finance line as the ISF Open API carries it (fen and ppm), with a yuan copy for people.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FinanceLine {
    financing_amount: Fen,
    rate: Rate,
    #[serde(with = "isf_core::money::serde_yuan")]
    shown_amount: Fen,
}

#[test]
fn round_trips_the_open_api_units_and_the_yuan_text() {
    let line = FinanceLine {
        financing_amount: Fen::parse_yuan("1,000,000.00").unwrap(),
        rate: Rate::parse("2.62%").unwrap(),
        shown_amount: Fen::parse_yuan("1,000,000.00").unwrap(),
    };

    let json = serde_json::to_string(&line).unwrap();
    assert_eq!(
        json,
        r#"{"financingAmount":100000000,"rate":26200,"shownAmount":"1000000.00"}"#
    );
    assert_eq!(serde_json::from_str::<FinanceLine>(&json).unwrap(), line);
}

#[test]
fn refuses_amounts_and_rates_in_the_wrong_unit() {
    let refused = [
        // Yuan where fen are expected.
        r#"{"financingAmount":1000000.00,"rate":26200,"shownAmount":"1.00"}"#,
        r#"{"financingAmount":"1000000.00","rate":26200,"shownAmount":"1.00"}"#,
        // A negative amount.
        r#"{"financingAmount":-1,"rate":26200,"shownAmount":"1.00"}"#,
        // A fraction or percent text where ppm are expected.
        r#"{"financingAmount":1,"rate":0.0262,"shownAmount":"1.00"}"#,
        r#"{"financingAmount":1,"rate":"2.62%","shownAmount":"1.00"}"#,
        r#"{"financingAmount":1,"rate":-26200,"shownAmount":"1.00"}"#,
        // Fen where yuan text is expected.
        r#"{"financingAmount":1,"rate":26200,"shownAmount":100}"#,
    ];
    for json in refused {
        assert!(serde_json::from_str::<FinanceLine>(json).is_err(), "{json}");
    }
}
