//! Where the bundle's piece stands after the last entry: its face, who holds it, its state and
//! what it has been paid, followed through the voucher's events.
//!
//! A split creates its children in the sender's hands, so holders are followed for every piece
//! of the voucher, not only the bundle's own.

use std::collections::HashMap;

use isf_core::{Bid, Fen, PieceId};
use isf_finance::voucher::{PieceState, VoucherEvent};
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
}

/// Follows `piece` of the voucher issued as `issue` through `events`.
pub(super) fn follow<'a>(
    issue: &Issue,
    piece: PieceId,
    events: impl IntoIterator<Item = &'a VoucherEvent>,
) -> Result<PieceStanding, EvidenceError> {
    let mut holders: HashMap<PieceId, Bid> = HashMap::new();
    let mut standing: Option<PieceStanding> = None;
    for event in events {
        match event {
            VoucherEvent::Issued {
                root,
                issuer,
                payee,
                face,
                sign_deadline,
                ..
            } if *root == issue.root => {
                holders.insert(*root, issuer.clone());
                if *root == piece {
                    let state = PieceState::PendingSign {
                        recipient: payee.clone(),
                        deadline: *sign_deadline,
                    };
                    standing = Some(created(*face, issuer, state));
                }
            }
            VoucherEvent::Split {
                parent, children, ..
            } => {
                let Some(sender) = holders.get(parent).cloned() else {
                    continue;
                };
                for child in children {
                    if child.id == piece {
                        let state = match &child.recipient {
                            Some(recipient) => PieceState::PendingSign {
                                recipient: recipient.clone(),
                                deadline: child.deadline,
                            },
                            None => PieceState::Held,
                        };
                        standing = Some(created(child.face, &sender, state));
                    }
                    holders.insert(child.id, sender.clone());
                }
                if *parent == piece {
                    set_state(&mut standing, PieceState::Split);
                }
            }
            VoucherEvent::Signed { piece: id, holder } => {
                holders.insert(*id, holder.clone());
                if *id == piece {
                    set_holder(&mut standing, holder);
                    set_state(&mut standing, PieceState::Held);
                }
            }
            VoucherEvent::Assigned { piece: id, funder } => {
                holders.insert(*id, funder.clone());
                if *id == piece {
                    set_holder(&mut standing, funder);
                    set_state(&mut standing, PieceState::Held);
                }
            }
            VoucherEvent::OfferEnded { piece: id, .. } if *id == piece => {
                let ended = if piece == issue.root {
                    PieceState::Cancelled
                } else {
                    PieceState::Held
                };
                set_state(&mut standing, ended);
            }
            VoucherEvent::Voided { voucher }
                if voucher == &issue.voucher && piece == issue.root =>
            {
                set_state(&mut standing, PieceState::Cancelled);
            }
            VoucherEvent::Locked {
                piece: id,
                application,
                funder,
            } if *id == piece => {
                let locked = PieceState::Locked {
                    application: application.clone(),
                    funder: funder.clone(),
                };
                set_state(&mut standing, locked);
            }
            VoucherEvent::Pledged { piece: id, pledgee } if *id == piece => {
                let application = match standing.as_ref().map(|s| &s.state) {
                    Some(PieceState::Locked { application, .. }) => application.clone(),
                    _ => String::new(),
                };
                let pledged = PieceState::Pledged {
                    application,
                    pledgee: pledgee.clone(),
                };
                set_state(&mut standing, pledged);
            }
            VoucherEvent::Unlocked { piece: id } | VoucherEvent::PledgeReleased { piece: id }
                if *id == piece =>
            {
                set_state(&mut standing, PieceState::Held);
            }
            VoucherEvent::Paid { piece: id, amount } if *id == piece => {
                if let Some(standing) = &mut standing {
                    standing.paid = standing.paid.checked_add(*amount)?;
                }
            }
            _ => {}
        }
    }
    standing.ok_or_else(|| EvidenceError::Lineage {
        piece: piece.to_string(),
        reason: "no event of the voucher creates it".to_owned(),
    })
}

fn created(face: Fen, holder: &Bid, state: PieceState) -> PieceStanding {
    PieceStanding {
        face,
        holder: holder.clone(),
        state,
        paid: Fen::ZERO,
    }
}

fn set_state(standing: &mut Option<PieceStanding>, state: PieceState) {
    if let Some(standing) = standing {
        standing.state = state;
    }
}

fn set_holder(standing: &mut Option<PieceStanding>, holder: &Bid) {
    if let Some(standing) = standing {
        standing.holder = holder.clone();
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
    fn a_piece_no_event_creates_is_refused() {
        let (issue, events) = split_history();
        let missing = follow(&issue, PieceId(7), &events).unwrap_err();
        assert!(
            matches!(missing, EvidenceError::Lineage { .. }),
            "{missing}"
        );
    }
}
