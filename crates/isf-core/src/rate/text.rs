//! Percent text for [`Rate`]: reading `4.35%` and writing `4.35%`.
//!
//! The `%` sign is required: a bare `0.0435` could be a fraction or a percent, and a rate read
//! in the wrong unit is off by a factor of a hundred. Four decimals of percent are exactly one
//! ppm, so nothing finer is accepted.

use std::fmt;
use std::str::FromStr;

use super::Rate;
use crate::error::{CoreError, Result};

/// Parts per million in one percent.
const PPM_PER_PERCENT: u64 = 10_000;

impl Rate {
    /// Reads an annual rate written in percent: `4.35%`, `4.35 %`, `12%`, `0.0001%`.
    ///
    /// Accepted: surrounding ASCII whitespace; digits without leading zeros, optionally a `.`
    /// and one to four decimals; optional ASCII whitespace; then `%`.
    ///
    /// # Errors
    ///
    /// [`CoreError::RateParse`] with the input and the reason: empty text, a sign (negative
    /// rates are refused), a missing `%`, an exponent or any other stray character, a `.`
    /// without digits on both sides, more than four decimals, a leading zero, or a rate above
    /// [`Rate::MAX_PPM`].
    pub fn parse(text: &str) -> Result<Rate> {
        let refuse = |reason| CoreError::RateParse {
            input: text.to_owned(),
            reason,
        };

        let body = text.trim_matches(|c: char| c.is_ascii_whitespace());
        let number = strip_percent(body).map_err(refuse)?;
        check_characters(number).map_err(refuse)?;

        let (whole, decimals) = match number.split_once('.') {
            Some((whole, decimals)) => (whole, decimals),
            None => (number, ""),
        };
        if whole.is_empty() {
            return Err(refuse("missing digits before the decimal point"));
        }
        if whole.len() > 1 && whole.starts_with('0') {
            return Err(refuse("leading zero"));
        }
        if number.contains('.') && decimals.is_empty() {
            return Err(refuse("missing digits after the decimal point"));
        }
        if decimals.contains('.') {
            return Err(refuse("more than one decimal point"));
        }
        if decimals.len() > 4 {
            return Err(refuse("more than four decimals of percent"));
        }

        let too_large = || refuse("above the largest rate, 1000% a year");
        let ppm = read_ppm(whole, decimals).ok_or_else(too_large)?;
        u32::try_from(ppm)
            .ok()
            .filter(|&ppm| ppm <= Rate::MAX_PPM)
            .map(Rate)
            .ok_or_else(too_large)
    }
}

impl FromStr for Rate {
    type Err = CoreError;

    /// Same as [`Rate::parse`].
    fn from_str(text: &str) -> Result<Rate> {
        Rate::parse(text)
    }
}

/// Writes the rate in percent with at least two and at most four decimals: `4.35%`, `4.00%`,
/// `4.3512%`.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ppm = u64::from(self.0);
        let whole = ppm / PPM_PER_PERCENT;
        let decimals = format!("{:04}", ppm % PPM_PER_PERCENT);

        let significant = decimals.trim_end_matches('0').len().max(2);
        let decimals = decimals.get(..significant).unwrap_or(&decimals);
        f.pad(&format!("{whole}.{decimals}%"))
    }
}

fn strip_percent(body: &str) -> Result<&str, &'static str> {
    if body.is_empty() {
        return Err("empty");
    }
    if body.starts_with('-') {
        return Err("negative rates are refused");
    }
    if body.starts_with('+') {
        return Err("a sign is not accepted");
    }

    let number = body
        .strip_suffix('%')
        .ok_or("missing % sign; write the rate in percent, such as 4.35%")?;
    Ok(number.trim_end_matches(|c: char| c.is_ascii_whitespace()))
}

fn check_characters(number: &str) -> Result<(), &'static str> {
    let exponent = |c: char| c == 'e' || c == 'E';
    let allowed = |c: char| c.is_ascii_digit() || c == '.' || exponent(c);
    if !number.chars().all(allowed) {
        return Err("unexpected character");
    }
    if number.chars().any(exponent) {
        return Err("exponents are not accepted");
    }
    Ok(())
}

