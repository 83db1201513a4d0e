//! A small platform with the StarFire vector keys, for the runtime tests.

#![allow(dead_code)]

pub mod forger;

use isf::bid::contract::PaymentCommitment;
use isf::bid::credential::{Credential, CredentialId, CredentialTerms, PartyRole};
use isf::bid::realname::{LegalIdentity, Uscc};
use isf::bid::{KeyPair, StarfireVerifier};
use isf::core::Bid;
use isf::core::{
    BizDate, BusinessDayConvention, Fen, Hash32, HolidayCalendar, PieceId, RequestNo,
    SignedCommand, VoucherId,
};
use isf::finance::voucher::{IssueVoucher, ProductRules, VoucherCommand};
use isf::platform::{Command, PlatformConfig};
use isf::settlement::ClearingPlan;
use isf::store::{Journal, MemoryJournal};
use isf::{Platform, PlatformError, Receipt};
use std::sync::Arc;

pub const OPERATOR: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
pub const CORE: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
pub const TIER1: &str = "priSPKqB8wCf8GtiKCG1yN3RHPVLbfcXLmkFfHLGjSgrMRD7AJ";
pub const TIER2: &str = "priSPKnDue7AJ42gt7acy4AVaobGJtM871r1eukZ2M6eeW5LxG";
pub const FACTOR: &str = "priSPKmopQGLoE7ZBT6urhS9rayboAE5ER3v4ajWPMCuze4SC8";
pub const STRANGER: &str = "priSPKff1hvKVFYYFKSgfMb17wJ4dYZAHhLREarvh4Cy6fgn5b";

pub struct Fixture {
    pub platform: Platform,
    pub operator: KeyPair,
    pub core: KeyPair,
    pub tier1: KeyPair,
    pub tier2: KeyPair,
    pub factor: KeyPair,
    pub stranger: KeyPair,
}

pub fn config(operator: &KeyPair) -> PlatformConfig {
    PlatformConfig {
        operator: operator.bid().clone(),
        rules: ProductRules::default(),
        calendar: HolidayCalendar::china().unwrap(),
    }
}

/// A credential for `party` signed by `issuer`, valid from 2025-07-01 to 2026-07-01.
pub fn credential_signed_by(
    issuer: &KeyPair,
    party: &KeyPair,
    role: PartyRole,
    uscc: &str,
    id: &str,
) -> Credential {
    let identity = LegalIdentity::enterprise("某某有限公司", Uscc::parse(uscc).unwrap()).unwrap();
    let terms = CredentialTerms {
        id: CredentialId::parse(id).unwrap(),
        subject: party.bid().clone(),
        role,
        issued_on: date("2025-07-01"),
        expires_on: date("2026-07-01"),
    };
    Credential::issue(issuer, &identity, terms).unwrap()
}

pub fn key(private: &str) -> KeyPair {
    KeyPair::from_private_str(private, None).unwrap()
}

pub fn date(text: &str) -> BizDate {
    BizDate::parse(text).unwrap()
}

pub fn yuan(text: &str) -> Fen {
    Fen::parse_yuan(text).unwrap()
}

pub fn signed(signer: &KeyPair, request: &str, command: Command) -> SignedCommand<Command> {
    SignedCommand::sign(signer, RequestNo::parse(request).unwrap(), command).unwrap()
}

impl Fixture {
    /// A platform on an in-memory journal whose parties are admitted on 2025-07-01.
    pub fn new() -> Fixture {
        Fixture::on(Arc::new(MemoryJournal::new()))
    }

    /// A platform on `journal` whose parties are admitted on 2025-07-01.
    pub fn on(journal: Arc<dyn Journal>) -> Fixture {
        Fixture::configured(journal, config(&key(OPERATOR)))
    }

