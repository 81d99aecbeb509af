//! The expression evaluator for submitted numbers: `-1/2`, `3e-4`, `ln 2`, `sqrt(2)/2`,
//! `1/(1+e^-1)`, `2^-3`, `pi/4`.
//!
//! Grammar (usual precedence, `^` binds tighter than a leading minus and to the right):
//! ```text
//! sum     = product { ("+" | "-") product }
//! product = signed { ("*" | "/" | "×" | "·" | implicit) signed }   implicit: `2 pi`, `2(1+1)`
//! signed  = ("-" | "+") signed | power
//! power   = atom [ "^" signed ]
//! atom    = number | "(" sum ")" | "pi" | "π" | "e" | function atom-or-power
//! function = sqrt | ln | log (natural) | exp
//! ```
//! A function's argument is an atom or a power, so `ln 2`, `sqrt(2)/2` and `exp -1`
//! read as expected. Rational operations stay exact ([`Real::Exact`]); `sqrt` of a non-square,
//! `ln`, `exp`, `pi` and non-integer powers give [`Real::Approx`] (about 45 correct places).

use crate::num::{Q, Real};

/// Pi to 50 places.
const PI: &str = "3.14159265358979323846264338327950288419716939937510";
/// Largest integer exponent evaluated exactly (bigger ones are surely a typo).
const MAX_EXPONENT: i64 = 400;

/// Evaluates `text`, or says why it is not a number.
pub fn eval(text: &str) -> Result<Real, String> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err("empty".into());
    }
    let mut parser = Parser { tokens, at: 0 };
    let value = parser.sum()?;
    match parser.peek() {
        None => Ok(value),
        Some(t) => Err(format!("unexpected `{}`", t.show())),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(Q),
    Name(String),
    Op(char),
}

