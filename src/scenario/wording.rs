//! Refusals in the scenario's own words: party ids for BIDs, piece labels for piece ids.
//!
//! The platform names parties by BID and pieces by number (`P6`); someone reading a scenario
//! knows them as `tier3` and `offer`.

use std::collections::HashMap;

use isf_core::{Bid, PieceId};

/// `text` with every known BID replaced by its party id and every known piece id by its label.
pub(super) fn in_scenario_words(
    text: &str,
    names: &HashMap<Bid, String>,
    labels: &HashMap<String, PieceId>,
) -> String {
    with_piece_labels(&with_party_ids(text, names), labels)
}

/// Longer BIDs go first, so that none is cut short by another that it begins with.
fn with_party_ids(text: &str, names: &HashMap<Bid, String>) -> String {
    let mut named: Vec<(&Bid, &String)> = names.iter().collect();
    named.sort_by_key(|(bid, _)| std::cmp::Reverse(bid.as_str().len()));
    named.into_iter().fold(text.to_owned(), |text, (bid, id)| {
        text.replace(bid.as_str(), id)
    })
}

/// Replaces each whole word `P<digits>` that numbers a labelled piece. A piece with several
/// labels is named by the first in sort order, so the wording never varies between runs.
fn with_piece_labels(text: &str, labels: &HashMap<String, PieceId>) -> String {
    let mut label_of: HashMap<u64, &str> = HashMap::new();
    for (label, id) in labels {
        let slot = label_of.entry(id.0).or_insert(label);
        if label.as_str() < *slot {
            *slot = label;
        }
    }

    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut after_word = false;
    while let Some(first) = rest.chars().next() {
        if first == 'P' && !after_word {
            let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            let end = 1 + digits;
            let whole = !rest[end..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
            let label = rest[1..end]
                .parse::<u64>()
                .ok()
                .and_then(|number| label_of.get(&number));
            if let (true, true, Some(label)) = (digits > 0, whole, label) {
                out.push_str(label);
                rest = &rest[end..];
                after_word = true;
                continue;
            }
        }
        out.push(first);
        after_word = first.is_alphanumeric() || first == '_';
        rest = &rest[first.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> HashMap<String, PieceId> {
        [("root", 1), ("offer", 6), ("t2", 2), ("alias", 2)]
            .into_iter()
            .map(|(label, id)| (label.to_owned(), PieceId(id)))
            .collect()
    }

    #[test]
    fn whole_piece_ids_become_labels() {
        let text = "sign window of P6 ended; cannot split P2 (P1, P16, XP6, P6a, P)";
        assert_eq!(
            with_piece_labels(text, &labels()),
            "sign window of offer ended; cannot split alias (root, P16, XP6, P6a, P)"
        );
    }

    #[test]
    fn text_around_ids_keeps_every_character() {
        let text = "金额 P6。P1";
        assert_eq!(with_piece_labels(text, &labels()), "金额 offer。root");
    }
}
