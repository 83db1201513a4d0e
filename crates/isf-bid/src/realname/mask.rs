//! Masking of identity numbers for display and logs.

/// Keeps the first `front` and last `back` characters of `text` and replaces every character
/// in between with `*`, so the result has as many characters as the input. Text too short to
/// keep both ends is masked entirely: a short fragment could otherwise be shown whole.
///
/// ```
/// use isf_bid::realname::mask_middle;
///
/// assert_eq!(mask_middle("11010519491231002X", 4, 4), "1101**********002X");
/// assert_eq!(mask_middle("12345", 4, 4), "*****");
/// ```
pub fn mask_middle(text: &str, front: usize, back: usize) -> String {
    let count = text.chars().count();
    if count <= front.saturating_add(back) {
        return "*".repeat(count);
    }

    let hidden_end = count - back;
    text.chars()
        .enumerate()
        .map(|(index, character)| {
            if index < front || index >= hidden_end {
                character
            } else {
                '*'
            }
        })
        .collect()
}
