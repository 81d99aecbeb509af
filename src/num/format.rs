//! How numbers are written: LaTeX math (shared by Markdown `$...$` and `.tex`) and plain text.

use std::fmt::{self, Write};

use super::{Q, Real};

/// Places a non-terminating or approximate value is rounded to when written as a decimal.
pub const DECIMAL_PLACES: u32 = 4;

/// The decimal digits of an unsigned integer, written right to left into a stack buffer.
///
/// What `n.to_string()` writes, without the formatting machinery or a heap allocation: every
/// number of every worked step is written through here.
pub struct Digits {
    buf: [u8; 39],
    start: usize,
}

impl Digits {
    /// The digits of `n` (`u128::MAX` has 39).
    pub fn of(n: u128) -> Digits {
        let mut digits = Digits {
            buf: [0; 39],
            start: 39,
        };
        // Machine words divide much faster than double words: most numbers are small.
        match u64::try_from(n) {
            Ok(mut n) => loop {
                digits.start -= 1;
                digits.buf[digits.start] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            },
            Err(_) => {
                let mut n = n;
                while n > 0 {
                    digits.start -= 1;
                    digits.buf[digits.start] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
            }
        }
        digits
    }

    /// The digits, as ASCII bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes()).expect("ASCII digits")
    }

    /// Appends the digits to `out`.
    pub fn push_to(&self, out: &mut String) {
        push_ascii(out, self.bytes());
    }
}

/// Appends ASCII bytes to `out` (character by character: cheaper than checking them as UTF-8
/// for the few digits of a number).
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// Appends the decimal with the integer `digits` scaled down by `10^places`: the digits with a
/// point `places` from the right (`0.` and zeros in front when they are fewer), `-` first when
/// `negative`.
pub(super) fn push_point(out: &mut String, negative: bool, digits: &[u8], places: usize) {
    if negative {
        out.push('-');
    }
    if places == 0 {
        push_ascii(out, digits);
    } else if digits.len() > places {
        let (int_part, frac_part) = digits.split_at(digits.len() - places);
        push_ascii(out, int_part);
        out.push('.');
        push_ascii(out, frac_part);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', places - digits.len()));
        push_ascii(out, digits);
    }
}

/// Appends `n` in decimal (a `-` first when negative), as `n.to_string()` writes it.
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    Digits::of(n.unsigned_abs().into()).push_to(out);
}

/// LaTeX for an exact number: `3`, `-\frac{1}{2}`; terminating decimals stay fractions
/// unless `decimal` is set, then `-0.5` (non-terminating values stay fractions).
pub fn tex_num(q: &Q) -> String {
    let mut out = String::with_capacity(16);
    push_tex_num(&mut out, q);
    out
}

/// Appends [`tex_num`] of `q` to `out`.
pub fn push_tex_num(out: &mut String, q: &Q) {
    match q.small_parts() {
        Some((n, 1)) => push_grouped(out, n < 0, Digits::of(n.unsigned_abs().into()).bytes()),
        Some((n, d)) => {
            if n < 0 {
                out.push('-');
            }
            out.push_str("\\frac{");
            Digits::of(n.unsigned_abs().into()).push_to(out);
            out.push_str("}{");
            Digits::of(d.unsigned_abs().into()).push_to(out);
            out.push('}');
        }
        None if q.is_integer() => {
            let digits = q.to_string();
            let (negative, body) = match digits.strip_prefix('-') {
                Some(body) => (true, body),
                None => (false, digits.as_str()),
            };
            push_grouped(out, negative, body.as_bytes());
        }
        None => {
            let sign = if q.is_negative() { "-" } else { "" };
            // Writing into a `String` cannot fail.
            let _ = write!(
                out,
                "{sign}\\frac{{{}}}{{{}}}",
                q.numer().magnitude(),
                q.denom()
            );
        }
    }
}

/// Appends the digits `body` of an integer (after a `-` when `negative`), grouped in threes
/// when it has five or more digits: `102{,}400`.
fn push_grouped(out: &mut String, negative: bool, body: &[u8]) {
    if negative {
        out.push('-');
    }
    if body.len() < 5 {
        push_ascii(out, body);
        return;
    }
    for (i, &c) in body.iter().enumerate() {
        if i > 0 && (body.len() - i) % 3 == 0 {
            out.push_str("{,}");
        }
        out.push(char::from(c));
    }
}