    /// A platform on `journal` under `config`, whose operator must be [`OPERATOR`].
    pub fn configured(journal: Arc<dyn Journal>, config: PlatformConfig) -> Fixture {
        let operator = key(OPERATOR);
        let platform = Platform::open(config, Box::new(StarfireVerifier), journal).unwrap();
        let mut fixture = Fixture {
            platform,
            operator,
            core: key(CORE),
            tier1: key(TIER1),
            tier2: key(TIER2),
            factor: key(FACTOR),
            stranger: key(STRANGER),
        };
        let parties = [
            (CORE, PartyRole::CoreEnterprise, "91110000MA01ABCD1M"),
            (TIER1, PartyRole::Supplier, "91310115MA1K3XY70D"),
            (TIER2, PartyRole::Supplier, "91440300MA5F00001A"),
            (FACTOR, PartyRole::Funder, "91320500MA1N00001Y"),
        ];
        for (n, (private, role, uscc)) in parties.into_iter().enumerate() {
            let party = key(private);
            let credential = fixture.credential(&party, role, uscc, &format!("cred-{n}"));
            let signed = signed(
                &party,
                &format!("admit-{n}"),
                Command::AdmitParty(credential),
            );
            fixture.platform.submit(signed, date("2025-07-01")).unwrap();
        }
        fixture
    }

    /// A credential issued by the operator, valid from 2025-07-01 to 2026-07-01.
    pub fn credential(&self, party: &KeyPair, role: PartyRole, uscc: &str, id: &str) -> Credential {
        credential_signed_by(&self.operator, party, role, uscc, id)
    }

    pub fn submit(
        &mut self,
        signer: &KeyPair,
        request: &str,
        command: Command,
        on: &str,
    ) -> Result<Receipt, PlatformError> {
        self.platform
            .submit(signed(signer, request, command), date(on))
    }

    /// The core enterprise's signed payment commitment for a voucher to tier 1.
    pub fn commitment(&self, voucher: &str, face: Fen, payment_date: &str) -> Command {
        let terms = PaymentCommitment {
            voucher_no: VoucherId::parse(voucher).unwrap(),
            face_amount: face,
            payment_date: date(payment_date),
            issuer: self.core.bid().clone(),
            payee: self.tier1.bid().clone(),
            document_hash: Hash32::of(voucher.as_bytes()),
        };
        let mut contract = terms.to_contract().unwrap();
        contract.sign(&self.core, &StarfireVerifier).unwrap();
        Command::SubmitCommitment(contract.to_record())
    }

    pub fn issue_command(
        &self,
        voucher: &str,
        face: Fen,
        payment_date: &str,
        commitment: Hash32,
    ) -> Command {
        Command::Voucher(VoucherCommand::Issue(IssueVoucher {
            voucher: VoucherId::parse(voucher).unwrap(),
            payee: self.tier1.bid().clone(),
            face,
            committed_date: date(payment_date),
            convention: BusinessDayConvention::Following,
            commitment,
            contracts: vec!["PO-1".to_owned()],
            invoices: Vec::new(),
        }))
    }

    /// Commits and issues a voucher to tier 1 on 2025-07-01 and has tier 1 sign it; returns
    /// the root piece.
    pub fn issue_signed(&mut self, voucher: &str, face: &str) -> PieceId {
        let face = yuan(face);
        let commitment = self.commitment(voucher, face, "2025-10-01");
        let Command::SubmitCommitment(record) = &commitment else {
            unreachable!()
        };
        let id = record.id;
        let core = key(CORE);
        self.submit(&core, &format!("{voucher}-c"), commitment, "2025-07-01")
            .unwrap();
        let issue = self.issue_command(voucher, face, "2025-10-01", id);
        self.submit(&core, &format!("{voucher}-i"), issue, "2025-07-01")
            .unwrap();
        let root = PieceId(self.platform.book().next_piece_id().0 - 1);
        let tier1 = key(TIER1);
        let sign = Command::Voucher(VoucherCommand::Sign { piece: root });
        self.submit(&tier1, &format!("{voucher}-s"), sign, "2025-07-02")
            .unwrap();
        root
    }
}

/// Swaps the payees of a plan's first two lines wherever the plan names them, so that the plan
/// still adds up but pays each piece's money to the other party.
pub fn swap_first_two_payees(plan: &mut ClearingPlan) {
    let (first, second) = (plan.lines[0].payee.clone(), plan.lines[1].payee.clone());
    let swap = |bid: &mut Bid| {
        if *bid == first {
            *bid = second.clone();
        } else if *bid == second {
            *bid = first.clone();
        }
    };
    plan.lines.iter_mut().for_each(|line| swap(&mut line.payee));
    for leg in &mut plan.instructions {
        swap(&mut leg.payer);
        swap(&mut leg.payee);
    }
}