impl Token {
    fn show(&self) -> String {
        match self {
            Token::Number(q) => q.to_string(),
            Token::Name(n) => n.clone(),
            Token::Op(c) => c.to_string(),
        }
    }
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent only when digits follow: `3e-4`, but `2e` is 2 times e.
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let sign = usize::from(matches!(chars.get(i + 1), Some('+' | '-')));
                if chars.get(i + 1 + sign).is_some_and(char::is_ascii_digit) {
                    i += 1 + sign;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let literal: String = chars[start..i].iter().collect();
            let q = literal
                .parse::<Q>()
                .map_err(|_| format!("`{literal}` is not a number"))?;
            tokens.push(Token::Number(q));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect::<String>().to_lowercase();
            tokens.push(Token::Name(name));
        } else if c == '\\' {
            // LaTeX commands: `\sqrt{2}`, `\ln 2`, `\pi`, `\frac` is not supported.
            i += 1;
        } else if matches!(
            c,
            '+' | '-' | '−' | '*' | '/' | '^' | '(' | ')' | '×' | '·' | '{' | '}'
        ) {
            tokens.push(Token::Op(match c {
                '−' => '-',
                '×' | '·' => '*',
                '{' => '(',
                '}' => ')',
                c => c,
            }));
            i += 1;
        } else {
            return Err(format!("`{c}` is not part of a number or formula"));
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn eat(&mut self, op: char) -> bool {
        if self.peek() == Some(&Token::Op(op)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> Result<Real, String> {
        let mut value = self.product()?;
        loop {
            if self.eat('+') {
                value = &value + &self.product()?;
            } else if self.eat('-') {
                value = &value - &self.product()?;
            } else {
                return Ok(value);
            }
        }
    }

    fn product(&mut self) -> Result<Real, String> {
        let mut value = self.signed()?;
        loop {
            if self.eat('*') {
                value = &value * &self.signed()?;
            } else if self.eat('/') {
                let divisor = self.signed()?;
                value = value
                    .checked_div(&divisor)
                    .ok_or_else(|| "division by zero".to_string())?;
            } else if matches!(self.peek(), Some(Token::Name(_) | Token::Op('('))) {
                value = &value * &self.power()?;
            } else if matches!(self.peek(), Some(Token::Number(_))) {
                return Err("two numbers without an operator between them".into());
            } else {
                return Ok(value);
            }
        }
    }

    fn signed(&mut self) -> Result<Real, String> {
        if self.eat('-') {
            Ok(-&self.signed()?)
        } else if self.eat('+') {
            self.signed()
        } else {
            self.power()
        }
    }

    fn power(&mut self) -> Result<Real, String> {
        let base = self.atom()?;
        if self.eat('^') {
            let exponent = self.signed()?;
            return power(&base, &exponent);
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Real, String> {
        match self.next() {
            Some(Token::Number(q)) => Ok(Real::Exact(q)),
            Some(Token::Op('(')) => {
                let value = self.sum()?;
                if self.eat(')') {
                    Ok(value)
                } else {
                    Err("a `(` is not closed".into())
                }
            }
            Some(Token::Name(name)) => self.named(&name),
            Some(t) => Err(format!("unexpected `{}`", t.show())),
            None => Err("the formula ends too early".into()),
        }
    }

    fn named(&mut self, name: &str) -> Result<Real, String> {
        match name {
            "pi" | "π" => Ok(Real::Approx(PI.parse().expect("pi is a decimal"))),
            "e" => Ok(Real::Exact(Q::one()).exp()),
            "sqrt" => self
                .power()?
                .sqrt()
                .ok_or_else(|| "square root of a negative number".into()),
            "ln" | "log" => self
                .power()?
                .ln()
                .ok_or_else(|| "logarithm of a number that is not above 0".into()),
            "exp" => Ok(self.function_argument()?.exp()),
            "nan" | "inf" | "infinity" => Err(format!("`{name}` is not a finite number")),
            other => Err(format!("`{other}` is not a number, constant or function")),
        }
    }

    /// The argument of `exp`: a power, or a signed one (`exp -1`).
    fn function_argument(&mut self) -> Result<Real, String> {
        if self.eat('-') {
            Ok(-&self.power()?)
        } else {
            self.power()
        }
    }
}

/// `base ^ exponent`: exact for integer exponents of exact bases, else `exp(exponent ln base)`.
fn power(base: &Real, exponent: &Real) -> Result<Real, String> {
    if let (Real::Exact(b), Real::Exact(x)) = (base, exponent) {
        if x.is_integer() {
            let n = x
                .to_i64()
                .filter(|n| n.abs() <= MAX_EXPONENT)
                .ok_or("exponent too large")?;
            let magnitude = b.pow(n.unsigned_abs() as u32);
            return if n >= 0 {
                Ok(Real::Exact(magnitude))
            } else {
                magnitude
                    .recip()
                    .map(Real::Exact)
                    .ok_or_else(|| "division by zero".into())
            };
        }
        if let Some(root) = b.sqrt_exact().filter(|_| *x == Q::frac(1, 2)) {
            return Ok(Real::Exact(root));
        }
    }
    if exponent.value().abs() > Q::int(MAX_EXPONENT) {
        return Err("exponent too large".into());
    }
    // e^x is exp(x) directly (also for the approximate e).
    if *base == Real::Exact(Q::one()).exp() {
        return Ok(exponent.exp());
    }
    let ln = base
        .ln()
        .ok_or_else(|| "a non-integer power of a number that is not above 0".to_string())?;
    Ok((&ln * exponent).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Q {
        text.parse().unwrap()
    }

    fn close(text: &str, expected: f64) {
        let value = eval(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            (value.to_f64() - expected).abs() < 1e-12,
            "{text} = {} not {expected}",
            value.to_f64()
        );
    }

    #[test]
    fn rational_expressions_are_exact() {
        assert_eq!(eval("-1/2"), Ok(Real::Exact(q("-1/2"))));
        assert_eq!(eval("3e-4"), Ok(Real::Exact(q("0.0003"))));
        assert_eq!(eval("2^-3"), Ok(Real::Exact(q("1/8"))));
        assert_eq!(eval("-2^2"), Ok(Real::Exact(q("-4"))));
        assert_eq!(eval("(1 + 2) * 3 / 4"), Ok(Real::Exact(q("9/4"))));
        assert_eq!(eval("2(1+1)"), Ok(Real::Exact(q("4"))));
        assert_eq!(eval("sqrt(9/4)"), Ok(Real::Exact(q("3/2"))));
        assert_eq!(eval("4^(1/2)"), Ok(Real::Exact(q("2"))));
        assert_eq!(eval("ln 1"), Ok(Real::Exact(Q::zero())));
        assert_eq!(eval("0.1 + 0.2"), Ok(Real::Exact(q("3/10"))));
    }

    #[test]
    fn logarithms_roots_and_exponentials_are_close_approximations() {
        close("ln 2", std::f64::consts::LN_2);
        close("log(2)", std::f64::consts::LN_2);
        close("sqrt(2)/2", std::f64::consts::FRAC_1_SQRT_2);
        close("\\sqrt{2}/2", std::f64::consts::FRAC_1_SQRT_2);
        close("1/(1+e^-1)", 1.0 / (1.0 + (-1f64).exp()));
        close("1/(1+exp(-1))", 1.0 / (1.0 + (-1f64).exp()));
        close("exp -1", (-1f64).exp());
        close("pi/4", std::f64::consts::FRAC_PI_4);
        close("2 ln 2", 2.0 * std::f64::consts::LN_2);
        close("-ln(1/2)", std::f64::consts::LN_2);
        close("2^0.5", std::f64::consts::SQRT_2);
        let ln2 = eval("ln 2").unwrap();
        assert!(!ln2.is_exact());
        let error = (ln2.value() - &q("0.693147180559945309417232121458176568")).abs();
        assert!(error < q("1e-35"));
    }

    #[test]
    fn what_is_not_a_number_says_why() {
        for (text, why) in [
            ("1/0", "division by zero"),
            ("nan", "not a finite number"),
            ("sixteen hundred", "is not a number"),
            ("sqrt(-1)", "negative"),
            ("ln 0", "not above 0"),
            ("(1+2", "not closed"),
            ("1 +", "ends too early"),
            ("2 # 3", "not part of a number"),
            ("10^100000", "too large"),
            ("", "empty"),
            ("1 2", "two numbers"),
        ] {
            let err = eval(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