/// [`tex_num`], wrapped in parentheses when negative (for products: `3 \cdot (-2)`).
pub fn tex_paren(q: &Q) -> String {
    let mut out = String::with_capacity(24);
    push_tex_paren(&mut out, q);
    out
}

/// Appends [`tex_paren`] of `q` to `out`.
pub fn push_tex_paren(out: &mut String, q: &Q) {
    if q.is_negative() {
        out.push_str("\\left(");
        push_tex_num(out, q);
        out.push_str("\\right)");
    } else {
        push_tex_num(out, q);
    }
}

/// LaTeX for a real: exact values as [`tex_num`], approximations as `\approx`-free
/// decimals rounded to [`DECIMAL_PLACES`].
pub fn tex_real(r: &Real) -> String {
    let mut out = String::with_capacity(16);
    push_tex_real(&mut out, r);
    out
}

/// Appends [`tex_real`] of `r` to `out`.
pub fn push_tex_real(out: &mut String, r: &Real) {
    match r {
        Real::Exact(q) => push_tex_num(out, q),
        Real::Approx(q) => q.push_decimal(out, DECIMAL_PLACES),
    }
}

/// A row vector `\begin{bmatrix} a & b \end{bmatrix}`.
pub fn tex_row(values: &[String]) -> String {
    format!("\\begin{{bmatrix}} {} \\end{{bmatrix}}", values.join(" & "))
}

/// A column vector `\begin{bmatrix} a \\ b \end{bmatrix}`.
pub fn tex_col(values: &[String]) -> String {
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        values.join(" \\\\ ")
    )
}

/// A matrix from rows of entries.
pub fn tex_matrix(rows: &[Vec<String>]) -> String {
    let body: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        body.join(" \\\\ ")
    )
}

/// Plain list `[a, b, c]`.
pub fn plain_list<T: fmt::Display>(values: &[T]) -> String {
    let parts: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// A tensor shape such as `[N, C, H, W]`, written `[1 \times 3 \times 224 \times 224]` in
/// LaTeX (the exam's notation) and `[1, 3, 224, 224]` as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape(pub Vec<Q>);

impl Shape {
    /// LaTeX math for the shape.
    pub fn tex(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(tex_num).collect();
        format!("[{}]", parts.join(" \\times "))
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&plain_list(&self.0))
    }
}

/// The decimal exponent of a non-zero value: the `e` with `10^e <= |q| < 10^(e+1)` (0 for zero).
pub fn decimal_exponent(q: &Q) -> i32 {
    q.decimal_exponent()
}

/// `10^e` for any integer `e`.
pub fn ten_to(e: i32) -> Q {
    let p = Q::int(10).pow(e.unsigned_abs());
    if e >= 0 {
        p
    } else {
        p.recip().expect("10^n is not zero")
    }
}

/// `q` rounded to `sig` significant digits, as (mantissa in [1, 10), exponent); zero is (0, 0).
fn significant(q: &Q, sig: u32) -> (Q, i32) {
    if q.is_zero() {
        return (Q::zero(), 0);
    }
    let mut e = decimal_exponent(q);
    let mut mantissa = q.mul_pow10(-e).round_to(sig.saturating_sub(1));
    if mantissa.abs() >= Q::int(10) {
        e += 1;
        mantissa = mantissa.mul_pow10(-1).round_to(sig.saturating_sub(1));
    }
    (mantissa, e)
}

/// LaTeX scientific notation with `sig` significant digits, trailing zeros kept:
/// `-9.999 \times 10^{-4}`, `1.0 \times 10^{-8}` (sig = 2).
pub fn tex_sci(q: &Q, sig: u32) -> String {
    let (mantissa, e) = significant(q, sig);
    format!(
        "{} \\times 10^{{{e}}}",
        mantissa.to_decimal_string(sig.saturating_sub(1))
    )
}

