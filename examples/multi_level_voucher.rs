//! A multi-level voucher (电子债权凭证) from issue to clearing, through the library API.
//!
//! A core enterprise issues a 1,000,000.00 voucher payable on National Day 2025. It walks down
//! three tiers of suppliers, tier 3 discounts its piece with a factoring company, and on the
//! next business day the voucher is cleared end to end (首尾兑付): the core enterprise pays
//! every final holder directly.
//!
//! Every change is a command signed by the party that makes it and submitted to the
//! [`Platform`] with the business date it happens on. The platform checks the signature and
//! the party's role, lets the domain rules decide, and journals the outcome.
//!
//! Run it with `cargo run --example multi_level_voucher`.

use std::collections::HashMap;
use std::error::Error;

use isf::bid::contract::PaymentCommitment;
use isf::bid::credential::{Credential, CredentialId, CredentialTerms, PartyRole};
use isf::bid::realname::{LegalIdentity, Uscc};
use isf::bid::{KeyPair, StarfireVerifier};
use isf::core::{
    Bid, BizDate, BusinessDayConvention, DayCount, Fen, Hash32, HolidayCalendar, PieceId, Rate,
    RequestNo, RoundingMode, SignedCommand, VoucherId,
};
use isf::finance::financing::DiscountTerms;
use isf::finance::voucher::{IssueVoucher, ProductRules, SplitPart, VoucherCommand, VoucherEvent};
use isf::platform::{ClearingStep, Command, FundingMode, LegReport, PlatformConfig, PlatformEvent};
use isf::settlement::{ClearingState, LegStatus, Routing};
use isf::{Platform, Receipt};

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

/// The StarFire test-vector keys of the parties. Real parties keep theirs in a keystore.
const OPERATOR: &str = "priSPKt2hVqYmUoyJ24vYb8uzhu7VCab9X9BHz8K68sQZ61Yy5";
const CORE: &str = "priSPKir4tnCmj6wmBxyaL2ZuAF5TKpf81mYRv4LbeGTGWRjrr";
const TIER1: &str = "priSPKqB8wCf8GtiKCG1yN3RHPVLbfcXLmkFfHLGjSgrMRD7AJ";
const TIER2: &str = "priSPKnDue7AJ42gt7acy4AVaobGJtM871r1eukZ2M6eeW5LxG";
const TIER3: &str = "priSPKqru2zMzeb14XWxPNM1sassFeqyyUZotCAYcvCjhNof7t";
const FACTOR: &str = "priSPKmopQGLoE7ZBT6urhS9rayboAE5ER3v4ajWPMCuze4SC8";

const VOUCHER: &str = "CE-2025-0001";
const APPLICATION: &str = "FA-2025-0815";

