//! Yuan text for [`Fen`]: reading `¥1,234.56` and writing `1,234.56`.
//!
//! Reading works on the digits themselves and never passes through a float, so `17.08` is
//! exactly 1708 fen. The accepted shapes are narrow on purpose: anything a person could mean
//! two ways (a sign, an exponent, a third decimal, a stray separator) is refused rather than
//! guessed.

use std::fmt;
use std::str::FromStr;

use super::Fen;
use crate::error::{CoreError, Result};

/// The yen/yuan sign U+00A5 and its full-width form U+FFE5, both common in Chinese documents.
const YUAN_SIGNS: [char; 2] = ['¥', '￥'];

impl Fen {
    /// Reads an amount of yuan as people write it: `1234.56`, `1,234.56`, `¥1,234.56`,
    /// `￥1,234.56`, `1234.5`, `1234`, `0.01`.
    ///
    /// Accepted: surrounding ASCII whitespace; one `¥` or `￥` directly before the digits;
    /// digits without leading zeros, either with no thousands separators or with a `,` before
    /// every group of three; then optionally a `.` and one or two decimals.
    ///
    /// # Errors
    ///
    /// [`CoreError::AmountParse`] with the input and the reason: empty text, a sign (negative
    /// amounts are refused), an exponent, `NaN`/`inf` or any other stray character, more than
    /// one `.`, a `.` without digits on both sides, more than two decimals, a misplaced
    /// thousands separator, a leading zero, or an amount above [`Fen::MAX`].
    pub fn parse_yuan(text: &str) -> Result<Fen> {
        let refuse = |reason| CoreError::AmountParse {
            input: text.to_owned(),
            reason,
        };

        let body = text.trim_matches(|c: char| c.is_ascii_whitespace());
        let body = body.strip_prefix(YUAN_SIGNS).unwrap_or(body);
        check_characters(body).map_err(refuse)?;

        let (whole, decimals) = match body.split_once('.') {
            Some((whole, decimals)) => (whole, Some(decimals)),
            None => (body, None),
        };
        let yuan = read_whole(whole).map_err(refuse)?;
        let fen = read_decimals(decimals).map_err(refuse)?;

        yuan.checked_mul(100)
            .and_then(|whole_fen| whole_fen.checked_add(fen))
            .map(Fen)
            .ok_or_else(|| refuse("larger than the largest amount"))
    }

    /// The amount in yuan without thousands separators, always with two decimals: `1234.56`.
    pub fn to_yuan_string(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl FromStr for Fen {
    type Err = CoreError;

    /// Same as [`Fen::parse_yuan`].
    fn from_str(text: &str) -> Result<Fen> {
        Fen::parse_yuan(text)
    }
}

/// Writes `1,234.56`: thousands separators and always two decimals. Width and alignment
/// flags apply to the whole text, so amounts line up in tables.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = (self.0 / 100).to_string();
        let mut text = String::with_capacity(digits.len() * 4 / 3 + 4);

        for (position, digit) in digits.chars().enumerate() {
            let still_to_come = digits.len() - position;
            if position > 0 && still_to_come % 3 == 0 {
                text.push(',');
            }
            text.push(digit);
        }
        text.push('.');
        text.push_str(&format!("{:02}", self.0 % 100));

        f.pad(&text)
    }
}

/// Gives the first reason to refuse a character, before the shape is looked at, so that
/// `-1`, `1e5` and `NaN` are named for what they are.
fn check_characters(body: &str) -> Result<(), &'static str> {
    if body.is_empty() {
        return Err("empty");
    }
    if body.starts_with('-') {
        return Err("negative amounts are refused");
    }
    if body.starts_with('+') {
        return Err("a sign is not accepted");
    }

    let number_like = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    let exponent = |c: char| c == 'e' || c == 'E';
    if !body.chars().all(|c| number_like(c) || exponent(c)) {
        return Err("unexpected character");
    }
    if body.chars().any(exponent) {
        return Err("exponents are not accepted");
    }
    Ok(())
}

/// Whole yuan from digits with or without thousands separators.
fn read_whole(whole: &str) -> Result<i64, &'static str> {
    if whole.is_empty() {
        return Err("missing digits before the decimal point");
    }
    if whole.contains(',') && !well_grouped(whole) {
        return Err("misplaced thousands separator");
    }

    let mut digits = whole.bytes().filter(u8::is_ascii_digit).peekable();
    if digits.peek() == Some(&b'0') && whole.len() > 1 {
        return Err("leading zero");
    }
    digits.try_fold(0_i64, |yuan, digit| {
        yuan.checked_mul(10)
            .and_then(|tens| tens.checked_add(i64::from(digit - b'0')))
            .ok_or("larger than the largest amount")
    })
}

/// True when `,` separates groups of exactly three digits after a first group of one to three.
fn well_grouped(whole: &str) -> bool {
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| (1..=3).contains(&first.len()));
    first_ok && groups.all(|group| group.len() == 3)
}

