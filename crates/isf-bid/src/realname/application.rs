//! The identity application of a StarFire BID holder: apply, then the platform approves or
//! rejects; a rejected application may be corrected and submitted again.
//!
//! ```text
//! apply ──► Pending ──approve──► Approved
//!              │ ▲
//!         reject│ │resubmit
//!              ▼ │
//!            Rejected
//! ```
//!
//! Pure state: the review outcome and the dates come from the caller.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use isf_core::{Bid, BizDate};

use crate::realname::{IdentityMatch, LegalIdentity};

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Submitted, waiting for review.
    Pending,
    /// The identity was confirmed; final.
    Approved,
    /// The identity was not confirmed; may be corrected and resubmitted.
    Rejected,
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
        })
    }
}

/// A step that the application's state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ApplicationError {
    /// The action is not possible from the current status.
    #[error("cannot {action} the identity application of {applicant}: it is {from}")]
    IllegalTransition {
        /// Whose application.
        applicant: Bid,
        /// The status it is in.
        from: ApplicationStatus,
        /// What was attempted.
        action: &'static str,
    },
    /// A date earlier than the submission was given for a later step.
    #[error(
        "identity application of {applicant}: {action} dated {on} precedes its submission \
         on {submitted_on}"
    )]
    DateBeforeSubmission {
        /// Whose application.
        applicant: Bid,
        /// What was attempted.
        action: &'static str,
        /// The date given.
        on: BizDate,
        /// When the application was submitted.
        submitted_on: BizDate,
    },
    /// A rejection without a reason.
    #[error("rejecting the identity application of {applicant} needs a reason")]
    MissingReason {
        /// Whose application.
        applicant: Bid,
    },
}

/// One BID holder's application to have a legal identity confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityApplication {
    applicant: Bid,
    identity: LegalIdentity,
    status: ApplicationStatus,
    submitted_on: BizDate,
    decided_on: Option<BizDate>,
    rejection_reason: Option<String>,
}

impl IdentityApplication {
    /// A new application, pending review.
    pub fn apply(applicant: Bid, identity: LegalIdentity, on: BizDate) -> IdentityApplication {
        IdentityApplication {
            applicant,
            identity,
            status: ApplicationStatus::Pending,
            submitted_on: on,
            decided_on: None,
            rejection_reason: None,
        }
    }

    /// Confirms the identity.
    ///
    /// # Errors
    ///
    /// [`ApplicationError`] unless the application is pending and `on` is not before its
    /// submission.
    pub fn approve(&mut self, on: BizDate) -> Result<(), ApplicationError> {
        self.check_step("approve", ApplicationStatus::Pending, on)?;

        self.status = ApplicationStatus::Approved;
        self.decided_on = Some(on);
        Ok(())
    }

    /// Refuses the identity, saying why.
    ///
    /// # Errors
    ///
    /// [`ApplicationError`] unless the application is pending, `on` is not before its
    /// submission and `reason` is not blank.
    pub fn reject(&mut self, reason: &str, on: BizDate) -> Result<(), ApplicationError> {
        self.check_step("reject", ApplicationStatus::Pending, on)?;
        if reason.trim().is_empty() {
            return Err(ApplicationError::MissingReason {
                applicant: self.applicant.clone(),
            });
        }

        self.status = ApplicationStatus::Rejected;
        self.decided_on = Some(on);
        self.rejection_reason = Some(reason.trim().to_owned());
        Ok(())
    }

    /// Decides from an [`IdentityVerifier`](crate::realname::IdentityVerifier) answer:
    /// approved on [`IdentityMatch::Matched`], rejected otherwise.
    ///
    /// # Errors
    ///
    /// As [`IdentityApplication::approve`] and [`IdentityApplication::reject`].
    pub fn review(
        &mut self,
        outcome: IdentityMatch,
        on: BizDate,
    ) -> Result<ApplicationStatus, ApplicationError> {
        match outcome {
            IdentityMatch::Matched => self.approve(on)?,
            IdentityMatch::NameMismatch => {
                self.reject("the name does not match the registered name", on)?;
            }
            IdentityMatch::NotFound => self.reject("the number is not registered", on)?,
        }
        Ok(self.status)
    }

    /// Submits a corrected identity after a rejection; the application is pending again.
    ///
    /// # Errors
    ///
    /// [`ApplicationError`] unless the application was rejected and `on` is not before its
    /// first submission.
    pub fn resubmit(
        &mut self,
        identity: LegalIdentity,
        on: BizDate,
    ) -> Result<(), ApplicationError> {
        self.check_step("resubmit", ApplicationStatus::Rejected, on)?;

        self.identity = identity;
        self.status = ApplicationStatus::Pending;
        self.submitted_on = on;
        self.decided_on = None;
        self.rejection_reason = None;
        Ok(())
    }

    fn check_step(
        &self,
        action: &'static str,
        required: ApplicationStatus,
        on: BizDate,
    ) -> Result<(), ApplicationError> {
        if self.status != required {
            return Err(ApplicationError::IllegalTransition {
                applicant: self.applicant.clone(),
                from: self.status,
                action,
            });
        }
        if on < self.submitted_on {
            return Err(ApplicationError::DateBeforeSubmission {
                applicant: self.applicant.clone(),
                action,
                on,
                submitted_on: self.submitted_on,
            });
        }
        Ok(())
    }

    /// Who applied.
    pub fn applicant(&self) -> &Bid {
        &self.applicant
    }

    /// The identity under review (or as decided).
    pub fn identity(&self) -> &LegalIdentity {
        &self.identity
    }

    /// Where the application stands.
    pub fn status(&self) -> ApplicationStatus {
        self.status
    }

    /// When it was (last) submitted.
    pub fn submitted_on(&self) -> BizDate {
        self.submitted_on
    }

    /// When it was approved or rejected.
    pub fn decided_on(&self) -> Option<BizDate> {
        self.decided_on
    }

    /// Why it was rejected.
    pub fn rejection_reason(&self) -> Option<&str> {
        self.rejection_reason.as_deref()
    }

    /// The confirmed identity, once approved: what a credential may be issued for.
    pub fn approved_identity(&self) -> Option<&LegalIdentity> {
        (self.status == ApplicationStatus::Approved).then_some(&self.identity)
    }
}