fn main() -> Result<()> {
    // 1. The platform, run by its operator. It adjusts payment dates with the Chinese holiday
    //    calendar and checks every signature with the StarFire rules.
    let operator = KeyPair::from_private_str(OPERATOR, None)?;
    let config = PlatformConfig {
        operator: operator.bid().clone(),
        rules: ProductRules::default(),
        calendar: HolidayCalendar::china()?,
    };
    let platform = Platform::new(config, Box::new(StarfireVerifier))?;
    let mut demo = Demo::new(platform, operator)?;

    // 2. Admission. The operator vouches for each party's verified identity and role with a
    //    signed credential; the party presents it. Without one, the platform refuses the
    //    party's commands.
    let parties = [
        (
            "core",
            CORE,
            PartyRole::CoreEnterprise,
            "91110000MA01ABCD1M",
        ),
        ("tier1", TIER1, PartyRole::Supplier, "91310115MA1K3XY70D"),
        ("tier2", TIER2, PartyRole::Supplier, "91440300MA5F00001A"),
        ("tier3", TIER3, PartyRole::Supplier, "91510600MA62D0000A"),
        ("factor", FACTOR, PartyRole::Funder, "91320500MA1N00001Y"),
    ];
    for (name, private_key, role, uscc) in parties {
        demo.admit(name, private_key, role, uscc)?;
    }

    // 3. The payment commitment (付款承诺函). A voucher is only as good as the promise behind
    //    it, so the core enterprise signs the promise first and the platform keeps it.
    let voucher = VoucherId::parse(VOUCHER)?;
    let face = Fen::parse_yuan("1,000,000.00")?;
    let payable = BizDate::parse("2025-10-01")?;
    let commitment = PaymentCommitment {
        voucher_no: voucher.clone(),
        face_amount: face,
        payment_date: payable,
        issuer: demo.bid("core")?,
        payee: demo.bid("tier1")?,
        document_hash: Hash32::of(b"payment commitment letter CE-2025-0001"),
    };
    let mut contract = commitment.to_contract()?;
    contract.sign(demo.key("core")?, &StarfireVerifier)?;
    let submission = Command::SubmitCommitment(contract.to_record());
    demo.submit("core", submission, "2025-07-01")?;

    // 4. Issue. 2025-10-01 is National Day; under the "following" convention the due date
    //    rolls to the next business day, which the holiday data says is 2025-10-09.
    let issue = IssueVoucher {
        voucher: voucher.clone(),
        payee: demo.bid("tier1")?,
        face,
        committed_date: payable,
        convention: BusinessDayConvention::Following,
        commitment: contract.id(),
        contracts: vec!["PO-2025-0418".to_owned()],
        invoices: vec!["25442000000012345678".to_owned()],
    };
    let receipt = demo.voucher_command("core", VoucherCommand::Issue(issue), "2025-07-01")?;
    let root = issued_root(&receipt)?;
    let due = demo.platform.book().voucher(&voucher)?.due_date;
    println!("issued {VOUCHER}: {face} payable {payable}, due {due}\n");

    // 5. Tier 1 signs for it (签收): a voucher is not the payee's until it accepts it.
    demo.sign("tier1", root, "2025-07-02")?;

    // 6. Tier 1 pays its own supplier with part of the voucher: a split (拆分) creates a
    //    500,000.00 piece for tier 2 and keeps the rest. Tier 2 signs for its piece.
    let (tier2_piece, _kept) = demo.split(root, "tier1", "tier2", "500,000.00", "2025-07-10")?;
    demo.sign("tier2", tier2_piece, "2025-07-11")?;

    // 7. One tier further down: tier 2 passes 300,000.00 on to tier 3.
    let (tier3_piece, _) = demo.split(tier2_piece, "tier2", "tier3", "300,000.00", "2025-07-20")?;
    demo.sign("tier3", tier3_piece, "2025-07-21")?;

    // 8. Tier 3 wants cash before October: it applies to the factor for discount financing at
    //    2.62 % a year, Act/360. The piece is locked while the application is open, so it
    //    cannot be split or passed on under the factor's feet.
    let terms = DiscountTerms {
        rate: Rate::parse("2.62%")?,
        day_count: DayCount::Act360,
        rounding: RoundingMode::default(),
        extra_days: 0,
    };
    let apply = Command::ApplyFinancing {
        piece: tier3_piece,
        application: APPLICATION.to_owned(),
        funder: demo.bid("factor")?,
        terms,
    };
    demo.submit("tier3", apply, "2025-08-15")?;
    print_quote(&demo)?;

    // 9. The factor funds by assignment (转让): it becomes the holder and is paid at maturity.
    let fund = Command::Fund {
        application: APPLICATION.to_owned(),
        mode: FundingMode::Assignment,
    };
    demo.submit("factor", fund, "2025-08-15")?;

    // 10. Maturity. The operator matures the voucher on its due date, not on the date that
    //     was written on it.
    let mature = VoucherCommand::Mature {
        voucher: voucher.clone(),
    };
    demo.voucher_command("operator", mature, "2025-10-09")?;

    // 11. Clearing end to end: plan, walk the clearing state machine, report each bank leg.
    demo.clear(&voucher, "2025-10-09")?;

    // 12. Where everything ended up.
    print_positions(&demo, &voucher)?;
    print_instructions(&demo, &voucher)?;

    // 13. The evidence. Anyone holding the journal can check, offline, that the entries
    //     chain by hash and that every command was signed by the key of the party it names.
    demo.platform.journal().verify_chain()?;
    let entries = demo.platform.entries()?;
    for recorded in &entries {
        recorded.entry.command.verify(&StarfireVerifier)?;
    }
    println!(
        "\njournal: {} entries, hash chain and signatures verified",
        entries.len()
    );
    Ok(())
}

