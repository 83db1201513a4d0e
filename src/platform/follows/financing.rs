//! Whether a financing entry follows from the past: an application by the holder of a piece
//! held free to a funder other than itself, quoted as its terms give; a funding by that funder
//! while the application still locks the piece; a withdrawal by the funder or the holder.

use isf_core::{Bid, PieceId};
use isf_finance::financing::{Application, ApplicationStatus, DiscountTerms, quote_discount};
use isf_finance::voucher::{PieceState, VoucherEvent};

use super::{Check, Prior, exactly, same, unexpected};
use crate::platform::command::FundingMode;
use crate::platform::event::PlatformEvent;

impl<P: Prior> Check<'_, P> {
    /// The holder locks the piece for `funder` and opens the application with the quote the
    /// signed terms give.
    pub(super) fn apply_financing(
        &self,
        piece: PieceId,
        application: &str,
        funder: &Bid,
        terms: &DiscountTerms,
    ) -> Result<(), String> {
        self.holds(piece, "apply for financing on")?;
        if funder == self.actor {
            // The platform refuses this as a transfer to oneself: the holder would pledge or
            // assign the piece to itself and show it financed.
            return Err(format!(
                "{} applies for financing of {piece} from itself",
                self.actor
            ));
        }
        let events = self.events;
        let [locked, PlatformEvent::FinancingApplied(applied)] = events else {
            return Err(unexpected(events, "voucher locked, financing_applied"));
        };
        let lock = VoucherEvent::Locked {
            piece,
            application: application.to_owned(),
            funder: funder.clone(),
        };
        exactly(
            std::slice::from_ref(locked),
            &[PlatformEvent::Voucher(lock)],
        )?;

        self.opens(applied, application)?;
        same("financed piece", &applied.piece, &piece)?;
        same("applicant", &applied.applicant, self.actor)?;
        same("funder", &applied.funder, funder)?;
        if &applied.terms != terms || applied.status != ApplicationStatus::Open {
            return Err("the application's terms or status differ from the command's".into());
        }
        self.quoted(applied, piece, terms)
    }

    /// The application is numbered as the command says, with a number never opened before.
    fn opens(&self, applied: &Application, application: &str) -> Result<(), String> {
        if applied.number != application {
            return Err(format!(
                "the application is numbered {:?} where the command says {application:?}",
                applied.number
            ));
        }
        if self.prior.application(application).is_some() {
            return Err(format!("application {application:?} was opened before"));
        }
        Ok(())
    }

    /// The quote rests on nothing but the piece, the dates and the signed terms.
    fn quoted(
        &self,
        applied: &Application,
        piece: PieceId,
        terms: &DiscountTerms,
    ) -> Result<(), String> {
        let held = self.outstanding(piece)?;
        let quote = quote_discount(held.face, self.date, held.due_date, terms)
            .map_err(|error| format!("the terms give no quote: {error}"))?;
        if applied.quote != quote {
            return Err("the quote is not the one the terms give".to_owned());
        }
        Ok(())
    }

    /// The funder applied to takes the piece, by assignment or pledge, and funds.
    pub(super) fn fund(&self, application: &str, mode: FundingMode) -> Result<(), String> {
        let opened = self.open_application(application)?;
        if &opened.funder != self.actor {
            return Err(format!(
                "{} funds application {application:?}, which was made to {}",
                self.actor, opened.funder
            ));
        }

        let piece = opened.piece;
        let taken = match mode {
            FundingMode::Assignment => VoucherEvent::Assigned {
                piece,
                funder: self.actor.clone(),
            },
            FundingMode::Pledge => VoucherEvent::Pledged {
                piece,
                pledgee: self.actor.clone(),
            },
        };
        let funded = PlatformEvent::FinancingFunded {
            application: application.to_owned(),
            mode,
        };
        exactly(self.events, &[PlatformEvent::Voucher(taken), funded])
    }

    /// The funder or the holder withdraws an open application, unlocking its piece.
    pub(super) fn withdraw(&self, application: &str) -> Result<(), String> {
        let opened = self.open_application(application)?;
        let piece = opened.piece;
        let holder = self.prior.piece(piece).map(|prior| prior.holder);
        if &opened.funder != self.actor && holder != Some(self.actor) {
            return Err(format!(
                "{} withdraws application {application:?}, which is not theirs",
                self.actor
            ));
        }

        let withdrawn = PlatformEvent::FinancingWithdrawn {
            application: application.to_owned(),
            piece,
        };
        let unlocked = PlatformEvent::Voucher(VoucherEvent::Unlocked { piece });
        exactly(self.events, &[unlocked, withdrawn])
    }

    /// An application that is open, with its piece still locked by it.
    fn open_application(&self, number: &str) -> Result<&Application, String> {
        let application = self
            .prior
            .application(number)
            .filter(|application| application.status == ApplicationStatus::Open)
            .ok_or_else(|| format!("application {number:?} was not open"))?;
        match self.outstanding(application.piece)?.state {
            PieceState::Locked {
                application: by, ..
            } if by == number => Ok(application),
            _ => Err(format!(
                "application {number:?} no longer locked {}",
                application.piece
            )),
        }
    }
}