/// `q` rounded to `sig` significant digits (trailing zeros kept): a plain decimal when
/// `10^-3 <= |q| < 10^6` (`0.9990`, `12.35`), else [`tex_sci`] (`2.500 \times 10^{-4}`).
pub fn tex_sig(q: &Q, sig: u32) -> String {
    let (mantissa, e) = significant(q, sig);
    if mantissa.is_zero() {
        return "0".into();
    }
    if (-3..6).contains(&e) {
        let places = (sig as i32 - 1 - e).max(0) as u32;
        mantissa.mul_pow10(e).to_decimal_string(places)
    } else {
        tex_sci(q, sig)
    }
}

/// An exact terminating decimal of at most `max_sig` significant digits, in LaTeX: plain when
/// `10^-3 <= |q| < 10^6` (`0.00125`), else scientific (`1 \times 10^{-8}`, `2.5 \times 10^{-4}`).
/// `None` when the value needs more digits or does not terminate.
pub fn tex_exact_decimal(q: &Q, max_sig: u32) -> Option<String> {
    if q.is_zero() {
        return Some("0".into());
    }
    if !q.is_terminating() {
        return None;
    }
    match ExactDecimal::of(q) {
        Some(exact) => exact.tex(max_sig),
        None => exact_decimal_by_rationals(q, max_sig),
    }
}

/// [`tex_exact_decimal`] of a non-zero terminating value, with rational arithmetic (any size).
fn exact_decimal_by_rationals(q: &Q, max_sig: u32) -> Option<String> {
    let e = decimal_exponent(q);
    let mantissa = q.mul_pow10(-e);
    let places = mantissa.decimal_places(max_sig.saturating_sub(1))?;
    if (-3..6).contains(&e) {
        let total = (places as i32 - e).max(0) as u32;
        Some(q.to_decimal_string(total))
    } else {
        Some(format!(
            "{} \\times 10^{{{e}}}",
            mantissa.to_decimal_string(places)
        ))
    }
}

/// A non-zero terminating decimal `±digits / 10^places` read off a word-sized value: the fast
/// path of [`tex_exact_decimal`], which needs no rational arithmetic.
struct ExactDecimal {
    negative: bool,
    digits: u64,
    places: u32,
}

impl ExactDecimal {
    /// The decimal of a non-zero terminating `q`, when its parts and its digits are words.
    fn of(q: &Q) -> Option<ExactDecimal> {
        let (n, d) = q.small_parts()?;
        // d = 2^a 5^b, so n/d = n 2^(p-a) 5^(p-b) / 10^p with p = max(a, b).
        let twos = d.trailing_zeros();
        let (mut rest, mut fives) = (d >> twos, 0);
        while rest % 5 == 0 {
            rest /= 5;
            fives += 1;
        }
        debug_assert_eq!(rest, 1, "a terminating value");
        let places = twos.max(fives);
        let scale = 2u64
            .checked_pow(places - twos)?
            .checked_mul(5u64.checked_pow(places - fives)?)?;
        Some(ExactDecimal {
            negative: n < 0,
            digits: n.unsigned_abs().checked_mul(scale)?,
            places,
        })
    }

