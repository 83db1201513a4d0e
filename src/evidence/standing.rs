//! Where the pieces of the bundle's voucher stand: face, holder, state and what each has been
//! paid, followed through the voucher's events.
//!
//! A split creates its children in the sender's hands, so holders are followed for every piece
//! of the voucher, not only the bundle's own. The same following gives the consistency checks
//! the pieces a clearing plan is planned again from, with their parents and earlier holders.

use std::collections::BTreeMap;

use isf_core::{Bid, BizDate, Fen, PieceId, VoucherId};
use isf_finance::voucher::{Piece, PieceState, VoucherEvent, VoucherStatus};
use serde::Serialize;

use super::error::EvidenceError;
use super::lineage::Issue;

/// A piece as the bundle's events leave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PieceStanding {
    /// Face amount.
    pub face: Fen,
    /// Who holds it (the sender, while an offer waits for sign-receipt).
    pub holder: Bid,
    /// Where it stands.
    pub state: PieceState,
    /// What it has been paid at maturity.
    pub paid: Fen,
}

impl PieceStanding {
    /// Who is paid for it at maturity: the pledgee while a pledge stands, else the holder.
    pub fn payee(&self) -> &Bid {
        match &self.state {
            PieceState::Pledged { pledgee, .. } => pledgee,
            _ => &self.holder,
        }
    }

    /// What it is still owed.
    pub fn outstanding(&self) -> Fen {
        self.face.saturating_sub(self.paid)
    }
}

impl From<Piece> for PieceStanding {
    fn from(piece: Piece) -> PieceStanding {
        PieceStanding {
            face: piece.face,
            holder: piece.holder,
            state: piece.state,
            paid: piece.paid,
        }
    }
}

/// Follows `piece` of the voucher issued as `issue` through `events`.
pub(super) fn follow<'a>(
    issue: &Issue,
    piece: PieceId,
    events: impl IntoIterator<Item = &'a VoucherEvent>,
) -> Result<PieceStanding, EvidenceError> {
    let mut standings = Standings::new(issue.voucher.clone());
    for event in events {
        standings.apply(event)?;
    }
    standings
        .pieces
        .remove(&piece)
        .map(PieceStanding::from)
        .ok_or_else(|| EvidenceError::Lineage {
            piece: piece.to_string(),
            reason: "no event of the voucher creates it".to_owned(),
        })
}

/// Every piece of one voucher as the events so far leave it, in id order, which is the order
/// the platform created them in.
pub(super) struct Standings {
    voucher: VoucherId,
    root: Option<PieceId>,
    pieces: BTreeMap<PieceId, Piece>,
    status: VoucherStatus,
}

impl Standings {
    /// No piece of `voucher` yet.
    pub(super) fn new(voucher: VoucherId) -> Standings {
        Standings {
            voucher,
            root: None,
            pieces: BTreeMap::new(),
            status: VoucherStatus::Outstanding,
        }
    }

    /// Where `piece` stands, if an event created it.
    pub(super) fn get(&self, piece: PieceId) -> Option<&Piece> {
        self.pieces.get(&piece)
    }

    /// The root piece, once the voucher is issued.
    pub(super) fn root(&self) -> Option<PieceId> {
        self.root
    }

    /// Outstanding until the voucher matures or is cancelled.
    pub(super) fn status(&self) -> VoucherStatus {
        self.status
    }

    /// Every piece, in the order the platform created them.
    pub(super) fn pieces(&self) -> impl ExactSizeIterator<Item = &Piece> {
        self.pieces.values()
    }

