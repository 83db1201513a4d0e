//! Which parties a command needs admitted, and in which role, on the day it is decided, and
//! who may admit a party or revoke credentials: one rule for deciding a command and for
//! checking a recorded one, on the platform and in an evidence bundle.

use std::collections::{HashMap, HashSet};

use isf_bid::credential::{Credential, CredentialId, PartyRole, RevocationList};
use isf_core::{Bid, BizDate};
use isf_finance::voucher::VoucherCommand;

use super::command::Command;
use super::error::PlatformError;
use super::party::Party;

/// What a command needs of one party.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Need<'a> {
    /// The actor: the operator, or a party with a valid credential.
    Acting(&'a Bid),
    /// A party that is to hold a piece: a valid credential. The operator never holds pieces.
    Admitted(&'a Bid),
    /// A party acting in a role, for the action named.
    Role(&'a Bid, PartyRole, &'static str),
}

impl<'a> Need<'a> {
    /// The party needed.
    pub(crate) fn party(self) -> &'a Bid {
        match self {
            Need::Acting(bid) | Need::Admitted(bid) | Need::Role(bid, ..) => bid,
        }
    }
}

/// What `command` by `actor` needs. Commands only the operator may give need nothing here:
/// deciding them checks the operator.
pub(crate) fn needs<'a>(actor: &'a Bid, command: &'a Command) -> Vec<Need<'a>> {
    match command {
        Command::AdmitParty(_)
        | Command::RevokeCredentials(_)
        | Command::StartClearing { .. }
        | Command::AdvanceClearing { .. }
        | Command::ReportLeg { .. }
        | Command::AdjustLeg { .. } => Vec::new(),
        Command::SubmitCommitment(_) => vec![Need::Role(
            actor,
            PartyRole::CoreEnterprise,
            "make payment commitments",
        )],
        Command::Voucher(command) => voucher_needs(actor, command),
        Command::ApplyFinancing { funder, .. } => vec![
            Need::Role(funder, PartyRole::Funder, "fund financing"),
            Need::Acting(actor),
        ],
        Command::Fund { .. } | Command::WithdrawFinancing { .. } => vec![Need::Acting(actor)],
    }
}

/// What a voucher command by `actor` needs: every piece goes to an admitted party, and only a
/// core enterprise issues.
pub(crate) fn voucher_needs<'a>(actor: &'a Bid, command: &'a VoucherCommand) -> Vec<Need<'a>> {
    let mut needs = match command {
        VoucherCommand::Issue(terms) => vec![
            Need::Role(actor, PartyRole::CoreEnterprise, "issue vouchers"),
            Need::Admitted(&terms.payee),
        ],
        VoucherCommand::Split { parts, .. } => {
            parts.iter().map(|part| Need::Admitted(&part.to)).collect()
        }
        _ => Vec::new(),
    };
    needs.push(Need::Acting(actor));
    needs
}

/// Who was admitted, with which credentials, and which credentials were revoked: the
/// platform's own record, or what an evidence bundle shows of it.
pub(crate) struct Register<'a> {
    /// The operator, who acts without a credential.
    pub(crate) operator: &'a Bid,
    /// Every admitted party.
    pub(crate) parties: &'a HashMap<Bid, Party>,
    /// Every credential revoked so far.
    pub(crate) revoked: &'a HashSet<CredentialId>,
    /// The date of the revocation list in force, if any.
    pub(crate) revocations_as_of: Option<BizDate>,
}

impl Register<'_> {
    /// Checks every need on `today`, in order; the first unmet one is the refusal.
    pub(crate) fn require(&self, needs: &[Need<'_>], today: BizDate) -> Result<(), PlatformError> {
        needs.iter().try_for_each(|&need| self.meets(need, today))
    }

    /// Whether `actor` may present `credential` for admission, by what its claims say: the
    /// operator or the subject itself presents it, the operator issued it for a role other
    /// than the platform's, to anyone but the operator, and it is not revoked. Its signature
    /// and validity dates are the credential's own to verify.
    pub(crate) fn may_admit(
        &self,
        actor: &Bid,
        credential: &Credential,
    ) -> Result<(), PlatformError> {
        let claims = credential.claims();
        if actor != &claims.subject && actor != self.operator {
            return Err(PlatformError::OperatorOnly(
                "admit a party other than oneself",
            ));
        }
        if &claims.issuer != self.operator {
            return Err(PlatformError::OperatorOnly("issue admission credentials"));
        }
        if claims.role == PartyRole::Platform {
            return Err(PlatformError::OperatorOnly("act as the platform"));
        }
        if &claims.subject == self.operator {
            return Err(PlatformError::OperatorAsParty);
        }
        if self.revoked.contains(&claims.id) {
            return Err(PlatformError::RevokedCredential(claims.id.clone()));
        }
        Ok(())
    }

    /// Whether `list` may take effect on `today`: the operator's own, not older than the list
    /// in force, and not dated after the day it is published.
    pub(crate) fn may_revoke(
        &self,
        list: &RevocationList,
        today: BizDate,
    ) -> Result<(), PlatformError> {
        if list.issuer() != self.operator {
            return Err(PlatformError::OperatorOnly("publish revocation lists"));
        }
        if self
            .revocations_as_of
            .is_some_and(|last| list.as_of() < last)
        {
            return Err(PlatformError::StaleRevocationList(list.as_of()));
        }
        if list.as_of() > today {
            return Err(PlatformError::RevocationListAhead {
                as_of: list.as_of(),
                today,
            });
        }
        Ok(())
    }

    fn meets(&self, need: Need<'_>, today: BizDate) -> Result<(), PlatformError> {
        let party = need.party();
        let admitted = self.parties.get(party);
        let active = admitted.is_some_and(|found| found.is_active(today, self.revoked));
        match need {
            Need::Acting(bid) if bid == self.operator || active => Ok(()),
            Need::Admitted(_) if active => Ok(()),
            Need::Role(bid, role, action) => match admitted {
                Some(found) if found.may_act_as(role, today, self.revoked) => Ok(()),
                Some(_) => Err(PlatformError::MissingRole {
                    party: bid.clone(),
                    role,
                    action,
                }),
                None => Err(PlatformError::UnknownParty(bid.clone())),
            },
            _ => Err(PlatformError::UnknownParty(party.clone())),
        }
    }
}