/// The platform, the parties' keys, and a counter for request numbers.
struct Demo {
    platform: Platform,
    keys: HashMap<&'static str, KeyPair>,
    names: HashMap<Bid, &'static str>,
    requests: u32,
}

impl Demo {
    fn new(platform: Platform, operator: KeyPair) -> Result<Demo> {
        let names = HashMap::from([(operator.bid().clone(), "operator")]);
        Ok(Demo {
            platform,
            keys: HashMap::from([("operator", operator)]),
            names,
            requests: 0,
        })
    }

    fn key(&self, name: &str) -> Result<&KeyPair> {
        Ok(self
            .keys
            .get(name)
            .ok_or_else(|| format!("no party named {name}"))?)
    }

    fn bid(&self, name: &str) -> Result<Bid> {
        Ok(self.key(name)?.bid().clone())
    }

    fn name(&self, bid: &Bid) -> String {
        self.names
            .get(bid)
            .map_or_else(|| bid.to_string(), |name| (*name).to_owned())
    }

    /// Signs `command` as `actor` and submits it on `date`. Every command carries a fresh
    /// request number: the platform answers a repeated one with the first outcome, so a
    /// retried command never takes effect twice.
    fn submit(&mut self, actor: &str, command: Command, date: &str) -> Result<Receipt> {
        self.requests += 1;
        let request_no = RequestNo::parse(&format!("c1-demo-{:04}", self.requests))?;

        let signed = SignedCommand::sign(self.key(actor)?, request_no, command)?;

        Ok(self.platform.submit(signed, BizDate::parse(date)?)?)
    }

    fn voucher_command(
        &mut self,
        actor: &str,
        command: VoucherCommand,
        date: &str,
    ) -> Result<Receipt> {
        self.submit(actor, Command::Voucher(command), date)
    }

    /// The recipient of `piece` signs for it.
    fn sign(&mut self, recipient: &str, piece: PieceId, date: &str) -> Result<()> {
        self.voucher_command(recipient, VoucherCommand::Sign { piece }, date)?;
        Ok(())
    }

    /// The operator issues the party a credential valid for a year, and the party presents it.
    fn admit(
        &mut self,
        name: &'static str,
        private_key: &str,
        role: PartyRole,
        uscc: &str,
    ) -> Result<()> {
        let party = KeyPair::from_private_str(private_key, None)?;
        let identity = LegalIdentity::enterprise(&format!("{name} 有限公司"), Uscc::parse(uscc)?)?;
        let terms = CredentialTerms {
            id: CredentialId::parse(&format!("c1-demo-{name}"))?,
            subject: party.bid().clone(),
            role,
            issued_on: BizDate::parse("2025-07-01")?,
            expires_on: BizDate::parse("2026-07-01")?,
        };
        let credential = Credential::issue(self.key("operator")?, &identity, terms)?;

        self.names.insert(party.bid().clone(), name);
        self.keys.insert(name, party);
        self.submit(name, Command::AdmitParty(credential), "2025-07-01")?;
        Ok(())
    }

    /// `holder` splits `piece`, sending `amount` to `to`; returns the new piece and the
    /// remainder the holder keeps.
    fn split(
        &mut self,
        piece: PieceId,
        holder: &str,
        to: &str,
        amount: &str,
        date: &str,
    ) -> Result<(PieceId, PieceId)> {
        let part = SplitPart {
            to: self.bid(to)?,
            amount: Fen::parse_yuan(amount)?,
        };
        let command = VoucherCommand::Split {
            piece,
            parts: vec![part],
        };

        let receipt = self.voucher_command(holder, command, date)?;

        // The new pieces come transferred parts first, then the remainder.
        for event in &receipt.events {
            if let PlatformEvent::Voucher(VoucherEvent::Split { children, .. }) = event {
                if let [sent, kept] = children.as_slice() {
                    return Ok((sent.id, kept.id));
                }
            }
        }
        Err("the split did not create a piece and a remainder".into())
    }

