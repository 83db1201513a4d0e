#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The identity-check port's in-memory implementation and the application state machine.

use isf_bid::realname::{
    ApplicationError, ApplicationStatus, IdNumberKind, IdentityApplication, IdentityCheckError,
    IdentityError, IdentityMatch, IdentityVerifier, LegalIdentity, MemoryIdentityVerifier,
    ResidentId, Uscc, names_match,
};
use isf_core::{Bid, BizDate};

fn enterprise(name: &str) -> LegalIdentity {
    LegalIdentity::enterprise(name, Uscc::parse("91350100M000100Y43").unwrap()).unwrap()
}

fn person(name: &str) -> LegalIdentity {
    LegalIdentity::person(name, ResidentId::parse("11010519491231002X").unwrap()).unwrap()
}

fn applicant() -> Bid {
    Bid::parse("did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE").unwrap()
}

fn day(d: u32) -> BizDate {
    BizDate::new(2025, 3, d).unwrap()
}

#[test]
fn memory_verifier_answers_from_its_table() {
    let registry = MemoryIdentityVerifier::new()
        .with(&enterprise("福州星火供应链管理有限公司"))
        .with(&person("张三"));

    let matched = enterprise("福州星火供应链管理有限公司");
    assert_eq!(registry.check(&matched).unwrap(), IdentityMatch::Matched);
    assert_eq!(
        registry.check(&person("张三")).unwrap(),
        IdentityMatch::Matched
    );
    assert_eq!(
        registry.check(&person("李四")).unwrap(),
        IdentityMatch::NameMismatch
    );

    let other_code = Uscc::parse("91110000802100433B").unwrap();
    let unknown = LegalIdentity::enterprise("某公司", other_code).unwrap();
    assert_eq!(registry.check(&unknown).unwrap(), IdentityMatch::NotFound);
}

#[test]
fn names_compare_across_parenthesis_width_only() {
    assert!(names_match(
        "星火（福建）科技有限公司",
        " 星火(福建)科技有限公司 "
    ));
    assert!(!names_match("星火科技有限公司", "星火科技股份有限公司"));
    assert!(!names_match("星火 科技", "星火科技"));
}

#[test]
fn identity_check_error_says_whether_to_retry() {
    let busy = IdentityCheckError::Unavailable {
        reason: "rate limited".to_owned(),
        retryable: true,
    };
    assert!(busy.is_retryable());
    assert_eq!(
        busy.to_string(),
        "identity check unavailable (rate limited); retry can help: true"
    );
}

#[test]
fn legal_identity_checks_names_and_masks_numbers() {
    let error = LegalIdentity::enterprise("  ", Uscc::parse("91350100M000100Y43").unwrap());
    assert_eq!(
        error.unwrap_err(),
        IdentityError::Name {
            name: String::new(),
            reason: "is empty"
        }
    );

    let identity = person(" 张三 ");
    assert_eq!(identity.name(), "张三");
    assert_eq!(identity.kind(), IdNumberKind::ResidentId);
    assert_eq!(identity.masked_number(), "1101**********002X");
    assert!(!format!("{identity:?}").contains("11010519491231002X"));

    let json = serde_json::to_string(&identity).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"person","name":"张三","id_number":"11010519491231002X"}"#
    );
    assert_eq!(
        serde_json::from_str::<LegalIdentity>(&json).unwrap(),
        identity
    );
    let blank = r#"{"kind":"person","name":"","id_number":"11010519491231002X"}"#;
    assert!(serde_json::from_str::<LegalIdentity>(blank).is_err());
}

