#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! `isf bid new` and `isf bid inspect`: fresh keys round-trip, the StarFire vectors give their
//! BIDs, private keys stay hidden unless asked for, and bad input is refused with a reason.

mod common;

use common::{CORE, CORE_BID, CORE_PUBLIC, TIER3, TIER3_BID, TIER3_PUBLIC, isf, isf_with_stdin};

#[test]
fn new_prints_no_private_key_by_default() {
    let run = isf(&["bid", "new"]).ok();
    let key = run.json();

    assert_eq!(key["key_type"], "ed25519");
    assert!(key["bid"].as_str().unwrap().starts_with("did:bid:ef"));
    assert!(key["public_key"].as_str().unwrap().starts_with("b06566"));
    assert!(key.get("private_key").is_none());
    assert!(key.get("ac").is_none());
    assert!(!run.stdout.contains("priS"), "{}", run.stdout);
}

#[test]
fn a_new_key_round_trips_through_inspect() {
    let key = isf(&["bid", "new", "--show-private"]).ok().json();
    let private = key["private_key"].as_str().unwrap();
    assert!(private.starts_with("priSPK"));

    let from_private = isf(&["bid", "inspect", private]).ok().json();
    assert_eq!(from_private["kind"], "private_key");
    assert_eq!(from_private["bid"], key["bid"]);
    assert_eq!(from_private["public_key"], key["public_key"]);
    assert!(from_private.get("private_key").is_none());

    let public = key["public_key"].as_str().unwrap();
    let from_public = isf(&["bid", "inspect", public]).ok().json();
    assert_eq!(from_public["kind"], "public_key");
    assert_eq!(from_public["bid"], key["bid"]);

    let bid = key["bid"].as_str().unwrap();
    let from_bid = isf(&["bid", "inspect", bid]).ok().json();
    assert_eq!(from_bid["kind"], "address");
    assert_eq!(from_bid["key_type"], "ed25519");
    assert_eq!(from_bid["key_hash"].as_str().unwrap().len(), 44);
}

#[test]
fn new_on_a_sub_chain() {
    let key = isf(&["bid", "new", "--ac", "aa1c"]).ok().json();

    assert_eq!(key["ac"], "aa1c");
    assert!(key["bid"].as_str().unwrap().starts_with("did:bid:aa1c:ef"));
}

#[test]
fn new_refuses_a_bad_ac_code() {
    isf(&["bid", "new", "--ac", "AA1C"]).fails_with("invalid ac code \"AA1C\"");
}

#[cfg(not(feature = "sm2"))]
#[test]
fn sm2_needs_the_feature() {
    let run = isf(&["bid", "new", "--sm2"]).fails_with("`sm2` feature");
    assert!(run.stdout.is_empty());
}

#[cfg(feature = "sm2")]
#[test]
fn sm2_keys_round_trip() {
    let key = isf(&["bid", "new", "--sm2", "--show-private"]).ok().json();
    assert_eq!(key["key_type"], "sm2");
    assert!(key["bid"].as_str().unwrap().starts_with("did:bid:zf"));

    let again = isf(&["bid", "inspect", key["private_key"].as_str().unwrap()])
        .ok()
        .json();
    assert_eq!(again["bid"], key["bid"]);

    let vector = isf(&[
        "bid",
        "inspect",
        "priSrrfxxMAvnify3iRtTEW2zy87qo4N4B2gwhXSN4WFbXFJUs",
    ])
    .ok()
    .json();
    assert_eq!(vector["bid"], "did:bid:zf2bbxDwdzm4g4fJNTH2ah6gbHu6PdAX2");
}

#[test]
fn vector_private_keys_give_their_bids() {
    for (private, public, bid) in [
        (TIER3, TIER3_PUBLIC, TIER3_BID),
        (CORE, CORE_PUBLIC, CORE_BID),
    ] {
        let key = isf(&["bid", "inspect", private]).ok().json();
        assert_eq!(key["bid"], bid);
        assert_eq!(key["public_key"], public);
        assert_eq!(key["key_type"], "ed25519");
    }
}

#[test]
fn vector_public_keys_and_bids_agree() {
    let key = isf(&["bid", "inspect", TIER3_PUBLIC]).ok().json();
    assert_eq!(key["bid"], TIER3_BID);

    let on_sub_chain = isf(&["bid", "inspect", CORE_PUBLIC, "--ac", "aa1c"])
        .ok()
        .json();
    assert_eq!(
        on_sub_chain["bid"],
        "did:bid:aa1c:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe"
    );

    let address = isf(&[
        "bid",
        "inspect",
        "did:bid:aa1c:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe",
    ])
    .ok()
    .json();
    assert_eq!(address["ac"], "aa1c");
    assert_eq!(address["key_type"], "ed25519");
}

#[test]
fn the_private_key_is_shown_only_when_asked() {
    let hidden = isf(&["bid", "inspect", TIER3]).ok();
    assert!(!hidden.stdout.contains(TIER3));

    let shown = isf(&["bid", "inspect", TIER3, "--show-private"])
        .ok()
        .json();
    assert_eq!(shown["private_key"], TIER3);
}

#[test]
fn inspect_reads_standard_input() {
    let key = isf_with_stdin(&["bid", "inspect", "-"], &format!("{TIER3}\n"))
        .ok()
        .json();
    assert_eq!(key["bid"], TIER3_BID);
}

#[test]
fn a_legacy_private_key_is_refused_without_repeating_it() {
    let legacy = "privbsDGan4sA9ZYpEERhMe25k4K5tnJu1fNqfEHbyKfaV9XSYq7uMcy";

    let run = isf(&["bid", "inspect", legacy]).fails_with("expected a private key");

    assert!(run.stderr.contains("header 189e99"), "{}", run.stderr);
    assert!(!run.stderr.contains(legacy));
    assert!(!run.stderr.contains(&legacy[4..20]));
}

#[test]
fn a_mistyped_private_key_is_not_echoed() {
    let typo = TIER3.replace('q', "0");

    let run = isf(&["bid", "inspect", &typo]).fails_with("not starfire base58");

    assert!(!run.stderr.contains(&typo[3..]), "{}", run.stderr);
}

#[test]
fn bad_addresses_and_public_keys_say_why() {
    isf(&[
        "bid",
        "inspect",
        "did:bid:xx2AuAJid1dB22rk3M6vB6cUc1ENnpfEe",
    ])
    .fails_with("expected a bid");
    isf(&["bid", "inspect", "did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpf"]).fails_with("expected 22");
    isf(&["bid", "inspect", &TIER3_PUBLIC[..40]]).fails_with("expected a public key");
    isf(&["bid", "inspect", CORE_BID, "--ac", "aa1c"]).fails_with("--ac applies to keys only");
}

#[test]
fn unrecognised_input_names_the_expected_forms() {
    let run = isf(&["bid", "inspect", "hello-world"]).fails_with("expected a starfire private key");
    assert!(!run.stderr.contains("hello-world"));
    assert_eq!(run.code, Some(2));
}
