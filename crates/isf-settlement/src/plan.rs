//! Planning the clearing of one matured voucher: who gets what, and who pays whom.

use isf_core::{
    Bid, BizDate, CoreError, Fen, PieceId, RequestNo, VoucherId, alloc::allocate_pro_rata,
};
use isf_finance::voucher::{Piece, VoucherBook, VoucherStatus};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SettlementError};
use crate::gather::gather;
use crate::routing::Routing;

/// What one live piece receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceAllocation {
    /// The piece.
    pub piece: PieceId,
    /// Position in [`ClearingPlan::lines`] of the line of whoever is paid for the piece: the
    /// holder, the funder after assignment, or the pledgee. [`ClearingPlan::payee_of`] reads it.
    pub line: u32,
    /// What the piece was owed before this clearing.
    pub outstanding: Fen,
    /// What it receives now.
    pub amount: Fen,
}

/// The total one payee receives, in order of the payee's first piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClearingLine {
    /// The payee.
    pub payee: Bid,
    /// Total received.
    pub amount: Fen,
    /// How many pieces it is paid for.
    pub pieces: u32,
}

/// One payment to make: the settlement instruction handed to a bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    /// Position in execution order, from 1.
    pub seq: u32,
    /// Request number of the payment, derived from the run id and `seq`.
    pub request_no: RequestNo,
    /// Who pays.
    pub payer: Bid,
    /// Who is paid.
    pub payee: Bid,
    /// How much.
    pub amount: Fen,
    /// Step of the money's walk down the chain: 0 for payments by the issuer. A payment of
    /// step `n` can be made once the payments of step `n - 1` have arrived.
    pub step: u32,
}

/// The clearing of one matured voucher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClearingPlan {
    /// The voucher.
    pub voucher: VoucherId,
    /// Its adjusted committed payment date.
    pub due_date: BizDate,
    /// The routing the instructions follow.
    pub routing: Routing,
    /// The core enterprise that pays.
    pub payer: Bid,
    /// Everything outstanding on the voucher.
    pub due: Fen,
    /// What the payer provides: `due`, or less when it defaults in part.
    pub funded: Fen,
    /// One entry per live piece with something outstanding, in piece order.
    pub allocations: Vec<PieceAllocation>,
    /// One entry per payee.
    pub lines: Vec<ClearingLine>,
    /// The payments, in execution order.
    pub instructions: Vec<Instruction>,
}

impl ClearingPlan {
    /// Who is paid for `allocation`: the payee of its line, if the plan has that line.
    pub fn payee_of(&self, allocation: &PieceAllocation) -> Option<&Bid> {
        let line = self.lines.get(usize::try_from(allocation.line).ok()?)?;
        Some(&line.payee)
    }
}

/// Plans the clearing of `voucher`, which must be matured. `funds` is what its issuer pays;
/// `None` means everything due. A partial payment is shared over the pieces by largest
/// remainder in proportion to what each is owed. Instruction request numbers are
/// `{run_id}-{seq:04}`.
pub fn plan_clearing(
    book: &VoucherBook,
    voucher: &VoucherId,
    routing: Routing,
    funds: Option<Fen>,
    run_id: &str,
) -> Result<ClearingPlan> {
    let issued = book.voucher(voucher)?;
    if issued.status != VoucherStatus::Matured {
        return Err(SettlementError::NotMatured(voucher.clone()));
    }
    let matured = Matured {
        voucher,
        issuer: &issued.issuer,
        due_date: issued.due_date,
    };
    let pieces = book.pieces_of(voucher)?;
    plan(
        matured,
        pieces,
        book.piece_count_of(voucher)?,
        routing,
        funds,
        run_id,
    )
}

/// A matured voucher as clearing needs to know it besides its pieces.
#[derive(Clone, Copy, Debug)]
pub struct Matured<'a> {
    /// The voucher.
    pub voucher: &'a VoucherId,
    /// Its issuer, who pays.
    pub issuer: &'a Bid,
    /// Its adjusted committed payment date.
    pub due_date: BizDate,
}

/// Plans the clearing of a matured voucher from its pieces, in creation order, as someone
/// without the platform's book knows them: a verifier following the voucher's events, say.
/// Gives the plan [`plan_clearing`] gives on a book holding those pieces.
pub fn plan_pieces<'a>(
    matured: Matured<'_>,
    pieces: impl ExactSizeIterator<Item = &'a Piece>,
    routing: Routing,
    funds: Option<Fen>,
    run_id: &str,
) -> Result<ClearingPlan> {
    let count = pieces.len();
    plan(matured, pieces, count, routing, funds, run_id)
}

