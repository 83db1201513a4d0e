//! Whether a clearing plan read back from a journal or a bundle is one the planner could have
//! made: nothing in it may pay a fen that its allocations do not account for.

use std::collections::{HashMap, HashSet};

use isf_core::{Bid, Fen};
use isf_finance::voucher::{Piece, VoucherBook};

use crate::error::{Result, SettlementError};
use crate::plan::{ClearingPlan, Matured, plan_clearing, plan_pieces};
use crate::routing::Routing;

/// Stands in for the run id of a plan without instructions, whose request numbers it never
/// formed.
const NO_RUN_ID: &str = "R";

impl ClearingPlan {
    /// The run id its request numbers were formed from, if it has any instruction.
    pub fn run_id(&self) -> Option<&str> {
        let first = self.instructions.first()?;
        first
            .request_no
            .as_str()
            .rsplit_once('-')
            .map(|(run, _)| run)
    }

    /// Checks what holds within every plan the planner makes, without the voucher's book: each
    /// piece once, with something outstanding and no more than that allocated; `due` and
    /// `funded` the sums of the allocations, with `0 < funded <= due`; the lines exactly the
    /// allocations totalled per distinct payee; instructions numbered from 1 with request
    /// numbers `{run_id}-{seq:04}`, steps in order, no empty or self payment; the
    /// instructions moving exactly the lines' money out of the payer's `funded`, so that
    /// every other party passes on all it receives; and the route: end to end, the payer pays
    /// each line directly; gradually, no party passes on money before it has arrived.
    pub fn check_consistency(&self) -> Result<()> {
        let defect = |reason: String| SettlementError::InconsistentPlan {
            voucher: self.voucher.clone(),
            reason,
        };
        self.check_allocations().map_err(defect)?;
        self.check_lines().map_err(defect)?;
        self.check_instructions().map_err(defect)?;
        self.check_flows().map_err(defect)?;
        self.check_route().map_err(defect)
    }

    /// Plans the voucher again on `book`, which must be the book as it stood when this plan
    /// was made, and requires this very plan. Checks [`ClearingPlan::check_consistency`]
    /// first, so that a refused plan says what is wrong with it where it can.
    pub fn check_against(&self, book: &VoucherBook) -> Result<()> {
        self.check_consistency()?;
        self.check_replanned_on(book)
    }

    /// Plans the voucher again on `book` and requires this very plan, for a plan already
    /// known to hold together.
    pub fn check_replanned_on(&self, book: &VoucherBook) -> Result<()> {
        self.check_replanned(|run_id| {
            plan_clearing(book, &self.voucher, self.routing, Some(self.funded), run_id)
        })
    }

    /// Plans the voucher again from its pieces as the caller followed them (see
    /// [`plan_pieces`]) and requires this very plan.
    pub fn check_replanned_from<'a>(
        &self,
        matured: Matured<'_>,
        pieces: impl ExactSizeIterator<Item = &'a Piece>,
    ) -> Result<()> {
        self.check_replanned(|run_id| {
            plan_pieces(matured, pieces, self.routing, Some(self.funded), run_id)
        })
    }

    fn check_replanned(&self, replan: impl FnOnce(&str) -> Result<ClearingPlan>) -> Result<()> {
        let replanned = replan(self.run_id().unwrap_or(NO_RUN_ID))?;
        if &replanned != self {
            return Err(SettlementError::PlanMismatch(self.voucher.clone()));
        }
        Ok(())
    }

    fn check_allocations(&self) -> Result<(), String> {
        if self.allocations.is_empty() {
            return Err("it allocates nothing".to_owned());
        }
        let mut pieces = HashSet::with_capacity(self.allocations.len());
        let (mut due, mut funded) = (0_i128, 0_i128);
        for allocation in &self.allocations {
            let piece = allocation.piece;
            if !pieces.insert(piece) {
                return Err(format!("piece {piece} is allocated twice"));
            }
            if allocation.outstanding.is_zero() || allocation.amount > allocation.outstanding {
                return Err(format!(
                    "piece {piece} receives {} of {} outstanding",
                    allocation.amount, allocation.outstanding
                ));
            }
            due += i128::from(allocation.outstanding.get());
            funded += i128::from(allocation.amount.get());
        }
        if due != i128::from(self.due.get()) || funded != i128::from(self.funded.get()) {
            return Err(format!(
                "the allocations add up to {} due and {} funded, not {} and {}",
                shown(due),
                shown(funded),
                self.due,
                self.funded
            ));
        }
        if self.funded.is_zero() || self.funded > self.due {
            return Err(format!("{} is funded of {} due", self.funded, self.due));
        }
        Ok(())
    }

    fn check_lines(&self) -> Result<(), String> {
        let mut totals = vec![(0_i128, 0_u64); self.lines.len()];
        for allocation in &self.allocations {
            let total = usize::try_from(allocation.line)
                .ok()
                .and_then(|line| totals.get_mut(line))
                .ok_or_else(|| {
                    format!(
                        "piece {} is paid on line {}, which the plan does not have",
                        allocation.piece, allocation.line
                    )
                })?;
            total.0 += i128::from(allocation.amount.get());
            total.1 += 1;
        }
        let mut payees = HashSet::with_capacity(self.lines.len());
        for (index, (line, (amount, pieces))) in self.lines.iter().zip(totals).enumerate() {
            if !payees.insert(&line.payee) {
                return Err(format!("{} has more than one line", line.payee));
            }
            if pieces == 0 || i128::from(line.amount.get()) != amount {
                return Err(format!(
                    "line {index} says {} for {} piece(s); its allocations give {} for {pieces}",
                    line.amount,
                    line.pieces,
                    shown(amount)
                ));
            }
            if u64::from(line.pieces) != pieces {
                return Err(format!(
                    "line {index} counts {} piece(s) where {pieces} are allocated to it",
                    line.pieces
                ));
            }
        }
        Ok(())
    }

    fn check_instructions(&self) -> Result<(), String> {
        let run_id = self.run_id().unwrap_or(NO_RUN_ID);
        let mut last_step = 0;
        for (index, leg) in self.instructions.iter().enumerate() {
            let expected_seq = index.checked_add(1).and_then(|n| u32::try_from(n).ok());
            let seq = leg.seq;
            if Some(seq) != expected_seq {
                return Err(format!("instruction {} is numbered {seq}", index + 1));
            }
            if leg.request_no.as_str() != format!("{run_id}-{seq:04}") {
                return Err(format!(
                    "instruction {seq} has request number {} in run {run_id}",
                    leg.request_no
                ));
            }
            if leg.step < last_step {
                return Err(format!("instruction {seq} goes back to step {}", leg.step));
            }
            last_step = leg.step;
            if leg.amount.is_zero() || leg.payer == leg.payee {
                return Err(format!(
                    "instruction {seq} pays {} from {} to {}",
                    leg.amount, leg.payer, leg.payee
                ));
            }
        }
        Ok(())
    }

    /// What each party ends with must be its line, less what the payer funds.
    fn check_flows(&self) -> Result<(), String> {
        let mut net: HashMap<&Bid, i128> = HashMap::new();
        for leg in &self.instructions {
            *net.entry(&leg.payee).or_default() += i128::from(leg.amount.get());
            *net.entry(&leg.payer).or_default() -= i128::from(leg.amount.get());
        }
        let mut owed: HashMap<&Bid, i128> = HashMap::new();
        for line in &self.lines {
            *owed.entry(&line.payee).or_default() += i128::from(line.amount.get());
        }
        *owed.entry(&self.payer).or_default() -= i128::from(self.funded.get());

        let mut parties: Vec<&Bid> = self.lines.iter().map(|line| &line.payee).collect();
        parties.push(&self.payer);
        parties.extend(
            self.instructions
                .iter()
                .flat_map(|leg| [&leg.payer, &leg.payee]),
        );
        let mut seen = HashSet::with_capacity(parties.len());
        for party in parties.into_iter().filter(|party| seen.insert(*party)) {
            let moved = net.get(party).copied().unwrap_or(0);
            let expected = owed.get(party).copied().unwrap_or(0);
            if moved != expected {
                return Err(format!(
                    "the instructions leave {party} {} where its line leaves it {}",
                    shown(moved),
                    shown(expected)
                ));
            }
        }
        Ok(())
    }
}