    /// [`tex_exact_decimal`] of the value.
    ///
    /// With `len` digits the leading one has the exponent `e = len - 1 - places`. Only an
    /// integer (`places = 0`) ends in zeros: dropping them leaves the significant digits.
    /// The plain form writes all `places` digits, the scientific one the significant digits
    /// with the point after the first.
    fn tex(&self, max_sig: u32) -> Option<String> {
        let digits = Digits::of(self.digits.into());
        let all = digits.bytes();
        let e = all.len() as i32 - 1 - self.places as i32;
        let zeros = all.iter().rev().take_while(|&&b| b == b'0').count();
        let significant = &all[..all.len() - zeros];
        if significant.len() - 1 > max_sig.saturating_sub(1) as usize {
            return None;
        }
        let mut out = String::with_capacity(all.len() + 24);
        if (-3..6).contains(&e) {
            push_point(&mut out, self.negative, all, self.places as usize);
        } else {
            push_point(&mut out, self.negative, significant, significant.len() - 1);
            // Writing into a `String` cannot fail.
            let _ = write!(out, " \\times 10^{{{e}}}");
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_fractions_and_signs() {
        assert_eq!(tex_num(&Q::frac(-1, 2)), "-\\frac{1}{2}");
        assert_eq!(tex_num(&Q::int(181)), "181");
        assert_eq!(tex_num(&Q::int(1600)), "1600");
        assert_eq!(tex_num(&Q::int(-102400)), "-102{,}400");
        assert_eq!(tex_num(&Q::int(34944)), "34{,}944");
        assert_eq!(tex_paren(&Q::int(-2)), "\\left(-2\\right)");
        assert_eq!(Shape(vec![Q::int(1), Q::int(64)]).tex(), "[1 \\times 64]");
        assert_eq!(Shape(vec![Q::int(1), Q::int(64)]).to_string(), "[1, 64]");
    }

    #[test]
    fn scientific_and_significant_digits() {
        let q = |s: &str| s.parse::<Q>().unwrap();
        assert_eq!(decimal_exponent(&q("0.00099")), -4);
        assert_eq!(decimal_exponent(&q("1000")), 3);
        assert_eq!(decimal_exponent(&q("-1/3")), -1);
        assert_eq!(tex_sci(&q("1e-8"), 2), "1.0 \\times 10^{-8}");
        assert_eq!(tex_sci(&q("-0.00099996"), 4), "-1.000 \\times 10^{-3}");
        assert_eq!(tex_sig(&Q::frac(2, 3), 4), "0.6667");
        assert_eq!(tex_sig(&q("12.3456"), 4), "12.35");
        assert_eq!(tex_sig(&q("9.99996"), 4), "10.00");
        assert_eq!(tex_sig(&q("0.00025"), 4), "2.500 \\times 10^{-4}");
        assert_eq!(tex_sig(&q("0.999"), 4), "0.9990");
        assert_eq!(tex_sig(&q("1234567"), 3), "1.23 \\times 10^{6}");
        assert_eq!(tex_sig(&Q::zero(), 4), "0");
        assert_eq!(
            tex_exact_decimal(&q("1e-8"), 6).as_deref(),
            Some("1 \\times 10^{-8}")
        );
        assert_eq!(
            tex_exact_decimal(&q("-0.00025"), 6).as_deref(),
            Some("-2.5 \\times 10^{-4}")
        );
        assert_eq!(
            tex_exact_decimal(&q("0.00125"), 6).as_deref(),
            Some("0.00125")
        );
        assert_eq!(tex_exact_decimal(&q("0.999"), 6).as_deref(), Some("0.999"));
        assert_eq!(tex_exact_decimal(&q("0.002997001"), 6), None);
        assert_eq!(tex_exact_decimal(&Q::frac(1, 3), 6), None);
    }

    #[test]
    fn digits_are_what_to_string_writes() {
        let edges = [
            0,
            7,
            10,
            99,
            1000,
            u64::MAX as u128,
            u64::MAX as u128 + 1,
            u128::MAX,
        ];
        for n in edges {
            assert_eq!(Digits::of(n).as_str(), n.to_string());
        }
        for n in [0, -1, 42, -1000, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_int(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn exact_decimals_from_digits_agree_with_rational_arithmetic() {
        let mut denominators = Vec::new();
        for twos in 0..12 {
            for fives in 0..12 {
                denominators.push(2i64.pow(twos) * 5i64.pow(fives));
            }
        }
        let numerators = (-2500..=2500)
            .chain([
                10_000,
                123_000,
                -4_560_000,
                99_999_999,
                7_000_000_000_000_000,
            ])
            .chain([i64::MAX, i64::MIN + 1]);
        let mut checked = 0;
        for n in numerators {
            for &d in &denominators {
                let q = Q::frac(n, d);
                let Some(exact) = (!q.is_zero()).then(|| ExactDecimal::of(&q)).flatten() else {
                    continue;
                };
                for max_sig in 0..9 {
                    assert_eq!(
                        exact.tex(max_sig),
                        exact_decimal_by_rationals(&q, max_sig),
                        "{q} with {max_sig} digits"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 5_000_000, "{checked}");
    }
}