    /// Moves the pieces `event` concerns, as the platform's voucher book does. Events of other
    /// vouchers, and of pieces no event created, change nothing.
    pub(super) fn apply(&mut self, event: &VoucherEvent) -> Result<(), EvidenceError> {
        match event {
            VoucherEvent::Issued {
                voucher,
                root,
                issuer,
                payee,
                face,
                issue_date,
                sign_deadline,
                ..
            } if *voucher == self.voucher => {
                if self.root.is_some() {
                    // One number, one voucher: a second issue would add a second root and
                    // face to what the bundle shows as one voucher.
                    return Err(EvidenceError::Lineage {
                        piece: root.to_string(),
                        reason: format!("voucher {voucher} is issued a second time"),
                    });
                }
                self.root = Some(*root);
                let state = PieceState::PendingSign {
                    recipient: payee.clone(),
                    deadline: *sign_deadline,
                };
                let piece = created(*root, None, 0, *face, issuer, state, *issue_date);
                self.pieces.insert(*root, piece);
            }
            VoucherEvent::Split {
                parent,
                children,
                on,
            } => {
                let Some(split) = self.pieces.get_mut(parent) else {
                    return Ok(());
                };
                split.state = PieceState::Split;
                let (sender, depth) = (split.holder.clone(), split.depth);
                for child in children {
                    let (state, depth) = match &child.recipient {
                        Some(recipient) => {
                            let offered = PieceState::PendingSign {
                                recipient: recipient.clone(),
                                deadline: child.deadline,
                            };
                            (offered, depth.saturating_add(1))
                        }
                        None => (PieceState::Held, depth),
                    };
                    let piece = created(
                        child.id,
                        Some(*parent),
                        depth,
                        child.face,
                        &sender,
                        state,
                        *on,
                    );
                    self.pieces.insert(child.id, piece);
                }
            }
            VoucherEvent::Signed { piece, holder } => {
                if let Some(piece) = self.pieces.get_mut(piece) {
                    piece.holder = holder.clone();
                    piece.state = PieceState::Held;
                }
            }
            VoucherEvent::Assigned { piece, funder } => {
                if let Some(piece) = self.pieces.get_mut(piece) {
                    let assignor = std::mem::replace(&mut piece.holder, funder.clone());
                    piece.previous_holders.push(assignor);
                    piece.state = PieceState::Held;
                }
            }
            VoucherEvent::OfferEnded { piece, .. } => {
                let ended = if Some(*piece) == self.root {
                    self.status = VoucherStatus::Cancelled;
                    PieceState::Cancelled
                } else {
                    PieceState::Held
                };
                self.set_state(*piece, ended);
            }
            VoucherEvent::Voided { voucher } if *voucher == self.voucher => {
                self.status = VoucherStatus::Cancelled;
                if let Some(root) = self.root {
                    self.set_state(root, PieceState::Cancelled);
                }
            }
            VoucherEvent::Matured { voucher, .. } if *voucher == self.voucher => {
                self.status = VoucherStatus::Matured;
            }
            VoucherEvent::Locked {
                piece,
                application,
                funder,
            } => {
                let locked = PieceState::Locked {
                    application: application.clone(),
                    funder: funder.clone(),
                };
                self.set_state(*piece, locked);
            }
            VoucherEvent::Pledged { piece, pledgee } => {
                let application = match self.pieces.get(piece).map(|s| &s.state) {
                    Some(PieceState::Locked { application, .. }) => application.clone(),
                    _ => String::new(),
                };
                let pledged = PieceState::Pledged {
                    application,
                    pledgee: pledgee.clone(),
                };
                self.set_state(*piece, pledged);
            }
            VoucherEvent::Unlocked { piece } | VoucherEvent::PledgeReleased { piece } => {
                self.set_state(*piece, PieceState::Held);
            }
            VoucherEvent::Paid { piece, amount } => {
                if let Some(standing) = self.pieces.get_mut(piece) {
                    standing.paid = standing.paid.checked_add(*amount)?;
                    if standing.paid > standing.face {
                        return Err(EvidenceError::Lineage {
                            piece: piece.to_string(),
                            reason: format!(
                                "it is paid {} on a face of {}",
                                standing.paid, standing.face
                            ),
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn set_state(&mut self, piece: PieceId, state: PieceState) {
        if let Some(standing) = self.pieces.get_mut(&piece) {
            standing.state = state;
        }
    }
}

/// A piece as an issue or a split creates it, in the sender's hands.
fn created(
    id: PieceId,
    parent: Option<PieceId>,
    depth: u32,
    face: Fen,
    holder: &Bid,
    state: PieceState,
    on: BizDate,
) -> Piece {
    Piece {
        id,
        // The piece's place among a book's vouchers: a bundle has no book, and neither
        // following nor planning reads it.
        voucher: 0,
        parent,
        depth,
        face,
        paid: Fen::ZERO,
        holder: holder.clone(),
        previous_holders: Vec::new(),
        state,
        created_on: on,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use isf_core::{BizDate, Hash32, VoucherId};
    use isf_finance::voucher::NewPiece;

    use super::*;

    fn bid(n: u8) -> Bid {
        Bid::parse(&format!("did:bid:ef{n:0>28}")).unwrap()
    }

    fn day() -> BizDate {
        BizDate::parse("2025-03-03").unwrap()
    }

    fn yuan(amount: i64) -> Fen {
        Fen::from_yuan(amount).unwrap()
    }

    fn issued() -> (Issue, VoucherEvent) {
        let voucher = VoucherId::parse("V-1").unwrap();
        let issue = Issue {
            voucher: voucher.clone(),
            issuer: bid(1),
            payee: bid(2),
            face: yuan(100),
            committed_date: day(),
            due_date: day(),
            commitment: Hash32::of(b"commitment"),
            root: PieceId(1),
        };
        let event = VoucherEvent::Issued {
            voucher,
            issuer: bid(1),
            payee: bid(2),
            face: yuan(100),
            issue_date: day(),
            committed_date: day(),
            due_date: day(),
            commitment: Hash32::of(b"commitment"),
            contracts: Vec::new(),
            invoices: Vec::new(),
            root: PieceId(1),
            sign_deadline: day(),
        };
        (issue, event)
    }

    /// Issue to 2, signed; 2 splits 60 to 3 (piece 2) and keeps 40 (piece 3).
    fn split_history() -> (Issue, Vec<VoucherEvent>) {
        let (issue, issued) = issued();
        let split = VoucherEvent::Split {
            parent: PieceId(1),
            children: vec![
                NewPiece {
                    id: PieceId(2),
                    face: yuan(60),
                    recipient: Some(bid(3)),
                    deadline: day(),
                },
                NewPiece {
                    id: PieceId(3),
                    face: yuan(40),
                    recipient: None,
                    deadline: day(),
                },
            ],
            on: day(),
        };
        let signed = VoucherEvent::Signed {
            piece: PieceId(1),
            holder: bid(2),
        };
        (issue, vec![issued, signed, split])
    }

    #[test]
    fn a_child_is_created_in_the_senders_hands_until_signed() {
        let (issue, mut events) = split_history();
        let offered = follow(&issue, PieceId(2), &events).unwrap();
        assert_eq!((offered.face, &offered.holder), (yuan(60), &bid(2)));
        assert!(
            matches!(offered.state, PieceState::PendingSign { ref recipient, .. } if *recipient == bid(3))
        );

        events.push(VoucherEvent::Signed {
            piece: PieceId(2),
            holder: bid(3),
        });
        let signed = follow(&issue, PieceId(2), &events).unwrap();
        assert_eq!(
            (&signed.holder, &signed.state),
            (&bid(3), &PieceState::Held)
        );

        let kept = follow(&issue, PieceId(3), &events).unwrap();
        assert_eq!(
            (kept.face, &kept.holder, &kept.state),
            (yuan(40), &bid(2), &PieceState::Held)
        );
        let parent = follow(&issue, PieceId(1), &events).unwrap();
        assert_eq!(parent.state, PieceState::Split);
    }

    #[test]
    fn a_pledge_keeps_the_holder_and_pays_the_pledgee() {
        let (issue, mut events) = split_history();
        events.push(VoucherEvent::Locked {
            piece: PieceId(3),
            application: "FA-1".into(),
            funder: bid(9),
        });
        events.push(VoucherEvent::Pledged {
            piece: PieceId(3),
            pledgee: bid(9),
        });
        events.push(VoucherEvent::Paid {
            piece: PieceId(3),
            amount: yuan(40),
        });
        let pledged = follow(&issue, PieceId(3), &events).unwrap();
        assert_eq!((&pledged.holder, pledged.payee()), (&bid(2), &bid(9)));
        let expected = PieceState::Pledged {
            application: "FA-1".into(),
            pledgee: bid(9),
        };
        assert_eq!((pledged.state, pledged.paid), (expected, yuan(40)));

        events.push(VoucherEvent::PledgeReleased { piece: PieceId(3) });
        let released = follow(&issue, PieceId(3), &events).unwrap();
        assert_eq!(
            (&released.state, released.payee()),
            (&PieceState::Held, &bid(2))
        );
    }

    #[test]
    fn an_offer_ended_returns_a_child_and_cancels_a_root() {
        let (issue, mut events) = split_history();
        events.push(VoucherEvent::OfferEnded {
            piece: PieceId(2),
            rejected: true,
        });
        let returned = follow(&issue, PieceId(2), &events).unwrap();
        assert_eq!(
            (&returned.holder, &returned.state),
            (&bid(2), &PieceState::Held)
        );

        let (issue, issued) = issued();
        let voided = VoucherEvent::Voided {
            voucher: issue.voucher.clone(),
        };
        let root = follow(&issue, PieceId(1), [&issued, &voided]).unwrap();
        assert_eq!(root.state, PieceState::Cancelled);
    }

    #[test]
    fn a_second_issue_of_the_voucher_is_refused() {
        let (issue, issued) = issued();
        let again = follow(&issue, PieceId(1), [&issued, &issued]).unwrap_err();
        assert!(matches!(again, EvidenceError::Lineage { .. }), "{again}");
    }

    #[test]
    fn a_piece_no_event_creates_is_refused() {
        let (issue, events) = split_history();
        let missing = follow(&issue, PieceId(7), &events).unwrap_err();
        assert!(
            matches!(missing, EvidenceError::Lineage { .. }),
            "{missing}"
        );
    }
}