impl ClearingPlan {
    /// End to end, the payer pays every other payee its line, in line order, in one step.
    /// Gradually, money only moves on once it has arrived: by the end of each step no party
    /// has paid more than it received in earlier steps (the payer: more than it funds), so no
    /// instruction can send money through a party before it has it.
    fn check_route(&self) -> Result<(), String> {
        match self.routing {
            Routing::EndToEnd => self.check_end_to_end(),
            Routing::Gradual => self.check_money_arrives_first(),
        }
    }

    fn check_end_to_end(&self) -> Result<(), String> {
        let mut expected = self
            .lines
            .iter()
            .filter(|line| line.payee != self.payer && !line.amount.is_zero());
        for leg in &self.instructions {
            let line = expected.next().ok_or_else(|| {
                format!("instruction {} pays more parties than have lines", leg.seq)
            })?;
            let direct = leg.payer == self.payer && leg.payee == line.payee && leg.step == 0;
            if !direct || leg.amount != line.amount {
                return Err(format!(
                    "instruction {} is not {} paying {} its line of {} directly",
                    leg.seq, self.payer, line.payee, line.amount
                ));
            }
        }
        match expected.next() {
            Some(line) => Err(format!("no instruction pays {} its line", line.payee)),
            None => Ok(()),
        }
    }

    fn check_money_arrives_first(&self) -> Result<(), String> {
        let mut available: HashMap<&Bid, i128> = HashMap::new();
        available.insert(&self.payer, i128::from(self.funded.get()));
        let mut arriving: HashMap<&Bid, i128> = HashMap::new();
        let mut step = 0;
        for leg in &self.instructions {
            if leg.step != step {
                // Steps only go forward (checked with the numbering): what arrived is now
                // there to pass on.
                for (party, amount) in arriving.drain() {
                    *available.entry(party).or_default() += amount;
                }
                step = leg.step;
            }
            let amount = i128::from(leg.amount.get());
            let left = available.entry(&leg.payer).or_default();
            *left -= amount;
            if *left < 0 {
                return Err(format!(
                    "instruction {} has {} pay {} at step {step}, more than it has by then",
                    leg.seq, leg.payer, leg.amount
                ));
            }
            *arriving.entry(&leg.payee).or_default() += amount;
        }
        Ok(())
    }
}

/// A sum of fen as an amount, signed when negative, or as raw fen if it does not fit one.
fn shown(fen: i128) -> String {
    let magnitude = i64::try_from(fen.unsigned_abs())
        .ok()
        .and_then(|fen| Fen::new(fen).ok());
    match (fen < 0, magnitude) {
        (true, Some(amount)) => format!("-{amount}"),
        (false, Some(amount)) => amount.to_string(),
        (_, None) => format!("{fen} fen"),
    }
}