/// `whole.decimals` percent in ppm, or `None` when it outgrows `u64` (long before which it is
/// above the largest rate anyway).
fn read_ppm(whole: &str, decimals: &str) -> Option<u64> {
    let digits = |text: &str, start: u64| {
        text.bytes().try_fold(start, |value, digit| {
            value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
    };

    let percent = digits(whole, 0)?;
    let padding = 10_u64.pow(4 - decimals.len() as u32);
    let fraction = digits(decimals, 0)? * padding;
    percent.checked_mul(PPM_PER_PERCENT)?.checked_add(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ppm(text: &str) -> u32 {
        Rate::parse(text).unwrap().ppm()
    }

    fn reason(text: &str) -> &'static str {
        match Rate::parse(text) {
            Err(CoreError::RateParse { input, reason }) => {
                assert_eq!(input, text, "the error names the input");
                reason
            }
            other => panic!("{text:?} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn reads_percent() {
        assert_eq!(ppm("4.35%"), 43_500);
        assert_eq!(ppm("4.35 %"), 43_500);
        assert_eq!(ppm(" 4.35%\n"), 43_500);
        assert_eq!(ppm("2.62%"), 26_200);
        assert_eq!(ppm("12%"), 120_000);
        assert_eq!(ppm("0%"), 0);
        assert_eq!(ppm("0.0001%"), 1);
        assert_eq!(ppm("4.3512%"), 43_512);
        assert_eq!(ppm("4.5%"), 45_000);
        assert_eq!(ppm("1000%"), 10_000_000);
        assert_eq!("4.35%".parse::<Rate>().unwrap().ppm(), 43_500);
    }

    #[test]
    fn refuses_ambiguous_or_malformed_rates() {
        let missing = "missing % sign; write the rate in percent, such as 4.35%";
        assert_eq!(reason("0.0435"), missing);
        assert_eq!(reason("4.35"), missing);
        assert_eq!(reason("4.35%%"), "unexpected character");
        assert_eq!(reason("4.35‰"), missing);
        assert_eq!(reason("4.35001%"), "more than four decimals of percent");
        assert_eq!(reason("-4.35%"), "negative rates are refused");
        assert_eq!(reason("+4.35%"), "a sign is not accepted");
        assert_eq!(reason("1e2%"), "exponents are not accepted");
        assert_eq!(reason(""), "empty");
        assert_eq!(reason(" "), "empty");
        assert_eq!(reason("%"), "missing digits before the decimal point");
        assert_eq!(reason("abc%"), "unexpected character");
        assert_eq!(reason("NaN%"), "unexpected character");
        assert_eq!(reason("4,35%"), "unexpected character");
        assert_eq!(reason("4. 35%"), "unexpected character");
        assert_eq!(reason(".5%"), "missing digits before the decimal point");
        assert_eq!(reason("5.%"), "missing digits after the decimal point");
        assert_eq!(reason("1.2.3%"), "more than one decimal point");
        assert_eq!(reason("04.35%"), "leading zero");
        assert_eq!(reason("1000.0001%"), "above the largest rate, 1000% a year");
        assert_eq!(
            reason("99999999999999999999999%"),
            "above the largest rate, 1000% a year"
        );
    }

    #[test]
    fn displays_percent_with_two_to_four_decimals() {
        let show = |ppm| Rate::from_ppm(ppm).unwrap().to_string();
        assert_eq!(show(43_500), "4.35%");
        assert_eq!(show(40_000), "4.00%");
        assert_eq!(show(43_512), "4.3512%");
        assert_eq!(show(43_510), "4.351%");
        assert_eq!(show(45_000), "4.50%");
        assert_eq!(show(1), "0.0001%");
        assert_eq!(show(0), "0.00%");
        assert_eq!(show(10_000_000), "1000.00%");
        assert_eq!(
            format!("[{:>7}]", Rate::from_ppm(43_500).unwrap()),
            "[  4.35%]"
        );
    }

    #[test]
    fn display_reads_back() {
        for ppm in [0, 1, 10, 100, 999, 43_500, 43_512, 9_999_999, 10_000_000] {
            let rate = Rate::from_ppm(ppm).unwrap();
            assert_eq!(Rate::parse(&rate.to_string()).unwrap(), rate);
        }
    }
}