#[test]
fn legal_names_with_control_characters_are_refused() {
    let spoof = "Core\u{1b}[2K\rsealed by did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE";
    let names = [
        spoof,
        "某某\n有限公司",
        "某某有限公司\u{7f}",
        "Tier\u{9b}2K",
        "某某\u{202e}司公限有",
        "某某\u{2067}有限公司",
    ];
    for name in names {
        let error = LegalIdentity::enterprise(name, Uscc::parse("91350100M000100Y43").unwrap())
            .unwrap_err();
        assert!(
            matches!(&error, IdentityError::Name { reason, .. } if reason.contains("control")),
            "{name:?}: {error}"
        );
        assert!(!error.to_string().chars().any(char::is_control), "{error}");
        let person = LegalIdentity::person(name, ResidentId::parse("11010519491231002X").unwrap());
        assert!(person.is_err(), "{name:?}");
    }

    let json =
        serde_json::json!({"kind": "enterprise", "name": spoof, "uscc": "91350100M000100Y43"});
    assert!(serde_json::from_value::<LegalIdentity>(json).is_err());

    assert_eq!(enterprise("\t某某有限公司\r\n").name(), "某某有限公司");
    assert_eq!(
        enterprise("Factoring company (保理公司)").name(),
        "Factoring company (保理公司)"
    );
}

#[test]
fn application_is_approved_after_a_match() {
    let registry = MemoryIdentityVerifier::new().with(&person("张三"));
    let mut application = IdentityApplication::apply(applicant(), person("张三"), day(1));
    assert_eq!(application.status(), ApplicationStatus::Pending);
    assert!(application.approved_identity().is_none());

    let outcome = registry.check(application.identity()).unwrap();
    let status = application.review(outcome, day(2)).unwrap();

    assert_eq!(status, ApplicationStatus::Approved);
    assert_eq!(application.decided_on(), Some(day(2)));
    assert_eq!(application.approved_identity(), Some(&person("张三")));
}

#[test]
fn rejected_application_can_be_corrected_and_resubmitted() {
    let mut application = IdentityApplication::apply(applicant(), person("李四"), day(1));
    let status = application
        .review(IdentityMatch::NameMismatch, day(2))
        .unwrap();
    assert_eq!(status, ApplicationStatus::Rejected);
    assert_eq!(
        application.rejection_reason(),
        Some("the name does not match the registered name")
    );

    application.resubmit(person("张三"), day(3)).unwrap();
    assert_eq!(application.status(), ApplicationStatus::Pending);
    assert_eq!(application.rejection_reason(), None);
    application.approve(day(4)).unwrap();
    assert_eq!(application.status(), ApplicationStatus::Approved);
}

#[test]
fn illegal_transitions_are_refused_and_change_nothing() {
    let mut application = IdentityApplication::apply(applicant(), person("张三"), day(1));
    let error = application.resubmit(person("张三"), day(2)).unwrap_err();
    assert_eq!(
        error,
        ApplicationError::IllegalTransition {
            applicant: applicant(),
            from: ApplicationStatus::Pending,
            action: "resubmit",
        }
    );

    application.approve(day(2)).unwrap();
    let before = application.clone();
    for error in [
        application.approve(day(3)).unwrap_err(),
        application.reject("late", day(3)).unwrap_err(),
        application.resubmit(person("张三"), day(3)).unwrap_err(),
    ] {
        assert!(
            matches!(
                error,
                ApplicationError::IllegalTransition {
                    from: ApplicationStatus::Approved,
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert_eq!(application, before);
    assert_eq!(
        application.approve(day(3)).unwrap_err().to_string(),
        "cannot approve the identity application of did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE: \
         it is approved"
    );
}

#[test]
fn decisions_need_a_reason_and_a_date_after_submission() {
    let mut application = IdentityApplication::apply(applicant(), person("张三"), day(5));
    assert_eq!(
        application.reject("  ", day(6)).unwrap_err(),
        ApplicationError::MissingReason {
            applicant: applicant()
        }
    );
    assert_eq!(
        application.approve(day(4)).unwrap_err(),
        ApplicationError::DateBeforeSubmission {
            applicant: applicant(),
            action: "approve",
            on: day(4),
            submitted_on: day(5),
        }
    );
    assert_eq!(application.status(), ApplicationStatus::Pending);
}
