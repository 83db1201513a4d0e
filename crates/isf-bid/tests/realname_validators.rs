#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Unified social credit codes (GB 32100) and resident ID numbers (GB 11643): valid examples,
//! exact errors, masking, and properties over arbitrary input.

use isf_bid::realname::{IdentityError, ResidentId, Uscc, mask_middle};
use isf_core::BizDate;
use proptest::prelude::*;

const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 32100 check character, computed independently of the library.
fn uscc_check(body: &str) -> char {
    let sum: usize = body
        .chars()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| USCC_ALPHABET.find(c).unwrap() * w)
        .sum();
    USCC_ALPHABET.as_bytes()[(31 - sum % 31) % 31] as char
}

/// The GB 11643 check character, computed independently of the library.
fn id_check(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] as char
}

// --- USCC -------------------------------------------------------------------------------

#[test]
fn public_uscc_example_is_valid() {
    let code = Uscc::parse("91350100M000100Y43").unwrap();
    assert_eq!(code.as_str(), "91350100M000100Y43");
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.entity_type(), '1');
    assert_eq!(code.division_code(), "350100");
    assert_eq!(code.organisation_code(), "M000100Y4");
    assert_eq!(code.masked(), "9135************43");
    assert_eq!(format!("{code:?}"), "Uscc(9135************43)");
}

#[test]
fn computed_uscc_examples_are_valid() {
    for body in [
        "91310000MA1FL4B24",
        "12100000400000624",
        "Y1110108MC0000000",
    ] {
        let code = format!("{body}{}", uscc_check(body));
        assert!(Uscc::parse(&code).is_ok(), "{code}");
    }
}

#[test]
fn uscc_wrong_check_character() {
    let error = Uscc::parse("91350100M000100Y44").unwrap_err();
    assert_eq!(
        error,
        IdentityError::CheckCharacter {
            kind: "unified social credit code",
            masked: "9135************44".to_owned(),
            found: '4',
            expected: '3',
        }
    );
    assert_eq!(
        error.to_string(),
        "unified social credit code 9135************44: check character at position 18 is \
         '4', expected '3'"
    );
}

#[test]
fn uscc_lower_case_is_refused_with_the_upper_case_form() {
    let error = Uscc::parse("91350100m000100Y43").unwrap_err();
    assert_eq!(
        error,
        IdentityError::LowerCase {
            kind: "unified social credit code",
            masked: "9135************43".to_owned(),
            position: 9,
            character: 'm',
            upper: 'M',
        }
    );
    assert!(error.to_string().contains("use upper case 'M'"), "{error}");
}

#[test]
fn uscc_letters_outside_the_alphabet() {
    for (letter, position) in [('I', 9), ('O', 10), ('Z', 1), ('S', 2), ('V', 17), ('i', 9)] {
        let mut chars: Vec<char> = "91350100M000100Y43".chars().collect();
        chars[position - 1] = letter;
        let code: String = chars.into_iter().collect();
        match Uscc::parse(&code).unwrap_err() {
            IdentityError::IllegalCharacter {
                position: found_position,
                character,
                ..
            } => {
                assert_eq!((found_position, character), (position, letter), "{code}");
            }
            other => panic!("{code}: {other:?}"),
        }
    }
}

#[test]
fn uscc_division_code_must_be_digits() {
    let error = Uscc::parse("9135A100M000100Y43").unwrap_err();
    assert_eq!(
        error,
        IdentityError::IllegalCharacter {
            kind: "unified social credit code",
            masked: "9135************43".to_owned(),
            position: 5,
            character: 'A',
            expected: "a digit of the administrative division code, positions 3-8",
        }
    );
}

#[test]
fn uscc_wrong_lengths() {
    for (input, len) in [
        ("", 0),
        ("91350100M000100Y4", 17),
        ("91350100M000100Y433", 19),
    ] {
        match Uscc::parse(input).unwrap_err() {
            IdentityError::Length { len: found, .. } => assert_eq!(found, len, "{input:?}"),
            other => panic!("{input:?}: {other:?}"),
        }
    }
    let error = Uscc::parse("91350").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unified social credit code ***** has 5 characters, expected 18"
    );
}