/// Fen from the text after the decimal point: `5` is 50 fen, `05` is 5 fen.
fn read_decimals(decimals: Option<&str>) -> Result<i64, &'static str> {
    let Some(decimals) = decimals else {
        return Ok(0);
    };
    if decimals.contains('.') {
        return Err("more than one decimal point");
    }
    if decimals.contains(',') {
        return Err("thousands separator after the decimal point");
    }

    let digit = |b: u8| i64::from(b - b'0');
    match decimals.as_bytes() {
        [] => Err("missing digits after the decimal point"),
        [tenths] => Ok(digit(*tenths) * 10),
        [tenths, hundredths] => Ok(digit(*tenths) * 10 + digit(*hundredths)),
        _ => Err("more than two decimals"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fen(text: &str) -> i64 {
        Fen::parse_yuan(text).unwrap().get()
    }

    fn reason(text: &str) -> &'static str {
        match Fen::parse_yuan(text) {
            Err(CoreError::AmountParse { input, reason }) => {
                assert_eq!(input, text, "the error names the input");
                reason
            }
            other => panic!("{text:?} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn reads_the_forms_people_write() {
        assert_eq!(fen("1234.56"), 123_456);
        assert_eq!(fen("1,234.56"), 123_456);
        assert_eq!(fen("¥1,234.56"), 123_456);
        assert_eq!(fen("￥1,234.56"), 123_456);
        assert_eq!(fen("1234.5"), 123_450);
        assert_eq!(fen("1234"), 123_400);
        assert_eq!(fen("0.01"), 1);
        assert_eq!(fen("0"), 0);
        assert_eq!(fen(" \t1,234,567.89\n"), 123_456_789);
        assert_eq!(fen("1,000"), 100_000);
    }

    #[test]
    fn seventeen_point_zero_eight_is_exact() {
        // 17.08 has no exact binary float; a float path would give 1707 fen.
        assert_eq!(fen("17.08"), 1708);
        assert_eq!("17.08".parse::<Fen>().unwrap().get(), 1708);
    }

    #[test]
    fn reads_up_to_the_largest_amount() {
        assert_eq!(fen("92233720368547758.07"), i64::MAX);
        assert_eq!(fen("92,233,720,368,547,758.07"), i64::MAX);
        assert_eq!(
            reason("92233720368547758.08"),
            "larger than the largest amount"
        );
        assert_eq!(
            reason("92233720368547759"),
            "larger than the largest amount"
        );
        assert_eq!(
            reason("99999999999999999999999"),
            "larger than the largest amount"
        );
    }

    #[test]
    fn refuses_what_could_be_misread() {
        assert_eq!(reason("1.234"), "more than two decimals");
        assert_eq!(reason("1.2.3"), "more than one decimal point");
        assert_eq!(reason("12,34.56"), "misplaced thousands separator");
        assert_eq!(reason("1,2345"), "misplaced thousands separator");
        assert_eq!(reason(",123"), "misplaced thousands separator");
        assert_eq!(reason("1,234,"), "misplaced thousands separator");
        assert_eq!(reason("1234,567"), "misplaced thousands separator");
        assert_eq!(
            reason("1.23,4"),
            "thousands separator after the decimal point"
        );
        assert_eq!(reason(""), "empty");
        assert_eq!(reason("   "), "empty");
        assert_eq!(reason("¥"), "empty");
        assert_eq!(reason("NaN"), "unexpected character");
        assert_eq!(reason("inf"), "unexpected character");
        assert_eq!(reason("1e5"), "exponents are not accepted");
        assert_eq!(reason("1E5"), "exponents are not accepted");
        assert_eq!(reason("-1"), "negative amounts are refused");
        assert_eq!(reason("+1"), "a sign is not accepted");
        assert_eq!(reason("1.00元"), "unexpected character");
        assert_eq!(reason("abc1"), "unexpected character");
        assert_eq!(reason("¥ 1"), "unexpected character");
        assert_eq!(reason("1 000"), "unexpected character");
        assert_eq!(reason("."), "missing digits before the decimal point");
        assert_eq!(reason(".5"), "missing digits before the decimal point");
        assert_eq!(reason("5."), "missing digits after the decimal point");
        assert_eq!(reason("01.00"), "leading zero");
        assert_eq!(reason("0,123"), "leading zero");
        assert_eq!(reason("¥¥1"), "unexpected character");
    }

    #[test]
    fn displays_with_separators_and_two_decimals() {
        let show = |fen| Fen::new(fen).unwrap().to_string();
        assert_eq!(show(0), "0.00");
        assert_eq!(show(1), "0.01");
        assert_eq!(show(1708), "17.08");
        assert_eq!(show(100_000), "1,000.00");
        assert_eq!(show(123_456), "1,234.56");
        assert_eq!(show(12_345_678_901), "123,456,789.01");
        assert_eq!(show(i64::MAX), "92,233,720,368,547,758.07");
        assert_eq!(
            format!("[{:>10}]", Fen::new(123_456).unwrap()),
            "[  1,234.56]"
        );
    }

    #[test]
    fn yuan_string_has_no_separators() {
        let amount = Fen::new(123_456_789).unwrap();
        assert_eq!(amount.to_yuan_string(), "1234567.89");
        assert_eq!(Fen::ZERO.to_yuan_string(), "0.00");
        assert_eq!(Fen::parse_yuan(&amount.to_yuan_string()).unwrap(), amount);
        assert_eq!(Fen::parse_yuan(&amount.to_string()).unwrap(), amount);
    }
}