    /// Plans the clearing, moves it through applied → started → executing, and reports every
    /// settlement instruction as paid by the bank.
    fn clear(&mut self, voucher: &VoucherId, date: &str) -> Result<()> {
        let start = Command::StartClearing {
            voucher: voucher.clone(),
            routing: Routing::EndToEnd,
            funds: None,
            run: format!("{voucher}-pay"),
        };
        self.submit("operator", start, date)?;

        for step in [
            ClearingStep::Apply,
            ClearingStep::Start,
            ClearingStep::Execute,
        ] {
            let advance = Command::AdvanceClearing {
                voucher: voucher.clone(),
                step,
            };
            self.submit("operator", advance, date)?;
        }

        // In production each report comes from the bank gateway; here every leg is paid.
        let legs = self.instructions_of(voucher)?;
        for seq in 1..=legs {
            let report = Command::ReportLeg {
                voucher: voucher.clone(),
                seq,
                report: LegReport::Paid,
            };
            self.submit("operator", report, date)?;
        }

        let state = self.platform.clearing(voucher).map(|run| run.state());
        if state != Some(ClearingState::Done) {
            return Err(format!("clearing of {voucher} ended in {state:?}").into());
        }
        Ok(())
    }

    fn instructions_of(&self, voucher: &VoucherId) -> Result<u32> {
        let run = self
            .platform
            .clearing(voucher)
            .ok_or_else(|| format!("no clearing run for {voucher}"))?;
        Ok(u32::try_from(run.plan().instructions.len())?)
    }
}

/// The root piece of a voucher, from the events of its issue.
fn issued_root(receipt: &Receipt) -> Result<PieceId> {
    receipt
        .events
        .iter()
        .find_map(|event| match event {
            PlatformEvent::Voucher(VoucherEvent::Issued { root, .. }) => Some(*root),
            _ => None,
        })
        .ok_or_else(|| "the issue produced no root piece".into())
}

fn print_quote(demo: &Demo) -> Result<()> {
    let application = demo
        .platform
        .application(APPLICATION)
        .ok_or("the financing application is missing")?;
    let quote = &application.quote;
    println!(
        "financing {APPLICATION}: face {} for {} days to {}, interest {}, advance {}\n",
        quote.face, quote.days, quote.due_date, quote.interest, quote.advance
    );
    Ok(())
}

fn print_positions(demo: &Demo, voucher: &VoucherId) -> Result<()> {
    println!("positions of {voucher}");
    for piece in demo.platform.book().pieces_of(voucher)? {
        println!(
            "  P{:<3} {:<8} face {:>14}  paid {:>14}  {}",
            piece.id.0,
            demo.name(&piece.holder),
            piece.face.to_string(),
            piece.paid.to_string(),
            piece.state.name()
        );
    }
    Ok(())
}

fn print_instructions(demo: &Demo, voucher: &VoucherId) -> Result<()> {
    let run = demo
        .platform
        .clearing(voucher)
        .ok_or("the clearing run is missing")?;
    println!("\nsettlement instructions ({})", run.state().name());
    for (leg, status) in run.plan().instructions.iter().zip(run.legs()) {
        let status = match status {
            LegStatus::Pending => "pending".to_owned(),
            LegStatus::Paid => "paid".to_owned(),
            LegStatus::Failed { reason } => format!("failed: {reason}"),
            LegStatus::Adjusted => "adjusted (调账)".to_owned(),
        };
        println!(
            "  #{} {:<8} → {:<8} {:>14}  {status}",
            leg.seq,
            demo.name(&leg.payer),
            demo.name(&leg.payee),
            leg.amount.to_string(),
        );
    }
    Ok(())
}