#[test]
fn uscc_non_ascii_is_an_illegal_character_not_a_panic() {
    let error = Uscc::parse("9135010０M000100Y43").unwrap_err();
    assert!(
        matches!(
            error,
            IdentityError::IllegalCharacter {
                position: 8,
                character: '０',
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn uscc_serde_round_trip_and_refusal() {
    let code: Uscc = serde_json::from_str("\"91350100M000100Y43\"").unwrap();
    assert_eq!(
        serde_json::to_string(&code).unwrap(),
        "\"91350100M000100Y43\""
    );
    let error = serde_json::from_str::<Uscc>("\"91350100M000100Y44\"").unwrap_err();
    assert!(error.to_string().contains("expected '3'"), "{error}");
}

// --- Resident ID --------------------------------------------------------------------------

#[test]
fn standard_resident_id_example_is_valid() {
    let id = ResidentId::parse("11010519491231002X").unwrap();
    assert_eq!(id.area_code(), "110105");
    assert_eq!(id.birth_date(), BizDate::new(1949, 12, 31).unwrap());
    assert_eq!(id.sequence(), "002");
    assert_eq!(id.masked(), "1101**********002X");
    assert_eq!(format!("{id:?}"), "ResidentId(1101**********002X)");
}

#[test]
fn computed_resident_ids_are_valid() {
    for body in [
        "11010119000101001",
        "44030620000229123",
        "65010219991231999",
    ] {
        let id = format!("{body}{}", id_check(body));
        assert!(ResidentId::parse(&id).is_ok(), "{id}");
    }
}

#[test]
fn resident_id_lower_case_x_is_refused() {
    let error = ResidentId::parse("11010519491231002x").unwrap_err();
    assert_eq!(
        error,
        IdentityError::LowerCase {
            kind: "resident id",
            masked: "1101**********002x".to_owned(),
            position: 18,
            character: 'x',
            upper: 'X',
        }
    );
    assert_eq!(
        error.to_string(),
        "resident id 1101**********002x: character 'x' at position 18 is lower case; use upper \
         case 'X'"
    );
}

#[test]
fn resident_id_wrong_check_character() {
    let error = ResidentId::parse("110105194912310021").unwrap_err();
    assert_eq!(
        error,
        IdentityError::CheckCharacter {
            kind: "resident id",
            masked: "1101**********0021".to_owned(),
            found: '1',
            expected: 'X',
        }
    );
}

#[test]
fn resident_id_impossible_birth_dates() {
    for (date, reason) in [
        ("19990230", "is not a calendar date"),
        ("19991301", "is not a calendar date"),
        ("19990000", "is not a calendar date"),
        ("19000229", "is not a calendar date"),
        ("18991231", "is before 1900-01-01"),
    ] {
        let body = format!("110105{date}123");
        let id = format!("{body}{}", id_check(&body));
        let error = ResidentId::parse(&id).unwrap_err();
        assert_eq!(
            error,
            IdentityError::BirthDate {
                masked: mask_middle(&id, 4, 4),
                date: date.to_owned(),
                reason,
            },
            "{id}"
        );
    }
    let leap = format!("11010520000229123{}", id_check("11010520000229123"));
    assert!(ResidentId::parse(&leap).is_ok());
}

#[test]
fn resident_id_illegal_characters_and_lengths() {
    let error = ResidentId::parse("1101051949123100AX").unwrap_err();
    assert_eq!(
        error,
        IdentityError::IllegalCharacter {
            kind: "resident id",
            masked: "1101**********00AX".to_owned(),
            position: 17,
            character: 'A',
            expected: "a digit",
        }
    );
    let error = ResidentId::parse("11010519491231002Y").unwrap_err();
    assert!(
        matches!(
            error,
            IdentityError::IllegalCharacter {
                position: 18,
                character: 'Y',
                ..
            }
        ),
        "{error:?}"
    );
    for input in [
        "",
        "11010519491231002",
        "11010519491231002XX",
        "110105194912310",
    ] {
        assert!(
            matches!(ResidentId::parse(input), Err(IdentityError::Length { .. })),
            "{input:?}"
        );
    }
}

// --- Properties ---------------------------------------------------------------------------

fn uscc_body() -> impl Strategy<Value = String> {
    let letter = proptest::sample::select(USCC_ALPHABET.chars().collect::<Vec<_>>());
    let digit = proptest::sample::select(('0'..='9').collect::<Vec<_>>());
    (
        proptest::collection::vec(letter.clone(), 2),
        proptest::collection::vec(digit, 6),
        proptest::collection::vec(letter, 9),
    )
        .prop_map(|(head, division, organisation)| {
            head.into_iter()
                .chain(division)
                .chain(organisation)
                .collect()
        })
}

fn resident_body() -> impl Strategy<Value = String> {
    (100_000u32..=999_999, 0i64..(200 * 365), 0u32..=999).prop_map(|(area, days, sequence)| {
        let birth = BizDate::new(1900, 1, 1).unwrap().add_days(days).unwrap();
        let date = birth.to_string().replace('-', "");
        format!("{area}{date}{sequence:03}")
    })
}

proptest! {
    #[test]
    fn validators_never_panic(input in "\\PC{0,24}") {
        let _ = Uscc::parse(&input);
        let _ = ResidentId::parse(&input);
    }

    #[test]
    fn validators_never_panic_on_near_valid_shapes(input in "[0-9A-Zxa-z]{18}") {
        let _ = Uscc::parse(&input);
        let _ = ResidentId::parse(&input);
    }

    #[test]
    fn generated_uscc_round_trips(body in uscc_body()) {
        let text = format!("{body}{}", uscc_check(&body));
        let code = Uscc::parse(&text).unwrap();
        prop_assert_eq!(code.as_str(), text.as_str());
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(serde_json::from_str::<Uscc>(&json).unwrap(), code);
    }

    #[test]
    fn any_single_uscc_change_is_detected(
        body in uscc_body(),
        position in 0usize..18,
        replacement in proptest::sample::select(
            "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ".chars().collect::<Vec<_>>()
        ),
    ) {
        let text = format!("{body}{}", uscc_check(&body));
        let mut chars: Vec<char> = text.chars().collect();
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        prop_assert!(Uscc::parse(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn generated_resident_id_round_trips(body in resident_body()) {
        let text = format!("{body}{}", id_check(&body));
        let id = ResidentId::parse(&text).unwrap();
        prop_assert_eq!(id.as_str(), text.as_str());
        let json = serde_json::to_string(&id).unwrap();
        prop_assert_eq!(serde_json::from_str::<ResidentId>(&json).unwrap(), id);
    }

    #[test]
    fn any_single_resident_id_change_is_detected(
        body in resident_body(),
        position in 0usize..18,
        replacement in proptest::sample::select("0123456789X".chars().collect::<Vec<_>>()),
    ) {
        let text = format!("{body}{}", id_check(&body));
        let mut chars: Vec<char> = text.chars().collect();
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        prop_assert!(ResidentId::parse(&changed).is_err(), "{} accepted", changed);
    }
}
