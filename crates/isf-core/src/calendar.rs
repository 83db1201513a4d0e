//! The Chinese business calendar: public holidays and weekend make-up working days (调休).
