//! Text from a document made safe for a terminal.
//!
//! Much of what `isf verify` and `isf run` print comes from the bundle or scenario they read,
//! and such a file can be made by anyone. A control character (an ANSI escape, a carriage return, a newline) in a
//! legal name or a transaction hash could move the cursor and repaint what was printed before
//! it, such as who sealed a bundle; a bidirectional override could reorder it. Such characters
//! are printed as their `\u{..}` escape instead. Other characters, Chinese names included, are
//! printed as they are.

use std::borrow::Cow;

/// Every line of `text` made printable, each ended by a newline, so that nothing in it can
/// start a line of its own or repaint one already printed.
pub fn printable_lines(text: &str) -> String {
    text.lines().map(|line| printable(line) + "\n").collect()
}

/// `text` with every control or bidirectional formatting character replaced by its
/// `\u{..}` escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters (C0, DEL, C1) and the explicit bidirectional embeddings, overrides and
/// isolates of Unicode, which reorder the text around them.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        let spoof = "Core\u{1b}[2K\rsealed by did:bid:ef\u{9b}\n\u{7f}";
        assert_eq!(
            printable(spoof),
            "Core\\u{1b}[2K\\u{d}sealed by did:bid:ef\\u{9b}\\u{a}\\u{7f}"
        );
    }

    #[test]
    fn bidirectional_overrides_are_escaped() {
        assert_eq!(printable("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
    }

    #[test]
    fn plain_and_chinese_text_is_unchanged() {
        for text in [
            "Factoring company (保理公司)",
            "某某有限公司",
            "did:bid:ef2AuAJ",
            "",
        ] {
            assert!(matches!(printable(text), Cow::Borrowed(same) if same == text));
        }
    }
}