fn plan<'a>(
    matured: Matured<'_>,
    pieces: impl Iterator<Item = &'a Piece>,
    count: usize,
    routing: Routing,
    funds: Option<Fen>,
    run_id: &str,
) -> Result<ClearingPlan> {
    check_run_id(run_id)?;
    let Matured {
        voucher,
        issuer,
        due_date,
    } = matured;

    let gathered = gather(pieces, count, routing == Routing::Gradual)?;
    let mut allocations = gathered.allocations;
    let due = Fen::sum(allocations.iter().map(|allocation| allocation.outstanding))?;
    if due.is_zero() {
        return Err(SettlementError::NothingOutstanding(voucher.clone()));
    }

    let funded = funds.unwrap_or(due);
    if funded.is_zero() {
        return Err(SettlementError::NothingFunded(voucher.clone()));
    }
    if funded > due {
        return Err(SettlementError::Overfunded {
            voucher: voucher.clone(),
            offered: funded,
            due,
        });
    }
    let mut tree = gathered.tree;
    if funded != due {
        let owed: Vec<Fen> = allocations.iter().map(|a| a.outstanding).collect();
        let shares = allocate_pro_rata(funded, &owed)?;
        for (allocation, &share) in allocations.iter_mut().zip(&shares) {
            allocation.amount = share;
        }
        if let Some(tree) = &mut tree {
            tree.set_amounts(shares);
        }
    }
    let lines = total_lines(&allocations, &gathered.payees)?;

    let flows = match routing {
        Routing::EndToEnd => end_to_end_flows(issuer, &lines),
        Routing::Gradual => {
            let tree = tree.ok_or_else(|| CoreError::Encoding {
                reason: "gradual routing needs the piece tree, which was not gathered".into(),
            })?;
            crate::plan_gradual::gradual_flows(issuer, tree, gathered.parties)?
        }
    };
    let instructions = number_instructions(flows, run_id)?;

    Ok(ClearingPlan {
        voucher: voucher.clone(),
        due_date,
        routing,
        payer: issuer.clone(),
        due,
        funded,
        allocations,
        lines,
        instructions,
    })
}

/// A payment before numbering: payer, payee, amount, step.
pub(crate) type Flow = (Bid, Bid, Fen, u32);

/// One line per payee, in order of each payee's first piece, with what its pieces receive.
/// `payees` holds the payee of each line that the allocations refer to.
fn total_lines(allocations: &[PieceAllocation], payees: &[&Bid]) -> Result<Vec<ClearingLine>> {
    let mut lines: Vec<ClearingLine> = payees
        .iter()
        .map(|&payee| ClearingLine {
            payee: payee.clone(),
            amount: Fen::ZERO,
            pieces: 0,
        })
        .collect();
    for allocation in allocations {
        let line = lines
            .get_mut(allocation.line as usize)
            .ok_or_else(|| unnumbered(allocation.line))?;
        line.amount = line.amount.checked_add(allocation.amount)?;
        line.pieces = line.pieces.saturating_add(1);
    }
    Ok(lines)
}

/// A party or line number that the gathering never gave out: a fault in this crate,
/// reported rather than risked as a wrong payment.
pub(crate) fn unnumbered(number: u32) -> SettlementError {
    CoreError::Encoding {
        reason: format!("number {number} was never assigned to a party or line"),
    }
    .into()
}

fn end_to_end_flows(issuer: &Bid, lines: &[ClearingLine]) -> Vec<Flow> {
    lines
        .iter()
        .filter(|line| &line.payee != issuer && !line.amount.is_zero())
        .map(|line| (issuer.clone(), line.payee.clone(), line.amount, 0))
        .collect()
}

/// Refuses a run id that is not itself an id or cannot prefix request numbers, whether or not
/// the plan ends up with any instruction to number.
fn check_run_id(run_id: &str) -> Result<()> {
    let first = format!("{run_id}-0001");
    match RequestNo::parse(run_id).and_then(|_| RequestNo::parse(&first)) {
        Ok(_) => Ok(()),
        Err(_) => Err(SettlementError::InvalidRunId(run_id.to_owned())),
    }
}

fn number_instructions(mut flows: Vec<Flow>, run_id: &str) -> Result<Vec<Instruction>> {
    // Stable: within a step, flows keep the order in which the plan first met them.
    flows.sort_by_key(|flow| flow.3);

    let mut instructions = Vec::with_capacity(flows.len());
    for (index, (payer, payee, amount, step)) in flows.into_iter().enumerate() {
        let seq = u32::try_from(index + 1)
            .map_err(|_| SettlementError::InvalidRunId(run_id.to_owned()))?;
        let request_no = RequestNo::parse(&format!("{run_id}-{seq:04}")).map_err(|_| {
            SettlementError::RunIdTooLong {
                run_id: run_id.to_owned(),
                seq,
            }
        })?;
        instructions.push(Instruction {
            seq,
            request_no,
            payer,
            payee,
            amount,
            step,
        });
    }
    Ok(instructions)
}
